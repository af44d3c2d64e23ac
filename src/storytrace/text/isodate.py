"""Reading ISO 8601 dates ("2025-06-18") from stored values: one parser, tolerant of what is stored.

Publication dates are stored as text, as a date, as a full timestamp
("2025-06-18T09:30:00+00:00") or not at all.  Callers want the calendar day or
None, never an exception, so :func:`parse_iso_date` reads the first ten
characters of a string (``whole=True`` for input that must be exactly a date,
such as a query parameter).  The standard library does the parsing; nothing
here guesses formats (dates in running text are :mod:`storytrace.facts.dates`).
"""

from __future__ import annotations

import datetime as dt
import re

__all__ = ["find_iso_date", "parse_iso_date"]

_ISO_LIKE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def parse_iso_date(value: str | dt.date | None, *, whole: bool = False) -> dt.date | None:
    """The calendar day of an ISO date or timestamp, or None when there is none.

    Args:
        value: "2025-06-18", "2025-06-18T09:30:00Z", a ``date`` or ``datetime``
            (its day), or None / "" (None).
        whole: the whole string must be a date (otherwise only its first ten
            characters are read and a time or anything else after them is ignored).

    Returns:
        The date, or None if ``value`` is empty or not an ISO date.

    >>> parse_iso_date("2025-06-18T09:30:00+00:00"), parse_iso_date("18/06/2025"), parse_iso_date(None)
    (datetime.date(2025, 6, 18), None, None)
    >>> parse_iso_date("2025-06-18 late", whole=True) is None
    True
    """
    if not value:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value if whole else value[:10])
    except ValueError:
        return None


def find_iso_date(text: str | None) -> dt.date | None:
    """The first YYYY-MM-DD in ``text`` (anywhere in it), or None if there is none or it is not a real day.

    Only the first such run is read: "2025-13-01, 2025-06-18" gives None.

    >>> find_iso_date("published 2025-06-18 09:30"), find_iso_date("2025-02-30")
    (datetime.date(2025, 6, 18), None)
    """
    if not text:
        return None
    m = _ISO_LIKE.search(text)
    if m is None:
        return None
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None
