"""Tests for storytrace.group: similarity, grouping of the seeds, order independence, increments."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from storytrace.errors import SettingsError
from storytrace.group import explain_similarity, group_stories, story_id, story_similarity
from storytrace.records import Document, RawDocument, Story
from storytrace.settings import Settings


def seed_documents(seeds_dir: Path) -> tuple[list[Document], list[Document]]:
    """The five seed stories and the three articles appended to seed 002, split off by clean_document."""
    from storytrace.clean import clean_document

    main: list[Document] = []
    appended: list[Document] = []
    for path in sorted(seeds_dir.glob("*.txt")):
        out = [d for d in clean_document(RawDocument(str(path), path.read_bytes(), "text")) if isinstance(d, Document)]
        main.append(out[0])
        appended.extend(out[1:])
    return main, appended


@pytest.fixture(scope="module")
def seeds(seeds_dir: Path) -> tuple[list[Document], list[Document]]:
    return seed_documents(seeds_dir)


def test_seeds_form_one_story_without_the_appended_articles(seeds) -> None:
    main, appended = seeds
    assert len(main) == 5 and len(appended) == 3
    stories = group_stories(main + appended)
    by_doc = {d: s for s in stories for d in s.document_ids}
    story = by_doc[main[0].id]
    assert set(story.document_ids) == {d.id for d in main}
    # None of the appended articles joins it, and they are not grouped together.
    assert len({by_doc[d.id].id for d in appended}) == 3
    assert all(len(by_doc[d.id].document_ids) == 1 for d in appended)
    assert len(stories) == 4


def test_story_records_explain_themselves(seeds) -> None:
    main, appended = seeds
    stories = group_stories(main + appended)
    story = next(s for s in stories if len(s.document_ids) == 5)
    assert story.id == story_id(story.document_ids) and story.id.startswith("s")
    # the title of the most central version, seed 004, as that seed's own headline reads
    assert story.title == main[4].title == "Helping Hand from North Korea: 6,000 Workers Heading to Kursk for Reconstruction"
    assert len(story.links) == 4  # a spanning tree of five documents
    for link in story.links:
        assert link.score >= Settings().group.threshold
        assert any(a.startswith(("number:", "name:", "entity:", "date:")) for a in link.anchors)


def test_seed_similarity_is_high_for_versions_and_low_for_appended(seeds) -> None:
    main, appended = seeds
    threshold = Settings().group.threshold
    pt, en = main[0], main[1]
    assert story_similarity(pt.text, en.text, lang_a="pt", lang_b="en") >= threshold
    for other in appended:
        assert story_similarity(en.text, other.text, lang_a="en", lang_b="en") < threshold


def test_explain_similarity_lists_shared_anchors() -> None:
    score, anchors = explain_similarity(
        "North Korea will send 1,000 sappers to Kursk, Shoigu said on June 18.",
        "A Coreia do Norte enviará 1.000 sapadores para Kursk, disse Shoigu em 18 de junho.",
        lang_a="en",
        lang_b="pt",
    )
    assert 0.0 <= score <= 1.0
    assert {"number:1000", "entity:north korea", "date:--06-18", "name:shoigu"} <= set(anchors)


def test_identical_texts_score_one_and_unrelated_texts_low() -> None:
    text = "The central bank raised its benchmark interest rate by half a point to 10.5 percent on Wednesday, citing inflation."
    assert story_similarity(text, text, lang_a="en", lang_b="en") == 1.0
    other = "Rescuers pulled 23 bodies from the collapsed building in Kyiv after a Russian missile attack overnight."
    assert story_similarity(text, other, lang_a="en", lang_b="en") < 0.3


TEXTS = st.sampled_from([
    "North Korea will send 1,000 sappers and 5,000 workers to Kursk, Shoigu said on Tuesday.",
    "A Coreia do Norte enviará 1.000 sapadores e 5.000 trabalhadores para Kursk, disse Shoigu.",
    "The central bank raised its benchmark interest rate to 10.5 percent on Wednesday.",
    "Rescuers pulled 23 bodies from a collapsed building in Kyiv after a missile attack.",
    "",
    "Shoigu",
])


@hsettings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS, TEXTS)
def test_similarity_is_symmetric_and_bounded(a: str, b: str) -> None:
    ab = story_similarity(a, b, lang_a="en", lang_b="en")
    ba = story_similarity(b, a, lang_a="en", lang_b="en")
    assert ab == pytest.approx(ba, abs=1e-9)
    assert 0.0 <= ab <= 1.0


def _corpus(main: list[Document], appended: list[Document]) -> list[Document]:
    extra = [
        Document(id="x-bank", source="x", language="en",
                 text="The central bank of Brazil raised its benchmark interest rate to 10.5 percent on Wednesday, its third increase this year."),
        Document(id="x-bank2", source="x", language="pt",
                 text="O Banco Central do Brasil elevou a taxa básica de juros para 10,5 por cento na quarta-feira, a terceira alta do ano."),
    ]
    return main + appended + extra


@hsettings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.randoms(use_true_random=False))
def test_grouping_does_not_depend_on_input_order(seeds, rnd) -> None:
    docs = _corpus(*seeds)
    reference = group_stories(docs)
    shuffled = list(docs)
    rnd.shuffle(shuffled)
    assert group_stories(shuffled) == reference


def test_incremental_grouping_keeps_existing_stories(seeds) -> None:
    main, appended = seeds
    first = group_stories(main[:2] + appended[:1])
    story = next(s for s in first if main[0].id in s.document_ids)
    assert set(story.document_ids) == {main[0].id, main[1].id}
    later = group_stories(main + appended, existing=first)
    grown = next(s for s in later if main[0].id in s.document_ids)
    assert set(grown.document_ids) == {d.id for d in main}
    assert any(link in grown.links for link in story.links)
    # Same result whatever the order of the new documents.
    assert group_stories(list(reversed(main + appended)), existing=first) == later


def test_existing_stories_are_never_merged_and_absent_members_are_kept(seeds) -> None:
    main, _ = seeds
    a = Story(id="s-old-a", document_ids=(main[0].id, "gone-1"))
    b = Story(id="s-old-b", document_ids=(main[1].id,))
    stories = group_stories(main, existing=[a, b])
    with_a = next(s for s in stories if main[0].id in s.document_ids)
    with_b = next(s for s in stories if main[1].id in s.document_ids)
    assert with_a is not with_b and with_a.id != with_b.id
    assert "gone-1" in with_a.document_ids
    assert sorted(d for s in stories for d in s.document_ids) == sorted({d.id for d in main} | {"gone-1"})


def test_time_window_keeps_distant_documents_apart(seeds) -> None:
    main, _ = seeds
    a = dataclasses.replace(main[1], published="2025-06-18")
    b = dataclasses.replace(main[2], published="2025-09-30")
    c = dataclasses.replace(main[3], published=None)
    apart = group_stories([a, b], Settings({"group.time_window_days": 14}))
    assert len(apart) == 2
    assert len(group_stories([a, b], Settings({"group.time_window_days": 0}))) == 1
    assert len(group_stories([a, c], Settings({"group.time_window_days": 14}))) == 1


def test_documents_with_a_parent_group_like_any_other(seeds) -> None:
    main, _ = seeds
    child = dataclasses.replace(main[2], id="child", parent=main[0].id)
    stories = group_stories([main[1], child])
    assert len(stories) == 1


def test_bad_backend_is_a_settings_error() -> None:
    with pytest.raises(SettingsError):
        story_similarity("a b c", "a b c", settings=Settings({"group.backend": "magic"}))


def test_examples_corpus_matches_the_intended_grouping(examples_dir: Path) -> None:
    import json

    from storytrace.clean import clean_document
    from storytrace.ingest import iter_documents

    expected = json.loads((examples_dir / "expected.json").read_text(encoding="utf-8"))
    inputs = [str(examples_dir / "story"), str(examples_dir / "distractors")]
    docs = []
    for raw in iter_documents(inputs, Settings()):
        if isinstance(raw, RawDocument):
            docs.extend(d for d in clean_document(raw) if isinstance(d, Document))

    def name(doc: Document) -> str:
        return doc.source.split("examples/", 1)[-1]

    stories = group_stories(docs)
    got = sorted(sorted(name(d) for d in docs if d.id in s.document_ids) for s in stories)
    want = []
    for story in expected["stories"]:
        if "files" in story:
            want.append(sorted(story["files"]))
        else:  # an article appended to an aggregator page: found by its headline
            want.append([name(d) for d in docs if d.parent and (d.title or "").strip() == story["headline"].strip()])
    assert all(want)
    assert got == sorted(want)


def test_headline_and_character_features() -> None:
    from storytrace.fingerprint import fingerprint_text
    from storytrace.group import FEATURES, pair_features

    a = fingerprint_text("Sappers head to Kursk\nShoigu said the mines would be cleared by June.", lang="en")
    b = fingerprint_text("Sappers head to Kursk\nKim promised workers for the reconstruction.", lang="en")
    c = fingerprint_text("Central bank raises rates\nShoigu said the mines would be cleared by June.", lang="en")
    f_ab, f_ac = pair_features(a, b), pair_features(a, c)
    assert set(FEATURES) == set(f_ab)
    assert f_ab["headline_cos"] == pytest.approx(1.0) and f_ac["headline_cos"] < 0.2
    assert f_ab["cross_chars"] == 0.0 and 0.0 < f_ab["chars_cos"] < 1.0
    pt = fingerprint_text("Sapadores vão para Kursk\nShoigu disse que as minas seriam removidas até junho.", lang="pt")
    cross = pair_features(a, pt)
    assert cross["cross_chars"] == pytest.approx(cross["chars_cos"]) and cross["chars_cos"] > 0.0


def test_join_edges_takes_edges_in_order_and_keeps_existing_stories_apart() -> None:
    from storytrace.group import join_edges

    joined = join_edges(iter([("d1", "d2", 0.95), ("d3", "d4", 0.9), ("d2", "d3", 0.85), ("d1", "d4", 0.8)]))
    assert [edge[2] for edge in joined.edges] == [0.95, 0.9, 0.85]  # the last one closes a cycle
    assert {joined.union.find(d) for d in ("d1", "d2", "d3", "d4")} == {"d1"}
    assert joined.owner == {}

    old = [Story(id="s-b", document_ids=("d3", "d4")), Story(id="s-a", document_ids=("d1", "d2"))]
    joined = join_edges([("d2", "d3", 0.99), ("d2", "d5", 0.9), ("d5", "d4", 0.85), ("d6", "d7", 0.8)], existing=old)
    # d5 joins the story of d1 and d2; it cannot then bring in the other existing story
    assert [edge[:2] for edge in joined.edges] == [("d2", "d5"), ("d6", "d7")]
    assert joined.owner == {"d1": "s-a", "d3": "s-b"}
    assert joined.union.find("d5") == "d1" and joined.union.find("d4") == "d3" and joined.union.find("d7") == "d6"


def test_days_apart_reads_the_date_part_only() -> None:
    from storytrace.group import days_apart

    assert days_apart("2024-06-18T23:59:00+09:00", "2024-06-20") == 2
    assert days_apart("2024-06-20", "2024-06-18") == 2
    assert days_apart(None, "2024-06-18") is None
    assert days_apart("2024-02-30", "2024-06-18") is None


def test_group_model_is_versioned_package_data_read_exactly(tmp_path: Path) -> None:
    from storytrace.group import FEATURES, MODEL_BIAS, MODEL_WEIGHTS, expand_features
    from storytrace.models import load_model, save_model

    model = load_model("group-v1")
    assert (model["name"], model["version"]) == ("group", 1)
    assert tuple(model["features"]) == FEATURES
    assert len(model["weights"]) == len(expand_features([0.0] * len(FEATURES))) == len(MODEL_WEIGHTS)
    assert model["bias"] == MODEL_BIAS and tuple(model["weights"]) == MODEL_WEIGHTS
    assert {"by", "data", "method"} <= set(model["fitted"])
    # what the bench scripts write reads back bit for bit
    import numpy as np

    values = np.random.default_rng(3).normal(size=50) * 10.0 ** np.arange(-25, 25)
    path = save_model(tmp_path / "m.json", {"weights": values, "bias": np.float64(0.1) + np.float64(0.2)})
    back = json.loads(path.read_text(encoding="utf-8"))
    assert back["weights"] == values.tolist() and back["bias"] == 0.1 + 0.2
