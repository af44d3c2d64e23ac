"""The offline citation audit: malformed, anachronistic and off-topic references.

Three findings on the ``citation`` facts of a story's versions
(:func:`storytrace.citations.find_citations`), judged without the network:

* ``malformed_citation`` — a cited URL broken in the text, or one the cleaner
  had to repair (``Document.meta["repaired_citations"]``);
* ``anachronistic_citation`` — the cited page is dated (by its address, or
  estimated from its article number) much earlier than the story
  (``facts.citation_max_age_days``);
* ``offtopic_citation`` — the topic words of the cited address are foreign
  to the story (its words, places and names, without its reference list).

:func:`citation_findings` runs the three; the story comparison
(:func:`storytrace.compare.compare_story`) calls it.  :func:`story_vocabulary`
is shared with the support checks of :mod:`storytrace.compare`, which import
it from here (this module imports nothing from ``compare``, so neither package
imports the other in a cycle).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import regex

from ..facts.dates import parse_reference_date
from ..facts.entities import demonym_place
from ..facts.lexicon import ALL_STOPWORDS
from ..names import canonical_place
from ..records import Document, ExtractedFact, Finding
from ..settings import Settings
from ..text.fold import fold_hyphens
from ..text.isodate import parse_iso_date
from .extraction import ID_DATE_MARGIN_DAYS

__all__ = [
    "StoryTopic",
    "anachronistic_citation",
    "citation_findings",
    "offtopic_citation",
    "repaired_citation_findings",
    "story_topic",
    "story_vocabulary",
]


def story_vocabulary(texts: Iterable[str]) -> set[str]:
    """The folded words of ``texts``, hyphenated words also by their parts.

    >>> sorted(story_vocabulary(["North-Korean troops"]))
    ['korean', 'north', 'north-korean', 'troops']
    """
    vocab: set[str] = set()
    for t in texts:
        for w in regex.findall(r"\p{L}[\p{L}\p{M}'’-]*", fold_hyphens(t)):
            vocab.add(w)
            vocab.update(w.split("-"))
    return vocab


@dataclass(frozen=True)
class StoryTopic:
    """What a story is about, as the off-topic check reads it.

    Attributes:
        vocabulary: the folded words of every version, without its citations.
        places: the lower-cased canonical places the versions name.
        names: the folded words (three letters or more) of the other entities.
    """

    vocabulary: frozenset[str]
    places: frozenset[str]
    names: frozenset[str]


def story_topic(documents: Sequence[Document], extracted: Mapping[str, Sequence[ExtractedFact]]) -> StoryTopic:
    """The words, places and names of a story; the cited addresses themselves are left out.

    The story's own text, without its reference list, decides what is on topic.
    """
    story_text = []
    for d in documents:
        text = d.text
        for f in sorted((f for f in extracted[d.id] if f.kind == "citation"), key=lambda f: -f.start):
            text = text[:f.start] + " " + text[f.end:]
        story_text.append(text)
    places: set[str] = set()
    names: set[str] = set()
    for fs in extracted.values():
        for f in fs:
            if f.kind == "entity":
                if f.attrs.get("type") == "place":
                    places.add(str(f.value).lower())
                else:
                    names.update(fold_hyphens(w) for w in regex.findall(r"\p{L}{3,}", f.text))
    return StoryTopic(frozenset(story_vocabulary(story_text)), frozenset(places), frozenset(names))


def anachronistic_citation(doc: Document, f: ExtractedFact, ref: dt.date | None, max_age: int) -> Finding | None:
    """An ``anachronistic_citation`` when the page ``f`` cites is dated over ``max_age`` days before ``ref``.

    A month-only date ("2019-03") is read as the 28th of that month; a date
    estimated from an article number is given :data:`ID_DATE_MARGIN_DAYS` of slack.
    """
    a = f.attrs
    if ref is None or not a.get("date") or max_age <= 0:
        return None
    cited_date = parse_iso_date(a["date"] if len(a["date"]) == 10 else a["date"] + "-28", whole=True)
    if cited_date is None:  # not reached: url_date stores real days only
        return None
    estimated = a.get("date_how") == "id_estimate"
    margin = ID_DATE_MARGIN_DAYS if estimated else 0
    if (ref - cited_date).days - margin <= max_age:
        return None
    how = "estimated from its article number" if estimated else "from its address"
    return Finding(
        "anachronistic_citation", doc.id, f.start, f.end, f.text,
        f"cited page dated {a['date']} ({how}), more than {max_age} days before the story ({ref.isoformat()})",
    )


def _slug_support(slug: list[str], topic: StoryTopic) -> tuple[int, int]:
    """How many slug words the story supports, and how many of them strongly (a place or a name).

    A place may span up to three slug words ("north korea"), and counts for all of them.
    """
    from rapidfuzz import fuzz

    vocab, places, names = topic.vocabulary, topic.places, topic.names
    supported = strong = 0
    i = 0
    while i < len(slug):
        w = slug[i]
        place = None
        step = 1
        for cand in (" ".join(slug[i:i + 3]), " ".join(slug[i:i + 2]), w):
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
        elif any(fuzz.ratio(w, n) >= 85 for n in names | places):
            supported += 1
            strong += 1
        i += 1
    return supported, strong


def offtopic_citation(doc: Document, f: ExtractedFact, topic: StoryTopic) -> Finding | None:
    """An ``offtopic_citation`` when few of the cited address's topic words (four or more) occur in the story."""
    slug = [w for w in f.attrs.get("slug", ()) if len(w) >= 3 and w not in ALL_STOPWORDS]
    if len(slug) < 4:
        return None
    supported, strong = _slug_support(slug, topic)
    if supported / len(slug) >= 0.34 or strong >= 2:
        return None
    return Finding(
        "offtopic_citation", doc.id, f.start, f.end, f.text,
        f"only {supported} of {len(slug)} topic words of the cited address occur in the story ({', '.join(slug[:8])})",
    )


def citation_findings(
    documents: Sequence[Document], extracted: Mapping[str, Sequence[ExtractedFact]], settings: Settings
) -> list[Finding]:
    """``malformed_citation``, ``anachronistic_citation`` and ``offtopic_citation`` findings of a story.

    Args:
        documents: the versions of one story.
        extracted: each version's facts (``{document id: [ExtractedFact, ...]}``).
        settings: run settings (``facts.citation_max_age_days``).

    Returns:
        The findings, version by version, each citation's in the order above,
        then the repaired references not already reported.
    """
    findings: list[Finding] = []
    topic = story_topic(documents, extracted)
    max_age = settings.facts.citation_max_age_days
    dated = [r for r in (parse_reference_date(d.published, d.dateline, d.text, d.language) for d in documents) if r]
    story_ref = max(dated) if dated else None
    for d in documents:
        # A version without a date of its own is read against the story's latest date.
        ref = parse_reference_date(d.published, d.dateline, d.text, d.language) or story_ref
        for f in extracted[d.id]:
            if f.kind != "citation":
                continue
            if f.attrs.get("malformed"):
                findings.append(
                    Finding("malformed_citation", d.id, f.start, f.end, f.text, f"the cited URL {f.attrs['malformed']}")
                )
            for found in (anachronistic_citation(d, f, ref, max_age), offtopic_citation(d, f, topic)):
                if found is not None:
                    findings.append(found)
        findings.extend(repaired_citation_findings(d, findings))
    return findings


def repaired_citation_findings(d: Document, findings: Sequence[Finding]) -> list[Finding]:
    """Cited URLs the cleaner had to repair (``meta["repaired_citations"]``) not yet reported.

    The clean text keeps the reference list as written, so the broken text
    is found there and the finding points at it.
    """
    repaired = (d.meta or {}).get("repaired_citations") or {}
    flagged = [(f.start, f.end) for f in findings if f.kind == "malformed_citation" and f.document == d.id]
    out = []
    for url, original in sorted(repaired.items(), key=lambda kv: kv[1]):
        pos = d.text.find(original)
        if pos < 0 or any(a is not None and b is not None and a < pos + len(original) and pos < b for a, b in flagged):
            continue
        out.append(Finding("malformed_citation", d.id, pos, pos + len(original), original,
                           f"the cited URL is broken by a space; read as {url}"))
    return out
