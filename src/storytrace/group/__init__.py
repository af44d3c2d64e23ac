"""Story grouping: which documents report the same event, across rewording and languages.

Modules, in the order of the work:

* :mod:`~storytrace.group.model`: the similarity signals of pairs of
  fingerprints (:data:`FEATURES`) and the fitted model that scores them (its
  weights are package data, ``storytrace/models/group-v1.json``);
* :mod:`~storytrace.group.pairs`: the same for pairs of fingerprints in hand
  (:func:`similarity`, :func:`score_pairs`, :func:`shared_anchors`);
* :mod:`~storytrace.group.texts`: the text API, :func:`story_similarity` and
  :func:`explain_similarity`;
* :mod:`~storytrace.group.workers`: fingerprinting and pair scoring in
  batches, in worker processes;
* :mod:`~storytrace.group.clustering`: :func:`group_stories` (candidate pairs,
  the time window, :func:`join_edges`, story ids and titles).

``group.threshold`` (0.8) asks for "same story" on the model's scale (1 same
story, about 0.67 "somewhat similar", 0 unrelated).  Everything other modules
import from ``storytrace.group`` is re-exported here.
"""

from __future__ import annotations

from .clustering import JoinedEdges, StoryMember, days_apart, group_stories, join_edges, story_id, story_title
from .model import FEATURES, MODEL_BIAS, MODEL_WEIGHTS, expand_features, pair_feature_matrix, score_features
from .pairs import pair_features, score_pairs, score_pairs_rows, shared_anchors, similarity
from .texts import explain_similarity, story_similarity

__all__ = [
    "FEATURES",
    "MODEL_BIAS",
    "MODEL_WEIGHTS",
    "JoinedEdges",
    "StoryMember",
    "days_apart",
    "expand_features",
    "explain_similarity",
    "group_stories",
    "join_edges",
    "pair_feature_matrix",
    "pair_features",
    "score_features",
    "score_pairs",
    "score_pairs_rows",
    "shared_anchors",
    "similarity",
    "story_id",
    "story_similarity",
    "story_title",
]
