"""Cited URLs: finding them, judging them offline, and (optionally) checking them online.

==========================  ===================================================
module                      what it holds
==========================  ===================================================
:mod:`.urls`                :func:`find_urls`: the plain, de-duplicated list
                            of URLs a text cites (``Document.citations``, filled
                            by cleaning), and the URL pattern and trimming that
                            the reference-line repair in cleaning shares
:mod:`.extraction`          :func:`find_citations`: ``citation`` facts with
                            offsets, markers, host, the date an address carries
                            and its slug words (run by ``extract_facts``)
:mod:`.audit`               :func:`citation_findings`: the offline citation audit
                            of a story's versions (dates in addresses, topic
                            words, malformed and repaired URLs)
:mod:`.online_check`        :func:`online_citation_findings` and
                            :class:`CitationChecker`: status and redirects over
                            HTTP, an I/O edge the runners call (off by default)
==========================  ===================================================

Refusing internal addresses is :mod:`storytrace.netsafety`, shared with URL
fetching.  ``storytrace.facts.citations`` re-exports :mod:`.extraction`.
"""

from __future__ import annotations

from .audit import (
    StoryTopic,
    anachronistic_citation,
    citation_findings,
    offtopic_citation,
    repaired_citation_findings,
    story_topic,
    story_vocabulary,
)
from .extraction import ID_DATE_ANCHORS, ID_DATE_MARGIN_DAYS, estimate_id_date, find_citations, url_date, url_slug_words
from .online_check import CitationCheck, CitationChecker, online_citation_findings
from .urls import URL_PATTERN, find_urls, trim_url

__all__ = [
    "ID_DATE_ANCHORS",
    "ID_DATE_MARGIN_DAYS",
    "URL_PATTERN",
    "CitationCheck",
    "CitationChecker",
    "StoryTopic",
    "anachronistic_citation",
    "citation_findings",
    "estimate_id_date",
    "find_citations",
    "find_urls",
    "offtopic_citation",
    "online_citation_findings",
    "repaired_citation_findings",
    "story_topic",
    "story_vocabulary",
    "trim_url",
    "url_date",
    "url_slug_words",
]
