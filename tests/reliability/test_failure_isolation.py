"""One story whose analysis raises, or one document whose cleaning raises, never ends a run.

The failures are injected (monkeypatch) into the real pipeline over the
bundled examples: the failed story is stored with its error, the report
(JSON, Markdown, HTML), the web UI and ``storytrace stories`` show it,
everything else is written, and the CLI ends with a summary and exit status 3.
"""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

import storytrace.clean
import storytrace.compare
from storytrace.cli import EXIT_FAILURES, main
from storytrace.pipeline import analyse_story
from storytrace.records import Document, Story
from storytrace.runners.local import trace
from storytrace.settings import Settings
from storytrace.store import open_store

SCHEMA = json.loads((Path(storytrace.__file__).parent / "schema" / "report-v1.json").read_text(encoding="utf-8"))

#: The story that fails: the distractor pair about a Lisbon transit strike.
FAILING_TITLE = "strike"
#: The document whose cleaning fails.
FAILING_SOURCE = "spin.txt"


@pytest.fixture()
def broken(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make fact extraction raise for one story and cleaning raise for one document."""
    extract, clean = storytrace.compare.extract_story_facts, storytrace.clean.clean_document

    def failing_extract(versions, settings):
        if any(FAILING_TITLE in (d.title or "").lower() for d in versions):
            raise LookupError("No wordlist 'best' available for language 'und'")
        return extract(versions, settings)

    def failing_clean(raw, settings=None):
        if raw.source.endswith(FAILING_SOURCE):
            raise RecursionError("maximum recursion depth exceeded")
        return clean(raw, settings)

    monkeypatch.setattr(storytrace.compare, "extract_story_facts", failing_extract)
    monkeypatch.setattr(storytrace.clean, "clean_document", failing_clean)


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_the_analysis_names_the_stage_that_raised(broken: None) -> None:
    doc = Document(id="d1", source="a.txt", title="Bus drivers strike in Lisbon",
                   text="Bus and tram drivers in Lisbon went on strike on Monday over pay, the union said.")
    analysis = analyse_story(Story("s1", ("d1",)), {"d1": doc}, Settings())
    assert analysis.failure is not None
    assert (analysis.failure.stage, analysis.failure.error) == ("facts", "LookupError")
    assert "language 'und'" in analysis.failure.message and "in failing_extract" in analysis.failure.where
    assert analysis.facts == () and analysis.findings == ()


def test_a_failing_story_and_document_cost_only_themselves(broken: None, capsys, tmp_path: Path, examples_dir: Path) -> None:
    db = str(tmp_path / "x.db")
    code, _, err = run(capsys, "--db", db, "-q", "trace", str(examples_dir), "-o", str(tmp_path / "r.json"))
    assert code == EXIT_FAILURES, err
    assert "1 story could not be analysed, 1 document(s) could not be cleaned" in err
    assert "LookupError: No wordlist" in err and f"{FAILING_SOURCE}: could not be cleaned: RecursionError" in err

    store = open_store(db)
    failed = [a for a in map(store.get_analysis, (s.id for s in store.stories())) if a is not None and a.failure]
    assert len(failed) == 1
    assert any(FAILING_TITLE in (store.get_document(d).title or "").lower() for d in failed[0].story.document_ids)
    # every other story was analysed and written, with its facts
    others = [store.get_analysis(s.id) for s in store.stories() if s.id != failed[0].story.id]
    assert len(others) >= 4 and all(a is not None and a.failure is None for a in others)
    assert sum(len(a.facts) for a in others if a) > 20
    # the document whose cleaning raised is a rejection with its reason; the other versions are stored
    (unclean,) = [r for r in store.rejections() if r.reason == "failed"]
    assert unclean.stage == "clean" and unclean.source.endswith(FAILING_SOURCE)
    sources = {Path(d.source).name for d in store.iter_documents()}
    assert {"original.txt", "broadcast.txt", "syndicated.txt", "translation_pt.txt"} <= sources
    run_log = store.runs()[-1]
    assert run_log["status"] == "ok" and list(run_log["summary"]["failed"]) == [failed[0].story.id]

    # the JSON report holds the failure in its documented field
    report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(SCHEMA).validate(report)
    entry = next(s for s in report["stories"] if s["id"] == failed[0].story.id)
    assert entry["failure"]["stage"] == "facts" and entry["failure"]["error"] == "LookupError"
    assert all("failure" not in s for s in report["stories"] if s["id"] != entry["id"])
    assert any(d["rejected"] and d["rejected"]["reason"] == "failed" for d in report["documents"])

    # Markdown, HTML and `stories` show it too
    for name in ("r.md", "r.html"):
        assert run(capsys, "--db", db, "-q", "report", *(s.id for s in store.stories()), "-o", str(tmp_path / name))[0] == 0
        assert "analysis failed (stage facts): LookupError" in (tmp_path / name).read_text(encoding="utf-8")
    code, out, _ = run(capsys, "--db", db, "stories", "--json")
    rows = {r["id"]: r for r in json.loads(out)}
    assert code == 0 and rows[entry["id"]]["failure"].startswith("analysis failed (stage facts): LookupError")
    assert sum(1 for r in rows.values() if r["failure"]) == 1
    code, out, _ = run(capsys, "--db", db, "stories")
    assert "analysis failed" in out


def test_a_failed_story_is_tried_again_by_the_next_run(broken: None, monkeypatch: pytest.MonkeyPatch,
                                                       examples_dir: Path) -> None:
    store = open_store(":memory:")
    settings = Settings({"run.workers": 1})
    first = trace([str(examples_dir)], store, settings)
    assert len(first.failed) == 1
    story_id = first.failed[0].story.id
    monkeypatch.undo()  # the cause is fixed (say, a missing dependency installed)
    second = trace([str(examples_dir)], store, settings)
    assert second.failed == [] and story_id in second.analysed
    analysis = store.get_analysis(story_id)
    assert analysis is not None and analysis.failure is None and analysis.facts
    # stories analysed fine the first time are not analysed again
    assert len(second.analysed) < len(second.stories)


def test_the_web_app_keeps_serving_and_shows_the_failure(broken: None) -> None:
    pytest.importorskip("fastapi", reason="the web extra (fastapi) is not installed")
    httpx = pytest.importorskip("httpx")
    import asyncio

    from storytrace.web.app import create_app

    token = "t0ken"
    app = create_app(Settings({"web.token": token}), ":memory:", store=open_store(":memory:"))

    async def go():
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as client:
            body = {"title": "Lisbon bus drivers strike over pay",
                    "text": "Bus and tram drivers in Lisbon went on strike on Monday over pay, stranding "
                            "thousands of commuters, the drivers' union said in a statement."}
            posted = await client.post("/api/documents", json=body, headers={"Authorization": f"Bearer {token}"})
            story_id = posted.json()["stories"][0]
            return posted, await client.get(f"/stories/{story_id}"), await client.get("/"), \
                await client.get(f"/api/stories/{story_id}")

    posted, page, listing, api = asyncio.run(go())
    assert posted.status_code in (200, 201), posted.text
    assert page.status_code == 200 and "analysis failed (stage facts): LookupError" in page.text
    assert listing.status_code == 200 and "analysis failed" in listing.text
    assert api.json()["summary"]["failure"].startswith("analysis failed (stage facts)")


def test_the_spark_analysis_task_stores_the_failure(broken: None) -> None:
    from storytrace.runners.spark_tasks import _analysis_task
    from storytrace.serialize import analysis_from_dict, dumps

    doc = Document(id="d1", source="a.txt", title="Tram drivers strike",
                   text="Tram drivers in Lisbon went on strike on Monday over pay, the union said.")
    row = {"story": dumps(Story("s1", ("d1",))), "docs": [dumps(doc)]}
    ((story_id, data),) = list(_analysis_task([row], Settings()))
    analysis = analysis_from_dict(json.loads(data))
    assert story_id == "s1" and analysis.failure is not None and analysis.failure.stage == "facts"
