"""One self-contained HTML file per report: inline CSS, inline SVG, no script, no fetches.

The page carries its own Content-Security-Policy (``default-src 'none'``), so
even a document that smuggled markup past escaping could not load or run
anything.  Jinja2 autoescapes every value; the only pre-built markup is the
lineage SVG, which :mod:`.lineage_svg` escapes itself.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import cache
from importlib import resources
from typing import Any

from markupsafe import Markup

from ..kinds import CONFIDENCE_HIGH, confidence_level
from .lineage_svg import lineage_svg
from .views import (
    brief_outline,
    document_view,
    fact_label_of,
    fact_mentions_by_document,
    relabel,
    short_source,
    side_by_side,
    sorted_facts,
    story_summary,
    version_labels,
)

__all__ = ["comparison_pairs", "jinja_env", "render_html", "story_context", "stylesheet"]


@cache
def stylesheet() -> str:
    """The CSS shared by the report and the web pages."""
    return resources.files("storytrace.report").joinpath("templates/style.css").read_text(encoding="utf-8")


@cache
def jinja_env(*extra_packages: str):
    """A Jinja2 environment over the report templates (and ``extra_packages``' templates first)."""
    import jinja2

    loaders = [jinja2.PackageLoader(p, "templates") for p in extra_packages]
    loaders.append(jinja2.PackageLoader("storytrace.report", "templates"))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=True,  # everything, including .css/.svg names: documents are untrusted
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.ChainableUndefined,
    )
    env.filters["relabel"] = relabel
    env.filters["short_source"] = short_source
    env.globals.update(sorted_facts=sorted_facts, fact_mentions_by_document=fact_mentions_by_document, fact_label=fact_label_of,
                       confidence_level=confidence_level, confidence_high=CONFIDENCE_HIGH)
    return env


def comparison_pairs(story: Mapping[str, Any], base: str | None) -> list[tuple[str, str]]:
    """Which pairs a report shows side by side: each lineage edge, then the rest against the base.

    Example:
        >>> comparison_pairs({"documents": ["a", "b", "c"], "lineage": [{"source": "a", "target": "b"}]}, "a")
        [('a', 'b'), ('a', 'c')]
    """
    docs = list(story.get("documents") or ())
    pairs: list[tuple[str, str]] = []
    seen: set[frozenset[str]] = set()
    for e in story.get("lineage") or ():
        a, b = e.get("source") or "", e.get("target") or ""
        if a in docs and b in docs and a != b and frozenset((a, b)) not in seen:
            seen.add(frozenset((a, b)))
            pairs.append((a, b))
    covered = {x for p in pairs for x in p}
    if base is not None and base in docs:
        for d in docs:
            if d != base and d not in covered and frozenset((base, d)) not in seen:
                seen.add(frozenset((base, d)))
                pairs.append((base, d))
    return pairs


def story_context(
    story: Mapping[str, Any],
    documents: Mapping[str, Mapping[str, Any]],
    href: Callable[[str], str],
    max_sentences: int = 6,
    with_pairs: bool = True,
    labels: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """Everything a story page or report section shows, computed once.

    Args:
        story: a report story dict.
        documents: report document dicts by id (the story's and their split-off children).
        href: link target of a version (``doc_id -> url``).
        max_sentences: "what happened" length.
        with_pairs: also compute the side-by-side views of :func:`comparison_pairs`.
        labels: version labels to use (default: computed from ``documents``).

    Returns:
        A dict with ``story``, ``labels``, ``summary``, ``outline``, ``svg``,
        ``pairs``, ``children``, ``all_docs`` and ``views`` (document views).
    """
    ids = [d for d in story.get("documents") or () if d in documents]
    children = [d["id"] for d in documents.values() if d.get("parent") in ids and d["id"] not in ids]
    all_docs = ids + children
    labels = dict(labels) if labels is not None else version_labels(documents.values())
    outline = brief_outline(story, documents, max_sentences)
    pairs = [side_by_side(story, documents, a, b) for a, b in comparison_pairs(story, outline["base"])] if with_pairs else []
    return {
        "story": story,
        "labels": labels,
        "summary": story_summary(story, documents),
        "outline": outline,
        "svg": Markup(lineage_svg(story, documents, labels, href)),
        "pairs": pairs,
        "children": children,
        "all_docs": all_docs,
        "views": {d: document_view(documents[d], story) for d in all_docs},
    }


def render_html(report: Mapping[str, Any], max_sentences: int = 6) -> str:
    """Render a ``storytrace.report/v1`` dict as one self-contained HTML page.

    Args:
        report: the report dict (``build_report`` / ``report_for``).
        max_sentences: at most this many "what happened" sentences per story.

    Returns:
        The HTML text; it loads nothing from anywhere and runs no script.

    Example:
        >>> html = render_html({"schema": "storytrace.report/v1", "generator": {"name": "storytrace", "version": "0", "settings_digest": ""},
        ...                     "created": "2026-01-01", "documents": [], "stories": []})
        >>> "<script" in html
        False
    """
    documents = {d["id"]: d for d in report.get("documents") or ()}
    href = lambda doc_id: f"#doc-{doc_id}"  # noqa: E731
    labels = version_labels(d for d in documents.values() if not d.get("rejected"))
    # stories with the most versions first: a split-off article's own story is an aside
    ordered = sorted(enumerate(report.get("stories") or ()), key=lambda p: (-len(p[1].get("documents") or ()), p[0]))
    stories, placed = [], set()
    for _, story in ordered:
        ctx = story_context(story, documents, href, max_sentences, labels=labels)
        ctx["all_docs"] = [d for d in ctx["all_docs"] if d not in placed]
        placed.update(ctx["all_docs"])
        stories.append(ctx)
    orphans = [d for d in documents.values() if d["id"] not in placed and not d.get("rejected")]
    rejected = [d for d in documents.values() if d.get("rejected")]
    titles = [s["summary"]["title"] for s in stories]
    title = titles[0] if len(titles) == 1 else f"storytrace report: {len(titles)} stories"
    return jinja_env().get_template("report.html").render(
        report=report,
        title=title,
        css=Markup(stylesheet()),
        stories=stories,
        docs=documents,
        href=href,
        orphans=orphans,
        orphan_views={d["id"]: document_view(d) for d in orphans},
        orphan_labels=labels,
        rejected=rejected,
    )
