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
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, Literal

from .fold import fold

__all__ = ["CONTEXTS", "WIDTHS", "month_lookup", "months", "weekday_lookup", "weekdays"]

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
