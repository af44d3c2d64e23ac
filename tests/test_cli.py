import html
import json
from pathlib import Path

import pytest

from storytrace.cli import main


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_help_and_usage_errors(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["--help"])
    assert exc.value.code == 0
    with pytest.raises(SystemExit) as exc:
        main(["no-such-command"])
    assert exc.value.code == 2


def test_errors_exit_1_with_a_hint(capsys, tmp_path):
    db = str(tmp_path / "x.db")
    code, _, err = run(capsys, "--db", db, "show", "s-missing")
    assert code == 1 and "no store at" in err and not (tmp_path / "x.db").exists()
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("Too short.", encoding="utf-8")
    assert run(capsys, "--db", db, "-q", "ingest", str(tmp_path / "in"))[0] == 1  # every input rejected
    code, _, err = run(capsys, "--db", db, "show", "s-missing")
    assert code == 1 and "storytrace stories" in err


def test_bad_settings_and_report_names_are_usage_errors(capsys, tmp_path):
    db = str(tmp_path / "x.db")
    code, _, err = run(capsys, "--db", db, "--set", "group.bogus=1", "settings")
    assert code == 2 and "unknown setting" in err
    with pytest.raises(SystemExit) as exc:  # refused before anything is read or stored
        main(["--db", db, "trace", str(tmp_path), "-o", str(tmp_path / "r.pdf")])
    assert exc.value.code == 2 and ".json, .md or .html" in capsys.readouterr().err
    assert not (tmp_path / "x.db").exists()


def test_trace_stories_show_report(capsys, tmp_path, examples_dir):
    db = str(tmp_path / "demo.db")
    out_json = tmp_path / "r.json"
    code, _, err = run(capsys, "--db", db, "-q", "trace", str(examples_dir), "-o", str(out_json))
    assert code == 0, err
    report = json.loads(out_json.read_text())
    assert report["schema"] == "storytrace.report/v1"
    code, out, _ = run(capsys, "--db", db, "stories", "--json")
    stories = json.loads(out)
    assert code == 0 and stories
    biggest = stories[0]["id"]
    # the biggest story is the main example story: exactly its six files
    expected = json.loads((examples_dir / "expected.json").read_text(encoding="utf-8"))["stories"][0]["files"]
    sources = {d["id"]: d["source"] for d in report["documents"]}
    story = next(s for s in report["stories"] if s["id"] == biggest)
    assert sorted(Path(sources[i]).relative_to(examples_dir).as_posix() for i in story["documents"]) == sorted(expected)
    assert stories[0]["documents"] == len(expected)
    code, out, _ = run(capsys, "--db", db, "show", biggest, "--json")
    assert code == 0 and json.loads(out)["id"] == biggest
    for suffix in (".md", ".html", ".json"):
        target = tmp_path / f"one{suffix}"
        code, _, err = run(capsys, "--db", db, "-q", "report", biggest, "-o", str(target))
        assert code == 0, err
        text = target.read_text(encoding="utf-8")
        if suffix == ".json":
            assert [s["id"] for s in json.loads(text)["stories"]] == [biggest]
        else:
            shown = html.unescape(text) if suffix == ".html" else text
            assert story["title"] in shown and "What happened" in shown
    # a second trace says the content is already there
    code, _, err = run(capsys, "--db", db, "trace", str(examples_dir))
    assert code == 0 and "added 0 document(s)" in err


def test_rejections_are_summarised(capsys, tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "empty.txt").write_text("")
    (inputs / "blob.txt").write_bytes(b"\x00\x01\x02binary\x00" * 50)
    (inputs / "ok.txt").write_text("Storm closes port\n\nOfficials said on Monday that the port would stay closed for a week after the storm damaged 40 cranes.")
    db = str(tmp_path / "r.db")
    code, _, err = run(capsys, "--db", db, "ingest", str(inputs))
    assert code == 0
    assert "rejected 2 input(s)" in err and "empty" in err and "binary" in err
    code, out, _ = run(capsys, "--db", db, "rejected", "--json")
    assert {r["reason"] for r in json.loads(out)} == {"empty", "binary"}
