"""Quotes: finding them, their speakers, and matching them across versions."""

from __future__ import annotations

import pytest

from storytrace.facts.quotes import find_quotes, match_quotes
from storytrace.records import Document


def doc(i: str, text: str, lang: str = "en") -> Document:
    return Document(id=i, source=i, text=text, language=lang)


@pytest.mark.parametrize(
    "text, lang, quote, speaker",
    [
        ("“We will help,” said Shoigu.", "en", "We will help,", "Shoigu"),
        ('"We will help," Shoigu told reporters.', "en", "We will help,", "Shoigu"),
        ("The ministry said the deal was 'deeply concerning' for the region.", "en", "deeply concerning", "ministry"),
        ("Kim Jong Un said: « Nous allons aider nos amis ».", "fr", "Nous allons aider nos amis", "Kim Jong Un"),
        ("„Wir werden helfen“, sagte Schoigu.", "de", "Wir werden helfen", "Schoigu"),
        ("“Vamos ajudar os amigos”, disse Shoigu, segundo a Tass.", "pt", "Vamos ajudar os amigos", "Shoigu"),
        ("«Vamos a ayudar», dijo el ministro Lavrov.", "es", "Vamos a ayudar", "Lavrov"),
        ("The plan is sound, according to Reuters, which quoted “two senior officials”.", "en", "two senior officials", None),
        ("KCNA quoted Kim as expressing his resolve to 'invariably and unconditionally support' Russia.", "en",
         "invariably and unconditionally support", "Kim"),
    ],
)
def test_find_quotes_styles_and_speakers(text, lang, quote, speaker):
    qs = find_quotes(doc("d", text, lang))
    assert [q.text for q in qs] == [quote]
    q = qs[0]
    assert text[q.start : q.end] == quote
    if speaker is None:
        return
    assert q.speaker is not None and speaker.lower() in q.speaker.lower()


def test_apostrophes_are_not_quotes():
    assert find_quotes(doc("d", "Russia's war and Kim's plan aren't new, we've heard.")) == ()


def test_continued_quote_and_pronoun_take_the_previous_speaker():
    text = "'We agreed to help,' Shoigu said. 'It is brotherly aid.' Later: 'We stay,' he said."
    qs = find_quotes(doc("d", text))
    assert [q.speaker for q in qs] == ["Shoigu", "Shoigu", "Shoigu"]


def test_match_labels_and_diff():
    a = doc("a", "Kim said: 'We will help our friends in Russia now.' Lee said: 'No comment on that.'")
    b = doc("b", "Kim said: 'We will help our allies in Russia now.' Lee said: 'No comment on that.'")
    c = doc("c", "Kim said: 'We will help our friends'. Other news followed.")
    qs = {d.id: find_quotes(d) for d in (a, b, c)}
    ms = {(m.a.document, m.b.document, m.a.text): m for m in match_quotes([a, b, c], qs)}
    altered = ms[("a", "b", "We will help our friends in Russia now.")]
    assert altered.label == "altered"
    assert altered.diff == (("=", "We will help our"), ("-", "friends"), ("+", "allies"), ("=", "in Russia now"))
    assert ms[("a", "b", "No comment on that.")].label == "verbatim"
    assert ms[("a", "c", "We will help our friends in Russia now.")].label == "truncated"


@pytest.fixture(scope="module")
def seed_matches(seed_documents):
    docs = list(seed_documents.values())
    qs = {d.id: find_quotes(d) for d in docs}
    return qs, match_quotes(docs, qs)


def test_seed_speakers(seed_matches):
    qs, _ = seed_matches
    shoigu = [q for q in qs["002"] if q.text.startswith(("Following the expulsion", "This is a kind"))]
    assert [q.speaker for q in shoigu] == ["Shoigu", "Shoigu"]
    state = [q for q in qs["001"] if "desperately" in q.text]
    assert state and "State Department" in state[0].speaker


def test_seed_001_alters_state_department_and_shoigu_quotes(seed_matches):
    _, ms = seed_matches
    pairs = [m for m in ms if (m.a.document, m.b.document) == ("001", "002")]
    def label(word):
        found = [m.label for m in pairs if word in m.b.text]
        assert found, word
        return found[0]
    assert label("desperately needed funds") == "altered"
    assert label("Following the expulsion") == "altered"
    assert label("brotherly aid") == "altered"
    # the two words of "deeply concerning" are kept: that fragment is verbatim
    assert label("deeply concerning") == "verbatim"


def test_seed_000_quotes_are_translated(seed_matches):
    _, ms = seed_matches
    pt = [m for m in ms if m.a.document == "000" and m.b.document == "002"]
    assert len(pt) >= 5
    assert {m.label for m in pt} == {"translated"}
    assert any("preocupante" in m.a.text and "deeply concerning" in m.b.text for m in pt)
    assert any("expulsão" in m.a.text and "expulsion" in m.b.text for m in pt)


# ---------------------------------------------------------------- speech, titles and scare quotes


@pytest.mark.parametrize(
    "text, lang",
    [
        ("She landed a role in the new sitcom 'Ismol Family' last year.", "en"),
        ("Katrin Heß ist aus der Serie „Alarm für Cobra 11“ bekannt.", "de"),
        ("Netflix estrenó la serie «La casa de papel» en 2017.", "es"),
        ("Il a réalisé le film « Le Grand Bleu » en 1988.", "fr"),
        ("Premiera filmu „Boże Ciało” odbyła się w październiku.", "pl"),
        ("Он снялся в сериале «Игра престолов» в 2011 году.", "ru"),
        ("Die sogenannten „Querdenker“ und „besorgten Bürger“ protestierten.", "de"),
        ("The so-called \"green energy\" plans failed.", "en"),
        ("Critics called it a \"dead end\" for the town.", "en"),
    ],
)
def test_titles_and_scare_quotes_are_not_speech(text, lang):
    quotes = find_quotes(doc("d", text, lang))
    # "called it a 'dead end'" keeps a verb of saying: it is a partial quote, which is speech
    assert [q.text for q in quotes] == (["dead end"] if "called it" in text else [])


@pytest.mark.parametrize(
    "text, lang, expected",
    [
        ("Le « Conseil » a voté. « Nous partons demain », a dit Macron.", "fr", ["Nous partons demain"]),
        ("« Oui » puis « nous irons jusqu'au bout de ce projet », a déclaré la ministre.", "fr",
         ["nous irons jusqu'au bout de ce projet"]),
        ("»Wir werden helfen«, sagte Schoigu.", "de", ["Wir werden helfen"]),
    ],
)
def test_guillemets_pair_within_a_quote_not_across_quotes(text, lang, expected):
    assert [q.text for q in find_quotes(doc("d", text, lang))] == expected
