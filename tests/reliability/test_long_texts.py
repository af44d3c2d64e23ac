"""Long single-sentence texts: the lookups that made analysis quadratic give the same answers as a scan.

Timing is measured by ``bench/long_text.py``, not asserted here.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from storytrace.compare.dates import _nearest
from storytrace.compare.slots import sentence_at
from storytrace.facts.attributions import _Windows
from storytrace.facts.spans import SpanSet
from storytrace.records import ExtractedFact, Sentence

offsets = st.integers(0, 200)


def _fact(start: int, end: int, n: int = 0) -> ExtractedFact:
    return ExtractedFact("entity", f"entity:{n}", n, start, end, "x" * (end - start))


@given(st.lists(st.tuples(offsets, offsets)), offsets)
def test_spans_contain_what_a_scan_finds(spans, pos):
    assert (pos in SpanSet(spans)) == any(s <= pos < e for s, e in spans)


@given(st.lists(offsets, min_size=1).map(sorted), offsets)
def test_nearest_is_the_first_closest(starts, pos):
    facts = [_fact(s, s + 1, n) for n, s in enumerate(starts)]
    assert _nearest(facts, pos) is min(facts, key=lambda f: abs(f.start - pos))


@given(st.lists(st.tuples(offsets, st.integers(0, 30))), offsets, st.integers(0, 40))
def test_windows_find_what_a_scan_finds(spans, lo, width):
    ents = sorted((_fact(s, s + w, n) for n, (s, w) in enumerate(spans)), key=lambda e: e.start)
    near = _Windows(ents)
    assert near.starting(lo, lo + width) == [e for e in ents if lo <= e.start <= lo + width]
    assert near.ending(lo, lo + width) == [e for e in ents if lo <= e.end <= lo + width]


@given(st.lists(st.integers(1, 20), max_size=30), offsets)
def test_sentence_at_finds_the_holding_sentence(lengths, pos):
    sentences, start = [], 0
    for i, n in enumerate(lengths):
        sentences.append(Sentence(index=i, start=start, end=start + n, text="x" * n))
        start += n + 1  # one space between sentences: some offsets fall in no sentence
    expected = next((s for s in sentences if s.start <= pos < s.end), None)
    assert sentence_at(tuple(sentences), pos) == expected
