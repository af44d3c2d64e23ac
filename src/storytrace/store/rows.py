"""What the SQLite and PostgreSQL stores do alike, written once.

Both backends keep the same tables and put each record's JSON in a ``data``
column.  Reading differs only in two things, which a backend names:

* ``_MARK``, its query parameter placeholder (sqlite3 takes ``?``, psycopg ``%s``);
* ``_load(value)``, a stored JSON value as Python data (SQLite hands back the
  TEXT, so ``json.loads``; psycopg already decodes JSONB, so it is returned as is).

The simple upserts (documents, rejections) share their loop; the backend gives
the statement (``_INSERT_DOCUMENT``, ``_UPSERT_REJECTION``), ``_encode(record,
what)`` for the ``data`` column and ``_check_text(what, *values)`` for values
its database cannot hold.  The other writes stay in each backend: their SQL
(casts, batching, deleting many rows) is where the dialects really differ.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager
from typing import Any

from ..errors import NotFound
from ..records import Document, Rejected, Story, StoryAnalysis
from ..serialize import (
    analysis_from_dict,
    document_from_dict,
    rejected_from_dict,
    story_from_dict,
)
from .protocol import AddResult

__all__ = ["StoreRows"]

_RUN_COLUMNS = ("id", "command", "version", "settings_digest", "started", "finished", "status", "summary")
_REJECTION_COLUMNS = ("id", "source", "stage", "reason", "detail")


class StoreRows:
    """Mixin: the methods of :class:`storytrace.store.Store` both backends share.

    A backend class provides ``url``, ``_MARK``, ``_load``, ``_encode``,
    ``_check_text``, ``_INSERT_DOCUMENT``, ``_UPSERT_REJECTION``,
    ``_query(sql, params) -> list[tuple]`` and ``_tx()`` (one write transaction).
    """

    url: str
    _MARK: str
    _INSERT_DOCUMENT: str  # (id, source, parent, language, published, title, data, first_run); no-op on conflict
    _UPSERT_REJECTION: str  # (id, source, stage, reason, detail, first_run); newer stage and detail win
    _query: Callable[..., list[tuple]]  # (sql, params=()) -> rows
    _tx: Callable[[], AbstractContextManager[Any]]
    _load: Callable[[Any], Any]
    _encode: Callable[[Any, str], Any]  # (record, what it is, for errors) -> the data column's value
    _check_text: Callable[..., None]  # (what, *column values) -> None, or raises StoreError

    # -- runs ---------------------------------------------------------------------

    def runs(self) -> list[dict[str, Any]]:
        rows = self._query(f"SELECT {', '.join(_RUN_COLUMNS)} FROM runs ORDER BY id")
        out = []
        for row in rows:
            item = dict(zip(_RUN_COLUMNS, row))
            item["summary"] = None if item["summary"] is None else self._load(item["summary"])
            out.append(item)
        return out

    # -- documents ----------------------------------------------------------------

    def add_documents(self, documents: Iterable[Document], run_id: int | None = None) -> AddResult:
        result = AddResult()
        with self._tx() as conn:
            for doc in documents:
                self._check_text(f"document {doc.id}", doc.id, doc.source, doc.parent, doc.language, doc.published, doc.title)
                cur = conn.execute(
                    self._INSERT_DOCUMENT,
                    (doc.id, doc.source, doc.parent, doc.language, doc.published, doc.title,
                     self._encode(doc, f"document {doc.id}"), run_id),
                )
                (result.added if cur.rowcount else result.existing).append(doc.id)
        return result

    def has_document(self, document_id: str) -> bool:
        return bool(self._query(f"SELECT 1 FROM documents WHERE id = {self._MARK}", (document_id,)))

    def get_document(self, document_id: str) -> Document:
        rows = self._query(f"SELECT data FROM documents WHERE id = {self._MARK}", (document_id,))
        if not rows:
            raise NotFound(f"no document {document_id!r} in {self.url}")
        return document_from_dict(self._load(rows[0][0]))

    def iter_documents(self) -> Iterator[Document]:
        for (data,) in self._query("SELECT data FROM documents ORDER BY id"):
            yield document_from_dict(self._load(data))

    def children(self, parent_id: str) -> list[Document]:
        rows = self._query(f"SELECT data FROM documents WHERE parent = {self._MARK} ORDER BY id", (parent_id,))
        return [document_from_dict(self._load(d)) for (d,) in rows]

    def count_documents(self) -> int:
        return int(self._query("SELECT count(*) FROM documents")[0][0])

    # -- rejections ---------------------------------------------------------------

    def add_rejections(self, rejected: Iterable[Rejected], run_id: int | None = None) -> int:
        added = 0
        with self._tx() as conn:
            for item in rejected:
                self._check_text(f"rejection of {item.id}", item.id, item.source, item.stage, item.reason, item.detail)
                cur = conn.execute(
                    self._UPSERT_REJECTION, (item.id, item.source, item.stage, item.reason, item.detail, run_id)
                )
                added += cur.rowcount
        return added

    def rejections(self) -> list[Rejected]:
        rows = self._query(f"SELECT {', '.join(_REJECTION_COLUMNS)} FROM rejections ORDER BY source, id, reason")
        return [rejected_from_dict(dict(zip(_REJECTION_COLUMNS, r))) for r in rows]

    # -- stories and analyses -----------------------------------------------------

    def stories(self) -> list[Story]:
        return [story_from_dict(self._load(d)) for (d,) in self._query("SELECT data FROM stories ORDER BY id")]

    def get_story(self, story_id: str) -> Story:
        """The story ``story_id``, or the story it was merged into (its ``id`` then differs).

        Raises:
            NotFound: no story has, or had, that id.
        """
        rows = self._query(f"SELECT data FROM stories WHERE id = {self._MARK}", (story_id,))
        if not rows:  # the id of a story since merged into another: that story
            rows = self._query(
                "SELECT stories.data FROM story_aliases JOIN stories ON stories.id = story_aliases.story_id"
                f" WHERE story_aliases.alias = {self._MARK}",
                (story_id,),
            )
        if not rows:
            raise NotFound(f"no story {story_id!r} in {self.url}; 'storytrace stories' lists them")
        return story_from_dict(self._load(rows[0][0]))

    def get_analysis(self, story_id: str) -> StoryAnalysis | None:
        rows = self._query(f"SELECT data FROM analyses WHERE story_id = {self._MARK}", (story_id,))
        return analysis_from_dict(self._load(rows[0][0])) if rows else None

    def analysis_digest(self, story_id: str) -> str | None:
        """The settings digest of the run that wrote the story's analysis."""
        rows = self._query(
            "SELECT runs.settings_digest FROM analyses LEFT JOIN runs ON runs.id = analyses.run_id"
            f" WHERE analyses.story_id = {self._MARK}",
            (story_id,),
        )
        return rows[0][0] if rows else None

    def iter_facts(self) -> Iterator[dict[str, Any]]:
        for story_id, data in self._query("SELECT story_id, data FROM facts ORDER BY story_id, id"):
            yield {"story": story_id, **self._load(data)}

    def iter_findings(self) -> Iterator[dict[str, Any]]:
        for story_id, data in self._query("SELECT story_id, data FROM findings ORDER BY story_id, seq"):
            yield {"story": story_id, **self._load(data)}

    def memberships(self) -> list[tuple[str, str]]:
        return [tuple(r) for r in self._query("SELECT document_id, story_id FROM story_documents ORDER BY 1, 2")]
