"""Frozen records handed from one pipeline stage to the next.

The data flows one way::

    RawDocument -> (clean) Document | Rejected -> Story -> StoryAnalysis
                                                  (alignments, lineage, quotes,
                                                   facts, findings, brief)

Stages are pure functions over these records: they never read files, touch the
store or print.  Every span carries character offsets into ``Document.text``
(the clean text), so a report can always point at the exact words.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any, Literal, Mapping

__all__ = [
    "AlignedPair",
    "Alignment",
    "Document",
    "Fact",
    "Finding",
    "GroupLink",
    "LineageEdge",
    "Mention",
    "Quote",
    "QuoteMatch",
    "RawDocument",
    "Rejected",
    "RemovedSpan",
    "Sentence",
    "Story",
    "StoryAnalysis",
    "content_id",
]


def content_id(data: bytes | str, *, prefix: str = "d") -> str:
    """Stable identity of a piece of content: a prefix and 16 hex digits of SHA-256.

    >>> content_id("hello")
    'd2cf24dba5fb0a30e'
    """
    if isinstance(data, str):
        data = data.encode("utf-8")
    return prefix + hashlib.sha256(data).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class RawDocument:
    """One input document as read, before cleaning.

    ``source`` is the path or URL as the user gave it (for records inside a
    file: ``path#N`` or ``path#record-id``).  ``data`` is the raw payload
    (bytes as read; HTML, text or Markdown).  ``fmt`` says how to clean it.
    ``meta`` holds what the container already knew: title, url, published,
    language, author, site_name, id and any unknown fields of a JSON record.
    """

    source: str
    data: bytes
    fmt: Literal["text", "markdown", "html"]
    meta: Mapping[str, Any] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return content_id(self.data)


@dataclass(frozen=True, slots=True)
class RemovedSpan:
    """A piece of the input that is not part of the clean text, with why.

    ``kind`` is one of ``clutter`` (widgets, share lines, comment boxes,
    timestamps), ``disclosure`` (kept as data, e.g. "auto-generated from a
    syndicated feed"), ``references`` (a reference list; its URLs are kept in
    ``Document.citations``) or ``appended`` (an unrelated article pasted after
    the story; it becomes a child document whose id is ``child``).
    """

    kind: str
    text: str
    reason: str
    child: str | None = None


@dataclass(frozen=True, slots=True)
class Document:
    """A clean document: the unit that is grouped, aligned and checked."""

    id: str
    source: str
    text: str
    title: str | None = None
    language: str | None = None  # ISO 639-1
    published: str | None = None  # ISO date (YYYY-MM-DD) or None
    url: str | None = None
    author: str | None = None
    site_name: str | None = None
    dateline: str | None = None  # e.g. "SEOUL, South Korea"
    credits: tuple[str, ...] = ()  # agency credits, e.g. ("AP",)
    disclosures: tuple[str, ...] = ()
    citations: tuple[str, ...] = ()  # URLs from the text and its reference lists
    removed: tuple[RemovedSpan, ...] = ()
    parent: str | None = None  # set on articles split off an aggregator page
    meta: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Rejected:
    """Input that could not become a document, with a stable reason code.

    Reasons: ``empty``, ``binary``, ``undecodable``, ``too_large``,
    ``no_text``, ``malformed``, ``fetch_failed``, ``refused_address``,
    ``unreadable`` (a path that cannot be read), ``unsupported``.
    """

    id: str
    source: str
    stage: str
    reason: str
    detail: str


@dataclass(frozen=True, slots=True)
class GroupLink:
    """Why two documents share a story: their score and the anchors they share."""

    a: str
    b: str
    score: float
    anchors: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Story:
    """A group of documents that report the same event."""

    id: str
    document_ids: tuple[str, ...]
    title: str | None = None
    links: tuple[GroupLink, ...] = ()


@dataclass(frozen=True, slots=True)
class Sentence:
    index: int
    start: int
    end: int
    text: str


AlignLabel = Literal["identical", "light_edit", "paraphrase", "translation", "addition", "omission"]


@dataclass(frozen=True, slots=True)
class AlignedPair:
    """Sentence indices of version ``a`` matched to sentence indices of ``b``.

    1-1, 1-n and n-1 pairs are allowed.  An ``addition`` has an empty ``a``
    (the sentence is only in ``b``); an ``omission`` has an empty ``b``.
    """

    a: tuple[int, ...]
    b: tuple[int, ...]
    label: str
    score: float


@dataclass(frozen=True, slots=True)
class Alignment:
    a: str  # document id
    b: str  # document id
    pairs: tuple[AlignedPair, ...]


@dataclass(frozen=True, slots=True)
class LineageEdge:
    """``target`` derives from ``source`` (a document id or ``latent:N``)."""

    source: str
    target: str
    kind: str  # copy|edit|paraphrase|translation|summary|rewrite|independent
    confidence: float
    evidence: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Quote:
    document: str
    start: int  # offsets of the quoted words, without the quotation marks
    end: int
    text: str
    speaker: str | None = None
    verb: str | None = None


@dataclass(frozen=True, slots=True)
class QuoteMatch:
    a: Quote
    b: Quote
    label: str  # verbatim|translated|truncated|altered
    score: float
    diff: tuple[tuple[str, str], ...] = ()  # (op, words): op in "=", "-", "+"


@dataclass(frozen=True, slots=True)
class Mention:
    document: str
    text: str
    start: int
    end: int
    value: Any


@dataclass(frozen=True, slots=True)
class Fact:
    id: str
    kind: str  # quantity|date|weekday|entity|quote|attribution|citation
    key: str
    value: Any
    status: str  # agreed|drift|single|conflict
    mentions: tuple[Mention, ...]


@dataclass(frozen=True, slots=True)
class Finding:
    """Something a reader should check.  ``start``/``end`` are None when the
    text is not part of the clean text (e.g. removed clutter)."""

    kind: str
    document: str
    start: int | None
    end: int | None
    text: str
    detail: str
    related: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class StoryAnalysis:
    """Everything the pipeline learned about one story; pure data."""

    story: Story
    sentences: Mapping[str, tuple[Sentence, ...]]
    alignments: tuple[Alignment, ...] = ()
    lineage: tuple[LineageEdge, ...] = ()
    quotes: tuple[QuoteMatch, ...] = ()
    facts: tuple[Fact, ...] = ()
    findings: tuple[Finding, ...] = ()
    brief: str = ""
