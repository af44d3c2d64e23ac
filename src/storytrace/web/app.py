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

from typing import TYPE_CHECKING, Any

from ..errors import MissingExtra
from ..settings import Settings
from .common import CSP, error_body, require_web, static_text, token_matches
from .data import StoryData

if TYPE_CHECKING:  # pragma: no cover
    from fastapi import FastAPI

# CSP, StoryData, error_body, static_text and token_matches live in .common and
# .data (so that .routes does not import this module); they stay importable here.
__all__ = ["CSP", "StoryData", "create_app", "error_body", "serve", "static_text", "token_matches"]


def create_app(settings: Settings, store_url: str, *, store: Any = None) -> FastAPI:
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
    require_web()
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
