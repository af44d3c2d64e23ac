"""The CLI commands `similar`, `export` and `settings`, through `storytrace.cli.main`.

Each test checks what a command says (scores, verdicts, rows, settings), not
only that it said something.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from storytrace.cli import main
from storytrace.export import TABLES
from storytrace.settings import SETTINGS, load_settings, settings_markdown
from storytrace.store import open_store

ROOT = Path(__file__).resolve().parents[1]
STORY = ROOT / "examples" / "story"
DISTRACTORS = ROOT / "examples" / "distractors"


@pytest.fixture(autouse=True)
def no_settings_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(os.environ):
        if name.startswith("STORYTRACE_"):
            monkeypatch.delenv(name)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# -- similar ----------------------------------------------------------------------------


def test_similar_json_says_same_story_for_a_syndicated_copy(capsys, tmp_path):
    db = str(tmp_path / "x.db")
    original, copy = STORY / "original.txt", STORY / "syndicated.txt"
    code, out, err = run(capsys, "--db", db, "similar", str(original), str(copy), "--json")
    assert code == 0, err
    result = json.loads(out)
    assert set(result) == {"score", "same_story", "threshold", "anchors", "languages"}
    assert result["threshold"] == load_settings(None, []).group.threshold
    assert result["threshold"] <= result["score"] <= 1.0
    assert result["same_story"] is True
    assert result["languages"] == ["en", "en"]
    # the anchors are typed ("kind:value") and the names among them are in both texts
    assert result["anchors"] and all(re.fullmatch(r"[a-z]+:\S+", a) for a in result["anchors"])
    names = [a.split(":", 1)[1] for a in result["anchors"] if a.startswith("name:")]
    assert "mabunda" in names
    for text in (original.read_text(encoding="utf-8").lower(), copy.read_text(encoding="utf-8").lower()):
        assert all(name in text for name in names), names


def test_similar_text_output_and_a_different_story(capsys, tmp_path):
    db = str(tmp_path / "x.db")
    original, other = STORY / "original.txt", DISTRACTORS / "transit_strike.txt"
    code, out, err = run(capsys, "--db", db, "similar", str(original), str(other), "--json")
    assert code == 0, err
    result = json.loads(out)
    assert result["same_story"] is False and 0.0 <= result["score"] < result["threshold"]

    code, out, err = run(capsys, "--db", db, "similar", str(original), str(other))
    assert code == 0, err
    first, *anchor_lines = out.splitlines()
    assert first == f"{result['score']:.3f}\tdifferent stories (threshold {result['threshold']})"
    assert [line.strip() for line in anchor_lines] == result["anchors"]

    # the verdict follows group.threshold; the score and the anchors do not
    lower = round(result["score"] / 2, 3)
    code, out, err = run(capsys, "--db", db, "--set", f"group.threshold={lower}", "similar", str(original), str(other),
                         "--json")
    assert code == 0, err
    assert json.loads(out) == {**result, "threshold": lower, "same_story": True}


def test_similar_across_languages(capsys, tmp_path):
    db = str(tmp_path / "x.db")
    original, translation = STORY / "original.txt", STORY / "translation_pt.txt"
    code, out, err = run(capsys, "--db", db, "similar", str(original), str(translation), "--json")
    assert code == 0, err
    result = json.loads(out)
    assert result["languages"] == ["en", "pt"] and result["same_story"] is True
    assert result["threshold"] <= result["score"] <= 1.0
    # numbers written differently in the two languages still anchor the pair
    assert {"number:214", "number:1200"} <= set(result["anchors"])


def test_similar_refuses_an_unusable_file(capsys, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    code, out, err = run(capsys, "--db", str(tmp_path / "x.db"), "similar", str(STORY / "original.txt"), str(empty))
    assert code == 1 and out == ""
    assert err.startswith("storytrace: error: ") and str(empty) in err and "no usable document" in err


# -- export -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def traced_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The example story (six versions) traced into a fresh SQLite store."""
    db = str(tmp_path_factory.mktemp("export") / "story.db")
    assert main(["--db", db, "-q", "trace", str(STORY)]) == 0
    return db


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_export_jsonl_holds_the_stored_documents_stories_facts_and_findings(capsys, tmp_path, traced_db):
    out_dir = tmp_path / "jsonl"
    code, _, err = run(capsys, "--db", traced_db, "export", "--format", "jsonl", "-o", str(out_dir))
    assert code == 0, err
    written = {line.split(": ", 1)[0]: Path(line.split(": ", 1)[1]) for line in err.splitlines()}
    assert set(written) == set(TABLES)
    assert all(path.parent == out_dir for path in written.values())
    rows = {name: _jsonl(path) for name, path in written.items()}
    for name, table in rows.items():
        assert table, f"{name} is empty"
        assert all(list(row) == list(TABLES[name]) for row in table), name

    store = open_store(traced_db)
    documents = {d.id: d for d in store.iter_documents()}
    stories = store.stories()
    assert {r["id"] for r in rows["documents"]} == set(documents)
    for row in rows["documents"]:
        doc = documents[row["id"]]
        assert (row["text"], row["language"], row["chars"]) == (doc.text, doc.language, len(doc.text))
    by_source = {Path(r["source"]).name: r for r in rows["documents"] if r["parent"] is None}
    assert {"original.txt", "syndicated.txt", "translation_pt.txt"} <= set(by_source)
    assert "Mabunda" in by_source["original.txt"]["text"] and by_source["translation_pt.txt"]["language"] == "pt"

    assert {(r["story_id"], r["document_id"]) for r in rows["memberships"]} == {
        (s.id, d) for s in stories for d in s.document_ids
    }
    story_ids = {s.id for s in stories}
    # every fact mention points into its document's text, and the drift shows as differing mention values
    for row in rows["facts"]:
        assert row["story_id"] in story_ids and row["document_id"] in documents
        if row["start"] is not None:
            assert row["text"] in documents[row["document_id"]].text
    analyses = {s.id: store.get_analysis(s.id) for s in stories}
    assert {r["fact_id"] for r in rows["facts"]} == {f.id for a in analyses.values() if a for f in a.facts}
    kinds = {f.kind for a in analyses.values() if a for f in a.findings}
    assert {r["kind"] for r in rows["findings"]} == kinds


def test_export_parquet_has_the_same_rows_as_jsonl(capsys, tmp_path, traced_db):
    pq = pytest.importorskip("pyarrow.parquet", reason="pyarrow (parquet extra) is not installed")
    code, _, err = run(capsys, "--db", traced_db, "export", "--format", "jsonl", "-o", str(tmp_path / "j"))
    assert code == 0, err
    code, _, err = run(capsys, "--db", traced_db, "export", "--format", "parquet", "-o", str(tmp_path / "p"))
    assert code == 0, err
    for name in TABLES:
        jsonl_rows = _jsonl(tmp_path / "j" / f"{name}.jsonl")
        table = pq.read_table(tmp_path / "p" / f"{name}.parquet")
        assert table.column_names == list(TABLES[name])
        assert table.to_pylist() == jsonl_rows, name


def test_export_of_an_unknown_format_is_a_usage_error(capsys, tmp_path, traced_db):
    with pytest.raises(SystemExit) as exc:
        main(["--db", traced_db, "export", "--format", "csv", "-o", str(tmp_path)])
    assert exc.value.code == 2
    assert "invalid choice: 'csv'" in capsys.readouterr().err


# -- settings ---------------------------------------------------------------------------


def test_settings_lists_every_setting_with_its_default(capsys):
    code, out, err = run(capsys, "settings")
    assert code == 0, err
    lines = out.splitlines()
    assert [line.split(" = ", 1)[0] for line in lines] == [s.key for s in SETTINGS]
    for line, setting in zip(lines, SETTINGS):
        assert json.loads(line.split(" = ", 1)[1]) == setting.default, setting.key


def test_settings_json_reflects_set_and_environment(capsys, monkeypatch, tmp_path):
    code, out, err = run(capsys, "settings", "--json")
    assert code == 0, err
    defaults = json.loads(out)
    assert defaults == {s.key: s.default for s in SETTINGS}

    code, out, err = run(capsys, "--set", "group.threshold=0.55", "--db", str(tmp_path / "a.db"), "settings", "--json")
    assert code == 0, err
    changed = json.loads(out)
    assert changed["group.threshold"] == 0.55 and changed["store.db"] == str(tmp_path / "a.db")
    assert {k: v for k, v in changed.items() if k not in {"group.threshold", "store.db"}} == {
        k: v for k, v in defaults.items() if k not in {"group.threshold", "store.db"}
    }

    monkeypatch.setenv("STORYTRACE_GROUP__THRESHOLD", "0.6")
    code, out, _ = run(capsys, "settings", "--json")
    assert code == 0 and json.loads(out)["group.threshold"] == 0.6
    code, out, _ = run(capsys, "--set", "group.threshold=0.7", "settings", "--json")
    assert code == 0 and json.loads(out)["group.threshold"] == 0.7  # --set wins over the environment


def test_settings_markdown_is_the_reference_table(capsys):
    code, out, err = run(capsys, "settings", "--markdown")
    assert code == 0, err
    assert out == settings_markdown()
    assert out.startswith("# Settings reference\n")
    rows = [line for line in out.splitlines() if line.startswith("| `")]
    assert [row.split("`")[1] for row in rows] == [s.key for s in SETTINGS]
    for row, setting in zip(rows, SETTINGS):
        assert f"`{json.dumps(setting.default)}`" in row and setting.help in row


def test_settings_json_and_markdown_exclude_each_other(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["settings", "--json", "--markdown"])
    assert exc.value.code == 2
    assert "not allowed with argument" in capsys.readouterr().err


def test_similar_names_why_an_input_gives_no_document(capsys, tmp_path):
    from storytrace.errors import FetchError, InputError
    from storytrace.runners.local import score_files
    from storytrace.settings import Settings

    empty = tmp_path / "empty.txt"
    empty.write_text("")
    original = str(STORY / "original.txt")
    with pytest.raises(InputError, match=r"empty\.txt: no usable document \(empty: ") as exc:
        score_files(original, str(empty), Settings())
    assert type(exc.value) is InputError and exc.value.code == "ST110"
    # a refused address is a fetch error (no request is made: 127.0.0.1 is refused before)
    url = "http://127.0.0.1:9/story"
    with pytest.raises(FetchError, match=r"no usable document \(refused_address: ") as fetch:
        score_files(url, original, Settings())
    assert fetch.value.code == "ST111"
    code, out, err = run(capsys, "--db", str(tmp_path / "x.db"), "similar", original, str(empty))
    assert code == 1 and out == "" and "empty.txt: no usable document (empty:" in err
