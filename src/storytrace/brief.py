"""What the brief says: which sentences tell "what happened", and which versions carry them.

This is analysis, not presentation: a small set cover over the versions'
sentences, picked by the agreed facts they state and how widely those facts
are supported.  It reads the plain ``storytrace.report/v1`` story and
document dicts (the report is the contract every renderer and the web app
share, and it is all a renderer has when it re-renders a stored report), and
returns positions; :mod:`storytrace.report.views` turns them into text with
highlights and :mod:`storytrace.report.brief` into Markdown.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "ALIGNED_LABELS",
    "BriefSelection",
    "aligned_pairs",
    "fact_versions",
    "ordered_versions",
    "select_brief_sentences",
    "sentence_spans",
    "sentence_versions",
]

#: Alignment labels under which two sentences say the same thing.
ALIGNED_LABELS = frozenset({"identical", "light_edit", "paraphrase", "translation"})


def sentence_spans(doc: Mapping[str, Any]) -> list[tuple[int, int]]:
    """``(start, end)`` of a report document's sentences (its lines when it has none)."""
    spans = [tuple(s) for s in doc.get("sentences") or ()]
    if not spans and doc.get("text"):
        spans = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", doc["text"])]
    return spans


def aligned_pairs(story: Mapping[str, Any], a: str, b: str) -> list[dict[str, Any]] | None:
    """The sentence pairs of the alignment of ``a`` with ``b``, seen from ``a`` (None when not aligned).

    >>> story = {"alignments": [{"a": "x", "b": "y", "pairs": [{"a": [0], "b": [], "label": "omission", "score": 0}]}]}
    >>> aligned_pairs(story, "y", "x")[0]["label"]
    'addition'
    """
    for al in story.get("alignments") or ():
        if al["a"] == a and al["b"] == b:
            return list(al["pairs"])
        if al["a"] == b and al["b"] == a:
            return [{"a": p["b"], "b": p["a"], "label": _flip(p["label"]), "score": p["score"]} for p in al["pairs"]]
    return None


def _flip(label: str) -> str:
    return {"addition": "omission", "omission": "addition"}.get(label, label)


def fact_versions(fact: Mapping[str, Any]) -> list[str]:
    """The versions that state a fact, in mention order."""
    return list(dict.fromkeys(m["document"] for m in fact.get("mentions") or () if m.get("document")))


def sentence_versions(story: Mapping[str, Any], doc_id: str, index: int) -> set[str]:
    """Versions that carry sentence ``index`` of ``doc_id`` (by alignment)."""
    found = {doc_id}
    for al in story.get("alignments") or ():
        for mine, theirs in (("a", "b"), ("b", "a")):
            if al[mine] != doc_id:
                continue
            for p in al["pairs"]:
                if index in p[mine] and p[theirs] and p["label"] in ALIGNED_LABELS:
                    found.add(al[theirs])
    return found


@dataclass
class BriefSelection:
    """The sentences chosen for "what happened".

    Attributes:
        base: the version whose words and order the brief follows (None without versions).
        chosen: ``(document id, sentence index)`` in narrative order.
        agreed: the story's agreed fact dicts.
        spans: each version's sentence spans.
        facts_by_sentence: ids of the agreed facts each sentence states.
    """

    base: str | None
    chosen: list[tuple[str, int]]
    agreed: list[Mapping[str, Any]]
    spans: dict[str, list[tuple[int, int]]]
    facts_by_sentence: dict[tuple[str, int], set[str]] = field(default_factory=dict)


def _facts_by_sentence(agreed, sents) -> dict[tuple[str, int], set[str]]:
    by_sentence: dict[tuple[str, int], set[str]] = defaultdict(set)
    for fact in agreed:
        for m in fact.get("mentions") or ():
            d = m.get("document")
            if d not in sents or m.get("start") is None:
                continue
            for i, (s, e) in enumerate(sents[d]):
                if s <= m["start"] < e:
                    by_sentence[(d, i)].add(fact["id"])
    return by_sentence


def _base_version(story, documents, doc_ids, by_sentence) -> str | None:
    """The version others derive from, if it states most of what they agree on; else the best covered."""
    coverage: Counter = Counter()
    for (d, _), ids in by_sentence.items():
        coverage[d] += len(ids)
    aligned: Counter = Counter()
    for al in story.get("alignments") or ():
        n = sum(1 for p in al["pairs"] if p["label"] in ALIGNED_LABELS)
        aligned[al["a"]] += n
        aligned[al["b"]] += n
    derived_from = Counter(e.get("source") for e in story.get("lineage") or () if e.get("kind") != "independent")
    top_level = [d for d in doc_ids if not documents[d].get("parent")] or doc_ids
    most = max((coverage[d] for d in top_level), default=0)
    if not top_level:
        return None
    return max(top_level, key=lambda d: (coverage[d] >= 0.75 * most, derived_from[d], coverage[d], aligned[d], -doc_ids.index(d)))


def _is_headline(doc: Mapping[str, Any], span: tuple[int, int]) -> bool:
    text = doc["text"][span[0]:span[1]].strip()
    return bool(text) and text[-1] not in ".!?\"”»'’" and len(text.split()) <= 20


def _narrative_position(story: Mapping[str, Any], base: str | None, key: tuple[str, int]) -> tuple[float, int]:
    """Where a chosen sentence goes: its own place in the base version, or the place of its counterpart there."""
    doc, index = key
    if doc == base:
        return (index, 0)
    pairs = aligned_pairs(story, base, doc) if base else None
    for p in pairs or ():
        if index in p["b"] and p["a"]:
            return (min(p["a"]) + 0.5, 1)
    return (1e9, index)


def select_brief_sentences(
    story: Mapping[str, Any], documents: Mapping[str, Mapping[str, Any]], max_sentences: int = 6
) -> BriefSelection:
    """Pick the "what happened" sentences of a story.

    A small set cover: sentences (from any version) are picked greedily by
    how many not-yet-covered agreed facts they state, each weighted by how
    many versions support it (names count half: they say what a story is
    about, counts, dates and quotes what happened); the lead of the base
    version opens it, and the base version's sentences are preferred (one
    voice reads better).

    Args:
        story: a report story dict.
        documents: report document dicts by id.
        max_sentences: at most this many sentences (``report.max_brief_sentences``).

    Returns:
        A :class:`BriefSelection`.

    Example:
        >>> doc = {"id": "d", "text": "40 died.", "sentences": [[0, 8]]}
        >>> fact = {"id": "f", "kind": "quantity", "status": "agreed", "mentions": [{"document": "d", "start": 0}]}
        >>> select_brief_sentences({"documents": ["d"], "facts": [fact]}, {"d": doc}).chosen
        [('d', 0)]
    """
    doc_ids = [d for d in story.get("documents") or () if d in documents]
    agreed = [f for f in story.get("facts") or () if f.get("status") == "agreed"]
    sents = {d: sentence_spans(documents[d]) for d in doc_ids}
    by_sentence = _facts_by_sentence(agreed, sents)
    weight = {f["id"]: len(fact_versions(f)) * (0.5 if f["kind"] == "entity" else 1.0) for f in agreed}
    base = _base_version(story, documents, doc_ids, by_sentence)
    chosen: list[tuple[str, int]] = []
    covered: set[str] = set()
    if base is not None and sents.get(base):
        lead = (base, 0)
        # a one-line headline without facts is a title, not "what happened": take the next line
        if not by_sentence.get(lead) and len(sents[base]) > 1 and _is_headline(documents[base], sents[base][0]):
            lead = (base, 1)
        chosen.append(lead)
        covered |= by_sentence.get(lead, set())
    while len(chosen) < max_sentences:
        best, gain = None, 0.0
        for key, ids in by_sentence.items():
            if key in chosen:
                continue
            g = sum(weight[i] for i in ids - covered)
            if key[0] == base:  # one voice reads better: the base version's words unless another's say much more
                g = g * 1.5 + 0.5
            if g > gain + 1e-9 or (best is not None and abs(g - gain) < 1e-9 and key < best):
                best, gain = key, g
        if best is None or not (by_sentence[best] - covered):
            break
        chosen.append(best)
        covered |= by_sentence[best]
    chosen.sort(key=lambda k: _narrative_position(story, base, k))
    return BriefSelection(base, chosen, agreed, sents, dict(by_sentence))


def ordered_versions(versions: Iterable[str], doc_ids: Sequence[str]) -> list[str]:
    """Versions in the story's order (unknown ones last)."""
    return sorted(versions, key=lambda x: doc_ids.index(x) if x in doc_ids else 99)
