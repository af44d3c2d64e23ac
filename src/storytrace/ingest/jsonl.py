"""JSON and JSON Lines records: one object, a list of objects, or one object per line."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from ..records import RawDocument, Rejected
from ..settings import Settings
from .common import iso_date, make_meta, reject, text_document

__all__ = ["KNOWN_FIELDS", "iter_json_records"]

#: Fields read into ``RawDocument.meta``; anything else goes to ``meta["extra"]``.
KNOWN_FIELDS = {"id", "url", "title", "text", "html", "published", "language", "source", "author", "site_name"}
#: Known fields that must be text: a number is written out, anything else is kept in ``extra`` as ``<field>_given``.
_TEXT_FIELDS = ("url", "title", "author", "site_name", "language")


_SURROGATE = re.compile("[\ud800-\udfff]")


def _clean_strings(value: Any) -> Any:
    """``value`` without lone surrogates ("\\ud800": valid JSON, but half of a character that cannot be stored)."""
    if isinstance(value, str):
        return _SURROGATE.sub("", value) if _has_surrogate(value) else value
    if isinstance(value, dict):
        return {_clean_strings(k): _clean_strings(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_clean_strings(v) for v in value]
    return value


def _has_surrogate(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _text_fields(record: dict[str, Any]) -> dict[str, Any]:
    """The record with its text fields as text: numbers written out, other values moved to ``<field>_given``."""
    out = dict(record)
    for key in _TEXT_FIELDS:
        value = out.get(key)
        if value is None or isinstance(value, str):
            continue
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            out[key] = str(value)
        else:
            out[f"{key}_given"] = out.pop(key)
    return out


def _record_to_document(record: Any, source: str, settings: Settings) -> RawDocument | Rejected:
    record = _clean_strings(record)
    if isinstance(record, dict):
        record = _text_fields(record)
    if not isinstance(record, dict):
        return reject(source, "malformed", f"expected a JSON object, got {type(record).__name__}",
                      json.dumps(record, default=str).encode())
    text, html = record.get("text"), record.get("html")
    if (html is not None and not isinstance(html, str)) or (text is not None and not isinstance(text, str)):
        return reject(source, "malformed", "'text' and 'html' must be strings",
                      json.dumps(record, default=str, sort_keys=True).encode())
    if not (text and text.strip()) and not (html and html.strip()):
        if text is None and html is None:
            return reject(source, "malformed", "record has neither 'text' nor 'html'",
                          json.dumps(record, default=str, sort_keys=True).encode())
        return reject(source, "empty", "record text is empty")
    fmt, body = ("html", html) if html and html.strip() else ("text", text or "")
    extra = {k: v for k, v in record.items() if k not in KNOWN_FIELDS}
    rec_source = record.get("source")
    if rec_source is not None:
        extra["source"] = rec_source
    site = record.get("site_name")
    if not site and isinstance(rec_source, str) and "://" not in rec_source and "/" not in rec_source:
        site = rec_source
    meta = make_meta(
        title=record.get("title"),
        url=record.get("url"),
        published=iso_date(record.get("published")),
        language=(str(record["language"]).strip().lower() or None) if record.get("language") else None,
        author=record.get("author"),
        site_name=site,
        id=str(record["id"]) if record.get("id") is not None else None,
        extra=extra,
    )
    return text_document(body.encode("utf-8"), source, fmt, meta, settings)


def iter_json_records(data: bytes, source: str, settings: Settings, *, lines: bool) -> Iterator[RawDocument | Rejected]:
    """Read records from a JSON file (one object or a list) or a JSON Lines file.

    A malformed line becomes ``Rejected(reason="malformed")`` and the rest go on.
    Record sources are ``source#<id>`` (or ``source#<line/position number>``).

    Args:
        data: the file's bytes.
        source: the file path or URL.
        settings: for the raw-level limits.
        lines: True for JSON Lines.

    Returns:
        An iterator of documents and rejections.
    """
    text = data.decode("utf-8-sig", errors="replace")
    if not lines:
        try:
            parsed = json.loads(text)
        except RecursionError:
            yield reject(source, "malformed", "invalid JSON: nested too deeply to read", data)
            return
        except ValueError as exc:
            # a .json file that is really JSON Lines
            if "\n" in text.strip():
                yield from iter_json_records(data, source, settings, lines=True)
                return
            yield reject(source, "malformed", f"invalid JSON: {exc}", data)
            return
        records = parsed if isinstance(parsed, list) else [parsed]
        for n, record in enumerate(records, 1):
            key = _clean_strings(record.get("id")) if isinstance(record, dict) else None
            yield _record_to_document(record, f"{source}#{key if key is not None else n}", settings)
        return
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except RecursionError:
            yield reject(f"{source}#{n}", "malformed", f"line {n}: invalid JSON: nested too deeply to read",
                         line.encode("utf-8", "replace"))
            continue
        except ValueError as exc:
            yield reject(f"{source}#{n}", "malformed", f"line {n}: invalid JSON: {exc}", line.encode("utf-8"))
            continue
        key = _clean_strings(record.get("id")) if isinstance(record, dict) else None
        yield _record_to_document(record, f"{source}#{key if key is not None else n}", settings)
