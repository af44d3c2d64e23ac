"""From a raw document to clean text plus the structure around it.

HTML goes through trafilatura (main text and metadata).  Everything after that
is line-based and written by hand, because no library knows the conventions of
*syndicated news copy*: datelines and agency credits ("SEOUL, June 18 (AP)"),
date lines ("date 2025-06-18"), disclosure notes ("auto-generated from a
syndicated feed"), reference lists whose URLs run together, and aggregator
pages that paste unrelated stories after the one you came for ("Related
Articles" / outlet / "15 minutes ago" / headline / body).  Those pieces are not
thrown away silently: each becomes a :class:`~storytrace.records.RemovedSpan`,
disclosures and citations become fields, and appended stories become child
documents of their own.

Rules match *shapes* (short lines, relative timestamps, "- Outlet" lines,
headline-like lines) and multilingual keyword lists, never phrases of one
particular page.

=======================  ==========================================================
module                   what it holds
=======================  ==========================================================
:mod:`.document`         :func:`clean_document`: the order of the passes, and the
                         main and child documents they produce
:mod:`.html_extraction`  trafilatura, with related-content panels lifted out first
:mod:`.markdown`         Markdown to plain paragraphs
:mod:`.vocab`            month names, agencies, relative timestamps, headings
:mod:`.lines`            line shapes (short, prose, headline) and normalisation
:mod:`.date_lines`       date lines and the year of a dateline's date
:mod:`.header`           title, byline, dateline and credits
:mod:`.clutter`          page furniture and disclosure notes
:mod:`.appended`         appended articles and related-links boxes
:mod:`.references`       reference-list URLs broken by a stray space
:mod:`.parts`            what the passes collect
=======================  ==========================================================

The URLs a document cites (``Document.citations``) are listed by
:func:`storytrace.citations.find_urls`.
"""

from __future__ import annotations

from .document import clean_document

__all__ = ["clean_document"]
