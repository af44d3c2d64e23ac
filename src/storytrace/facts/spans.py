"""Which offsets of a text fall inside a set of spans: the spans a fact extractor leaves to another."""

from __future__ import annotations

import bisect
from collections.abc import Iterable

__all__ = ["SpanSet"]


class SpanSet:
    """Half-open spans ``(start, end)``, merged, answering "is this offset in one of them?" by bisection.

    ``pos in SpanSet(spans)`` equals ``any(s <= pos < e for s, e in spans)``
    without scanning every span for every offset (a long text has many).

    >>> 5 in SpanSet([(0, 3), (4, 6)]), 3 in SpanSet([(0, 3), (4, 6)])
    (True, False)
    """

    def __init__(self, spans: Iterable[tuple[int, int]]):
        merged: list[list[int]] = []
        for start, end in sorted(spans):
            if start >= end:
                continue
            if merged and start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        self.starts = [s for s, _ in merged]
        self.ends = [e for _, e in merged]

    def __contains__(self, pos: int) -> bool:
        i = bisect.bisect_right(self.starts, pos) - 1
        return i >= 0 and pos < self.ends[i]
