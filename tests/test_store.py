"""The store contract, run on SQLite and on a real PostgreSQL server (``tests/conftest.py``
starts it; without it the PostgreSQL cases skip), plus what is SQLite's own.

``tests/test_store_postgres.py`` holds what only PostgreSQL has, and checks that
both backends store the same content the same way.
"""

from __future__ import annotations

import sqlite3

import pytest

from storytrace.errors import NotFound, StoreError
from storytrace.records import (
    AlignedPair,
    Alignment,
    Document,
    Fact,
    Finding,
    GroupLink,
    LineageEdge,
    Mention,
    Quote,
    QuoteMatch,
    Rejected,
    RemovedSpan,
    Sentence,
    Story,
    StoryAnalysis,
)
from storytrace.serialize import analysis_from_dict, document_from_dict, jsonable
from storytrace.store import Store, open_store


def make_doc(i: int, **kw) -> Document:
    return Document(
        id=f"d{i}", source=f"{i}.txt", text=f"Text number {i}.", title=f"T{i}", language="en",
        published="2025-06-18", credits=("AP",), removed=(RemovedSpan("clutter", "Share", "share line"),),
        meta={"extra": {"k": i}}, **kw,
    )


def make_analysis(story: Story) -> StoryAnalysis:
    q = Quote("d1", 0, 4, "Text", "Shoigu", "said")
    return StoryAnalysis(
        story=story,
        sentences={"d1": (Sentence(0, 0, 15, "Text number 1."),)},
        alignments=(Alignment("d1", "d2", (AlignedPair((0,), (0,), "light_edit", 0.9),)),),
        lineage=(LineageEdge("latent:1", "d2", "paraphrase", 0.8, ("containment",)),),
        quotes=(QuoteMatch(q, q, "verbatim", 1.0, (("=", "Text"),)),),
        facts=(Fact("f1", "quantity", "sappers", 1000, "agreed", (Mention("d1", "1,000", 0, 5, 1000),)),),
        findings=(Finding("drift", "d1", 0, 4, "Text", "changed", ("d2",)), Finding("clutter", "d1", None, None, "x", "y")),
        brief="**brief**",
    )


@pytest.fixture(params=["sqlite", "postgres"])
def url(request, tmp_path):
    """Each contract test runs on a SQLite file and on PostgreSQL."""
    if request.param == "sqlite":
        return str(tmp_path / "s.db")
    return request.getfixturevalue("pg_url")


# -- the contract, on both backends -------------------------------------------------------


def test_documents_round_trip_and_idempotent_add(url):
    store = open_store(url)
    docs = [make_doc(1), make_doc(2, parent="d1")]
    first = store.add_documents(docs)
    second = store.add_documents(docs)
    assert first.added == ["d1", "d2"] and first.existing == []
    assert second.added == [] and second.existing == ["d1", "d2"]
    assert store.get_document("d1") == docs[0]
    assert [d.id for d in store.children("d1")] == ["d2"]
    assert store.count_documents() == 2 and store.has_document("d2") and not store.has_document("d3")
    assert list(store.iter_documents()) == docs
    with pytest.raises(NotFound):
        store.get_document("nope")


def test_duplicates_within_one_batch_count_once(url):
    store = open_store(url)
    result = store.add_documents([make_doc(1), make_doc(1)])
    assert result.added == ["d1"] and result.existing == ["d1"]


def test_rejections_are_upserts(url):
    store = open_store(url)
    r = Rejected("d9", "bad.bin", "ingest", "binary", "NUL bytes")
    assert store.add_rejections([r, r]) == 2
    store.add_rejections([r])
    assert store.rejections() == [r]
    store.add_rejections([Rejected("d9", "bad.bin", "clean", "binary", "newer detail")])
    assert store.rejections() == [Rejected("d9", "bad.bin", "clean", "binary", "newer detail")]


def test_stories_and_analyses_replace_cleanly(url):
    store = open_store(url)
    store.add_documents([make_doc(1), make_doc(2)])
    story = Story("s1", ("d1", "d2"), "T1", (GroupLink("d1", "d2", 0.8, ("number:1000",)),))
    store.replace_stories([story])
    analysis = make_analysis(story)
    store.save_analysis(analysis)
    store.save_analysis(analysis)  # idempotent
    assert store.get_analysis("s1") == analysis and store.get_story("s1") == story
    assert store.stories() == [story]
    facts, findings = list(store.iter_facts()), list(store.iter_findings())
    assert len(facts) == 1 and facts[0]["story"] == "s1" and facts[0]["value"] == 1000
    assert [f["kind"] for f in findings] == ["drift", "clutter"]
    before = store.snapshot()
    store.replace_stories([story])
    assert store.snapshot() == before  # unchanged story keeps its analysis
    store.replace_stories([Story("s2", ("d1",)), Story("s3", ("d2",))])
    assert store.get_analysis("s1") is None and store.analysis_digest("s1") is None
    assert list(store.iter_facts()) == [] and list(store.iter_findings()) == []
    assert store.memberships() == [("d1", "s2"), ("d2", "s3")]
    with pytest.raises(NotFound):
        store.get_story("s1")


def test_failed_write_rolls_back(url):
    store = open_store(url)
    with pytest.raises(NotFound):
        store.save_analysis(make_analysis(Story("missing", ("d1",))))
    assert list(store.iter_facts()) == []

    class Boom(Exception):
        pass

    def docs():
        yield make_doc(1)
        raise Boom

    with pytest.raises(Boom):
        store.add_documents(docs())
    assert store.count_documents() == 0
    store.add_documents([make_doc(2)])  # the store is usable after a rollback
    assert store.count_documents() == 1


def test_runs_are_recorded_and_digests_found(url):
    store = open_store(url)
    run = store.begin_run("trace", "abc123", {"group.threshold": 0.3})
    store.finish_run(run, "ok", {"added": 2, "share": 0.5})
    (row,) = store.runs()
    assert row["id"] == run and row["command"] == "trace" and row["status"] == "ok"
    assert row["version"] and row["settings_digest"] == "abc123" and row["summary"] == {"added": 2, "share": 0.5}
    assert isinstance(row["started"], float) and row["finished"] >= row["started"]
    store.add_documents([make_doc(1)], run)
    store.replace_stories([Story("s1", ("d1",))], run)
    store.save_analysis(make_analysis(Story("s1", ("d1",))), run)
    assert store.analysis_digest("s1") == "abc123"


def test_reopen_persists_and_migrates_once(url):
    store = open_store(url)
    store.add_documents([make_doc(1)])
    store.close()
    again = open_store(url)
    assert isinstance(again, Store) and again.get_document("d1").title == "T1"
    if url.startswith("postgresql://"):
        from storytrace.store.postgres import MIGRATIONS

        assert again.schema_version() == len(MIGRATIONS)
        rows = again._query("SELECT version FROM storytrace_schema_version ORDER BY version")
        assert rows == [(n,) for n in range(1, len(MIGRATIONS) + 1)]


def test_order_is_by_code_point_on_both(url):
    # "B" < "a" < "é" by code point; an English collation would say a < B < é
    store = open_store(url)
    ids = ["dé", "da", "dB", "d_", "d1"]
    store.add_documents([Document(id=i, source=f"{i}.txt", text="x") for i in ids])
    assert [d.id for d in store.iter_documents()] == sorted(ids)


def test_awkward_values_round_trip_exactly(url):
    meta = {"big": 1e16, "huge": 1.7976931348623157e308, "tiny": 5e-324, "neg": -2.5e-7, "int": 10**20,
            "text": "naïve «quote» 東京 e+5", "one": 1.0, "nested": [{"z": 1, "a": [0.1, 2e22]}]}
    doc = Document(id="dx", source="x.txt", text="Émile said \"1e+20\".", meta=meta)
    store = open_store(url)
    store.add_documents([doc])
    back = store.get_document("dx")
    assert back == doc
    assert type(back.meta["big"]) is float and type(back.meta["int"]) is int
    assert type(back.meta["nested"][0]["a"][1]) is float
    reference = open_store(":memory:")
    reference.add_documents([doc])
    assert store.snapshot() == reference.snapshot()


# -- SQLite only ------------------------------------------------------------------------


def test_file_store_persists_and_uses_wal(tmp_path):
    path = tmp_path / "sub" / "s.db"
    store = open_store(f"sqlite:///{path}")
    store.add_documents([make_doc(1)])
    store.close()
    again = open_store(str(path))
    assert again.get_document("d1").title == "T1"
    mode = sqlite3.connect(path).execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal"


def test_bad_store_urls_and_files(tmp_path):
    with pytest.raises(StoreError, match="PostgreSQL"):
        open_store("postgresql://localhost/x")
    with pytest.raises(StoreError, match="unknown store URL"):
        open_store("redis://x")
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="not a storytrace store"):
        open_store(str(junk))


def test_serialisation_round_trips():
    doc = make_doc(3)
    assert document_from_dict(jsonable(doc)) == doc
    analysis = make_analysis(Story("s1", ("d1", "d2")))
    assert analysis_from_dict(jsonable(analysis)) == analysis


def test_records_hold_frozen_mappings_that_behave_like_dicts():
    import copy
    import dataclasses
    import json
    import pickle

    from storytrace.records import FrozenDict, RawDocument
    from storytrace.serialize import dumps

    plain = {"extra": {"k": 3, "tags": ["a", "b"]}, "record_id": "r3"}
    doc = Document(id="d3", source="3.txt", text="Text.", meta=plain)
    assert type(doc.meta) is FrozenDict and type(doc.meta["extra"]) is FrozenDict
    assert doc.meta["extra"]["tags"] == ("a", "b")
    for change in (lambda: doc.meta.__setitem__("x", 1), lambda: doc.meta["extra"].update(k=4),
                   lambda: doc.meta.pop("record_id"), lambda: doc.meta.clear()):
        with pytest.raises(TypeError, match="immutable"):
            change()
    plain["extra"]["k"] = 99  # the record does not share the caller's dict
    assert doc.meta["extra"]["k"] == 3
    # JSON exactly as a plain dict writes it, equal to one, and hashable
    original = {"extra": {"k": 3, "tags": ["a", "b"]}, "record_id": "r3"}
    assert json.dumps(doc.meta, sort_keys=True) == json.dumps(original, sort_keys=True)
    assert doc.meta == {"extra": {"k": 3, "tags": ("a", "b")}, "record_id": "r3"}
    assert dumps(doc) == dumps(dataclasses.replace(doc, meta=original))
    assert hash(doc) == hash(Document(id="d3", source="3.txt", text="Text.", meta=original))
    # pickles (worker processes, Spark) and copies keep the type
    for again in (pickle.loads(pickle.dumps(doc)), copy.deepcopy(doc)):
        assert again == doc and type(again.meta["extra"]) is FrozenDict
    raw = RawDocument("r.txt", b"x", "text", {"extra": {"a": [1]}})
    assert pickle.loads(pickle.dumps(raw)).meta == raw.meta and type(raw.meta) is FrozenDict
    assert Document(id="d", source="s", text="t").meta == {}
    # the analysis' sentence table too, also after dataclasses.replace
    analysis = make_analysis(Story("s1", ("d1", "d2")))
    assert type(analysis.sentences) is FrozenDict
    assert type(dataclasses.replace(analysis, brief="").sentences) is FrozenDict
    assert pickle.loads(pickle.dumps(analysis)) == analysis


def test_frozen_mappings_round_trip_through_the_store(url):
    from storytrace.records import FrozenDict

    store = open_store(url)
    doc = make_doc(1)
    store.add_documents([doc])
    back = store.get_document("d1")
    assert back == doc and type(back.meta) is FrozenDict and type(back.meta["extra"]) is FrozenDict
    story = Story("s1", ("d1",))
    store.replace_stories([story])
    analysis = make_analysis(story)
    store.save_analysis(analysis)
    stored = store.get_analysis("s1")
    assert stored == analysis and type(stored.sentences) is FrozenDict
