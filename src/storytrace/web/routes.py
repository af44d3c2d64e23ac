"""Routes of the web app (imported only when FastAPI is installed).

:func:`build_app` makes the FastAPI app and hands it to one function per
group of routes (errors, static files, stories, side by side, documents,
ingest); each gets the :class:`_Site`, which holds what every route needs.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import __version__
from ..errors import NotFound, StorytraceError
from ..report.render_html import comparison_pairs, jinja_env, story_context, stylesheet
from ..report.views import document_view, side_by_side, version_labels
from ..settings import Settings
from ..text.isodate import parse_iso_date
from .common import SECURITY_HEADERS, Refused, error_body, static_text, token_matches
from .data import StoryData

TOKEN_COOKIE = "storytrace_token"


class IngestRequest(BaseModel):
    """Exactly one of ``text``, ``html`` or ``url``; the rest is optional metadata."""

    text: str | None = Field(None, description="Plain text or Markdown of one article.")
    html: str | None = Field(None, description="HTML of one article page.")
    url: str | None = Field(None, description="An http(s) URL to fetch (private addresses are refused unless ingest.allow_private_addresses).")
    title: str | None = None
    source: str | None = Field(None, description="How the document is named in reports (default api:<content id>).")
    published: str | None = Field(None, description="ISO date, YYYY-MM-DD.")
    language: str | None = Field(None, description="ISO 639-1 code, if known.")
    author: str | None = None
    site_name: str | None = None


_ALLOWED_FIELDS = set(IngestRequest.model_fields)
_INGEST_SCHEMA = IngestRequest.model_json_schema()


def _href(doc_id: str) -> str:
    return f"/documents/{doc_id}"


def _parse_date(name: str, value: str | None) -> date | None:
    if not value:
        return None
    parsed = parse_iso_date(value, whole=True)
    if parsed is None:
        raise Refused(422, "invalid_parameter", f"{name} must be a date like 2025-06-18, got {value!r}")
    return parsed


def _parse_bool(name: str, value: str | None) -> bool | None:
    if value in (None, "", "any"):
        return None
    lowered = value.lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise Refused(422, "invalid_parameter", f"{name} must be true or false, got {value!r}")


def _story_query(
    q: str | None = None,
    language: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    has_findings: str | None = None,
) -> dict[str, str | None]:
    """The story list's query parameters as given (a dependency of both list routes).

    They are parsed by :func:`_filters` inside the route, after the read check,
    so a reader without the token hears 401 before any complaint about a date.
    """
    return {"q": q, "language": language, "date_from": date_from, "date_to": date_to, "has_findings": has_findings}


StoryQuery = Annotated[dict[str, str | None], Depends(_story_query)]


def _filters(q, language, date_from, date_to, has_findings) -> dict[str, Any]:
    return {
        "q": q or None,
        "language": language or None,
        "date_from": _parse_date("date_from", date_from),
        "date_to": _parse_date("date_to", date_to),
        "has_findings": _parse_bool("has_findings", has_findings),
    }


class _Site:
    """What every route needs: store access, settings, page rendering and the read check."""

    def __init__(self, data: StoryData, settings: Settings):
        self.data = data
        self.settings = settings
        self.web = settings.web
        self.env = jinja_env("storytrace.web")

    def page(self, request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
        html = self.env.get_template(name).render(request_path=request.url.path, version=__version__, **context)
        return HTMLResponse(html, status_code=status)

    def refusal(self, request: Request, status: int, code: str, message: str, headers=None, **extra) -> Response:
        """A JSON error under /api (and for /openapi.json), an error page elsewhere."""
        if request.url.path.startswith("/api/") or request.url.path == "/openapi.json":
            return JSONResponse(error_body(status, code, message, **extra), status_code=status, headers=headers)
        resp = self.page(request, "error.html", status=status, status_code=status, code=code, message=message)
        for k, v in (headers or {}).items():
            resp.headers[k] = v
        return resp

    def check_read(self, request: Request) -> None:
        web = self.web
        if web.read_token_required and not token_matches(
            web.token, request.headers.get("authorization"), request.cookies.get(TOKEN_COOKIE)
        ):
            raise Refused(401, "unauthorized", "reading needs the bearer token (web.read_token_required is on)",
                          {"WWW-Authenticate": 'Bearer realm="storytrace"'})


def build_app(data: StoryData, settings: Settings) -> FastAPI:
    """Wire the routes over ``data`` (see :func:`storytrace.web.app.create_app`)."""
    app = FastAPI(
        title="storytrace",
        version=__version__,
        description="Follow one news story through its versions: stories, briefs, lineage, side-by-side versions, documents.",
        docs_url=None,  # Swagger UI needs a CDN and inline script; /api/docs is a plain page instead
        redoc_url=None,
    )
    site = _Site(data, settings)
    _add_error_handlers(app, site)
    _add_static_routes(app)
    _add_story_routes(app, site)
    _add_compare_routes(app, site)
    _add_document_routes(app, site)
    _add_ingest_routes(app, site)
    return app


def _add_error_handlers(app: FastAPI, site: _Site) -> None:
    """Every error through one shape (JSON or page), and the security headers on every response."""
    refusal = site.refusal

    @app.exception_handler(Refused)
    async def _refused(request: Request, exc: Refused):
        return refusal(request, exc.status, exc.code, exc.message, exc.headers, **exc.extra)

    @app.exception_handler(NotFound)
    async def _not_found(request: Request, exc: NotFound):
        return refusal(request, 404, "not_found", str(exc))

    @app.exception_handler(StorytraceError)
    async def _storytrace_error(request: Request, exc: StorytraceError):
        return refusal(request, 400, exc.code, str(exc))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError):
        problems = [{"where": ".".join(str(x) for x in e.get("loc", ())), "problem": e.get("msg")} for e in exc.errors()]
        return refusal(request, 422, "invalid_request", "the request does not have the expected shape", problems=problems)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException):
        code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
        return refusal(request, exc.status_code, code, str(exc.detail))

    @app.middleware("http")
    async def security_headers(request: Request, call_next):
        response = await call_next(request)
        for k, v in SECURITY_HEADERS.items():
            response.headers.setdefault(k, v)
        return response


def _add_static_routes(app: FastAPI) -> None:
    """The stylesheet (the HTML report's own), the one script, and an empty favicon."""
    @app.get("/static/style.css", include_in_schema=False)
    def style_css() -> Response:
        return Response(stylesheet(), media_type="text/css; charset=utf-8", headers={"Cache-Control": "max-age=300"})

    @app.get("/static/app.js", include_in_schema=False)
    def app_js() -> Response:
        return Response(static_text("app.js"), media_type="text/javascript; charset=utf-8", headers={"Cache-Control": "max-age=300"})

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        return Response(status_code=204)


def _add_story_routes(app: FastAPI, site: _Site) -> None:
    """The story list and one story (page, JSON and lineage SVG)."""
    data, settings, page, check_read = site.data, site.settings, site.page, site.check_read

    @app.get("/api/stories", summary="List stories (search and filters)", tags=["stories"])
    def api_stories(request: Request, query: StoryQuery) -> dict[str, Any]:
        """Stories with their version count, languages, dates and finding count.

        ``q`` searches titles and texts (accents and case ignored); ``language`` keeps
        stories with a version in that language; ``date_from``/``date_to`` (ISO dates)
        keep stories published in the range; ``has_findings`` is true or false.
        """
        check_read(request)
        filters = _filters(**query)
        rows = data.list_stories(**filters)
        return {"stories": rows, "total": len(rows), "filters": {k: (v.isoformat() if isinstance(v, date) else v) for k, v in filters.items()}}

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def stories_page(request: Request, query: StoryQuery):
        check_read(request)
        filters = _filters(**query)
        rows = data.list_stories(**filters)
        return page(request, "stories.html", stories=rows, filters=filters, languages=data.languages(),
                    raw={k: v or "" for k, v in query.items()})

    # -- story ----------------------------------------------------------------------

    def story_payload(story_id: str) -> dict[str, Any]:
        story, docs = data.story(story_id)
        ctx = story_context(story, docs, _href, settings.report.max_brief_sentences, with_pairs=False)
        return {"story": story, "documents": docs, "ctx": ctx}

    @app.get("/api/stories/{story_id}", summary="One story: brief, lineage, facts, findings, versions", tags=["stories"])
    def api_story(request: Request, story_id: str) -> dict[str, Any]:
        """The story as in report v1 (``story``, ``documents``), plus ``labels``, the brief
        outline (``brief``: what happened, what differs) and a ``summary``."""
        check_read(request)
        p = story_payload(story_id)
        ctx = p["ctx"]
        return {
            "summary": ctx["summary"],
            "labels": ctx["labels"],
            "brief": ctx["outline"],
            "story": p["story"],
            "documents": list(p["documents"].values()),
            "lineage_svg": f"/stories/{story_id}/lineage.svg",
        }

    @app.get("/stories/{story_id}", response_class=HTMLResponse, include_in_schema=False)
    def story_page(request: Request, story_id: str):
        check_read(request)
        p = story_payload(story_id)
        ids = p["story"]["documents"]
        pairs = comparison_pairs(p["story"], p["ctx"]["outline"]["base"])
        a, b = pairs[0] if pairs else (ids[0] if ids else "", ids[1] if len(ids) > 1 else "")
        return page(request, "story.html", s=p["ctx"], docs=p["documents"], href=_href, default_a=a, default_b=b)

    @app.get("/stories/{story_id}/lineage.svg", include_in_schema=False)
    def lineage_file(request: Request, story_id: str):
        check_read(request)
        p = story_payload(story_id)
        return Response(str(p["ctx"]["svg"]), media_type="image/svg+xml")


def _add_compare_routes(app: FastAPI, site: _Site) -> None:
    """Two versions of a story side by side (page and JSON)."""
    data, page, check_read = site.data, site.page, site.check_read

    def compare_payload(story_id: str, a: str | None, b: str | None) -> dict[str, Any]:
        story, docs = data.story(story_id)
        ids = story["documents"]
        if not a or not b:
            raise Refused(422, "invalid_parameter", "pick two versions: ?a=<document id>&b=<document id>")
        for name, value in (("a", a), ("b", b)):
            if value not in ids:
                raise Refused(404, "not_found", f"{name}={value!r} is not a version of story {story_id}")
        view = side_by_side(story, docs, a, b)
        labels = version_labels(docs.values())  # the same set as the story page, so the same labels
        return {"story": story, "docs": docs, "view": view, "labels": labels}

    @app.get("/api/stories/{story_id}/compare", summary="Two versions side by side", tags=["stories"])
    def api_compare(request: Request, story_id: str, a: str | None = None, b: str | None = None) -> dict[str, Any]:
        """Aligned sentence rows of versions ``a`` and ``b``; each side is a list of
        segments ``{text, classes, title}`` (classes: del, ins, num, num-changed,
        anchor, quote-altered)."""
        check_read(request)
        p = compare_payload(story_id, a, b)
        return {"story": story_id, "labels": p["labels"], **p["view"]}

    @app.get("/stories/{story_id}/compare", response_class=HTMLResponse, include_in_schema=False)
    def compare_page(request: Request, story_id: str, a: str | None = None, b: str | None = None):
        check_read(request)
        p = compare_payload(story_id, a, b)
        title = p["story"].get("title") or story_id
        return page(request, "compare.html", story=p["story"], docs=p["docs"], view=p["view"], labels=p["labels"],
                    href=_href, title=title)


def _add_document_routes(app: FastAPI, site: _Site) -> None:
    """One document (page and JSON)."""
    data, page, check_read = site.data, site.page, site.check_read

    def document_payload(doc_id: str) -> dict[str, Any]:
        doc, story, docs = data.document(doc_id)
        labels = version_labels(docs.values())
        return {"document": doc, "story": story, "docs": docs, "labels": labels, "view": document_view(doc, story)}

    @app.get("/api/documents/{doc_id}", summary="One document: clean text, removed content, findings", tags=["documents"])
    def api_document(request: Request, doc_id: str) -> dict[str, Any]:
        """The document as in report v1, the story it belongs to, its findings and
        what cleaning removed (``removed``: kind, reason, text, child)."""
        check_read(request)
        p = document_payload(doc_id)
        return {
            "document": p["document"],
            "story": p["story"]["id"] if p["story"] else None,
            "label": p["labels"].get(doc_id),
            "findings": p["view"]["findings"],
            "removed": p["view"]["removed"],
        }

    @app.get("/documents/{doc_id}", response_class=HTMLResponse, include_in_schema=False)
    def document_page(request: Request, doc_id: str):
        check_read(request)
        p = document_payload(doc_id)
        return page(request, "document.html", doc=p["document"], story=p["story"], view=p["view"], labels=p["labels"], href=_href)


def _add_ingest_routes(app: FastAPI, site: _Site) -> None:
    """``POST /api/documents`` and the plain ``/api/docs`` page that describes the API."""
    data, page, web = site.data, site.page, site.web
    ingest_schema = _INGEST_SCHEMA

    @app.post(
        "/api/documents",
        summary="Ingest one document (text, HTML or URL)",
        tags=["documents"],
        status_code=201,
        openapi_extra={
            "requestBody": {
                "required": True,
                "content": {
                    "application/json": {"schema": ingest_schema},
                    "text/plain": {"schema": {"type": "string"}},
                    "text/html": {"schema": {"type": "string"}},
                },
            },
            "security": [{"bearer": []}],
            "responses": {
                "200": {"description": "Already stored"},
                "401": {"description": "Missing or wrong bearer token"},
                "403": {"description": "Ingest over the API is disabled (web.token is empty)"},
                "413": {"description": "Body larger than web.max_request_bytes"},
                "422": {"description": "Malformed body, or the document was rejected"},
            },
        },
    )
    async def api_ingest(request: Request) -> Response:
        """Needs ``Authorization: Bearer <web.token>``. JSON ``{"text"|"html"|"url": ..., "title"?, "source"?,
        "published"?, "language"?}``, or a raw ``text/plain`` / ``text/html`` body. The store is
        regrouped and reanalysed; the answer lists added/existing/rejected ids and their stories."""
        body = await _authorised_body(request, web)
        payload = _payload(body, request.headers.get("content-type", ""))
        result = await run_in_threadpool(data.ingest, payload)
        if not result["added"] and not result["existing"]:
            raise Refused(422, "rejected", "the document was rejected", rejected=result["rejected"])
        return JSONResponse(result, status_code=201 if result["added"] else 200)

    # -- API description ------------------------------------------------------------

    @app.get("/api/docs", response_class=HTMLResponse, include_in_schema=False)
    def api_docs(request: Request):
        spec = app.openapi()
        endpoints = [
            {"method": method.upper(), "path": path, "summary": op.get("summary", ""), "description": op.get("description", ""),
             "parameters": [(p["name"], p.get("in"), p.get("required", False)) for p in op.get("parameters", [])]}
            for path, ops in spec["paths"].items()
            for method, op in ops.items()
        ]
        return page(request, "api_docs.html", endpoints=endpoints, ingest_schema=json.dumps(ingest_schema, indent=2))


async def _authorised_body(request: Request, web: Any) -> bytes:
    """The body of an ingest request, after the token check and within ``web.max_request_bytes``."""
    if not web.token:
        raise Refused(403, "ingest_disabled", "ingest over the API is off: set web.token to enable it")
    if not token_matches(web.token, request.headers.get("authorization")):
        raise Refused(401, "unauthorized", "POST /api/documents needs 'Authorization: Bearer <token>' with the web.token setting",
                      {"WWW-Authenticate": 'Bearer realm="storytrace"'})
    limit = int(web.max_request_bytes)
    declared = request.headers.get("content-length")
    if declared is not None:
        try:
            too_big = int(declared) > limit
        except ValueError:
            raise Refused(422, "invalid_request", "Content-Length is not a number") from None
        if too_big:
            raise Refused(413, "too_large", f"the body has {declared} bytes; the limit is {limit} (web.max_request_bytes)", limit=limit)
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise Refused(413, "too_large", f"the body is larger than {limit} bytes (web.max_request_bytes)", limit=limit)
    return bytes(body)


def _payload(body: bytes, content_type: str) -> dict[str, Any]:
    """The ingest payload from a request body, or a 422 saying what is wrong."""
    kind = content_type.split(";")[0].strip().lower()
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise Refused(422, "invalid_body", "the body is not UTF-8 text") from None
    if kind in ("text/plain", "text/markdown"):
        payload: Any = {"text": text}
    elif kind == "text/html":
        payload = {"html": text}
    elif kind in ("application/json", ""):
        try:
            payload = json.loads(text)
        except json.JSONDecodeError as exc:
            raise Refused(422, "invalid_json", f"the body is not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") from None
        if not isinstance(payload, dict):
            raise Refused(422, "invalid_body", "the JSON body must be an object with one of text, html or url")
    else:
        raise Refused(422, "unsupported_media_type", f"send application/json, text/plain or text/html, not {kind!r}")
    unknown = sorted(set(payload) - _ALLOWED_FIELDS)
    if unknown:
        raise Refused(422, "invalid_body", f"unknown fields: {', '.join(unknown)}", allowed=sorted(_ALLOWED_FIELDS))
    for key, value in payload.items():
        if value is not None and not isinstance(value, str):
            raise Refused(422, "invalid_body", f"field {key!r} must be a string")
    given = [k for k in ("text", "html", "url") if payload.get(k) not in (None, "")]
    if len(given) != 1:
        raise Refused(422, "invalid_body", "give exactly one of text, html or url" + (f" (got {', '.join(given)})" if given else ""))
    if given == ["url"] and not payload["url"].lower().startswith(("http://", "https://")):
        raise Refused(422, "invalid_body", "url must start with http:// or https://")
    if not payload[given[0]].strip():
        raise Refused(422, "invalid_body", f"{given[0]} is empty")
    return payload
