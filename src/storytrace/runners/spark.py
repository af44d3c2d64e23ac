"""The Spark runner: the same declared stages as the local runner, over partitions.

For corpora of millions of articles (passim-style): every stage is a pure
function from :mod:`storytrace` applied inside Spark tasks, and every stage
checkpoints its result to Parquet under ``out_dir/<stage>/`` with a
``_DONE.json`` marker, so a rerun skips finished stages and resumes.

Stages and what they write (``docs/spark.md`` has the details):

``documents``     tasks read the input paths (directories are expanded on
                  the driver into one task input per file) and clean them:
                  the ``read`` and ``clean`` stages of
                  :mod:`storytrace.pipeline`; duplicates (same content id)
                  keep the first input's copy.
``fingerprints``  :func:`storytrace.fingerprint.fingerprint` and its
                  :func:`storytrace.index.blocking_keys`.
``candidates``    blocking keys exploded and joined on the key, keys held by
                  more than the index's ``max_df`` documents skipped, and each
                  document's best ``group.max_candidates`` neighbours kept, as
                  :class:`storytrace.index.InvertedIndex` ranks them: never
                  all pairs.
``links``         the pair score of :mod:`storytrace.group` for each candidate
                  pair inside ``group.time_window_days``.
``stories``       connected components of the links at or above
                  ``group.threshold``, strongest first, on the driver
                  (union-find over the *edges only*: a dict of the linked
                  document ids; singletons never reach the driver), then
                  each story built in the executors.
``analyses``      the per-story stages (``analyse``, then ``cite_online``:
                  :data:`storytrace.pipeline.STORY_STAGES`) once per story,
                  in the executors.

:data:`DECLARED_STAGES` maps each of these to the declared stages it runs;
``fingerprints`` to ``stories`` are the ``group`` stage as distributed steps.

Result tables (the columns of ``storytrace export --format parquet``, built
by :func:`storytrace.export.iter_tables` itself over a one-story view) go to
``out_dir/tables/<name>/``: ``documents``, ``rejections``, ``memberships``,
``facts``, ``findings``.

Records cross the JVM boundary as JSON strings (:mod:`storytrace.serialize`),
so nothing but strings and numbers is pickled between stages.  The run's
settings digest is kept in ``out_dir/run.json``; a rerun with other settings
or other inputs refuses to mix results.

What of :mod:`storytrace.group` is restated here: retrieval, scoring and
joining are separate distributed steps, so the pair scorer, shared-anchor
evidence, date window, the union step (:func:`storytrace.group.join_edges`)
and story titles are called from :mod:`storytrace.group`; only the candidate
ranking of ``InvertedIndex.candidates`` (about ten lines) is restated over
Spark rows, and ``tests/test_spark.py`` checks the stories equal
``group_stories``.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import time
from collections.abc import Iterable
from pathlib import Path

from ..errors import MissingExtra, SettingsError
from ..pipeline import CLEAN, GROUP, READ, STORY_STAGES, Stage
from ..settings import Settings
from .spark_tasks import (  # the executor side; the names stay importable from here
    _analysis_task,
    _candidate_task,
    _fingerprint_task,
    _ingest_task,
    _link_task,
    _result_rows,
    _story_task,
    fingerprint_from_json,
    fingerprint_to_json,
)

__all__ = ["DECLARED_STAGES", "STAGES", "TABLE_OWNERS", "fingerprint_from_json", "fingerprint_to_json", "run_spark"]

STAGES: tuple[str, ...] = ("documents", "fingerprints", "candidates", "links", "stories", "analyses")
#: checkpointed Spark stage -> the declared pipeline stages (:mod:`storytrace.pipeline`) it runs.
#: ``group`` is split into four distributed steps; ``report`` is not run here
#: (the result tables are written instead).
DECLARED_STAGES: dict[str, tuple[Stage, ...]] = {
    "documents": (READ, CLEAN),
    "fingerprints": (GROUP,),
    "candidates": (GROUP,),
    "links": (GROUP,),
    "stories": (GROUP,),
    "analyses": STORY_STAGES,
}
# result table -> the stage that writes it
TABLE_OWNERS: dict[str, str] = {
    "documents": "documents",
    "rejections": "documents",
    "memberships": "stories",
    "facts": "analyses",
    "findings": "analyses",
}
_REJECTION_COLUMNS = {"id": "str", "source": "str", "stage": "str", "reason": "str", "detail": "str"}
_MARKER = "_DONE.json"



# ------------------------------------------------------------------ the driver


def _spark_schema(columns: dict[str, str]):
    from pyspark.sql import types as T

    kinds = {
        "str": T.StringType(),
        "int": T.LongType(),
        "float": T.DoubleType(),
        "list": T.ArrayType(T.StringType()),
    }
    return T.StructType([T.StructField(name, kinds[kind], True) for name, kind in columns.items()])


def _expand_inputs(inputs: Iterable[str]) -> list[str]:
    """Directories become their files (in the order ``iter_documents`` reads them), one task input each."""
    from ..ingest import iter_input_files  # the reader's own walk: hidden files and .storytraceignore honoured

    out: list[str] = []
    for item in inputs:
        text = os.fspath(item)
        path = Path(text)
        if text != "-" and "://" not in text and path.is_dir():
            out.extend(str(p) for p in iter_input_files(path))
        else:
            out.append(text)
    return out


class _Run:
    def __init__(self, spark, out: Path, settings: Settings):
        self.spark = spark
        self.out = out
        self.settings = settings
        self.report: dict[str, dict] = {}

    def path(self, stage: str, table: str) -> str:
        return str(self.out / stage / table)

    def result_path(self, table: str) -> str:
        return str(self.out / "tables" / table)

    def done(self, stage: str) -> bool:
        return (self.out / stage / _MARKER).is_file()

    def mark(self, stage: str, counts: dict[str, int], seconds: float) -> None:
        info = {"stage": stage, "settings_digest": self.settings.digest(), "counts": counts, "seconds": round(seconds, 3)}
        (self.out / stage).mkdir(parents=True, exist_ok=True)
        tmp = self.out / stage / (_MARKER + ".part")
        tmp.write_text(json.dumps(info, indent=1), encoding="utf-8")
        tmp.replace(self.out / stage / _MARKER)

    def read(self, stage: str, table: str):
        return self.spark.read.parquet(self.path(stage, table))

    def write(self, df, stage: str, table: str) -> int:
        df.write.mode("overwrite").parquet(self.path(stage, table))
        return self.read(stage, table).count()

    def write_result(self, rows_rdd, table: str) -> int:
        from ..export import TABLES

        columns = _REJECTION_COLUMNS if table == "rejections" else TABLES[table]
        df = self.spark.createDataFrame(rows_rdd, _spark_schema(columns))
        df.write.mode("overwrite").parquet(self.result_path(table))
        return self.spark.read.parquet(self.result_path(table)).count()


def _check_run(out: Path, settings: Settings, inputs: list[str], force: bool) -> None:
    """Record the run's settings and inputs, or refuse to mix with an earlier run's."""
    from .. import __version__

    meta = out / "run.json"
    wanted = {"settings_digest": settings.digest(), "inputs": inputs}
    if meta.is_file() and not force:
        old = json.loads(meta.read_text(encoding="utf-8"))
        for key, label in (("settings_digest", "settings"), ("inputs", "inputs")):
            if old.get(key) != wanted[key]:
                raise SettingsError(
                    f"{out} holds a Spark run made with other {label} "
                    f"(digest {old.get('settings_digest')} vs {settings.digest()}); results must not mix: "
                    "use a new --out directory, or --force to discard the old results"
                )
        return
    if force and out.exists():
        for name in (*STAGES, "tables", "run.json"):
            target = out / name
            if target.is_dir():
                shutil.rmtree(target)
            elif target.exists():
                target.unlink()
    out.mkdir(parents=True, exist_ok=True)
    record = {**wanted, "version": __version__, "settings": settings.as_dict(), "stages": list(STAGES)}
    meta.write_text(json.dumps(record, indent=1, default=str, sort_keys=True), encoding="utf-8")


def _stage_documents(run: _Run, inputs: list[str]) -> dict[str, int]:
    from pyspark.sql import Window
    from pyspark.sql import functions as F
    from pyspark.sql import types as T

    spark, settings = run.spark, run.settings
    paths = _expand_inputs(inputs)
    slices = max(1, min(len(paths), spark.sparkContext.defaultParallelism * 4))
    schema = T.StructType([
        T.StructField("kind", T.StringType()), T.StructField("id", T.StringType()),
        T.StructField("order", T.LongType()), T.StructField("seq", T.LongType()), T.StructField("json", T.StringType()),
    ])
    items = spark.sparkContext.parallelize(list(enumerate(paths)), slices)
    raw = spark.createDataFrame(items.mapPartitions(lambda it: _ingest_task(it, settings)), schema)
    raw.write.mode("overwrite").parquet(run.path("documents", "raw"))
    raw = run.read("documents", "raw")
    # the same content from two inputs is one document: the first input's copy wins, as in the local runner
    first = Window.partitionBy("id").orderBy("order", "seq")
    docs = (raw.where(F.col("kind") == "doc").withColumn("n", F.row_number().over(first))
            .where(F.col("n") == 1).select("id", "order", "seq", "json"))
    n_docs = run.write(docs, "documents", "records")
    rejected = raw.where(F.col("kind") == "rej").select("json")
    n_rej = run.write_result(
        rejected.rdd.map(lambda r: tuple(json.loads(r["json"])[c] for c in _REJECTION_COLUMNS)), "rejections"
    )
    run.write_result(run.read("documents", "records").rdd.mapPartitions(lambda it: _result_rows(it, "documents")), "documents")
    return {"documents": n_docs, "rejections": n_rej, "inputs": len(paths)}


def _stage_fingerprints(run: _Run) -> dict[str, int]:
    from pyspark.sql import types as T

    schema = T.StructType([
        T.StructField("id", T.StringType()), T.StructField("json", T.StringType()),
        T.StructField("keys", T.ArrayType(T.StringType())),
    ])
    rows = run.read("documents", "records").rdd.mapPartitions(_fingerprint_task)
    return {"fingerprints": run.write(run.spark.createDataFrame(rows, schema), "fingerprints", "records")}


def _stage_candidates(run: _Run) -> dict[str, int]:
    from pyspark.sql import functions as F
    from pyspark.sql import types as T

    from ..index import InvertedIndex

    defaults = InvertedIndex()  # the grouping index's own df cap and score floor
    max_df, min_score = defaults.max_df, defaults.min_score
    limit = int(run.settings.group.max_candidates)
    keys = run.read("fingerprints", "records").select("id", F.posexplode("keys").alias("pos", "key"))
    df = keys.groupBy("key").agg(F.count("*").alias("df")).where((F.col("df") >= 2) & (F.col("df") <= max_df))
    kept = keys.join(df, "key")
    others = kept.select(F.col("key"), F.col("id").alias("other"))
    hits = (kept.join(others, "key").where(F.col("id") != F.col("other"))
            .groupBy("id").agg(F.collect_list(F.struct("pos", "other", "df")).alias("hits")))
    pairs = hits.rdd.mapPartitions(lambda it: _candidate_task(it, limit, min_score))
    schema = T.StructType([T.StructField("a", T.StringType()), T.StructField("b", T.StringType())])
    out = run.spark.createDataFrame(pairs, schema).distinct()
    return {"candidate_pairs": run.write(out, "candidates", "pairs")}


def _stage_links(run: _Run) -> dict[str, int]:
    from pyspark.sql import functions as F
    from pyspark.sql import types as T

    settings = run.settings
    fps = run.read("fingerprints", "records")
    pairs = (run.read("candidates", "pairs")
             .join(fps.select(F.col("id").alias("a"), F.col("json").alias("fa")), "a")
             .join(fps.select(F.col("id").alias("b"), F.col("json").alias("fb")), "b"))
    schema = T.StructType([
        T.StructField("a", T.StringType()), T.StructField("b", T.StringType()),
        T.StructField("score", T.DoubleType()), T.StructField("anchors", T.ArrayType(T.StringType())),
    ])
    rows = pairs.rdd.mapPartitions(lambda it: _link_task(it, settings))
    n = run.write(run.spark.createDataFrame(rows, schema), "links", "edges")
    above = run.read("links", "edges").where(F.col("score") >= float(settings.group.threshold)).count()
    return {"scored_pairs": n, "links_at_threshold": above}


def _stage_stories(run: _Run) -> dict[str, int]:
    from pyspark.sql import functions as F
    from pyspark.sql import types as T

    from .. import group

    spark = run.spark
    threshold = float(run.settings.group.threshold)
    edges = (run.read("links", "edges").where(F.col("score") >= threshold)
             .orderBy(F.desc("score"), "a", "b").select("a", "b", "score", "anchors"))
    # group.join_edges on the driver over the edges only, strongest first, as group_stories joins them:
    # memory is one dict entry per *linked* document; singletons stay in the executors.
    joined = group.join_edges(
        (row["a"], row["b"], row["score"], list(row["anchors"] or ())) for row in edges.toLocalIterator()
    )
    union, merged = joined.union, joined.edges
    roots = [(doc, union.find(doc)) for doc in union.parent] + [
        (r, r) for r in {union.find(d) for d in union.parent} if r not in union.parent
    ]
    root_schema = T.StructType([T.StructField("id", T.StringType()), T.StructField("root", T.StringType())])
    link_schema = T.StructType([
        T.StructField("rank", T.LongType()), T.StructField("root", T.StringType()),
        T.StructField("a", T.StringType()), T.StructField("b", T.StringType()),
        T.StructField("score", T.DoubleType()), T.StructField("anchors", T.ArrayType(T.StringType())),
    ])
    root_df = spark.createDataFrame(roots, root_schema)
    link_df = spark.createDataFrame(
        [(i, union.find(a), a, b, s, an) for i, (a, b, s, an) in enumerate(merged)], link_schema
    )
    titles = run.read("fingerprints", "records").rdd.map(
        lambda r: (r["id"], json.loads(r["json"]).get("title"))
    ).toDF(T.StructType([T.StructField("id", T.StringType()), T.StructField("title", T.StringType())]))
    members = (titles.join(root_df, "id", "left").withColumn("root", F.coalesce("root", "id"))
               .groupBy("root").agg(F.collect_list(F.struct("id", "title")).alias("members")))
    links = link_df.groupBy("root").agg(F.collect_list(F.struct("rank", "a", "b", "score", "anchors")).alias("links"))
    grouped = members.join(links, "root", "left")
    schema = T.StructType([
        T.StructField("id", T.StringType()), T.StructField("json", T.StringType()),
        T.StructField("document_ids", T.ArrayType(T.StringType())),
    ])
    n = run.write(spark.createDataFrame(grouped.rdd.mapPartitions(_story_task), schema), "stories", "records")
    run.write_result(run.read("stories", "records").rdd.mapPartitions(lambda it: _result_rows(it, "memberships")), "memberships")
    return {"stories": n, "links": len(merged)}


def _stage_analyses(run: _Run) -> dict[str, int]:
    from pyspark.sql import functions as F
    from pyspark.sql import types as T

    settings = run.settings
    stories = run.read("stories", "records")
    docs = run.read("documents", "records").select(F.col("id").alias("document_id"), F.col("json").alias("doc"))
    members = (stories.select(F.col("id").alias("story_id"), F.explode("document_ids").alias("document_id"))
               .join(docs, "document_id").groupBy("story_id").agg(F.collect_list("doc").alias("docs")))
    work = stories.select(F.col("id").alias("story_id"), F.col("json").alias("story")).join(members, "story_id")
    schema = T.StructType([T.StructField("id", T.StringType()), T.StructField("json", T.StringType())])
    rows = work.rdd.mapPartitions(lambda it: _analysis_task(it, settings))
    n = run.write(run.spark.createDataFrame(rows, schema), "analyses", "records")
    analyses = run.read("analyses", "records")
    counts = {"analyses": n}
    for table in ("facts", "findings"):
        counts[table] = run.write_result(analyses.rdd.mapPartitions(lambda it, t=table: _result_rows(it, t)), table)
    return counts


def _run_checkpointed(run: _Run, inputs: list[str], stop_after: str | None) -> tuple[dict[str, str], dict[str, int]]:
    """Run or resume each stage in order (a finished stage is skipped until one reruns); its status and counts."""
    steps = {
        "documents": lambda: _stage_documents(run, inputs),
        "fingerprints": lambda: _stage_fingerprints(run),
        "candidates": lambda: _stage_candidates(run),
        "links": lambda: _stage_links(run),
        "stories": lambda: _stage_stories(run),
        "analyses": lambda: _stage_analyses(run),
    }
    status: dict[str, str] = {s: "not run" for s in STAGES}
    counts: dict[str, int] = {}
    redo = False  # once a stage reruns, every later stage must too
    for stage in STAGES:
        if run.done(stage) and not redo:
            status[stage] = "resumed"
            counts.update(json.loads((run.out / stage / _MARKER).read_text(encoding="utf-8"))["counts"])
        else:
            redo = True
            t0 = time.perf_counter()
            result = steps[stage]()
            run.mark(stage, result, time.perf_counter() - t0)
            counts.update(result)
            status[stage] = "ran"
        if stage == stop_after:
            break
    return status, counts


def _session():
    from pyspark.sql import SparkSession

    # executors must run this interpreter, where storytrace is installed
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    return SparkSession.builder.appName("storytrace").getOrCreate()


def run_spark(
    inputs: list[str],
    out_dir: str,
    settings: Settings | None = None,
    *,
    spark=None,
    stop_after: str | None = None,
    force: bool = False,
) -> dict:
    """Run the pipeline on Apache Spark, checkpointing every stage to Parquet under ``out_dir``.

    Args:
        inputs: paths (files or directories, readable by every executor:
            a shared file system), ``http(s)://`` URLs.  Directories are
            expanded on the driver, one task input per file.
        out_dir: where stage checkpoints (``<stage>/``), result tables
            (``tables/<name>/``) and ``run.json`` go.
        settings: run settings (defaults when None); ``group.backend`` must
            be ``lexical``.
        spark: a SparkSession; when None one is made (``getOrCreate``, so
            ``spark-submit`` settings apply) and left running.
        stop_after: stop after this stage (one of :data:`STAGES`).
        force: discard an earlier run in ``out_dir`` made with other
            settings or inputs instead of refusing.

    Returns:
        ``{"out_dir", "settings_digest", "stages": {stage: "ran"|"resumed"|"not run"},
        "counts": {...}, "tables": {name: path}, "seconds"}``.

    Raises:
        MissingExtra: pyspark is not installed.
        SettingsError: unknown ``stop_after``, a non-lexical backend, or
            ``out_dir`` holding a run with other settings or inputs.

    Example:
        >>> summary = run_spark(["examples/"], "/tmp/st-spark")  # doctest: +SKIP
        >>> summary["stages"]["analyses"]  # doctest: +SKIP
        'ran'
    """
    try:
        import pyspark  # noqa: F401
    except ImportError:
        raise MissingExtra("pyspark", "spark", "The Spark runner") from None
    settings = settings or Settings()
    if stop_after is not None and stop_after not in STAGES:
        raise SettingsError(f"unknown stage {stop_after!r} for --stop-after; use one of {', '.join(STAGES)}")
    if settings.group.backend != "lexical":
        raise SettingsError("the Spark runner supports group.backend=lexical only (neural scoring is not distributed yet)")
    started = time.perf_counter()
    out = Path(out_dir)
    inputs = [os.fspath(i) for i in inputs]
    _check_run(out, settings, inputs, force)
    run = _Run(spark or _session(), out, settings)

    status, counts = _run_checkpointed(run, inputs, stop_after)
    tables = {
        name: run.result_path(name)
        for name, owner in TABLE_OWNERS.items()
        if status[owner] != "not run"
    }
    return {
        "out_dir": str(out),
        "settings_digest": settings.digest(),
        "stages": status,
        "counts": counts,
        "tables": tables,
        "seconds": round(time.perf_counter() - started, 3),
    }
