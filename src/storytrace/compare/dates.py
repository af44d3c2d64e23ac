"""Dates and weekdays across versions: agreement on stated components, reference dates, slots.

A version without a date of its own (no publication date, no dated dateline)
reads its weekdays and year-less dates ("in late January", "on March 4")
against the story's reference date (:func:`reference_dates`).  Dates are
compared on the components both mentions state, so "January" agrees with
"January 2025"; day or month dates of one event that versions state
differently are merged by the anchors of their sentences (drift).  Weekdays
are aligned by the statement they date (:func:`weekday_slots`).
"""

from __future__ import annotations

import bisect
import contextlib
import datetime as dt
import itertools
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence

import regex

from ..facts import ExtractedFact
from ..facts.dates import dateline_span, find_dates, parse_reference_date
from ..facts.entities import sentence_anchors
from ..records import Document
from ..unionfind import UnionFind
from .slots import SLOT_MIN_ANCHORS, Slot, anchor_similarity, sentence_at

__all__ = [
    "date_parts",
    "date_same",
    "dates_agree",
    "merge_dates",
    "merge_partial_dates",
    "reference_dates",
    "weekday_slots",
]


def date_parts(f: ExtractedFact) -> tuple[int | None, int, int | None] | None:
    """(year, month, day) of a day or month date; the year only when the text states it.

    A year that was not written ("in late January", "on March 4") was inferred
    from a reference date, so it is not a component the text knows.
    """
    if f.kind != "date" or f.attrs.get("granularity") not in ("day", "month"):
        return None
    m = regex.fullmatch(r"(\d{4}|-)-(\d\d)(?:-(\d\d))?", str(f.value))
    if m is None:
        return None
    year = int(m.group(1)) if m.group(1) != "-" and f.attrs.get("year_given", True) else None
    return year, int(m.group(2)), int(m.group(3)) if m.group(3) else None


def dates_agree(f: ExtractedFact, g: ExtractedFact) -> bool:
    """Whether two dates agree on the components both state ("--01" agrees with "2025-01").

    >>> jan = ExtractedFact("date", "date:--01", "--01", 0, 7, "January", "a", {"granularity": "month", "year_given": False})
    >>> jan25 = ExtractedFact("date", "date:2025-01", "2025-01", 0, 12, "January 2025", "b", {"granularity": "month", "year_given": True})
    >>> dates_agree(jan, jan25)
    True
    """
    if str(f.value) == str(g.value):
        return True
    pf, pg = date_parts(f), date_parts(g)
    if pf is None or pg is None:
        return False
    return pf[1:] == pg[1:] and (pf[0] is None or pg[0] is None or pf[0] == pg[0])


def date_same(ms: list[ExtractedFact]) -> list[str]:
    """Per mention, the value it agrees with that most mentions state (what decides agreement)."""
    counts = Counter(str(m.value) for m in ms)
    reps: dict[str, ExtractedFact] = {}
    for m in ms:
        # a representative with a stated year, when one exists
        if str(m.value) not in reps or (date_parts(m) or (None,))[0] is not None:
            reps[str(m.value)] = m
    order = sorted(reps, key=lambda v: (-counts[v], (date_parts(reps[v]) or (0,))[0] is None, v))
    return [next((v for v in order if dates_agree(m, reps[v])), str(m.value)) for m in ms]


def merge_partial_dates(groups: dict[str, list[ExtractedFact]]) -> dict[str, list[ExtractedFact]]:
    """Join a group of dates without a year ("--01") to the one dated group it agrees with ("2025-01")."""
    for key in sorted(groups):
        if not key.startswith("date:--") or key not in groups:
            continue
        partial = groups[key][0]
        matches = [k for k in groups if k != key and not k.startswith("date:--") and dates_agree(partial, groups[k][0])]
        if len(matches) == 1:
            groups[matches[0]] = groups[matches[0]] + groups.pop(key)
    return groups


def reference_dates(documents: Sequence[Document]) -> dict[str, dt.date | None]:
    """Each version's reference date for relative dates: its own, else the story's.

    A version's own date is its publication date or a dated dateline.  The
    story's reference date is the earliest own date among its versions
    (versions of one story appear within days of each other).  A version
    with no date of its own whose dateline names a day without a year
    ("Lisbon, March 12 (WNS)") is read against that day, in the year that
    puts it nearest the story's date; any other undated version is read
    against the story's date.  Without any dated version, nothing is
    resolved (and dates are compared on the components they state).
    """
    own = {d.id: parse_reference_date(d.published, d.dateline, d.text, d.language) for d in documents}
    known = [r for r in own.values() if r is not None]
    if not known:
        return own
    story = min(known)
    out: dict[str, dt.date | None] = {}
    for d in documents:
        ref = own[d.id]
        head = dateline_span(d.text, d.dateline) if ref is None else None
        if head is not None:
            for f in find_dates(d.text[head[0]:head[1]], d.language, None):
                m = regex.fullmatch(r"--(\d\d)-(\d\d)", str(f.value)) if f.kind == "date" else None
                if m is None:
                    continue
                days = []
                for year in (story.year - 1, story.year, story.year + 1):
                    with contextlib.suppress(ValueError):  # February 29 of a common year
                        days.append(dt.date(year, int(m.group(1)), int(m.group(2))))
                if days:
                    ref = min(days, key=lambda day: abs((day - story).days))
                    break
        out[d.id] = ref or story
    return out


def merge_dates(groups: dict[str, list[ExtractedFact]], anchors_of) -> dict[str, list[ExtractedFact]]:
    """Join day or month dates of one event that versions state differently (drift)."""
    keys = sorted(groups)
    merged = True
    while merged:
        merged = False
        for ka, kb in itertools.combinations(keys, 2):
            a, b = groups[ka], groups[kb]
            gran_a = {m.attrs.get("granularity") for m in a}
            gran_b = {m.attrs.get("granularity") for m in b}
            if not ((gran_a == gran_b and gran_a <= {"day"}) or gran_a == gran_b == {"month"}):
                continue
            if {m.document for m in a} & {m.document for m in b}:
                continue
            if anchor_similarity(a, b, anchors_of) >= SLOT_MIN_ANCHORS:
                major, minor = (ka, kb) if len(a) >= len(b) else (kb, ka)
                groups[major] = groups[major] + groups.pop(minor)
                keys.remove(minor)
                merged = True
                break
    return groups


def _same_statement(f: ExtractedFact, g: ExtractedFact, sentences_by_doc, aligned) -> bool:
    """Two weekday mentions may be one slot: they agree, or their sentences are aligned."""
    if aligned is None or f.attrs.get("weekday") == g.attrs.get("weekday") or f.value == g.value:
        return True
    sf = sentence_at(sentences_by_doc[f.document], f.start)
    sg = sentence_at(sentences_by_doc[g.document], g.start)
    return sf is not None and sg is not None and aligned(f.document, sf.index, g.document, sg.index)


def _nearest(facts: list[ExtractedFact], pos: int) -> ExtractedFact:
    """The fact starting nearest to ``pos`` (the earlier one on a tie), found by bisection.

    ``facts`` are in text order, so this is ``min(facts, key=distance)``
    without a scan of every fact for every weekday of a long sentence.
    """
    starts = [f.start for f in facts]
    right = bisect.bisect_left(starts, pos)
    candidates = []
    if right > 0:
        left_start = starts[right - 1]
        candidates.append(bisect.bisect_left(starts, left_start))  # the first of equal starts
    if right < len(facts):
        candidates.append(right)
    return facts[min(candidates, key=lambda i: (abs(starts[i] - pos), i))]


def weekday_slots(
    extracted, docs, sentences_by_doc, anchors_of: Callable[[ExtractedFact], frozenset[str]], aligned=None
) -> list[Slot]:
    """Weekday mentions aligned across versions by the anchors of their sentence.

    ``anchors_of`` gives the anchors of the sentence a fact sits in, computed
    once per sentence (the story's cache, shared with the quantity slots).
    ``aligned(doc_a, sentence_a, doc_b, sentence_b)`` (from the story's
    alignments, :class:`storytrace.compare.slots.AlignedSentences`) says
    whether two sentences are one statement: two weekdays that differ are one
    slot (a drift) only when their sentences are aligned, since sharing
    anchors ("South Korea's Foreign Ministry") does not make two statements of
    different days one.

    Per pair of versions, weekday mentions are matched one to one, best
    anchor overlap first (at least 0.45 Jaccard); the matches are joined
    transitively into slots keyed by the speaker (when an English version
    names one) and the commonest anchors.
    """
    items = []
    for doc_id, fs in extracted.items():
        lang = docs[doc_id].language
        sentences = sentences_by_doc[doc_id]
        # attributions by sentence, found once: linear in the text
        said_in: dict[int, list[ExtractedFact]] = {}
        for a in fs:
            if a.kind == "attribution" and a.attrs.get("type") in ("org", "person"):
                holder = sentence_at(sentences, a.start)
                if holder is not None:
                    said_in.setdefault(holder.index, []).append(a)
        for f in fs:
            if f.kind != "weekday":
                continue
            s = sentence_at(sentences, f.start)
            speaker = None
            if s is None:
                keys = sentence_anchors(docs[doc_id].text[max(0, f.start - 150):f.end + 150], lang)
            else:
                keys = anchors_of(f)
                said = said_in.get(s.index)
                if said:
                    speaker = _nearest(said, f.start).value
            items.append((doc_id, f, keys, speaker, lang))
    sets: UnionFind[int] = UnionFind()
    doc_ids = sorted({item[0] for item in items})
    for da, db in itertools.combinations(doc_ids, 2):
        pairs = []
        for i, (d1, _f1, a1, *_) in enumerate(items):
            if d1 != da:
                continue
            for j, (d2, _f2, a2, *_) in enumerate(items):
                if d2 != db or not a1 or not a2:
                    continue
                sim = len(a1 & a2) / len(a1 | a2)
                if sim >= 0.45 and _same_statement(items[i][1], items[j][1], sentences_by_doc, aligned):
                    pairs.append((sim, i, j))
        used_i, used_j = set(), set()
        for _sim, i, j in sorted(pairs, reverse=True):
            if i in used_i or j in used_j:
                continue
            used_i.add(i)
            used_j.add(j)
            sets.union(i, j)
    clusters: dict[int, list[int]] = defaultdict(list)
    for i in range(len(items)):
        clusters[sets.find(i)].append(i)
    slots = []
    for members in clusters.values():
        ms = [items[i][1] for i in members]
        anchors = Counter(a for i in members for a in items[i][2])
        label = ", ".join(a for a, _ in sorted(anchors.items(), key=lambda kv: (-kv[1], kv[0]))[:4])
        speakers = sorted((items[i][0], str(items[i][3])) for i in members if items[i][3] and items[i][4] == "en")
        if speakers:
            label = f"{speakers[0][1]} ({label})"
        slots.append(Slot("weekday", ms, key=f"weekday:{label}"))
    return slots
