"""The seed story's fact table and findings, with the quality bars checked one by one.

Builds the five seed versions (with ``storytrace.clean.clean_document``;
published 2025-06-18, 000 in Portuguese), runs ``compare_story`` with a
hand-made lineage (000←002 translation, 001 and 002 ← latent:1, 003
independent, 004 ← latent:2 rewrite) and prints each bar as PASS/FAIL, the
cross-version facts and all findings.

Usage::

    .venv/bin/python bench/seeds_facts.py [path/to/seeds]
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from dataclasses import replace
from pathlib import Path

from _seeds import DEFAULT_SEEDS, seed_documents
from storytrace.compare import compare_story
from storytrace.records import Document, LineageEdge

PUBLISHED = "2025-06-18"
LINEAGE = (
    LineageEdge("002", "000", "translation", 0.9),
    LineageEdge("latent:1", "001", "rewrite", 0.8),
    LineageEdge("latent:1", "002", "rewrite", 0.8),
    LineageEdge("003", "003", "independent", 0.5),
    LineageEdge("latent:2", "004", "rewrite", 0.7),
)


def load(seeds: Path) -> list[Document]:
    """The seeds, each dated PUBLISHED (and 000 Portuguese) when the cleaner finds no date (language)."""
    return [
        replace(doc, published=doc.published or PUBLISHED, language=doc.language or ("pt" if key == "000" else "en"))
        for key, doc in seed_documents(seeds).items()
    ]


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    seeds = Path(argv[0]) if argv else DEFAULT_SEEDS
    docs = load(seeds)
    t0 = time.perf_counter()
    facts, findings = compare_story(docs, LINEAGE, [])
    elapsed = time.perf_counter() - t0
    all_ids = {d.id for d in docs}

    def q(value):
        return [f for f in facts if f.kind == "quantity" and f.value == value]

    def docs_of(fs):
        return {m.document for f in fs for m in f.mentions}

    weekday_drift = [f for f in facts if f.kind == "weekday" and f.status == "drift"]
    wd = {m.document: m.text for f in weekday_drift for m in f.mentions}
    bars = {
        "1,000 agreed in all five": docs_of(q(1000.0)) == all_ids and all(f.status == "agreed" for f in q(1000.0)),
        "5,000 agreed in all five": docs_of(q(5000.0)) == all_ids and all(f.status == "agreed" for f in q(5000.0)),
        "6,000 in 003+004, = 1,000 + 5,000": docs_of(q(6000.0)) == {"003", "004"} and any("total = 1,000 + 5,000" in f.key for f in q(6000.0)),
        "15,000 in 000, 001, 002": {"000", "001", "002"} <= docs_of(q(15000.0)),
        "600 in 000, 001, 002": {"000", "001", "002"} <= docs_of(q(600.0)),
        "framing: 004 humanitarian": any(f.kind == "framing" and f.document == "004" and "humanitarian" in f.text for f in findings),
        "unsupported: 004 summer 2024..spring 2025": any(
            f.kind == "unsupported_claim" and f.document == "004" and "summer 2024" in f.text for f in findings
        ),
        "anachronistic: [3] [4] [5]": sorted(
            h for f in findings if f.kind == "anachronistic_citation" for h in ("reuters", "aljazeera", "bbc") if h in f.text
        ) == ["aljazeera", "bbc", "reuters"],
        "off-topic: [6] only": [f.text[:30] for f in findings if f.kind == "offtopic_citation"] == ["https://www.theguardian.com/wo"],
        "weekday drift: 001 Thursday vs 002/000 Wednesday": len(weekday_drift) == 1
        and wd.get("001") == "Thursday" and wd.get("002") == "Wednesday" and "000" in wd,
    }
    for name, ok in bars.items():
        print(f"{'PASS' if ok else 'FAIL'}  {name}")
    print(f"== {sum(bars.values())}/{len(bars)} bars   compare_story: {elapsed:.2f} s for {len(docs)} versions")
    print("facts by kind and status:", dict(sorted(Counter((f.kind, f.status) for f in facts).items())))
    print("findings by kind:", dict(sorted(Counter(f.kind for f in findings).items())))
    print("\n-- facts stated by more than one version")
    for f in facts:
        if f.kind in ("quantity", "weekday", "date") and len({m.document for m in f.mentions}) > 1:
            print(f"{f.kind:8} {f.status:8} {f.key[:60]:60} " + "; ".join(f"{m.document}:{m.text[:28]}" for m in f.mentions))
    print("\n-- findings")
    for f in findings:
        print(f"{f.kind:22} {f.document} {f.text[:50]!r:54} {f.detail[:110]}")
    return 0 if all(bars.values()) else 1


if __name__ == "__main__":
    raise SystemExit(main())
