"""Spark runner at scale: stage times, and its stories checked against ``group_stories``.

Builds the synthetic corpus of ``bench/scale.py`` (real texts from
../shared/data plus derived versions), writes it as one text file per
document, runs :func:`storytrace.runners.spark.run_spark` in a ``local[N]``
session up to ``--stop-after`` (default ``stories``), prints the seconds of
each stage and the run's counts, then groups the same cleaned documents with
:func:`storytrace.group.group_stories` in this process and prints whether the
stories are equal (ids, members, titles and links).

Usage:
    timeout 1200 .venv/bin/python bench/spark_scale.py --size 1000 [--cores 2] [--stop-after stories]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1000)
    parser.add_argument("--cores", type=int, default=2)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--stop-after", default="stories")
    args = parser.parse_args()

    from scale import build_corpus
    from storytrace.group import group_stories
    from storytrace.runners.spark import STAGES, run_spark
    from storytrace.serialize import document_from_dict, story_from_dict
    from storytrace.settings import Settings

    work = Path(tempfile.mkdtemp(prefix="st-spark-bench-"))
    try:
        ids, texts, _ = build_corpus(args.size, args.data)
        corpus = work / "corpus"
        corpus.mkdir()
        for doc_id, text in zip(ids, texts):
            (corpus / f"{doc_id}.txt").write_text(text, encoding="utf-8")

        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        from pyspark.sql import SparkSession

        spark = (
            SparkSession.builder.master(f"local[{args.cores}]")
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
            .config("spark.sql.shuffle.partitions", str(2 * args.cores))
            .getOrCreate()
        )
        spark.sparkContext.setLogLevel("ERROR")
        out = work / "run"
        started = time.perf_counter()
        summary = run_spark([str(corpus)], str(out), Settings(), spark=spark, stop_after=args.stop_after)
        print(f"size {args.size}, local[{args.cores}], wall {time.perf_counter() - started:.1f} s")
        for stage in STAGES:
            marker = out / stage / "_DONE.json"
            if marker.exists():
                print(f"  {stage:<13} {json.loads(marker.read_text())['seconds']:8.1f} s")
        print("counts", json.dumps(summary["counts"]))

        if summary["stages"]["stories"] != "not run":
            docs = [document_from_dict(json.loads(r["json"])) for r in spark.read.parquet(str(out / "documents" / "records")).collect()]
            t0 = time.perf_counter()
            expected = group_stories(docs, Settings())
            local = time.perf_counter() - t0
            got = sorted(
                (story_from_dict(json.loads(r["json"])) for r in spark.read.parquet(str(out / "stories" / "records")).collect()),
                key=lambda s: s.id,
            )
            same_members = [s.document_ids for s in got] == [s.document_ids for s in expected]
            same_titles = [(s.id, s.title) for s in got] == [(s.id, s.title) for s in expected]
            strengths = [sorted(link.score for link in s.links) for s in got] == [
                sorted(link.score for link in s.links) for s in expected
            ]
            # links can differ between equally strong edges: group.py's score varies in the
            # last bit with PYTHONHASHSEED, and the Spark workers run with another seed
            print(f"group_stories in one process: {local:.1f} s; stories {len(got)} vs {len(expected)};"
                  f" memberships equal: {same_members}; ids and titles equal: {same_titles};"
                  f" link scores equal: {strengths}; identical incl. link endpoints: {got == expected}")
        spark.stop()
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
