"""Text toolkit shared by every stage: folding, stemming, calendar names, ISO dates and word lists.

One place for what several stages need, so that they agree:

* :mod:`.fold` — case and accent folding (:func:`fold` and its named variants);
* :mod:`.stem` — one thread-safe Snowball stemmer per language, one language map;
* :mod:`.calendar` — month and weekday names of every language, from Babel/CLDR;
* :mod:`.isodate` — one tolerant ISO-date parser;
* :mod:`.lexicons` — negation words and news agencies.

Language identification is :mod:`storytrace.language`.
"""

from __future__ import annotations

from .calendar import month_lookup, months, weekday_lookup, weekdays
from .fold import fold, fold_hyphens, fold_in_place, fold_words
from .isodate import find_iso_date, parse_iso_date
from .lexicons import (
    AGENCIES,
    AGENCY_ALIASES,
    NEGATION_WORDS,
    NEGATORS,
    TEXT_CREDIT_AGENCIES,
)
from .stem import SNOWBALL_LANGUAGES, Stemmer, snowball_name, stemmer

__all__ = [
    "AGENCIES",
    "AGENCY_ALIASES",
    "NEGATION_WORDS",
    "NEGATORS",
    "SNOWBALL_LANGUAGES",
    "TEXT_CREDIT_AGENCIES",
    "Stemmer",
    "find_iso_date",
    "fold",
    "fold_hyphens",
    "fold_in_place",
    "fold_words",
    "month_lookup",
    "months",
    "parse_iso_date",
    "snowball_name",
    "stemmer",
    "weekday_lookup",
    "weekdays",
]
