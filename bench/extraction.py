"""Score storytrace's ingest + clean on the article-extraction-benchmark.

The scoring follows the benchmark's own ``evaluate.py``
(scrapinghub/article-extraction-benchmark): tokens are ``\\w+``, texts become
bags of 4-gram shingles, each page gets tp/fp/fn normalised by their sum,
precision and recall are averaged over pages, and F1 is computed from the two
averages.  trafilatura alone (``trafilatura.extract(html)``, default options)
is scored in the same run as the baseline.

    .venv/bin/python bench/extraction.py                 # ../shared/data/article-extraction-benchmark
    .venv/bin/python bench/extraction.py --limit 40 --worst 5
    .venv/bin/python bench/extraction.py --no-baseline --set clean.html_favor=precision
    .venv/bin/python bench/extraction.py --languages     # language id on SemEval-2022 texts
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "article-extraction-benchmark"
DEFAULT_SEMEVAL = ROOT.parent / "shared" / "data" / "semeval2022-task8" / "training_set.csv"

_TOKEN_RE = re.compile(r"\w+", re.UNICODE | re.MULTILINE | re.IGNORECASE | re.DOTALL)


def _shingles(text: str, n: int = 4) -> Counter:
    tokens = _TOKEN_RE.findall(text or "")
    grams = [tuple(tokens[i:i + n]) for i in range(0, max(1, len(tokens) - n + 1))]
    return Counter(g for g in grams if g)


def shingle_matching(true: str, pred: str) -> tuple[float, float, float]:
    """Normalised (tp, fp, fn) over 4-gram shingles, as the benchmark computes them."""
    t, p = _shingles(true), _shingles(pred)
    tp = fp = fn = 0.0
    for key in set(t) | set(p):
        tc, pc = t.get(key, 0), p.get(key, 0)
        tp += min(tc, pc)
        fp += max(0, pc - tc)
        fn += max(0, tc - pc)
    s = tp + fp + fn
    return (tp / s, fp / s, fn / s) if s > 0 else (tp, fp, fn)


def _precision(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    if tp == fp == 0:
        return 0.0
    return tp / (tp + fp)


def _recall(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    if tp == fn == 0:
        return 0.0
    return tp / (tp + fn)


def metrics(rows: list[tuple[float, float, float]]) -> dict[str, float]:
    precision = statistics.mean(_precision(*r) for r in rows if r[0] + r[1] > 0)
    recall = statistics.mean(_recall(*r) for r in rows if r[0] + r[2] > 0)
    return {"precision": precision, "recall": recall, "f1": 2 * precision * recall / (precision + recall)}


def storytrace_text(path: Path, settings=None) -> str:
    from storytrace.clean import clean_document
    from storytrace.ingest import iter_documents
    from storytrace.records import Document

    for raw in iter_documents([path], settings):
        if not hasattr(raw, "data"):
            return ""
        out = clean_document(raw, settings)
        return out[0].text if isinstance(out[0], Document) else ""
    return ""


def trafilatura_text(path: Path) -> str:
    import trafilatura

    return trafilatura.extract(gzip.decompress(path.read_bytes())) or ""


def language_agreement(path: Path, settings=None) -> int:
    """Share of SemEval-2022 texts whose cleaned document gets the language the data set gives."""
    import csv

    from storytrace.clean import clean_document
    from storytrace.records import Document, RawDocument

    csv.field_size_limit(1 << 30)
    texts: dict[str, str] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            for text, lang in ((row["text1"], row["lang1"]), (row["text2"], row["lang2"])):
                if text.strip():
                    texts.setdefault(text, lang)
    agree = unknown = total = 0
    by_lang: dict[str, list[int]] = {}
    for text, lang in texts.items():
        doc = clean_document(RawDocument("semeval", text.encode("utf-8"), "text"), settings)[0]
        if not isinstance(doc, Document):
            continue
        total += 1
        ok = doc.language == lang
        agree += ok
        unknown += doc.language is None
        by_lang.setdefault(lang, [0, 0])
        by_lang[lang][0] += ok
        by_lang[lang][1] += 1
    print(f"language identification on {total} SemEval-2022 texts ({path}): "
          f"agreement={agree / total:.4f} ({agree}/{total}), unknown={unknown}")
    print("  " + "  ".join(f"{k}={a}/{n}" for k, (a, n) in sorted(by_lang.items())))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="benchmark folder (ground-truth.json, html/)")
    parser.add_argument("--limit", type=int, default=0, help="only the first N pages (sorted by id)")
    parser.add_argument("--no-baseline", action="store_true", help="skip the trafilatura-alone baseline")
    parser.add_argument("--worst", type=int, default=0, help="print the N pages where storytrace loses most F1 to the baseline")
    parser.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                        help="storytrace setting, e.g. clean.html_favor=precision")
    parser.add_argument("--languages", nargs="?", const=DEFAULT_SEMEVAL, type=Path, metavar="CSV",
                        help="instead: score language identification on SemEval-2022 Task 8 texts")
    args = parser.parse_args(argv)
    from storytrace.settings import load_settings

    settings = load_settings(overrides=args.set, env={})
    if args.languages:
        return language_agreement(args.languages, settings)

    truth = json.loads((args.data / "ground-truth.json").read_text(encoding="utf-8"))
    keys = sorted(truth)
    if args.limit:
        keys = keys[: args.limit]
    systems = {"storytrace": lambda path: storytrace_text(path, settings)}
    if not args.no_baseline:
        systems["trafilatura"] = trafilatura_text
    rows: dict[str, list[tuple[float, float, float]]] = {name: [] for name in systems}
    seconds = {name: 0.0 for name in systems}
    for key in keys:
        path = args.data / "html" / f"{key}.html.gz"
        gold = truth[key].get("articleBody", "")
        for name, extract in systems.items():
            start = time.perf_counter()
            pred = extract(path)
            seconds[name] += time.perf_counter() - start
            rows[name].append(shingle_matching(gold, pred))
    print(f"article-extraction-benchmark: {len(keys)} pages ({args.data})")
    for name in systems:
        m = metrics(rows[name])
        print(f"{name:<12} precision={m['precision']:.3f} recall={m['recall']:.3f} F1={m['f1']:.3f}  "
              f"({seconds[name] / len(keys) * 1000:.0f} ms/page)")
    if args.worst and "trafilatura" in rows:
        def f1(r):
            p, rc = _precision(*r), _recall(*r)
            return 2 * p * rc / (p + rc) if p + rc else 0.0
        losses = sorted(((f1(b) - f1(a), k, a, b) for k, a, b in zip(keys, rows["storytrace"], rows["trafilatura"])), reverse=True)
        for loss, key, a, b in losses[: args.worst]:
            print(f"  {key[:16]} loss={loss:+.3f} storytrace P={_precision(*a):.2f} R={_recall(*a):.2f}  "
                  f"trafilatura P={_precision(*b):.2f} R={_recall(*b):.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
