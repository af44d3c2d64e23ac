"""MSRP paraphrase benchmark for storytrace.align.paraphrase_score.

Usage (from the repo root):
    .venv/bin/python bench/msrp.py               # cross-validated figures of the shipped model
    .venv/bin/python bench/msrp.py --fit         # re-fit: cross-validated figures of the fitting
    .venv/bin/python bench/msrp.py --fit --write # ... and write the model fitted on all pairs
                                                 # to src/storytrace/models/paraphrase-v1.json
                                                 # (--model PATH writes elsewhere)

The data is the MSRP train split (4,076 pairs).  Figures are repeated 10-fold
cross-validation (3 shuffles): in each fold the weights (with --fit) and the
decision threshold are chosen on the other nine folds and applied to the
held-out fold; the mean over the shuffles is the figure to quote.  Without
--fit the shipped weights (fitted on all pairs) are used and only the threshold
is cross-validated, which is optimistic; quote the --fit figure.

The model file is package data that storytrace.align reads at import; source
code is never rewritten.
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "data" / "msrp" / "msr_paraphrase_train.txt"


def load(path: Path):
    pairs, labels = [], []
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        next(reader)
        for row in reader:
            if len(row) < 5:
                continue
            labels.append(int(row[0]))
            pairs.append((row[3], row[4]))
    return pairs, np.array(labels)


def scores_at(y, p, t):
    pred = p >= t
    tp = np.sum(pred & (y == 1))
    fp = np.sum(pred & (y == 0))
    fn = np.sum(~pred & (y == 1))
    acc = np.mean(pred == (y == 1))
    f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    return acc, f1


def best_threshold(y, p):
    grid = np.linspace(0.2, 0.8, 61)
    accs = [scores_at(y, p, t)[0] for t in grid]
    return float(grid[int(np.argmax(accs))])


C = 0.3  # inverse L2 strength, chosen by cross-validation among 0.1, 0.3, 1


def fit(align, X, y):
    """Spline basis per feature (knots from the training range), then logistic regression."""
    from sklearn.linear_model import LogisticRegression

    lo, hi = X.min(axis=0), X.max(axis=0)
    lr = LogisticRegression(C=C, max_iter=5000).fit(align.spline_basis(X, lo, hi), y)
    return lr, lo, hi


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("path", nargs="?", default=str(DEFAULT))
    ap.add_argument("--fit", action="store_true", help="re-fit the weights (cross-validated figures)")
    ap.add_argument("--write", action="store_true", help="with --fit: write the model fitted on all pairs")
    ap.add_argument("--model", type=Path, default=None, help="with --write: the model file (default: the package's paraphrase-v1.json)")
    ap.add_argument("--folds", type=int, default=10)
    ap.add_argument("--repeats", type=int, default=3, help="repeated CV with this many shuffles")
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    from storytrace import align
    from storytrace.align.paraphrase import _probability

    pairs, y = load(Path(args.path))
    t0 = time.perf_counter()
    X = np.array([align.paraphrase_features(a, b, lang_a="en", lang_b="en") for a, b in pairs])
    feat_s = time.perf_counter() - t0
    from sklearn.model_selection import StratifiedKFold

    results = []
    for repeat in range(args.repeats):
        skf = StratifiedKFold(n_splits=args.folds, shuffle=True, random_state=repeat)
        pred = np.zeros(len(y), dtype=bool)
        for train, test in skf.split(X, y):
            if args.fit:
                lr, lo, hi = fit(align, X[train], y[train])
                p_train = lr.predict_proba(align.spline_basis(X[train], lo, hi))[:, 1]
                p_test = lr.predict_proba(align.spline_basis(X[test], lo, hi))[:, 1]
            else:
                p_train = np.array([_probability(x) for x in X[train]])
                p_test = np.array([_probability(x) for x in X[test]])
            t = best_threshold(y[train], p_train)
            pred[test] = p_test >= t
        acc = float(np.mean(pred == (y == 1)))
        tp = np.sum(pred & (y == 1))
        fp = np.sum(pred & (y == 0))
        fn = np.sum(~pred & (y == 1))
        results.append((acc, 2 * tp / (2 * tp + fp + fn)))
    what = "weights and threshold" if args.fit else "threshold only; shipped weights"
    print(f"MSRP train, {len(y)} pairs, {args.repeats} x {args.folds}-fold CV ({what} chosen on the training folds)")
    for k, (acc, f1) in enumerate(results):
        print(f"  split seed {k}: accuracy {acc:.4f}  F1 {f1:.4f}")
    mean_acc, mean_f1 = np.mean(results, axis=0)
    print(f"mean: accuracy {mean_acc:.4f}  F1 {mean_f1:.4f}  (features {feat_s:.1f} s, {1000 * feat_s / len(y):.2f} ms/pair)")
    if args.fit and args.write:
        lr, lo, hi = fit(align, X, y)
        p = lr.predict_proba(align.spline_basis(X, lo, hi))[:, 1]
        t = best_threshold(y, p)
        path = write_model(args.model, align, lo, hi, lr, t, len(y), args, (mean_acc, mean_f1))
        print(f"model written to {path} (threshold {t:.4g})")
    return 0


def write_model(path, align, lo, hi, lr, threshold, n_pairs, args, figures) -> Path:
    """Write the fitted knot ranges, coefficients and threshold, with how they were fitted, as the model file."""
    from storytrace.models import load_model, model_path, save_model

    model = load_model("paraphrase-v1")  # keeps the name, version, basis and descriptions of the shipped model
    model["features"] = list(align.FEATURE_NAMES)
    model["fitted"] = {
        "by": "bench/msrp.py --fit --write",
        "data": f"MSRP train ({Path(args.path).name}, {n_pairs:,} pairs)",
        "method": f"scikit-learn LogisticRegression(C={C}) on the spline basis, knots from each feature's range; "
        "threshold: best accuracy on a 0.2-0.8 grid",
        "date": time.strftime("%Y-%m-%d", time.gmtime()),
        "cross_validated": f"{args.repeats} x {args.folds}-fold accuracy {figures[0]:.3f}, F1 {figures[1]:.3f}",
    }
    model["lo"], model["hi"] = lo, hi
    # the threshold is a point of a 0.01 grid: written as such, not as linspace left it (0.4600000000000001)
    model["coef"], model["intercept"], model["threshold"] = lr.coef_[0], float(lr.intercept_[0]), round(float(threshold), 4)
    return save_model(path or model_path("paraphrase-v1"), model)


if __name__ == "__main__":
    raise SystemExit(main())
