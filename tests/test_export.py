"""export_results: JSONL and Parquet tables of documents, memberships, facts and findings."""

from __future__ import annotations

import json

import pytest

from storytrace.errors import ReportError
from storytrace.export import TABLES, export_results
from test_web import filled_store


def test_jsonl_export_has_every_table_and_row(tmp_path):
    written = export_results(filled_store(), "jsonl", tmp_path / "out")
    assert set(written) == {"documents", "memberships", "facts", "findings"}
    rows = {name: [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()] for name, path in written.items()}
    assert {r["id"] for r in rows["documents"]} == {"da", "db", "dc", "dchild"}
    assert {(r["story_id"], r["document_id"]) for r in rows["memberships"]} == {("s1", "da"), ("s1", "db"), ("s1", "dc")}
    drift = [r for r in rows["facts"] if r["fact_id"] == "f-rescued"]
    assert sorted(json.loads(r["mention_value_json"]) for r in drift) == [40, 40, 45]
    assert {r["kind"] for r in rows["findings"]} == {"framing", "appended"}
    appended = next(r for r in rows["findings"] if r["kind"] == "appended")
    assert appended["start"] is None and appended["related"] == ["dchild"]
    for name, table in rows.items():
        for row in table:
            assert list(row) == list(TABLES[name])
    assert "segunda-feira" in written["documents"].read_text(encoding="utf-8")


def test_parquet_export_round_trips(tmp_path):
    pq = pytest.importorskip("pyarrow.parquet", reason="pyarrow (parquet extra) is not installed")
    written = export_results(filled_store(), "parquet", tmp_path)
    facts = pq.read_table(written["facts"]).to_pylist()
    assert len(facts) == 6 and {f["status"] for f in facts} == {"agreed", "drift"}
    docs = pq.read_table(written["documents"])
    assert docs.schema.field("credits").type.value_type.equals(docs.schema.field("source").type)
    assert pq.read_table(written["findings"]).num_rows == 2


def test_empty_store_and_bad_format(tmp_path):
    from storytrace.store import open_store

    written = export_results(open_store(":memory:"), "jsonl", tmp_path)
    assert all(p.read_text() == "" for p in written.values())
    with pytest.raises(ReportError):
        export_results(open_store(":memory:"), "csv", tmp_path)
