"""Quotes across versions: one fact per quote, and altered quotes.

The quote matches of :func:`storytrace.facts.quotes.match_quotes` are joined
transitively into one ``quote`` fact each (drift when any pair was altered);
each altered pair is an ``altered_quote`` finding on the version that changed
the words.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence

from ..kinds import FactStatus
from ..records import Fact, Finding, LineageEdge, Mention, QuoteMatch
from ..unionfind import UnionFind
from .confidence import comparison_confidence, relation_strength
from .slots import fact_id

__all__ = ["altered_quote_findings", "quote_facts"]


def quote_facts(matches: Sequence[QuoteMatch], pairs, languages: dict[str, str | None]) -> list[Fact]:
    """One fact per group of matched quotes, labelled by the English (else first) wording."""
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
        status: FactStatus = "drift" if "altered" in labels[root] else "agreed"
        label_quote = min(qs, key=lambda q: (languages.get(q.document) != "en", q.document, q.start))
        speaker = label_quote.speaker or next((q.speaker for q in qs if q.speaker), None)
        key = f"quote:{speaker or ''}:{label_quote.text[:60]}"
        out.append(Fact(fact_id("quote", key, mentions), "quote", key, label_quote.text, status, mentions))
    return out


def altered_quote_findings(
    matches: Sequence[QuoteMatch], derived_from: set[tuple[str, str]], lineage: Sequence[LineageEdge] = ()
) -> list[Finding]:
    """One finding per altered pair, on the version that changed the words.

    Which side changed: the one that derives from the other per lineage; else
    the one whose wording fewer other versions share (a quote that a third
    version repeats verbatim or translates is the original wording); else ``b``.
    The confidence weighs the lineage between the two versions, the match
    score (how surely the two quotes are one quote) and whether the direction
    is known.
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
        # The diff runs from ``m.a`` to ``m.b``; when lineage reverses the pair,
        # what ``m.a`` lacks is what the changed version removed, and vice versa.
        flipped = a is not m.a
        removed = " ".join(w for op, w in m.diff if op == ("+" if flipped else "-"))
        added = " ".join(w for op, w in m.diff if op == ("-" if flipped else "+"))
        diff = (f"; removed: {removed!r}" if removed else "") + (f"; added: {added!r}" if added else "")
        out.append(
            Finding(
                "altered_quote", b.document, b.start, b.end, b.text,
                (f"quote altered: {a.text!r} ({a.document}) became {b.text!r}{diff}" if known else
                 f"quote worded differently: {a.text!r} ({a.document}) vs {b.text!r} ({b.document}){diff}"),
                (a.document,),
                comparison_confidence(relation_strength(a.document, b.document, lineage), m.score, 1.0 if known else 0.0),
            )
        )
    return out
