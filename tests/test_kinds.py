"""The closed name sets of ``storytrace.kinds`` are exactly what the stages emit.

The examples (and, with ``../shared``, the seed story) are traced into an
in-memory store and every kind, label, status and reason found in the stored
documents, rejections and analyses must be a member of its set; the report
schema must list the same names; and every member must be spelled somewhere in
the code that emits it, so the sets hold no name that nothing produces.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from storytrace import kinds
from storytrace.facts import extract_facts
from storytrace.runners.local import trace
from storytrace.settings import Settings
from storytrace.store import open_store

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "storytrace"


@dataclass
class Seen:
    """Every name of each set that a traced corpus produced."""

    names: dict[str, set[str]] = field(default_factory=lambda: {k: set() for k in _SETS})


_SETS = {
    "removed": kinds.REMOVED_KINDS,
    "rejection_stage": kinds.REJECTION_STAGES,
    "rejection_reason": kinds.REJECTION_REASONS,
    "align_label": kinds.ALIGN_LABELS,
    "lineage": kinds.LINEAGE_KINDS,
    "quote_label": kinds.QUOTE_LABELS,
    "fact": kinds.FACT_KINDS,
    "fact_status": kinds.FACT_STATUSES,
    "extracted_fact": kinds.EXTRACTED_FACT_KINDS,
    "finding": kinds.FINDING_KINDS,
}


def _trace(folder: Path, monkeypatch: pytest.MonkeyPatch, *more: Path) -> Seen:
    monkeypatch.chdir(folder.parent)
    settings = Settings()
    store = open_store(":memory:")
    trace([folder.name, *map(str, more)], store, settings)
    seen = Seen()
    names = seen.names
    for doc in store.iter_documents():
        names["removed"].update(r.kind for r in doc.removed)
        names["extracted_fact"].update(f.kind for f in extract_facts(doc, settings))
    for rejected in store.rejections():
        names["rejection_stage"].add(rejected.stage)
        names["rejection_reason"].add(rejected.reason)
    for story in store.stories():
        analysis = store.get_analysis(story.id)
        assert analysis is not None
        names["align_label"].update(p.label for a in analysis.alignments for p in a.pairs)
        names["lineage"].update(e.kind for e in analysis.lineage)
        names["quote_label"].update(q.label for q in analysis.quotes)
        names["fact"].update(f.kind for f in analysis.facts)
        names["fact_status"].update(f.status for f in analysis.facts)
        names["finding"].update(x.kind for x in analysis.findings)
    store.close()
    return seen


def _assert_members(seen: Seen) -> None:
    for name, members in _SETS.items():
        unknown = seen.names[name] - set(members)
        assert not unknown, f"{name}: emitted but not in storytrace.kinds: {sorted(unknown)}"


@pytest.fixture(scope="module")
def examples_seen(tmp_path_factory: pytest.TempPathFactory) -> Seen:
    """The examples, with inputs that ingest and cleaning refuse."""
    bad = tmp_path_factory.mktemp("bad")
    (bad / "empty.txt").write_bytes(b"")
    (bad / "nul.txt").write_bytes(b"text with a NUL \x00 byte")
    (bad / "short.txt").write_text("Too short.", encoding="utf-8")
    (bad / "broken.jsonl").write_text("{not json\n", encoding="utf-8")
    with pytest.MonkeyPatch.context() as monkeypatch:
        return _trace(ROOT / "examples", monkeypatch, bad, bad / "missing.txt")


def test_every_name_the_examples_produce_is_declared(examples_seen: Seen) -> None:
    _assert_members(examples_seen)
    # the examples exercise most of each set, so the check above is not vacuous
    assert examples_seen.names["finding"] >= {"drift", "altered_quote", "clutter", "unsupported_claim"}
    assert examples_seen.names["fact"] >= {"quantity", "date", "entity", "quote"}
    assert examples_seen.names["rejection_stage"] == {"ingest", "clean"}
    assert examples_seen.names["rejection_reason"] >= {"empty", "binary", "no_text", "malformed", "unreadable"}


@pytest.mark.shared
@pytest.mark.slow
def test_every_name_the_seed_story_produces_is_declared(seeds_dir: Path) -> None:
    with pytest.MonkeyPatch.context() as monkeypatch:
        seen = _trace(seeds_dir, monkeypatch)
    _assert_members(seen)
    assert seen.names["finding"] and seen.names["lineage"]


def test_the_report_schema_lists_the_same_names() -> None:
    schema = json.loads((SRC / "schema" / "report-v1.json").read_text(encoding="utf-8"))
    enums: list[list[str]] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if "enum" in node:
                enums.append(node["enum"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(schema)
    for members in (kinds.REMOVED_KINDS, kinds.LINEAGE_KINDS, kinds.ALIGN_LABELS, kinds.QUOTE_LABELS,
                    kinds.FACT_KINDS, kinds.FACT_STATUSES):
        assert list(members) in enums, f"the schema has no enum {list(members)}"


def test_every_member_is_spelled_in_the_code_that_emits_it() -> None:
    """No name in a set that no module writes (a kind that nothing emits)."""
    code = "\n".join(p.read_text(encoding="utf-8") for p in SRC.rglob("*.py") if p.name != "kinds.py")
    for name, members in _SETS.items():
        missing = [m for m in members if f'"{m}"' not in code]
        assert not missing, f"{name}: declared but emitted nowhere: {missing}"


def test_every_finding_kind_has_a_section() -> None:
    assert set(kinds.FINDING_SECTION) == set(kinds.FINDING_KINDS)
    assert set(kinds.FINDING_SECTION.values()) == set(kinds.FINDING_SECTIONS)
    assert set(kinds.FINDING_KINDS) == kinds.CLEANING_FINDINGS | kinds.STORY_FINDINGS
    assert not kinds.CLEANING_FINDINGS & kinds.STORY_FINDINGS
    # cleaning sections come last in the report's order
    order = list(kinds.FINDING_SECTIONS)
    assert all(order.index(kinds.FINDING_SECTION[k]) > order.index("weekday_mismatch") for k in kinds.CLEANING_FINDINGS)
