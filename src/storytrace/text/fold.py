"""Folding text for comparison: case, accents and scripts, in a few named variants.

Every variant transliterates with unidecode (accents and non-Latin scripts to
ASCII: "Coréia" -> "coreia", "Северная" -> "severnaia") and lower-cases.  They
differ only in what they do with the characters around words, because their
callers need different things:

* :func:`fold` — the plain fold: ``unidecode(text).lower()``.
* :func:`fold_hyphens` — also rejoins hyphens written with stray spaces
  ("quarta -feira" -> "quarta-feira"); the fact extractors' fold.
* :func:`fold_words` — every run of non-alphanumeric characters becomes one
  space ("Kim Jong-Un" -> "kim jong un"); the fold of place and person names.
* :func:`fold_in_place` — one character out for each character in, so offsets
  into the folded text are offsets into the original (quotes, spans).

Why unidecode and not ``unicodedata.normalize("NFKD")``: NFKD leaves letters
such as "ø", "ł" or "ß" and every non-Latin script untouched, and names are
compared across scripts.  After unidecode the text is ASCII, so ``lower()``
and ``casefold()`` agree.
"""

from __future__ import annotations

import re

import regex
from unidecode import unidecode

__all__ = ["fold", "fold_hyphens", "fold_in_place", "fold_words"]

_SPACED_HYPHEN = regex.compile(r"\s*[-‐‑–]\s*(?=\p{L})")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def fold(text: str | None) -> str:
    """Transliterate to ASCII and lower-case (None reads as "").

    >>> fold("Coréia do Norte"), fold("Straße"), fold(None)
    ('coreia do norte', 'strasse', '')
    """
    return unidecode(text or "").lower()


def fold_hyphens(text: str) -> str:
    """:func:`fold`, after joining hyphens split by spaces ("quarta -feira" -> "quarta-feira").

    Only text with a hyphen ("-" or "‐") is rejoined; then every dash-like
    character before a letter, with the spaces around it, becomes "-".

    >>> fold_hyphens("Quarta -feira"), fold_hyphens("São Paulo")
    ('quarta-feira', 'sao paulo')
    """
    if "-" in text or "‐" in text:
        text = _SPACED_HYPHEN.sub("-", text)
    return unidecode(text).lower()


def fold_words(text: str) -> str:
    """:func:`fold`, with every non-alphanumeric run turned into one space, ends stripped.

    >>> fold_words("Coréia do Norte"), fold_words("Северная Корея"), fold_words("Kim Jong-Un")
    ('coreia do norte', 'severnaia koreia', 'kim jong un')
    """
    return _NON_ALNUM.sub(" ", unidecode(text).lower()).strip()


def fold_in_place(text: str) -> str:
    """A lower-case ASCII fold that keeps every offset: one character out for each one in.

    A non-ASCII character becomes the first character of its transliteration
    (itself when it has none), so ``fold_in_place(t)[i:j]`` is the fold of ``t[i:j]``.

    >>> fold_in_place("«Não» Straße")
    '<nao> strase'
    """
    return "".join((unidecode(c)[:1] or c) if ord(c) > 127 else c for c in text).lower()
