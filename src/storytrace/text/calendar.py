"""Month and weekday names for every language CLDR knows, from Babel.

Why Babel: CLDR lists, per locale, the wide ("June"), abbreviated ("Jun.")
and narrow names of months and weekdays, in the form used inside a date
("de junho") and standing alone ("Junho"), for hundreds of languages.  No list
typed by hand matches that, so none is kept here.

:func:`months` and :func:`weekdays` give CLDR's names as written;
:func:`month_lookup` and :func:`weekday_lookup` give name -> number tables of
the lower-cased or accent-folded forms, for reading dates.  Every table is
built once per language and cached; a language CLDR does not know has empty
tables.  Weekdays are numbered as in ``datetime.date.weekday()``: 0 is Monday.

:func:`weekday_forms` adds what CLDR does not list: the case forms of weekday
names in languages whose weekdays decline (Polish "w środę", "od poniedziałku";
Russian "в среду", "до пятницы").  CLDR gives each name in its format and
stand-alone contexts (both nominative in these languages), so the case forms
are made from the CLDR name by a short table of noun endings per gender
(masculine names with a mobile "e" lose it: "piątek" -> "piątku"); no
maintained library declines nouns for both languages offline, and the table
is closed (seven nouns per language).  Arabic names are also listed with the
alef spellings news uses ("الإثنين", "الاحد") and with the conjunctions "و"/"ف"
attached; Chinese and Japanese also get CLDR's abbreviated names ("周三").

:func:`duration_units` reads CLDR's unit patterns ("{0} semanas", "{0}
tygodni") into unit word -> duration unit (day, week, month, year, hour,
minute), for telling durations from counts.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, Literal

from .fold import fold

__all__ = [
    "CONTEXTS",
    "WIDTHS",
    "duration_units",
    "month_lookup",
    "months",
    "weekday_forms",
    "weekday_lookup",
    "weekdays",
]

Context = Literal["format", "stand-alone"]
Width = Literal["wide", "abbreviated", "narrow"]

#: CLDR contexts: inside a date, and standing alone (they differ in case, and in some languages in form).
CONTEXTS: tuple[Context, ...] = ("format", "stand-alone")
#: CLDR widths read by the lookups by default (narrow names are single letters).
WIDTHS: tuple[Width, ...] = ("wide", "abbreviated")

_EMPTY: Mapping[Any, Any] = MappingProxyType({})


@functools.cache
def _locale(lang: str) -> Any:
    """Babel's locale for ``lang``, or None when CLDR (or Babel) cannot load it."""
    from babel import Locale

    try:
        return Locale.parse(lang)
    except Exception:
        return None


@functools.cache
def months(lang: str, width: Width = "wide", context: Context = "format") -> Mapping[int, str]:
    """CLDR's month names of ``lang``, 1 (January) .. 12, as written.

    >>> months("pt")[6], months("pt", "abbreviated")[6], months("de", context="stand-alone")[3]
    ('junho', 'jun.', 'März')
    """
    loc = _locale(lang)
    return MappingProxyType(dict(loc.months[context][width])) if loc is not None else _EMPTY


@functools.cache
def weekdays(lang: str, width: Width = "wide", context: Context = "format") -> Mapping[int, str]:
    """CLDR's weekday names of ``lang``, 0 (Monday) .. 6, as written.

    >>> weekdays("pt")[2], weekdays("en", "abbreviated")[6]
    ('quarta-feira', 'Sun')
    """
    loc = _locale(lang)
    return MappingProxyType(dict(loc.days[context][width])) if loc is not None else _EMPTY


def _lookup(names_of: Any, lang: str, folded: bool, widths: tuple[Width, ...]) -> Mapping[str, int]:
    out: dict[str, int] = {}
    for context in CONTEXTS:
        for width in widths:
            for number, name in names_of(lang, width, context).items():
                key = (fold(name) if folded else name.lower()).rstrip(".")
                out.setdefault(key, number)
    return MappingProxyType(out)


@functools.cache
def month_lookup(lang: str, *, folded: bool = False, widths: tuple[Width, ...] = WIDTHS) -> Mapping[str, int]:
    """Month name -> 1..12 for every form of ``lang``'s month names.

    Keys are lower-cased (``folded=True``: also transliterated to ASCII, see
    :func:`storytrace.text.fold.fold`) and lose a trailing dot ("jun." -> "jun"),
    from both contexts and the given widths.  When two months share a form, the
    first met wins (format before stand-alone, then in ``widths`` order).

    >>> month_lookup("fr")["févr"], month_lookup("fr", folded=True)["fevr"]
    (2, 2)
    """
    return _lookup(months, lang, folded, widths)


@functools.cache
def weekday_lookup(lang: str, *, folded: bool = False, widths: tuple[Width, ...] = ("wide",)) -> Mapping[str, int]:
    """Weekday name -> 0 (Monday)..6 for every form of ``lang``'s weekday names (wide only by default).

    Keys as in :func:`month_lookup`.

    >>> weekday_lookup("pt")["terça-feira"], weekday_lookup("de", folded=True, widths=("abbreviated",))["mo"]
    (1, 0)
    """
    return _lookup(weekdays, lang, folded, widths)


# Case endings added to the stem of a weekday name (the CLDR name less its
# final vowel, or less a mobile "e" before the final consonant), by the stem's
# gender: masculine names end in a consonant, the others in a vowel.
_CASE_ENDINGS: Mapping[str, Mapping[str, tuple[str, ...]]] = MappingProxyType({
    "pl": MappingProxyType({"m": ("u", "iem", "i", "ów", "ach", "ami", "om"), "f": ("ę", "y", "i", "ą", "ach", "ami", "om")}),
    "ru": MappingProxyType({"m": ("а", "у", "ом", "е", "и", "ов", "ам", "ами", "ах"),
                            "f": ("у", "ы", "е", "ой", "ам", "ами", "ах"), "n": ("я", "ю", "ем", "е")}),
})
_ARABIC_ALEFS = "أإآ"


def _declined(lang: str, name: str) -> set[str]:
    endings = _CASE_ENDINGS.get(lang)
    if not endings:
        return set()
    if name[-1] in "aeiouyаяоеёыиюь" or name.endswith(("ье",)):
        gender = "n" if name.endswith(("ье", "ие")) and "n" in endings else "f"
        stem = name[:-1]
        return {stem + e for e in endings[gender]}
    stem = name[:-2] + name[-1] if name[-2] in "eе" and lang == "pl" else name
    return {stem + e for e in endings["m"]}


def _arabic_variants(name: str) -> set[str]:
    plain = name[:2] + "".join("ا" if ch in _ARABIC_ALEFS else ch for ch in name[2:])
    forms = {name, plain}
    if plain.startswith("الا"):
        forms.add("الإ" + plain[3:])
    return forms | {c + f for f in forms for c in "وف"}


@functools.cache
def weekday_forms(lang: str) -> Mapping[str, int]:
    """Every written form of ``lang``'s weekday names, lower-cased -> 0 (Monday)..6.

    CLDR's wide names in both contexts, plus the case forms, spellings and
    abbreviations described in the module docstring.

    >>> f = weekday_forms("pl"); f["środę"], f["poniedziałku"], f["piątek"]
    (2, 0, 4)
    >>> weekday_forms("ru")["пятницу"], weekday_forms("ar")["الإثنين"], weekday_forms("zh")["周三"]
    (4, 0, 2)
    """
    out: dict[str, int] = {}
    widths: tuple[Width, ...] = ("wide", "abbreviated") if lang in ("zh", "ja") else ("wide",)
    for context in CONTEXTS:
        for width in widths:
            for number, name in weekdays(lang, width, context).items():
                name = name.lower()
                forms = {name} | _declined(lang, name)
                if lang == "ar":
                    forms |= _arabic_variants(name)
                if lang == "tr":
                    forms |= {f.replace("ı", "i") for f in forms}
                for form in forms:
                    out.setdefault(form, number)
    return MappingProxyType(out)


_DURATION_UNITS = {"duration-day": "day", "duration-week": "week", "duration-month": "month",
                   "duration-year": "year", "duration-hour": "hour", "duration-minute": "minute"}


@functools.cache
def duration_units(lang: str) -> Mapping[str, str]:
    """Unit words of durations in ``lang`` (CLDR unit patterns, long and short) -> day, week, month, year, hour, minute.

    >>> duration_units("es")["semanas"], duration_units("pl")["tygodni"], duration_units("ru")["месяцев"]
    ('week', 'week', 'month')
    """
    loc = _locale(lang)
    if loc is None:
        return _EMPTY
    out: dict[str, str] = {}
    patterns = loc._data["unit_patterns"]
    for key, unit in _DURATION_UNITS.items():
        for length in ("long", "short"):
            for plural, pattern in patterns.get(key, {}).get(length, {}).items():
                if plural == "per":
                    continue
                word = pattern.replace("{0}", "").strip().lower().rstrip(".")
                if word and (len(word) >= 2 or lang in ("zh", "ja")) and not any(ch.isdigit() for ch in word):
                    out.setdefault(word, unit)
    return MappingProxyType(out)
