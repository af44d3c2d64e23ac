"""Fact extraction: quantities, dates and weekdays, entities, attributions and citations.

One module per kind, each a pure function over a text with offsets into it;
:func:`extract_facts` runs them all over one :class:`~storytrace.records.Document`.
Quotes live in :mod:`storytrace.facts.quotes`.  Facts are compared across the
versions of a story in :mod:`storytrace.compare`.
"""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import replace

import regex

from ..citations.extraction import find_citations
from ..records import Document
from ..settings import Settings
from ..text.calendar import weekdays
from .attributions import find_attributions
from .dates import dateline_span, find_dates, parse_reference_date
from .entities import find_entities, find_entities_spacy
from .extracted import ExtractedFact
from .quantities import find_quantities
from .spans import SpanSet

__all__ = [
    "ExtractedFact",
    "extract_facts",
    "find_attributions",
    "find_citations",
    "find_dates",
    "find_entities",
    "find_quantities",
]


def _lang(document: Document, settings: Settings) -> str | None:
    lang = (document.language or "").split("-")[0].lower() or None
    allowed = {x.strip() for x in settings.facts.languages.split(",") if x.strip()}
    return lang if lang in allowed else None


def _calendar_lang(document: Document, lang: str | None) -> str | None:
    """The language whose calendar names and number conventions are read: the
    document's own when CLDR knows it, even outside ``facts.languages``
    (weekdays, months and digit grouping need no word lists of ours)."""
    own = (document.language or "").split("-")[0].lower() or None
    if lang is None and own is not None and weekdays(own):
        return own
    return lang


_SENTENCE_BREAK = regex.compile(r"[.!?。！？]\s|\n")


def _with_time(text: str, quantities: list[ExtractedFact], dates: list[ExtractedFact]) -> list[ExtractedFact]:
    """Each quantity with ``attrs["time"]``: the day-granular date its sentence states nearest to it, or ""."""
    days = sorted((f for f in dates if f.kind == "date" and f.attrs.get("granularity") == "day" and not f.attrs.get("dateline")),
                  key=lambda f: f.start)
    if not days:
        return [replace(q, attrs={**q.attrs, "time": ""}) for q in quantities]
    breaks = [m.start() for m in _SENTENCE_BREAK.finditer(text)]
    out = []
    for q in quantities:
        i = bisect.bisect_left(breaks, q.start)
        lo = breaks[i - 1] if i > 0 else 0
        hi = breaks[i] if i < len(breaks) else len(text)
        near = [d for d in days if lo <= d.start < hi]
        time = str(min(near, key=lambda d: abs(d.start - q.start)).value) if near else ""
        out.append(replace(q, attrs={**q.attrs, "time": time}))
    return out


def extract_facts(document: Document, settings: Settings | None = None, reference: dt.date | None = None) -> list[ExtractedFact]:
    """Every fact one document states, sorted by position.

    Args:
        document: a clean document; ``language`` picks the extractors'
            language (None or an unknown language: all five are tried),
            ``published`` (or a dated dateline) resolves weekdays and
            years.
        settings: ``facts.entity_backend`` (rules or spacy),
            ``facts.spacy_model``, ``facts.languages``.
        reference: the date to read relative dates against when the
            document has none of its own (no publication date, no dated
            dateline); :func:`storytrace.compare.compare_story` passes the
            story's reference date.

    Returns:
        :class:`ExtractedFact` records of kinds quantity, date, weekday,
        entity, attribution and citation, with offsets into ``document.text``.
        A date inside the dateline or credit line ("Lisbon, March 12 (WNS)")
        carries ``attrs["dateline"] = True``: it is publication metadata.

    Raises:
        MissingExtra: the spacy backend is chosen but spaCy is not installed.

    >>> from storytrace.records import Document
    >>> doc = Document(id="d1", source="x", text="Officials said Tuesday 40 people were rescued.", published="2025-06-18", language="en")
    >>> [(f.kind, f.value) for f in extract_facts(doc) if f.kind in ("quantity", "weekday")]
    [('weekday', '2025-06-17'), ('quantity', 40.0)]
    """
    settings = settings or Settings()
    text = document.text
    lang = _lang(document, settings)
    cal_lang = _calendar_lang(document, lang)
    reference = parse_reference_date(document.published, document.dateline, text, cal_lang) or reference
    citations = find_citations(text, document.id)
    in_citation = SpanSet((c.start, c.end) for c in citations)
    dates = [f for f in find_dates(text, cal_lang, reference, document.id) if f.start not in in_citation]
    head = dateline_span(text, document.dateline)
    if head is not None:
        dates = [replace(f, attrs={**f.attrs, "dateline": True}) if f.kind == "date" and head[0] <= f.start < head[1] else f
                 for f in dates]
    skip = [(f.start, f.end) for f in dates] + [(c.start, c.end) for c in citations]
    quantities = _with_time(text, find_quantities(text, cal_lang, document.id, skip), dates)
    if settings.facts.entity_backend == "spacy":
        entities = find_entities_spacy(text, settings.facts.spacy_model, document.id)
    else:
        entities = find_entities(text, lang, document.id)
    entities = [e for e in entities if e.start not in in_citation]
    attributions = find_attributions(text, entities, lang, document.id)
    facts = [*dates, *quantities, *entities, *attributions, *citations]
    facts.sort(key=lambda f: (f.start, f.kind))
    return facts
