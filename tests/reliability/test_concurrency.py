"""Writers on one store at once: real ``storytrace trace`` processes, SQLite and PostgreSQL.

Each case starts CLI processes that overlap in time and then checks the store
against one clean run of the same inputs: every document in exactly one story,
the same stories (membership) with analyses of exactly their members, and
every story id a run printed still resolving.  Loops are bounded by a timeout.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT
from storytrace.runners.local import trace
from storytrace.serialize import dumps
from storytrace.store import open_store

pytestmark = pytest.mark.slow

TIMEOUT = 600  # seconds for one CLI run on a shared two-core machine


def start(paths: list[Path], db: str, *options: str) -> subprocess.Popen:
    """``storytrace trace PATHS --db DB --json`` as a process of its own."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")])}
    return subprocess.Popen(
        [sys.executable, "-m", "storytrace.cli", "trace", *map(str, paths), "--db", db, "--json", "-q", *options],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT,
    )


def finish(proc: subprocess.Popen) -> list[str]:
    """Wait for a run; it must exit 0.  Returns the story ids it printed."""
    out, err = proc.communicate(timeout=TIMEOUT)
    assert proc.returncode == 0, err[-3000:]
    assert "database is locked" not in err
    return [s["id"] for s in json.loads(out)]


def stories_by_members(store) -> dict[tuple[str, ...], str]:
    """Each stored story's members -> the analysis it holds (without the story's own id)."""
    out = {}
    for story in store.stories():
        analysis = store.get_analysis(story.id)
        assert analysis is not None, f"story {story.id} has no analysis"
        assert analysis.story.document_ids == story.document_ids  # analysed with exactly its members
        out[story.document_ids] = dumps(analysis).replace(story.id, "<id>")
    return out


def assert_like_one_clean_run(store, paths: list[Path], tmp_path: Path) -> None:
    memberships = store.memberships()
    documents = [d for d, _ in memberships]
    assert len(documents) == len(set(documents)) == store.count_documents()  # each document in exactly one story
    clean = open_store(str(tmp_path / "clean.db"))
    trace([str(p) for p in paths], clean)
    assert stories_by_members(store) == stories_by_members(clean)


def the_url(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> str:
    return str(tmp_path / "store.db") if backend == "sqlite" else request.getfixturevalue("pg_url")


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_two_overlapping_traces_give_the_stories_of_one_run(backend, request, tmp_path, examples_dir):
    url = the_url(backend, request, tmp_path)
    story, distractors = examples_dir / "story", examples_dir / "distractors"
    inputs_a = [story, distractors / "transit_strike.txt"]
    inputs_b = [story, distractors / "records.jsonl", distractors / "feed.xml"]
    # both start on a store that does not exist yet: creating the schema races too
    runs = [start(inputs_a, url), start(inputs_b, url)]
    printed = [finish(p) for p in runs]
    store = open_store(url)
    assert_like_one_clean_run(store, [story, distractors], tmp_path)
    for story_id in (i for ids in printed for i in ids):
        store.get_story(story_id)  # raises NotFound otherwise


def wait_for_writer(url: str, proc: subprocess.Popen, limit: float = TIMEOUT) -> bool:
    """Wait until ``proc`` holds the store's writer lock (SQLite: its pid in ``<db>.lock``)."""
    lock = Path(f"{url}.lock")
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline and proc.poll() is None:
        if lock.is_file() and lock.read_text().strip() == str(proc.pid):
            return True
        time.sleep(0.02)
    return False


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_a_new_file_traced_during_a_retrace_joins_its_story(backend, request, tmp_path, examples_dir):
    url = the_url(backend, request, tmp_path)
    story = sorted((examples_dir / "story").iterdir())
    late, earlier = story[-1], story[:-1]
    trace([str(p) for p in earlier] + [str(examples_dir / "distractors")], open_store(url))
    # the re-trace analyses every story again (other settings), so it is still writing when the second run comes
    retrace = start([examples_dir], url, "--set", "report.max_brief_sentences=4")
    if backend == "sqlite":
        assert wait_for_writer(url, retrace), "the re-trace never took the writer lock"
    else:
        time.sleep(1.5)
    second = start([late], url)
    printed = [finish(retrace), finish(second)]
    store = open_store(url)
    late_id = next(d.id for d in store.iter_documents() if d.source.endswith(late.name))
    assert late_id in {d for d, _ in store.memberships()}, "the new document is in no story"
    for story_id in (i for ids in printed for i in ids):
        store.get_story(story_id)  # raises NotFound otherwise
    assert any(late_id in store.get_story(i).document_ids for i in printed[1])
    assert_like_one_clean_run(store, [examples_dir], tmp_path)
