"""Sentence alignment between the versions of one story, and a paraphrase score.

Why by hand: sentence aligners such as hunalign, bleualign or vecalign need a
bilingual dictionary, an MT system or sentence embeddings; the default
pipeline must run with no model and no download.  So the alignment is built
from language-neutral anchors (numbers, names), lexical and fuzzy matching
(rapidfuzz), stems (snowballstemmer), character n-grams of transliterated text
(cognates such as "Rússia"/"Russia", "sapadores"/"sappers") and order: a
monotone dynamic programme over the sentence similarity matrix that allows
1-1, 1-2 and 2-1 steps, followed by a second pass that matches leftover
sentences out of order (transpositions) when they are clearly similar.

``paraphrase_score`` is a logistic regression over a quadratic spline of each
of 54 lexical features (n-gram overlap of words and stems at orders 1-4,
character n-grams, LCS, word edit distance and edit runs, wordfreq-weighted
overlap, number and name agreement, length), in the spirit of Madnani et al.
(2012, MT metrics as paraphrase features).  The coefficients below were fitted
on MSRP train by ``.venv/bin/python bench/msrp.py --fit`` (which also prints
the cross-validated figures) and are constants: nothing is trained at import.

Pair scores in alignments are the cheap language-neutral similarity (a
weighted sum of TF-IDF cosines over stems, character 4-grams and anchors), not
``paraphrase_score``, so that all pairs of a 10-version story align in well
under a second.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Mapping, Sequence

import numpy as np
import regex
from rapidfuzz import fuzz
from rapidfuzz.distance import Indel, Levenshtein, LCSseq
from unidecode import unidecode

from .records import AlignedPair, Alignment, Document, Sentence
from .sentences import split_sentences
from .settings import Settings

__all__ = [
    "FEATURE_NAMES",
    "PARAPHRASE_THRESHOLD",
    "align_versions",
    "paraphrase_features",
    "paraphrase_score",
    "spline_basis",
]

_TOKEN = regex.compile(r"\p{L}[\p{L}\p{M}'’]*|\p{N}+(?:[.,]\p{N}+)*")
_DOTTED = regex.compile(r"(?<![\p{L}.])(?:\p{Lu}\.){2,}")  # "U.S." -> "US"
_NUMBER = regex.compile(r"\p{N}+(?:[.,]\p{N}+)*")
_NEGATIONS = frozenset("not no never n't nor none nobody nothing não nunca nem no jamás ne pas jamais nicht kein keine nie".split())

_STEMMER_LANG = {
    "en": "english", "pt": "portuguese", "es": "spanish", "fr": "french", "de": "german",
    "it": "italian", "nl": "dutch", "ru": "russian", "sv": "swedish", "da": "danish",
    "no": "norwegian", "nb": "norwegian", "fi": "finnish", "ro": "romanian", "hu": "hungarian",
    "tr": "turkish", "ca": "catalan", "pl": "polish", "cs": "czech", "el": "greek",
    "ar": "arabic", "id": "indonesian", "lt": "lithuanian", "et": "estonian", "ga": "irish",
    "sr": "serbian", "eu": "basque", "hi": "hindi", "fa": "persian",
}


@lru_cache(maxsize=64)
def _stemmer(lang: str | None):
    import snowballstemmer

    name = _STEMMER_LANG.get((lang or "en")[:2], None)
    if name is None or name not in snowballstemmer.algorithms():
        return None
    return snowballstemmer.stemmer(name)


@lru_cache(maxsize=200_000)
def _zipf(word: str, lang: str) -> float:
    from wordfreq import zipf_frequency

    if lang in ("zh", "ja", "ko"):
        return 0.0  # wordfreq needs jieba/MeCab to segment these; treat every word as rare
    try:
        return zipf_frequency(word, lang)
    except (LookupError, ValueError, ImportError):
        return 0.0


def _info(word: str, lang: str | None) -> float:
    """Information weight of a word: rare words count more (IDF stand-in)."""
    if _NUMBER.fullmatch(word):
        return 5.0
    return max(0.5, 8.0 - _zipf(word, (lang or "en")[:2]))


# Small groups of common English news words that stand for each other
# ("rose"/"climbed", "bought"/"acquired").  General vocabulary written by hand,
# not fitted to any data set; with no thesaurus installed this is the one
# piece of semantics the paraphrase features get (+0.4 points of MSRP accuracy).
_SYNONYM_GROUPS = """
say said says saying told tell tells stated state states announced announce noted note added add reported report
rise rose risen rising increase increased increases climb climbed climbing gain gained gains jump jumped up advance advanced
fall fell fallen falling decline declined declines drop dropped drops slip slipped lose lost down decrease decreased slid slide
buy bought buys purchase purchased purchases acquire acquired acquires acquisition
sell sold sells
begin began begun start started starts commence
end ended ends finish finished
large big huge major
small little minor
company firm corporation
percent pct
people persons
quick fast rapid rapidly quickly
shows show showed shown reveals revealed indicates indicated
help helped aid aided assist assisted
kill killed slain slay
die died dead death
try tried attempt attempted
get got obtain obtained receive received
need needed require required requires
charge charged accuse accused
"""


@lru_cache(maxsize=1)
def _english_synonyms() -> dict[str, str]:
    st = _stemmer("en")
    out: dict[str, str] = {}
    for line in _SYNONYM_GROUPS.strip().splitlines():
        words = line.split()
        head = st.stemWord(words[0])
        for w in words:
            out[st.stemWord(w)] = head
    return out


@dataclass(frozen=True, slots=True)
class _Text:
    raw: str
    tokens: tuple[str, ...]
    stems: tuple[str, ...]
    folded: str  # lower-cased, transliterated, single-spaced
    numbers: frozenset[str]
    names: frozenset[str]
    lang: str | None


def _norm_number(s: str) -> str:
    digits = s.replace(",", "").replace(".", "") if regex.fullmatch(r"\p{N}{1,3}(?:[.,]\p{N}{3})+", s) else s.replace(",", ".")
    return digits


@lru_cache(maxsize=50_000)
def _prepare(text: str, lang: str | None) -> _Text:
    words = _TOKEN.findall(_DOTTED.sub(lambda m: m.group(0).replace(".", ""), text))
    tokens = tuple(w.lower().replace("’", "'") for w in words)
    st = _stemmer(lang)
    stems = tuple(st.stemWords(list(tokens))) if st is not None else tokens
    if (lang or "en")[:2] == "en":
        syn = _english_synonyms()
        stems = tuple(syn.get(x, x) for x in stems)
    folded = " ".join(unidecode(text).lower().split())
    numbers = frozenset(_norm_number(w) for w in words if _NUMBER.fullmatch(w))
    names = frozenset(
        unidecode(w).lower() for i, w in enumerate(words) if i > 0 and w[:1].isupper() and len(w) > 1
    )
    return _Text(text, tokens, stems, folded, numbers, names, lang)


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
    na = any(t in _NEGATIONS or t.endswith("n't") for t in a.tokens)
    nb = any(t in _NEGATIONS or t.endswith("n't") for t in b.tokens)
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
    for op, i1, i2, j1, j2 in Levenshtein.opcodes(list(a.stems), list(b.stems)):
        if op == "equal":
            continue
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


# Fitted by `python bench/msrp.py --fit` (spline basis per feature, then logistic regression).
_LO = np.array([
    0.173913, 0, 0, 0, 0.166667, 0.181818, 0.190476, 0, 0.186335, 0.166667, 0.214286, 0,
    0.497238, 0.391892, 0.143541, 0.156698, 0, 0, 0, 0.52381, 0, 0.0727624, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0.181818, 0, 0.452555, 0, 0, 0.381443, 0.245399, 0.12987, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0
])
_HI = np.array([
    1, 1, 1, 1, 1, 1, 1, 1, 0.969697, 1, 1, 1, 1, 0.991501, 1, 1, 1, 1, 1, 1, 2.56495, 1.05, 1,
    4.0106, 4.06732, 2.63906, 2.83321, 8, 1, 1, 1, 1, 1, 3.17805, 1, 1, 1, 0.987952, 0.975758,
    0.969388, 1, 1, 3.92059, 3.93281, 4.60996, 5, 9, 1, 1, 3.21888, 3.21888, 2.56495, 4.12713,
    4.14646
])
_COEF = np.array([
    -0.0384926, -0.119894, -0.0163987, 0.0350155, 0.202326, 0.138872, -0.369531, 0.11586,
    0.135573, 0.041782, 0.0860351, 0.281291, -0.132878, -0.17265, 0.00075786, 0.601082,
    -0.102587, -0.341421, -0.081516, -0.0130016, -0.0760135, 0.156732, -0.696415, 0.465651,
    0.212602, -0.0147546, -0.289539, 0.238333, 0.267146, -0.138629, -0.102894, -0.680191,
    0.147146, 0.396199, 0.302296, 0.172727, -0.354341, 0.0147017, 0.179302, 0.0501671,
    -0.196885, 0.0058928, -0.230212, 0.243949, 0.239812, 0.0810722, -0.354522, -0.35588,
    0.550154, 0.141733, 0.052135, -0.468635, 0.224323, 0.422298, -0.167565, 0.0751353,
    -0.242933, 0.0434896, 0.0243308, 0.162534, -0.28084, -0.0846961, 0.102031, -0.00180856,
    0.32787, 8.58042e-05, -0.870752, -0.074364, 0.680794, 0.326793, -0.303325, -0.0242647,
    -0.0457665, 0.0450933, 0.390819, -0.312911, -0.285658, -0.070593, 0.42709, 0.304629,
    -0.00914183, 0.024893, -0.0927505, -0.0068132, 0.146369, 0.127173, 0.127173, -8.63056e-19,
    -0.0958951, -0.0958951, 0.182548, -0.0333684, -0.0498251, 0.0123877, -0.0491862, 0.111576,
    -0.415926, -0.136833, 0.155297, 0.348443, 0.274777, -0.139196, 0.31748, -0.152393,
    -0.238113, 0.155547, 0.198751, -0.280251, -0.00901832, -0.00247228, 0.489041, 0.489041,
    -4.11986e-18, -0.457762, -0.457762, -0.0544555, 0.57533, -0.0977991, -0.0896201, -0.270899,
    0.0597834, 0.194889, 0.391654, -0.299249, -0.284521, -0.111948, 0.0787605, -0.05154,
    0.0305653, 0.116718, 0.0611762, 0.106913, -0.0597928, -0.383937, 0.338197, -0.102173,
    -0.289265, 0.39757, 0.0841799, -0.0277556, 0.0615913, 0.00827515, -0.0351266, -0.254772,
    0.282588, 0.101481, 0.206546, -0.452128, -0.137813, 0.344471, 0.00706667, -0.237236,
    0.133556, 0.169348, -0.0101784, 0.0705411, -0.295449, -0.0213459, 0.181245, 0.127565,
    -0.305719, -0.00101179, 0.175455, 0.0744676, 0.119364, 0.127735, 0.0759022, -0.264951,
    0.22956, -0.10569, 0.216604, 0.586381, 0.309591, -0.65747, -0.39255, 0.122363, 0.122363,
    -8.19765e-19, -0.091085, -0.091085, 0.0111691, 0.0111691, 1.80981e-19, 0.020109, 0.020109,
    -0.451166, -0.426707, 0.239786, 0.359826, 0.340817, -0.410026, -0.357185, 0.0741483,
    0.456739, 0.29888, -0.0397199, 0.170318, -0.365433, 0.105617, 0.191773, 0.138915, 0.479722,
    0.230885, -0.847148, 0.060182, 0.126478, 0.491304, -0.151473, -0.0521768, -0.351577,
    0.336651, -0.0158414, 0.224018, -0.0827413, -0.39953, 0.110848, 0.0651153, 0.251918,
    -0.164921, -0.200404, 0.108555, -0.0313443, 0.366911, -0.0759139, -0.305652, 0.355378,
    0.230786, 0.228955, -0.620656, -0.131906, 0.285052, 0.197599, -0.347656, -0.0572158,
    -0.0152227, 0.0508901, 0.219893, 0.0723739, -0.327654, 0.0470536, 0.0296472, 0.0115339,
    0.00628188, 0.207863, -0.19277, -0.180326, -0.255421, -0.509371, 0.905573, 0.102102,
    0.041155, 0.627506, 0.231116, -0.907106, 0.0698848, 0.000238644, -0.0919056, -0.412686,
    0.299275, 0.267634, -0.351931, -0.136864, 0.216338, 0.133604, 0.20141, 0.0101163, 0.606411,
    -0.103501, -0.62086, 0.170391
])
_INTERCEPT = 0.170641
_THRESHOLD = 0.46


def _probability(x: Sequence[float]) -> float:
    z = float(spline_basis(np.asarray(x)[None, :], _LO, _HI)[0] @ _COEF + _INTERCEPT)
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


# --------------------------------------------------------------------------
# Alignment
# --------------------------------------------------------------------------

_GRAM_MAX = 3000  # sentences in a story up to which all similarities are computed at once
_DIM = 2048  # hashed dimension of each feature block (crc32, so order-independent)
# Weights of the block cosines: (words, chars, anchors).
_W_SAME = (0.5, 0.25, 0.25)
_W_CROSS = (0.15, 0.45, 0.4)
_MERGE_PENALTY = 0.05  # a 1-2 or 2-1 step must beat the 1-1 step by this much
_TRANSPOSE_MARGIN = 0.1  # out-of-order matches need min_score + this
_GAP_FACTOR = 0.5  # across languages, a sentence between aligned neighbours needs half the usual score
_CROSS_FACTOR = 0.6  # cross-lingual similarities run lower: min_score is scaled by this
_POSITION_BONUS = 0.05  # at most this is added to the gain of a pair on the diagonal ...
_POSITION_BAND = 0.15  # ... fading to nothing this far (relative position) from it
_LIGHT_EDIT = 0.85  # character similarity at or above which an edit is light
_CAP_WORD = regex.compile(r"\p{Lu}[\p{L}\p{M}'’-]{2,}")
_POSSESSIVE = regex.compile(r"['’]s?$")
_URL = regex.compile(r"(?:https?://|www\.)\S+", regex.I)
_ACRONYM = regex.compile(r"(?<![\p{L}.])(?:\p{Lu}\.){2,}|(?<!\p{L})\p{Lu}{2,6}(?!\p{L})")
# The same organisation or country under its acronym in other languages;
# general knowledge, kept tiny on purpose.
_ACRONYM_EQUIV = {
    "eua": "us", "eeuu": "us", "usa": "us", "onu": "un", "otan": "nato", "nato": "nato",
    "ue": "eu", "oms": "who", "oit": "ilo", "fmi": "imf", "ocde": "oecd", "ru": "uk",
}
# Acronyms that stand for a country: the same anchor as the CLDR place name.
_ACRONYM_PLACE = {"us": "united states", "uk": "united kingdom", "uae": "united arab emirates"}


@lru_cache(maxsize=200_000)
def _slot(feature: str) -> int:
    import zlib

    return zlib.crc32(feature.encode("utf-8")) % _DIM


def _doc_lang(doc: Document) -> str | None:
    if doc.language:
        return doc.language[:2]
    from .numbers import guess_language

    return guess_language(doc.text)


def _anchor_keys(doc: Document, sentences: tuple[Sentence, ...], lang: str | None) -> list[list[str]]:
    """Language-neutral anchors per sentence: numbers, CLDR places, capitalised names."""
    from .names import find_places, name_key
    from .numbers import find_numbers, number_key

    out: list[list[str]] = [[] for _ in sentences]
    starts = [s.start for s in sentences]

    def which(pos: int) -> int | None:
        import bisect

        k = bisect.bisect_right(starts, pos) - 1
        return k if k >= 0 and pos < sentences[k].end else None

    urls = [m.span() for m in _URL.finditer(doc.text)]
    for span in find_numbers(doc.text, lang):
        if any(a <= span.start < b for a, b in urls):
            continue  # "article22489714.html" is not a detail of the story
        k = which(span.start)
        if k is not None:
            out[k].append("n:" + number_key(span.value))
    place_spans = []
    for start, end, name in find_places(doc.text):
        k = which(start)
        if k is not None:
            out[k].append("p:" + name.lower())
            place_spans.append((start, end))
    for k, s in enumerate(sentences):
        first = True
        for m in _CAP_WORD.finditer(s.text):
            if first and m.start() == len(s.text) - len(s.text.lstrip(" \"'“‘«„(")):
                first = False
                continue  # the sentence's first word is capitalised anyway
            first = False
            pos = s.start + m.start()
            if m.group(0).isupper() or any(a <= pos < b for a, b in place_spans) or any(a <= pos < b for a, b in urls):
                continue
            out[k].append("w:" + name_key(_POSSESSIVE.sub("", m.group(0))))
        for m in _ACRONYM.finditer(s.text):
            if any(a <= s.start + m.start() < b for a, b in urls):
                continue
            key = m.group(0).replace(".", "").lower()
            key = _ACRONYM_EQUIV.get(key, key)
            # "YONHAP" and "Yonhap" are one name; "U.S." is a place
            out[k].append("p:" + _ACRONYM_PLACE[key] if key in _ACRONYM_PLACE else "w:" + name_key(key))
    return out


def _char_features(folded: str) -> list[str]:
    feats = []
    for w in folded.split():
        w = "".join(ch for ch in w if ch.isalnum())
        if len(w) < 3:
            continue
        p = f"<{w}>"
        feats.extend(p[i : i + 4] for i in range(len(p) - 3))
    return feats


class _Space:
    """Hashed TF-IDF vectors of every sentence of a story, per feature block
    (unit rows; IDF over the whole story), so that the similarities of any
    pair of versions are one small matrix product per block."""

    def __init__(self, offsets: dict[str, int], counts: dict[str, int], langs: dict[str, str | None], mats: list[np.ndarray], present: list[np.ndarray]):
        self.offsets = offsets
        self.counts = counts
        self.langs = langs
        self.mats = mats
        self.present = present
        n = mats[0].shape[0] if mats else 0
        # one Gram matrix per block when it is small (fast); per-pair products otherwise (bounded memory)
        self.grams = [M @ M.T for M in mats] if n <= _GRAM_MAX else None

    @classmethod
    def build(cls, documents: Sequence[Document], sentences: Mapping[str, tuple[Sentence, ...]]) -> "_Space":
        rows: list[list[list[str]]] = [[], [], []]
        offsets: dict[str, int] = {}
        counts: dict[str, int] = {}
        langs: dict[str, str | None] = {}
        n = 0
        for doc in documents:
            sents = sentences[doc.id]
            lang = _doc_lang(doc)
            langs[doc.id] = lang
            offsets[doc.id] = n
            counts[doc.id] = len(sents)
            n += len(sents)
            anchors = _anchor_keys(doc, sents, lang)
            for k, s in enumerate(sents):
                t = _prepare(s.text, lang)
                rows[0].append([st for tok, st in zip(t.tokens, t.stems) if len(tok) > 1])
                rows[1].append(_char_features(t.folded))
                rows[2].append(anchors[k])
        mats, present = [], []
        for block in rows:
            mat = np.zeros((n, _DIM), dtype=np.float32)
            for i, feats in enumerate(block):
                if feats:
                    np.add.at(mat[i], [_slot(f) for f in feats], 1.0)
            nz = mat > 0
            df = nz.sum(axis=0)
            np.log(mat, out=mat, where=nz)
            mat += nz  # 1 + log(tf) on present slots
            mat *= np.log(1.0 + (n + 1) / np.maximum(df, 1)).astype(np.float32)
            norms = np.linalg.norm(mat, axis=1)
            has = norms > 0
            mat[has] /= norms[has, None]
            mats.append(mat)
            present.append(has)
        return cls(offsets, counts, langs, mats, present)

    def _combine(self, cosines: list[np.ndarray], has_a: list[np.ndarray], has_b: list[np.ndarray], cross: bool) -> np.ndarray:
        weights = _W_CROSS if cross else _W_SAME
        total = np.zeros_like(cosines[0])
        wsum = np.zeros_like(cosines[0])
        for cos, ha, hb, w in zip(cosines, has_a, has_b, weights):
            either = ha[:, None] | hb[None, :]
            total += np.where(either, w * cos, 0.0)
            wsum += np.where(either, w, 0.0)
        return np.divide(total, wsum, out=np.zeros_like(total), where=wsum > 0)

    def pair_scores(self, a: str, b: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Scores of version ``a`` against ``b``: 1-1 (n×m), a_i vs b_j+b_j+1 (n×m-1), a_i+a_i+1 vs b_j (n-1×m)."""
        oa, ob = self.offsets[a], self.offsets[b]
        na = self.counts[a]
        nb = self.counts[b]
        cross = bool(self.langs[a] and self.langs[b] and self.langs[a] != self.langs[b])
        ia, ib = slice(oa, oa + na), slice(ob, ob + nb)
        c11, c12, c21 = [], [], []
        ha, hb, ha2, hb2 = [], [], [], []
        for k, (M, has) in enumerate(zip(self.mats, self.present)):
            Ma, Mb = M[ia], M[ib]
            g = (self.grams[k][ia, ib] if self.grams is not None else Ma @ Mb.T).astype(np.float64)
            c11.append(g)
            ha.append(has[ia])
            hb.append(has[ib])
            # similarity of each sentence with the next one of the same version
            gb = np.einsum("ij,ij->i", Mb[:-1], Mb[1:]).astype(np.float64) if nb > 1 else np.zeros(0)
            ga = np.einsum("ij,ij->i", Ma[:-1], Ma[1:]).astype(np.float64) if na > 1 else np.zeros(0)
            sb = has[ib].astype(np.float64)
            sa = has[ia].astype(np.float64)
            # |u+v|^2 for unit (or zero) vectors u, v
            nb2 = np.sqrt(np.maximum(sb[:-1] + sb[1:] + 2 * gb, 1e-12)) if nb > 1 else np.zeros(0)
            na2 = np.sqrt(np.maximum(sa[:-1] + sa[1:] + 2 * ga, 1e-12)) if na > 1 else np.zeros(0)
            c12.append((g[:, :-1] + g[:, 1:]) / nb2[None, :] if nb > 1 else np.zeros((na, 0)))
            c21.append((g[:-1, :] + g[1:, :]) / na2[:, None] if na > 1 else np.zeros((0, nb)))
            hb2.append(has[ib][:-1] | has[ib][1:] if nb > 1 else np.zeros(0, bool))
            ha2.append(has[ia][:-1] | has[ia][1:] if na > 1 else np.zeros(0, bool))
        s11 = self._combine(c11, ha, hb, cross)
        s12 = self._combine(c12, ha, hb2, cross) if nb > 1 else np.zeros((na, 0))
        s21 = self._combine(c21, ha2, hb, cross) if na > 1 else np.zeros((0, nb))
        return s11, s12, s21


def _monotone(s11: np.ndarray, s12: np.ndarray, s21: np.ndarray, threshold: float) -> list[tuple[tuple[int, ...], tuple[int, ...], float]]:
    """Best monotone alignment with 1-1, 1-2, 2-1 steps and skips (gain = score - threshold)."""
    n, m = s11.shape
    neg = -1e9
    best = np.zeros((n + 1, m + 1))
    back = np.zeros((n + 1, m + 1), dtype=np.int8)  # 0 skip a, 1 skip b, 2 1-1, 3 1-2, 4 2-1
    # a small bonus for pairs near the diagonal: versions mostly keep the order
    rel = np.abs((np.arange(n)[:, None] + 0.5) / n - (np.arange(m)[None, :] + 0.5) / m)
    bonus = _POSITION_BONUS * np.clip(1.0 - rel / _POSITION_BAND, 0.0, 1.0)
    g11 = s11 - threshold + bonus
    g12 = s12 - threshold - _MERGE_PENALTY + bonus[:, : max(m - 1, 0)]
    g21 = s21 - threshold - _MERGE_PENALTY + bonus[: max(n - 1, 0), :]
    floor = threshold / 3
    for i in range(n + 1):
        for j in range(m + 1):
            if i == 0 and j == 0:
                continue
            v, k = neg, 0
            if i > 0 and best[i - 1, j] > v:
                v, k = best[i - 1, j], 0
            if j > 0 and best[i, j - 1] > v:
                v, k = best[i, j - 1], 1
            if i > 0 and j > 0 and g11[i - 1, j - 1] > 0:
                c = best[i - 1, j - 1] + g11[i - 1, j - 1]
                if c > v:
                    v, k = c, 2
            if i > 0 and j > 1 and g12[i - 1, j - 2] > 0 and s11[i - 1, j - 2] > floor and s11[i - 1, j - 1] > floor:
                c = best[i - 1, j - 2] + g12[i - 1, j - 2]
                if c > v:
                    v, k = c, 3
            if i > 1 and j > 0 and g21[i - 2, j - 1] > 0 and s11[i - 2, j - 1] > floor and s11[i - 1, j - 1] > floor:
                c = best[i - 2, j - 1] + g21[i - 2, j - 1]
                if c > v:
                    v, k = c, 4
            best[i, j] = v
            back[i, j] = k
    out = []
    i, j = n, m
    while i > 0 or j > 0:
        k = back[i, j]
        if k == 0:
            i -= 1
        elif k == 1:
            j -= 1
        elif k == 2:
            out.append(((i - 1,), (j - 1,), float(s11[i - 1, j - 1])))
            i, j = i - 1, j - 1
        elif k == 3:
            out.append(((i - 1,), (j - 2, j - 1), float(s12[i - 1, j - 2])))
            i, j = i - 1, j - 2
        else:
            out.append(((i - 2, i - 1), (j - 1,), float(s21[i - 2, j - 1])))
            i, j = i - 2, j - 1
    out.reverse()
    return out


_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "‘": "'", "’": "'", "—": "-", "–": "-"})


def _norm_for_identity(text: str) -> str:
    return " ".join(text.translate(_QUOTES).casefold().split())


def _label(texts_a: list[str], texts_b: list[str], cross: bool) -> str:
    if cross:
        return "translation"
    ta = _norm_for_identity(" ".join(texts_a))
    tb = _norm_for_identity(" ".join(texts_b))
    if ta == tb:
        return "identical"
    if Indel.normalized_similarity(ta, tb) >= _LIGHT_EDIT:
        return "light_edit"
    return "paraphrase"


def _align_pair(space: _Space, a: Document, b: Document, sa: tuple[Sentence, ...], sb: tuple[Sentence, ...], threshold: float) -> Alignment:
    if not sa or not sb:
        pairs = [AlignedPair(a=(i,), b=(), label="omission", score=0.0) for i in range(len(sa))]
        pairs += [AlignedPair(a=(), b=(j,), label="addition", score=0.0) for j in range(len(sb))]
        return Alignment(a=a.id, b=b.id, pairs=tuple(pairs))
    s11, s12, s21 = space.pair_scores(a.id, b.id)
    cross = bool(space.langs[a.id] and space.langs[b.id] and space.langs[a.id] != space.langs[b.id])
    if cross:
        threshold *= _CROSS_FACTOR
    steps = _monotone(s11, s12, s21, threshold)
    used_a = {i for ia, _, _ in steps for i in ia}
    used_b = {j for _, jb, _ in steps for j in jb}
    # transpositions: clearly similar sentences left over by the monotone pass
    left = sorted(
        ((float(s11[i, j]), i, j) for i in range(len(sa)) if i not in used_a for j in range(len(sb)) if j not in used_b),
        reverse=True,
    )
    for score, i, j in left:
        if score < threshold + _TRANSPOSE_MARGIN:
            break
        if i in used_a or j in used_b:
            continue
        steps.append(((i,), (j,), score))
        used_a.add(i)
        used_b.add(j)
    if cross:  # across languages anchors are sparse, so the order of the text counts for more
        _fill_gaps(steps, s11, used_a, used_b, threshold * _GAP_FACTOR)
    pairs = [
        AlignedPair(a=ia, b=jb, label=_label([sa[i].text for i in ia], [sb[j].text for j in jb], cross), score=round(min(1.0, max(0.0, sc)), 4))
        for ia, jb, sc in steps
    ]
    pairs += [AlignedPair(a=(i,), b=(), label="omission", score=0.0) for i in range(len(sa)) if i not in used_a]
    pairs += [AlignedPair(a=(), b=(j,), label="addition", score=0.0) for j in range(len(sb)) if j not in used_b]
    keys = {id(p): (p.a[0] if p.a else _after(p.b[0], pairs), 0 if p.a else 1, p.b[0] if p.b else -1) for p in pairs}
    pairs.sort(key=lambda p: keys[id(p)])
    return Alignment(a=a.id, b=b.id, pairs=tuple(pairs))


def _fill_gaps(steps: list, s11: np.ndarray, used_a: set[int], used_b: set[int], floor: float) -> None:
    """Align a sentence left alone between two aligned neighbours on both sides.

    When sentence i of one version and sentence j of the other are both
    unaligned, their neighbours are aligned to each other (i-1 to j-1 and i+1
    to j+1, or a document edge), and each is the other's best remaining match,
    the order of the text vouches for the pair, so a lower score (``floor``)
    suffices.  This catches translations whose anchors were garbled.
    """
    n, m = s11.shape
    linked = {(i, j) for ia, jb, _ in steps for i in ia for j in jb}
    partner = {i: j for i, j in sorted(linked)}
    for i in range(n):
        if i in used_a:
            continue
        if i == 0:
            j = 0
        elif i - 1 in partner:
            j = partner[i - 1] + 1
        else:
            continue
        if j >= m or j in used_b:
            continue
        after_ok = (i + 1 == n and j + 1 == m) or (i + 1, j + 1) in linked
        if not after_ok or s11[i, j] < floor:
            continue
        row = [s11[i, k] for k in range(m) if k not in used_b]
        col = [s11[k, j] for k in range(n) if k not in used_a]
        if s11[i, j] < max(row) or s11[i, j] < max(col):
            continue
        steps.append(((i,), (j,), float(s11[i, j])))
        used_a.add(i)
        used_b.add(j)
        linked.add((i, j))
        partner[i] = j


def _after(j: int, pairs: list[AlignedPair]) -> float:
    """Sort position of an addition: after the omissions, just before the next aligned a-sentence."""
    later = [min(p.a) for p in pairs if p.a and p.b and min(p.b) > j]
    return (min(later) if later else 1e9) - 0.5


def align_versions(
    documents: Sequence[Document], settings: Settings | None = None
) -> tuple[dict[str, tuple[Sentence, ...]], tuple[Alignment, ...]]:
    """Split every version into sentences and align every pair of versions.

    Args:
        documents: the versions of one story (any languages).  For each pair
            the earlier one in input order is ``Alignment.a``.
        settings: reads ``align.min_score`` (pairs below it are not aligned).

    Returns:
        ``(sentences_by_document_id, alignments)`` with one :class:`Alignment`
        per pair of versions.  Each :class:`AlignedPair` is 1-1, 1-2 or 2-1 and
        labelled ``identical``, ``light_edit``, ``paraphrase`` or
        ``translation`` (different languages); leftovers are ``omission``
        (only in a, ``b=()``) and ``addition`` (only in b, ``a=()``).  Pair
        scores are the language-neutral sentence similarity in [0, 1].

    Example:
        >>> a = Document(id="a", source="", text="Kim met Putin in 2024. They signed a treaty.")
        >>> b = Document(id="b", source="", text="Kim met Putin in 2024. Rain fell in Seoul.")
        >>> sents, (al,) = align_versions([a, b])
        >>> [p.label for p in al.pairs]
        ['identical', 'omission', 'addition']
    """
    settings = settings or Settings()
    threshold = float(settings.align.min_score)
    docs = list(documents)
    sentences = {d.id: split_sentences(d.text, d.language) for d in docs}
    if len(docs) < 2:
        return sentences, ()
    space = _Space.build(docs, sentences)
    alignments = []
    for x in range(len(docs)):
        for y in range(x + 1, len(docs)):
            a, b = docs[x], docs[y]
            alignments.append(_align_pair(space, a, b, sentences[a.id], sentences[b.id], threshold))
    return sentences, tuple(alignments)
