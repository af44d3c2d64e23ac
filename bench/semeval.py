"""SemEval-2022 Task 8 (multilingual news article similarity) against story_similarity.

Prints, for the default model-free pipeline:
  * Pearson between story_similarity and -Overall (1 = same story ... 4 = unrelated);
  * ROC AUC for Overall <= 1.5 (positive) against Overall >= 3.5;
  * the same per language pair.

With ``--fit`` it also fits the model of storytrace.group (ridge regression of
(4 - Overall) / 3 on group.expand_features of the pair features) and reports
its 5-fold cross-validated Pearson and ROC AUC for four fold seeds: each pair
is scored by weights fitted without it (and story_similarity's near-copy floor).  ``--write`` then stores the weights
fitted on all pairs in the model file ``src/storytrace/models/group-v1.json``
(package data read by storytrace.group at import; ``--model PATH`` writes
elsewhere), with the figures and how they were fitted.  Source code is never
rewritten.

Usage:
    .venv/bin/python bench/semeval.py [--data ../shared/data/semeval2022-task8/training_set.csv] [--fit [--write [--model PATH]]]
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from collections import defaultdict
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from storytrace.fingerprint import fingerprint_text  # noqa: E402
from storytrace.group import FEATURES, expand_features, pair_features, similarity  # noqa: E402
from storytrace.group.model import _DUPLICATE_AT as DUPLICATE_AT  # noqa: E402
from storytrace.group.model import _DUPLICATE_FROM as DUPLICATE_FROM  # noqa: E402
from storytrace.models import load_model, model_path, save_model  # noqa: E402

RIDGE = 0.3
MODEL = "group-v1"


def pearson(x, y) -> float:
    x, y = np.asarray(x, float), np.asarray(y, float)
    if x.std() == 0 or y.std() == 0:
        return float("nan")
    return float(np.corrcoef(x, y)[0, 1])


def roc_auc(scores, overall) -> float:
    pos = [s for s, o in zip(scores, overall) if o <= 1.5]
    neg = [s for s, o in zip(scores, overall) if o >= 3.5]
    if not pos or not neg:
        return float("nan")
    ranked = sorted([(s, 1) for s in pos] + [(s, 0) for s in neg])
    # Mann-Whitney U with average ranks for ties.
    ranks = {}
    i = 0
    while i < len(ranked):
        j = i
        while j < len(ranked) and ranked[j][0] == ranked[i][0]:
            j += 1
        for k in range(i, j):
            ranks[k] = (i + j + 1) / 2
        i = j
    r_pos = sum(ranks[k] for k, (_, label) in enumerate(ranked) if label == 1)
    return (r_pos - len(pos) * (len(pos) + 1) / 2) / (len(pos) * len(neg))


def load(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def fit(x: np.ndarray, y: np.ndarray, ridge: float = 1e-3) -> np.ndarray:
    xb = np.hstack([np.ones((len(x), 1)), x])
    reg = ridge * np.eye(xb.shape[1])
    reg[0, 0] = 0.0
    return np.linalg.solve(xb.T @ xb + reg, xb.T @ y)


def predict(w: np.ndarray, x: np.ndarray) -> np.ndarray:
    return np.clip(w[0] + x @ w[1:], 0.0, 1.0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared/data/semeval2022-task8/training_set.csv")
    parser.add_argument("--fit", action="store_true", help="fit the weights with 5-fold cross-validation")
    parser.add_argument("--write", action="store_true", help=f"with --fit: write the weights to models/{MODEL}.json")
    parser.add_argument("--model", type=Path, default=model_path(MODEL), help="with --write: the model file to write")
    parser.add_argument("--limit", type=int, default=0)
    args = parser.parse_args()

    rows = load(args.data)
    if args.limit:
        rows = rows[: args.limit]
    start = time.perf_counter()
    feats, scores, overall, pairs = [], [], [], []
    for row in rows:
        a = fingerprint_text(row["text1"], lang=row["lang1"], id="a")
        b = fingerprint_text(row["text2"], lang=row["lang2"], id="b")
        f = pair_features(a, b)
        feats.append([f[name] for name in FEATURES])
        scores.append(similarity(a, b))
        overall.append(float(row["Overall"]))
        pairs.append(f"{row['lang1']}-{row['lang2']}")
    elapsed = time.perf_counter() - start
    x = np.asarray(feats)
    y = np.asarray(overall)
    neg = -y

    print(f"pairs: {len(rows)}  ({elapsed:.1f} s, {2 * len(rows) / elapsed:.0f} texts/s)")
    print(f"default pipeline: Pearson(story_similarity, -Overall) = {pearson(scores, neg):.3f}")
    print(f"default pipeline: ROC AUC (Overall<=1.5 vs >=3.5)      = {roc_auc(scores, y):.3f}")
    by_pair = defaultdict(list)
    for i, p in enumerate(pairs):
        by_pair[p].append(i)
    print("\nper language pair (default pipeline):")
    print(f"{'pair':8} {'n':>5} {'pearson':>8} {'auc':>6}")
    for p, idx in sorted(by_pair.items(), key=lambda kv: -len(kv[1])):
        s = [scores[i] for i in idx]
        o = [overall[i] for i in idx]
        print(f"{p:8} {len(idx):5d} {pearson(s, [-v for v in o]):8.3f} {roc_auc(s, o):6.3f}")
    print("\nsingle features, Pearson with -Overall:")
    for k, name in enumerate(FEATURES):
        print(f"  {name:16} {pearson(x[:, k], neg):.3f}")

    if args.fit:
        target = (4.0 - y) / 3.0
        m = np.asarray([expand_features(row) for row in x])
        # story_similarity's floor for near-copies, so that the figure is the whole score's
        duplicate = np.clip((x[:, FEATURES.index("words_cos")] - DUPLICATE_FROM) / (DUPLICATE_AT - DUPLICATE_FROM), 0.0, 1.0)
        print(f"\nfit: ridge {RIDGE} on {m.shape[1]} expanded features")
        figures = []
        for seed in (8, 1, 2, 3):
            folds = np.random.default_rng(seed).permutation(len(y)) % 5
            cv = np.zeros(len(y))
            for k in range(5):
                train, test = folds != k, folds == k
                w = fit(m[train], target[train], RIDGE)
                cv[test] = np.maximum(predict(w, m[test]), duplicate[test])
            figures.append((seed, pearson(cv, neg), roc_auc(list(cv), y)))
            print(f"5-fold cross-validated (fold seed {seed}): Pearson = {figures[-1][1]:.3f}, ROC AUC = {figures[-1][2]:.3f}")
            if seed == 8:
                print("  per language pair (cross-validated):")
                for p, idx in sorted(by_pair.items(), key=lambda kv: -len(kv[1])):
                    print(f"  {p:8} {len(idx):5d} {pearson(cv[idx], neg[idx]):8.3f} {roc_auc(list(cv[idx]), y[idx]):6.3f}")
        w = fit(m, target, RIDGE)
        print(f"in-sample (weights fitted on all pairs): Pearson = {pearson(predict(w, m), neg):.3f}")
        if args.write:
            write_model(args.model, w, len(rows), figures)
            print(f"weights written to {args.model}")


def write_model(path: Path, w: np.ndarray, n_pairs: int, figures: list[tuple[int, float, float]]) -> None:
    """Write the fitted bias and weights, with how they were fitted, as the group model file."""
    model = load_model(MODEL)  # keeps the name, version and descriptions of the shipped model
    model["features"] = list(FEATURES)
    model["fitted"] = {
        "by": "bench/semeval.py --fit --write",
        "data": f"SemEval-2022 Task 8 training set ({n_pairs:,} pairs)",
        "target": "(4 - Overall) / 3",
        "method": f"ridge regression, ridge {RIDGE}, intercept not penalised",
        "date": time.strftime("%Y-%m-%d", time.gmtime()),
        "cross_validated": "5-fold Pearson(score, -Overall) "
        + " / ".join(f"{p:.3f}" for _, p, _ in figures)
        + f" (fold seeds {', '.join(str(s) for s, _, _ in figures)}), ROC AUC "
        + " / ".join(f"{a:.3f}" for _, _, a in figures),
    }
    model["bias"] = float(w[0])
    model["weights"] = [float(v) for v in w[1:]]
    save_model(path, model)


if __name__ == "__main__":
    main()
