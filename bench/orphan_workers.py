"""Do worker processes outlive a parent killed with SIGKILL?  Seconds until they are gone, per start method.

Usage (from the repo root, Linux):
    .venv/bin/python bench/orphan_workers.py [--bound 30] [--trace-docs 2500]

For each start method (fork, forkserver, spawn) a child process opens a pool
of two busy workers and is then killed with SIGKILL.  The script prints how
long its workers took to disappear (dead or a zombie), or that they were
still alive at ``--bound`` seconds, twice: for ``storytrace.parallel.process_pool``
(workers run ``die_with_parent``) and, as the baseline in the same run, for a
plain ``ProcessPoolExecutor`` as storytrace made it before.  With
``--trace-docs N`` (N >= 2000, so that grouping works in a pool) it also
traces N generated documents with ``run.workers=2``, kills the command once
every document is stored and two workers are alive (grouping), and times
their end the same way.
"""

from __future__ import annotations

import argparse
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"

POOL = textwrap.dedent('''
    import multiprocessing, os, sys, time
    from concurrent.futures import ProcessPoolExecutor
    from pathlib import Path
    from storytrace.parallel import process_pool

    def busy(folder):
        Path(folder, f"worker-{os.getpid()}").touch()
        time.sleep(600)

    if __name__ == "__main__":
        method, folder, kind = sys.argv[1:4]
        if kind == "storytrace":
            pool_cm = process_pool(2, method)
        else:
            pool_cm = ProcessPoolExecutor(2, mp_context=multiprocessing.get_context(method))
        with pool_cm as pool:
            futures = [pool.submit(busy, folder) for _ in range(2)]
            time.sleep(600)
''')


def _stat(pid: int) -> tuple[str, int] | None:
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return None
    fields = text[text.rindex(")") + 2:].split()
    return fields[0], int(fields[1])


def _alive(pid: int) -> bool:
    stat = _stat(pid)
    return stat is not None and stat[0] not in ("Z", "X")


def _descendants(root: int) -> set[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (stat := _stat(int(entry.name))) is not None:
            children.setdefault(stat[1], []).append(int(entry.name))
    found, todo = set(), [root]
    while todo:
        for child in children.get(todo.pop(), ()):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def _kill_and_time(proc: subprocess.Popen, workers: set[int], bound: float) -> str:
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    started = time.monotonic()
    while time.monotonic() - started < bound and any(map(_alive, workers)):
        time.sleep(0.02)
    left = [p for p in workers if _alive(p)]
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    if left:
        return f"{len(left)} of {len(workers)} still alive after {bound:.0f} s"
    return f"all {len(workers)} gone after {time.monotonic() - started:.2f} s"


def pool_case(method: str, kind: str, bound: float, env: dict[str, str]) -> str:
    with tempfile.TemporaryDirectory() as folder:
        script = Path(folder, "pool.py")
        script.write_text(POOL)
        proc = subprocess.Popen([sys.executable, str(script), method, folder, kind], env=env, cwd=folder)
        deadline = time.monotonic() + 120
        while len(list(Path(folder).glob("worker-*"))) < 2 and time.monotonic() < deadline:
            time.sleep(0.02)
        workers = {int(p.name.split("-")[1]) for p in Path(folder).glob("worker-*")}
        return _kill_and_time(proc, workers, bound)


def trace_case(n_docs: int, bound: float, env: dict[str, str]) -> str:
    with tempfile.TemporaryDirectory() as folder:
        corpus = Path(folder, "in")
        corpus.mkdir()
        for k in range(n_docs):
            (corpus / f"d{k:05}.txt").write_text(
                f"Council {k} approves budget\n\nThe council of town {k} approved a budget of {k + 40} million euros "
                f"on Monday after a debate of {k % 9 + 2} hours, Mayor Ana Costa {k} said in a statement.\n")
        db = Path(folder, "x.db")
        cmd = [sys.executable, "-m", "storytrace.cli", "--db", str(db), "-q", "--set", "run.workers=2", "trace", str(corpus)]
        proc = subprocess.Popen(cmd, env=env, cwd=folder, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 1200
        workers: set[int] = set()
        while time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.05)
            if _stored(db) >= n_docs:
                workers = {p for p in _descendants(proc.pid) if _alive(p)}
                if len(workers) >= 2:
                    break
        if proc.poll() is not None or len(workers) < 2:
            return "no grouping pool seen (the trace ended first)"
        return _kill_and_time(proc, workers, bound)


def _stored(db: Path) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as conn:
            return int(conn.execute("SELECT count(*) FROM documents").fetchone()[0])
    except sqlite3.Error:
        return 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bound", type=float, default=30.0, help="seconds to wait for the workers to go")
    parser.add_argument("--trace-docs", type=int, default=0, help="also kill a real trace during grouping (>= 2000)")
    args = parser.parse_args()
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    print("| start method | plain ProcessPoolExecutor (before) | storytrace process_pool (after) |")
    print("|---|---|---|")
    for method in ("fork", "forkserver", "spawn"):
        before = pool_case(method, "plain", args.bound, env)
        after = pool_case(method, "storytrace", args.bound, env)
        print(f"| {method} | {before} | {after} |", flush=True)
    if args.trace_docs:
        print(f"\ntrace of {args.trace_docs} documents, killed while grouping: {trace_case(args.trace_docs, args.bound, env)}")


if __name__ == "__main__":
    main()
