"""Dates and weekdays in running text, in every language CLDR names months and weekdays for, resolved to ISO values.

Why by hand and not ``dateparser.search``: dateparser finds dates but returns
neither reliable offsets nor the granularity of what was written ("April",
"summer 2024", "from summer 2024 to spring 2025"), and it reads any bare
number or "may" as a date.  Here month and weekday names come from CLDR via
Babel, per locale; the patterns are few and language-neutral; every fact
keeps its offsets and its granularity (day, month, season, year, range).

Weekdays are resolved against a reference date, the publication date (or a
date in the dateline): without a future cue in the sentence ("will", "vai",
"wird") a weekday is the latest such day on or before the reference, so a
"Tuesday" in a story of Wednesday 18 June 2025 is 17 June 2025.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from functools import cache

import regex

from ..text import calendar
from ..text.fold import fold_hyphens
from ..text.isodate import find_iso_date, parse_iso_date
from .extracted import ExtractedFact
from .lexicon import (
    ALL_STOPWORDS,
    FUTURE_CUES,
    LANGS,
    SEASON_CANON,
    SEASONS,
    STOPWORDS,
    month_names,
    weekday_names,
)

__all__ = ["dateline_span", "find_dates", "parse_reference_date", "sentence_is_future", "weekday_date"]

_WEEKDAY_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _alternation(names: Sequence[str]) -> str:
    parts = []
    for name in sorted(set(names), key=len, reverse=True):
        # Written names may carry stray spaces around hyphens ("quarta -feira").
        esc = regex.escape(name).replace(r"\-", r"\s*-\s*")
        parts.append(esc)
    return "|".join(parts)


@cache
def _patterns(langs: tuple[str, ...]) -> tuple[regex.Pattern, regex.Pattern, dict, dict]:
    months: dict[str, int] = {}
    full_months: list[str] = []
    abbr_months: list[str] = []
    days: dict[str, int] = {}
    day_names: list[str] = []
    for lang in langs:
        for ctx in calendar.CONTEXTS:
            for num, name in calendar.months(lang, "wide", ctx).items():
                full_months.append(name)
                months[fold_hyphens(name)] = num
            for num, name in calendar.months(lang, "abbreviated", ctx).items():
                name = name.rstrip(".")
                if len(name) >= 3:
                    abbr_months.append(name)
                    months[fold_hyphens(name)] = num
            for name in calendar.weekdays(lang, "wide", ctx).values():
                if name.endswith("-feira"):
                    day_names.append(name[: -len("-feira")])
        for variant in _MONTH_VARIANTS.get(lang, ()):
            for num, name in calendar.months(variant, "wide", "format").items():
                full_months.append(name)
                months[fold_hyphens(name)] = num
        forms = calendar.weekday_forms(lang)
        day_names.extend(forms)
        days.update({fold_hyphens(form): num for form, num in forms.items()})
        days.update(weekday_names(lang))
        months.update(month_names(lang))
    abbr_months.append("Sept")
    full = _alternation(full_months)
    abbr = _alternation([a for a in abbr_months if fold_hyphens(a) not in {fold_hyphens(f) for f in full_months}])
    month_any = rf"(?:{full}|(?:{abbr})\.?)"
    year = r"(?:1[89]\d\d|20\d\d)"
    day = r"(?:[12]\d|3[01]|0?[1-9])"
    seasons = _alternation([*list(SEASONS), "verão", "otoño", "été", "frühling", "frühjahr"])
    date_re = regex.compile(
        rf"""
        (?<!\d)(?P<cjk>(?:(?P<cy>{year})\s*年\s*)?(?P<cm>1[0-2]|0?[1-9])\s*月\s*(?:(?P<cd>[12]\d|3[01]|0?[1-9])\s*[日号])?)
        | (?<![\p{{L}}\d])(?:
          (?P<iso>(?P<iy>{year})-(?P<im>0[1-9]|1[0-2])-(?P<id>[0-2]\d|3[01]))(?!\d)
        | (?P<d1>{day})(?:st|nd|rd|th|º|°|er|\.)?\s*(?:de\s+|of\s+)?(?P<m1>{month_any})(?![\p{{L}}])
              (?:,?\s*(?:de\s+|of\s+)?(?P<y1>{year})(?!\d))?
        | (?P<m2>{month_any})\s+(?P<d2>{day})(?:st|nd|rd|th)?(?![\d\p{{L}}])(?:,?\s*(?P<y2>{year})(?!\d))?
        | (?P<m3>{full}|(?:{abbr})\.)(?:\s*,)?\s+(?:de\s+|of\s+|del\s+)?(?P<y3>{year})(?!\d)
        | (?P<s4>{seasons})\s+(?:de\s+|of\s+|del\s+|d'|)(?P<y4>{year})(?!\d)
        | (?P<p5>(?:in|since|until|by|early|late|mid|last|this|em|desde|ate|até|en|hasta|depuis|jusqu'en|im|seit|bis|no\s+mes\s+de|el\s+mes\s+de)\s+(?:early\s+|late\s+|mid-)?)(?P<m5>{full})(?![\p{{L}}])(?!\.?,?\s*(?:de\s+|of\s+|del\s+)?{year})
        | (?P<p6>(?:in|since|until|by|em|desde|até|ate|en|hasta|depuis|jusqu'en|im|seit|bis|of|de|do|del|du|von|the)\s+)(?P<y6>{year})(?![\d.,]\d)
        )
        """,
        regex.IGNORECASE | regex.VERBOSE,
    )
    cased = [n for n in day_names if not regex.search(r"\p{Han}", n)]
    han = [n for n in day_names if regex.search(r"\p{Han}", n)]
    weekday_src = rf"(?<![\p{{L}}])(?:{_alternation(cased)})(?![\p{{L}}])"
    if han:  # no spaces around Chinese words; "一周一次" (once a week) is no Monday
        weekday_src += rf"|(?<![一二两三四五六七八九十每几])(?:{_alternation(han)})"
    weekday_re = regex.compile(weekday_src, regex.IGNORECASE)
    return date_re, weekday_re, months, days


# Prepositions that also stand before a count ("de 2000 personas", "von 2000 Menschen").
_PARTITIVE = frozenset({"de", "do", "del", "du", "von"})

# Regional month names CLDR keeps under another locale of the language
# (Levantine and Iraqi Arabic: "أيار" for May, "كانون الثاني" for January).
_MONTH_VARIANTS = {"ar": ("ar_SY",)}

# Portuguese weekdays without "-feira" are weekdays only after a preposition.
_SHORT_PT = frozenset({"segunda", "terca", "quarta", "quinta", "sexta"})
_SHORT_PT_BEFORE = [[w] for w in ("na", "nesta", "desta", "numa", "ultima", "proxima", "ate", "esta")]
_RANGE_OPEN = regex.compile(r"(?:from|between|de|desde|entre|du|von|zwischen|do|del|da)\s*$", regex.IGNORECASE)
_RANGE_JOIN = regex.compile(
    r"^\s*(?:to|until|till|through|and|-|–|a|ao|à|até|ate|e|al|hasta|y|au|à|jusqu'(?:à|au|en)|et|bis|zum|und)\s*(?:l'|la\s|le\s|o\s|a\s|el\s|den\s|zum\s)?\s*$",
    regex.IGNORECASE,
)


def parse_reference_date(published: str | None, dateline: str | None = None, text: str = "", lang: str | None = None) -> dt.date | None:
    """The date a story's relative dates are read against: publication, else a dated dateline.

    >>> parse_reference_date("2025-06-18")
    datetime.date(2025, 6, 18)
    """
    published_day = find_iso_date(published)
    if published_day is not None:
        return published_day
    for source in (dateline or "", text[:200]):
        if not source:
            continue
        for fact in find_dates(source, lang=lang, reference=None):
            a = fact.attrs
            if a.get("granularity") == "day" and a.get("year_given"):
                return parse_iso_date(fact.value)
    return None


# The head of a first paragraph that is a dateline or credit line: a short place
# (and maybe a date) closed by a dash, or by an agency credit in parentheses
# ("LISBON, Portugal —", "Lisbon, March 12 (WNS)", "Seoul, June 18 (AP) --").
_DATELINE_HEAD = regex.compile(
    r"^(?P<head>\p{Lu}[^\n.!?;:]{1,70}?)\s*"
    r"(?:(?P<credit>\([\p{Lu}\p{N}][^()\n]{0,28}\))\s*(?:[—–]|--?(?=\s))?|(?<=\S)\s+(?:[—–]|--?)(?=\s))"
)


_HEAD_CONNECTORS = frozenset("de do da dos das del la le of the am im".split())


def _is_dateline_head(head: str) -> bool:
    """A place and maybe a date: at most eight words, each capitalised, a number, a month or a connector."""
    words = regex.findall(r"[\p{L}\p{N}]+", head)
    if not words or len(words) > 8:
        return False
    months = _patterns(LANGS)[2]
    return all(w[0].isupper() or w[0].isdigit() or fold_hyphens(w) in _HEAD_CONNECTORS or fold_hyphens(w) in months for w in words)


def dateline_span(text: str, dateline: str | None = None) -> tuple[int, int] | None:
    """Offsets of the dateline or credit line opening one of the first two lines of ``text``.

    A date inside it is the version's publication metadata, not a claim of
    the story.  A head counts when it is short (at most eight words, each
    capitalised, a number, a month name or a connector), and it either starts with the cleaner's ``dateline`` or ends with an agency
    credit in parentheses.

    Args:
        text: the clean text.
        dateline: the dateline place the cleaner found, if any.

    Returns:
        ``(start, end)`` in ``text``, or None.

    >>> text = "Lisbon, March 12 (WNS) Portugal is preparing to send engineers."
    >>> text[slice(*dateline_span(text))]
    'Lisbon, March 12 (WNS)'
    >>> dateline_span("Portugal said on March 12 (Tuesday) that it would send engineers.") is None
    True
    """
    pos = 0
    for _ in range(3):
        line_end = text.find("\n", pos)
        line = text[pos:] if line_end < 0 else text[pos:line_end]
        if line.strip():
            lead = len(line) - len(line.lstrip())
            m = _DATELINE_HEAD.match(line, lead)
            if m and _is_dateline_head(m.group("head")):
                starts = bool(dateline) and fold_hyphens(m.group("head")).startswith(fold_hyphens(dateline or "").strip())
                if starts or m.group("credit"):
                    return pos + lead, pos + len(line[:m.end()].rstrip())
            if len(line.split()) > 15:
                return None  # the first paragraph of prose: no dateline before it
        if line_end < 0:
            return None
        pos = line_end + 1
    return None


def weekday_date(weekday: int, reference: dt.date, future: bool = False) -> dt.date:
    """The date of ``weekday`` (0 = Monday) nearest ``reference``: on/before it, or after it if ``future``.

    >>> weekday_date(1, dt.date(2025, 6, 18))  # Tuesday in a Wednesday story
    datetime.date(2025, 6, 17)
    """
    delta = (reference.weekday() - weekday) % 7
    if future:
        return reference + dt.timedelta(days=(weekday - reference.weekday()) % 7)
    return reference - dt.timedelta(days=delta)


_FUTURE_NEAR = frozenset(
    "will shall next coming upcoming scheduled planned expected vai ira irao proximo proxima "
    "va van proximo prochain prochaine sera wird werden soll nachsten kommenden".split()
)


def _sentence_has_future(text: str, start: int, end: int) -> bool:
    """True when a future cue stands in the few words just before a date ("will meet on Friday")."""
    words = [w.strip(",;:()\"'") for w in fold_hyphens(text[max(0, start - 40):start]).split()][-4:]
    return bool(set(words) & _FUTURE_NEAR) and not (set(words) & {"said", "says", "disse", "dijo", "dit", "sagte"})


_FUTURE_TENSE = regex.compile(r"\b\w{2,}r(?:á|ão|án|ás|emos|ont)\b", regex.IGNORECASE)


def sentence_is_future(sentence: str) -> bool:
    """True when a sentence looks ahead: a future cue word ("will", "would", "vai",
    "prochain", "wird") or a Romance future-tense verb ("reunirá", "irão", "viendront").

    >>> sentence_is_future("A commission will meet in May."), sentence_is_future("Uma comissão se reunirá em maio.")
    (True, True)
    """
    words = {w.strip(",;:()\"'") for w in fold_hyphens(sentence).split()}
    return bool(words & (FUTURE_CUES | {"would"})) or bool(_FUTURE_TENSE.search(sentence))


def _sentence_around(text: str, start: int, end: int) -> str:
    left = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start))
    right = [i for i in (text.find(". ", end), text.find("\n", end)) if i >= 0]
    return text[left + 1:(min(right) if right else len(text))]


def _month_year(month: int, reference: dt.date | None, future: bool) -> int | None:
    if reference is None:
        return None
    year = reference.year
    # A month later than the reference month is last year's, unless the sentence looks ahead.
    if month > reference.month + (0 if not future else 12):
        year -= 1
    return year


def _last_day(year: int, month: int) -> int:
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    return (nxt - dt.timedelta(days=1)).day


def find_dates(text: str, lang: str | None = None, reference: dt.date | None = None, document: str = "") -> list[ExtractedFact]:
    """Find dates, date ranges and weekdays in ``text``.

    Args:
        text: the clean text.
        lang: ISO 639-1 code; its CLDR month and weekday names (with the
            case forms of :func:`storytrace.text.calendar.weekday_forms`) are
            read.  None, or a language CLDR does not know: en, pt, es, fr
            and de names together.
        reference: publication (or dateline) date, used to give a year to
            "April 30" and a date to "Tuesday".
        document: the document id stored in each fact.

    Returns:
        ``date`` facts (value: "2025-04-30", "2025-04", "2024", "2024-summer"
        or a range "2024-summer/2025-spring"; attrs: granularity, first and
        last day) and ``weekday`` facts (value: the resolved ISO date, or the
        English weekday name without a reference), with offsets.

    >>> [f.value for f in find_dates("Shoigu said Tuesday, after talks on April 30.", "en", dt.date(2025, 6, 18))]
    ['2025-06-17', '2025-04-30']
    """
    langs = (lang,) if lang in LANGS or (lang and calendar.weekdays(lang)) else LANGS
    date_re, weekday_re, months, days = _patterns(langs)
    facts: list[ExtractedFact] = []
    for m in date_re.finditer(text):
        start, end = m.start(), m.end()
        future = sentence_is_future(_sentence_around(text, start, end))
        parts = _date_parts(m, lang, months, reference, future)
        if parts is None:
            continue
        start, y, mo, d, gran, year_given = parts
        value, first, last = _iso(y, mo, d, gran)
        if value is None:
            continue
        facts.append(
            ExtractedFact(
                "date", f"date:{value}", value, start, end, text[start:end], document,
                {"granularity": gran, "first": first, "last": last, "year_given": year_given, "future": future},
            )
        )
    facts = _merge_ranges(text, facts, document)
    taken = [(f.start, f.end) for f in facts]
    facts.extend(_weekdays(text, weekday_re, days, taken, lang, reference, document))
    facts.sort(key=lambda f: f.start)
    return facts


def _date_parts(
    m: regex.Match[str], lang: str | None, months: Mapping[str, int], reference: dt.date | None, future: bool
) -> tuple[int, int | None, int | None, int | None, str, bool] | None:
    """Read one match of the date pattern: (start, year, month, day, granularity, year given), or None.

    None when the month name is unknown, or a lower-case "may"/"march" in a
    language where it is also an ordinary word.
    """
    g = m.groupdict()
    start = m.start()
    if g["iso"]:
        return start, int(g["iy"]), int(g["im"]), int(g["id"]), "day", True
    if g["cjk"]:  # "2020年1月6日", "1 月 6 日", "3月"
        cmo = int(g["cm"])
        cy = int(g["cy"]) if g["cy"] else _month_year(cmo, reference, future)
        if g["cd"]:
            return start, cy, cmo, int(g["cd"]), "day", bool(g["cy"])
        return start, cy, cmo, None, "month", bool(g["cy"])
    if g["m1"] or g["m2"]:
        mname = g["m1"] or g["m2"]
        mo = months.get(fold_hyphens(mname).rstrip("."))
        ys = g["y1"] or g["y2"]
        if mo is None:
            return None
        if mname[:1].islower() and (lang in (None, "en", "de")) and fold_hyphens(mname) in {"may", "march", "mar"}:
            return None
        y = int(ys) if ys else _month_year(mo, reference, future)
        return start, y, mo, int(g["d1"] or g["d2"]), "day", bool(ys)
    if g["m3"]:
        mo = months.get(fold_hyphens(g["m3"]).rstrip("."))
        return None if mo is None else (start, int(g["y3"]), mo, None, "month", True)
    if g["s4"]:
        span = SEASONS.get(fold_hyphens(g["s4"]))
        return None if span is None else (start, int(g["y4"]), span[0], None, "season", True)
    if g["m5"]:
        mo = months.get(fold_hyphens(g["m5"]))
        if mo is None or ((lang in (None, "en", "de")) and g["m5"][:1].islower()):
            return None
        return m.start("m5"), _month_year(mo, reference, future), mo, None, "month", False
    if g["y6"]:
        after = regex.match(r"\s+(\p{L}+)", m.string[m.end():m.end() + 40])
        partitive = fold_hyphens(g["p6"].strip()) in _PARTITIVE
        if partitive and after and (after.group(1)[:1].islower() or lang == "de") and fold_hyphens(after.group(1)) not in STOPWORDS.get(lang or "", ALL_STOPWORDS):
            return None  # "de 2000 personas", "of 2000 workers": a count before its noun, not a year
        return m.start("y6"), int(g["y6"]), None, None, "year", True
    return None  # pragma: no cover - the pattern has no other branch


def _weekdays(
    text: str,
    weekday_re: regex.Pattern,
    days: dict[str, int],
    taken: list[tuple[int, int]],
    lang: str | None,
    reference: dt.date | None,
    document: str,
) -> list[ExtractedFact]:
    """``weekday`` facts outside the ``taken`` spans (the dates), resolved against ``reference``."""
    out: list[ExtractedFact] = []
    for m in weekday_re.finditer(text):
        if any(s <= m.start() < e for s, e in taken):
            continue
        word = fold_hyphens(m.group(0))
        wd = days.get(word)
        if wd is None:
            continue
        if word in _SHORT_PT and fold_hyphens(text[max(0, m.start() - 12):m.start()]).split()[-1:] not in _SHORT_PT_BEFORE:
            continue  # "segunda" alone is "second"; "na segunda" is Monday
        if m.group(0)[:1].islower() and lang in (None, "en", "de"):
            continue
        if not _weekday_reading(text, m, lang):
            continue
        future = _sentence_has_future(text, m.start(), m.end())
        attrs = {"weekday": _WEEKDAY_EN[wd], "future": future}
        if reference is not None:
            value = weekday_date(wd, reference, future).isoformat()
        else:
            value = _WEEKDAY_EN[wd]
        out.append(ExtractedFact("weekday", f"weekday:{_WEEKDAY_EN[wd]}", value, m.start(), m.end(), m.group(0), document, attrs))
    return out


# Weekday forms that are also common words: Turkish "pazar" (market) and
# "cuma" (Friday prayer) are weekdays when capitalised or before "günü"
# (day) and its kin; Russian "среда" (also: environment) in the cases it
# shares with "environment" is a weekday only after a preposition of time.
_AMBIGUOUS_WEEKDAYS = {"tr": frozenset({"pazar", "cuma"}), "ru": frozenset({"среда", "среды", "среде", "средой"})}
_TR_DAY_AFTER = regex.compile(r"\s+(?:günü|gecesi|sabahı|akşamı|öğleden)", regex.IGNORECASE)
_RU_TIME_BEFORE = frozenset("в во до с со на к по от через каждую эту прошлую следующую ближайшую".split())


def _weekday_reading(text: str, m: regex.Match[str], lang: str | None) -> bool:
    """False when the match is an ambiguous form used as the other word (see :data:`_AMBIGUOUS_WEEKDAYS`)."""
    word = m.group(0).lower()
    if word not in _AMBIGUOUS_WEEKDAYS.get(lang or "", ()):
        return True
    if lang == "tr":
        return m.group(0)[:1].isupper() or bool(_TR_DAY_AFTER.match(text, m.end()))
    before = text[max(0, m.start() - 20):m.start()].lower().split()
    return bool(before) and before[-1] in _RU_TIME_BEFORE


def _iso(y: int | None, mo: int | None, d: int | None, gran: str) -> tuple[str | None, str | None, str | None]:
    """(value, first day, last day) of a date of granularity ``gran``; Nones if it is no real date."""
    try:
        if gran == "day":
            if mo is None or d is None:
                return None, None, None
            if y is None:
                return f"--{mo:02d}-{d:02d}", None, None
            day = dt.date(y, mo, d).isoformat()
            return day, day, day
        if gran == "month":
            if mo is None:
                return None, None, None
            if y is None:
                return f"--{mo:02d}", None, None
            return f"{y}-{mo:02d}", f"{y}-{mo:02d}-01", f"{y}-{mo:02d}-{_last_day(y, mo):02d}"
        if gran == "season":
            if y is None:
                return None, None, None
            s_from, s_to = next(span for span in SEASON_CANON if span[0] == mo)
            end_year = y + 1 if s_to < s_from else y
            return (
                f"{y}-{SEASON_CANON[(s_from, s_to)]}",
                f"{y}-{s_from:02d}-01",
                f"{end_year}-{s_to:02d}-{_last_day(end_year, s_to):02d}",
            )
        if gran == "year":
            return f"{y}", f"{y}-01-01", f"{y}-12-31"
    except (ValueError, StopIteration, TypeError):
        return None, None, None
    return None, None, None


def _merge_ranges(text: str, facts: list[ExtractedFact], document: str) -> list[ExtractedFact]:
    """Join "from X to Y" (and its translations) into one ``date`` fact with a range value."""
    out: list[ExtractedFact] = []
    i = 0
    while i < len(facts):
        a = facts[i]
        if i + 1 < len(facts):
            b = facts[i + 1]
            opener = _RANGE_OPEN.search(text[max(0, a.start - 12):a.start])
            if opener and _RANGE_JOIN.match(text[a.end:b.start]) and a.attrs.get("first") and b.attrs.get("last"):
                start = a.start - (len(opener.group(0)) + (a.start - max(0, a.start - 12) - opener.end()))
                value = f"{a.value}/{b.value}"
                out.append(
                    ExtractedFact(
                        "date", f"date:{value}", value, start, b.end, text[start:b.end], document,
                        {"granularity": "range", "first": a.attrs["first"], "last": b.attrs["last"],
                         "year_given": True, "future": a.attrs.get("future", False)},
                    )
                )
                i += 2
                continue
        out.append(a)
        i += 1
    return out
