"""The web app in process (httpx ASGI transport): pages, JSON API, auth, limits, escaping."""

from __future__ import annotations

import asyncio
import json

import pytest

pytest.importorskip("fastapi", reason="the web extra (fastapi) is not installed")
httpx = pytest.importorskip("httpx")

from storytrace.settings import Settings  # noqa: E402
from storytrace.store import open_store  # noqa: E402
from storytrace.web.app import CSP, create_app  # noqa: E402
from test_report_render import make_analysis  # noqa: E402

TOKEN = "s3cret-token"


def filled_store():
    analysis, docs = make_analysis()
    store = open_store(":memory:")
    store.add_documents(list(docs.values()))
    store.replace_stories([analysis.story])
    store.save_analysis(analysis)
    return store


def call(app, method: str, url: str, **kwargs) -> httpx.Response:
    async def go():
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            return await client.request(method, url, **kwargs)

    return asyncio.run(go())


@pytest.fixture()
def app():
    return create_app(Settings({"web.token": TOKEN, "web.max_request_bytes": 5000}), ":memory:", store=filled_store())


def test_story_list_page_and_api_with_filters(app):
    r = call(app, "GET", "/")
    assert r.status_code == 200 and "Forty rescued" in r.text
    assert r.headers["content-security-policy"] == CSP
    assert "<script>" not in r.text and '<script src="/static/app.js" defer></script>' in r.text
    api = call(app, "GET", "/api/stories").json()
    assert api["total"] == 1 and api["stories"][0]["versions"] == 3 and api["stories"][0]["findings"] == 1
    assert call(app, "GET", "/api/stories", params={"language": "pt"}).json()["total"] == 1
    assert call(app, "GET", "/api/stories", params={"language": "de"}).json()["total"] == 0
    assert call(app, "GET", "/api/stories", params={"q": "SEGUNDA feira"}).json()["total"] == 1
    assert call(app, "GET", "/api/stories", params={"q": "volcano"}).json()["total"] == 0
    assert call(app, "GET", "/api/stories", params={"has_findings": "false"}).json()["total"] == 0
    assert call(app, "GET", "/api/stories", params={"date_from": "2025-06-01", "date_to": "2025-06-30"}).json()["total"] == 1
    assert call(app, "GET", "/api/stories", params={"date_from": "2026-01-01"}).json()["total"] == 0
    bad = call(app, "GET", "/api/stories", params={"date_from": "June"})
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "invalid_parameter"
    # the page accepts the empty values an HTML form submits
    assert call(app, "GET", "/?q=&language=&date_from=&date_to=&has_findings=").status_code == 200


def test_story_page_has_brief_lineage_facts_and_picker(app):
    r = call(app, "GET", "/stories/s1")
    assert r.status_code == 200
    html = r.text
    assert "What happened" in html and "What differs" in html
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="lineage"' in html and 'class="node latent"' in html
    assert 'class="fact"' in html and 'data-docs="da db dc"' in html
    assert 'action="/stories/s1/compare"' in html
    assert "Rescue &lt;b&gt;bold&lt;/b&gt;" in html and "<b>bold</b>" not in html
    api = call(app, "GET", "/api/stories/s1").json()
    assert api["labels"] == {"da": "001", "db": "002", "dc": "003", "dchild": "002#1"}
    assert {d["id"] for d in api["documents"]} == {"da", "db", "dc", "dchild"}
    assert api["brief"]["happened"][0]["text"] == "Officials said 40 people were rescued on Monday."
    # the stored analysis has no brief: it is written when the story is read
    brief = api["story"]["brief"]
    assert "1. Officials said 40 people were rescued on **Monday**." in brief
    assert "~~Another story about something else entirely.~~" in brief  # db's appended article, set aside
    assert call(app, "GET", "/stories/nope").status_code == 404
    missing = call(app, "GET", "/api/stories/nope")
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"


def test_compare_page_and_api(app):
    r = call(app, "GET", "/stories/s1/compare", params={"a": "da", "b": "db"})
    assert r.status_code == 200 and 'class="num-changed"' in r.text and "quote-altered" in r.text
    api = call(app, "GET", "/api/stories/s1/compare", params={"a": "da", "b": "dc"}).json()
    assert api["cross_language"] is True and api["rows"][0]["label"] == "translation"
    assert call(app, "GET", "/api/stories/s1/compare", params={"a": "da"}).status_code == 422
    assert call(app, "GET", "/api/stories/s1/compare", params={"a": "da", "b": "zz"}).status_code == 404


def test_document_page_shows_removed_content_and_escapes(app):
    r = call(app, "GET", "/documents/db")
    assert r.status_code == 200
    assert "<del>Share this on Twitter</del>" in r.text and "share line" in r.text
    assert "<details><summary><strong>appended</strong>" in r.text and 'href="/documents/dchild"' in r.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in r.text and "<script>alert" not in r.text
    api = call(app, "GET", "/api/documents/db").json()
    assert api["story"] == "s1" and api["label"] == "002" and {x["kind"] for x in api["removed"]} == {"clutter", "appended"}
    child = call(app, "GET", "/api/documents/dchild").json()
    assert child["document"]["parent"] == "db"
    assert call(app, "GET", "/api/documents/none").status_code == 404


def test_openapi_and_static(app):
    spec = call(app, "GET", "/openapi.json").json()
    assert {"/api/stories", "/api/stories/{story_id}", "/api/stories/{story_id}/compare", "/api/documents/{doc_id}", "/api/documents"} <= set(spec["paths"])
    assert "application/json" in spec["paths"]["/api/documents"]["post"]["requestBody"]["content"]
    docs = call(app, "GET", "/api/docs")
    assert docs.status_code == 200 and "/api/documents" in docs.text and "<script>" not in docs.text
    assert call(app, "GET", "/docs").status_code == 404  # no CDN-loading Swagger page
    js = call(app, "GET", "/static/app.js")
    assert js.status_code == 200 and js.headers["content-type"].startswith("text/javascript")
    assert "innerHTML" not in js.text and "eval(" not in js.text
    assert call(app, "GET", "/static/style.css").headers["content-type"].startswith("text/css")


def test_ingest_refusals_are_clear_json(app):
    url = "/api/documents"
    r = call(app, "POST", url, json={"text": "hello"})
    assert r.status_code == 401 and r.json()["error"]["code"] == "unauthorized" and r.headers["www-authenticate"].startswith("Bearer")
    r = call(app, "POST", url, json={"text": "hello"}, headers={"Authorization": "Bearer wrong"})
    assert r.status_code == 401
    auth = {"Authorization": f"Bearer {TOKEN}"}
    r = call(app, "POST", url, json={"text": "x" * 6000}, headers=auth)
    assert r.status_code == 413 and r.json()["error"]["code"] == "too_large"
    async def chunks():
        for _ in range(10):
            yield b"x" * 1000

    r = call(app, "POST", url, content=chunks(), headers={**auth, "Content-Type": "text/plain"})
    assert r.status_code == 413 and "content-length" not in {k.lower() for k in r.request.headers}
    r = call(app, "POST", url, content=b"{not json", headers={**auth, "Content-Type": "application/json"})
    assert r.status_code == 422 and r.json()["error"]["code"] == "invalid_json"
    for body in ([1, 2], {"text": "a", "url": "https://x.org"}, {}, {"text": 5}, {"txt": "a"}, {"url": "ftp://x"}):
        r = call(app, "POST", url, json=body, headers=auth)
        assert r.status_code == 422, body
        assert r.json()["error"]["message"]
    r = call(app, "POST", url, content=b"\x00\x01", headers={**auth, "Content-Type": "application/octet-stream"})
    assert r.status_code == 422


def test_ingest_disabled_without_token_and_reading_can_be_closed():
    store = filled_store()
    open_app = create_app(Settings(), ":memory:", store=store)
    r = call(open_app, "POST", "/api/documents", json={"text": "hello"}, headers={"Authorization": "Bearer x"})
    assert r.status_code == 403 and r.json()["error"]["code"] == "ingest_disabled"
    closed = create_app(Settings({"web.token": TOKEN, "web.read_token_required": True}), ":memory:", store=store)
    assert call(closed, "GET", "/api/stories").status_code == 401
    assert call(closed, "GET", "/stories/s1").status_code == 401
    ok = call(closed, "GET", "/api/stories", headers={"Authorization": f"Bearer {TOKEN}"})
    assert ok.status_code == 200 and ok.json()["total"] == 1


def test_ingest_text_and_html_store_and_escape():
    store = open_store(":memory:")
    app = create_app(Settings({"web.token": TOKEN}), ":memory:", store=store)
    auth = {"Authorization": f"Bearer {TOKEN}"}
    payload = ("Officials in the harbour town said 40 people were rescued on Monday after the storm. "
               "<script>window.__xss = 1</script> The mayor <img src=x onerror=\"window.__xss=2\"> promised help.")
    r = call(app, "POST", "/api/documents", json={"text": payload, "title": "<b>Storm</b>", "source": "api-test"}, headers=auth)
    assert r.status_code == 201, r.text
    body = r.json()
    assert len(body["added"]) == 1
    doc_id = body["added"][0]
    members = [call(app, "GET", f"/api/stories/{s}").json()["story"]["documents"] for s in body["stories"]]
    assert any(doc_id in m for m in members)
    again = call(app, "POST", "/api/documents", json={"text": payload, "title": "<b>Storm</b>", "source": "api-test"}, headers=auth)
    assert again.status_code == 200 and again.json()["existing"] == [doc_id]
    page = call(app, "GET", f"/documents/{doc_id}").text
    assert "<script>window" not in page and "&lt;script&gt;" in page
    assert "<img src=x" not in page and "&lt;img" in page
    html = call(app, "POST", "/api/documents", content="<html><body><article><h1>Flood</h1><p>" + "Rescuers reached the valley on Tuesday and found survivors. " * 3 + "</p></article></body></html>",
                headers={**auth, "Content-Type": "text/html"})
    assert html.status_code == 201, html.text
    short = call(app, "POST", "/api/documents", json={"text": "Too short."}, headers=auth)
    assert short.status_code == 422 and short.json()["error"]["code"] == "rejected"
    assert short.json()["error"]["rejected"][0]["reason"]


def test_missing_web_extra_is_a_clear_error(monkeypatch):
    import sys

    from storytrace.errors import MissingExtra

    monkeypatch.setitem(sys.modules, "fastapi", None)  # as if not installed
    with pytest.raises(MissingExtra, match=r"storytrace\[web\]"):
        create_app(Settings(), ":memory:")
    monkeypatch.setitem(sys.modules, "uvicorn", None)
    from storytrace.web.app import serve

    with pytest.raises(MissingExtra):
        serve(Settings(), ":memory:")


def test_ingest_url_from_a_loopback_server_and_refusal_of_private_addresses():
    import http.server
    import threading

    page = ("<html><head><title>Bridge reopens</title></head><body><article><h1>Bridge reopens</h1><p>"
            + "Engineers reopened the river bridge on Friday after repairs that took 14 weeks. " * 3
            + "</p></article></body></html>").encode()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(page)))
            self.end_headers()
            self.wfile.write(page)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_address[1]}/bridge.html"
    auth = {"Authorization": f"Bearer {TOKEN}"}
    try:
        refused = create_app(Settings({"web.token": TOKEN}), ":memory:", store=open_store(":memory:"))
        r = call(refused, "POST", "/api/documents", json={"url": url}, headers=auth)
        assert r.status_code == 422 and r.json()["error"]["rejected"][0]["reason"] == "refused_address"
        allowed = create_app(Settings({"web.token": TOKEN, "ingest.allow_private_addresses": True}), ":memory:",
                             store=open_store(":memory:"))
        r = call(allowed, "POST", "/api/documents", json={"url": url}, headers=auth)
        assert r.status_code == 201, r.text
        doc = call(allowed, "GET", f"/api/documents/{r.json()['added'][0]}").json()
        assert "reopened the river bridge" in json.dumps(doc)
    finally:
        server.shutdown()
