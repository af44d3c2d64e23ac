"""Header fields: title, byline, dateline and agency credits.

A page title loses its site-name segment; a first line that repeats the title
goes; a byline among the first lines becomes the author; a dateline
("SEOUL, June 18 (AP) --") gives the place, a month and day and the credits.
Credits are spelled one way per agency (:func:`canonical_credit`).
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import re

from ..records import RemovedSpan
from .lines import comparable, count_words, is_headline_like
from .parts import Parts
from .vocab import AGENCY_ALIASES, AGENCY_RX, MONTH_RX, MONTHS

__all__ = ["CREDIT_LINE", "canonical_credit", "clean_title", "read_dateline", "strip_leading_title", "take_byline"]

_DATELINE = re.compile(
    r"^(?P<place>(?:[A-ZÀ-Þ][A-Za-zÀ-ÿ.'’\-/]*)(?:\s+[A-ZÀ-Þ][A-Za-zÀ-ÿ.'’\-/]*){0,3}"
    r"(?:,\s*(?!" + MONTH_RX + r"\s+\d)[A-ZÀ-Ý][\wÀ-ÿ.'’\-]*(?:\s+(?:[a-zà-ÿ]{1,3}\s+)?[A-ZÀ-Ý][\wÀ-ÿ.'’\-]*){0,3})?)"
    r"(?:,\s*(?P<date>" + MONTH_RX + r"\s+\d{1,2}|\d{1,2}\.?\s+(?:de\s+)?" + MONTH_RX + r")(?:,?\s+(?P<year>\d{4}))?)?"
    r"\s*(?:\((?P<credit>[A-Z][\w .&/\-]{0,30})\)|[.,]?\s*/(?P<slash>[A-Z][A-Za-z\-]{1,15})/\.?)?"
    r"\s*(?P<dash>[—–]|--?)?\s*",
)
_DATELINE_START = re.compile(r"^[A-Z][A-Z .'\-]{2,}(?:,|\s*[—–-]|\s*\()")
_LEAD_CREDIT = re.compile(r"^\((?P<credit>" + AGENCY_RX + r")\)\s*(?:[—–]|--?)?\s*")
CREDIT_LINE = re.compile(
    r"^\(?\s*(?:[—–-]+\s*)?(?:(?:with|with inputs? from|inputs? from|source|sources|via|com|con|avec|mit)\s*:?\s+)?"
    r"(?P<credit>" + AGENCY_RX + r"(?:\s*(?:[/,&]|and)\s*" + AGENCY_RX + r")*)\s*\)?\.?$",
    re.I,
)
_BYLINE = re.compile(
    r"^(?i:by|por|par|von|di|door|av)\s+(?P<name>[A-ZÀ-Þ][\w.'’\-]+(?:\s+(?:[A-ZÀ-Þ][\w.'’\-]+|de|da|van|von|der|del|la|le|bin|al)){0,4}"
    r"(?:\s*(?:,|and|&|e|y|et|und)\s*[A-ZÀ-Þ][\w.'’\-]+(?:\s+[A-ZÀ-Þ][\w.'’\-]+){0,4})*)"
    r"(?:\s*(?:,|\||-|–|—)\s*(?P<org>[^.!?]{2,60}))?\s*$",
)


def canonical_credit(credit: str) -> str:
    """One spelling per agency, so 'Associated Press' and 'AP' count once."""
    credit = " ".join(credit.split())
    return AGENCY_ALIASES.get(credit.casefold(), credit)


def strip_leading_title(lines: list[str], title: str | None) -> tuple[list[str], str | None]:
    """Drop the first line when it is the title; without a title, recover one
    from a short first line without a final period that is followed by text."""
    idx = [j for j, ln in enumerate(lines) if ln]
    if not idx:
        return lines, title
    first = lines[idx[0]]
    if title:
        first_key, title_key = comparable(first), comparable(title)
        if first_key == title_key or (first_key.startswith(title_key) and len(first) - len(title) < 3):
            lines = lines[: idx[0]] + lines[idx[0] + 1:]
        return lines, title
    if len(idx) >= 2 and is_headline_like(first) and count_words(first) >= 3 and first[-1:] not in ".!" \
            and not _DATELINE_START.match(first) and not _BYLINE.match(first) and len(first) <= 200:
        return lines[: idx[0]] + lines[idx[0] + 1:], first
    return lines, None


def clean_title(title: str | None, site_name: str | None, url: str | None) -> str | None:
    """Drop a site-name segment from a page title ("Workers to Kursk | Daily Example").

    >>> clean_title("Workers to Kursk | Daily Example", "Daily Example", None)
    'Workers to Kursk'
    """
    if not title:
        return None
    title = " ".join(title.split())
    pieces = re.split(r"(\s+(?:\||-|–|—|::|·|»)\s+)", title)  # text, sep, text, sep, ...
    if len(pieces) < 3:
        return title
    scheme_host = re.match(r"^\w+://([^/:]+)", url or "")
    host = re.sub(r"^www\.", "", scheme_host.group(1).lower() if scheme_host else "").replace(".", "")

    def is_site(piece: str) -> bool:
        n = comparable(piece)
        squashed = re.sub(r"\W", "", n)
        return bool(n) and (n == comparable(site_name or "") or (len(squashed) >= 3 and squashed in host))

    while len(pieces) >= 3 and is_site(pieces[-1]):
        pieces = pieces[:-2]
    while len(pieces) >= 3 and is_site(pieces[0]):
        pieces = pieces[2:]
    return "".join(pieces)


def take_byline(lines: list[str], parts: Parts) -> str | None:
    """Remove a byline among the first lines ("By Kim Tong-Hyung, Associated Press"); return the name."""
    idx = [j for j, ln in enumerate(lines) if ln][:3]
    for j in idx:
        line = lines[j]
        m = _BYLINE.match(line) if len(line) <= 100 else None
        if not m:
            continue
        name = m.group("name").strip()
        orgs = [(m.group("org") or "").strip()]
        pieces = [p.strip() for p in name.split(",")]
        while len(pieces) > 1 and re.fullmatch(AGENCY_RX, pieces[-1], re.I):
            orgs.append(pieces.pop())
        for org in orgs:
            if org and re.fullmatch(AGENCY_RX, org, re.I):
                parts.credits.append(org)
        parts.removed.append(RemovedSpan("clutter", line, "byline"))
        lines[j] = ""
        return ", ".join(pieces)
    return None


def read_dateline(first_line: str, parts: Parts) -> None:
    """Read the dateline and credit that open the story ("SEOUL, June 18 (AP) --", "(AFP) --") into ``parts``.

    Sets ``parts.dateline`` (the place), ``parts.dateline_date`` (month, day),
    ``parts.published`` when the dateline has a year, and adds the credit.
    The line itself stays in the text.
    """
    m = _LEAD_CREDIT.match(first_line)
    if m:
        parts.credits.append(m.group("credit"))
        return
    m = _DATELINE.match(first_line)
    if not m:
        return
    place = m.group("place").strip()
    date, credit, dash = m.group("date"), m.group("credit") or m.group("slash"), m.group("dash")
    if not (dash or credit):
        return
    if m.end() >= len(first_line) or not first_line[m.end():m.end() + 1].strip():
        return
    head = place.split(",")[0]
    allcaps = head.upper() == head and any(ch.isalpha() for ch in head)
    if credit:
        known = re.fullmatch(AGENCY_RX + r"(?:[\- ]\w+)?", credit.strip(), re.I) is not None
        if not known and not (credit.isupper() and len(credit) <= 12):
            return  # "The Global GPS (Global Positioning System) market ..." is not a dateline
        if not (known or allcaps or "," in place or date):
            return
    elif not (allcaps or "," in place or date):
        return
    if count_words(head) > 4:
        return
    parts.dateline = place
    if credit:
        parts.credits.append(credit.strip())
    if date:
        dm = re.findall(r"\d+|[^\W\d]+", date.lower())
        day = next((int(p) for p in dm if p.isdigit()), None)
        month = next((MONTHS[p] for p in dm if p in MONTHS), None)
        if day and month:
            parts.dateline_date = (month, day)
            if m.group("year"):
                with contextlib.suppress(ValueError):  # no such day (February 30)
                    parts.published = parts.published or _dt.date(int(m.group("year")), month, day).isoformat()
