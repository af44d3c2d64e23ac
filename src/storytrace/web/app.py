"""The web service: story list, story, side-by-side and document pages, and their JSON API.

Thin by design: every page asks the store for records, reshapes them with
:mod:`storytrace.report.build` and :mod:`storytrace.report.views` (the same
code that writes the HTML report) and renders a template.  The only write is
``POST /api/documents``, which calls the same ingest, clean and reanalysis
functions as ``storytrace trace``.

Security: Jinja2 autoescapes everything that comes from a document; every
response carries a strict Content-Security-Policy (``script-src 'self'``, no
inline script or style anywhere); the one script, ``/static/app.js``, only
toggles CSS classes.  FastAPI's bundled Swagger page loads its code from a CDN
and runs inline script, so it is switched off: ``/openapi.json`` is the
machine-readable description and ``/api/docs`` lists it as a plain page.

FastAPI and uvicorn come with the ``web`` extra; they are imported when
:func:`create_app` or :func:`serve` is called, never at package import.
"""

from __future__ import annotations

import hmac
import threading
from datetime import date
from importlib import resources
from typing import TYPE_CHECKING, Any, Iterable

from unidecode import unidecode

from ..errors import MissingExtra, NotFound
from ..settings import Settings

if TYPE_CHECKING:  # pragma: no cover
    from fastapi import FastAPI

__all__ = ["CSP", "StoryData", "create_app", "error_body", "serve", "static_text", "token_matches"]

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
_SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}


def _require_web():
    try:
        import fastapi  # noqa: F401
        import jinja2  # noqa: F401
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise MissingExtra(exc.name or "fastapi", "web", "storytrace serve") from None


def _fold(text: str | None) -> str:
    return unidecode(text or "").casefold()


class StoryData:
    """Read and write access to one store, shaped for pages (no HTTP here)."""

    def __init__(self, settings: Settings, store: Any):
        self.settings = settings
        self.store = store
        self._write = threading.Lock()  # one ingest + reanalysis at a time

    # -- reading ------------------------------------------------------------------

    def _documents(self) -> dict[str, Any]:
        return {d.id: d for d in self.store.iter_documents()}

    def _children(self, ids: Iterable[str], documents: dict[str, Any] | None = None) -> list[Any]:
        ids = list(ids)
        children = getattr(self.store, "children", None)
        if children is not None:
            return [c for i in ids for c in children(i)]
        documents = documents if documents is not None else self._documents()
        wanted = set(ids)
        return [d for d in documents.values() if d.parent in wanted]

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
        words = _fold(q).split()  # every word must occur somewhere in the story
        for story in self.store.stories():
            analysis = self.store.get_analysis(story.id)
            entry = story_entry(analysis) if analysis is not None else {"id": story.id, "title": story.title, "documents": list(story.document_ids)}
            summary = story_summary(entry, entries)
            docs = [documents[i] for i in story.document_ids if i in documents]
            if words:
                haystack = " ".join(_fold(x) for x in [summary["title"], *(d.title for d in docs), *(d.text for d in docs)])
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
        from ..report.build import document_entry, story_entry

        story = self.store.get_story(story_id)
        analysis = self.store.get_analysis(story_id) or StoryAnalysis(story=story, sentences={})
        docs = [self.store.get_document(i) for i in story.document_ids]
        docs += [c for c in self._children(story.document_ids) if c.id not in story.document_ids]
        for parent in {d.parent for d in docs if d.parent} - {d.id for d in docs}:
            try:  # a split-off article's story links back to the page it came from
                docs.append(self.store.get_document(parent))
            except NotFound:
                pass
        entries = {d.id: document_entry(d, analysis.sentences.get(d.id, ())) for d in docs}
        return story_entry(analysis), entries

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
        if doc.parent:
            try:
                entries[doc.parent] = document_entry(self.store.get_document(doc.parent))
            except NotFound:
                pass
        return entries[doc.id], None, entries

    # -- writing ------------------------------------------------------------------

    def ingest(self, payload: dict[str, Any]) -> dict[str, Any]:
        """Ingest one text, HTML or URL payload, then regroup and reanalyse.

        Returns ``{"added", "existing", "rejected", "stories"}``.
        """
        from ..clean import clean_document
        from ..ingest import iter_documents
        from ..ingest.common import make_meta, text_document
        from ..records import Rejected, content_id
        from ..runners.local import reanalyze

        meta = {k: payload.get(k) for k in ("title", "published", "language", "author", "site_name") if payload.get(k)}
        if payload.get("url"):
            raws = list(iter_documents([payload["url"]], self.settings))
        else:
            fmt = "html" if payload.get("html") is not None else "text"
            data = (payload.get("html") if fmt == "html" else payload.get("text")).encode("utf-8")
            source = payload.get("source") or f"api:{content_id(data)}"
            raws = [text_document(data, source, fmt, make_meta(meta), self.settings)]
        documents, rejected, existing = [], [], []
        with self._write:
            for raw in raws:
                if isinstance(raw, Rejected):
                    rejected.append(raw)
                    continue
                if self.store.has_document(raw.id):
                    existing.append(raw.id)
                    continue
                for item in clean_document(raw, self.settings):
                    (rejected if isinstance(item, Rejected) else documents).append(item)
            added = self.store.add_documents(documents) if documents else None
            if rejected:
                self.store.add_rejections(rejected)
            if added and added.added:
                reanalyze(self.store, self.settings)
        ids = (added.added + added.existing if added else []) + existing
        stories = sorted({s for s in (self.story_of(i) for i in ids) if s})
        return {
            "added": added.added if added else [],
            "existing": (added.existing if added else []) + existing,
            "rejected": [{"source": r.source, "reason": r.reason, "detail": r.detail} for r in rejected],
            "stories": stories,
        }


def create_app(settings: Settings, store_url: str, *, store: Any = None) -> "FastAPI":
    """Build the FastAPI application over the store at ``store_url``.

    Args:
        settings: the ``web.*`` settings (token, size limit, read access) and
            the pipeline settings used when documents are ingested over the API.
        store_url: where the store is (see :func:`storytrace.store.open_store`).
        store: an already opened store to use instead (tests).

    Returns:
        The ASGI app; run it with :func:`serve` or any ASGI server.

    Raises:
        MissingExtra: FastAPI is not installed (``pip install 'storytrace[web]'``).

    Example:
        >>> from storytrace.settings import Settings
        >>> app = create_app(Settings(), ":memory:")  # doctest: +SKIP
    """
    _require_web()
    from .routes import build_app

    if store is None:
        from ..store import open_store

        store = open_store(store_url)
    return build_app(StoryData(settings, store), settings)


def serve(settings: Settings, store_url: str, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Serve the web app with uvicorn until interrupted.

    Raises:
        MissingExtra: FastAPI or uvicorn is not installed.
    """
    try:
        import uvicorn
    except ImportError:
        raise MissingExtra("uvicorn", "web", "storytrace serve") from None
    uvicorn.run(create_app(settings, store_url), host=host, port=port, log_level="info")


def static_text(name: str) -> str:
    """A file of ``storytrace.web/static``."""
    return resources.files("storytrace.web").joinpath("static", name).read_text(encoding="utf-8")


def error_body(status: int, code: str, message: str, **extra: Any) -> dict[str, Any]:
    """The one JSON shape of every API error."""
    return {"error": {"status": status, "code": code, "message": message, **extra}}


def token_matches(expected: str, header: str | None, cookie: str | None = None) -> bool:
    """Constant-time check of a ``Bearer`` header (or the token cookie) against the setting."""
    if not expected:
        return False
    given = None
    if header and header[:7].lower() == "bearer ":
        given = header[7:].strip()
    elif cookie:
        given = cookie
    return given is not None and hmac.compare_digest(given.encode(), expected.encode())
