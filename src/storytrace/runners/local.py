"""The local runner: the whole pipeline over a store on one machine.

It is the edge where stages meet storage: it reads inputs, calls the pure
stage functions in order, and writes what they return, each write in one
transaction.  Runs are recorded with the storytrace version and a hash of the
settings, and a story's analysis is recomputed only when its members or the
settings changed.
"""

from __future__ import annotations

import time
from concurrent.futures import ProcessPoolExecutor
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field, replace
from typing import Callable, Iterable, Iterator, Sequence

from .. import __version__
from ..parallel import process_pool, worker_count
from ..records import Document, RawDocument, Rejected, Story, StoryAnalysis
from ..settings import Settings
from ..store import Store

__all__ = ["IngestResult", "Progress", "TraceResult", "ingest", "reanalyze", "report_for", "trace"]


class Progress:
    """Progress reporting hook; the default reports nothing.

    ``with progress.task("clean", total=None) as advance: advance(1)``.
    The CLI passes a subclass that draws rich progress bars.
    """

    @contextmanager
    def task(self, name: str, total: int | None = None) -> Iterator[Callable[[int], None]]:
        yield lambda n=1: None


@dataclass
class IngestResult:
    added: list[str] = field(default_factory=list)
    existing: list[str] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)

    @property
    def document_ids(self) -> list[str]:
        return self.added + self.existing


@dataclass
class TraceResult:
    run_id: int
    ingest: IngestResult
    stories: list[Story]
    analysed: list[str]
    seconds: float

    def summary(self) -> dict:
        reasons: dict[str, int] = {}
        for r in self.ingest.rejected:
            reasons[r.reason] = reasons.get(r.reason, 0) + 1
        return {
            "added": len(self.ingest.added),
            "existing": len(self.ingest.existing),
            "rejected": len(self.ingest.rejected),
            "rejected_by_reason": reasons,
            "stories": len(self.stories),
            "analysed": len(self.analysed),
            "seconds": round(self.seconds, 3),
        }


def _clean_one(item: tuple[RawDocument, Settings]) -> list[Document | Rejected]:
    """Clean one raw document in a worker process (module level, so that it pickles)."""
    from ..clean import clean_document

    raw, settings = item
    return clean_document(raw, settings)


#: Below this many raw documents in a window cleaning stays in this process:
#: starting worker processes costs more than it saves on a handful of documents.
_MIN_PARALLEL = 32


def ingest(
    inputs: Iterable[str],
    store: Store,
    settings: Settings,
    progress: Progress | None = None,
    run_id: int | None = None,
    batch: int = 200,
) -> IngestResult:
    """Read, clean and store documents; content already stored is skipped and reported as existing.

    Cleaning is pure and costs milliseconds per document, so with
    ``run.workers`` > 1 (default: one per CPU) windows of ``batch`` raw
    documents are cleaned in a process pool.  ``Executor.map`` keeps the input
    order, so what is stored, and in which order, does not depend on the
    number of workers.

    Example:
        >>> from storytrace.store import open_store
        >>> ingest(["examples/"], open_store(":memory:"), Settings()).added  # doctest: +SKIP
    """
    from ..clean import clean_document
    from ..ingest import iter_documents

    progress = progress or Progress()
    result = IngestResult()
    workers = worker_count(settings.run.workers)
    pools = ExitStack()  # the worker pool, started at the first window worth it
    pool: ProcessPoolExecutor | None = None
    window: list[RawDocument | Rejected] = []  # rejections wait in the window too, to keep the input order

    def flush() -> None:
        pending_docs: list[Document] = []
        pending_rejected: list[Rejected] = []
        raws = [raw for raw in window if not isinstance(raw, Rejected)]
        if len(raws) >= _MIN_PARALLEL and workers > 1:
            nonlocal pool
            if pool is None:
                pool = pools.enter_context(process_pool(workers))
            chunk = max(1, len(raws) // (4 * workers))
            cleaned = iter(pool.map(_clean_one, [(raw, settings) for raw in raws], chunksize=chunk))
        else:
            cleaned = (clean_document(raw, settings) for raw in raws)
        for entry in window:
            for item in [entry] if isinstance(entry, Rejected) else next(cleaned):
                (pending_rejected if isinstance(item, Rejected) else pending_docs).append(item)
        window.clear()
        if pending_docs:
            added = store.add_documents(pending_docs, run_id)
            result.added.extend(added.added)
            result.existing.extend(added.existing)
        if pending_rejected:
            store.add_rejections(pending_rejected, run_id)
            result.rejected.extend(pending_rejected)

    with pools, progress.task("ingest") as advance:
        for raw in iter_documents(inputs, settings):
            advance(1)
            if isinstance(raw, Rejected):
                window.append(raw)
            elif store.has_document(raw.id):
                # same content again: a no-op, but its split-off children still count as inputs
                result.existing.append(raw.id)
                result.existing.extend(d.id for d in store.children(raw.id))
            else:
                window.append(raw)
            if len(window) >= batch:
                flush()
        flush()
    return result


def reanalyze(
    store: Store,
    settings: Settings,
    progress: Progress | None = None,
    run_id: int | None = None,
    force: bool = False,
) -> tuple[list[Story], list[str]]:
    """Group every stored document into stories and analyse the stories that changed.

    Returns the stories and the ids of the stories analysed in this call.
    """
    from ..analyze import analyze_story
    from ..citations import online_citation_findings
    from ..group import group_stories

    progress = progress or Progress()
    documents = {d.id: d for d in store.iter_documents()}
    with progress.task("group", total=len(documents)) as advance:
        stories = group_stories(list(documents.values()), settings, advance=advance)
    store.replace_stories(stories, run_id)
    digest = settings.digest()
    analysed: list[str] = []
    with progress.task("analyse", total=len(stories)) as advance:
        for story in stories:
            # no stored analysis has no digest either, so one cheap lookup decides
            if force or store.analysis_digest(story.id) != digest:
                analysis = analyze_story(story, documents, settings)
                if settings.citations.online:
                    # network checks are I/O, so they run here at the edge, not in the pure stage
                    members = [documents[d] for d in story.document_ids]
                    online = tuple(online_citation_findings(members, settings))
                    analysis = replace(analysis, findings=analysis.findings + online)
                store.save_analysis(analysis, run_id)
                analysed.append(story.id)
            advance(1)
    return stories, analysed


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
    run_id = store.begin_run(command, settings.digest(), settings.as_dict())
    try:
        ingested = ingest(inputs, store, settings, progress, run_id)
        stories, analysed = reanalyze(store, settings, progress, run_id)
    except BaseException as exc:
        store.finish_run(run_id, "failed", {"error": f"{type(exc).__name__}: {exc}"})
        raise
    result = TraceResult(run_id, ingested, stories, analysed, time.perf_counter() - started)
    store.finish_run(run_id, "ok", result.summary())
    return result


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
    from ..report.build import build_report

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
    return build_report(
        documents, analyses, store.rejections() if rejected is None else rejected, settings, version=__version__
    )
