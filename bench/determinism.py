"""Do two identical ``storytrace trace`` runs give the same report?  Different PYTHONHASHSEED and worker counts.

Usage (from the repo root):
    .venv/bin/python bench/determinism.py [--pairs 700] [--data ../shared/data/semeval2022-task8/training_set.csv] [--src DIR]

Writes both texts of the first ``--pairs`` SemEval pairs plus ``examples/``
to a temporary folder, traces it in two fresh processes (PYTHONHASHSEED=1
with one worker, PYTHONHASHSEED=2 with two) into stores of their own, and
prints how many stories, link scores and analyses differ between the two
JSON reports and whether the files are the same bytes apart from ``created``.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run(folder: Path, work: Path, seed: int, workers: int, src: Path) -> tuple[bytes, float]:
    out = work / f"report-{seed}.json"
    env = {**os.environ, "PYTHONHASHSEED": str(seed),
           "PYTHONPATH": os.pathsep.join([str(src), os.environ.get("PYTHONPATH", "")])}
    began = time.perf_counter()
    subprocess.run([sys.executable, "-m", "storytrace.cli", "trace", str(folder), "--db", str(work / f"s{seed}.db"),
                    "-q", "-o", str(out), "--set", f"run.workers={workers}"], check=True, env=env, cwd=ROOT)
    return out.read_bytes(), time.perf_counter() - began


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=700)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared/data/semeval2022-task8/training_set.csv")
    parser.add_argument("--src", type=Path, default=ROOT / "src", help="the storytrace source to run (an older checkout to compare)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        folder = work / "corpus"
        folder.mkdir()
        csv.field_size_limit(1 << 26)
        with args.data.open(encoding="utf-8", newline="") as fh:
            for n, row in enumerate(csv.DictReader(fh)):
                if n == args.pairs:
                    break
                for column in ("text1", "text2"):
                    (folder / f"{row['pair_id']}_{column}.txt").write_text(row[column], encoding="utf-8")
        shutil.copytree(ROOT / "examples", folder / "examples")
        (a, seconds_a), (b, seconds_b) = run(folder, work, 1, 1, args.src), run(folder, work, 2, 2, args.src)
    ra, rb = json.loads(a), json.loads(b)
    stories_a, stories_b = ({s["id"]: s for s in r["stories"]} for r in (ra, rb))
    differ = sorted(i for i in stories_a.keys() | stories_b.keys() if stories_a.get(i) != stories_b.get(i))
    links = sum(
        1 for i in stories_a.keys() & stories_b.keys()
        for la, lb in zip(stories_a[i].get("links", []), stories_b[i].get("links", []))
        if la.get("score") != lb.get("score")
    )
    created = re.compile(rb'"created": "[^"]*"')
    same = created.sub(b"", a) == created.sub(b"", b)
    print(f"documents: {len(ra['documents'])}  stories: {len(stories_a)} / {len(stories_b)}")
    print(f"seconds: {seconds_a:.1f} (seed 1, 1 worker)  {seconds_b:.1f} (seed 2, 2 workers)")
    print(f"stories that differ: {len(differ)}  link scores that differ: {links}")
    print(f"same bytes apart from 'created': {same}")


if __name__ == "__main__":
    main()
