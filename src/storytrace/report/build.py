"""Build the ``storytrace.report/v1`` report as plain data.

The report is the contract between storytrace and everything downstream
(renderers, the web app, other tools); ``docs/report-format.md`` documents it
and ``storytrace/schema/report-v1.json`` checks it.  This module only reshapes
records into that form: no I/O, no rendering.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from ..records import Document, Rejected, StoryAnalysis
from ..serialize import jsonable
from ..settings import Settings
from .brief import brief_markdown

__all__ = ["SCHEMA", "build_report", "document_entry", "story_entry", "write_brief"]

SCHEMA = "storytrace.report/v1"


def document_entry(doc: Document, sentences: Iterable[Any] = ()) -> dict[str, Any]:
    """One entry of the report's ``documents`` list."""
    return {
        "id": doc.id,
        "source": doc.source,
        "title": doc.title,
        "language": doc.language,
        "published": doc.published,
        "parent": doc.parent,
        "text": doc.text,
        "rejected": None,
        "url": doc.url,
        "site_name": doc.site_name,
        "author": doc.author,
        "dateline": doc.dateline,
        "credits": list(doc.credits),
        "disclosures": list(doc.disclosures),
        "citations": list(doc.citations),
        "removed": [jsonable(r) for r in doc.removed],
        "sentences": [[s.start, s.end] for s in sentences],
    }


def _rejected_entry(item: Rejected) -> dict[str, Any]:
    return {
        "id": item.id,
        "source": item.source,
        "title": None,
        "language": None,
        "published": None,
        "parent": None,
        "text": "",
        "rejected": {"reason": item.reason, "detail": item.detail, "stage": item.stage},
        "url": None,
        "site_name": None,
        "author": None,
        "dateline": None,
        "credits": [],
        "disclosures": [],
        "citations": [],
        "removed": [],
        "sentences": [],
    }


def story_entry(analysis: StoryAnalysis, brief: str | None = None) -> dict[str, Any]:
    """One entry of the report's ``stories`` list; ``brief`` replaces the analysis's own when given.

    A story whose analysis failed has empty lists and a ``failure`` object
    (``stage``, ``error``, ``message``, ``where``); the key is absent otherwise.
    """
    story = analysis.story
    entry = {
        "id": story.id,
        "title": story.title,
        "documents": list(story.document_ids),
        "links": jsonable(story.links),
        "lineage": jsonable(analysis.lineage),
        "alignments": jsonable(analysis.alignments),
        "quotes": jsonable(analysis.quotes),
        "facts": jsonable(analysis.facts),
        "findings": jsonable(analysis.findings),
        "brief": analysis.brief if brief is None else brief,
    }
    if analysis.failure is not None:
        entry["failure"] = jsonable(analysis.failure)
    return entry


def write_brief(analysis: StoryAnalysis, documents: Mapping[str, Document], max_sentences: int = 6) -> str:
    """Write the Markdown brief of an analysed story.

    Args:
        analysis: the story's analysis (facts, findings, quotes, lineage, alignments, sentences).
        documents: the story's documents by id.
        max_sentences: at most this many "what happened" sentences
            (``report.max_brief_sentences``).

    Returns:
        Markdown: what happened (agreed facts with their source versions), then
        what differs (drift, altered quotes, framing, unsupported claims,
        citation problems) with the versions and the exact text.

    Example:
        >>> from storytrace.records import Story
        >>> a = StoryAnalysis(story=Story("s", ("d",)), sentences={})
        >>> write_brief(a, {"d": Document(id="d", source="x.txt", text="Hi.")}).splitlines()[0]
        '### What happened'
    """
    docs = {
        d: document_entry(documents[d], analysis.sentences.get(d, ()))
        for d in analysis.story.document_ids
        if d in documents
    }
    return brief_markdown(story_entry(analysis), docs, max_sentences=max_sentences)


def build_report(
    documents: Sequence[Document],
    analyses: Sequence[StoryAnalysis],
    rejections: Sequence[Rejected] = (),
    settings: Settings | None = None,
    *,
    version: str | None = None,
    created: str | None = None,
) -> dict[str, Any]:
    """Assemble the report dict, each story's brief written now (``report.max_brief_sentences``).

    A story that was never analysed (no sentences) keeps its stored, empty brief.

    Args:
        documents: every document the stories refer to.
        analyses: one analysis per story, in the order to report them.
        rejections: inputs that were rejected; they appear in ``documents``
            with an empty text and ``rejected`` set.
        settings: the run's settings (their digest is recorded).
        version: the storytrace version to record.
        created: ISO timestamp; now when None.

    Returns:
        A JSON-ready dict valid against ``schema/report-v1.json``.
    """
    from .. import __version__

    settings = settings or Settings()
    sentences = {doc_id: s for a in analyses for doc_id, s in a.sentences.items()}
    entries = [document_entry(d, sentences.get(d.id, ())) for d in documents]
    by_id = {e["id"]: e for e in entries}
    seen = {(d.id, d.source) for d in documents}
    for item in rejections:
        if (item.id, item.source) not in seen:
            entries.append(_rejected_entry(item))
            seen.add((item.id, item.source))
    return {
        "schema": SCHEMA,
        "generator": {
            "name": "storytrace",
            "version": version or __version__,
            "settings_digest": settings.digest(),
        },
        "created": created or datetime.now(UTC).replace(microsecond=0).isoformat(),
        "documents": entries,
        "stories": [_story_with_brief(a, by_id, settings.report.max_brief_sentences) for a in analyses],
    }


def _story_with_brief(analysis: StoryAnalysis, entries: Mapping[str, dict[str, Any]], max_sentences: int) -> dict[str, Any]:
    """A story entry with its brief written from the report's own document entries."""
    entry = story_entry(analysis)
    if analysis.sentences:
        docs = {d: entries[d] for d in analysis.story.document_ids if d in entries}
        entry["brief"] = brief_markdown(entry, docs, max_sentences=max_sentences)
    return entry
