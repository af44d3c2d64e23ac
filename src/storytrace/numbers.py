"""Numbers in running text, in several languages, with offsets into the text.

Shared by grouping (numbers are anchors that survive paraphrase and
translation: "1.000 sapadores" = "1,000 sappers" = "one-thousand engineers")
and by the fact extractors.

Why not just ``text2num.alpha2digit``: it rewrites the text (offsets are lost),
it reads "2.5 million" as "2.5 1000000", and it knows nothing about locale
digit grouping.  So digits, their locale separators and the scale words after
them ("2.5 million", "3 mil milhões") are read here; runs of number *words*
("six-thousand", "cinco mil", "sechstausend") are handed to text2num's
token-level ``find_numbers``, which reports token positions that are mapped
back to character offsets.

Every span keeps its raw ``text``: "2024" is returned as the number 2024 and
the caller decides whether it is a year.

Number words are read only where text2num has a grammar (en, fr, es, pt, de,
it, nl); elsewhere (Turkish, Polish, Russian, Arabic, Chinese) the fallback is
digits with the language's own scale words ("1 milyon 41 bin 348", "2,5 млн",
"3 مليون"): CLDR's spell-out rules (through Babel) write numbers but do not
read them.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

import text_to_num
from text_to_num import text2num

from .language import guess_language

__all__ = ["NumberSpan", "find_numbers", "number_key"]


@dataclass(frozen=True, slots=True)
class NumberSpan:
    """One number found in a text.

    ``start``/``end`` index the original text and cover the number and any
    scale words after it ("2.5 million"), not the approximation words before
    it.  ``approx`` is a canonical English label for the approximation that
    precedes the number ("about", "more than", "less than", "nearly",
    "at least", "up to") or None; ``approx_text`` is those words as written.
    """

    start: int
    end: int
    text: str
    value: float
    approx: str | None = None
    approx_text: str | None = None


# Languages that text2num reads number words in.
_WORD_LANGS = ("en", "fr", "es", "pt", "de", "it", "nl")

# Decimal comma (and "." or a space for grouping) is the rule in most languages
# that are not English-like; CLDR says so per locale, but a fixed set keeps this
# cheap and predictable for the languages news comes in.
_DECIMAL_POINT_LANGS = frozenset({"en", "zh", "ja", "ko", "he", "th", "hi", "ms", "tl", "ga", "cy", "mt", "sw"})
# Plain spaces group digits in these (fr "1 000"); elsewhere only no-break spaces do.
_SPACE_GROUP_LANGS = frozenset({"fr", "ru", "pl", "cs", "sk", "sv", "nb", "no", "nn", "fi", "uk", "hu", "et", "lt", "lv", "bg", "be", "kk"})

_NBSP = "\u00a0\u202f\u2009"
_DIGITS = re.compile(
    r"(?<![0-9A-Za-z_.,\u00c0-\u024f])"
    r"(?:\d{1,3}(?:(?P<sep>[.,'" + _NBSP + r" ])\d{3})(?:(?P=sep)\d{3})*(?:[.,]\d+)?"
    r"|\d+(?:[.,]\d+)?)"
    r"(?![\d])"
)

# Scale words after digits, lower-cased and accent-folded by hand (few enough).
_SCALES = {
    "thousand": 1e3, "thousands": 1e3, "mil": 1e3, "mille": 1e3, "mila": 1e3, "tausend": 1e3, "duizend": 1e3,
    "million": 1e6, "millions": 1e6, "millon": 1e6, "millón": 1e6, "millones": 1e6, "milhao": 1e6, "milhão": 1e6,
    "milhoes": 1e6, "milhões": 1e6, "millionen": 1e6, "milione": 1e6, "milioni": 1e6, "miljoen": 1e6,
    "mln": 1e6, "mn": 1e6,
    "billion": 1e9, "billions": 1e9, "bilhao": 1e9, "bilhão": 1e9, "bilhoes": 1e9, "bilhões": 1e9, "bn": 1e9,
    "milliard": 1e9, "milliards": 1e9, "milliarde": 1e9, "milliarden": 1e9, "miliardo": 1e9, "miliardi": 1e9,
    "miljard": 1e9, "mrd": 1e9,
    "trillion": 1e12, "trillions": 1e12, "trilhao": 1e12, "trilhão": 1e12, "trilhoes": 1e12, "trilhões": 1e12,
    "万": 1e4, "萬": 1e4, "亿": 1e8, "億": 1e8, "千": 1e3,
    "billón": 1e12, "billon": 1e12, "billones": 1e12, "bilião": 1e12, "biliões": 1e12, "billionen": 1e12,
}
# Scale words read only in their own language ("bin" is a thousand in Turkish
# and a bin in English), lower-cased; abbreviations without their dot.
_LANG_SCALES: dict[str, dict[str, float]] = {
    "tr": {"bin": 1e3, "milyon": 1e6, "milyar": 1e9, "trilyon": 1e12},
    "pl": {"tys": 1e3, "tysiąc": 1e3, "tysiące": 1e3, "tysięcy": 1e3, "mln": 1e6, "milion": 1e6, "miliony": 1e6,
           "milionów": 1e6, "mld": 1e9, "miliard": 1e9, "miliardy": 1e9, "miliardów": 1e9},
    "ru": {"тыс": 1e3, "тысяча": 1e3, "тысячи": 1e3, "тысяч": 1e3, "млн": 1e6, "миллион": 1e6, "миллиона": 1e6,
           "миллионов": 1e6, "млрд": 1e9, "миллиард": 1e9, "миллиарда": 1e9, "миллиардов": 1e9},
    "ar": {"ألف": 1e3, "الف": 1e3, "آلاف": 1e3, "مليون": 1e6, "ملايين": 1e6, "مليار": 1e9, "مليارات": 1e9},
}
# Languages that write a number as a sum of scaled parts with a bare remainder
# ("1 milyon 41 bin 348" = 1,041,348): the parts are read as one number.
_SUM_OF_PARTS_LANGS = frozenset({"tr", "pl", "ru", "ar"})


@functools.cache
def _scale_re(lang: str | None) -> tuple[re.Pattern[str], dict[str, float]]:
    """The scale-word pattern of ``lang`` and its words (the shared ones and the language's own)."""
    scales = {**_SCALES, **_LANG_SCALES.get(lang or "", {})}
    words = sorted((re.escape(k) for k in scales if k not in _CJK_SCALES), key=len, reverse=True)
    pattern = re.compile(
        r"(?:[ \u00a0]+(" + "|".join(words) + r")(?!\w)|[ \u00a0]*([" + _CJK_SCALES + r"]))",
        re.IGNORECASE,
    )
    return pattern, scales


def _scale_of(word: str, scales: dict[str, float]) -> float:
    """The value of a scale word the pattern matched, whatever its case.

    The pattern matches without case, by Unicode's simple case folding, so
    Turkish "BİN" matches "bin" although ``"BİN".lower()`` is "bi̇n" (with a
    combining dot): the word is then looked up the way the pattern matched it.

    >>> _scale_of("BİN", _scale_re("tr")[1]), _scale_of("Million", _scale_re("en")[1])
    (1000.0, 1000000.0)
    """
    value = scales.get(word.lower())
    if value is not None:
        return value
    return next(v for k, v in scales.items() if re.fullmatch(re.escape(k), word, re.IGNORECASE))


_NEXT_PART = re.compile(r"[ \u00a0]+(\d{1,3})(?![\d.,:/]\d)")


def _sum_of_parts(text: str, end: int, value: float, scale: float, lang: str | None) -> tuple[int, float]:
    """Extend a scaled number with the smaller scaled parts and the bare remainder after it."""
    pattern, scales = _scale_re(lang)
    while scale >= 1e3:
        m = _NEXT_PART.match(text, end)
        if not m:
            break
        sm = pattern.match(text, m.end())
        if sm:
            part_scale = _scale_of(sm.group(1) or sm.group(2), scales)
            if part_scale >= scale:
                break
            value += int(m.group(1)) * part_scale
            end, scale = sm.end(), part_scale
            continue
        if scale == 1e3:  # the bare remainder after the thousands ("41 bin 348")
            value += int(m.group(1))
            end = m.end()
        break
    return end, value


# The long scale: "billion" is 10^12 in these languages.
_LONG_SCALE_LANGS = frozenset({"de", "fr", "es", "it", "nl"})
# Han scale characters follow the digits without a space ("1.5万" = 15,000).
_CJK_SCALES = "万萬亿億千"

# Approximation words before a number -> canonical English label.
_APPROX = {
    "about": "about", "approximately": "about", "around": "about", "roughly": "about", "some": "about",
    "an estimated": "about", "estimated": "about", "approx.": "about", "circa": "about", "ca.": "about",
    "cerca de": "about", "aproximadamente": "about", "uns": "about", "umas": "about", "por volta de": "about",
    "unos": "about", "unas": "about", "alrededor de": "about", "en torno a": "about",
    "environ": "about", "quelque": "about", "quelques": "about", "près de": "nearly", "pres de": "nearly",
    "etwa": "about", "rund": "about", "ungefähr": "about", "circa ": "about", "zirka": "about",
    "more than": "more than", "over": "more than", "upwards of": "more than",
    "mais de": "more than", "más de": "more than", "plus de": "more than", "mehr als": "more than",
    "über": "more than", "oltre": "more than", "più di": "more than",
    "less than": "less than", "fewer than": "less than", "under": "less than",
    "menos de": "less than", "moins de": "less than", "weniger als": "less than", "meno di": "less than",
    "nearly": "nearly", "almost": "nearly", "close to": "nearly", "quase": "nearly", "casi": "nearly",
    "presque": "nearly", "fast": "nearly", "knapp": "nearly", "quasi": "nearly",
    "at least": "at least", "pelo menos": "at least", "ao menos": "at least", "al menos": "at least",
    "por lo menos": "at least", "au moins": "at least", "mindestens": "at least", "almeno": "at least",
    "up to": "up to", "até": "up to", "hasta": "up to", "jusqu'à": "up to", "bis zu": "up to", "fino a": "up to",
}
_APPROX_RE = re.compile(
    r"(?<!\w)(" + "|".join(sorted((re.escape(k.strip()) for k in _APPROX), key=len, reverse=True)) + r")"
    r"[ \u00a0]+(?:[$€£¥]|US\$|R\$)?[ \u00a0]?$",
    re.IGNORECASE,
)
_APPROX_LOWER = {k.strip().lower(): v for k, v in _APPROX.items()}

_WORD_THRESHOLD = 3.0  # text2num: lone number words below this ("one", "un") are not numbers

def _digits_value(raw: str, sep: str | None, lang: str | None, percent: bool = False) -> float:
    """Read a run of digits with separators according to the language's conventions."""
    s = raw.replace("\u00a0", " ").replace("\u202f", " ").replace("\u2009", " ")
    if sep is not None:
        sep = {"\u00a0": " ", "\u202f": " ", "\u2009": " "}.get(sep, sep)
    decimal_point = lang in _DECIMAL_POINT_LANGS if lang else None
    if sep is not None:
        # Grouped: "1,000", "1.000.000", "1 000,5", "1'000".
        groups = s.count(sep)
        if sep in {" ", "'"}:
            body, _, frac = s.replace(sep, "").partition("," if "," in s else ".")
            return float(body + ("." + frac if frac else ""))
        other = "." if sep == "," else ","
        if other in s:  # both kinds: the one that groups is ``sep``, the other is the decimal mark
            body, _, frac = s.partition(other)
            return float(body.replace(sep, "") + "." + frac)
        if groups > 1 or decimal_point is None:
            return float(s.replace(sep, ""))
        # One separator followed by exactly three digits groups thousands in
        # either convention ("3,200 kilogramos" in Latin American Spanish,
        # "1.500 people" in German): a decimal fraction is seldom written with
        # three digits.  Only "0,125", and a figure before "%", keep the
        # locale's reading.
        if (sep == "," and decimal_point) or (sep == "." and not decimal_point) or not (s.startswith("0") or percent):
            return float(s.replace(sep, ""))
        return float(s.replace(sep, "."))
    if "," in s:
        return float(s.replace(",", "."))
    return float(s)


class _Tok:
    """A token as text2num's ``find_numbers`` expects it."""

    __slots__ = ("end", "start", "value")

    def __init__(self, value: str, start: int, end: int):
        self.value = value
        self.start = start
        self.end = end

    def text(self) -> str:
        return self.value

    def nt_separated(self, previous: _Tok) -> bool:
        return False

    def not_a_number_part(self) -> bool:
        return False


def _approx_before(text: str, start: int) -> tuple[str | None, str | None]:
    window = text[max(0, start - 30):start]
    m = _APPROX_RE.search(window)
    if not m:
        return None, None
    words = m.group(1)
    return _APPROX_LOWER.get(words.lower()), words


def find_numbers(text: str, lang: str | None = None) -> list[NumberSpan]:
    """Find the numbers in ``text``: digits, number words and scale words.

    Args:
        text: any text.
        lang: ISO 639-1 code of the text's language; decides the decimal mark
            ("1.000" is a thousand in pt, "1,000" in en) and which number
            words are read.  None: guessed among en, pt, es, fr, de, it, nl.

    Returns:
        Spans sorted by position, with offsets into ``text``.

    >>> [(n.text, n.value, n.approx) for n in find_numbers("cerca de 15.000 soldados e cinco mil trabalhadores", "pt")]
    [('15.000', 15000.0, 'about'), ('cinco mil', 5000.0, None)]
    >>> [n.value for n in find_numbers("about 2.5 million and six-thousand workers", "en")]
    [2500000.0, 6000.0]
    """
    if not text:
        return []
    if lang:
        lang = lang.lower().split("-")[0].split("_")[0]
    else:
        lang = guess_language(text)
    spans: list[NumberSpan] = []
    taken: list[tuple[int, int]] = []
    long_scale = lang in _LONG_SCALE_LANGS
    for m in _DIGITS.finditer(text):
        if taken and m.start() < taken[-1][1]:
            continue  # a part of the number before ("41" in "1 milyon 41 bin 348")
        raw = m.group(0)
        sep = m.group("sep")
        if sep == " " and lang not in _SPACE_GROUP_LANGS:
            # "in 2024 100 people": a plain space groups digits only in some locales.
            head = raw.split(" ")[0]
            m2 = re.match(r"\d+(?:[.,]\d+)?", raw)
            raw, sep = (m2.group(0) if m2 else head), None
        try:
            value = _digits_value(raw, sep, lang, text[m.start() + len(raw):m.start() + len(raw) + 2].lstrip()[:1] == "%")
        except ValueError:
            continue
        start, end = m.start(), m.start() + len(raw)
        # Scale words: "2.5 million", "3 mil milhões" (products of consecutive scales).
        pos = end
        scale_re, scales = _scale_re(lang)
        total_scale = 1.0
        while True:
            sm = scale_re.match(text, pos)
            if not sm:
                break
            scale = _scale_of(sm.group(1) or sm.group(2), scales)
            word = (sm.group(1) or sm.group(2)).lower()
            if long_scale and word in {"billion", "billions"}:
                scale = 1e12
            value *= scale
            total_scale *= scale
            pos = sm.end()
        end = pos
        if total_scale > 1 and lang in _SUM_OF_PARTS_LANGS:
            end, value = _sum_of_parts(text, end, value, total_scale, lang)
        approx, approx_text = _approx_before(text, start)
        spans.append(NumberSpan(start, end, text[start:end], value, approx, approx_text))
        taken.append((start, end))
    if lang and lang in _WORD_LANGS:
        spans.extend(_word_numbers(text, lang, taken))
        spans.sort(key=lambda s: s.start)
    return spans


def _word_numbers(text: str, lang: str, taken: list[tuple[int, int]]) -> list[NumberSpan]:
    # Only runs of number words (with the connectors and hyphens inside them)
    # go to text2num, with a barrier token between runs: most words of a text
    # are not number words, and a token object for each costs more than
    # text2num itself.  The words are first looked up once per distinct word.
    known = _number_parts.get(lang)
    if known is None or len(known) > _NUMBER_PARTS_CACHE:
        if sum(map(len, _number_parts.values())) > 2 * _NUMBER_PARTS_CACHE:
            _number_parts.clear()  # many languages: bound the total, not only each one
        known = _number_parts[lang] = {}
    present_words = []
    for w in set(_ALPHA_RE.findall(text.lower())):
        part = known.get(w)
        if part is None:
            part = known[w] = w not in _CONNECTORS and _is_number_part(lang, w)
        if part:
            present_words.append(w)
    present = tuple(sorted(present_words))
    if not present:
        return []
    tokens: list[_Tok] = []
    ti = 0
    last_end = -1
    for m in _number_word_pattern(present).finditer(text):
        s, e = m.start(), m.end()
        while ti < len(taken) and taken[ti][1] <= s:
            ti += 1
        if ti < len(taken) and taken[ti][0] < e:
            continue
        if tokens and text[last_end:s].strip():
            tokens.append(_Tok(";", last_end, s))
        tokens.append(_Tok(m.group(0), s, e))
        last_end = e
    if not tokens:
        return []
    out = []
    for first_i, end_i, value in _split_runs(tokens, lang):
        first, last = tokens[first_i], tokens[end_i - 1]
        start, end = first.start, last.end
        raw = text[start:end]
        if any(ch.isdigit() for ch in raw) or first.value in _CONNECTORS_AND_HYPHEN:
            continue
        if raw.lower() in _APPROX_LOWER:  # "unos" (es) is "about", not 1
            continue
        if end_i - first_i == 1 and value < _WORD_THRESHOLD:
            continue
        approx, approx_text = _approx_before(text, start)
        out.append(NumberSpan(start, end, raw, float(value), approx, approx_text))
    return out


_ALPHA_RE = re.compile(r"[^\W\d_]+")


@functools.lru_cache(maxsize=4096)
def _number_word_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    """Number words found in a text, the connectors and hyphens that can join them."""
    alternation = "|".join(re.escape(w) for w in sorted(set(words) | _CONNECTORS, key=len, reverse=True))
    return re.compile(r"(?<!\w)(?:" + alternation + r")(?!\w)|-", re.IGNORECASE)


# word -> can it be part of a number written in words (and is not a connector), per language:
# a dict per language is cheaper to consult for every word of a text than an lru cache.
_number_parts: dict[str, dict[str, bool]] = {}
_NUMBER_PARTS_CACHE = 200_000


def _is_number_part(lang: str, word: str) -> bool:
    """Whether a lower-cased token can be part of a number written in words (cached in ``_number_parts``)."""
    if word in _CONNECTORS or word == "-":
        return True
    if not word.isalpha():
        return False
    try:
        text2num(word, lang)
    except ValueError:
        return False
    return True


_CONNECTORS = frozenset({"and", "e", "y", "et", "und", "en"})
_CONNECTORS_AND_HYPHEN = _CONNECTORS | {"-"}


def _split_runs(tokens: list[_Tok], lang: str) -> list[tuple[int, int, float]]:
    """text2num occurrences as (first token, end token, value), with one repair.

    text2num reads "cinco mil e quinze mil" as 5015 followed by 1000; when a
    bare scale word follows a run that contains a connector, the run is split
    at its last connector so that the scale joins the second number (5000, 15000).
    """
    occs = [(o.start, o.end, float(o.value)) for o in text_to_num.find_numbers(tokens, lang, _WORD_THRESHOLD) if not o.is_ordinal]
    out: list[tuple[int, int, float]] = []
    i = 0
    while i < len(occs):
        a = occs[i]
        if i + 1 < len(occs):
            b = occs[i + 1]
            if b[0] == a[1] and b[1] - b[0] == 1 and b[2] in (1e3, 1e6, 1e9):
                cuts = [k for k in range(a[0] + 1, a[1] - 1) if tokens[k].value.lower() in _CONNECTORS]
                if cuts:
                    k = cuts[-1]
                    try:
                        left = text2num(" ".join(t.value for t in tokens[a[0]:k]), lang)
                        right = text2num(" ".join(t.value for t in tokens[k + 1:b[1]]), lang)
                    except ValueError:
                        pass
                    else:
                        out.append((a[0], k, float(left)))
                        out.append((k + 1, b[1], float(right)))
                        i += 2
                        continue
        out.append(a)
        i += 1
    return out


def number_key(value: float) -> str:
    """A canonical string for a number value, equal across notations.

    >>> number_key(1000.0), number_key(2.5e6), number_key(0.125)
    ('1000', '2500000', '0.125')
    """
    if value == int(value) and abs(value) < 1e18:
        return str(int(value))
    return f"{value:.6g}"
