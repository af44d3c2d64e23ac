"""Framing: contested descriptors for the same counted people.

A ``framing`` finding marks a version that calls a group by a label the
others contradict ("humanitarian" where they say "military", per
:data:`storytrace.facts.lexicon.FRAMING_OPPOSITES`), or by a loaded label
(:data:`~storytrace.facts.lexicon.LOADED_LABELS`) that at least two other
versions do without.  A total and its parts count as the same people.
"""

from __future__ import annotations

from collections import defaultdict

from ..facts.lexicon import FRAMING_OPPOSITES, LOADED_LABELS
from ..records import Finding
from .slots import Slot

__all__ = ["framing_findings"]


def framing_findings(slots: list[Slot]) -> list[Finding]:
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
