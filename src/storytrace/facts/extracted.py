"""The record every fact extractor returns: :class:`storytrace.records.ExtractedFact`.

It lives with the other records so that modules outside the ``facts``
package (the citation extractor, compare) can use it without importing the
extractors; this module keeps the name where the extractors import it.
"""

from __future__ import annotations

from ..records import ExtractedFact

__all__ = ["ExtractedFact"]
