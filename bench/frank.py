"""FRANK: does `unsupported_facts(article, summary)` flag the unfaithful summaries?

A summary is flagged when ``storytrace.compare.unsupported_facts`` returns
anything.  Gold: ``Factuality < 1`` (the summary has at least one error).
Balanced accuracy is reported separately for CNN/DM and BBC (XSum), with
precision and recall per error type for entity errors (EntE < 1) and
circumstance errors (CircE < 1), and for the baseline that flags a summary
whose share of words absent from the article exceeds a threshold tuned on
the same data (the "novel-word ratio").  Model-free.

Usage::

    .venv/bin/python bench/frank.py [path/to/frank_validation.jsonl] [--limit N]
    .venv/bin/python bench/frank.py --cv [--folds 5] [--repeats 5]

``--cv`` reports cross-validated figures: summaries are split into folds *by
article* (no article's summaries in both training and test folds), the three
thresholds of the check (``_TERM_MAX_ZIPF``, ``_MIN_NOVEL_TERMS``,
``_MIN_RECOMBINED_PAIRS``) are chosen on the training folds (best mean of the
two data sets' balanced accuracy over a small grid of round values) and
applied to the test fold, so no figure comes from thresholds fitted on the
summaries it scores.  Repeated with ``--repeats`` seeds; prints the pooled
balanced accuracy per data set (mean over repeats, with the lowest and
highest repeat, and the standard deviation across test folds).
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import random
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from storytrace.compare import unsupported_facts  # noqa: E402
from storytrace.compare.single_pair import support_evidence  # noqa: E402

DEFAULT = ROOT.parent / "shared" / "data" / "frank" / "frank_validation.jsonl"


def balanced_accuracy(gold: list[bool], pred: list[bool]) -> float:
    tp = sum(g and p for g, p in zip(gold, pred))
    tn = sum((not g) and (not p) for g, p in zip(gold, pred))
    pos = sum(gold)
    neg = len(gold) - pos
    tpr = tp / pos if pos else 0.0
    tnr = tn / neg if neg else 0.0
    return (tpr + tnr) / 2


def precision_recall(gold: list[bool], pred: list[bool]) -> tuple[float, float]:
    tp = sum(g and p for g, p in zip(gold, pred))
    fp = sum((not g) and p for g, p in zip(gold, pred))
    fn = sum(g and (not p) for g, p in zip(gold, pred))
    return (tp / (tp + fp) if tp + fp else 0.0), (tp / (tp + fn) if tp + fn else 0.0)


def novel_ratio(article: str, summary: str) -> float:
    art = set(re.findall(r"\w+", article.lower()))
    words = re.findall(r"\w+", summary.lower())
    return sum(w not in art for w in words) / max(1, len(words))


GRID = {
    "max_zipf": (4.5, 5.0, 5.5, 6.0),
    "min_terms": (1, 2, 3, 4),
    "min_pairs": (5, 6, 7, 8, 10, 12, 15, 10**6),
}


def cross_validate(rows: list[dict], folds: int, repeats: int, per_dataset: bool = False) -> dict[str, list[float]]:
    """Balanced accuracy per data set with thresholds chosen on other articles' summaries (see the docstring)."""
    t0 = time.perf_counter()
    evidence = [support_evidence(r["article"], r["summary"], "en") for r in rows]
    print(f"measured {len(rows)} summaries in {time.perf_counter() - t0:.0f} s")
    gold = [r["labels"]["Factuality"] < 1 for r in rows]
    combos = list(itertools.product(*GRID.values()))
    flags = {c: [bool(e.unsupported(*c)) for e in evidence] for c in combos}
    article = [hashlib.sha1(r["article"].encode("utf-8")).hexdigest() for r in rows]
    ds = [r["dataset"] for r in rows]

    def score(c, idx) -> float:
        return statistics.mean(
            balanced_accuracy([gold[i] for i in idx if ds[i] == d], [flags[c][i] for i in idx if ds[i] == d])
            for d in ("cnndm", "bbc")
        )

    pooled: dict[str, list[float]] = {"cnndm": [], "bbc": []}
    per_fold: dict[str, list[float]] = {"cnndm": [], "bbc": []}
    chosen: list[tuple] = []
    for seed in range(repeats):
        arts = sorted(set(article))
        random.Random(seed).shuffle(arts)
        fold_of = {a: k % folds for k, a in enumerate(arts)}
        pred = [False] * len(rows)
        for k in range(folds):
            train = [i for i in range(len(rows)) if fold_of[article[i]] != k]
            test = [i for i in range(len(rows)) if fold_of[article[i]] == k]
            if per_dataset:  # thresholds per summary style, each chosen on its own training folds
                for d in ("cnndm", "bbc"):
                    sub = [i for i in train if ds[i] == d]
                    best = max(combos, key=lambda c: (balanced_accuracy([gold[i] for i in sub], [flags[c][i] for i in sub]), c))
                    chosen.append(best)
                    for i in test:
                        if ds[i] == d:
                            pred[i] = flags[best][i]
            else:
                best = max(combos, key=lambda c: (score(c, train), c))
                chosen.append(best)
                for i in test:
                    pred[i] = flags[best][i]
            for d in ("cnndm", "bbc"):
                idx = [i for i in test if ds[i] == d]
                per_fold[d].append(balanced_accuracy([gold[i] for i in idx], [pred[i] for i in idx]))
        for d in ("cnndm", "bbc"):
            idx = [i for i in range(len(rows)) if ds[i] == d]
            pooled[d].append(balanced_accuracy([gold[i] for i in idx], [pred[i] for i in idx]))
    for d, name in (("cnndm", "CNN/DM"), ("bbc", "BBC")):
        print(f"== {name}: cross-validated balanced accuracy {statistics.mean(pooled[d]):.3f} "
              f"(repeats {min(pooled[d]):.3f}-{max(pooled[d]):.3f}; test folds sd {statistics.pstdev(per_fold[d]):.3f}, "
              f"{folds} folds by article x {repeats} seeds)")
    common = max(set(chosen), key=chosen.count)
    print(f"== thresholds chosen on training folds (max_zipf, min_terms, min_pairs): most often {common} "
          f"({chosen.count(common)} of {len(chosen)} folds); the module's constants score "
          f"{score(_constants(), list(range(len(rows)))):.3f} mean on all summaries (fitted on them)")
    return pooled


def _constants() -> tuple:
    from storytrace.compare import single_pair

    return (single_pair._TERM_MAX_ZIPF, single_pair._MIN_NOVEL_TERMS, single_pair._MIN_RECOMBINED_PAIRS)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", nargs="?", default=str(DEFAULT))
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--show", type=int, default=0, help="print N flagged summaries per data set")
    parser.add_argument("--cv", action="store_true", help="cross-validated figures (thresholds chosen on other folds)")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--per-dataset", action="store_true", help="with --cv: thresholds chosen per data set (still on training folds)")
    args = parser.parse_args(argv)
    rows = [json.loads(line) for line in Path(args.path).read_text(encoding="utf-8").splitlines() if line.strip()]
    if args.limit:
        rows = rows[: args.limit]
    if args.cv:
        cross_validate(rows, args.folds, args.repeats, args.per_dataset)
        return 0
    t0 = time.perf_counter()
    results = {}
    for ds in ("cnndm", "bbc"):
        subset = [r for r in rows if r["dataset"] == ds]
        gold = [r["labels"]["Factuality"] < 1 for r in subset]
        flagged, kinds = [], []
        for r in subset:
            found = unsupported_facts(r["article"], r["summary"], lang="en")
            flagged.append(bool(found))
            kinds.append(sorted({f.kind for f in found}))
        ratios = [novel_ratio(r["article"], r["summary"]) for r in subset]
        best = max(
            (balanced_accuracy(gold, [x > t for x in ratios]), t) for t in sorted(set(ratios))
        )
        ent = [r["labels"]["EntE"] < 1 for r in subset]
        circ = [r["labels"]["CircE"] < 1 for r in subset]
        results[ds] = {
            "n": len(subset),
            "errors": sum(gold),
            "balanced_accuracy": balanced_accuracy(gold, flagged),
            "flag_rate": sum(flagged) / max(1, len(flagged)),
            "EntE_precision_recall": precision_recall(ent, flagged),
            "CircE_precision_recall": precision_recall(circ, flagged),
            "novel_word_baseline_best_ba": best[0],
        }
        print(f"== {ds}: {len(subset)} summaries, {sum(gold)} with errors")
        print(f"   balanced accuracy       {results[ds]['balanced_accuracy']:.3f}  (flagged {sum(flagged)})")
        p, rc = results[ds]["EntE_precision_recall"]
        print(f"   EntE   precision/recall {p:.3f} / {rc:.3f}  ({sum(ent)} with entity errors)")
        p, rc = results[ds]["CircE_precision_recall"]
        print(f"   CircE  precision/recall {p:.3f} / {rc:.3f}  ({sum(circ)} with circumstance errors)")
        print(f"   novel-word ratio baseline (threshold tuned on this set) {best[0]:.3f}")
        for k in ("quantity", "date", "entity", "name", "negation"):
            n = sum(k in ks for ks in kinds)
            print(f"   summaries with an unsupported {k:<9} {n}")
        shown = 0
        for r, f, g in zip(subset, flagged, gold):
            if f and shown < args.show:
                shown += 1
                print("   -", "ERR" if g else "ok ", r["summary"][:160])
                print("     ", [(x.kind, x.text[:40]) for x in unsupported_facts(r["article"], r["summary"], lang="en")])
    # The baseline with one threshold for both data sets (chosen for the best mean).
    per_ds = {}
    for ds in ("cnndm", "bbc"):
        subset = [r for r in rows if r["dataset"] == ds]
        per_ds[ds] = ([r["labels"]["Factuality"] < 1 for r in subset], [novel_ratio(r["article"], r["summary"]) for r in subset])
    thresholds = sorted({x for _, ratios in per_ds.values() for x in ratios})
    shared = max(
        (sum(balanced_accuracy(g, [x > t for x in ratios]) for g, ratios in per_ds.values()) / 2, t) for t in thresholds
    )
    parts = {ds: balanced_accuracy(g, [x > shared[1] for x in ratios]) for ds, (g, ratios) in per_ds.items()}
    print(
        f"== novel-word ratio baseline, one threshold ({shared[1]:.3f}) for both: "
        f"CNN/DM {parts['cnndm']:.3f}, BBC {parts['bbc']:.3f}, mean {shared[0]:.3f}"
    )
    mean = (results["cnndm"]["balanced_accuracy"] + results["bbc"]["balanced_accuracy"]) / 2
    print(f"== mean balanced accuracy (CNN/DM, BBC): {mean:.3f}   [{time.perf_counter() - t0:.0f} s]")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
