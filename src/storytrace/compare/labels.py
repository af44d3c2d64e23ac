"""Human labels for facts: what a reader sees instead of a fact's internal key.

Fact keys ("quantity:troops/soldiers/soldados", "weekday:fescop, portugal",
"entity:piongiang", "attribution:tas") are slot names made for matching:
folded, language-neutral, sometimes a stem or a transliteration.  Readers see
a label built from the same slot plus the words the versions actually use
("number of troops", "day of the statement by the Foreign Ministry",
"the name “Pyongyang”").  Findings' details and every report surface use
:func:`fact_label`, so no key reaches a reader.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

import regex

from ..facts.lexicon import ALL_STOPWORDS
from ..text.fold import fold_hyphens as fold

__all__ = ["fact_label"]

_KIND_NOUN = {
    "date": "date",
    "quote": "quote",
    "citation": "cited address",
    "quantity": "figure",
    "weekday": "day",
    "entity": "name",
    "attribution": "source named",
}


def _commonest(texts: Iterable[str]) -> str | None:
    counts = Counter(t.strip() for t in texts if t and t.strip())
    return min(counts, key=lambda t: (-counts[t], t)) if counts else None


def _title(words: str) -> str:
    return " ".join(w[:1].upper() + w[1:] for w in words.split())


def _counted(head: str) -> bool:
    """A counted noun worth naming: a word, not a stop word or a fragment ("de")."""
    f = fold(head)
    return len(f) > 2 and f not in ALL_STOPWORDS and bool(regex.search(r"\p{L}", f))


def fact_label(kind: str, key: str, texts: Iterable[str] = ()) -> str:
    """What a reader calls a fact.

    Args:
        kind: the fact's kind.
        key: its internal key (``kind:slot``).
        texts: the words its mentions use (names are shown as written).

    Returns:
        A short label such as ``number of troops``, ``day of the statement by
        Foreign Ministry`` or ``the name “Pyongyang”``.

    Example:
        >>> fact_label("quantity", "quantity:troops/soldiers/soldados"), fact_label("quantity", "quantity:de")
        ('number of troops', 'figure')
        >>> fact_label("entity", "entity:piongiang", ["Pyongyang", "Piongiang", "Pyongyang"])
        'the name “Pyongyang”'
        >>> fact_label("weekday", "weekday:fescop, portugal")
        'day of the statement about Fescop, Portugal'
    """
    slot = key.split(":", 1)[1] if ":" in key else key
    shown = _commonest(texts)
    if kind == "quantity":
        total = ""
        if " (total = " in slot:
            slot, total = slot.split(" (total = ", 1)
            total = " (" + total.rstrip(")") + ")"
        heads = [h for h in slot.split("/") if _counted(h)]
        if not heads:
            return "figure" + total
        return ("total number of " if total else "number of ") + heads[0] + total
    if kind == "weekday":
        m = regex.match(r"^(.+?) \((.*)\)$", slot)
        if m:
            return f"day of the statement by {m.group(1)}"
        anchors = [a for a in slot.split(", ") if a]
        return "day of the statement about " + ", ".join(_title(a) for a in anchors[:3]) if anchors else "day"
    if kind == "entity":
        return f"the name “{shown or _title(slot)}”"
    if kind == "attribution":
        return f"attribution to {shown or _title(slot)}"
    if kind == "quote":
        return "quote" + (f" by {slot.split(':', 1)[0]}" if slot.split(":", 1)[0] else "")
    return _KIND_NOUN.get(kind, kind)
