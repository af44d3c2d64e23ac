"""The lineage graph as a small SVG, drawn without any external service.

Why by hand and not graphviz: the graph has a handful of nodes, the report
must work offline as one file, and the web page must not load anything from
elsewhere.  A layered layout (depth = longest derivation path from a root,
order inside a layer by the mean position of the parents) is enough for news
lineage, which is close to a tree.

Sources are on the left, what derives from them on the right.  Versions are
rounded boxes; latent sources (``latent:N``, a source no input
version is) are dashed ellipses; each edge carries its derivation kind and
confidence; ``independent`` edges are dotted.  Every text is XML-escaped.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from html import escape
from typing import Any

__all__ = ["lineage_svg"]

_NODE_W, _NODE_H = 112, 40
_GAP_X, _GAP_Y, _MARGIN = 150, 16, 12
_KIND_COLOURS = {
    "copy": "#1b7f3b",
    "edit": "#2f6db5",
    "translation": "#8a3ab9",
    "paraphrase": "#b5602f",
    "summary": "#a07a00",
    "rewrite": "#b52f4f",
    "independent": "#888888",
}


def _depths(nodes: Sequence[str], edges: Sequence[Mapping[str, Any]]) -> dict[str, int]:
    parents: dict[str, list[str]] = {n: [] for n in nodes}
    for e in edges:
        # an "independent" edge between two versions says neither derives from the other: it
        # does not layer them; from a latent source it does (the version sits below its source)
        if e["source"] != e["target"] and (e.get("kind") != "independent" or str(e["source"]).startswith("latent:")):
            parents.setdefault(e["target"], []).append(e["source"])
    depth: dict[str, int] = {}

    def visit(n: str, stack: frozenset[str]) -> int:
        if n in depth:
            return depth[n]
        ps = [p for p in parents.get(n, ()) if p not in stack]
        d = 1 + max((visit(p, stack | {n}) for p in ps), default=-1)
        depth[n] = d
        return d

    for n in nodes:
        visit(n, frozenset())
    return depth


def _layout(nodes: list[str], edges: Sequence[Mapping[str, Any]]) -> tuple[dict[str, tuple[float, float]], float, float]:
    """Node positions (a column per derivation depth), and the drawing's width and height."""
    depth = _depths(nodes, edges)
    layers: dict[int, list[str]] = {}
    for n in nodes:
        layers.setdefault(depth[n], []).append(n)
    xpos: dict[str, float] = {}
    for d in sorted(layers):
        row = layers[d]
        if d > 0:
            def bary(n: str) -> float:
                ps = [xpos[e["source"]] for e in edges if e["target"] == n and e["source"] in xpos]
                return sum(ps) / len(ps) if ps else 1e9 + nodes.index(n)
            row.sort(key=bary)
        for i, n in enumerate(row):
            xpos[n] = i
    # left to right: a layer is a column, so edge labels sit in the gaps between columns
    tallest = max(len(r) for r in layers.values()) if layers else 1
    columns = max(layers) + 1 if layers else 1
    width = columns * (_NODE_W + _GAP_X) - _GAP_X + 2 * _MARGIN
    height = tallest * (_NODE_H + _GAP_Y) - _GAP_Y + 2 * _MARGIN
    pos: dict[str, tuple[float, float]] = {}
    for d, row in layers.items():
        offset = (height - len(row) * (_NODE_H + _GAP_Y) + _GAP_Y) / 2
        for i, n in enumerate(row):
            pos[n] = (_MARGIN + d * (_NODE_W + _GAP_X), offset + i * (_NODE_H + _GAP_Y))
    return pos, width, height


def _edge_svg(e: Mapping[str, Any], pos: Mapping[str, tuple[float, float]], uid: str) -> str:
    """One edge: a curve from source to target, labelled with its kind and confidence."""
    kind = str(e.get("kind") or "edit")
    colour = _KIND_COLOURS.get(kind, "#444444")
    marker = kind if kind in _KIND_COLOURS else "edit"
    (x1, y1), (x2, y2) = pos[e["source"]], pos[e["target"]]
    if x2 > x1:  # downstream: right side of the source to the left side of the target
        sx, sy, tx, ty = x1 + _NODE_W, y1 + _NODE_H / 2, x2, y2 + _NODE_H / 2
        c1x, c1y, c2x, c2y = (sx + tx) / 2, sy, (sx + tx) / 2, ty
    else:  # same column (independent versions): a bow on the right
        sx, sy, tx, ty = x1 + _NODE_W, y1 + _NODE_H / 2, x2 + _NODE_W, y2 + _NODE_H / 2
        bow = _GAP_X * 0.6
        c1x, c1y, c2x, c2y = sx + bow, sy, tx + bow, ty
    dash = ' stroke-dasharray="2 4"' if kind == "independent" else ""
    conf = e.get("confidence")
    label = kind + (f" {conf:.2f}" if isinstance(conf, (int, float)) else "")
    evidence = "; ".join(str(x) for x in e.get("evidence") or ())[:400]
    # the label sits 70% of the way along the curve, near its target, so the
    # labels of edges leaving one source for several targets do not overlap
    t = 0.7 if x2 > x1 else 0.5
    u = 1 - t
    mx = u**3 * sx + 3 * u * u * t * c1x + 3 * u * t * t * c2x + t**3 * tx
    my = u**3 * sy + 3 * u * u * t * c1y + 3 * u * t * t * c2y + t**3 * ty
    return (
        f'<g class="edge edge-{escape(kind)}" data-source="{escape(e["source"])}" data-target="{escape(e["target"])}">'
        f"<title>{escape(label)}{(': ' + escape(evidence)) if evidence else ''}</title>"
        f'<path d="M {sx:.1f} {sy:.1f} C {c1x:.1f} {c1y:.1f}, {c2x:.1f} {c2y:.1f}, {tx:.1f} {ty:.1f}" '
        f'fill="none" stroke="{colour}" stroke-width="2"{dash} marker-end="url(#{uid}-{marker})"/>'
        f'<rect x="{mx - 3.4 * len(label) - 4:.1f}" y="{my - 8:.1f}" width="{6.8 * len(label) + 8:.1f}" height="16" rx="4" fill="#ffffff" fill-opacity="0.9"/>'
        f'<text x="{mx:.1f}" y="{my + 4:.1f}" text-anchor="middle" font-size="11" font-family="sans-serif" fill="{colour}">{escape(label)}</text>'
        "</g>"
    )


def _node_svg(
    n: str, x: float, y: float, documents: Mapping[str, Mapping[str, Any]], labels: Mapping[str, str],
    href: Callable[[str], str] | None,
) -> str:
    """One node: a version's box (linked when ``href`` is given), or a latent source's dashed ellipse."""
    doc = documents.get(n) or {}
    if n.startswith("latent:") or (n not in documents and n not in labels):
        return (
            f'<g class="node latent" data-doc="{escape(n)}"><title>A source no input version is: {escape(n)}</title>'
            f'<ellipse cx="{x + _NODE_W / 2:.1f}" cy="{y + _NODE_H / 2:.1f}" rx="{_NODE_W / 2:.1f}" ry="{_NODE_H / 2:.1f}" '
            f'fill="#f7f7f7" stroke="#666666" stroke-width="1.5" stroke-dasharray="6 4"/>'
            f'<text x="{x + _NODE_W / 2:.1f}" y="{y + _NODE_H / 2 + 4:.1f}" text-anchor="middle" font-size="12" '
            f'font-family="sans-serif" font-style="italic" fill="#444444">latent source {escape(n.partition(":")[2] or n)}</text></g>'
        )
    label = labels.get(n, n[:9])
    lang = doc.get("language") or "?"
    tip = " · ".join(str(x) for x in (label, doc.get("title"), lang, doc.get("published")) if x)
    body = (
        f'<rect class="node-box" x="{x:.1f}" y="{y:.1f}" width="{_NODE_W}" height="{_NODE_H}" rx="8" fill="#ffffff" stroke="#333333" stroke-width="1.5"/>'
        f'<text x="{x + _NODE_W / 2:.1f}" y="{y + 18:.1f}" text-anchor="middle" font-size="13" font-weight="bold" font-family="sans-serif" fill="#111111">{escape(label)}</text>'
        f'<text x="{x + _NODE_W / 2:.1f}" y="{y + 34:.1f}" text-anchor="middle" font-size="11" font-family="sans-serif" fill="#555555">{escape(lang)}{(" · " + escape(str(doc.get("published")))) if doc.get("published") else ""}</text>'
    )
    if href:
        body = f'<a href="{escape(href(n))}">{body}</a>'
    return f'<g class="node version" data-doc="{escape(n)}"><title>{escape(tip)}</title>{body}</g>'


def lineage_svg(
    story: Mapping[str, Any],
    documents: Mapping[str, Mapping[str, Any]],
    labels: Mapping[str, str],
    href: Callable[[str], str] | None = None,
) -> str:
    """Draw a story's lineage as an inline SVG element.

    Args:
        story: a report story dict (``id``, ``documents``, ``lineage``).
        documents: report document dicts by id (for language and title tooltips).
        labels: short version labels by document id (see ``version_labels``).
        href: optional link target for a version node (``doc_id -> url``).

    Returns:
        An ``<svg>`` string; nodes carry ``data-doc`` so pages can highlight them.

    Example:
        >>> svg = lineage_svg({"id": "s", "documents": ["a", "b"],
        ...                    "lineage": [{"source": "a", "target": "b", "kind": "edit", "confidence": 0.9}]},
        ...                   {}, {"a": "A", "b": "B"})
        >>> svg.startswith("<svg") and "edit" in svg
        True
    """
    edges = [e for e in story.get("lineage") or () if e.get("source") and e.get("target")]
    nodes = list(dict.fromkeys([*story.get("documents", ()), *(x for e in edges for x in (e["source"], e["target"]))]))
    pos, width, height = _layout(nodes, edges)
    uid = "m" + "".join(ch for ch in str(story.get("id", "s")) if ch.isalnum())[:16]
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="lineage" viewBox="0 0 {width:.0f} {height:.0f}" '
        f'width="{width:.0f}" height="{height:.0f}" role="img" aria-label="Lineage of the versions">',
        "<title>Lineage: which version derives from which</title>",
        "<defs>",
    ]
    for kind, colour in _KIND_COLOURS.items():
        out.append(
            f'<marker id="{uid}-{kind}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">'
            f'<path d="M 0 0 L 10 5 L 0 10 z" fill="{colour}"/></marker>'
        )
    out.append("</defs>")
    out += [_edge_svg(e, pos, uid) for e in edges if e["source"] in pos and e["target"] in pos]
    out += [_node_svg(n, x, y, documents, labels, href) for n, (x, y) in pos.items()]
    out.append("</svg>")
    return "".join(out)
