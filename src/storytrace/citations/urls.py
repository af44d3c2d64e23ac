"""The URLs a text cites, as a plain de-duplicated list (what ``Document.citations`` holds).

Cleaning fills ``Document.citations`` with :func:`find_urls`, and its repair
of reference lines (:mod:`storytrace.clean.references`) reads URLs with the
same :data:`URL_PATTERN` and :func:`trim_url`.  The facts with offsets,
markers and offline evidence are :func:`storytrace.citations.extraction.find_citations`.

Why by hand: a URL in running text has no delimiter, so where it ends is a
guess; the guesses here (sentence punctuation and unbalanced closing
parentheses are not part of it, a glued ``[2]`` reference marker ends it)
are what news copy needs.
"""

from __future__ import annotations

import re

__all__ = ["URL_PATTERN", "find_urls", "trim_url"]

#: A URL as written in text: a scheme or ``www.``, then anything but spaces, quotes and brackets.
URL_PATTERN = re.compile(r"(?:https?://|www\.)[^\s<>\"'\[\]{}|\\^`]+", re.I)


def trim_url(url: str) -> str:
    """A URL without the sentence punctuation that follows it.

    >>> trim_url("https://a.org/x_(y)).")
    'https://a.org/x_(y)'
    """
    while url and url[-1] in ".,;:!?)'\"»”’*":
        if url[-1] == ")" and url.count("(") >= url.count(")"):
            break
        url = url[:-1]
    return url


def find_urls(text: str) -> tuple[str, ...]:
    """Every URL in ``text`` in order, de-duplicated, with trailing punctuation trimmed.

    Reference markers glued to a URL (``...html[2] https://...``) separate it
    from the next one.

    Args:
        text: clean text.

    Returns:
        The URLs, first occurrence first.

    >>> find_urls("See https://a.org/x.html[2] https://b.org/y). And https://a.org/x.html.")
    ('https://a.org/x.html', 'https://b.org/y')
    """
    seen: dict[str, None] = {}
    for m in URL_PATTERN.finditer(text):
        url = trim_url(m.group(0))
        if len(url) < 8 or url.lower() in ("http://", "https://"):
            continue
        seen.setdefault(url, None)
    return tuple(seen)
