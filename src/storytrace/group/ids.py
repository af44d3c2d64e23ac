"""Stable story ids: a story keeps its id when it gains versions, and a merged story records the ids it absorbed.

Grouping names each story after its members (:func:`storytrace.group.story_id`),
so adding one version would give the story a new id and every saved link to
it would break.  :func:`keep_story_ids` is run between grouping and storing:
it hands the stored ids down to the new grouping.

The rule, for stored stories ``old`` and freshly grouped stories ``new``:

* the **heir** of an old story is the new story holding most of its
  documents (ties: the new story with the smaller member-hash id);
* a new story that is the heir of one or more old stories keeps the id of the
  one it shares most documents with (ties: the larger old story, then the
  smaller id); the other old ids become **aliases** of it (a merge);
* a new story that is nobody's heir gets its member-hash id, as on a fresh
  store, or, should that id be taken, the hash of its members and a counter.

So a fresh store gets exactly the ids grouping gives, and running it again on
its own output changes nothing.  The function is pure; the store keeps the
aliases (``replace_stories(..., aliases=...)``) and resolves them in
``get_story``.

Example:
    >>> from storytrace.records import Story
    >>> old = [Story("s1", ("a", "b"))]
    >>> kept = keep_story_ids(old, [Story("sX", ("a", "b", "c"))])
    >>> [s.id for s in kept.stories], kept.aliases
    (['s1'], {})
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..records import Story, content_id

__all__ = ["StoryIds", "keep_story_ids"]


@dataclass(frozen=True)
class StoryIds:
    """The new stories under their lasting ids (sorted by id), and the old ids merged into them."""

    stories: list[Story]
    aliases: dict[str, str] = field(default_factory=dict)  # absorbed old id -> id of the story holding it now


def keep_story_ids(stored: Sequence[Story], grouped: Sequence[Story]) -> StoryIds:
    """Give each grouped story the id of the stored story it continues; see the module docstring.

    Args:
        stored: the stories in the store before this grouping.
        grouped: the new grouping, with member-hash ids.

    Returns:
        The grouped stories with their lasting ids, and the aliases of the
        stored ids absorbed by merges.
    """
    owner = {d: s.id for s in grouped for d in s.document_ids}
    claims: dict[str, list[tuple[int, int, str]]] = {}  # new id -> (shared, old size, old id) of old stories it inherits
    for old in stored:
        shared: dict[str, int] = {}
        for d in old.document_ids:
            if d in owner:
                shared[owner[d]] = shared.get(owner[d], 0) + 1
        if shared:
            heir = min(shared, key=lambda new_id: (-shared[new_id], new_id))
            claims.setdefault(heir, []).append((shared[heir], len(old.document_ids), old.id))

    kept: dict[str, str] = {}  # new member-hash id -> lasting id
    aliases: dict[str, str] = {}
    for new_id, claimants in claims.items():
        claimants.sort(key=lambda c: (-c[0], -c[1], c[2]))
        kept[new_id] = claimants[0][2]
        for _, _, absorbed in claimants[1:]:
            aliases[absorbed] = claimants[0][2]

    taken = set(kept.values()) | {s.id for s in stored}
    out = []
    for story in sorted(grouped, key=lambda s: s.id):
        lasting = kept.get(story.id)
        if lasting is None:
            lasting = story.id
            counter = 0
            while lasting in taken and lasting not in aliases:
                counter += 1
                lasting = content_id("\n".join(story.document_ids) + f"\n#{counter}", prefix="s")
            taken.add(lasting)
            aliases.pop(lasting, None)  # an absorbed id whose exact members are back is that story again
        out.append(story if lasting == story.id else dataclasses.replace(story, id=lasting))
    return StoryIds(sorted(out, key=lambda s: s.id), aliases)
