"""A confidence for every finding, from the evidence behind it.

Each finding gets a number in [0, 1]; :func:`storytrace.kinds.confidence_level`
turns it into ``high`` (shown first), ``medium`` or ``low``.  The number is a
weighted sum of evidence, not a fitted probability, so its parts are named and
documented (``docs/report-format.md``, "Confidence"):

* **lineage kind** of the relation between the versions a finding compares
  (:data:`LINEAGE_STRENGTH`): a figure that differs between a copy and its
  source is almost surely a change; between two independent reports it may be
  two different counts.  Lineage's own confidence in the edge scales it.
* **alignment strength**: how much the two sentences holding the compared
  mentions share (anchor Jaccard, or the quote match score).  Two statements
  that are not about the same thing make a weak comparison.
* **slot agreement**: the share of the other versions that state the majority
  value.  A lone dissenter against four agreeing versions is a stronger drift
  than one version against one.

Kinds that need only one version (garbles, citation audit, weekday
mismatches, totals) start from a prior per kind and detail
(:data:`KIND_PRIOR`), because their evidence is the text itself.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace

from ..records import Finding, LineageEdge

__all__ = [
    "KIND_PRIOR",
    "LINEAGE_STRENGTH",
    "comparison_confidence",
    "prior_confidence",
    "relation_strength",
    "with_priors",
]

# How strongly a lineage kind ties two versions' wording: a difference between
# a copy and its source is an edit; between independent reports, two accounts.
LINEAGE_STRENGTH: Mapping[str, float] = {
    "copy": 1.0,
    "edit": 0.95,
    "translation": 0.8,
    "paraphrase": 0.8,
    "summary": 0.75,
    "rewrite": 0.6,
    "independent": 0.25,
}
_SIBLING = 0.55  # two versions of one latent source: related, but through an unseen text
_UNRELATED = 0.2

# Single-version findings: a prior per kind, refined by words of the detail
# (the evidence each check writes there).  First matching phrase wins.
KIND_PRIOR: Mapping[str, tuple[tuple[str, float], ...]] = {
    "garble": (("detached hyphen", 0.85), ("glued together", 0.75), ("repeated fragment", 0.5),
               ("repeated with an inflection", 0.55), ("", 0.6)),
    "malformed_citation": (("", 0.9),),
    "anachronistic_citation": (("from its address", 0.8), ("estimated", 0.55), ("", 0.65)),
    "offtopic_citation": (("", 0.45),),
    "weekday_mismatch": (("", 0.9),),
    "inconsistent_total": (("states a total", 0.75), ("", 0.55)),
    "framing": (("", 0.55),),
    "future_event": (("", 0.6),),
}


def relation_strength(a: str, b: str, lineage: Sequence[LineageEdge]) -> float:
    """How directly lineage relates versions ``a`` and ``b`` (0-1).

    A direct edge gives its kind's :data:`LINEAGE_STRENGTH` scaled by the
    edge's confidence (never below half the kind's strength); two targets of
    one ``latent:N`` source are siblings; anything else is unrelated.
    """
    best = _UNRELATED
    sources: dict[str, set[str]] = {}
    for e in lineage:
        sources.setdefault(e.target, set()).add(e.source)
        if {e.source, e.target} == {a, b}:
            strength = LINEAGE_STRENGTH.get(e.kind, 0.5)
            best = max(best, strength * (0.5 + 0.5 * min(1.0, e.confidence)))
    shared = sources.get(a, set()) & sources.get(b, set())
    if shared:
        kinds = {e.kind for e in lineage if e.target in (a, b) and e.source in shared}
        best = max(best, _UNRELATED if kinds == {"independent"} else _SIBLING)
    return best


def comparison_confidence(relation: float, alignment: float, agreement: float) -> float:
    """A comparison finding's confidence from its three kinds of evidence (each 0-1).

    >>> comparison_confidence(1.0, 1.0, 1.0), comparison_confidence(0.25, 0.2, 0.5)
    (0.95, 0.38)
    """
    value = 0.15 + 0.4 * relation + 0.25 * alignment + 0.15 * agreement
    return round(max(0.05, min(0.95, value)), 2)


def prior_confidence(kind: str, detail: str) -> float | None:
    """The prior of a single-version finding from its kind and detail, or None for other kinds."""
    for phrase, value in KIND_PRIOR.get(kind, ()):
        if phrase in detail:
            return value
    return None


def with_priors(findings: Iterable[Finding]) -> list[Finding]:
    """Findings of the single-version kinds (:data:`KIND_PRIOR`) with their prior confidence.

    The comparison kinds (drift, conflict, altered quotes, unsupported claims,
    details only in one version) are scored where they are made, from their
    evidence, and pass through unchanged.
    """
    out = []
    for f in findings:
        prior = prior_confidence(f.kind, f.detail)
        out.append(replace(f, confidence=prior) if prior is not None else f)
    return out
