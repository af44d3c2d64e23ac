"""The I/O edge: read paths, URLs and stdin into ``RawDocument`` values.

    >>> from storytrace.ingest import iter_documents
    >>> docs = list(iter_documents(["articles/"]))     # doctest: +SKIP

Formats are recognised by extension and by content (see :mod:`.sniff`):
plain text, Markdown, HTML, JSON / JSON Lines records, RSS / Atom feeds,
WARC / WARC.gz archives, and gzip-compressed files of any of these.  Bad
input is never an exception: it becomes a ``Rejected`` value with a reason
(``empty``, ``binary``, ``undecodable``, ``too_large``, ``malformed``,
``fetch_failed``, ``refused_address``, ``unreadable``).
"""

from __future__ import annotations

import os
import sys
import zlib
from collections.abc import Iterable, Iterator, Mapping
from fnmatch import fnmatch
from pathlib import Path
from typing import Any

from ..records import RawDocument, Rejected
from ..settings import Settings
from .common import make_meta, reject, size_rejection, text_document
from .feeds import iter_feed_entries
from .fetch import FetchResult, fetch_url
from .jsonl import iter_json_records
from .sniff import sniff_format
from .warc import iter_warc_records

__all__ = ["documents_from_bytes", "iter_documents", "iter_input_files"]


def _is_url(value: str) -> bool:
    return value.lower().startswith(("http://", "https://"))


def _gunzip(data: bytes, limit: int) -> bytes | None:
    """Decompress at most ``limit + 1`` bytes (a gzip bomb stops at the cap)."""
    try:
        d = zlib.decompressobj(16 + zlib.MAX_WBITS)
        out = d.decompress(data, limit + 1)
        return out
    except zlib.error:
        return None


def documents_from_bytes(
    data: bytes,
    source: str,
    settings: Settings,
    *,
    name: str | None = None,
    content_type: str | None = None,
    meta: Mapping[str, Any] | None = None,
) -> Iterator[RawDocument | Rejected]:
    """Dispatch one payload to the reader its format needs.

    Args:
        data: the bytes as read.
        source: path, URL or ``-`` (used in ``RawDocument.source``).
        settings: ingest settings.
        name: a file name or URL path for extension hints.
        content_type: an HTTP ``Content-Type`` for format and charset hints.
        meta: metadata already known (e.g. the final URL of a fetch).

    Returns:
        An iterator of documents and rejections.

    >>> from storytrace.settings import Settings
    >>> [d.fmt for d in documents_from_bytes(b"<p>Hello there</p>", "x.html", Settings(), name="x.html")]
    ['html']
    """
    problem = size_rejection(data, source, settings)
    if problem is not None:
        yield problem
        return
    limit = int(settings.ingest.max_bytes)
    kind = sniff_format(data, name, content_type)
    if kind == "gzip":
        inner_name = name[:-3] if name and name.lower().endswith(".gz") else name
        if inner_name and inner_name.lower().endswith(".warc"):
            yield from iter_warc_records(data, source, settings)
            return
        inner = _gunzip(data, limit)
        if inner is None:
            yield reject(source, "binary", "gzip data that does not decompress", data)
            return
        if len(inner) > limit:
            yield reject(source, "too_large", f"decompresses to more than ingest.max_bytes={limit}", data)
            return
        if inner.lstrip().startswith(b"WARC/"):
            yield from iter_warc_records(data, source, settings)
            return
        yield from documents_from_bytes(inner, source, settings, name=inner_name, content_type=None, meta=meta)
        return
    if kind == "warc":
        yield from iter_warc_records(data, source, settings)
    elif kind in ("json", "jsonl"):
        yield from iter_json_records(data, source, settings, lines=kind == "jsonl")
    elif kind == "feed":
        yield from iter_feed_entries(data, source, settings, fetch=lambda url, m: _fetch(url, settings, m))
    else:
        yield text_document(data, source, kind, make_meta(meta), settings, content_type=content_type)


def _fetch(url: str, settings: Settings, meta: Mapping[str, Any] | None = None) -> Iterator[RawDocument | Rejected]:
    result = fetch_url(url, settings)
    if isinstance(result, Rejected):
        yield result
        return
    assert isinstance(result, FetchResult)
    path = result.url.split("?", 1)[0].split("#", 1)[0]
    name = path.rsplit("/", 1)[-1] or None
    yield from documents_from_bytes(
        result.data, url, settings, name=name, content_type=result.content_type,
        meta=make_meta(meta, url=result.url),
    )


IGNORE_FILE = ".storytraceignore"


def _ignore_patterns(directory: Path) -> list[str]:
    """Glob patterns from a directory's ``.storytraceignore`` (one a line, ``#`` comments)."""
    try:
        lines = (directory / IGNORE_FILE).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return []
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


def iter_input_files(root: Path) -> Iterator[Path]:
    """Files under ``root``, recursively, sorted, skipping hidden files and folders.

    A ``.storytraceignore`` file in any directory lists glob patterns (matched
    against paths relative to that directory, and against bare names) of
    files and folders to skip there and below, e.g. ``README.md`` or ``notes/``.
    """
    inherited: dict[str, list[tuple[Path, str]]] = {}
    for dirpath, dirnames, filenames in os.walk(root):
        here = Path(dirpath)
        patterns = inherited.get(dirpath, []) + [(here, p) for p in _ignore_patterns(here)]
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and not _ignored(here / d, True, patterns))
        for d in dirnames:
            inherited[os.path.join(dirpath, d)] = patterns
        for fname in sorted(filenames):
            if not fname.startswith(".") and not _ignored(here / fname, False, patterns):
                yield here / fname


def _ignored(path: Path, is_dir: bool, patterns: list[tuple[Path, str]]) -> bool:
    """Whether ``path`` matches one of ``patterns`` (each a base folder and a glob; "x/" only folders)."""
    for base, pattern in patterns:
        rel = path.relative_to(base).as_posix()
        if pattern.endswith("/"):
            if is_dir and (fnmatch(rel, pattern[:-1]) or fnmatch(path.name, pattern[:-1])):
                return True
        elif fnmatch(rel, pattern) or fnmatch(path.name, pattern):
            return True
    return False


def _read_limited(stream, limit: int) -> bytes:
    return stream.read(limit + 1)


def _from_path(path: Path, source: str, settings: Settings) -> Iterator[RawDocument | Rejected]:
    limit = int(settings.ingest.max_bytes)
    try:
        size = path.stat().st_size
        if size > limit:
            yield reject(source, "too_large", f"{size} bytes > ingest.max_bytes={limit}")
            return
        with path.open("rb") as handle:
            data = _read_limited(handle, limit)
    except OSError as exc:
        yield reject(source, "unreadable", f"{type(exc).__name__}: {exc}")
        return
    yield from documents_from_bytes(data, source, settings, name=path.name)


def _display_source(path: str) -> str:
    """A path as text that can be stored: bytes of a non-UTF-8 file name become ``\\xff`` escapes."""
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return os.fsencode(path).decode("utf-8", "backslashreplace")
    return path


def _guarded(documents: Iterator[RawDocument | Rejected], source: str) -> Iterator[RawDocument | Rejected]:
    """``documents``, with an unexpected failure of the reader turned into one rejection of ``source``.

    What was read before the failure is kept; the run goes on with the next input.
    """
    try:
        yield from documents
    except (KeyboardInterrupt, SystemExit, GeneratorExit):
        raise
    except (Exception, RecursionError, MemoryError) as exc:  # a reader bug or hostile input must not end the run
        yield reject(source, "malformed", f"could not be read: {type(exc).__name__}: {str(exc)[:300]}")


def iter_documents(
    inputs: Iterable[str | os.PathLike[str]],
    settings: Settings | None = None,
) -> Iterator[RawDocument | Rejected]:
    """Read every input into raw documents, lazily and in order.

    Args:
        inputs: file paths, directories (read recursively, sorted, hidden
            files and what ``.storytraceignore`` lists skipped),
            ``http(s)://`` URLs, or ``-`` for stdin.
        settings: the ``ingest.*`` settings (defaults when ``None``).

    Returns:
        An iterator of ``RawDocument`` and ``Rejected`` values.  One input may
        give many documents (JSON Lines, feeds, WARC archives, directories).

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp()); _ = (d / "a.txt").write_text("Title\\n\\nSome text here.")
    >>> [doc.fmt for doc in iter_documents([d])]
    ['text']
    """
    settings = settings or Settings()
    for item in inputs:
        text = os.fspath(item)
        if text == "-":
            data = _read_limited(sys.stdin.buffer, int(settings.ingest.max_bytes))
            yield from _guarded(documents_from_bytes(data, "-", settings), "-")
        elif _is_url(text):
            yield from _guarded(_fetch(text, settings), text)
        else:
            path = Path(text)
            if path.is_dir():
                for child in iter_input_files(path):
                    source = _display_source(str(child))
                    yield from _guarded(_from_path(child, source, settings), source)
            elif path.exists():
                source = _display_source(text)
                yield from _guarded(_from_path(path, source, settings), source)
            else:
                yield reject(_display_source(text), "unreadable", "no such file or directory")
