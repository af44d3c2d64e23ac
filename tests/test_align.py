"""Sentence alignment and the paraphrase score."""

from __future__ import annotations

import csv
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storytrace.align import (
    FEATURE_NAMES,
    PARAPHRASE_THRESHOLD,
    align_versions,
    paraphrase_features,
    paraphrase_score,
)
from storytrace.records import Document
from storytrace.settings import Settings


def doc(i: str, text: str, lang: str | None = "en") -> Document:
    return Document(id=i, source=i, text=text, language=lang)


def test_identical_light_edit_omission_addition_and_order():
    a = doc("a", "Kim met Putin in Moscow in 2024. They signed a defence treaty. Rain fell all day in Seoul.")
    b = doc("b", "Kim met Putin in Moscow in 2024. They signed a defence treaty on Monday. Prices rose 5% in Tokyo.")
    sents, (al,) = align_versions([a, b])
    assert (al.a, al.b) == ("a", "b")
    labels = {(p.a, p.b): p.label for p in al.pairs}
    assert labels[((0,), (0,))] == "identical"
    assert labels[((1,), (1,))] == "light_edit"
    assert labels[((2,), ())] == "omission"
    assert labels[((), (2,))] == "addition"
    assert len(sents["a"]) == len(sents["b"]) == 3


def test_one_to_two_merge():
    a = doc("a", "The ministry said 1,000 sappers and 5,000 builders will go to Kursk next month. Officials declined to comment.")
    b = doc("b", "The ministry said 1,000 sappers will go to Kursk. It added that 5,000 builders will go next month. Officials declined to comment.")
    _, (al,) = align_versions([a, b])
    merged = [p for p in al.pairs if p.a == (0,)]
    assert merged and merged[0].b == (0, 1)


def test_transposition_is_found():
    s = ["Shoigu visited Pyongyang on Tuesday for talks.", "Kim pledged 6,000 workers for Kursk.",
         "Seoul voiced grave concern over the deal.", "Tokyo called the move a threat to security."]
    a = doc("a", " ".join(s))
    b = doc("b", " ".join([s[3], s[1], s[2], s[0]]))
    _, (al,) = align_versions([a, b])
    pairs = {(p.a, p.b) for p in al.pairs if p.a and p.b}
    assert pairs == {((0,), (3,)), ((1,), (1,)), ((2,), (2,)), ((3,), (0,))}


def test_every_pair_and_min_score_setting():
    docs = [doc(str(i), f"Kim met Putin in {2020 + i}. The talks ended.") for i in range(4)]
    _, als = align_versions(docs)
    assert [(x.a, x.b) for x in als] == [("0", "1"), ("0", "2"), ("0", "3"), ("1", "2"), ("1", "3"), ("2", "3")]
    _, strict = align_versions(docs[:2], Settings({"align.min_score": 0.99}))
    assert {p.label for p in strict[0].pairs} <= {"identical", "addition", "omission"}


def test_cross_lingual_seed_alignment(seed_documents):
    docs = list(seed_documents.values())
    sents, als = align_versions(docs)
    al = next(x for x in als if (x.a, x.b) == ("000", "002"))
    matched = [p for p in al.pairs if p.a and p.b]
    assert all(p.label == "translation" for p in matched)
    # 000 translates 002 paragraph by paragraph: sentence k goes with sentence k
    diagonal = sum(1 for p in matched if p.a == p.b)
    assert diagonal >= 0.85 * len(sents["000"])
    wrong = [p for p in matched if abs(p.a[0] - p.b[0]) > 1]
    assert not wrong


def test_seed_paraphrase_and_independent_report(seed_documents):
    docs = list(seed_documents.values())
    _, als = align_versions(docs)
    by = {(x.a, x.b): x for x in als}
    para = Counter(p.label for p in by[("001", "002")].pairs)
    assert para["paraphrase"] >= 20 and para["identical"] == 0
    independent = [p for p in by[("002", "003")].pairs if p.a and p.b]
    assert len(independent) <= 8


def test_paraphrase_score_examples():
    assert paraphrase_score("The minister resigned on Monday.", "On Monday the minister resigned.") > PARAPHRASE_THRESHOLD
    assert paraphrase_score("Shares of Acme rose 5% on Friday.", "The storm killed 12 people in Texas.") < PARAPHRASE_THRESHOLD
    assert paraphrase_score("", "Anything at all.") == 0.0
    assert paraphrase_score("Same sentence here.", "Same sentence here.") == 1.0
    pt = "Shoigu disse que Moscou e Pyongyang concordaram em erigir memoriais."
    en = "Shoigu said that Moscow and Pyongyang agreed to erect memorials."
    assert paraphrase_score(pt, en, lang_a="pt", lang_b="en") > paraphrase_score(pt, "Prices rose 5% in Tokyo.", lang_a="pt", lang_b="en")


@settings(max_examples=25, deadline=None)
@given(st.text(min_size=1, max_size=60), st.text(min_size=1, max_size=60))
def test_paraphrase_score_symmetric_and_bounded(a, b):
    x, y = paraphrase_score(a, b), paraphrase_score(b, a)
    assert 0.0 <= x <= 1.0
    assert x == pytest.approx(y, abs=1e-9)
    assert len(paraphrase_features(a, b)) == len(FEATURE_NAMES)


def test_msrp_sample_beats_chance(shared_dir):
    """A fixed slice of MSRP: the shipped model must clearly beat the majority class."""
    path = shared_dir / "data" / "msrp" / "msr_paraphrase_train.txt"
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))[1:]
    rows = [r for r in rows if len(r) >= 5][-400:]
    correct = sum((paraphrase_score(r[3], r[4], lang_a="en", lang_b="en") >= PARAPHRASE_THRESHOLD) == (r[0] == "1") for r in rows)
    majority = max(sum(r[0] == "1" for r in rows), sum(r[0] == "0" for r in rows))
    assert correct / len(rows) >= 0.74
    assert correct > majority + 0.04 * len(rows)


WORDS = ["Kim", "Putin", "met", "in", "Moscow", "2024", "sappers", "1,000", "said", "the", "treaty", "rain", "Seoul", "fell"]


@settings(max_examples=20, deadline=None)
@given(st.lists(st.lists(st.lists(st.sampled_from(WORDS), min_size=1, max_size=8), min_size=0, max_size=6), min_size=1, max_size=4),
       st.sampled_from(["en", "pt", None]))
def test_every_sentence_is_accounted_for_once(versions, lang):
    docs = [doc(f"d{k}", " ".join(" ".join(s) + "." for s in sents), lang if k % 2 else "en") for k, sents in enumerate(versions)]
    sents, als = align_versions(docs)
    assert len(als) == len(docs) * (len(docs) - 1) // 2
    for al in als:
        a_seen = [i for p in al.pairs for i in p.a]
        b_seen = [j for p in al.pairs for j in p.b]
        assert sorted(a_seen) == list(range(len(sents[al.a])))
        assert sorted(b_seen) == list(range(len(sents[al.b])))
        for p in al.pairs:
            assert 0.0 <= p.score <= 1.0
            assert (p.label == "addition") == (not p.a) and (p.label == "omission") == (not p.b)


def test_degenerate_inputs():
    assert align_versions([]) == ({}, ())
    one = doc("x", "Only one version.")
    assert align_versions([one])[1] == ()
    empty = doc("e", "")
    _, (al,) = align_versions([one, empty])
    assert [p.label for p in al.pairs] == ["omission"]


def test_paraphrase_model_is_versioned_package_data() -> None:
    import numpy as np

    from storytrace.align import paraphrase as model_module
    from storytrace.align import spline_basis
    from storytrace.models import load_model

    model = load_model("paraphrase-v1")
    assert (model["name"], model["version"]) == ("paraphrase", 1)
    assert tuple(model["features"]) == FEATURE_NAMES
    n_basis = model["basis"]["knots"] + model["basis"]["degree"] - 1
    assert len(model["lo"]) == len(model["hi"]) == len(FEATURE_NAMES)
    assert len(model["coef"]) == spline_basis(np.zeros((1, len(FEATURE_NAMES))), model["lo"], model["hi"]).shape[1]
    assert len(model["coef"]) == n_basis * len(FEATURE_NAMES)
    assert model["threshold"] == PARAPHRASE_THRESHOLD
    # the module scores with exactly the numbers of the file
    assert model_module._COEF.tolist() == model["coef"] and model["intercept"] == model_module._INTERCEPT
    assert model_module._LO.tolist() == model["lo"] and model_module._HI.tolist() == model["hi"]
