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
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from typing import Iterator

__all__ = ["process_pool", "start_method", "worker_count"]


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
def process_pool(workers: int) -> Iterator[ProcessPoolExecutor | None]:
    """A process pool of ``workers`` processes, or None when ``workers`` <= 1 (work stays in this process).

    >>> with process_pool(1) as pool:
    ...     pool is None
    True
    """
    if workers <= 1:
        yield None
        return
    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context(start_method()))
    try:
        yield pool
    finally:
        pool.shutdown(cancel_futures=True)
