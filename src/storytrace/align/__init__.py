"""Sentence alignment between the versions of one story, and a paraphrase score.

Modules:

* :mod:`~storytrace.align.tokens`: sentences prepared for comparison
  (tokens, stems, folded text, numbers, names), shared by the two below;
* :mod:`~storytrace.align.space`: hashed TF-IDF sentence vectors of a story
  and the language-neutral similarity of every pair of sentences;
* :mod:`~storytrace.align.alignment`: :func:`align_versions`, the monotone
  1-1/1-2/2-1 alignment of every pair of versions, then transpositions;
* :mod:`~storytrace.align.paraphrase`: :func:`paraphrase_score`, a fitted
  logistic model over 54 lexical features (the fitted values are package
  data, ``storytrace/models/paraphrase-v1.json``).

Everything other modules import from ``storytrace.align`` is re-exported here.
"""

from __future__ import annotations

from .alignment import align_versions
from .paraphrase import FEATURE_NAMES, PARAPHRASE_THRESHOLD, paraphrase_features, paraphrase_score, spline_basis

# private helpers that lineage and facts.quotes use (re-exported, not public API)
from .space import _anchor_keys as _anchor_keys
from .space import _doc_lang as _doc_lang

__all__ = [
    "FEATURE_NAMES",
    "PARAPHRASE_THRESHOLD",
    "align_versions",
    "paraphrase_features",
    "paraphrase_score",
    "spline_basis",
]
