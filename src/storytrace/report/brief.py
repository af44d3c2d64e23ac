"""The consolidated brief in Markdown: what happened (agreed facts, with sources), then what differs.

:func:`storytrace.report.build.build_report` writes each story's ``brief``
with :func:`brief_markdown` when the report is built, and the Markdown
renderer calls it again with labels for split-off articles too.  Both go
through :func:`storytrace.report.views.brief_outline`, so the report's brief,
the Markdown report and the HTML report say the same thing.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from .views import brief_outline, relabel, version_labels

__all__ = ["brief_markdown", "md_escape"]

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")


def md_escape(text: str) -> str:
    """Escape what Markdown would read as markup (and raw HTML) in document text.

    >>> md_escape("<b>*x*</b>")
    '\\\\<b\\\\>\\\\*x\\\\*\\\\</b\\\\>'
    """
    return _MD_SPECIAL.sub(r"\\\1", text).replace("\n", " ")


def _chips(ids: list[str], labels: Mapping[str, str]) -> str:
    return " ".join(f"`{labels.get(i, i)}`" for i in ids)


def _marked(segments: list[dict[str, Any]]) -> str:
    out = []
    for s in segments:
        text = md_escape(s["text"])
        if "fact-value" in s["classes"] and text.strip():
            lead = text[: len(text) - len(text.lstrip())]
            trail = text[len(text.rstrip()):]
            text = f"{lead}**{text.strip()}**{trail}"
        out.append(text)
    return "".join(out).strip()


def brief_markdown(
    story: Mapping[str, Any],
    documents: Mapping[str, Mapping[str, Any]],
    labels: Mapping[str, str] | None = None,
    max_sentences: int = 6,
    housekeeping: bool = True,
) -> str:
    """The brief of one report story as Markdown.

    Args:
        story: a report story dict.
        documents: report document dicts by id.
        labels: version labels (computed from the sources when None).
        max_sentences: at most this many "what happened" sentences.
        housekeeping: list what cleaning set aside (the Markdown report lists
            it in its own section instead).

    Returns:
        Markdown with ``### What happened`` and ``### What differs`` sections;
        every fact is followed by its source chips (version labels in code
        spans); in each section the confident findings come first and the
        rest sit in a ``<details>`` block, one click away.
    """
    labels = labels or version_labels(documents[d] for d in story.get("documents", ()) if d in documents)
    outline = brief_outline(story, documents, max_sentences)
    lines = ["### What happened", ""]
    if not outline["happened"]:
        lines.append("_No fact is stated by more than one version._")
    for n, item in enumerate(outline["happened"], 1):
        lines.append(f"{n}. {_marked(item['segments'])}  ")
        lines.append(f"   _in_ {_chips(item['versions'], labels)}")
        for fact in item["facts"]:
            lines.append(f"   - **{md_escape(fact['value'])}** ({fact['kind']}): {_chips(fact['versions'], labels)}")
    lines.append("")
    lines.append("### What differs")
    lines.append("")
    substantive = [g for g in outline["differs"] if not g["housekeeping"]]
    if not substantive:
        lines.append("_The versions agree on every fact found._")
        lines.append("")
    for group in outline["differs"]:
        if group["housekeeping"]:
            continue
        lines += [f"#### {group['title']}", ""]
        for item in group["confident"]:
            lines.append(_difference_md(group["kind"], item, labels))
        if group["more"]:
            if group["confident"]:
                lines.append("")
            lines.append(f"<details><summary>{len(group['more'])} less certain</summary>")
            lines.append("")
            for item in group["more"]:
                lines.append(_difference_md(group["kind"], item, labels))
            lines += ["", "</details>"]
        lines.append("")
    house = [g for g in outline["differs"] if g["housekeeping"]]
    if house and housekeeping:
        lines += ["### Set aside while cleaning", ""]
        for group in house:
            for item in group["entries"]:
                text = item["text"]
                short = text if len(text) <= 160 else text[:157] + "…"
                related = f" → {_chips(item['related'], labels)}" if item.get("related") else ""
                lines.append(f"- {group['kind']} in `{labels.get(item['document'], item['document'])}`: {md_escape(relabel(item['detail'], labels))}{related}: ~~{md_escape(short)}~~")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _level(item: Mapping[str, Any]) -> str:
    conf = item.get("confidence")
    return f" _({item.get('level', 'high')}, {float(conf):.2f})_" if conf is not None else ""


def _difference_md(kind: str, item: Mapping[str, Any], labels: Mapping[str, str]) -> str:
    return _difference_text(kind, item, labels) + _level(item)


def _difference_text(kind: str, item: Mapping[str, Any], labels: Mapping[str, str]) -> str:
    if "variants" in item:
        parts = [f"“{md_escape(v['text'])}” in {_chips(v['versions'], labels)}" for v in item["variants"]]
        return f"- {md_escape(item['title'])}: " + "; ".join(parts)
    if "diff" in item:
        a, b = item["a"], item["b"]
        speaker = f" ({md_escape(a['speaker'] or b['speaker'])})" if a.get("speaker") or b.get("speaker") else ""
        changes = "; ".join(
            f"{'removed' if op == '-' else 'added'} “{md_escape(words)}”" for op, words in item["diff"] if op in "+-"
        )
        return (
            f"- {item['label']} quote{speaker}: `{labels.get(b['document'], b['document'])}` “{md_escape(b['text'] or '')}” "
            f"vs `{labels.get(a['document'], a['document'])}` “{md_escape(a['text'] or '')}”" + (f" ({changes})" if changes else "")
        )
    related = f" (compare {_chips(item['related'], labels)})" if item.get("related") else ""
    text = f" “{md_escape(item['text'])}”" if item.get("text") else ""
    times = f" (×{item['count']})" if item.get("count", 1) > 1 else ""
    return f"- `{labels.get(item['document'], item['document'])}`{text}{times}: {md_escape(relabel(item['detail'], labels))}{related}"
