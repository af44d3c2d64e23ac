"""Analyse one story: the per-story stages, declared once in :data:`ANALYSIS_STAGES`.

align → lineage → quotes → facts → garbles → compare → removed content →
headline → analysis.  Each stage is a :class:`storytrace.pipeline.Stage`: a
pure function with the names of what it reads and writes, so what one stage
computed (sentences, extracted facts, garbles) is handed to the next instead
of being computed again.  The runners call :func:`analyze_story` once per
story (locally or on Spark partitions) and store what it returns.  The brief
is not part of the analysis: it is written when the report is built
(:mod:`storytrace.report.build`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from types import MappingProxyType
from typing import Any

from .errors import AnalysisError
from .kinds import FindingKind, RemovedKind
from .records import Document, Finding, LineageEdge, Story, StoryAnalysis
from .settings import Settings
from .stage import Stage

__all__ = ["ANALYSIS_STAGES", "analyze_story", "removed_content_findings"]


# The finding kind of what cleaning set aside; any other removed kind is clutter.
_REMOVED_FINDING: Mapping[RemovedKind, FindingKind] = MappingProxyType({"appended": "appended", "disclosure": "disclosure"})


def removed_content_findings(documents: list[Document]) -> tuple[Finding, ...]:
    """Findings for what cleaning set aside: clutter, disclosures, split-off articles.

    Their text is not part of the clean text, so ``start`` and ``end`` are None.
    """
    findings = []
    for doc in documents:
        for span in doc.removed:
            if span.kind == "references":
                continue  # reference lists stay in the text; citations are audited by compare
            kind: FindingKind = _REMOVED_FINDING.get(span.kind, "clutter")
            related = (span.child,) if span.child else ()
            findings.append(Finding(kind, doc.id, None, None, span.text, span.reason, related))
    return tuple(findings)


def _headline(documents: list[Document], lineage) -> str | None:
    """The title of the version the others derive from (the original's headline).

    Grouping names a story before lineage is known; once it is, the headline
    of the most-derived-from version is the least spun and most specific.
    """
    titled = {d.id: d.title for d in documents if d.title}
    if not titled:
        return None
    derived: dict[str, int] = {}
    for edge in lineage:
        if edge.source in titled and edge.kind != "independent":
            derived[edge.source] = derived.get(edge.source, 0) + 1
    if not derived:
        return None
    return titled[max(sorted(derived), key=lambda d: derived[d])]


# ---------------------------------------------------------------- stage functions


def _align(versions: list[Document], settings: Settings):
    from .align import align_versions

    return align_versions(versions, settings)


def _lineage(versions: list[Document], sentences, alignments, settings: Settings) -> tuple[LineageEdge, ...]:
    from .lineage import infer_lineage

    return tuple(infer_lineage(versions, sentences, alignments, settings)) if len(versions) > 1 else ()


def _quotes(versions: list[Document], sentences, alignments):
    from .facts.quotes import find_quotes, match_quotes

    if len(versions) < 2:
        return ()
    quotes = {d.id: find_quotes(d, sentences.get(d.id)) for d in versions}
    return tuple(match_quotes(versions, quotes, sentences=sentences, alignments=alignments))


def _facts(versions: list[Document], settings: Settings):
    from .compare import extract_story_facts

    return extract_story_facts(versions, settings)


def _garbles(versions: list[Document]) -> dict[str, tuple[Finding, ...]]:
    from .garble import find_garbles

    return {d.id: find_garbles(d) for d in versions}


def _compare(versions, lineage, quotes, settings, sentences, alignments, extracted, garbles):
    from .compare import compare_story

    return compare_story(versions, lineage, quotes, settings, sentences=sentences, extracted=extracted, garbles=garbles,
                         alignments=alignments)


def _assemble(
    story: Story, headline: str | None, sentences, alignments, lineage, quotes, facts, findings,
    removed: Sequence[Finding], garbles: Mapping[str, Sequence[Finding]], versions: list[Document],
) -> StoryAnalysis:
    """The :class:`StoryAnalysis`: compare's findings, then removed content, then garbles by version."""
    from .compare.confidence import with_priors

    extra = tuple(removed) + tuple(with_priors(g for d in versions for g in garbles[d.id]))
    return StoryAnalysis(
        story=replace(story, title=headline or story.title),
        sentences=sentences,
        alignments=tuple(alignments),
        lineage=tuple(lineage),
        quotes=tuple(quotes),
        facts=tuple(facts),
        findings=tuple(findings) + extra,
    )


#: The per-story stages, in order.  The initial state holds ``story``,
#: ``versions`` (the story's documents, in its order) and ``settings``.
ANALYSIS_STAGES: tuple[Stage, ...] = (
    Stage("align", ("versions", "settings"), ("sentences", "alignments"), _align,
          "splits every version into sentences and aligns every pair"),
    Stage("lineage", ("versions", "sentences", "alignments", "settings"), ("lineage",), _lineage,
          "derivation kind and direction between versions, latent sources"),
    Stage("quotes", ("versions", "sentences", "alignments"), ("quotes",), _quotes,
          "finds quotes and matches them across versions"),
    Stage("facts", ("versions", "settings"), ("extracted",), _facts,
          "extracts every version's facts once, dates read against the story's reference date"),
    Stage("garbles", ("versions",), ("garbles",), _garbles,
          "finds machine-translation and scraping garbles once per version"),
    Stage("compare", ("versions", "lineage", "quotes", "settings", "sentences", "alignments", "extracted", "garbles"),
          ("facts", "findings"), _compare,
          "one table of facts across versions; drift, unsupported claims, citation audit"),
    Stage("removed", ("versions",), ("removed",), removed_content_findings,
          "findings for what cleaning set aside"),
    Stage("headline", ("versions", "lineage"), ("headline",), _headline,
          "the title of the version the others derive from"),
    Stage("analysis", ("story", "headline", "sentences", "alignments", "lineage", "quotes", "facts", "findings",
                       "removed", "garbles", "versions"), ("analysis",), _assemble,
          "assembles the StoryAnalysis record"),
)


def analyze_story(
    story: Story, documents: Mapping[str, Document], settings: Settings | None = None
) -> StoryAnalysis:
    """Run :data:`ANALYSIS_STAGES` over one story and return its analysis.

    Args:
        story: the story, as grouping made it.
        documents: at least the story's documents, by id.
        settings: run settings (defaults when None).

    Returns:
        A :class:`StoryAnalysis` with sentences, pairwise alignments, lineage
        edges, quote matches, facts and findings; its ``brief`` is empty (the
        brief is written at report time, see :func:`storytrace.report.build.write_brief`).

    Raises:
        AnalysisError: a stage raised; it names the stage, and the stage's
            exception is its ``__cause__``.  The runners turn it into a
            stored :class:`~storytrace.records.AnalysisFailure`
            (:func:`storytrace.pipeline.analyse_story`) and go on.

    Example:
        >>> from storytrace.records import Document, Story
        >>> doc = Document(id="d1", source="a.txt", text="Officials said 40 people were rescued on Monday.")
        >>> analyze_story(Story("s1", ("d1",)), {"d1": doc}).story.id
        's1'
    """
    state: dict[str, Any] = {
        "story": story,
        "versions": [documents[i] for i in story.document_ids],
        "settings": settings or Settings(),
    }
    for stage in ANALYSIS_STAGES:
        try:
            state.update(stage(state))
        except Exception as exc:  # RecursionError and MemoryError included: one story's failure is named
            raise AnalysisError(story.id, stage.name, exc) from exc
    return state["analysis"]
