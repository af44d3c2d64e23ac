"""Cited URLs: offline evidence (facts.citations) and the optional online check, on loopback only."""

from __future__ import annotations

import datetime as dt
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from storytrace.citations import CitationChecker, online_citation_findings
from storytrace.facts.citations import estimate_id_date, find_citations, url_date, url_slug_words
from storytrace.records import Document
from storytrace.settings import Settings

# ---------------------------------------------------------------- offline


def test_dates_from_paths_and_ids():
    assert url_date("https://www.reuters.com/world/x-y-2022-04-19/") == ("2022-04-19", "path")
    assert url_date("https://www.aljazeera.com/news/2022/4/18/slug-words-here") == ("2022-04-18", "path")
    assert url_date("https://example.com/2023/05/") == ("2023-05", "path")
    assert url_date("https://example.com/about") is None
    estimate = estimate_id_date("https://www.bbc.com/news/world-europe-60506682")
    assert estimate == dt.date(2022, 2, 24)  # an anchor point is exact
    later = estimate_id_date("https://www.bbc.co.uk/news/uk-64000000")
    assert dt.date(2022, 10, 1) < later < dt.date(2023, 3, 1)
    assert estimate_id_date("https://example.com/news/world-60506682") is None


def test_slug_words():
    assert url_slug_words("https://www.theguardian.com/world/besieged-ukraine-analysis") == ["besieged", "ukraine", "analysis"]
    assert url_slug_words("https://www.bbc.com/news/world") == []


def test_find_citations_markers_space_and_private():
    text = "Refs: [1] https://www.ntv.de/politik/a-b-in-Kursk- article22489714.html[2] http://10.0.0.1/a-b-c and www.example.org."
    facts = find_citations(text)
    assert [f.attrs.get("marker") for f in facts] == ["1", "2", None]
    assert facts[0].value.endswith("Kursk-article22489714.html")
    assert facts[0].attrs["malformed"] == "contains a space"
    assert "private" in facts[1].attrs["malformed"]
    assert facts[2].text == "www.example.org"
    for f in facts:
        assert text[f.start:f.end] == f.text


# ---------------------------------------------------------------- online, loopback only


class _Handler(BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_HEAD(self):  # noqa: N802
        type(self).hits.append(self.path)
        if self.path == "/old":
            self.send_response(301)
            self.send_header("Location", "/new")
            self.end_headers()
        elif self.path == "/new":
            self.send_response(200)
            self.end_headers()
        elif self.path == "/loop":
            self.send_response(302)
            self.send_header("Location", "/loop")
            self.end_headers()
        elif self.path == "/nohead":
            self.send_response(405)
            self.end_headers()
        else:
            self.send_response(404)
            self.end_headers()

    def do_GET(self):  # noqa: N802
        type(self).hits.append("GET " + self.path)
        self.send_response(200 if self.path == "/nohead" else 404)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture()
def server():
    _Handler.hits = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


class _FakeTime:
    def __init__(self):
        self.now = 0.0
        self.slept: list[float] = []

    def clock(self):
        return self.now

    def sleep(self, seconds):
        self.slept.append(seconds)
        self.now += seconds


def _checker(tmp_path, fake=None, **kw):
    settings = Settings({"citations.cache": str(tmp_path / "cache.sqlite"), "citations.per_host_interval": 2.0, "citations.timeout": 5.0})
    fake = fake or _FakeTime()
    return CitationChecker(settings, clock=fake.clock, sleep=fake.sleep, **kw), fake


def test_redirects_status_and_cache(server, tmp_path):
    checker, fake = _checker(tmp_path, allow_private=True)
    with checker:
        result = checker.check(server + "/old")
        assert result.status == 200
        assert result.final_url == server + "/new"
        assert result.redirects == (server + "/old",)
        assert checker.check(server + "/missing").status == 404
        assert checker.check(server + "/nohead").status == 200
        assert checker.check(server + "/loop").error == "too_many_redirects"
        hits = len(_Handler.hits)
        assert checker.check(server + "/old") == result  # from the cache
        assert len(_Handler.hits) == hits
    # The cache survives a new checker.
    checker2, _ = _checker(tmp_path, allow_private=True)
    with checker2:
        assert checker2.check(server + "/old").status == 200
        assert len(_Handler.hits) == hits


def test_per_host_rate_limit(server, tmp_path):
    checker, fake = _checker(tmp_path, allow_private=True)
    with checker:
        checker.check(server + "/new")
        checker.check(server + "/missing")
    assert fake.slept and fake.slept[0] == pytest.approx(2.0)


def test_private_addresses_are_refused_by_default(server, tmp_path):
    checker, _ = _checker(tmp_path)
    with checker:
        assert checker.check(server + "/new").error == "refused_address"
    assert _Handler.hits == []


def test_online_findings_off_by_default_and_on(server, tmp_path):
    doc = Document("d", "d", f"See [1] {server}/missing and [2] {server}/old.", language="en")
    assert online_citation_findings([doc], Settings()) == []
    settings = Settings({"citations.online": True, "citations.cache": str(tmp_path / "c.sqlite")})
    checker = CitationChecker(settings, allow_private=True, clock=_FakeTime().clock, sleep=lambda s: None)
    with checker:
        findings = online_citation_findings([doc], settings, checker)
    assert [(f.kind, f.text) for f in findings] == [("malformed_citation", f"{server}/missing")]
    assert "HTTP 404" in findings[0].detail
