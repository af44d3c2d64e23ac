"""Language-neutral fingerprints of documents, for story grouping.

A fingerprint holds what survives paraphrase and translation, each feature
with a weight that says how telling it is:

* ``anchors`` — language-neutral facts: numbers normalised per locale
  (``number:1000`` for "1,000", "1.000", "one-thousand", "mil"), dates and
  weekdays read with CLDR month and weekday names in each locale
  (``date:--06-18``, ``date:2025-06-18``, ``weekday:1``), countries and regions
  under their English CLDR name (``entity:north korea``), and rare
  capitalised words under :func:`names.name_key` (``name:shoigu``); in
  scripts without capitals (Arabic, Hebrew, Devanagari...) the rarest words
  (IDF >= 3) stand in for names.
* ``words`` — snowball-stemmed content words weighted by IDF.  The IDF needs
  no corpus: wordfreq gives each word's frequency in its language, so common
  words (stop words included) weigh nothing and rare ones weigh most.
* ``grams`` — character 4-grams of the accent-folded rare words, for cognates
  and transliterations across languages ("infraestrutura" ~ "infrastructure",
  "Pyongyang" everywhere).
* ``chars`` — character 3-grams of all transliterated content words,
  IDF-weighted (roots shared across languages and scripts, inflections);
  ``headline`` — the stemmed words of the first line (the title).

Only the first :data:`MAX_CHARS` characters are read: news is written
top-down (the lead says what happened), it bounds the cost per document, and
it keeps long articles within the range of text lengths (SemEval-2022 Task 8
pairs, about 1,000 characters) that the similarity model was fitted on: on
whole long articles, counts of shared names and places grow with length and
unrelated stories about the same actors would look alike.
Features are pruned to the strongest few so that a fingerprint stays small
(a few kilobytes) when millions are held for grouping.

Why hand-written: no library turns text into cross-language anchors; the
pieces come from libraries (Babel/CLDR, text2num, snowballstemmer, wordfreq,
unidecode) and this module only wires them together.
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from .language import detect_language, guess_language, quick_language
from .names import find_places, name_key, place_words
from .numbers import find_numbers, number_key
from .records import Document
from .text.calendar import month_lookup, weekday_lookup
from .text.fold import fold
from .text.stem import stemmer

__all__ = ["MAX_CHARS", "Fingerprint", "fingerprint", "fingerprint_text"]

MAX_CHARS = 1500
_MAX_WORDS = 120
_MAX_GRAMS = 200
_MAX_ANCHORS = 60
_GRAM = 4
_MAX_PAIRS = 80
_MAX_RARE = 48
_LEAD_TOKENS = 60
_MAX_CHARS3 = 300
_HEADLINE_CHARS = 300
_DETECT_CHARS = 300  # characters lingua reads when stop words leave the language open
_HEADLINE_END = re.compile(r"\n|\s{2,}")
_NAME_MIN_IDF = 1.0
# Languages that capitalise every noun: there only rarer words count as names.
_NOUN_CAPS = frozenset({"de", "lb"})
_NAME_MIN_IDF_NOUN_CAPS = 3.0
_NAME_MIN_IDF_UNCASED = 3.0

_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
_WORD_OR_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]+|[^\W\d_]+")


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """What grouping needs to know about one document.

    ``anchors``, ``words`` and ``grams`` map a feature to its weight; ``words``
    and ``grams`` are L2-normalised so that their dot product is a cosine.
    """

    id: str
    language: str | None
    published: str | None
    title: str | None
    anchors: Mapping[str, float] = field(default_factory=dict)
    words: Mapping[str, float] = field(default_factory=dict)
    grams: Mapping[str, float] = field(default_factory=dict)
    lead: Mapping[str, float] = field(default_factory=dict)
    pairs: Mapping[str, float] = field(default_factory=dict)
    rare: tuple[str, ...] = ()  # accent-folded rarest words, rarest first, for fuzzy cognate matching
    size: int = 0  # content tokens read
    headline: Mapping[str, float] = field(default_factory=dict)  # stems of the title (first line)
    chars: Mapping[str, float] = field(default_factory=dict)  # character 3-grams of all content words


# ---------------------------------------------------------------- word statistics


@functools.cache
def _frequencies(lang: str) -> Mapping[str, float]:
    import wordfreq

    if lang not in wordfreq.available_languages("best"):
        return {}
    return wordfreq.get_frequency_dict(lang, "best")


def _word_info(lang: str, word: str) -> tuple[float, str, str]:
    """(IDF weight, stem, accent-folded form) of a lower-cased word (cached by :func:`_infos`)."""
    freq = _frequencies(lang).get(word, 0.0)
    zipf = math.log10(freq) + 9.0 if freq > 0 else 0.0
    # Zipf 7+ is "the"; 1 is a once-in-a-billion word.  Weigh common words 0.
    idf = max(0.0, min(6.0, 6.0 - zipf)) if _frequencies(lang) else 3.0
    stem_word = stemmer(lang)
    stem = stem_word(word) if stem_word is not None and not _CJK.search(word) else word
    return idf, stem, fold(word)


_INFO_CACHE_SIZE = 200_000  # words per language; the cache starts again when full
_info_cache: dict[str, dict[str, tuple[float, str, str]]] = {}


def _infos(lang: str, words: Iterable[str]) -> dict[str, tuple[float, str, str]]:
    """:func:`_word_info` of each word as written (one dict per language: cheaper than the lru cache's tuple keys)."""
    cache = _info_cache.get(lang)
    if cache is None or len(cache) > _INFO_CACHE_SIZE:
        if sum(map(len, _info_cache.values())) > 2 * _INFO_CACHE_SIZE:
            _info_cache.clear()  # many languages: bound the total, not only each one
        cache = _info_cache[lang] = {}
    out = {}
    for raw in words:
        info = cache.get(raw)
        if info is None:
            info = cache[raw] = _word_info(lang, raw.lower())
        out[raw] = info
    return out


_name_key = functools.lru_cache(maxsize=200_000)(name_key)


@functools.lru_cache(maxsize=500_000)
def _grams(folded: str) -> tuple[str, ...]:
    padded = f"^{folded}$"
    # distinct grams in text order: a set's order follows PYTHONHASHSEED, and the
    # weights summed in that order would differ in their last bits from run to run
    return tuple(dict.fromkeys(padded[i:i + _GRAM] for i in range(len(padded) - _GRAM + 1)))


@functools.lru_cache(maxsize=500_000)
def _grams3(folded: str) -> tuple[str, ...]:
    padded = f" {folded} "
    return tuple(padded[i:i + 3] for i in range(len(padded) - 2))


@functools.lru_cache(maxsize=200_000)
def _english_idf(name: str) -> float:
    words = name.split()
    return max(_word_info("en", w)[0] for w in words) if words else 0.0


# ---------------------------------------------------------------- dates


@functools.cache
def _calendar(lang: str) -> tuple[dict[str, int], dict[str, int]]:
    """Month names -> month number and weekday names -> weekday (0 = Monday), for ``lang`` and English."""
    months: dict[str, int] = {}
    days: dict[str, int] = {}
    for code in dict.fromkeys((lang, "en")):  # a language CLDR does not know has no names: English only
        for key, number in month_lookup(code).items():
            if len(key) >= 3 or _CJK.search(key):
                months.setdefault(key, number)
        for key, number in weekday_lookup(code).items():
            days[_squash(key)] = number
    return months, days


def _squash(name: str) -> str:
    return re.sub(r"[-\s]+", "-", name)


@functools.lru_cache(maxsize=4096)
def _month_pattern(names: tuple[str, ...]) -> re.Pattern[str]:
    """"18 de junho de 2025", "18. Juni", "June 18, 2025", "Dec. 1" for these month names."""
    alternation = "|".join(sorted((re.escape(m) for m in names), key=len, reverse=True))
    filler = r"(?:(?:de|del|of|the)\s+)?"
    return re.compile(
        r"(?:(?<![\d.,])(?P<before>[12]?\d|3[01])(?:st|nd|rd|th|er|º|\.)?\s*" + filler + r")?"
        r"(?<!\w)(?P<month>" + alternation + r")(?!\w)\.?"
        r"(?:\s+(?P<after>[12]?\d|3[01])(?:st|nd|rd|th)?(?![\d.,]\d))?"
        r"(?:,?\s+" + filler + r"(?P<year>(?:19|20)\d\d)(?!\d))?",
        re.IGNORECASE,
    )


@functools.lru_cache(maxsize=4096)
def _weekday_pattern(names: tuple[str, ...]) -> re.Pattern[str]:
    parts = sorted((r"[-\s]*".join(re.escape(p) for p in n.split("-")) for n in names), key=len, reverse=True)
    return re.compile(r"(?<!\w)(" + "|".join(parts) + r")(?!\w)", re.IGNORECASE)


_ISO_DATE = re.compile(r"(?<!\d)((?:19|20)\d\d)-(\d\d)-(\d\d)(?!\d)")
_DOTTED_DATE = re.compile(r"(?<![\d.])(\d{1,2})[./](\d{1,2})[./]((?:19|20)\d\d)(?!\d)")
_CJK_DATE = re.compile(r"(?:((?:19|20)\d\d)年)?(\d{1,2})月(\d{1,2})日")


def _dates(text: str, lang: str, words: set[str] | None = None) -> tuple[set[str], list[tuple[int, int]]]:
    """Date anchors and the spans they cover (so their digits are not also counted as numbers).

    ``words`` (the lower-cased words of ``text``) lets the month and weekday
    patterns be built from the names that occur: one alternation of every
    month name of two locales, tried at every position, costs milliseconds.
    """
    months, weekdays = _calendar(lang)
    if words is None:
        words = {w.lower() for w in _WORD_OR_CJK.findall(text)}
    found: set[str] = set()
    spans: list[tuple[int, int]] = []

    def add(year: str | None, month: int, day: int, start: int, end: int) -> None:
        if not (1 <= month <= 12 and 1 <= day <= 31):
            return
        found.add(f"date:--{month:02d}-{day:02d}")
        if year:
            found.add(f"date:{year}-{month:02d}-{day:02d}")
        spans.append((start, end))

    for m in _ISO_DATE.finditer(text):
        add(m.group(1), int(m.group(2)), int(m.group(3)), m.start(), m.end())
    for m in _DOTTED_DATE.finditer(text):
        a, b = int(m.group(1)), int(m.group(2))
        if a > 12 or lang != "en":  # day first, unless (US) English says otherwise
            add(m.group(3), b, a, m.start(), m.end())
        elif b > 12:
            add(m.group(3), a, b, m.start(), m.end())
    if "月" in text:
        for m in _CJK_DATE.finditer(text):
            add(m.group(1), int(m.group(2)), int(m.group(3)), m.start(), m.end())
    present = tuple(sorted(name for name in months if name in words))
    if present:
        for m in _month_pattern(present).finditer(text):
            month = months.get(m.group("month").lower())
            day = m.group("before") or m.group("after")
            if month is not None and day is not None:
                add(m.group("year"), month, int(day), m.start(), m.end())
    present = tuple(sorted(name for name in weekdays if name.split("-")[0] in words))
    if present:
        for m in _weekday_pattern(present).finditer(text):
            number = weekdays.get(_squash(m.group(1).lower()))
            if number is not None:
                found.add(f"weekday:{number}")
    return found, spans


def _top(weights: dict[str, float], n: int) -> dict[str, float]:
    """The ``n`` heaviest features; ties keep the order of first occurrence in the text."""
    if len(weights) > n:
        get = weights.__getitem__
        weights = {k: get(k) for k in sorted(weights, key=get, reverse=True)[:n]}
    return weights


def _normalise(weights: dict[str, float]) -> dict[str, float]:
    norm = math.hypot(*weights.values())
    if not norm:
        return {}
    scale = 1.0 / norm
    return {k: w * scale for k, w in weights.items()}


def fingerprint_text(
    text: str,
    *,
    lang: str | None = None,
    id: str = "",
    title: str | None = None,
    published: str | None = None,
) -> Fingerprint:
    """Fingerprint a text (see the module docstring for what it holds).

    Args:
        text: the clean text; only its first :data:`MAX_CHARS` characters are read.
        lang: ISO 639-1 code, or None to guess it.
        id, title, published: copied into the fingerprint.

    Returns:
        A :class:`Fingerprint`.

    >>> fp = fingerprint_text("A Coreia do Norte envia 1.000 sapadores para Kursk na terça-feira, 18 de junho.", lang="pt")
    >>> sorted(a for a in fp.anchors if not a.startswith("name:"))
    ['date:--06-18', 'entity:north korea', 'number:1000', 'weekday:1']
    """
    head = text[:MAX_CHARS]
    if title and not head.lstrip().startswith(title.strip()[:40]):
        head = title + "\n" + head
    if lang:
        lang = lang.lower().split("-")[0].split("_")[0]
    else:
        lang = _detect(head)
    lang = lang or "en"
    anchors: dict[str, float] = {}  # insertion order matters: ties keep it (see _top)

    cjk = lang in {"zh", "ja"} or bool(_CJK.search(head[:200]))
    tokens = _cjk_tokens(head) if cjk else _WORD_OR_CJK.findall(head)
    counted = Counter(tokens)
    date_anchors, date_spans = _dates(head, lang, {w.lower() for w in counted})
    for anchor in sorted(date_anchors):  # a set: sorted, so that ties in _top do not follow PYTHONHASHSEED
        anchors[anchor] = 0.7 if anchor.startswith("weekday:") else 2.5
    _add_number_anchors(anchors, head, lang, date_spans)
    for _, _, name in find_places(head):
        anchors[f"entity:{name.lower()}"] = max(0.5, _english_idf(name.lower()))
    info = _infos(lang, counted)
    words, seen_folded = _word_weights(anchors, counted, info, lang, cjk)
    lead, pairs = _lead_and_pairs(tokens, info)
    return Fingerprint(
        id=id,
        language=lang,
        published=published,
        title=title,
        anchors=_top(anchors, _MAX_ANCHORS),
        words=_normalise(_top(words, _MAX_WORDS)),
        grams=_normalise(_top(_gram_weights(seen_folded), _MAX_GRAMS)),
        lead=_normalise(lead),
        pairs=_normalise(_top(pairs, _MAX_PAIRS)),
        rare=tuple(w for w, _ in sorted(seen_folded.items(), key=lambda kv: (-kv[1], kv[0]))[:_MAX_RARE]),
        size=len(tokens),
        headline=_normalise(_headline(head, lang, cjk, info)),
        chars=_normalise(_top(_char_grams(counted, info), _MAX_CHARS3)),
    )


def _add_number_anchors(anchors: dict[str, float], head: str, lang: str, date_spans: list[tuple[int, int]]) -> None:
    """Numbers (10 and up, or with decimals) and years outside dates, into ``anchors``."""
    for span in find_numbers(head, lang):
        if any(s <= span.start < e for s, e in date_spans):
            continue
        value = span.value
        if value < 10 and value == int(value):
            continue
        raw = span.text
        if raw.isdigit() and len(raw) == 4 and 1900 <= value <= 2100:
            anchors[f"year:{raw}"] = 1.0
            continue
        key = number_key(value)
        # Round numbers ("1,000") recur across unrelated stories more than "1,283".
        anchors[f"number:{key}"] = 2.0 if key.rstrip("0") != key or "." in key else 3.0


def _word_weights(
    anchors: dict[str, float], counted: Counter[str], info: Mapping[str, tuple[float, str, str]], lang: str, cjk: bool
) -> tuple[dict[str, float], dict[str, float]]:
    """TF-IDF weights of content stems, and the rare folded words with their IDF; names go into ``anchors``."""
    counts: dict[str, float] = {}
    stem_idf: dict[str, float] = {}
    seen_folded: dict[str, float] = {}
    in_places = place_words()
    name_min_idf = _NAME_MIN_IDF_NOUN_CAPS if lang in _NOUN_CAPS else _NAME_MIN_IDF
    for raw, tf in counted.items():
        idf, stem, folded = info[raw]
        if idf <= 0.5:
            continue
        counts[stem] = counts.get(stem, 0.0) + tf
        stem_idf[stem] = idf
        if len(folded) >= 4 and idf >= 1.5:
            seen_folded[folded] = max(seen_folded.get(folded, 0.0), idf)
        # A capitalised word that is not part of a place name and not a common word: a name.
        # Scripts without capitals (Arabic, Hebrew, Devanagari...): the rarest words stand in for names.
        uncased = raw.lower() == raw.upper() and not cjk
        if ((raw[0].isupper() and idf >= name_min_idf) or (uncased and idf >= _NAME_MIN_IDF_UNCASED)) and len(raw) >= 3 and folded not in in_places:
            key = _name_key(raw)
            if key:
                anchors[f"name:{key}"] = max(anchors.get(f"name:{key}", 0.0), idf)
    words = {stem: (1.0 + math.log(c)) * stem_idf[stem] for stem, c in counts.items()}
    return words, seen_folded


def _gram_weights(seen_folded: Mapping[str, float]) -> dict[str, float]:
    """Character 4-grams of the rare folded words, each word's IDF shared out over its length."""
    gram_weights: dict[str, float] = {}
    for folded, idf in seen_folded.items():
        share = idf / math.sqrt(len(folded))
        for gram in _grams(folded):
            gram_weights[gram] = gram_weights.get(gram, 0.0) + share
    return gram_weights


def _char_grams(counted: Counter[str], info: Mapping[str, tuple[float, str, str]]) -> dict[str, float]:
    """Character 3-grams of every content word (not only the rare ones), on the transliterated form.

    They catch cognates and shared roots across languages and scripts, and
    inflections within one.
    """
    chars: dict[str, float] = {}
    for raw, tf in counted.items():
        idf, _, folded = info[raw]
        if idf > 0.5 and len(folded) >= 3:
            weight = idf * tf
            for gram in _grams3(folded):
                chars[gram] = chars.get(gram, 0.0) + weight
    return chars


def _lead_and_pairs(tokens: list[str], info: Mapping[str, tuple[float, str, str]]) -> tuple[dict[str, float], dict[str, float]]:
    """Stems of the lead, and pairs of neighbouring content stems.

    The lead (title and first sentence) says what happened; pairs of
    neighbouring content words tell one event's wording from its topic's.
    """
    lead: dict[str, float] = {}
    pairs: dict[str, float] = {}
    previous = None
    for position, raw in enumerate(tokens):
        idf, stem, _ = info[raw]
        if idf <= 0.5:
            continue
        if position < _LEAD_TOKENS:
            lead[stem] = lead.get(stem, 0.0) + idf
        if previous is not None:
            key = previous[0] + " " + stem if previous[0] < stem else stem + " " + previous[0]
            pairs[key] = pairs.get(key, 0.0) + min(idf, previous[1])
        previous = (stem, idf)
    return lead, pairs


def _headline(head: str, lang: str, cjk: bool, info: Mapping[str, tuple[float, str, str]]) -> dict[str, float]:
    """IDF-weighted stems of the title: the first line (or run before a double space), at most 300 characters."""
    line = _HEADLINE_END.split(head.strip(), maxsplit=1)[0][:_HEADLINE_CHARS]
    out: dict[str, float] = {}
    for raw in _cjk_tokens(line) if cjk else _WORD_OR_CJK.findall(line):
        known = info.get(raw)  # the words of the head, looked up already
        idf, stem, _ = known if known is not None else _word_info(lang, raw.lower())
        if idf > 0.5:
            out[stem] = out.get(stem, 0.0) + idf
    return out


def _cjk_tokens(text: str) -> list[str]:
    """Character bigrams for scripts written without spaces; other words as they are."""
    out: list[str] = []
    for run in _WORD_OR_CJK.findall(text):
        if _CJK.match(run):
            if len(run) == 1:
                out.append(run)
            out.extend(run[i:i + 2] for i in range(len(run) - 1))
        else:
            out.append(run)
    return out


def _detect(text: str) -> str | None:
    """The language of a text that came without one.

    Stop words settle the common case (English, Portuguese, Spanish, French,
    German, Italian, Dutch) in microseconds; then fastText's answer is taken
    when it is sure (storytrace.language.quick_language, tens of
    microseconds); anything else goes to lingua, which costs a millisecond
    or two per document.
    """
    sure = guess_language(text, sure=True)
    if sure:
        return sure
    quick = quick_language(text[:_DETECT_CHARS])
    if quick:
        return quick
    # Lingua's cost grows with the length it reads, and the start is enough
    # here: on SemEval-2022 texts this path agrees with the labels as often
    # with 300 characters as with 400, in 60% of the time (docs/benchmarks.md).
    code, _ = detect_language(text[:_DETECT_CHARS])
    return code or guess_language(text)


def fingerprint(document: Document) -> Fingerprint:
    """Fingerprint a clean document.

    Args:
        document: a :class:`records.Document`; its ``language``, ``title`` and
            ``published`` are used when set.

    Returns:
        A :class:`Fingerprint` with ``id`` = ``document.id``.

    >>> fingerprint(Document(id="d1", source="-", text="Shoigu said 1,000 sappers go to Kursk.", language="en")).anchors["number:1000"]
    2.0
    """
    return fingerprint_text(
        document.text,
        lang=document.language,
        id=document.id,
        title=document.title,
        published=document.published,
    )
