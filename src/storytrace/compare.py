"""Compare the facts of a story's versions: one table of facts, and findings.

:func:`compare_story` takes the facts :func:`storytrace.facts.extract_facts`
finds in each version and aligns them by *slot* (what is counted, about
whom, when), across versions and languages:

* quantities by value, then by counted noun: two values of one slot that no
  version states together are a drift ("600 soldiers" vs "700 soldiers");
  a value that is the sum of parts stated together ("5,000 builders and 1,000
  deminers") is a total, consistent or not (``inconsistent_total``);
* weekdays and day dates by the anchors of their sentence (entity keys,
  places, words for government bodies, all language-neutral), so "the
  Foreign Ministry said Wednesday" and "On Thursday, the Foreign Ministry
  voiced" are one slot, and their resolved dates must agree;
* dates by value; entities and attributions by key; quotes from the quote
  matches; citations by URL.

Findings: ``drift`` and ``conflict`` (versions disagree; drift when one
derives from the other per lineage), ``altered_quote`` (on the version that
changed the words, when lineage or a third version tells which one did),
``unsupported_claim`` (a fact in a derived version that none of its lineage
sources states, or a sentence whose uncommon words no same-language source
uses and that no source sentence paraphrases; with a ``latent:N`` source the
other versions sharing it count as sources, and a version whose latent source
it shares with no one is checked against the whole story), ``framing`` (contested descriptors, e.g. "humanitarian" where
the other versions say "military", for the same counted people),
``inconsistent_total``, ``weekday_mismatch``, ``future_event`` (a past
event dated after publication) and the citation audit:
``malformed_citation``, ``anachronistic_citation`` (the cited page is much
older than the story), ``offtopic_citation`` (its address's topic words are
foreign to the story).

Dates: a version without a date of its own (no publication date, no dated
dateline) reads its weekdays and year-less dates ("in late January", "on
March 4") against the story's reference date, the earliest publication or
dateline date among its versions (versions of one story appear within days of
each other); see :func:`_reference_dates`.  Dates are compared on the
components both mentions state, so "January" agrees with "January 2025".  A
date inside a dateline or credit line ("Lisbon, March 12 (WNS)") is
publication metadata, not a fact: it dates its version and is neither
compared nor checked for support.  What a garble finding already reports (an
entity overlapping a :func:`storytrace.garble.find_garbles` span, or a near
spelling of a name the sources state) is not also an unsupported claim; a
total is supported by parts a source states in one sentence; a question
asserts nothing, so it is never an unsupported sentence.  A reference the
cleaner repaired (``Document.meta["repaired_citations"]``) is a
``malformed_citation`` on the text as written.

:func:`unsupported_facts` is the same support check for one source and one
derived text (used by the FRANK benchmark), with two more checks that need no
entity model: words of the derived text that look like names and never occur
in the source, and negations the source does not share.
"""

from __future__ import annotations

import datetime as dt
import itertools
import threading
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Iterable, Mapping, Sequence

import regex

from .facts import ExtractedFact, extract_facts
from .facts.dates import dateline_span, find_dates, parse_reference_date, sentence_is_future
from .facts.entities import demonym_place, sentence_anchors
from .facts.lexicon import ALL_STOPWORDS, FRAMING_OPPOSITES, LOADED_LABELS, NP_CONNECTORS, TOTAL_CUES, fold
from .garble import find_garbles
from .names import canonical_place
from .records import Document, Fact, Finding, LineageEdge, Mention, QuoteMatch, Sentence, content_id
from .sentences import split_sentences
from .settings import Settings
from .unionfind import UnionFind

__all__ = ["compare_story", "unsupported_facts"]

_DERIVED_KINDS = frozenset({"copy", "edit", "paraphrase", "translation", "summary", "rewrite"})
_AND = regex.compile(r"^[\s,;:]*(?:and|e|y|et|und|plus|as well as|along with|mais|sowie|,)[\s,]*(?:of\s+|de\s+)?$", regex.IGNORECASE)


@dataclass
class _Slot:
    kind: str
    mentions: list[ExtractedFact]
    key: str = ""
    total_of: tuple[float, ...] = ()


def _fact_id(kind: str, key: str, mentions: Iterable[Mention]) -> str:
    blob = kind + "|" + key + "|" + "|".join(f"{m.document}:{m.start}:{m.end}" for m in mentions)
    return content_id(blob, prefix="f")


def _mention(f: ExtractedFact, value=None) -> Mention:
    return Mention(f.document, f.text, f.start, f.end, f.value if value is None else value)


def _fmt(value) -> str:
    if isinstance(value, float):
        return f"{value:,.0f}" if value == int(value) else f"{value:,}"
    return str(value)


def _status(values_by_doc: dict[str, set], lineage_pairs: set[frozenset[str]]) -> str:
    docs = list(values_by_doc)
    if len(docs) <= 1:
        return "single"
    all_values = set().union(*values_by_doc.values())
    if len(all_values) <= 1:
        return "agreed"
    for a, b in itertools.combinations(docs, 2):
        if values_by_doc[a] != values_by_doc[b] and frozenset((a, b)) in lineage_pairs:
            return "drift"
    return "conflict"


# ---------------------------------------------------------------- lineage


def _support_sets(documents: Sequence[Document], lineage: Sequence[LineageEdge]) -> dict[str, set[str]]:
    """For each derived version, the versions that count as its sources."""
    ids = [d.id for d in documents]
    by_source: dict[str, set[str]] = defaultdict(set)
    for e in lineage:
        by_source[e.source].add(e.target)
    out: dict[str, set[str]] = {}
    for e in lineage:
        if e.kind not in _DERIVED_KINDS or e.target not in ids:
            continue
        if e.source.startswith("latent:"):
            support = {t for t in by_source[e.source] if t != e.target and t in ids}
            if not support:
                support = {i for i in ids if i != e.target}
        elif e.source in ids:
            support = {e.source}
        else:
            continue
        if support:
            out.setdefault(e.target, set()).update(support)
    return out


def _lineage_pairs(lineage: Sequence[LineageEdge]) -> set[frozenset[str]]:
    pairs: set[frozenset[str]] = set()
    by_source: dict[str, set[str]] = defaultdict(set)
    for e in lineage:
        if e.kind == "independent":
            continue
        by_source[e.source].add(e.target)
        pairs.add(frozenset((e.source, e.target)))
    for targets in by_source.values():
        for a, b in itertools.combinations(sorted(targets), 2):
            pairs.add(frozenset((a, b)))
    return pairs


# ---------------------------------------------------------------- quantities


def _sentence_of(sentences, pos: int):
    for s in sentences:
        if s.start <= pos < s.end:
            return s
    return None


def _parts_groups(doc_facts: list[ExtractedFact], text: str) -> list[list[ExtractedFact]]:
    """Runs of counted quantities joined by "and" / "," (the parts of a possible total)."""
    qs = [f for f in doc_facts if f.kind == "quantity" and f.attrs.get("unit_kind") == "count" and f.attrs.get("head")]
    groups, current = [], []
    for f in qs:
        if current and _AND.match(text[current[-1].end:f.start]) and len(text[current[-1].end:f.start]) < 40:
            current.append(f)
        else:
            if len(current) >= 2:
                groups.append(current)
            current = [f]
    if len(current) >= 2:
        groups.append(current)
    return groups


def _admits(approx: str | None, stated: float, exact: float) -> bool:
    """Whether a figure stated with an approximation word admits an exact figure."""
    if stated == exact:
        return True
    if approx is None:
        return False
    if approx == "about":
        return abs(exact - stated) <= 0.1 * stated
    if approx == "more than" or approx == "at least":
        return stated <= exact <= 2 * stated
    if approx in ("less than", "up to"):
        return 0.5 * stated <= exact <= stated
    if approx == "nearly":
        return 0.85 * stated <= exact <= stated
    return False


def _anchor_similarity(a: list[ExtractedFact], b: list[ExtractedFact], anchors_of) -> float:
    """Best Jaccard similarity of the sentence anchors of two groups of mentions."""
    best = 0.0
    for x in a:
        ax = anchors_of(x)
        if len(ax) < 2:
            continue
        for y in b:
            ay = anchors_of(y)
            if len(ay) < 2 or x.document == y.document:
                continue
            best = max(best, len(ax & ay) / len(ax | ay))
    return best


# Two values no version states together are one slot (drift) when their
# sentences share this much of their anchors (entities, places, bodies).
_SLOT_MIN_ANCHORS = 0.6


def _quantity_slots(extracted: dict[str, list[ExtractedFact]], docs: dict[str, Document], anchors_of=None):
    findings: list[Finding] = []
    by_value: dict[tuple[str, float], list[ExtractedFact]] = defaultdict(list)
    for fs in extracted.values():
        for f in fs:
            if f.kind == "quantity" and f.attrs.get("unit_kind") in ("count", "percent", "money"):
                by_value[(f.attrs["unit_kind"], f.value)].append(f)
    # Totals: a value equal to the sum of parts stated together.
    sums: dict[float, list[tuple[str, list[ExtractedFact]]]] = defaultdict(list)
    for doc_id, fs in extracted.items():
        text = docs[doc_id].text
        for group in _parts_groups(fs, text):
            total = sum(f.value for f in group)
            sums[total].append((doc_id, group))
            # A stated total right before the parts, announced by a cue word.
            idx = fs.index(group[0])
            prev = next((f for f in reversed(fs[:idx]) if f.kind == "quantity"), None)
            if prev is not None and prev.attrs.get("unit_kind") == "count":
                between = fold(text[prev.end:group[0].start])
                if len(between) < 60 and any(cue in between for cue in TOTAL_CUES) and prev.value != total and prev.value > max(f.value for f in group):
                    findings.append(
                        Finding(
                            "inconsistent_total", doc_id, prev.start, group[-1].end, text[prev.start:group[-1].end],
                            f"states a total of {_fmt(prev.value)} but its parts "
                            + " + ".join(_fmt(f.value) for f in group) + f" add up to {_fmt(total)}",
                        )
                    )
            # The same version states a larger figure for the same people elsewhere.
            heads = {f.attrs["head_stem"] for f in group}
            for other in fs:
                if (
                    other.kind == "quantity" and other not in group and other.attrs.get("unit_kind") == "count"
                    and other.attrs.get("head_stem") in heads and other.value > max(f.value for f in group)
                    and other.value != total and other.value < 3 * total
                    and any(cue in fold(text[other.start - 40:other.end + 40]) for cue in ("total", "in all", "ao todo", "en total", "au total", "insgesamt"))
                ):
                    findings.append(
                        Finding(
                            "inconsistent_total", doc_id, other.start, other.end, other.text,
                            f"gives {_fmt(other.value)} where its parts " + " + ".join(_fmt(f.value) for f in group)
                            + f" add up to {_fmt(total)}",
                        )
                    )
    slots: list[_Slot] = []
    for (unit_kind, value), ms in sorted(by_value.items(), key=lambda kv: (kv[0][0], kv[0][1])):
        slot = _Slot("quantity", ms)
        if unit_kind == "count" and value in sums:
            part_values = {f.value for _, g in sums[value] for f in g}
            if value not in part_values:
                slot.total_of = tuple(sorted(f.value for f in sums[value][0][1]))
        slots.append(slot)
    # Merge slots of one counted noun whose values no version states together: drift.
    merged = True
    while merged:
        merged = False
        for a, b in itertools.combinations(slots, 2):
            if a.total_of or b.total_of:
                continue
            if a.mentions[0].attrs.get("unit_kind") != b.mentions[0].attrs.get("unit_kind"):
                continue
            docs_a = {m.document for m in a.mentions}
            docs_b = {m.document for m in b.mentions}
            if docs_a & docs_b:
                continue
            heads_a = {(m.attrs.get("lang"), m.attrs.get("head_stem")) for m in a.mentions if m.attrs.get("head")}
            heads_b = {(m.attrs.get("lang"), m.attrs.get("head_stem")) for m in b.mentions if m.attrs.get("head")}
            if not heads_a & heads_b and not (
                anchors_of is not None and _anchor_similarity(a.mentions, b.mentions, anchors_of) >= _SLOT_MIN_ANCHORS
            ):
                continue
            va = Counter(m.value for m in a.mentions).most_common(1)[0][0]
            vb = Counter(m.value for m in b.mentions).most_common(1)[0][0]
            if max(va, vb) > 3 * min(va, vb):
                continue
            a.mentions.extend(b.mentions)
            slots.remove(b)
            merged = True
            break
    for slot in slots:
        heads: list[str] = []
        for m in sorted(slot.mentions, key=lambda m: (m.attrs.get("lang") != "en", m.document, m.start)):
            h = m.attrs.get("head") or m.attrs.get("unit_kind")
            if h and fold(h) not in [fold(x) for x in heads]:
                heads.append(h)
        slot.key = "quantity:" + "/".join(heads[:6])
        if slot.total_of:
            slot.key += " (total = " + " + ".join(_fmt(v) for v in slot.total_of) + ")"
    return slots, findings


def _date_parts(f: ExtractedFact) -> tuple[int | None, int, int | None] | None:
    """(year, month, day) of a day or month date; the year only when the text states it.

    A year that was not written ("in late January", "on March 4") was inferred
    from a reference date, so it is not a component the text knows.
    """
    if f.kind != "date" or f.attrs.get("granularity") not in ("day", "month"):
        return None
    m = regex.fullmatch(r"(\d{4}|-)-(\d\d)(?:-(\d\d))?", str(f.value))
    if m is None:
        return None
    year = int(m.group(1)) if m.group(1) != "-" and f.attrs.get("year_given", True) else None
    return year, int(m.group(2)), int(m.group(3)) if m.group(3) else None


def _dates_agree(f: ExtractedFact, g: ExtractedFact) -> bool:
    """Whether two dates agree on the components both state ("--01" agrees with "2025-01").

    >>> jan = ExtractedFact("date", "date:--01", "--01", 0, 7, "January", "a", {"granularity": "month", "year_given": False})
    >>> jan25 = ExtractedFact("date", "date:2025-01", "2025-01", 0, 12, "January 2025", "b", {"granularity": "month", "year_given": True})
    >>> _dates_agree(jan, jan25)
    True
    """
    if str(f.value) == str(g.value):
        return True
    pf, pg = _date_parts(f), _date_parts(g)
    if pf is None or pg is None:
        return False
    return pf[1:] == pg[1:] and (pf[0] is None or pg[0] is None or pf[0] == pg[0])


def _date_same(ms: list[ExtractedFact]) -> list[str]:
    """Per mention, the value it agrees with that most mentions state (what decides agreement)."""
    counts = Counter(str(m.value) for m in ms)
    reps: dict[str, ExtractedFact] = {}
    for m in ms:
        # a representative with a stated year, when one exists
        if str(m.value) not in reps or (_date_parts(m) or (None,))[0] is not None:
            reps[str(m.value)] = m
    order = sorted(reps, key=lambda v: (-counts[v], (_date_parts(reps[v]) or (0,))[0] is None, v))
    return [next((v for v in order if _dates_agree(m, reps[v])), str(m.value)) for m in ms]


def _merge_partial_dates(groups: dict[str, list[ExtractedFact]]) -> dict[str, list[ExtractedFact]]:
    """Join a group of dates without a year ("--01") to the one dated group it agrees with ("2025-01")."""
    for key in sorted(groups):
        if not key.startswith("date:--") or key not in groups:
            continue
        partial = groups[key][0]
        matches = [k for k in groups if k != key and not k.startswith("date:--") and _dates_agree(partial, groups[k][0])]
        if len(matches) == 1:
            groups[matches[0]] = groups[matches[0]] + groups.pop(key)
    return groups


def _reference_dates(documents: Sequence[Document]) -> dict[str, dt.date | None]:
    """Each version's reference date for relative dates: its own, else the story's.

    A version's own date is its publication date or a dated dateline.  The
    story's reference date is the earliest own date among its versions
    (versions of one story appear within days of each other).  A version
    with no date of its own whose dateline names a day without a year
    ("Lisbon, March 12 (WNS)") is read against that day, in the year that
    puts it nearest the story's date; any other undated version is read
    against the story's date.  Without any dated version, nothing is
    resolved (and dates are compared on the components they state).
    """
    own = {d.id: parse_reference_date(d.published, d.dateline, d.text, d.language) for d in documents}
    known = [r for r in own.values() if r is not None]
    if not known:
        return own
    story = min(known)
    out: dict[str, dt.date | None] = {}
    for d in documents:
        ref = own[d.id]
        head = dateline_span(d.text, d.dateline) if ref is None else None
        if head is not None:
            for f in find_dates(d.text[head[0]:head[1]], d.language, None):
                m = regex.fullmatch(r"--(\d\d)-(\d\d)", str(f.value)) if f.kind == "date" else None
                if m is None:
                    continue
                days = []
                for year in (story.year - 1, story.year, story.year + 1):
                    try:
                        days.append(dt.date(year, int(m.group(1)), int(m.group(2))))
                    except ValueError:
                        pass
                if days:
                    ref = min(days, key=lambda day: abs((day - story).days))
                    break
        out[d.id] = ref or story
    return out


def _merge_dates(groups: dict[str, list[ExtractedFact]], anchors_of) -> dict[str, list[ExtractedFact]]:
    """Join day or month dates of one event that versions state differently (drift)."""
    keys = sorted(groups)
    merged = True
    while merged:
        merged = False
        for ka, kb in itertools.combinations(keys, 2):
            a, b = groups[ka], groups[kb]
            gran_a = {m.attrs.get("granularity") for m in a}
            gran_b = {m.attrs.get("granularity") for m in b}
            if not (gran_a == gran_b and gran_a <= {"day"} or gran_a == gran_b == {"month"}):
                continue
            if {m.document for m in a} & {m.document for m in b}:
                continue
            if _anchor_similarity(a, b, anchors_of) >= _SLOT_MIN_ANCHORS:
                major, minor = (ka, kb) if len(a) >= len(b) else (kb, ka)
                groups[major] = groups[major] + groups.pop(minor)
                keys.remove(minor)
                merged = True
                break
    return groups


# ---------------------------------------------------------------- when (weekdays and dates)


def _when_slots(extracted, docs, sentences_by_doc):
    """Weekday mentions aligned across versions by the anchors of their sentence."""
    items = []
    for doc_id, fs in extracted.items():
        lang = docs[doc_id].language
        for f in fs:
            if f.kind != "weekday":
                continue
            s = _sentence_of(sentences_by_doc[doc_id], f.start)
            text = s.text if s else docs[doc_id].text[max(0, f.start - 150):f.end + 150]
            speaker = None
            if s is not None:
                said = [a for a in fs if a.kind == "attribution" and s.start <= a.start < s.end and a.attrs.get("type") in ("org", "person")]
                if said:
                    speaker = min(said, key=lambda a: abs(a.start - f.start)).value
            items.append((doc_id, f, sentence_anchors(text, lang), speaker, lang))
    sets: UnionFind[int] = UnionFind()
    doc_ids = sorted({item[0] for item in items})
    for da, db in itertools.combinations(doc_ids, 2):
        pairs = []
        for i, (d1, _f1, a1, *_) in enumerate(items):
            if d1 != da:
                continue
            for j, (d2, _f2, a2, *_) in enumerate(items):
                if d2 != db or not a1 or not a2:
                    continue
                sim = len(a1 & a2) / len(a1 | a2)
                if sim >= 0.45:
                    pairs.append((sim, i, j))
        used_i, used_j = set(), set()
        for _sim, i, j in sorted(pairs, reverse=True):
            if i in used_i or j in used_j:
                continue
            used_i.add(i)
            used_j.add(j)
            sets.union(i, j)
    clusters: dict[int, list[int]] = defaultdict(list)
    for i in range(len(items)):
        clusters[sets.find(i)].append(i)
    slots = []
    for members in clusters.values():
        ms = [items[i][1] for i in members]
        anchors = Counter(a for i in members for a in items[i][2])
        label = ", ".join(a for a, _ in sorted(anchors.items(), key=lambda kv: (-kv[1], kv[0]))[:4])
        speakers = sorted((items[i][0], str(items[i][3])) for i in members if items[i][3] and items[i][4] == "en")
        if speakers:
            label = f"{speakers[0][1]} ({label})"
        slots.append(_Slot("weekday", ms, key=f"weekday:{label}"))
    return slots


# ---------------------------------------------------------------- support


def _story_vocabulary(texts: Iterable[str]) -> set[str]:
    vocab: set[str] = set()
    for t in texts:
        for w in regex.findall(r"\p{L}[\p{L}\p{M}'’-]*", fold(t)):
            vocab.add(w)
            vocab.update(w.split("-"))
    return vocab


def _supported(
    f: ExtractedFact, support: list[ExtractedFact], support_anchor_words: set[str], vocab: set[str] = frozenset(), lang: str | None = None
) -> bool:
    if f.kind == "quantity":
        for g in support:
            if g.kind == "quantity" and (g.value == f.value or (f.attrs.get("approx") or g.attrs.get("approx")) and abs(g.value - f.value) <= 0.1 * max(f.value, 1)):
                return True
        return False
    if f.kind == "date":
        fv = str(f.value)
        for g in support:
            if g.kind not in ("date", "weekday"):
                continue
            gv = str(g.value)
            if gv == fv or fv in gv.split("/") or (g.kind == "date" and _dates_agree(f, g)):
                return True
            if f.attrs.get("granularity") == "year" and gv.startswith(fv):
                return True
            if f.attrs.get("granularity") in ("month", "season", "range"):
                continue
            if f.attrs.get("granularity") == "day" and gv.startswith(fv[:7]) and g.attrs.get("granularity") == "month":
                continue
        return False
    if f.kind == "entity":
        keys = {g.key for g in support if g.kind in ("entity", "attribution")}
        if f.key in keys or ("attribution:" + f.key.split(":", 1)[1]) in keys:
            return True
        return not _missing_name_words(f.text, support_anchor_words, vocab, lang)
    return True


def _missing_name_words(text: str, anchor_words: set[str], vocab: set[str], lang: str | None) -> list[str]:
    """Words of a name that the support neither states nor translates (common words excepted)."""
    from wordfreq import zipf_frequency

    missing = []
    for tok in regex.findall(r"\p{L}[\p{L}\p{M}]*", text):
        ft = fold(tok)
        if len(ft) < 2 or ft in ALL_STOPWORDS or ft in NP_CONNECTORS or ft in vocab:
            continue
        place = canonical_place(tok) or demonym_place(tok)
        if place and place.lower() in anchor_words:
            continue
        if place is None and zipf_frequency(tok.lower(), lang or "en") >= 3.5:
            continue
        missing.append(tok)
    return missing


# A garbled spelling of a supported name ("Celestino Mabunda Mabun" for
# "Celestino Mabunda") is at least this similar to it (rapidfuzz ratio, 0-100).
_GARBLE_MIN_RATIO = 90


def _garbled_name(f: ExtractedFact, garbles: list[tuple[int, int]], support_keys: set[str]) -> bool:
    """Whether an entity mention is a garble of the text, not a new name.

    True when the mention overlaps a garble span (:func:`storytrace.garble.find_garbles`:
    "LisboaMinistro", "Kim Jong Un Jong U"), or when its name key is a near
    match of a name the sources state: that name plus a fragment of itself
    ("celestinomabunda" + "mabun"), a truncation of it, or a spelling at
    least :data:`_GARBLE_MIN_RATIO` similar.
    """
    from rapidfuzz import fuzz

    if any(a < f.end and f.start < b for a, b in garbles):
        return True
    key = f.key.split(":", 1)[1]
    if len(key) < 5:
        return False
    for known in support_keys:
        if len(known) < 5 or known == key:
            continue
        if key.startswith(known) and key[len(known):] in known:
            return True
        if known.startswith(key) and len(key) >= 0.6 * len(known):
            return True
        if min(len(key), len(known)) >= 6 and fuzz.ratio(key, known) >= _GARBLE_MIN_RATIO:
            return True
    return False


def _sentence_totals(doc_facts: list[ExtractedFact], sentences) -> list[ExtractedFact]:
    """Sums of the counts one sentence states together: a derived version's total is supported by its parts.

    "1,000 sappers to clear mines and 5,000 military construction workers"
    supports "6,000 workers".  Only sentences with two to four counts.
    """
    by_sentence: dict[int, list[ExtractedFact]] = defaultdict(list)
    for f in doc_facts:
        if f.kind == "quantity" and f.attrs.get("unit_kind") == "count":
            s = _sentence_of(sentences, f.start)
            by_sentence[s.index if s else -1].append(f)
    out = []
    for fs in by_sentence.values():
        if not 2 <= len(fs) <= 4:
            continue
        for size in range(2, len(fs) + 1):
            for combo in itertools.combinations(fs, size):
                total = sum(f.value for f in combo)
                out.append(ExtractedFact("quantity", "quantity:total", total, combo[0].start, combo[-1].end, "",
                                         combo[0].document, {"unit_kind": "count", "total_of": tuple(f.value for f in combo)}))
    return out


def _claim_kinds(f: ExtractedFact) -> bool:
    """Facts worth an unsupported-claim finding: not every capitalised word."""
    if f.kind in ("quantity", "date"):
        return True
    if f.kind == "entity":
        from wordfreq import zipf_frequency

        if f.attrs.get("type") not in ("person", "org"):
            return False
        words = [w for w in regex.findall(r"\p{L}+", f.text)]
        if not words:
            return False
        return not all(zipf_frequency(w.lower(), "en") >= 4.0 for w in words)
    return False


# ---------------------------------------------------------------- citations


def _citation_findings(documents, extracted, settings) -> list[Finding]:
    findings: list[Finding] = []
    story_text = []
    for d in documents:
        text = d.text
        for f in sorted((f for f in extracted[d.id] if f.kind == "citation"), key=lambda f: -f.start):
            text = text[:f.start] + " " + text[f.end:]
        story_text.append(text)
    vocab = _story_vocabulary(story_text)
    places: set[str] = set()
    names: set[str] = set()
    for fs in extracted.values():
        for f in fs:
            if f.kind == "entity":
                if f.attrs.get("type") == "place":
                    places.add(str(f.value).lower())
                else:
                    names.update(fold(w) for w in regex.findall(r"\p{L}{3,}", f.text))
    max_age = settings.facts.citation_max_age_days
    from rapidfuzz import fuzz

    from .facts.citations import ID_DATE_MARGIN_DAYS

    dated = [r for r in (parse_reference_date(d.published, d.dateline, d.text, d.language) for d in documents) if r]
    story_ref = max(dated) if dated else None
    for d in documents:
        # A version without a date of its own is read against the story's latest date.
        ref = parse_reference_date(d.published, d.dateline, d.text, d.language) or story_ref
        # The story's own text, without its reference list, decides what is on topic.
        for f in extracted[d.id]:
            if f.kind != "citation":
                continue
            a = f.attrs
            if a.get("malformed"):
                findings.append(Finding("malformed_citation", d.id, f.start, f.end, f.text, f"the cited URL {a['malformed']}"))
            if ref is not None and a.get("date") and max_age > 0:
                cited = a["date"] if len(a["date"]) == 10 else a["date"] + "-28"
                cited_date = dt.date.fromisoformat(cited)
                margin = ID_DATE_MARGIN_DAYS if a.get("date_how") == "id_estimate" else 0
                if (ref - cited_date).days - margin > max_age:
                    how = "estimated from its article number" if a.get("date_how") == "id_estimate" else "from its address"
                    findings.append(
                        Finding(
                            "anachronistic_citation", d.id, f.start, f.end, f.text,
                            f"cited page dated {a['date']} ({how}), more than {max_age} days before the story ({ref.isoformat()})",
                        )
                    )
            slug = [w for w in a.get("slug", ()) if len(w) >= 3 and w not in ALL_STOPWORDS]
            if len(slug) >= 4:
                supported = 0
                strong = 0
                i = 0
                while i < len(slug):
                    w = slug[i]
                    pair = " ".join(slug[i:i + 2])
                    place = None
                    for cand in (" ".join(slug[i:i + 3]), pair, w):
                        place = canonical_place(cand) or demonym_place(cand)
                        if place:
                            step = len(cand.split())
                            break
                    if place and place.lower() in places:
                        supported += step
                        strong += 1
                        i += step
                        continue
                    if w in vocab or any(v.startswith(w[:5]) for v in vocab if len(w) >= 6 and len(v) >= 6 and v[:5] == w[:5]):
                        supported += 1
                        if w in names:
                            strong += 1
                    elif any(fuzz.ratio(w, n) >= 85 for n in names | {p for p in places}):
                        supported += 1
                        strong += 1
                    i += 1
                share = supported / len(slug)
                if share < 0.34 and strong < 2:
                    findings.append(
                        Finding(
                            "offtopic_citation", d.id, f.start, f.end, f.text,
                            f"only {supported} of {len(slug)} topic words of the cited address occur in the story ({', '.join(slug[:8])})",
                        )
                    )
        findings.extend(_repaired_citation_findings(d, findings))
    return findings


def _repaired_citation_findings(d: Document, findings: list[Finding]) -> list[Finding]:
    """Cited URLs the cleaner had to repair (``meta["repaired_citations"]``) not yet reported.

    The clean text keeps the reference list as written, so the broken text
    is found there and the finding points at it.
    """
    repaired = (d.meta or {}).get("repaired_citations") or {}
    flagged = [(f.start, f.end) for f in findings if f.kind == "malformed_citation" and f.document == d.id]
    out = []
    for url, original in sorted(repaired.items(), key=lambda kv: kv[1]):
        pos = d.text.find(original)
        if pos < 0 or any(a < pos + len(original) and pos < b for a, b in flagged):
            continue
        out.append(Finding("malformed_citation", d.id, pos, pos + len(original), original,
                           f"the cited URL is broken by a space; read as {url}"))
    return out


# ---------------------------------------------------------------- main


def compare_story(
    documents: Sequence[Document],
    lineage: Sequence[LineageEdge],
    quote_matches: Sequence[QuoteMatch],
    settings: Settings | None = None,
) -> tuple[tuple[Fact, ...], tuple[Finding, ...]]:
    """Align the facts of a story's versions and report what differs.

    Args:
        documents: the versions of one story (clean documents).
        lineage: edges from :func:`storytrace.lineage.infer_lineage`;
            sources may be ``latent:N``.
        quote_matches: from :func:`storytrace.facts.quotes.match_quotes`.
        settings: run settings (``facts.*``).

    Returns:
        ``(facts, findings)``: one :class:`Fact` per slot with a mention per
        version that states it and a status (agreed, drift, conflict,
        single), and the :class:`Finding` list (kinds listed in the module
        docstring).

    Example:
        >>> from storytrace.records import Document
        >>> a = Document("a", "a", "Officials said 40 people were rescued on Monday.", language="en", published="2025-06-18")
        >>> b = Document("b", "b", "Officials said 45 people were rescued on Monday.", language="en", published="2025-06-18")
        >>> facts, findings = compare_story([a, b], [LineageEdge("a", "b", "edit", 0.9)], [])
        >>> [(f.kind, f.status) for f in facts if f.kind == "quantity"]
        [('quantity', 'drift')]
    """
    settings = settings or Settings()
    documents = list(documents)
    docs = {d.id: d for d in documents}
    references = _reference_dates(documents)
    extracted = {d.id: extract_facts(d, settings, references[d.id]) for d in documents}
    sentences_by_doc = {d.id: split_sentences(d.text, d.language) for d in documents}
    pairs = _lineage_pairs(lineage)
    derived_from = {(e.source, e.target) for e in lineage if e.kind != "independent"}
    facts: list[Fact] = []
    findings: list[Finding] = []

    def shown(m: Mention) -> str:
        """A mention's value as a finding shows it: a weekday by its name and resolved date."""
        if regex.fullmatch(r"\d{4}-\d\d-\d\d", str(m.value)) and any(f.kind == "weekday" and f.start == m.start for f in extracted[m.document]):
            return f"{m.text} ({m.value})"
        return _fmt(m.value)

    def emit(kind: str, key: str, ms: list[ExtractedFact], values: list, same: list | None = None) -> Fact:
        """One fact; ``same`` (parallel to ``ms``) is what decides agreement when it differs from the value."""
        order = sorted(range(len(ms)), key=lambda i: (ms[i].document, ms[i].start, ms[i].end))
        mentions = tuple(_mention(ms[i], values[i]) for i in order)
        same_of = {id(mentions[k]): (same[i] if same is not None else values[i]) for k, i in enumerate(order)}
        by_doc: dict[str, set] = defaultdict(set)
        for m in mentions:
            by_doc[m.document].add(same_of[id(m)])
        status = _status(by_doc, pairs)
        counts_by_value = Counter(same_of[id(m)] for m in mentions)
        agreed_value = min(counts_by_value, key=lambda v: (-counts_by_value[v], str(v)))
        model = next(m for m in mentions if same_of[id(m)] == agreed_value)
        value = model.value
        fact = Fact(_fact_id(kind, key, mentions), kind, key, value, status, mentions)
        facts.append(fact)
        if status in ("drift", "conflict"):
            for m in mentions:
                if same_of[id(m)] != agreed_value:
                    agree = sorted(d for d, vals in by_doc.items() if agreed_value in vals)
                    findings.append(
                        Finding(
                            status, m.document, m.start, m.end, m.text,
                            f"{kind} {key.split(':', 1)[-1]}: states {shown(m)} where {len(agree)} version(s) state {shown(model)}",
                            tuple(agree),
                        )
                    )
        return fact

    # Quantities (with totals and drift).
    anchor_cache: dict[tuple[str, int], frozenset[str]] = {}

    def anchors_of(f: ExtractedFact) -> frozenset[str]:
        """Anchors of the sentence a fact sits in (cached per sentence)."""
        sent = _sentence_of(sentences_by_doc[f.document], f.start)
        key = (f.document, sent.index if sent else -1)
        if key not in anchor_cache:
            text = sent.text if sent else docs[f.document].text[max(0, f.start - 150):f.end + 150]
            anchor_cache[key] = sentence_anchors(text, docs[f.document].language)
        return anchor_cache[key]

    q_slots, q_findings = _quantity_slots(extracted, docs, anchors_of)
    findings.extend(q_findings)
    for slot in q_slots:
        # "more than 200" agrees with 214: an approximate figure that admits the
        # exact figure most versions state is not a disagreement.
        exact = Counter(m.value for m in slot.mentions if not m.attrs.get("approx"))
        exact = exact or Counter(m.value for m in slot.mentions)
        majority = min(exact, key=lambda v: (-exact[v], v))
        same = [majority if _admits(m.attrs.get("approx"), m.value, majority) else m.value for m in slot.mentions]
        emit("quantity", slot.key, slot.mentions, [m.value for m in slot.mentions], same)
    findings.extend(_framing_findings(q_slots))
    # Weekdays, by the statement they date.  Two versions agree when they name the
    # same weekday (a copy published a day later keeps the words) or resolve to
    # the same date (a rewrite that adjusts the weekday to its own date).
    for slot in _when_slots(extracted, docs, sentences_by_doc):
        names = Counter(m.attrs["weekday"] for m in slot.mentions)
        majority = min(names, key=lambda n: (-names[n], n))
        major_dates = {m.value for m in slot.mentions if m.attrs["weekday"] == majority}
        same = [majority if (m.attrs["weekday"] == majority or m.value in major_dates) else m.attrs["weekday"]
                for m in slot.mentions]
        emit("weekday", slot.key, slot.mentions, [m.value for m in slot.mentions], same)
    # Dates, entities, attributions, citations: by key.
    for kind in ("date", "entity", "attribution", "citation"):
        groups: dict[str, list[ExtractedFact]] = defaultdict(list)
        for fs in extracted.values():
            for f in fs:
                # A dateline's date is publication metadata, not a fact of the story.
                if f.kind == kind and not f.attrs.get("dateline"):
                    groups[f.key].append(f)
        if kind == "date":
            groups = _merge_dates(_merge_partial_dates(groups), anchors_of)
        for key, ms in groups.items():
            # Entities and attributions agree by key; their spellings are in the mentions' text.
            values = [m.value for m in ms] if kind in ("date", "citation") else [key.split(":", 1)[1]] * len(ms)
            emit(kind, key, ms, values, _date_same(ms) if kind == "date" else None)
    # Quotes.
    facts.extend(_quote_facts(quote_matches, pairs, {d.id: d.language for d in documents}))
    findings.extend(_altered_quote_findings(quote_matches, derived_from))
    # Consistency inside each version.
    for d in documents:
        findings.extend(_weekday_mismatches(d, extracted[d.id]))
        findings.extend(_future_events(d, extracted[d.id], sentences_by_doc[d.id]))
    # Claims no source supports.
    for target, support_ids in _support_sets(documents, lineage).items():
        support = [g for s in support_ids for g in extracted.get(s, ())]
        support += [t for s in support_ids for t in _sentence_totals(extracted.get(s, []), sentences_by_doc[s])]
        anchor_words = {p for g in support if g.kind == "entity" for p in g.attrs.get("parts", ())}
        anchor_words |= {p for s in support_ids for p in sentence_anchors(docs[s].text[:20000], docs[s].language)}
        anchor_words |= {str(g.value).lower() for g in support if g.kind == "entity" and g.attrs.get("type") == "place"}
        vocab = _story_vocabulary(docs[s].text for s in support_ids)
        garbles = [(g.start, g.end) for g in find_garbles(docs[target]) if g.start is not None]
        support_keys = {g.key.split(":", 1)[1] for g in support if g.kind in ("entity", "attribution")}
        for f in _unsupported(extracted[target], support, anchor_words, vocab, docs[target].language, docs[target].published):
            if f.kind == "entity" and _garbled_name(f, garbles, support_keys):
                continue  # reported once, as a garble, not as a claim
            findings.append(
                Finding(
                    "unsupported_claim", target, f.start, f.end, f.text,
                    f"{f.kind} {_fmt(f.value)} is stated by none of its sources ({', '.join(sorted(support_ids))})",
                    tuple(sorted(support_ids)),
                )
            )
        # Sentences already holding an unsupported fact are not reported twice.
        flagged = [(f.start, f.end) for f in findings if f.kind == "unsupported_claim" and f.document == target]
        findings.extend(
            g for g in _novel_sentences(docs[target], [docs[s] for s in sorted(support_ids)], sentences_by_doc,
                                        extracted[target], settings.align.paraphrase_threshold)
            if not any(a < g.end and g.start < b for a, b in flagged)
        )
    findings.extend(_citation_findings(documents, extracted, settings))
    facts.sort(key=lambda f: (f.kind, f.key))
    return tuple(facts), tuple(findings)


# A sentence of a derived version is an unsupported claim when at least this
# many of its content words, and this share of them, are uncommon words
# (Zipf below _SENTENCE_MAX_ZIPF) that no source version uses in any inflection.
_SENTENCE_MIN_NOVEL = 3
_SENTENCE_MIN_SHARE = 0.5
_SENTENCE_MAX_ZIPF = 5.0


def _has_paraphrase(text: str, words: list[str], source_sentences, stem, lang: str | None, threshold: float) -> bool:
    """True when a source sentence says the same thing in other words (align.paraphrase_score)."""
    from .align import paraphrase_score

    mine = {stem(w) for w in words}
    ranked = sorted(source_sentences, key=lambda x: -len(mine & x[1]))[:8]
    return any(paraphrase_score(text, other, lang_a=lang, lang_b=lang) >= threshold for other, _ in ranked)


def _novel_sentences(
    target: Document,
    sources: list[Document],
    sentences_by_doc: Mapping[str, Sequence[Sentence]],
    facts: list[ExtractedFact],
    threshold: float = 0.5,
) -> list[Finding]:
    """Sentences whose content words the same-language sources never use (invented claims).

    Only sources in the target's language are used: a translation cannot be
    checked word by word against its source, so it is checked by facts only.
    """
    from wordfreq import zipf_frequency

    lang = target.language
    same = [d for d in sources if d.language == lang]
    if not same:
        return []
    stem = _stemmer(lang)
    vocab = {stem(w) for w in _story_vocabulary(d.text for d in same)}
    source_sentences = [
        (x.text, {stem(w) for w in regex.findall(r"\p{L}+", fold(x.text))}) for d in same for x in sentences_by_doc[d.id]
    ]
    cites = [(f.start, f.end) for f in facts if f.kind == "citation"]
    dated = [(f.start, f.end) for f in facts if f.kind in ("date", "weekday")]
    out = []
    for s in sentences_by_doc[target.id]:
        if any(a < s.end and s.start < b for a, b in cites):
            continue
        if s.text.rstrip(" \"'”’»)").endswith("?"):
            continue  # a question ("Guess who is stepping up?") asserts nothing
        # Names the sources share ("Lisbon", "Ponta Lunga") say nothing about the claim itself.
        # Dates and weekdays are checked as facts, not as words.
        raw_words = [m.group(0) for m in regex.finditer(r"\p{L}[\p{L}\p{M}'’-]*", s.text)
                     if not any(a <= s.start + m.start() < b for a, b in dated)]
        words = [
            fold(w) for i, w in enumerate(raw_words)
            if len(w) >= 3 and fold(w) not in ALL_STOPWORDS and not (i > 0 and w[:1].isupper() and stem(fold(w)) in vocab)
        ]
        if len(words) < 4:
            continue
        novel = [w for w in words if stem(w) not in vocab and not all(stem(p) in vocab for p in w.split("-") if p)
                 and zipf_frequency(w, lang or "en") < _SENTENCE_MAX_ZIPF]
        if len(novel) >= _SENTENCE_MIN_NOVEL and len(novel) / len(words) >= _SENTENCE_MIN_SHARE:
            if _has_paraphrase(s.text, words, source_sentences, stem, lang, threshold):
                continue
            out.append(
                Finding(
                    "unsupported_claim", target.id, s.start, s.end, s.text,
                    f"sentence with {len(novel)} words no source uses ({', '.join(novel[:6])}); "
                    f"sources: {', '.join(d.id for d in same)}",
                    tuple(d.id for d in same),
                )
            )
    return out


def _unsupported(
    facts: list[ExtractedFact], support: list[ExtractedFact], anchor_words: set[str], vocab: set[str], lang: str | None,
    published: str | None = None,
) -> list[ExtractedFact]:
    out = []
    for f in facts:
        if f.kind not in ("quantity", "date", "entity") or not _claim_kinds(f):
            continue
        if f.kind == "date" and (f.attrs.get("dateline") or published and f.value == published[:10]):
            continue  # the version's own date (a dateline), not a claim
        if not _supported(f, support, anchor_words, vocab, lang):
            out.append(f)
    return out


def _framing_findings(slots: list[_Slot]) -> list[Finding]:
    """Contested descriptors for the same counted people (or their total / parts)."""
    findings = []
    related: dict[int, set[int]] = defaultdict(set)
    for i, s in enumerate(slots):
        related[i].add(i)
        if s.total_of:
            for j, t in enumerate(slots):
                if any(m.value in s.total_of for m in t.mentions):
                    related[i].add(j)
                    related[j].add(i)
    for i, s in enumerate(slots):
        group = [m for j in related[i] for m in slots[j].mentions]
        for m in s.mentions:
            for label in m.attrs.get("framing", ()):
                opposites = FRAMING_OPPOSITES.get(label, frozenset())
                others = [o for o in group if o.document != m.document]
                if any(label in o.attrs.get("framing", ()) for o in others):
                    continue
                contrast = sorted((o for o in others if set(o.attrs.get("framing", ())) & opposites), key=lambda o: (o.document, o.start))
                unit_start = m.attrs.get("unit_start", m.start)
                if contrast:
                    o = contrast[0]
                    findings.append(
                        Finding(
                            "framing", m.document, unit_start, m.end, m.text[unit_start - m.start:],
                            f"calls them {label!r} ('{m.text}') where other versions say "
                            f"{', '.join(sorted(set(o.attrs['framing']) & opposites))!r} ('{o.text}')",
                            tuple(sorted({c.document for c in contrast})),
                        )
                    )
                elif label in LOADED_LABELS and len({o.document for o in s.mentions if o.document != m.document}) >= 2:
                    plain = sorted((o for o in s.mentions if o.document != m.document), key=lambda o: (o.document, o.start))
                    findings.append(
                        Finding(
                            "framing", m.document, unit_start, m.end, m.text[unit_start - m.start:],
                            f"only this version calls them {label!r} ('{m.text}'); the others say "
                            + ", ".join(f"'{o.text}'" for o in plain[:3]),
                            tuple(sorted({o.document for o in plain})),
                        )
                    )
    # One finding per span.
    seen, out = set(), []
    for f in findings:
        if (f.document, f.start) not in seen:
            seen.add((f.document, f.start))
            out.append(f)
    return out


def _quote_facts(matches: Sequence[QuoteMatch], pairs, languages: dict[str, str | None]) -> list[Fact]:
    sets: UnionFind[tuple] = UnionFind()

    def node(q):
        return (q.document, q.start, q.end)

    quotes = {}
    labels: dict[tuple, set[str]] = defaultdict(set)
    for m in matches:
        quotes[node(m.a)], quotes[node(m.b)] = m.a, m.b
        sets.union(node(m.a), node(m.b))
    for m in matches:
        labels[sets.find(node(m.a))].add(m.label)
    groups: dict[tuple, list] = defaultdict(list)
    for n, q in quotes.items():
        groups[sets.find(n)].append(q)
    out = []
    for root, qs in groups.items():
        qs.sort(key=lambda q: (q.document, q.start))
        mentions = tuple(Mention(q.document, q.text, q.start, q.end, q.text) for q in qs)
        status = "drift" if "altered" in labels[root] else "agreed"
        label_quote = min(qs, key=lambda q: (languages.get(q.document) != "en", q.document, q.start))
        speaker = label_quote.speaker or next((q.speaker for q in qs if q.speaker), None)
        key = f"quote:{speaker or ''}:{label_quote.text[:60]}"
        out.append(Fact(_fact_id("quote", key, mentions), "quote", key, label_quote.text, status, mentions))
    return out


def _altered_quote_findings(matches: Sequence[QuoteMatch], derived_from: set[tuple[str, str]]) -> list[Finding]:
    """One finding per altered pair, on the version that changed the words.

    Which side changed: the one that derives from the other per lineage; else
    the one whose wording fewer other versions share (a quote that a third
    version repeats verbatim or translates is the original wording); else ``b``.
    """

    def node(q):
        return (q.document, q.start, q.end)

    faithful: Counter = Counter()
    for m in matches:
        if m.label != "altered":
            faithful[node(m.a)] += 1
            faithful[node(m.b)] += 1
    out = []
    for m in matches:
        if m.label != "altered":
            continue
        a, b = m.a, m.b
        known = True
        if (b.document, a.document) in derived_from and (a.document, b.document) not in derived_from:
            a, b = b, a
        elif (a.document, b.document) in derived_from:
            pass
        elif faithful[node(a)] < faithful[node(b)]:
            a, b = b, a
        elif faithful[node(a)] == faithful[node(b)]:
            known = False
        removed = " ".join(w for op, w in m.diff if op == "-")
        added = " ".join(w for op, w in m.diff if op == "+")
        diff = (f"; removed: {removed!r}" if removed else "") + (f"; added: {added!r}" if added else "")
        out.append(
            Finding(
                "altered_quote", b.document, b.start, b.end, b.text,
                (f"quote altered: {a.text!r} ({a.document}) became {b.text!r}{diff}" if known else
                 f"quote worded differently: {a.text!r} ({a.document}) vs {b.text!r} ({b.document}){diff}"),
                (a.document,),
            )
        )
    return out


def _weekday_mismatches(doc: Document, fs: list[ExtractedFact]) -> list[Finding]:
    out = []
    days = [f for f in fs if f.kind == "date" and f.attrs.get("granularity") == "day" and f.attrs.get("first")]
    for w in (f for f in fs if f.kind == "weekday"):
        for d in days:
            gap = doc.text[w.end:d.start] if w.end <= d.start else doc.text[d.end:w.start]
            if len(gap) <= 4 and regex.fullmatch(r"[\s,(]*(?:the\s|le\s|den\s|el\s)?", gap, regex.IGNORECASE):
                actual = dt.date.fromisoformat(d.attrs["first"]).strftime("%A")
                if actual != w.attrs["weekday"]:
                    start, end = min(w.start, d.start), max(w.end, d.end)
                    out.append(
                        Finding("weekday_mismatch", doc.id, start, end, doc.text[start:end],
                                f"{d.attrs['first']} is a {actual}, not a {w.attrs['weekday']}")
                    )
    return out


def _future_events(doc: Document, fs: list[ExtractedFact], sentences) -> list[Finding]:
    ref = parse_reference_date(doc.published, doc.dateline, doc.text, doc.language)
    if ref is None:
        return []
    out = []
    for f in fs:
        if f.kind != "date" or not f.attrs.get("year_given") or not f.attrs.get("first"):
            continue
        first = dt.date.fromisoformat(f.attrs["first"])
        if first <= ref + dt.timedelta(days=1):
            continue
        s = _sentence_of(sentences, f.start)
        if sentence_is_future(s.text if s else doc.text[max(0, f.start - 200):f.end]):
            continue
        out.append(
            Finding("future_event", doc.id, f.start, f.end, f.text,
                    f"an event dated {f.value} is reported as past in a story published {ref.isoformat()}")
        )
    return out


# ---------------------------------------------------------------- one pair

# Content words rarer than this (wordfreq Zipf scale; "house" is about 5.6,
# "sappers" 2.0) that the source never uses count as novel terms, and this
# many novel terms or names make a derived text unsupported.  Chosen on the
# FRANK validation split (see docs/benchmarks.md) among round values.
_TERM_MAX_ZIPF = 5.5
_NEGATION_MIN_OVERLAP = 0.9
_MIN_NOVEL_TERMS = 2


@lru_cache(maxsize=8)
def _stemmer(lang: str | None) -> Callable[[str], str]:
    """The Snowball stem of a word in ``lang`` (English when unknown), memoised.

    The checks below stem every word of every version, most of them many times
    over, so stems are remembered.  A Snowball stemmer keeps the word it is
    working on in itself, so one lock lets threads (the web app) share it.
    """
    import snowballstemmer

    names = {"en": "english", "pt": "portuguese", "es": "spanish", "fr": "french", "de": "german"}
    stemmer = snowballstemmer.stemmer(names.get(lang or "en", "english"))
    lock = threading.Lock()

    @lru_cache(maxsize=1 << 16)
    def stem(word: str) -> str:
        with lock:
            return stemmer.stemWord(word)

    return stem


_NEGATION = frozenset(
    "not no never nobody nothing none neither nor without n't cannot "
    "nao nunca nem nenhum nenhuma sem jamais "
    "no nunca ni ningun ninguna sin jamas "
    "ne pas jamais aucun aucune sans "
    "nicht kein keine keinen nie niemals ohne".split()
)


def unsupported_facts(source_text: str, derived_text: str, *, lang: str | None = None) -> list[ExtractedFact]:
    """Facts of ``derived_text`` (a summary, a rewrite) that ``source_text`` does not support.

    Checks numbers, dates and named entities against the source, plus
    model-free checks that also work on lower-cased text: name-like words
    (capitalised, or rare in the language per wordfreq) that never occur in
    the source, two or more uncommon content words the source never uses,
    negated sentences whose closest source sentence is not negated (or the
    reverse), and many source words joined in pairs the source never makes
    (a spliced, recombined statement).

    Args:
        source_text: the source (e.g. the article).
        derived_text: the derived text (e.g. its summary).
        lang: ISO 639-1 code of both texts, or None to guess.

    Returns:
        The unsupported :class:`ExtractedFact` records of ``derived_text``
        (kinds quantity, date, entity, name, term, negation, recombination);
        empty if all is supported.

    >>> [f.text for f in unsupported_facts("Police said 40 people were rescued in Leeds.", "Police said 45 people were rescued in Leeds.", lang="en")]
    ['45 people']
    """
    from wordfreq import zipf_frequency

    from .numbers import guess_language

    lang = lang or guess_language(source_text) or "en"
    src = Document("source", "source", source_text, language=lang)
    der = Document("derived", "derived", derived_text, language=lang)
    src_facts = extract_facts(src)
    der_facts = extract_facts(der)
    anchors = {p for g in src_facts if g.kind == "entity" for p in g.attrs.get("parts", ())}
    src_vocab = _story_vocabulary([source_text])
    src_numbers = {g.value for g in src_facts if g.kind == "quantity"}
    from .numbers import find_numbers

    src_numbers |= {n.value for n in find_numbers(source_text, lang)}
    out: list[ExtractedFact] = []
    for f in der_facts:
        if f.kind == "quantity":
            if f.value in src_numbers or any(abs(f.value - v) <= 0.05 * max(v, 1) for v in src_numbers if f.attrs.get("approx")):
                continue
            out.append(f)
        elif f.kind == "date" and not _supported(f, src_facts, anchors, set(), lang):
            # a year or month the source states in any form counts as support
            if str(f.value)[:4] in source_text and f.attrs.get("granularity") == "year":
                continue
            out.append(f)
        elif f.kind == "entity" and f.attrs.get("type") in ("person", "org", "place") and not _supported(f, src_facts, anchors, src_vocab, lang):
            words = regex.findall(r"\p{L}+", fold(f.text))
            src_fold = fold(source_text)
            if words and all(w in src_fold for w in words):
                continue
            out.append(f)
    # Name-like words never seen in the source (works on lower-cased summaries too).
    src_stems = {w[:6] for w in src_vocab if len(w) >= 6}
    taken = [(f.start, f.end) for f in out]
    lowered = derived_text == derived_text.lower()
    for sent in split_sentences(derived_text, lang):
        for m in regex.finditer(r"\p{L}[\p{L}\p{M}'’]*", sent.text):
            w = m.group(0)
            fw = fold(w).strip("'’")
            if fw.endswith("'s"):
                fw = fw[:-2]
            if len(fw) < 3 or fw in src_vocab or fw in ALL_STOPWORDS or (len(fw) >= 6 and fw[:6] in src_stems):
                continue
            start = sent.start + m.start()
            if any(s <= start < e for s, e in taken):
                continue
            capital = w[:1].isupper() and m.start() > 0 and not lowered
            rare = zipf_frequency(fw, lang) < 3.0
            if capital or (lowered and rare):
                out.append(ExtractedFact("name", f"name:{fw}", w, start, start + len(w), w, "derived", {"capital": capital}))
    # Uncommon content words the source never uses, in any inflection: two or more
    # of them mean the derived text says something the source does not.
    stem = _stemmer(lang)
    src_stem_set = {stem(w) for w in src_vocab}
    taken = [(f.start, f.end) for f in out]
    terms = []
    for m in regex.finditer(r"\p{L}[\p{L}\p{M}]*|\d+", derived_text):
        fw = fold(m.group(0))
        if len(fw) < 3 or fw in ALL_STOPWORDS or fw.isdigit() or any(s <= m.start() < e for s, e in taken):
            continue
        if fw in src_vocab or stem(fw) in src_stem_set:
            continue
        if zipf_frequency(fw, lang) < _TERM_MAX_ZIPF:
            terms.append(ExtractedFact("term", f"term:{fw}", m.group(0), m.start(), m.end(), m.group(0), "derived", {}))
    if len(terms) + sum(1 for f in out if f.kind == "name") >= _MIN_NOVEL_TERMS:
        out.extend(terms)
    out.extend(_negation_mismatches(source_text, derived_text, lang))
    out.extend(_recombinations(source_text, derived_text))
    out.sort(key=lambda f: f.start)
    return out


# Adjacent word pairs of the derived text that are both source words but never
# adjacent in the source ("rojo and rojo was ordered"): many of them mean the
# derived text splices the source's words into new statements.  Chosen on the
# FRANK validation split (a plateau from 6 to 15; see docs/benchmarks.md).
_MIN_RECOMBINED_PAIRS = 7


def _recombinations(source_text: str, derived_text: str) -> list[ExtractedFact]:
    """One ``recombination`` fact when the derived text joins many source words in new pairs."""
    src = [m.group(0) for m in regex.finditer(r"[\p{L}\p{N}]+", fold(source_text))]
    vocab = set(src)
    pairs = set(zip(src, src[1:]))
    der = [(m.start(), m.end(), m.group(0)) for m in regex.finditer(r"[\p{L}\p{N}]+", fold(derived_text))]
    if len(fold(derived_text)) != len(derived_text):
        der = [(m.start(), m.end(), fold(m.group(0))) for m in regex.finditer(r"[\p{L}\p{N}]+", derived_text)]
    novel = [(a, b) for a, b in zip(der, der[1:]) if a[2] in vocab and b[2] in vocab and (a[2], b[2]) not in pairs]
    if len(novel) < _MIN_RECOMBINED_PAIRS:
        return []
    start, end = novel[0][0][0], novel[-1][1][1]
    return [
        ExtractedFact(
            "recombination", "recombination", len(novel), start, end, derived_text[start:end], "derived",
            {"pairs": tuple(f"{a[2]} {b[2]}" for a, b in novel)},
        )
    ]


def _negation_mismatches(source_text: str, derived_text: str, lang: str) -> list[ExtractedFact]:
    """Derived sentences whose negation the most similar source sentence does not share."""
    stem = _stemmer(lang)
    src_sents = [(s, {stem(w) for w in regex.findall(r"\p{L}+", fold(s.text))}) for s in split_sentences(source_text, lang)]
    if not src_sents:
        return []
    out = []
    for s in split_sentences(derived_text, lang):
        words = {stem(w) for w in regex.findall(r"\p{L}+", fold(s.text))}
        content = {w for w in words if w not in ALL_STOPWORDS and w not in _NEGATION and len(w) > 2}
        if len(content) < 3:
            continue
        neg = bool(words & _NEGATION) or "n't" in s.text.lower()
        best, best_sim = None, 0.0
        for src, sw in src_sents:
            sc = {w for w in sw if w not in ALL_STOPWORDS and w not in _NEGATION and len(w) > 2}
            sim = len(content & sc) / max(1, len(content))
            if sim > best_sim:
                best, best_sim = (src, sw), sim
        if best is None or best_sim < _NEGATION_MIN_OVERLAP:
            continue
        src_neg = bool(best[1] & _NEGATION) or "n't" in best[0].text.lower()
        if neg != src_neg:
            out.append(ExtractedFact("negation", "negation", neg, s.start, s.end, s.text, "derived", {"source": best[0].text}))
    return out
