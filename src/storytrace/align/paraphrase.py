"""The paraphrase score of two sentences: lexical features and a fitted model.

``paraphrase_score`` is a logistic regression over a quadratic spline of each
of 54 lexical features (n-gram overlap of words and stems at orders 1-4,
character n-grams, LCS, word edit distance and edit runs, wordfreq-weighted
overlap, number and name agreement, length), in the spirit of Madnani et al.
(2012, MT metrics as paraphrase features).  The fitted values (knot ranges,
coefficients, intercept, threshold) are package data,
``storytrace/models/paraphrase-v1.json``, read once at import; they were
fitted on MSRP train by ``.venv/bin/python bench/msrp.py --fit --write``
(which also prints the cross-validated figures and writes that file).

Why by hand: the spline basis is scikit-learn's ``SplineTransformer`` written
out in numpy, so that the shipped model needs no scikit-learn at run time.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

import numpy as np
from rapidfuzz import fuzz
from rapidfuzz.distance import Indel, LCSseq, Levenshtein

from ..models import load_model
from ..records import Document, Sentence
from ..text.lexicons import NEGATORS
from .space import _Space
from .tokens import _info, _prepare, _Text, _zipf

__all__ = ["FEATURE_NAMES", "PARAPHRASE_THRESHOLD", "paraphrase_features", "paraphrase_score", "spline_basis"]

def _ngrams(seq: Sequence[str], n: int) -> Counter:
    return Counter(tuple(seq[i : i + n]) for i in range(len(seq) - n + 1))


def _prf(a: Counter, b: Counter) -> tuple[float, float, float]:
    """Clipped overlap as (precision of a, precision of b, F1)."""
    if not a or not b:
        return 0.0, 0.0, 0.0
    inter = sum((a & b).values())
    pa = inter / sum(a.values())
    pb = inter / sum(b.values())
    f = 2 * pa * pb / (pa + pb) if pa + pb else 0.0
    return pa, pb, f


def _char_grams(s: str, n: int) -> Counter:
    s = f" {s} "
    return Counter(s[i : i + n] for i in range(len(s) - n + 1))


FEATURE_NAMES: tuple[str, ...] = (
    "w1_f", "w2_f", "w3_f", "w4_f",
    "w1_pmin", "w1_pmax",
    "s1_f", "s2_f",
    "c4_dice",
    "lcs_min", "lcs_max",
    "lev_sim",
    "token_set",
    "char_ratio",
    "info_rmin", "info_rmax",
    "num_match", "num_conflict",
    "names_jacc",
    "len_ratio",
    "len_diff_log",
    "bleu",
    "neg_mismatch",
    "unmatched_info_min", "unmatched_info_max",
    "unmatched_n_min", "unmatched_n_max",
    "unmatched_names_max",
    "content_jacc", "content_pmin", "content_pmax",
    "soft_min", "soft_max", "unmatched_content_log",
    "partial_ratio", "same_start", "same_end",
    "c2_dice", "c3_dice", "c5_dice",
    "wbigram_rmin", "wbigram_rmax",
    "soft_unmatched_min", "soft_unmatched_max", "soft_unmatched_sum",
    "num_unmatched_min", "num_unmatched_max",
    "content_lcs_min", "content_lcs_max",
    "run_min", "run_max", "edit_blocks", "run_info_min", "run_info_max",
)


def _features(a: _Text, b: _Text) -> list[float]:
    if (a.stems, a.raw) > (b.stems, b.raw):
        a, b = b, a  # a canonical order makes every feature symmetric
    f: list[float] = []
    precs = []
    for n in (1, 2, 3, 4):
        pa, pb, fn = _prf(_ngrams(a.tokens, n), _ngrams(b.tokens, n))
        f.append(fn)
        precs.append((pa, pb))
        if n == 1:
            w1 = (pa, pb)
    f.append(min(w1))
    f.append(max(w1))
    f.append(_prf(_ngrams(a.stems, 1), _ngrams(b.stems, 1))[2])
    f.append(_prf(_ngrams(a.stems, 2), _ngrams(b.stems, 2))[2])
    ca, cb = _char_grams(a.folded, 4), _char_grams(b.folded, 4)
    inter = sum((ca & cb).values())
    f.append(2 * inter / (sum(ca.values()) + sum(cb.values())) if ca and cb else 0.0)
    if a.stems and b.stems:
        lcs = LCSseq.similarity(list(a.stems), list(b.stems))
        la, lb = lcs / len(a.stems), lcs / len(b.stems)
        f += [min(la, lb), max(la, lb)]
        f.append(Levenshtein.normalized_similarity(list(a.stems), list(b.stems)))
    else:
        f += [0.0, 0.0, 0.0]
    f.append(fuzz.token_set_ratio(a.folded, b.folded) / 100.0)
    f.append(Indel.normalized_similarity(a.folded, b.folded))
    # information-weighted recall of stems (an IDF stand-in from wordfreq)
    wa = {s: _info(t, a.lang) for t, s in zip(a.tokens, a.stems)}
    wb = {s: _info(t, b.lang) for t, s in zip(b.tokens, b.stems)}
    ta, tb = sum(wa.values()), sum(wb.values())
    ra = sum(w for s, w in wa.items() if s in wb) / ta if ta else 0.0
    rb = sum(w for s, w in wb.items() if s in wa) / tb if tb else 0.0
    f += [min(ra, rb), max(ra, rb)]
    if a.numbers or b.numbers:
        f.append(len(a.numbers & b.numbers) / len(a.numbers | b.numbers))
        f.append(1.0 if a.numbers and b.numbers and a.numbers != b.numbers else 0.0)
    else:
        f += [1.0, 0.0]
    if a.names or b.names:
        f.append(len(a.names & b.names) / len(a.names | b.names))
    else:
        f.append(1.0)
    la, lb = len(a.tokens), len(b.tokens)
    f.append(min(la, lb) / max(la, lb) if la and lb else 0.0)
    f.append(math.log1p(abs(la - lb)))
    logs = 0.0
    for pa, pb in precs:
        logs += math.log((pa + pb) / 2 + 0.05)
    f.append(math.exp(logs / 4))
    na = any(t in NEGATORS or t.endswith("n't") for t in a.tokens)
    nb = any(t in NEGATORS or t.endswith("n't") for t in b.tokens)
    f.append(1.0 if na != nb else 0.0)
    # absolute amount of content only one side has (an extra clause, a new detail)
    ua = sum(w for s, w in wa.items() if s not in wb)
    ub = sum(w for s, w in wb.items() if s not in wa)
    f += [math.log1p(min(ua, ub)), math.log1p(max(ua, ub))]
    sa, sb = set(a.stems), set(b.stems)
    f += [math.log1p(min(len(sa - sb), len(sb - sa))), math.log1p(max(len(sa - sb), len(sb - sa)))]
    f.append(float(max(len(a.names - b.names), len(b.names - a.names))))
    f += _content_features(a, b, wa, wb)
    return f


def _dice(x: Counter, y: Counter) -> float:
    return 2 * sum((x & y).values()) / (sum(x.values()) + sum(y.values())) if x and y else 0.0


def _content_features(a: _Text, b: _Text, wa: dict, wb: dict) -> list[float]:
    """Features over content words (rare words), edit runs and soft matches."""
    la, lb = a.lang or "en", b.lang or "en"
    ca = {s for t, s in zip(a.tokens, a.stems) if _zipf(t, la[:2]) < 5.3}
    cb = {s for t, s in zip(b.tokens, b.stems) if _zipf(t, lb[:2]) < 5.3}
    f: list[float] = []
    if ca and cb:
        i = len(ca & cb)
        f += [i / len(ca | cb), min(i / len(ca), i / len(cb)), max(i / len(ca), i / len(cb))]
    else:
        f += [0.0, 0.0, 0.0]
    ua, ub = ca - cb, cb - ca
    best_a = {x: max((Indel.normalized_similarity(x, z) for z in cb), default=0.0) for x in ua}
    best_b = {x: max((Indel.normalized_similarity(x, z) for z in ca), default=0.0) for x in ub}
    sa = sum(best_a.values()) / len(ua) if ua else 1.0
    sb = sum(best_b.values()) / len(ub) if ub else 1.0
    f += [min(sa, sb), max(sa, sb), math.log1p(len(ua) + len(ub))]
    f.append(fuzz.partial_ratio(a.folded, b.folded) / 100.0)
    f.append(1.0 if a.tokens[:2] == b.tokens[:2] else 0.0)
    f.append(1.0 if a.tokens[-2:] == b.tokens[-2:] else 0.0)
    for n in (2, 3, 5):
        f.append(_dice(_char_grams(a.folded, n), _char_grams(b.folded, n)))

    def weighted_bigrams(t: _Text) -> dict:
        return {
            (t.stems[i], t.stems[i + 1]): _info(t.tokens[i], t.lang) + _info(t.tokens[i + 1], t.lang)
            for i in range(len(t.tokens) - 1)
        }

    ba, bb = weighted_bigrams(a), weighted_bigrams(b)
    ra = sum(w for k, w in ba.items() if k in bb) / sum(ba.values()) if ba else 0.0
    rb = sum(w for k, w in bb.items() if k in ba) / sum(bb.values()) if bb else 0.0
    f += [min(ra, rb), max(ra, rb)]
    # content only one side has, after forgiving near-identical spellings
    xa = sum(wa.get(x, 1.0) for x, v in best_a.items() if v < 0.75)
    xb = sum(wb.get(x, 1.0) for x, v in best_b.items() if v < 0.75)
    f += [math.log1p(min(xa, xb)), math.log1p(max(xa, xb)), math.log1p(xa + xb)]
    na, nb = len(a.numbers - b.numbers), len(b.numbers - a.numbers)
    f += [float(min(na, nb)), float(max(na, nb))]
    sa_l = [s for t, s in zip(a.tokens, a.stems) if _zipf(t, la[:2]) < 5.3]
    sb_l = [s for t, s in zip(b.tokens, b.stems) if _zipf(t, lb[:2]) < 5.3]
    if sa_l and sb_l:
        lcs = LCSseq.similarity(sa_l, sb_l)
        f += [min(lcs / len(sa_l), lcs / len(sb_l)), max(lcs / len(sa_l), lcs / len(sb_l))]
    else:
        f += [0.0, 0.0]
    # longest inserted/deleted run: an extra clause rather than scattered edits
    run_a = run_b = blocks = 0
    info_a = info_b = 0.0
    for op in Levenshtein.opcodes(list(a.stems), list(b.stems)):
        if op.tag == "equal":
            continue
        i1, i2, j1, j2 = op.src_start, op.src_end, op.dest_start, op.dest_end
        blocks += 1
        run_a, run_b = max(run_a, i2 - i1), max(run_b, j2 - j1)
        info_a = max(info_a, sum(_info(t, a.lang) for t in a.tokens[i1:i2]))
        info_b = max(info_b, sum(_info(t, b.lang) for t in b.tokens[j1:j2]))
    f += [
        math.log1p(min(run_a, run_b)), math.log1p(max(run_a, run_b)), math.log1p(blocks),
        math.log1p(min(info_a, info_b)), math.log1p(max(info_a, info_b)),
    ]
    return f


def paraphrase_features(a: str, b: str, *, lang_a: str | None = None, lang_b: str | None = None) -> list[float]:
    """The lexical feature vector of two sentences (order of :data:`FEATURE_NAMES`).

    Symmetric by construction: ``paraphrase_features(a, b) == paraphrase_features(b, a)``.
    """
    return _features(_prepare(a, lang_a), _prepare(b, lang_b))


def spline_basis(X: np.ndarray, lo: np.ndarray, hi: np.ndarray, n_knots: int = 4, degree: int = 2) -> np.ndarray:
    """Quadratic B-spline basis per feature on uniform knots in [lo, hi] (values outside are clipped).

    The same basis as scikit-learn's ``SplineTransformer(knots="uniform",
    extrapolation="constant")``, written out so that the shipped model needs
    only numpy.  Returns an array of shape (n, n_features * (n_knots + degree - 1)).
    """
    X = np.atleast_2d(np.asarray(X, dtype=float))
    n_basis = n_knots + degree - 1
    out = np.empty((X.shape[0], X.shape[1] * n_basis))
    for j in range(X.shape[1]):
        a, b = float(lo[j]), float(hi[j])
        if b <= a:
            b = a + 1.0
        step = (b - a) / (n_knots - 1)
        t = a + step * np.arange(-degree, n_knots + degree)
        x = np.clip(X[:, j], a, b - 1e-9 * (b - a))
        # Cox-de Boor recursion
        B = ((t[:-1][None, :] <= x[:, None]) & (x[:, None] < t[1:][None, :])).astype(float)
        for k in range(1, degree + 1):
            left = (x[:, None] - t[: -k - 1][None, :]) / (t[k:-1] - t[: -k - 1])[None, :]
            right = (t[k + 1 :][None, :] - x[:, None]) / (t[k + 1 :] - t[1:-k])[None, :]
            B = left * B[:, :-1] + right * B[:, 1:]
        out[:, j * n_basis : (j + 1) * n_basis] = B
    return out


#: The shipped model (see :mod:`storytrace.models`), read once.
MODEL = load_model("paraphrase-v1")
# False while FEATURE_NAMES has changed since the fit: the features can be
# computed (what bench/msrp.py --fit needs), the probability cannot
_FITTED = tuple(MODEL["features"]) == FEATURE_NAMES
_KNOTS, _DEGREE = int(MODEL["basis"]["knots"]), int(MODEL["basis"]["degree"])
_LO = np.array(MODEL["lo"], dtype=np.float64)
_HI = np.array(MODEL["hi"], dtype=np.float64)
_COEF = np.array(MODEL["coef"], dtype=np.float64)
_INTERCEPT = float(MODEL["intercept"])
_THRESHOLD = float(MODEL["threshold"])


def _probability(x: Sequence[float]) -> float:
    """The fitted model's paraphrase probability for a feature vector (:func:`paraphrase_features`).

    Raises:
        RuntimeError: the model file was fitted on other features than :data:`FEATURE_NAMES`.
    """
    if not _FITTED:
        raise RuntimeError("models/paraphrase-v1.json was fitted on other features than FEATURE_NAMES: "
                           "refit with bench/msrp.py --fit --write")
    z = float(spline_basis(np.asarray(x)[None, :], _LO, _HI, _KNOTS, _DEGREE)[0] @ _COEF + _INTERCEPT)
    return 1.0 / (1.0 + math.exp(-z))


def paraphrase_score(a: str, b: str, *, lang_a: str | None = None, lang_b: str | None = None) -> float:
    """How likely two sentences say the same thing, in [0, 1].

    Same language: a logistic model over lexical features (n-gram overlap of
    words and stems at orders 1-4, character n-grams, LCS and edit distance,
    information-weighted overlap, number and name agreement, length and edit
    runs), fitted on MSRP; repeated 10-fold cross-validated accuracy 0.781 and F1
    0.844 at the threshold ``PARAPHRASE_THRESHOLD`` (see docs/benchmarks.md).
    Different languages: the language-neutral sentence similarity used for
    alignment (numbers, names, cognate character n-grams), since lexical
    features do not carry across languages.

    Args:
        a, b: the two sentences.
        lang_a, lang_b: ISO 639-1 codes if known (stemming; cross-lingual mode
            when both are given and differ).

    Returns:
        A probability-like score; symmetric in ``a`` and ``b``.

    >>> paraphrase_score("The minister resigned on Monday.", "On Monday the minister resigned.") > 0.5
    True
    """
    if not a.strip() or not b.strip():
        return 0.0
    if lang_a and lang_b and lang_a[:2] != lang_b[:2]:
        docs = (
            Document(id="a", source="", text=a, language=lang_a),
            Document(id="b", source="", text=b, language=lang_b),
        )
        space = _Space.build(docs, {"a": (Sentence(0, 0, len(a), a),), "b": (Sentence(0, 0, len(b), b),)})
        return float(space.pair_scores("a", "b")[0][0, 0])
    if a == b:
        return 1.0
    return _probability(paraphrase_features(a, b, lang_a=lang_a, lang_b=lang_b))


PARAPHRASE_THRESHOLD = _THRESHOLD
