"""Language identification on the path grouping takes for text that comes without a language.

``storytrace.fingerprint`` asks, in order: stop words (sure only with at
least 8 hits and twice the runner-up), fastText when it is sure
(``storytrace.language.quick_language``, score >= 0.7), then lingua.  This
script scores that path and its alternatives against the language labels of
the SemEval-2022 Task 8 texts (pairs list a language per text; a few texts
are in another language than their label, so no method reaches 100%) and
times them, all in one run:

* ``lingua``: stop words, then lingua on the first 300 characters;
* ``stop words + fastText + lingua``: what grouping does;
* ``fastText alone`` and ``lingua alone`` (600 characters, as ingest uses it).

    .venv/bin/python bench/languages.py
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from storytrace.fingerprint import _DETECT_CHARS  # noqa: E402
from storytrace.language import (  # noqa: E402
    detect_language,
    guess_language,
    quick_language,
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared/data/semeval2022-task8/training_set.csv")
    args = parser.parse_args()
    texts: list[tuple[str, str]] = []
    with args.data.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            for k in ("1", "2"):
                text = row[f"text{k}"][:1500]
                if len(text) > 100:
                    texts.append((text, row[f"lang{k}"]))
    detect_language("warm up the models"), quick_language("warm up the models")

    def lingua_path(text: str) -> tuple[str | None, int]:
        sure = guess_language(text, sure=True)
        return (sure, 0) if sure else (detect_language(text[:_DETECT_CHARS])[0] or guess_language(text), 1)

    def grouping_path(text: str) -> tuple[str | None, int]:
        sure = guess_language(text, sure=True) or quick_language(text[:_DETECT_CHARS])
        return (sure, 0) if sure else (detect_language(text[:_DETECT_CHARS])[0] or guess_language(text), 1)

    methods = {
        "stop words + lingua": lingua_path,
        "stop words + fastText + lingua": grouping_path,
        "fastText alone": lambda t: (quick_language(t, min_score=0.0), 0),
        "lingua alone (600 chars)": lambda t: (detect_language(t)[0], 1),
    }
    print(f"{len(texts)} SemEval-2022 texts")
    print(f"{'method':34} {'agreement':>9} {'lingua calls':>12} {'ms/text':>8}")
    for name, method in methods.items():
        start = time.perf_counter()
        agree = calls = 0
        for text, label in texts:
            code, used = method(text)
            agree += code == label
            calls += used
        ms = (time.perf_counter() - start) / len(texts) * 1000
        print(f"{name:34} {agree / len(texts):9.4f} {calls:12d} {ms:8.3f}")


if __name__ == "__main__":
    main()
