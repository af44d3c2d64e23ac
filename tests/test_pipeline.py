"""End to end: `trace` over the seeds and the bundled examples, checked against the report schema."""

import json
from functools import cache
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


@cache
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
    _, _, report = traced(str(examples_dir))
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


# ---------------------------------------------------------------- the per-story stages

ROME_A = "Officials said 40 people were rescued in Rome on Monday. The mayor thanked the 12 firefighters."
ROME_B = "Officials said 45 people were rescued in Rome on Monday. The mayor thanked the 12 firefighters."


def _two_versions():
    from storytrace.records import Document, Story

    a = Document("a", "a.txt", ROME_A, language="en", published="2025-06-18", title="Forty rescued")
    b = Document("b", "b.txt", ROME_B, language="en", published="2025-06-18", title="Forty-five rescued")
    return Story("s", ("a", "b")), {"a": a, "b": b}


def test_analysis_stages_read_only_what_earlier_stages_wrote():
    from storytrace.analyze import ANALYSIS_STAGES

    known = {"story", "versions", "settings"}
    for stage in ANALYSIS_STAGES:
        assert set(stage.inputs) <= known, f"{stage.name} reads {set(stage.inputs) - known} before any stage writes it"
        assert not set(stage.outputs) & known, f"{stage.name} overwrites {set(stage.outputs) & known}"
        assert stage.summary
        known |= set(stage.outputs)
    assert [s.name for s in ANALYSIS_STAGES][:2] == ["align", "lineage"] and ANALYSIS_STAGES[-1].outputs == ("analysis",)


def test_analysis_splits_extracts_and_finds_garbles_once(monkeypatch):
    """compare takes the sentences, facts and garbles earlier stages made; it recomputes none of them."""
    import storytrace.compare.story as compare_story_module
    import storytrace.garble as garble
    from storytrace.analyze import analyze_story

    calls = {"extract": 0, "garbles": 0}
    extract, find = compare_story_module.extract_facts, garble.find_garbles

    def counting_extract(*args, **kwargs):
        calls["extract"] += 1
        return extract(*args, **kwargs)

    def counting_find(doc):
        calls["garbles"] += 1
        return find(doc)

    def forbidden(*args, **kwargs):
        raise AssertionError("compare split the sentences again")

    monkeypatch.setattr(compare_story_module, "extract_facts", counting_extract)
    monkeypatch.setattr(compare_story_module, "find_garbles", counting_find)
    monkeypatch.setattr(compare_story_module, "split_sentences", forbidden)
    monkeypatch.setattr(garble, "find_garbles", counting_find)
    story, docs = _two_versions()
    analysis = analyze_story(story, docs)
    assert calls == {"extract": 2, "garbles": 2}
    drift = [f for f in analysis.facts if f.kind == "quantity" and f.status != "agreed"]
    assert [(m.document, m.text) for f in drift for m in f.mentions] == [("a", "40 people"), ("b", "45 people")]
    assert analysis.brief == ""  # written at report time


def test_analyze_story_equals_compare_story_run_alone():
    """Handing sentences, facts and garbles forward changes nothing in the result."""
    from storytrace.analyze import analyze_story
    from storytrace.compare import compare_story

    story, docs = _two_versions()
    analysis = analyze_story(story, docs)
    facts, findings = compare_story(list(docs.values()), analysis.lineage, analysis.quotes)
    assert analysis.facts == facts
    assert analysis.findings[: len(findings)] == findings


def test_analyze_imports_no_report_module():
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from storytrace.analyze import analyze_story\n"
        "from storytrace.records import Document, Story\n"
        "d = Document('d', 'd.txt', 'Officials said 40 people were rescued on Monday.', language='en')\n"
        "analyze_story(Story('s', ('d',)), {'d': d})\n"
        "print(sorted(m for m in sys.modules if m.startswith('storytrace.report')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_brief_is_written_at_report_time_with_max_brief_sentences(examples_dir):
    import re

    store, result, default = traced(str(examples_dir))
    short = report_for(store, settings=Settings({"report.max_brief_sentences": 1}),
                       document_ids=result.ingest.document_ids, rejected=result.ingest.rejected)

    def happened(story: dict) -> int:
        return len(re.findall(r"^\d+\. ", story["brief"].partition("### What differs")[0], re.MULTILINE))

    counts = [happened(s) for s in default["stories"]]
    assert max(counts) > 1
    assert [happened(s) for s in short["stories"]] == [min(c, 1) for c in counts]
    assert all(a["brief"].partition("### What differs")[2] == b["brief"].partition("### What differs")[2]
               for a, b in zip(default["stories"], short["stories"]))


def test_analysis_splits_each_version_into_sentences_once(monkeypatch):
    """Alignment splits the sentences; quotes and compare use those, not a split of their own."""
    import storytrace.align.alignment as alignment
    import storytrace.sentences as sentences_module
    from storytrace.analyze import analyze_story

    split = sentences_module.split_sentences
    seen: list[str] = []

    def counting_split(text, lang=None):
        seen.append(text)
        return split(text, lang)

    monkeypatch.setattr(sentences_module, "split_sentences", counting_split)  # lazy importers
    monkeypatch.setattr(alignment, "split_sentences", counting_split)
    story, docs = _two_versions()
    analyze_story(story, docs)
    assert sorted(seen) == sorted(d.text for d in docs.values())
