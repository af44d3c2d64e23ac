"""Names that mean the same thing across languages, spellings and scripts.

Two small, stable keys used by grouping, alignment and the fact extractors:

* :func:`canonical_place` maps a country or region name in any CLDR locale
  ("Coreia do Norte", "Coréia do Norte", "Corée du Nord", "Nordkorea",
  "Северная Корея") to its English CLDR name ("North Korea").  The table is
  built once, lazily, from Babel's CLDR data for every base locale (about 0.6 s).
  Names are compared after :func:`~storytrace.text.fold.fold_words`
  (transliteration to ASCII with unidecode, lower case, punctuation and
  hyphens as spaces), so accents, case and script do not matter.
* :func:`name_key` folds a person's name so that transliteration and spelling
  variants meet: "Kim Jong Un" = "Kim Jong-un" = "Kim Jong-Un" = "Kím Jong Ün".
* :func:`same_name` tells whether two written names are one name in different
  grammatical cases: "Paweł Rajewski" = "Pawłem Rajewskim" (Polish
  instrumental), "Путина" = "Путин", "Merkels" = "Merkel" (German genitive),
  "Erdoğan'ın" = "Erdoğan".

How inflected names are matched (:func:`same_name_word`), in order:

1. the same :func:`name_key`;
2. a suffix after an apostrophe (Turkish case endings "Ankara'da", the
   English possessive "Putin's") is dropped first;
3. the same Snowball stem in the text's language (:mod:`storytrace.text.stem`,
   which covers Polish, Russian, Turkish, German, ...), compared after folding
   so that "Путина" and "Putin" meet; where names do not decline, only when
   one word extends the other (the German genitive "Merkels"), since stems
   conflate different names there ("Maria", "Mario");
4. in languages that decline names (:data:`CASE_LANGUAGES`), stems that share
   their first three letters and differ by one edit (the Polish mobile *e*:
   "Paweł" → stem "paweł", "Pawłem" → "pawł"), or, where Snowball stems
   differently, words that share a prefix covering at least
   :data:`INFLECTION_MIN_PREFIX` of the shorter word with endings of at most
   three letters (a case ending, not another name).

Stems and edits are Snowball's and rapidfuzz's, not hand-made: the only rule
added here is when an edit counts, and it is limited to languages whose
grammar inflects names, so "Maria" and "Mario" stay apart in Italian.

:func:`find_places` scans a text for the CLDR names, for callers that need
them in running text.

Why hand-written: CLDR gives the names but no matcher for running text, and
no library folds person-name spellings in a documented, stable way.
Demonyms ("North Korean", "norte-coreano") are not in CLDR and are not
guessed here: a wrong guess would merge unrelated stories.
"""

from __future__ import annotations

import functools
import re

import regex

from .text.fold import fold_words

__all__ = [
    "CASE_LANGUAGES",
    "INFLECTION_MIN_PREFIX",
    "canonical_place",
    "find_places",
    "name_key",
    "place_names",
    "place_words",
    "same_name",
    "same_name_word",
]

# Babel lists regions such as "World" (001) or "Outlying Oceania"; the ones
# that are numeric are kept (Europe, Africa), but these codes are not places.
_SKIP_CODES = frozenset({"ZZ", "001", "QO", "XA", "XB", "EZ", "UN"})
_MIN_CHARS = 4  # shorter folded names ("Mali" passes, CLDR's "EU" does not) collide with words



@functools.cache
def place_names() -> dict[str, str]:
    """The folded name -> English CLDR name table, from every base CLDR locale.

    A folded name that two territories share in different locales is dropped
    unless one of them is the English name (which wins).
    """
    from babel import Locale, localedata

    english = Locale("en").territories
    by_name: dict[str, set[str]] = {}
    for ident in sorted(localedata.locale_identifiers()):
        if "_" in ident:
            continue
        try:
            territories = Locale.parse(ident).territories
        except Exception:  # a locale Babel lists but cannot load: skip it
            continue
        for code, name in territories.items():
            if code in _SKIP_CODES or code not in english:
                continue
            key = fold_words(name)
            if len(key.replace(" ", "")) < _MIN_CHARS:
                continue
            by_name.setdefault(key, set()).add(code)
    table: dict[str, str] = {}
    english_keys = {fold_words(name): code for code, name in english.items() if code not in _SKIP_CODES}
    for key, codes in by_name.items():
        if key in english_keys and english_keys[key] in codes:
            table[key] = english[english_keys[key]]
        elif len(codes) == 1:
            table[key] = english[next(iter(codes))]
    return table


def canonical_place(name: str, lang: str | None = None) -> str | None:
    """The English CLDR name of a country or region written in any locale, or None.

    Args:
        name: the name as written, e.g. "Coréia do Norte".
        lang: the language it is written in; unused today (every locale is
            searched, since names are unambiguous after folding), accepted so
            callers need not change if a language-specific table is added.

    Returns:
        The English CLDR name ("North Korea") or None if unknown.

    >>> canonical_place("Coréia do Norte"), canonical_place("Nordkorea", "de"), canonical_place("Kursk")
    ('North Korea', 'North Korea', None)
    """
    del lang
    return place_names().get(fold_words(name))


def find_places(text: str) -> list[tuple[int, int, str]]:
    """Find CLDR country and region names in running text.

    A match must start with a capital letter in scripts that have case (so
    "turkey" the bird is not Turkey); the longest name wins.

    Returns:
        (start, end, English CLDR name) with offsets into ``text``.

    >>> find_places("A Coreia do Norte e a Rússia; the USA")
    [(2, 17, 'North Korea'), (22, 28, 'Russia')]
    """
    table = place_names()
    starts = _first_words()
    out = _find_cjk_places(text) if _CJK_RUN.search(text) else []
    pos = 0
    for m in _CAPITALISED.finditer(text):
        if m.start() < pos:
            continue
        longest = starts.get(_fold_word(m.group(0)))
        if longest is None:
            continue
        words = [m]
        for w in _WORD.finditer(text, m.end()):
            if len(words) >= longest:
                break
            words.append(w)
        for n in range(len(words), 0, -1):
            name = table.get(" ".join(_fold_word(w.group(0)) for w in words[:n]))
            if name is not None:
                out.append((m.start(), words[n - 1].end(), name))
                pos = words[n - 1].end()
                break
    return sorted(out)


_CJK_RUN = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]+")


@functools.cache
def _cjk_place_names() -> dict[str, str]:
    """CLDR names written in Han, kana or Hangul -> English name.

    These scripts do not separate words, so names are looked up as substrings.
    """
    from babel import Locale

    english = Locale("en").territories
    out: dict[str, str] = {}
    for ident in ("zh", "zh_Hant", "ja", "ko", "yue"):
        try:
            territories = Locale.parse(ident).territories
        except Exception:
            continue
        for code, name in territories.items():
            if code in _SKIP_CODES or code not in english or len(name) < 2 or not _CJK_RUN.fullmatch(name):
                continue
            out.setdefault(name, english[code])
    return out


def _find_cjk_places(text: str) -> list[tuple[int, int, str]]:
    table = _cjk_place_names()
    longest = max(map(len, table), default=0)
    out = []
    for run in _CJK_RUN.finditer(text):
        s, i = run.group(0), 0
        while i < len(s):
            for n in range(min(longest, len(s) - i), 1, -1):
                name = table.get(s[i:i + n])
                if name is not None:
                    out.append((run.start() + i, run.start() + i + n, name))
                    i += n
                    break
            else:
                i += 1
    return out


_CAPITALISED = regex.compile(r"(?<!\w)[\p{Lu}\p{Lo}]\w*")
_WORD = re.compile(r"\w+")


@functools.lru_cache(maxsize=200_000)
def _fold_word(word: str) -> str:
    return fold_words(word)


@functools.cache
def _first_words() -> dict[str, int]:
    """First folded word of each place name -> the most words a name starting with it has."""
    out: dict[str, int] = {}
    for key in place_names():
        words = key.split()
        out[words[0]] = max(out.get(words[0], 0), len(words))
    return out


@functools.cache
def place_words() -> frozenset[str]:
    """Every folded word that is part of some CLDR place name ("north", "coreia", "russia")."""
    return frozenset(w for key in place_names() for w in key.split())


_DOUBLE = re.compile(r"([a-z])\1+")


def name_key(name: str) -> str:
    """A key on which spelling and transliteration variants of a person's name agree.

    Folds script and accents (unidecode), case, spaces, hyphens and
    apostrophes, doubled letters, and a few transliteration habits (y/i, ph/f,
    kh/h, ou/u) — rules that apply to any name, none to a particular one.

    >>> name_key("Kim Jong Un") == name_key("Kim Jong-un") == name_key("Kim Jong-Un") == name_key("Kím Jong Ün")
    True
    >>> name_key("Sergei Shoigu") == name_key("Sergey Shoygu")
    True
    """
    s = fold_words(name).replace(" ", "")
    s = s.replace("ph", "f").replace("kh", "h").replace("ou", "u").replace("y", "i")
    return _DOUBLE.sub(r"\1", s)


# Languages whose grammar declines proper names (case endings on names).
CASE_LANGUAGES = frozenset("pl ru uk be cs sk sl hr sr bs bg lt lv fi et hu tr az el ka hy".split())
INFLECTION_MIN_PREFIX = 0.8  # share of the shorter word two inflected forms must share from the start
_APOSTROPHE_SUFFIX = regex.compile(r"['’`]\p{Ll}{1,5}$")


def _name_words(name: str) -> list[str]:
    return [_APOSTROPHE_SUFFIX.sub("", w) for w in regex.findall(r"[\p{L}\p{M}'’`]+", name) if regex.search(r"\p{L}", w)]


@functools.lru_cache(maxsize=100_000)
def same_name_word(a: str, b: str, lang: str | None = None) -> bool:
    """Whether two words of names are one word in different grammatical forms (see the module docstring).

    >>> same_name_word("Pawłem", "Paweł", "pl"), same_name_word("Rajewskiego", "Rajewski", "pl")
    (True, True)
    >>> same_name_word("Merkels", "Merkel", "de"), same_name_word("Путина", "Putin", "ru")
    (True, True)
    >>> same_name_word("Maria", "Mario", "it"), same_name_word("Kowalski", "Nowak", "pl")
    (False, False)
    """
    from rapidfuzz.distance import Levenshtein

    from .text.stem import stemmer

    a, b = _APOSTROPHE_SUFFIX.sub("", a), _APOSTROPHE_SUFFIX.sub("", b)
    if name_key(a) == name_key(b):
        return True
    stem = stemmer(lang)
    fa, fb = fold_words(a).replace(" ", ""), fold_words(b).replace(" ", "")
    sa, sb = fa, fb
    if stem is not None:
        sa, sb = fold_words(stem(a.lower())).replace(" ", ""), fold_words(stem(b.lower())).replace(" ", "")
        # Where names do not decline, a shared stem counts only for an added
        # ending (the German genitive "Merkels"), not two endings ("Maria", "Mario").
        if len(sa) >= 3 and sa == sb and (lang in CASE_LANGUAGES or fa.startswith(fb) or fb.startswith(fa)):
            return True
    if lang not in CASE_LANGUAGES or min(len(fa), len(fb)) < 4:
        return False
    if sa[:3] == sb[:3] and min(len(sa), len(sb)) >= 4 and Levenshtein.distance(sa, sb) <= 1:
        return True
    shorter = min(len(fa), len(fb))
    prefix = 0
    while prefix < shorter and fa[prefix] == fb[prefix]:
        prefix += 1
    return prefix >= max(4, INFLECTION_MIN_PREFIX * shorter) and len(fa) - prefix <= 3 and len(fb) - prefix <= 3


def same_name(a: str, b: str, lang: str | None = None) -> bool:
    """Whether two written names are one name, allowing for case endings.

    The words must match in order (:func:`same_name_word`); a shorter name
    matches the last words of a longer one (a surname alone).

    Args:
        a, b: the names as written.
        lang: the language they are written in (ISO 639-1).

    >>> same_name("Paweł Rajewski", "Pawłem Rajewskim", "pl"), same_name("Rajewskiego", "Paweł Rajewski", "pl")
    (True, True)
    >>> same_name("Erdoğan'ın", "Recep Tayyip Erdoğan", "tr"), same_name("Jan Nowak", "Jan Kowalski", "pl")
    (True, False)
    """
    wa, wb = _name_words(a), _name_words(b)
    if not wa or not wb:
        return False
    if len(wa) > len(wb):
        wa, wb = wb, wa
    return all(same_name_word(x, y, lang) for x, y in zip(wa, wb[len(wb) - len(wa):]))
