"""Tests for storytrace.fingerprint_table and the batch scoring built on it (storytrace.group)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import numpy as np
import pytest

from storytrace import group
from storytrace.fingerprint import fingerprint_text
from storytrace.fingerprint_table import FingerprintTable, hash_features, load_arrays, pack
from storytrace.group import workers as group_workers
from storytrace.records import Document
from storytrace.settings import Settings

EN = ("North Korea will send 1,000 sappers and 5,000 military construction workers to Russia's Kursk region, "
      "Sergei Shoigu said on Tuesday, June 18, 2025, after talks with Kim Jong Un in Pyongyang.")
PT = ("A Coreia do Norte enviará 1.000 sapadores e 5.000 trabalhadores militares da construção para a região "
      "russa de Kursk, disse Sergei Shoigu na terça-feira, 18 de junho de 2025, após conversas com Kim Jong Un.")
BANK = "The central bank of Brazil raised its benchmark interest rate by 0.25 points to 10.75% on Wednesday."
SHORT_EN = "Shoigu: 1,000 sappers to Kursk."


def _prints():
    return [
        fingerprint_text(EN, lang="en", id="en"),
        fingerprint_text(PT, lang="pt", id="pt"),
        fingerprint_text(BANK, lang="en", id="bank"),
        fingerprint_text(SHORT_EN, lang="en", id="short"),
    ]


def test_hash_features_is_stable_across_processes() -> None:
    keys = ["number:1000", "name:shoigu", "w:kursk", "ab", "ação", "北朝鮮", "x" * 300]
    here = hash_features(keys, kind_bits=True).tolist()
    code = ("import json, sys; from storytrace.fingerprint_table import hash_features; "
            f"print(json.dumps(hash_features({keys!r}, kind_bits=True).tolist()))")
    for seed in ("0", "12345"):
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                             env={**os.environ, "PYTHONHASHSEED": seed})
        assert json.loads(out.stdout) == here
    assert [c & 7 for c in here[:3]] == [1, 4, 0]  # anchor kinds in the low bits
    assert len(set(here)) == len(here)
    assert all(0 <= c < 1 << 30 for c in here)
    # the same key hashes alike wherever it sits in the batch
    assert hash_features(["w:kursk"]).tolist() == hash_features(["zzz", "w:kursk"]).tolist()[1:]


def test_pack_round_trip_keeps_anchors_words_and_metadata() -> None:
    prints = _prints()
    table = FingerprintTable()
    assert table.add_packed(pack(prints)) == [0, 1, 2, 3]
    assert table.add_packed(pack(prints[:1])) == [0]  # an id added twice keeps its first row
    assert len(table) == 4
    again = table.fingerprint(1)
    assert again.anchors == prints[1].anchors and again.words == prints[1].words
    assert (again.id, again.language, again.size, again.rare) == ("pt", "pt", prints[1].size, prints[1].rare)
    table.freeze()
    assert table.fingerprint(1).words == prints[1].words
    with pytest.raises(RuntimeError):
        table.add(prints[0])


def test_batch_features_equal_pair_features() -> None:
    prints = _prints()
    table = FingerprintTable.from_fingerprints(prints)
    arrays = table.freeze()
    left = np.array([0, 0, 1, 3, 2])
    right = np.array([1, 2, 2, 0, 2])
    matrix = group.pair_feature_matrix(arrays, left, right)
    for k, (a, b) in enumerate(zip(left, right)):
        single = group.pair_features(prints[a], prints[b]) if a != b else None
        if single is None:
            continue
        assert matrix[k].tolist() == pytest.approx([single[f] for f in group.FEATURES], abs=1e-12)
    # the vectorised model equals the model applied to expanded features
    scores = group.score_features(matrix)
    for k in range(len(left)):
        x = group.expand_features(matrix[k].tolist())
        manual = group.MODEL_BIAS + sum(w * v for w, v in zip(group.MODEL_WEIGHTS, x))
        words = matrix[k, group.FEATURES.index("words_cos")]
        expected = min(1.0, max(0.0, manual, (words - 0.5) / 0.4))
        assert scores[k] == pytest.approx(expected, abs=1e-9)
    assert scores[0] > 0.8 and scores[1] < 0.3  # en~pt same story, en~bank not


def test_score_pairs_matches_similarity_and_is_symmetric() -> None:
    en, pt, bank, short = _prints()
    batch = group.score_pairs([(en, pt), (pt, en), (en, bank), (short, en)])
    assert batch[0] == pytest.approx(batch[1], abs=1e-12)
    assert batch == pytest.approx([group.similarity(en, pt), group.similarity(pt, en),
                                   group.similarity(en, bank), group.similarity(short, en)], abs=1e-12)
    assert group.score_pairs([]) == []


def test_saved_arrays_score_like_the_table(tmp_path) -> None:
    table = FingerprintTable.from_fingerprints(_prints())
    arrays = table.freeze()
    table.save(tmp_path / "t")
    mapped = load_arrays(tmp_path / "t")
    left, right = np.array([0, 1, 3]), np.array([1, 2, 0])
    assert group.pair_feature_matrix(mapped, left, right).tolist() == group.pair_feature_matrix(arrays, left, right).tolist()
    assert mapped.rare(1) == arrays.rare(1)


@pytest.mark.parametrize("method", ["fork", "forkserver"])
def test_workers_do_not_change_the_grouping(monkeypatch, method) -> None:
    """Fingerprinting and scoring in worker processes give the stories one process gives.

    With fork the scoring workers inherit the table's arrays; with forkserver
    (what runs when other threads are alive, as under the CLI's progress
    bars) they memory-map a saved copy.
    """
    import multiprocessing

    from storytrace import parallel

    if method not in multiprocessing.get_all_start_methods():
        pytest.skip(f"no {method} start method on this platform")
    monkeypatch.setattr(parallel, "start_method", lambda: method)
    monkeypatch.setattr(group_workers, "start_method", lambda: method)
    monkeypatch.setattr(group_workers, "_MIN_PARALLEL_DOCUMENTS", 1)
    monkeypatch.setattr(group_workers, "_FINGERPRINT_BATCH", 2)
    monkeypatch.setattr(group_workers, "_SCORE_BATCH", 1)
    docs = [
        Document(id=f"{k}-{name}", source="t", text=text, language=lang)
        for k in range(3)
        for name, text, lang in (("en", EN, "en"), ("pt", PT, "pt"), ("bank", BANK, "en"))
    ]
    serial = group.group_stories(docs, Settings({"run.workers": 1}))
    parallel = group.group_stories(list(reversed(docs)), Settings({"run.workers": 2}))
    assert parallel == serial
    sizes = sorted(len(s.document_ids) for s in serial)
    assert sizes == [3, 6]  # the three bank copies; the en and pt versions


def test_group_stories_reports_progress() -> None:
    seen: list[int] = []
    docs = [Document(id=name, source="t", text=text) for name, text in (("en", EN), ("pt", PT), ("bank", BANK))]
    group.group_stories(docs, advance=seen.append)
    assert sum(seen) == 3


def test_group_stories_of_nothing_and_of_one_document() -> None:
    assert group.group_stories([]) == []
    (story,) = group.group_stories([Document(id="only", source="t", text=EN)])
    assert story.document_ids == ("only",) and story.links == ()


def test_score_pairs_keeps_fingerprints_with_one_id_apart() -> None:
    en = fingerprint_text(EN, lang="en")  # both with the default id ""
    bank = fingerprint_text(BANK, lang="en")
    assert group.score_pairs([(en, bank)]) == pytest.approx([group.similarity(en, bank)], abs=1e-12)
    assert group.score_pairs([(en, bank)])[0] < 0.5


def test_a_pair_scores_the_same_whatever_it_is_batched_with() -> None:
    prints = _prints()
    arrays = FingerprintTable.from_fingerprints(prints).freeze()
    left = np.array([0, 0, 1, 3, 2, 1, 0])
    right = np.array([1, 2, 2, 0, 3, 3, 3])
    together = group.score_pairs_rows(arrays, left, right)
    alone = [group.score_pairs_rows(arrays, left[k:k + 1], right[k:k + 1])[0] for k in range(len(left))]
    in_twos = group.score_pairs_rows(arrays, left, right, batch=2)
    assert together == alone == in_twos  # bit for bit


def test_hash_features_refuses_keys_with_nul() -> None:
    with pytest.raises(ValueError):
        hash_features(["a\x00b"])
    assert len(hash_features(["\ud800x"])) == 1  # a lone surrogate still hashes
