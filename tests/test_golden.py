"""Golden reports: the examples and the seed story, traced and rendered as
JSON, Markdown and HTML, must stay byte-identical (apart from the creation
timestamp) across refactors of the pipeline.

The example corpus is ours, so its reports are kept in full under
``tests/golden/``; the seed texts are not ours to ship, so only the SHA-256 of
each seed report is kept (``tests/golden/seeds.sha256``) and a mismatch writes
the new report next to the test's temporary files for a diff.

To accept an intended change of output, regenerate with::

    STORYTRACE_REGEN_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden.py
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

import pytest

from storytrace.report.render_html import render_html
from storytrace.report.render_json import render_json
from storytrace.report.render_markdown import render_markdown
from storytrace.runners.local import report_for, trace
from storytrace.settings import Settings
from storytrace.store import open_store

GOLDEN = Path(__file__).parent / "golden"
EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
REGEN = os.environ.get("STORYTRACE_REGEN_GOLDEN") == "1"
RENDERERS = {"json": render_json, "md": render_markdown, "html": render_html}
# the one line that changes on every run: when the report was made
_CREATED = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00")


def _reports(folder: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    # traced by a path relative to its parent, so that sources read the same in any checkout
    monkeypatch.chdir(folder.parent)
    settings = Settings()
    store = open_store(":memory:")
    result = trace([folder.name], store, settings)
    report = report_for(store, settings=settings, document_ids=result.ingest.document_ids,
                        rejected=result.ingest.rejected)
    report["created"] = "2000-01-01T00:00:00+00:00"
    return {ext: _CREATED.sub("<created>", render(report)) for ext, render in RENDERERS.items()}


def test_examples_reports_unchanged(monkeypatch: pytest.MonkeyPatch) -> None:
    rendered = _reports(EXAMPLES, monkeypatch)
    for ext, text in rendered.items():
        path = GOLDEN / f"examples.{ext}"
        if REGEN:
            path.write_text(text, encoding="utf-8")
            continue
        expected = path.read_text(encoding="utf-8")
        assert text == expected, f"the {ext} report of examples/ changed; diff it against {path}"


@pytest.mark.shared
def test_seed_reports_unchanged(seeds_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rendered = _reports(seeds_dir, monkeypatch)
    digests = {ext: hashlib.sha256(text.encode("utf-8")).hexdigest() for ext, text in rendered.items()}
    listing = GOLDEN / "seeds.sha256"
    if REGEN:
        listing.write_text("".join(f"{digests[e]}  seeds.{e}\n" for e in sorted(digests)), encoding="utf-8")
        return
    expected = {line.split()[1].split(".", 1)[1]: line.split()[0]
                for line in listing.read_text(encoding="utf-8").splitlines() if line.strip()}
    changed = []
    for ext, digest in digests.items():
        if digest != expected.get(ext):
            (tmp_path / f"seeds.{ext}").write_text(rendered[ext], encoding="utf-8")
            changed.append(ext)
    assert not changed, f"seed reports changed ({', '.join(changed)}); the new ones are in {tmp_path}"
