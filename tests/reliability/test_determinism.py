"""Reproducible output: the JSON report of ``storytrace trace`` does not depend on PYTHONHASHSEED nor on workers.

Each run is a process of its own (the hash seed is fixed at interpreter
start); the reports must be the same bytes except for their ``created`` time.
"""

from __future__ import annotations

import csv
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from test_concurrency import TIMEOUT

from conftest import ROOT

pytestmark = pytest.mark.slow

_CREATED = re.compile(rb'"created": "[^"]*"')


def report(inputs: list[Path], tmp_path: Path, seed: int, workers: int) -> bytes:
    out = tmp_path / f"report-{seed}-{workers}.json"
    env = {
        **os.environ,
        "PYTHONHASHSEED": str(seed),
        "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")]),
    }
    done = subprocess.run(
        [sys.executable, "-m", "storytrace.cli", "trace", *map(str, inputs), "--db", str(tmp_path / f"s{seed}-{workers}.db"),
         "-q", "-o", str(out), "--set", f"run.workers={workers}"],
        capture_output=True, text=True, env=env, cwd=ROOT, timeout=TIMEOUT,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return _CREATED.sub(b'"created": ""', out.read_bytes())


def assert_same_bytes(inputs: list[Path], tmp_path: Path) -> None:
    first = report(inputs, tmp_path, seed=1, workers=1)
    assert b'"stories"' in first
    assert report(inputs, tmp_path, seed=2, workers=2) == first


def test_examples_give_the_same_bytes(tmp_path, examples_dir):
    assert_same_bytes([examples_dir], tmp_path)


def test_semeval_texts_give_the_same_bytes(tmp_path, examples_dir, shared_dir):
    """Three hundred real texts in many languages, where ties and float sums showed the hash seed."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    csv.field_size_limit(1 << 26)
    with (shared_dir / "data/semeval2022-task8/training_set.csv").open(encoding="utf-8", newline="") as fh:
        for n, row in enumerate(csv.DictReader(fh)):
            if n == 150:
                break
            for column in ("text1", "text2"):
                (corpus / f"{row['pair_id']}_{column}.txt").write_text(row[column], encoding="utf-8")
    shutil.copytree(examples_dir, corpus / "examples")
    assert_same_bytes([corpus], tmp_path)
