"""Tests for storytrace.text: folds, stemmers, CLDR calendar tables, ISO dates and word lists."""

from __future__ import annotations

import datetime as dt
import re
import threading

import pytest
import regex
from hypothesis import given
from hypothesis import strategies as st
from unidecode import unidecode

from storytrace import language, numbers
from storytrace.facts import lexicon
from storytrace.text import (
    AGENCIES,
    AGENCY_ALIASES,
    NEGATION_WORDS,
    NEGATORS,
    SNOWBALL_LANGUAGES,
    TEXT_CREDIT_AGENCIES,
    Stemmer,
    find_iso_date,
    fold,
    fold_hyphens,
    fold_in_place,
    fold_words,
    month_lookup,
    months,
    parse_iso_date,
    snowball_name,
    stemmer,
    weekday_lookup,
    weekdays,
)

# ---------------------------------------------------------------- fold

_texts = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40)


def test_fold_variants_on_examples() -> None:
    assert fold("Coréia do Norte") == "coreia do norte"
    assert fold("Северная Корея") == "severnaia koreia"
    assert fold(None) == "" and fold("") == ""
    assert fold_hyphens("quarta -feira") == "quarta-feira"
    assert fold_hyphens("Quarta - Feira") == "quarta-feira"
    assert fold_hyphens("São Paulo – Rio") == "sao paulo - rio"  # no hyphen: dashes stay as they are
    assert fold_words("Kim Jong-Un, (Pyongyang)") == "kim jong un pyongyang"
    assert fold_in_place("«Não» Straße") == "<nao> strase"


@given(_texts)
def test_folds_keep_the_behaviour_of_the_code_they_replace(text: str) -> None:
    # The expressions each caller used before the toolkit, verbatim.
    assert fold(text) == unidecode(text).lower() == unidecode(text).casefold()
    joined = regex.sub(r"\s*[-‐‑–]\s*(?=\p{L})", "-", text) if "-" in text or "‐" in text else text
    assert fold_hyphens(text) == unidecode(joined).lower()
    assert fold_words(text) == re.sub(r"[^a-z0-9]+", " ", unidecode(text).lower()).strip()
    assert fold_in_place(text) == "".join((unidecode(c)[:1] or c) if ord(c) > 127 else c for c in text).lower()


@given(_texts)
def test_fold_in_place_keeps_offsets(text: str) -> None:
    folded = fold_in_place(text)
    assert len(folded) == len(text)
    for i, ch in enumerate(text):
        assert folded[i] == fold_in_place(ch)


# ---------------------------------------------------------------- stem


def test_language_map_names_snowball_algorithms() -> None:
    import snowballstemmer

    assert set(SNOWBALL_LANGUAGES.values()) <= set(snowballstemmer.algorithms())
    assert all(len(code) == 2 and code.islower() for code in SNOWBALL_LANGUAGES)
    assert snowball_name("pt") == "portuguese" and snowball_name("nb") == snowball_name("no") == "norwegian"
    assert snowball_name("ja") is None and snowball_name(None) is None and snowball_name("pt-BR") is None


def test_one_stemmer_per_language() -> None:
    assert stemmer("en") is stemmer("en")
    assert stemmer("pt") is not stemmer("en")
    assert stemmer("ja") is None and stemmer(None) is None and stemmer("") is None
    en = stemmer("en")
    assert isinstance(en, Stemmer) and en.algorithm == "english"
    assert en("workers") == en.stem("worker") == "worker"
    assert en.stem_words(["workers", "running"]) == ["worker", "run"]
    assert stemmer("pt")("trabalhadores") == stemmer("pt")("trabalhador")
    assert stemmer("de")("Arbeiter") == "Arbeit"  # case is the caller's: Snowball keeps it


def test_stems_match_snowball_for_every_language() -> None:
    import snowballstemmer

    words = ["workers", "trabalhadores", "travailleurs", "Arbeiter", "работники", "çalışanlar", "lavoratori"]
    for code, name in SNOWBALL_LANGUAGES.items():
        reference = snowballstemmer.stemmer(name)
        shared = stemmer(code)
        assert shared is not None
        assert [shared(w) for w in words] == [reference.stemWord(w) for w in words]


def test_a_stemmer_is_safe_to_share_between_threads() -> None:
    import snowballstemmer

    words = [f"{stem}{ending}" for stem in ("work", "run", "nation", "connect", "govern") for ending in ("", "s", "ing", "ed", "ers", "ally")]
    reference = snowballstemmer.stemmer("english")
    expected = {w: reference.stemWord(w) for w in words}
    shared = Stemmer("english")  # a fresh one, so the threads race on the Snowball stemmer itself
    errors: list[str] = []
    barrier = threading.Barrier(8)

    def work(offset: int) -> None:
        barrier.wait()
        for i in range(400):
            w = words[(i + offset) % len(words)]
            if shared(w) != expected[w]:
                errors.append(w)

    threads = [threading.Thread(target=work, args=(k,)) for k in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []


# ---------------------------------------------------------------- calendar


def test_cldr_names_as_written() -> None:
    assert months("en")[6] == "June" and months("pt")[6] == "junho"
    assert months("pt", "abbreviated")[9] == "set."
    assert months("de", context="stand-alone")[3] == "März"
    assert weekdays("en")[0] == "Monday" and weekdays("pt")[2] == "quarta-feira"
    assert len(months("ja")) == 12 and len(weekdays("ko")) == 7
    assert months("xx") == {} and weekdays("not a language") == {}


@pytest.mark.parametrize("lang", ["en", "pt", "es", "fr", "de", "it", "nl", "ru", "tr", "ja"])
def test_lookups_cover_every_month_and_weekday(lang: str) -> None:
    assert set(month_lookup(lang).values()) == set(range(1, 13))
    assert set(weekday_lookup(lang).values()) == set(range(7))
    assert all(k == k.lower() and not k.endswith(".") for k in month_lookup(lang))
    assert all(k.isascii() for k in month_lookup(lang, folded=True))


def test_lookup_forms() -> None:
    assert month_lookup("fr")["févr"] == month_lookup("fr", folded=True)["fevr"] == 2
    assert month_lookup("de")["märz"] == month_lookup("de", folded=True)["marz"] == 3
    assert "sept" not in month_lookup("en")  # CLDR says "Sep"; lexicon.month_names adds "sept"
    assert weekday_lookup("pt")["terça-feira"] == weekday_lookup("pt", folded=True)["terca-feira"] == 1
    assert "mo" in weekday_lookup("de", folded=True, widths=("abbreviated",))
    assert "mo" not in weekday_lookup("de", folded=True)  # wide names only by default


def test_calendar_covers_the_hand_written_month_list_it_can_replace() -> None:
    # The month words the cleaner reads in datelines (en, fr, es, pt, de, it), as it listed them.
    hand = {
        "jan": 1, "january": 1, "janvier": 1, "enero": 1, "janeiro": 1, "januar": 1, "gennaio": 1, "janv": 1, "ene": 1,
        "feb": 2, "february": 2, "février": 2, "fevrier": 2, "febrero": 2, "fevereiro": 2, "februar": 2, "febbraio": 2,
        "févr": 2, "fev": 2, "mar": 3, "march": 3, "mars": 3, "marzo": 3, "março": 3, "marco": 3, "märz": 3, "marz": 3,
        "apr": 4, "april": 4, "avril": 4, "abril": 4, "aprile": 4, "abr": 4, "avr": 4,
        "may": 5, "mai": 5, "mayo": 5, "maio": 5, "maggio": 5,
        "jun": 6, "june": 6, "juin": 6, "junio": 6, "junho": 6, "juni": 6, "giugno": 6,
        "jul": 7, "july": 7, "juillet": 7, "julio": 7, "julho": 7, "juli": 7, "luglio": 7, "juil": 7,
        "aug": 8, "august": 8, "août": 8, "aout": 8, "agosto": 8, "ago": 8,
        "sep": 9, "sept": 9, "september": 9, "septembre": 9, "septiembre": 9, "setembro": 9, "settembre": 9, "set": 9,
        "oct": 10, "october": 10, "octobre": 10, "octubre": 10, "outubro": 10, "oktober": 10, "ottobre": 10,
        "out": 10, "okt": 10, "nov": 11, "november": 11, "novembre": 11, "noviembre": 11, "novembro": 11,
        "dec": 12, "december": 12, "décembre": 12, "decembre": 12, "diciembre": 12, "dezembro": 12,
        "dezember": 12, "dicembre": 12, "déc": 12, "dic": 12, "dez": 12,
    }
    cldr: dict[str, int] = {}
    for lang in ("en", "fr", "es", "pt", "de", "it"):
        for folded in (False, True):
            for key, number in month_lookup(lang, folded=folded).items():
                cldr.setdefault(key, number)
    assert {k: cldr.get(k) for k in hand} == hand
    # CLDR has a few more forms; these are what switching to it adds.
    assert set(cldr) - set(hand) == {"gen", "fevr", "mär", "mag", "giu", "lug", "ott"}


def _lexicon_months_before(lang: str) -> dict[str, int]:
    """lexicon.month_names as it read Babel itself before the toolkit."""
    from babel import Locale

    out: dict[str, int] = {}
    loc = Locale.parse(lang)
    for ctx in ("format", "stand-alone"):
        for width in ("wide", "abbreviated"):
            for num, name in loc.months[ctx][width].items():
                key = fold_hyphens(name).rstrip(".")
                if len(key) >= 3:
                    out[key] = num
    if lang == "en":
        out["sept"] = 9
    return out


@pytest.mark.parametrize("lang", lexicon.LANGS)
def test_lexicon_tables_unchanged(lang: str) -> None:
    assert lexicon.month_names(lang) == _lexicon_months_before(lang)
    days = lexicon.weekday_names(lang)
    assert set(days.values()) == set(range(7))
    if lang == "pt":
        assert days["quarta"] == days["quarta-feira"] == 2


# ---------------------------------------------------------------- ISO dates


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2025-06-18", dt.date(2025, 6, 18)),
        ("2025-06-18T09:30:00+00:00", dt.date(2025, 6, 18)),
        ("2025-06-18 09:30", dt.date(2025, 6, 18)),
        (dt.date(2025, 6, 18), dt.date(2025, 6, 18)),
        (dt.datetime(2025, 6, 18, 23, 59), dt.date(2025, 6, 18)),
        (None, None),
        ("", None),
        ("18/06/2025", None),
        ("2025-02-30", None),
        ("June 18, 2025", None),
    ],
)
def test_parse_iso_date(value: object, expected: dt.date | None) -> None:
    assert parse_iso_date(value) == expected  # type: ignore[arg-type]


def test_parse_iso_date_whole() -> None:
    assert parse_iso_date("2025-06-18", whole=True) == dt.date(2025, 6, 18)
    assert parse_iso_date("2025-06-18T09:30", whole=True) is None
    assert parse_iso_date("2025-06-18xyz") == dt.date(2025, 6, 18)
    assert parse_iso_date("2025-06-18xyz", whole=True) is None


def test_find_iso_date_anywhere() -> None:
    assert find_iso_date("Published on 2025-06-18 at 09:30") == dt.date(2025, 6, 18)
    assert find_iso_date("2025-13-01 then 2025-06-18") is None  # only the first is read
    assert find_iso_date(None) is None and find_iso_date("no date") is None


# ---------------------------------------------------------------- lexicons


def test_agency_lists() -> None:
    assert set(TEXT_CREDIT_AGENCIES) <= set(AGENCIES)
    assert len(set(AGENCIES)) == len(AGENCIES)
    assert set(AGENCY_ALIASES.values()) <= set(AGENCIES)
    assert all(k == k.casefold() for k in AGENCY_ALIASES)
    assert "BBC" in AGENCIES and "BBC" not in TEXT_CREDIT_AGENCIES


def test_negation_lists() -> None:
    assert {"not", "never", "não", "jamás", "nicht", "n't"} <= NEGATORS
    assert {"not", "without", "nao", "jamas", "sem", "sans", "ohne"} <= NEGATION_WORDS
    assert all(w == fold(w) for w in NEGATION_WORDS)  # folded, for folded text
    assert "without" not in NEGATORS  # as written and narrower: the two checks were tuned apart


# ---------------------------------------------------------------- language guess


def test_guess_language_lives_in_language() -> None:
    assert not hasattr(language, "fold") and "guess_language" not in numbers.__all__
    assert language.guess_language("A Coreia do Norte envia 1.000 sapadores para a Rússia, disse o governo") == "pt"
    assert language.guess_language("Der Minister sagte, dass die Truppen nicht mit dem Zug auf die Grenze") == "de"
    assert language.guess_language("1234 5678") is None
