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
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from storytrace.compare import unsupported_facts  # noqa: E402

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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", nargs="?", default=str(DEFAULT))
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--show", type=int, default=0, help="print N flagged summaries per data set")
    args = parser.parse_args(argv)
    rows = [json.loads(line) for line in Path(args.path).read_text(encoding="utf-8").splitlines() if line.strip()]
    if args.limit:
        rows = rows[: args.limit]
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
