"""What only the PostgreSQL store has, and that it stores what SQLite stores.

The contract both backends keep is in ``tests/test_store.py``; the server is
started for the session by the ``pg_server`` fixture in ``tests/conftest.py``
(its cases skip, saying what to install, without the binaries or psycopg).
"""

from __future__ import annotations

import sys
import threading

import pytest

from conftest import PG_PASSWORD as PASSWORD
from conftest import free_port
from storytrace.errors import MissingExtra, StoreError
from storytrace.records import Document, GroupLink, Rejected, Story
from storytrace.store import open_store
from test_store import make_analysis, make_doc

# -- both backends give the same snapshot ---------------------------------------------------


def _fill(store) -> None:
    run = store.begin_run("trace", "d1g", {})
    store.add_documents([make_doc(1), make_doc(2, parent="d1"), make_doc(3)], run)
    store.add_rejections([Rejected("d9", "bad.bin", "ingest", "binary", "NUL bytes")], run)
    story = Story("s1", ("d1", "d2"), "T1", (GroupLink("d1", "d2", 0.8, ("number:1000",)),))
    store.replace_stories([story, Story("s2", ("d3",))], run)
    store.save_analysis(make_analysis(story), run)
    store.finish_run(run, "ok", {})


def test_snapshots_of_sqlite_and_postgres_are_equal(pg_url):
    sqlite, pg = open_store(":memory:"), open_store(pg_url)
    _fill(sqlite)
    _fill(pg)
    assert pg.snapshot() == sqlite.snapshot()
    assert pg.stories() == sqlite.stories() and pg.rejections() == sqlite.rejections()
    assert list(pg.iter_facts()) == list(sqlite.iter_facts())
    assert list(pg.iter_findings()) == list(sqlite.iter_findings())


def test_ingest_twice_into_postgres_leaves_snapshot_unchanged(pg_url, tmp_path):
    from storytrace.runners.local import ingest
    from storytrace.settings import Settings

    texts = {
        "a.txt": "Harbour workers in Valdora walked out on Monday after talks over pay broke down, "
                 "the union said. About 1,200 dockers joined the strike, which closed three terminals.",
        "b.txt": "About 1,200 dock workers in Valdora went on strike Monday, closing three terminals, "
                 "after pay talks collapsed, according to their union.",
        "c.txt": "The city council approved a new budget for public libraries on Thursday, adding "
                 "evening hours at five branches and funding for 40,000 new books.",
        "tiny.txt": "Too short.",
    }
    for name, text in texts.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    settings = Settings()
    store = open_store(pg_url)
    first = ingest([str(tmp_path)], store, settings)
    assert first.added and store.count_documents() == len(first.added)
    before = store.snapshot()
    second = ingest([str(tmp_path)], store, settings)
    assert second.added == [] and sorted(second.existing) == sorted(first.added)
    assert store.snapshot() == before
    reference = open_store(":memory:")
    ingest([str(tmp_path)], reference, settings)
    assert store.snapshot() == reference.snapshot()


def test_full_trace_twice_matches_sqlite(pg_url, examples_dir):
    from storytrace.runners.local import trace

    inputs = [str(p) for p in sorted((examples_dir / "story").glob("*.txt"))]
    store, reference = open_store(pg_url), open_store(":memory:")
    first = trace(inputs, store)
    before = store.snapshot()
    second = trace(inputs, store)
    assert second.ingest.added == [] and second.analysed == []
    assert store.snapshot() == before and before["analyses"]
    trace(inputs, reference)
    assert before == reference.snapshot()
    assert [r["status"] for r in store.runs()] == ["ok", "ok"] and first.stories


# -- PostgreSQL specifics ------------------------------------------------------------------------


def test_wrong_password_says_what_to_check(pg_server, pg_url):
    bad = pg_url.replace(PASSWORD, "wrong-password")
    with pytest.raises(StoreError, match="password") as info:
        open_store(bad)
    assert "wrong-password" not in str(info.value)  # never echo a secret


def test_unreachable_server_says_what_to_check():
    pytest.importorskip("psycopg", reason="psycopg is not installed: pip install 'storytrace[postgres]'")
    with pytest.raises(StoreError, match="check that PostgreSQL is running") as info:
        open_store(f"postgresql://ann:pw@127.0.0.1:{free_port()}/news")
    assert "PostgreSQL" in str(info.value) and ":pw@" not in str(info.value)


def test_missing_database_and_bad_url(pg_server):
    with pytest.raises(StoreError, match=r"does not exist.*createdb"):
        open_store(pg_server.url("no_such_db"))
    with pytest.raises(StoreError, match="not a valid PostgreSQL URL"):
        open_store("postgresql://x/db?bogus_option=1")


def test_url_is_redacted(pg_url):
    store = open_store(pg_url)
    assert PASSWORD not in store.url and ":***@" in store.url


def test_newer_schema_is_refused(pg_url, pg_server):
    open_store(pg_url).close()
    pg_server.admin("INSERT INTO storytrace_schema_version(version, storytrace) VALUES (99, 'future')",
                    pg_url.rsplit("/", 1)[1])
    with pytest.raises(StoreError, match="newer storytrace"):
        open_store(pg_url)


def test_foreign_tables_are_not_taken_over(pg_url, pg_server):
    pg_server.admin("CREATE TABLE documents (x int)", pg_url.rsplit("/", 1)[1])
    with pytest.raises(StoreError, match="search_path"):
        open_store(pg_url)


def test_schema_of_its_own_via_search_path(pg_url, pg_server):
    dbname = pg_url.rsplit("/", 1)[1]
    pg_server.admin("CREATE TABLE documents (x int); CREATE SCHEMA storytrace", dbname)
    store = open_store(pg_url + "?options=-csearch_path%3Dstorytrace")
    store.add_documents([make_doc(1)])
    assert store.count_documents() == 1


def test_a_role_with_only_data_privileges_can_use_a_migrated_store(pg_url, pg_server):
    dbname = pg_url.rsplit("/", 1)[1]
    user = f"writer_{dbname}"
    pg_server.admin(f"CREATE ROLE {user} LOGIN PASSWORD 'w-pw'")
    pg_server.admin(f"GRANT CONNECT ON DATABASE {dbname} TO {user}")
    pg_server.admin(f"GRANT USAGE ON SCHEMA public TO {user}", dbname)
    writer_url = pg_server.url(dbname, user=user, password="w-pw")
    with pytest.raises(StoreError, match="CREATE"):
        open_store(writer_url)  # nothing migrated yet and no right to create tables
    open_store(pg_url).close()  # the owner migrates once
    pg_server.admin(f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {user}", dbname)
    store = open_store(writer_url)
    run = store.begin_run("trace", "abc", {})
    story = Story("s1", ("d1", "d2"))
    store.add_documents([make_doc(1), make_doc(2)], run)
    store.replace_stories([story], run)
    store.save_analysis(make_analysis(story), run)
    store.replace_stories([Story("s2", ("d1",))], run)
    store.finish_run(run, "ok", {})
    assert store.memberships() == [("d1", "s2")]
    reader = f"reader_{dbname}"  # SELECT alone is enough for the read-only commands
    pg_server.admin(f"CREATE ROLE {reader} LOGIN PASSWORD 'r-pw'")
    pg_server.admin(f"GRANT CONNECT ON DATABASE {dbname} TO {reader}")
    pg_server.admin(f"GRANT USAGE ON SCHEMA public TO {reader}; GRANT SELECT ON ALL TABLES IN SCHEMA public TO {reader}", dbname)
    readonly = open_store(pg_server.url(dbname, user=reader, password="r-pw"))
    assert readonly.memberships() == [("d1", "s2")] and readonly.snapshot() == store.snapshot()
    with pytest.raises(StoreError, match="needs SELECT, INSERT, UPDATE"):
        readonly.add_documents([make_doc(3)])


def test_unstorable_values_raise_store_errors(pg_url):
    store = open_store(pg_url)
    with pytest.raises(StoreError, match="NUL"):
        store.add_documents([make_doc(1), Document(id="dz", source="z.txt", text="a\x00b")])
    with pytest.raises(StoreError, match="infinite"):
        store.add_documents([Document(id="dy", source="y.txt", text="x", meta={"ratio": float("inf")})])
    assert store.count_documents() == 0  # the whole batch was refused


def test_concurrent_writers_and_reader_threads(pg_url):
    one, two = open_store(pg_url), open_store(pg_url)
    one.add_documents([make_doc(i) for i in range(1, 5)])
    groupings = {
        one: [Story("s1", ("d1", "d2")), Story("s2", ("d3", "d4"))],
        two: [Story("s1", ("d1",)), Story("s3", ("d2", "d3", "d4"))],
    }
    errors: list[BaseException] = []

    def write(store):
        try:
            for _ in range(15):
                store.replace_stories(groupings[store])
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    def read():
        try:
            for _ in range(30):
                assert one.count_documents() == 4 and one.get_document("d1").title == "T1"
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(s,)) for s in (one, two)] + [threading.Thread(target=read) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert one.stories() in (groupings[one], groupings[two])
    assert one.memberships() in (
        sorted((d, s.id) for s in groupings[one] for d in s.document_ids),
        sorted((d, s.id) for s in groupings[two] for d in s.document_ids),
    )


def test_reconnects_after_the_connection_is_lost(pg_url, pg_server):
    store = open_store(pg_url)
    store.add_documents([make_doc(1)])
    dbname = pg_url.rsplit("/", 1)[1]
    pg_server.admin(
        f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{dbname}' AND pid <> pg_backend_pid()"
    )
    with pytest.raises(StoreError, match="lost the connection"):
        store.count_documents()
    assert store.count_documents() == 1


@pytest.mark.parametrize("url, shown", [
    ("postgresql://ann:s3cret@db.example:5433/news", "postgresql://ann:***@db.example:5433/news"),
    ("postgres://ann@db.example/news?password=s3cret&sslmode=require",
     "postgres://ann@db.example/news?password=***&sslmode=require"),
    ("postgresql:///news?host=/var/run/postgresql", "postgresql:///news?host=/var/run/postgresql"),
])
def test_redact_url(url, shown):
    from storytrace.store.postgres import redact_url

    assert redact_url(url) == shown


def test_missing_psycopg_asks_for_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "psycopg", None)
    monkeypatch.setitem(sys.modules, "psycopg.conninfo", None)
    with pytest.raises(MissingExtra, match=r"storytrace\[postgres\]"):
        open_store("postgresql://localhost/x")


def test_unknown_schemes_still_refused():
    with pytest.raises(StoreError, match="unknown store URL"):
        open_store("mysql://x/y")
