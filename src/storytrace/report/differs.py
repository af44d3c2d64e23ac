"""The brief's "what differs" part: sections of findings, each entry with its confidence.

Split from :mod:`.views` (which re-exports what renderers need): drifting
facts with every version's value, altered quotes oriented from the original
wording to the changed one, and the other findings, deduplicated and counted.
Facts are named by :func:`storytrace.compare.labels.fact_label`, never by
their internal keys.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from ..compare.labels import fact_label
from ..kinds import CLEANING_FINDINGS, FINDING_SECTION, FINDING_SECTIONS, confidence_level

__all__ = ["FINDING_TITLES", "HOUSEKEEPING", "differs", "fact_label_of", "finding_confidence"]

# Headings of the brief's finding sections (kinds.FINDING_SECTION groups the
# kinds into sections; kinds.FINDING_SECTIONS gives their order).  A section
# not named here is titled by its own name, humanised ("Future event").
FINDING_TITLES: Mapping[str, str] = MappingProxyType({
    "drift": "Numbers and facts that drift between versions",
    "conflict": "Conflicting facts",
    "altered_quote": "Altered quotes",
    "framing": "Framing",
    "unsupported": "Unsupported claims (added to the version it derives from)",
    "only_in": "Details only one version reports (the others lack them)",
    "citation": "Citation problems",
    "garble": "Garbled text (machine translation or extraction errors)",
    "appended": "Split-off related articles",
    "disclosure": "Disclosures",
    "clutter": "Removed clutter",
})
# Kinds that describe cleaning, not the story; the brief lists them last and briefly.
HOUSEKEEPING: frozenset[str] = frozenset(CLEANING_FINDINGS)


def _drifting_facts(story: Mapping[str, Any], groups: dict[str, list[dict[str, Any]]]) -> set[tuple[str, str]]:
    """Add each drifting or conflicting fact, with every version's value, to ``groups``.

    Returns the ``(document, text)`` of their mentions, whose findings are
    then not listed again.  A fact's confidence is that of its findings.
    """
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
        conf = max(
            (finding_confidence(f) for f in story.get("findings") or ()
             if f.get("kind") == fact["status"] and (f.get("document"), f.get("text")) in
             {(m.get("document"), m.get("text")) for m in fact.get("mentions") or ()}),
            default=0.5,
        )
        groups[fact["status"]].append(
            {
                "fact": fact["id"],
                "title": fact_label_of(fact),
                "confidence": conf,
                "level": confidence_level(conf),
                "variants": [
                    {"text": Counter(m.get("text") for m in v["mentions"]).most_common(1)[0][0], "versions": list(dict.fromkeys(m["document"] for m in v["mentions"]))}
                    for v in values.values()
                ],
            }
        )
    return drift_words


def differs(story: Mapping[str, Any], documents: Mapping[str, Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The brief's "what differs" sections, each with its entries most confident first.

    Returns:
        ``[{"kind", "title", "entries", "confident", "more", "housekeeping"}]``:
        ``confident`` are the entries whose level is high, ``more`` the rest
        (shown one click away); sections with confident entries come first.
    """
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    drift_words = _drifting_facts(story, groups)
    quote_spans: set[tuple[str, int]] = set()
    for q in story.get("quotes") or ():
        if q.get("label") in (None, "verbatim", "translated"):
            continue
        groups["altered_quote"].append(_oriented_quote(q, story))
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
            "confidence": finding_confidence(f),
            "level": confidence_level(finding_confidence(f)),
        }
        groups[group].append(seen[key])
    kinds = sorted(groups, key=_section_order)
    out = []
    for k in kinds:
        for entry in groups[k]:
            entry.setdefault("level", confidence_level(entry.get("confidence")))
        entries = sorted(groups[k], key=lambda e: -float(e.get("confidence") or 0))
        out.append({
            "kind": k,
            "title": FINDING_TITLES.get(k, k.replace("_", " ").capitalize()),
            "entries": entries,
            "confident": [e for e in entries if e["level"] == "high"],
            "more": [e for e in entries if e["level"] != "high"],
            "housekeeping": k in HOUSEKEEPING,
        })
    # sections with confident findings first, each keeping its place among its peers
    return sorted(out, key=lambda g: (g["housekeeping"], not g["confident"]))


def _oriented_quote(q: Mapping[str, Any], story: Mapping[str, Any]) -> dict[str, Any]:
    """An altered quote pair as the brief shows it: ``a`` the original wording, ``b`` the changed one.

    The match's diff runs from its ``a`` to its ``b``; when the comparison
    found (from lineage) that ``a`` is the version that changed the words, the
    sides swap and so do the diff's removed and added words.
    """
    changed = {
        (f["document"], f.get("start")) for f in story.get("findings") or () if f.get("kind") == "altered_quote"
    }
    a, b, diff = q["a"], q["b"], [list(x) for x in q.get("diff") or ()]
    if (a["document"], a.get("start")) in changed and (b["document"], b.get("start")) not in changed:
        a, b = b, a
        diff = [[{"-": "+", "+": "-"}.get(op, op), words] for op, words in diff]
    finding = next(
        (f for f in story.get("findings") or ()
         if f.get("kind") == "altered_quote" and (f["document"], f.get("start")) == (b["document"], b.get("start"))),
        None,
    )
    return {
        "label": q["label"],
        "a": {"document": a["document"], "text": a.get("text"), "speaker": a.get("speaker")},
        "b": {"document": b["document"], "text": b.get("text"), "speaker": b.get("speaker")},
        "diff": diff,
        "score": q.get("score"),
        "confidence": finding_confidence(finding) if finding else q.get("score"),
    }


def finding_confidence(finding: Mapping[str, Any] | None) -> float:
    """A report finding's confidence (1.0 for reports written before findings carried one)."""
    if not finding:
        return 1.0
    value = finding.get("confidence")
    return 1.0 if value is None else float(value)


def fact_label_of(fact: Mapping[str, Any]) -> str:
    """What a reader calls a report fact (:func:`storytrace.compare.labels.fact_label`), never its key."""
    return fact_label(str(fact.get("kind")), str(fact.get("key")), [m.get("text") or "" for m in fact.get("mentions") or ()])


def _kind_group(kind: str) -> str:
    """The brief's section for a finding kind (a kind of no section is its own)."""
    return FINDING_SECTION.get(kind, kind)  # type: ignore[call-overload]


def _section_order(section: str) -> tuple[bool, int, str]:
    """Sort key of a section: the story's sections, then cleaning's, each in ``FINDING_SECTIONS`` order."""
    order: tuple[str, ...] = FINDING_SECTIONS
    return (section in HOUSEKEEPING, order.index(section) if section in order else len(order), section)
