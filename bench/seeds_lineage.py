"""Alignment, lineage and quote labels on the five seed versions.

Usage (from the repo root):
    .venv/bin/python bench/seeds_lineage.py [path/to/shared/seeds]

Documents are the seed files through the cleaner, as in the tests
(``bench/_seeds.py``, the ``seed_documents`` fixture of ``tests/conftest.py``).
Prints the alignment label counts for every pair, each lineage edge with its
evidence, and the quote matches with their labels.
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from pathlib import Path

from _seeds import DEFAULT_SEEDS, seed_documents
from storytrace.align import align_versions
from storytrace.facts.quotes import find_quotes, match_quotes
from storytrace.lineage import infer_lineage


def main() -> int:
    seeds = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_SEEDS
    docs = list(seed_documents(seeds).values())
    t0 = time.perf_counter()
    sents, alignments = align_versions(docs)
    t1 = time.perf_counter()
    edges = infer_lineage(docs, sents, alignments)
    t2 = time.perf_counter()
    print(f"align_versions {t1 - t0:.2f} s, infer_lineage {t2 - t1:.2f} s (first call, includes lazy tables)")
    for al in alignments:
        counts = Counter(p.label for p in al.pairs)
        print(f"  {al.a}-{al.b}: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    print("lineage:")
    for e in edges:
        print(f"  {e.source} -> {e.target}: {e.kind} ({e.confidence:.2f})")
        for line in e.evidence:
            print(f"      {line[:160]}")
    quotes = {d.id: find_quotes(d) for d in docs}
    print("quotes:")
    for m in match_quotes(docs, quotes):
        print(f"  {m.a.document}-{m.b.document} {m.label:10s} {m.a.text[:40]!r} ~ {m.b.text[:40]!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
