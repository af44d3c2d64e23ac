"""Garbles: the tell-tale damage of machine translation and bad scraping.

No library detects these, and they are simple surface patterns, so the rules
live here:

* a repeated fragment inside one name ("Kim Jong Un Jong U", "Agência Central
  de Notícias Central"): within a run of capitalised words the same word
  occurs twice;
* two words glued together at a case change ("PyongyangSecretário"), only when
  the first part also stands alone elsewhere in the text, so that names such
  as "YouTube" or "JavaScript" pass;
* a detached hyphen ("norte -coreano", "terça -feira"), which translation
  engines produce when they split compounds;
* a word repeated with only an inflection between them ("sofisticada
  tecnologias sofisticadas").

Each garble is a :class:`~storytrace.records.Finding` of kind ``garble``.

What is not a garble: two names joined by "and" that share a word ("Lok Sabha
and Rajya Sabha", "New York and New Jersey": a run of capitalised words is
cut at a coordinating conjunction); a name whose parts are the same word
("Ali Ali": a word repeated right after itself is a name, the garble repeats a
fragment after other words); and the words of share widgets ("Share on
Facebook Share on Twitter", "FacebookTwitter").
"""

from __future__ import annotations

import regex

from .records import Document, Finding

__all__ = ["find_garbles"]

_CONNECTORS = {"de", "da", "do", "das", "dos", "del", "la", "le", "of", "the", "von", "van"}
# Coordinating conjunctions end a name: what follows is another name.
_COORDINATORS = frozenset({"and", "e", "y", "und", "et", "i", "ed", "oraz", "и", "ve", "و", "or", "ou", "o", "oder"})
# Words of share and follow widgets (lower-cased).
_WIDGET_WORDS = frozenset(
    "share shares tweet facebook twitter whatsapp telegram linkedin pinterest reddit messenger email e-mail print "
    "vk vkontakte xing instagram youtube tiktok flipboard pocket compartir partager teilen condividi udostępnij "
    "поделиться paylaş".split()
)
_WORD = regex.compile(r"[\p{L}][\p{L}\p{M}'’-]*")
_GLUED = regex.compile(r"\b(\p{Lu}\p{Ll}{3,})(\p{Lu}\p{Ll}{3,})\b")
_DETACHED_HYPHEN = regex.compile(r"\b(\p{L}{2,}) -(\p{L}{2,})\b")


def _name_runs(text: str):
    """Yield lists of word matches forming runs of capitalised words (with connectors)."""
    run: list = []
    for match in _WORD.finditer(text):
        word = match.group()
        gap = text[run[-1].end() : match.start()] if run else " "
        if run and (gap.strip() or "\n" in gap):
            if len(run) >= 3:
                yield run
            run = []
        if word.lower() in _COORDINATORS:
            if len(run) >= 3:
                yield run
            run = []
            continue
        if word[0].isupper() or (word.lower() in _CONNECTORS and run):
            run.append(match)
        else:
            if len(run) >= 3:
                yield run
            run = []
    if len(run) >= 3:
        yield run


def _stem(word: str) -> str:
    return word.lower().rstrip("s")[:8]


def find_garbles(document: Document) -> tuple[Finding, ...]:
    """Return garble findings with offsets into ``document.text``.

    >>> from storytrace.records import Document
    >>> [f.text for f in find_garbles(Document("d", "x", "O líder Kim Jong Un Jong U decidiu."))]
    ['Kim Jong Un Jong U']
    """
    text = document.text
    found: list[Finding] = []
    for run in _name_runs(text):
        # strip trailing connectors, then look for a repeated capitalised word
        words = [m for m in run if m.group()[0].isupper()]
        if any(m.group().lower() in _WIDGET_WORDS for m in words):
            continue
        seen: dict[str, int] = {}
        for i, m in enumerate(words):
            key = m.group().lower()
            if key in seen and 2 <= i - seen[key] <= 3:
                start, end = words[0].start(), words[-1].end()
                found.append(
                    Finding("garble", document.id, start, end, text[start:end],
                            f"repeated fragment {m.group()!r} inside one name")
                )
                break
            seen[key] = i
    standalone = {w.group() for w in _WORD.finditer(text)}
    for m in _GLUED.finditer(text):
        if m.group(1) not in standalone or {m.group(1).lower(), m.group(2).lower()} & _WIDGET_WORDS:
            continue
        found.append(Finding("garble", document.id, m.start(), m.end(), m.group(),
                             f"words glued together: {m.group(1)!r} + {m.group(2)!r}"))
    for m in _DETACHED_HYPHEN.finditer(text):
        found.append(Finding("garble", document.id, m.start(), m.end(), m.group(),
                             "detached hyphen in a compound"))
    words = list(_WORD.finditer(text))
    for a, b in zip(words, words[2:]):
        wa, wb = a.group(), b.group()
        if len(wa) >= 6 and wa.lower() != wb.lower() and _stem(wa) == _stem(wb) and wa[0].islower():
            found.append(Finding("garble", document.id, a.start(), b.end(), text[a.start():b.end()],
                                 f"word repeated with an inflection: {wa!r} / {wb!r}"))
    found.sort(key=lambda f: (f.start, f.end))
    return tuple(found)
