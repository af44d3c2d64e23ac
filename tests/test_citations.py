"""Cited URLs: offline evidence (citations.extraction), the offline audit (citations.audit) and the
optional online check on loopback only.  The internal-address rule it shares with URL fetching is
tests/test_netsafety.py."""

from __future__ import annotations

import datetime as dt
import socket
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

import pytest

from storytrace.citations import (
    CitationChecker,
    anachronistic_citation,
    citation_findings,
    estimate_id_date,
    find_citations,
    offtopic_citation,
    online_citation_findings,
    story_topic,
    story_vocabulary,
    url_date,
    url_slug_words,
)
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


_OFF_TOPIC = "https://www.aljazeera.com/news/2019/4/18/cooking-recipes-for-summer-garden-parties"


def test_audit_dates_and_topic_of_a_cited_address():
    text = f"North Korea will send workers to Russia. See {_OFF_TOPIC} today."
    (fact,) = find_citations(text)
    doc = Document("d", "x", text, language="en", published="2025-06-18")
    old = anachronistic_citation(doc, fact, dt.date(2025, 6, 18), 365)
    assert old is not None and (old.kind, old.text) == ("anachronistic_citation", _OFF_TOPIC)
    assert old.detail == "cited page dated 2019-04-18 (from its address), more than 365 days before the story (2025-06-18)"
    assert text[old.start:old.end] == _OFF_TOPIC
    assert anachronistic_citation(doc, fact, dt.date(2019, 6, 18), 365) is None  # two months is not old
    assert anachronistic_citation(doc, fact, None, 365) is None  # no story date, no judgement
    topic = story_topic([doc], {"d": [fact]})
    assert topic.vocabulary == {"north", "korea", "will", "send", "workers", "to", "russia", "see", "today"}
    off = offtopic_citation(doc, fact, topic)
    assert off is not None and off.detail == (
        "only 0 of 5 topic words of the cited address occur in the story (cooking, recipes, summer, garden, parties)"
    )
    assert [f.kind for f in citation_findings([doc], {"d": [fact]}, Settings())] == ["anachronistic_citation", "offtopic_citation"]


def test_story_vocabulary_keeps_hyphenated_words_and_their_parts():
    assert story_vocabulary(["North-Korean troops", "Coréia"]) == {"north-korean", "north", "korean", "troops", "coreia"}


def test_literal_internal_addresses_are_malformed_citations():
    for url in ("http://224.0.0.1/a-b-c", "http://0.0.0.0/a-b-c", "http://169.254.169.254/latest"):
        (fact,) = find_citations(f"See {url} today.")
        assert fact.attrs["malformed"] == "points at a private or local address", url
    (public,) = find_citations("See http://93.184.215.14/a-b-c today.")
    assert "private" not in public.attrs.get("malformed", "")


def test_old_import_paths_still_work():
    import storytrace.citations as citations
    import storytrace.facts.citations as facts_citations
    from storytrace.facts import find_citations as from_facts

    assert facts_citations.find_citations is citations.find_citations is from_facts
    assert facts_citations.ID_DATE_MARGIN_DAYS == citations.ID_DATE_MARGIN_DAYS


@pytest.mark.parametrize("module", ["storytrace.citations.extraction", "storytrace.facts", "storytrace.clean"])
def test_citations_and_facts_import_in_any_order(module):
    # facts imports the citation extractor, which uses the fact record: either may come first
    code = f"import {module}, storytrace.facts, storytrace.citations; print(storytrace.facts.find_citations.__module__)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "storytrace.citations.extraction"


# ---------------------------------------------------------------- the checker's address rule


def _resolver(address: str):
    """A stand-in for socket.getaddrinfo that resolves every name to ``address``."""
    def resolve(host, port, type=0):
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))]
    return resolve


def test_checker_refuses_a_name_that_resolves_inside_and_reports_bad_ports(tmp_path):
    checker, _ = _checker(tmp_path, resolver=_resolver("192.168.1.20"))
    with checker:
        assert checker.check("http://intranet.example/page").error == "refused_address"
        assert checker.check("http://news.example:99999/page").error == "malformed"
        assert checker.check("http://[::1/page").error == "malformed"  # urlsplit itself refuses it
        assert checker.check("mailto:someone@news.example").error == "malformed"


# ---------------------------------------------------------------- online, loopback only


class _Handler(BaseHTTPRequestHandler):
    hits: ClassVar[list[str]] = []

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
    checker, _ = _checker(tmp_path, allow_private=True)
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
    # the second request to the host waits out the whole interval (the fake clock stands still)
    assert fake.slept == [2.0]


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


@pytest.mark.parametrize(
    "text, url",
    [
        ("Bitte beachten Sie die Originalmeldung auf www.sedar.com, www.asx.com.au/ oder auf der Firmenwebsite.",
         "www.asx.com.au/"),
        ("The filing is on https://www.sec.gov/ and on the company's site.", "https://www.sec.gov/"),
        ("Voir https://www.lemonde.fr/politique/ et ailleurs.", "https://www.lemonde.fr/politique/"),
        ("Más en https://elpais.com/internacional/ o en la radio.", "https://elpais.com/internacional/"),
    ],
)
def test_a_word_after_a_url_is_not_part_of_it(text, url):
    assert url in [f.text for f in find_citations(text)]
    assert all(f.attrs.get("malformed") is None for f in find_citations(text))


def test_a_path_piece_after_a_broken_url_still_joins_it():
    (f,) = find_citations("See https://www.dw.com/en/portugal-volunteers/ a-71902213 today.")
    assert f.text.endswith("a-71902213") and f.attrs["malformed"] == "contains a space"
