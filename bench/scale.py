"""Scale benchmark for story grouping: speed, memory and pairwise F1 against known groups.

Builds corpora of N documents from the real texts in ../shared/data
(SemEval-2022 Task 8 texts, FRANK articles, the article-extraction benchmark's
ground truth, MSRP sentences) plus derived versions whose grouping is known:

* every FRANK article and extraction-benchmark article is a *base*; further
  bases are made of 4-9 sentences drawn from a pool of other sentences in
  one language (SemEval texts in 10 languages, MSRP in English) plus two or
  three invented names and a figure of their own (what tells real stories
  apart); pool sentences recur across made-up bases, as background sentences
  recur across real stories, more often the larger the corpus.  SemEval texts are not bases of their own: one story
  appears in many of its pairs and languages, so the "known" groups would
  split real stories;
* each base gets 0-4 derived versions, each made by one or two of: dropping
  sentences, reordering sentences, moving clauses within sentences,
  re-formatting numbers ("1,000" -> "1000", "3" -> "three"), truncation,
  dropping most short function words (a telegraphic rewording that keeps
  every content word but breaks nearly every 5-word shingle).

A base and its versions form one known group.  For each size and method, a
child process (so that peak memory is its own) ingests the plain texts and
groups them, and reports documents per second (ingest + grouping, wall
clock), the grouping stage alone ("group docs/s": fingerprinting, candidate
retrieval, pair scoring and stories), peak memory (ru_maxrss of the main
process, corpus included; "worker MiB" is the largest worker's) and pairwise
precision / recall / F1 against the known groups:

* ``storytrace``: ingest through ``storytrace.clean.clean_document`` in
  ``--workers`` processes when ``--ingest clean`` (default for sizes up to
  20,000), or plain ``Document``s from the raw text (``--ingest raw``; the
  language is then detected inside fingerprinting); then
  ``storytrace.group_stories`` with default settings and ``run.workers`` =
  ``--workers`` (default one per CPU), as ``storytrace trace`` runs it;
* ``minhash``: the baseline, datasketch ``MinHashLSH`` (128 permutations,
  threshold 0.5) over 5-word shingles of the raw text, groups = connected
  components of LSH matches.

Usage:
    timeout 900 .venv/bin/python bench/scale.py --sizes 10000 100000
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import re
import resource
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

SEED = 2026
_SENT = re.compile(r"(?<=[.!?])\s+(?=[\"'“A-ZÀ-ÖØ-Þ0-9])")
_SMALL = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]


# ---------------------------------------------------------------- corpus


def load_texts(data: Path) -> tuple[list[str], dict[str, list[str]]]:
    """(real texts usable as bases, extra sentences for the pool by language)."""
    texts: list[str] = []
    sentences: dict[str, list[str]] = {}
    semeval = data / "semeval2022-task8/training_set.csv"
    if semeval.is_file():
        with semeval.open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                # SemEval texts are not bases: one story appears in many pairs
                # and languages, so texts of "different" bases would often be
                # the same story (and a good grouper would be marked wrong).
                # Their sentences go to the pool, for languages other than English.
                sentences.setdefault(row["lang1"], []).extend(split(row["text1"]))
    frank = data / "frank/frank_validation.jsonl"
    if frank.is_file():
        for line in frank.open(encoding="utf-8"):
            texts.append(json.loads(line)["article"])
    truth = data / "article-extraction-benchmark/ground-truth.json"
    if truth.is_file():
        for item in json.loads(truth.read_text(encoding="utf-8")).values():
            body = item.get("articleBody") or ""
            if body:
                texts.append(body)
    msrp = data / "msrp/msr_paraphrase_data.txt"
    if msrp.is_file():
        with msrp.open(encoding="utf-8-sig") as fh:
            for row in csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
                if len(row) >= 2 and row[0].isdigit():
                    sentences.setdefault("en", []).append(row[1])
    unique = list(dict.fromkeys(t.strip() for t in texts if t and len(t.strip()) > 200))
    return unique, sentences


def split(text: str) -> list[str]:
    return [s.strip() for s in _SENT.split(" ".join(text.split())) if s.strip()]


def _drop(rng: random.Random, s: list[str]) -> list[str]:
    if len(s) < 3:
        return s
    k = rng.randint(1, max(1, len(s) // 4))
    keep = sorted(rng.sample(range(len(s)), max(2, len(s) - k)))
    return [s[i] for i in keep]


def _reorder(rng: random.Random, s: list[str]) -> list[str]:
    rest = s[1:]
    rng.shuffle(rest)
    return s[:1] + rest


def _clauses(rng: random.Random, s: list[str]) -> list[str]:
    out = []
    for sent in s:
        parts = sent.rstrip(".").split(", ")
        if len(parts) > 1 and rng.random() < 0.7:
            parts = parts[1:] + parts[:1]
            sent = ", ".join(parts) + "."
        out.append(sent)
    return out


def _numbers(rng: random.Random, s: list[str]) -> list[str]:
    def swap(m: re.Match[str]) -> str:
        raw = m.group(0)
        if "," in raw:
            return raw.replace(",", "")
        if len(raw) == 1:
            return _SMALL[int(raw)]
        return raw

    return [re.sub(r"(?<![\d.,])\d{1,3}(?:,\d{3})+(?![\d])|(?<![\d.,])\d(?![\d.,])", swap, sent) for sent in s]


def _telegraphic(rng: random.Random, s: list[str]) -> list[str]:
    """Drop most short lower-case words (articles, prepositions): breaks nearly every 5-word shingle."""
    return [" ".join(w for w in sent.split() if not (len(w) <= 3 and w.islower() and rng.random() < 0.8)) for sent in s]


def _truncate(rng: random.Random, s: list[str]) -> list[str]:
    return s[: max(2, int(len(s) * rng.uniform(0.5, 0.8)))]


TRANSFORMS = [_drop, _reorder, _clauses, _numbers, _truncate, _telegraphic]


_SYLLABLES = ["ka", "ro", "mi", "te", "lu", "va", "no", "shi", "ze", "bo", "ri", "da", "po", "yu", "gan", "tor", "lem", "sa"]


def _name(rng: random.Random) -> str:
    # 4-6 syllables: 10^5-10^7 names, so that made-up names do not recur across bases
    return "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(4, 6))).capitalize()


def _distinct(rng: random.Random, sentences: list[str]) -> list[str]:
    """Give a made-up base what tells real stories apart: its own names and figures.

    Sentences drawn from a pool recur across made-up bases (as background
    sentences recur across real stories); two or three invented names and a
    figure, placed before some sentences, make each base a story of its own.
    """
    names = [f"{_name(rng)} {_name(rng)}" for _ in range(rng.randint(2, 3))]
    figure = f"{rng.randint(2, 999)},{rng.randint(0, 999):03d}"
    out = [f"{names[0]}, {names[1]} ({figure}): {sentences[0]}"]
    for sent in sentences[1:]:
        out.append(f"{rng.choice(names)}: {sent}" if rng.random() < 0.5 else sent)
    return out


def build_corpus(n: int, data: Path) -> tuple[list[str], list[str], list[int]]:
    """(ids, texts, group of each) for ``n`` documents, deterministic."""
    rng = random.Random(SEED)
    real, extra = load_texts(data)
    rng.shuffle(real)
    # The pool holds no sentence of a real base: a made-up base that borrowed
    # one would really share text with it.
    # Only sentence-sized pieces (40-300 characters): a text the splitter
    # cannot cut would otherwise make two made-up bases share a paragraph.
    # One language per made-up base, as in real news.
    pools = {lang: list(dict.fromkeys(s for s in sents if 40 < len(s) <= 300)) for lang, sents in sorted(extra.items())}
    pools = {lang: pool for lang, pool in pools.items() if len(pool) >= 50}
    langs = list(pools)
    weights = [len(pools[lang]) for lang in langs]
    ids: list[str] = []
    texts: list[str] = []
    groups: list[int] = []
    base_no = 0
    while len(texts) < n:
        if base_no < len(real):
            sentences = split(real[base_no])
        else:
            pool = pools[rng.choices(langs, weights)[0]]
            sentences = _distinct(rng, rng.sample(pool, rng.randint(4, 9)))
        versions = [sentences]
        for _ in range(rng.choice([0, 1, 1, 2, 2, 3, 4])):
            out = sentences
            for transform in rng.sample(TRANSFORMS, rng.choice([1, 1, 2])):
                out = transform(rng, out)
            versions.append(out)
        for k, version in enumerate(versions):
            if len(texts) >= n:
                break
            ids.append(f"g{base_no}v{k}")
            texts.append(" ".join(version))
            groups.append(base_no)
        base_no += 1
    return ids, texts, groups


# ---------------------------------------------------------------- scoring


def pairwise_prf(predicted: dict[str, int], truth: dict[str, int]) -> tuple[float, float, float]:
    def pairs(counter: Counter) -> int:
        return sum(c * (c - 1) // 2 for c in counter.values())

    both = pairs(Counter((predicted[i], truth[i]) for i in truth))
    pred = pairs(Counter(predicted[i] for i in truth))
    true = pairs(Counter(truth.values()))
    p = both / pred if pred else 1.0
    r = both / true if true else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


# ---------------------------------------------------------------- methods (in a child process)


def _clean(item: tuple[str, str]):
    """Plain text -> clean Document through clean_document (in a worker process)."""
    import dataclasses

    from storytrace.clean import clean_document
    from storytrace.records import Document, RawDocument

    doc_id, text = item
    out = clean_document(RawDocument(doc_id, text.encode("utf-8"), "text"))
    if out and isinstance(out[0], Document):
        return dataclasses.replace(out[0], id=doc_id)
    return Document(id=doc_id, source=doc_id, text=text)


def run_storytrace(ids: list[str], texts: list[str], ingest: str, workers: int = 1) -> tuple[dict[str, int], float, float]:
    """Ingest (``--ingest clean``: clean_document in ``workers`` processes), then ``group_stories``.

    ``group_stories`` fingerprints and scores in ``run.workers`` processes
    itself, as ``storytrace trace`` does.  The second figure returned is the
    time of grouping alone (fingerprinting, candidates, scoring, stories).
    """
    from storytrace.group import group_stories
    from storytrace.records import Document
    from storytrace.settings import Settings

    start = time.perf_counter()
    if ingest == "clean":
        from storytrace.parallel import process_pool

        with process_pool(workers) as pool:
            items = list(zip(ids, texts))
            docs = list(pool.map(_clean, items, chunksize=64)) if pool is not None else [_clean(i) for i in items]
    else:
        docs = [Document(id=i, source=i, text=t) for i, t in zip(ids, texts)]
    ingested = time.perf_counter()
    stories = group_stories(docs, Settings({"run.workers": workers}))
    done = time.perf_counter()
    predicted = {d: k for k, s in enumerate(stories) for d in s.document_ids}
    return predicted, ingested - start, done - ingested


def run_minhash(ids: list[str], texts: list[str]) -> tuple[dict[str, int], float, float]:
    from datasketch import MinHash, MinHashLSH

    start = time.perf_counter()
    lsh = MinHashLSH(threshold=0.5, num_perm=128)
    hashes = {}
    for doc_id, text in zip(ids, texts):
        words = re.findall(r"\w+", text.lower())
        shingles = {" ".join(words[i:i + 5]).encode("utf-8") for i in range(max(1, len(words) - 4))}
        m = MinHash(num_perm=128, seed=1)
        m.update_batch(list(shingles))
        hashes[doc_id] = m
        lsh.insert(doc_id, m)
    indexed = time.perf_counter()
    from storytrace.unionfind import UnionFind

    sets: UnionFind[str] = UnionFind()
    for doc_id in ids:
        for other in lsh.query(hashes[doc_id]):
            sets.union(doc_id, other)
    done = time.perf_counter()
    roots: dict[str, int] = {}
    predicted = {i: roots.setdefault(sets.find(i), len(roots)) for i in ids}
    return predicted, indexed - start, done - indexed


def child(args: argparse.Namespace) -> None:
    ids, texts, groups = build_corpus(args.size, args.data)
    truth = dict(zip(ids, groups))
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    if args.child == "storytrace":
        predicted, ingest_s, group_s = run_storytrace(ids, texts, args.ingest, args.workers)
    else:
        predicted, ingest_s, group_s = run_minhash(ids, texts)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    worker_peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # largest worker process (0 without workers)
    p, r, f = pairwise_prf(predicted, truth)
    print(json.dumps({
        "method": args.child, "workers": args.workers if args.child == "storytrace" else 1, "size": len(ids), "groups": len(set(groups)), "ingest": args.ingest if args.child == "storytrace" else "raw",
        "ingest_s": ingest_s, "group_s": group_s, "docs_per_s": len(ids) / (ingest_s + group_s),
        "group_docs_per_s": len(ids) / group_s if group_s else 0.0,
        "peak_mib": peak / 1024, "worker_peak_mib": worker_peak / 1024, "corpus_mib": before / 1024, "precision": p, "recall": r, "f1": f,
    }))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared/data")
    parser.add_argument("--ingest", choices=["auto", "clean", "raw"], default="auto",
                        help="auto: clean_document up to 20,000 documents, raw text above")
    parser.add_argument("--methods", nargs="+", default=["storytrace", "minhash"])
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                        help="worker processes for storytrace (run.workers; default: one per CPU)")
    parser.add_argument("--child", choices=["storytrace", "minhash"], help=argparse.SUPPRESS)
    parser.add_argument("--size", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args)
        return
    print(f"{'size':>8} {'method':10} {'ingest':6} {'docs/s':>8} {'group docs/s':>12} {'ingest s':>11} {'group s':>8} "
          f"{'peak MiB':>9} {'worker MiB':>10} {'P':>6} {'R':>6} {'F1':>6}")
    results = []
    for size in args.sizes:
        for method in args.methods:
            ingest = args.ingest if args.ingest != "auto" else ("clean" if size <= 20_000 else "raw")
            cmd = [sys.executable, __file__, "--child", method, "--size", str(size), "--data", str(args.data), "--ingest", ingest,
                   "--workers", str(args.workers)]
            out = subprocess.run(cmd, capture_output=True, text=True, check=False)
            if out.returncode != 0:
                print(f"{size:>8} {method:10} failed: {out.stderr.strip().splitlines()[-1:]}")
                continue
            r = json.loads(out.stdout.strip().splitlines()[-1])
            results.append(r)
            print(f"{r['size']:>8} {r['method']:10} {r['ingest']:6} {r['docs_per_s']:8.0f} {r['group_docs_per_s']:12.0f} "
                  f"{r['ingest_s']:11.1f} {r['group_s']:8.1f} {r['peak_mib']:9.0f} {r.get('worker_peak_mib', 0):10.0f} {r['precision']:6.3f} {r['recall']:6.3f} {r['f1']:6.3f}",
                  flush=True)
    ours = sorted((r["size"], r["ingest_s"] + r["group_s"]) for r in results if r["method"] == "storytrace" and r["ingest"] == "raw")
    if len(ours) >= 2:
        (n1, t1), (n2, t2) = ours[-2], ours[-1]
        import math

        print(f"time growth exponent {n1}->{n2} (raw ingest + grouping): {math.log(t2 / t1) / math.log(n2 / n1):.2f}")


if __name__ == "__main__":
    main()
