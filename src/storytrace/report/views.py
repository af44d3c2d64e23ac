"""View models shared by every renderer: brief outline, side by side, document view.

The Markdown and HTML reports and the web pages all show the same things, so
the choices (which sentences tell "what happened", which words changed between
two versions, how a removed span is shown) are made once here, over the plain
``storytrace.report/v1`` dicts, and the renderers only lay them out.

Text with highlights is returned as *segments*: ``{"text", "classes", "title"}``
pieces that cover the text exactly once, so a renderer escapes each piece and
wraps the highlighted ones; no renderer ever splices markup into document text.

Why the word diff and anchor matching are by hand: ``difflib`` gives the
matching blocks, but what counts as a changed *number* or a shared *name*
across two languages is specific to news versions (locale digit separators,
number words) and reuses :func:`storytrace.numbers.find_numbers` when present.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter, defaultdict
from pathlib import PurePosixPath
from typing import Any, Iterable, Mapping, Sequence
from urllib.parse import urlsplit

import regex
from unidecode import unidecode

__all__ = [
    "FINDING_TITLES",
    "fact_mentions_by_document",
    "relabel",
    "short_source",
    "sorted_facts",
    "brief_outline",
    "document_view",
    "segments",
    "side_by_side",
    "story_summary",
    "version_labels",
]

# Headings for finding kinds, in the order the brief lists them.  Unknown kinds
# keep their own name (humanised) and come after these.
FINDING_TITLES: dict[str, str] = {
    "drift": "Numbers and facts that drift between versions",
    "conflict": "Conflicting facts",
    "altered_quote": "Altered quotes",
    "quote": "Altered quotes",
    "framing": "Framing",
    "unsupported": "Unsupported claims",
    "unsupported_claim": "Unsupported claims",
    "citation": "Citation problems",
    "bad_citation": "Citation problems",
    "citation_mismatch": "Citation problems",
    "citation_unrelated": "Citation problems",
    "garble": "Garbled text (machine translation or extraction errors)",
    "appended": "Split-off related articles",
    "disclosure": "Disclosures",
    "clutter": "Removed clutter",
}
# Kinds that describe cleaning, not the story; the brief lists them last and briefly.
HOUSEKEEPING = frozenset({"appended", "disclosure", "clutter"})
_KIND_ORDER = {"quantity": 0, "date": 1, "weekday": 1, "quote": 2, "attribution": 3, "citation": 4, "entity": 6}
_ALIGNED = frozenset({"identical", "light_edit", "paraphrase", "translation"})
_WORD = regex.compile(r"[\p{L}\p{N}][\p{L}\p{N}\p{M}'’.,-]*[\p{L}\p{N}]|[\p{L}\p{N}]")
_NAME = regex.compile(r"\b\p{Lu}[\p{L}\p{M}'’-]+(?:[ -]\p{Lu}[\p{L}\p{M}'’-]+)*")
_DIGITS = regex.compile(r"\d[\d.,\u00a0\u202f ]*\d|\d")


# --------------------------------------------------------------------------- labels


def _stem(source: str) -> tuple[str, str]:
    """The readable part of a source path or URL and its ``#fragment``."""
    base, _, fragment = (source or "").partition("#")
    if "://" in base:
        parts = urlsplit(base)
        path = parts.path.rstrip("/")
        name = PurePosixPath(path).name if path else parts.netloc
    else:
        name = PurePosixPath(base.replace("\\", "/")).name
    name = re.sub(r"\.(txt|md|markdown|html?|json|jsonl|xml|warc(\.gz)?|gz)$", "", name, flags=re.I)
    return name, fragment


def short_source(source: str | None) -> str:
    """A source path or URL shortened for a table cell: file name, or host and last path part.

    >>> short_source("/data/in/001_ab.txt#appended-1"), short_source("https://news.example/a/b/story.html")
    ('001_ab.txt#appended-1', 'news.example/…/story.html')
    """
    base, hash_, fragment = (source or "").partition("#")
    if "://" in base:
        parts = urlsplit(base)
        name = PurePosixPath(parts.path).name
        short = f"{parts.netloc}/…/{name}" if name else parts.netloc
    else:
        short = PurePosixPath(base.replace("\\", "/")).name or base
    return short + hash_ + fragment


def version_labels(documents: Iterable[Mapping[str, Any]]) -> dict[str, str]:
    """Short, unique, human labels for versions, keyed by document id.

    The label comes from the source name: its first ``_``/``-`` token when that
    is short and unique ("001_53cf....txt" -> "001"), else the name cut to 24
    characters, else the id.  Split-off documents get ``parent-label#n``.

    Args:
        documents: report document dicts (``id``, ``source``, optional ``parent``).

    Returns:
        ``{document id: label}``.

    Example:
        >>> version_labels([{"id": "d1", "source": "in/001_ab.txt"}, {"id": "d2", "source": "in/002_cd.txt"}])
        {'d1': '001', 'd2': '002'}
    """
    docs = list(documents)
    stems = {d["id"]: _stem(d.get("source") or "") for d in docs}
    firsts = Counter(re.split(r"[_\-\s]", name)[0] for name in {s[0] for s in stems.values() if s[0]})
    labels: dict[str, str] = {}
    for d in docs:
        name, fragment = stems[d["id"]]
        first = re.split(r"[_\-\s]", name)[0] if name else ""
        if first and first != name and len(first) <= 6 and any(c.isdigit() for c in first) and firsts[first] == 1:
            label = first
        elif name:
            label = name if len(name) <= 24 else name[:23] + "…"
        else:
            label = d["id"][:9]
        if fragment:
            label = f"{label}#{fragment[:12]}"
        labels[d["id"]] = label
    seen = Counter(labels.values())
    for doc_id, label in list(labels.items()):
        if seen[label] > 1:
            labels[doc_id] = f"{label}·{doc_id[1:6]}"
    return labels


_DOC_ID = re.compile(r"\bd[0-9a-f]{16}\b")


def relabel(text: str | None, labels: Mapping[str, str]) -> str:
    """Replace document ids inside a detail text by their version labels.

    >>> relabel("not in d0123456789abcdef", {"d0123456789abcdef": "001"})
    'not in 001'
    """
    return _DOC_ID.sub(lambda m: labels.get(m.group(), m.group()), text or "")


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
    for s, e in zip(points, points[1:]):
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
    try:
        from ..numbers import find_numbers
    except ImportError:
        find_numbers = None
    found: list[tuple[int, int, str]] = []
    if find_numbers is not None:
        try:
            for span in find_numbers(text, lang):
                value = getattr(span, "value", None)
                start, end = getattr(span, "start", None), getattr(span, "end", None)
                if start is None or end is None:
                    continue
                if isinstance(value, float) and value.is_integer():
                    value = int(value)
                found.append((start, end, str(value if value is not None else text[start:end])))
            return found
        except Exception:  # a broken number parser must not break a report
            found = []
    for m in _DIGITS.finditer(text):
        raw = m.group()
        digits = re.sub(r"[^\d]", "", raw)
        # "1.000" / "1,000" / "1 000" are thousands; "3.5" / "3,5" is a decimal
        if re.fullmatch(r"\d{1,3}([.,\u00a0\u202f ]\d{3})+", raw):
            value = digits
        else:
            value = raw.replace(",", ".")
        found.append((m.start(), m.end(), value.lstrip("0") or "0"))
    return found


def _fold(word: str) -> str:
    return unidecode(word).lower().strip(".,'’-")


def _names(text: str) -> list[tuple[int, int, str]]:
    """Capitalised words not opening a sentence: a language-neutral stand-in for names."""
    out = []
    for m in _NAME.finditer(text):
        before = text[: m.start()].rstrip()
        if not before or before[-1] in ".!?:\n\"“«'‘—–-":
            # sentence-initial: only a name if it is multiword ("North Korea said")
            if " " not in m.group():
                continue
        for w in regex.finditer(r"[\p{L}\p{M}'’-]+", m.group()):
            if len(w.group()) > 2:
                out.append((m.start() + w.start(), m.start() + w.end(), _fold(w.group())))
    return out


# --------------------------------------------------------------------------- side by side


def _sentence_spans(doc: Mapping[str, Any]) -> list[tuple[int, int]]:
    spans = [tuple(s) for s in doc.get("sentences") or ()]
    if not spans and doc.get("text"):
        spans = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", doc["text"])]
    return spans


def _alignment(story: Mapping[str, Any], a: str, b: str) -> list[dict[str, Any]] | None:
    for al in story.get("alignments") or ():
        if al["a"] == a and al["b"] == b:
            return list(al["pairs"])
        if al["a"] == b and al["b"] == a:
            return [{"a": p["b"], "b": p["a"], "label": _flip(p["label"]), "score": p["score"]} for p in al["pairs"]]
    return None


def _flip(label: str) -> str:
    return {"addition": "omission", "omission": "addition"}.get(label, label)


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
    sa_, sb_ = _sentence_spans(da), _sentence_spans(db)
    pairs = _alignment(story, a, b)
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
                    spans.append((m["start"], m["end"], f"fact-mention status-{_css(fact.get('status') or '')}", f"{fact['kind']} {fact['key']}: {fact.get('status')}"))
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


def _support(fact: Mapping[str, Any]) -> list[str]:
    return list(dict.fromkeys(m["document"] for m in fact.get("mentions") or () if m.get("document")))


def _sentence_support(story: Mapping[str, Any], doc_id: str, index: int) -> set[str]:
    """Versions that carry sentence ``index`` of ``doc_id`` (by alignment)."""
    found = {doc_id}
    for al in story.get("alignments") or ():
        for mine, theirs in (("a", "b"), ("b", "a")):
            if al[mine] != doc_id:
                continue
            for p in al["pairs"]:
                if index in p[mine] and p[theirs] and p["label"] in _ALIGNED:
                    found.add(al[theirs])
    return found


def brief_outline(
    story: Mapping[str, Any], documents: Mapping[str, Mapping[str, Any]], max_sentences: int = 6
) -> dict[str, Any]:
    """What the brief says, as data: agreed facts in a few sentences, then what differs.

    "What happened" is a small set cover: sentences (from any version) are
    picked greedily by how many not-yet-covered agreed facts they state,
    weighted by how many versions support each fact; the lead of the most
    widely supported version opens it.  Each sentence lists its facts with
    their supporting versions (the source chips).

    Args:
        story: a report story dict.
        documents: report document dicts by id.
        max_sentences: at most this many "what happened" sentences.

    Returns:
        ``{"happened": [{"document", "segments", "facts", "versions"}], "agreed": [...],
        "differs": [{"kind", "title", "entries"}]}``.
    """
    doc_ids = [d for d in story.get("documents") or () if d in documents]
    agreed = [f for f in story.get("facts") or () if f.get("status") == "agreed"]
    by_sentence: dict[tuple[str, int], set[str]] = defaultdict(set)
    sents = {d: _sentence_spans(documents[d]) for d in doc_ids}
    for fact in agreed:
        for m in fact.get("mentions") or ():
            d = m.get("document")
            if d not in sents or m.get("start") is None:
                continue
            for i, (s, e) in enumerate(sents[d]):
                if s <= m["start"] < e:
                    by_sentence[(d, i)].add(fact["id"])
    # names say what a story is about, counts, dates and quotes what happened: weigh them more
    weight = {f["id"]: len(_support(f)) * (0.5 if f["kind"] == "entity" else 1.0) for f in agreed}
    # the base version: most agreed facts stated, then most aligned, then order
    coverage = Counter()
    for (d, _), ids in by_sentence.items():
        coverage[d] += len(ids)
    aligned = Counter()
    for al in story.get("alignments") or ():
        n = sum(1 for p in al["pairs"] if p["label"] in _ALIGNED)
        aligned[al["a"]] += n
        aligned[al["b"]] += n
    # the version others derive from tells it best, if it states most of what they agree on
    derived_from = Counter(e.get("source") for e in story.get("lineage") or () if e.get("kind") != "independent")
    top_level = [d for d in doc_ids if not documents[d].get("parent")] or doc_ids
    most = max((coverage[d] for d in top_level), default=0)
    base = (
        max(top_level, key=lambda d: (coverage[d] >= 0.75 * most, derived_from[d], coverage[d], aligned[d], -doc_ids.index(d)))
        if top_level
        else None
    )
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
    facts_by_id = {f["id"]: f for f in agreed}
    happened = []
    for d, i in chosen:
        s, e = sents[d][i]
        text = documents[d]["text"][s:e]
        ids = sorted(
            by_sentence.get((d, i), ()),
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
                "versions": sorted(_sentence_support(story, d, i), key=lambda x: doc_ids.index(x) if x in doc_ids else 99),
                "facts": [
                    {"id": fid, "kind": facts_by_id[fid]["kind"], "value": _fact_value(facts_by_id[fid], d), "versions": _support(facts_by_id[fid])}
                    for fid in shown
                ],
            }
        )
    return {
        "base": base,
        "happened": happened,
        "agreed": [
            {"id": f["id"], "kind": f["kind"], "key": f["key"], "value": _fact_value(f, base), "versions": _support(f)}
            for f in agreed
        ],
        "differs": _differs(story, documents),
    }


def _narrative_position(story: Mapping[str, Any], base: str | None, key: tuple[str, int]) -> tuple[float, int]:
    """Where a chosen sentence goes: its own place in the base version, or the place of its counterpart there."""
    doc, index = key
    if doc == base:
        return (index, 0)
    pairs = _alignment(story, base, doc) if base else None
    for p in pairs or ():
        if index in p["b"] and p["a"]:
            return (min(p["a"]) + 0.5, 1)
    return (1e9, index)


def _is_headline(doc: Mapping[str, Any], span: tuple[int, int]) -> bool:
    text = doc["text"][span[0]:span[1]].strip()
    return bool(text) and text[-1] not in ".!?\"”»'’" and len(text.split()) <= 20


def _first_offset(fact: Mapping[str, Any], doc_id: str) -> int:
    offsets = [m["start"] for m in fact.get("mentions") or () if m.get("document") == doc_id and m.get("start") is not None]
    return min(offsets) if offsets else 0


def _kind_group(kind: str) -> str:
    k = kind.lower()
    if "quote" in k:
        return "altered_quote"
    if "citation" in k or "cite" in k or "reference" in k:
        return "citation"
    if "unsupported" in k:
        return "unsupported"
    if "framing" in k or "frame" in k or "tone" in k:
        return "framing"
    if "drift" in k:
        return "drift"
    return k


def _differs(story: Mapping[str, Any], documents: Mapping[str, Mapping[str, Any]]) -> list[dict[str, Any]]:
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    matched_quotes = any(q.get("label") not in (None, "verbatim", "translated") for q in story.get("quotes") or ())
    drift_words: set[tuple[str, str]] = set()
    for fact in story.get("facts") or ():
        if fact.get("status") not in ("drift", "conflict"):
            continue
        if fact.get("kind") == "quote" and matched_quotes:
            continue  # the altered-quotes list shows them, with the changed words
        drift_words.update((m.get("document"), m.get("text")) for m in fact.get("mentions") or ())
        values: dict[str, dict[str, Any]] = {}
        for m in fact.get("mentions") or ():
            v = values.setdefault(repr(m.get("value")), {"value": m.get("value"), "mentions": []})
            v["mentions"].append(m)
        groups[fact["status"]].append(
            {
                "fact": fact["id"],
                "title": f"{fact['kind']}: {fact['key']}",
                "variants": [
                    {"text": Counter(m.get("text") for m in v["mentions"]).most_common(1)[0][0], "versions": list(dict.fromkeys(m["document"] for m in v["mentions"]))}
                    for v in values.values()
                ],
            }
        )
    quote_spans: set[tuple[str, int]] = set()
    for q in story.get("quotes") or ():
        if q.get("label") in (None, "verbatim", "translated"):
            continue
        groups["altered_quote"].append(
            {
                "label": q["label"],
                "a": {"document": q["a"]["document"], "text": q["a"].get("text"), "speaker": q["a"].get("speaker")},
                "b": {"document": q["b"]["document"], "text": q["b"].get("text"), "speaker": q["b"].get("speaker")},
                "diff": [list(x) for x in q.get("diff") or ()],
                "score": q.get("score"),
            }
        )
        quote_spans.add((q["a"]["document"], q["a"]["start"]))
        quote_spans.add((q["b"]["document"], q["b"]["start"]))
    seen: dict[tuple, dict[str, Any]] = {}
    for f in story.get("findings") or ():
        group = _kind_group(f["kind"])
        if group in ("drift", "conflict") and (f["document"], f.get("text")) in drift_words:
            continue  # the drifting fact is listed with every version's value
        if group == "altered_quote" and any(
            d == f["document"] and f.get("start") is not None and f["start"] <= s < (f.get("end") or 0)
            for d, s in quote_spans
        ):
            continue  # already shown with its diff
        key = (group, f["kind"], f["document"], f.get("text") or "", f.get("detail") or "")
        if key in seen:  # the same finding at several places: shown once, counted
            seen[key]["count"] += 1
            continue
        seen[key] = {
            "kind": f["kind"],
            "document": f["document"],
            "text": f.get("text") or "",
            "detail": f.get("detail") or "",
            "related": list(f.get("related") or ()),
            "start": f.get("start"),
            "count": 1,
        }
        groups[group].append(seen[key])
    order = ["drift", "conflict", "altered_quote", "framing", "unsupported", "citation"]
    kinds = sorted(groups, key=lambda k: (k in HOUSEKEEPING, order.index(k) if k in order else len(order), k))
    return [
        {"kind": k, "title": FINDING_TITLES.get(k, k.replace("_", " ").capitalize()), "entries": groups[k], "housekeeping": k in HOUSEKEEPING}
        for k in kinds
    ]


# --------------------------------------------------------------------------- lists

_STATUS_ORDER = {"conflict": 0, "drift": 1, "agreed": 2, "single": 3}


def sorted_facts(facts: Iterable[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """Facts in reading order: disagreements first, then agreed, then single-version; by kind within.

    >>> [f["id"] for f in sorted_facts([{"id": "a", "status": "single", "kind": "entity"}, {"id": "b", "status": "drift", "kind": "quantity"}])]
    ['b', 'a']
    """
    return sorted(
        facts,
        key=lambda f: (_STATUS_ORDER.get(f.get("status"), 4), _KIND_ORDER.get(f.get("kind"), 5), str(f.get("key"))),
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
    substantive = [f for f in story.get("findings") or () if f.get("kind") not in HOUSEKEEPING]
    return {
        "id": story["id"],
        "title": title or story["id"],
        "versions": len(docs),
        "languages": sorted({d["language"] for d in docs if d.get("language")}),
        "first_published": dates[0] if dates else None,
        "last_published": dates[-1] if dates else None,
        "facts": len(story.get("facts") or ()),
        "agreed_facts": sum(1 for f in story.get("facts") or () if f.get("status") == "agreed"),
        "findings": len(substantive),
    }
