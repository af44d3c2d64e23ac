"""Story similarity of pairs of fingerprints: features, scores and shared evidence.

The fingerprint-level API over :mod:`storytrace.group.model`: a few pairs
are put in a small :class:`~storytrace.fingerprint_table.FingerprintTable`
and scored like the candidate pairs of a whole corpus, so one pair scores
exactly as it would inside :func:`~storytrace.group.group_stories`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence

import numpy as np

from ..fingerprint import Fingerprint
from ..fingerprint_table import FingerprintTable, TableArrays
from .model import FEATURES, pair_feature_matrix, score_features

__all__ = ["pair_features", "score_pairs", "score_pairs_rows", "shared_anchors", "similarity"]


def pair_features(a: Fingerprint, b: Fingerprint) -> dict[str, float]:
    """The similarity signals of two fingerprints, each in [0, 1] (see the module docstring)."""
    arrays, left, right = _pairs_table([(a, b)])
    row = pair_feature_matrix(arrays, np.asarray(left), np.asarray(right))[0]
    return dict(zip(FEATURES, row.tolist()))


def _pairs_table(pairs: Sequence[tuple[Fingerprint, Fingerprint]]) -> tuple[TableArrays, list[int], list[int]]:
    """A frozen table of the fingerprints of ``pairs`` and each pair's two rows.

    One row per distinct fingerprint object (a fingerprint in several pairs is
    scored from one row), named by position: two fingerprints that happen to
    share an id are still two documents.
    """
    table = FingerprintTable()
    rows: dict[int, int] = {}

    def row_of(fp: Fingerprint) -> int:
        row = rows.get(id(fp))
        if row is None:
            row = rows[id(fp)] = table.add(dataclasses.replace(fp, id=str(len(rows))))
        return row

    left = [row_of(a) for a, _ in pairs]
    right = [row_of(b) for _, b in pairs]
    return table.freeze(), left, right


def score_pairs(pairs: Sequence[tuple[Fingerprint, Fingerprint]]) -> list[float]:
    """Model-free story similarity of many pairs of fingerprints at once (what :func:`similarity` is for one).

    >>> from storytrace.fingerprint import fingerprint_text
    >>> a = fingerprint_text("Shoigu said 1,000 sappers and 5,000 workers go to Kursk.", lang="en", id="a")
    >>> b = fingerprint_text("Shoigu disse que 1.000 sapadores e 5.000 trabalhadores vão para Kursk.", lang="pt", id="b")
    >>> [round(s, 3) for s in score_pairs([(a, b)])] == [round(similarity(a, b), 3)]
    True
    """
    if not pairs:
        return []
    return score_pairs_rows(*_pairs_table(pairs))


def score_pairs_rows(
    arrays: TableArrays, left: Sequence[int] | np.ndarray, right: Sequence[int] | np.ndarray, batch: int = 4096
) -> list[float]:
    """Model-free story similarity of pairs of table rows, in batches of ``batch`` pairs."""
    left_a = np.asarray(left, dtype=np.int64)
    right_a = np.asarray(right, dtype=np.int64)
    out: list[float] = []
    for start in range(0, len(left_a), batch):
        features = pair_feature_matrix(arrays, left_a[start:start + batch], right_a[start:start + batch])
        out.extend(score_features(features).tolist())
    return out


def similarity(a: Fingerprint, b: Fingerprint) -> float:
    """Model-free story similarity of two fingerprints, in [0, 1], symmetric."""
    return score_pairs([(a, b)])[0]


def shared_anchors(a: Fingerprint, b: Fingerprint, limit: int = 12) -> list[str]:
    """The anchors two fingerprints share, strongest first (ties by name), then their strongest shared words."""
    return _shared_named(a.anchors, a.words, b.anchors, b.words, limit)


def _shared_named(aa: Mapping[str, float], aw: Mapping[str, float], ba: Mapping[str, float], bw: Mapping[str, float],
                  limit: int = 12) -> list[str]:
    shared = sorted((-min(aa[k], ba[k]), k) for k in aa if k in ba)
    out = [k for _, k in shared[:limit]]
    words = sorted((-(aw[k] * bw[k]), k) for k in aw if k in bw)
    out.extend(f"word:{k}" for _, k in words[: max(0, limit - len(out)) or 4])
    return out

