"""Tests for storytrace.names: CLDR place names across locales and person-name keys."""

from __future__ import annotations

import pytest

from storytrace.names import canonical_place, find_places, name_key
from storytrace.text.fold import fold_words as fold


@pytest.mark.parametrize(
    "name, lang",
    [("Coreia do Norte", "pt"), ("Coréia do Norte", "pt"), ("Corée du Nord", "fr"), ("Nordkorea", "de"),
     ("Corea del Norte", "es"), ("NORTH KOREA", None), ("Corea del Nord", "it")],
)
def test_north_korea_in_every_locale(name: str, lang: str | None) -> None:
    assert canonical_place(name, lang) == "North Korea"


def test_other_places_and_unknowns() -> None:
    assert canonical_place("Ucrânia") == "Ukraine"
    assert canonical_place("Rússia") == "Russia"
    assert canonical_place("Estados Unidos") == "United States"
    assert canonical_place("Kursk") is None
    assert canonical_place("") is None


def test_find_places_needs_a_capital_and_prefers_the_longest_name() -> None:
    text = "A Coreia do Sul e a Coreia do Norte; a turkey is not Türkiye."
    names = [n for _, _, n in find_places(text)]
    assert names[:2] == ["South Korea", "North Korea"]
    assert names.count("Türkiye") == 1
    for start, end, _ in find_places(text):
        assert text[start].isupper() and end > start


@pytest.mark.parametrize("variant", ["Kim Jong Un", "Kim Jong-un", "Kim Jong-Un", "KIM JONG UN", "Kím Jong Ün", "Kim Jong-u n"])
def test_name_key_folds_variants(variant: str) -> None:
    assert name_key(variant) == name_key("Kim Jong Un")


def test_name_key_keeps_different_names_apart() -> None:
    assert name_key("Kim Jong Un") != name_key("Kim Yo Jong")
    assert name_key("Vladimir Putin") != name_key("Vladimir Zelensky")


def test_fold() -> None:
    assert fold("  Coréia--do   Norte ") == "coreia do norte"


@pytest.mark.parametrize(
    ("a", "b", "lang"),
    [
        ("Paweł Rajewski", "Pawłem Rajewskim", "pl"),  # instrumental, with the mobile e
        ("Paweł Rajewski", "Pawła Rajewskiego", "pl"),  # genitive
        ("Владимир Путин", "Владимира Путина", "ru"),
        ("Путин", "Putin", "ru"),
        ("Angela Merkel", "Angela Merkels", "de"),  # German genitive
        ("Recep Tayyip Erdoğan", "Erdoğan'ın", "tr"),  # a surname with a Turkish case suffix
        ("Ankara", "Ankara'da", "tr"),
    ],
)
def test_same_name_across_grammatical_cases(a: str, b: str, lang: str) -> None:
    from storytrace.names import same_name

    assert same_name(a, b, lang) and same_name(b, a, lang)


@pytest.mark.parametrize(
    ("a", "b", "lang"),
    [
        ("Jan Nowak", "Jan Kowalski", "pl"),
        ("Maria Rossi", "Mario Rossi", "it"),  # Italian does not decline names: two people
        ("Anna Schmidt", "Anne Schmidt", "de"),
        ("Kim Jong Un", "Kim Yo Jong", "en"),
        ("Ivanov", "Ivanova", "en"),  # no case language given: no ending is stripped
    ],
)
def test_same_name_keeps_different_names_apart(a: str, b: str, lang: str) -> None:
    from storytrace.names import same_name

    assert not same_name(a, b, lang)
