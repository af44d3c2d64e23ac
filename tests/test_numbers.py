"""Tests for storytrace.numbers: locale separators, number words, scales, approximations."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from storytrace.language import guess_language
from storytrace.numbers import NumberSpan, find_numbers, number_key


def values(text: str, lang: str | None) -> list[float]:
    return [n.value for n in find_numbers(text, lang)]


@pytest.mark.parametrize(
    "text, lang, expected",
    [
        ("1,000 sappers", "en", [1000.0]),
        ("1.000 sapadores", "pt", [1000.0]),
        ("1.000 Pioniere", "de", [1000.0]),
        ("1.000 zapadores", "es", [1000.0]),
        ("1 000 sapeurs", "fr", [1000.0]),
        ("2,5 milhões", "pt", [2.5e6]),
        ("2.5 million", "en", [2.5e6]),
        ("3 mil milhões", "pt", [3e9]),
        ("1.234.567,5 euros", "pt", [1234567.5]),
        ("1,234,567.5 dollars", "en", [1234567.5]),
        ("six-thousand workers", "en", [6000.0]),
        ("one-thousand engineers", "en", [1000.0]),
        ("cinco mil trabalhadores", "pt", [5000.0]),
        ("quinze mil soldados", "pt", [15000.0]),
        ("cinco mil e quinze mil", "pt", [5000.0, 15000.0]),
        ("sechstausend Arbeiter", "de", [6000.0]),
        ("six mille ouvriers", "fr", [6000.0]),
        ("5 Milliarden Euro", "de", [5e9]),
        ("2 billion dollars", "en", [2e9]),
        ("in 2024 100 people", "en", [2024.0, 100.0]),
    ],
)
def test_values(text: str, lang: str, expected: list[float]) -> None:
    assert values(text, lang) == expected


def test_offsets_index_the_original_text() -> None:
    text = "Shoigu said about 15,000 troops and six-thousand workers, per TASS."
    spans = find_numbers(text, "en")
    assert [text[s.start:s.end] for s in spans] == ["15,000", "six-thousand"]
    assert all(s.text == text[s.start:s.end] for s in spans)


@pytest.mark.parametrize(
    "text, lang, approx",
    [
        ("about 600 soldiers", "en", "about"),
        ("approximately 600 soldiers", "en", "about"),
        ("more than 440 drones", "en", "more than"),
        ("nearly 30 people", "en", "nearly"),
        ("cerca de 15.000 soldados", "pt", "about"),
        ("mais de 440 drones", "pt", "more than"),
        ("unos 600 soldados", "es", "about"),
        ("environ 600 soldats", "fr", "about"),
        ("etwa 600 Soldaten", "de", "about"),
        ("600 soldiers", "en", None),
    ],
)
def test_approximation_words(text: str, lang: str, approx: str | None) -> None:
    spans = find_numbers(text, lang)
    assert (len(spans) == 1 and spans[0].value == 600.0) or spans[0].value in {15000.0, 440.0, 30.0}
    assert spans[0].approx == approx


def test_unos_is_an_approximation_not_one() -> None:
    spans = find_numbers("unos veinte hombres", "es")
    assert [(s.value, s.approx) for s in spans] == [(20.0, "about")]


def test_lone_small_number_words_are_not_numbers() -> None:
    assert find_numbers("One of them said un mot", "en") == []


def test_years_are_returned_with_their_raw_text() -> None:
    (span,) = find_numbers("In 2024, Kim and Putin signed a treaty.", "en")
    assert span.text == "2024" and span.value == 2024.0


def test_language_guess_reads_continental_separators() -> None:
    assert guess_language("A Coreia do Norte enviou os soldados para a Rússia, disse o governo") == "pt"
    assert values("A Coreia do Norte enviou 1.000 sapadores e cinco mil trabalhadores para a Rússia", None) == [1000.0, 5000.0]


def test_seed_numbers_agree_across_translation(seed_texts: dict[str, str]) -> None:
    pt = {number_key(n.value) for n in find_numbers(seed_texts["000"], "pt")}
    en = {number_key(n.value) for n in find_numbers(seed_texts["001"], "en")}
    words = {number_key(n.value) for n in find_numbers(seed_texts["003"], "en")}
    assert {"1000", "5000", "15000", "600"} <= pt & en
    assert {"6000", "1000", "5000"} <= words


@given(st.integers(min_value=1000, max_value=10**9))
def test_grouped_digits_round_trip(n: int) -> None:
    en = f"{n:,}"
    pt = en.replace(",", ".")
    assert values(en, "en") == [float(n)]
    assert values(pt, "pt") == [float(n)]


@given(st.text(max_size=200))
def test_never_crashes_and_offsets_are_in_range(text: str) -> None:
    for span in find_numbers(text):
        assert isinstance(span, NumberSpan)
        assert 0 <= span.start < span.end <= len(text)
        assert span.text == text[span.start:span.end]


def test_upper_case_scale_words_with_dotted_capitals_are_read() -> None:
    # "BİN".lower() is "bi̇n" (i + combining dot): the scale word must still be found
    spans = find_numbers("Toplam 1 MİLYON 41 BİN 348 kişi ve 5 BİN asker", "tr")
    assert [(s.text, s.value) for s in spans] == [("1 MİLYON 41 BİN 348", 1041348.0), ("5 BİN", 5000.0)]
