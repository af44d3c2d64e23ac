"""Lineage: direction, kinds, latent sources, independent reports; the seeds."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from storytrace.align import align_versions
from storytrace.lineage import infer_lineage
from storytrace.records import Document
from storytrace.settings import Settings

STORY = [
    "North Korea will send 1,000 sappers and 5,000 builders to Russia's Kursk region, Sergei Shoigu said on Tuesday.",
    "Shoigu made the announcement after a one-day visit to Pyongyang, where he met Kim Jong Un.",
    "The two countries signed a defence treaty in 2024 that requires mutual aid.",
    "South Korea's foreign ministry called the plan a clear violation of U.N. sanctions.",
    "Japan's prime minister Shigeru Ishiba said the cooperation threatens global security.",
    "About 15,000 North Korean soldiers have been sent to Russia, according to Seoul.",
]


def doc(i: str, sentences: list[str], **kw) -> Document:
    return Document(id=i, source=i, text=" ".join(sentences), language=kw.pop("language", "en"), **kw)


def lineage(docs, settings=None):
    sents, als = align_versions(docs)
    return {e.target: e for e in infer_lineage(docs, sents, als, settings)}


def test_copy_follows_publication_date_and_root_has_no_edge():
    a = doc("a", STORY, published="2025-06-18")
    b = doc("b", STORY, published="2025-06-19")
    edges = lineage([b, a])
    assert set(edges) == {"b"}
    assert (edges["b"].source, edges["b"].kind) == ("a", "copy")
    assert 0 < edges["b"].confidence <= 1
    assert edges["b"].evidence[0].startswith("100% of its text aligns to a")
    assert "published 2025-06-19, 1 day(s) after the earliest version" in edges["b"].evidence


def test_edit_and_summary():
    a = doc("a", STORY)
    edited = doc("b", [s.replace("said on Tuesday", "said Tuesday") for s in STORY], disclosures=("Adapted from a wire report.",))
    short = doc("c", STORY[:2], disclosures=("Auto-generated summary.",))
    edges = lineage([a, edited, short])
    assert edges["b"].source == "a" and edges["b"].kind in {"edit", "copy"}
    assert edges["c"].kind == "summary"


def test_latent_common_source():
    extra_a = ["Russian state media carried a similar report.", "Observers expect Kim to visit Russia again soon for a summit."]
    extra_b = ["Ukraine says its troops remain in the border area near Sudzha.", "The deployment follows months of talks between the two militaries."]
    a = doc("a", STORY[:4] + extra_a)
    b = doc("b", STORY[:4] + extra_b)
    edges = lineage([a, b], Settings({"lineage.latent_min_exclusive": 0.15}))
    assert edges["a"].source == edges["b"].source
    assert edges["a"].source.startswith("latent:")
    # with a stricter threshold there is no latent source
    strict = lineage([a, b], Settings({"lineage.latent_min_exclusive": 0.9}))
    assert not any(e.source.startswith("latent:") for e in strict.values())


def test_edges_never_form_a_cycle():
    docs = [doc(str(i), [*STORY[:6 - i], f"Extra sentence number {i} about the weather in Busan."]) for i in range(4)]
    edges = lineage(docs)
    for start in edges:
        seen, node = set(), start
        while node in edges and node not in seen:
            seen.add(node)
            node = edges[node].source
        assert node not in seen


@pytest.fixture(scope="module")
def seed_lineage(seed_documents):
    docs = list(seed_documents.values())
    sents, als = align_versions(docs)
    return {e.target: e for e in infer_lineage(docs, sents, als)}


def test_seed_000_is_a_translation_of_002(seed_lineage):
    e = seed_lineage["000"]
    assert e.kind == "translation"
    assert e.source == "002" or (e.source.startswith("latent:") and seed_lineage.get("002") and seed_lineage["002"].source == e.source)


def test_seed_001_is_a_paraphrase_of_002_not_a_copy(seed_lineage):
    e = seed_lineage["001"]
    assert e.kind in {"paraphrase", "rewrite"}
    if e.source.startswith("latent:"):
        assert seed_lineage["002"].source == e.source
    else:
        assert e.source == "002"
        assert any("adds" in x and "In South Korea, apprehensions" in x for x in e.evidence)
    assert any("discloses" in x for x in e.evidence)


def test_seed_003_is_independent_and_004_a_rewrite(seed_lineage):
    assert seed_lineage["003"].kind == "independent"
    assert seed_lineage["004"].kind == "rewrite"




@hsettings(max_examples=15, deadline=None)
@given(st.lists(st.tuples(st.lists(st.integers(0, len(STORY) - 1), min_size=1, max_size=6, unique=True),
                          st.sampled_from([None, "2025-06-18", "2025-06-19"]),
                          st.sampled_from(["en", "pt", None])), min_size=2, max_size=5))
def test_lineage_invariants(spec):
    docs = [doc(f"d{k}", [STORY[i] for i in idx], published=pub, language=lang) for k, (idx, pub, lang) in enumerate(spec)]
    edges = lineage(docs)
    kinds = {"copy", "edit", "paraphrase", "translation", "summary", "rewrite", "independent"}
    for target, e in edges.items():
        assert e.source != target
        assert e.kind in kinds and 0.0 <= e.confidence <= 1.0 and e.evidence
    for start in edges:  # acyclic
        seen, node = set(), start
        while node in edges and node not in seen:
            seen.add(node)
            node = edges[node].source
        assert node not in seen
