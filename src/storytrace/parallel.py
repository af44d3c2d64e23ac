"""Worker processes for the pure stages (cleaning, fingerprinting, pair scoring).

One place decides how workers start: ``fork`` shares the models already
loaded in this process and needs no ``if __name__ == "__main__"`` guard, but
forking a process that runs other threads (the CLI's progress bars) can
deadlock, so ``forkserver`` is used then, and ``spawn`` where neither exists.

Workers die with the process that started them.  ``ProcessPoolExecutor``
only stops its workers when the parent shuts the pool down or exits
normally; a parent killed outright (``kill -9``, the out-of-memory killer)
leaves them running, each holding its share of the corpus, with nobody to
take their results.  So every worker runs :func:`die_with_parent` first: on
Linux the kernel sends it SIGKILL when its parent exits (``prctl
PR_SET_PDEATHSIG``, through ctypes, as the standard library offers no
wrapper), and a watchdog thread that notices the parent change
(``os.getppid()``) covers the rest: other systems, and a parent that died
before the worker could ask the kernel.  Under ``forkserver`` the parent is
the fork server, which exits when this process does.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from typing import TypeVar

__all__ = ["die_with_parent", "ordered_map", "process_pool", "start_method", "worker_count"]

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


_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
#: How often a worker's watchdog checks that its parent is alive, in seconds.
WATCHDOG_SECONDS = 1.0


def _ask_kernel_to_kill_on_parent_exit() -> bool:
    """``prctl(PR_SET_PDEATHSIG, SIGKILL)`` on Linux; False where it is not available."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, under another user
        return True
    return True


def die_with_parent(owner: int) -> None:
    """Worker initializer: end this process when its parent, or ``owner`` (the process
    that made the pool), exits; see the module docstring.

    Also restores the default SIGTERM and SIGHUP handlers, which a forked
    worker inherits from the command line's handlers: a worker asked to stop
    stops.
    """
    parent = os.getppid()  # the owner, or under forkserver the fork server
    for signum in (signal.SIGTERM, getattr(signal, "SIGHUP", None)):
        if signum is not None:
            signal.signal(signum, signal.SIG_DFL)
    _ask_kernel_to_kill_on_parent_exit()
    # the owner may have exited before prctl took effect: no signal comes then
    if os.getppid() != parent or not _alive(owner):
        os._exit(1)

    def watch() -> None:
        while os.getppid() == parent and _alive(owner):
            time.sleep(WATCHDOG_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="storytrace-parent-watchdog", daemon=True).start()


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
    context = multiprocessing.get_context(method or start_method())
    pool = ProcessPoolExecutor(workers, mp_context=context, initializer=die_with_parent, initargs=(os.getpid(),))
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
