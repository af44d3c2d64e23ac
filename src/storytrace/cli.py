"""The ``storytrace`` command line: parse, build settings, call one library function, render.

Exit codes (:data:`EXIT_CODES`): 0 success; 1 error (the message says what to
do; ``ingest`` and ``trace`` also when every input was rejected); 2 usage (an
unknown command or option, a bad ``--set``/``--config`` setting, a report
name without a known extension); 3 finished, but some stories could not be
analysed or some documents could not be cleaned: each is stored with its
error and listed at the end, and everything else was written.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from . import __version__
from .errors import ReportError, SettingsError, StoreError, StorytraceError
from .settings import Settings, load_settings, settings_markdown

__all__ = ["EXIT_CODES", "EXIT_ERROR", "EXIT_FAILURES", "EXIT_OK", "EXIT_USAGE", "main", "write_report"]

FORMATS = {".json": "json", ".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html"}

EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_FAILURES = 0, 1, 2, 3
#: What each exit status means (printed by ``storytrace --help``).
EXIT_CODES = {
    EXIT_OK: "success",
    EXIT_ERROR: "error (the message says what to do); ingest and trace also when every input was rejected",
    EXIT_USAGE: "usage: unknown command or option, bad --set/--config setting, unknown report extension",
    EXIT_FAILURES: "finished, but some stories could not be analysed or some documents could not be cleaned "
    "(each is stored with its error; the summary lists them)",
}


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

    def detail(self, message: str) -> None:
        """A line under a warning, shown even with --quiet."""
        print(message, file=sys.stderr)


# -- the store ---------------------------------------------------------------------------


def _sqlite_file(db: str) -> Path | None:
    """The file of a SQLite store location, or None (``:memory:``, PostgreSQL, an unknown URL)."""
    if db.startswith("sqlite:///"):
        db = db[len("sqlite:///"):] or ":memory:"
    if db == ":memory:" or "://" in db:
        return None  # open_store names what is wrong with an unknown URL
    return Path(db)


def _open_store(settings: Settings, console: _Console, *, write: bool, create: bool = False):
    """Open the store of ``store.db``, saying so when a new one is made.

    A mistyped ``--db`` must not quietly make a store somewhere unexpected: a
    command that only reads refuses a store that does not exist, and a command
    that writes refuses one whose folder does not exist unless ``--create``.

    Raises:
        StoreError: the store does not exist and the command does not make one.
    """
    from .store import open_store

    db = settings.store.db
    path = _sqlite_file(db)
    new = path is not None and not path.exists()
    if path is not None and new:
        if not write:
            raise StoreError(f"no store at {path}: check --db (or $STORYTRACE_DB); 'storytrace trace PATH...' makes one")
        if not path.parent.is_dir():
            if not create:
                raise StoreError(f"cannot make a store at {path}: the folder {path.parent} does not exist; "
                                 "check --db, or add --create to make the folder")
            path.parent.mkdir(parents=True, exist_ok=True)
    store = open_store(db)
    if new:
        console.info(f"created a new store at {path}")
    return store


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

    store = _open_store(settings, console, write=True, create=args.create)
    result = ingest_run(args.paths, store, settings, _progress(args.quiet))
    console.info(f"added {len(result.added)} document(s); {len(result.existing)} already stored (unchanged)")
    _print_rejections(result.rejected, console)
    if args.json:
        _dump({**result.summary(), "documents": result.document_ids, "rejections": result.rejected})
    return _run_status(result, [], console)


def _run_status(result, failed: Sequence[Any], console: _Console) -> int:
    """The exit status of an ingest or trace, with the failures listed.

    1 when inputs were given and every one was rejected (nothing to trace);
    3 when stories could not be analysed (``failed``: their analyses) or
    documents could not be cleaned (rejections with reason ``failed``);
    else 0.
    """
    if result.rejected and not result.document_ids:
        console.warn("every input was rejected (see the reasons above, or run: storytrace rejected)")
        return EXIT_ERROR
    unclean = [r for r in result.rejected if r.reason == "failed"]
    if not failed and not unclean:
        return EXIT_OK
    console.warn(f"finished with failures: {len(failed)} stor{'y' if len(failed) == 1 else 'ies'} could not be analysed, "
                 f"{len(unclean)} document(s) could not be cleaned; everything else was written")
    lines = [f"  story {a.story.id} ({a.story.title or 'untitled'}): {a.failure.describe()}" for a in failed]
    lines += [f"  document {r.source}: {r.detail}" for r in unclean]
    for line in lines[:20]:
        console.detail(line)
    if len(lines) > 20:
        console.detail(f"  ... and {len(lines) - 20} more ('storytrace stories' and 'storytrace rejected' list them)")
    return EXIT_FAILURES


def cmd_trace(args, settings: Settings, console: _Console) -> int:
    from .kinds import count_findings
    from .report.views import failure_line
    from .runners.local import report_for, trace

    store = _open_store(settings, console, write=True, create=args.create)
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
        rows = [(s["id"], s["title"], len(s["documents"]), count_findings(s["findings"])["total"], failure_line(s))
                for s in report["stories"]]
        _print_story_table(rows, args.json)
    return _run_status(result.ingest, result.failed, console)


def _print_story_table(rows: list[tuple], as_json: bool) -> None:
    """Rows of ``(id, title, versions, findings, failure)``; a failed story shows why under its title."""
    if as_json:
        _dump([{"id": r[0], "title": r[1], "documents": r[2], "findings": r[3], "failure": r[4]} for r in rows])
        return
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table("story", "versions", "findings", "title")
    for story_id, title, n_docs, n_findings, failure in rows:
        cell = Text(title or "")  # a Text, so that brackets in a title are not read as markup
        if failure:
            cell.append(("\n" if title else "") + failure, style="bold red")
        table.add_row(story_id, str(n_docs), str(n_findings), cell)
    Console().print(table)


def cmd_stories(args, settings: Settings, console: _Console) -> int:
    from .runners.local import story_rows

    _print_story_table(story_rows(_open_store(settings, console, write=False)), args.json)
    return 0


def cmd_show(args, settings: Settings, console: _Console) -> int:
    from .report.views import failure_line
    from .runners.local import story_report

    report = story_report(_open_store(settings, console, write=False), [args.story_id], settings)
    if args.json:
        _dump(report["stories"][0])
        return 0
    from rich.console import Console
    from rich.markdown import Markdown

    story = report["stories"][0]
    docs = {d["id"]: d for d in report["documents"]}
    out = Console()
    out.print(f"[bold]{story['title'] or story['id']}[/bold]  ({story['id']})")
    if failure_line(story):
        out.print(failure_line(story), style="bold red", markup=False)
    for doc_id in story["documents"]:
        d = docs[doc_id]
        out.print(f"  {doc_id}  {d['language'] or '??'}  {d['published'] or '':10}  {d['source']}")
    for edge in story["lineage"]:
        out.print(f"  {edge['source']} → {edge['target']}: {edge['kind']} ({edge['confidence']:.2f})")
    out.print(Markdown(story["brief"] or "_no brief_"))
    return 0


def cmd_report(args, settings: Settings, console: _Console) -> int:
    from .runners.local import story_report

    report = story_report(_open_store(settings, console, write=False), args.story_ids, settings)
    console.info(f"report written to {write_report(report, args.output, settings.report.max_brief_sentences)}")
    return 0


def cmd_rejected(args, settings: Settings, console: _Console) -> int:
    rejected = _open_store(settings, console, write=False).rejections()
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

    _open_store(settings, console, write=True, create=args.create).close()  # the app reopens it
    serve(settings, settings.store.db, host=args.host, port=args.port)
    return 0


def cmd_export(args, settings: Settings, console: _Console) -> int:
    from .export import export_results

    written = export_results(_open_store(settings, console, write=False), args.format, Path(args.output))
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
        common.add_argument("--create", action="store_true", default=d(False),
                            help="make the store's folder when it does not exist (ingest, trace, serve)")
        return common

    parser = argparse.ArgumentParser(
        prog="storytrace",
        description="Follow one news story through all of its versions: extract, group, align, "
        "trace lineage, check facts and write a sourced brief.",
        parents=[common_options(sub=False)],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="exit status:\n" + "\n".join(f"  {code}  {meaning}" for code, meaning in EXIT_CODES.items()),
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
    p.add_argument("--port", type=_port, default=8000)

    p = add("export", cmd_export, "export documents, story membership, facts and findings")
    p.add_argument("--format", choices=["jsonl", "parquet"], default="jsonl")
    p.add_argument("-o", "--output", default="export", metavar="DIR", help="output directory (default: ./export)")

    p = add("spark-trace", cmd_spark_trace, "run the pipeline on Apache Spark, writing Parquet (needs the 'spark' extra)")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--out", required=True, metavar="DIR", help="output directory (stage checkpoints and results)")
    p.add_argument("--stop-after", metavar="STAGE", choices=SPARK_STAGES,
                   help="stop after this stage (documents, fingerprints, candidates, links, stories, analyses)")
    p.add_argument("--force", action="store_true", help="rerun every stage, even over a run made with other settings")
    p.add_argument("--json", action="store_true", help="print the run summary as JSON")

    p = add("settings", cmd_settings, "print the effective settings")
    group = p.add_mutually_exclusive_group()
    group.add_argument("--json", action="store_true", help="print as JSON")
    group.add_argument("--markdown", action="store_true", help="print the settings reference table")
    return parser


#: The stages ``spark-trace --stop-after`` takes (runners.spark.STAGES, spelled here so
#: that building the parser imports nothing of the Spark runner).
SPARK_STAGES = ("documents", "fingerprints", "candidates", "links", "stories", "analyses")


def _port(text: str) -> int:
    """A TCP port number (argparse type)."""
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid port {text!r}: expected a number from 0 to 65535") from None
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"invalid port {port}: expected a number from 0 to 65535")
    return port


def _check_output(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """Refuse a report name without a known extension before any work is done (a usage error)."""
    target = getattr(args, "output", None)
    if args.command in ("trace", "report") and target and target != "-" and Path(target).suffix.lower() not in FORMATS:
        parser.error(f"cannot tell the report format from {target!r}; end the name in .json, .md or .html")


class _Terminated(KeyboardInterrupt):
    """SIGTERM or SIGHUP arrived: unwind like Ctrl-C, so the run is recorded as interrupted."""


def _on_signal(signum: int, frame: object) -> None:
    raise _Terminated(signal.Signals(signum).name)


@contextmanager
def _termination_caught(active: bool) -> Iterator[None]:
    """Turn SIGTERM and SIGHUP into :class:`_Terminated` while the command runs, so that a run
    stopped politely is recorded as interrupted (not left ``running``) and its worker
    processes are shut down; the previous handlers come back afterwards."""
    previous: dict[int, Any] = {}
    if active and os.name == "posix":
        try:
            for signum in (signal.SIGTERM, signal.SIGHUP):
                previous[signum] = signal.signal(signum, _on_signal)
        except ValueError:  # not the main thread (main() called from a thread): leave the handlers alone
            pass
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (see :data:`EXIT_CODES`).

    Usage errors found by argparse exit (``SystemExit``) with status 2.
    """
    parser = build_parser()
    args = parser.parse_args(argv)
    _check_output(parser, args)
    args.quiet, args.create = bool(args.quiet), bool(args.create)
    console = _Console(args.quiet)
    try:
        overrides = list(args.overrides)
        if args.db:
            overrides.append(f"store.db={args.db}")
        settings = load_settings(args.config, overrides)
        with _termination_caught(args.command != "serve"):  # uvicorn handles its own signals
            return int(args.func(args, settings, console) or 0)
    except (SettingsError, ReportError) as exc:  # a bad setting or report name: the command line must change
        print(f"storytrace: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except StorytraceError as exc:
        print(f"storytrace: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt as exc:  # Ctrl-C, or SIGTERM/SIGHUP (_Terminated)
        print(f"storytrace: interrupted{f' ({exc})' if str(exc) else ''}", file=sys.stderr)
        return EXIT_ERROR
    except BrokenPipeError:
        return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
