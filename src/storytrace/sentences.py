"""Sentence splitting for news text, in any language the pipeline meets.

Why by hand and not with a library splitter: the general-purpose splitters
(punkt, pysbd, spaCy's sentencizer) are trained or tuned on clean prose and get
news conventions wrong in ways that matter for alignment: they split datelines
("SEOUL, South Korea —") off their sentence, keep transcripts glued without a
space after the period ("...for months.Rosyn Park reports.") in one sentence,
split after "U.S." before a name, or detach a closing quotation mark.  The
rules below are few and language-neutral, with small per-language abbreviation
lists; every sentence keeps its character offsets into the input text.

Rules, in order:

1. Paragraph breaks (blank lines and single line breaks) always end a
   sentence, so headlines and title lines are their own sentence.  Two
   exceptions keep hard-wrapped prose and datelines whole: a line that ends
   without sentence punctuation and is followed by a line starting in lower
   case is joined to it, and a line that ends with a dash ("SEOUL (AP) —") is
   joined to the next.
2. Inside a paragraph a sentence ends after ``.``, ``!``, ``?``, ``…`` (and the
   CJK full stops), together with any closing quotation marks and brackets
   that follow, when the next word does not start in lower case.
3. No split after a known title abbreviation ("Mr.", "Dr.", "Sra."), after a
   dotted abbreviation or an initial ("U.S.", "U.N.", "J.") or after other
   known abbreviations ("Jan.", "Inc.") unless the next word is a common
   sentence opener ("The", "But", "Ele"), and never inside a number ("3.5").
4. A period glued to a capitalised word ("months.Rosyn") is a boundary.
"""

from __future__ import annotations

import regex

from .records import Sentence

__all__ = ["split_sentences"]

# Titles and honorifics: a capitalised name always follows, never split.
_TITLES = frozenset(
    """
    mr mrs ms messrs dr drs prof sr sra srta sres dra dras jr st ste mt ft
    gen col lt sgt capt cmdr adm maj gov sen rep reps rev hon pres supt insp
    fr msgr mme mlle mm m hr fr frau herr dott sig sgra ing lic arq eng
    no nos nr nº n vol pp art fig ca vs v cf
    """.split()
)
# Other abbreviations: a sentence may end on them, so split only before a
# typical sentence opener.
_ABBREVIATIONS = frozenset(
    """
    jan feb mar apr jun jul aug sep sept oct nov dec
    janv févr avr juil sept déc ene abr ago dic fev
    inc ltd co corp bros llc plc dept univ assn ave blvd rd hwy est approx
    etc al ex eg ie viz op ed eds tel ref cia ltda sa
    bzw usw ggf evtl ca vgl
    """.split()
)
# Common sentence openers, lower-cased, in the languages the pipeline knows
# best.  After an abbreviation or an initial we only split before one of these.
_OPENERS = frozenset(
    """
    the a an it its he she they we i you this that these those there here
    but and so yet or if when while as after before since in on at for
    his her their our my what who how why where however meanwhile
    o os a as um uma ele ela eles elas isso isto mas e no na nos nas em
    el la los las un una lo ellos ellas pero y en es esto eso
    le les une il elle ils elles mais et en ce cette ces
    der die das ein eine er sie es wir aber und in im am
    """.split()
)
_CLOSERS = "\"'”’»)]}›」』"
_TERMINALS = ".!?…。！？"

# Candidate boundaries: terminal punctuation plus closers, then either
# whitespace or (glued) a capitalised word.
_BOUNDARY = regex.compile(
    r"(?P<punct>[.!?…。！？]+)(?P<close>[" + regex.escape(_CLOSERS) + r"]*)"
)
_WORD_BEFORE = regex.compile(r"([\p{L}\p{N}.'’-]*)$")
_NEXT_WORD = regex.compile(r"\s*([\"'“‘«„‹(\[¿¡—–-]*)\s*([\p{L}\p{N}]+)")
_DASH_END = regex.compile(r"[—–-]\s*$")
_URLISH = regex.compile(r"(?:https?://|www\.)\S*$", regex.I)


def _boundaries_in(text: str, start: int, end: int, lang: str | None) -> list[int]:
    """Offsets (absolute) where a sentence ends inside ``text[start:end]``."""
    cuts: list[int] = []
    segment = text[start:end]
    for m in _BOUNDARY.finditer(segment):
        cut = m.end()
        after = segment[cut:]
        if not after.strip():
            break
        punct = m.group("punct")
        cjk = punct[-1] in "。！？"
        glued = not after[:1].isspace()
        if glued and not cjk:
            # "months.Rosyn" splits; "3.5", "U.S.", "e.g.", "example.com" do not.
            if m.group("close") and after[:1].isalpha() and after[:1].isupper():
                cuts.append(start + cut)
                continue
            if not regex.match(r"\p{Lu}\p{Ll}", after):
                continue
            before = segment[max(0, m.start() - 60) : m.start()]
            if _URLISH.search(before) or regex.match(r"\S*\.\p{L}", after):
                continue  # "www.Example.Com", "Node.Js.org"
            prev = _WORD_BEFORE.search(before).group(1)
            if "." in prev and len(prev.replace(".", "")) <= 2 and punct == ".":
                # "U.S.South Korea": a dotted abbreviation glued to a new sentence
                cuts.append(start + cut)
                continue
            if len(prev) < 2 or prev.lower() in _TITLES:
                continue
            cuts.append(start + cut)
            continue
        if cjk:
            cuts.append(start + cut)
            continue
        nxt = _NEXT_WORD.match(after)
        if not nxt:
            cuts.append(start + cut)
            continue
        opener, word = nxt.group(1), nxt.group(2)
        first = word[0]
        if first.islower() and not opener:
            continue  # '?" he said', "approx. five"
        if punct != ".":
            cuts.append(start + cut)
            continue
        before = segment[max(0, m.start() - 60) : m.start()]
        prev = _WORD_BEFORE.search(before).group(1).strip("'’-")
        bare = prev.lower().rstrip(".")
        is_opener = word.lower() in _OPENERS
        if not prev:
            cuts.append(start + cut)
            continue
        if "." in prev:  # "U.S.", "U.N.", "e.g.", "J.R.R."
            if is_opener:
                cuts.append(start + cut)
            continue
        if bare in _TITLES:
            continue
        if len(prev) == 1 and prev.isalpha() and prev.isupper():  # an initial: "John F. Kennedy"
            if is_opener:
                cuts.append(start + cut)
            continue
        if bare in _ABBREVIATIONS and not m.group("close"):
            if is_opener:
                cuts.append(start + cut)
            continue
        if (lang or "").startswith("de") and prev.isdigit() and len(prev) <= 2 and not is_opener:
            continue  # German ordinals: "am 18. Juni"
        if first.isdigit() and prev.isdigit():
            continue
        cuts.append(start + cut)
    return cuts


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph after rule 1 (line joins)."""
    lines: list[tuple[int, int]] = []
    for m in regex.finditer(r"[^\n\r\u2028\u2029]+", text):
        s, e = m.span()
        raw = m.group(0)
        s += len(raw) - len(raw.lstrip())
        e -= len(raw) - len(raw.rstrip())
        if e > s:
            lines.append((s, e))
    merged: list[list[int]] = []
    for s, e in lines:
        if merged:
            ps, pe = merged[-1]
            prev_text = text[ps:pe]
            gap = text[pe:s]
            blank = gap.count("\n") + gap.count("\r") - gap.count("\r\n") > 1
            joins = False
            if _DASH_END.search(prev_text) and len(prev_text) < 80:
                joins = True  # a dateline on its own line
            elif (
                not blank
                and prev_text[-1] not in _TERMINALS + _CLOSERS + ":;"
                and text[s].islower()
            ):
                joins = True  # hard-wrapped prose
            if joins:
                merged[-1][1] = e
                continue
        merged.append([s, e])
    return [(s, e) for s, e in merged]


def split_sentences(text: str, lang: str | None = None) -> tuple[Sentence, ...]:
    """Split news text into sentences with offsets into ``text``.

    Args:
        text: the clean text of a document (any language).
        lang: optional ISO 639-1 code; only used for small language-specific
            rules (e.g. German ordinals "18. Juni").

    Returns:
        The sentences in order, each with ``index``, ``start``, ``end`` and
        ``text == text[start:end]`` (stripped of surrounding white space).

    Example:
        >>> [s.text for s in split_sentences("Headline\\nThe U.S. said so. Mr. Kim left.")]
        ['Headline', 'The U.S. said so.', 'Mr. Kim left.']
    """
    out: list[Sentence] = []
    for ps, pe in _paragraphs(text):
        cuts = _boundaries_in(text, ps, pe, lang)
        prev = ps
        for cut in [*cuts, pe]:
            s, e = prev, cut
            while s < e and text[s].isspace():
                s += 1
            while e > s and text[e - 1].isspace():
                e -= 1
            if e > s:
                out.append(Sentence(index=len(out), start=s, end=e, text=text[s:e]))
            prev = cut
    return tuple(out)
