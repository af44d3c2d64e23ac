"""Cross-version comparison: the seed story, and small cases for every finding kind."""

from __future__ import annotations

from dataclasses import replace

import pytest

from storytrace.compare import compare_story, unsupported_facts
from storytrace.records import Document, LineageEdge, Quote, QuoteMatch

PUBLISHED = "2025-06-18"

# As bench/seeds_lineage.py infers it: 001 and 002 both draw on the fuller AP
# original (latent:2), 003 reports the event independently, 004 rewrites 002.
SEED_LINEAGE = (
    LineageEdge("002", "000", "translation", 0.9),
    LineageEdge("latent:2", "001", "paraphrase", 0.8),
    LineageEdge("latent:2", "002", "paraphrase", 0.8),
    LineageEdge("latent:1", "003", "independent", 0.5),
    LineageEdge("002", "004", "rewrite", 0.7),
)


@pytest.fixture(scope="module")
def seed_result(seed_documents):
    docs = {
        key: replace(doc, published=doc.published or PUBLISHED, language=doc.language or ("pt" if key == "000" else "en"))
        for key, doc in seed_documents.items()
    }
    facts, findings = compare_story(list(docs.values()), SEED_LINEAGE, [])
    return docs, facts, findings


def _quantity(facts, value):
    return [f for f in facts if f.kind == "quantity" and f.value == value]


def test_seed_parts_agree_across_all_five_versions(seed_result):
    docs, facts, _ = seed_result
    for value in (1000.0, 5000.0):
        (fact,) = _quantity(facts, value)
        assert fact.status == "agreed"
        assert {m.document for m in fact.mentions} == set(docs)
    texts = {m.document: m.text for m in _quantity(facts, 1000.0)[0].mentions}
    assert texts["003"].startswith("one-thousand")
    assert texts["000"].startswith("1.000")
    assert _quantity(facts, 5000.0)[0].mentions and any(
        m.text.startswith("5.000") for m in _quantity(facts, 5000.0)[0].mentions
    )


def test_seed_total_is_consistent_with_its_parts(seed_result):
    _, facts, findings = seed_result
    (total,) = _quantity(facts, 6000.0)
    assert {m.document for m in total.mentions} == {"003", "004"}
    assert "total = 1,000 + 5,000" in total.key
    assert not [f for f in findings if f.kind == "inconsistent_total"]


def test_seed_troops_and_deaths(seed_result):
    _, facts, _ = seed_result
    (deaths,) = _quantity(facts, 600.0)
    assert {"000", "001", "002"} <= {m.document for m in deaths.mentions}
    # 001 states 15,000 twice, for troops and for laborers: two facts, not one agreed fact
    troops, laborers = sorted(_quantity(facts, 15000.0), key=lambda f: -len(f.mentions))
    assert {m.document for m in troops.mentions} == {"000", "001", "002"}
    assert [m.text for m in laborers.mentions] == ["15,000 North Korean laborers"]
    assert laborers.status == "single" and "laborers" not in " ".join(m.text for m in troops.mentions)


def test_seed_unsupported_and_only_in_follow_lineage(seed_result):
    """001's paragraphs from the fuller original are single-source details, not unsupported claims."""
    _, _, findings = seed_result
    assert not [f for f in findings if f.kind == "unsupported_claim" and f.document in ("001", "003")]
    only = {(f.document, f.text) for f in findings if f.kind == "only_in"}
    assert ("001", "April 30") in only
    assert any(doc == "003" for doc, _ in only)
    assert all(f.confidence < 0.7 for f in findings if f.kind == "only_in")


def test_seed_weekday_drift_needs_aligned_statements(seed_documents):
    """001's Thursday statement of concern is not 002's Wednesday statement on sanctions."""
    from storytrace.align import align_versions

    docs = list(seed_documents.values())
    sentences, alignments = align_versions(docs)
    _, findings = compare_story(docs, SEED_LINEAGE, [], sentences=sentences, alignments=alignments)
    assert not [f for f in findings if f.kind in ("drift", "conflict") and f.text == "Thursday"]


def test_seed_framing_of_the_workers(seed_result):
    _, _, findings = seed_result
    framing = [f for f in findings if f.kind == "framing"]
    assert [f.document for f in framing] == ["004"]
    assert "humanitarian" in framing[0].text
    assert "military" in framing[0].detail


def test_seed_single_version_claim(seed_result):
    _, _, findings = seed_result
    claims = [(f.document, f.text) for f in findings if f.kind == "unsupported_claim"]
    assert ("004", "from summer 2024 to spring 2025") in claims
    # The shared facts of the rewrite are supported by the story.
    assert not any(doc == "004" and text[:1].isdigit() for doc, text in claims)


def test_seed_citation_audit(seed_result):
    _, _, findings = seed_result
    anachronistic = [f.text for f in findings if f.kind == "anachronistic_citation"]
    assert len(anachronistic) == 3
    assert any("reuters.com" in t for t in anachronistic)
    assert any("aljazeera.com" in t for t in anachronistic)
    assert any("bbc.com" in t for t in anachronistic)
    offtopic = [f.text for f in findings if f.kind == "offtopic_citation"]
    assert len(offtopic) == 1 and "theguardian.com" in offtopic[0]


def test_seed_weekdays_of_different_statements_do_not_drift(seed_result):
    """001's Thursday "grave concern" and 002's Wednesday "violation of sanctions" are two statements.

    Both name South Korea's Foreign Ministry, but their sentences are not
    aligned, so they are not one slot; the other weekdays (Tuesday for
    Shoigu, Wednesday for KCNA) agree.
    """
    _, facts, findings = seed_result
    assert not [f for f in facts if f.kind == "weekday" and f.status in ("drift", "conflict")]
    assert not [f for f in findings if f.kind in ("drift", "conflict") and f.text == "Thursday"]
    agreed = [f for f in facts if f.kind == "weekday" and f.status == "agreed"]
    assert any({"000", "001", "002"} <= {m.document for m in f.mentions} for f in agreed)


def test_seed_no_false_consistency_findings(seed_result):
    _, _, findings = seed_result
    kinds = {f.kind for f in findings}
    assert not kinds & {"weekday_mismatch", "future_event", "inconsistent_total", "conflict"}


def test_seed_offsets_point_at_the_text(seed_result):
    docs, facts, findings = seed_result
    for fact in facts:
        for m in fact.mentions:
            assert docs[m.document].text[m.start:m.end] == m.text
    for f in findings:
        if f.start is not None:
            assert docs[f.document].text[f.start:f.end] == f.text


# ---------------------------------------------------------------- small cases


def _doc(doc_id, text, published=PUBLISHED, lang="en"):
    return Document(doc_id, doc_id, text, language=lang, published=published)


def test_quantity_drift_between_a_source_and_its_copy():
    a = _doc("a", "Officials said 40 people were rescued on Monday.")
    b = _doc("b", "Officials said 45 people were rescued on Monday.")
    facts, findings = compare_story([a, b], [LineageEdge("a", "b", "edit", 0.9)], [])
    (q,) = [f for f in facts if f.kind == "quantity"]
    assert q.status == "drift"
    assert {m.value for m in q.mentions} == {40.0, 45.0}
    assert [f.kind for f in findings if f.kind in ("drift", "conflict")] == ["drift"]


def test_independent_versions_that_disagree_conflict():
    a = _doc("a", "Officials said 40 people were rescued.")
    b = _doc("b", "Rescuers said 45 people were rescued.")
    facts, _ = compare_story([a, b], [], [])
    (q,) = [f for f in facts if f.kind == "quantity"]
    assert q.status == "conflict"


def test_inconsistent_total():
    a = _doc("a", "The North sends a total of 7,000 workers, including 5,000 builders and 1,000 deminers.")
    _, findings = compare_story([a], [], [])
    (f,) = [f for f in findings if f.kind == "inconsistent_total"]
    assert "7,000" in f.detail and "6,000" in f.detail


def test_consistent_total_gives_no_finding():
    a = _doc("a", "The North sends 6,000 workers: 5,000 builders and 1,000 deminers.")
    facts, findings = compare_story([a], [], [])
    assert not [f for f in findings if f.kind == "inconsistent_total"]
    assert any("total = 1,000 + 5,000" in f.key for f in facts)


def test_weekday_mismatch():
    a = _doc("a", "The ministry spoke on Wednesday, June 17, 2025, about the deal.")
    _, findings = compare_story([a], [], [])
    (f,) = [f for f in findings if f.kind == "weekday_mismatch"]
    assert "Tuesday" in f.detail


def test_future_event():
    past = _doc("a", "The attack on July 3, 2025 killed five people.")
    future = _doc("b", "The leaders will meet on July 3, 2025 in Geneva.")
    _, f1 = compare_story([past], [], [])
    _, f2 = compare_story([future], [], [])
    assert [f.kind for f in f1 if f.kind == "future_event"] == ["future_event"]
    assert not [f for f in f2 if f.kind == "future_event"]


def test_altered_quote_is_reported_on_the_derived_version():
    qa = Quote("a", 10, 40, "invariably and unconditionally support", "Kim", "said")
    qb = Quote("b", 5, 25, "unconditionally uphold", "Kim", "said")
    match = QuoteMatch(qa, qb, "altered", 0.5, (("-", "invariably and"), ("=", "unconditionally"), ("-", "support"), ("+", "uphold")))
    a = _doc("a", "x" * 60)
    b = _doc("b", "y" * 60)
    facts, findings = compare_story([a, b], [LineageEdge("a", "b", "paraphrase", 0.8)], [match])
    (f,) = [f for f in findings if f.kind == "altered_quote"]
    assert f.document == "b" and f.related == ("a",)
    assert "invariably and unconditionally support" in f.detail and "uphold" in f.detail
    assert [q.status for q in facts if q.kind == "quote"] == ["drift"]


def test_unsupported_claim_with_a_latent_source():
    a = _doc("a", "Officials said 40 people were rescued in Leeds on Monday.")
    b = _doc("b", "Officials said 40 people were rescued in Leeds on Monday, and 12 were hurt.")
    c = _doc("c", "Forty people were rescued in Leeds, officials said.")
    lineage = [LineageEdge("latent:1", "a", "rewrite", 0.8), LineageEdge("latent:1", "b", "rewrite", 0.8)]
    _, findings = compare_story([a, b, c], lineage, [])
    claims = [(f.document, f.text) for f in findings if f.kind == "unsupported_claim"]
    assert claims == []  # siblings of an unseen source: what one has more is a single-source detail
    assert [(f.document, f.text) for f in findings if f.kind == "only_in"] == [("b", "12")]
    # derived from the real version a, the same figure is an unsupported addition
    _, findings = compare_story([a, b, c], [LineageEdge("a", "b", "edit", 0.9)], [])
    (claim,) = [f for f in findings if f.kind == "unsupported_claim"]
    assert (claim.document, claim.text) == ("b", "12") and claim.confidence >= 0.7


def test_a_lone_latent_source_is_checked_against_the_story():
    a = _doc("a", "Officials said 40 people were rescued in Leeds in May 2025.")
    b = _doc("b", "40 people were rescued in Leeds in May 2025 and from winter 2023 to spring 2024 the town flooded.")
    _, findings = compare_story([a, b], [LineageEdge("latent:7", "b", "rewrite", 0.7)], [])
    claims = [f.text for f in findings if f.kind == "only_in"]
    assert claims == ["from winter 2023 to spring 2024"]
    assert not [f for f in findings if f.kind == "unsupported_claim"]


def test_malformed_and_private_citations():
    a = _doc("a", "Flood news. [1] https://www.example.com/a-b-c- article123.html [2] http://192.168.1.1/x")
    _, findings = compare_story([a], [], [])
    details = [f.detail for f in findings if f.kind == "malformed_citation"]
    assert any("space" in d for d in details)
    assert any("private" in d for d in details)


def test_compare_is_independent_of_document_order():
    a = _doc("a", "Officials said 40 people were rescued in Leeds on Monday.")
    b = _doc("b", "Police said 45 people were rescued in Leeds on Monday.")
    c = _doc("c", "In Leeds, 40 people were rescued on Monday.")
    one = compare_story([a, b, c], [], [])
    two = compare_story([c, b, a], [], [])
    assert sorted(f.id for f in one[0]) == sorted(f.id for f in two[0])
    assert sorted(one[1], key=repr) == sorted(two[1], key=repr)


# ---------------------------------------------------------------- one pair


def test_unsupported_facts_numbers_names_dates():
    article = "Police in Leeds said 40 people were rescued on Monday after the flood in March 2024."
    assert unsupported_facts(article, "Police in Leeds said 40 people were rescued.", lang="en") == []
    found = unsupported_facts(article, "Police in Manchester said 45 people were rescued in April 2024.", lang="en")
    kinds = {(f.kind, f.text) for f in found}
    assert ("quantity", "45 people") in kinds
    assert any(f.text == "Manchester" for f in found)
    assert any(f.kind == "date" for f in found)


def test_unsupported_facts_on_lower_cased_summaries():
    article = "Natalia Moon moved to the Philippines in 2012 and learned Tagalog to win a sitcom role."
    assert unsupported_facts(article, "natalia moon learned tagalog to win a sitcom role .", lang="en") == []
    found = unsupported_facts(article, "natalia moon learned cebuano to star in a zarzuela .", lang="en")
    assert {f.text for f in found} >= {"cebuano", "zarzuela"}


def test_unsupported_facts_negation():
    article = "The minister said the company did not accept the fine imposed by the regulator last year."
    found = unsupported_facts(article, "The minister said the company accepted the fine imposed by the regulator last year.", lang="en")
    assert [f.kind for f in found] == ["negation"]


# ---------------------------------------------------------------- the bundled example story


@pytest.fixture(scope="module")
def example_result(examples_dir):
    from storytrace.clean import clean_document
    from storytrace.records import RawDocument

    docs = []
    for name in ("original", "syndicated", "translation_pt", "broadcast", "spin"):
        path = examples_dir / "story" / f"{name}.txt"
        doc = clean_document(RawDocument(str(path), path.read_bytes(), "text", {}))[0]
        docs.append(replace(doc, id=name, published=doc.published or "2025-03-11",
                            language=doc.language or ("pt" if name.endswith("pt") else "en")))
    lineage = [
        LineageEdge("latent:1", "original", "edit", 0.8),
        LineageEdge("latent:1", "syndicated", "paraphrase", 0.8),
        LineageEdge("original", "translation_pt", "translation", 0.9),
        LineageEdge("original", "spin", "rewrite", 0.7),
        LineageEdge("broadcast", "broadcast", "independent", 0.5),
    ]
    facts, findings = compare_story(docs, lineage, [])
    return {d.id: d for d in docs}, facts, findings


def test_example_counts_and_total(example_result):
    docs, facts, _ = example_result
    for value in (1200.0, 3800.0):
        (fact,) = _quantity(facts, value)
        assert fact.status == "agreed" and {m.document for m in fact.mentions} == set(docs)
    (total,) = [f for f in _quantity(facts, 5000.0) if "original" in {m.document for m in f.mentions}]
    assert "total = 1,200 + 3,800" in total.key
    assert {m.document for m in total.mentions} == set(docs)


def test_example_weekday_shift_only_for_the_union_statement(example_result):
    _, facts, findings = example_result
    drifting = [f for f in facts if f.kind == "weekday" and f.status == "drift"]
    assert len(drifting) == 1
    shifted = {m.document: m.text for m in drifting[0].mentions}
    assert shifted["syndicated"] == "Thursday" and shifted["original"] == "Wednesday"
    assert [(f.document, f.text) for f in findings if f.kind == "drift"] == [("syndicated", "Thursday")]


def test_example_spin_findings(example_result):
    _, _, findings = example_result
    spin = [f for f in findings if f.document == "spin"]
    assert any(f.kind == "framing" and "humanitarian volunteers" in f.text for f in spin)
    assert any(f.kind == "unsupported_claim" and "cruise terminal" in f.text for f in spin)
    anachronistic = sorted(f.text for f in spin if f.kind == "anachronistic_citation")
    assert len(anachronistic) == 2 and "aljazeera.com/news/2021" in anachronistic[0] and "2019-03-22" in anachronistic[1]
    offtopic = [f.text for f in spin if f.kind == "offtopic_citation"]
    assert len(offtopic) == 1 and "football" in offtopic[0]


def test_drift_across_languages_by_sentence_anchors():
    a = _doc("a", "Leeds police said 40 people were rescued from the River Aire on Monday.")
    b = _doc("b", "A polícia de Leeds disse que 45 pessoas foram resgatadas do rio Aire na segunda-feira.", lang="pt")
    facts, findings = compare_story([a, b], [LineageEdge("a", "b", "translation", 0.9)], [])
    (q,) = [f for f in facts if f.kind == "quantity"]
    assert q.status == "drift" and {m.value for m in q.mentions} == {40.0, 45.0}
    assert [(f.kind, f.document) for f in findings if f.kind == "drift"] == [("drift", "b")]


def test_date_drift_for_the_same_event():
    a = _doc("a", "Mozambique's president Celestino Mabunda visited Lisbon on January 29, officials said.")
    b = _doc("b", "Mozambique's president Celestino Mabunda visited Lisbon on January 28, officials said.")
    c = _doc("c", "Mozambique's president Celestino Mabunda visited Lisbon on January 29, officials said.")
    facts, findings = compare_story([a, b, c], [LineageEdge("a", "b", "edit", 0.9), LineageEdge("a", "c", "copy", 1.0)], [])
    (d,) = [f for f in facts if f.kind == "date"]
    assert d.status == "drift" and d.value == "2025-01-29"
    assert [(f.document, f.text) for f in findings if f.kind == "drift"] == [("b", "January 28")]


def test_approximate_figure_that_admits_the_exact_one_agrees():
    a = _doc("a", "Officials said 214 people died in the flood in Ponta Lunga.")
    b = _doc("b", "More than two hundred people died in the flood in Ponta Lunga, officials said.")
    c = _doc("c", "Officials said 214 people died in the flood in Ponta Lunga.")
    facts, findings = compare_story([a, b, c], [LineageEdge("a", "c", "copy", 1.0)], [])
    (q,) = [f for f in facts if f.kind == "quantity"]
    assert {m.value for m in q.mentions} == {200.0, 214.0}
    assert q.status == "agreed"
    assert not [f for f in findings if f.kind in ("drift", "conflict")]


def test_undated_version_cites_against_the_story_date():
    a = _doc("a", "Leeds police said 40 people were rescued from the River Aire on Monday.")
    b = Document("b", "b", "Forty people were rescued from the River Aire in Leeds. [1] https://example.com/news/2019/01/02/leeds-river-aire-rescue-boats", language="en")
    _, findings = compare_story([a, b], [], [])
    assert [(f.kind, f.document) for f in findings if f.kind == "anachronistic_citation"] == [("anachronistic_citation", "b")]


# ---------------------------------------------------------------- false findings found by running the pipeline


def _claims(findings, doc_id):
    return [(f.text, f.detail) for f in findings if f.kind == "unsupported_claim" and f.document == doc_id]


@pytest.mark.parametrize("dated", ["a", "b"])
def test_month_without_a_year_agrees_with_the_resolved_month(dated):
    text = "Floodwaters swamped Ponta Lunga in late January, killing 214 people, officials said."
    a = _doc("a", text, published=PUBLISHED if dated == "a" else None)
    b = _doc("b", "Officials said floods swamped Ponta Lunga in late January and killed 214 people.",
             published=PUBLISHED if dated == "b" else None)
    c = Document("c", "c", "Ponta Lunga was swamped in January, officials said.", language="en")
    facts, findings = compare_story([a, b, c], [LineageEdge("a", "b", "edit", 0.9), LineageEdge("a", "c", "summary", 0.7)], [])
    assert not _claims(findings, "b") and not _claims(findings, "c")
    assert not [f for f in findings if f.kind in ("drift", "conflict")]
    (month,) = [f for f in facts if f.kind == "date"]
    assert month.status == "agreed" and month.value == "2025-01"


def test_partial_dates_compare_on_the_components_both_state():
    """Without any dated version nothing is resolved; a stated year still disagrees with another stated year."""
    a = Document("a", "a", "Ponta Lunga was swamped on January 29, officials said.", language="en")
    b = Document("b", "b", "Ponta Lunga was swamped on January 29, 2025, officials said.", language="en")
    c = Document("c", "c", "Ponta Lunga was swamped on January 29, 2024, officials said.", language="en")
    _, findings = compare_story([a, b], [LineageEdge("a", "b", "edit", 0.9)], [])
    assert not _claims(findings, "b") and not [f for f in findings if f.kind == "drift"]
    _, findings = compare_story([b, c], [LineageEdge("b", "c", "edit", 0.9)], [])
    assert [t for t, _ in _claims(findings, "c")] == ["January 29, 2024"]


def test_undated_version_reads_weekdays_against_the_story_reference_date():
    a = _doc("a", "Leeds police said Tuesday that 40 people were rescued from the River Aire.")  # 2025-06-18
    b = _doc("b", "Leeds police said Tuesday that 40 people were rescued from the River Aire.", published="2025-06-20")
    c = Document("c", "c", "Police in Leeds said on Tuesday 40 people had been rescued from the River Aire.", language="en")
    facts, findings = compare_story([c, b, a], [LineageEdge("a", "c", "paraphrase", 0.8)], [])
    (weekday,) = [f for f in facts if f.kind == "weekday"]
    values = {m.document: m.value for m in weekday.mentions}
    assert values == {"a": "2025-06-17", "b": "2025-06-17", "c": "2025-06-17"}  # the earliest story date
    assert weekday.status == "agreed" and not _claims(findings, "c")


def test_dateline_date_is_not_a_claim_and_dates_the_version():
    a = _doc("a", "LISBON — Portugal will send 1,200 army engineers to Ponta Lunga, a Mozambican minister said Tuesday.",
             published="2025-03-11")
    b = Document("b", "b", "Lisbon, March 12 (WNS) Portugal will dispatch 1,200 military engineers to Ponta Lunga, "
                 "a Mozambican minister announced on Tuesday.", language="en", dateline="Lisbon")
    facts, findings = compare_story([a, b], [LineageEdge("a", "b", "paraphrase", 0.8)], [])
    assert not _claims(findings, "b")
    assert not [f for f in facts if f.kind == "date"]  # publication metadata, not a fact of the story
    (weekday,) = [f for f in facts if f.kind == "weekday"]
    assert {m.document: m.value for m in weekday.mentions} == {"a": "2025-03-11", "b": "2025-03-11"}


@pytest.mark.parametrize(
    "garbled",
    [
        "Encerrando uma visita a Lisboa, o ministro Celestino Mabunda Mabun disse que Portugal enviará 1.200 engenheiros.",
        "Em Lisboa, encerrando uma visita a LisboaMinistro das Obras Públicas Celestino Mabunda disse que Portugal enviará 1.200 engenheiros.",
        "O líder Celestino Mabunda Celestino Mab disse que Portugal enviará 1.200 engenheiros.",
    ],
)
def test_garbled_names_are_not_unsupported_entities(garbled):
    a = _doc("a", "Ending a two-day visit to Lisbon, Public Works Minister Celestino Mabunda said Portugal will send 1,200 engineers.")
    b = _doc("b", garbled, lang="pt")
    _, findings = compare_story([a, b], [LineageEdge("a", "b", "translation", 0.9)], [])
    assert not [t for t, d in _claims(findings, "b") if d.startswith("entity")]


def test_a_new_name_is_still_an_unsupported_entity():
    a = _doc("a", "Ending a two-day visit to Lisbon, Public Works Minister Celestino Mabunda said Portugal will send 1,200 engineers.")
    b = _doc("b", "Ending a visit to Lisbon, Minister Celestino Mabunda and Finance Minister Rosalina Tembe said Portugal will send 1,200 engineers.")
    _, findings = compare_story([a, b], [LineageEdge("a", "b", "edit", 0.9)], [])
    assert any("Rosalina Tembe" in t for t, _ in _claims(findings, "b"))


def test_total_of_parts_a_source_states_together_is_supported():
    a = _doc("a", "Shoigu said Kim decided to send 1,000 sappers to clear mines in the Kursk region and 5,000 military construction workers.")
    b = _doc("b", "North Korea will send 6,000 workers to the Kursk region, Shoigu said.")
    c = _doc("c", "North Korea will send 7,000 workers to the Kursk region, Shoigu said.")
    _, findings = compare_story([a, b, c], [LineageEdge("a", "b", "rewrite", 0.7), LineageEdge("a", "c", "rewrite", 0.7)], [])
    assert not [t for t, d in _claims(findings, "b") if d.startswith("quantity")]
    assert [t for t, d in _claims(findings, "c") if d.startswith("quantity")] == ["7,000 workers"]


def test_url_broken_by_a_space_stays_in_the_text_and_is_reported():
    import json

    from storytrace.clean import clean_document
    from storytrace.records import RawDocument

    broken = "https://www.example.com/politics/flood-aid-for-the-port- article2248.html"
    body = (
        "Portugal will send 1,200 army engineers and 3,800 construction workers to rebuild the flood-hit port, officials said.\n"
        "The ministry said the mission would start within weeks and last until the end of the year, officials added.\n"
        f"[1] {broken}[2] https://www.example.org/news/2025/03/11/portugal-engineers-port\n"
    )
    (doc,) = clean_document(RawDocument("x.txt", body.encode(), "text", {"published": "2025-03-11"}))
    assert broken in doc.text  # the text keeps what the author wrote
    repaired = broken.replace(" ", "")
    assert doc.citations[0] == repaired and doc.meta["repaired_citations"] == {repaired: broken}
    json.dumps(doc.meta)
    _, findings = compare_story([doc], [], [])
    (malformed,) = [f for f in findings if f.kind == "malformed_citation"]
    assert malformed.text == broken and doc.text[malformed.start:malformed.end] == broken


def test_repaired_citation_recorded_by_the_cleaner_is_reported():
    text = "Flood news from the port, officials said on Monday.\n[1] https://www.example.com/a/b/flood article123.html"
    doc = Document("d", "d", text, language="en", published=PUBLISHED,
                   meta={"repaired_citations": {"https://www.example.com/a/b/floodarticle123.html": "https://www.example.com/a/b/flood article123.html"}})
    _, findings = compare_story([doc], [], [])
    (malformed,) = [f for f in findings if f.kind == "malformed_citation"]
    assert malformed.text == "https://www.example.com/a/b/flood article123.html" and "floodarticle123" in malformed.detail


def test_a_question_is_not_an_unsupported_sentence():
    a = _doc("a", "Portugal will send 1,200 army engineers to rebuild the flood-hit port of Ponta Lunga, officials said.")
    question = "Guess which country just rolled up its sleeves for one of the biggest rebuilding jobs in Africa this year?"
    claim = "Lisbon also promised a brand-new cruise terminal, paid for entirely by taxpayers."
    b = _doc("b", f"{question} Portugal will send 1,200 army engineers to rebuild Ponta Lunga, officials said. {claim}")
    _, findings = compare_story([a, b], [LineageEdge("a", "b", "rewrite", 0.7)], [])
    assert [t for t, _ in _claims(findings, "b")] == [claim]


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        ("The company set a revenue target of 2 billion euros for March 2027. Sales rose.", "2025-01-10", []),
        ("Emissions must fall 40 percent by 2030, the minister said.", "2025-01-10", []),
        # a retrospective: its first narrated date is not its publication date
        ("On 5 May 1945, the war in Europe ended. Decades later, on 12 June 2019, veterans met in Prague.", None, []),
        ("The bridge collapsed on 5 March 2026, killing 3 people.", "2025-01-10", ["5 March 2026"]),
    ],
)
def test_future_event_only_for_past_events_after_the_story_date(text, published, expected):
    doc = Document("a", "a", text, language="en", published=published)
    _, findings = compare_story([doc], [], [])
    assert [f.text for f in findings if f.kind == "future_event"] == expected


def test_inflected_names_are_one_fact_and_no_new_claim():
    a = _doc("a", "Minister Paweł Rajewski said 40 people were rescued in Gdańsk.", lang="pl")
    b = _doc("b", "Z ministrem Pawłem Rajewskim rozmawiano o 40 osobach uratowanych w Gdańsku.", lang="pl")
    facts, findings = compare_story([a, b], [LineageEdge("a", "b", "edit", 0.9)], [])
    names = [f for f in facts if f.kind == "entity" and any("Raj" in m.text for m in f.mentions)]
    assert len(names) == 1 and {m.document for m in names[0].mentions} == {"a", "b"}
    assert not [f for f in findings if f.kind in ("unsupported_claim", "only_in") and "Raj" in f.text]


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("The strike began on Sunday, 30 December 2019, and went on.", True),
        ("It began on 30 December 2019 (Sunday) at dawn.", True),
        ("The strike began on Monday, 30 December 2019, and went on.", False),
        # a byline date, then the story's first sentence: not a weekday beside its date
        ("By Evan Blake 30 December 2019 Sunday marked the eleventh week of the strike.", False),
    ],
)
def test_weekday_mismatch_only_for_a_weekday_beside_its_date(text, flagged):
    _, findings = compare_story([_doc("a", text, published="2020-01-05")], [], [])
    assert bool([f for f in findings if f.kind == "weekday_mismatch"]) is flagged
