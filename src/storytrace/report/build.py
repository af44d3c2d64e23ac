"""Build the ``storytrace.report/v1`` report as plain data.

The report is the contract between storytrace and everything downstream
(renderers, the web app, other tools); ``docs/report-format.md`` documents it
and ``storytrace/schema/report-v1.json`` checks it.  This module only reshapes
records into that form: no I/O, no rendering.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, Iterable, Sequence

from ..records import Document, Rejected, StoryAnalysis
from ..serialize import jsonable
from ..settings import Settings

__all__ = ["SCHEMA", "build_report", "document_entry", "story_entry"]

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


def story_entry(analysis: StoryAnalysis) -> dict[str, Any]:
    """One entry of the report's ``stories`` list."""
    story = analysis.story
    return {
        "id": story.id,
        "title": story.title,
        "documents": list(story.document_ids),
        "links": jsonable(story.links),
        "lineage": jsonable(analysis.lineage),
        "alignments": jsonable(analysis.alignments),
        "quotes": jsonable(analysis.quotes),
        "facts": jsonable(analysis.facts),
        "findings": jsonable(analysis.findings),
        "brief": analysis.brief,
    }


def build_report(
    documents: Sequence[Document],
    analyses: Sequence[StoryAnalysis],
    rejections: Sequence[Rejected] = (),
    settings: Settings | None = None,
    *,
    version: str | None = None,
    created: str | None = None,
) -> dict[str, Any]:
    """Assemble the report dict.

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
        "created": created or datetime.now(timezone.utc).replace(microsecond=0).isoformat(),
        "documents": entries,
        "stories": [story_entry(a) for a in analyses],
    }
