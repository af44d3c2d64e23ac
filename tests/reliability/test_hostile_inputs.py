"""Hostile inputs: each one gets a stored rejection with a reason or a document, and the run goes on.

Generated here, small and bounded; the good file traced beside them must
always be stored, and a second run must store nothing twice.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from storytrace.cli import main
from storytrace.ingest import iter_documents
from storytrace.records import Rejected
from storytrace.runners.local import trace
from storytrace.settings import Settings
from storytrace.store import open_store

GOOD = ("Firefighters rescued 40 people from flooded homes in Aveiro on Monday, "
        "the regional civil protection agency said in a statement.")
BUDGET = "Officials said the council approved a new budget of 40 million euros on Monday after a long debate."


@pytest.fixture()
def hostile(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "deep.json").write_text("[" * 100_000 + "]" * 100_000)
    (folder / "deep_lines.jsonl").write_text("[" * 100_000 + "]" * 100_000 + "\n")
    # valid JSON, but "\ud800" is half a character: it cannot be stored as text
    (folder / "surrogate.jsonl").write_text(json.dumps({"id": "s", "text": BUDGET.replace("new", "new \ud800")}) + "\n")
    (folder / "fields.jsonl").write_text(json.dumps({"id": "t", "title": 123, "site_name": ["x"], "author": {"a": 1},
                                                     "text": BUDGET.replace("40", "41")}) + "\n")
    if sys.platform != "win32":
        (folder / os.fsdecode(b"bad\xffname.txt")).write_text(BUDGET.replace("40", "42"))
    (folder / "good.txt").write_text(GOOD)
    return folder


def test_every_hostile_input_gives_a_document_or_a_reason_and_nothing_twice(hostile: Path) -> None:
    store = open_store(":memory:")
    settings = Settings({"run.workers": 1})
    first = trace([str(hostile)], store, settings)
    sources = {d.source.rsplit("/", 1)[-1]: d for d in store.iter_documents()}
    assert {"good.txt", "surrogate.jsonl#s", "fields.jsonl#t", "bad\\xffname.txt"} <= set(sources)
    assert "\ud800" not in sources["surrogate.jsonl#s"].text and "new  budget" not in sources["surrogate.jsonl#s"].text
    fields = sources["fields.jsonl#t"]
    assert fields.title == "123" and dict(fields.meta["extra"]) == {"site_name_given": ("x",), "author_given": {"a": 1}}
    rejected = {r.source.rsplit("/", 1)[-1]: r for r in store.rejections()}
    assert set(rejected) == {"deep.json", "deep_lines.jsonl"}
    assert {r.reason for r in rejected.values()} == {"malformed"}
    assert all(r.detail == "invalid JSON: nested too deeply to read" for r in rejected.values())
    # the run is recorded as finished, and a rerun stores nothing twice
    assert store.runs()[-1]["status"] == "ok"
    again = trace([str(hostile)], store, settings)
    assert again.ingest.added == [] and sorted(again.ingest.existing) == sorted(first.ingest.added)
    assert store.count_documents() == len(first.ingest.added) and len(store.rejections()) == 2


def test_a_reader_that_fails_costs_one_input_not_the_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import storytrace.ingest as ingest

    (tmp_path / "a.txt").write_text(GOOD)
    (tmp_path / "b.txt").write_text(BUDGET)
    real = ingest.documents_from_bytes

    def failing(data, source, settings, **kwargs):
        if source.endswith("a.txt"):
            raise ValueError("reader bug")
        return real(data, source, settings, **kwargs)

    monkeypatch.setattr(ingest, "documents_from_bytes", failing)
    items = list(iter_documents([str(tmp_path)]))
    assert [type(i).__name__ for i in items] == ["Rejected", "RawDocument"]
    assert isinstance(items[0], Rejected) and items[0].detail == "could not be read: ValueError: reader bug"


def test_trace_exits_1_when_every_input_is_rejected(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "deep.json"
    bad.write_text("[" * 100_000 + "]" * 100_000)
    assert main(["--db", ":memory:", "-q", "trace", str(bad)]) == 1
    assert "every input was rejected" in capsys.readouterr().err
    good = tmp_path / "good.txt"
    good.write_text(GOOD)
    assert main(["--db", ":memory:", "-q", "ingest", str(good), str(bad)]) == 0
