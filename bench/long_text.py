"""Time to trace one long single-line text, by size: is the whole pipeline linear in document length?

Usage (from the repo root):
    .venv/bin/python bench/long_text.py [--sizes 20000 40000 160000 1000000]

The text is one sentence (no full stop until the end) of clauses that each
name a weekday, a mayor, an official count and a number of houses: the shape
that made the weekday, attribution and quantity passes scan every mention for
every mention.  Each size is traced alone into an in-memory store through
``storytrace.runners.local.trace`` (ingest, clean, group, analyse, report
inputs), in a fresh process so that lazy tables load the same way each time.
The script prints seconds per size and seconds per 100 KB.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")


def long_text(size: int) -> str:
    clauses, n = [], 0
    while sum(map(len, clauses)) + 5 * len(clauses) < size:
        clauses.append(f"on {DAYS[n % 5]} the council of Aveiro met with {n + 3} officials, Mayor Ana Costa said, "
                       f"and approved {n * 7 + 11} new houses")
        n += 1
    return "Council meets\n\n" + " and ".join(clauses)[:size].rstrip() + "."


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[20_000, 40_000, 160_000, 1_000_000])
    args = parser.parse_args()
    code = ("import sys; from storytrace.runners.local import trace; from storytrace.store import open_store; "
            "from storytrace.settings import Settings; "
            "trace([sys.argv[1]], open_store(':memory:'), Settings({'run.workers': 1}))")
    print(f"{'bytes':>10} {'seconds':>8} {'s per 100 KB':>13}")
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            path = Path(tmp) / f"long{size}.txt"
            path.write_text(long_text(size), encoding="utf-8")
            started = time.perf_counter()
            subprocess.run([sys.executable, "-c", code, str(path)], check=True)
            seconds = time.perf_counter() - started
            print(f"{path.stat().st_size:>10,} {seconds:>8.1f} {seconds / path.stat().st_size * 100_000:>13.2f}")


if __name__ == "__main__":
    main()
