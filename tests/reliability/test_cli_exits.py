"""Exit statuses and the store location: usage errors exit 2, a mistyped ``--db`` makes nothing quietly.

Exit 3 (finished with failed stories or documents) is checked where the
failures are injected, in ``test_failure_isolation.py``.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from storytrace.cli import EXIT_CODES, EXIT_ERROR, EXIT_USAGE, main

SRC = Path(__file__).resolve().parents[2] / "src"
TEXT = ("Firefighters rescued 40 people from flooded homes in Aveiro on Monday, "
        "the regional civil protection agency said in a statement.")


def status(capsys, *argv: str) -> tuple[int, str]:
    """The exit status of ``storytrace argv`` (argparse's SystemExit included) and its stderr."""
    try:
        code = main(list(argv))
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    return code, capsys.readouterr().err


USAGE_ERRORS = [
    [],
    ["no-such-command"],
    ["stories", "--no-such-option"],
    ["report", "s1"],  # -o is required
    ["trace"],  # a path is required
    ["--set", "no-equals-sign", "settings"],
    ["--set", "group.no_such_key=1", "settings"],
    ["--set", "group.threshold=abc", "settings"],
    ["--config", "missing.toml", "settings"],
    ["trace", "in", "-o", "report.pdf"],
    ["report", "s1", "-o", "report"],
    ["serve", "--port", "abc"],
    ["serve", "--port", "70000"],
    ["export", "--format", "xml"],
    ["spark-trace", "in", "--out", "o", "--stop-after", "no-such-stage"],
    ["settings", "--json", "--markdown"],
]


@pytest.mark.parametrize("argv", USAGE_ERRORS, ids=lambda a: " ".join(a) or "(nothing)")
def test_usage_errors_exit_2_and_touch_nothing(capsys, monkeypatch, tmp_path: Path, argv: list[str]) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("STORYTRACE_DB", raising=False)
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(TEXT)
    code, err = status(capsys, *argv)
    assert code == EXIT_USAGE, err
    assert err.strip(), "a usage error says what is wrong"
    assert not list(tmp_path.glob("*.db*")), "a usage error must not create a store"


def test_the_process_exit_status_and_help_list_the_codes(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    bad = subprocess.run([sys.executable, "-m", "storytrace", "--set", "x", "settings"], env=env, cwd=tmp_path,
                         capture_output=True, text=True, timeout=120)
    assert bad.returncode == EXIT_USAGE and "key=value" in bad.stderr
    helped = subprocess.run([sys.executable, "-m", "storytrace", "--help"], env=env, cwd=tmp_path,
                            capture_output=True, text=True, timeout=120)
    assert helped.returncode == 0
    assert all(f"  {code}  " in helped.stdout for code in EXIT_CODES) and "could not be analysed" in helped.stdout


@pytest.mark.parametrize("argv", [["stories"], ["show", "s1"], ["report", "s1", "-o", "r.json"], ["rejected"],
                                  ["export", "-o", "exported"]])
def test_reading_commands_refuse_a_store_that_does_not_exist(capsys, tmp_path: Path, argv: list[str]) -> None:
    db = tmp_path / "mistyped.db"
    code, err = status(capsys, "--db", str(db), *argv)
    assert code == EXIT_ERROR and f"no store at {db}" in err and "--db" in err
    assert not db.exists() and not (tmp_path / "exported").exists()


def test_writing_commands_refuse_a_missing_folder_unless_asked_to_create_it(capsys, tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(TEXT)
    db = tmp_path / "no" / "such" / "folder" / "x.db"
    for command in ("ingest", "trace"):
        code, err = status(capsys, "--db", str(db), "-q", command, str(tmp_path / "in"))
        assert code == EXIT_ERROR and f"the folder {db.parent} does not exist" in err and "--create" in err
        assert not (tmp_path / "no").exists()
    code, err = status(capsys, "--db", str(db), "--create", "ingest", str(tmp_path / "in"))
    assert code == 0 and f"created a new store at {db}" in err and db.exists()
    # an existing store is opened without a word about creating it
    code, err = status(capsys, "--db", str(db), "trace", str(tmp_path / "in"))
    assert code == 0 and "created" not in err
    code, err = status(capsys, "--db", str(db), "stories")
    assert code == 0


def test_the_environment_store_is_checked_too(capsys, monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("STORYTRACE_DB", str(tmp_path / "missing" / "x.db"))
    code, err = status(capsys, "-q", "ingest", str(tmp_path))
    assert code == EXIT_ERROR and "does not exist" in err and not (tmp_path / "missing").exists()
    code, err = status(capsys, "--db", ":memory:", "stories", "--json")
    assert code == 0


@pytest.mark.slow
def test_a_trace_stopped_with_sigterm_is_recorded_as_interrupted(tmp_path: Path) -> None:
    corpus = tmp_path / "in"
    corpus.mkdir()
    for k in range(1500):
        (corpus / f"d{k:04}.txt").write_text(f"Council {k} approves budget\n\n" + TEXT.replace("40", str(k + 40)))
    db = tmp_path / "x.db"
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    proc = subprocess.Popen([sys.executable, "-m", "storytrace", "--db", str(db), "-q", "--set", "run.workers=1",
                             "trace", str(corpus)], env=env, cwd=tmp_path, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and proc.poll() is None and _statuses(db) != ["running"]:
            time.sleep(0.1)
        assert proc.poll() is None, f"the trace ended before it could be stopped: {proc.stderr.read() if proc.stderr else ''}"
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == EXIT_ERROR and "interrupted (SIGTERM)" in err
    assert _statuses(db) == ["interrupted"]


def _statuses(db: Path) -> list[str]:
    if not db.exists():
        return []
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
            return [row[0] for row in conn.execute("SELECT status FROM runs ORDER BY id")]
    except sqlite3.OperationalError:  # the schema is still being made
        return []
