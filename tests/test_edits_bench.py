"""bench/edits.py: each edit injector makes the edit it logs, at the span it logs, and the scores count right."""

from __future__ import annotations

import importlib.util
import random
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench" / "edits.py"


@pytest.fixture(scope="module")
def edits():
    spec = importlib.util.spec_from_file_location("bench_edits", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_edits"] = module
    spec.loader.exec_module(module)
    return module


TEXT = (
    "Rescuers said on Tuesday that 1,200 people had been moved from the valley. "
    "The mayor told reporters: \"We have never seen water rise this fast in our town, and we are afraid.\" "
    "Officials said 40 houses were destroyed near the river. "
    "More rain is expected later in the week across the region. "
    "Schools will stay closed until further notice, the council said."
)
OTHER = (
    "A new bridge over the Tagus was opened in Lisbon. "
    "The works cost 35 million euros and took four years, said Minister Ana Costa. "
    "Traffic is expected to ease in the coming months."
)


def _article(edits, text, key="a", lang="en"):
    return edits.Article(key, lang, text)


@pytest.mark.parametrize("kind", ["count", "weekday", "quote_word", "quote_drop", "insert", "drop", "swap", "regroup", "copy"])
def test_each_injector_makes_its_edit(edits, kind):
    art = _article(edits, TEXT)
    other = _article(edits, OTHER, "b")
    made = edits.make_edit(kind, art, [other], random.Random(3))
    assert made is not None
    derived, span_original, span_derived, note = made
    if kind == "copy":
        assert derived == TEXT
        return
    assert derived != TEXT and note
    if span_original is not None:
        assert 0 <= span_original[0] < span_original[1] <= len(TEXT)
    if span_derived is not None:
        assert 0 <= span_derived[0] <= span_derived[1] <= len(derived)
    if kind == "count":
        old, new = note.split(" -> ")
        assert TEXT[span_original[0]:span_original[1]] == old and derived[span_derived[0]:span_derived[1]] == new
        assert old != new
    if kind == "weekday":
        assert "Tuesday" not in derived and derived[span_derived[0]:span_derived[1]] in (
            "Monday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
    if kind in ("quote_word", "quote_drop"):
        q = TEXT.index("\"We")
        assert q < span_original[0] < TEXT.index("afraid.")
    if kind == "insert":
        assert derived[span_derived[0]:span_derived[1]] in OTHER
    if kind == "regroup":
        assert "1200 people" in derived and "1,200" not in derived
    if kind in ("drop", "swap"):
        assert sorted(derived.split()) != sorted(TEXT.split()) or kind == "swap"


def test_counts_skip_dates_years_and_names(edits):
    text = "On 5 May 2020 the Section 189 notices went to 300 workers at 10:30 on May 6."
    assert [text[s:e] for s, e in edits._count_spots(text, "en")] == ["300"]
    text = "El 12 de diciembre llegaron 40 migrantes."
    assert [text[s:e] for s, e in edits._count_spots(text, "es")] == ["40"]


def test_weekday_injection_in_a_language_without_spaces(edits):
    art = _article(edits, "中国央行星期三表示，将削减存款准备金率。分析人士说，这一举措早在预料之中。", lang="zh")
    derived, _, span, _ = edits.make_edit("weekday", art, [art], random.Random(1))
    assert derived[span[0]:span[1]].startswith("星期") and derived[span[0]:span[1]] != "星期三"


def test_scores_count_recall_precision_and_false_findings(edits):
    hit = edits.Pair("a", "en", "count", "x 12 y", "x 17 y", "2020-01-01", "2020-01-02", (2, 4), (2, 4), "12 -> 17",
                     [{"kind": "drift", "document": "derived", "start": 2, "end": 4, "text": "17", "detail": ""},
                      {"kind": "framing", "document": "derived", "start": 40, "end": 44, "text": "z", "detail": ""}])
    miss = edits.Pair("b", "de", "count", "x 12 y", "x 17 y", "2020-01-01", "2020-01-02", (2, 4), (2, 4), "12 -> 17", [])
    clean = edits.Pair("c", "en", "copy", "t", "t", "2020-01-01", "2020-01-02", None, None, "",
                       [{"kind": "garble", "document": "original", "start": 0, "end": 1, "text": "t", "detail": ""},
                        {"kind": "unsupported_claim", "document": "derived", "start": 0, "end": 1, "text": "t", "detail": ""}])
    s = edits.score([hit, miss, clean])
    assert s["recall"]["count"] == 0.5 and s["recall_kind"]["count"] == 0.5
    assert s["precision"] == 0.5  # the framing finding is explained by no edit
    assert s["false_per_clean"]["copy"] == 1.0  # the original's own garble is left out
    assert s["lang"]["en"] == (1.0, 1) and s["lang"]["de"] == (0.0, 1)


def test_held_out_split_is_fixed_by_the_text(edits):
    texts = [f"article number {i} " * 30 for i in range(200)]
    share = sum(edits.held_out(t) for t in texts) / len(texts)
    assert 0.1 < share < 0.3
    assert [edits.held_out(t) for t in texts] == [edits.held_out(t) for t in texts]
