"""Fact extraction in English, Portuguese, Spanish, French and German."""

from __future__ import annotations

import datetime as dt

import pytest

from storytrace.facts import extract_facts
from storytrace.facts.attributions import find_attributions
from storytrace.facts.dates import find_dates, parse_reference_date, weekday_date
from storytrace.facts.entities import demonym_place, find_entities, find_entities_spacy, sentence_anchors
from storytrace.facts.quantities import find_quantities
from storytrace.records import Document
from storytrace.settings import Settings

REF = dt.date(2025, 6, 18)  # a Wednesday


# ---------------------------------------------------------------- dates and weekdays


@pytest.mark.parametrize(
    "text, lang, expected",
    [
        ("The ministry said Tuesday that talks on April 30 went well.", "en", ["2025-06-17", "2025-04-30"]),
        ("O ministério disse na terça -feira que em 18 de junho de 2025 houve acordo.", "pt", ["2025-06-17", "2025-06-18"]),
        ("El ministerio dijo el miércoles que el 4 de junio hubo una reunión.", "es", ["2025-06-18", "2025-06-04"]),
        ("Le ministère a déclaré jeudi que le 21 mars 2025 une visite a eu lieu.", "fr", ["2025-06-12", "2025-03-21"]),
        ("Das Ministerium sagte am Montag, dass am 18. Juni 2025 verhandelt wurde.", "de", ["2025-06-16", "2025-06-18"]),
    ],
)
def test_dates_and_weekdays_in_five_languages(text, lang, expected):
    facts = find_dates(text, lang, REF)
    assert [f.value for f in facts] == expected
    for f in facts:
        assert text[f.start:f.end] == f.text


def test_weekday_is_resolved_on_or_before_the_reference_unless_future():
    assert weekday_date(1, REF) == dt.date(2025, 6, 17)
    assert weekday_date(2, REF) == REF
    assert weekday_date(3, REF) == dt.date(2025, 6, 12)
    assert weekday_date(4, REF, future=True) == dt.date(2025, 6, 20)
    (f,) = find_dates("The leaders will meet on Friday.", "en", REF)
    assert f.value == "2025-06-20"


def test_month_season_year_and_ranges():
    text = "Troops held the area from summer 2024 to spring 2025 after an offensive in August 2024. In April, and in 2023, too."
    facts = find_dates(text, "en", REF)
    values = [(f.value, f.attrs["granularity"]) for f in facts]
    assert values == [
        ("2024-summer/2025-spring", "range"),
        ("2024-08", "month"),
        ("2025-04", "month"),
        ("2023", "year"),
    ]
    assert facts[0].text == "from summer 2024 to spring 2025"
    assert facts[0].attrs["first"] == "2024-06-01" and facts[0].attrs["last"] == "2025-05-31"
    pt = find_dates("ocupada do verão de 2024 até a primavera de 2025, e em abril de 2024", "pt", REF)
    assert [f.value for f in pt] == ["2024-summer/2025-spring", "2024-04"]


def test_month_later_than_the_reference_is_last_year():
    (f,) = find_dates("In November, the talks failed.", "en", REF)
    assert f.value == "2024-11"


def test_may_the_verb_is_not_a_month():
    assert find_dates("Officials may decide later.", "en", REF) == []


def test_reference_date_from_published_or_dateline():
    assert parse_reference_date("2025-06-18T10:00:00Z") == REF
    assert parse_reference_date(None, "SEOUL, June 18, 2025 (AP)") == REF
    assert parse_reference_date(None, None) is None


# ---------------------------------------------------------------- quantities


@pytest.mark.parametrize(
    "text, lang, value, head",
    [
        ("Kim decided to send 1,000 sappers to clear mines.", "en", 1000.0, "sappers"),
        ("Kim decidiu enviar 1.000 sapadores para limpar minas.", "pt", 1000.0, "sapadores"),
        ("Kim decidió enviar cinco mil trabajadores de construcción a Rusia.", "es", 5000.0, "trabajadores"),
        ("Kim a décidé d'envoyer 6 000 ouvriers en Russie.", "fr", 6000.0, "ouvriers"),
        ("Kim will 5.000 Bauarbeiter nach Russland schicken.", "de", 5000.0, "Bauarbeiter"),
        ("Shoigu said the North will dispatch one-thousand engineers.", "en", 1000.0, "engineers"),
    ],
)
def test_quantities_in_five_languages(text, lang, value, head):
    facts = find_quantities(text, lang)
    assert [(f.value, f.attrs["head"]) for f in facts] == [(value, head)]
    assert text[facts[0].start:facts[0].end] == facts[0].text


def test_quantity_qualifiers_and_framing_labels():
    (f,) = find_quantities("They dispatch 6,000 humanitarian workers.", "en")
    assert f.attrs["qualifiers"] == ("humanitarian",)
    assert "humanitarian" in f.attrs["framing"]
    (g,) = find_quantities("enviará 5.000 trabalhadores da construção civil militar para restaurar", "pt")
    assert g.attrs["head"] == "trabalhadores"
    assert "military" in g.attrs["framing"] and "civilian" not in g.attrs["framing"]


def test_years_ids_markers_and_vague_amounts_are_not_quantities():
    text = "In 2024, thousands of people read [3] https://example.com/a-5000-b article22489714.html."
    assert find_quantities(text, "en") == []


def test_percent_money_and_age():
    facts = find_quantities("Prices rose 3.5% and a 28-year-old paid $300 dollars.", "en")
    assert [(f.value, f.attrs["unit_kind"]) for f in facts] == [(3.5, "percent"), (28.0, "age"), (300.0, "money")]


# ---------------------------------------------------------------- entities


@pytest.mark.parametrize(
    "text, lang, key",
    [
        ("A ministry in South Korea said so.", "en", "entity:south korea"),
        ("Um ministério da Coréia do Sul disse isso.", "pt", "entity:south korea"),
        ("Un ministerio de Corea del Sur lo dijo.", "es", "entity:south korea"),
        ("Un ministère de la Corée du Sud l'a dit.", "fr", "entity:south korea"),
        ("Ein Ministerium in Südkorea sagte das.", "de", "entity:south korea"),
    ],
)
def test_places_share_one_key_across_languages(text, lang, key):
    assert key in {f.key for f in find_entities(text, lang)}


def test_titles_people_and_organisations():
    text = "Russian Security Council Secretary Sergei Shoigu met Kim Jong Un. Later, Kim left."
    facts = find_entities(text, "en")
    got = {(f.text, f.attrs["type"], f.attrs.get("title")) for f in facts}
    assert ("Russian Security Council", "org", None) in got
    assert ("Sergei Shoigu", "person", "secretary") in got
    kim = [f for f in facts if f.text.startswith("Kim")]
    assert len({f.key for f in kim}) == 1  # "Kim" alone links to "Kim Jong Un"
    assert find_entities("Kim Jong-un spoke.", "en")[0].key == find_entities("Kim Jong Un spoke.", "en")[0].key
    pt = find_entities("O primeiro-ministro japonês Shigeru Ishiba falou.", "pt")
    assert ("Shigeru Ishiba", "prime minister") in {(f.text, f.attrs.get("title")) for f in pt}


def test_demonyms_from_cldr_names():
    assert demonym_place("South Korean") == "South Korea"
    assert demonym_place("norte -coreanos") == "North Korea"
    assert demonym_place("Ukrainian") == "Ukraine"
    assert demonym_place("Japanese") == "Japan"
    assert demonym_place("Helping") is None


def test_sentence_anchors_are_language_neutral():
    en = sentence_anchors("The South Korean Foreign Ministry said Wednesday that Russia broke U.N. sanctions.", "en")
    pt = sentence_anchors("O Ministério das Relações Exteriores da Coréia do Sul disse que a Rússia violou sanções da ONU.", "pt")
    assert {"south korea", "foreign", "ministry", "russia", "united nations"} <= en & pt


def test_spacy_backend_with_a_blank_pipeline():
    spacy = pytest.importorskip("spacy", reason="spaCy is an optional extra (pip install 'storytrace[spacy]')")
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns([
        {"label": "PERSON", "pattern": "Sergei Shoigu"},
        {"label": "GPE", "pattern": [{"LOWER": "north"}, {"LOWER": "korea"}]},
    ])
    facts = find_entities_spacy("Sergei Shoigu visited North Korea.", "", nlp=nlp)
    assert [(f.text, f.attrs["type"], f.key) for f in facts] == [
        ("Sergei Shoigu", "person", "entity:sergeishoigu"),
        ("North Korea", "place", "entity:north korea"),
    ]


def test_spacy_backend_missing_raises_missing_extra(monkeypatch):
    import builtins

    from storytrace.errors import MissingExtra
    from storytrace.facts import entities

    entities._load_spacy.cache_clear()
    real_import = builtins.__import__

    def fake_import(name, *args, **kwargs):
        if name == "spacy":
            raise ImportError("no spacy")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", fake_import)
    with pytest.raises(MissingExtra):
        entities._load_spacy("whatever")
    entities._load_spacy.cache_clear()


# ---------------------------------------------------------------- attributions


@pytest.mark.parametrize(
    "text, lang, source",
    [
        ("The plan was agreed, according to Tass.", "en", "Tass"),
        ("O plano foi aprovado, segundo Tass.", "pt", "Tass"),
        ("El plan fue aprobado, según Tass.", "es", "Tass"),
        ("Le plan a été approuvé, selon Tass.", "fr", "Tass"),
        ("Der Plan wurde gebilligt, laut Tass.", "de", "Tass"),
        ("Sergei Shoigu said the plan was agreed.", "en", "Sergei Shoigu"),
    ],
)
def test_attributions_in_five_languages(text, lang, source):
    facts = find_attributions(text, find_entities(text, lang), lang)
    assert source in [f.value for f in facts]


# ---------------------------------------------------------------- one document


def test_extract_facts_offsets_and_kinds():
    text = (
        "SEOUL — North Korea will send 1,000 sappers to Russia, Russian Security Council Secretary "
        "Sergei Shoigu said Tuesday, according to Tass.\n[3] https://www.reuters.com/world/x-y-z-2022-04-19/"
    )
    doc = Document("d1", "x", text, language="en", published="2025-06-18")
    facts = extract_facts(doc, Settings())
    kinds = {f.kind for f in facts}
    assert kinds == {"quantity", "weekday", "entity", "attribution", "citation"}
    for f in facts:
        assert doc.text[f.start:f.end] == f.text
        assert f.document == "d1"
    (weekday,) = [f for f in facts if f.kind == "weekday"]
    assert weekday.value == "2025-06-17"
    (cite,) = [f for f in facts if f.kind == "citation"]
    assert cite.attrs["marker"] == "3" and cite.attrs["date"] == "2022-04-19"
    # No quantity or date comes from inside the URL.
    assert all(not (cite.start <= f.start < cite.end) for f in facts if f.kind != "citation")


# ---------------------------------------------------------------- datelines and story reference dates


@pytest.mark.parametrize(
    "text, dateline, head",
    [
        ("Lisbon, March 12 (WNS) Portugal is preparing to send engineers.", "Lisbon", "Lisbon, March 12 (WNS)"),
        ("A title line\nSEOUL, South Korea — North Korea will send workers.", "SEOUL, South Korea", "SEOUL, South Korea —"),
        ("LISBOA, 12 de março (Lusa) - O governo vai enviar engenheiros.", None, "LISBOA, 12 de março (Lusa) -"),
        ("Portugal said on March 12 (Tuesday) that it would send engineers.", None, None),
        ("Officials said on Tuesday that 40 people were rescued, police told reporters in the town.", None, None),
    ],
)
def test_dateline_span(text, dateline, head):
    from storytrace.facts.dates import dateline_span

    span = dateline_span(text, dateline)
    assert (text[span[0]:span[1]] if span else None) == head


def test_dateline_date_is_marked_and_undated_versions_take_a_reference():
    doc = Document("d", "x", "Lisbon, March 12 (WNS) Officials said Tuesday that the port reopened in May.", language="en",
                   dateline="Lisbon")
    facts = extract_facts(doc)
    dates = {f.text: f for f in facts if f.kind == "date"}
    assert dates["March 12"].attrs.get("dateline") is True
    assert not dates["May"].attrs.get("dateline")
    # Without a reference of its own the weekday stays a name and the month has no year...
    assert [f.value for f in facts if f.kind == "weekday"] == ["Tuesday"] and dates["May"].value == "--05"
    # ...and the story's reference date resolves both.
    facts = extract_facts(doc, reference=dt.date(2025, 3, 12))
    assert [f.value for f in facts if f.kind == "weekday"] == ["2025-03-11"]
    assert [f.value for f in facts if f.text == "May"] == ["2024-05"]
    # A version's own date wins over the story's.
    dated = Document("e", "x", doc.text, language="en", published="2025-06-18")
    assert [f.value for f in extract_facts(dated, reference=dt.date(2025, 3, 12)) if f.kind == "weekday"] == ["2025-06-17"]
