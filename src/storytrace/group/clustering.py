"""Story grouping: documents joined into stories along their strongest links.

:func:`group_stories` never compares all pairs: an inverted index
(:mod:`storytrace.index`) proposes at most ``group.max_candidates`` neighbours
per document; every proposed pair at or above ``group.threshold`` (and within
``group.time_window_days`` when both dates are known) is an edge.  The
fingerprints and the pair scores are made in worker processes
(:mod:`storytrace.group.workers`).  Edges are taken strongest first (ties by
ids) and join their documents' stories (:func:`join_edges`, which the Spark
runner calls too), so the result depends only on the set of documents, never
on their order.  Stories passed in ``existing`` are kept: their members stay
together, new documents join them or start new stories, and two existing
stories are never merged.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import NamedTuple, TypeVar

import numpy as np

from ..fingerprint import Fingerprint
from ..fingerprint_table import FingerprintTable
from ..index import InvertedIndex
from ..records import Document, GroupLink, Story, content_id
from ..settings import Settings
from ..text.isodate import parse_iso_date
from ..unionfind import UnionFind
from .pairs import _shared_named
from .workers import fingerprint_documents, pair_scores, worker_processes

__all__ = ["JoinedEdges", "StoryMember", "days_apart", "group_stories", "join_edges", "story_id", "story_title"]

def days_apart(a: str | None, b: str | None) -> int | None:
    """Days between two ``published`` dates (ISO; only the date part is read), or None if either is unknown.

    >>> days_apart("2024-06-18T10:00:00Z", "2024-06-20")
    2
    >>> days_apart("2024-06-18", "yesterday") is None
    True
    """
    da, db = _day_number(a), _day_number(b)
    if math.isnan(da) or math.isnan(db):
        return None
    return abs(int(da) - int(db))

def _day_number(published: str | None) -> float:
    """The day number (``date.toordinal``) of an ISO date's first 10 characters; NaN when there is none.

    The time window of :func:`days_apart` and of the candidate pairs; the
    date itself is read by :func:`storytrace.text.isodate.parse_iso_date`.
    """
    day = parse_iso_date(published)
    return math.nan if day is None else float(day.toordinal())

def story_id(document_ids: Iterable[str]) -> str:
    """Deterministic story id from its members: "s" + content_id of the sorted ids.

    >>> story_id(["d2", "d1"]) == story_id(["d1", "d2"])
    True
    """
    return content_id("\n".join(sorted(document_ids)), prefix="s")

def group_stories(
    documents: Sequence[Document],
    settings: Settings | None = None,
    *,
    existing: Sequence[Story] = (),
    advance: Callable[[int], None] | None = None,
) -> list[Story]:
    """Group documents into stories.

    Args:
        documents: clean documents; split-off appended articles (``parent``
            set) take part like any other document.
        settings: ``group.threshold``, ``group.max_candidates``,
            ``group.time_window_days``, ``group.backend`` and its neural
            settings; ``run.workers`` processes fingerprint the documents and
            score candidate pairs (1: all in this process).
        existing: stories from earlier runs.  They are kept: their members
            stay together (members missing from ``documents`` included), new
            documents join them or start new stories, and two existing
            stories are never merged.
        advance: called with the number of documents fingerprinted so far
            since the last call (for progress bars).

    Returns:
        Stories sorted by id; each has the links (score and shared anchors)
        that joined its members and the title of its most central member.
        The result does not depend on the order of ``documents`` nor on the
        number of workers.

    >>> docs = [Document(id="d1", source="a", text="Shoigu said 1,000 sappers and 5,000 workers go to Kursk.", language="en"),
    ...         Document(id="d2", source="b", text="Shoigu disse que 1.000 sapadores e 5.000 trabalhadores vão para Kursk.", language="pt"),
    ...         Document(id="d3", source="c", text="The central bank raised interest rates by 0.25 points in Brazil.", language="en")]
    >>> sorted(len(s.document_ids) for s in group_stories(docs))
    [1, 2]
    """
    settings = settings if settings is not None else Settings()
    unique: dict[str, Document] = {}
    for doc in documents:
        unique.setdefault(doc.id, doc)
    ordered = [unique[i] for i in sorted(unique)]
    texts = {d.id: d.text for d in ordered} if settings.group.backend != "lexical" else None
    workers = worker_processes(len(ordered), settings)
    table = fingerprint_documents(ordered, workers, advance)
    return _group_table(table, settings, existing, texts, workers)

def _candidate_pairs(table: FingerprintTable, settings: Settings) -> tuple[np.ndarray, np.ndarray]:
    """Rows of the pairs worth scoring (inverted index, then the time window), sorted."""
    index = InvertedIndex()
    for doc_id, keys in zip(table.ids, table.blocking):
        index.add(doc_id, keys)
    left, right = index.candidate_pairs(int(settings.group.max_candidates))
    window = int(settings.group.time_window_days)
    if window > 0 and len(left):
        day = np.array([_day_number(p) for p in table.published])
        apart = np.abs(day[left] - day[right])
        close = np.isnan(apart) | (apart <= window)  # an unknown date does not keep a pair apart
        left, right = left[close], right[close]
    return left, right

class StoryMember(NamedTuple):
    """What :func:`story_title` needs of a member: its id and title."""

    id: str
    title: str | None

Edge = TypeVar("Edge", bound=tuple)

class JoinedEdges(NamedTuple):
    """What :func:`join_edges` made of a run of edges."""

    #: the documents' sets: ``union.find(id)`` is a document's story root
    union: UnionFind[str]
    #: the edges that joined two stories, in the order they were given
    edges: list
    #: union root -> the id of the existing story it holds
    owner: dict[str, str]

def join_edges(edges: Iterable[Edge], existing: Sequence[Story] = ()) -> JoinedEdges:
    """Join documents into stories along ``edges``, taken in the order given.

    Args:
        edges: tuples ``(id_a, id_b, ...)`` of two document ids and anything
            the caller wants carried along (a score, rows, anchors).  Give them
            strongest first, ties by ids: the stories then depend only on the
            set of edges.  An iterator is read once, as it comes (the Spark
            runner streams its edges to the driver).
        existing: stories from earlier runs.  Their members start joined,
            and an edge between two of them is skipped: two existing stories
            are never merged.

    Returns:
        The union-find over the documents named by ``edges`` and
        ``existing``, the edges that joined two stories, and which root holds
        which existing story.

    >>> joined = join_edges([("d1", "d2", 0.9), ("d2", "d3", 0.8), ("d1", "d3", 0.7)])
    >>> [edge[2] for edge in joined.edges], joined.union.find("d3")
    ([0.9, 0.8], 'd1')
    >>> old = [Story(id="s1", document_ids=("d1",)), Story(id="s2", document_ids=("d2",))]
    >>> join_edges([("d1", "d2", 0.9)], existing=old).edges
    []
    """
    union: UnionFind[str] = UnionFind()
    owner: dict[str, str] = {}
    for story in sorted(existing, key=lambda s: s.id):
        members = sorted(story.document_ids)
        for m in members[1:]:
            union.union(members[0], m)
        if members:
            owner[union.find(members[0])] = story.id
    joined = []
    for edge in edges:
        id_a, id_b = edge[0], edge[1]
        ra, rb = union.find(id_a), union.find(id_b)
        if ra == rb:
            continue
        oa, ob = owner.get(ra), owner.get(rb)
        if oa is not None and ob is not None:
            continue  # two existing stories stay apart
        union.union(id_a, id_b)
        owner.pop(ra, None)
        owner.pop(rb, None)
        if oa or ob:
            owner[union.find(id_a)] = oa or ob  # type: ignore[assignment]
        joined.append(edge)
    return JoinedEdges(union, joined, owner)

def _group_table(
    table: FingerprintTable,
    settings: Settings,
    existing: Sequence[Story],
    texts: Mapping[str, str] | None,
    workers: int,
) -> list[Story]:
    """Stories of the documents of ``table`` and of ``existing``: candidate pairs, scores, edges, joins."""
    threshold = float(settings.group.threshold)
    table.freeze()
    left, right = _candidate_pairs(table, settings)
    scores = pair_scores(table, left, right, settings, texts, workers)
    ids = table.ids
    above = scores >= threshold
    edges = []
    for score, a, b in zip(scores[above].tolist(), left[above].tolist(), right[above].tolist()):
        if ids[b] < ids[a]:
            a, b = b, a
        edges.append((-score, ids[a], ids[b], a, b))
    edges.sort()  # strongest first, ties by ids: the result does not depend on row order
    joined = join_edges(((id_a, id_b, -negative, row_a, row_b) for negative, id_a, id_b, row_a, row_b in edges), existing)

    named: dict[int, tuple[dict[str, float], dict[str, float]]] = {}

    def described(row: int) -> tuple[dict[str, float], dict[str, float]]:
        features = named.get(row)
        if features is None:
            features = named[row] = table.named_features(row)
        return features

    links = [
        GroupLink(id_a, id_b, round(score, 4), tuple(_shared_named(*described(row_a), *described(row_b))))
        for id_a, id_b, score, row_a, row_b in joined.edges
    ]
    return _stories(table, joined, links, existing)

def _stories(table: FingerprintTable, joined: JoinedEdges, links: list[GroupLink], existing: Sequence[Story]) -> list[Story]:
    """The stories of the joined sets, sorted by id: every document of ``table`` and ``existing`` in one."""
    union, owner = joined.union, joined.owner
    old_links = {story.id: story.links for story in sorted(existing, key=lambda s: s.id) if story.document_ids}
    members: dict[str, set[str]] = {}
    for i in table.ids:
        members.setdefault(union.find(i), set()).add(i)
    for story in existing:
        for m in story.document_ids:
            members.setdefault(union.find(m), set()).add(m)

    link_by_root: dict[str, list[GroupLink]] = {}
    for link in links:
        link_by_root.setdefault(union.find(link.a), []).append(link)

    row_of, titles = table.row, table.titles
    stories = []
    for root, doc_ids in members.items():
        ordered = sorted(doc_ids)
        story_links = list(old_links.get(owner.get(root, ""), ())) + link_by_root.get(root, [])
        stories.append(
            Story(
                id=story_id(ordered),
                document_ids=tuple(ordered),
                title=story_title([StoryMember(d, titles[row_of[d]]) for d in ordered if d in row_of], story_links),
                links=tuple(story_links),
            )
        )
    return sorted(stories, key=lambda s: s.id)

def story_title(documents: Sequence[StoryMember | Fingerprint], links: Sequence[GroupLink]) -> str | None:
    """The title of the most central member (sum of its link scores), then the longest."""
    centrality: dict[str, float] = {}
    for link in links:
        centrality[link.a] = centrality.get(link.a, 0.0) + link.score
        centrality[link.b] = centrality.get(link.b, 0.0) + link.score
    titled = [d for d in documents if d.title]
    if not titled:
        return None
    best = min(titled, key=lambda d: (-centrality.get(d.id, 0.0), -len(d.title or ""), d.id))
    return best.title
