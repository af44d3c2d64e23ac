"""Frozen records handed from one pipeline stage to the next.

The data flows one way::

    RawDocument -> (clean) Document | Rejected -> Story -> StoryAnalysis
                                                  (alignments, lineage, quotes,
                                                   facts, findings, brief)

Stages are pure functions over these records: they never read files, touch the
store or print.  Every span carries character offsets into ``Document.text``
(the clean text), so a report can always point at the exact words.

The records are frozen all the way down: sequences are tuples, and mappings
(``meta``, ``StoryAnalysis.sentences``, a mapping-valued fact) are turned into
:class:`FrozenDict` when a record is made, so a stage cannot change what
another stage handed it.  The closed sets of names (kinds, labels, statuses,
reasons) are ``Literal`` types from :mod:`storytrace.kinds`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, NoReturn

from .kinds import (
    AlignLabel,
    DocumentFormat,
    ExtractedFactKind,
    FactKind,
    FactStatus,
    FindingKind,
    LineageKind,
    QuoteLabel,
    RejectionReason,
    RejectionStage,
    RemovedKind,
)

__all__ = [
    "AlignLabel",
    "AlignedPair",
    "Alignment",
    "AnalysisFailure",
    "Document",
    "ExtractedFact",
    "Fact",
    "Finding",
    "FrozenDict",
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
    "freeze",
]


class FrozenDict(dict):
    """A ``dict`` that cannot be changed: the mappings inside frozen records.

    It stays a ``dict`` so that everything that reads records works as before:
    ``json.dumps`` writes it exactly like a dict, it compares equal to a dict
    with the same items, and it pickles (worker processes, Spark).  It is
    hashable when its values are, so records holding one can be hashed.

    >>> d = FrozenDict({"a": 1})
    >>> d == {"a": 1}, hash(d) == hash(FrozenDict(a=1))
    (True, True)
    >>> d["b"] = 2
    Traceback (most recent call last):
      ...
    TypeError: FrozenDict is immutable
    """

    __slots__ = ()

    def _immutable(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise TypeError("FrozenDict is immutable")

    __setitem__ = __delitem__ = __ior__ = _immutable
    clear = pop = popitem = setdefault = update = _immutable

    def __hash__(self) -> int:  # type: ignore[override]
        return hash(frozenset(self.items()))

    @classmethod
    def fromkeys(cls, keys: Iterable[Any], value: Any = None, /) -> FrozenDict:
        """A frozen dict of ``keys``, each mapped to ``value`` (dict's own would fill it in place)."""
        return cls(dict.fromkeys(keys, value))

    def __reduce__(self) -> tuple[type, tuple[dict]]:
        return (FrozenDict, (dict(self),))

    def __repr__(self) -> str:
        return f"FrozenDict({dict.__repr__(self)})"


_SCALARS = (str, int, float, bool, type(None))


def freeze(value: Any) -> Any:
    """``value`` with every mapping made a :class:`FrozenDict` and every list a tuple, recursively.

    Scalars, tuples of scalars and frozen dicts come back as they are.

    >>> freeze({"tags": ["a", {"b": 1}]})
    FrozenDict({'tags': ('a', FrozenDict({'b': 1}))})
    """
    if isinstance(value, _SCALARS) or type(value) is FrozenDict:
        return value
    if isinstance(value, Mapping):
        return FrozenDict({k: freeze(v) for k, v in value.items()})
    if isinstance(value, (list, tuple)):
        items = tuple(freeze(v) for v in value)
        return value if type(value) is tuple and all(a is b for a, b in zip(items, value)) else items
    if isinstance(value, (set, frozenset)):
        return frozenset(freeze(v) for v in value)
    return value


def _freeze_fields(record: Any, names: Iterable[str]) -> None:
    """Freeze the named fields of a frozen dataclass in place (from ``__post_init__``)."""
    for name in names:
        value = getattr(record, name)
        frozen = freeze(value)
        if frozen is not value:
            object.__setattr__(record, name, frozen)


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
    fmt: DocumentFormat
    meta: Mapping[str, Any] = field(default_factory=FrozenDict)

    def __post_init__(self) -> None:
        _freeze_fields(self, ("meta",))

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

    kind: RemovedKind
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
    meta: Mapping[str, Any] = field(default_factory=FrozenDict)

    def __post_init__(self) -> None:
        _freeze_fields(self, ("meta",))


@dataclass(frozen=True, slots=True)
class Rejected:
    """Input that could not become a document, with a stable reason code.

    Reasons: ``empty``, ``binary``, ``undecodable``, ``too_large``,
    ``no_text``, ``malformed``, ``failed`` (cleaning raised), ``fetch_failed``, ``refused_address``,
    ``unreadable`` (a path that cannot be read); see :data:`kinds.RejectionReason`.
    """

    id: str
    source: str
    stage: RejectionStage
    reason: RejectionReason
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


@dataclass(frozen=True, slots=True)
class AlignedPair:
    """Sentence indices of version ``a`` matched to sentence indices of ``b``.

    1-1, 1-n and n-1 pairs are allowed.  An ``addition`` has an empty ``a``
    (the sentence is only in ``b``); an ``omission`` has an empty ``b``.
    """

    a: tuple[int, ...]
    b: tuple[int, ...]
    label: AlignLabel
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
    kind: LineageKind
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
    label: QuoteLabel
    score: float
    diff: tuple[tuple[str, str], ...] = ()  # (op, words): op in "=", "-", "+"


@dataclass(frozen=True, slots=True)
class Mention:
    document: str
    text: str
    start: int
    end: int
    value: Any

    def __post_init__(self) -> None:
        _freeze_fields(self, ("value",))


@dataclass(frozen=True, slots=True)
class Fact:
    id: str
    kind: FactKind
    key: str
    value: Any
    status: FactStatus
    mentions: tuple[Mention, ...]

    def __post_init__(self) -> None:
        _freeze_fields(self, ("value",))


@dataclass(frozen=True, slots=True)
class Finding:
    """Something a reader should check.  ``start``/``end`` are None when the
    text is not part of the clean text (e.g. removed clutter).  The brief's
    section for each kind is :data:`kinds.FINDING_SECTION`.  ``confidence``
    (0-1) is how sure the evidence makes the finding; its level (high, medium,
    low) is :func:`kinds.confidence_level`."""

    kind: FindingKind
    document: str
    start: int | None
    end: int | None
    text: str
    detail: str
    related: tuple[str, ...] = ()
    confidence: float = 1.0


@dataclass(frozen=True, slots=True)
class AnalysisFailure:
    """Why a story could not be analysed: the stage that raised, and what it raised.

    Like a :class:`Rejected` document, a failed story is a value that is
    stored and shown (report, web UI, ``storytrace stories``) rather than an
    exception that ends the run.
    """

    stage: str  # the per-story stage that raised, e.g. "facts"
    error: str  # the exception's type name, e.g. "LookupError"
    message: str  # the exception's message (shortened)
    where: str = ""  # the innermost frame of the traceback, "module.py:123 in function"

    def describe(self) -> str:
        """One line for people.

        >>> AnalysisFailure("facts", "LookupError", "no wordlist").describe()
        'analysis failed (stage facts): LookupError: no wordlist'
        """
        message = f": {self.message}" if self.message else ""
        return f"analysis failed (stage {self.stage}): {self.error}{message}"


@dataclass(frozen=True, slots=True)
class StoryAnalysis:
    """Everything the pipeline learned about one story; pure data.

    ``failure`` is set, and everything else left empty, when the analysis
    raised: the story is kept with its error instead of ending the run.
    """

    story: Story
    sentences: Mapping[str, tuple[Sentence, ...]]
    alignments: tuple[Alignment, ...] = ()
    lineage: tuple[LineageEdge, ...] = ()
    quotes: tuple[QuoteMatch, ...] = ()
    facts: tuple[Fact, ...] = ()
    findings: tuple[Finding, ...] = ()
    brief: str = ""
    failure: AnalysisFailure | None = None

    def __post_init__(self) -> None:
        _freeze_fields(self, ("sentences",))


@dataclass(frozen=True, slots=True)
class ExtractedFact:
    """One fact as stated in one document, with offsets into ``Document.text``.

    ``kind`` is quantity, date, weekday, entity, attribution or citation.
    ``key`` is a language-neutral slot name ("quantity:workers",
    "entity:north korea"), ``value`` the comparable value (a float, an ISO
    date string, an English canonical name or a URL).  ``attrs`` holds what
    the comparison needs besides: the counted noun and its qualifiers, a
    date's granularity, a weekday's resolved date, the anchors of the
    sentence the fact sits in, and so on.
    """

    kind: ExtractedFactKind
    key: str
    value: Any
    start: int
    end: int
    text: str
    document: str = ""
    attrs: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        _freeze_fields(self, ("attrs",))
