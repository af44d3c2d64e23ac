"""The report as Markdown: the brief first, then versions, lineage, facts and removed content."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .brief import brief_markdown, md_escape
from .render_html import comparison_pairs
from .views import (
    brief_outline,
    fact_label_of,
    fact_mentions_by_document,
    relabel,
    side_by_side,
    sorted_facts,
    story_summary,
    version_labels,
)

__all__ = ["render_markdown"]


def _chip(doc_id: str, labels: Mapping[str, str]) -> str:
    return f"`{labels.get(doc_id, doc_id)}`"


def render_markdown(report: Mapping[str, Any], max_sentences: int = 6) -> str:
    """Render a ``storytrace.report/v1`` dict as Markdown.

    Args:
        report: the report dict.
        max_sentences: "what happened" length (``report.max_brief_sentences``).

    Returns:
        Markdown text: per story the brief (what happened, what differs, with
        source chips), the versions, the lineage, the facts, the differing
        sentences of each compared pair, and what cleaning removed.

    Example:
        >>> render_markdown({"generator": {"name": "storytrace", "version": "0"}, "documents": [], "stories": []}).splitlines()[0]
        '# storytrace report'
    """
    documents = {d["id"]: d for d in report.get("documents") or ()}
    gen = report.get("generator") or {}
    out = [
        "# storytrace report",
        "",
        f"_Generated {report.get('created', '')} by {gen.get('name', 'storytrace')} {gen.get('version', '')}"
        f"{' (settings ' + gen['settings_digest'] + ')' if gen.get('settings_digest') else ''}._",
        "",
    ]
    labels = version_labels(d for d in documents.values() if not d.get("rejected"))
    ordered = sorted(enumerate(report.get("stories") or ()), key=lambda p: (-len(p[1].get("documents") or ()), p[0]))
    for _, story in ordered:
        out += _story_md(story, documents, labels, max_sentences)
    rejected = [d for d in documents.values() if d.get("rejected")]
    if rejected:
        out += ["## Rejected inputs", ""]
        for d in rejected:
            out.append(f"- {md_escape(d.get('source') or d['id'])}: {d['rejected'].get('reason')} — {md_escape(d['rejected'].get('detail') or '')}")
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def _story_md(story: Mapping[str, Any], documents: Mapping[str, Mapping[str, Any]], labels: Mapping[str, str], max_sentences: int) -> list[str]:
    """One story's section: summary, brief, versions, lineage, facts, side by side, removed content."""
    ids = [d for d in story.get("documents") or () if d in documents]
    children = [d["id"] for d in documents.values() if d.get("parent") in ids and d["id"] not in ids]
    summary = story_summary(story, documents)
    out = [f"## {md_escape(summary['title'])}", ""]
    out.append(
        f"{summary['versions']} versions · languages {', '.join(summary['languages']) or '?'} · "
        f"{summary['agreed_facts']} agreed facts · {summary['findings']} findings ({summary['confident_findings']} confident)"
    )
    out.append("")
    if summary.get("failure"):
        out += [f"**{md_escape(summary['failure'])}**", ""]
    # regenerated rather than story["brief"]: here the split-off articles have labels too;
    # what cleaning removed is listed once, in its own section below
    out.append(brief_markdown(story, documents, labels, max_sentences, housekeeping=False))
    out += ["", "### Versions", "", "| version | title | language | published | source |", "|---|---|---|---|---|"]
    for d in ids + children:
        doc = documents[d]
        source = md_escape(doc.get("source") or "")
        if doc.get("parent"):
            source += f" (split off {_chip(doc['parent'], labels)})"
        out.append(
            f"| {_chip(d, labels)} | {md_escape(doc.get('title') or '')} | {doc.get('language') or '?'} | {doc.get('published') or ''} | {source} |"
        )
    out += _lineage_md(story, labels) + _facts_md(story, labels)
    outline = brief_outline(story, documents, max_sentences)
    out += _pairs_md(story, documents, labels, comparison_pairs(story, outline["base"]))
    removed = [(d, r) for d in ids + children for r in documents[d].get("removed") or ()]
    if removed:
        out += ["", "### Removed while cleaning", ""]
        for d, r in removed:
            text = r.get("text") or ""
            short = text if len(text) <= 200 else text[:197] + "…"
            child = f" → {_chip(r['child'], labels)}" if r.get("child") else ""
            out.append(f"- {_chip(d, labels)} {r.get('kind')}: {md_escape(r.get('reason') or '')}{child}: ~~{md_escape(short)}~~")
    out.append("")
    return out


def _lineage_md(story: Mapping[str, Any], labels: Mapping[str, str]) -> list[str]:
    out = ["", "### Lineage", ""]
    if not story.get("lineage"):
        out.append("_No derivation found._")
    for e in story.get("lineage") or ():
        src = f"_latent source {e['source'][7:]}_" if e["source"].startswith("latent:") else _chip(e["source"], labels)
        evidence = f" — {md_escape(relabel('; '.join(e.get('evidence') or ()), labels))}" if e.get("evidence") else ""
        out.append(f"- {src} → {_chip(e['target'], labels)}: **{e['kind']}** ({(e.get('confidence') or 0):.2f}){evidence}")
    return out


def _facts_md(story: Mapping[str, Any], labels: Mapping[str, str]) -> list[str]:
    out: list[str] = []
    facts = sorted_facts(story.get("facts") or ())
    shared = [f for f in facts if f.get("status") != "single"]
    if shared:
        out += ["", "### Facts", "", "| kind | fact | status | versions |", "|---|---|---|---|"]
        for f in shared:
            mentions = "; ".join(
                f"{_chip(d, labels)} {md_escape(' / '.join(texts))}" for d, texts in fact_mentions_by_document(f).items()
            )
            out.append(f"| {f['kind']} | {md_escape(fact_label_of(f))} | {f['status']} | {mentions} |")
    if len(facts) > len(shared):
        out += ["", f"_{len(facts) - len(shared)} facts stated by one version only are listed in the JSON report._"]
    return out


def _pairs_md(story, documents, labels: Mapping[str, str], pairs) -> list[str]:
    """The changed rows of each compared pair of versions (at most 12 each)."""
    out: list[str] = []
    if pairs:
        out += ["", "### Side by side (changed sentences)", ""]
    for a, b in pairs:
        view = side_by_side(story, documents, a, b)
        changed = [r for r in view["rows"] if r["label"] not in ("identical",)]
        out += [f"#### {labels.get(a, a)} ↔ {labels.get(b, b)}" + (" (different languages)" if view["cross_language"] else ""), ""]
        for shown, row in enumerate(changed):
            if shown >= 12:
                out.append(f"- … {len(changed) - shown} more rows")
                break
            left = _segments_md(row["a"]) or "—"
            right = _segments_md(row["b"]) or "—"
            out.append(f"- _{row['label']}_: {left} ⟷ {right}")
        if not changed:
            out.append("_Identical sentences only._")
        out.append("")
    return out


def _segments_md(segs: list[dict[str, Any]]) -> str:
    parts = []
    for s in segs:
        text = md_escape(s["text"])
        classes = set(s["classes"])
        core = text.strip()
        if core:
            lead, trail = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()):]
            if "num-changed" in classes or "ins" in classes:
                text = f"{lead}**{core}**{trail}"
            elif "del" in classes:
                text = f"{lead}~~{core}~~{trail}"
        parts.append(text)
    # neighbouring marked pieces read as one: "**a** **b**" -> "**a b**"
    return "".join(parts).strip().replace("** **", " ").replace("~~ ~~", " ").replace("****", "").replace("~~~~", "")
