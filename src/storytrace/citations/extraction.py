"""Cited URLs as facts: where they sit in the text, and what their address says offline.

:func:`find_citations` returns ``citation`` facts (:class:`~storytrace.facts.ExtractedFact`)
with offsets into the text, the reference marker, the host, the date the
address carries and the topic words of its slug; :func:`extract_facts
<storytrace.facts.extract_facts>` runs it with the other extractors.  (The
plain list of URLs that ``Document.citations`` holds is
:func:`storytrace.citations.urls.find_urls`.)

Why by hand: ``urllib.parse`` splits a URL but says nothing about a URL
broken by a stray space ("…-in-Kursk- article22489714.html"), about the
date a news address carries in its path (/2022/4/18/, -2022-04-19/), or about
the topic words of its slug.  Those are what the offline citation audit
needs, and they need no network.

Numeric article ids: some publishers number articles sequentially, so an id
gives an approximate publication date.  :data:`ID_DATE_ANCHORS` holds, per
host and id pattern, a few (id, date) points read off dated articles; the
date of an id is interpolated (or extrapolated from the nearest two points)
and carries an uncertainty of :data:`ID_DATE_MARGIN_DAYS`.  Hosts without
anchors get no estimate.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import itertools
from urllib.parse import unquote, urlsplit

import regex

from ..netsafety import is_internal_address
from ..records import ExtractedFact
from ..text.fold import fold_hyphens
from ..text.isodate import parse_iso_date

__all__ = ["ID_DATE_ANCHORS", "ID_DATE_MARGIN_DAYS", "estimate_id_date", "find_citations", "url_date", "url_slug_words"]

_URL = regex.compile(r"(?:https?://|www\.)[^\s<>\"'\]\[)]+", regex.IGNORECASE)
# A stray space inside a URL: the part before ends with "-" or "/" and the part
# after has no scheme but looks like a path segment ("article22489714.html").
_CONTINUATION = regex.compile(r" (?=[\w%-]+(?:\.[a-z]{2,5})?(?:[/?#][^\s]*)?(?:\s|\[|$))")
_MARKER = regex.compile(r"\[(\d{1,3})\]\s*$")

# Sequential article ids → date: (host suffix, id regex on the path, [(id, date), ...]).
# BBC News: "world-europe-60506682" was published 2022-02-24, "world-middle-east-67039975"
# 2023-10-07, "uk-politics-48395905" 2019-05-24, "world-us-canada-54820301" 2020-11-05.
ID_DATE_ANCHORS: tuple[tuple[str, str, tuple[tuple[int, str], ...]], ...] = (
    (
        "bbc.co.uk",
        r"/news/(?:[a-z]+-)*(\d{8})(?:$|[/?#])",
        ((48395905, "2019-05-24"), (54820301, "2020-11-05"), (60506682, "2022-02-24"), (67039975, "2023-10-07")),
    ),
    (
        "bbc.com",
        r"/news/(?:[a-z]+-)*(\d{8})(?:$|[/?#])",
        ((48395905, "2019-05-24"), (54820301, "2020-11-05"), (60506682, "2022-02-24"), (67039975, "2023-10-07")),
    ),
)
ID_DATE_MARGIN_DAYS = 120

_PATH_DATES = (
    regex.compile(r"(?<!\d)(20\d\d|19\d\d)[/-](0?[1-9]|1[0-2])[/-](0?[1-9]|[12]\d|3[01])(?!\d)"),
    regex.compile(r"(?<![\d])(20\d\d|19\d\d)(0[1-9]|1[0-2])([0-2]\d|3[01])(?!\d)"),
    regex.compile(r"/(20\d\d|19\d\d)/(0?[1-9]|1[0-2])/(?!\d)"),
)


def url_date(url: str) -> tuple[str, str] | None:
    """A publication date read from a URL path: (ISO date, how), or None.

    >>> url_date("https://www.aljazeera.com/news/2022/4/18/russia-north-korea")
    ('2022-04-18', 'path')
    """
    try:
        parts = urlsplit(url if "://" in url else "http://" + url)
    except ValueError:
        return None
    path = parts.path
    for i, pattern in enumerate(_PATH_DATES):
        m = pattern.search(path)
        if not m:
            continue
        try:
            if i == 2:
                return dt.date(int(m.group(1)), int(m.group(2)), 1).isoformat()[:7], "path"
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3))).isoformat(), "path"
        except ValueError:
            continue
    estimate = estimate_id_date(url)
    if estimate:
        return estimate.isoformat(), "id_estimate"
    return None


def estimate_id_date(url: str) -> dt.date | None:
    """Approximate date of a URL with a sequential numeric article id (see module docstring).

    >>> estimate_id_date("https://www.bbc.com/news/world-asia-60993877").year
    2022
    """
    try:
        parts = urlsplit(url if "://" in url else "http://" + url)
    except ValueError:
        return None
    host = (parts.hostname or "").lower()
    for suffix, pattern, anchors in ID_DATE_ANCHORS:
        if not (host == suffix or host.endswith("." + suffix)):
            continue
        m = regex.search(pattern, parts.path)
        if not m:
            continue
        ident = int(m.group(1))
        points = sorted((i, day) for i, d in anchors if (day := parse_iso_date(d, whole=True)) is not None)
        lo, hi = points[0], points[1]
        for a, b in itertools.pairwise(points):
            lo, hi = a, b
            if ident <= b[0]:
                break
        per_id = (hi[1] - lo[1]).days / (hi[0] - lo[0])
        return lo[1] + dt.timedelta(days=round((ident - lo[0]) * per_id))
    return None


def url_slug_words(url: str) -> list[str]:
    """Topic words of a URL's last meaningful path segments, folded.

    >>> url_slug_words("https://www.theguardian.com/world/2014/besieged-ukraine-analysis")
    ['besieged', 'ukraine', 'analysis']
    """
    try:
        path = unquote(urlsplit(url if "://" in url else "http://" + url).path)
    except ValueError:
        return []
    words: list[str] = []
    for segment in path.split("/"):
        segment = regex.sub(r"\.(?:s?html?|php|aspx?|jsp)$", "", segment)
        tokens = [t for t in regex.split(r"[-_+.\s]+", segment) if t]
        if len(tokens) >= 3:  # a slug, not a section name such as "world" or "news"
            words.extend(fold_hyphens(t) for t in tokens if not t.isdigit() and not regex.fullmatch(r"[a-z]*\d+[a-z]*", t.lower()))
    return words


def _malformed(url: str) -> str | None:
    if " " in url:
        return "contains a space"
    try:
        parts = urlsplit(url if "://" in url else "http://" + url)
    except ValueError as exc:
        return f"cannot be parsed ({exc})"
    host = parts.hostname or ""
    if not host or "." not in host:
        return "has no valid host name"
    if parts.scheme not in ("http", "https"):
        return f"unusual scheme {parts.scheme!r}"
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        ip = None
    if ip is not None and is_internal_address(ip):
        return "points at a private or local address"
    labels = host.split(".")
    if not regex.fullmatch(r"[a-z]{2,24}|xn--[a-z0-9-]+", labels[-1].lower()):
        return f"implausible top-level domain {labels[-1]!r}"
    if any(not regex.fullmatch(r"[\w-]{1,63}", label) or label.startswith("-") for label in labels):
        return "invalid host name"
    if "//" in parts.path:
        return "empty path segment"
    return None


def _looks_like_path(token: str) -> bool:
    """Whether the word after a URL broken by a space continues it ("article22489714.html", "a-71902213"):
    a plain word of the sentence ("oder", "and", "ici") has no digit, dot, hyphen, underscore,
    slash or query character."""
    return bool(regex.search(r"[\d._/?#=%&-]", token))


def find_citations(text: str, document: str = "") -> list[ExtractedFact]:
    """Find cited URLs in ``text`` with offsets, reference markers and offline evidence.

    A URL broken by a single stray space is read whole and marked malformed.

    Returns:
        ``citation`` facts: ``value`` the URL as written (without the space);
        ``attrs``: ``marker`` ("3" for "[3] https://..."), ``host``,
        ``date`` and ``date_how`` (path or id_estimate) when known,
        ``slug`` (topic words) and ``malformed`` (a reason) when it is.

    >>> f = find_citations("[3] https://www.reuters.com/world/europe/help-disturbs-kyiv-2022-04-19/")[0]
    >>> f.attrs["marker"], f.attrs["date"]
    ('3', '2022-04-19')
    """
    facts = []
    for m in _URL.finditer(text):
        start, end = m.start(), m.end()
        # Strip trailing punctuation that belongs to the sentence.
        while end > start and text[end - 1] in ".,;:!?":
            end -= 1
        raw = text[start:end]
        if raw.endswith(("-", "/")):
            cont = _CONTINUATION.match(text, end)
            if cont is not None:
                nxt = regex.match(r" ([\w%.-]+(?:[/?#][^\s\[\]]*)?)", text[end:])
                if nxt and _looks_like_path(nxt.group(1).rstrip(".,;:!?")):
                    end = end + nxt.end()
                    while end > start and text[end - 1] in ".,;:!?" and not text[start:end].endswith(".html"):
                        end -= 1
                    raw = text[start:end]
        url = raw.replace(" ", "")
        if not url.lower().startswith("http"):
            url = "http://" + url
        attrs: dict = {}
        marker = _MARKER.search(text[max(0, start - 8):start])
        if marker:
            attrs["marker"] = marker.group(1)
        try:
            attrs["host"] = (urlsplit(url).hostname or "").lower()
        except ValueError:
            attrs["host"] = ""
        found = url_date(url)
        if found:
            attrs["date"], attrs["date_how"] = found
        attrs["slug"] = tuple(url_slug_words(url))
        problem = _malformed(raw)
        if problem:
            attrs["malformed"] = problem
        facts.append(ExtractedFact("citation", f"citation:{url}", url, start, end, raw, document, attrs))
    return facts
