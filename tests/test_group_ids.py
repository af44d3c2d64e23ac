"""Stable story ids: the pure rule (storytrace.group.ids) and the store that keeps its aliases."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storytrace.errors import NotFound
from storytrace.group import story_id
from storytrace.group.ids import keep_story_ids
from storytrace.records import Story
from storytrace.runners.local import reanalyze, story_report, trace
from storytrace.settings import Settings
from storytrace.store import open_store


def grouped(*members: tuple[str, ...]) -> list[Story]:
    """Stories as grouping makes them: named after their members."""
    return [Story(story_id(m), tuple(sorted(m))) for m in members]


def test_a_fresh_store_gets_the_ids_grouping_gives():
    new = grouped(("a", "b"), ("c",))
    kept = keep_story_ids([], new)
    assert kept.stories == sorted(new, key=lambda s: s.id) and kept.aliases == {}


def test_adding_a_version_keeps_the_id():
    old = [Story("s-old", ("a", "b")), Story("s-other", ("c",))]
    kept = keep_story_ids(old, grouped(("a", "b", "d"), ("c",)))
    assert {s.id: s.document_ids for s in kept.stories} == {"s-old": ("a", "b", "d"), "s-other": ("c",)}
    assert kept.aliases == {}


def test_a_merge_keeps_the_larger_story_id_and_aliases_the_other():
    old = [Story("s-big", ("a", "b", "c")), Story("s-small", ("d", "e"))]
    kept = keep_story_ids(old, grouped(("a", "b", "c", "d", "e", "f")))
    assert [s.id for s in kept.stories] == ["s-big"]
    assert kept.aliases == {"s-small": "s-big"}


def test_a_merge_of_equal_stories_breaks_the_tie_by_id():
    for order in ([Story("s2", ("c", "d")), Story("s1", ("a", "b"))], [Story("s1", ("a", "b")), Story("s2", ("c", "d"))]):
        kept = keep_story_ids(order, grouped(("a", "b", "c", "d")))
        assert [s.id for s in kept.stories] == ["s1"] and kept.aliases == {"s2": "s1"}


def test_a_split_keeps_the_id_where_most_documents_went():
    old = [Story("s-old", ("a", "b", "c"))]
    kept = keep_story_ids(old, grouped(("a", "b"), ("c",)))
    ids = {s.document_ids: s.id for s in kept.stories}
    assert ids[("a", "b")] == "s-old" and ids[("c",)] == story_id(["c"]) and kept.aliases == {}


def test_a_minted_id_never_takes_a_kept_one():
    # the old story "s(c)" is named after {c}, but now holds a, b: a new story {c} must not reuse its id
    taken = story_id(["c"])
    kept = keep_story_ids([Story(taken, ("a", "b"))], grouped(("a", "b"), ("c",)))
    ids = [s.id for s in kept.stories]
    assert len(set(ids)) == 2 and taken in ids
    assert {s.id: s.document_ids for s in kept.stories}[taken] == ("a", "b")


docs = st.lists(st.sampled_from("abcdefghij"), min_size=1, max_size=10, unique=True)


def partitions(draw_docs: list[str], cuts: list[int]) -> list[tuple[str, ...]]:
    out, start = [], 0
    for cut in [*sorted({c for c in cuts if c < len(draw_docs)}), len(draw_docs)]:
        if cut > start:
            out.append(tuple(draw_docs[start:cut]))
            start = cut
    return out


@settings(max_examples=200, deadline=None)
@given(docs, st.lists(st.integers(1, 9)), st.permutations(list(range(10))), st.lists(st.integers(1, 9)))
def test_ids_are_unique_resolvable_and_stable(members, cuts_old, perm, cuts_new):
    old = keep_story_ids([], grouped(*partitions(members, cuts_old))).stories
    shuffled = [members[i] for i in perm if i < len(members)]
    kept = keep_story_ids(old, grouped(*partitions(shuffled, cuts_new)))
    ids = [s.id for s in kept.stories]
    assert len(ids) == len(set(ids))
    current = set(ids)
    # every old id is either a story again or an alias of one
    assert all(s.id in current or kept.aliases.get(s.id) in current for s in old)
    assert not current & set(kept.aliases)
    # once more on its own output: nothing changes
    again = keep_story_ids(kept.stories, grouped(*(s.document_ids for s in kept.stories)))
    assert again.stories == kept.stories and again.aliases == {}


# -- in the store, through the runner ---------------------------------------------


@pytest.fixture(params=["sqlite", "postgres"])
def store_url(request, tmp_path):
    if request.param == "sqlite":
        return str(tmp_path / "ids.db")
    return request.getfixturevalue("pg_url")


@pytest.mark.slow
def test_tracing_a_new_version_keeps_the_story_id(store_url, examples_dir, tmp_path):
    story = sorted((examples_dir / "story").glob("*.txt"))
    store = open_store(store_url)
    first = trace([str(p) for p in story[:-1]], store)
    big_before = max(first.stories, key=lambda s: len(s.document_ids))
    second = trace([str(story[-1])], store)
    big_after = max(second.stories, key=lambda s: len(s.document_ids))
    assert len(big_after.document_ids) == len(big_before.document_ids) + 1
    assert big_after.id == big_before.id
    # the kept id was analysed again, with the new version in it
    analysis = store.get_analysis(big_after.id)
    assert analysis is not None and analysis.story.document_ids == big_after.document_ids
    # once more changes nothing
    before = store.snapshot()
    trace([str(p) for p in story], store)
    assert store.snapshot() == before


def test_an_absorbed_story_id_resolves_to_the_merged_story(store_url):
    store = open_store(store_url)
    store.replace_stories([Story("s-a", ("d1", "d2")), Story("s-b", ("d3",))])
    store.replace_stories([Story("s-a", ("d1", "d2", "d3"))], aliases={"s-b": "s-a"})
    assert store.get_story("s-b").id == "s-a"
    # a later merge carries the old alias along
    store.replace_stories([Story("s-c", ("d1", "d2", "d3", "d4"))], aliases={"s-a": "s-c"})
    assert store.get_story("s-b").id == "s-c" and store.get_story("s-a").id == "s-c"
    assert store.snapshot()["story_aliases"] == [("s-a", "s-c"), ("s-b", "s-c")]
    # an id in use again is a story, not an alias; a story gone without heir leaves no alias
    store.replace_stories([Story("s-a", ("d1",)), Story("s-c", ("d2", "d3", "d4"))])
    assert store.get_story("s-a").document_ids == ("d1",)
    store.replace_stories([Story("s-x", ("d9",))])
    with pytest.raises(NotFound):
        store.get_story("s-b")


@pytest.mark.slow
def test_a_report_of_an_absorbed_id_is_the_merged_story(tmp_path, examples_dir):
    store = open_store(str(tmp_path / "merge.db"))
    trace([str(examples_dir / "story")], store)
    stories = store.stories()
    big = max(stories, key=lambda s: len(s.document_ids))
    # pretend the big story was two, so that the next regrouping merges them
    half = len(big.document_ids) // 2
    store.replace_stories(
        [s for s in stories if s.id != big.id]
        + [Story("s-first", big.document_ids[:half]), Story("s-second", big.document_ids[half:])]
    )
    reanalyze(store, Settings())
    kept = "s-first" if half >= len(big.document_ids) - half else "s-second"
    other = "s-second" if kept == "s-first" else "s-first"
    assert store.get_story(other).id == kept
    report = story_report(store, [other], Settings())
    assert [s["id"] for s in report["stories"]] == [kept]


@pytest.mark.slow
def test_examples_traced_in_two_parts_keep_the_ids_of_part_one(tmp_path, examples_dir):
    whole = open_store(str(tmp_path / "whole.db"))
    trace([str(examples_dir)], whole)
    parts = open_store(str(tmp_path / "parts.db"))
    first = {s.id: set(s.document_ids) for s in trace([str(examples_dir / "distractors")], parts).stories}
    trace([str(examples_dir / "story")], parts)
    assert {s.document_ids for s in parts.stories()} == {s.document_ids for s in whole.stories()}
    for s in parts.stories():
        heirs = [old for old, members in first.items() if members <= set(s.document_ids)]
        # a story that grew from one of part one keeps that id; a new one is named after its members
        assert s.id == (min(heirs, key=lambda h: (-len(first[h]), h)) if heirs else story_id(s.document_ids))
