"""Word lists and line patterns that several cleaning passes share.

Month names (en, fr, es, pt, de, it: full names from CLDR through
:mod:`storytrace.text.calendar`, and the abbreviations news pages use, typed
here because CLDR's abbreviated names differ from them), the wire services
whose credit marks syndicated copy (:data:`storytrace.text.lexicons.AGENCIES`,
re-exported), relative timestamps ("2 hours ago", "há 3 horas"), date-only
lines and related-content headings ("Related Articles", "Leia também").
General knowledge of news pages, never phrases of one particular page.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType

from ..text.calendar import month_lookup
from ..text.lexicons import AGENCIES, AGENCY_ALIASES

__all__ = ["AGENCIES", "AGENCY_ALIASES", "AGENCY_RX", "DATE_ONLY", "MONTHS", "MONTH_LANGUAGES", "MONTH_RX", "RELATED_HEADING", "REL_TIME"]

#: The languages whose month names cleaning reads in date lines and datelines.
MONTH_LANGUAGES = ("en", "fr", "es", "pt", "de", "it")

# The abbreviations cleaning reads, as written in news pages (with and without
# accents).  Not CLDR's abbreviated names: those add forms such as "gen",
# "mag" or "ott" (Italian) and "mär" that cleaning has never read as months,
# and would change which lines are taken for dates.
_MONTH_ABBREVIATIONS = {
    "jan": 1, "janv": 1, "ene": 1,
    "feb": 2, "févr": 2, "fev": 2,
    "mar": 3,
    "apr": 4, "abr": 4, "avr": 4,
    "jun": 6,
    "jul": 7, "juil": 7,
    "aug": 8, "ago": 8,
    "sep": 9, "sept": 9, "set": 9,
    "oct": 10, "out": 10, "okt": 10,
    "nov": 11,
    "dec": 12, "déc": 12, "dic": 12, "dez": 12,
}


def _month_names() -> dict[str, int]:
    """Month name -> 1..12: CLDR's full names of :data:`MONTH_LANGUAGES` (lower-cased, and
    accent-folded: "março", "marco"), then the abbreviations above."""
    names: dict[str, int] = {}
    for lang in MONTH_LANGUAGES:
        for folded in (False, True):
            for name, number in month_lookup(lang, folded=folded, widths=("wide",)).items():
                names.setdefault(name, number)
    for name, number in _MONTH_ABBREVIATIONS.items():
        names.setdefault(name, number)
    return names


#: Month name or abbreviation (lower case) -> 1..12.
MONTHS: Mapping[str, int] = MappingProxyType(_month_names())
MONTH_RX = "(?i:" + "|".join(sorted((re.escape(m) for m in MONTHS), key=len, reverse=True)) + r")\.?"

AGENCY_RX = "(?:" + "|".join(sorted((re.escape(a) for a in AGENCIES), key=len, reverse=True)) + ")"


REL_TIME = re.compile(
    r"^(?:(?:about|around|over|updated|posted|published)\s+)?(?:\d+|an?|one|a few)\s*"
    r"(?:s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?|d|days?|w|wks?|weeks?|mo|months?|y|yrs?|years?)\s+ago\.?$"
    r"|^(?:há|hace|il y a|vor|fa)\s+\d+\s+\w+$|^\d+\s+\w+\s+(?:atrás|fa)$"
    r"|^(?:just now|yesterday|today|ontem|hoy|ayer|hier|gestern|heute)$",
    re.I,
)
DATE_ONLY = re.compile(
    rf"^(?:\w+,?\s+)?(?:\d{{4}}[-/.]\d{{1,2}}[-/.]\d{{1,2}}|\d{{1,2}}[-/.]\d{{1,2}}[-/.]\d{{2,4}}"
    rf"|{MONTH_RX}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|\d{{1,2}}(?:er|º|\.)?\s+(?:de\s+)?{MONTH_RX}\s+(?:de\s+)?\d{{4}})"
    r"(?:[ ,T]+(?:at\s+)?\d{1,2}[:.h]\d{2}(?::\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.)?(?:\s*[A-Z]{2,4}|\s*[+-]\d{2}:?\d{2}|Z)?)?\.?$",
    re.I,
)


RELATED_HEADING = re.compile(
    r"^(?:related(?: articles?| stories| news| posts?| content| coverage| reading| links)?|"
    r"more (?:from|on|about|in|news|stories|articles|like this)\b.{0,40}|more stories|"
    r"(?:you )?(?:may|might) (?:also )?(?:like|enjoy|be interested in)|you might also like|"
    r"recommended(?: for you| stories| articles| reading)?|read (?:more|next|also)|also read|see also|"
    r"most (?:read|popular|viewed|shared)|trending(?: now| stories| news)?|top stories|latest (?:news|stories|articles)|"
    r"other stories|in other news|what to read next|don'?t miss|popular (?:now|stories|articles)|"
    r"leia (?:também|mais)|veja (?:também|mais)|mais lidas|notícias relacionadas|artigos relacionados|"
    r"lea también|noticias relacionadas|artículos relacionados|más noticias|lo más leído|"
    r"(?:à )?lire aussi|articles liés|sur le même sujet|les plus lus|"
    r"mehr zum thema|weitere artikel|ähnliche artikel|das könnte sie auch interessieren|meistgelesen|"
    r"leggi anche|articoli correlati)\s*[:.…]*$",
    re.I,
)
