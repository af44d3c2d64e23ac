"""Story grouping: which documents report the same event, across rewording and languages.

Similarity (:func:`story_similarity`) compares two fingerprints
(:mod:`storytrace.fingerprint`) on signals that survive paraphrase and
translation (:data:`FEATURES`, each in [0, 1]):

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
pairwise products, weighted by ridge regression on the similarity ratings of
SemEval-2022 Task 8 (``bench/semeval.py --fit`` refits, reports the
cross-validated figures and rewrites the weights below).  A model rather than
hand weights because the signals interact: shared names mean more when the
words agree too, cognates only matter across languages.  The score reads on
SemEval's scale: 1 same story, about 0.67 "somewhat similar", 0 unrelated;
texts sharing most of their weighted vocabulary score 1 whatever the model
says (it saw few such pairs).  ``group.threshold`` (0.8) asks for "same story".
Known weakness: texts of one or two sentences are shorter than anything the
model was fitted on and score low even when they agree.

Grouping (:func:`group_stories`) never compares all pairs: an inverted index
(:mod:`storytrace.index`) proposes at most ``group.max_candidates`` neighbours
per document; every proposed pair at or above ``group.threshold`` (and within
``group.time_window_days`` when both dates are known) is an edge.  The
fingerprints are made in ``run.workers`` processes and held in a
:class:`~storytrace.fingerprint_table.FingerprintTable` (sparse rows, about
10 KB a document); the candidate pairs are scored thousands at a time
(:func:`pair_feature_matrix`, :func:`score_features`), again in
``run.workers`` processes, so that grouping costs little more than
fingerprinting.  Edges are
taken strongest first (ties by ids) and join their documents' stories, so the
result depends only on the set of documents, never on their order.  Stories
passed in ``existing`` are kept: their members stay together, new documents
join them or start new stories, and two existing stories are never merged.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as _dt
import math
import tempfile
from typing import Callable, Iterable, Iterator, Mapping, NamedTuple, Sequence

import numpy as np
from rapidfuzz import fuzz
from rapidfuzz.process import cdist

from .fingerprint import MAX_CHARS, Fingerprint, fingerprint_text
from .fingerprint_table import ANCHOR_KINDS, MAPS, FingerprintTable, TableArrays, load_arrays, pack
from .index import InvertedIndex
from .records import Document, GroupLink, Story, content_id
from .parallel import ordered_map, process_pool, start_method, worker_count
from .settings import Settings
from .unionfind import UnionFind

__all__ = [
    "FEATURES",
    "StoryMember",
    "days_apart",
    "expand_features",
    "explain_similarity",
    "group_fingerprints",
    "group_stories",
    "pair_features",
    "shared_anchors",
    "similarity",
    "story_id",
    "story_similarity",
    "story_title",
]

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

# The model: square roots of the features and all their pairwise products,
# weighted by ridge regression on SemEval-2022 Task 8 ((4 - Overall) / 3).
# ``bench/semeval.py --fit --write`` refits and rewrites the block below.
# BEGIN FITTED
MODEL_BIAS = 0.20910
MODEL_WEIGHTS: tuple[float, ...] = (
    -0.22863, -0.39985, 0.08270, 0.13668, 0.07091, 0.09827, 0.49836, 0.18071,
    0.29582, 0.07692, -0.05745, 0.46411, 0.13267, 0.23910, -0.05201, -0.03565,
    -0.09864, 0.32561, -0.31302, 0.39665, -0.02091, 0.23817, 0.11888, 0.13181,
    -0.22696, 0.03500, 0.03832, 0.10554, 0.09956, 0.04701, -0.16311, 0.06838,
    0.03347, -0.11133, -0.46020, -0.03627, 0.11632, -0.29792, 0.32161, -0.02924,
    0.09224, -0.12574, -0.07469, 0.05297, -0.00192, -0.30110, -0.03269, 0.04701,
    0.30684, -0.18714, -0.39083, 0.03622, 0.05452, 0.21880, -0.00274, -0.09474,
    0.07187, 0.03921, -0.11425, 0.33915, 0.10211, -0.10807, -0.05508, 0.01317,
    0.03058, -0.01152, -0.17510, -0.10583, -0.45632, -0.24948, 0.09164, -0.62010,
    0.18112, -0.04227, -0.27705, -0.24138, 0.45983, -0.02034, 0.06795, -0.20692,
    0.46615, -0.09019, -0.12304, -0.21860, 0.24466, -0.31236, -0.05260, -0.10690,
    -0.21096, 0.11284, 0.25697, 0.22144, -0.17842, 0.23878, 0.04122, -0.10404,
    0.08996, 0.15474, -0.25721, -0.05246, 0.35562, -0.17925, -0.06503, -0.12475,
    -0.33473, 0.22151, 0.24317, -0.18812, -0.18671, 0.12474, -0.44090, -0.15139,
    -0.01745, 0.28488, 0.03381, 0.13570, -0.03573, 0.00622, 0.02537, -0.11782,
    0.34791, 0.07429, 0.05476, 0.15546, 0.10484, 0.23605, -0.09351, -0.07284,
    -0.30053, 0.08832, 0.11488, -0.41951, -0.13498, -0.37028, -0.68289, -0.24247,
    -0.05526, 0.51170, 0.04400, -0.04017, -0.23184, -0.13864, -0.12569, 0.44092,
    -0.04238, -0.03601, 0.27353, -0.17675, 0.14144, 0.08981, -0.29286, 0.35529,
    0.09956, 0.04701, -0.19332, -0.02140, -0.03812, -0.12620, 0.19601, -0.00567,
    0.09358, 0.20731, -0.02924, -0.02924, 0.30684, -0.20917, -0.15321, 0.00352,
    -0.12168, 0.17088, -0.18667, 0.18957, 0.00814, -0.11425, -0.11425, -0.33981,
    0.27715, 0.06002, -0.07174, -0.15853, 0.04613, 0.37869, -0.43988, 0.44929,
    -0.46047, -0.97329, 0.20256, -0.32764, 0.08808, 0.35468, -0.69429, 0.29878,
    0.16903, -0.14184, 0.26240, -0.05350, 0.06062, 0.13966, 0.41728, -0.22497,
    0.38799, -0.22532, -0.29922, -0.04158, 0.15637, -0.01643, 0.14471, -0.00797,
    0.19098, 0.33363, -0.19720, 0.40129, 0.25744, -0.21532, -0.50952, -0.12866,
    -0.19833, -0.37637, 0.49078, 0.30653, 0.19390, 0.06011, 0.10652, -0.00349,
    -0.02655, 0.49672, 0.39493, 0.10837, -0.29724, -0.29724,
)
# END FITTED


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


def score_features(features: np.ndarray) -> np.ndarray:
    """The fitted model's scores, in [0, 1], for rows of :func:`pair_feature_matrix`."""
    roots = np.sqrt(np.clip(features, 0.0, None))
    words = features[:, FEATURES.index("words_cos")]
    if len(MODEL_WEIGHTS) != len(FEATURES) + len(_UPPER[0]):  # not fitted yet: plain word cosine
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


def score_pairs_rows(arrays: TableArrays, left: Sequence[int], right: Sequence[int], batch: int = 4096) -> list[float]:
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


def _settings(settings: Settings | None) -> Settings:
    return settings if settings is not None else Settings()


def story_similarity(
    a: str,
    b: str,
    *,
    lang_a: str | None = None,
    lang_b: str | None = None,
    settings: Settings | None = None,
) -> float:
    """How likely two texts report the same story, in [0, 1] (symmetric).

    Args:
        a, b: the two texts (clean text; a title line first helps).
        lang_a, lang_b: their ISO 639-1 languages, or None to detect them.
        settings: ``group.backend`` chooses lexical (default, model-free),
            neural or hybrid.

    Returns:
        1.0 for versions of one story, near 0 for unrelated texts.

    >>> en = ("North Korea will send 1,000 sappers and 5,000 construction workers to the Kursk region of Russia, "
    ...       "Russian Security Council Secretary Sergei Shoigu said on Tuesday, June 18, after talks with Kim Jong Un.")
    >>> pt = ("A Coreia do Norte enviará 1.000 sapadores e 5.000 trabalhadores da construção para a região de Kursk, "
    ...       "disse o secretário do Conselho de Segurança russo, Sergei Shoigu, na terça-feira, 18 de junho, após conversas com Kim Jong Un.")
    >>> story_similarity(en, pt, lang_a="en", lang_b="pt") > 0.8
    True
    """
    return explain_similarity(a, b, lang_a=lang_a, lang_b=lang_b, settings=settings)[0]


def explain_similarity(
    a: str,
    b: str,
    *,
    lang_a: str | None = None,
    lang_b: str | None = None,
    settings: Settings | None = None,
) -> tuple[float, list[str]]:
    """Story similarity of two texts and the evidence: the anchors they share.

    Returns:
        (score, anchors) where anchors are strings such as ``number:1000``,
        ``entity:north korea``, ``date:2025-06-18``, ``name:shoigu`` or
        ``word:kursk``, strongest first.

    >>> score, anchors = explain_similarity("Shoigu: 1,000 sappers to Kursk", "Shoigu: 1.000 sapadores para Kursk", lang_a="en", lang_b="pt")
    >>> "number:1000" in anchors
    True
    """
    settings = _settings(settings)
    fa = fingerprint_text(a, lang=lang_a, id="a")
    fb = fingerprint_text(b, lang=lang_b, id="b")
    table = FingerprintTable.from_fingerprints([fa, fb])
    score = _pair_scores(table, np.array([0]), np.array([1]), settings, {"a": a, "b": b}, workers=1)
    return float(score[0]), shared_anchors(fa, fb)


def days_apart(a: str | None, b: str | None) -> float | None:
    if not a or not b:
        return None
    try:
        da = _dt.date.fromisoformat(a[:10])
        db = _dt.date.fromisoformat(b[:10])
    except ValueError:
        return None
    return abs((da - db).days)


def story_id(document_ids: Iterable[str]) -> str:
    """Deterministic story id from its members: "s" + content_id of the sorted ids.

    >>> story_id(["d2", "d1"]) == story_id(["d1", "d2"])
    True
    """
    return content_id("\n".join(sorted(document_ids)), prefix="s")


def group_stories(
    documents: Sequence[Document],
    settings: Settings | None = None,
    *,
    existing: Sequence[Story] = (),
    advance: Callable[[int], None] | None = None,
) -> list[Story]:
    """Group documents into stories.

    Args:
        documents: clean documents; split-off appended articles (``parent``
            set) take part like any other document.
        settings: ``group.threshold``, ``group.max_candidates``,
            ``group.time_window_days``, ``group.backend`` and its neural
            settings; ``run.workers`` processes fingerprint the documents and
            score candidate pairs (1: all in this process).
        existing: stories from earlier runs.  They are kept: their members
            stay together (members missing from ``documents`` included), new
            documents join them or start new stories, and two existing
            stories are never merged.
        advance: called with the number of documents fingerprinted so far
            since the last call (for progress bars).

    Returns:
        Stories sorted by id; each has the links (score and shared anchors)
        that joined its members and the title of its most central member.
        The result does not depend on the order of ``documents`` nor on the
        number of workers.

    >>> docs = [Document(id="d1", source="a", text="Shoigu said 1,000 sappers and 5,000 workers go to Kursk.", language="en"),
    ...         Document(id="d2", source="b", text="Shoigu disse que 1.000 sapadores e 5.000 trabalhadores vão para Kursk.", language="pt"),
    ...         Document(id="d3", source="c", text="The central bank raised interest rates by 0.25 points in Brazil.", language="en")]
    >>> sorted(len(s.document_ids) for s in group_stories(docs))
    [1, 2]
    """
    settings = _settings(settings)
    unique: dict[str, Document] = {}
    for doc in documents:
        unique.setdefault(doc.id, doc)
    ordered = [unique[i] for i in sorted(unique)]
    texts = {d.id: d.text for d in ordered} if settings.group.backend != "lexical" else None
    workers = worker_count(settings.run.workers) if len(ordered) >= _MIN_PARALLEL_DOCUMENTS else 1
    table = FingerprintTable()
    # A spread of documents is fingerprinted here, before any worker starts:
    # forked workers then share the word frequencies and language models it
    # loaded (about half a second per language) instead of each loading its own.
    step = max(1, len(ordered) // _FINGERPRINT_BATCH)
    sampled = range(0, len(ordered), step)[:_FINGERPRINT_BATCH]
    table.add_packed(_fingerprint_batch([_item(ordered[k]) for k in sampled]))
    if advance:
        advance(len(sampled))
    skip = set(sampled)
    rest = [d for k, d in enumerate(ordered) if k not in skip]

    def batches() -> Iterator[list[tuple]]:  # made as the workers need them, not all at once
        for i in range(0, len(rest), _FINGERPRINT_BATCH):
            yield [_item(d) for d in rest[i:i + _FINGERPRINT_BATCH]]

    with process_pool(workers) as pool:
        for packed in ordered_map(pool, _fingerprint_batch, batches(), window=4 * workers):
            table.add_packed(packed)
            if advance:
                advance(len(packed[0]))
    return _group_table(table, settings, existing, texts, workers)


def _item(doc: Document) -> tuple:
    """What a worker needs to fingerprint ``doc`` (only the characters fingerprinting reads)."""
    return (doc.id, doc.text[:MAX_CHARS], doc.title, doc.language, doc.published)


def group_fingerprints(
    fingerprints: Iterable[Fingerprint],
    settings: Settings | None = None,
    *,
    existing: Sequence[Story] = (),
    texts: Mapping[str, str] | None = None,
) -> list[Story]:
    """:func:`group_stories` over fingerprints already made.

    Args:
        fingerprints: one per document (``fingerprint(document)``); their
            ``title`` and ``published`` stand for the documents'.
        settings, existing: as for :func:`group_stories`.
        texts: document texts by id, needed only by the neural and hybrid backends.

    Returns:
        Stories as :func:`group_stories` returns them.
    """
    settings = _settings(settings)
    prints: dict[str, Fingerprint] = {}
    for fp in fingerprints:
        prints.setdefault(fp.id, fp)
    table = FingerprintTable.from_fingerprints(prints[i] for i in sorted(prints))
    workers = worker_count(settings.run.workers) if len(table) >= _MIN_PARALLEL_DOCUMENTS else 1
    return _group_table(table, settings, existing, dict(texts) if texts else None, workers)


#: Fewer documents than this are grouped in this process: starting workers costs more than it saves.
_MIN_PARALLEL_DOCUMENTS = 2000
_FINGERPRINT_BATCH = 128
_SCORE_BATCH = 4096


def _fingerprint_batch(items: Sequence[tuple]) -> tuple:
    """Fingerprint (id, text, title, language, published) items and :func:`pack` them (runs in workers)."""
    return pack([fingerprint_text(text, lang=lang, id=doc_id, title=title, published=published)
                 for doc_id, text, title, lang, published in items])


_loaded: dict[str | None, TableArrays] = {}


def _score_batch(task: tuple[str | None, np.ndarray, np.ndarray]) -> np.ndarray:
    """Lexical scores of pairs of rows of a table (runs in workers).

    The table's arrays are the ones a forked worker inherited (``directory``
    None) or the ones saved in ``directory``, memory-mapped.
    """
    directory, left, right = task
    arrays = _loaded.get(directory)
    if arrays is None:
        _loaded.clear()  # one table at a time
        arrays = _loaded[directory] = load_arrays(directory)  # type: ignore[arg-type]
    return np.asarray(score_pairs_rows(arrays, left, right, batch=len(left)))


def _candidate_pairs(table: FingerprintTable, settings: Settings) -> tuple[np.ndarray, np.ndarray]:
    """Rows of the pairs worth scoring (inverted index, then the time window), sorted."""
    index = InvertedIndex()
    for doc_id, keys in zip(table.ids, table.blocking):
        index.add(doc_id, keys)
    left, right = index.candidate_pairs(int(settings.group.max_candidates))
    window = int(settings.group.time_window_days)
    if window > 0 and len(left):
        day = np.array([_day_number(p) for p in table.published])
        apart = np.abs(day[left] - day[right])
        close = np.isnan(apart) | (apart <= window)  # an unknown date does not keep a pair apart
        left, right = left[close], right[close]
    return left, right


def _day_number(published: str | None) -> float:
    if not published:
        return math.nan
    try:
        return float(_dt.date.fromisoformat(published[:10]).toordinal())
    except ValueError:
        return math.nan


def _pair_scores(
    table: FingerprintTable,
    left: np.ndarray,
    right: np.ndarray,
    settings: Settings,
    texts: Mapping[str, str] | None,
    workers: int,
) -> np.ndarray:
    backend = settings.group.backend
    if backend not in {"lexical", "neural", "hybrid"}:
        from .errors import SettingsError

        raise SettingsError(f"group.backend must be lexical, neural or hybrid, not {backend!r}")
    lexical = np.zeros(len(left))
    if backend != "neural" and len(left):
        arrays = table.freeze()
        spans = [(i, min(i + _SCORE_BATCH, len(left))) for i in range(0, len(left), _SCORE_BATCH)]
        if workers > 1 and len(spans) > 1:
            method = start_method()
            with contextlib.ExitStack() as stack:
                directory: str | None = None
                if method == "fork":
                    # forked workers inherit the arrays (read-only numpy buffers: shared pages, no copy)
                    _loaded.clear()
                    _loaded[None] = arrays
                    stack.callback(_loaded.clear)
                else:
                    directory = stack.enter_context(tempfile.TemporaryDirectory(prefix="storytrace-table-"))
                    arrays.save(directory)  # memory-mapped by the workers, who share its pages
                pool = stack.enter_context(process_pool(min(workers, len(spans)), method))
                assert pool is not None
                lexical = np.concatenate(list(pool.map(_score_batch, [(directory, left[i:j], right[i:j]) for i, j in spans])))
        else:
            lexical = np.asarray(score_pairs_rows(arrays, left, right, batch=_SCORE_BATCH))
    if backend == "lexical":
        return lexical
    from .neural import NeuralSimilarity

    neural = NeuralSimilarity.from_settings(settings)
    if texts:
        neural.encode_many(dict(texts))
    ids = table.ids
    semantic = np.array([neural.similarity(ids[a], ids[b]) for a, b in zip(left.tolist(), right.tolist())])
    if backend == "neural":
        return semantic
    weight = float(settings.group.neural_weight)
    return (1.0 - weight) * lexical + weight * semantic


class StoryMember(NamedTuple):
    """What :func:`story_title` needs of a member: its id and title."""

    id: str
    title: str | None


def _group_table(
    table: FingerprintTable,
    settings: Settings,
    existing: Sequence[Story],
    texts: Mapping[str, str] | None,
    workers: int,
) -> list[Story]:
    threshold = float(settings.group.threshold)
    table.freeze()
    left, right = _candidate_pairs(table, settings)
    scores = _pair_scores(table, left, right, settings, texts, workers)
    ids = table.ids
    above = scores >= threshold
    edges = []
    for score, a, b in zip(scores[above].tolist(), left[above].tolist(), right[above].tolist()):
        if ids[b] < ids[a]:
            a, b = b, a
        edges.append((-score, ids[a], ids[b], a, b))
    edges.sort()  # strongest first, ties by ids: the result does not depend on row order

    union = UnionFind()
    owner: dict[str, str] = {}  # union root -> the existing story it holds
    old_links: dict[str, tuple[GroupLink, ...]] = {}
    for story in sorted(existing, key=lambda s: s.id):
        members = sorted(story.document_ids)
        for m in members[1:]:
            union.union(members[0], m)
        if members:
            owner[union.find(members[0])] = story.id
            old_links[story.id] = story.links

    named: dict[int, tuple[dict[str, float], dict[str, float]]] = {}

    def described(row: int) -> tuple[dict[str, float], dict[str, float]]:
        features = named.get(row)
        if features is None:
            features = named[row] = table.named_features(row)
        return features

    links: list[GroupLink] = []
    for negative, id_a, id_b, row_a, row_b in edges:
        score = -negative
        ra, rb = union.find(id_a), union.find(id_b)
        if ra == rb:
            continue
        oa, ob = owner.get(ra), owner.get(rb)
        if oa is not None and ob is not None:
            continue  # two existing stories stay apart
        union.union(id_a, id_b)
        owner.pop(ra, None)
        owner.pop(rb, None)
        if oa or ob:
            owner[union.find(id_a)] = oa or ob  # type: ignore[assignment]
        links.append(GroupLink(id_a, id_b, round(score, 4), tuple(_shared_named(*described(row_a), *described(row_b)))))

    members: dict[str, set[str]] = {}
    for i in ids:
        members.setdefault(union.find(i), set()).add(i)
    for story in existing:
        for m in story.document_ids:
            members.setdefault(union.find(m), set()).add(m)

    link_by_root: dict[str, list[GroupLink]] = {}
    for link in links:
        link_by_root.setdefault(union.find(link.a), []).append(link)

    row_of, titles = table.row, table.titles
    stories = []
    for root, doc_ids in members.items():
        ordered = sorted(doc_ids)
        story_links = list(old_links.get(owner.get(root, ""), ())) + link_by_root.get(root, [])
        stories.append(
            Story(
                id=story_id(ordered),
                document_ids=tuple(ordered),
                title=story_title([StoryMember(d, titles[row_of[d]]) for d in ordered if d in row_of], story_links),
                links=tuple(story_links),
            )
        )
    return sorted(stories, key=lambda s: s.id)


def story_title(documents: Sequence[StoryMember | Fingerprint], links: Sequence[GroupLink]) -> str | None:
    """The title of the most central member (sum of its link scores), then the longest."""
    centrality: dict[str, float] = {}
    for link in links:
        centrality[link.a] = centrality.get(link.a, 0.0) + link.score
        centrality[link.b] = centrality.get(link.b, 0.0) + link.score
    titled = [d for d in documents if d.title]
    if not titled:
        return None
    best = min(titled, key=lambda d: (-centrality.get(d.id, 0.0), -len(d.title or ""), d.id))
    return best.title
