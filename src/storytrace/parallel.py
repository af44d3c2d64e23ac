"""Worker processes for the pure stages (cleaning, fingerprinting, pair scoring).

One place decides how workers start: ``fork`` shares the models already
loaded in this process and needs no ``if __name__ == "__main__"`` guard, but
forking a process that runs other threads (the CLI's progress bars) can
deadlock, so ``forkserver`` is used then, and ``spawn`` where neither exists.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from typing import TypeVar

__all__ = ["ordered_map", "process_pool", "start_method", "worker_count"]

T = TypeVar("T")
R = TypeVar("R")


def worker_count(setting: int) -> int:
    """``run.workers`` as a number of processes: 0 means one per CPU.

    >>> worker_count(3)
    3
    """
    wanted = int(setting)
    return wanted if wanted > 0 else (os.cpu_count() or 1)


def start_method() -> str:
    """How worker processes start here: fork, forkserver or spawn (see the module docstring)."""
    method = "fork" if threading.active_count() == 1 and os.name == "posix" else "forkserver"
    return method if method in multiprocessing.get_all_start_methods() else "spawn"


@contextmanager
def process_pool(workers: int, method: str | None = None) -> Iterator[ProcessPoolExecutor | None]:
    """A process pool of ``workers`` processes, or None when ``workers`` <= 1 (work stays in this process).

    ``method``: how workers start (default :func:`start_method`), for callers
    whose tasks depend on it.

    >>> with process_pool(1) as pool:
    ...     pool is None
    True
    """
    if workers <= 1:
        yield None
        return
    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context(method or start_method()))
    try:
        yield pool
    finally:
        pool.shutdown(cancel_futures=True)


def ordered_map(pool: ProcessPoolExecutor | None, fn: Callable[[T], R], items: Iterable[T], window: int = 8) -> Iterator[R]:
    """``fn`` over ``items`` in ``pool`` (or here when it is None), results in input order.

    Unlike ``Executor.map``, which submits every item at once, at most
    ``window`` items are in flight: ``items`` may be a generator over more
    data than fits in memory twice.

    >>> list(ordered_map(None, abs, [-2, 1, -3]))
    [2, 1, 3]
    """
    if pool is None:
        yield from map(fn, items)
        return
    pending: deque[Future] = deque()
    for item in items:
        pending.append(pool.submit(fn, item))
        if len(pending) >= window:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()
