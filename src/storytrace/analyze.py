"""Analyse one story: sentences → alignment → lineage → quotes → facts → findings → brief.

A pure function over records; the runners call it once per story (locally or
on Spark partitions) and store what it returns.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Mapping

from .records import Document, Finding, Story, StoryAnalysis
from .settings import Settings

__all__ = ["analyze_story", "removed_content_findings"]


def removed_content_findings(documents: list[Document]) -> tuple[Finding, ...]:
    """Findings for what cleaning set aside: clutter, disclosures, split-off articles.

    Their text is not part of the clean text, so ``start`` and ``end`` are None.
    """
    findings = []
    for doc in documents:
        for span in doc.removed:
            if span.kind == "references":
                continue  # reference lists stay in the text; citations are audited by compare
            kind = {"appended": "appended", "disclosure": "disclosure"}.get(span.kind, "clutter")
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
    derived = {}
    for edge in lineage:
        if edge.source in titled and edge.kind != "independent":
            derived[edge.source] = derived.get(edge.source, 0) + 1
    if not derived:
        return None
    return titled[max(sorted(derived), key=lambda d: derived[d])]


def analyze_story(
    story: Story, documents: Mapping[str, Document], settings: Settings | None = None
) -> StoryAnalysis:
    """Run every per-story stage and return the analysis, brief included.

    Args:
        story: the story, as grouping made it.
        documents: at least the story's documents, by id.
        settings: run settings (defaults when None).

    Returns:
        A :class:`StoryAnalysis` with sentences, pairwise alignments, lineage
        edges, quote matches, facts, findings and the Markdown brief.

    Example:
        >>> from storytrace.records import Document, Story
        >>> doc = Document(id="d1", source="a.txt", text="Officials said 40 people were rescued on Monday.")
        >>> analyze_story(Story("s1", ("d1",)), {"d1": doc}).story.id
        's1'
    """
    from .align import align_versions
    from .compare import compare_story
    from .facts.quotes import find_quotes, match_quotes
    from .garble import find_garbles
    from .lineage import infer_lineage
    from .report.brief import write_brief

    settings = settings or Settings()
    docs = [documents[i] for i in story.document_ids]
    sentences, alignments = align_versions(docs, settings)
    lineage = infer_lineage(docs, sentences, alignments, settings) if len(docs) > 1 else ()
    quotes = {d.id: find_quotes(d) for d in docs}
    matches = match_quotes(docs, quotes, sentences=sentences, alignments=alignments) if len(docs) > 1 else ()
    facts, findings = compare_story(docs, lineage, matches, settings)
    story = replace(story, title=_headline(docs, lineage) or story.title)
    extra = removed_content_findings(docs) + tuple(g for d in docs for g in find_garbles(d))
    analysis = StoryAnalysis(
        story=story,
        sentences=sentences,
        alignments=tuple(alignments),
        lineage=tuple(lineage),
        quotes=tuple(matches),
        facts=tuple(facts),
        findings=tuple(findings) + extra,
    )
    return replace(analysis, brief=write_brief(analysis, {d.id: d for d in docs}))
