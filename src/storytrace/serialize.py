"""Plain-JSON forms of the records, and back.

The store keeps records as JSON (SQLite TEXT, PostgreSQL JSONB) and the report
and API speak JSON, so each record has exactly one JSON shape, defined here.
:func:`jsonable` writes every record the same way (field names as keys,
tuples as lists, frozen mappings as objects); the ``*_from_dict`` functions
read them back, so round trips are exact: ``document_from_dict(jsonable(d)) == d``.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import fields, is_dataclass
from typing import Any

from .records import (
    AlignedPair,
    Alignment,
    AnalysisFailure,
    Document,
    Fact,
    Finding,
    GroupLink,
    LineageEdge,
    Mention,
    Quote,
    QuoteMatch,
    Rejected,
    RemovedSpan,
    Sentence,
    Story,
    StoryAnalysis,
)

__all__ = [
    "analysis_from_dict",
    "document_from_dict",
    "dumps",
    "jsonable",
    "rejected_from_dict",
    "story_from_dict",
]


def jsonable(value: Any) -> Any:
    """Recursively turn records, tuples and mappings into JSON-ready values."""
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: jsonable(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [jsonable(v) for v in value]
        return sorted(items, key=repr) if isinstance(value, (set, frozenset)) else items
    if isinstance(value, float) and math.isnan(value):  # NaN is not JSON
        return None
    return value


def dumps(value: Any) -> str:
    return json.dumps(jsonable(value), ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _tuple(items: Any) -> tuple:
    return tuple(items or ())



def document_from_dict(data: Mapping[str, Any]) -> Document:
    values = dict(data)
    values["credits"] = _tuple(values.get("credits"))
    values["disclosures"] = _tuple(values.get("disclosures"))
    values["citations"] = _tuple(values.get("citations"))
    values["removed"] = tuple(RemovedSpan(**r) for r in values.get("removed") or ())
    values["meta"] = dict(values.get("meta") or {})
    known = {f.name for f in fields(Document)}
    return Document(**{k: v for k, v in values.items() if k in known})


def rejected_from_dict(data: Mapping[str, Any]) -> Rejected:
    return Rejected(**{f.name: data[f.name] for f in fields(Rejected)})



def story_from_dict(data: Mapping[str, Any]) -> Story:
    return Story(
        id=data["id"],
        document_ids=_tuple(data["document_ids"]),
        title=data.get("title"),
        links=tuple(
            GroupLink(link["a"], link["b"], link["score"], _tuple(link.get("anchors"))) for link in data.get("links") or ()
        ),
    )


def _quote(data: Mapping[str, Any]) -> Quote:
    values: dict[str, Any] = {f.name: data.get(f.name) for f in fields(Quote)}
    return Quote(**values)



def analysis_from_dict(data: Mapping[str, Any]) -> StoryAnalysis:
    return StoryAnalysis(
        story=story_from_dict(data["story"]),
        sentences={
            doc: tuple(Sentence(**s) for s in sentences) for doc, sentences in (data.get("sentences") or {}).items()
        },
        alignments=tuple(
            Alignment(
                a["a"],
                a["b"],
                tuple(AlignedPair(_tuple(p["a"]), _tuple(p["b"]), p["label"], p["score"]) for p in a["pairs"]),
            )
            for a in data.get("alignments") or ()
        ),
        lineage=tuple(
            LineageEdge(e["source"], e["target"], e["kind"], e["confidence"], _tuple(e.get("evidence")))
            for e in data.get("lineage") or ()
        ),
        quotes=tuple(
            QuoteMatch(
                _quote(q["a"]),
                _quote(q["b"]),
                q["label"],
                q["score"],
                tuple((op, words) for op, words in q.get("diff") or ()),
            )
            for q in data.get("quotes") or ()
        ),
        facts=tuple(
            Fact(
                f["id"],
                f["kind"],
                f["key"],
                f["value"],
                f["status"],
                tuple(Mention(**m) for m in f.get("mentions") or ()),
            )
            for f in data.get("facts") or ()
        ),
        findings=tuple(
            Finding(
                x["kind"], x["document"], x["start"], x["end"], x["text"], x["detail"], _tuple(x.get("related")),
                float(x.get("confidence", 1.0)),
            )
            for x in data.get("findings") or ()
        ),
        brief=data.get("brief") or "",
        failure=AnalysisFailure(**data["failure"]) if data.get("failure") else None,
    )

