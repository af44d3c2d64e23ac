"""The offline citation audit: malformed, anachronistic and off-topic references.

``malformed_citation`` (a cited URL broken in the text, or one the cleaner
had to repair: ``Document.meta["repaired_citations"]``),
``anachronistic_citation`` (the cited page is much older than the story,
``facts.citation_max_age_days``) and ``offtopic_citation`` (the topic words
of the cited address are foreign to the story).

Self-contained on purpose: it imports nothing else from :mod:`storytrace.compare`
(hence its own copy of the story vocabulary), so that it can join the
citations package as it is.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import regex

from ..facts.dates import parse_reference_date
from ..facts.entities import demonym_place
from ..facts.lexicon import ALL_STOPWORDS, fold
from ..names import canonical_place
from ..records import Document, Finding

__all__ = ["_citation_findings", "_repaired_citation_findings"]


def _story_vocabulary(texts: Iterable[str]) -> set[str]:
    """The folded words of ``texts`` (as :func:`storytrace.compare.vocabulary.story_vocabulary`)."""
    vocab: set[str] = set()
    for t in texts:
        for w in regex.findall(r"\p{L}[\p{L}\p{M}'’-]*", fold(t)):
            vocab.add(w)
            vocab.update(w.split("-"))
    return vocab


def _citation_findings(documents, extracted, settings) -> list[Finding]:
    """``malformed_citation``, ``anachronistic_citation`` and ``offtopic_citation`` findings.

    Over 80 lines because it is kept exactly as it was when it moved out of
    the old ``compare`` module; it is to be split when it joins the citations
    package.
    """
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

    from ..facts.citations import ID_DATE_MARGIN_DAYS

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
