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
numbers inside identifiers are not quantities.
"""

from __future__ import annotations

from collections.abc import Iterable

import regex

from ..language import guess_language
from ..numbers import find_numbers
from ..text.fold import fold_hyphens
from ..text.stem import stemmer
from .extracted import ExtractedFact
from .lexicon import ALL_STOPWORDS, FRAMING, LANGS, NP_CONNECTORS, STOPWORDS
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
    return bool((before and (before.isalnum() or before in "[/#_")) or after in ("]",) or (after and after.isalpha()))


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
        (English framing labels of those words), ``approx`` and
        ``unit_kind`` (count, percent, money, age).

    >>> [(f.value, f.attrs["head"]) for f in find_quantities("They send 1,000 sappers and 5,000 military construction workers.", "en")]
    [(1000.0, 'sappers'), (5000.0, 'workers')]
    """
    lang = (lang or guess_language(text) or "en").split("-")[0]
    skipped = SpanSet(skip_spans)
    facts: list[ExtractedFact] = []
    for num in find_numbers(text, lang):
        if num.start in skipped:
            continue
        if _is_year(num.text, num.value) or fold_hyphens(num.text) in _VAGUE:
            continue
        if _inside_identifier(text, num.start, num.end):
            continue
        unit_kind, end, unit_words = _counted_phrase(text, num.start, num.end, lang)
        if unit_words and fold_hyphens(unit_words[0][2]) in _VAGUE:
            continue
        head, qualifiers = _head_and_qualifiers([w for _, _, w in unit_words], lang)
        stem = head_stem(head, lang) if head else unit_kind
        framing = sorted({FRAMING[q] for q in qualifiers if q in FRAMING} | ({FRAMING[fold_hyphens(head)]} if fold_hyphens(head) in FRAMING else set()))
        start = num.start
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
                },
            )
        )
    return facts
