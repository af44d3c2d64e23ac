"""The local runner: the whole pipeline over a store on one machine.

It is the edge where stages meet storage: it runs the stages declared in
:mod:`storytrace.pipeline` in their order (``read`` and ``clean`` in
:func:`ingest`, ``group`` and the per-story stages in :func:`reanalyze`,
``report`` in :func:`report_for`) and writes what they return, each write in
one transaction.  :func:`store_documents` is the one ingest loop; the CLI and
the web app call it too.  Runs are recorded with the storytrace version and a hash of the
settings, and a story's analysis is recomputed only when its members or the
settings changed.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from typing import NamedTuple, TypeVar

from ..errors import FetchError, InputError
from ..group.ids import keep_story_ids
from ..kinds import count_findings
from ..parallel import process_pool, worker_count
from ..pipeline import CLEAN, GROUP, READ, REPORT, STORY_STAGES, iter_clean_documents, run_stages
from ..records import Document, RawDocument, Rejected, Story, StoryAnalysis
from ..settings import Settings
from ..store import Store

__all__ = [
    "IngestResult",
    "Progress",
    "Reanalysis",
    "TraceResult",
    "count_reasons",
    "ingest",
    "ingest_run",
    "reanalyze",
    "report_for",
    "score_files",
    "store_documents",
    "story_report",
    "story_rows",
    "trace",
]

_R = TypeVar("_R")


class Progress:
    """Progress reporting hook; the default reports nothing.

    ``with progress.task("clean", total=None) as advance: advance(1)``.
    The CLI passes a subclass that draws rich progress bars.
    """

    @contextmanager
    def task(self, name: str, total: int | None = None) -> Iterator[Callable[[int], None]]:
        def advance(n: int = 1) -> None:
            pass

        yield advance


@dataclass
class IngestResult:
    added: list[str] = field(default_factory=list)
    existing: list[str] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)

    @property
    def document_ids(self) -> list[str]:
        return self.added + self.existing

    def summary(self) -> dict:
        return {"added": len(self.added), "existing": len(self.existing), "rejected": len(self.rejected)}


@dataclass
class TraceResult:
    """What a trace did.  ``failed`` holds the analyses of the stories whose analysis raised
    (each with its :class:`~storytrace.records.AnalysisFailure`); they are stored too."""

    run_id: int
    ingest: IngestResult
    stories: list[Story]
    analysed: list[str]
    seconds: float
    failed: list[StoryAnalysis] = field(default_factory=list)

    def summary(self) -> dict:
        return {
            **self.ingest.summary(),
            "rejected_by_reason": count_reasons(self.ingest.rejected),
            "stories": len(self.stories),
            "analysed": len(self.analysed),
            "failed": {a.story.id: a.failure.describe() for a in self.failed if a.failure is not None},
            "seconds": round(self.seconds, 3),
        }


def count_reasons(rejected: Iterable[Rejected]) -> dict[str, int]:
    """How many rejections there are of each reason, in order of first appearance."""
    reasons: dict[str, int] = {}
    for r in rejected:
        reasons[r.reason] = reasons.get(r.reason, 0) + 1
    return reasons


def _clean_one(item: tuple[RawDocument, Settings]) -> list[Document | Rejected]:
    """Clean one raw document in a worker process (module level, so that it pickles)."""
    raw, settings = item
    return CLEAN.run(raw, settings)


#: Below this many raw documents in a window cleaning stays in this process:
#: starting worker processes costs more than it saves on a handful of documents.
_MIN_PARALLEL = 32


class _Cleaner:
    """Cleans windows of raw documents, in a process pool once a window is worth it."""

    def __init__(self, settings: Settings, workers: int, pools: ExitStack):
        self.settings, self.workers, self.pools = settings, workers, pools
        self.pool: ProcessPoolExecutor | None = None

    def clean(self, raws: list[RawDocument]) -> Iterator[list[Document | Rejected]]:
        """The cleaned form of each raw document, in input order (``Executor.map`` keeps it)."""
        if len(raws) < _MIN_PARALLEL or self.workers <= 1:
            return (CLEAN.run(raw, self.settings) for raw in raws)
        if self.pool is None:
            self.pool = self.pools.enter_context(process_pool(self.workers))
        assert self.pool is not None  # more than one worker gives a pool
        chunk = max(1, len(raws) // (4 * self.workers))
        return iter(self.pool.map(_clean_one, [(raw, self.settings) for raw in raws], chunksize=chunk))


def store_documents(
    raws: Iterable[RawDocument | Rejected],
    store: Store,
    settings: Settings,
    progress: Progress | None = None,
    run_id: int | None = None,
    batch: int = 200,
    workers: int | None = None,
) -> IngestResult:
    """Clean raw documents and store them: the one ingest loop (runner, CLI and web app).

    Content already stored is skipped and reported as existing, with the
    articles once split off from it.  Cleaning is pure and costs milliseconds
    per document, so with ``workers`` (default ``run.workers``: one per CPU)
    above 1, windows of ``batch`` raw documents are cleaned in a process pool;
    what is stored, and in which order, does not depend on the number of
    workers.
    """
    progress = progress or Progress()
    result = IngestResult()
    pools = ExitStack()  # the worker pool, started at the first window worth it
    cleaner = _Cleaner(settings, worker_count(settings.run.workers if workers is None else workers), pools)
    window: list[RawDocument | Rejected] = []  # rejections wait in the window too, to keep the input order

    def flush() -> None:
        pending_docs: list[Document] = []
        pending_rejected: list[Rejected] = []
        cleaned = cleaner.clean([raw for raw in window if not isinstance(raw, Rejected)])
        for entry in window:
            for item in [entry] if isinstance(entry, Rejected) else next(cleaned):
                if isinstance(item, Rejected):
                    pending_rejected.append(item)
                else:
                    pending_docs.append(item)
        window.clear()
        if pending_docs:
            added = store.add_documents(pending_docs, run_id)
            result.added.extend(added.added)
            result.existing.extend(added.existing)
        if pending_rejected:
            store.add_rejections(pending_rejected, run_id)
            result.rejected.extend(pending_rejected)

    with pools, progress.task("ingest") as advance:
        for raw in raws:
            advance(1)
            if not isinstance(raw, Rejected) and store.has_document(raw.id):
                # same content again: a no-op, but its split-off children still count as inputs
                result.existing.append(raw.id)
                result.existing.extend(d.id for d in store.children(raw.id))
            else:
                window.append(raw)
            if len(window) >= batch:
                flush()
        flush()
    return result


def ingest(
    inputs: Iterable[str],
    store: Store,
    settings: Settings,
    progress: Progress | None = None,
    run_id: int | None = None,
    batch: int = 200,
) -> IngestResult:
    """Read, clean and store documents; content already stored is skipped and reported as existing.

    The ``read`` stage feeds :func:`store_documents`.

    Example:
        >>> from storytrace.store import open_store
        >>> ingest(["examples/"], open_store(":memory:"), Settings()).added  # doctest: +SKIP
    """
    return store_documents(READ.run(inputs, settings), store, settings, progress, run_id, batch)


class Reanalysis(NamedTuple):
    """What :func:`reanalyze` did: every story, the ids analysed now, and the analyses that failed."""

    stories: list[Story]
    analysed: list[str]
    failed: list[StoryAnalysis]


def reanalyze(
    store: Store,
    settings: Settings,
    progress: Progress | None = None,
    run_id: int | None = None,
    force: bool = False,
) -> Reanalysis:
    """Group every stored document into stories and analyse the stories that changed.

    Runs the ``group`` stage, then the per-story stages (:data:`STORY_STAGES`)
    on each story whose stored analysis was made with other settings.  A story
    whose analysis raises is stored with its failure and the loop goes on
    (:func:`storytrace.pipeline.analyse_story`).  A failed analysis is saved
    without a run id, so it has no settings digest and the next run tries the
    story again (a fix or a newly installed dependency then takes effect).
    The whole of it holds the store's writer lock, so a concurrent run
    regroups after this one, with every document stored by then; stories
    keep their stored ids (:func:`storytrace.group.ids.keep_story_ids`).
    """
    with store.writer():
        return _reanalyze(store, settings, progress, run_id, force)


def _reanalyze(
    store: Store, settings: Settings, progress: Progress | None, run_id: int | None, force: bool
) -> Reanalysis:
    progress = progress or Progress()
    documents = {d.id: d for d in store.iter_documents()}
    with progress.task("group", total=len(documents)) as advance:
        stories = GROUP.run(list(documents.values()), settings, advance=advance)
    lasting = keep_story_ids(store.stories(), stories)
    stories = lasting.stories
    store.replace_stories(stories, run_id, aliases=lasting.aliases)
    digest = settings.digest()
    analysed: list[str] = []
    failed: list[StoryAnalysis] = []
    with progress.task("analyse", total=len(stories)) as advance:
        for story in stories:
            # no stored analysis has no digest either, so one cheap lookup decides
            if force or store.analysis_digest(story.id) != digest:
                analysis = run_stages(STORY_STAGES, {"story": story, "documents": documents, "settings": settings})["analysis"]
                if analysis.failure is not None:
                    failed.append(analysis)
                store.save_analysis(analysis, None if analysis.failure is not None else run_id)
                analysed.append(story.id)
            advance(1)
    return Reanalysis(stories, analysed, failed)


def _recorded(store: Store, command: str, settings: Settings, work: Callable[[int], _R]) -> _R:
    """Run ``work(run_id)`` inside a recorded run: ok with its summary, failed with the error,
    or interrupted (Ctrl-C; SIGTERM and SIGHUP under the CLI).  Only a run killed outright
    (SIGKILL, power loss) stays ``running``."""
    run_id = store.begin_run(command, settings.digest(), settings.as_dict())
    try:
        result = work(run_id)
    except BaseException as exc:
        status = "failed" if isinstance(exc, Exception) else "interrupted"
        store.finish_run(run_id, status, {"error": f"{type(exc).__name__}: {exc}"})
        raise
    store.finish_run(run_id, "ok", result.summary())  # type: ignore[attr-defined]
    return result


def ingest_run(
    inputs: Iterable[str],
    store: Store,
    settings: Settings,
    progress: Progress | None = None,
    command: str = "ingest",
) -> IngestResult:
    """:func:`ingest` as one recorded run (what ``storytrace ingest`` does)."""
    return _recorded(store, command, settings, lambda run_id: ingest(inputs, store, settings, progress, run_id))


def trace(
    inputs: Iterable[str],
    store: Store,
    settings: Settings | None = None,
    progress: Progress | None = None,
    command: str = "trace",
) -> TraceResult:
    """Ingest ``inputs``, then group, align, trace lineage and check facts over the whole store.

    Example:
        >>> from storytrace.store import open_store
        >>> result = trace(["examples/"], open_store(":memory:"))  # doctest: +SKIP
    """
    settings = settings or Settings()
    started = time.perf_counter()

    def work(run_id: int) -> TraceResult:
        ingested = ingest(inputs, store, settings, progress, run_id)
        stories, analysed, failed = reanalyze(store, settings, progress, run_id)
        return TraceResult(run_id, ingested, stories, analysed, time.perf_counter() - started, failed)

    return _recorded(store, command, settings, work)


def report_for(
    store: Store,
    story_ids: Sequence[str] | None = None,
    settings: Settings | None = None,
    document_ids: Iterable[str] | None = None,
    rejected: Sequence[Rejected] | None = None,
) -> dict:
    """Build the ``storytrace.report/v1`` dict from stored results.

    ``story_ids`` selects stories; ``document_ids`` selects the stories that
    hold any of those documents (what ``trace`` reports on). With neither,
    every story is reported.
    """
    settings = settings or Settings()
    stories = store.stories()
    if story_ids is not None:
        wanted = set(story_ids)
        stories = [s for s in stories if s.id in wanted]
    elif document_ids is not None:
        wanted_docs = set(document_ids)
        stories = [s for s in stories if wanted_docs & set(s.document_ids)]
    analyses: list[StoryAnalysis] = []
    for story in stories:
        analysis = store.get_analysis(story.id)
        analyses.append(analysis if analysis is not None else StoryAnalysis(story=story, sentences={}))
    ids = {d for s in stories for d in s.document_ids}
    documents = [store.get_document(d) for d in sorted(ids)]
    return REPORT.run(documents, analyses, store.rejections() if rejected is None else rejected, settings)


def story_report(store: Store, story_ids: Sequence[str], settings: Settings) -> dict:
    """The report of the stories ``story_ids`` (no rejections listed).

    Raises:
        NotFound: a story id is not stored (the message says how to list them).
    """
    story_ids = [store.get_story(story_id).id for story_id in story_ids]  # a merged story's old id gives it
    return report_for(store, story_ids, settings, rejected=[])


def story_rows(store: Store) -> list[tuple[str, str | None, int, int, str | None]]:
    """``(story id, title, versions, findings, failure)`` of every stored story, most versions first.

    The title is the analysis's (named after the original's headline once
    lineage is known), else grouping's; ``failure`` says why the story's
    analysis failed (:meth:`AnalysisFailure.describe`), or is None.
    """
    rows = []
    for story in store.stories():
        analysis = store.get_analysis(story.id)
        title = analysis.story.title if analysis else story.title
        failure = analysis.failure.describe() if analysis and analysis.failure else None
        # counted as the report and the API count them (kinds.count_findings)
        count = count_findings(analysis.findings)["total"] if analysis else 0
        rows.append((story.id, title, len(story.document_ids), count, failure))
    rows.sort(key=lambda r: (-r[2], r[0]))
    return rows


def score_files(path_a: str, path_b: str, settings: Settings) -> dict:
    """Whether two inputs report the same story: the pair score with its shared evidence.

    Each input is read and cleaned; its first clean document is scored.

    Returns:
        ``{"score", "same_story", "threshold", "anchors", "languages"}``.

    Raises:
        FetchError: an input URL could not be fetched or points at a refused address.
        InputError: an input gives no usable document otherwise (the first
            rejection's reason is named).
    """
    from ..group import explain_similarity

    documents = []
    for path in (path_a, path_b):
        items = list(iter_clean_documents([path], settings))
        main_doc = next((d for d in items if isinstance(d, Document)), None)
        if main_doc is None:
            reason = items[0] if items else None
            why = getattr(reason, "reason", "empty")
            error = FetchError if why in ("fetch_failed", "refused_address") else InputError
            raise error(f"{path}: no usable document ({why}: {getattr(reason, 'detail', '')})")
        documents.append(main_doc)
    a, b = documents
    score, anchors = explain_similarity(a.text, b.text, lang_a=a.language, lang_b=b.language, settings=settings)
    threshold = settings.group.threshold
    return {"score": score, "same_story": score >= threshold, "threshold": threshold, "anchors": anchors,
            "languages": [a.language, b.language]}
