"""Sentences prepared for comparison: tokens, stems, folded text, numbers and names.

Shared by the paraphrase features (:mod:`storytrace.align.paraphrase`) and the
sentence vectors of the alignment (:mod:`storytrace.align.space`).  A
sentence is prepared once per language (``_prepare`` is cached): its word
tokens ("U.S." read as "US"), their Snowball stems (English stems mapped
through a small hand-written synonym list), the lower-cased transliterated
text, its numbers (thousands separators removed) and its capitalised names.
Stemmers are the text toolkit's (:func:`storytrace.text.stem.stemmer`) and
negators its :data:`storytrace.text.lexicons.NEGATORS`.
Word rarity comes from wordfreq's Zipf frequencies.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import regex

from ..text.fold import fold
from ..text.stem import Stemmer, stemmer

_TOKEN = regex.compile(r"\p{L}[\p{L}\p{M}'’]*|\p{N}+(?:[.,]\p{N}+)*")
_DOTTED = regex.compile(r"(?<![\p{L}.])(?:\p{Lu}\.){2,}")  # "U.S." -> "US"
_NUMBER = regex.compile(r"\p{N}+(?:[.,]\p{N}+)*")

# Languages Snowball can stem that the alignment has always left unstemmed
# (its paraphrase model was fitted without them): kept so results do not change.
_UNSTEMMED = frozenset({"hy", "eo", "ne", "ta", "yi"})


def _stemmer(lang: str | None) -> Stemmer | None:
    """The shared stemmer of ``lang``'s first two letters (English when None), or None when it has none."""
    code = (lang or "en")[:2]
    return None if code in _UNSTEMMED else stemmer(code)


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
    assert st is not None
    out: dict[str, str] = {}
    for line in _SYNONYM_GROUPS.strip().splitlines():
        words = line.split()
        head = st.stem(words[0])
        for w in words:
            out[st.stem(w)] = head
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
    stems = tuple(st.stem_words(tokens)) if st is not None else tokens
    if (lang or "en")[:2] == "en":
        syn = _english_synonyms()
        stems = tuple(syn.get(x, x) for x in stems)
    folded = " ".join(fold(text).split())
    numbers = frozenset(_norm_number(w) for w in words if _NUMBER.fullmatch(w))
    names = frozenset(
        fold(w) for i, w in enumerate(words) if i > 0 and w[:1].isupper() and len(w) > 1
    )
    return _Text(text, tokens, stems, folded, numbers, names, lang)
