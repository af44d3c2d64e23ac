"""Citation facts: kept so ``storytrace.facts.citations`` still imports; the code is
:mod:`storytrace.citations.extraction`."""

from __future__ import annotations

from ..citations.extraction import (
    ID_DATE_ANCHORS,
    ID_DATE_MARGIN_DAYS,
    estimate_id_date,
    find_citations,
    url_date,
    url_slug_words,
)

__all__ = ["ID_DATE_ANCHORS", "ID_DATE_MARGIN_DAYS", "estimate_id_date", "find_citations", "url_date", "url_slug_words"]
