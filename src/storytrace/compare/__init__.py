"""Compare the facts of a story's versions: one table of facts, and findings.

:func:`compare_story` takes the facts :func:`storytrace.facts.extract_facts`
finds in each version and aligns them by *slot* (what is counted, about
whom, when), across versions and languages:

* quantities by value, then by counted noun: two values of one slot that no
  version states together are a drift ("600 soldiers" vs "700 soldiers");
  a value that is the sum of parts stated together ("5,000 builders and 1,000
  deminers") is a total, consistent or not (``inconsistent_total``);
* weekdays and day dates by the anchors of their sentence (entity keys,
  places, words for government bodies, all language-neutral), so "the
  Foreign Ministry said Wednesday" and "On Thursday, the Foreign Ministry
  voiced" are one slot, and their resolved dates must agree;
* dates by value; entities and attributions by key; quotes from the quote
  matches; citations by URL.

Every finding carries a confidence from its evidence (:mod:`.confidence`).

Findings: ``drift`` and ``conflict`` (versions disagree; drift when one
derives from the other per lineage), ``altered_quote`` (on the version that
changed the words, when lineage or a third version tells which one did),
``unsupported_claim`` (a fact in a version derived from a real version that
none of its lineage sources states, or a sentence whose uncommon words no
same-language source uses and that no source sentence paraphrases),
``only_in`` (a figure, date or name of a version whose only "sources" are
the other versions sharing its ``latent:N`` source, or of an independent
report checked against the whole story, that they do not state), ``framing`` (contested descriptors, e.g. "humanitarian" where
the other versions say "military", for the same counted people),
``inconsistent_total``, ``weekday_mismatch``, ``future_event`` (a past
event dated after publication) and the citation audit:
``malformed_citation``, ``anachronistic_citation`` (the cited page is much
older than the story), ``offtopic_citation`` (its address's topic words are
foreign to the story).

Dates: a version without a date of its own (no publication date, no dated
dateline) reads its weekdays and year-less dates ("in late January", "on
March 4") against the story's reference date, the earliest publication or
dateline date among its versions (versions of one story appear within days of
each other); see :func:`storytrace.compare.dates.reference_dates`.  Dates are compared on the
components both mentions state, so "January" agrees with "January 2025".  A
date inside a dateline or credit line ("Lisbon, March 12 (WNS)") is
publication metadata, not a fact: it dates its version and is neither
compared nor checked for support.  What a garble finding already reports (an
entity overlapping a :func:`storytrace.garble.find_garbles` span, or a near
spelling of a name the sources state) is not also an unsupported claim; a
total is supported by parts a source states in one sentence; a question
asserts nothing, so it is never an unsupported sentence.  A reference the
cleaner repaired (``Document.meta["repaired_citations"]``) is a
``malformed_citation`` on the text as written.

:func:`unsupported_facts` is the same support check for one source and one
derived text (used by the FRANK benchmark), with two more checks that need no
entity model: words of the derived text that look like names and never occur
in the source, and negations the source does not share.

Modules, one per responsibility:

================== ==========================================================
``story``          :func:`compare_story` (the orchestrator) and
                   :func:`extract_story_facts` (the facts stage)
``slots``          slots, fact ids, statuses, sentence anchors
``sources``        which versions count as a version's sources
``quantities``     quantity slots, totals, drift between figures
``dates``          dates and weekdays: agreement, reference dates, slots
``consistency``    inconsistent totals, weekday mismatches, future events
``framing``        contested descriptors
``quotes``         quote facts and altered quotes
``claims``         unsupported claims (additions to a real source), details
                   only one version reports (``only_in``), novel sentences
``confidence``     every finding's confidence from its evidence
``labels``         human labels for facts (never their internal keys)
``single_pair``    :func:`unsupported_facts`
``vocabulary``     word sets and the stemmer of the support checks
================== ==========================================================

The offline citation audit is :mod:`storytrace.citations.audit`.
"""

from __future__ import annotations

from .single_pair import unsupported_facts
from .story import compare_story, extract_story_facts

__all__ = ["compare_story", "extract_story_facts", "unsupported_facts"]
