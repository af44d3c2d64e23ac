"""The corpus stages are declared once (storytrace.pipeline) and every runner drives them.

The local runner, the Spark runner's task functions and the web app's ingest
are run with every declared stage wrapped in a recorder: each must call the
declared stages, through the declaration, in the declared order.  The Spark
task functions are plain Python over rows, so no JVM is needed here.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from storytrace import pipeline
from storytrace.pipeline import CORPUS_STAGES, STORY_STAGES, Stage
from storytrace.runners import local, spark
from storytrace.serialize import dumps
from storytrace.settings import load_settings
from storytrace.store import open_store

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def _settings():
    # one process: a stage wrapped here is not the one a worker process would unpickle
    return load_settings(None, ["run.workers=1"], env={})


@contextmanager
def recording() -> Iterator[list[str]]:
    """Every declared stage's function wrapped to note the stage's name when it is called."""
    calls: list[str] = []
    originals = {stage: stage.run for stage in CORPUS_STAGES}

    def wrap(stage: Stage, run):
        def recorded(*args, **kwargs):
            calls.append(stage.name)
            return run(*args, **kwargs)

        return recorded

    try:
        for stage, run in originals.items():
            object.__setattr__(stage, "run", wrap(stage, run))  # Stage is frozen; restored below
        yield calls
    finally:
        for stage, run in originals.items():
            object.__setattr__(stage, "run", run)


def _in_order(calls: list[str]) -> list[str]:
    """Stage names in the order they were first called."""
    return list(dict.fromkeys(calls))


def test_the_corpus_stages_are_declared_in_order_with_their_contracts():
    assert [s.name for s in CORPUS_STAGES] == ["read", "clean", "group", "analyse", "cite_online", "report"]
    assert STORY_STAGES == (pipeline.ANALYSE, pipeline.CITE_ONLINE)
    for stage in CORPUS_STAGES:
        assert stage.inputs and stage.outputs and stage.summary, stage.name
        assert "settings" in stage.inputs, stage.name
    # each per-story stage reads what the one before it wrote
    assert "analysis" in pipeline.ANALYSE.outputs and "analysis" in pipeline.CITE_ONLINE.inputs


def test_spark_maps_its_checkpoints_onto_the_same_stage_objects_in_order():
    assert list(spark.DECLARED_STAGES) == list(spark.STAGES)
    used = [stage for name in spark.STAGES for stage in spark.DECLARED_STAGES[name]]
    ordered = list(dict.fromkeys(used))
    # the same objects (not look-alikes), in the declared order; Spark writes tables instead of the report
    assert all(any(s is d for d in CORPUS_STAGES) for s in ordered)
    assert ordered == [s for s in CORPUS_STAGES if s is not pipeline.REPORT]


@pytest.fixture(scope="module")
def traced():
    """The example story traced by the local runner, with the stages it called."""
    store = open_store(":memory:")
    settings = _settings()
    with recording() as calls:
        result = local.trace([str(EXAMPLES / "story")], store, settings)
        report = local.report_for(store, settings=settings, document_ids=result.ingest.document_ids)
    return store, calls, result, report


def test_the_local_runner_drives_every_declared_stage_in_order(traced):
    _store, calls, result, report = traced
    assert _in_order(calls) == [s.name for s in CORPUS_STAGES]
    assert calls.count("analyse") == calls.count("cite_online") == len(result.analysed) >= 1
    assert calls.count("group") == 1 and calls.count("report") == 1
    assert {s["id"] for s in report["stories"]} == {s.id for s in result.stories}


def test_the_spark_tasks_drive_the_same_stages_as_the_local_runner(traced):
    settings = _settings()
    path = EXAMPLES / "story" / "original.txt"
    with recording() as calls:
        rows = list(spark._ingest_task([(0, str(path))], settings))
    assert _in_order(calls) == ["read", "clean"]
    # the Spark ingest task writes what the local runner's read + clean give
    expected = list(pipeline.iter_clean_documents([str(path)], settings))
    assert [(r[0], r[1], r[3]) for r in rows] == [
        ("rej" if type(d).__name__ == "Rejected" else "doc", d.id, i) for i, d in enumerate(expected)
    ]

    store = traced[0]
    story = max(store.stories(), key=lambda s: len(s.document_ids))
    row = {"story": dumps(story), "docs": [dumps(store.get_document(d)) for d in story.document_ids]}
    with recording() as calls:
        [(story_id, analysis_json)] = list(spark._analysis_task([row], settings))
    assert calls == ["analyse", "cite_online"]
    assert story_id == story.id
    # the same analysis as the local runner stored
    assert json.loads(analysis_json) == json.loads(dumps(store.get_analysis(story.id)))


def test_the_web_app_ingests_through_the_declared_stages():
    from storytrace.web.data import StoryData

    settings = _settings()
    data = StoryData(settings, open_store(":memory:"))
    text = (EXAMPLES / "distractors" / "transit_strike.txt").read_text(encoding="utf-8")
    with recording() as calls:
        answer = data.ingest({"text": text, "title": "Transit strike"})
    assert answer["added"] and answer["stories"]
    assert _in_order(calls) == ["clean", "group", "analyse", "cite_online"]
    # the same content again is reported as existing and triggers no regrouping
    with recording() as calls:
        again = data.ingest({"text": text, "title": "Transit strike"})
    assert again["existing"] == answer["added"] and calls == []


def test_cli_similar_reads_and_cleans_through_the_declared_stages():
    settings = _settings()
    story = EXAMPLES / "story"
    with recording() as calls:
        result = local.score_files(str(story / "original.txt"), str(story / "spin.txt"), settings)
    assert _in_order(calls) == ["read", "clean"]
    assert result["same_story"] is True and result["anchors"]
