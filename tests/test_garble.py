import pytest

from storytrace.garble import find_garbles
from storytrace.records import Document


def garbles(text: str) -> list[str]:
    return [f.text for f in find_garbles(Document("d", "x", text))]


def test_repeated_name_fragment():
    assert garbles("O líder norte-coreano Kim Jong Un Jong U decidiu enviar tropas.") == ["Kim Jong Un Jong U"]
    assert any("Central" in g for g in garbles("A Agência Central de Notícias Central da Coreia disse."))


def test_glued_words_and_detached_hyphens():
    assert garbles("Visita a Pyongyang. Encerrando uma visita a PyongyangSecretário do Conselho.") == ["PyongyangSecretário"]
    assert garbles("disse na terça -feira que") == ["terça -feira"]


def test_clean_text_has_no_garbles():
    clean = (
        "North Korean leader Kim Jong Un decided to send 1,000 sappers, YouTube and JavaScript aside. "
        "The United Nations Security Council met in New York on Tuesday. "
        "Officials in São Paulo said the well-known plan was sophisticated."
    )
    assert garbles(clean) == []


def test_offsets_point_at_the_text(seed_texts):
    doc = Document("d", "x", seed_texts["000"])
    found = find_garbles(doc)
    # the Portuguese machine translation glues two words, and repeats part of a name
    by_text = {f.text: f for f in found}
    glued = by_text["PyongyangSecretário"]
    assert (glued.kind, glued.detail) == ("garble", "words glued together: 'Pyongyang' + 'Secretário'")
    assert doc.text[glued.start:glued.end] == "PyongyangSecretário"
    name = by_text["Kim Jong Un Jong U Decidiu"]
    assert name.detail == "repeated fragment 'Jong' inside one name"
    assert doc.text[name.start:name.end] == name.text
    assert doc.text.count("quarta -feira") == sum(f.text == "quarta -feira" for f in found) == 3
    for f in found:
        assert doc.text[f.start:f.end] == f.text
    for english in ("001", "002", "003"):
        assert find_garbles(Document("d", "x", seed_texts[english])) == ()


@pytest.mark.parametrize(
    "text",
    [
        "The bill was passed by both the Lok Sabha and Rajya Sabha on Tuesday.",
        "Governors of New York and New Jersey met on Monday.",
        "Ministros de Castilla y León y Castilla-La Mancha se reunieron.",
        "Le président Ali Ali Hassan a parlé hier.",
        "Share on Facebook Share on Twitter Share on WhatsApp",
        "Teilen auf FacebookTwitter Facebook WhatsApp",
    ],
)
def test_legitimate_names_and_widgets_are_not_garbles(text):
    assert garbles(text) == []
