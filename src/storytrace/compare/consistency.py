"""Consistency inside one version: totals against their parts, weekdays against dates, and the calendar.

``inconsistent_total`` (a stated total that its parts do not add up to),
``weekday_mismatch`` (a weekday beside a date it does not fall on) and
``future_event`` (a past event dated after publication).  Each needs only
the version itself.  The story date is the publication or dateline date, not
the first date the text narrates; a plan, target or forecast is not a past
event.
"""

from __future__ import annotations

import datetime as dt

import regex

from ..facts import ExtractedFact
from ..facts.dates import parse_reference_date, sentence_is_future
from ..facts.lexicon import TOTAL_CUES
from ..records import Document, Finding
from ..text.fold import fold_hyphens as fold
from ..text.isodate import parse_iso_date
from .slots import format_value, sentence_at

__all__ = ["future_events", "is_plan", "story_date", "total_findings", "weekday_mismatches"]

_IN_ALL = ("total", "in all", "ao todo", "en total", "au total", "insgesamt")


def total_findings(doc_id: str, fs: list[ExtractedFact], text: str, group: list[ExtractedFact], total: float) -> list[Finding]:
    """``inconsistent_total`` findings for one run of parts that add up to ``total``.

    Two cases: a stated total right before the parts, announced by a cue
    word, that differs from their sum; and a larger figure for the same
    people elsewhere in the version, said to be a total.
    """
    out = []
    idx = fs.index(group[0])
    prev = next((f for f in reversed(fs[:idx]) if f.kind == "quantity"), None)
    if prev is not None and prev.attrs.get("unit_kind") == "count":
        between = fold(text[prev.end:group[0].start])
        if len(between) < 60 and any(cue in between for cue in TOTAL_CUES) and prev.value != total and prev.value > max(f.value for f in group):
            out.append(
                Finding(
                    "inconsistent_total", doc_id, prev.start, group[-1].end, text[prev.start:group[-1].end],
                    f"states a total of {format_value(prev.value)} but its parts "
                    + " + ".join(format_value(f.value) for f in group) + f" add up to {format_value(total)}",
                )
            )
    heads = {f.attrs["head_stem"] for f in group}
    for other in fs:
        if (
            other.kind == "quantity" and other not in group and other.attrs.get("unit_kind") == "count"
            and other.attrs.get("head_stem") in heads and other.value > max(f.value for f in group)
            and other.value != total and other.value < 3 * total
            and any(cue in fold(text[other.start - 40:other.end + 40]) for cue in _IN_ALL)
        ):
            out.append(
                Finding(
                    "inconsistent_total", doc_id, other.start, other.end, other.text,
                    f"gives {format_value(other.value)} where its parts " + " + ".join(format_value(f.value) for f in group)
                    + f" add up to {format_value(total)}",
                )
            )
    return out


def weekday_mismatches(doc: Document, fs: list[ExtractedFact]) -> list[Finding]:
    """A weekday next to a day date it does not fall on ("Monday, June 18, 2025")."""
    out = []
    days = [f for f in fs if f.kind == "date" and f.attrs.get("granularity") == "day" and f.attrs.get("first")]
    for w in (f for f in fs if f.kind == "weekday"):
        for d in days:
            gap = doc.text[w.end:d.start] if w.end <= d.start else doc.text[d.end:w.start]
            # A weekday after a date is its apposition only when punctuation joins
            # them ("30 December 2019 (Monday)"); "30 December 2019 Sunday marked ..."
            # is a byline date followed by the story's first sentence.
            if w.start >= d.end and not regex.search(r"[,(]", gap):
                continue
            if len(gap) <= 4 and regex.fullmatch(r"[\s,(]*(?:the\s|le\s|den\s|el\s)?", gap, regex.IGNORECASE):
                day = parse_iso_date(d.attrs["first"])
                if day is None:  # not reached: a day date's "first" is a real day
                    continue
                actual = day.strftime("%A")
                if actual != w.attrs["weekday"]:
                    start, end = min(w.start, d.start), max(w.end, d.end)
                    out.append(
                        Finding("weekday_mismatch", doc.id, start, end, doc.text[start:end],
                                f"{d.attrs['first']} is a {actual}, not a {w.attrs['weekday']}")
                    )
    return out


# Words that make a dated statement a plan, a target or a possibility, not an
# event said to have happened ("a revenue target of $2bn in 2027", "could reopen
# in May 2026"), folded, in the languages the tool reads.
_PLAN_CUES = frozenset(
    """target targets targeted goal goals aim aims aimed objective objectives plan plans planned planning forecast
    forecasts projected projection projections expect expects expected expecting estimate estimates outlook guidance
    scheduled intend intends intended could may might should must would can budget deadline ambition pledge pledged
    meta metas objetivo objetivos previsto prevista preve planeja pretende deve devera podera espera esperado projecao
    prevision prevé preve planea pretende debera podria esperan
    objectif objectifs prevoit prevu prevue prevision devrait pourrait compte ambition
    ziel ziele plant geplant soll sollen konnte prognose erwartet erwarten
    obiettivo obiettivi prevede previsto dovrebbe potrebbe piano
    cel celu plan planuje planowane prognoza powinien moze
    цель цели план планирует планируется прогноз должен может ожидается
    hedef hedefi plan planliyor bekleniyor tahmin
    هدف خطة تخطط يتوقع
    目标 计划 预计 预期 将""".split()
)
# A deadline ("by 2030", "bis 2030", "d'ici 2030", "hasta 2030", "до 2030 года")
# dates a target, not an event.
_DEADLINE = regex.compile(
    r"(?:\bby|\buntil|\bbefore|\bthrough|\bbis|\bd'ici|\bhasta|\bate|\baté|\bentro|\bdo|\bдо|\bк|\bkadar|\bdeadline)"
    r"\s+(?:the\s+end\s+of\s+|end\s+of\s+|ende\s+|fin\s+de\s+|fim\s+de\s+|finales\s+de\s+)?\S{0,12}$",
    regex.IGNORECASE,
)


def is_plan(sentence: str, before: str = "") -> bool:
    """Whether a dated statement is a plan, target, forecast or possibility rather than a past event.

    ``before`` is the text just before the date ("by" in "by 2030").

    >>> is_plan("The company set a revenue target of $2 billion for 2027."), is_plan("Sales reached $2 billion in 2027.")
    (True, False)
    >>> is_plan("Emissions must fall 40%", before="Emissions must fall 40% by ")
    True
    """
    words = {w.strip(",;:()\"'«»“”") for w in fold(sentence).split()}
    return bool(words & _PLAN_CUES) or sentence_is_future(sentence) or bool(_DEADLINE.search(before[-40:]))


def story_date(doc: Document, fs: list[ExtractedFact]) -> dt.date | None:
    """The date a version speaks from: its publication date, else its dateline's date.

    Never the first date its text narrates: a retrospective that opens with
    "On 5 May 1945, ..." was not published in 1945.
    """
    ref = parse_reference_date(doc.published, doc.dateline)
    if ref is not None:
        return ref
    for f in fs:
        if f.kind == "date" and f.attrs.get("dateline") and f.attrs.get("granularity") == "day" and f.attrs.get("year_given"):
            return parse_iso_date(str(f.attrs.get("first") or f.value))
    return None


def future_events(doc: Document, fs: list[ExtractedFact], sentences) -> list[Finding]:
    """Past events dated after the version's publication (:func:`story_date`).

    Plans, targets, forecasts and possibilities (:func:`is_plan`) are not
    events said to have happened, so their dates are exempt.
    """
    ref = story_date(doc, fs)
    if ref is None:
        return []
    out = []
    for f in fs:
        if f.kind != "date" or not f.attrs.get("year_given") or not f.attrs.get("first"):
            continue
        first = parse_iso_date(f.attrs["first"])
        if first is None or first <= ref + dt.timedelta(days=1):
            continue
        s = sentence_at(sentences, f.start)
        text = s.text if s else doc.text[max(0, f.start - 200):f.end]
        before = doc.text[(s.start if s else max(0, f.start - 200)):f.start]
        if is_plan(text, before):
            continue
        out.append(
            Finding("future_event", doc.id, f.start, f.end, f.text,
                    f"an event dated {f.value} is reported as past in a story published {ref.isoformat()}")
        )
    return out
