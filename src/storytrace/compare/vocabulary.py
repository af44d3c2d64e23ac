"""Word sets and stems the support checks compare versions by.

:func:`story_vocabulary` is shared with the citation audit and lives in
:mod:`storytrace.citations.audit` (re-exported here).  :func:`cached_stemmer`
picks the checks' stemmer from the text toolkit's shared, thread-safe and
memoised ones (:func:`storytrace.text.stem.stemmer`): the checks were tuned
on five languages and stem every other language, and a regional tag such as
"pt-BR", as English.
"""

from __future__ import annotations

from ..citations.audit import story_vocabulary
from ..text.stem import Stemmer, stemmer

__all__ = ["CHECKED_LANGUAGES", "cached_stemmer", "story_vocabulary"]

#: Languages the support checks stem as themselves; any other is stemmed as English.
CHECKED_LANGUAGES = frozenset({"en", "pt", "es", "fr", "de"})


def cached_stemmer(lang: str | None) -> Stemmer:
    """The stemmer of ``lang`` for the support checks (English when not in :data:`CHECKED_LANGUAGES`).

    >>> cached_stemmer("pt")("trabalhadores"), cached_stemmer("ja")("workers")
    ('trabalh', 'worker')
    """
    found = stemmer(lang if lang in CHECKED_LANGUAGES else "en")
    assert found is not None  # Snowball has a stemmer for each of CHECKED_LANGUAGES
    return found
