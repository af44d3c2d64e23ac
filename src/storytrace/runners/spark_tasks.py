"""What the Spark runner's executors run: JSON forms of records and the task functions.

Each task is a generator over the rows of one partition that calls the pure
stage functions of :mod:`storytrace` (the ``read``/``clean`` and per-story
stages of :mod:`storytrace.pipeline`, fingerprinting and the pair score of
:mod:`storytrace.group`).  Nothing here imports pyspark, so the tasks can be
tested, and pickled to executors, without a Spark session; the driver that
checkpoints the stages is :mod:`storytrace.runners.spark`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import fields
from typing import Any

from ..pipeline import STORY_STAGES, iter_clean_documents, run_stages
from ..settings import Settings

# ------------------------------------------------------------------ JSON forms


def fingerprint_to_json(fp) -> str:
    """A fingerprint as JSON text; key order is kept (blocking keys follow it).

    >>> from storytrace.fingerprint import fingerprint_text
    >>> fp = fingerprint_text("Shoigu said 1,000 sappers go to Kursk.", lang="en", id="d1")
    >>> fingerprint_from_json(fingerprint_to_json(fp)) == fp
    True
    """
    from ..serialize import jsonable

    return json.dumps(jsonable(fp), ensure_ascii=False, separators=(",", ":"))


def fingerprint_from_json(text: str):
    """The :class:`~storytrace.fingerprint.Fingerprint` that :func:`fingerprint_to_json` wrote."""
    from ..fingerprint import Fingerprint

    data = json.loads(text)
    known = {f.name for f in fields(Fingerprint)}
    values = {k: v for k, v in data.items() if k in known}
    values["rare"] = tuple(values.get("rare") or ())
    return Fingerprint(**values)


def _document(text: str):
    from ..serialize import document_from_dict

    return document_from_dict(json.loads(text))


class _View:
    """Just enough of the Store protocol for :func:`storytrace.export.iter_tables` over one slice."""

    def __init__(self, documents=(), stories=(), analyses=None):
        self._documents = list(documents)
        self._stories = list(stories)
        self._analyses = analyses or {}

    def iter_documents(self):
        return iter(self._documents)

    def stories(self):
        return self._stories

    def get_analysis(self, story_id):
        return self._analyses.get(story_id)


def _table_rows(table: str, view: _View) -> list[tuple]:
    from ..export import TABLES, iter_tables

    columns = list(TABLES[table])
    return [tuple(row[c] for c in columns) for row in iter_tables(view)[table]]


# ------------------------------------------------------------------ task functions (run in executors)


def _ingest_task(items: Iterable[tuple[int, str]], settings: Settings) -> Iterator[tuple]:
    """(input number, path) -> ("doc"|"rej", id, order, seq, json); order keeps the local runner's first-wins."""
    from ..records import Rejected
    from ..serialize import dumps

    for order, path in items:
        for seq, item in enumerate(iter_clean_documents([path], settings)):
            kind = "rej" if isinstance(item, Rejected) else "doc"
            yield (kind, item.id, order, seq, dumps(item))


def _fingerprint_task(rows: Iterable[Any]) -> Iterator[tuple]:
    from ..fingerprint import fingerprint
    from ..index import blocking_keys

    for row in rows:
        fp = fingerprint(_document(row["json"]))
        yield (fp.id, fingerprint_to_json(fp), list(dict.fromkeys(blocking_keys(fp))))


def _rank_candidates(doc_id: str, hits: list, limit: int, min_score: float) -> list[str]:
    """One document's best neighbours, exactly as ``InvertedIndex.candidates`` ranks them.

    ``hits`` are (key position, other id, key df); weights are added in the
    document's key order so the float sums equal the in-memory index's.
    """
    from ..index import best_candidates, key_weight

    scores: dict[str, float] = {}
    for _pos, other, df in sorted(hits, key=lambda h: (h[0], h[1])):
        scores[other] = scores.get(other, 0.0) + key_weight(df)
    return best_candidates(scores, limit, min_score)


def _candidate_task(rows: Iterable[Any], limit: int, min_score: float) -> Iterator[tuple[str, str]]:
    for row in rows:
        hits = [(h["pos"], h["other"], h["df"]) for h in row["hits"]]
        for other in _rank_candidates(row["id"], hits, limit, min_score):
            yield (row["id"], other) if row["id"] < other else (other, row["id"])


_LINK_BATCH = 2048  # pairs scored at once (group.score_pairs): vectorised, a few MB of arrays


def _link_task(rows: Iterable[Any], settings: Settings) -> Iterator[tuple]:
    from itertools import islice

    from .. import group

    threshold = float(settings.group.threshold)
    window = int(settings.group.time_window_days)
    rows = iter(rows)
    while batch := list(islice(rows, _LINK_BATCH)):
        pairs = []
        for row in batch:
            fa, fb = fingerprint_from_json(row["fa"]), fingerprint_from_json(row["fb"])
            if window > 0:
                apart = group.days_apart(fa.published, fb.published)
                if apart is not None and apart > window:
                    continue
            pairs.append((row["a"], row["b"], fa, fb))
        scores = group.score_pairs([(fa, fb) for _, _, fa, fb in pairs])
        for (a, b, fa, fb), score in zip(pairs, scores):
            anchors = list(group.shared_anchors(fa, fb)) if score >= threshold else []
            yield (a, b, float(score), anchors)


def _story_task(rows: Iterable[Any]) -> Iterator[tuple]:
    from .. import group
    from ..records import GroupLink, Story
    from ..serialize import dumps

    for row in rows:
        members = sorted(row["members"], key=lambda m: m["id"])
        links = [
            GroupLink(link["a"], link["b"], round(link["score"], 4), tuple(link["anchors"] or ()))
            for link in sorted(row["links"] or (), key=lambda link: link["rank"])
        ]
        ids = [m["id"] for m in members]
        story = Story(
            id=group.story_id(ids),
            document_ids=tuple(ids),
            title=group.story_title([group.StoryMember(m["id"], m["title"]) for m in members], links),
            links=tuple(links),
        )
        yield (story.id, dumps(story), ids)


def _analysis_task(rows: Iterable[Any], settings: Settings) -> Iterator[tuple[str, str]]:
    from ..serialize import dumps, story_from_dict

    for row in rows:
        story = story_from_dict(json.loads(row["story"]))
        documents = {d.id: d for d in map(_document, row["docs"])}
        state = run_stages(STORY_STAGES, {"story": story, "documents": documents, "settings": settings})
        yield (story.id, dumps(state["analysis"]))


def _result_rows(rows: Iterable[Any], table: str) -> Iterator[tuple]:
    from ..serialize import analysis_from_dict, story_from_dict

    for row in rows:
        if table == "documents":
            yield from _table_rows(table, _View(documents=[_document(row["json"])]))
        elif table == "memberships":
            yield from _table_rows(table, _View(stories=[story_from_dict(json.loads(row["json"]))]))
        else:
            analysis = analysis_from_dict(json.loads(row["json"]))
            view = _View(stories=[analysis.story], analyses={analysis.story.id: analysis})
            yield from _table_rows(table, view)
