"""Alignment, lineage and quote labels on the five seed versions.

Usage (from the repo root):
    .venv/bin/python bench/seeds_lineage.py [path/to/shared/seeds]

Documents are built by hand from the seed files, as in the tests: 002 is cut
at "Try Our AI Features" (the clutter after the story), 000 is Portuguese and
published 2025-06-18, 001 credits AP and its last line is its disclosure.
Prints the alignment label counts for every pair, each lineage edge with its
evidence, and the quote matches with their labels.
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "seeds"


def seed_documents(seeds: Path):
    from storytrace.records import Document

    texts = {p.name[:3]: p.read_text(encoding="utf-8") for p in sorted(seeds.glob("*.txt"))}
    lines1 = texts["001"].rstrip().split("\n")
    return [
        Document(id="000", source="000", text=texts["000"], language="pt", published="2025-06-18"),
        Document(id="001", source="001", text="\n".join(lines1[:-1]), language="en", credits=("AP",),
                 disclosures=(lines1[-1].strip("()"),)),
        Document(id="002", source="002", text=texts["002"].split("Try Our AI Features")[0], language="en"),
        Document(id="003", source="003", text=texts["003"], language="en", published="2025-06-18"),
        Document(id="004", source="004", text=texts["004"], language="en"),
    ]


def main() -> int:
    sys.path.insert(0, str(ROOT / "src"))
    from storytrace.align import align_versions
    from storytrace.facts.quotes import find_quotes, match_quotes
    from storytrace.lineage import infer_lineage

    seeds = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    docs = seed_documents(seeds)
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
