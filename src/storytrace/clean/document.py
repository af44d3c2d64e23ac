"""Cleaning one raw document: the order of the passes, and the documents they produce.

:func:`clean_document` decodes and extracts the text, drops the furniture
before the title, reads the header fields, cuts off appended articles, sifts
the story's lines (:func:`remove_furniture`), reads the dateline, and builds
the main document and one child document per appended article.
"""

from __future__ import annotations

import re
from typing import Any

from ..citations.urls import find_urls
from ..ingest.common import iso_date
from ..ingest.decode import declared_charsets, decode_bytes
from ..kinds import RejectionReason
from ..language import detect_language, normalize_language
from ..records import Document, RawDocument, Rejected, RemovedSpan, content_id
from ..settings import Settings
from .appended import find_appended_start, holds_stories, measure_link_box, parse_article, split_articles
from .clutter import clutter_reason, is_disclosure
from .date_lines import infer_dateline_year, read_date_line
from .header import CREDIT_LINE, canonical_credit, clean_title, read_dateline, strip_leading_title, take_byline
from .html_extraction import extract_html
from .lines import fix_glued, is_prose, normalize_lines
from .markdown import markdown_to_text
from .parts import Parts
from .references import repair_reference_lines

__all__ = ["clean_document", "remove_furniture"]


def clean_document(raw: RawDocument, settings: Settings | None = None) -> list[Document | Rejected]:
    """Clean one raw document: main text, metadata, removed pieces, appended stories.

    Args:
        raw: a document from :func:`storytrace.ingest.iter_documents`.
        settings: the ``clean.*`` settings (defaults when ``None``).

    Returns:
        A list whose first item is the main :class:`Document` (or a
        :class:`Rejected` with reason ``no_text`` / ``undecodable``), followed by
        one child ``Document`` per unrelated article appended after the story
        (``parent`` = the main id).

    >>> raw = RawDocument("x.txt", b"A headline here\\n\\nPARIS (AFP) -- The talks ended on Tuesday without a deal, officials said.", "text")
    >>> doc = clean_document(raw)[0]
    >>> doc.title, doc.dateline, doc.credits
    ('A headline here', 'PARIS', ('AFP',))
    """
    settings = settings or Settings()
    meta = dict(raw.meta or {})
    source = _source_text(raw, meta, settings)
    if isinstance(source, Rejected):
        return [source]
    text, info, lifted = source

    parts = Parts()
    lines = _drop_leading_furniture(normalize_lines(text), parts)
    title = clean_title(meta.get("title") or info.get("title"), meta.get("site_name") or info.get("site_name"),
                        meta.get("url") or info.get("url"))
    lines, title = strip_leading_title(lines, title)
    if title:  # some sources repeat the headline as the first paragraph
        lines, _ = strip_leading_title(lines, title)
    byline_author = take_byline(lines, parts)
    lines, appended = _cut_appended(lines, parts) if settings.clean.split_appended else (lines, [])

    kept = [fix_glued(ln) for ln in remove_furniture(lines, parts)]
    # URLs broken by a stray space are repaired for the citations only: the text
    # stays as written (offsets point into it) and the repair is recorded.
    cited_lines, repaired_citations = repair_reference_lines(kept)
    if kept:
        read_dateline(kept[0], parts)
    body = "\n".join(kept)
    published = _published_date(meta, info, parts, body)

    # children first: they add their "appended" spans to parts.removed
    children = _appended_documents(raw, appended, lifted, parts, settings)
    if len(body) < settings.clean.min_chars:
        return [_rejected(raw, "no_text",
                          f"{len(body)} characters of clean text < clean.min_chars={settings.clean.min_chars}"), *children]
    language, confidence = _language(body, meta.get("language"), settings)
    doc_meta: dict[str, Any] = {"language_confidence": confidence, "fmt": raw.fmt}
    if meta.get("language") and normalize_language(meta["language"]) is None:
        doc_meta["language_given"] = str(meta["language"])  # kept, but it names no language: detected instead
    if meta.get("extra"):
        doc_meta["extra"] = dict(meta["extra"])
    if meta.get("id") is not None:
        doc_meta["record_id"] = meta["id"]
    if repaired_citations:
        doc_meta["repaired_citations"] = repaired_citations
    main = Document(
        id=raw.id, source=raw.source, text=body, title=title, language=language, published=published,
        url=meta.get("url") or info.get("url"), author=meta.get("author") or info.get("author") or byline_author,
        site_name=meta.get("site_name") or info.get("site_name"), dateline=parts.dateline,
        credits=tuple(dict.fromkeys(canonical_credit(c) for c in parts.credits)), disclosures=tuple(parts.disclosures),
        citations=find_urls("\n".join(cited_lines)), removed=tuple(parts.removed), meta=doc_meta,
    )
    return [main, *children]


def _source_text(raw: RawDocument, meta: dict[str, Any], settings: Settings
                 ) -> tuple[str, dict[str, Any], list[list[str]]] | Rejected:
    """The text to clean, the page's own metadata and the related panels lifted out of it.

    Bytes are decoded (a declared encoding first); HTML goes through
    trafilatura, Markdown loses its markup.  ``Rejected`` (undecodable, or
    HTML without main text) when there is nothing to clean.
    """
    declared = [meta["encoding"]] if meta.get("encoding") else []
    decoded = decode_bytes(raw.data, declared + declared_charsets(raw.data))
    if decoded is None:
        return _rejected(raw, "undecodable", "no encoding gives sensible text")
    text = decoded[0]
    if raw.fmt == "html":
        extracted, info, lifted = extract_html(text, meta.get("url"), str(settings.clean.html_favor))
        if extracted is None:
            return _rejected(raw, "no_text", "no main text found in the HTML")
        return extracted, info, lifted
    if raw.fmt == "markdown":
        text = markdown_to_text(text)
    return text, {}, []


def _drop_leading_furniture(lines: list[str], parts: Parts) -> list[str]:
    """Remove the date lines and furniture that come before the title (a date line's date is kept)."""
    while True:
        idx = next((j for j, ln in enumerate(lines) if ln), None)
        if idx is None:
            return lines
        date = read_date_line(lines[idx])
        reason = None if date else clutter_reason(lines[idx])
        if not (date or reason):
            return lines
        if date:
            parts.published = parts.published or date
        parts.removed.append(RemovedSpan("clutter", lines[idx], "date line" if date else str(reason)))
        lines = lines[:idx] + lines[idx + 1:]


def _cut_appended(lines: list[str], parts: Parts) -> tuple[list[str], list[str]]:
    """Cut the articles appended after the story off: ``(story lines, appended lines)``.

    The related-content heading and the short non-prose lines between the
    story's last paragraph and the appended stories (widgets, buttons,
    labels) are recorded as removed.
    """
    start = find_appended_start(lines)
    if start is None:
        return lines, []
    heading, first = start
    if heading >= 0:
        parts.removed.append(RemovedSpan("clutter", lines[heading], "related-content heading"))
    appended = lines[first:]
    lines = lines[: heading if heading >= 0 else first]
    furniture: list[RemovedSpan] = []
    while lines and (not lines[-1] or (not is_prose(lines[-1]) and len(lines[-1]) < 80
                                        and not CREDIT_LINE.match(lines[-1]) and not is_disclosure(lines[-1], True))):
        if lines[-1]:
            reason = clutter_reason(lines[-1]) or "furniture before appended stories"
            furniture.append(RemovedSpan("clutter", lines[-1], reason))
        lines.pop()
    parts.removed.extend(reversed(furniture))
    return lines, appended


def remove_furniture(lines: list[str], parts: Parts) -> list[str]:
    """Remove clutter, link boxes, date lines, disclosures and standalone credit lines from the story lines.

    What is removed goes to ``parts`` (a removed span each; disclosures,
    credits and a date line's date as fields).  Returns the lines kept,
    without empty lines.
    """
    nonempty = [j for j, ln in enumerate(ln for ln in lines if ln)]
    edge = set(nonempty[:2] + nonempty[-2:])
    kept: list[str] = []
    lines = [ln for ln in lines if ln]
    skip = 0
    for j, line in enumerate(lines):
        if skip:
            skip -= 1
            continue
        box = measure_link_box(lines, j)
        if box:
            parts.removed.append(RemovedSpan("clutter", "\n".join(lines[j:j + box]), "related-links box"))
            skip = box - 1
            continue
        if is_disclosure(line, j in edge):
            text = line.strip()
            if text[:1] in "([" and text[-1:] in ")]":
                text = text[1:-1].strip()
            parts.disclosures.append(text)
            parts.removed.append(RemovedSpan("disclosure", line, "disclosure note"))
            continue
        date = read_date_line(line)
        if date:
            parts.published = parts.published or date
            parts.removed.append(RemovedSpan("clutter", line, "date line"))
            continue
        cm = CREDIT_LINE.match(line)
        if cm:
            for credit in re.split(r"\s*[/,&]\s*", cm.group("credit")):
                if credit not in parts.credits:
                    parts.credits.append(credit)
            parts.removed.append(RemovedSpan("clutter", line, "credit line"))
            continue
        reason = clutter_reason(line)
        if reason:
            parts.removed.append(RemovedSpan("clutter", line, reason))
            continue
        kept.append(line)
    return kept


def _published_date(meta: dict[str, Any], info: dict[str, Any], parts: Parts, body: str) -> str | None:
    """The container's date, else the page's, else a date line's, else the dateline's day in the year the text suggests."""
    published = iso_date(meta.get("published")) or iso_date(info.get("published"))
    if not published and parts.published:
        published = parts.published
    if not published and parts.dateline_date:
        published = infer_dateline_year(parts.dateline_date, body)
    return published


def _appended_documents(raw: RawDocument, appended: list[str], lifted: list[list[str]], parts: Parts,
                        settings: Settings) -> list[Document]:
    """One child document per article appended after the story or found in a lifted panel.

    Records in ``parts.removed`` the lifted panels' headings, the panels that
    hold links rather than stories, headlines without a story, repeated
    articles, and an ``appended`` span per child (``child`` = its id).
    """
    chunks = split_articles(appended) if appended else []
    for block_lines in lifted:
        parts.removed.append(RemovedSpan("clutter", block_lines[0], "related-content heading"))
        if settings.clean.split_appended and holds_stories(block_lines[1:]):
            chunks += split_articles(block_lines[1:])
        else:
            parts.removed.append(RemovedSpan("clutter", "\n".join(block_lines[1:]), "related-links box"))
    children: list[Document] = []
    for n, chunk in enumerate(chunks, 1):
        ctitle, csite, cbody, _header = parse_article(chunk)
        child_parts = Parts()
        ctext = "\n".join(fix_glued(ln) for ln in remove_furniture(cbody, child_parts))
        block = "\n".join(chunk)
        if len(ctext) < settings.clean.min_chars:
            parts.removed.append(RemovedSpan("clutter", block, "appended headline without a story"))
            continue
        cid = content_id(raw.id + "\n" + ctext)
        if any(c.id == cid for c in children):
            parts.removed.append(RemovedSpan("clutter", block, "appended article repeated"))
            continue
        clang, cconf = _language(ctext, None, settings)
        children.append(Document(
            id=cid, source=f"{raw.source}#appended-{n}", text=ctext, title=ctitle, language=clang,
            site_name=csite, credits=tuple(dict.fromkeys(canonical_credit(c) for c in child_parts.credits)),
            disclosures=tuple(child_parts.disclosures),
            citations=find_urls(ctext), removed=tuple(child_parts.removed), parent=raw.id,
            meta={"language_confidence": cconf, "fmt": raw.fmt},
        ))
        parts.removed.append(RemovedSpan("appended", block, "unrelated article appended after the story", child=cid))
    return children


def _rejected(raw: RawDocument, reason: RejectionReason, detail: str) -> Rejected:
    return Rejected(id=raw.id, source=raw.source, stage="clean", reason=reason, detail=detail)


def _language(text: str, given: Any, settings: Settings) -> tuple[str | None, float]:
    """The language given by the container (as a CLDR code), else the one detected in ``text``."""
    code = normalize_language(given)
    if code is not None:
        return code, 1.0
    return detect_language(text, float(settings.clean.language_min_confidence))
