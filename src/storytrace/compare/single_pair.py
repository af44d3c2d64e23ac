"""The support check for one source and one derived text (a summary, a rewrite).

:func:`unsupported_facts` is the story-level check of :mod:`.claims` for a
single pair (used by the FRANK benchmark), with checks that need no entity
model and also work on lower-cased text: name-like words never seen in the
source, uncommon words the source never uses, negations the source does not
share, and source words spliced into pairs the source never makes.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import regex

from ..facts import ExtractedFact, extract_facts
from ..facts.lexicon import ALL_STOPWORDS
from ..records import Document
from ..sentences import split_sentences
from ..text.fold import fold_hyphens as fold
from ..text.lexicons import NEGATION_WORDS
from .claims import is_supported
from .vocabulary import cached_stemmer, story_vocabulary

__all__ = ["SupportEvidence", "support_evidence", "unsupported_facts"]

# Content words rarer than this (wordfreq Zipf scale; "house" is about 5.6,
# "sappers" 2.0) that the source never uses count as novel terms, and this
# many novel terms or names make a derived text unsupported.  Chosen on the
# FRANK validation split (see docs/benchmarks.md) among round values.
_TERM_MAX_ZIPF = 5.5
_NEGATION_MIN_OVERLAP = 0.9
_MIN_NOVEL_TERMS = 2


def unsupported_facts(source_text: str, derived_text: str, *, lang: str | None = None) -> list[ExtractedFact]:
    """Facts of ``derived_text`` (a summary, a rewrite) that ``source_text`` does not support.

    Checks numbers, dates and named entities against the source, plus
    model-free checks that also work on lower-cased text: name-like words
    (capitalised, or rare in the language per wordfreq) that never occur in
    the source, two or more uncommon content words the source never uses,
    negated sentences whose closest source sentence is not negated (or the
    reverse), and many source words joined in pairs the source never makes
    (a spliced, recombined statement).

    Args:
        source_text: the source (e.g. the article).
        derived_text: the derived text (e.g. its summary).
        lang: ISO 639-1 code of both texts, or None to guess.

    Returns:
        The unsupported :class:`ExtractedFact` records of ``derived_text``
        (kinds quantity, date, entity, name, term, negation, recombination);
        empty if all is supported.

    >>> [f.text for f in unsupported_facts("Police said 40 people were rescued in Leeds.", "Police said 45 people were rescued in Leeds.", lang="en")]
    ['45 people']
    """
    from ..language import guess_language

    lang = lang or guess_language(source_text) or "en"
    return support_evidence(source_text, derived_text, lang).unsupported()


@dataclass
class SupportEvidence:
    """Everything the single-pair check measured, before its thresholds are applied.

    Kept apart so that ``bench/frank.py --cv`` can choose the thresholds on
    some folds and apply them to another without measuring twice.
    """

    facts: list[ExtractedFact]  # unsupported figures, dates, entities, names, negations
    terms: list[tuple[ExtractedFact, float]]  # novel content words with their Zipf frequency
    recombined: ExtractedFact | None  # the spliced pairs, however many

    def unsupported(self, max_zipf: float | None = None, min_terms: int | None = None,
                    min_pairs: int | None = None) -> list[ExtractedFact]:
        """The unsupported facts under the given thresholds (the module's constants by default)."""
        max_zipf = _TERM_MAX_ZIPF if max_zipf is None else max_zipf
        min_terms = _MIN_NOVEL_TERMS if min_terms is None else min_terms
        min_pairs = _MIN_RECOMBINED_PAIRS if min_pairs is None else min_pairs
        out = list(self.facts)
        terms = [t for t, z in self.terms if z < max_zipf]
        if len(terms) + sum(1 for f in self.facts if f.kind == "name") >= min_terms:
            out.extend(terms)
        if self.recombined is not None and self.recombined.value >= min_pairs:
            out.append(self.recombined)
        out.sort(key=lambda f: f.start)
        return out


def support_evidence(source_text: str, derived_text: str, lang: str) -> SupportEvidence:
    """Measure what of ``derived_text`` ``source_text`` does not support (see :func:`unsupported_facts`)."""
    src_facts = extract_facts(Document("source", "source", source_text, language=lang))
    der_facts = extract_facts(Document("derived", "derived", derived_text, language=lang))
    src_vocab = story_vocabulary([source_text])
    facts = _unsupported_extracted(source_text, src_facts, der_facts, src_vocab, lang)
    facts.extend(_novel_names(derived_text, src_vocab, [(f.start, f.end) for f in facts], lang))
    terms = _novel_terms(derived_text, src_vocab, facts, lang)
    facts.extend(_negation_mismatches(source_text, derived_text, lang))
    return SupportEvidence(facts, terms, _recombinations(source_text, derived_text))


def _unsupported_extracted(
    source_text: str, src_facts: list[ExtractedFact], der_facts: list[ExtractedFact], src_vocab: set[str], lang: str
) -> list[ExtractedFact]:
    """Figures, dates and names of people, bodies and places that the source does not state."""
    from ..numbers import find_numbers

    anchors = {p for g in src_facts if g.kind == "entity" for p in g.attrs.get("parts", ())}
    src_numbers = {g.value for g in src_facts if g.kind == "quantity"}
    src_numbers |= {n.value for n in find_numbers(source_text, lang)}
    out: list[ExtractedFact] = []
    for f in der_facts:
        if f.kind == "quantity":
            if f.value in src_numbers or any(abs(f.value - v) <= 0.05 * max(v, 1) for v in src_numbers if f.attrs.get("approx")):
                continue
            out.append(f)
        elif f.kind == "date" and not is_supported(f, src_facts, anchors, set(), lang):
            # a year or month the source states in any form counts as support
            if str(f.value)[:4] in source_text and f.attrs.get("granularity") == "year":
                continue
            out.append(f)
        elif f.kind == "entity" and f.attrs.get("type") in ("person", "org", "place") and not is_supported(f, src_facts, anchors, src_vocab, lang):
            words = regex.findall(r"\p{L}+", fold(f.text))
            src_fold = fold(source_text)
            if words and all(w in src_fold for w in words):
                continue
            out.append(f)
    return out


def _novel_names(derived_text: str, src_vocab: set[str], taken: list[tuple[int, int]], lang: str) -> list[ExtractedFact]:
    """Name-like words never seen in the source (works on lower-cased summaries too)."""
    from wordfreq import zipf_frequency

    src_stems = {w[:6] for w in src_vocab if len(w) >= 6}
    lowered = derived_text == derived_text.lower()
    out = []
    for sent in split_sentences(derived_text, lang):
        for m in regex.finditer(r"\p{L}[\p{L}\p{M}'’]*", sent.text):
            w = m.group(0)
            fw = fold(w).strip("'’")
            if fw.endswith("'s"):
                fw = fw[:-2]
            if len(fw) < 3 or fw in src_vocab or fw in ALL_STOPWORDS or (len(fw) >= 6 and fw[:6] in src_stems):
                continue
            start = sent.start + m.start()
            if any(s <= start < e for s, e in taken):
                continue
            capital = w[:1].isupper() and m.start() > 0 and not lowered
            rare = zipf_frequency(fw, lang) < 3.0
            if capital or (lowered and rare):
                out.append(ExtractedFact("name", f"name:{fw}", w, start, start + len(w), w, "derived", {"capital": capital}))
    return out


def _novel_terms(derived_text: str, src_vocab: set[str], found: list[ExtractedFact], lang: str) -> list[tuple[ExtractedFact, float]]:
    """Content words the source never uses, in any inflection, with their Zipf frequency.

    :meth:`SupportEvidence.unsupported` keeps the uncommon ones, and only when
    they and the novel names are :data:`_MIN_NOVEL_TERMS` or more: then the
    derived text says something the source does not.
    """
    from wordfreq import zipf_frequency

    stem = cached_stemmer(lang)
    src_stem_set = {stem(w) for w in src_vocab}
    taken = [(f.start, f.end) for f in found]
    terms = []
    for m in regex.finditer(r"\p{L}[\p{L}\p{M}]*|\d+", derived_text):
        fw = fold(m.group(0))
        if len(fw) < 3 or fw in ALL_STOPWORDS or fw.isdigit() or any(s <= m.start() < e for s, e in taken):
            continue
        if fw in src_vocab or stem(fw) in src_stem_set:
            continue
        z = zipf_frequency(fw, lang)
        terms.append((ExtractedFact("term", f"term:{fw}", m.group(0), m.start(), m.end(), m.group(0), "derived", {}), z))
    return terms


# Adjacent word pairs of the derived text that are both source words but never
# adjacent in the source ("rojo and rojo was ordered"): many of them mean the
# derived text splices the source's words into new statements.  Chosen on the
# FRANK validation split (a plateau from 6 to 15; see docs/benchmarks.md).
_MIN_RECOMBINED_PAIRS = 7


def _recombinations(source_text: str, derived_text: str) -> ExtractedFact | None:
    """One ``recombination`` fact counting the new pairs of source words the derived text makes (None: none)."""
    src = [m.group(0) for m in regex.finditer(r"[\p{L}\p{N}]+", fold(source_text))]
    vocab = set(src)
    pairs = set(itertools.pairwise(src))
    der = [(m.start(), m.end(), m.group(0)) for m in regex.finditer(r"[\p{L}\p{N}]+", fold(derived_text))]
    if len(fold(derived_text)) != len(derived_text):
        der = [(m.start(), m.end(), fold(m.group(0))) for m in regex.finditer(r"[\p{L}\p{N}]+", derived_text)]
    novel = [(a, b) for a, b in itertools.pairwise(der) if a[2] in vocab and b[2] in vocab and (a[2], b[2]) not in pairs]
    if not novel:
        return None
    start, end = novel[0][0][0], novel[-1][1][1]
    return ExtractedFact(
        "recombination", "recombination", len(novel), start, end, derived_text[start:end], "derived",
        {"pairs": tuple(f"{a[2]} {b[2]}" for a, b in novel)},
    )


def _negation_mismatches(source_text: str, derived_text: str, lang: str) -> list[ExtractedFact]:
    """Derived sentences whose negation the most similar source sentence does not share."""
    stem = cached_stemmer(lang)
    src_sents = [(s, {stem(w) for w in regex.findall(r"\p{L}+", fold(s.text))}) for s in split_sentences(source_text, lang)]
    if not src_sents:
        return []
    out = []
    for s in split_sentences(derived_text, lang):
        words = {stem(w) for w in regex.findall(r"\p{L}+", fold(s.text))}
        content = {w for w in words if w not in ALL_STOPWORDS and w not in NEGATION_WORDS and len(w) > 2}
        if len(content) < 3:
            continue
        neg = bool(words & NEGATION_WORDS) or "n't" in s.text.lower()
        best, best_sim = None, 0.0
        for src, sw in src_sents:
            sc = {w for w in sw if w not in ALL_STOPWORDS and w not in NEGATION_WORDS and len(w) > 2}
            sim = len(content & sc) / max(1, len(content))
            if sim > best_sim:
                best, best_sim = (src, sw), sim
        if best is None or best_sim < _NEGATION_MIN_OVERLAP:
            continue
        src_neg = bool(best[1] & NEGATION_WORDS) or "n't" in best[0].text.lower()
        if neg != src_neg:
            out.append(ExtractedFact("negation", "negation", neg, s.start, s.end, s.text, "derived", {"source": best[0].text}))
    return out
