"""Unrelated articles an aggregator page pastes after the story, and related-links boxes.

Found by shape: a related-content heading followed by whole stories, or an
article header cluster (outlet, relative timestamp, "- Outlet", headline,
prose).  A run of headlines followed by prose is a box of links inside the
story, not appended stories: the prose after it is the story going on.
"""

from __future__ import annotations

from .clutter import clutter_reason
from .lines import comparable, count_words, is_headline_like, is_prose, is_short, read_outlet
from .vocab import DATE_ONLY, REL_TIME, RELATED_HEADING

__all__ = ["find_appended_start", "find_cluster_start", "holds_stories", "measure_link_box", "parse_article", "split_articles"]


def find_appended_start(lines: list[str]) -> tuple[int, int] | None:
    """Where appended content starts: ``(heading_index_or_-1, first_content_index)``.

    Either a related-content heading followed by other stories, or (without a
    heading) the first header cluster: an outlet-like line, a relative
    timestamp, a "- Outlet" line, then a headline and prose.
    """
    prose_seen = 0
    for i, line in enumerate(lines):
        if not line:
            continue
        if prose_seen >= 2 and RELATED_HEADING.match(line):
            nxt = next((j for j in range(i + 1, len(lines)) if lines[j]), None)
            if nxt is not None and is_short(lines[nxt]) and holds_stories(lines[nxt:]):
                return i, nxt
        if prose_seen >= 2:
            start = find_cluster_start(lines, i)
            if start is not None:
                return -1, start
        if is_prose(line):
            prose_seen += 1
    return None


def holds_stories(region: list[str]) -> bool:
    """Does ``region`` hold whole stories (not a box of links inside the story)?

    Yes when it has article header clusters (outlet / timestamp / "- Outlet"),
    or at least two headline-then-prose articles each with a single headline.
    A run of several headlines followed by prose is a link box: the prose
    after it is the story going on, and must not be cut off.
    """
    window = [j for j in range(len(region)) if region[j]][:8]
    if any(find_cluster_start(region, j) is not None for j in window):
        return True
    chunks = split_articles(region)
    stories = 0
    for chunk in chunks:
        title, _site, body, header = parse_article(chunk)
        named = [ln for ln in header if not (REL_TIME.match(ln) or DATE_ONLY.match(ln) or read_outlet(ln))]
        if body and title and len(named) == 1:
            stories += 1
        elif body:
            return False
    return stories >= 2


def measure_link_box(lines: list[str], j: int) -> int:
    """Number of lines in a related-links box starting at heading ``j`` (0 if none)."""
    if not RELATED_HEADING.match(lines[j]):
        return 0
    k = j + 1
    while k < len(lines) and k - j <= 30 and lines[k] and not is_prose(lines[k]) and (
            is_headline_like(lines[k]) or REL_TIME.match(lines[k]) or DATE_ONLY.match(lines[k]) or read_outlet(lines[k])):
        k += 1
    return k - j if k > j + 1 else 0


def find_cluster_start(lines: list[str], i: int) -> int | None:
    """If line ``i`` is the relative timestamp of an article header, the header's first line."""
    before = next((j for j in range(i - 1, -1, -1) if lines[j]), None)
    outlet = read_outlet(lines[i])
    if outlet and before is not None and comparable(lines[before]) == comparable(outlet):
        idx = [j for j in range(i + 1, len(lines)) if lines[j]][:3]
        if len(idx) >= 2 and is_headline_like(lines[idx[0]]) and is_prose(lines[idx[1]]):
            return before
        return None
    if not REL_TIME.match(lines[i]) and not DATE_ONLY.match(lines[i]):
        return None
    idx = [j for j in range(i + 1, len(lines)) if lines[j]][:4]
    outlet_near = any(read_outlet(lines[j]) for j in idx[:2])
    outlet_before = before is not None and is_short(lines[before]) and count_words(lines[before]) <= 6 \
        and lines[before][-1:] not in ".!?" and not is_prose(lines[before]) and not clutter_reason(lines[before])
    if not (outlet_near or outlet_before):
        return None
    # a headline then prose must follow ...
    for k, j in enumerate(idx):
        if is_prose(lines[j]):
            if k > 0 and is_headline_like(lines[idx[k - 1]]):
                return before if outlet_before else i
            if k == 0 and outlet_before and before is not None:
                # ... or come first: "Headline / Outlet / 2 hours ago / prose"
                head = next((h for h in range(before - 1, -1, -1) if lines[h]), None)
                if head is not None and is_headline_like(lines[head]) and count_words(lines[head]) >= 3 \
                        and not clutter_reason(lines[head]):
                    return head
            return None
    return None


def split_articles(lines: list[str]) -> list[list[str]]:
    """Cut the appended region into articles at header clusters, else at short-after-prose lines."""
    starts = sorted({s for i in range(len(lines)) if lines[i] and (s := find_cluster_start(lines, i)) is not None})
    if not starts:
        starts = []
        prev_prose = True
        for i, line in enumerate(lines):
            if not line:
                continue
            if not is_prose(line) and prev_prose:
                starts.append(i)
            prev_prose = is_prose(line)
    if not starts or starts[0] != 0:
        starts = [0, *starts]
    chunks = []
    for a, b in zip(starts, [*starts[1:], len(lines)]):
        chunk = [ln for ln in lines[a:b] if ln]
        if chunk:
            chunks.append(chunk)
    return chunks


def parse_article(chunk: list[str]) -> tuple[str | None, str | None, list[str], list[str]]:
    """``(title, site_name, body_lines, header_lines)`` of one appended article."""
    k = 0
    while k < len(chunk) and not is_prose(chunk[k]):
        k += 1
    header, body = chunk[:k], chunk[k:]
    site = None
    rest: list[str] = []
    for line in header:
        outlet = read_outlet(line)
        if outlet:
            site = site or outlet
        elif REL_TIME.match(line) or DATE_ONLY.match(line) or clutter_reason(line):
            continue
        else:
            rest.append(line)
    if site:
        rest = [ln for ln in rest if comparable(ln) != comparable(site)]
    title = None
    for line in reversed(rest):
        if is_headline_like(line) and count_words(line) >= 3:
            title = line
            break
    if site is None:
        for line in rest:
            if line is not title and count_words(line) <= 5:
                site = line
                break
    return title, site, body, header
