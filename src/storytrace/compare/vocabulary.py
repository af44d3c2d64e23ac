"""Word sets and stems the support checks compare versions by.

Why a memoised wrapper around Snowball: the checks stem every word of every
version many times over, and a Snowball stemmer is not thread-safe.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from functools import lru_cache

import regex

from ..facts.lexicon import fold

__all__ = ["cached_stemmer", "story_vocabulary"]

def story_vocabulary(texts: Iterable[str]) -> set[str]:
    """The folded words of ``texts``, hyphenated words also by their parts.

    >>> sorted(story_vocabulary(["North-Korean troops"]))
    ['korean', 'north', 'north-korean', 'troops']
    """
    vocab: set[str] = set()
    for t in texts:
        for w in regex.findall(r"\p{L}[\p{L}\p{M}'’-]*", fold(t)):
            vocab.add(w)
            vocab.update(w.split("-"))
    return vocab


@lru_cache(maxsize=8)
def cached_stemmer(lang: str | None) -> Callable[[str], str]:
    """The Snowball stem of a word in ``lang`` (English when unknown), memoised.

    The checks below stem every word of every version, most of them many times
    over, so stems are remembered.  A Snowball stemmer keeps the word it is
    working on in itself, so one lock lets threads (the web app) share it.
    """
    import snowballstemmer

    names = {"en": "english", "pt": "portuguese", "es": "spanish", "fr": "french", "de": "german"}
    stemmer = snowballstemmer.stemmer(names.get(lang or "en", "english"))
    lock = threading.Lock()

    @lru_cache(maxsize=1 << 16)
    def stem(word: str) -> str:
        with lock:
            return stemmer.stemWord(word)

    return stem
