"""Which versions count as a version's sources, and which pairs lineage relates.

A derived version (copy, edit, translation, ...) is checked against its
lineage sources; with a ``latent:N`` source, the other versions sharing it
count as sources, and a version whose latent source it shares with no one is
checked against the whole story.

What a version holds that its sources lack means different things
(:func:`support_relations`): against a real version it derives from, an
addition to that source (``unsupported_claim``); against siblings of an
unseen common source, or against the rest of the story for an independent
report, a detail only this version reports (``only_in``): the unseen source
or the reporter's own sources may well state it.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..records import Document, LineageEdge

__all__ = ["Support", "lineage_pairs", "support_relations", "support_sets"]

_DERIVED_KINDS = frozenset({"copy", "edit", "paraphrase", "translation", "summary", "rewrite"})


def support_sets(documents: Sequence[Document], lineage: Sequence[LineageEdge]) -> dict[str, set[str]]:
    """For each derived version, the versions that count as its sources."""
    ids = [d.id for d in documents]
    by_source: dict[str, set[str]] = defaultdict(set)
    for e in lineage:
        by_source[e.source].add(e.target)
    out: dict[str, set[str]] = {}
    for e in lineage:
        if e.kind not in _DERIVED_KINDS or e.target not in ids:
            continue
        if e.source.startswith("latent:"):
            support = {t for t in by_source[e.source] if t != e.target and t in ids}
            if not support:
                support = {i for i in ids if i != e.target}
        elif e.source in ids:
            support = {e.source}
        else:
            continue
        if support:
            out.setdefault(e.target, set()).update(support)
    return out


@dataclass
class Support:
    """The versions a version is checked against, and what lacking them means.

    ``derived`` is true when one of them is a real version it derives from
    (what it adds is unsupported); false when they are only siblings of a
    latent source or the other reports of the story (what it adds is a
    single-source detail).  ``kind`` is the lineage kind of its edge.
    """

    ids: set[str] = field(default_factory=set)
    derived: bool = False
    kind: str = "independent"
    confidence: float = 0.0


def support_relations(documents: Sequence[Document], lineage: Sequence[LineageEdge]) -> dict[str, Support]:
    """For every version with a lineage edge, its :class:`Support`.

    Derived from a real version: that version.  From a ``latent:N`` source
    with siblings: the siblings; without siblings: the whole story.
    Independent: the whole story.
    """
    ids = [d.id for d in documents]
    by_source: dict[str, set[str]] = defaultdict(set)
    for e in lineage:
        by_source[e.source].add(e.target)
    out: dict[str, Support] = {}
    for e in lineage:
        if e.target not in ids:
            continue
        sup = out.setdefault(e.target, Support(kind=e.kind, confidence=e.confidence))
        if e.kind == "independent":
            sup.ids |= {i for i in ids if i != e.target}
        elif e.source.startswith("latent:"):
            sup.ids |= {t for t in by_source[e.source] if t != e.target and t in ids} or {i for i in ids if i != e.target}
        elif e.source in ids and e.kind in _DERIVED_KINDS:
            if not sup.derived:
                sup.ids, sup.kind, sup.confidence = set(), e.kind, e.confidence
            sup.ids.add(e.source)
            sup.derived = True
    return {k: v for k, v in out.items() if v.ids}


def lineage_pairs(lineage: Sequence[LineageEdge]) -> set[frozenset[str]]:
    """Pairs of versions related by lineage: source and target, and two targets of one source."""
    pairs: set[frozenset[str]] = set()
    by_source: dict[str, set[str]] = defaultdict(set)
    for e in lineage:
        if e.kind == "independent":
            continue
        by_source[e.source].add(e.target)
        pairs.add(frozenset((e.source, e.target)))
    for targets in by_source.values():
        for a, b in itertools.combinations(sorted(targets), 2):
            pairs.add(frozenset((a, b)))
    return pairs
