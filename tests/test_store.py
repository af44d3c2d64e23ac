import sqlite3

import pytest

from storytrace.errors import NotFound, StoreError
from storytrace.records import (
    AlignedPair, Alignment, Document, Fact, Finding, GroupLink, LineageEdge, Mention, Quote, QuoteMatch,
    Rejected, RemovedSpan, Sentence, Story, StoryAnalysis,
)
from storytrace.serialize import analysis_from_dict, document_from_dict, jsonable
from storytrace.store import open_store


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


def test_documents_round_trip_and_idempotent_add():
    store = open_store(":memory:")
    docs = [make_doc(1), make_doc(2, parent="d1")]
    first = store.add_documents(docs)
    second = store.add_documents(docs)
    assert first.added == ["d1", "d2"] and first.existing == []
    assert second.added == [] and second.existing == ["d1", "d2"]
    assert store.get_document("d1") == docs[0]
    assert [d.id for d in store.children("d1")] == ["d2"]
    assert store.count_documents() == 2
    with pytest.raises(NotFound):
        store.get_document("nope")


def test_rejections_are_upserts():
    store = open_store(":memory:")
    r = Rejected("d9", "bad.bin", "ingest", "binary", "NUL bytes")
    store.add_rejections([r, r])
    store.add_rejections([r])
    assert store.rejections() == [r]


def test_stories_and_analyses_replace_cleanly():
    store = open_store(":memory:")
    store.add_documents([make_doc(1), make_doc(2)])
    story = Story("s1", ("d1", "d2"), "T1", (GroupLink("d1", "d2", 0.8, ("number:1000",)),))
    store.replace_stories([story])
    analysis = make_analysis(story)
    store.save_analysis(analysis)
    store.save_analysis(analysis)  # idempotent
    assert store.get_analysis("s1") == analysis
    assert len(list(store.iter_facts())) == 1 and len(list(store.iter_findings())) == 2
    before = store.snapshot()
    store.replace_stories([story])
    assert store.snapshot() == before  # unchanged story keeps its analysis
    store.replace_stories([Story("s2", ("d1",)), Story("s3", ("d2",))])
    assert store.get_analysis("s1") is None
    assert list(store.iter_facts()) == []
    assert store.memberships() == [("d1", "s2"), ("d2", "s3")]


def test_failed_write_rolls_back():
    store = open_store(":memory:")
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


def test_runs_are_recorded(tmp_path):
    store = open_store(str(tmp_path / "x.db"))
    run = store.begin_run("trace", "abc123", {"group.threshold": 0.3})
    store.finish_run(run, "ok", {"added": 2})
    (row,) = store.runs()
    assert row["version"] and row["settings_digest"] == "abc123" and row["summary"] == {"added": 2}


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
