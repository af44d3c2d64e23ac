"""Worker processes die with the process that started them, even when it is killed outright.

A parent killed with SIGKILL cannot shut its pool down; before
:func:`storytrace.parallel.die_with_parent` its workers lived on, each holding
its share of the corpus.  Processes are found through ``/proc`` (Linux), and
every wait is a bounded loop.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")

SRC = Path(__file__).resolve().parents[2] / "src"
#: How long dead workers may take to go: the kernel's signal is immediate, the watchdog polls each second.
BOUND_SECONDS = 15.0


def _stat(pid: int) -> tuple[str, int] | None:
    """(state, parent pid) of a process, or None when it is gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return None
    fields = text[text.rindex(")") + 2:].split()  # the name, in parentheses, may hold spaces
    return fields[0], int(fields[1])


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


def _alive(pid: int) -> bool:
    stat = _stat(pid)
    return stat is not None and stat[0] not in ("Z", "X")  # a zombie is dead, only not yet reaped


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")])}


def _kill_and_expect_gone(proc: subprocess.Popen, workers: set[int]) -> None:
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=BOUND_SECONDS)
    deadline = time.monotonic() + BOUND_SECONDS
    while time.monotonic() < deadline and any(map(_alive, workers)):
        time.sleep(0.1)
    left = sorted(p for p in workers if _alive(p))
    for pid in left:  # do not leave them behind for the next test
        os.kill(pid, signal.SIGKILL)
    assert not left, f"worker processes {left} outlived their killed parent by {BOUND_SECONDS}s"


POOL_SCRIPT = textwrap.dedent('''
    import os, sys, time
    from pathlib import Path
    from storytrace.parallel import process_pool

    def busy(folder):
        Path(folder, f"worker-{os.getpid()}").touch()
        time.sleep(120)

    if __name__ == "__main__":
        with process_pool(2, sys.argv[1]) as pool:
            futures = [pool.submit(busy, sys.argv[2]) for _ in range(2)]
            time.sleep(120)
''')


@pytest.mark.parametrize("method", ["fork", "forkserver", "spawn"])
def test_busy_pool_workers_die_when_their_parent_is_killed(tmp_path: Path, method: str) -> None:
    script = tmp_path / "pool.py"
    script.write_text(POOL_SCRIPT)
    proc = subprocess.Popen([sys.executable, str(script), method, str(tmp_path)], env=_env(), cwd=tmp_path)
    try:
        deadline = time.monotonic() + 60
        while len(list(tmp_path.glob("worker-*"))) < 2 and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.05)
        workers = {int(p.name.split("-")[1]) for p in tmp_path.glob("worker-*")}
        assert len(workers) == 2 and all(map(_alive, workers)), "the pool did not start two workers"
        _kill_and_expect_gone(proc, workers)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


@pytest.mark.slow
def test_trace_workers_die_when_the_cli_is_killed(tmp_path: Path) -> None:
    """The real command: ``trace`` with two workers, killed while its cleaning pool is busy."""
    corpus = tmp_path / "in"
    corpus.mkdir()
    for k in range(1200):  # windows of 200 documents are cleaned in the pool
        (corpus / f"d{k:04}.txt").write_text(
            f"Council {k} approves budget\n\nThe council of town {k} approved a budget of {k + 40} million euros "
            f"on Monday after a debate that lasted {k % 9 + 2} hours, the mayor said in a statement.\n")
    cmd = [sys.executable, "-m", "storytrace.cli", "--db", str(tmp_path / "x.db"), "-q",
           "--set", "run.workers=2", "trace", str(corpus)]
    proc = subprocess.Popen(cmd, env=_env(), cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 120
        workers: set[int] = set()
        while len(workers) < 2 and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.05)
            workers = {p for p in _descendants(proc.pid) if _alive(p)}
        assert len(workers) >= 2, f"no pool seen (exit {proc.poll()}): {proc.stderr.read().decode() if proc.poll() is not None else ''}"
        _kill_and_expect_gone(proc, workers)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        if proc.stderr:
            proc.stderr.close()
