"""The bundled example corpus is present, well-formed and matches examples/expected.json.

These checks read only ``examples/`` (and, for the no-copying check, the seeds in
``../shared`` when present). They keep the corpus honest: every input is listed
in exactly one story, every phenomenon named in expected.json really is in the
file it is listed for, the counts add up and the weekdays fit the dates.
"""

from __future__ import annotations

import calendar
import datetime as dt
import json
import re
from pathlib import Path

import feedparser
import lxml.html
import pytest

EVENT_FILES = (
    "story/original.txt",
    "story/syndicated.txt",
    "story/translation_pt.txt",
    "story/broadcast.txt",
    "story/spin.txt",
    "story/aggregator.html",
)
NOT_INPUTS = {"README.md", "expected.json", ".storytraceignore"}  # the ignore file lists the first two

# Phenomenon kinds whose value (after "kind: ") must occur verbatim in the input.
VERBATIM_KINDS = {
    "title", "dateline", "weekday", "count", "prior figure", "attribution", "quote", "speaker",
    "credit", "weekday shift sentence", "glued subheading", "addition", "disclosure",
    "locale number", "garble duplicated name", "garble untranslated word", "garble glued words",
    "split weekday", "date line", "speaker turn", "number words", "glued sentences", "own fact",
    "label", "total", "invented claim", "vague quantity", "anachronistic url", "off-topic url",
    "malformed url", "reference list on one line", "clutter", "appended",
}


@pytest.fixture(scope="module")
def expected(examples_dir: Path) -> dict:
    return json.loads((examples_dir / "expected.json").read_text(encoding="utf-8"))


def _records(examples_dir: Path) -> dict[str, str]:
    """Every input addressable in expected.json, mapped to its readable text."""
    out: dict[str, str] = {}
    for path in sorted(p for p in examples_dir.rglob("*") if p.is_file() and p.name not in NOT_INPUTS):
        rel = path.relative_to(examples_dir).as_posix()
        if path.suffix == ".jsonl":
            for line in path.read_text(encoding="utf-8").splitlines():
                rec = json.loads(line)
                out[f"{rel}#{rec['id']}"] = rec["title"] + "\n" + rec["text"]
        elif path.suffix == ".xml":
            for entry in feedparser.parse(str(path)).entries:
                body = lxml.html.fromstring(entry.summary).text_content()
                out[f"{rel}#{entry.id}"] = entry.title + "\n" + body
        elif path.suffix == ".html":
            out[rel] = lxml.html.fromstring(path.read_bytes()).text_content()
        else:
            out[rel] = path.read_text(encoding="utf-8")
    return out


@pytest.fixture(scope="module")
def texts(examples_dir: Path) -> dict[str, str]:
    return _records(examples_dir)


def _phenomena(expected: dict, key: str) -> list[tuple[str, str]]:
    return [tuple(p.split(": ", 1)) if ": " in p else (p, "") for p in expected["phenomena"].get(key, [])]


def _values(expected: dict, key: str, kind: str) -> list[str]:
    return [v for k, v in _phenomena(expected, key) if k == kind]


def test_every_input_is_in_exactly_one_story(expected, texts):
    listed = [f for story in expected["stories"] for f in story.get("files", ())]
    assert len(listed) == len(set(listed)), "an input is listed in two stories"
    assert set(listed) == set(texts), f"unlisted: {set(texts) - set(listed)}; missing: {set(listed) - set(texts)}"
    assert set(expected["phenomena"]) <= set(texts)


def test_main_story_has_the_six_versions(expected, examples_dir):
    main = expected["stories"][0]
    assert tuple(main["files"]) == EVENT_FILES
    for rel in EVENT_FILES:
        text = (examples_dir / rel).read_text(encoding="utf-8")
        assert all(name in text for name in ("Mabunda", "Lunga", "Ponta")), rel  # the event's people and places


def test_inputs_are_utf8_and_the_corpus_is_small(examples_dir):
    files = [p for p in examples_dir.rglob("*") if p.is_file()]
    for path in files:
        path.read_bytes().decode("utf-8")  # raises if not UTF-8
    assert sum(p.stat().st_size for p in files) < 60_000


def test_jsonl_records_carry_the_ingest_fields(expected, examples_dir):
    lines = (examples_dir / "distractors/records.jsonl").read_text(encoding="utf-8").splitlines()
    listed = [f.split("#", 1)[1] for story in expected["stories"] for f in story.get("files", ())
              if f.startswith("distractors/records.jsonl#")]
    assert [json.loads(line)["id"] for line in lines] == listed  # one record per story expected from the file
    for line in lines:
        rec = json.loads(line)
        assert set(rec) >= {"id", "title", "text", "published", "url"}
        dt.date.fromisoformat(rec["published"])
        assert rec["url"].startswith("https://")
        assert 6 <= len([p for p in rec["text"].split("\n\n") if p.strip()]) <= 10


def test_feed_parses_cleanly(examples_dir):
    feed = feedparser.parse(str(examples_dir / "distractors/feed.xml"))
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version.startswith("rss")
    assert all(e.id and e.published_parsed and e.summary for e in feed.entries)


def test_aggregator_page_holds_the_original_clutter_and_appended_articles(expected, examples_dir):
    page = lxml.html.fromstring((examples_dir / "story/aggregator.html").read_bytes())
    assert page.find(".//header/nav") is not None
    article = page.find(".//article").text_content()
    original = (examples_dir / "story/original.txt").read_text(encoding="utf-8").splitlines()
    for paragraph in original[1:]:
        assert paragraph in article
    full = page.text_content()
    related_at = full.index("Related Articles")
    appended = [s for s in expected["stories"] if s.get("appended_from") == "story/aggregator.html"]
    # the appended stories are the related articles of the page, in their order
    assert [s["headline"] for s in appended] == [item.find(".//h3").text_content() for item in page.find_class("feed-item")]
    for story in appended:
        assert story["name"] == "appended: " + story["headline"]
        assert full.index(story["headline"]) > related_at
    for item in page.find_class("feed-item"):
        assert re.search(r"\d+ minutes ago", item.text_content())
        body = item.find(".//p").text_content()
        assert len(re.findall(r"[.!?](?:\s|$)", body)) >= 4
        # an unrelated event: its headline words are not the main story's
        assert "Ponta Lunga" not in item.text_content()


def test_every_phenomenon_is_really_there(expected, texts):
    original = texts["story/original.txt"]
    for key in expected["phenomena"]:
        text = texts[key]
        for kind, value in _phenomena(expected, key):
            if kind in VERBATIM_KINDS:
                assert value and value in text, f"{key}: {kind}: {value!r} not found"
            elif kind == "reworded quote":
                before, after = value.split(" => ")
                assert before in original and before not in text
                assert after in text and after not in original
            elif kind == "omission":
                assert value not in text
                assert any(value in texts[f] for f in texts if f != key)


def test_main_story_counts_add_up(expected, texts):
    facts = expected["stories"][0]["facts"]
    assert facts["engineers"] + facts["construction_workers"] == facts["total"]
    original = texts["story/original.txt"]
    for n in (facts["engineers"], facts["construction_workers"], facts["total"], facts["killed"], facts["displaced"]):
        assert f"{n:,}" in original
    translated = texts["story/translation_pt.txt"]
    for n in (facts["engineers"], facts["construction_workers"], facts["total"]):
        assert f"{n:,}".replace(",", ".") in translated
    for name in facts["speakers"]:
        assert name in original


def test_weekdays_fit_the_dates(expected, texts):
    for story in expected["stories"]:
        if "event_date" not in story:
            continue
        day = calendar.day_name[dt.date.fromisoformat(story["event_date"]).weekday()]
        for key in story["files"]:
            for weekday in _values(expected, key, "weekday"):
                assert weekday == day, f"{key}: {weekday} but {story['event_date']} is a {day}"
    date_line = _values(expected, "story/broadcast.txt", "date line")[0]
    assert date_line.split()[-1] == expected["stories"][0]["event_date"]
    assert "said Tuesday" in texts["story/original.txt"]


def test_syndicated_shifts_one_weekday(expected, texts):
    shift = _values(expected, "story/syndicated.txt", "weekday shift")[0]
    before, after = shift.split("->")
    sentence = _values(expected, "story/syndicated.txt", "weekday shift sentence")[0]
    assert after in sentence and before not in sentence
    union = next(s for s in texts["story/original.txt"].splitlines() if "FESCOP" in s)
    assert before in union and after not in union
    shifted = next(s for s in texts["story/syndicated.txt"].splitlines() if "FESCOP" in s)
    assert after in shifted and before not in shifted
    # only one weekday moves: the other weekdays of the original keep their count
    for day in ("Tuesday", "Wednesday"):
        moved = int(day == before)
        assert texts["story/syndicated.txt"].count(day) == texts["story/original.txt"].count(day) - moved


def test_spin_claims_and_references(expected, texts):
    others = [texts[f] for f in EVENT_FILES if f != "story/spin.txt"]
    label = _values(expected, "story/spin.txt", "label")[0]
    assert all(label not in t for t in others)
    assert all("cruise terminal" not in t.lower() for t in others)  # the invented claim is nowhere else
    year = int(expected["stories"][0]["event_date"][:4])
    for url in _values(expected, "story/spin.txt", "anachronistic url"):
        assert max(int(y) for y in re.findall(r"(?<!\d)(20\d\d)(?!\d)", url)) < year
    topic = {"portugal", "mozambique", "ponta", "lunga", "port", "engineers", "flood"}
    for url in _values(expected, "story/spin.txt", "off-topic url"):
        assert not topic & set(re.split(r"[^a-z0-9]+", url.lower()))
    for url in _values(expected, "story/spin.txt", "malformed url"):
        assert re.search(r"\s", url)
    spin = texts["story/spin.txt"]
    assert [int(n) for n in re.findall(r"\[(\d)\] https?:", spin)] == [1, 2, 3, 4, 5, 6]


def _shingles(text: str, n: int = 8) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text.lower())
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


def test_no_sentence_is_copied_from_the_seeds(seed_texts, texts):
    seeds = set().union(*(_shingles(t) for t in seed_texts.values()))
    for key, text in texts.items():
        shared = _shingles(text) & seeds
        assert not shared, f"{key} shares wording with a seed: {sorted(shared)[:3]}"
