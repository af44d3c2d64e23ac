"""The story comparison: every version's facts in one table, and what differs.

:func:`compare_story` orchestrates the other modules of this package:
quantity slots (:mod:`.quantities`), framing (:mod:`.framing`), weekdays and
dates (:mod:`.dates`), entities, attributions and citations by key, quotes
(:mod:`.quotes`), consistency inside each version (:mod:`.consistency`),
unsupported claims (:mod:`.claims`) and the citation audit
(:mod:`storytrace.citations.audit`).  :func:`extract_story_facts` is the facts stage
whose output it takes.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence

import regex

from ..citations.audit import citation_findings
from ..facts import ExtractedFact, extract_facts
from ..facts.entities import sentence_anchors
from ..garble import find_garbles
from ..kinds import FactKind
from ..records import (
    Alignment,
    Document,
    Fact,
    Finding,
    LineageEdge,
    Mention,
    QuoteMatch,
    Sentence,
)
from ..sentences import split_sentences
from ..settings import Settings
from .claims import unsupported_claim_findings
from .confidence import comparison_confidence, relation_strength, with_priors
from .consistency import future_events, weekday_mismatches
from .dates import (
    date_same,
    merge_dates,
    merge_partial_dates,
    reference_dates,
    weekday_slots,
)
from .framing import framing_findings
from .labels import fact_label
from .quantities import admits, quantity_slots
from .quotes import altered_quote_findings, quote_facts
from .slots import AlignedSentences, fact_id, format_value, mention_of, merge_name_variants, sentence_at, status_of
from .sources import lineage_pairs

__all__ = ["compare_story", "extract_story_facts"]


def extract_story_facts(documents: Sequence[Document], settings: Settings | None = None) -> dict[str, list[ExtractedFact]]:
    """Every version's facts, relative dates read against the story's reference dates.

    Args:
        documents: the versions of one story.
        settings: run settings (``facts.*``).

    Returns:
        ``{document id: [ExtractedFact, ...]}`` (see :func:`storytrace.compare.dates.reference_dates`).

    Example:
        >>> from storytrace.records import Document
        >>> a = Document("a", "a", "Officials said 40 people were rescued on Monday.", language="en", published="2025-06-18")
        >>> [f.kind for f in extract_story_facts([a])["a"]]
        ['quantity', 'weekday']
    """
    settings = settings or Settings()
    references = reference_dates(documents)
    return {d.id: extract_facts(d, settings, references[d.id]) for d in documents}


class _FactTable:
    """The facts and findings of one comparison, and the rule that turns mentions into a fact."""

    def __init__(
        self, extracted: Mapping[str, list[ExtractedFact]], pairs: set[frozenset[str]],
        lineage: Sequence[LineageEdge] = (), evidence: _Evidence | None = None,
    ):
        self.extracted = extracted
        self.pairs = pairs
        self.lineage = lineage
        self.evidence = evidence
        self.facts: list[Fact] = []
        self.findings: list[Finding] = []
        self.languages: dict[str, str | None] = {}

    def confidence(self, f: ExtractedFact, agreeing: list[ExtractedFact], versions: int) -> float:
        """A disagreement's confidence: lineage between the versions, sentence alignment, slot agreement."""
        agree_docs = {g.document for g in agreeing}
        relation = max((relation_strength(f.document, d, self.lineage) for d in agree_docs), default=0.0)
        alignment = max((self.evidence.alignment(f, g) for g in agreeing), default=0.0) if self.evidence else 0.5
        agreement = len(agree_docs) / max(1, versions - 1)
        return comparison_confidence(relation, alignment, agreement)

    def shown(self, m: Mention) -> str:
        """A mention's value as a finding shows it: a weekday by its name and resolved date."""
        if regex.fullmatch(r"\d{4}-\d\d-\d\d", str(m.value)) and any(
            f.kind == "weekday" and f.start == m.start for f in self.extracted[m.document]
        ):
            return f"{m.text} ({m.value})"
        return format_value(m.value)

    def emit(self, kind: FactKind, key: str, ms: list[ExtractedFact], values: list, same: list | None = None) -> Fact:
        """One fact; ``same`` (parallel to ``ms``) is what decides agreement when it differs from the value.

        Versions that state another value than the most common one get a
        ``drift`` or ``conflict`` finding.
        """
        order = sorted(range(len(ms)), key=lambda i: (ms[i].document, ms[i].start, ms[i].end))
        mentions = tuple(mention_of(ms[i], values[i]) for i in order)
        same_of = {id(mentions[k]): (same[i] if same is not None else values[i]) for k, i in enumerate(order)}
        by_doc: dict[str, set] = defaultdict(set)
        for m in mentions:
            by_doc[m.document].add(same_of[id(m)])
        status = status_of(by_doc, self.pairs)
        counts_by_value = Counter(same_of[id(m)] for m in mentions)
        agreed_value = min(counts_by_value, key=lambda v: (-counts_by_value[v], str(v)))
        model = next(m for m in mentions if same_of[id(m)] == agreed_value)
        fact = Fact(fact_id(kind, key, mentions), kind, key, model.value, status, mentions)
        self.facts.append(fact)
        if status in ("drift", "conflict"):
            agreeing = [ms[i] for k, i in enumerate(order) if same_of[id(mentions[k])] == agreed_value]
            for k, m in enumerate(mentions):
                if same_of[id(m)] != agreed_value:
                    agree = sorted(d for d, vals in by_doc.items() if agreed_value in vals)
                    self.findings.append(
                        Finding(
                            status, m.document, m.start, m.end, m.text,
                            f"{fact_label(kind, key, [x.text for x in mentions])}: states {self.shown(m)} where {len(agree)} version(s) state {self.shown(model)}",
                            tuple(agree),
                            self.confidence(ms[order[k]], agreeing, len(by_doc)),
                        )
                    )
        return fact


class _Evidence:
    """How strongly two mentions' sentences are one statement: aligned (1), else their anchors' Jaccard."""

    def __init__(self, anchors_of: _SentenceAnchors, sentences: Mapping[str, Sequence[Sentence]], aligned: AlignedSentences | None):
        self.anchors_of = anchors_of
        self.sentences = sentences
        self.aligned = aligned

    def alignment(self, f: ExtractedFact, g: ExtractedFact) -> float:
        sf, sg = sentence_at(self.sentences[f.document], f.start), sentence_at(self.sentences[g.document], g.start)
        if self.aligned is not None and sf is not None and sg is not None and self.aligned(f.document, sf.index, g.document, sg.index):
            return 1.0
        a, b = self.anchors_of(f), self.anchors_of(g)
        return len(a & b) / len(a | b) if a | b else 0.0


class _SentenceAnchors:
    """Anchors of the sentence a fact sits in, cached per sentence."""

    def __init__(self, docs: Mapping[str, Document], sentences: Mapping[str, Sequence[Sentence]]):
        self.docs = docs
        self.sentences = sentences
        self.cache: dict[tuple[str, int], frozenset[str]] = {}

    def __call__(self, f: ExtractedFact) -> frozenset[str]:
        sent = sentence_at(self.sentences[f.document], f.start)
        key = (f.document, sent.index if sent else -1)
        if key not in self.cache:
            doc = self.docs[f.document]
            text = sent.text if sent else doc.text[max(0, f.start - 150):f.end + 150]
            self.cache[key] = sentence_anchors(text, doc.language)
        return self.cache[key]


def _compare_quantities(table: _FactTable, docs: Mapping[str, Document], anchors_of: _SentenceAnchors) -> None:
    """Quantity facts (with totals and drift), their consistency and framing findings."""
    slots, findings = quantity_slots(table.extracted, docs, anchors_of)
    table.findings.extend(findings)
    for slot in slots:
        # "more than 200" agrees with 214: an approximate figure that admits the
        # exact figure most versions state is not a disagreement.
        exact = Counter(m.value for m in slot.mentions if not m.attrs.get("approx"))
        exact = exact or Counter(m.value for m in slot.mentions)
        majority = min(exact, key=lambda v: (-exact[v], v))
        same = [majority if admits(m.attrs.get("approx"), m.value, majority) else m.value for m in slot.mentions]
        table.emit("quantity", slot.key, slot.mentions, [m.value for m in slot.mentions], same)
    table.findings.extend(framing_findings(slots))


def _compare_weekdays(
    table: _FactTable, docs: Mapping[str, Document], sentences: Mapping[str, Sequence[Sentence]], anchors_of: _SentenceAnchors
) -> None:
    """Weekday facts, by the statement they date.

    Two versions agree when they name the same weekday (a copy published a
    day later keeps the words) or resolve to the same date (a rewrite that
    adjusts the weekday to its own date).
    """
    aligned = table.evidence.aligned if table.evidence else None
    for slot in weekday_slots(table.extracted, docs, sentences, anchors_of, aligned):
        names = Counter(m.attrs["weekday"] for m in slot.mentions)
        majority = min(names, key=lambda n: (-names[n], n))
        major_dates = {m.value for m in slot.mentions if m.attrs["weekday"] == majority}
        same = [majority if (m.attrs["weekday"] == majority or m.value in major_dates) else m.attrs["weekday"]
                for m in slot.mentions]
        table.emit("weekday", slot.key, slot.mentions, [m.value for m in slot.mentions], same)


def _compare_by_key(table: _FactTable, anchors_of: _SentenceAnchors) -> None:
    """Dates, entities, attributions and citations, aligned by key."""
    for kind in ("date", "entity", "attribution", "citation"):
        groups: dict[str, list[ExtractedFact]] = defaultdict(list)
        for fs in table.extracted.values():
            for f in fs:
                # A dateline's date is publication metadata, not a fact of the story.
                if f.kind == kind and not f.attrs.get("dateline"):
                    groups[f.key].append(f)
        if kind == "date":
            groups = merge_dates(merge_partial_dates(groups), anchors_of)
        elif kind in ("entity", "attribution"):
            groups = merge_name_variants(groups, table.languages)
        for key, ms in groups.items():
            # Entities and attributions agree by key; their spellings are in the mentions' text.
            values = [m.value for m in ms] if kind in ("date", "citation") else [key.split(":", 1)[1]] * len(ms)
            table.emit(kind, key, ms, values, date_same(ms) if kind == "date" else None)


def compare_story(
    documents: Sequence[Document],
    lineage: Sequence[LineageEdge],
    quote_matches: Sequence[QuoteMatch],
    settings: Settings | None = None,
    *,
    sentences: Mapping[str, Sequence[Sentence]] | None = None,
    extracted: Mapping[str, list[ExtractedFact]] | None = None,
    garbles: Mapping[str, Sequence[Finding]] | None = None,
    alignments: Sequence[Alignment] | None = None,
) -> tuple[tuple[Fact, ...], tuple[Finding, ...]]:
    """Align the facts of a story's versions and report what differs.

    Args:
        documents: the versions of one story (clean documents).
        lineage: edges from :func:`storytrace.lineage.infer_lineage`;
            sources may be ``latent:N``.
        quote_matches: from :func:`storytrace.facts.quotes.match_quotes`.
        settings: run settings (``facts.*``).
        sentences: each version's sentences by id, as alignment split them
            (split here when None).
        extracted: each version's facts by id, from
            :func:`extract_story_facts` (extracted here when None).
        garbles: each version's :func:`storytrace.garble.find_garbles`
            findings by id (found here when None).
        alignments: the story's sentence alignments (aligned here when
            None); two differing weekdays are compared only when their
            sentences are aligned, and aligned sentences make a finding more
            confident.

    Returns:
        ``(facts, findings)``: one :class:`Fact` per slot with a mention per
        version that states it and a status (agreed, drift, conflict,
        single), and the :class:`Finding` list (kinds listed in the package
        docstring).

    Example:
        >>> from storytrace.records import Document
        >>> a = Document("a", "a", "Officials said 40 people were rescued on Monday.", language="en", published="2025-06-18")
        >>> b = Document("b", "b", "Officials said 45 people were rescued on Monday.", language="en", published="2025-06-18")
        >>> facts, findings = compare_story([a, b], [LineageEdge("a", "b", "edit", 0.9)], [])
        >>> [(f.kind, f.status) for f in facts if f.kind == "quantity"]
        [('quantity', 'drift')]
    """
    settings = settings or Settings()
    documents = list(documents)
    docs = {d.id: d for d in documents}
    if extracted is None:
        extracted = extract_story_facts(documents, settings)
    if sentences is None:
        sentences = {d.id: split_sentences(d.text, d.language) for d in documents}
    if garbles is None:
        garbles = {d.id: find_garbles(d) for d in documents}
    pairs = lineage_pairs(lineage)
    anchors_of = _SentenceAnchors(docs, sentences)
    if alignments is None:
        from ..align import align_versions

        alignments = align_versions(documents, settings)[1] if len(documents) > 1 else ()
    aligned = AlignedSentences(alignments)
    table = _FactTable(extracted, pairs, lineage, _Evidence(anchors_of, sentences, aligned))
    table.languages = {d.id: d.language for d in documents}
    _compare_quantities(table, docs, anchors_of)
    _compare_weekdays(table, docs, sentences, anchors_of)
    _compare_by_key(table, anchors_of)
    table.facts.extend(quote_facts(quote_matches, pairs, {d.id: d.language for d in documents}))
    derived_from = {(e.source, e.target) for e in lineage if e.kind != "independent"}
    table.findings.extend(altered_quote_findings(quote_matches, derived_from, lineage))
    for d in documents:
        table.findings.extend(weekday_mismatches(d, extracted[d.id]))
        table.findings.extend(future_events(d, extracted[d.id], sentences[d.id]))
    table.findings.extend(
        unsupported_claim_findings(documents, lineage, extracted, sentences, garbles, settings.align.paraphrase_threshold,
                                   aligned)
    )
    table.findings.extend(citation_findings(documents, extracted, settings))
    facts = sorted(table.facts, key=lambda f: (f.kind, f.key))
    return tuple(facts), tuple(with_priors(table.findings))
