"""docs/architecture.md against the code: its stage tables are the declared stage lists.

The tables sit between two HTML comments in the document and are generated
from the stage lists (:data:`STAGE_LISTS`), so they cannot drift from what the
runners drive.  To regenerate them after changing a stage::

    python tests/test_architecture_doc.py --write     # `make docs` runs this

Without ``--write`` the script prints the tables it would write.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "architecture.md"
BEGIN = "<!-- stage tables: generated from the declared stage lists by `make docs`; do not edit by hand -->"
END = "<!-- end of the stage tables -->"

# (module, attribute, heading): the declared stage lists, in pipeline order
STAGE_LISTS = (
    ("storytrace.pipeline", "CORPUS_STAGES", "Corpus stages"),
    ("storytrace.analyze", "ANALYSIS_STAGES", "Per-story analysis stages (the `analyse` stage)"),
)


def declared_stage_lists() -> list[tuple[str, str, str, tuple]]:
    """The stage lists the code declares today, as (module, attribute, heading, stages)."""
    from storytrace.pipeline import Stage

    found = []
    for module_name, attribute, heading in STAGE_LISTS:
        stages = getattr(importlib.import_module(module_name), attribute, None)
        if stages is None:
            continue
        assert stages and all(isinstance(s, Stage) for s in stages), f"{module_name}.{attribute} is not a list of Stage"
        found.append((module_name, attribute, heading, tuple(stages)))
    return found


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ").strip()


def stage_tables(lists: list[tuple[str, str, str, tuple]]) -> str:
    """The Markdown tables of the stage lists: one row per stage, in order."""
    parts = []
    for module_name, attribute, heading, stages in lists:
        rows = [
            f"### {heading}",
            "",
            f"`{module_name}.{attribute}`, in order:",
            "",
            "| stage | reads | writes | what it does |",
            "|---|---|---|---|",
        ]
        for stage in stages:
            reads = ", ".join(f"`{name}`" for name in stage.inputs)
            writes = ", ".join(f"`{name}`" for name in stage.outputs)
            rows.append(f"| `{stage.name}` | {reads} | {writes} | {_cell(stage.summary)} |")
        parts.append("\n".join(rows))
    return "\n\n".join(parts)


def current_tables(text: str) -> str:
    """The text between the two markers of docs/architecture.md."""
    assert BEGIN in text and END in text, f"{DOC.name} has lost its stage-table markers"
    return text.split(BEGIN, 1)[1].split(END, 1)[0].strip()


def test_stage_tables_match_the_declared_stages() -> None:
    lists = declared_stage_lists()
    if not lists:
        pytest.skip("no stage list is declared yet")
    expected = stage_tables(lists)
    assert current_tables(DOC.read_text(encoding="utf-8")) == expected, (
        "docs/architecture.md's stage tables are stale: run `python tests/test_architecture_doc.py --write`"
        f" (or `make docs`); they should read:\n{expected}"
    )


def test_every_stage_name_is_unique_within_its_list() -> None:
    for module_name, attribute, _, stages in declared_stage_lists():
        names = [stage.name for stage in stages]
        assert len(names) == len(set(names)), f"{module_name}.{attribute} names a stage twice: {names}"


def test_stage_table_rendering() -> None:
    from storytrace.pipeline import Stage

    table = stage_tables([("m", "S", "Some stages", (Stage("a", ("x", "y"), ("z",), print, "does a | b"),))])
    assert table.splitlines() == [
        "### Some stages",
        "",
        "`m.S`, in order:",
        "",
        "| stage | reads | writes | what it does |",
        "|---|---|---|---|",
        "| `a` | `x`, `y` | `z` | does a \\| b |",
    ]


def main(argv: list[str]) -> int:
    tables = stage_tables(declared_stage_lists())
    if "--write" not in argv:
        print(tables)
        return 0
    text = DOC.read_text(encoding="utf-8")
    current_tables(text)  # the markers are there
    head, rest = text.split(BEGIN, 1)
    tail = rest.split(END, 1)[1]
    DOC.write_text(f"{head}{BEGIN}\n\n{tables}\n\n{END}{tail}", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
