"""Tests for storytrace.fingerprint: language-neutral anchors and content sketches."""

from __future__ import annotations

from storytrace.fingerprint import MAX_CHARS, fingerprint, fingerprint_text
from storytrace.records import Document


def test_anchors_agree_across_translation() -> None:
    en = fingerprint_text("North Korea will send 1,000 sappers and 5,000 workers to Kursk, Shoigu said on Tuesday, June 18.", lang="en")
    pt = fingerprint_text("A Coreia do Norte enviará 1.000 sapadores e 5.000 trabalhadores para Kursk, disse Shoigu na terça-feira, 18 de junho.", lang="pt")
    shared = set(en.anchors) & set(pt.anchors)
    assert {"number:1000", "number:5000", "entity:north korea", "date:--06-18", "weekday:1", "name:shoigu", "name:kursk"} <= shared


def test_number_words_and_digits_give_the_same_anchor() -> None:
    words = fingerprint_text("Kim intends to send six-thousand military personnel, one-thousand engineers.", lang="en")
    digits = fingerprint_text("Kim sends 6,000 personnel including 1,000 engineers.", lang="en")
    assert {"number:6000", "number:1000"} <= set(words.anchors) & set(digits.anchors)


def test_common_words_weigh_nothing_and_rare_ones_most() -> None:
    fp = fingerprint_text("The sappers said that the mines were cleared in the region of Kursk.", lang="en")
    assert "the" not in fp.words and "that" not in fp.words
    assert fp.words["sapper"] > fp.words.get("region", 0.0)


def test_vectors_are_normalised() -> None:
    fp = fingerprint_text("Shoigu visited Pyongyang to discuss sappers, mines and reconstruction in Kursk.", lang="en")
    for vector in (fp.words, fp.grams, fp.lead, fp.pairs):
        assert abs(sum(w * w for w in vector.values()) - 1.0) < 1e-9


def test_only_the_head_is_read() -> None:
    head = "Shoigu said sappers will clear mines in Kursk. " * 10
    tail = " Zanzibar cloves harvest record 98765." * 200
    fp = fingerprint_text(head + tail, lang="en")
    assert len(head) < MAX_CHARS
    assert "number:98765" not in fp.anchors or len(head) + 40 < MAX_CHARS


def test_years_and_weekdays_are_kept_apart_from_numbers() -> None:
    fp = fingerprint_text("In 2024 Kim and Putin signed a treaty on Wednesday.", lang="en")
    assert "year:2024" in fp.anchors and "number:2024" not in fp.anchors
    assert "weekday:2" in fp.anchors


def test_chinese_text_gets_numbers_places_and_dates() -> None:
    fp = fingerprint_text("朝鲜将于6月18日派遣1000名工兵和5000名工人前往俄罗斯。", lang="zh")
    assert {"number:1000", "number:5000", "entity:north korea", "entity:russia", "date:--06-18"} <= set(fp.anchors)


def test_document_fields_are_used() -> None:
    doc = Document(id="d1", source="-", text="Shoigu said 1,000 sappers go to Kursk.", language="en",
                   title="Sappers to Kursk", published="2025-06-18")
    fp = fingerprint(doc)
    assert (fp.id, fp.language, fp.published, fp.title) == ("d1", "en", "2025-06-18", "Sappers to Kursk")
    assert "name:kursk" in fp.anchors


def test_language_is_detected_when_missing(seed_texts: dict[str, str]) -> None:
    fp = fingerprint_text(seed_texts["000"])
    assert fp.language == "pt"
    assert {"number:1000", "number:5000", "entity:north korea"} <= set(fp.anchors)


def test_headline_is_the_first_line_and_chars_catch_shared_roots() -> None:
    fp = fingerprint_text("Sappers head to Kursk\nThe central bank raised interest rates on Wednesday.", lang="en")
    assert fp.headline and "kursk" in fp.headline and "bank" not in fp.headline
    # SemEval-style "title  body": a double space ends the headline too.
    assert "bank" not in fingerprint_text("Sappers head to Kursk  The central bank raised rates.", lang="en").headline
    en = fingerprint_text("The infrastructure reconstruction programme starts.", lang="en")
    pt = fingerprint_text("O programa de reconstrução da infraestrutura começa.", lang="pt")
    shared = set(en.chars) & set(pt.chars)
    assert {" in", "nfr", "str", "ruc"} <= shared
    assert abs(sum(w * w for w in en.chars.values()) - 1.0) < 1e-9


def test_rare_words_stand_in_for_names_in_scripts_without_capitals() -> None:
    # Arabic has no capitals: its rarest words become name anchors, common ones do not.
    fp = fingerprint_text("قال نجوسو تالاهون إن الحكومة تجري اتصالات دبلوماسية", lang="ar")
    names = {a for a in fp.anchors if a.startswith("name:")}
    assert names == {"name:njwsw", "name:tlhwn"}  # the two names, transliterated
    # Cased scripts keep the capital rule: a rare lower-case word is no name.
    assert not any(a.startswith("name:") for a in fingerprint_text("the sappers cleared mines", lang="en").anchors)
