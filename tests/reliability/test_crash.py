"""Crash consistency: ``storytrace trace`` killed with SIGKILL at random moments, then run again.

After each kill the same command is run to completion on the same store;
then every document must be stored exactly once, SQLite's
``PRAGMA integrity_check`` must say ``ok``, and the stories (membership and
analyses) must equal those of one clean run.  The kill moments are drawn from
a seeded generator over the length of a clean run, so a failure can be replayed.
"""

from __future__ import annotations

import random
import signal
import sqlite3
import time

import pytest
from test_concurrency import TIMEOUT, finish, start, stories_by_members

from storytrace.runners.local import trace
from storytrace.store import open_store

pytestmark = pytest.mark.slow

TRIALS = 5
SEED = 20261201


def test_sigkill_then_rerun_leaves_the_store_of_a_clean_run(tmp_path, examples_dir):
    inputs = [examples_dir]
    clean = open_store(str(tmp_path / "clean.db"))
    trace([str(p) for p in inputs], clean)
    expected = stories_by_members(clean)
    expected_documents = sorted(d.id for d in clean.iter_documents())

    # how long one CLI run takes here: kills are spread over it
    began = time.monotonic()
    finish(start(inputs, str(tmp_path / "timing.db")))
    length = time.monotonic() - began

    draw = random.Random(SEED)
    for trial in range(TRIALS):
        db = str(tmp_path / f"trial{trial}.db")
        proc = start(inputs, db)
        time.sleep(draw.uniform(0.2, length))
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=TIMEOUT)
        finish(start(inputs, db))
        with sqlite3.connect(db) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
            ids = [row[0] for row in conn.execute("SELECT id FROM documents")]
        conn.close()
        assert sorted(ids) == expected_documents  # each exactly once, none lost
        store = open_store(db)
        assert stories_by_members(store) == expected, f"trial {trial}"
        store.close()
