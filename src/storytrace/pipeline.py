"""The declared pipeline: every stage with the names of what it reads and writes.

A :class:`Stage` is a pure function plus a contract: the names of the values
it takes from the running state and the names of the values it adds.  Stage
lists are declared once (the corpus stages here, the per-story analysis
stages in :mod:`storytrace.analyze`), and every runner (local, Spark, the web
app) drives them through :func:`run_stages` or calls the very functions they
name, so the order and the contracts live in one place.  The stage table in
``docs/architecture.md`` is checked against these lists by a test.
"""

from __future__ import annotations

import os
import traceback
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import replace

from .records import AnalysisFailure, Document, RawDocument, Rejected, Story, StoryAnalysis
from .settings import Settings
from .stage import Stage, StageContractError, run_stages

__all__ = [
    "ANALYSE",
    "CITE_ONLINE",
    "CLEAN",
    "CORPUS_STAGES",
    "GROUP",
    "READ",
    "REPORT",
    "STORY_STAGES",
    "Stage",
    "StageContractError",
    "add_online_citations",
    "analyse_story",
    "build_corpus_report",
    "clean_raw",
    "failure_of",
    "group_documents",
    "iter_clean_documents",
    "read_inputs",
    "run_stages",
]


# ------------------------------------------------------------------ the corpus stages
#
# The stage functions below are thin: each names the library function that
# does the work and imports it when first called.  The imports are deferred so
# that this module stays importable by every stage module (analyze.py declares
# its per-story stages with :class:`Stage`) without an import cycle.


def read_inputs(inputs: Iterable[str | os.PathLike[str]], settings: Settings) -> Iterator[RawDocument | Rejected]:
    """Read paths, URLs and stdin into raw documents (:func:`storytrace.ingest.iter_documents`)."""
    from .ingest import iter_documents

    return iter_documents(inputs, settings)


# How much of an exception's message a stored failure or rejection keeps.
_MESSAGE_CHARS = 300


def _where(exc: BaseException) -> str:
    """The innermost frame of ``exc``'s traceback as ``file.py:123 in function`` ("" without one)."""
    frames = traceback.extract_tb(exc.__traceback__)
    if not frames:
        return ""
    last = frames[-1]
    return f"{os.path.basename(last.filename)}:{last.lineno} in {last.name}"


def failure_of(exc: BaseException, stage: str) -> AnalysisFailure:
    """The :class:`AnalysisFailure` of ``exc`` raised in ``stage``.

    An :class:`~storytrace.errors.AnalysisError` names the per-story stage
    itself; what is recorded is then its cause, the exception the stage raised.

    >>> failure_of(ValueError("bad"), "analyse").describe()
    'analysis failed (stage analyse): ValueError: bad'
    """
    from .errors import AnalysisError

    if isinstance(exc, AnalysisError) and exc.__cause__ is not None:
        stage, exc = exc.stage, exc.__cause__
    message = " ".join(str(exc).split())
    if len(message) > _MESSAGE_CHARS:
        message = message[: _MESSAGE_CHARS - 1] + "…"
    return AnalysisFailure(stage=stage, error=type(exc).__name__, message=message, where=_where(exc))


def clean_raw(raw: RawDocument | Rejected, settings: Settings) -> list[Document | Rejected]:
    """Clean one raw document (:func:`storytrace.clean.clean_document`); a rejection passes through.

    A document whose cleaning raises becomes a ``Rejected`` (stage ``clean``,
    reason ``failed``, the exception in its detail) and the run goes on:
    one input must never end a run, nor lose the documents cleaned before it.
    """
    if isinstance(raw, Rejected):
        return [raw]
    from .clean import clean_document

    try:
        return clean_document(raw, settings)
    except Exception as exc:  # RecursionError and MemoryError included: a hostile input costs one input
        failure = failure_of(exc, "clean")
        detail = f"could not be cleaned: {failure.error}: {failure.message}" + (f" ({failure.where})" if failure.where else "")
        return [Rejected(id=raw.id, source=raw.source, stage="clean", reason="failed", detail=detail)]


def group_documents(
    documents: Sequence[Document], settings: Settings, advance: Callable[[int], None] | None = None
) -> list[Story]:
    """Fingerprint the documents and group them into stories (:func:`storytrace.group.group_stories`)."""
    from .group import group_stories

    return group_stories(list(documents), settings, advance=advance)


def analyse_story(story: Story, documents: Mapping[str, Document], settings: Settings) -> StoryAnalysis:
    """Align, trace lineage and check facts of one story (:func:`storytrace.analyze.analyze_story`).

    When the analysis raises, the story's analysis is an empty one whose
    ``failure`` names the stage and the error: every runner stores it like any
    analysis, the report and the UI show it, and the run goes on with the
    next story.

    >>> from storytrace.records import Story
    >>> analyse_story(Story("s1", ("missing",)), {}, Settings()).failure.error
    'KeyError'
    """
    from .analyze import analyze_story

    try:
        return analyze_story(story, documents, settings)
    except Exception as exc:  # RecursionError and MemoryError included: one story costs one story
        return StoryAnalysis(story=story, sentences={}, failure=failure_of(exc, "analyse"))


def add_online_citations(
    analysis: StoryAnalysis, documents: Mapping[str, Document], settings: Settings
) -> StoryAnalysis:
    """Add the online citation check's findings when ``citations.online`` is on.

    Network checks are I/O, so they run at the edge (in a runner) after the
    pure analysis, never inside it; with the setting off, or for a story whose
    analysis failed, the analysis is returned unchanged.
    """
    if not settings.citations.online or analysis.failure is not None:
        return analysis
    from .citations import online_citation_findings

    members = [documents[d] for d in analysis.story.document_ids]
    online = tuple(online_citation_findings(members, settings))
    return replace(analysis, findings=analysis.findings + online)


def build_corpus_report(
    documents: Sequence[Document],
    analyses: Sequence[StoryAnalysis],
    rejected: Sequence[Rejected],
    settings: Settings,
) -> dict:
    """The ``storytrace.report/v1`` dict (:func:`storytrace.report.build.build_report`)."""
    from . import __version__
    from .report.build import build_report

    return build_report(documents, analyses, rejected, settings, version=__version__)


READ = Stage("read", ("inputs", "settings"), ("raws",), read_inputs,
             "paths, URLs, stdin → raw documents and rejections (I/O, at the edge)")
CLEAN = Stage("clean", ("raw", "settings"), ("cleaned",), clean_raw,
              "one raw document → clean documents (split-off articles included) or rejections")
GROUP = Stage("group", ("documents", "settings"), ("stories",), group_documents,
              "documents → fingerprints → candidate pairs → scored links → stories")
ANALYSE = Stage("analyse", ("story", "documents", "settings"), ("analysis",), analyse_story,
                "one story → alignments, lineage, facts, findings (the per-story analysis stages)")
CITE_ONLINE = Stage("cite_online", ("analysis", "documents", "settings"), ("analysis",), add_online_citations,
                    "one analysis → the same plus online citation findings (I/O, at the edge; off by default)")
REPORT = Stage("report", ("documents", "analyses", "rejected", "settings"), ("report",), build_corpus_report,
               "documents, analyses, rejections → the report/v1 dict")

#: The corpus pipeline, in order.  ``clean`` runs once per raw document and
#: ``analyse``/``cite_online`` once per story; the others run over the corpus.
CORPUS_STAGES: tuple[Stage, ...] = (READ, CLEAN, GROUP, ANALYSE, CITE_ONLINE, REPORT)

#: The stages run once per story, in order.
STORY_STAGES: tuple[Stage, ...] = (ANALYSE, CITE_ONLINE)


def iter_clean_documents(inputs: Iterable[str | os.PathLike[str]], settings: Settings) -> Iterator[Document | Rejected]:
    """Read and clean ``inputs`` in order: the ``read`` and ``clean`` stages without a store.

    Example:
        >>> from storytrace.settings import Settings
        >>> [type(d).__name__ for d in iter_clean_documents(["examples/"], Settings())]  # doctest: +SKIP
        ['Document', ...]
    """
    for raw in READ.run(inputs, settings):
        yield from CLEAN.run(raw, settings)
