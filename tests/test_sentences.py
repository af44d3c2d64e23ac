"""Sentence splitting: news conventions, offsets, and the seeds."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storytrace.sentences import split_sentences


def texts(text: str, lang: str | None = None) -> list[str]:
    return [s.text for s in split_sentences(text, lang)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The U.S. State Department said so. It left.", ["The U.S. State Department said so.", "It left."]),
        ("A U.N. report came out. Mr. Kim and Dr. Lee met.", ["A U.N. report came out.", "Mr. Kim and Dr. Lee met."]),
        ("He arrived on Jan. 5 with Sr. Silva. Then he left.", ["He arrived on Jan. 5 with Sr. Silva.", "Then he left."]),
        ("A Sra. Silva disse que os EUA vão. Ele foi.", ["A Sra. Silva disse que os EUA vão.", "Ele foi."]),
        ("It grew 3.5 percent. John F. Kennedy spoke.", ["It grew 3.5 percent.", "John F. Kennedy spoke."]),
        ('He said "it is over." Then he left.', ['He said "it is over."', "Then he left."]),
        ("“This is aid.” Shoigu said so.", ["“This is aid.”", "Shoigu said so."]),
        ('"Is it?" he asked. Yes.', ['"Is it?" he asked.', "Yes."]),
        ("Held for months.Rosyn Park reports.Reporter: Hello.", ["Held for months.", "Rosyn Park reports.", "Reporter: Hello."]),
        ("raised concerns for South Korea and the U.S.South Korea’s office said no.",
         ["raised concerns for South Korea and the U.S.", "South Korea’s office said no."]),
        ("See www.Example.com for more. Bye.", ["See www.Example.com for more.", "Bye."]),
        ("Er kam am 18. Juni an. Dann ging er.", ["Er kam am 18. Juni an.", "Dann ging er."]),
        ("朝鲜将派遣工人。俄罗斯表示欢迎。", ["朝鲜将派遣工人。", "俄罗斯表示欢迎。"]),
    ],
)
def test_news_conventions(text, expected):
    lang = "de" if "Juni" in text else None
    assert texts(text, lang) == expected


def test_headline_and_paragraphs_split_and_dateline_stays():
    text = "North Korea plans to send workers\nSEOUL, South Korea — North Korea will send workers. It is new.\n\nSecond paragraph"
    assert texts(text) == [
        "North Korea plans to send workers",
        "SEOUL, South Korea — North Korea will send workers.",
        "It is new.",
        "Second paragraph",
    ]


def test_dateline_on_its_own_line_joins_its_sentence():
    assert texts("SEOUL, South Korea —\nNorth Korea will send workers.") == ["SEOUL, South Korea —\nNorth Korea will send workers."]


def test_hard_wrapped_prose_is_joined():
    assert texts("The minister said the plan\nwas agreed on Monday.") == ["The minister said the plan\nwas agreed on Monday."]


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab .!?\n\"'“”U.S3")), max_size=80))
def test_offsets_point_into_the_text(text):
    sents = split_sentences(text)
    last = 0
    for i, s in enumerate(sents):
        assert s.index == i
        assert text[s.start : s.end] == s.text
        assert s.text == s.text.strip() and s.text
        assert s.start >= last
        last = s.end


def test_seeds_split_sensibly(seed_texts):
    transcript = split_sentences(seed_texts["003"])
    assert any(s.text == "Rosyn Park reports." for s in transcript)
    assert any(s.text.endswith("South Korea and the U.S.") for s in transcript)
    story = split_sentences(seed_texts["002"].split("Try Our AI Features")[0])
    assert story[0].text == "North Korea plans to send military construction workers and deminers to Russia"
    assert story[1].text.startswith("SEOUL, South Korea — North Korea will send")
    assert len(story) == 26
    pt = split_sentences(seed_texts["000"], "pt")
    assert any(s.text.endswith("para o nosso país.”") for s in pt)
