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

from ..errors import StoreError
from .protocol import AddResult, Store

__all__ = ["AddResult", "Store", "open_store"]


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
