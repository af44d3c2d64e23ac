"""Injected edits on real articles: does each meaning-changing edit produce a finding, and nothing else?

Articles come from ``../shared/data``: the SemEval-2022 task 8 texts (en, de,
es, fr, it, pl, ru, tr, ar, zh) and FRANK's CNN/DM and BBC articles (more
English).  For each sampled article a derived version is made with one logged
edit and a publication date one to three days after the original's, as real
feeds do; the two versions are analysed as one story by the real pipeline
(:func:`storytrace.analyze.analyze_story`: alignment, lineage, quotes, facts,
garbles, comparison).

Meaning-changing edits (each must give a finding of the right kind on the
edited span, in either version):

* ``count``: a counted number changed ("12 people" → "17 people") → drift/conflict;
* ``weekday``: a weekday name changed → drift/conflict/weekday_mismatch;
* ``quote_word`` / ``quote_drop``: a word inside a direct quote replaced, or
  two adjacent words dropped → altered_quote;
* ``insert``: a sentence with a number or a name from another article of the
  same language inserted → unsupported_claim.

Meaning-preserving edits (must give no error-like finding): ``drop`` (one or
two sentences dropped), ``swap`` (two adjacent sentences swapped),
``regroup`` (a grouped number written without grouping, same value: "1,000"
→ "1000", "1.000" → "1000") and ``copy`` (an exact copy).

What the edits look for is found here with simple, independent patterns
(digits followed by a word, CLDR weekday names from Babel, text between
quotation marks), not with storytrace's extractors, so that recall is not
measured on what the extractors already find.

Figures printed, per seed and their mean:

* recall per meaning-changing kind (an error-like finding of any kind on the
  edited span), recall with the right kind, and kind accuracy (right kind among
  the detected edits);
* recall per language (all meaning-changing kinds together);
* precision: error-like findings an edit explains (they overlap an edited
  span) over all error-like findings on the edited pairs;
* false findings per clean pair, per meaning-preserving kind.

Error-like findings are every story finding (``kinds.STORY_FINDINGS``).
Single-document findings (garble, weekday_mismatch, future_event,
inconsistent_total, citation findings) that the original already raises on
the same text are left out: they are judged on the real corpus, not here.

Articles are split once, by a hash of their text, into a development part and
a held-out part (one in five); ``--held-out`` samples only the held-out part.

Usage::

    .venv/bin/python bench/edits.py [--seeds 1 2 3] [--per-lang 12] [--held-out] [--workers 2]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import itertools
import json
import random
import sys
import time
from collections import defaultdict
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import regex

ROOT = Path(__file__).resolve().parents[1]
# ``--src DIR`` (read before anything imports storytrace) measures another
# checkout's code, e.g. a baseline, on the same pairs.
_SRC = sys.argv[sys.argv.index("--src") + 1] if "--src" in sys.argv else str(ROOT / "src")
sys.path.insert(0, _SRC)

DATA = ROOT.parent / "shared" / "data"
LANGS = ("en", "de", "es", "fr", "it", "pl", "ru", "tr", "ar", "zh")
CHANGING = ("count", "weekday", "quote_word", "quote_drop", "insert")
PRESERVING = ("drop", "swap", "regroup", "copy")
EXPECTED = {
    "count": frozenset({"drift", "conflict"}),
    "weekday": frozenset({"drift", "conflict", "weekday_mismatch"}),
    "quote_word": frozenset({"altered_quote"}),
    "quote_drop": frozenset({"altered_quote"}),
    "insert": frozenset({"unsupported_claim"}),
}
SINGLE_DOC = frozenset({"garble", "weekday_mismatch", "future_event", "inconsistent_total",
                        "malformed_citation", "anachronistic_citation", "offtopic_citation"})
HELD_OUT_SHARE = 5  # one article in five is held out


@dataclass(frozen=True)
class Article:
    key: str
    lang: str
    text: str


@dataclass
class Pair:
    """One original, one derived version, and the edit made (spans in each text; None where the text has none)."""

    article: str
    lang: str
    kind: str
    original: str
    derived: str
    published: str
    derived_published: str
    span_original: tuple[int, int] | None = None
    span_derived: tuple[int, int] | None = None
    note: str = ""
    findings: list[dict] = field(default_factory=list)
    error: str = ""


# -- articles ---------------------------------------------------------------------


def _norm(text: str) -> str:
    return regex.sub(r"[ \t]+", " ", text.replace("\r", "")).strip()


def held_out(text: str) -> bool:
    return int(hashlib.sha1(text.encode("utf-8")).hexdigest()[:8], 16) % HELD_OUT_SHARE == 0


def load_articles(data: Path = DATA) -> dict[str, list[Article]]:
    """Unique articles by language (SemEval text1/text2; FRANK articles as English), at least 400 characters."""
    seen: set[str] = set()
    out: dict[str, list[Article]] = defaultdict(list)
    csv.field_size_limit(10**8)

    def add(lang: str, text: str, key: str) -> None:
        text = _norm(text)
        if lang in LANGS and len(text) >= 400 and text not in seen:
            seen.add(text)
            out[lang].append(Article(key, lang, text))

    semeval = data / "semeval2022-task8" / "training_set.csv"
    if semeval.exists():
        with semeval.open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                a, b = row["pair_id"].split("_")
                add(row["lang1"], row["text1"], f"semeval:{a}")
                add(row["lang2"], row["text2"], f"semeval:{b}")
    frank = data / "frank" / "frank_validation.jsonl"
    if frank.exists():
        for line in frank.open(encoding="utf-8"):
            row = json.loads(line)
            add("en", row["article"], f"frank:{row['hash'][:12]}")
    for lang in out:
        out[lang].sort(key=lambda a: a.key)
    return out


# -- finding what to edit -----------------------------------------------------------

_SENT = regex.compile(r"[^.!?。！？\n]+(?:[.!?。！？]+[\"'”’»」]*|\n|$)")
_QUOTE = regex.compile(r"“([^”“\n]{25,400})”|«\s?([^»«\n]{25,400}?)\s?»|„([^“”„\n]{25,400})[“”]|(?<![\p{L}\p{N}])\"(?=\S)([^\"\n]{25,400}?)(?<=\S)\"(?![\p{L}\p{N}])|「([^」\n]{12,300})」")
_GROUPED = regex.compile(r"(?<![\d.,\p{L}])(\d{1,3})([.,])(\d{3})(?![\d.,]?\d)(?=\s?\p{L})")
_CJK = regex.compile(r"\p{Han}")
_DATEISH = regex.compile(r"^\s?(?:年|月|日|号|時|时|点|分|%|st|nd|rd|th)")


def sentences(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _SENT.finditer(text) if len(m.group(0).strip()) >= 20]


def _calendar_words(lang: str) -> tuple[dict[str, int], set[str]]:
    from babel import Locale

    loc = Locale.parse(lang)
    days: dict[str, int] = {}
    for ctx in ("format", "stand-alone"):
        for width in ("wide",):
            for num, name in loc.days[ctx][width].items():
                days.setdefault(name.lower(), num)
    months = {n.lower().rstrip(".") for ctx in ("format", "stand-alone") for w in ("wide", "abbreviated")
              for n in loc.months[ctx][w].values()}
    return days, months


def _count_spots(text: str, lang: str) -> list[tuple[int, int]]:
    """Digits (1..99999, not a year, not a decimal, not a clock time) followed by a word that is no month name."""
    _, months = _calendar_words(lang)
    spots = []
    for m in regex.finditer(r"(?<![\d.,:/\-\p{L}])(?<!\d[ \u00a0\u202f])(\d{1,3}(?:[.,]\d{3})?|\d{4,5})(?![\d.,:/\-]?\d)(?![ \u00a0\u202f]\d)", text):
        after = text[m.end():m.end() + 20]
        after_word = regex.sub(r"^\s?(?:de|del|of|d')\s", " ", after, flags=regex.IGNORECASE)
        before = text[max(0, m.start() - 14):m.start()].lower()
        raw = m.group(1)
        if regex.fullmatch(r"(?:1[89]|20)\d\d", raw) or _DATEISH.match(after):
            continue
        word = regex.match(r"\s?(\p{L}+)", after)
        if not word or (lang != "zh" and not after.startswith(" ")):
            continue
        w = word.group(1).lower()
        w2 = regex.match(r"\s?(\p{L}*)", after_word).group(1).lower()
        if any(x.startswith(mo[:4]) for mo in months if len(mo) >= 3 for x in (w, w2)) or any(before.rstrip().endswith(mo) for mo in months if len(mo) >= 3):
            continue
        if lang == "zh" and not _CJK.match(w):
            continue
        if regex.search(r"[\p{L}\p{N},;] \p{Lu}[\p{L}]*[ \u00a0]$", text[max(0, m.start() - 40):m.start()]):
            continue  # a number that continues a name ("Section 189", "France 24") counts nothing
        spots.append((m.start(), m.end()))
    return spots


def _changed_number(raw: str, rng: random.Random) -> str:
    digits = raw.replace(".", "").replace(",", "")
    value = int(digits)
    new = value + rng.choice([2, 3, 5, 7, 11]) if value < 20 else int(value * rng.choice([1.3, 1.5, 0.6, 2])) + 1
    if new == value:
        new += 3
    if len(raw) > 3 and not raw.isdigit():
        sep = raw[-4]
        s = f"{new:,}".replace(",", sep)
        return s
    return str(new)


def _weekday_spots(text: str, lang: str) -> list[tuple[int, int, int, str]]:
    days, _ = _calendar_words(lang)
    names = sorted(days, key=len, reverse=True)
    if not names:
        return []
    # Chinese is written without spaces: no word boundary around its names
    edge_before, edge_after = (r"", r"") if lang == "zh" else (r"(?<!\p{L})", r"(?!\p{L})")
    pattern = regex.compile(edge_before + "(" + "|".join(regex.escape(n) for n in names) + ")" + edge_after, regex.IGNORECASE)
    out = []
    for m in pattern.finditer(text):
        if m.group(0)[:1].islower() and lang in ("en", "de"):
            continue
        out.append((m.start(), m.end(), days[m.group(0).lower()], m.group(0)))
    return out


def _weekday_name(lang: str, number: int, like: str) -> str:
    from babel import Locale

    loc = Locale.parse(lang)
    for ctx in ("format", "stand-alone"):
        names = loc.days[ctx]["wide"]
        if like.lower() in (n.lower() for n in names.values()):
            name = names[number]
            return name[:1].upper() + name[1:] if like[:1].isupper() else name
    return loc.days["format"]["wide"][number]


def _quote_spots(text: str) -> list[tuple[int, int]]:
    out = []
    for m in _QUOTE.finditer(text):
        g = next(i for i in range(1, 6) if m.group(i))
        out.append((m.start(g), m.end(g)))
    return out


def _words_in(text: str, start: int, end: int) -> list[tuple[int, int]]:
    return [(start + m.start(), start + m.end()) for m in regex.finditer(r"\p{L}{4,}", text[start:end])]


# -- edits --------------------------------------------------------------------------


def _splice(text: str, start: int, end: int, new: str) -> str:
    return text[:start] + new + text[end:]


def make_edit(kind: str, art: Article, others: list[Article], rng: random.Random) -> tuple | None:
    """(derived text, span in the original, span in the derived text, note), or None when the article has no place for it."""
    text = art.text
    if kind == "copy":
        return text, None, None, "exact copy"
    if kind == "count":
        spots = _count_spots(text, art.lang)
        if not spots:
            return None
        s, e = rng.choice(spots)
        new = _changed_number(text[s:e], rng)
        return _splice(text, s, e, new), (s, e), (s, s + len(new)), f"{text[s:e]} -> {new}"
    if kind == "weekday":
        spots = _weekday_spots(text, art.lang)
        if not spots:
            return None
        s, e, number, word = rng.choice(spots)
        new = _weekday_name(art.lang, (number + rng.choice([1, 2, 3, 4, 5, 6])) % 7, word)
        return _splice(text, s, e, new), (s, e), (s, s + len(new)), f"{word} -> {new}"
    if kind in ("quote_word", "quote_drop"):
        return _quote_edit(kind, art, others, rng)
    if kind == "insert":
        return _insert_edit(art, others, rng)
    if kind == "drop":
        sents = sentences(text)[1:]
        if len(sents) < 4:
            return None
        s, e = rng.choice(sents[:-1])
        return _splice(text, s, e, ""), (s, e), None, "dropped a sentence"
    if kind == "swap":
        sents = sentences(text)
        pairs = [(a, b) for a, b in itertools.pairwise(sents[1:]) if a[1] <= b[0] and not text[a[1]:b[0]].strip()]
        if not pairs:
            return None
        a, b = rng.choice(pairs)
        first, gap, second = text[a[0]:a[1]], text[a[1]:b[0]], text[b[0]:b[1]]
        return _splice(text, a[0], b[1], second + gap + first), (a[0], b[1]), (a[0], b[1]), "swapped two sentences"
    if kind == "regroup":
        spots = list(_GROUPED.finditer(text))
        if not spots:
            return None
        m = rng.choice(spots)
        new = m.group(1) + m.group(3)
        return _splice(text, m.start(), m.end(), new), (m.start(), m.end()), (m.start(), m.start() + len(new)), f"{m.group(0)} -> {new}"
    raise ValueError(kind)


def _quote_edit(kind: str, art: Article, others: list[Article], rng: random.Random) -> tuple | None:
    text = art.text
    quotes = _quote_spots(text)
    rng.shuffle(quotes)
    for qs, qe in quotes:
        if art.lang == "zh":
            if qe - qs < 12:
                continue
            pos = rng.randrange(qs + 3, qe - 5)
            if kind == "quote_drop":
                return _splice(text, pos, pos + 2, ""), (pos, pos + 2), (max(qs, pos - 1), pos + 1), f"dropped {text[pos:pos + 2]}"
            donor = "".join(_CJK.findall(rng.choice(others).text))[:400] or "记者"
            k = rng.randrange(0, max(1, len(donor) - 2))
            new = donor[k:k + 2]
            return _splice(text, pos, pos + 2, new), (pos, pos + 2), (pos, pos + 2), f"{text[pos:pos + 2]} -> {new}"
        words = _words_in(text, qs, qe)
        if len(words) < 5:
            continue
        i = rng.randrange(1, len(words) - 2)
        ws, we = words[i]
        if kind == "quote_drop":
            end = words[i + 1][1]
            cut_end = end + (1 if text[end:end + 1] == " " else 0)
            return _splice(text, ws, cut_end, ""), (ws, end), (max(qs, ws - 1), min(ws + 1, qe)), f"dropped '{text[ws:end]}'"
        donor_words = [w for o in others[:20] for w in regex.findall(r"(?<!\p{L})[\p{Ll}\p{Lo}]{5,}(?!\p{L})", o.text[:600])]
        donor_words = [w for w in donor_words if w.lower() != text[ws:we].lower()]
        if not donor_words:
            continue
        new = rng.choice(donor_words)
        return _splice(text, ws, we, new), (ws, we), (ws, ws + len(new)), f"{text[ws:we]} -> {new}"
    return None


def _insert_edit(art: Article, others: list[Article], rng: random.Random) -> tuple | None:
    text = art.text
    candidates = []
    for other in rng.sample(others, min(8, len(others))):
        for s, e in sentences(other.text)[1:]:
            sent = other.text[s:e].strip()
            if 40 <= len(sent) <= 300 and (regex.search(r"\d", sent) or regex.search(r"(?<=\s)\p{Lu}\p{Ll}+", sent)):
                candidates.append(sent)
    sents = sentences(text)
    if not candidates or len(sents) < 3:
        return None
    new = rng.choice(candidates)
    _, at = rng.choice(sents[1:-1])
    while at < len(text) and text[at] == " ":
        at += 1
    glue = " " if art.lang != "zh" else ""
    derived = text[:at] + new + glue + text[at:]
    return derived, None, (at, at + len(new)), f"inserted '{new[:60]}'"


# -- sampling and running -----------------------------------------------------------


def make_pairs(articles: dict[str, list[Article]], seed: int, per_lang: int, held: bool, kinds=CHANGING + PRESERVING) -> list[Pair]:
    rng = random.Random(seed)
    pairs: list[Pair] = []
    for lang in LANGS:
        pool = [a for a in articles.get(lang, []) if held_out(a.text) == held]
        if len(pool) < 3:
            continue
        for kind in kinds:
            order = rng.sample(pool, len(pool))
            made = 0
            for art in order:
                if made >= per_lang:
                    break
                others = [a for a in pool if a.key != art.key]
                edit = make_edit(kind, art, rng.sample(others, min(30, len(others))), rng)
                if edit is None or (edit[0] == art.text and kind != "copy"):
                    continue
                derived, so, sd, note = edit
                day = dt.date(2020, 1, 6) + dt.timedelta(days=rng.randrange(0, 700))
                later = day + dt.timedelta(days=rng.randrange(1, 4))
                pairs.append(Pair(art.key, lang, kind, art.text, derived, day.isoformat(), later.isoformat(), so, sd, note))
                made += 1
    return pairs


def run_pair(pair: Pair) -> Pair:
    from storytrace.analyze import analyze_story
    from storytrace.kinds import STORY_FINDINGS
    from storytrace.records import Document, Story

    a = Document(id="original", source="original", text=pair.original, language=pair.lang, published=pair.published)
    b = Document(id="derived", source="derived", text=pair.derived, language=pair.lang, published=pair.derived_published)
    try:
        analysis = analyze_story(Story("s", ("original", "derived")), {"original": a, "derived": b})
    except Exception as exc:  # counted and printed: a crash is a result too
        pair.error = f"{type(exc).__name__}: {exc}"
        return pair
    pair.findings = [
        {"kind": f.kind, "document": f.document, "start": f.start, "end": f.end, "text": f.text, "detail": f.detail}
        for f in analysis.findings if f.kind in STORY_FINDINGS
    ]
    return pair


def _overlaps(f: dict, span: tuple[int, int] | None) -> bool:
    if span is None or f["start"] is None:
        return False
    return f["start"] < span[1] + 1 and span[0] < f["end"] + 1


def error_like(pair: Pair) -> list[dict]:
    """Story findings, less single-document findings the original raises on the same text."""
    in_original = {(f["kind"], f["text"]) for f in pair.findings if f["document"] == "original"}
    out = []
    for f in pair.findings:
        if f["kind"] in SINGLE_DOC and (f["document"] == "original" or (f["kind"], f["text"]) in in_original):
            continue
        out.append(f)
    return out


def explains(pair: Pair, f: dict) -> bool:
    span = pair.span_derived if f["document"] == "derived" else pair.span_original
    return _overlaps(f, span)


def score(pairs: list[Pair]) -> dict:
    """Recall, kind accuracy, precision and false findings per clean pair, as a dict of figures."""
    out: dict = {"recall": {}, "recall_kind": {}, "kind_accuracy": {}, "lang": {}, "false_per_clean": {}, "n": {}}
    lang_hits: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    explained = total = 0
    for kind in CHANGING:
        ps = [p for p in pairs if p.kind == kind]
        hit = right = 0
        for p in ps:
            found = [f for f in error_like(p) if explains(p, f)]
            ok = bool(found)
            good = any(f["kind"] in EXPECTED[kind] for f in found)
            hit += ok
            right += good
            lang_hits[p.lang][0] += good
            lang_hits[p.lang][1] += 1
        out["n"][kind] = len(ps)
        out["recall"][kind] = hit / len(ps) if ps else float("nan")
        out["recall_kind"][kind] = right / len(ps) if ps else float("nan")
        out["kind_accuracy"][kind] = right / hit if hit else float("nan")
    for p in pairs:
        if p.kind in CHANGING:
            findings = error_like(p)
            total += len(findings)
            explained += sum(explains(p, f) for f in findings)
    out["precision"] = explained / total if total else 1.0
    out["lang"] = {lang: (h / n if n else float("nan"), n) for lang, (h, n) in sorted(lang_hits.items())}
    clean = [p for p in pairs if p.kind in PRESERVING]
    for kind in PRESERVING:
        ps = [p for p in clean if p.kind == kind]
        out["n"][kind] = len(ps)
        out["false_per_clean"][kind] = sum(len(error_like(p)) for p in ps) / len(ps) if ps else float("nan")
    out["false_per_clean"]["all"] = sum(len(error_like(p)) for p in clean) / len(clean) if clean else float("nan")
    return out


def run_all(pairs: list[Pair], workers: int) -> list[Pair]:
    if workers <= 1:
        return [run_pair(p) for p in pairs]
    with ProcessPoolExecutor(workers) as pool:
        return list(pool.map(run_pair, pairs, chunksize=4))


def _print_scores(label: str, s: dict) -> None:
    print(f"== {label}")
    for kind in CHANGING:
        print(f"  {kind:<11} n={s['n'][kind]:<4} recall={s['recall'][kind]:.3f}  right-kind recall={s['recall_kind'][kind]:.3f}"
              f"  kind accuracy={s['kind_accuracy'][kind]:.3f}")
    print("  recall (right kind) per language: " + "  ".join(f"{lang}={r:.2f}(n={n})" for lang, (r, n) in s["lang"].items()))
    print(f"  precision={s['precision']:.3f}")
    print("  false findings per clean pair: " + "  ".join(f"{k}={s['false_per_clean'][k]:.3f}(n={s['n'].get(k, '')})" for k in (*PRESERVING, "all")))


def _mean(scores: list[dict]) -> dict:
    def avg(vals):
        vals = [v for v in vals if v == v]
        return sum(vals) / len(vals) if vals else float("nan")

    out: dict = {"n": {}, "recall": {}, "recall_kind": {}, "kind_accuracy": {}, "false_per_clean": {}}
    for key in ("recall", "recall_kind", "kind_accuracy", "false_per_clean"):
        for kind in scores[0][key]:
            out[key][kind] = avg([s[key][kind] for s in scores])
    for kind in scores[0]["n"]:
        out["n"][kind] = sum(s["n"][kind] for s in scores)
    out["precision"] = avg([s["precision"] for s in scores])
    langs = sorted({lang for s in scores for lang in s["lang"]})
    out["lang"] = {lang: (avg([s["lang"][lang][0] for s in scores if lang in s["lang"]]),
                          sum(s["lang"][lang][1] for s in scores if lang in s["lang"])) for lang in langs}
    return out


def misses(pairs: list[Pair]) -> Iterator[str]:
    for p in pairs:
        found = error_like(p)
        if p.kind in CHANGING and not any(explains(p, f) and f["kind"] in EXPECTED[p.kind] for f in found):
            got = [(f["kind"], f["document"], f["text"][:40]) for f in found if explains(p, f)]
            yield f"MISS {p.kind} {p.lang} {p.article}: {p.note} got={got}"
        for f in found:
            if not explains(p, f):
                yield f"FALSE {p.kind} {p.lang} {p.article}: {f['kind']} in {f['document']} {f['text'][:60]!r} ({f['detail'][:80]})"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    ap.add_argument("--seed", type=int, help="one seed (instead of --seeds)")
    ap.add_argument("--per-lang", type=int, default=8, help="pairs per edit kind and language")
    ap.add_argument("--held-out", action="store_true", help="sample only the held-out articles")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--kinds", nargs="+", default=list(CHANGING + PRESERVING))
    ap.add_argument("--langs", nargs="+", default=list(LANGS))
    ap.add_argument("--show", action="store_true", help="print every miss and every false finding")
    ap.add_argument("--src", default=str(ROOT / "src"), help="the storytrace source tree to measure (a baseline checkout)")
    args = ap.parse_args(argv)
    seeds = [args.seed] if args.seed is not None else args.seeds
    articles = {k: v for k, v in load_articles().items() if k in args.langs}
    if not articles:
        print("no articles found under", DATA)
        return 1
    print("articles: " + ", ".join(f"{k}={len(v)}" for k, v in sorted(articles.items()))
          + f"; part: {'held-out' if args.held_out else 'development'}; code: {_SRC}")
    scores = []
    t0 = time.perf_counter()
    for seed in seeds:
        pairs = run_all(make_pairs(articles, seed, args.per_lang, args.held_out, tuple(args.kinds)), args.workers)
        crashed = [p for p in pairs if p.error]
        if crashed:
            print(f"  {len(crashed)} pair(s) failed in the pipeline (left out of the figures): "
                  + "; ".join(sorted({f'{p.lang}: {p.error[:80]}' for p in crashed})))
        pairs = [p for p in pairs if not p.error]
        s = score(pairs)
        scores.append(s)
        _print_scores(f"seed {seed} ({len(pairs)} pairs)", s)
        if args.show:
            for line in misses(pairs):
                print("   ", line)
    if len(scores) > 1:
        _print_scores(f"mean of {len(scores)} seeds", _mean(scores))
    print(f"time {time.perf_counter() - t0:.1f}s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
