"""clean: seeds (the specification by example), datelines and credits, clutter,
disclosures, citations, appended articles in text and HTML, rejections."""

from __future__ import annotations

import json

import pytest

from storytrace.citations import find_urls
from storytrace.clean import clean_document
from storytrace.records import Document, RawDocument, Rejected, content_id
from storytrace.settings import Settings

BODY = (
    "North Korea will send thousands of military construction workers and deminers to support "
    "reconstruction work in Russia's Kursk region, a top Russian official said on Tuesday.\n"
    "North Korea has already supplied thousands of combat troops and a vast amount of conventional "
    "weapons to back Russia's war against Ukraine, officials said.\n"
)


def _raw(text: str, fmt: str = "text", source: str = "t.txt", **meta) -> RawDocument:
    return RawDocument(source=source, data=text.encode("utf-8"), fmt=fmt, meta=meta)


def _clean(text: str, fmt: str = "text", settings: Settings | None = None, **meta) -> list[Document | Rejected]:
    return clean_document(_raw(text, fmt, **meta), settings)


def _seed(seed_texts, key: str) -> list[Document | Rejected]:
    return clean_document(RawDocument(f"seed{key}.txt", seed_texts[key].encode("utf-8"), "text"))


# --------------------------------------------------------------------------- seeds


def test_seed_002_body_ends_at_trilateral_paragraph_and_three_children(seed_texts):
    main, *children = _seed(seed_texts, "002")
    assert isinstance(main, Document)
    assert main.title == "North Korea plans to send military construction workers and deminers to Russia"
    assert main.dateline == "SEOUL, South Korea"
    last = main.text.rstrip().splitlines()[-1]
    assert "trilateral aerial training" in last
    for junk in ("Try Our AI", "can do for you", "No comments", "Related Articles", "minutes ago", "Kyiv rescuers"):
        assert junk not in main.text
    assert len(children) == 3 and all(isinstance(c, Document) and c.parent == main.id for c in children)
    assert "Kyiv" in children[0].title and "Solomianskyi" in children[0].text
    assert "Kim" in children[1].title and "warship" in children[1].title
    assert "Kallas" in children[2].text and "EU" in children[2].title
    assert [c.site_name for c in children] == ["Western Telegraph", "Daily Mirror", "Glasgow Times"]
    for child in children:
        assert child.id == content_id(main.id + "\n" + child.text)
        assert "minutes ago" not in child.text and child.title not in child.text
    appended = [r for r in main.removed if r.kind == "appended"]
    assert [r.child for r in appended] == [c.id for c in children]
    reasons = {r.reason for r in main.removed if r.kind == "clutter"}
    assert {"widget", "comments"} <= reasons


def test_seed_000_is_portuguese_with_title_and_dateline(seed_texts):
    main = _seed(seed_texts, "000")[0]
    assert main.language == "pt" and main.meta["language_confidence"] > 0.5
    assert main.title.startswith("A Coréia do Norte planeja")
    assert main.dateline == "Seul, Coréia do Sul"
    assert main.text.startswith("Seul, Coréia do Sul –")


def test_seed_001_disclosure_kept_as_data_dateline_and_credit(seed_texts):
    main = _seed(seed_texts, "001")[0]
    assert len(main.disclosures) == 1 and "auto-generated from a syndicated feed" in main.disclosures[0]
    assert "syndicated feed" not in main.text and "Editorji" not in main.text
    assert any(r.kind == "disclosure" for r in main.removed)
    assert main.dateline == "Seoul" and main.credits == ("AP",)
    assert main.language == "en" and main.published is None  # no full date to take a year from
    assert main.text.rstrip().endswith("present at the briefing.")


def test_seed_003_date_line_gives_published(seed_texts):
    main = _seed(seed_texts, "003")[0]
    assert main.published == "2025-06-18"
    assert main.text.startswith("Anchor: North Korea") and "YONHAP" not in main.text
    assert "United States. Rosyn Park" in main.text  # sentences glued by the source are separated


def test_seed_004_six_citations_and_reference_list_kept(seed_texts):
    main = _seed(seed_texts, "004")[0]
    assert len(main.citations) == 6
    assert main.citations[0].endswith("Wiederaufbau-in-Kursk-article22489714.html")
    assert main.citations[1].startswith("https://www.afp.com/") and main.citations[4] == "https://www.bbc.com/news/world-asia-60993877"
    # reference list stays as written, so offsets exist; a URL broken by a space is repaired in citations only
    repaired = main.meta.get("repaired_citations", {})
    assert all(c in main.text or repaired.get(c) in main.text for c in main.citations)
    assert "Kursk- article22489714.html" in repaired[main.citations[0]]
    assert main.title.startswith("Helping Hand from North Korea")


# --------------------------------------------------------------------------- datelines, credits, dates


@pytest.mark.parametrize(
    "first, dateline, credits",
    [
        ("WASHINGTON (Reuters) - The U.S. Senate passed the bill late on Tuesday.", "WASHINGTON", ("Reuters",)),
        ("PARIS, June 18 (AFP) — Talks between the two sides ended without a deal.", "PARIS", ("AFP",)),
        ("(AP) — Officials confirmed the figures on Wednesday morning in the capital.", None, ("AP",)),
        ("LONDON -- Prices rose for the third month in a row, the statistics office said.", "LONDON", ()),
        ("Kim Jong Un — the country's leader — inspected the shipyard on Monday.", None, ()),
        ("Berlin, Germany – Die Regierung hat am Dienstag neue Pläne vorgestellt.", "Berlin, Germany", ()),
    ],
)
def test_datelines_and_credits(first, dateline, credits):
    doc = _clean(first + "\n" + BODY)[0]
    assert doc.dateline == dateline and doc.credits == credits
    assert doc.text.startswith(first[:10])  # datelines stay in the text


def test_dateline_date_takes_year_from_other_dates():
    text = "ROME, June 18 (ANSA) — Officials met again.\n" + BODY + "The previous meeting took place on June 2, 2025, in Milan.\n"
    assert _clean(text)[0].published == "2025-06-18"


def test_container_date_wins_and_date_lines_are_removed():
    text = "Published: June 17, 2025\n" + BODY
    doc = _clean(text)[0]
    assert doc.published == "2025-06-17" and "Published" not in doc.text
    assert _clean(text, published="2025-06-20")[0].published == "2025-06-20"


def test_standalone_credit_lines_are_recovered():
    doc = _clean(BODY + "— AFP\n")[0]
    assert doc.credits == ("AFP",) and "AFP" not in doc.text


# --------------------------------------------------------------------------- clutter, disclosures


def test_clutter_lines_are_removed_with_reasons_and_prose_kept():
    text = (
        "Share this article\n" + BODY + "Sign up for our daily newsletter to get the news in your inbox\n"
        "15 minutes ago\nSource: Reuters\nPhoto: John Smith/Reuters\nAdvertisement\n"
        "The talks will resume next week, the ministry said in a statement.\n"
    )
    doc = _clean(text)[0]
    reasons = [r.reason for r in doc.removed if r.kind == "clutter"]
    assert reasons == ["share", "newsletter", "timestamp", "credit line", "photo credit", "advertisement"]
    assert doc.credits == ("Reuters",)
    assert doc.text == BODY + "The talks will resume next week, the ministry said in a statement."


def test_disclosures_need_a_frame_or_an_edge_position():
    inside = (
        BODY + BODY + "The company admitted that the article was generated by AI and then edited, according to staff.\n"
        + BODY + BODY
    )
    doc = _clean(inside)[0]
    assert doc.disclosures == () and "generated by AI" in doc.text
    framed = BODY + "(Note: This article was generated by AI and reviewed by an editor.)\n" + BODY + BODY
    doc = _clean(framed)[0]
    assert doc.disclosures == ("Note: This article was generated by AI and reviewed by an editor.",)


# --------------------------------------------------------------------------- appended content


def test_link_box_inside_a_story_keeps_the_story_going():
    text = (
        BODY + "DON'T MISS\nMinister resigns after the vote on the budget\nFloods hit the north again this week\n"
        "The ministry said the workers would also repair roads and bridges damaged during the fighting last year.\n"
    )
    main, *children = _clean(text)
    assert children == []
    assert main.text.endswith("damaged during the fighting last year.")
    assert "Minister resigns" not in main.text
    assert any(r.reason == "related-links box" for r in main.removed)


def test_appended_articles_in_html_become_children():
    html = """<html><head><title>Workers to Kursk | Daily Example</title>
<meta property="og:site_name" content="Daily Example"><meta name="author" content="Kim Lee">
<meta property="article:published_time" content="2025-06-18T09:00:00Z"></head><body><article><h1>Workers to Kursk</h1>
<p>SEOUL, South Korea — North Korea will send thousands of military construction workers and deminers to support reconstruction work in Russia's Kursk region, a top Russian official said Tuesday.</p>
<p>North Korea has already supplied thousands of combat troops and a vast amount of conventional weapons to back Russia's war against Ukraine, officials in Seoul said.</p>
<p>Share this article</p><div class="c9"><h2>Related Articles</h2>
<div><p>Harbour Gazette</p><p>2 hours ago</p><p>- Harbour Gazette</p><h3>Storm closes the northern ferry routes for a second day</h3>
<p>Ferry operators cancelled every crossing on Wednesday as winds reached 90 km/h along the northern coast, and the coastguard warned people to stay away from the harbour walls until the weekend.</p></div>
<div><p>Valley Post</p><p>5 hours ago</p><p>- Valley Post</p><h3>Council approves new cycle lanes after a long debate</h3>
<p>The council voted nine to four in favour of the plan, which adds twelve kilometres of protected lanes through the town centre and will be built over the next two summers, the mayor said.</p></div>
</div></article></body></html>"""
    main, *children = _clean(html, "html", source="page.html")
    assert main.title == "Workers to Kursk" and main.author == "Kim Lee" and main.site_name == "Daily Example"
    assert main.published == "2025-06-18" and main.dateline == "SEOUL, South Korea"
    assert main.text.endswith("officials in Seoul said.") and not main.text.startswith("Workers to Kursk")
    assert [c.site_name for c in children] == ["Harbour Gazette", "Valley Post"]
    assert children[0].title == "Storm closes the northern ferry routes for a second day"
    assert children[1].text.startswith("The council voted") and children[1].parent == main.id


def test_split_appended_can_be_turned_off(seed_texts):
    out = clean_document(RawDocument("s.txt", seed_texts["002"].encode(), "text"), Settings({"clean.split_appended": False}))
    assert len(out) == 1 and "Solomianskyi" in out[0].text and "Kallas" in out[0].text


# --------------------------------------------------------------------------- formats, metadata, rejections


def test_markdown_title_links_and_citations():
    md = "# Workers head to Kursk\n\n" + BODY + "More in the [agency report](https://example.org/report) and **here**.\n"
    doc = _clean(md, "markdown")[0]
    assert doc.title == "Workers head to Kursk" and "#" not in doc.text and "**" not in doc.text
    assert doc.citations == ("https://example.org/report",)


def test_given_language_wins_and_metadata_flows_through():
    doc = _clean(BODY, language="de", title="Given title", url="https://x.org/a", id="r1", extra={"k": 1})[0]
    assert doc.language == "de" and doc.title == "Given title" and doc.url == "https://x.org/a"
    assert doc.meta["extra"] == {"k": 1} and doc.meta["record_id"] == "r1"


def test_too_little_text_is_rejected_no_text():
    out = _clean("Too short.\n")
    assert isinstance(out[0], Rejected) and out[0].reason == "no_text" and out[0].stage == "clean"
    assert out[0].id == _raw("Too short.\n").id


def test_clean_is_deterministic(seed_texts):
    assert _seed(seed_texts, "002") == _seed(seed_texts, "002")


def test_find_urls_splits_run_together_urls():
    text = "[1] https://a.org/x.html[2] https://b.org/y?q=1, see (https://c.org/z)."
    assert find_urls(text) == ("https://a.org/x.html", "https://b.org/y?q=1", "https://c.org/z")


def test_json_record_through_ingest_and_clean(tmp_path):
    from storytrace.ingest import iter_documents

    path = tmp_path / "r.jsonl"
    path.write_text(json.dumps({"id": "a", "text": BODY, "published": "2025-06-18", "language": "en"}) + "\n")
    raw = next(iter(iter_documents([path])))
    doc = clean_document(raw)[0]
    assert doc.published == "2025-06-18" and doc.language == "en" and doc.source.endswith("#a")


@pytest.mark.parametrize(
    "head, dateline, credits, author, published",
    [
        ("By Kim Tong-Hyung, Associated Press", None, ("AP",), "Kim Tong-Hyung", None),
        # colon labels are mostly rubrics ("GALLERY:", "ROUNDUP:"), so no dateline from them
        ("ROUNDUP: North Korea will send workers, officials said on Tuesday in the capital.", None, (), None, None),
        ("The Global GPS (Global Positioning System) market is expected to grow by 2025.", None, (), None, None),
        ("Anchor: North Korea will send workers, officials said on Tuesday in the capital.", None, (), None, None),
        ("MOSCOW, June 18. /TASS/. Russia said the talks went well on Tuesday in the capital.", "MOSCOW", ("TASS",), None, None),
        ("WASHINGTON, June 18, 2025 — The talks ended on Tuesday in the capital city.", "WASHINGTON", (), None, "2025-06-18"),
        ("By Tuesday, the troops had left the area near the border, officials said.", None, (), None, None),
    ],
)
def test_bylines_and_more_dateline_shapes(head, dateline, credits, author, published):
    doc = _clean(head + "\n" + BODY)[0]
    assert (doc.dateline, doc.credits, doc.author, doc.published) == (dateline, credits, author, published)


def test_more_furniture_shapes():
    furniture = (
        "Tags: Russia, North Korea\n5 min read\nClick to share on Twitter (Opens in new window)\n"
        "Kim Jong Un at the launch in June. (AP Photo/Ahn Young-joon)\n(With inputs from Reuters)\n"
    )
    doc = _clean(BODY + furniture + "The ministry declined to comment on the report on Wednesday evening.\n")[0]
    assert [r.reason for r in doc.removed] == ["tags", "reading time", "share", "photo caption", "credit line"]
    assert doc.credits == ("Reuters",) and doc.text.endswith("on Wednesday evening.")


def test_quality_floor_on_extraction_benchmark_pages(shared_dir):
    """A quality gate: a fixed sample of the extraction benchmark keeps its shingle F1."""
    import re
    from collections import Counter

    from storytrace.ingest import iter_documents

    data = shared_dir / "data" / "article-extraction-benchmark"
    truth = json.loads((data / "ground-truth.json").read_text(encoding="utf-8"))

    def shingles(text):
        tokens = re.findall(r"\w+", text)
        return Counter(tuple(tokens[i:i + 4]) for i in range(max(1, len(tokens) - 3)))

    precisions, recalls = [], []
    for key in sorted(truth)[:24]:
        raw = next(iter(iter_documents([data / "html" / f"{key}.html.gz"])))
        doc = clean_document(raw)[0]
        pred, gold = shingles(doc.text if isinstance(doc, Document) else ""), shingles(truth[key]["articleBody"])
        tp = sum((pred & gold).values())
        precisions.append(tp / max(1, sum(pred.values())))
        recalls.append(tp / max(1, sum(gold.values())))
    p, r = sum(precisions) / len(precisions), sum(recalls) / len(recalls)
    assert 2 * p * r / (p + r) >= 0.95, (p, r)  # 0.969 when pinned


def test_appended_stories_with_headline_first_and_no_heading():
    other1 = ("Ferry operators cancelled every crossing on Wednesday as winds reached 90 km/h along the "
              "northern coast, and the coastguard warned people to stay away.\n")
    other2 = ("The council voted nine to four in favour of the plan, which adds twelve kilometres of "
              "protected lanes through the town centre, the mayor said on Monday.\n")
    text = (BODY + BODY + "Storm closes the northern ferry routes\nHarbour Gazette\n2 hours ago\n" + other1
            + "Council approves new cycle lanes\nValley Post\n5 hours ago\n" + other2)
    main, *children = _clean(text)
    assert main.text == (BODY + BODY).strip()
    assert [(c.title, c.site_name) for c in children] == [
        ("Storm closes the northern ferry routes", "Harbour Gazette"),
        ("Council approves new cycle lanes", "Valley Post"),
    ]
    assert children[1].text == other2.strip()


def test_trailing_list_of_headlines_is_a_link_box_not_children():
    text = BODY + "More stories\nMinister resigns after the vote\nFloods hit the north again\nSchools reopen on Monday\n"
    main, *children = _clean(text)
    assert children == [] and main.text == BODY.strip()
    assert [r.reason for r in main.removed] == ["related-links box"]


def test_cookie_banners_go_but_news_about_cookies_stays():
    news = "Websites must ask for consent before setting cookies, the court in Luxembourg ruled on Tuesday.\n"
    banner = "We use cookies to improve your experience on our site. By continuing you accept our cookie policy.\nAccept all\n"
    doc = _clean(banner + BODY + news)[0]
    assert doc.text == (BODY + news).strip()
    assert [r.reason for r in doc.removed] == ["cookie notice", "button"]


def test_repeated_headline_is_dropped_once():
    doc = _clean("Austria to introduce border checks\nAustria to introduce border checks\n" + BODY)[0]
    assert doc.title == "Austria to introduce border checks" and doc.text == BODY.strip()


def test_syndication_notes_and_page_furniture():
    text = (
        BODY + "Image source, Getty Images\nEmail this article\nUpdated at 10:32 GMT\nSign in\n"
        "© 2025 Example Media. All rights reserved.\n" + BODY
        + "This story was originally published by The Conversation.\n"
    )
    doc = _clean(text)[0]
    assert [r.reason for r in doc.removed] == [
        "photo credit", "share", "timestamp", "button", "copyright", "disclosure note"]
    assert doc.disclosures == ("This story was originally published by The Conversation.",)
    assert doc.text == (BODY + BODY).strip()


PARA = ("<p>North Korea will send thousands of military construction workers and deminers to support reconstruction "
        "work in Russia's Kursk region, a top Russian official said on Tuesday in the capital.</p>")


def test_related_panel_is_lifted_out_of_html_with_its_outlet_labels():
    item = ('<div class="feed-item"><div class="source">{site}</div><div class="time">{ago} minutes ago</div>'
            '<div class="source-tag">- {site}</div><h3><a href="#">{title}</a></h3><p>{text}</p></div>')
    panel = "".join(item.format(site=site, ago=ago, title=title, text=text) for site, ago, title, text in (
        ("Coastal Herald", 12, "Cholera cases climb in flood-hit camps",
         "Health authorities have recorded 417 suspected cholera cases and nine deaths in the district since late "
         "February, the provincial health directorate said on Monday, adding that most were in camps."),
        ("Harbour Post", 27, "EU ministers back tighter emission rules for ports",
         "European Union transport ministers on Monday backed new rules requiring the largest container ports to "
         "provide shore power to docked ships by 2030, a step meant to cut harbor pollution."),
    ))
    html = (f"<html><head><title>Workers to Kursk</title></head><body><main><article><h1>Workers to Kursk</h1>"
            f"{PARA}{PARA.replace('Tuesday', 'Wednesday')}<div class='panel'><h2>Related Articles</h2>{panel}</div>"
            f"</article></main></body></html>")
    main, *children = _clean(html, "html")
    assert [(c.site_name, c.title) for c in children] == [
        ("Coastal Herald", "Cholera cases climb in flood-hit camps"),
        ("Harbour Post", "EU ministers back tighter emission rules for ports"),
    ]
    assert "cholera" not in main.text.lower() and main.text.endswith("in the capital.")
    assert [r.kind for r in main.removed] == ["clutter", "appended", "appended"]


def test_link_box_inside_html_article_keeps_the_text_after_it():
    box = ("<div class='box'><h3>Read more</h3><ul><li><a href='#'>Minister resigns after the budget vote</a></li>"
           "<li><a href='#'>Floods hit the north again this week</a></li></ul></div>")
    html = (f"<html><body><article><h1>Workers to Kursk</h1>{PARA}{box}"
            f"{PARA.replace('North Korea', 'Pyongyang').replace('Tuesday', 'Friday')}</article></body></html>")
    main, *children = _clean(html, "html")
    assert children == [] and "Pyongyang will send" in main.text and "Minister resigns" not in main.text
    assert [r.reason for r in main.removed] == ["related-content heading", "related-links box"]


def test_repeated_appended_article_gives_one_child(seed_texts):
    text = seed_texts["002"]
    start = text.index("\nGlasgow Times")
    doubled = text + "\n" + text[start:]
    main, *children = clean_document(RawDocument("d.txt", doubled.encode(), "text"))
    assert len(children) == 3 and len({c.id for c in children}) == 3
    assert any(r.reason == "appended article repeated" for r in main.removed)
