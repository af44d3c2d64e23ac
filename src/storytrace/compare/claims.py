"""Unsupported claims and single-source details: what a version states that its sources do not.

Lineage decides which of the two a lack of support is (:func:`storytrace.compare.sources.support_relations`):

* ``unsupported_claim``: a version that derives from a real version of the
  collection added something to it (a fact, or a sentence no source
  paraphrases);
* ``only_in``: a version whose only "sources" are siblings of an unseen
  common source, or an independent report, states a detail the others lack.
  The unseen original or the reporter's own sources may state it, so it is a
  single-source detail, not an unsupported claim, and only facts (figures,
  dates, names) are reported: a sentence of one's own is what independent
  reporting is made of.

A fact of a derived version (a figure, a date, a named person or body) is an
``unsupported_claim`` when none of its lineage sources (:mod:`.sources`)
states it; a total is supported by parts a source states in one sentence.
What a garble finding already reports (an entity overlapping a
:func:`storytrace.garble.find_garbles` span, or a near spelling of a name the
sources state) is not also a claim.  A sentence is an unsupported claim when
its uncommon words no same-language source uses and no source sentence
paraphrases it; a question asserts nothing, so it is never one.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import replace

import regex

from ..facts import ExtractedFact
from ..facts.entities import demonym_place, sentence_anchors
from ..facts.lexicon import ALL_STOPWORDS, NP_CONNECTORS
from ..names import canonical_place, same_name
from ..records import Document, Finding, LineageEdge, Sentence
from ..text.fold import fold_hyphens as fold
from .confidence import LINEAGE_STRENGTH, comparison_confidence
from .dates import dates_agree
from .slots import AlignedSentences, format_value, sentence_at
from .sources import Support, support_relations
from .vocabulary import cached_stemmer, story_vocabulary

__all__ = [
    "GARBLE_MIN_RATIO",
    "is_garbled_name",
    "is_supported",
    "novel_sentences",
    "sentence_totals",
    "unsupported_claim_findings",
    "unsupported_mentions",
]


def is_supported(
    f: ExtractedFact, support: list[ExtractedFact], support_anchor_words: set[str], vocab: AbstractSet[str] = frozenset(), lang: str | None = None
) -> bool:
    """Whether the ``support`` facts state ``f``: the same figure (or one an approximation admits),
    a date that agrees, an entity by key or by the words of its name."""
    if f.kind == "quantity":
        for g in support:
            if g.kind == "quantity" and (g.value == f.value or ((f.attrs.get("approx") or g.attrs.get("approx")) and abs(g.value - f.value) <= 0.1 * max(f.value, 1))):
                return True
        return False
    if f.kind == "date":
        fv = str(f.value)
        for g in support:
            if g.kind not in ("date", "weekday"):
                continue
            gv = str(g.value)
            if gv == fv or fv in gv.split("/") or (g.kind == "date" and dates_agree(f, g)):
                return True
            if f.attrs.get("granularity") == "year" and gv.startswith(fv):
                return True
            if f.attrs.get("granularity") in ("month", "season", "range"):
                continue
            if f.attrs.get("granularity") == "day" and gv.startswith(fv[:7]) and g.attrs.get("granularity") == "month":
                continue
        return False
    if f.kind == "entity":
        keys = {g.key for g in support if g.kind in ("entity", "attribution")}
        if f.key in keys or ("attribution:" + f.key.split(":", 1)[1]) in keys:
            return True
        # the same name in another grammatical case ("Pawłem Rajewskim" for "Paweł Rajewski")
        if lang and any(g.kind in ("entity", "attribution") and same_name(f.text, g.text, lang) for g in support):
            return True
        return not _missing_name_words(f.text, support_anchor_words, vocab, lang)
    return True


def _missing_name_words(text: str, anchor_words: set[str], vocab: AbstractSet[str], lang: str | None) -> list[str]:
    """Words of a name that the support neither states nor translates (common words excepted)."""
    from wordfreq import zipf_frequency

    missing = []
    for tok in regex.findall(r"\p{L}[\p{L}\p{M}]*", text):
        ft = fold(tok)
        if len(ft) < 2 or ft in ALL_STOPWORDS or ft in NP_CONNECTORS or ft in vocab:
            continue
        place = canonical_place(tok) or demonym_place(tok)
        if place and place.lower() in anchor_words:
            continue
        if place is None and zipf_frequency(tok.lower(), lang or "en") >= 3.5:
            continue
        missing.append(tok)
    return missing


# A garbled spelling of a supported name ("Celestino Mabunda Mabun" for
# "Celestino Mabunda") is at least this similar to it (rapidfuzz ratio, 0-100).
GARBLE_MIN_RATIO = 90


def is_garbled_name(f: ExtractedFact, garbles: list[tuple[int, int]], support_keys: set[str]) -> bool:
    """Whether an entity mention is a garble of the text, not a new name.

    True when the mention overlaps a garble span (:func:`storytrace.garble.find_garbles`:
    "LisboaMinistro", "Kim Jong Un Jong U"), or when its name key is a near
    match of a name the sources state: that name plus a fragment of itself
    ("celestinomabunda" + "mabun"), a truncation of it, or a spelling at
    least :data:`GARBLE_MIN_RATIO` similar.
    """
    from rapidfuzz import fuzz

    if any(a < f.end and f.start < b for a, b in garbles):
        return True
    key = f.key.split(":", 1)[1]
    if len(key) < 5:
        return False
    for known in support_keys:
        if len(known) < 5 or known == key:
            continue
        if key.startswith(known) and key[len(known):] in known:
            return True
        if known.startswith(key) and len(key) >= 0.6 * len(known):
            return True
        if min(len(key), len(known)) >= 6 and fuzz.ratio(key, known) >= GARBLE_MIN_RATIO:
            return True
    return False


def sentence_totals(doc_facts: list[ExtractedFact], sentences) -> list[ExtractedFact]:
    """Sums of the counts one sentence states together: a derived version's total is supported by its parts.

    "1,000 sappers to clear mines and 5,000 military construction workers"
    supports "6,000 workers".  Only sentences with two to four counts.
    """
    by_sentence: dict[int, list[ExtractedFact]] = defaultdict(list)
    for f in doc_facts:
        if f.kind == "quantity" and f.attrs.get("unit_kind") == "count":
            s = sentence_at(sentences, f.start)
            by_sentence[s.index if s else -1].append(f)
    out = []
    for fs in by_sentence.values():
        if not 2 <= len(fs) <= 4:
            continue
        for size in range(2, len(fs) + 1):
            for combo in itertools.combinations(fs, size):
                total = sum(f.value for f in combo)
                out.append(ExtractedFact("quantity", "quantity:total", total, combo[0].start, combo[-1].end, "",
                                         combo[0].document, {"unit_kind": "count", "total_of": tuple(f.value for f in combo)}))
    return out


def _claim_kinds(f: ExtractedFact) -> bool:
    """Facts worth an unsupported-claim finding: not every capitalised word."""
    if f.kind in ("quantity", "date"):
        return True
    if f.kind == "entity":
        from wordfreq import zipf_frequency

        if f.attrs.get("type") not in ("person", "org"):
            return False
        words = [w for w in regex.findall(r"\p{L}+", f.text)]
        if not words:
            return False
        return not all(zipf_frequency(w.lower(), "en") >= 4.0 for w in words)
    return False


_SENTENCE_MIN_NOVEL = 3
_SENTENCE_MIN_SHARE = 0.5
_SENTENCE_MAX_ZIPF = 5.0


def _has_paraphrase(text: str, words: list[str], source_sentences, stem, lang: str | None, threshold: float) -> bool:
    """True when a source sentence says the same thing in other words (align.paraphrase_score)."""
    from ..align import paraphrase_score

    mine = {stem(w) for w in words}
    ranked = sorted(source_sentences, key=lambda x: -len(mine & x[1]))[:8]
    return any(paraphrase_score(text, other, lang_a=lang, lang_b=lang) >= threshold for other, _ in ranked)


def novel_sentences(
    target: Document,
    sources: list[Document],
    sentences_by_doc: Mapping[str, Sequence[Sentence]],
    facts: list[ExtractedFact],
    threshold: float = 0.5,
) -> list[Finding]:
    """Sentences whose content words the same-language sources never use (invented claims).

    Only sources in the target's language are used: a translation cannot be
    checked word by word against its source, so it is checked by facts only.
    """
    from wordfreq import zipf_frequency

    lang = target.language
    same = [d for d in sources if d.language == lang]
    if not same:
        return []
    stem = cached_stemmer(lang)
    vocab = {stem(w) for w in story_vocabulary(d.text for d in same)}
    source_sentences = [
        (x.text, {stem(w) for w in regex.findall(r"\p{L}+", fold(x.text))}) for d in same for x in sentences_by_doc[d.id]
    ]
    cites = [(f.start, f.end) for f in facts if f.kind == "citation"]
    dated = [(f.start, f.end) for f in facts if f.kind in ("date", "weekday")]
    out = []
    for s in sentences_by_doc[target.id]:
        if any(a < s.end and s.start < b for a, b in cites):
            continue
        if s.text.rstrip(" \"'”’»)").endswith("?"):
            continue  # a question ("Guess who is stepping up?") asserts nothing
        # Names the sources share ("Lisbon", "Ponta Lunga") say nothing about the claim itself.
        # Dates and weekdays are checked as facts, not as words.
        raw_words = [m.group(0) for m in regex.finditer(r"\p{L}[\p{L}\p{M}'’-]*", s.text)
                     if not any(a <= s.start + m.start() < b for a, b in dated)]
        words = [
            fold(w) for i, w in enumerate(raw_words)
            if len(w) >= 3 and fold(w) not in ALL_STOPWORDS and not (i > 0 and w[:1].isupper() and stem(fold(w)) in vocab)
        ]
        if len(words) < 4:
            continue
        novel = [w for w in words if stem(w) not in vocab and not all(stem(p) in vocab for p in w.split("-") if p)
                 and zipf_frequency(w, lang or "en") < _SENTENCE_MAX_ZIPF]
        if len(novel) >= _SENTENCE_MIN_NOVEL and len(novel) / len(words) >= _SENTENCE_MIN_SHARE:
            if _has_paraphrase(s.text, words, source_sentences, stem, lang, threshold):
                continue
            out.append(
                Finding(
                    "unsupported_claim", target.id, s.start, s.end, s.text,
                    f"sentence with {len(novel)} words no source uses ({', '.join(novel[:6])}); "
                    f"sources: {', '.join(d.id for d in same)}",
                    tuple(d.id for d in same),
                )
            )
    return out


def unsupported_mentions(
    facts: list[ExtractedFact], support: list[ExtractedFact], anchor_words: set[str], vocab: set[str], lang: str | None,
    published: str | None = None,
) -> list[ExtractedFact]:
    """The claim-worthy facts (figures, dates, names of people and bodies) the support does not state."""
    out = []
    for f in facts:
        if f.kind not in ("quantity", "date", "entity") or not _claim_kinds(f):
            continue
        if f.kind == "date" and (f.attrs.get("dateline") or (published and f.value == published[:10])):
            continue  # the version's own date (a dateline), not a claim
        if not is_supported(f, support, anchor_words, vocab, lang):
            out.append(f)
    return out


def _has_counterpart(f: ExtractedFact, target: str, support_ids: set[str], sentences, aligned: AlignedSentences | None) -> bool:
    if aligned is None:
        return True
    s = sentence_at(sentences[target], f.start)
    return s is not None and aligned.has_counterpart(target, s.index, support_ids)


def _fact_claims(
    target: str, relation: Support, docs: Mapping[str, Document], extracted: Mapping[str, list[ExtractedFact]],
    sentences: Mapping[str, Sequence[Sentence]], garbles: Mapping[str, Sequence[Finding]],
    aligned: AlignedSentences | None = None,
) -> list[Finding]:
    """Facts of ``target`` that none of the versions it is checked against (``relation.ids``) states."""
    support_ids = relation.ids
    support = [g for s in support_ids for g in extracted.get(s, ())]
    support += [t for s in support_ids for t in sentence_totals(extracted.get(s, []), sentences[s])]
    anchor_words = {p for g in support if g.kind == "entity" for p in g.attrs.get("parts", ())}
    anchor_words |= {p for s in support_ids for p in sentence_anchors(docs[s].text[:20000], docs[s].language)}
    anchor_words |= {str(g.value).lower() for g in support if g.kind == "entity" and g.attrs.get("type") == "place"}
    vocab = story_vocabulary(docs[s].text for s in support_ids)
    garbled = [(g.start, g.end) for g in garbles.get(target, ()) if g.start is not None and g.end is not None]
    support_keys = {g.key.split(":", 1)[1] for g in support if g.kind in ("entity", "attribution")}
    out = []
    for f in unsupported_mentions(extracted[target], support, anchor_words, vocab, docs[target].language, docs[target].published):
        if f.kind == "entity" and is_garbled_name(f, garbled, support_keys):
            continue  # reported once, as a garble, not as a claim
        if relation.derived:
            detail = f"{f.kind} {format_value(f.value)} is stated by none of its sources ({', '.join(sorted(support_ids))})"
        else:
            detail = (f"{f.kind} {format_value(f.value)} is reported only here: the other versions "
                      f"({', '.join(sorted(support_ids))}) do not state it")
        out.append(
            Finding(
                "unsupported_claim" if relation.derived else "only_in", target, f.start, f.end, f.text, detail,
                tuple(sorted(support_ids)), _claim_confidence(relation, False, _has_counterpart(f, target, support_ids, sentences, aligned)),
            )
        )
    return out


def _claim_confidence(relation: Support, sentence: bool, counterpart: bool = True) -> float:
    """Lineage kind and edge confidence, and where the claim sits.

    A whole sentence is weaker evidence than a missing figure or name; a fact
    in a sentence aligned to a source sentence (a statement the version
    changed) is stronger evidence than one in a sentence the source has no
    counterpart for (an addition, which a looser derivation explains too).
    """
    if relation.derived:
        strength = LINEAGE_STRENGTH.get(relation.kind, 0.5) * (0.5 + 0.5 * min(1.0, relation.confidence))
    else:
        strength = LINEAGE_STRENGTH["independent"] if relation.kind == "independent" else 0.55
    if not relation.derived:
        # a detail the others lack is compared with no sentence of theirs: always low
        return comparison_confidence(strength, 0.3, 0.0)
    return comparison_confidence(strength, 0.5 if sentence else (0.8 if counterpart else 0.4), 1.0)


def _overlaps(f: Finding, spans: list[tuple[int, int]]) -> bool:
    return f.start is not None and f.end is not None and any(a < f.end and f.start < b for a, b in spans)


def unsupported_claim_findings(
    documents: Sequence[Document],
    lineage: Sequence[LineageEdge],
    extracted: Mapping[str, list[ExtractedFact]],
    sentences: Mapping[str, Sequence[Sentence]],
    garbles: Mapping[str, Sequence[Finding]],
    paraphrase_threshold: float,
    aligned: AlignedSentences | None = None,
) -> list[Finding]:
    """``unsupported_claim`` and ``only_in`` findings of every version lineage relates to others.

    Args:
        documents: the story's versions.
        lineage: its lineage edges (they decide each version's sources).
        extracted: each version's extracted facts, by id.
        sentences: each version's sentences, by id.
        garbles: each version's garble findings, by id (names they explain
            are not claims).
        paraphrase_threshold: ``align.paraphrase_threshold``; a novel
            sentence a source sentence paraphrases this well is supported.
        aligned: the story's aligned sentences (a claim in a sentence with
            a counterpart in a source is more confident).

    Returns:
        Per version derived from a real version, its unsupported facts, then
        its novel sentences that hold none of those facts; per version of a
        latent source or independent report, its facts the others lack
        (``only_in``).
    """
    docs = {d.id: d for d in documents}
    out: list[Finding] = []
    for target, relation in support_relations(documents, lineage).items():
        support_ids = relation.ids
        claims = _fact_claims(target, relation, docs, extracted, sentences, garbles, aligned)
        out.extend(claims)
        if not relation.derived:
            continue  # independent reporting is made of sentences of its own
        # Sentences already holding an unsupported fact are not reported twice.
        flagged = [(f.start, f.end) for f in claims if f.start is not None and f.end is not None]
        out.extend(_scored([
            g for g in novel_sentences(docs[target], [docs[s] for s in sorted(support_ids)], sentences,
                                       extracted[target], paraphrase_threshold)
            if not _overlaps(g, flagged)
        ], relation))
    return out


def _scored(findings: list[Finding], relation: Support) -> list[Finding]:
    return [replace(f, confidence=_claim_confidence(relation, sentence=True)) for f in findings]
