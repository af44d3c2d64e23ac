"""Disjoint sets with deterministic roots, shared by grouping, lineage and comparison.

Small enough to write here rather than depend on a graph library for it.  The
smaller key always becomes the root, so the sets (and their roots) do not
depend on the order of the unions.

>>> uf = UnionFind()
>>> uf.union("d2", "d1"); uf.union("d3", "d2")
>>> uf.find("d3")
'd1'
"""

from __future__ import annotations

from typing import Any, Generic, Protocol, TypeVar

__all__ = ["UnionFind"]


class _Key(Protocol):
    """What a key needs: hashing (a dict key) and ``<`` (the smaller key is the root)."""

    def __hash__(self) -> int: ...
    def __lt__(self, other: Any, /) -> bool: ...


K = TypeVar("K", bound=_Key)


class UnionFind(Generic[K]):
    """Union-find over hashable, mutually comparable keys (path compression)."""

    def __init__(self) -> None:
        self.parent: dict[K, K] = {}

    def find(self, x: K) -> K:
        parent = self.parent
        root = x
        while parent.get(root, root) != root:
            root = parent[root]
        while parent.get(x, x) != root:
            parent[x], x = root, parent[x]
        return root

    def union(self, a: K, b: K) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            if rb < ra:  # the smaller key is the root: deterministic whatever the order
                ra, rb = rb, ra
            self.parent[rb] = ra
