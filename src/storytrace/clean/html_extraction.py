"""Main text and metadata of an HTML page (trafilatura), with related-content panels lifted out first.

trafilatura sometimes keeps "Related Articles" panels and drops their outlet
and time labels, so such panels are taken out of the lxml tree before
extraction and handed back as lines, for the appended-article rules.
"""

from __future__ import annotations

from typing import Any

from .appended import find_cluster_start, holds_stories
from .lines import comparable, is_prose
from .vocab import RELATED_HEADING

__all__ = ["extract_html"]

_BLOCK_TAGS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "section", "article", "header", "footer",
               "aside", "figure", "figcaption", "blockquote", "ul", "ol", "dl", "dt", "dd", "table", "tr", "td", "nav"}


def _block_lines(element) -> list[str]:
    """Text of the innermost block elements under ``element``, one line each, in document order."""
    nodes = [el for el in element.iter() if isinstance(el.tag, str)]
    has_block: set[int] = set()
    for el in reversed(nodes):  # descendants come after their ancestors in document order
        if any(id(c) in has_block or (isinstance(c.tag, str) and c.tag in _BLOCK_TAGS) for c in el):
            has_block.add(id(el))
    lines = []
    for el in nodes:
        if el.tag in _BLOCK_TAGS and id(el) not in has_block:
            text = " ".join(el.text_content().split())
            if text:
                lines.append(text)
    return lines


def _lift_related_blocks(tree) -> list[list[str]]:
    """Take "Related Articles"-style panels out of the page before extraction.

    trafilatura sometimes keeps such panels (and drops their outlet and time
    labels), so they are removed from the tree here and handed back as lines
    (heading first), for the text-level rules to split into child documents
    or to record as a links box.  A panel is only lifted
    when its heading opens its container and its lines are stories or a list
    of headlines, never prose that continues the article.
    """
    lifted: list[list[str]] = []
    page_len = len(" ".join(tree.text_content().split())) or 1
    page_prose = sum(len(ln) for ln in _block_lines(tree) if is_prose(ln)) or 1
    for heading in list(tree.iter("h1", "h2", "h3", "h4", "h5", "h6", "p", "div", "span", "strong")):
        if heading.getparent() is None or any(isinstance(c.tag, str) and c.tag in _BLOCK_TAGS for c in heading):
            continue
        label = " ".join(heading.text_content().split())
        if not label or len(label) > 60 or not RELATED_HEADING.match(label):
            continue
        container = heading.getparent()
        if container.tag in ("body", "html", "main", "article") or container.getparent() is None:
            continue
        lines = _block_lines(container)
        if not lines or comparable(lines[0]) != comparable(label):
            continue  # the heading does not open its container
        body = lines[1:]
        if not body or len(" ".join(body)) > 0.6 * page_len:
            continue
        is_box = all(not is_prose(ln) for ln in body)
        if not (is_box or holds_stories(body)):
            continue
        cues = any(find_cluster_start(body, j) is not None for j in range(len(body)))
        if not cues and sum(len(ln) for ln in body if is_prose(ln)) > 0.5 * page_prose:
            continue  # most of the page's prose: more likely the story itself than a panel
        container.getparent().remove(container)
        lifted.append(lines)
    return lifted


def extract_html(html: str, url: str | None, favor: str = "balanced") -> tuple[str | None, dict[str, Any], list[list[str]]]:
    """Main text and metadata by trafilatura, plus the related-content panels lifted out first."""
    import trafilatura
    from lxml import etree
    from lxml import html as lxml_html

    source: Any = html
    lifted: list[list[str]] = []
    try:
        tree = lxml_html.document_fromstring(html.encode("utf-8"), parser=lxml_html.HTMLParser(encoding="utf-8"))
        lifted = _lift_related_blocks(tree)
        if lifted:
            source = tree
    except (etree.ParserError, ValueError):
        pass
    doc: Any  # a trafilatura Document (bare_extraction returns a dict only with as_dict=True)
    try:
        doc = trafilatura.bare_extraction(
            source, url=url, with_metadata=True, include_comments=False, include_tables=True,
            favor_precision=favor == "precision", favor_recall=favor == "recall", deduplicate=False,
        )
    except Exception:  # trafilatura raises a zoo of parser errors on broken markup
        doc = None
    if doc is None:
        return None, {}, lifted
    info = {
        "title": doc.title, "author": doc.author, "site_name": doc.sitename,
        "published": doc.date, "url": doc.url,
    }
    return doc.text or "", {k: v for k, v in info.items() if v}, lifted
