"""Quantities: a number and what it counts ("1,000 sappers", "cinco mil trabalhadores").

Numbers come from :func:`storytrace.numbers.find_numbers` (digits with locale
separators and number words).  Why the counted-noun phrase is read by hand:
no library reads "1.000 sapadores para limpar minas" and "1,000 landmine
clearing specialists to ..." into (value, counted noun, qualifiers) in five
languages without a model.  The rule is simple and language-aware: the
phrase is the words after the number up to the first function word or
punctuation; its head is the last word in English and German ("construction
workers") and the first in Portuguese, Spanish and French ("trabalhadores da
construção").  Years, day numbers of dates, reference markers ("[3]") and
numbers inside identifiers are not quantities; nor are clock times ("00:40",
"18.00 Uhr") or numbers that continue a name ("Baden 1", "Boeing 737").

Each quantity carries the fields a comparison needs to refuse comparing
different things: ``head_stem`` (what is counted), ``dimension`` (a count, a
percent, money, an age, or a duration with its CLDR unit: "siete semanas" is
``duration:week``, "tres meses" ``duration:month``), ``scope`` (a cue before
the figure: "since", "total" or "new") and, set by
:func:`storytrace.facts.extract_facts`, ``time`` (the day-granular date stated
in the same sentence).
"""

from __future__ import annotations

from collections.abc import Iterable

import regex

from ..language import guess_language
from ..numbers import find_numbers
from ..text.calendar import duration_units
from ..text.fold import fold_hyphens
from ..text.stem import stemmer
from .extracted import ExtractedFact
from .lexicon import ALL_STOPWORDS, FRAMING, LANGS, NP_CONNECTORS, STOPWORDS, month_names, weekday_names
from .spans import SpanSet

__all__ = ["find_quantities", "head_stem"]

_WORD = regex.compile(r"\s*-?\s*(\p{L}[\p{L}\p{M}'’]*(?:\s?-\s?\p{L}[\p{L}\p{M}'’]*)*)")
_PERCENT = regex.compile(r"\s*(?:%|per\s*cent|percent|por\s+cento|por\s+ciento|pour\s+cent|prozent)", regex.IGNORECASE)
_CURRENCY_BEFORE = regex.compile(r"(?:[$€£¥]|US\$|R\$|USD|EUR|GBP)\s?$")
_CURRENCY_WORDS = frozenset(
    "dollars dollar euros euro pounds pound reais real yuan yen rubles roubles won dolares dolares libras rublos "
    "dollars livres rubel pfund".split()
)
_AGE = regex.compile(r"\s*-?\s*(?:year|years|yr)s?\s*-?\s*old|\s*anos\s+de\s+idade|\s*ans\b|\s*jahre\s+alt|\s*-\s*jahrige", regex.IGNORECASE)
_HEAD_FINAL = frozenset({"en", "de"})
_APPROX_WORDS = frozenset("about around some over under nearly almost roughly approximately more less than up to at least only just".split())


def _calendar_word(word: str) -> bool:
    return any(word in month_names(lang) or word in weekday_names(lang) for lang in LANGS)
_VAGUE = frozenset(
    "thousands hundreds millions dozens tens scores milhares centenas dezenas miles cientos decenas "
    "milliers centaines dizaines tausende hunderte dutzende".split()
)


def head_stem(word: str, lang: str | None) -> str:
    """Stem of a counted noun, for comparing slots within one language.

    >>> head_stem("workers", "en") == head_stem("worker", "en")
    True
    """
    # Counted nouns are read in the lexicon's languages; any other is stemmed as English.
    stem = stemmer(lang if lang in LANGS else "en")
    assert stem is not None  # Snowball has a stemmer for each of LANGS
    return stem(fold_hyphens(word))


def _is_year(text: str, value: float) -> bool:
    return regex.fullmatch(r"\d{4}", text) is not None and 1800 <= value <= 2100


_CLOCK = regex.compile(r"(?:[01]?\d|2[0-3])[:h.][0-5]\d")
_CLOCK_DOT_CUE_AFTER = regex.compile(r"\s?(?:uhr|h\b|hrs?\b|a\.?m\b|p\.?m\b|godz|saat|ore\b|heures?|час|ч\b|時|点)", regex.IGNORECASE)
_CLOCK_DOT_CUE_BEFORE = regex.compile(r"(?:\b(?:g|godz|um|at|alle|ore|à|a las|às|saat|в|von|bis|ab)\.?\s?)$", regex.IGNORECASE)


def _is_clock_time(text: str, start: int, end: int) -> bool:
    """``text[start:end]`` is a part of a clock time or a race time ("00:40", "1:07:02", "10.30 Uhr", "g. 18.00", "9h30")."""
    if (start >= 2 and text[start - 1] == ":" and text[start - 2].isdigit()) or (
        text[end:end + 1] == ":" and text[end + 1:end + 2].isdigit()
    ):
        return True
    lo = max(0, start - 3)
    for m in _CLOCK.finditer(text, lo, min(len(text), end + 3)):
        if not (m.start() <= start < m.end() or m.start() < end <= m.end()):
            continue
        if m.start() > 0 and (text[m.start() - 1].isdigit() or text[m.start() - 1] in ".,:"):
            continue
        if m.end() < len(text) and text[m.end()].isdigit():
            continue
        sep = text[m.start():m.end()].strip("0123456789")
        if sep != "." or _CLOCK_DOT_CUE_AFTER.match(text, m.end()) or _CLOCK_DOT_CUE_BEFORE.search(text[max(0, m.start() - 12):m.start()]):
            return True
    return False


_SENTENCE_END = regex.compile(r"(?:^|[.!?:;\n\"“”«»()]\s*)$")


def _name_with_number(text: str, start: int, lang: str) -> bool:
    """The number continues a name ("Baden 1", "Formula 1", "Boeing 737", "Ligue 1"): right after a
    capitalised word that is not a function word, a month or a weekday and does not open a sentence.
    In German, where every noun is capitalised, only when no capitalised noun follows the number."""
    m = regex.search(r"(\p{Lu}[\p{L}\p{M}'’]*)[ \u00a0]$", text[max(0, start - 40):start])
    if not m:
        return False
    word = fold_hyphens(m.group(1))
    word_start = start - (len(m.group(0)))
    if word in ALL_STOPWORDS or word in _APPROX_WORDS or _SENTENCE_END.search(text[max(0, word_start - 3):word_start]):
        return False
    if _calendar_word(word):
        return False
    if lang == "de":
        after = regex.match(r"[\d.,]*\s+(\p{L})", text[start:start + 40])
        return not (after and after.group(1).isupper())
    return True


def _inside_identifier(text: str, start: int, end: int) -> bool:
    """The number at ``text[start:end]`` is part of a URL, a path, an identifier or a reference marker."""
    token_start = max(text.rfind(" ", 0, start), text.rfind("\n", 0, start)) + 1
    token_end = min([i for i in (text.find(" ", end), text.find("\n", end)) if i >= 0] or [len(text)])
    if regex.search(r"/|https?:|www\.|\w-\d|\d-\w", text[token_start:token_end]) and not regex.fullmatch(
        r"[\d.,]+-\p{L}+(?:-\p{L}+)?[.,;:]?", text[token_start:token_end]
    ):
        return True  # inside a URL, a path or an identifier
    before = text[max(0, start - 1):start]
    after = text[end:end + 1]
    # reference markers, identifiers, "article22489714"
    # (a Chinese or Japanese counter or noun follows a number without a space: "6条", "3个月")
    after_letter = bool(after) and after.isalpha() and not regex.match(r"[\p{Han}\p{Hiragana}\p{Katakana}]", after)
    before_letter = bool(before) and before.isalnum() and not regex.match(r"[\p{Han}\p{Hiragana}\p{Katakana}]", before)
    return bool(before_letter or (before and before in "[/#_") or after == "]" or after_letter)


def _counted_phrase(text: str, start: int, num_end: int, lang: str) -> tuple[str, int, list[tuple[int, int, str]]]:
    """What the number at ``text[start:num_end]`` counts: (unit kind, end of the phrase, its words with offsets)."""
    unit_kind = "count"
    end = num_end
    unit_words: list[tuple[int, int, str]] = []
    pm = _PERCENT.match(text, num_end)
    am = _AGE.match(text, num_end)
    if pm:
        unit_kind, end = "percent", pm.end()
    elif am:
        unit_kind, end = "age", am.end()
    else:
        if _CURRENCY_BEFORE.search(text[max(0, start - 4):start]):
            unit_kind = "money"
        pos = num_end
        while len(unit_words) < 5:
            wm = _WORD.match(text, pos)
            if not wm:
                break
            word = wm.group(1)
            fw = fold_hyphens(word)
            if fw in NP_CONNECTORS and lang not in _HEAD_FINAL and unit_words:
                pos = wm.end()
                continue
            if fw in STOPWORDS.get(lang, ALL_STOPWORDS) or (fw in ALL_STOPWORDS and not unit_words):
                break
            if lang == "en" and unit_words and fw.endswith("ed") and len(fw) >= 4:
                break  # "600 soldiers | killed", "200 people | died"
            unit_words.append((wm.start(1), wm.end(1), word))
            pos = wm.end()
            if word.endswith(("'s", "’s")):
                break
        if unit_words and fold_hyphens(unit_words[0][2]) in _CURRENCY_WORDS:
            unit_kind = "money"
        if unit_words:
            end = unit_words[-1][1]
    if unit_words and lang == "de":
        # German nouns are capitalised: the phrase ends at the first one ("3.000 neue Menschen | flohen").
        nouns = [k for k, (_, _, w) in enumerate(unit_words) if w[:1].isupper()]
        if nouns:
            unit_words = unit_words[: nouns[0] + 1]
            end = unit_words[-1][1]
    return unit_kind, end, unit_words


def _head_and_qualifiers(words: list[str], lang: str) -> tuple[str, list[str]]:
    """The head noun of a counted phrase and its other words, folded ("" and [] for no phrase)."""
    if not words:
        return "", []
    if lang in _HEAD_FINAL:
        plural = [w for w in words if fold_hyphens(w).endswith("s") and not fold_hyphens(w).endswith("ss")]
        head = plural[0] if (lang == "en" and plural and words[0][:1].isupper()) else words[-1]
    else:
        head = words[0]
    return head, [fold_hyphens(w) for w in words if w != head]


def _dimension(unit_kind: str, unit_words: list[tuple[int, int, str]], text: str, num_end: int, lang: str) -> str:
    """What kind of amount a quantity is: "count", "percent", "money", "age", or "duration:<unit>"
    (day, week, month, year, hour, minute; CLDR's duration unit words of ``lang``)."""
    if unit_kind != "count":
        return unit_kind
    units = duration_units(lang)
    if unit_words:
        first = unit_words[0][2].lower()
        if first in units:
            return "duration:" + units[first]
        if lang in ("zh", "ja"):
            for word, unit in units.items():
                if first.startswith(word):
                    return "duration:" + unit
    elif lang in ("zh", "ja"):
        for word, unit in units.items():
            if text.startswith(word, num_end):
                return "duration:" + unit
    return "count"


# Cue words before a figure that set its scope: a running total since some
# time ("since Monday", "desde el lunes"), a total ("in total", "this season",
# "so far"), or a new/daily figure ("new cases", "today").  Closed-class words,
# listed by hand for the languages the corpus holds; a figure without a cue
# has scope "".
_SCOPE_CUES: dict[str, tuple[str, ...]] = {
    "since": ("since", "desde", "depuis", "seit", "dal", "dalla", "dall'", "od", "от", "с начала", "'den beri", "beri",
              "منذ", "自", "以来"),
    "total": ("in total", "a total of", "total", "overall", "so far", "this season", "season", "cumulative", "altogether",
              "en total", "au total", "insgesamt", "in totale", "complessivamente", "łącznie", "w sumie", "всего", "в общей сложности",
              "toplam", "toplamda", "إجمالي", "المجموع", "共", "累计", "总计", "ao todo", "no total", "temporada", "saison", "stagione"),
    "new": ("new", "daily", "today", "nuevos", "nuevas", "nouveaux", "nouvelles", "neue", "neuen", "nuovi", "nuove",
            "nowych", "новых", "yeni", "جديدة", "新增", "novos", "novas", "hoy", "aujourd'hui", "heute", "oggi", "dzisiaj",
            "сегодня", "bugün", "اليوم", "今天"),
}


def _scope(text: str, start: int, lang: str) -> str:
    """The scope cue in the words just before a figure, within its sentence ("since", "total", "new" or "")."""
    window = text[max(0, start - 60):start]
    cut = max(window.rfind(". "), window.rfind("\n"), window.rfind("。"), window.rfind(", "), window.rfind("，"), window.rfind(";"))
    window = " " + window[cut + 1:].lower() + " "
    best = ""
    best_pos = -1
    for scope, cues in _SCOPE_CUES.items():
        for cue in cues:
            pos = window.rfind(cue if not cue.isascii() or not cue[:1].isalpha() else " " + cue + " ")
            if pos > best_pos:
                best, best_pos = scope, pos
    return best


def find_quantities(
    text: str,
    lang: str | None = None,
    document: str = "",
    skip_spans: Iterable[tuple[int, int]] = (),
) -> list[ExtractedFact]:
    """Find counted quantities with their counted noun.

    Args:
        text: clean text.
        lang: ISO 639-1 code; decides separators, number words and the head of
            the noun phrase.  None: guessed by :mod:`storytrace.numbers`.
        document: document id stored in the facts.
        skip_spans: spans already taken by dates (their day numbers and years
            are not quantities).

    Returns:
        ``quantity`` facts: ``value`` the number as a float; ``attrs`` has
        ``unit`` (the counted-noun phrase), ``head`` and ``head_stem``,
        ``qualifiers`` (the other words of the phrase, folded), ``framing``
        (English framing labels of those words), ``approx``,
        ``unit_kind`` (count, percent, money, age), ``dimension`` (the
        unit kind, or "duration:week" and the like for a count of days,
        weeks, months, years, hours or minutes), ``scope`` ("since",
        "total", "new" or "": the cue before the figure).  Clock times,
        numbers that continue a name ("Formula 1") and numbers inside
        identifiers are not quantities.

    >>> [(f.value, f.attrs["head"]) for f in find_quantities("They send 1,000 sappers and 5,000 military construction workers.", "en")]
    [(1000.0, 'sappers'), (5000.0, 'workers')]
    """
    lang = (lang or guess_language(text) or "en").split("-")[0]
    skipped = SpanSet(skip_spans)
    facts: list[ExtractedFact] = []
    taken_to = -1
    for num in find_numbers(text, lang):
        if num.start in skipped or num.start < taken_to:
            continue  # ("ciento" in "2,5 por ciento" is part of the percent sign)
        if _is_year(num.text, num.value) or fold_hyphens(num.text) in _VAGUE:
            continue
        if _inside_identifier(text, num.start, num.end) or _is_clock_time(text, num.start, num.end):
            continue
        if num.value < 1000 and "." not in num.text and "," not in num.text and _name_with_number(text, num.start, lang):
            continue
        unit_kind, end, unit_words = _counted_phrase(text, num.start, num.end, lang)
        if unit_words and fold_hyphens(unit_words[0][2]) in _VAGUE:
            continue
        head, qualifiers = _head_and_qualifiers([w for _, _, w in unit_words], lang)
        stem = head_stem(head, lang) if head else unit_kind
        framing = sorted({FRAMING[q] for q in qualifiers if q in FRAMING} | ({FRAMING[fold_hyphens(head)]} if fold_hyphens(head) in FRAMING else set()))
        start = num.start
        taken_to = end
        facts.append(
            ExtractedFact(
                "quantity",
                f"quantity:{stem}",
                num.value,
                start,
                end,
                text[start:end],
                document,
                {
                    "number": num.text,
                    "unit": text[num.end:end].strip(" -"),
                    "head": head,
                    "head_stem": stem,
                    "qualifiers": tuple(qualifiers),
                    "framing": tuple(framing),
                    "approx": num.approx,
                    "unit_kind": unit_kind,
                    "lang": lang,
                    "unit_start": unit_words[0][0] if unit_words else num.end,
                    "dimension": _dimension(unit_kind, unit_words, text, num.end, lang),
                    "scope": _scope(text, start, lang),
                },
            )
        )
    return facts
