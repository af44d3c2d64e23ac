"""Read and write access to one store, shaped for the web pages (no HTTP here)."""

from __future__ import annotations

import threading
from collections.abc import Iterable
from datetime import date
from typing import Any

from ..errors import NotFound
from ..records import RawDocument, Rejected
from ..settings import Settings
from ..text.fold import fold

__all__ = ["StoryData", "payload_documents"]


class StoryData:
    """Read and write access to one store, shaped for pages (no HTTP here)."""

    def __init__(self, settings: Settings, store: Any):
        self.settings = settings
        self.store = store
        self._write = threading.Lock()  # one ingest + reanalysis at a time

    # -- reading ------------------------------------------------------------------

    def _documents(self) -> dict[str, Any]:
        return {d.id: d for d in self.store.iter_documents()}

    def _stored(self, document_id: str) -> Any | None:
        """The stored document, or None when it is gone."""
        try:
            return self.store.get_document(document_id)
        except NotFound:
            return None

    def _children(self, ids: Iterable[str]) -> list[Any]:
        """The articles split off from the documents ``ids``."""
        return [c for i in ids for c in self.store.children(i)]

    def list_stories(
        self,
        q: str | None = None,
        language: str | None = None,
        date_from: date | None = None,
        date_to: date | None = None,
        has_findings: bool | None = None,
    ) -> list[dict[str, Any]]:
        from ..report.build import document_entry, story_entry
        from ..report.views import story_summary

        documents = self._documents()
        entries = {i: document_entry(d) for i, d in documents.items()}
        rows = []
        words = fold(q).split()  # every word must occur somewhere in the story
        for story in self.store.stories():
            analysis = self.store.get_analysis(story.id)
            entry = story_entry(analysis) if analysis is not None else {"id": story.id, "title": story.title, "documents": list(story.document_ids)}
            summary = story_summary(entry, entries)
            docs = [documents[i] for i in story.document_ids if i in documents]
            if words:
                haystack = " ".join(fold(x) for x in [summary["title"], *(d.title for d in docs), *(d.text for d in docs)])
                if not all(w in haystack for w in words):
                    continue
            if language and language not in summary["languages"]:
                continue
            if date_from and not (summary["last_published"] and summary["last_published"] >= date_from.isoformat()):
                continue
            if date_to and not (summary["first_published"] and summary["first_published"] <= date_to.isoformat()):
                continue
            if has_findings is not None and bool(summary["findings"]) != has_findings:
                continue
            rows.append(summary)
        rows.sort(key=lambda r: (-(r["versions"]), r["title"]))
        return rows

    def languages(self) -> list[str]:
        return sorted({d.language for d in self.store.iter_documents() if d.language})

    def story(self, story_id: str) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
        """The report entry of one story and its documents (split-off children included)."""
        from ..records import StoryAnalysis
        from ..report.build import document_entry, story_entry, write_brief

        story = self.store.get_story(story_id)
        analysis = self.store.get_analysis(story.id) or StoryAnalysis(story=story, sentences={})
        docs = [self.store.get_document(i) for i in story.document_ids]
        docs += [c for c in self._children(story.document_ids) if c.id not in story.document_ids]
        for parent in {d.parent for d in docs if d.parent} - {d.id for d in docs}:
            # a split-off article's story links back to the page it came from
            docs += [p for p in [self._stored(parent)] if p is not None]
        entries = {d.id: document_entry(d, analysis.sentences.get(d.id, ())) for d in docs}
        # the brief is written at report time; a story never analysed keeps its stored one
        brief = (
            write_brief(analysis, {d.id: d for d in docs}, self.settings.report.max_brief_sentences)
            if analysis.sentences
            else analysis.brief
        )
        return story_entry(analysis, brief), entries

    def story_of(self, document_id: str) -> str | None:
        for story in self.store.stories():
            if document_id in story.document_ids:
                return story.id
        return None

    def document(self, document_id: str) -> tuple[dict[str, Any], dict[str, Any] | None, dict[str, dict[str, Any]]]:
        """A document entry, the story entry it belongs to (or None) and the entries it links to."""
        from ..report.build import document_entry

        doc = self.store.get_document(document_id)  # NotFound propagates
        story_id = self.story_of(document_id) or (doc.parent and self.story_of(doc.parent))
        if story_id:
            story, entries = self.story(story_id)
            if document_id not in entries:
                entries[document_id] = document_entry(doc)
            return entries[document_id], story, entries
        entries = {doc.id: document_entry(doc)}
        for c in self._children([doc.id]):
            entries[c.id] = document_entry(c)
        parent = self._stored(doc.parent) if doc.parent else None
        if parent is not None:
            entries[parent.id] = document_entry(parent)
        return entries[doc.id], None, entries

    # -- writing ------------------------------------------------------------------

    def ingest(self, payload: dict[str, Any]) -> dict[str, Any]:
        """Ingest one text, HTML or URL payload, then regroup and reanalyse.

        The documents go through the runner's ingest loop
        (:func:`storytrace.runners.local.store_documents`), cleaned in this
        process.  Returns ``{"added", "existing", "rejected", "stories"}``.
        """
        from ..runners.local import reanalyze, store_documents

        raws = list(payload_documents(payload, self.settings))  # a URL is fetched before the lock is taken
        with self._write:
            result = store_documents(raws, self.store, self.settings, workers=1)
            if result.added:
                reanalyze(self.store, self.settings)
        stories = sorted({s for s in (self.story_of(i) for i in result.document_ids) if s})
        return {
            "added": result.added,
            "existing": result.existing,
            "rejected": [{"source": r.source, "reason": r.reason, "detail": r.detail} for r in result.rejected],
            "stories": stories,
        }


def payload_documents(payload: dict[str, Any], settings: Settings) -> list[RawDocument | Rejected]:
    """The raw documents of an ingest payload: a fetched ``url``, or one ``text``/``html`` body with its metadata."""
    from ..ingest.common import make_meta, text_document
    from ..pipeline import READ
    from ..records import content_id

    if payload.get("url"):
        return list(READ.run([payload["url"]], settings))
    meta = {k: payload.get(k) for k in ("title", "published", "language", "author", "site_name") if payload.get(k)}
    fmt = "html" if payload.get("html") is not None else "text"
    data = (payload.get(fmt) or "").encode("utf-8")
    source = payload.get("source") or f"api:{content_id(data)}"
    return [text_document(data, source, fmt, make_meta(meta), settings)]
