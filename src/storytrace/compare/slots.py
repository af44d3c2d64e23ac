"""The fact table's building blocks: slots, fact ids, statuses, and sentence anchors.

A *slot* gathers the mentions of one thing (a counted group, a dated
statement) across versions; its status says whether the versions agree.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterable
from dataclasses import dataclass

from ..facts import ExtractedFact
from ..kinds import FactStatus
from ..records import Alignment, Mention, content_id

__all__ = [
    "SLOT_MIN_ANCHORS",
    "AlignedSentences",
    "Slot",
    "anchor_similarity",
    "fact_id",
    "format_value",
    "mention_of",
    "merge_name_variants",
    "sentence_at",
    "status_of",
]


@dataclass
class Slot:
    """Mentions of one thing across versions (a counted group, a weekday), with its key.

    ``total_of`` holds the parts when the slot's value is the sum of parts
    some version states together.
    """

    kind: str
    mentions: list[ExtractedFact]
    key: str = ""
    total_of: tuple[float, ...] = ()


def fact_id(kind: str, key: str, mentions: Iterable[Mention]) -> str:
    """The content id of a fact: its kind, key and where each mention sits."""
    blob = kind + "|" + key + "|" + "|".join(f"{m.document}:{m.start}:{m.end}" for m in mentions)
    return content_id(blob, prefix="f")


def mention_of(f: ExtractedFact, value=None) -> Mention:
    """The :class:`Mention` of an extracted fact, with ``value`` when it is not the fact's own."""
    return Mention(f.document, f.text, f.start, f.end, f.value if value is None else value)


def format_value(value) -> str:
    """A value as a finding states it: whole numbers with thousands separators.

    >>> format_value(5000.0), format_value(2.5), format_value("2025-06-18")
    ('5,000', '2.5', '2025-06-18')
    """
    if isinstance(value, float):
        return f"{value:,.0f}" if value == int(value) else f"{value:,}"
    return str(value)


def status_of(values_by_doc: dict[str, set], lineage_pairs: set[frozenset[str]]) -> FactStatus:
    """single, agreed, drift (versions related by lineage disagree) or conflict."""
    docs = list(values_by_doc)
    if len(docs) <= 1:
        return "single"
    all_values = set().union(*values_by_doc.values())
    if len(all_values) <= 1:
        return "agreed"
    for a, b in itertools.combinations(docs, 2):
        if values_by_doc[a] != values_by_doc[b] and frozenset((a, b)) in lineage_pairs:
            return "drift"
    return "conflict"


def sentence_at(sentences, pos: int):
    """The sentence holding offset ``pos``, or None (``sentences`` in text order, as split)."""
    i = bisect.bisect_right(sentences, pos, key=lambda s: s.start) - 1
    if i >= 0 and sentences[i].start <= pos < sentences[i].end:
        return sentences[i]
    return None


def anchor_similarity(a: list[ExtractedFact], b: list[ExtractedFact], anchors_of) -> float:
    """Best Jaccard similarity of the sentence anchors of two groups of mentions."""
    best = 0.0
    for x in a:
        ax = anchors_of(x)
        if len(ax) < 2:
            continue
        for y in b:
            ay = anchors_of(y)
            if len(ay) < 2 or x.document == y.document:
                continue
            best = max(best, len(ax & ay) / len(ax | ay))
    return best


# Two values no version states together are one slot (drift) when their
# sentences share this much of their anchors (entities, places, bodies).
SLOT_MIN_ANCHORS = 0.6


class AlignedSentences:
    """Which sentences of two versions the alignment pairs: ``aligned(a, i, b, j)``.

    Additions and omissions pair nothing.  Built once per story from the
    alignment stage's output.

    >>> from storytrace.records import AlignedPair
    >>> aligned = AlignedSentences([Alignment("x", "y", (AlignedPair((0,), (1,), "paraphrase", 0.8),))])
    >>> aligned("y", 1, "x", 0), aligned("x", 1, "y", 1)
    (True, False)
    """

    def __init__(self, alignments: Iterable[Alignment]):
        self.pairs: set[tuple[str, int, str, int]] = set()
        self.partners: dict[tuple[str, int], set[str]] = {}
        for al in alignments:
            for p in al.pairs:
                if not p.a or not p.b:
                    continue
                for i in p.a:
                    for j in p.b:
                        self.pairs.add((al.a, i, al.b, j))
                        self.pairs.add((al.b, j, al.a, i))
                        self.partners.setdefault((al.a, i), set()).add(al.b)
                        self.partners.setdefault((al.b, j), set()).add(al.a)

    def __call__(self, a: str, i: int, b: str, j: int) -> bool:
        return (a, i, b, j) in self.pairs

    def strength(self, a: str, i: int, b: str, j: int) -> float:
        """1 for aligned sentences, else 0 (the alignment's verdict, used as evidence)."""
        return 1.0 if (a, i, b, j) in self.pairs else 0.0

    def has_counterpart(self, a: str, i: int, others: Iterable[str]) -> bool:
        """Whether sentence ``i`` of ``a`` is aligned to some sentence of one of ``others``."""
        return not self.partners.get((a, i), set()).isdisjoint(others)


def merge_name_variants(groups: dict[str, list[ExtractedFact]], langs: dict[str, str | None]) -> dict[str, list[ExtractedFact]]:
    """Entity or attribution groups whose names are one name in other grammatical cases, merged.

    "Paweł Rajewski" and "Pawłem Rajewskim" have different keys but are one
    person (:func:`storytrace.names.same_name`, in the language of the
    mention).  The merged group keeps the key of its most mentioned member.
    Only groups whose keys share their first two letters are compared, so
    the pass stays near linear.
    """
    from ..names import same_name
    from ..unionfind import UnionFind

    keys = sorted(groups)
    sets: UnionFind[str] = UnionFind()
    by_start: dict[str, list[str]] = {}
    for k in keys:
        by_start.setdefault(k.split(":", 1)[-1][:2], []).append(k)
    for bucket in by_start.values():
        for a, b in itertools.combinations(bucket, 2):
            fa, fb = groups[a][0], groups[b][0]
            lang = langs.get(fa.document) if langs.get(fa.document) == langs.get(fb.document) else None
            if lang and same_name(fa.text, fb.text, lang):
                sets.union(a, b)
    merged: dict[str, list[ExtractedFact]] = {}
    members: dict[str, list[str]] = {}
    for k in keys:
        members.setdefault(sets.find(k), []).append(k)
    for ks in members.values():
        main = max(ks, key=lambda k: (len(groups[k]), -keys.index(k)))
        merged[main] = [m for k in ks for m in groups[k]]
    return merged
