"""What the line passes collect while they walk a document's lines."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..records import RemovedSpan

__all__ = ["Parts"]


@dataclass
class Parts:
    """What the line passes collect while they walk the text."""

    removed: list[RemovedSpan] = field(default_factory=list)
    disclosures: list[str] = field(default_factory=list)
    credits: list[str] = field(default_factory=list)
    published: str | None = None
    dateline: str | None = None
    dateline_date: tuple[int, int] | None = None
