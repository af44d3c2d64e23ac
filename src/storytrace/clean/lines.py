"""Line shapes: how long, how prose-like, how headline-like a line is; and line normalisation.

Every later pass reads the text as lines, and judges them by shape (a short
line without a final period after prose is a headline, "- Outlet" names an
outlet) rather than by wording.
"""

from __future__ import annotations

import re
import unicodedata

from .vocab import REL_TIME

__all__ = ["comparable", "count_words", "fix_glued", "is_headline_like", "is_prose", "is_short", "normalize_lines", "read_outlet"]

_GLUED_SENTENCE = re.compile(r"(?<=[a-zà-ÿ]{2}[.!?])(?=[A-ZÀ-Ý][a-zà-ÿ])|(?<=\b[A-Z]\.[A-Z]\.)(?=[A-Z][a-z])")


def comparable(s: str) -> str:
    """``s`` in the form lines are compared in: NFKC, single spaces, case-folded."""
    return " ".join(unicodedata.normalize("NFKC", s).split()).casefold()


def count_words(s: str) -> int:
    """Number of space-separated words."""
    return len(s.split())


def is_short(line: str) -> bool:
    """Headline / header / furniture sized: not a paragraph of prose."""
    s = line.strip()
    return not (len(s) >= 160 or count_words(s) >= 28)


def is_prose(line: str) -> bool:
    """A paragraph of text: long, or a sentence of 60 characters or more with its final punctuation."""
    s = line.strip()
    return not is_short(s) or (len(s) >= 60 and s[-1:] in ".!?\"”’'»)")


def is_headline_like(line: str) -> bool:
    """Short, at least two words, no final period or comma, not a relative timestamp."""
    s = line.strip()
    return is_short(s) and count_words(s) >= 2 and s[-1:] not in ".,;:" and not REL_TIME.match(s)


def read_outlet(line: str) -> str | None:
    """'- Western Telegraph' / '| Outlet' / '• Outlet' -> 'Western Telegraph'."""
    m = re.match(r"^\s*[-–—•|·]\s*(\S.{0,60}?)\s*$", line)
    if m and count_words(m.group(1)) <= 6 and m.group(1)[-1:] not in ".!?":
        return m.group(1)
    return None


def fix_glued(line: str) -> str:
    """Put back the space lost between sentences ("States.Rosyn Park") outside URLs."""
    # One search over the line settles most lines: the pattern holds no space,
    # so a token can only match where the line does (and ~500 regex calls per
    # document on every token were a third of the plain-text path's time).
    if "." not in line or not _GLUED_SENTENCE.search(line):
        return line
    tokens = line.split(" ")
    for i, tok in enumerate(tokens):
        if "://" in tok or tok.lower().startswith("www.") or "@" in tok:
            continue
        tokens[i] = _GLUED_SENTENCE.sub(" ", tok)
    return " ".join(tokens)


def normalize_lines(text: str) -> list[str]:
    """``text`` as lines: NFC, one kind of newline, no-break and zero-width spaces gone, runs of spaces collapsed."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = text.replace("\u00a0", " ").replace("\u200b", "").replace("\ufeff", "")
    out = []
    for line in text.split("\n"):
        line = re.sub(r"[ \t\f\v]+", " ", line).strip()
        out.append(line)
    return out
