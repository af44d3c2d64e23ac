"""Speed (and accuracy) of storytrace.align.align_versions on a synthetic 10-version story.

Usage (from the repo root):
    .venv/bin/python bench/align_speed.py [path/to/frank_validation.jsonl]

The story is built from real text: a FRANK (CNN/DailyMail) article of at least
40 sentences, cut to 40, plus 9 versions derived from it with known edits
(four sentences dropped, two pairs of neighbours swapped, half of the
sentences edited by a word, two neighbours merged into one sentence, four
sentences from other articles inserted).  Because the edits are known,
the script also reports the precision and recall of the sentence pairs that
align the original to each version.  Timing: a warm-up run on another story
first (lazy tables such as CLDR place names load once per process), then the
median of 5 runs.
"""

from __future__ import annotations

import json
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "data" / "frank" / "frank_validation.jsonl"


def build_story(article_sents, other_sents, seed):
    """Return (texts, truth) where truth[k] is the set of (orig_index, version_index) pairs of version k."""
    rng = random.Random(seed)
    base = article_sents[:40]
    texts, truth = [" ".join(base)], [{(i, i) for i in range(len(base))}]
    for _version in range(9):
        sents = [(i, s) for i, s in enumerate(base)]
        # drop four sentences
        for _ in range(4):
            del sents[rng.randrange(len(sents))]
        # swap two pairs of neighbours
        for _ in range(2):
            j = rng.randrange(len(sents) - 1)
            sents[j], sents[j + 1] = sents[j + 1], sents[j]
        # word-level edits
        out = []
        for i, s in sents:
            words = s.split()
            if rng.random() < 0.5 and len(words) > 6:
                # interior words only, so every line stays one sentence
                del words[rng.randrange(1, len(words) - 1)]
                words.insert(rng.randrange(1, len(words) - 1), rng.choice(["reportedly", "also", "now", "said"]))
            out.append(([i], " ".join(words)))
        # merge two neighbours into one sentence
        j = rng.randrange(len(out) - 1)
        out[j : j + 2] = [(out[j][0] + out[j + 1][0], out[j][1].rstrip(".") + ", and " + out[j + 1][1])]
        # insert four sentences from other articles
        for _ in range(4):
            out.insert(rng.randrange(len(out) + 1), ([], rng.choice(other_sents)))
        truth.append({(i, j) for j, (idx, _) in enumerate(out) for i in idx})
        texts.append("\n".join(s for _, s in out))
    return texts, truth


def main() -> int:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    sys.path.insert(0, str(ROOT / "src"))
    from storytrace.align import align_versions
    from storytrace.records import Document
    from storytrace.sentences import split_sentences

    articles = {}
    for line in path.open(encoding="utf-8"):
        row = json.loads(line)
        articles[row["hash"]] = row["article"]
    long = [a for _, a in sorted(articles.items()) if len(split_sentences(a)) >= 40]
    sentences = [[s.text for s in split_sentences(a)] for a in long]
    others = [s for sents in sentences[2:] for s in sents]
    texts, truth = build_story(sentences[0], others, seed=1)
    warm_texts, _ = build_story(sentences[1], others, seed=2)
    docs = [Document(id=f"v{k}", source=f"v{k}", text=t, language="en") for k, t in enumerate(texts)]
    warm = [Document(id=f"w{k}", source=f"w{k}", text=t, language="en") for k, t in enumerate(warm_texts)]
    t0 = time.perf_counter()
    align_versions(warm)
    cold = time.perf_counter() - t0
    runs = []
    for _ in range(5):
        t0 = time.perf_counter()
        sents, alignments = align_versions(docs)
        runs.append(time.perf_counter() - t0)
    n_sents = [len(sents[d.id]) for d in docs]
    # accuracy of original-vs-version pairs; version sentence index = line index
    tp = fp = fn = 0
    for al in alignments:
        if al.a != "v0":
            continue
        k = int(al.b[1:])
        want = truth[k]
        got = {(i, j) for p in al.pairs for i in p.a for j in p.b}
        tp += len(want & got)
        fp += len(got - want)
        fn += len(want - got)
    print(f"story: {len(docs)} versions, {min(n_sents)}-{max(n_sents)} sentences each, {len(alignments)} pairs of versions")
    print(f"first call (cold, other story): {cold:.3f} s")
    print(f"align_versions, all pairs: median {statistics.median(runs):.3f} s over {len(runs)} runs (min {min(runs):.3f} s)")
    print(f"original-vs-version sentence pairs: precision {tp / (tp + fp):.3f} recall {tp / (tp + fn):.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
