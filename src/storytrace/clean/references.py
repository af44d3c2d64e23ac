"""Reference lists whose URLs a stray space broke ("...-in-Kursk- article22489714.html").

The repair is read only for ``Document.citations``: the clean text keeps the
line as written, so offsets point into it, and the repair is recorded in
``Document.meta["repaired_citations"]``.  URLs are read with
:data:`storytrace.citations.urls.URL_PATTERN`, the pattern of the citation list.
"""

from __future__ import annotations

import re

from ..citations.urls import URL_PATTERN, trim_url

__all__ = ["REF_LINE", "repair_reference_line", "repair_reference_lines"]

REF_LINE = re.compile(r"^\s*(?:\[\d{1,3}\]|\d{1,3}[.)]|[-*•])\s*(?:.{0,200}?\s)?(?:https?://|www\.)", re.I)
_URL_TAIL = re.compile(r"^[\w\-./%?=&#~+:;@!$,*()]+$")


def repair_reference_line(line: str) -> tuple[str, dict[str, str]]:
    """Join a URL broken by a stray space inside a reference list line.

    Returns the repaired line (read only for ``Document.citations``: the
    clean text keeps the line as written) and, per repaired URL, the broken
    text it was read from.

    ``[1] https://x.de/a-b- article1.html[2] https://y`` -> ``[1] https://x.de/a-b-article1.html[2] https://y``,
    ``{"https://x.de/a-b-article1.html": "https://x.de/a-b- article1.html"}``
    """
    pieces = re.split(r"(\[\d{1,3}\])", line)
    out = []
    repairs: dict[str, str] = {}
    for piece in pieces:
        if piece.startswith("[") or "://" not in piece:
            out.append(piece)
            continue
        lead = piece[: len(piece) - len(piece.lstrip())]
        tokens = piece.strip().split(" ")
        if tokens and URL_PATTERN.match(tokens[0]):
            joined = [tokens[0]]
            written = tokens[0]
            rest = tokens[1:]
            while rest:
                tok = rest[0]
                prev = joined[-1]
                url_like_tail = bool(_URL_TAIL.match(tok)) and not URL_PATTERN.match(tok)
                joins = url_like_tail and (
                    prev[-1:] in "-/_.=&?#+%" or tok[:1] in "-/_.=&?#%"
                    or re.search(r"\.(?:s?html?|php|aspx?|jsp|cfm|pdf)\b", tok, re.I) is not None
                )
                if not joins:
                    break
                joined[-1] = prev + tok
                written += " " + tok
                rest = rest[1:]
            if written != joined[0]:
                repairs[trim_url(joined[0])] = trim_url(written)
            trail = piece[len(piece.rstrip()):]
            out.append(lead + " ".join(joined + rest) + trail)
        else:
            out.append(piece)
    return "".join(out), repairs


def repair_reference_lines(lines: list[str]) -> tuple[list[str], dict[str, str]]:
    """``lines`` with every reference-list line repaired, and all the repairs (repaired URL -> as written).

    >>> repair_reference_lines(["Text.", "[1] https://x.de/a-b- article1.html"])
    (['Text.', '[1] https://x.de/a-b-article1.html'], {'https://x.de/a-b-article1.html': 'https://x.de/a-b- article1.html'})
    """
    repaired_lines, repaired = [], {}
    for line in lines:
        if REF_LINE.match(line) or re.search(r"\[\d{1,3}\]\s*https?://", line):
            line, repairs = repair_reference_line(line)
            repaired.update(repairs)
        repaired_lines.append(line)
    return repaired_lines, repaired
