"""Markdown to plain paragraphs, keeping link targets in the text so citations keep offsets.

Why by hand: a Markdown renderer makes HTML, and the HTML path would then
re-extract the main text; here only headings, bullets, emphasis, images and
rules are dropped, and reference-list lines are left as written.
"""

from __future__ import annotations

import re

from .references import REF_LINE

__all__ = ["markdown_to_text"]

_MD_LINK = re.compile(r"!?\[([^\]]*)\]\(\s*(<?[^)\s]+>?)(?:\s+\"[^\"]*\")?\s*\)")
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$")
_MD_BULLET = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
_MD_EMPH = re.compile(r"(?<![\w*])(\*\*|__|\*|_|~~|`)(?=\S)(.+?)(?<=\S)\1(?![\w*])")


def markdown_to_text(text: str) -> str:
    """Markdown to plain paragraphs: headings, bullets and emphasis marks dropped,
    links kept as their text followed by the URL in parentheses (so citations keep offsets)."""
    lines = []
    in_code = False
    for line in text.splitlines():
        if line.strip().startswith("```"):
            in_code = not in_code
            continue
        if in_code:
            lines.append(line)
            continue
        m = _MD_HEADING.match(line)
        if m:
            line = m.group(1)
        line = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", line)  # images
        line = _MD_LINK.sub(lambda mm: f"{mm.group(1)} ({mm.group(2).strip('<>')})" if mm.group(1) else mm.group(2).strip("<>"), line)
        line = _MD_BULLET.sub("", line) if not REF_LINE.match(line) else line
        line = _MD_EMPH.sub(r"\2", line)
        if re.fullmatch(r"\s*(?:[-*_]\s*){3,}", line):
            continue  # horizontal rule
        lines.append(line)
    return "\n".join(lines)
