"""WARC and WARC.gz archives through warcio: one document per HTML/text response."""

from __future__ import annotations

import io
from collections.abc import Iterator

from ..records import RawDocument, Rejected
from ..settings import Settings
from .common import iso_date, make_meta, reject, text_document

__all__ = ["iter_warc_records"]

_TEXT_TYPES = {"text/html": "html", "application/xhtml+xml": "html", "text/plain": "text", "text/markdown": "markdown"}


def iter_warc_records(data: bytes, source: str, settings: Settings) -> Iterator[RawDocument | Rejected]:
    """Yield a document per ``response`` (or ``resource``) record with an HTML or text payload.

    ``url`` comes from ``WARC-Target-URI``, ``published`` from ``WARC-Date``
    (the capture date: the best a crawl knows).  Other payloads (images,
    scripts, styles) are not documents and are skipped.

    Args:
        data: the archive bytes (gzip or not; warcio handles both).
        source: the archive path or URL; records become ``source#<WARC-Record-ID>``.
        settings: ingest settings.

    Returns:
        An iterator of documents and rejections (``malformed`` for a broken archive).
    """
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    try:
        for n, record in enumerate(ArchiveIterator(io.BytesIO(data)), 1):
            if record.rec_type not in ("response", "resource"):
                continue
            if record.http_headers is not None:
                status = record.http_headers.get_statuscode()
                if status and not str(status).startswith("2"):
                    continue
                ctype = record.http_headers.get_header("Content-Type") or ""
            else:
                ctype = record.rec_headers.get_header("Content-Type") or ""
            fmt = _TEXT_TYPES.get(ctype.split(";", 1)[0].strip().lower())
            if fmt is None:
                continue
            payload = record.content_stream().read(settings.ingest.max_bytes + 1)
            rid = record.rec_headers.get_header("WARC-Record-ID") or str(n)
            meta = make_meta(
                url=record.rec_headers.get_header("WARC-Target-URI"),
                published=iso_date(record.rec_headers.get_header("WARC-Date")),
            )
            yield text_document(payload, f"{source}#{rid.strip('<>')}", fmt, meta, settings, content_type=ctype)
    except (ArchiveLoadFailed, ValueError, OSError, EOFError) as exc:
        yield reject(source, "malformed", f"WARC archive cannot be read: {exc}", data)
