"""End to end: `trace` over the seeds and the bundled examples, checked against the report schema."""

import json
from functools import lru_cache
from pathlib import Path

import jsonschema
import pytest

from storytrace.runners.local import report_for, trace
from storytrace.settings import Settings
from storytrace.store import open_store

SCHEMA = json.loads(
    (Path(__file__).resolve().parents[1] / "src" / "storytrace" / "schema" / "report-v1.json").read_text()
)


def validate(report: dict) -> None:
    jsonschema.Draft202012Validator(SCHEMA).validate(report)
    docs = {d["id"]: d for d in report["documents"]}
    for story in report["stories"]:
        for fact in story["facts"]:
            for m in fact["mentions"]:
                assert docs[m["document"]]["text"][m["start"]:m["end"]] == m["text"], m
        for finding in story["findings"]:
            if finding["start"] is not None:
                assert docs[finding["document"]]["text"][finding["start"]:finding["end"]] == finding["text"], finding
        for q in story["quotes"]:
            for side in (q["a"], q["b"]):
                assert docs[side["document"]]["text"][side["start"]:side["end"]] == side["text"]


@lru_cache(maxsize=None)
def traced(path: str):
    store = open_store(":memory:")
    result = trace([path], store, Settings())
    return store, result, report_for(store, document_ids=result.ingest.document_ids, rejected=result.ingest.rejected)


@pytest.fixture(scope="module")
def seeds(seeds_dir):
    return traced(str(seeds_dir))


def seed_id(report: dict, prefix: str) -> str:
    (doc,) = [d for d in report["documents"] if Path(d["source"]).name.startswith(prefix) and not d["parent"]]
    return doc["id"]


def test_seed_report_is_valid(seeds):
    validate(seeds[2])


def test_seed_002_splits_into_story_and_three_appended_articles(seeds):
    report = seeds[2]
    parent = seed_id(report, "002")
    children = [d for d in report["documents"] if d["parent"] == parent]
    assert len(children) == 3
    body = next(d for d in report["documents"] if d["id"] == parent)["text"]
    assert body.rstrip().endswith("according to the South Korean air force.")


def test_seeds_form_one_story_without_the_appended_articles(seeds):
    report = seeds[2]
    ids = {seed_id(report, p) for p in ("000", "001", "002", "003", "004")}
    (story,) = [s for s in report["stories"] if ids & set(s["documents"])]
    assert set(story["documents"]) == ids
    children = [d["id"] for d in report["documents"] if d["parent"]]
    homes = [next(s["id"] for s in report["stories"] if c in s["documents"]) for c in children]
    assert len(set(homes)) == 3 and story["id"] not in homes


def test_seed_languages(seeds):
    report = seeds[2]
    langs = {Path(d["source"]).name[:3]: d["language"] for d in report["documents"] if not d["parent"]}
    assert langs == {"000": "pt", "001": "en", "002": "en", "003": "en", "004": "en"}


def test_retrace_is_a_noop(seeds, seeds_dir):
    store, first, _ = seeds
    before = store.snapshot()
    again = trace([str(seeds_dir)], store, Settings())
    assert again.ingest.added == [] and sorted(again.ingest.existing) == sorted(first.ingest.document_ids)
    assert again.analysed == []
    assert store.snapshot() == before


def test_examples_report_is_valid(examples_dir):
    validate(traced(str(examples_dir))[2])


def test_examples_grouping_matches_the_intended_stories(examples_dir):
    store, result, report = traced(str(examples_dir))
    expected = json.loads((examples_dir / "expected.json").read_text())
    root = examples_dir.resolve()

    def key(doc: dict) -> str:
        source = doc["source"]
        path, _, record = source.partition("#")
        rel = Path(path).resolve().relative_to(root).as_posix()
        return f"{rel}#{record}" if record else rel

    by_key = {key(d): d["id"] for d in report["documents"] if not d["parent"] and not d["rejected"]}
    story_of = {doc: s["id"] for s in report["stories"] for doc in s["documents"]}
    groups = []
    for story in expected["stories"]:
        if "files" in story:
            members = {story_of[by_key[f]] for f in story["files"]}
            assert len(members) == 1, f"{story['name']} is split across stories"
            groups.append(members.pop())
        else:
            parent = by_key[story["appended_from"]]
            (child,) = [d for d in report["documents"] if d["parent"] == parent and story["headline"] in (d["title"] or d["text"])]
            groups.append(story_of[child["id"]])
    assert len(groups) == len(set(groups)), "two intended stories were merged"
