"""ingest: every format, every raw-level rejection, and the URL fetcher against a loopback server."""

from __future__ import annotations

import contextlib
import gzip
import io
import json
import random
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from storytrace.ingest import documents_from_bytes, iter_documents
from storytrace.ingest.decode import decode_bytes, is_binary
from storytrace.ingest.fetch import address_refusal
from storytrace.ingest.sniff import sniff_format
from storytrace.records import RawDocument, Rejected, content_id
from storytrace.settings import Settings

ARTICLE = (
    "North Korea plans to send workers to Russia\n\n"
    "SEOUL, South Korea — North Korea will send thousands of military construction workers "
    "and deminers to Russia's Kursk region, a top Russian official said Tuesday.\n"
)
HTML = (
    "<!doctype html><html><head><meta charset='utf-8'><title>Workers to Kursk</title></head>"
    "<body><article><h1>Workers to Kursk</h1><p>North Korea will send thousands of military "
    "construction workers to Russia, a top official said on Tuesday in Pyongyang.</p>"
    "<p>The workers will rebuild infrastructure in the Kursk region, officials added.</p></article></body></html>"
)


def _one(items):
    items = list(items)
    assert len(items) == 1, items
    return items[0]


def _docs(items):
    return [d for d in items if isinstance(d, RawDocument)]


def _rejections(items):
    return [d for d in items if isinstance(d, Rejected)]


# --------------------------------------------------------------------------- files and formats


def test_text_file_gives_raw_bytes_and_full_meta(tmp_path: Path):
    path = tmp_path / "story.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    doc = _one(iter_documents([path]))
    assert isinstance(doc, RawDocument)
    assert doc.fmt == "text" and doc.source == str(path)
    assert doc.data == ARTICLE.encode("utf-8") and doc.id == content_id(ARTICLE.encode())
    assert set(doc.meta) >= {"title", "url", "published", "language", "author", "site_name", "id", "extra"}


def test_markdown_and_html_by_extension_and_by_content(tmp_path: Path):
    (tmp_path / "a.md").write_text("# Title\n\nSome *text* with [a link](https://example.org).\n")
    (tmp_path / "b.html").write_text(HTML)
    (tmp_path / "c.txt").write_text(HTML)  # HTML in a .txt: content wins
    (tmp_path / "d").write_text("# Heading\n\n- item one\n- item two\n")  # no extension: markdown by content
    fmts = [d.fmt for d in iter_documents([tmp_path])]
    assert fmts == ["markdown", "html", "html", "markdown"]


def test_sniff_format_cases():
    assert sniff_format(b"plain words, nothing else", "x") == "text"
    assert sniff_format(b'<?xml version="1.0"?><rss version="2.0"><channel></channel></rss>', "f.xml") == "feed"
    assert sniff_format(b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"></feed>') == "feed"
    assert sniff_format(b'[{"text": "a"}]', "x.dat") == "json"
    assert sniff_format(gzip.compress(b"hello"), "x.gz") == "gzip"


def test_gzip_file_is_read_as_its_inner_format(tmp_path: Path):
    path = tmp_path / "page.html.gz"
    path.write_bytes(gzip.compress(HTML.encode()))
    doc = _one(iter_documents([path]))
    assert doc.fmt == "html" and doc.data == HTML.encode()


def test_directory_recursive_sorted_and_hidden_skipped(tmp_path: Path):
    (tmp_path / "b").mkdir()
    (tmp_path / ".hidden").mkdir()
    (tmp_path / "b" / "2.txt").write_text("second file with text")
    (tmp_path / "a.txt").write_text("first file with text")
    (tmp_path / "b" / "1.txt").write_text("third file with text")
    (tmp_path / ".secret.txt").write_text("hidden")
    (tmp_path / ".hidden" / "x.txt").write_text("hidden too")
    sources = [Path(d.source).relative_to(tmp_path).as_posix() for d in iter_documents([tmp_path])]
    assert sources == ["a.txt", "b/1.txt", "b/2.txt"]


def test_stdin(monkeypatch):
    fake = io.TextIOWrapper(io.BytesIO(ARTICLE.encode()), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", fake)
    doc = _one(iter_documents(["-"]))
    assert doc.source == "-" and doc.fmt == "text" and doc.data == ARTICLE.encode()


def test_json_single_object_list_and_unknown_fields(tmp_path: Path):
    one = {"id": "a1", "url": "https://x.org/a", "title": "T", "text": "Some body text here.",
           "published": "2025-06-18T10:00:00Z", "language": "EN", "source": "AP", "section": "world"}
    (tmp_path / "one.json").write_text(json.dumps(one))
    (tmp_path / "many.json").write_text(json.dumps([{"text": "first"}, {"html": "<p>second</p>", "id": 7}]))
    docs = list(iter_documents([tmp_path / "one.json", tmp_path / "many.json"]))
    first = docs[0]
    assert first.source.endswith("one.json#a1")
    assert first.meta["title"] == "T" and first.meta["url"] == "https://x.org/a"
    assert first.meta["published"] == "2025-06-18" and first.meta["language"] == "en"
    assert first.meta["id"] == "a1" and first.meta["site_name"] == "AP"
    assert first.meta["extra"] == {"section": "world", "source": "AP"}
    assert first.fmt == "text" and first.data == b"Some body text here."
    assert [d.source.rsplit("#", 1)[1] for d in docs[1:]] == ["1", "7"]
    assert docs[2].fmt == "html"


def test_jsonl_malformed_line_is_rejected_and_the_rest_go_on(tmp_path: Path):
    path = tmp_path / "records.jsonl"
    path.write_text('{"id": "x", "text": "one"}\n{not json\n\n{"text": "three"}\n{"title": "no body"}\n')
    items = list(iter_documents([path]))
    assert [type(i).__name__ for i in items] == ["RawDocument", "Rejected", "RawDocument", "Rejected"]
    assert items[0].source.endswith("#x") and items[2].source.endswith("#4")
    assert items[1].reason == "malformed" and items[1].source.endswith("#2")
    assert items[3].reason == "malformed"


def test_rss_and_atom_feeds(tmp_path: Path):
    rss = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Example News</title><language>en-us</language>
<item><title>Workers to Kursk</title><link>https://news.example.org/kursk</link><guid>k1</guid>
<pubDate>Wed, 18 Jun 2025 09:00:00 GMT</pubDate>
<description><![CDATA[<p>North Korea will send thousands of workers to Russia.</p>]]></description></item>
<item><title>Second</title><link>https://news.example.org/2</link><description>Plain summary text of the second item.</description></item>
</channel></rss>"""
    atom = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Daily</title>
<entry><title>Atom story</title><link href="https://atom.example.org/s1"/><id>urn:s1</id>
<updated>2025-06-17T12:00:00Z</updated><author><name>Jane Roe</name></author>
<content type="html">&lt;p&gt;Shoigu said North Korea decided to send 1,000 sappers.&lt;/p&gt;</content></entry></feed>"""
    (tmp_path / "news.rss").write_text(rss)
    (tmp_path / "daily.xml").write_text(atom)
    items = list(iter_documents([tmp_path / "news.rss", tmp_path / "daily.xml"]))
    assert len(items) == 3 and all(isinstance(i, RawDocument) for i in items)
    first, _second, entry = items
    assert first.fmt == "html" and b"thousands of workers" in first.data
    assert first.meta["title"] == "Workers to Kursk" and first.meta["url"] == "https://news.example.org/kursk"
    assert first.meta["published"] == "2025-06-18" and first.meta["site_name"] == "Example News"
    assert first.meta["language"] == "en" and first.source.endswith("news.rss#k1")
    assert entry.meta["title"] == "Atom story" and entry.meta["published"] == "2025-06-17"
    assert entry.meta["author"] == "Jane Roe" and entry.meta["url"] == "https://atom.example.org/s1"
    assert b"1,000 sappers" in entry.data


def _warc_bytes(gz: bool) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=gz)
    for uri, ctype, body in (
        ("https://a.example.org/story", "text/html; charset=utf-8", HTML.encode()),
        ("https://a.example.org/logo.png", "image/png", b"\x89PNG\r\n\x1a\n...."),
        ("https://a.example.org/notes.txt", "text/plain", b"Plain text payload with enough words."),
    ):
        headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
        record = writer.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=headers,
                                           warc_headers_dict={"WARC-Date": "2025-06-18T08:00:00Z"})
        writer.write_record(record)
    return buf.getvalue()


@pytest.mark.parametrize("gz", [False, True])
def test_warc_and_warc_gz(tmp_path: Path, gz: bool):
    path = tmp_path / ("crawl.warc.gz" if gz else "crawl.warc")
    path.write_bytes(_warc_bytes(gz))
    items = list(iter_documents([path]))
    assert [d.fmt for d in items] == ["html", "text"]  # the PNG response is not a document
    assert items[0].meta["url"] == "https://a.example.org/story"
    assert items[0].meta["published"] == "2025-06-18"
    assert items[0].data == HTML.encode() and items[0].source.startswith(str(path) + "#urn:uuid:")


# --------------------------------------------------------------------------- rejections


def test_raw_level_rejections(tmp_path: Path):
    rng = random.Random(7)
    files = {
        "empty.txt": b"",
        "blank.txt": b"  \n\t\n",
        "nul.txt": b"text with a NUL \x00 byte inside",
        "doc.pdf": b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj",
        "noise.txt": bytes(rng.randrange(0x80, 0x100) for _ in range(3000)),
        "big.txt": b"a" * 200,
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    settings = Settings({"ingest.max_bytes": 100})
    got = {Path(r.source).name: r for r in iter_documents([tmp_path], settings)}
    assert all(isinstance(r, Rejected) and r.stage == "ingest" for r in got.values())
    assert {k: v.reason for k, v in got.items()} == {
        "big.txt": "too_large", "blank.txt": "empty", "doc.pdf": "binary", "empty.txt": "empty",
        "noise.txt": "too_large", "nul.txt": "binary",
    }
    got = {Path(r.source).name: r.reason for r in iter_documents([tmp_path / "noise.txt"])}
    assert got == {"noise.txt": "undecodable"}
    assert got and _one(iter_documents([tmp_path / "nul.txt"])).id == content_id(files["nul.txt"])


def test_missing_path_and_stdin_size_cap(monkeypatch, tmp_path: Path):
    missing = _one(iter_documents([tmp_path / "nope.txt"]))
    assert missing.reason == "unreadable" and missing.id == content_id(str(tmp_path / "nope.txt"))
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"x" * 500)))
    assert _one(iter_documents(["-"], Settings({"ingest.max_bytes": 100}))).reason == "too_large"


def test_gzip_bomb_stops_at_the_cap(tmp_path: Path):
    path = tmp_path / "bomb.txt.gz"
    path.write_bytes(gzip.compress(b"a" * 5_000_000))
    assert _one(iter_documents([path], Settings({"ingest.max_bytes": 100_000}))).reason == "too_large"


def test_decoding_declared_and_detected_charsets():
    html = '<html><head><meta charset="windows-1252"></head><body><p>Coréia do Sul – São Paulo</p></body></html>'
    doc = _one(documents_from_bytes(html.encode("cp1252"), "x.html", Settings(), name="x.html"))
    assert doc.meta["encoding"] == "windows-1252"
    text = "Voilà une très belle journée à Montréal, où les élèves étudient la géographie. " * 3
    assert decode_bytes(text.encode("cp1252")) == (text, "cp1252")
    ru = "Северная Корея направит тысячи военных строителей в Россию. " * 2
    assert decode_bytes(ru.encode("cp1251"))[0] == ru
    assert decode_bytes("Seul – Coréia".encode("utf-8-sig"))[0] == "Seul – Coréia"
    assert decode_bytes("UTF-16 text".encode("utf-16"))[0] == "UTF-16 text"
    assert not is_binary("UTF-16 text".encode("utf-16"))


# --------------------------------------------------------------------------- URLs


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):  # keep test output quiet
        pass

    def do_GET(self):
        if self.path == "/article.html":
            body = HTML.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        elif self.path == "/feed.xml":
            base = f"http://127.0.0.1:{self.server.server_address[1]}"
            body = (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Loop</title><item><title>Linked</title>'
                    f'<link>{base}/article.html</link><description>Short teaser.</description></item></channel></rss>').encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.end_headers()
            self.wfile.write(body)
        elif self.path == "/redirect":
            self.send_response(302)
            self.send_header("Location", "/article.html")
            self.end_headers()
        elif self.path == "/big":
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()  # no Content-Length: the cap must stop the stream
            try:
                for _ in range(100):
                    self.wfile.write(b"x" * 1000)
            except OSError:
                pass
        elif self.path == "/slow":
            time.sleep(3.0)
            self.send_response(200)
            self.end_headers()
            with contextlib.suppress(OSError):
                self.wfile.write(b"late")
        else:
            self.send_response(404)
            self.end_headers()


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


ALLOW = Settings({"ingest.allow_private_addresses": True})


def test_fetch_html_and_follow_redirect(server):
    doc = _one(iter_documents([f"{server}/redirect"], ALLOW))
    assert isinstance(doc, RawDocument) and doc.fmt == "html"
    assert doc.source == f"{server}/redirect" and doc.meta["url"] == f"{server}/article.html"
    assert doc.data == HTML.encode()


def test_fetch_refuses_loopback_without_the_setting(server):
    refused = _one(iter_documents([f"{server}/article.html"], Settings()))
    assert refused.reason == "refused_address" and "127.0.0.1" in refused.detail


def test_fetch_size_cap_timeout_and_http_error(server):
    capped = Settings({"ingest.allow_private_addresses": True, "ingest.max_bytes": 10_000})
    assert _one(iter_documents([f"{server}/big"], capped)).reason == "too_large"
    slow = _one(iter_documents([f"{server}/slow"], ALLOW.replace(ingest__fetch_timeout=1.0)))
    assert slow.reason == "fetch_failed" and "timed out" in slow.detail
    assert _one(iter_documents([f"{server}/missing"], ALLOW)).reason == "fetch_failed"


def test_address_refusal_checks_every_kind_of_internal_address():
    for url in ("http://10.1.2.3/", "http://169.254.169.254/latest", "http://[::1]/", "http://0.0.0.0/",
                "http://192.168.0.1/", "http://224.0.0.1/"):
        assert address_refusal(url, allow_private=False), url
    assert address_refusal("http://93.184.215.14/", allow_private=False) is None
    assert address_refusal("ftp://example.org/", allow_private=True)


def test_feed_from_url_with_and_without_following_links(server):
    entry = _one(iter_documents([f"{server}/feed.xml"], ALLOW))
    assert entry.data == b"Short teaser." and entry.meta["site_name"] == "Loop"
    page = _one(iter_documents([f"{server}/feed.xml"], ALLOW.replace(ingest__follow_links_in_feeds=True)))
    assert page.fmt == "html" and page.data == HTML.encode()
    assert page.meta["title"] == "Linked" and page.meta["url"] == f"{server}/article.html"


def test_storytraceignore_skips_listed_files_and_folders(tmp_path):
    from storytrace.ingest import iter_documents

    (tmp_path / "notes").mkdir()
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.txt").write_text("Port reopens\n\nThe port reopened on Monday after the storm.")
    (tmp_path / "README.md").write_text("# About this folder\n\nNot an article.")
    (tmp_path / "notes" / "n.txt").write_text("A private note that is not an article at all.")
    (tmp_path / "sub" / "b.txt").write_text("Rail strike ends\n\nThe strike ended on Tuesday.")
    (tmp_path / "sub" / "skip.json").write_text("{}")
    (tmp_path / ".storytraceignore").write_text("# corpus notes\nREADME.md\nnotes/\n*.json\n")
    sources = sorted(d.source for d in iter_documents([tmp_path]))
    assert sources == [str(tmp_path / "a.txt"), str(tmp_path / "sub" / "b.txt")]
