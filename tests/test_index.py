"""Tests for storytrace.index: blocking keys and the inverted candidate index."""

from __future__ import annotations

from storytrace.fingerprint import fingerprint_text
from storytrace.index import CandidateIndex, InvertedIndex, blocking_keys


def test_blocking_keys_hold_anchors_and_strong_words() -> None:
    keys = blocking_keys(fingerprint_text("Shoigu said 1,000 sappers will clear mines in Kursk on Tuesday in 2025.", lang="en"))
    assert "number:1000" in keys and "name:shoigu" in keys
    assert any(k.startswith("w:") for k in keys)
    assert not any(k.startswith(("weekday:", "year:")) for k in keys)


def test_candidates_share_keys_and_are_ranked_by_rarity() -> None:
    index = InvertedIndex(max_df=10, min_score=0.0)
    index.add("a", ["k:rare", "k:common"])
    index.add("b", ["k:rare", "k:common"])
    index.add("c", ["k:common"])
    index.add("d", ["k:other"])
    assert index.candidates("a", 5) == ["b", "c"]
    assert index.candidates("a", 1) == ["b"]
    assert index.candidates("d", 5) == []
    assert index.candidates("missing", 5) == []


def test_keys_above_the_document_frequency_cap_are_skipped() -> None:
    index = InvertedIndex(max_df=3, min_score=0.0)
    for i in range(10):
        index.add(f"d{i}", ["k:everywhere"])
    index.add("x", ["k:everywhere", "k:pair"])
    index.add("y", ["k:pair"])
    assert index.candidates("x", 50) == ["y"]
    assert index.candidates("d0", 50) == []


def test_candidates_below_the_minimum_score_are_dropped() -> None:
    index = InvertedIndex(max_df=10, min_score=1.0)
    index.add("a", ["k:one", "k:two"])
    index.add("b", ["k:one", "k:two"])
    index.add("c", ["k:one"])
    assert index.candidates("a", 5) == ["b"]


def test_adding_twice_is_harmless_and_protocol_is_met() -> None:
    index: CandidateIndex = InvertedIndex(min_score=0.0)
    index.add("a", ["k"])
    index.add("a", ["k"])
    index.add("b", ["k"])
    assert index.candidates("a", 5) == ["b"]
    assert len(index) == 2  # type: ignore[arg-type]


def test_translation_is_a_candidate_of_its_original(seed_texts: dict[str, str]) -> None:
    index = InvertedIndex()
    fps = {
        "pt": fingerprint_text(seed_texts["000"], lang="pt"),
        "en": fingerprint_text(seed_texts["003"], lang="en"),
        "other": fingerprint_text("The central bank of Brazil raised its interest rate to 10.5 percent on Wednesday.", lang="en"),
    }
    for key, fp in fps.items():
        index.add(key, blocking_keys(fp))
    assert index.candidates("pt", 5)[0] == "en"


def test_candidate_pairs_equal_candidate_rows_of_every_document(monkeypatch) -> None:
    """The vectorised ranking proposes exactly the pairs the per-document one does (ties and limits included)."""
    import random

    from storytrace import index as index_module
    from storytrace.index import InvertedIndex

    monkeypatch.setattr(index_module, "_PAIR_BLOCK", 7)  # many blocks of documents

    rng = random.Random(7)
    for max_df, min_score, limit, keys in ((32, 0.4, 5, 100), (4, 0.5, 3, 400), (8, 0.6, 1, 200)):
        vocabulary = [f"k{i}" for i in range(keys)]
        index = InvertedIndex(max_df=max_df, min_score=min_score)
        for doc in range(300):
            index.add(f"d{rng.randrange(10**6):06d}-{doc}", rng.sample(vocabulary, rng.randint(1, 8)))
        expected = set()
        for row in range(len(index)):
            for other in index.candidate_rows(row, limit):
                expected.add((min(row, other), max(row, other)))
        left, right = index.candidate_pairs(limit)
        assert set(zip(left.tolist(), right.tolist())) == expected
        assert len(left) == len(expected) > 0 and all(a < b for a, b in zip(left.tolist(), right.tolist()))
