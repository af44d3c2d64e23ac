"""Which versions count as a version's sources, and which pairs lineage relates.

A derived version (copy, edit, translation, ...) is checked against its
lineage sources; with a ``latent:N`` source, the other versions sharing it
count as sources, and a version whose latent source it shares with no one is
checked against the whole story.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Sequence

from ..records import Document, LineageEdge

__all__ = ["lineage_pairs", "support_sets"]

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
