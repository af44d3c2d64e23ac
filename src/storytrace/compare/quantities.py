"""Quantity slots: the figures of a story's versions, aligned by value and counted noun.

Figures are grouped by value; two values of one counted noun ("600 soldiers",
"700 soldiers") that no version states together become one slot, which then
drifts.  A value that is the sum of parts one version states together
("5,000 builders and 1,000 deminers") is a total and stays its own slot.
"""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping

import regex

from ..facts import ExtractedFact
from ..records import Document, Finding
from ..text.fold import fold_hyphens as fold
from .consistency import total_findings
from .slots import SLOT_MIN_ANCHORS, Slot, anchor_similarity, format_value

__all__ = ["admits", "parts_groups", "quantity_slots", "split_by_thing"]

_AND = regex.compile(r"^[\s,;:]*(?:and|e|y|et|und|plus|as well as|along with|mais|sowie|,)[\s,]*(?:of\s+|de\s+)?$", regex.IGNORECASE)
_PartSums = dict[float, list[tuple[str, list[ExtractedFact]]]]


def parts_groups(doc_facts: list[ExtractedFact], text: str) -> list[list[ExtractedFact]]:
    """Runs of counted quantities joined by "and" / "," (the parts of a possible total)."""
    qs = [f for f in doc_facts if f.kind == "quantity" and f.attrs.get("unit_kind") == "count" and f.attrs.get("head")]
    groups: list[list[ExtractedFact]] = []
    current: list[ExtractedFact] = []
    for f in qs:
        if current and _AND.match(text[current[-1].end:f.start]) and len(text[current[-1].end:f.start]) < 40:
            current.append(f)
        else:
            if len(current) >= 2:
                groups.append(current)
            current = [f]
    if len(current) >= 2:
        groups.append(current)
    return groups


def admits(approx: str | None, stated: float, exact: float) -> bool:
    """Whether a figure stated with an approximation word admits an exact figure.

    >>> admits("more than", 200, 214), admits(None, 200, 214)
    (True, False)
    """
    if stated == exact:
        return True
    if approx is None:
        return False
    if approx == "about":
        return abs(exact - stated) <= 0.1 * stated
    if approx == "more than" or approx == "at least":
        return stated <= exact <= 2 * stated
    if approx in ("less than", "up to"):
        return 0.5 * stated <= exact <= stated
    if approx == "nearly":
        return 0.85 * stated <= exact <= stated
    return False


def _part_sums(extracted: Mapping[str, list[ExtractedFact]], docs: Mapping[str, Document]) -> tuple[_PartSums, list[Finding]]:
    """Sums of the parts each version states together, and the totals that contradict them."""
    findings: list[Finding] = []
    sums: _PartSums = defaultdict(list)
    for doc_id, fs in extracted.items():
        text = docs[doc_id].text
        for group in parts_groups(fs, text):
            total = sum(f.value for f in group)
            sums[total].append((doc_id, group))
            findings.extend(total_findings(doc_id, fs, text, group, total))
    return sums, findings


def _mergeable(a: Slot, b: Slot, anchors_of: Callable[[ExtractedFact], frozenset[str]] | None) -> bool:
    """Whether two value slots are one counted noun whose values no version states together."""
    if a.total_of or b.total_of:
        return False
    if a.mentions[0].attrs.get("unit_kind") != b.mentions[0].attrs.get("unit_kind"):
        return False
    if not _same_slot_fields(a, b):
        return False
    if {m.document for m in a.mentions} & {m.document for m in b.mentions}:
        return False
    heads_a = {(m.attrs.get("lang"), m.attrs.get("head_stem")) for m in a.mentions if m.attrs.get("head")}
    heads_b = {(m.attrs.get("lang"), m.attrs.get("head_stem")) for m in b.mentions if m.attrs.get("head")}
    if not heads_a & heads_b and not (
        anchors_of is not None and anchor_similarity(a.mentions, b.mentions, anchors_of) >= SLOT_MIN_ANCHORS
    ):
        return False
    va = Counter(m.value for m in a.mentions).most_common(1)[0][0]
    vb = Counter(m.value for m in b.mentions).most_common(1)[0][0]
    return max(va, vb) <= 3 * min(va, vb)


def _same_slot_fields(a: Slot, b: Slot) -> bool:
    """Two figures of different dimensions ("seven weeks", "three months"), scopes (since Monday, season
    total) or stated days are not one thing, whatever noun they share (fields of ``find_quantities``)."""
    for name in ("dimension", "scope", "time"):
        va = {m.attrs.get(name) for m in a.mentions} - {"", None}
        vb = {m.attrs.get(name) for m in b.mentions} - {"", None}
        if va and vb and not va & vb:
            return False
    return True


def _merge_drifting(slots: list[Slot], anchors_of) -> None:
    """Merge, in place, slots of one counted noun whose values no version states together (drift)."""
    merged = True
    while merged:
        merged = False
        for a, b in itertools.combinations(slots, 2):
            if _mergeable(a, b, anchors_of):
                a.mentions.extend(b.mentions)
                slots.remove(b)
                merged = True
                break


def _name_slot(slot: Slot) -> None:
    """Key a slot by its counted nouns (English first), and its parts when it is a total."""
    heads: list[str] = []
    for m in sorted(slot.mentions, key=lambda m: (m.attrs.get("lang") != "en", m.document, m.start)):
        h = m.attrs.get("head") or m.attrs.get("unit_kind")
        if h and fold(h) not in [fold(x) for x in heads]:
            heads.append(h)
    slot.key = "quantity:" + "/".join(heads[:6])
    if slot.total_of:
        slot.key += " (total = " + " + ".join(format_value(v) for v in slot.total_of) + ")"


def _thing(f: ExtractedFact) -> tuple[str | None, str | None] | None:
    """What a figure counts, as compared: its language and the stem of its counted noun."""
    return (f.attrs.get("lang"), f.attrs.get("head_stem")) if f.attrs.get("head") else None


def split_by_thing(ms: list[ExtractedFact], anchors_of) -> list[list[ExtractedFact]]:
    """Mentions of one value split by the thing they count.

    One version stating the same figure for two different nouns ("15,000
    troops" ... "15,000 laborers") shows that the value alone does not make
    them one fact.  Each such mention seeds a group; every other mention joins
    the seed that counts the same noun in its language, else the seed whose
    sentence shares most anchors with its own (no shared anchor: the first
    seed, the figure's commonest reading).  Values no version states for two
    nouns stay one group.
    """
    seeds: list[ExtractedFact] = []
    for doc in sorted({m.document for m in ms}):
        things: dict[tuple, ExtractedFact] = {}
        for m in ms:
            t = _thing(m)
            if m.document == doc and t is not None:
                things.setdefault(t, m)
        if len(things) > 1:
            seeds = list(things.values())
            break
    if not seeds:
        return [ms]
    groups: list[list[ExtractedFact]] = [[s] for s in seeds]
    for m in ms:
        if any(m is s for s in seeds):
            continue
        t = _thing(m)
        same = [i for i, s in enumerate(seeds) if t is not None and _thing(s) == t]
        if same:
            groups[same[0]].append(m)
            continue
        if m.document == seeds[0].document or anchors_of is None:
            groups[0].append(m)
            continue
        mine = anchors_of(m)
        scores = [len(mine & anchors_of(s)) / max(1, len(mine | anchors_of(s))) for s in seeds]
        groups[max(range(len(seeds)), key=lambda i: (scores[i], -i))].append(m)
    return groups


def quantity_slots(
    extracted: Mapping[str, list[ExtractedFact]], docs: Mapping[str, Document], anchors_of=None
) -> tuple[list[Slot], list[Finding]]:
    """The quantity slots of a story, and its ``inconsistent_total`` findings.

    Args:
        extracted: each version's extracted facts, by document id.
        docs: the versions by id.
        anchors_of: the anchors of a fact's sentence; two values whose
            sentences share enough anchors are one slot even without a
            common counted noun.

    Returns:
        ``(slots, findings)``, slots sorted by unit kind and value.
    """
    by_value: dict[tuple[str, float], list[ExtractedFact]] = defaultdict(list)
    for fs in extracted.values():
        for f in fs:
            if f.kind == "quantity" and f.attrs.get("unit_kind") in ("count", "percent", "money"):
                by_value[(f.attrs["unit_kind"], f.value)].append(f)
    # Totals: a value equal to the sum of parts stated together.
    sums, findings = _part_sums(extracted, docs)
    slots: list[Slot] = []
    for (unit_kind, value), value_ms in sorted(by_value.items(), key=lambda kv: (kv[0][0], kv[0][1])):
        for ms in split_by_thing(value_ms, anchors_of):
            slot = Slot("quantity", ms)
            if unit_kind == "count" and value in sums:
                part_values = {f.value for _, g in sums[value] for f in g}
                if value not in part_values:
                    slot.total_of = tuple(sorted(f.value for f in sums[value][0][1]))
            slots.append(slot)
    _merge_drifting(slots, anchors_of)
    for slot in slots:
        _name_slot(slot)
    return slots, findings
