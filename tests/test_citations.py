"""Cited URLs: offline evidence (citations.extraction), the optional online check on loopback only,
and the internal-address rule (netsafety) the check shares with URL fetching."""

from __future__ import annotations

import datetime as dt
import ipaddress
import socket
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from storytrace.citations import (
    CitationChecker,
    estimate_id_date,
    find_citations,
    online_citation_findings,
    url_date,
    url_slug_words,
)
from storytrace.netsafety import address_refusal, find_internal_address, is_internal_address, url_refusal
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


def test_literal_internal_addresses_are_malformed_citations():
    for url in ("http://224.0.0.1/a-b-c", "http://0.0.0.0/a-b-c", "http://169.254.169.254/latest"):
        (fact,) = find_citations(f"See {url} today.")
        assert fact.attrs["malformed"] == "points at a private or local address", url
    (public,) = find_citations("See http://93.184.215.14/a-b-c today.")
    assert "private" not in public.attrs.get("malformed", "")


def test_old_import_paths_still_work():
    import storytrace.citations as citations
    import storytrace.facts.citations as facts_citations
    from storytrace import netsafety
    from storytrace.facts import find_citations as from_facts
    from storytrace.ingest.fetch import address_refusal as from_fetch

    assert facts_citations.find_citations is citations.find_citations is from_facts
    assert facts_citations.ID_DATE_MARGIN_DAYS == citations.ID_DATE_MARGIN_DAYS
    assert from_fetch is netsafety.address_refusal


@pytest.mark.parametrize("module", ["storytrace.citations.extraction", "storytrace.facts", "storytrace.clean"])
def test_citations_and_facts_import_in_any_order(module):
    # facts imports the citation extractor, which uses the fact record: either may come first
    code = f"import {module}, storytrace.facts, storytrace.citations; print(storytrace.facts.find_citations.__module__)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "storytrace.citations.extraction"


# ---------------------------------------------------------------- netsafety


def _resolver(address: str):
    def resolve(host, port, type=0):
        family = socket.AF_INET6 if ":" in address else socket.AF_INET
        return [(family, socket.SOCK_STREAM, 6, "", (address, port))]
    return resolve


def test_internal_addresses_every_kind_and_both_forms_of_mapped_ipv4():
    for text in ("10.1.2.3", "127.0.0.1", "169.254.169.254", "0.0.0.0", "224.0.0.1", "240.0.0.1", "::1", "fe80::1",
                 "fc00::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1", "::ffff:169.254.169.254"):
        assert is_internal_address(ipaddress.ip_address(text)), text
    for text in ("93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c"):
        assert not is_internal_address(ipaddress.ip_address(text)), text


def test_host_names_are_judged_by_what_they_resolve_to():
    assert find_internal_address("news.example", 80, _resolver("10.0.0.7")) == ipaddress.ip_address("10.0.0.7")
    assert find_internal_address("news.example", 80, _resolver("93.184.215.14")) is None
    assert url_refusal("https://news.example/a", False, _resolver("fe80::1%1"))[0] == "refused_address"
    assert url_refusal("https://news.example/a", True, _resolver("10.0.0.7")) is None
    assert url_refusal("ftp://news.example/a", True) == ("fetch_failed", "ftp://news.example/a is not an http(s) URL")


def test_unresolvable_host_is_a_fetch_failure_even_when_its_name_says_private():
    def fail(host, port, type=0):
        raise socket.gaierror("Name or service not known")

    reason, detail = url_refusal("http://private.example/x", False, fail)
    assert (reason, detail) == ("fetch_failed", "private.example does not resolve: Name or service not known")
    assert address_refusal("http://127.0.0.1:8000/x", allow_private=False).endswith("a private/loopback/link-local/reserved address")


def test_checker_refuses_a_name_that_resolves_inside_and_reports_bad_ports(tmp_path):
    checker, _ = _checker(tmp_path, resolver=_resolver("192.168.1.20"))
    with checker:
        assert checker.check("http://intranet.example/page").error == "refused_address"
        assert checker.check("http://news.example:99999/page").error == "malformed"
        assert checker.check("http://[::1/page").error == "malformed"  # urlsplit itself refuses it
        assert checker.check("mailto:someone@news.example").error == "malformed"


# ---------------------------------------------------------------- online, loopback only


class _Handler(BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_HEAD(self):
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

    def do_GET(self):
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
