"""The default store: stdlib sqlite3, WAL journal, numbered schema migrations.

Records are kept as JSON next to the columns that queries filter on.  Writes
are upserts inside ``with self._tx()`` (one transaction each), so re-running a
command is harmless.  One connection is shared behind a lock so the web app's
worker threads can read while a request ingests.

Several processes may use one file: WAL lets readers go on during a write,
every connection waits up to :data:`BUSY_TIMEOUT` for another's write
transaction instead of failing with "database is locked", and a regrouping
holds :meth:`SQLiteStore.writer` (a flock on ``<db>.lock``, see
:mod:`storytrace.store.locking`) from reading the documents to saving the last
analysis.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any

from .. import __version__
from ..errors import NotFound, StoreError
from ..records import Story, StoryAnalysis
from ..serialize import dumps
from .locking import WRITER_TIMEOUT, FileLock, ThreadLock, WriterLock
from .rows import StoreRows

MIGRATIONS: tuple[str, ...] = (
    # 1: the initial schema
    """
    CREATE TABLE runs (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        command TEXT NOT NULL,
        version TEXT NOT NULL,
        settings_digest TEXT NOT NULL,
        settings TEXT NOT NULL,
        started REAL NOT NULL,
        finished REAL,
        status TEXT NOT NULL DEFAULT 'running',
        summary TEXT
    );
    CREATE TABLE documents (
        id TEXT PRIMARY KEY,
        source TEXT NOT NULL,
        parent TEXT,
        language TEXT,
        published TEXT,
        title TEXT,
        data TEXT NOT NULL,
        first_run INTEGER
    );
    CREATE INDEX documents_parent ON documents(parent);
    CREATE TABLE rejections (
        id TEXT NOT NULL,
        source TEXT NOT NULL,
        stage TEXT NOT NULL,
        reason TEXT NOT NULL,
        detail TEXT NOT NULL,
        first_run INTEGER,
        PRIMARY KEY (id, source, reason)
    );
    CREATE TABLE stories (
        id TEXT PRIMARY KEY,
        title TEXT,
        data TEXT NOT NULL,
        run_id INTEGER
    );
    CREATE TABLE story_documents (
        story_id TEXT NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
        document_id TEXT NOT NULL,
        PRIMARY KEY (story_id, document_id)
    );
    CREATE INDEX story_documents_document ON story_documents(document_id);
    CREATE TABLE analyses (
        story_id TEXT PRIMARY KEY REFERENCES stories(id) ON DELETE CASCADE,
        data TEXT NOT NULL,
        run_id INTEGER
    );
    CREATE TABLE facts (
        story_id TEXT NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
        id TEXT NOT NULL,
        kind TEXT NOT NULL,
        key TEXT NOT NULL,
        status TEXT NOT NULL,
        data TEXT NOT NULL,
        PRIMARY KEY (story_id, id)
    );
    CREATE TABLE findings (
        story_id TEXT NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        kind TEXT NOT NULL,
        document_id TEXT NOT NULL,
        data TEXT NOT NULL,
        PRIMARY KEY (story_id, seq)
    );
    CREATE INDEX findings_kind ON findings(kind);
    """,
    # 2: ids of stories absorbed by a merge, so that links to them still resolve
    """
    CREATE TABLE story_aliases (
        alias TEXT PRIMARY KEY,
        story_id TEXT NOT NULL,
        run_id INTEGER
    );
    CREATE INDEX story_aliases_story ON story_aliases(story_id);
    """,
)

#: Seconds a connection waits for another one's write transaction before
#: SQLite reports "database is locked".  Write transactions are short (a batch
#: of documents, one story's analysis); long work is serialised by
#: :meth:`SQLiteStore.writer` instead, outside SQLite's own lock.
BUSY_TIMEOUT = 120.0


class SQLiteStore(StoreRows):
    """SQLite implementation of :class:`storytrace.store.Store` (what both backends share is in :class:`StoreRows`)."""

    _MARK = "?"
    _INSERT_DOCUMENT = (
        "INSERT INTO documents(id, source, parent, language, published, title, data, first_run)"
        " VALUES (?,?,?,?,?,?,?,?) ON CONFLICT(id) DO NOTHING"
    )
    _UPSERT_REJECTION = (
        "INSERT INTO rejections(id, source, stage, reason, detail, first_run) VALUES (?,?,?,?,?,?)"
        " ON CONFLICT(id, source, reason) DO UPDATE SET detail = excluded.detail, stage = excluded.stage"
    )
    _load = staticmethod(json.loads)  # record data is kept as JSON text

    @staticmethod
    def _encode(record: Any, what: str) -> str:
        return dumps(record)

    @staticmethod
    def _check_text(what: str, *values: str | None) -> None:
        pass  # SQLite TEXT holds any str

    def __init__(self, path: str):
        self.url = path
        try:
            if path != ":memory:":
                Path(path).parent.mkdir(parents=True, exist_ok=True)
            self._conn = sqlite3.connect(path, check_same_thread=False, isolation_level=None, timeout=BUSY_TIMEOUT)
        except (sqlite3.Error, OSError) as exc:
            raise StoreError(f"cannot open the store at {path}: {exc}") from None
        self._lock = threading.RLock()
        self._writer: WriterLock = (
            ThreadLock(path) if path == ":memory:" else FileLock(f"{path}.lock", path)
        )
        try:
            self._conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT * 1000)}")
            self._conn.execute("PRAGMA foreign_keys = ON")
            if path != ":memory:":
                self._conn.execute("PRAGMA journal_mode = WAL")
                self._conn.execute("PRAGMA synchronous = NORMAL")
        except sqlite3.DatabaseError as exc:
            self._conn.close()
            raise StoreError(f"{path} is not a storytrace store: {exc}") from None
        self._migrate()

    # -- plumbing -----------------------------------------------------------------

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            else:
                self._conn.execute("COMMIT")

    def _query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple]:
        with self._lock:
            return self._conn.execute(sql, params).fetchall()

    def _migrate(self) -> None:
        try:
            version = self._query("PRAGMA user_version")[0][0]
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.url} is not a storytrace store: {exc}") from None
        if version > len(MIGRATIONS):
            raise StoreError(
                f"{self.url} was written by a newer storytrace (schema {version}); upgrade storytrace"
            )
        for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
            with self._tx() as conn:
                # another process may have applied it while this one waited for the write lock
                if conn.execute("PRAGMA user_version").fetchone()[0] >= number:
                    continue
                for statement in filter(str.strip, script.split(";")):
                    conn.execute(statement)
                conn.execute(f"PRAGMA user_version = {number}")

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def writer(self, timeout: float = WRITER_TIMEOUT) -> AbstractContextManager[None]:
        """Hold the store's writer lock (one regrouping at a time), waiting up to ``timeout`` seconds.

        Re-entrant; released when the block ends or the process dies.

        Raises:
            StoreError: another writer held it for longer than ``timeout``.

        Example:
            >>> store = SQLiteStore(":memory:")
            >>> with store.writer():
            ...     store.replace_stories([])
        """
        return self._writer.hold(timeout)

    # -- runs ---------------------------------------------------------------------

    def begin_run(self, command: str, settings_digest: str, settings: dict[str, Any]) -> int:
        with self._tx() as conn:
            cur = conn.execute(
                "INSERT INTO runs(command, version, settings_digest, settings, started) VALUES (?,?,?,?,?)",
                (command, __version__, settings_digest, dumps(settings), time.time()),
            )
            assert cur.lastrowid is not None  # set by every INSERT
            return cur.lastrowid

    def finish_run(self, run_id: int, status: str, summary: dict[str, Any]) -> None:
        with self._tx() as conn:
            conn.execute(
                "UPDATE runs SET finished = ?, status = ?, summary = ? WHERE id = ?",
                (time.time(), status, dumps(summary), run_id),
            )

    # -- stories and analyses -----------------------------------------------------

    def replace_stories(
        self, stories: Sequence[Story], run_id: int | None = None, aliases: Mapping[str, str] | None = None
    ) -> None:
        """Make the stored grouping exactly ``stories``; analyses of stories whose members are unchanged are kept.

        ``aliases`` maps ids of stories absorbed by a merge to the story that
        holds them now; :meth:`get_story` resolves them (older aliases follow).
        """
        new_ids = {s.id for s in stories}
        with self._tx() as conn:
            old_members: dict[str, set[str]] = {}
            for story_id, document_id in conn.execute("SELECT story_id, document_id FROM story_documents"):
                old_members.setdefault(story_id, set()).add(document_id)
            old_ids = {row[0] for row in conn.execute("SELECT id FROM stories")}
            for gone in old_ids - new_ids:
                conn.execute("DELETE FROM stories WHERE id = ?", (gone,))
            for story in stories:
                if story.id in old_ids and old_members.get(story.id, set()) != set(story.document_ids):
                    # a kept id with other members: its analysis is of documents it no longer holds
                    for table in ("analyses", "facts", "findings"):
                        conn.execute(f"DELETE FROM {table} WHERE story_id = ?", (story.id,))
                conn.execute(
                    "INSERT INTO stories(id, title, data, run_id) VALUES (?,?,?,?)"
                    " ON CONFLICT(id) DO UPDATE SET title = excluded.title, data = excluded.data",
                    (story.id, story.title, dumps(story), run_id),
                )
                conn.execute("DELETE FROM story_documents WHERE story_id = ?", (story.id,))
                conn.executemany(
                    "INSERT INTO story_documents(story_id, document_id) VALUES (?,?)",
                    [(story.id, d) for d in story.document_ids],
                )
            for alias, target in sorted((aliases or {}).items()):
                conn.execute("UPDATE story_aliases SET story_id = ? WHERE story_id = ?", (target, alias))
                conn.execute(
                    "INSERT INTO story_aliases(alias, story_id, run_id) VALUES (?,?,?)"
                    " ON CONFLICT(alias) DO UPDATE SET story_id = excluded.story_id, run_id = excluded.run_id",
                    (alias, target, run_id),
                )
            # an id in use again is no alias; an alias of a story gone without heir resolves to nothing
            conn.execute("DELETE FROM story_aliases WHERE alias IN (SELECT id FROM stories)")
            conn.execute("DELETE FROM story_aliases WHERE story_id NOT IN (SELECT id FROM stories)")

    def save_analysis(self, analysis: StoryAnalysis, run_id: int | None = None) -> None:
        story_id = analysis.story.id
        with self._tx() as conn:
            if not conn.execute("SELECT 1 FROM stories WHERE id = ?", (story_id,)).fetchone():
                raise NotFound(f"cannot save an analysis of unknown story {story_id!r}")
            conn.execute(
                "INSERT INTO analyses(story_id, data, run_id) VALUES (?,?,?)"
                " ON CONFLICT(story_id) DO UPDATE SET data = excluded.data, run_id = excluded.run_id",
                (story_id, dumps(analysis), run_id),
            )
            conn.execute("DELETE FROM facts WHERE story_id = ?", (story_id,))
            conn.execute("DELETE FROM findings WHERE story_id = ?", (story_id,))
            conn.executemany(
                "INSERT INTO facts(story_id, id, kind, key, status, data) VALUES (?,?,?,?,?,?)",
                [(story_id, f.id, f.kind, f.key, f.status, dumps(f)) for f in analysis.facts],
            )
            conn.executemany(
                "INSERT INTO findings(story_id, seq, kind, document_id, data) VALUES (?,?,?,?,?)",
                [(story_id, i, x.kind, x.document, dumps(x)) for i, x in enumerate(analysis.findings)],
            )

    # -- inspection ---------------------------------------------------------------

    def snapshot(self) -> dict[str, list[tuple]]:
        """Every stored result, without run bookkeeping: equal snapshots mean equal stores."""
        return {
            "documents": self._query("SELECT id, source, parent, language, published, title, data FROM documents ORDER BY id"),
            "rejections": self._query("SELECT id, source, stage, reason, detail FROM rejections ORDER BY 1, 2, 4"),
            "stories": self._query("SELECT id, title, data FROM stories ORDER BY id"),
            "story_documents": self._query("SELECT * FROM story_documents ORDER BY 1, 2"),
            "story_aliases": self._query("SELECT alias, story_id FROM story_aliases ORDER BY 1"),
            "analyses": self._query("SELECT story_id, data FROM analyses ORDER BY 1"),
            "facts": self._query("SELECT * FROM facts ORDER BY 1, 2"),
            "findings": self._query("SELECT * FROM findings ORDER BY 1, 2"),
        }

