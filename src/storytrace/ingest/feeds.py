"""RSS and Atom feeds through feedparser: one document per entry."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from ..records import RawDocument, Rejected
from ..settings import Settings
from .common import iso_date, make_meta, reject, text_document

__all__ = ["iter_feed_entries"]


def iter_feed_entries(
    data: bytes,
    source: str,
    settings: Settings,
    fetch: Callable[[str, dict], Iterator[RawDocument | Rejected]] | None = None,
) -> Iterator[RawDocument | Rejected]:
    """Yield one document per feed entry: its content (or summary) as HTML.

    The entry's title, link (as ``url``), published/updated date, author and
    the feed's title (as ``site_name``) go to ``meta``.  With
    ``ingest.follow_links_in_feeds`` and a ``fetch`` callable, the linked page
    is fetched instead of using the entry text.

    Args:
        data: the feed XML.
        source: path or URL of the feed.
        settings: ingest settings.
        fetch: ``fetch(url, meta)`` yielding documents (used to follow links).

    Returns:
        An iterator of documents and rejections (``malformed`` when the feed
        cannot be parsed and has no entries).
    """
    import feedparser

    parsed = feedparser.parse(data)
    if not parsed.entries:
        if parsed.bozo:
            yield reject(source, "malformed", f"feed does not parse: {parsed.get('bozo_exception')}", data)
        else:
            yield reject(source, "empty", "feed has no entries", data)
        return
    site = parsed.feed.get("title") or None
    for n, entry in enumerate(parsed.entries, 1):
        key = entry.get("id") or entry.get("link") or str(n)
        entry_source = f"{source}#{key}"
        body, fmt = "", "html"
        contents = entry.get("content") or []
        if contents:
            body = "\n".join(c.get("value", "") for c in contents)
            ctype = contents[0].get("type", "text/html")
        else:
            body = entry.get("summary", "") or ""
            ctype = (entry.get("summary_detail") or {}).get("type", "text/html")
        if ctype == "text/plain":
            fmt = "text"
        date = entry.get("published_parsed") or entry.get("updated_parsed")
        meta = make_meta(
            title=entry.get("title"),
            url=entry.get("link"),
            published=iso_date(date) if date else iso_date(entry.get("published") or entry.get("updated")),
            language=(parsed.feed.get("language") or "").split("-")[0].lower() or None,
            author=entry.get("author"),
            site_name=site,
            id=entry.get("id"),
        )
        link = entry.get("link") or ""
        if settings.ingest.follow_links_in_feeds and fetch and link.startswith(("http://", "https://")):
            yield from fetch(link, meta)
            continue
        if not body.strip():
            yield reject(entry_source, "empty", "feed entry has no content or summary")
            continue
        yield text_document(body.encode("utf-8"), entry_source, fmt, meta, settings)
