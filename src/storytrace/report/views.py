"""View models shared by every renderer: brief outline, side by side, document view.

The Markdown and HTML reports and the web pages all show the same things, so
the choices of presentation (which words changed between two versions, how a
removed span is shown, how the findings are grouped) are made once here, over
the plain ``storytrace.report/v1`` dicts, and the renderers only lay them out.
Which sentences tell "what happened" is analysis, made in
:mod:`storytrace.brief`; version labels come from :mod:`.labels` (re-exported
here for the renderers and the web app).

Text with highlights is returned as *segments*: ``{"text", "classes", "title"}``
pieces that cover the text exactly once, so a renderer escapes each piece and
wraps the highlighted ones; no renderer ever splices markup into document text.

Why the word diff and anchor matching are by hand: ``difflib`` gives the
matching blocks, but what counts as a changed *number* or a shared *name*
across two languages is specific to news versions (locale digit separators,
number words) and reuses :func:`storytrace.numbers.find_numbers`.
"""

from __future__ import annotations

import difflib
import itertools
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import regex

from ..brief import (
    aligned_pairs,
    fact_versions,
    ordered_versions,
    select_brief_sentences,
    sentence_spans,
    sentence_versions,
)
from ..kinds import count_findings
from ..numbers import find_numbers
from ..text.fold import fold
from .differs import FINDING_TITLES, differs, fact_label_of, finding_confidence
from .labels import relabel, short_source, version_labels

__all__ = [
    "FINDING_TITLES",
    "brief_outline",
    "document_view",
    "fact_label_of",
    "fact_mentions_by_document",
    "failure_line",
    "finding_confidence",
    "relabel",
    "segments",
    "short_source",
    "side_by_side",
    "sorted_facts",
    "story_summary",
    "version_labels",
]

_KIND_ORDER = {"quantity": 0, "date": 1, "weekday": 1, "quote": 2, "attribution": 3, "citation": 4, "entity": 6}
_WORD = regex.compile(r"[\p{L}\p{N}][\p{L}\p{N}\p{M}'’.,-]*[\p{L}\p{N}]|[\p{L}\p{N}]")
_NAME = regex.compile(r"\b\p{Lu}[\p{L}\p{M}'’-]+(?:[ -]\p{Lu}[\p{L}\p{M}'’-]+)*")


# --------------------------------------------------------------------------- segments


def segments(text: str, spans: Iterable[Sequence[Any]], offset: int = 0) -> list[dict[str, Any]]:
    """Cut ``text`` into pieces, each with the classes of the spans covering it.

    Args:
        text: the text shown (a slice of a document, or all of it).
        spans: ``(start, end, css_class, title)`` with offsets in the document;
            overlapping spans combine their classes.
        offset: document offset of ``text[0]``.

    Returns:
        A list of ``{"text", "classes", "title"}`` covering ``text`` in order.

    Example:
        >>> [s["classes"] for s in segments("a 5 b", [(2, 3, "num", None)])]
        [[], ['num'], []]
    """
    cuts = {0, len(text)}
    clipped = []
    for start, end, cls, title in spans:
        if start is None or end is None:
            continue
        s, e = max(start - offset, 0), min(end - offset, len(text))
        if s < e:
            clipped.append((s, e, cls, title))
            cuts.update((s, e))
    points = sorted(cuts)
    out: list[dict[str, Any]] = []
    for s, e in itertools.pairwise(points):
        covering = [c for c in clipped if c[0] <= s and c[1] >= e]
        classes = sorted({c[2] for c in covering})
        titles = [c[3] for c in covering if c[3]]
        piece = {"text": text[s:e], "classes": classes, "title": " · ".join(dict.fromkeys(titles)) or None}
        if out and out[-1]["classes"] == classes and out[-1]["title"] == piece["title"]:
            out[-1]["text"] += piece["text"]
        else:
            out.append(piece)
    return out


# --------------------------------------------------------------------------- numbers & names


def _numbers(text: str, lang: str | None) -> list[tuple[int, int, str]]:
    """``(start, end, normalised value)`` of the numbers in ``text``."""
    found: list[tuple[int, int, str]] = []
    for span in find_numbers(text, lang):
        value = span.value
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        found.append((span.start, span.end, str(value)))
    return found


def _fold(word: str) -> str:
    """A name word as compared: :func:`storytrace.text.fold.fold`, edge punctuation stripped."""
    return fold(word).strip(".,'’-")


def _names(text: str) -> list[tuple[int, int, str]]:
    """Capitalised words not opening a sentence: a language-neutral stand-in for names."""
    out = []
    for m in _NAME.finditer(text):
        before = text[: m.start()].rstrip()
        # sentence-initial: only a name if it is multiword ("North Korea said")
        if (not before or before[-1] in ".!?:\n\"“«'‘—–-") and " " not in m.group():
            continue
        for w in regex.finditer(r"[\p{L}\p{M}'’-]+", m.group()):
            if len(w.group()) > 2:
                out.append((m.start() + w.start(), m.start() + w.end(), _fold(w.group())))
    return out


# --------------------------------------------------------------------------- side by side


def _range(doc: Mapping[str, Any], sents: list[tuple[int, int]], idx: Sequence[int]) -> tuple[int, int] | None:
    idx = [i for i in idx if 0 <= i < len(sents)]
    if not idx:
        return None
    return sents[min(idx)][0], sents[max(idx)][1]


def _word_diff(ta: str, tb: str, oa: int, ob: int) -> tuple[list, list]:
    """Spans of words only in ``ta`` ("del") and only in ``tb`` ("ins")."""
    wa = [(m.start() + oa, m.end() + oa, _fold(m.group())) for m in _WORD.finditer(ta)]
    wb = [(m.start() + ob, m.end() + ob, _fold(m.group())) for m in _WORD.finditer(tb)]
    sm = difflib.SequenceMatcher(a=[w[2] for w in wa], b=[w[2] for w in wb], autojunk=False)
    sa, sb = [], []
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "equal":
            continue
        if i2 > i1:
            sa.append((wa[i1][0], wa[i2 - 1][1], "del", "only in this version"))
        if j2 > j1:
            sb.append((wb[j1][0], wb[j2 - 1][1], "ins", "only in this version"))
    return sa, sb


def _anchor_spans(ta: str, tb: str, oa: int, ob: int, la: str | None, lb: str | None, cross: bool):
    """Numbers (and across languages, names) marked as shared or changed."""
    na, nb = _numbers(ta, la), _numbers(tb, lb)
    va, vb = {v for *_, v in na}, {v for *_, v in nb}

    def mark(s: int, e: int, v: str, other: set[str], text: str, off: int) -> tuple | None:
        if v in other:
            return (s + off, e + off, "num", "number in both")
        words = text[s:e]
        if not any(ch.isdigit() for ch in words) and not regex.search(r"[\s\-]", words.strip()):
            return None  # one number word ("thousands", "dozens", "milhares"): too vague to call a change
        return (s + off, e + off, "num-changed", "number not in the other version")

    sa = [m for s, e, v in na if (m := mark(s, e, v, vb, ta, oa))]
    sb = [m for s, e, v in nb if (m := mark(s, e, v, va, tb, ob))]
    if cross:
        ma, mb = _names(ta), _names(tb)
        fa, fb = {v for *_, v in ma}, {v for *_, v in mb}
        sa += [(s + oa, e + oa, "anchor", "name in both versions") for s, e, v in ma if v in fb]
        sb += [(s + ob, e + ob, "anchor", "name in both versions") for s, e, v in mb if v in fa]
    return sa, sb


def _quote_spans(story: Mapping[str, Any], doc_id: str, other: str) -> list[tuple]:
    spans = []
    for q in story.get("quotes") or ():
        if q.get("label") in (None, "verbatim", "translated"):
            continue
        for mine, theirs in (("a", "b"), ("b", "a")):
            if q[mine]["document"] == doc_id and q[theirs]["document"] == other:
                title = f"{q['label']} quote; other version: “{q[theirs].get('text', '')}”"
                spans.append((q[mine]["start"], q[mine]["end"], "quote-altered", title))
    return spans


def side_by_side(
    story: Mapping[str, Any], documents: Mapping[str, Mapping[str, Any]], a: str, b: str
) -> dict[str, Any]:
    """Aligned sentence rows of two versions with their differences marked.

    Same-language pairs mark changed words (``del``/``ins``) and changed
    numbers (``num-changed``); cross-language pairs mark anchors: numbers and
    names found in both (``num``/``anchor``) or only in one (``num-changed``).
    Altered or truncated quotes are marked ``quote-altered`` in both.

    Args:
        story: a report story dict (``alignments``, ``quotes``).
        documents: report document dicts by id (``text``, ``sentences``, ``language``).
        a: left document id.
        b: right document id.

    Returns:
        ``{"a", "b", "cross_language", "rows": [{"label", "score", "a": segments, "b": segments}]}``.

    Example:
        >>> docs = {"x": {"id": "x", "text": "5 died.", "sentences": [[0, 7]], "language": "en"},
        ...         "y": {"id": "y", "text": "6 died.", "sentences": [[0, 7]], "language": "en"}}
        >>> story = {"alignments": [{"a": "x", "b": "y", "pairs": [{"a": [0], "b": [0], "label": "light_edit", "score": .9}]}]}
        >>> side_by_side(story, docs, "x", "y")["rows"][0]["a"][0]["classes"]
        ['del', 'num-changed']
    """
    da, db = documents[a], documents[b]
    sa_, sb_ = sentence_spans(da), sentence_spans(db)
    pairs = aligned_pairs(story, a, b)
    if pairs is None:  # no stored alignment: show both versions unpaired, in order
        pairs = [{"a": [i], "b": [], "label": "omission", "score": 0.0} for i in range(len(sa_))]
        pairs += [{"a": [], "b": [j], "label": "addition", "score": 0.0} for j in range(len(sb_))]
    labels = Counter(p["label"] for p in pairs)
    la, lb = da.get("language"), db.get("language")
    cross = bool(la and lb and la != lb) or labels["translation"] > max(labels["identical"], labels["light_edit"])
    qa, qb = _quote_spans(story, a, b), _quote_spans(story, b, a)
    rows = []
    for p in pairs:
        ra, rb = _range(da, sa_, p["a"]), _range(db, sb_, p["b"])
        ta = da["text"][ra[0]:ra[1]] if ra else ""
        tb = db["text"][rb[0]:rb[1]] if rb else ""
        spans_a: list[tuple] = []
        spans_b: list[tuple] = []
        if ra and rb:
            if not cross and p["label"] != "identical":
                wa, wb = _word_diff(ta, tb, ra[0], rb[0])
                spans_a += wa
                spans_b += wb
            na, nb = _anchor_spans(ta, tb, ra[0], rb[0], la, lb, cross)
            spans_a += [s for s in na if cross or s[2] == "num-changed"]
            spans_b += [s for s in nb if cross or s[2] == "num-changed"]
        rows.append(
            {
                "label": p["label"],
                "score": p.get("score"),
                "a": segments(ta, spans_a + qa, ra[0]) if ra else [],
                "b": segments(tb, spans_b + qb, rb[0]) if rb else [],
            }
        )
    return {"a": a, "b": b, "cross_language": cross, "rows": rows}


# --------------------------------------------------------------------------- document view


def document_view(doc: Mapping[str, Any], story: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The clean text with the story's findings marked, and what cleaning removed.

    Args:
        doc: a report document dict.
        story: the story it belongs to (for findings and fact mentions), if any.

    Returns:
        ``{"segments", "findings", "removed": [{"kind", "reason", "text", "child", "collapsed"}]}``;
        ``collapsed`` is true for appended articles and long spans (shown folded),
        the rest is shown struck through.

    Example:
        >>> v = document_view({"id": "d", "text": "Hello.", "removed": [{"kind": "clutter", "text": "Share", "reason": "share line", "child": None}]})
        >>> v["removed"][0]["collapsed"]
        False
    """
    spans = []
    findings = []
    if story:
        for f in story.get("findings") or ():
            if f.get("document") != doc["id"]:
                continue
            findings.append(f)
            if f.get("start") is not None:
                spans.append((f["start"], f["end"], f"finding finding-{_css(f['kind'])}", f"{f['kind']}: {f.get('detail') or ''}"))
        for fact in story.get("facts") or ():
            for m in fact.get("mentions") or ():
                if m.get("document") == doc["id"] and m.get("start") is not None:
                    spans.append((m["start"], m["end"], f"fact-mention status-{_css(fact.get('status') or '')}", f"{fact_label_of(fact)}: {fact.get('status')}"))
    removed = [
        {
            "kind": r.get("kind"),
            "reason": r.get("reason"),
            "text": r.get("text") or "",
            "child": r.get("child"),
            "collapsed": r.get("kind") == "appended" or len(r.get("text") or "") > 400,
        }
        for r in doc.get("removed") or ()
    ]
    return {"segments": segments(doc.get("text") or "", spans), "findings": findings, "removed": removed}


def _css(name: str) -> str:
    return re.sub(r"[^a-z0-9_-]", "-", str(name).lower())


# --------------------------------------------------------------------------- brief


def _fact_value(fact: Mapping[str, Any], prefer: str | None = None) -> str:
    """How a fact reads in the brief: the words of ``prefer``'s mention, else the most common ones."""
    for m in fact.get("mentions") or ():
        if prefer and m.get("document") == prefer and m.get("text"):
            return m["text"]
    texts = Counter(m.get("text") for m in fact.get("mentions") or () if m.get("text"))
    if texts:
        return texts.most_common(1)[0][0]
    value = fact.get("value")
    return str(value) if value is not None else str(fact.get("key"))


def brief_outline(
    story: Mapping[str, Any], documents: Mapping[str, Mapping[str, Any]], max_sentences: int = 6
) -> dict[str, Any]:
    """What the brief shows, as data: agreed facts in a few sentences, then what differs.

    The sentences are chosen by :func:`storytrace.brief.select_brief_sentences`;
    each is shown with its facts marked and their supporting versions (the
    source chips).

    Args:
        story: a report story dict.
        documents: report document dicts by id.
        max_sentences: at most this many "what happened" sentences.

    Returns:
        ``{"base", "happened": [{"document", "text", "segments", "facts", "versions"}], "agreed": [...],
        "differs": [{"kind", "title", "entries", "housekeeping"}]}``.
    """
    doc_ids = [d for d in story.get("documents") or () if d in documents]
    selection = select_brief_sentences(story, documents, max_sentences)
    facts_by_id = {f["id"]: f for f in selection.agreed}
    happened = []
    for d, i in selection.chosen:
        s, e = selection.spans[d][i]
        text = documents[d]["text"][s:e]
        ids = sorted(
            selection.facts_by_sentence.get((d, i), ()),
            key=lambda fid: (_KIND_ORDER.get(facts_by_id[fid]["kind"], 5), _first_offset(facts_by_id[fid], d)),
        )
        # names are context, not news: the sentence's own version chips cover them
        shown = [fid for fid in ids if facts_by_id[fid]["kind"] != "entity"]
        spans = [
            (m["start"], m["end"], "fact-value", None)
            for fid in shown
            for m in facts_by_id[fid]["mentions"]
            if m.get("document") == d and m.get("start") is not None
        ]
        happened.append(
            {
                "document": d,
                "text": text,
                "segments": segments(text, spans, s),
                "versions": ordered_versions(sentence_versions(story, d, i), doc_ids),
                "facts": [
                    {"id": fid, "kind": facts_by_id[fid]["kind"], "value": _fact_value(facts_by_id[fid], d), "versions": fact_versions(facts_by_id[fid])}
                    for fid in shown
                ],
            }
        )
    return {
        "base": selection.base,
        "happened": happened,
        "agreed": [
            {"id": f["id"], "kind": f["kind"], "key": f["key"], "value": _fact_value(f, selection.base), "versions": fact_versions(f)}
            for f in selection.agreed
        ],
        "differs": differs(story, documents),
    }


def _first_offset(fact: Mapping[str, Any], doc_id: str) -> int:
    offsets = [m["start"] for m in fact.get("mentions") or () if m.get("document") == doc_id and m.get("start") is not None]
    return min(offsets) if offsets else 0


# --------------------------------------------------------------------------- lists

_STATUS_ORDER = {"conflict": 0, "drift": 1, "agreed": 2, "single": 3}


def sorted_facts(facts: Iterable[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """Facts in reading order: disagreements first, then agreed, then single-version; by kind within.

    >>> [f["id"] for f in sorted_facts([{"id": "a", "status": "single", "kind": "entity"}, {"id": "b", "status": "drift", "kind": "quantity"}])]
    ['b', 'a']
    """
    return sorted(
        facts,
        key=lambda f: (_STATUS_ORDER.get(str(f.get("status")), 4), _KIND_ORDER.get(str(f.get("kind")), 5), str(f.get("key"))),
    )


def fact_mentions_by_document(fact: Mapping[str, Any]) -> dict[str, list[str]]:
    """The distinct words each version uses for a fact.

    >>> fact_mentions_by_document({"mentions": [{"document": "a", "text": "40"}, {"document": "a", "text": "40"}]})
    {'a': ['40']}
    """
    out: dict[str, list[str]] = {}
    for m in fact.get("mentions") or ():
        texts = out.setdefault(m.get("document"), [])
        if m.get("text") and m["text"] not in texts:
            texts.append(m["text"])
    return out


def story_summary(story: Mapping[str, Any], documents: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    """One row of the story list: title, versions, languages, dates, counts.

    Example:
        >>> story_summary({"id": "s", "documents": ["d"], "findings": [], "facts": []},
        ...               {"d": {"id": "d", "title": "T", "language": "en", "published": "2025-06-18"}})["languages"]
        ['en']
    """
    docs = [documents[d] for d in story.get("documents") or () if d in documents]
    dates = sorted(d["published"] for d in docs if d.get("published"))
    title = story.get("title") or next((d.get("title") for d in docs if d.get("title")), None)
    counts = count_findings(story.get("findings") or ())
    return {
        "id": story["id"],
        "title": title or story["id"],
        "versions": len(docs),
        "languages": sorted({d["language"] for d in docs if d.get("language")}),
        "first_published": dates[0] if dates else None,
        "last_published": dates[-1] if dates else None,
        "facts": len(story.get("facts") or ()),
        "agreed_facts": sum(1 for f in story.get("facts") or () if f.get("status") == "agreed"),
        "findings": counts["total"],
        "confident_findings": counts["confident"],
        "failure": failure_line(story),
    }


def failure_line(story: Mapping[str, Any]) -> str | None:
    """``analysis failed (stage facts): LookupError: ...`` for a story whose analysis raised, else None.

    >>> failure_line({"failure": {"stage": "facts", "error": "LookupError", "message": "no wordlist"}})
    'analysis failed (stage facts): LookupError: no wordlist'
    """
    failure = story.get("failure")
    if not failure:
        return None
    message = f": {failure['message']}" if failure.get("message") else ""
    return f"analysis failed (stage {failure.get('stage')}): {failure.get('error')}{message}"
