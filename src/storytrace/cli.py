"""The ``storytrace`` command line: parse, build settings, call one library function, render.

Exit codes: 0 success, 1 error (the message says what to do), 2 usage.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from . import __version__
from .errors import ReportError, StorytraceError
from .settings import Settings, load_settings, settings_markdown

__all__ = ["main", "write_report"]

FORMATS = {".json": "json", ".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html"}


# -- rendering helpers -----------------------------------------------------------------


def render_report(report: dict, fmt: str, max_sentences: int = 6) -> str:
    """``report`` as text in ``fmt``; ``max_sentences`` caps each brief's "what happened" list."""
    if fmt == "json":
        from .report.render_json import render_json

        return render_json(report)
    if fmt == "markdown":
        from .report.render_markdown import render_markdown

        return render_markdown(report, max_sentences)
    if fmt == "html":
        from .report.render_html import render_html

        return render_html(report, max_sentences)
    raise ReportError(f"unknown report format {fmt!r}; use json, markdown or html")


def write_report(report: dict, target: str, max_sentences: int = 6) -> str:
    """Write ``report`` to ``target`` (format from the extension; ``-`` is JSON on stdout).

    ``max_sentences`` is ``report.max_brief_sentences`` for the Markdown and HTML briefs.
    """
    if target == "-":
        sys.stdout.write(render_report(report, "json"))
        return "-"
    path = Path(target)
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise ReportError(f"cannot tell the report format from {target!r}; end the name in .json, .md or .html")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_report(report, fmt, max_sentences), encoding="utf-8")
    return str(path)


class _Console:
    """Messages go to stderr so stdout stays clean for --json and reports."""

    def __init__(self, quiet: bool):
        self.quiet = quiet

    def info(self, message: str) -> None:
        if not self.quiet:
            print(message, file=sys.stderr)

    def warn(self, message: str) -> None:
        """Shown even with --quiet: it explains a non-zero exit status."""
        print(f"storytrace: {message}", file=sys.stderr)


def _progress(quiet: bool):
    from .runners.local import Progress

    if quiet:
        return Progress()

    class RichProgress(Progress):
        @contextmanager
        def task(self, name: str, total: int | None = None) -> Iterator[Callable[[int], None]]:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, SpinnerColumn, TextColumn, TimeElapsedColumn
            from rich.progress import Progress as Bar

            console = Console(stderr=True)
            columns = [SpinnerColumn(), TextColumn("{task.description:<8}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn()]
            with Bar(*columns, console=console, transient=not console.is_terminal, disable=not console.is_terminal) as bar:
                task = bar.add_task(name, total=total)

                def advance(n: int = 1) -> None:
                    bar.advance(task, n)

                yield advance

    return RichProgress()


def _print_rejections(rejected: Sequence[Any], console: _Console) -> None:
    if not rejected:
        return
    from .runners.local import count_reasons

    counts = count_reasons(rejected)
    console.info(f"rejected {len(rejected)} input(s): " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    for r in rejected[:20]:
        console.info(f"  - {r.source}: {r.reason} ({r.detail})")
    if len(rejected) > 20:
        console.info(f"  ... and {len(rejected) - 20} more ('storytrace rejected' lists them all)")


def _dump(value: Any) -> None:
    from .serialize import jsonable

    sys.stdout.write(json.dumps(jsonable(value), ensure_ascii=False, indent=2) + "\n")


# -- commands ----------------------------------------------------------------------------


def cmd_ingest(args, settings: Settings, console: _Console) -> int:
    from .runners.local import ingest_run
    from .store import open_store

    result = ingest_run(args.paths, open_store(settings.store.db), settings, _progress(args.quiet))
    console.info(f"added {len(result.added)} document(s); {len(result.existing)} already stored (unchanged)")
    _print_rejections(result.rejected, console)
    if args.json:
        _dump({**result.summary(), "documents": result.document_ids, "rejections": result.rejected})
    return _ingest_status(result, console)


def _ingest_status(result, console: _Console) -> int:
    """1 when inputs were given and every one was rejected (nothing to trace), else 0."""
    if result.rejected and not result.document_ids:
        console.warn("every input was rejected (see the reasons above, or run: storytrace rejected)")
        return 1
    return 0


def cmd_trace(args, settings: Settings, console: _Console) -> int:
    from .runners.local import report_for, trace
    from .store import open_store

    store = open_store(settings.store.db)
    result = trace(args.paths, store, settings, _progress(args.quiet))
    console.info(
        f"added {len(result.ingest.added)} document(s), {len(result.ingest.existing)} already stored; "
        f"{len(result.stories)} stor{'y' if len(result.stories) == 1 else 'ies'}, {len(result.analysed)} analysed "
        f"in {result.seconds:.1f}s"
    )
    _print_rejections(result.ingest.rejected, console)
    report = report_for(store, settings=settings, document_ids=result.ingest.document_ids, rejected=result.ingest.rejected)
    if args.output:
        console.info(f"report written to {write_report(report, args.output, settings.report.max_brief_sentences)}")
    else:
        from .kinds import count_findings

        _print_story_table([(s["id"], s["title"], len(s["documents"]), count_findings(s["findings"])["total"])
                            for s in report["stories"]], args.json)
    return _ingest_status(result.ingest, console)


def _print_story_table(rows: list[tuple], as_json: bool) -> None:
    if as_json:
        _dump([{"id": r[0], "title": r[1], "documents": r[2], "findings": r[3]} for r in rows])
        return
    from rich.console import Console
    from rich.table import Table

    table = Table("story", "versions", "findings", "title")
    for story_id, title, n_docs, n_findings in rows:
        table.add_row(story_id, str(n_docs), str(n_findings), title or "")
    Console().print(table)


def cmd_stories(args, settings: Settings, console: _Console) -> int:
    from .runners.local import story_rows
    from .store import open_store

    _print_story_table(story_rows(open_store(settings.store.db)), args.json)
    return 0


def cmd_show(args, settings: Settings, console: _Console) -> int:
    from .runners.local import story_report
    from .store import open_store

    report = story_report(open_store(settings.store.db), [args.story_id], settings)
    if args.json:
        _dump(report["stories"][0])
        return 0
    from rich.console import Console
    from rich.markdown import Markdown

    story = report["stories"][0]
    docs = {d["id"]: d for d in report["documents"]}
    out = Console()
    out.print(f"[bold]{story['title'] or story['id']}[/bold]  ({story['id']})")
    for doc_id in story["documents"]:
        d = docs[doc_id]
        out.print(f"  {doc_id}  {d['language'] or '??'}  {d['published'] or '':10}  {d['source']}")
    for edge in story["lineage"]:
        out.print(f"  {edge['source']} → {edge['target']}: {edge['kind']} ({edge['confidence']:.2f})")
    out.print(Markdown(story["brief"] or "_no brief_"))
    return 0


def cmd_report(args, settings: Settings, console: _Console) -> int:
    from .runners.local import story_report
    from .store import open_store

    report = story_report(open_store(settings.store.db), args.story_ids, settings)
    console.info(f"report written to {write_report(report, args.output, settings.report.max_brief_sentences)}")
    return 0


def cmd_rejected(args, settings: Settings, console: _Console) -> int:
    from .store import open_store

    rejected = open_store(settings.store.db).rejections()
    if args.json:
        _dump(rejected)
    else:
        for r in rejected:
            print(f"{r.source}\t{r.reason}\t{r.detail}")
    return 0


def cmd_similar(args, settings: Settings, console: _Console) -> int:
    from .runners.local import score_files

    result = score_files(args.file_a, args.file_b, settings)
    if args.json:
        _dump(result)
    else:
        same = "same story" if result["same_story"] else "different stories"
        print(f"{result['score']:.3f}\t{same} (threshold {result['threshold']})")
        for anchor in result["anchors"]:
            print(f"  {anchor}")
    return 0


def cmd_serve(args, settings: Settings, console: _Console) -> int:
    from .web.app import serve

    serve(settings, settings.store.db, host=args.host, port=args.port)
    return 0


def cmd_export(args, settings: Settings, console: _Console) -> int:
    from .export import export_results
    from .store import open_store

    written = export_results(open_store(settings.store.db), args.format, Path(args.output))
    for name, path in written.items():
        console.info(f"{name}: {path}")
    return 0


def cmd_spark_trace(args, settings: Settings, console: _Console) -> int:
    from .runners.spark import run_spark

    summary = run_spark(args.paths, args.out, settings, stop_after=args.stop_after, force=args.force)
    if args.json:
        _dump(summary)
    else:
        console.info(f"Spark run written to {args.out}")
        for key, value in summary.items():
            console.info(f"  {key}: {value}")
    return 0


def cmd_settings(args, settings: Settings, console: _Console) -> int:
    if args.json:
        _dump(settings.as_dict())
    elif args.markdown:
        sys.stdout.write(settings_markdown())
    else:
        for key, value in settings.as_dict().items():
            print(f"{key} = {json.dumps(value)}")
    return 0


# -- parser ------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    def common_options(sub: bool) -> argparse.ArgumentParser:
        # options may come before or after the command; after it, argparse must not
        # overwrite a value given before it with a default, hence SUPPRESS there
        d = (lambda v: argparse.SUPPRESS) if sub else (lambda v: v)
        common = argparse.ArgumentParser(add_help=False)
        common.add_argument("--db", default=d(None), help="store path or URL (default: ./storytrace.db, or $STORYTRACE_DB)")
        common.add_argument("--set", dest="overrides", action="append", default=d([]), metavar="KEY=VALUE",
                            help="override one setting, e.g. --set group.threshold=0.4 (repeatable)")
        common.add_argument("--config", default=d(None), metavar="FILE.toml", help="read settings from a TOML file")
        common.add_argument("-q", "--quiet", action="store_true", default=d(False), help="no progress bars or messages")
        return common

    parser = argparse.ArgumentParser(
        prog="storytrace",
        description="Follow one news story through all of its versions: extract, group, align, "
        "trace lineage, check facts and write a sourced brief.",
        parents=[common_options(sub=False)],
    )
    parser.add_argument("--version", action="version", version=f"storytrace {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(name: str, func, help: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help, description=help, parents=[common_options(sub=True)])
        p.set_defaults(func=func)
        return p

    p = add("ingest", cmd_ingest, "read documents (files, directories, URLs, JSONL, feeds, WARC) into the store")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--json", action="store_true", help="print the result as JSON")

    p = add("trace", cmd_trace, "ingest, then group, align, trace lineage, check facts and report")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("-o", "--output", metavar="FILE", help="write the report (.json, .md or .html; - for JSON on stdout)")
    p.add_argument("--json", action="store_true", help="print the story list as JSON")

    p = add("stories", cmd_stories, "list the stories in the store")
    p.add_argument("--json", action="store_true", help="print as JSON")

    p = add("show", cmd_show, "show one story: versions, lineage and brief")
    p.add_argument("story_id", metavar="STORY_ID")
    p.add_argument("--json", action="store_true", help="print the story's report entry as JSON")

    p = add("report", cmd_report, "write the report for one or more stories")
    p.add_argument("story_ids", nargs="+", metavar="STORY_ID")
    p.add_argument("-o", "--output", required=True, metavar="FILE", help="report file (.json, .md or .html; - for stdout)")

    p = add("rejected", cmd_rejected, "list rejected inputs and why")
    p.add_argument("--json", action="store_true", help="print as JSON")

    p = add("similar", cmd_similar, "score whether two documents report the same story, with the evidence")
    p.add_argument("file_a", metavar="FILE_A")
    p.add_argument("file_b", metavar="FILE_B")
    p.add_argument("--json", action="store_true", help="print as JSON")

    p = add("serve", cmd_serve, "serve the web UI and JSON API (needs the 'web' extra)")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)

    p = add("export", cmd_export, "export documents, story membership, facts and findings")
    p.add_argument("--format", choices=["jsonl", "parquet"], default="jsonl")
    p.add_argument("-o", "--output", default="export", metavar="DIR", help="output directory (default: ./export)")

    p = add("spark-trace", cmd_spark_trace, "run the pipeline on Apache Spark, writing Parquet (needs the 'spark' extra)")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--out", required=True, metavar="DIR", help="output directory (stage checkpoints and results)")
    p.add_argument("--stop-after", metavar="STAGE", help="stop after this stage (documents, fingerprints, candidates, links, stories, analyses)")
    p.add_argument("--force", action="store_true", help="rerun every stage, even over a run made with other settings")
    p.add_argument("--json", action="store_true", help="print the run summary as JSON")

    p = add("settings", cmd_settings, "print the effective settings")
    group = p.add_mutually_exclusive_group()
    group.add_argument("--json", action="store_true", help="print as JSON")
    group.add_argument("--markdown", action="store_true", help="print the settings reference table")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    args.quiet = bool(args.quiet)
    console = _Console(args.quiet)
    try:
        overrides = list(args.overrides)
        if args.db:
            overrides.append(f"store.db={args.db}")
        settings = load_settings(args.config, overrides)
        return int(args.func(args, settings, console) or 0)
    except StorytraceError as exc:
        print(f"storytrace: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("storytrace: interrupted", file=sys.stderr)
        return 1
    except BrokenPipeError:
        return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
