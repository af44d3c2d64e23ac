"""Snowball stemmers: one language map, one thread-safe stemmer per language.

snowballstemmer hands out PyStemmer's C stemmers when PyStemmer is installed
(else its pure-Python ones), with the same stems.  Neither kind may be used by
two threads at once (a stemmer keeps the word it is working on in itself), and
building one costs more than stemming a word, so :func:`stemmer` builds one
:class:`Stemmer` per language, puts one lock around it, and memoises stems.

Languages are ISO 639-1 codes, looked up as given ("pt", not "pt-BR"): what a
caller does with a regional tag, or with a language Snowball has no stemmer
for (no stemming, or English), is the caller's choice.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping
from types import MappingProxyType

__all__ = ["SNOWBALL_LANGUAGES", "Stemmer", "snowball_name", "stemmer"]

#: ISO 639-1 code -> Snowball algorithm name, for every Snowball stemmer of a natural language.
SNOWBALL_LANGUAGES: Mapping[str, str] = MappingProxyType({
    "ar": "arabic", "hy": "armenian", "eu": "basque", "ca": "catalan", "cs": "czech", "da": "danish",
    "nl": "dutch", "en": "english", "eo": "esperanto", "et": "estonian", "fi": "finnish", "fr": "french",
    "de": "german", "el": "greek", "hi": "hindi", "hu": "hungarian", "id": "indonesian", "ga": "irish",
    "it": "italian", "lt": "lithuanian", "ne": "nepali", "nb": "norwegian", "no": "norwegian", "fa": "persian",
    "pl": "polish", "pt": "portuguese", "ro": "romanian", "ru": "russian", "sr": "serbian", "es": "spanish",
    "sv": "swedish", "ta": "tamil", "tr": "turkish", "yi": "yiddish",
})

_MEMO_SIZE = 1 << 16  # stems remembered per language; the memo starts again when full


class Stemmer:
    """The Snowball stemmer of one language, safe to share between threads.

    >>> stem = Stemmer("english")
    >>> stem("workers"), stem.stem("running")
    ('worker', 'run')
    """

    __slots__ = ("_lock", "_memo", "_stemmer", "algorithm")

    def __init__(self, algorithm: str):
        import snowballstemmer

        self.algorithm = algorithm
        self._stemmer = snowballstemmer.stemmer(algorithm)
        self._lock = threading.Lock()
        self._memo: dict[str, str] = {}

    def stem(self, word: str) -> str:
        """The stem of ``word`` (as given: the caller lower-cases or folds it)."""
        out = self._memo.get(word)
        if out is None:
            with self._lock:
                out = self._stemmer.stemWord(word)
            if len(self._memo) >= _MEMO_SIZE:
                self._memo.clear()
            self._memo[word] = out
        return out

    __call__ = stem

    def stem_words(self, words: Iterable[str]) -> list[str]:
        """The stems of ``words``, in order.

        >>> Stemmer("english").stem_words(["workers", "ran", "running"])
        ['worker', 'ran', 'run']
        """
        return [self.stem(w) for w in words]

    def __repr__(self) -> str:
        return f"Stemmer({self.algorithm!r})"


def snowball_name(lang: str | None) -> str | None:
    """The Snowball algorithm for an ISO 639-1 code, or None if Snowball has none.

    >>> snowball_name("pt"), snowball_name("ja"), snowball_name(None)
    ('portuguese', None, None)
    """
    return SNOWBALL_LANGUAGES.get(lang) if lang else None


_stemmers: dict[str, Stemmer | None] = {}
_stemmers_lock = threading.Lock()


def stemmer(lang: str | None) -> Stemmer | None:
    """The shared :class:`Stemmer` of ``lang`` (ISO 639-1), or None when Snowball has none.

    Built once per language and shared by every thread.

    >>> stemmer("pt")("trabalhadores"), stemmer("ja")
    ('trabalh', None)
    """
    key = lang or ""
    found = _stemmers.get(key, False)
    if found is not False:
        return found  # type: ignore[return-value]
    with _stemmers_lock:
        if key not in _stemmers:
            import snowballstemmer

            name = snowball_name(lang)
            _stemmers[key] = Stemmer(name) if name and name in snowballstemmer.algorithms() else None
        return _stemmers[key]
