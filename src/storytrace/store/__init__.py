"""Storage behind a small protocol: SQLite by default, PostgreSQL for a team.

``open_store(url)`` picks the backend from the URL::

    open_store(":memory:")            # SQLite in memory (tests)
    open_store("storytrace.db")       # SQLite file (the default)
    open_store("sqlite:///path/x.db") # the same, spelled as a URL
    open_store("postgresql://user:pass@host/db")  # a shared PostgreSQL (extra: postgres)

Every method that writes runs in one transaction and is an upsert, so running
a command twice never duplicates or drops data.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

from ..errors import StoreError
from ..records import Document, Rejected, Story, StoryAnalysis

__all__ = ["AddResult", "Store", "open_store"]


@dataclass(frozen=True)
class AddResult:
    added: list[str] = field(default_factory=list)
    existing: list[str] = field(default_factory=list)


@runtime_checkable
class Store(Protocol):
    """What the runners, CLI and web need from storage."""

    url: str

    def begin_run(self, command: str, settings_digest: str, settings: dict[str, Any]) -> int: ...
    def finish_run(self, run_id: int, status: str, summary: dict[str, Any]) -> None: ...
    def runs(self) -> list[dict[str, Any]]: ...

    def add_documents(self, documents: Iterable[Document], run_id: int | None = None) -> AddResult: ...
    def has_document(self, document_id: str) -> bool: ...
    def get_document(self, document_id: str) -> Document: ...
    def iter_documents(self) -> Iterator[Document]: ...
    def children(self, parent_id: str) -> list[Document]: ...
    def count_documents(self) -> int: ...

    def add_rejections(self, rejected: Iterable[Rejected], run_id: int | None = None) -> int: ...
    def rejections(self) -> list[Rejected]: ...

    def replace_stories(self, stories: Sequence[Story], run_id: int | None = None) -> None: ...
    def stories(self) -> list[Story]: ...
    def get_story(self, story_id: str) -> Story: ...

    def save_analysis(self, analysis: StoryAnalysis, run_id: int | None = None) -> None: ...
    def get_analysis(self, story_id: str) -> StoryAnalysis | None: ...
    def analysis_digest(self, story_id: str) -> str | None: ...
    def iter_facts(self) -> Iterator[dict[str, Any]]: ...
    def iter_findings(self) -> Iterator[dict[str, Any]]: ...
    def memberships(self) -> list[tuple[str, str]]: ...

    def snapshot(self) -> dict[str, list[tuple]]: ...
    def close(self) -> None: ...


def open_store(url: str) -> Store:
    """Open (and migrate) the store at ``url``.

    Raises:
        StoreError: the backend is unknown or the store cannot be opened.
        MissingExtra: a ``postgresql://`` URL without psycopg installed.
    """
    if url.startswith(("postgresql://", "postgres://")):
        from .postgres import PostgresStore

        return PostgresStore(url)
    if url.startswith("sqlite:///"):
        url = url[len("sqlite:///"):] or ":memory:"
    elif "://" in url:
        raise StoreError(f"unknown store URL {url!r}; use a SQLite path, ':memory:' or sqlite:///path")
    from .sqlite import SQLiteStore

    return SQLiteStore(url)
