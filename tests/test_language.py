"""language: lingua behind detect_language, thresholds, and the pipeline's use of it."""

from __future__ import annotations

import pytest

from storytrace.language import detect_language


@pytest.mark.parametrize(
    "text, code",
    [
        ("North Korea will send thousands of military construction workers to Russia's Kursk region.", "en"),
        ("A Coreia do Norte enviará milhares de trabalhadores da construção militar para a Rússia.", "pt"),
        ("Corea del Norte enviará miles de trabajadores de la construcción militar a Rusia.", "es"),
        ("La Corée du Nord va envoyer des milliers d'ouvriers du génie militaire en Russie.", "fr"),
        ("Nordkorea wird Tausende Bauarbeiter des Militärs nach Russland schicken.", "de"),
        ("Северная Корея направит тысячи военных строителей в Россию.", "ru"),
        ("북한은 러시아에 수천 명의 군 건설 노동자를 보낼 예정이다.", "ko"),
    ],
)
def test_detects_common_news_languages(text, code):
    lang, confidence = detect_language(text)
    assert lang == code and 0.5 < confidence <= 1.0


def test_seed_000_is_portuguese(seed_texts):
    assert detect_language(seed_texts["000"])[0] == "pt"
    assert all(detect_language(seed_texts[k])[0] == "en" for k in ("001", "002", "003", "004"))


def test_too_short_or_no_letters_is_unknown():
    assert detect_language("") == (None, 0.0)
    assert detect_language("1,000 — 5,000") == (None, 0.0)
    assert detect_language("Hello")[0] is None


def test_threshold_leaves_low_confidence_unknown():
    text = "Russia fired more than 440 drones and 32 missiles"
    lang, confidence = detect_language(text, min_confidence=0.0)
    assert lang == "en"
    assert detect_language(text, min_confidence=min(1.0, confidence + 0.01)) == (None, confidence)


def test_unusable_language_labels_are_detected_instead_and_kept(tmp_path):
    """'und', 'zz' or 'english' in a record neither break the store nor get lost."""
    import json

    from storytrace.runners.local import trace
    from storytrace.settings import Settings
    from storytrace.store import open_store

    body = ("Firefighters in the coastal town of {} rescued {} people from flooded homes on Monday, "
            "the regional civil protection agency said in a statement, adding that more rain is expected.")
    records = [
        {"id": "r1", "language": "und", "text": body.format("Aveiro", 40)},
        {"id": "r2", "language": "zz", "text": body.format("Faro", 12)},
        {"id": "r3", "language": "english", "text": body.format("Sines", 7)},
        {"id": "r4", "language": "eng", "text": body.format("Porto", 3)},
    ]
    path = tmp_path / "records.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    store = open_store(":memory:")
    settings = Settings({"run.workers": 1})
    trace([str(path)], store, settings)
    docs = {d.meta["record_id"]: d for d in store.iter_documents()}
    assert {k: d.language for k, d in docs.items()} == {"r1": "en", "r2": "en", "r3": "en", "r4": "en"}
    assert {k: d.meta.get("language_given") for k, d in docs.items()} == {"r1": "und", "r2": "zz", "r3": None, "r4": None}
    # the store stays usable: a later trace of other input works
    other = tmp_path / "other.txt"
    other.write_text(body.format("Lagos", 5), encoding="utf-8")
    assert len(trace([str(other)], store, settings).ingest.added) == 1
