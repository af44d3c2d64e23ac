"""One writer at a time per store: the lock held from reading the documents to saving the last analysis.

Regrouping is a read-modify-write over the whole store: read every document,
group them, replace the stored stories, then save one analysis per changed
story.  Each step is its own transaction, so two processes regrouping at once
interleave: one replaces the stories the other is about to analyse
(``cannot save an analysis of unknown story``), or the slower one writes back a
grouping made before the other's new document was stored, and that document
ends up in no story.  :meth:`Store.writer` hands out this lock so the whole
sequence runs as one writer; adding documents stays outside it (inserts are
idempotent and short), so a second ``trace`` ingests while the first one
analyses and then waits only for the regrouping.

The lock is re-entrant within one store object and exclusive across threads
and processes:

* **SQLite:** an ``fcntl.flock`` on a sidecar file ``<db>.lock``.  The kernel
  drops a flock when its process dies, SIGKILL included, so a killed ``trace``
  never leaves a stale lock behind (a lock *file* holding a pid would need
  guessing whether that pid is still ours).  ``BEGIN IMMEDIATE`` on a
  dedicated connection would serialise too, but it takes SQLite's own write
  lock: every other write of this process (on its main connection) and every
  short ingest of other processes would block behind a regrouping that can
  last minutes, and fail with "database is locked" once ``busy_timeout`` ran
  out.  The flock leaves SQLite's lock to the short transactions it is made for.
  An in-memory store is private to its process, so only the thread lock is taken.
* **PostgreSQL:** a session-level ``pg_advisory_lock`` on a dedicated
  connection, released by the server when that connection ends, however the
  client died.

While it waits, the lock logs one warning naming the holder and keeps
polling; after ``timeout`` seconds it raises :class:`StoreError` saying who
holds it.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from ..errors import StoreError

__all__ = ["WRITER_TIMEOUT", "AdvisoryLock", "FileLock", "ThreadLock", "WriterLock"]

#: How long a writer waits for another one before giving up, in seconds.  A
#: regrouping of a large store can take many minutes, so this is generous.
WRITER_TIMEOUT = 3600.0
_POLL = 0.1  # seconds between attempts

log = logging.getLogger("storytrace.store")


class WriterLock:
    """Re-entrant within one object, exclusive across threads; a subclass adds the cross-process part.

    A subclass provides ``_try_acquire() -> bool`` (without waiting),
    ``_release()`` and ``_holder() -> str`` (who holds it, for messages).
    """

    def __init__(self, where: str):
        self.where = where
        self._threads = threading.RLock()
        self._depth = 0

    def _try_acquire(self) -> bool:
        raise NotImplementedError

    def _release(self) -> None:
        raise NotImplementedError

    def _holder(self) -> str:
        return "another storytrace process"

    def _timed_out(self, timeout: float) -> StoreError:
        return StoreError(
            f"gave up after {timeout:.0f} s waiting for {self._holder()} to finish writing to {self.where}; "
            "try again when it has finished"
        )

    @contextmanager
    def hold(self, timeout: float = WRITER_TIMEOUT) -> Iterator[None]:
        """Hold the lock for the ``with`` block, waiting up to ``timeout`` seconds for it.

        Raises:
            StoreError: another writer held it for longer than ``timeout``.
        """
        deadline = time.monotonic() + timeout
        if not self._threads.acquire(timeout=max(timeout, 0.0)):
            raise self._timed_out(timeout)
        try:
            if self._depth == 0:
                self._wait(deadline, timeout)
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
                if self._depth == 0:
                    self._release()
        finally:
            self._threads.release()

    def _wait(self, deadline: float, timeout: float) -> None:
        told = False
        while not self._try_acquire():
            if not told:
                log.warning("waiting for %s to finish writing to %s (up to %.0f s)", self._holder(), self.where, timeout)
                told = True
            if time.monotonic() >= deadline:
                raise self._timed_out(timeout)
            time.sleep(_POLL)
        if told:
            log.warning("%s is free again; going on", self.where)


class ThreadLock(WriterLock):
    """An in-memory store: no other process can see it, so the thread lock is all there is."""

    def _try_acquire(self) -> bool:
        return True

    def _release(self) -> None:
        pass


class FileLock(WriterLock):
    """``fcntl.flock`` on ``path`` (created if missing, never deleted: deleting would race with a waiter)."""

    def __init__(self, path: str, where: str):
        super().__init__(where)
        self.path = path
        self._fd: int | None = None

    def _try_acquire(self) -> bool:
        import fcntl  # POSIX; the flock is what makes a killed writer's lock go away with it

        if self._fd is None:
            try:
                self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            except OSError as exc:
                raise StoreError(f"cannot open the writer lock {self.path}: {exc}") from None
        try:
            fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        # who holds it, for the message of the next waiter
        os.ftruncate(self._fd, 0)
        os.pwrite(self._fd, f"{os.getpid()}\n".encode(), 0)
        return True

    def _release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing the descriptor drops the flock
            self._fd = None

    def _holder(self) -> str:
        try:
            with open(self.path, encoding="ascii", errors="replace") as fh:
                pid = fh.read().strip()
        except OSError:
            pid = ""
        return f"storytrace process {pid}" if pid.isdigit() else "another storytrace process"


class AdvisoryLock(WriterLock):
    """``pg_advisory_lock(key)`` on a connection of its own, opened by ``connect()`` and closed on release."""

    def __init__(self, connect: Callable[[], Any], key: int, where: str):
        super().__init__(where)
        self._connect, self.key = connect, key
        self._conn: Any = None

    def _try_acquire(self) -> bool:
        if self._conn is None or self._conn.closed:
            self._conn = self._connect()
        return bool(self._conn.execute("SELECT pg_try_advisory_lock(%s)", (self.key,)).fetchone()[0])

    def _release(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            conn.close()  # ending the session releases its advisory locks

    def _holder(self) -> str:
        if self._conn is None or self._conn.closed:
            return "another storytrace client"
        row = self._conn.execute(
            "SELECT a.pid, a.application_name, a.client_addr FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid"
            " WHERE l.locktype = 'advisory' AND l.granted AND l.objid = %s LIMIT 1",
            (self.key & 0xFFFF_FFFF,),
        ).fetchone()
        if row is None:
            return "another storytrace client"
        return f"{row[1] or 'a client'} (server process {row[0]}{', from ' + str(row[2]) if row[2] else ''})"
