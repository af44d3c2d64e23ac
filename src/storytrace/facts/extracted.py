"""The record every fact extractor returns, before versions are compared."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = ["ExtractedFact"]


@dataclass(frozen=True, slots=True)
class ExtractedFact:
    """One fact as stated in one document, with offsets into ``Document.text``.

    ``kind`` is quantity, date, weekday, entity, attribution or citation.
    ``key`` is a language-neutral slot name ("quantity:workers",
    "entity:north korea"), ``value`` the comparable value (a float, an ISO
    date string, an English canonical name or a URL).  ``attrs`` holds what
    the comparison needs besides: the counted noun and its qualifiers, a
    date's granularity, a weekday's resolved date, the anchors of the
    sentence the fact sits in, and so on.
    """

    kind: str
    key: str
    value: Any
    start: int
    end: int
    text: str
    document: str = ""
    attrs: Mapping[str, Any] = field(default_factory=dict)
