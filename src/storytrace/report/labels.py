"""Short, unique, human labels for the versions of a report, and ids replaced by them.

Every renderer and the web app name versions the same way ("001", "002#2"),
so the labels are made here, from the documents' sources.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import urlsplit

__all__ = ["relabel", "short_source", "version_labels"]


def _stem(source: str) -> tuple[str, str]:
    """The readable part of a source path or URL and its ``#fragment``."""
    base, _, fragment = (source or "").partition("#")
    if "://" in base:
        parts = urlsplit(base)
        path = parts.path.rstrip("/")
        name = PurePosixPath(path).name if path else parts.netloc
    else:
        name = PurePosixPath(base.replace("\\", "/")).name
    name = re.sub(r"\.(txt|md|markdown|html?|json|jsonl|xml|warc(\.gz)?|gz)$", "", name, flags=re.I)
    return name, fragment


def short_source(source: str | None) -> str:
    """A source path or URL shortened for a table cell: file name, or host and last path part.

    >>> short_source("/data/in/001_ab.txt#appended-1"), short_source("https://news.example/a/b/story.html")
    ('001_ab.txt#appended-1', 'news.example/…/story.html')
    """
    base, hash_, fragment = (source or "").partition("#")
    if "://" in base:
        parts = urlsplit(base)
        name = PurePosixPath(parts.path).name
        short = f"{parts.netloc}/…/{name}" if name else parts.netloc
    else:
        short = PurePosixPath(base.replace("\\", "/")).name or base
    return short + hash_ + fragment


def version_labels(documents: Iterable[Mapping[str, Any]]) -> dict[str, str]:
    """Short, unique, human labels for versions, keyed by document id.

    The label comes from the source name: its first ``_``/``-`` token when that
    is short and unique ("001_53cf....txt" -> "001"), else the name cut to 24
    characters, else the id.  Split-off documents get ``parent-label#n``.

    Args:
        documents: report document dicts (``id``, ``source``, optional ``parent``).

    Returns:
        ``{document id: label}``.

    Example:
        >>> version_labels([{"id": "d1", "source": "in/001_ab.txt"}, {"id": "d2", "source": "in/002_cd.txt"}])
        {'d1': '001', 'd2': '002'}
    """
    docs = list(documents)
    stems = {d["id"]: _stem(d.get("source") or "") for d in docs}
    firsts = Counter(re.split(r"[_\-\s]", name)[0] for name in {s[0] for s in stems.values() if s[0]})
    labels: dict[str, str] = {}
    for d in docs:
        name, fragment = stems[d["id"]]
        first = re.split(r"[_\-\s]", name)[0] if name else ""
        if first and first != name and len(first) <= 6 and any(c.isdigit() for c in first) and firsts[first] == 1:
            label = first
        elif name:
            label = name if len(name) <= 24 else name[:23] + "…"
        else:
            label = d["id"][:9]
        if fragment:
            label = f"{label}#{fragment[:12]}"
        labels[d["id"]] = label
    seen = Counter(labels.values())
    for doc_id, label in list(labels.items()):
        if seen[label] > 1:
            labels[doc_id] = f"{label}·{doc_id[1:6]}"
    return labels


_DOC_ID = re.compile(r"\bd[0-9a-f]{16}\b")


def relabel(text: str | None, labels: Mapping[str, str]) -> str:
    """Replace document ids inside a detail text by their version labels.

    >>> relabel("not in d0123456789abcdef", {"d0123456789abcdef": "001"})
    'not in 001'
    """
    return _DOC_ID.sub(lambda m: labels.get(m.group(), m.group()), text or "")
