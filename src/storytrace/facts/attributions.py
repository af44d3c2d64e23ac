"""Attributions: who is said to have said or reported something ("according to Tass").

Why by hand: attribution in news follows a handful of patterns in every
language ("X said", "said X", "according to X", "segundo X", "laut X"), and
a rule over entity spans and the verbs of saying in
:data:`~storytrace.facts.lexicon.SAY_VERBS` is transparent and model-free.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

import regex

from ..text.fold import fold_hyphens
from .extracted import ExtractedFact
from .lexicon import ACCORDING_TO, LANGS, SAY_VERBS

__all__ = ["find_attributions"]


def _verb_pattern(langs: Sequence[str]) -> regex.Pattern:
    verbs = sorted({v for lang in langs for v in SAY_VERBS.get(lang, ())}, key=len, reverse=True)
    return regex.compile(r"(?<![\p{L}])(?:" + "|".join(regex.escape(v) for v in verbs) + r")(?![\p{L}])")


def _according_pattern() -> regex.Pattern:
    cues = sorted(ACCORDING_TO, key=len, reverse=True)
    return regex.compile(r"(?<![\p{L}])(?:" + "|".join(regex.escape(c) for c in cues) + r")(?![\p{L}])")


def find_attributions(
    text: str, entities: Sequence[ExtractedFact], lang: str | None = None, document: str = ""
) -> list[ExtractedFact]:
    """Find attributions: an entity next to a verb of saying or an "according to" cue.

    Args:
        text: clean text.
        entities: the text's entity facts (from :func:`find_entities`).
        lang: ISO 639-1 code, or None for all known languages.
        document: document id.

    Returns:
        ``attribution`` facts keyed by the source's entity key; ``value`` is
        the source's canonical name, ``attrs`` has ``cue`` (the verb or the
        "according to" words, folded) and ``source_text``.

    >>> from storytrace.facts.entities import find_entities
    >>> t = "Shoigu said the plan was agreed, according to Tass."
    >>> [f.value for f in find_attributions(t, find_entities(t, "en"), "en")]
    ['Shoigu', 'Tass']
    """
    langs = (lang,) if lang in LANGS else LANGS
    folded = fold_hyphens(text) if len(fold_hyphens(text)) == len(text) else None
    haystack = folded if folded is not None else text.lower()
    out: list[ExtractedFact] = []
    seen: set[tuple[int, int]] = set()
    ents = sorted(entities, key=lambda e: e.start)
    near = _Windows(ents)

    def add(ent: ExtractedFact, cue: str, cue_start: int, cue_end: int) -> None:
        if (ent.start, ent.end) in seen:
            return
        seen.add((ent.start, ent.end))
        start, end = min(ent.start, cue_start), max(ent.end, cue_end)
        out.append(
            ExtractedFact(
                "attribution", "attribution:" + ent.key.split(":", 1)[1], ent.value, start, end,
                text[start:end], document, {"cue": fold_hyphens(cue), "source_text": ent.text, "type": ent.attrs.get("type")},
            )
        )

    for m in _according_pattern().finditer(haystack):
        nxt = next((e for e in near.starting(m.end(), m.end() + 25) if "." not in text[m.end():e.start]), None)
        if nxt is not None and nxt.attrs.get("type") != "place":
            add(nxt, m.group(0), m.start(), m.end())
    for m in _verb_pattern(langs).finditer(haystack):
        before = [e for e in near.ending(m.start() - 40, m.start()) if not regex.search(r"[.;\"“”]", text[e.end:m.start()])]
        after = [e for e in near.starting(m.end(), m.end() + 30) if e.start - m.end() <= 3
                 or (e.attrs.get("title") and "." not in text[m.end():e.start])]
        cand = (before[-1] if before else None) or (after[0] if after else None)
        if cand is not None and cand.attrs.get("type") != "place":
            add(cand, m.group(0), m.start(), m.end())
    out.sort(key=lambda f: f.start)
    return out


class _Windows:
    """The entities that start, or end, within a span of offsets, in their text order.

    Looked up by bisection, so finding the entities beside each cue costs
    the log of their number, not a scan of all of them (a long text has many).
    """

    def __init__(self, ents: Sequence[ExtractedFact]):
        self.ents = list(ents)  # in text order (by start)
        self.starts = [e.start for e in self.ents]
        self.by_end = sorted(range(len(self.ents)), key=lambda i: self.ents[i].end)
        self.ends = [self.ents[i].end for i in self.by_end]

    def starting(self, lo: int, hi: int) -> list[ExtractedFact]:
        """Entities with ``lo <= start <= hi``."""
        return self.ents[bisect.bisect_left(self.starts, lo):bisect.bisect_right(self.starts, hi)]

    def ending(self, lo: int, hi: int) -> list[ExtractedFact]:
        """Entities with ``lo <= end <= hi``."""
        found = self.by_end[bisect.bisect_left(self.ends, lo):bisect.bisect_right(self.ends, hi)]
        return [self.ents[i] for i in sorted(found)]

