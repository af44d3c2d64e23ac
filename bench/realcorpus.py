"""The real-corpus check: trace every unique SemEval article, sample findings for a judge, score the verdicts.

Usage (from the repo root):
    .venv/bin/python bench/realcorpus.py [--data ../shared/data/semeval2022-task8/training_set.csv]
        [--limit N] [--sample 64] [--seed 11] [--out bench/out/realcorpus-sample]
    .venv/bin/python bench/realcorpus.py --score bench/out/realcorpus-verdicts.jsonl
        [--sample-file bench/out/realcorpus-sample.jsonl]

Trace mode writes every unique article of the CSV (both sides of every pair,
deduplicated by id) as one JSONL file, traces it in one run
(:func:`storytrace.runners.local.trace` on a temporary SQLite store), and
writes a seeded sample of at least ``--sample`` findings from stories with
two or more versions, stratified by finding kind (every kind gets a share in
proportion to its frequency, and at least ``--min-per-kind``), each with the
sentences around it in its version and the aligned or nearest sentences of
the versions it names.  It writes ``<out>.jsonl`` (one record per finding,
with an empty ``verdict``) and ``<out>.md`` (the same, for a person to read).
The judge answers, per ``id``, one of ``correct-and-useful``,
``correct-but-trivial`` or ``wrong`` (JSONL ``{"id": ..., "verdict": ...}``).

Score mode reads those verdicts and prints, per kind, the judged precision
(correct = useful + trivial) and usefulness, and the totals weighted by each
kind's frequency among all findings of multi-version stories (the sample
file records the frequencies), so a stratified sample still estimates the
precision of the whole output.  Cleaning findings (clutter, disclosure,
appended) are not sampled: they describe what was set aside, not the story.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from storytrace.kinds import CLEANING_FINDINGS, confidence_level  # noqa: E402

VERDICTS = ("correct-and-useful", "correct-but-trivial", "wrong")


def unique_articles(path: Path, limit: int | None) -> list[dict]:
    """Every article of the pair CSV once: ``{id, text, language}``, ids from ``pair_id``."""
    csv.field_size_limit(1 << 27)
    seen: dict[str, dict] = {}
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            ids = row["pair_id"].split("_")
            for side, doc_id in zip(("1", "2"), ids):
                text = (row.get("text" + side) or "").strip()
                if doc_id not in seen and text:
                    seen[doc_id] = {"id": doc_id, "text": text, "language": row.get("lang" + side) or None}
            if limit and len(seen) >= limit:
                break
    return list(seen.values())


def trace_all(articles: list[dict]) -> tuple[list[dict], dict[str, dict]]:
    """Trace the articles in one run; the multi-version stories and the documents by id."""
    from storytrace.runners.local import report_for, trace
    from storytrace.settings import Settings
    from storytrace.store import open_store

    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "semeval.jsonl"
        with data.open("w", encoding="utf-8") as fh:
            for a in articles:
                fh.write(json.dumps(a, ensure_ascii=False) + "\n")
        store = open_store(f"sqlite:///{tmp}/store.db")
        settings = Settings()
        t0 = time.perf_counter()
        result = trace([str(data)], store, settings)
        print(f"traced {len(articles)} articles: {len(result.stories)} stories in {time.perf_counter() - t0:.0f} s")
        report = report_for(store, settings=settings)
        store.close()
    documents = {d["id"]: d for d in report["documents"]}
    stories = [s for s in report["stories"] if len(s.get("documents") or ()) > 1]
    return stories, documents


def _sentence_index(doc: dict, pos: int | None) -> int | None:
    for i, (a, b) in enumerate(doc.get("sentences") or ()):
        if pos is not None and a <= pos < b:
            return i
    return None


def _around(doc: dict, pos: int | None, width: int = 1) -> str:
    """The sentence holding ``pos`` and ``width`` sentences either side."""
    sents = doc.get("sentences") or ()
    i = _sentence_index(doc, pos)
    if i is None:
        return doc.get("text", "")[:600]
    a, b = sents[max(0, i - width)][0], sents[min(len(sents) - 1, i + width)][1]
    return doc["text"][a:b]


def _counterpart(story: dict, documents: dict, doc_id: str, pos: int | None, other: str) -> str:
    """The sentences of ``other`` aligned to the finding's sentence, else its opening."""
    i = _sentence_index(documents[doc_id], pos)
    od = documents.get(other)
    if od is None:
        return ""
    for al in story.get("alignments") or ():
        for p in al.get("pairs") or ():
            mine, theirs = (p["a"], p["b"]) if al["a"] == doc_id and al["b"] == other else (
                (p["b"], p["a"]) if al["b"] == doc_id and al["a"] == other else (None, None))
            if mine and theirs and i in mine:
                sents = od.get("sentences") or ()
                return " ".join(od["text"][sents[j][0]:sents[j][1]] for j in theirs if j < len(sents))
    return "(no aligned sentence) " + od.get("text", "")[:400]


def sample(stories: list[dict], documents: dict, size: int, seed: int, min_per_kind: int) -> tuple[list[dict], Counter]:
    """A seeded sample stratified by kind, and the frequency of every kind."""
    by_kind: dict[str, list[tuple[dict, dict]]] = defaultdict(list)
    for s in stories:
        for f in s.get("findings") or ():
            if f["kind"] not in CLEANING_FINDINGS:
                by_kind[f["kind"]].append((s, f))
    freq = Counter({k: len(v) for k, v in by_kind.items()})
    total = sum(freq.values()) or 1
    rng = random.Random(seed)
    picked: list[tuple[dict, dict]] = []
    for kind in sorted(by_kind):
        quota = max(min_per_kind, round(size * freq[kind] / total))
        items = sorted(by_kind[kind], key=lambda sf: (sf[0]["id"], sf[1]["document"], sf[1].get("start") or 0))
        picked += rng.sample(items, min(quota, len(items)))
    out = []
    for n, (s, f) in enumerate(picked, 1):
        doc = documents[f["document"]]
        out.append({
            "id": f"rc{seed}-{n:03d}",
            "kind": f["kind"],
            "confidence": f.get("confidence"),
            "level": confidence_level(f.get("confidence")),
            "story": s["id"],
            "document": f["document"],
            "language": doc.get("language"),
            "finding": {"text": f.get("text"), "detail": f.get("detail")},
            "context": _around(doc, f.get("start")),
            "others": {o: _counterpart(s, documents, f["document"], f.get("start"), o) for o in (f.get("related") or ())[:3]},
            "verdict": "",
        })
    return out, freq


def write_sample(records: list[dict], freq: Counter, out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.with_suffix(".jsonl").open("w", encoding="utf-8") as fh:
        fh.write(json.dumps({"frequencies": dict(freq)}, ensure_ascii=False) + "\n")
        for r in records:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    lines = ["# Real-corpus findings to judge", "",
             "For each finding answer `correct-and-useful`, `correct-but-trivial` or `wrong`, judging only the texts.", ""]
    for r in records:
        lines += [f"## {r['id']} · {r['kind']} ({r['language']})", "",
                  f"**Finding:** “{r['finding']['text']}” — {r['finding']['detail']}", "",
                  f"**This version ({r['document']}):** {r['context']}", ""]
        for other, text in r["others"].items():
            lines += [f"**Version {other}:** {text}", ""]
        lines += ["**Verdict:** ", ""]
    out.with_suffix(".md").write_text("\n".join(lines), encoding="utf-8")


def score(verdicts_path: Path, sample_path: Path) -> None:
    """Judged precision per kind and overall, weighted by kind frequency."""
    rows = [json.loads(x) for x in sample_path.read_text(encoding="utf-8").splitlines() if x.strip()]
    freq = Counter(rows[0]["frequencies"])
    kinds = {r["id"]: r["kind"] for r in rows[1:]}
    verdicts = {}
    for line in verdicts_path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            v = json.loads(line)
            if v.get("verdict") not in VERDICTS:
                raise SystemExit(f"unknown verdict {v.get('verdict')!r} for {v.get('id')}")
            verdicts[v["id"]] = v["verdict"]
    per: dict[str, Counter] = defaultdict(Counter)
    by_level: dict[str, Counter] = defaultdict(Counter)
    levels = {r["id"]: r["level"] for r in rows[1:]}
    for i, v in verdicts.items():
        per[kinds[i]][v] += 1
        by_level[levels[i]][v] += 1
    total = sum(freq[k] for k in per) or 1
    wp = wu = 0.0
    print(f"{'kind':22s} {'judged':>6s} {'precision':>9s} {'useful':>7s} {'frequency':>9s}")
    for k in sorted(per):
        n = sum(per[k].values())
        p = (per[k]["correct-and-useful"] + per[k]["correct-but-trivial"]) / n
        u = per[k]["correct-and-useful"] / n
        wp += p * freq[k] / total
        wu += u * freq[k] / total
        print(f"{k:22s} {n:6d} {p:9.2f} {u:7.2f} {freq[k]:9d}")
    print(f"weighted by kind frequency: precision {wp:.2f}, useful {wu:.2f} ({len(verdicts)} judged)")
    for level in sorted(by_level):
        n = sum(by_level[level].values())
        ok = by_level[level]["correct-and-useful"] + by_level[level]["correct-but-trivial"]
        print(f"confidence {level}: precision {ok / n:.2f} ({n} judged, unweighted)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared/data/semeval2022-task8/training_set.csv")
    parser.add_argument("--limit", type=int, default=None, help="at most this many articles (default: all)")
    parser.add_argument("--sample", type=int, default=64)
    parser.add_argument("--min-per-kind", type=int, default=4)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--out", type=Path, default=ROOT / "bench/out/realcorpus-sample")
    parser.add_argument("--score", type=Path, default=None, help="a JSONL file of verdicts to score")
    parser.add_argument("--sample-file", type=Path, default=ROOT / "bench/out/realcorpus-sample.jsonl")
    args = parser.parse_args()
    if args.score:
        score(args.score, args.sample_file)
        return 0
    articles = unique_articles(args.data, args.limit)
    stories, documents = trace_all(articles)
    records, freq = sample(stories, documents, args.sample, args.seed, args.min_per_kind)
    write_sample(records, freq, args.out)
    print(f"{len(stories)} multi-version stories; findings by kind: {dict(freq.most_common())}")
    by_level = Counter((f["kind"], confidence_level(f.get("confidence"))) for s in stories for f in s.get("findings") or ()
                       if f["kind"] not in CLEANING_FINDINGS)
    print("high-confidence findings by kind (shown first): "
          + str({k: n for (k, lvl), n in sorted(by_level.items()) if lvl == "high"}))
    levels = Counter(r["level"] for r in records)
    print(f"sampled {len(records)} findings ({dict(levels)}) -> {args.out.with_suffix('.md')}, {args.out.with_suffix('.jsonl')}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
