"""The closed sets of names the records carry: kinds, labels, statuses, reasons.

Each set is a ``Literal`` type (for annotations and type checkers) and the
same names as a tuple (for code and tests: ``get_args`` of the type).  The
sets are exactly what the stages emit; ``tests/test_kinds.py`` traces the
examples and the seed story and checks that every name they produce is here,
and that the report schema (``schema/report-v1.json``) lists the same names.

Finding kinds also come grouped, as data, so that report views sort and title
them by looking them up instead of guessing from substrings:

* :data:`FINDING_SECTION` maps each kind to the section of the brief that lists
  it (the three citation kinds share ``citation``, for example);
* :data:`CLEANING_FINDINGS` are the kinds that describe what cleaning set aside
  rather than the story (informational: the brief lists them last);
  :data:`STORY_FINDINGS` are the rest, the things a reader should check.

Every finding carries a confidence (0-1); :func:`confidence_level` names its
level (``high``, ``medium``, ``low``) and :func:`count_findings` is the one
way every surface (``storytrace stories``, the report, the API, the web pages)
counts a story's findings.

>>> FINDING_SECTION["offtopic_citation"]
'citation'
>>> "clutter" in CLEANING_FINDINGS
True
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Literal, get_args

__all__ = [
    "ALIGN_LABELS",
    "CLEANING_FINDINGS",
    "CONFIDENCE_HIGH",
    "CONFIDENCE_LEVELS",
    "CONFIDENCE_MEDIUM",
    "DOCUMENT_FORMATS",
    "EXTRACTED_FACT_KINDS",
    "FACT_KINDS",
    "FACT_STATUSES",
    "FINDING_KINDS",
    "FINDING_SECTION",
    "FINDING_SECTIONS",
    "LINEAGE_KINDS",
    "QUOTE_LABELS",
    "REJECTION_REASONS",
    "REJECTION_STAGES",
    "REMOVED_KINDS",
    "STORY_FINDINGS",
    "AlignLabel",
    "ConfidenceLevel",
    "DocumentFormat",
    "ExtractedFactKind",
    "FactKind",
    "FactStatus",
    "FindingKind",
    "FindingSection",
    "LineageKind",
    "QuoteLabel",
    "RejectionReason",
    "RejectionStage",
    "RemovedKind",
    "confidence_level",
    "count_findings",
]

# -- documents ------------------------------------------------------------------

DocumentFormat = Literal["text", "markdown", "html"]
"""How a raw input is cleaned (``RawDocument.fmt``)."""

RemovedKind = Literal["clutter", "disclosure", "references", "appended"]
"""What cleaning set aside (``RemovedSpan.kind``): widgets and furniture, a
disclosure note, a reference list, an unrelated article pasted after the story."""

RejectionStage = Literal["ingest", "clean"]
"""The stage that refused an input (``Rejected.stage``)."""

RejectionReason = Literal[
    "empty",
    "binary",
    "undecodable",
    "too_large",
    "no_text",
    "malformed",
    "failed",  # storytrace raised while cleaning it; the detail names the exception
    "fetch_failed",
    "refused_address",
    "unreadable",
]
"""Why an input was refused (``Rejected.reason``)."""

# -- alignment, lineage, quotes -------------------------------------------------

AlignLabel = Literal["identical", "light_edit", "paraphrase", "translation", "addition", "omission"]
"""How a sentence pair relates (``AlignedPair.label``); ``addition`` is only in
``b``, ``omission`` only in ``a``."""

LineageKind = Literal["copy", "edit", "paraphrase", "translation", "summary", "rewrite", "independent"]
"""How ``target`` derives from ``source`` (``LineageEdge.kind``)."""

QuoteLabel = Literal["verbatim", "translated", "truncated", "altered"]
"""How a quote changed between two versions (``QuoteMatch.label``)."""

# -- facts ----------------------------------------------------------------------

FactKind = Literal["quantity", "date", "weekday", "entity", "quote", "attribution", "citation"]
"""The kind of a cross-version fact (``Fact.kind``)."""

ExtractedFactKind = Literal[
    "quantity", "date", "weekday", "entity", "attribution", "citation",
    # made inside the comparison from the text, never stored as facts:
    "name", "term", "recombination", "negation",
]
"""The kind of a fact found in one document (``facts.ExtractedFact.kind``):
what the extractors emit, plus the derived kinds the comparison builds for its
unsupported-claim checks."""

FactStatus = Literal["agreed", "drift", "single", "conflict"]
"""Whether the versions agree on a fact (``Fact.status``): ``single`` when one
version states it, ``drift`` when a version differs from what it derives from,
``conflict`` when unrelated versions differ."""

# -- findings -------------------------------------------------------------------

FindingKind = Literal[
    # a fact that differs between versions (the fact's status)
    "drift",
    "conflict",
    # quotes and framing
    "altered_quote",
    "framing",
    # claims no source supports (a derived version added them to its source)
    "unsupported_claim",
    # details one independent version reports and the others lack
    "only_in",
    # citations
    "malformed_citation",
    "anachronistic_citation",
    "offtopic_citation",
    # one version contradicting itself or the calendar
    "inconsistent_total",
    "weekday_mismatch",
    "future_event",
    # machine-translation or extraction damage
    "garble",
    # what cleaning set aside
    "appended",
    "disclosure",
    "clutter",
]
"""Something a reader should check (``Finding.kind``)."""

FindingSection = Literal[
    "drift",
    "conflict",
    "altered_quote",
    "framing",
    "unsupported",
    "only_in",
    "citation",
    "future_event",
    "garble",
    "inconsistent_total",
    "weekday_mismatch",
    # cleaning
    "appended",
    "clutter",
    "disclosure",
]
"""A section of the brief's "what differs" part; several finding kinds may share one.
Listed in the order the report shows them: the story's sections, then cleaning."""

ALIGN_LABELS: tuple[AlignLabel, ...] = get_args(AlignLabel)
DOCUMENT_FORMATS: tuple[DocumentFormat, ...] = get_args(DocumentFormat)
CLEANING_FINDINGS: frozenset[FindingKind] = frozenset({"appended", "disclosure", "clutter"})
EXTRACTED_FACT_KINDS: tuple[ExtractedFactKind, ...] = get_args(ExtractedFactKind)
FACT_KINDS: tuple[FactKind, ...] = get_args(FactKind)
FACT_STATUSES: tuple[FactStatus, ...] = get_args(FactStatus)
FINDING_KINDS: tuple[FindingKind, ...] = get_args(FindingKind)
FINDING_SECTIONS: tuple[FindingSection, ...] = get_args(FindingSection)
LINEAGE_KINDS: tuple[LineageKind, ...] = get_args(LineageKind)
QUOTE_LABELS: tuple[QuoteLabel, ...] = get_args(QuoteLabel)
REJECTION_REASONS: tuple[RejectionReason, ...] = get_args(RejectionReason)
REJECTION_STAGES: tuple[RejectionStage, ...] = get_args(RejectionStage)
REMOVED_KINDS: tuple[RemovedKind, ...] = get_args(RemovedKind)
STORY_FINDINGS: frozenset[FindingKind] = frozenset(FINDING_KINDS) - CLEANING_FINDINGS

FINDING_SECTION: Mapping[FindingKind, FindingSection] = MappingProxyType({
    "drift": "drift",
    "conflict": "conflict",
    "altered_quote": "altered_quote",
    "framing": "framing",
    "unsupported_claim": "unsupported",
    "only_in": "only_in",
    "malformed_citation": "citation",
    "anachronistic_citation": "citation",
    "offtopic_citation": "citation",
    "inconsistent_total": "inconsistent_total",
    "weekday_mismatch": "weekday_mismatch",
    "future_event": "future_event",
    "garble": "garble",
    "appended": "appended",
    "disclosure": "disclosure",
    "clutter": "clutter",
})
"""The brief's section for each finding kind."""

# -- confidence -----------------------------------------------------------------

ConfidenceLevel = Literal["high", "medium", "low"]
"""How sure a finding is, in words (:func:`confidence_level` of ``Finding.confidence``)."""

CONFIDENCE_LEVELS: tuple[ConfidenceLevel, ...] = get_args(ConfidenceLevel)
CONFIDENCE_HIGH = 0.7
"""A finding at or above this confidence is ``high``: the brief shows it first."""
CONFIDENCE_MEDIUM = 0.45
"""At or above this (and below :data:`CONFIDENCE_HIGH`) a finding is ``medium``; below it, ``low``."""


def confidence_level(confidence: float | None) -> ConfidenceLevel:
    """The level of a finding's confidence.

    >>> confidence_level(0.9), confidence_level(0.5), confidence_level(0.2), confidence_level(None)
    ('high', 'medium', 'low', 'high')
    """
    value = 1.0 if confidence is None else float(confidence)
    if value >= CONFIDENCE_HIGH:
        return "high"
    return "medium" if value >= CONFIDENCE_MEDIUM else "low"


def count_findings(findings: Iterable[object]) -> dict[str, int]:
    """How many findings a story has, counted the same way everywhere.

    Cleaning findings (:data:`CLEANING_FINDINGS`) describe what was set aside,
    not the story, so they are not counted.  ``total`` is every other finding,
    ``confident`` those whose level is ``high`` (what the brief shows first).

    Args:
        findings: :class:`~storytrace.records.Finding` records or report finding dicts.

    Returns:
        ``{"total": n, "confident": m}``.

    Example:
        >>> count_findings([{"kind": "drift", "confidence": 0.9}, {"kind": "only_in", "confidence": 0.3},
        ...                 {"kind": "clutter", "confidence": 1.0}])
        {'total': 2, 'confident': 1}
    """
    total = confident = 0
    for f in findings:
        kind = f.get("kind") if isinstance(f, Mapping) else getattr(f, "kind", None)
        if kind in CLEANING_FINDINGS:
            continue
        conf = f.get("confidence") if isinstance(f, Mapping) else getattr(f, "confidence", None)
        total += 1
        confident += confidence_level(conf) == "high"
    return {"total": total, "confident": confident}
