"""The story similarity model: pair features of fingerprints and the fitted scorer.

Similarity compares two fingerprints (:mod:`storytrace.fingerprint`) on
signals that survive paraphrase and translation (:data:`FEATURES`, each in
[0, 1]):

* cosines of IDF-weighted stemmed content words, of the lead's words, of
  neighbouring word pairs (strong within a language);
* cosine of character 4-grams of rare words and the share of rare words with
  a near-identical spelling in the other text (cognates and names across
  languages: "infraestrutura" ~ "infrastructure", "Schoigu" ~ "Shoigu");
* weighted overlap of language-neutral anchors (numbers, dates, places,
  names) and the number of shared numbers, dates, places and names;
* cosine of the titles' stemmed words (the first line: a headline says
  what happened in few words);
* cosine of character 3-grams of all transliterated content words (shared
  roots across languages and scripts, inflections within one), also kept
  apart for pairs in two languages.

They are combined by a fixed model: square roots of the features and their
pairwise products (:func:`expand_features`), weighted by ridge regression on
the similarity ratings of SemEval-2022 Task 8.  The bias and weights are
package data, ``storytrace/models/group-v1.json``, read once at import
(``bench/semeval.py --fit --write`` refits, reports the cross-validated
figures and writes that file).  A model rather than hand weights because the
signals interact: shared names mean more when the words agree too, cognates
only matter across languages.  The score reads on SemEval's scale: 1 same
story, about 0.67 "somewhat similar", 0 unrelated; texts sharing most of
their weighted vocabulary score 1 whatever the model says (it saw few such
pairs).  Known weakness: texts of one or two sentences are shorter than
anything the model was fitted on and score low even when they agree.

Features are computed for thousands of pairs at once from a
:class:`~storytrace.fingerprint_table.TableArrays` (:func:`pair_feature_matrix`)
and scored row by row (:func:`score_features`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from rapidfuzz import fuzz
from rapidfuzz.process import cdist

from ..fingerprint_table import ANCHOR_KINDS, MAPS, TableArrays
from ..models import load_model

__all__ = ["FEATURES", "MODEL_BIAS", "MODEL_WEIGHTS", "expand_features", "pair_feature_matrix", "score_features"]

FEATURES = (
    "words_cos",
    "grams_cos",
    "anchor_cos",
    "anchor_overlap",
    "numbers",
    "dates",
    "places",
    "names",
    "cross_words",
    "cross_grams",
    "lead_cos",
    "pairs_cos",
    "lead_full",
    "names_jaccard",
    "short",
    "length_ratio",
    "cognates",
    "headline_cos",
    "chars_cos",
    "cross_chars",
)
_COGNATE_CUTOFF = 80.0
_DUPLICATE_FROM, _DUPLICATE_AT = 0.5, 0.9

#: The shipped model (see :mod:`storytrace.models`), read once: square roots
#: of the features and all their pairwise products, weighted by ridge
#: regression on SemEval-2022 Task 8 ((4 - Overall) / 3).
MODEL = load_model("group-v1")
MODEL_BIAS: float = float(MODEL["bias"])
MODEL_WEIGHTS: tuple[float, ...] = tuple(float(w) for w in MODEL["weights"])


def expand_features(features: Sequence[float]) -> list[float]:
    """The model's inputs: square roots of the features, then their pairwise products (i <= j)."""
    roots = [math.sqrt(f) if f > 0.0 else 0.0 for f in features]
    out = list(roots)
    for i, ri in enumerate(roots):
        out.extend([ri * rj for rj in roots[i:]])
    return out


def _saturate(n: np.ndarray, scale: float) -> np.ndarray:
    return 1.0 - np.exp(-n / scale)


def _cognates(a: tuple[str, ...], b: tuple[str, ...]) -> float:
    """Share of rare words of each text that have a near-identical spelling in the other.

    Catches cognates and transliterations that n-gram profiles blur:
    "infraestrutura"/"infrastructure", "Schoigu"/"Shoigu".
    """
    if not a or not b:
        return 0.0
    hit = cdist(a, b, scorer=fuzz.ratio, score_cutoff=_COGNATE_CUTOFF, workers=1, dtype=np.uint8) > 0
    return (np.count_nonzero(hit.any(axis=1)) / len(a) + np.count_nonzero(hit.any(axis=0)) / len(b)) / 2.0


def _rowdot(a, b) -> np.ndarray:
    """Dot product of row k of ``a`` with row k of ``b``, for every k (sparse rows with sorted columns)."""
    return np.asarray(a.multiply(b).sum(axis=1), dtype=np.float64).ravel()


def _ratio(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    out = np.zeros_like(num)
    np.divide(num, den, out=out, where=den > 0)
    return out


def pair_feature_matrix(arrays: TableArrays, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """The similarity signals (:data:`FEATURES`, each in [0, 1]) of many pairs of table rows at once.

    Args:
        arrays: a frozen :class:`~storytrace.fingerprint_table.FingerprintTable`'s arrays.
        left, right: row numbers; pair k is ``(left[k], right[k])``.

    Returns:
        A float array of shape ``(len(left), len(FEATURES))``.
    """
    left = np.asarray(left, dtype=np.int64)
    right = np.asarray(right, dtype=np.int64)
    n = len(left)
    out = np.zeros((n, len(FEATURES)))
    if n == 0:
        return out
    rows = {name: (arrays.matrix(name)[left], arrays.matrix(name)[right]) for name in MAPS}
    column = {name: k for k, name in enumerate(FEATURES)}
    for feature, name in (("words_cos", "words"), ("grams_cos", "grams"), ("lead_cos", "lead"),
                          ("pairs_cos", "pairs"), ("headline_cos", "headline"), ("chars_cos", "chars")):
        out[:, column[feature]] = _rowdot(*rows[name])
    (lead_l, lead_r), (words_l, words_r) = rows["lead"], rows["words"]
    out[:, column["lead_full"]] = (_rowdot(lead_l, words_r) + _rowdot(lead_r, words_l)) / 2.0

    anchors_l, anchors_r = rows["anchors"]
    shared = anchors_l.multiply(anchors_r).tocsr()
    norm_l = np.sqrt(_rowdot(anchors_l, anchors_l))
    norm_r = np.sqrt(_rowdot(anchors_r, anchors_r))
    out[:, column["anchor_cos"]] = _ratio(np.asarray(shared.sum(axis=1)).ravel(), norm_l * norm_r)
    total_l = np.asarray(anchors_l.sum(axis=1)).ravel()
    total_r = np.asarray(anchors_r.sum(axis=1)).ravel()
    overlap = np.asarray(anchors_l.minimum(anchors_r).sum(axis=1)).ravel()
    out[:, column["anchor_overlap"]] = _ratio(overlap, np.minimum(total_l, total_r))
    # shared anchors of each kind: count the entries of the elementwise product by kind
    # (the low three bits of an anchor's column are its kind: fingerprint_table.hash_features)
    kinds = 8
    pair_of_entry = np.repeat(np.arange(n), np.diff(shared.indptr))
    counts = np.bincount(pair_of_entry * kinds + (shared.indices & 7), minlength=n * kinds).reshape(n, kinds)
    for feature, kind, scale in (("numbers", "number", 2.0), ("dates", "date", 1.0),
                                 ("places", "entity", 2.0), ("names", "name", 3.0)):
        out[:, column[feature]] = _saturate(counts[:, 1 + ANCHOR_KINDS.index(kind)].astype(np.float64), scale)
    name_col = 1 + ANCHOR_KINDS.index("name")

    def names_per_row(matrix) -> np.ndarray:
        entry_row = np.repeat(np.arange(n), np.diff(matrix.indptr))
        return np.bincount(entry_row, weights=((matrix.indices & 7) == name_col), minlength=n)

    shared_names = counts[:, name_col].astype(np.float64)
    union = names_per_row(anchors_l) + names_per_row(anchors_r) - shared_names
    out[:, column["names_jaccard"]] = shared_names / np.maximum(1.0, union)

    language = np.asarray(arrays.data["language"])
    cross = (language[left] != language[right]).astype(np.float64)
    out[:, column["cross_words"]] = out[:, column["words_cos"]] * cross
    out[:, column["cross_grams"]] = out[:, column["grams_cos"]] * cross
    out[:, column["cross_chars"]] = out[:, column["chars_cos"]] * cross
    size = np.asarray(arrays.data["size"]).astype(np.float64)
    small = np.minimum(size[left], size[right])
    out[:, column["short"]] = np.exp(-small / 100.0)
    out[:, column["length_ratio"]] = small / np.maximum(1.0, np.maximum(size[left], size[right]))
    rare: dict[int, tuple[str, ...]] = {}
    cognates = out[:, column["cognates"]]
    for k, (a, b) in enumerate(zip(left.tolist(), right.tolist())):
        ra = rare.get(a)
        if ra is None:
            ra = rare[a] = arrays.rare(a)
        rb = rare.get(b)
        if rb is None:
            rb = rare[b] = arrays.rare(b)
        cognates[k] = _cognates(ra, rb)
    return out


_UPPER = np.triu_indices(len(FEATURES))
_FITTED = tuple(MODEL["features"]) == FEATURES and len(MODEL_WEIGHTS) == len(FEATURES) + len(_UPPER[0])


def score_features(features: np.ndarray) -> np.ndarray:
    """The fitted model's scores, in [0, 1], for rows of :func:`pair_feature_matrix`."""
    roots = np.sqrt(np.clip(features, 0.0, None))
    words = features[:, FEATURES.index("words_cos")]
    if not _FITTED:  # fitted on other features (a feature was added): plain word cosine until refitted
        return np.clip(words, 0.0, 1.0)
    x = np.hstack([roots, roots[:, _UPPER[0]] * roots[:, _UPPER[1]]])
    # an elementwise product summed per row, not a matrix product: BLAS rounds
    # the last bits differently with the batch, and a pair's score must not
    # depend on which pairs it was scored with
    score = MODEL_BIAS + (x * np.asarray(MODEL_WEIGHTS)).sum(axis=1)
    # Texts that share most of their weighted vocabulary are versions of one
    # text whatever the model says: it saw few such pairs and must not
    # extrapolate below them.
    duplicate = (words - _DUPLICATE_FROM) / (_DUPLICATE_AT - _DUPLICATE_FROM)
    return np.clip(np.maximum(score, duplicate), 0.0, 1.0)

