"""Quality floor on FRANK: unsupported_facts flags unfaithful summaries (model-free).

The full figures are in docs/benchmarks.md (`bench/frank.py`); this test runs
the first 120 summaries of each data set and pins floors a little below what
they score (0.736 CNN/DM, 0.655 BBC), so a regression in the fact checks fails CI.
"""

from __future__ import annotations

import json

import pytest

from storytrace.compare import unsupported_facts

N = 120


def _balanced_accuracy(gold, pred):
    pos = sum(gold)
    neg = len(gold) - pos
    tp = sum(g and p for g, p in zip(gold, pred))
    tn = sum((not g) and (not p) for g, p in zip(gold, pred))
    return (tp / pos + tn / neg) / 2


@pytest.fixture(scope="module")
def frank_rows(shared_dir):
    path = shared_dir / "data" / "frank" / "frank_validation.jsonl"
    if not path.is_file():
        pytest.skip(f"{path} is missing")
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.mark.parametrize("dataset, floor", [("cnndm", 0.70), ("bbc", 0.62)])
def test_frank_balanced_accuracy_floor(frank_rows, dataset, floor):
    rows = [r for r in frank_rows if r["dataset"] == dataset][:N]
    gold = [r["labels"]["Factuality"] < 1 for r in rows]
    pred = [bool(unsupported_facts(r["article"], r["summary"], lang="en")) for r in rows]
    assert 0 < sum(gold) < len(gold)
    score = _balanced_accuracy(gold, pred)
    assert score >= floor, f"{dataset}: balanced accuracy {score:.3f} < floor {floor}"


def test_faithful_extractive_sentence_is_not_flagged(frank_rows):
    row = next(r for r in frank_rows if r["dataset"] == "cnndm")
    first = row["article"].split(". ")[0] + "."
    assert unsupported_facts(row["article"], first, lang="en") == []


def test_thresholds_apply_after_measuring(frank_rows):
    """SupportEvidence.unsupported with the module's constants is unsupported_facts; looser thresholds flag more."""
    from storytrace.compare import unsupported_facts
    from storytrace.compare.single_pair import support_evidence

    for row in frank_rows[:20]:
        evidence = support_evidence(row["article"], row["summary"], "en")
        assert [f.text for f in evidence.unsupported()] == [f.text for f in unsupported_facts(row["article"], row["summary"], lang="en")]
        assert len(evidence.unsupported(6.0, 1, 5)) >= len(evidence.unsupported(4.5, 4, 10**6))
