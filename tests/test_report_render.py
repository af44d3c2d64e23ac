"""Renderers over report dicts: brief, lineage SVG, side by side, document view, formats."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest

from storytrace.records import (
    AlignedPair,
    Alignment,
    Document,
    Fact,
    Finding,
    LineageEdge,
    Mention,
    Quote,
    QuoteMatch,
    RemovedSpan,
    Sentence,
    Story,
    StoryAnalysis,
)
from storytrace.report.build import document_entry, story_entry, write_brief
from storytrace.report.lineage_svg import lineage_svg
from storytrace.report.render_html import render_html
from storytrace.report.render_json import render_json
from storytrace.report.render_markdown import render_markdown
from storytrace.report.views import brief_outline, document_view, segments, side_by_side, version_labels

A_TEXT = (
    "Officials said 40 people were rescued on Monday.\n"
    "The mayor said: \u201cWe will rebuild every house.\u201d\n"
    "Rain is expected to continue."
)
B_TEXT = (
    "Officials said 45 people were rescued on Monday.\n"
    "The mayor said: \u201cWe will rebuild the houses.\u201d\n"
    "The humanitarian mission was praised by <script>alert(1)</script> observers."
)
C_TEXT = "Autoridades disseram que 40 pessoas foram resgatadas na segunda-feira em Lisboa.\nA chuva deve continuar."


def _sents(doc_id: str, text: str) -> tuple[Sentence, ...]:
    out, pos = [], 0
    for i, line in enumerate(text.split("\n")):
        out.append(Sentence(i, pos, pos + len(line), line))
        pos += len(line) + 1
    return tuple(out)


def _mention(doc: str, text: str, needle: str, value) -> Mention:
    start = text.index(needle)
    return Mention(doc, needle, start, start + len(needle), value)


def make_analysis() -> tuple[StoryAnalysis, dict[str, Document]]:
    docs = {
        "da": Document(id="da", source="in/001_aaaa.txt", text=A_TEXT, title="Forty rescued", language="en", published="2025-06-18"),
        "db": Document(
            id="db", source="in/002_bbbb.txt", text=B_TEXT, title="Rescue <b>bold</b>", language="en",
            removed=(
                RemovedSpan("clutter", "Share this on Twitter", "share line"),
                RemovedSpan("appended", "Another story about something else entirely.", "unrelated appended article", child="dchild"),
            ),
        ),
        "dc": Document(id="dc", source="in/003_cccc.txt", text=C_TEXT, title="Resgate", language="pt"),
        "dchild": Document(id="dchild", source="in/002_bbbb.txt#1", text="Another story about something else entirely.", parent="db"),
    }
    sentences = {d: _sents(d, docs[d].text) for d in ("da", "db", "dc")}
    alignments = (
        Alignment("da", "db", (AlignedPair((0,), (0,), "light_edit", 0.9), AlignedPair((1,), (1,), "light_edit", 0.8),
                               AlignedPair((2,), (), "omission", 0.0), AlignedPair((), (2,), "addition", 0.0))),
        Alignment("da", "dc", (AlignedPair((0,), (0,), "translation", 0.7), AlignedPair((2,), (1,), "translation", 0.7),
                               AlignedPair((1,), (), "omission", 0.0))),
    )
    qa = Quote("da", A_TEXT.index("We will"), A_TEXT.index("house.") + 6, "We will rebuild every house.", "mayor")
    qb = Quote("db", B_TEXT.index("We will"), B_TEXT.index("houses.") + 7, "We will rebuild the houses.", "mayor")
    quotes = (QuoteMatch(qa, qb, "altered", 0.7, (("=", "We will rebuild"), ("-", "every house."), ("+", "the houses."))),)
    facts = (
        Fact("f-monday", "date", "weekday", "Monday", "agreed", (
            _mention("da", A_TEXT, "Monday", "Monday"), _mention("db", B_TEXT, "Monday", "Monday"),
            _mention("dc", C_TEXT, "segunda-feira", "Monday"))),
        Fact("f-rescued", "quantity", "people rescued", 40, "drift", (
            _mention("da", A_TEXT, "40", 40), _mention("db", B_TEXT, "45", 45), _mention("dc", C_TEXT, "40", 40))),
    )
    findings = (
        Finding("framing", "db", B_TEXT.index("humanitarian"), B_TEXT.index("humanitarian") + 12, "humanitarian",
                "loaded word not in the source", ("da",)),
        Finding("appended", "db", None, None, "Another story about something else entirely.", "unrelated appended article", ("dchild",)),
    )
    lineage = (
        LineageEdge("latent:1", "da", "edit", 0.6, ("shared source",)),
        LineageEdge("da", "db", "edit", 0.9, ("92% of sentences aligned",)),
        LineageEdge("da", "dc", "translation", 0.8),
    )
    story = Story("s1", ("da", "db", "dc"), title="Forty rescued")
    analysis = StoryAnalysis(story, sentences, alignments, lineage, quotes, facts, findings)
    return analysis, docs


def make_report() -> dict:
    analysis, docs = make_analysis()
    story = story_entry(analysis)
    story["brief"] = write_brief(analysis, docs)
    documents = [document_entry(docs[d], analysis.sentences.get(d, ())) for d in docs]
    return {
        "schema": "storytrace.report/v1",
        "generator": {"name": "storytrace", "version": "0.1.0", "settings_digest": "abc"},
        "created": "2026-11-21T00:00:00Z",
        "documents": documents,
        "stories": [story],
    }


def test_version_labels_short_and_unique():
    labels = version_labels([{"id": "a", "source": "x/001_ab.txt"}, {"id": "b", "source": "x/002_cd.txt"},
                             {"id": "c", "source": "x/002_cd.txt#2"}, {"id": "d", "source": "https://news.example/2025/rescue-story.html"}])
    assert labels["a"] == "001" and labels["b"] == "002" and labels["c"] == "002#2"
    assert labels["d"] == "rescue-story"
    assert len(set(labels.values())) == 4


def test_segments_cover_text_and_combine_overlaps():
    segs = segments("abcdef", [(1, 4, "x", None), (3, 5, "y", "t")])
    assert "".join(s["text"] for s in segs) == "abcdef"
    assert [s["classes"] for s in segs] == [[], ["x"], ["x", "y"], ["y"], []]


def test_brief_states_agreed_facts_with_sources_and_differences():
    analysis, docs = make_analysis()
    md = write_brief(analysis, docs)
    happened, _, differs = md.partition("### What differs")
    assert "**Monday**" in happened
    assert re.search(r"\*\*Monday\*\* \(date\): `001` `002` `003`", happened)
    assert "45" not in happened  # drifting numbers are not "what happened"
    assert "“40” in `001` `003`" in differs and "“45” in `002`" in differs
    assert "Altered quotes" in differs and "every house" in differs and "the houses" in differs
    assert "humanitarian" in differs and "`002`" in differs
    assert "Split-off" not in differs.split("### Set aside")[0]
    assert "\\<script\\>" in md or "<script>" not in md


def test_outline_prefers_widely_supported_sentences():
    report = make_report()
    docs = {d["id"]: d for d in report["documents"]}
    outline = brief_outline(report["stories"][0], docs, max_sentences=1)
    assert len(outline["happened"]) == 1
    assert outline["happened"][0]["facts"][0]["versions"] == ["da", "db", "dc"]


def test_side_by_side_marks_changed_numbers_words_and_quotes():
    report = make_report()
    docs = {d["id"]: d for d in report["documents"]}
    view = side_by_side(report["stories"][0], docs, "da", "db")
    assert view["cross_language"] is False
    first = view["rows"][0]
    changed_a = [s["text"] for s in first["a"] if "num-changed" in s["classes"]]
    changed_b = [s["text"] for s in first["b"] if "num-changed" in s["classes"]]
    assert changed_a == ["40"] and changed_b == ["45"]
    quote_row = view["rows"][1]
    assert any("quote-altered" in s["classes"] for s in quote_row["a"])
    assert any("del" in s["classes"] and "every" in s["text"] for s in quote_row["a"])
    assert [r["label"] for r in view["rows"]][2:] == ["omission", "addition"]
    # the reverse direction swaps sides and labels
    back = side_by_side(report["stories"][0], docs, "db", "da")
    assert [r["label"] for r in back["rows"]][2:] == ["addition", "omission"]


def test_side_by_side_cross_language_highlights_anchors():
    report = make_report()
    docs = {d["id"]: d for d in report["documents"]}
    view = side_by_side(report["stories"][0], docs, "da", "dc")
    assert view["cross_language"] is True
    row = view["rows"][0]
    assert any(s["text"] == "40" and "num" in s["classes"] for s in row["a"])
    assert any(s["text"] == "40" and "num" in s["classes"] for s in row["b"])
    assert not any("del" in s["classes"] for s in row["a"])


def test_lineage_svg_draws_latent_dashed_and_kinds():
    report = make_report()
    docs = {d["id"]: d for d in report["documents"]}
    svg = lineage_svg(report["stories"][0], docs, {"da": "001", "db": "002", "dc": "<x>"})
    assert svg.count('class="node version"') == 3
    assert 'class="node latent"' in svg and "stroke-dasharray" in svg
    assert "translation 0.80" in svg and "edit 0.90" in svg
    assert "<x>" not in svg and "&lt;x&gt;" in svg
    # sources sit left of what derives from them
    x = {m.group(1): float(m.group(2)) for m in re.finditer(r'data-doc="([^"]+)".*?c?x="([\d.]+)"', svg)}
    assert x["latent:1"] < x["da"] < x["db"] and x["db"] == x["dc"]


def test_document_view_shows_removed_content_with_reason():
    report = make_report()
    docs = {d["id"]: d for d in report["documents"]}
    view = document_view(docs["db"], report["stories"][0])
    kinds = {r["kind"]: r for r in view["removed"]}
    assert kinds["appended"]["collapsed"] and kinds["appended"]["child"] == "dchild"
    assert not kinds["clutter"]["collapsed"]
    assert any("finding" in " ".join(s["classes"]) and s["text"] == "humanitarian" for s in view["segments"])


class _Collect(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[str] = []
        self.external: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        for name, value in attrs:
            if name in ("src", "href") and value and not value.startswith("#"):
                self.external.append(value)


def test_html_report_is_self_contained_and_escaped():
    html = render_html(make_report())
    parser = _Collect()
    parser.feed(html)
    assert "script" not in parser.tags
    assert parser.external == []  # every link is an in-page anchor
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<b>bold</b>" not in html
    assert 'class="node latent"' in html
    assert 'id="doc-dchild"' in html and "unrelated appended article" in html
    assert "<del>Share this on Twitter</del>" in html
    assert "Altered quotes" in html and "Framing" in html
    assert html.count('data-doc="da"') >= 3


def test_markdown_report_has_brief_versions_lineage_and_removed():
    md = render_markdown(make_report())
    assert md.startswith("# storytrace report")
    assert "### What happened" in md and "### Lineage" in md
    assert "_latent source 1_ → `001`: **edit**" in md
    assert "`003` | Resgate | pt" in md
    assert "~~Share this on Twitter~~" in md
    assert "#### 001 ↔ 002" in md and "**45**" in md


def test_json_report_is_stable_and_keeps_unicode():
    report = make_report()
    text = render_json(report)
    assert text == render_json(json.loads(text))
    assert list(json.loads(text))[:3] == ["schema", "generator", "created"]
    assert "segunda-feira" in text and "\\u" not in text
    assert text.startswith('{\n  "schema"')


def test_report_validates_against_schema_when_present():
    from importlib import resources

    jsonschema = pytest.importorskip("jsonschema")
    try:
        schema_text = resources.files("storytrace").joinpath("schema/report-v1.json").read_text()
    except (FileNotFoundError, OSError):
        pytest.skip("schema/report-v1.json is not written yet")
    report = json.loads(render_json(make_report()))
    for d in report["documents"]:
        d.setdefault("rejected", None)
    jsonschema.validate(report, json.loads(schema_text))


def test_reports_list_rejected_inputs_and_documents_in_no_story():
    report = make_report()
    report["documents"].append({"id": "dlone", "source": "lone.txt", "title": "Alone", "language": "en", "parent": None,
                                "text": "A story nobody else tells.", "rejected": None, "removed": [], "sentences": [[0, 26]]})
    report["documents"].append({"id": "dbad", "source": "broken.bin", "title": None, "language": None, "parent": None,
                                "text": "", "rejected": {"reason": "binary", "detail": "NUL <bytes>"}, "removed": [], "sentences": []})
    html = render_html(report)
    assert "Documents in no story" in html and "A story nobody else tells." in html
    assert "Rejected inputs" in html and "NUL &lt;bytes&gt;" in html
    md = render_markdown(report)
    assert "## Rejected inputs" in md and "broken.bin: binary" in md


def test_renderers_survive_an_empty_story():
    report = {"schema": "storytrace.report/v1", "generator": {"name": "storytrace", "version": "0", "settings_digest": ""},
              "created": "", "documents": [{"id": "d1", "source": "x.txt", "text": "Only one.", "removed": []}],
              "stories": [{"id": "s", "title": None, "documents": ["d1"], "links": [], "lineage": [], "alignments": [],
                           "quotes": [], "facts": [], "findings": [], "brief": ""}]}
    html = render_html(report)
    assert "No facts extracted" in html and "Only one." in html
    assert "### What happened" in render_markdown(report)


def _report_with_confidence() -> dict:
    """The sample report with a confident drift, a less certain detail and keys readers must not see."""
    report = make_report()
    story = report["stories"][0]
    story["facts"].append({"id": "f-pyong", "kind": "entity", "key": "entity:piongiang", "value": "Pyongyang", "status": "conflict",
                           "mentions": [{"document": "da", "text": "Pyongyang", "start": 0, "end": 9, "value": "Pyongyang"},
                                        {"document": "db", "text": "Piongiang", "start": 0, "end": 9, "value": "Piongiang"}]})
    story["findings"] += [
        {"kind": "drift", "document": "db", "start": B_TEXT.index("45"), "end": B_TEXT.index("45") + 2, "text": "45",
         "detail": "number of people rescued: states 45 where 2 version(s) state 40", "related": ["da", "dc"], "confidence": 0.9},
        {"kind": "only_in", "document": "dc", "start": 0, "end": 5, "text": "Leeds",
         "detail": "entity Leeds is reported only here", "related": ["da", "db"], "confidence": 0.3},
    ]
    return report


def test_less_certain_findings_are_one_click_away_in_every_format():
    report = _report_with_confidence()
    md = render_markdown(report)
    html = render_html(report)
    brief = write_brief(*make_analysis())
    for text in (md, html):
        sure, _, rest = text.partition("less certain</summary>")
        assert "people rescued" in sure or "45" in sure  # the confident drift is shown before the fold
        assert "reported only here" in rest and "reported only here" not in sure
    assert "<details" in md and '<details class="less-certain">' in html
    assert "### What differs" in brief


def test_readers_never_see_internal_fact_keys():
    report = _report_with_confidence()
    for text in (render_markdown(report), render_html(report)):
        assert "entity:piongiang" not in text and "quantity:" not in text and "weekday:" not in text
        assert "the name “Pyongyang”" in text or "the name &#8220;Pyongyang&#8221;" in text or "Pyongyang" in text


def test_markdown_lists_cleaning_removals_once():
    md = render_markdown(make_report())
    assert md.count("Share this on Twitter") == 1
    assert md.count("Another story about something else entirely") == 1


def test_findings_are_counted_the_same_everywhere():
    """``storytrace stories``, the report summary and the API all use kinds.count_findings."""
    from storytrace.kinds import count_findings
    from storytrace.report.views import story_summary

    report = _report_with_confidence()
    story = report["stories"][0]
    documents = {d["id"]: d for d in report["documents"]}
    counts = count_findings(story["findings"])
    summary = story_summary(story, documents)
    assert summary["findings"] == counts["total"] == len([f for f in story["findings"] if f["kind"] != "appended"])
    assert summary["confident_findings"] == counts["confident"]
    assert counts["total"] > counts["confident"] > 0
    md = render_markdown(report)
    assert f"{counts['total']} findings ({counts['confident']} confident)" in md


def test_altered_quote_words_follow_the_direction_lineage_gives():
    """The match runs b -> a but lineage says b changed a's words: removed/added are swapped back."""
    from storytrace.report.differs import differs

    report = make_report()
    story = report["stories"][0]
    q = story["quotes"][0]
    story["quotes"] = [{"a": q["b"], "b": q["a"], "label": "altered", "score": 0.7,
                        "diff": [["=", "We will rebuild"], ["-", "the houses."], ["+", "every house."]]}]
    story["findings"].append({"kind": "altered_quote", "document": "db", "start": q["b"]["start"], "end": q["b"]["end"],
                              "text": q["b"]["text"], "detail": "", "related": ["da"], "confidence": 0.8})
    (entry,) = next(g for g in differs(story, {}) if g["kind"] == "altered_quote")["entries"]
    assert entry["a"]["document"] == "da" and entry["b"]["document"] == "db"
    assert ["-", "every house."] in entry["diff"] and ["+", "the houses."] in entry["diff"]


def test_stories_command_report_and_summary_count_alike(tmp_path, monkeypatch):
    """The rows of ``storytrace stories`` and the report's summary give each story the same number of findings."""
    from pathlib import Path

    from storytrace.kinds import count_findings
    from storytrace.report.views import story_summary
    from storytrace.runners.local import report_for, story_rows, trace
    from storytrace.store import open_store

    examples = Path(__file__).resolve().parents[1] / "examples" / "story"
    store = open_store(":memory:")
    trace([str(examples)], store)
    report = report_for(store)
    documents = {d["id"]: d for d in report["documents"]}
    by_story = {s["id"]: s for s in report["stories"]}
    rows = story_rows(store)
    assert any(n for _, _, _, n, _ in rows)
    for story_id, _, _, n, failure in rows:
        assert failure is None
        story = by_story[story_id]
        assert n == story_summary(story, documents)["findings"] == count_findings(story["findings"])["total"]
        assert n < len(story["findings"]) or not any(f["kind"] in ("clutter", "appended", "disclosure") for f in story["findings"])
    store.close()
