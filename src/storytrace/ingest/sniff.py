"""Which reader handles a payload: by file extension AND by content.

Extensions lie (``.txt`` files holding HTML, ``.xml`` holding a feed or not);
contents are ambiguous (a JSON string is also text).  So content decides when
it is unambiguous (WARC header, gzip magic, a feed root element, an HTML
document), and the extension breaks the remaining ties.
"""

from __future__ import annotations

import json
import re

__all__ = ["sniff_format"]

_HTML_EXT = {".html", ".htm", ".xhtml", ".shtml", ".php", ".asp", ".aspx"}
_MD_EXT = {".md", ".markdown", ".mdown", ".mkd"}
_JSON_EXT = {".json"}
_JSONL_EXT = {".jsonl", ".ndjson", ".jsonlines"}
_FEED_EXT = {".rss", ".atom", ".rdf"}
_TEXT_EXT = {".txt", ".text"}

_FEED_RE = re.compile(rb"<(rss|feed|rdf:RDF)[\s>]", re.I)
_HTML_RE = re.compile(rb"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<(p|div|article|section|h1|h2|br|span|a)[\s>/]", re.I)
_MD_RE = re.compile(r"^(#{1,6} \S|\[[^\]]+\]\([^)]+\)|```|\* \S|- \S)", re.M)


def _suffixes(name: str | None) -> list[str]:
    if not name:
        return []
    base = name.rsplit("/", 1)[-1].split("?", 1)[0].lower()
    parts = base.split(".")[1:]
    return ["." + p for p in parts]


def sniff_format(data: bytes, name: str | None = None, content_type: str | None = None) -> str:
    """Guess the reader for ``data``.

    Returns one of ``gzip``, ``warc``, ``json``, ``jsonl``, ``feed``, ``html``,
    ``markdown``, ``text``.

    >>> sniff_format(b"WARC/1.0\\r\\nWARC-Type: warcinfo\\r\\n")
    'warc'
    >>> sniff_format(b'{"id": 1, "text": "x"}\\n{"id": 2, "text": "y"}\\n', "a.txt")
    'jsonl'
    >>> sniff_format(b"<html><body><p>Hi</p></body></html>", "page.txt")
    'html'
    >>> sniff_format(b"# Title\\n\\nBody", "notes.md")
    'markdown'
    """
    suffixes = _suffixes(name)
    last = suffixes[-1] if suffixes else ""
    ctype = (content_type or "").split(";", 1)[0].strip().lower()
    if data[:2] == b"\x1f\x8b":
        return "gzip"
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"WARC/"):
        return "warc"
    if head[:1] in (b"{", b"["):
        kind = _json_kind(data)
        if kind:
            return kind
        if last in _JSON_EXT | _JSONL_EXT or ctype.endswith("json"):
            return "jsonl" if last in _JSONL_EXT or b"\n{" in data else "json"
    elif last in _JSONL_EXT or last in _JSON_EXT:
        return "jsonl" if last in _JSONL_EXT else "json"
    if _FEED_RE.search(head) and (head.startswith(b"<?xml") or head[:5].lower() in (b"<rss ", b"<rss>", b"<feed") or last in _FEED_EXT | {".xml"}):
        return "feed"
    if ctype in {"application/rss+xml", "application/atom+xml"}:
        return "feed"
    if last in _HTML_EXT or ctype in {"text/html", "application/xhtml+xml"}:
        return "html"
    # prose that merely mentions a tag is rare; markup-heavy heads are HTML
    if _HTML_RE.search(head) and (head.startswith(b"<") or len(_HTML_RE.findall(head)) >= 3):
        return "html"
    if last in _MD_EXT or ctype == "text/markdown":
        return "markdown"
    if last in _TEXT_EXT or ctype == "text/plain":
        return "text"
    try:
        sample = data[:4096].decode("utf-8", "ignore")
    except Exception:  # pragma: no cover
        sample = ""
    if len(_MD_RE.findall(sample)) >= 2:
        return "markdown"
    return "text"


def _json_kind(data: bytes) -> str | None:
    """``json`` when the whole payload parses, ``jsonl`` when its lines are objects."""
    try:
        json.loads(data)
        return "json"
    except RecursionError:
        return "json"  # JSON nested too deeply to read: the JSON reader rejects it with that reason
    except (ValueError, UnicodeDecodeError):
        pass
    lines = [ln.strip() for ln in data.splitlines()[:20] if ln.strip()]
    if len(lines) >= 2 and sum(ln.startswith(b"{") for ln in lines) >= max(2, len(lines) // 2):
        return "jsonl"
    return None
