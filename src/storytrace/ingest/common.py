"""Helpers shared by the ingest readers: raw-level checks and metadata shape.

Every reader (plain files, JSON records, feed entries, WARC records, fetched
URLs) ends in :func:`text_document`, so the raw-level rejections (``empty``,
``too_large``, ``binary``, ``undecodable``) are decided in one place.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Mapping
from typing import Any

from ..kinds import RejectionReason
from ..records import RawDocument, Rejected, content_id
from ..settings import Settings
from ..text.isodate import parse_iso_date
from .decode import declared_charsets, decode_bytes, is_binary

__all__ = ["META_KEYS", "iso_date", "make_meta", "reject", "size_rejection", "text_document"]

#: The keys every ``RawDocument.meta`` carries (``None`` when unknown).
META_KEYS = ("title", "url", "published", "language", "author", "site_name", "id", "extra")

_ISO_RE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def make_meta(base: Mapping[str, Any] | None = None, **values: Any) -> dict[str, Any]:
    """A ``RawDocument.meta`` dict with every key of :data:`META_KEYS` present.

    >>> make_meta(title="T")["extra"]
    {}
    """
    meta: dict[str, Any] = {key: None for key in META_KEYS}
    meta["extra"] = {}
    for source in (base or {}), values:
        for key, value in source.items():
            if value is None or value == "":
                continue
            if key == "extra":
                meta["extra"] = {**meta["extra"], **dict(value)}
            else:
                meta[key] = value
    return meta


def iso_date(value: Any) -> str | None:
    """Normalise a date-ish value (ISO string, RFC 822, datetime, struct_time) to ``YYYY-MM-DD``.

    >>> iso_date("2025-06-18T09:30:00+09:00")
    '2025-06-18'
    >>> iso_date("Wed, 18 Jun 2025 10:00:00 GMT")
    '2025-06-18'
    >>> iso_date("not a date") is None
    True
    """
    if value is None or value == "":
        return None
    if isinstance(value, _dt.date):  # a datetime is a date: its day
        day = parse_iso_date(value)
        return day.isoformat() if day else None
    if hasattr(value, "tm_year"):  # time.struct_time from feedparser
        try:
            return _dt.date(value.tm_year, value.tm_mon, value.tm_mday).isoformat()
        except ValueError:
            return None
    if isinstance(value, (int, float)):
        try:
            return _dt.datetime.fromtimestamp(float(value), _dt.UTC).date().isoformat()
        except (OverflowError, OSError, ValueError):
            return None
    text = str(value).strip()
    if _ISO_RE.match(text):  # starts with YYYY-MM-DD: that day or, if it is no real day, None
        day = parse_iso_date(text)
        return day.isoformat() if day else None
    try:
        from email.utils import parsedate_to_datetime

        return parsedate_to_datetime(text).date().isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    try:
        import dateparser

        parsed = dateparser.parse(text, settings={"STRICT_PARSING": True, "REQUIRE_PARTS": ["year", "month", "day"]})
    except Exception:  # dateparser raises many kinds on odd input
        parsed = None
    return parsed.date().isoformat() if parsed else None


def reject(source: str, reason: RejectionReason, detail: str, data: bytes | None = None) -> Rejected:
    """A ``Rejected`` from the ingest stage; its id hashes the data, or the source without data."""
    return Rejected(
        id=content_id(data if data else source),
        source=source,
        stage="ingest",
        reason=reason,
        detail=detail,
    )


def size_rejection(data: bytes, source: str, settings: Settings) -> Rejected | None:
    """The ``too_large`` or ``empty`` rejection of a payload, or None when its size is fine.

    >>> from storytrace.settings import Settings
    >>> size_rejection(b"  ", "x.txt", Settings()).reason
    'empty'
    """
    limit = int(settings.ingest.max_bytes)
    if len(data) > limit:
        return reject(source, "too_large", f"{len(data)} bytes > ingest.max_bytes={limit}", data)
    if not data.strip():
        return reject(source, "empty", "no content", data)
    return None


def text_document(
    data: bytes,
    source: str,
    fmt: str,
    meta: Mapping[str, Any] | None,
    settings: Settings,
    *,
    content_type: str | None = None,
) -> RawDocument | Rejected:
    """Apply the raw-level checks and build a ``RawDocument``.

    Args:
        data: the payload as read.
        source: where it came from (path, URL, ``path#N``).
        fmt: ``text``, ``markdown`` or ``html``.
        meta: what the container knew (merged into :func:`make_meta`).
        settings: for ``ingest.max_bytes``.
        content_type: an HTTP/WARC ``Content-Type`` whose charset is tried first.

    Returns:
        The document, or a ``Rejected`` with reason ``empty``, ``too_large``,
        ``binary`` or ``undecodable``.
    """
    problem = size_rejection(data, source, settings)
    if problem is not None:
        return problem
    if is_binary(data):
        return reject(source, "binary", "NUL bytes, control bytes or a binary file signature", data)
    decoded = decode_bytes(data, declared_charsets(data, content_type))
    if decoded is None:
        return reject(source, "undecodable", "no encoding (UTF-8, declared, detected) gives sensible text", data)
    text, encoding = decoded
    if not text.strip():
        return reject(source, "empty", "only whitespace", data)
    full = make_meta(meta)
    if encoding.replace("_", "-").lower() not in {"utf-8", "utf8", "ascii"}:
        full["encoding"] = encoding
    return RawDocument(source=source, data=data, fmt=fmt, meta=full)  # type: ignore[arg-type]
