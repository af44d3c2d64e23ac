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
``group.time_window_days`` when both dates are known) is an edge.  Edges are
taken strongest first (ties by ids) and join their documents' stories, so the
result depends only on the set of documents, never on their order.  Stories
passed in ``existing`` are kept: their members stay together, new documents
join them or start new stories, and two existing stories are never merged.
"""

from __future__ import annotations

import datetime as _dt
import math
import operator
from typing import Iterable, Mapping, Sequence

from rapidfuzz import fuzz
from rapidfuzz.process import cdist

from .fingerprint import Fingerprint, fingerprint, fingerprint_text
from .index import InvertedIndex, blocking_keys
from .records import Document, GroupLink, Story, content_id
from .unionfind import UnionFind
from .settings import Settings

__all__ = [
    "FEATURES",
    "days_apart",
    "expand_features",
    "explain_similarity",
    "group_fingerprints",
    "group_stories",
    "pair_features",
    "pair_scorer",
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


def _dot(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    # fsum is exactly rounded, so the score does not depend on the set's iteration
    # order (which varies with PYTHONHASHSEED between processes, e.g. Spark workers)
    return math.fsum(a[k] * b[k] for k in a.keys() & b.keys())


def _saturate(n: float, scale: float) -> float:
    return 1.0 - math.exp(-n / scale)


def _cognates(a: tuple[str, ...], b: tuple[str, ...]) -> float:
    """Share of rare words of each text that have a near-identical spelling in the other.

    Catches cognates and transliterations that n-gram profiles blur:
    "infraestrutura"/"infrastructure", "Schoigu"/"Shoigu".
    """
    if not a or not b:
        return 0.0
    matrix = cdist(a, b, scorer=fuzz.ratio, score_cutoff=_COGNATE_CUTOFF, workers=1)
    return float(((matrix.max(axis=1) > 0).mean() + (matrix.max(axis=0) > 0).mean()) / 2.0)


def pair_features(a: Fingerprint, b: Fingerprint) -> dict[str, float]:
    """The similarity signals of two fingerprints, each in [0, 1] (see the module docstring)."""
    words = _dot(a.words, b.words)
    grams = _dot(a.grams, b.grams)
    lead = _dot(a.lead, b.lead)
    chars = _dot(a.chars, b.chars)
    aa, ba = a.anchors, b.anchors
    shared = [k for k in aa if k in ba]
    na = math.sqrt(sum(w * w for w in aa.values()))
    nb = math.sqrt(sum(w * w for w in ba.values()))
    anchor_cos = sum(aa[k] * ba[k] for k in shared) / (na * nb) if na and nb else 0.0
    small = min(sum(aa.values()), sum(ba.values()))
    anchor_overlap = sum(min(aa[k], ba[k]) for k in shared) / small if small else 0.0
    kinds = {"number": 0.0, "date": 0.0, "entity": 0.0, "name": 0.0}
    for k in shared:
        kind = k.split(":", 1)[0]
        if kind in kinds:
            kinds[kind] += 1.0
    same = 1.0 if a.language == b.language else 0.0
    names_a = {k for k in aa if k.startswith("name:")}
    names_b = {k for k in ba if k.startswith("name:")}
    return {
        "words_cos": words,
        "grams_cos": grams,
        "anchor_cos": anchor_cos,
        "anchor_overlap": anchor_overlap,
        "numbers": _saturate(kinds["number"], 2.0),
        "dates": _saturate(kinds["date"], 1.0),
        "places": _saturate(kinds["entity"], 2.0),
        "names": _saturate(kinds["name"], 3.0),
        "cross_words": words * (1.0 - same),
        "cross_grams": grams * (1.0 - same),
        "lead_cos": lead,
        "pairs_cos": _dot(a.pairs, b.pairs),
        "lead_full": (_dot(a.lead, b.words) + _dot(b.lead, a.words)) / 2.0,
        "names_jaccard": kinds["name"] / max(1.0, float(len(names_a | names_b))),
        "short": math.exp(-min(a.size, b.size) / 100.0),
        "length_ratio": min(a.size, b.size) / max(1, a.size, b.size),
        "cognates": _cognates(a.rare, b.rare),
        "headline_cos": _dot(a.headline, b.headline),
        "chars_cos": chars,
        "cross_chars": chars * (1.0 - same),
    }


def _lexical(a: Fingerprint, b: Fingerprint) -> float:
    features = pair_features(a, b)
    x = expand_features([features[name] for name in FEATURES])
    if len(MODEL_WEIGHTS) != len(x):  # not fitted yet: plain word cosine
        return min(1.0, max(0.0, features["words_cos"]))
    score = MODEL_BIAS + sum(map(operator.mul, MODEL_WEIGHTS, x))
    # Texts that share most of their weighted vocabulary are versions of one
    # text whatever the model says: it saw few such pairs and must not
    # extrapolate below them.
    duplicate = (features["words_cos"] - _DUPLICATE_FROM) / (_DUPLICATE_AT - _DUPLICATE_FROM)
    return min(1.0, max(0.0, score, duplicate))


def similarity(a: Fingerprint, b: Fingerprint) -> float:
    """Model-free story similarity of two fingerprints, in [0, 1], symmetric."""
    return _lexical(a, b)


def shared_anchors(a: Fingerprint, b: Fingerprint, limit: int = 12) -> list[str]:
    shared = [(min(a.anchors[k], b.anchors[k]), k) for k in a.anchors if k in b.anchors]
    out = [k for _, k in sorted(shared, key=lambda wk: (-wk[0], wk[1]))[:limit]]
    words = sorted(((a.words[k] * b.words[k], k) for k in a.words if k in b.words), key=lambda wk: (-wk[0], wk[1]))
    out.extend(f"word:{k}" for _, k in words[: max(0, limit - len(out)) or 4])
    return out


def _settings(settings: Settings | None) -> Settings:
    return settings if settings is not None else Settings()


def pair_scorer(settings: Settings, texts: dict[str, str] | None = None):
    """The pair scorer for ``settings.group.backend``: lexical, neural or hybrid."""
    backend = settings.group.backend
    if backend == "lexical":
        return similarity
    if backend not in {"neural", "hybrid"}:
        from .errors import SettingsError

        raise SettingsError(f"group.backend must be lexical, neural or hybrid, not {backend!r}")
    from .neural import NeuralSimilarity

    neural = NeuralSimilarity.from_settings(settings)
    if texts:
        neural.encode_many(texts)
    weight = float(settings.group.neural_weight)

    def score(a: Fingerprint, b: Fingerprint) -> float:
        n = neural.similarity(a.id, b.id)
        if backend == "neural":
            return n
        return (1.0 - weight) * similarity(a, b) + weight * n

    return score


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
    score = pair_scorer(settings, {"a": a, "b": b})(fa, fb)
    return score, shared_anchors(fa, fb)


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
) -> list[Story]:
    """Group documents into stories.

    Args:
        documents: clean documents; split-off appended articles (``parent``
            set) take part like any other document.
        settings: ``group.threshold``, ``group.max_candidates``,
            ``group.time_window_days``, ``group.backend`` and its neural settings.
        existing: stories from earlier runs.  They are kept: their members
            stay together (members missing from ``documents`` included), new
            documents join them or start new stories, and two existing
            stories are never merged.

    Returns:
        Stories sorted by id; each has the links (score and shared anchors)
        that joined its members and the title of its most central member.
        The result does not depend on the order of ``documents``.

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
    texts = {i: d.text for i, d in unique.items()} if settings.group.backend != "lexical" else None
    return group_fingerprints([fingerprint(unique[i]) for i in sorted(unique)], settings, existing=existing, texts=texts)


def group_fingerprints(
    fingerprints: Sequence[Fingerprint],
    settings: Settings | None = None,
    *,
    existing: Sequence[Story] = (),
    texts: Mapping[str, str] | None = None,
) -> list[Story]:
    """:func:`group_stories` over fingerprints already made (e.g. in parallel by a runner).

    Args:
        fingerprints: one per document (``fingerprint(document)``); their
            ``title`` and ``published`` stand for the documents'.
        settings, existing: as for :func:`group_stories`.
        texts: document texts by id, needed only by the neural and hybrid backends.

    Returns:
        Stories as :func:`group_stories` returns them.
    """
    settings = _settings(settings)
    threshold = float(settings.group.threshold)
    window = int(settings.group.time_window_days)
    max_candidates = int(settings.group.max_candidates)

    prints: dict[str, Fingerprint] = {}
    for fp in fingerprints:
        prints.setdefault(fp.id, fp)
    ids = sorted(prints)
    scorer = pair_scorer(settings, dict(texts) if texts else None)

    index = InvertedIndex()
    for i in ids:
        index.add(i, blocking_keys(prints[i]))
    index.freeze()

    edges: dict[tuple[str, str], float] = {}
    for i in ids:
        for j in index.candidates(i, max_candidates):
            pair = (i, j) if i < j else (j, i)
            if pair in edges:
                continue
            if window > 0:
                apart = days_apart(prints[i].published, prints[j].published)
                if apart is not None and apart > window:
                    continue
            edges[pair] = scorer(prints[pair[0]], prints[pair[1]])

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

    links: list[GroupLink] = []
    for (a, b), score in sorted(edges.items(), key=lambda kv: (-kv[1], kv[0])):
        if score < threshold:
            break
        ra, rb = union.find(a), union.find(b)
        if ra == rb:
            continue
        oa, ob = owner.get(ra), owner.get(rb)
        if oa is not None and ob is not None:
            continue  # two existing stories stay apart
        union.union(a, b)
        owner.pop(ra, None)
        owner.pop(rb, None)
        if oa or ob:
            owner[union.find(a)] = oa or ob  # type: ignore[assignment]
        links.append(GroupLink(a, b, round(score, 4), tuple(shared_anchors(prints[a], prints[b]))))

    members: dict[str, set[str]] = {}
    for i in ids:
        members.setdefault(union.find(i), set()).add(i)
    for story in existing:
        for m in story.document_ids:
            members.setdefault(union.find(m), set()).add(m)

    link_by_root: dict[str, list[GroupLink]] = {}
    for link in links:
        link_by_root.setdefault(union.find(link.a), []).append(link)

    stories = []
    for root, doc_ids in members.items():
        ordered = sorted(doc_ids)
        story_links = list(old_links.get(owner.get(root, ""), ())) + link_by_root.get(root, [])
        stories.append(
            Story(
                id=story_id(ordered),
                document_ids=tuple(ordered),
                title=story_title([prints[d] for d in ordered if d in prints], story_links),
                links=tuple(story_links),
            )
        )
    return sorted(stories, key=lambda s: s.id)


def story_title(documents: list[Fingerprint], links: list[GroupLink]) -> str | None:
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
