"""Date lines ("date 2025-06-18", "Published: June 18, 2025") and the year of a dateline's date.

A date line is publication metadata, not text: it is removed and its date
becomes ``Document.published`` when the container gave none.  The month names
are those of :mod:`storytrace.clean.vocab`.
"""

from __future__ import annotations

import datetime as _dt
import re

from ..ingest.common import iso_date
from .vocab import DATE_ONLY, MONTH_RX, MONTHS

__all__ = ["infer_dateline_year", "read_date_line"]

_DATE_IN = re.compile(
    rf"(?P<iso>\d{{4}}-\d{{1,2}}-\d{{1,2}})|(?P<mdy>{MONTH_RX}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}})"
    rf"|(?P<dmy>\d{{1,2}}(?:er|º|\.)?\s+(?:de\s+)?{MONTH_RX}\s+(?:de\s+)?\d{{4}})",
    re.I,
)
_DATE_LABEL = re.compile(
    r"^\s*(?:date|dated|published|posted|updated|last updated|first published|publication date|publish date|"
    r"data|fecha|datum|date de publication|publié le|publicado(?: em| el)?|veröffentlicht(?: am)?|aktualisiert(?: am)?)"
    r"\s*(?:on|:|-|–)?\s*",
    re.I,
)


def _date_from_match(m: re.Match[str]) -> str | None:
    """The ISO date of a :data:`_DATE_IN` match, or None when it names no valid day."""
    text = m.group(0)
    if m.lastgroup == "iso":
        return iso_date(text)
    parts = re.findall(r"\d+|[^\W\d]+", text.lower())
    day = year = month = None
    for p in parts:
        if p.isdigit():
            if len(p) == 4:
                year = int(p)
            elif day is None:
                day = int(p)
        elif p.rstrip(".") in MONTHS and month is None:
            month = MONTHS[p.rstrip(".")]
    if day and month and year:
        try:
            return _dt.date(year, month, day).isoformat()
        except ValueError:
            return None
    return None


def read_date_line(line: str) -> str | None:
    """The ISO date of a line that is a date line ('date 2025-06-18 Photo : X', 'Published: June 18, 2025')."""
    s = line.strip()
    if not s or len(s) > 120:
        return None
    m = _DATE_LABEL.match(s)
    if m and m.end() > 0:
        rest = s[m.end():]
        dm = _DATE_IN.match(rest.strip())
        if dm:
            return _date_from_match(dm)
        return None
    if DATE_ONLY.match(s):
        dm = _DATE_IN.search(s)
        if dm:
            return _date_from_match(dm)
        return iso_date(s)
    return None


def infer_dateline_year(month_day: tuple[int, int], text: str) -> str | None:
    """A year for 'June 18' from the full dates in the text: the most frequent year, the latest on ties."""
    years: list[int] = []
    for m in _DATE_IN.finditer(text):
        value = _date_from_match(m)
        if value:
            years.append(int(value[:4]))
    if not years:
        return None
    year = max(set(years), key=lambda y: (years.count(y), y))
    try:
        return _dt.date(year, month_day[0], month_day[1]).isoformat()
    except ValueError:
        return None
