"""Sentence alignment between the versions of one story.

Why by hand: sentence aligners such as hunalign, bleualign or vecalign need a
bilingual dictionary, an MT system or sentence embeddings; the default
pipeline must run with no model and no download.  So the alignment is built
on the language-neutral sentence similarity of :mod:`storytrace.align.space`
(stems, character n-grams of transliterated text such as "Rússia"/"Russia",
"sapadores"/"sappers", and anchors: numbers, names) and on order: a monotone
dynamic programme over the sentence similarity matrix that allows 1-1, 1-2
and 2-1 steps, followed by a second pass that matches leftover sentences out
of order (transpositions) when they are clearly similar.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from rapidfuzz.distance import Indel

from ..kinds import AlignLabel
from ..records import AlignedPair, Alignment, Document, Sentence
from ..sentences import split_sentences
from ..settings import Settings
from .space import _Space

__all__ = ["align_versions"]

_MERGE_PENALTY = 0.05  # a 1-2 or 2-1 step must beat the 1-1 step by this much
_TRANSPOSE_MARGIN = 0.1  # out-of-order matches need min_score + this
_GAP_FACTOR = 0.5  # across languages, a sentence between aligned neighbours needs half the usual score
_CROSS_FACTOR = 0.6  # cross-lingual similarities run lower: min_score is scaled by this
_POSITION_BONUS = 0.05  # at most this is added to the gain of a pair on the diagonal ...
_POSITION_BAND = 0.15  # ... fading to nothing this far (relative position) from it
_LIGHT_EDIT = 0.85  # character similarity at or above which an edit is light


def _monotone(s11: np.ndarray, s12: np.ndarray, s21: np.ndarray, threshold: float) -> list[tuple[tuple[int, ...], tuple[int, ...], float]]:
    """Best monotone alignment with 1-1, 1-2, 2-1 steps and skips (gain = score - threshold)."""
    n, m = s11.shape
    neg = -1e9
    best = np.zeros((n + 1, m + 1))
    back = np.zeros((n + 1, m + 1), dtype=np.int8)  # 0 skip a, 1 skip b, 2 1-1, 3 1-2, 4 2-1
    # a small bonus for pairs near the diagonal: versions mostly keep the order
    rel = np.abs((np.arange(n)[:, None] + 0.5) / n - (np.arange(m)[None, :] + 0.5) / m)
    bonus = _POSITION_BONUS * np.clip(1.0 - rel / _POSITION_BAND, 0.0, 1.0)
    g11 = s11 - threshold + bonus
    g12 = s12 - threshold - _MERGE_PENALTY + bonus[:, : max(m - 1, 0)]
    g21 = s21 - threshold - _MERGE_PENALTY + bonus[: max(n - 1, 0), :]
    floor = threshold / 3
    for i in range(n + 1):
        for j in range(m + 1):
            if i == 0 and j == 0:
                continue
            v, k = neg, 0
            if i > 0 and best[i - 1, j] > v:
                v, k = best[i - 1, j], 0
            if j > 0 and best[i, j - 1] > v:
                v, k = best[i, j - 1], 1
            if i > 0 and j > 0 and g11[i - 1, j - 1] > 0:
                c = best[i - 1, j - 1] + g11[i - 1, j - 1]
                if c > v:
                    v, k = c, 2
            if i > 0 and j > 1 and g12[i - 1, j - 2] > 0 and s11[i - 1, j - 2] > floor and s11[i - 1, j - 1] > floor:
                c = best[i - 1, j - 2] + g12[i - 1, j - 2]
                if c > v:
                    v, k = c, 3
            if i > 1 and j > 0 and g21[i - 2, j - 1] > 0 and s11[i - 2, j - 1] > floor and s11[i - 1, j - 1] > floor:
                c = best[i - 2, j - 1] + g21[i - 2, j - 1]
                if c > v:
                    v, k = c, 4
            best[i, j] = v
            back[i, j] = k
    out: list[tuple[tuple[int, ...], tuple[int, ...], float]] = []
    i, j = n, m
    while i > 0 or j > 0:
        k = int(back[i, j])
        if k == 0:
            i -= 1
        elif k == 1:
            j -= 1
        elif k == 2:
            out.append(((i - 1,), (j - 1,), float(s11[i - 1, j - 1])))
            i, j = i - 1, j - 1
        elif k == 3:
            out.append(((i - 1,), (j - 2, j - 1), float(s12[i - 1, j - 2])))
            i, j = i - 1, j - 2
        else:
            out.append(((i - 2, i - 1), (j - 1,), float(s21[i - 2, j - 1])))
            i, j = i - 2, j - 1
    out.reverse()
    return out


_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "‘": "'", "’": "'", "—": "-", "–": "-"})


def _norm_for_identity(text: str) -> str:
    return " ".join(text.translate(_QUOTES).casefold().split())


def _label(texts_a: list[str], texts_b: list[str], cross: bool) -> AlignLabel:
    if cross:
        return "translation"
    ta = _norm_for_identity(" ".join(texts_a))
    tb = _norm_for_identity(" ".join(texts_b))
    if ta == tb:
        return "identical"
    if Indel.normalized_similarity(ta, tb) >= _LIGHT_EDIT:
        return "light_edit"
    return "paraphrase"


def _align_pair(space: _Space, a: Document, b: Document, sa: tuple[Sentence, ...], sb: tuple[Sentence, ...], threshold: float) -> Alignment:
    if not sa or not sb:
        pairs = [AlignedPair(a=(i,), b=(), label="omission", score=0.0) for i in range(len(sa))]
        pairs += [AlignedPair(a=(), b=(j,), label="addition", score=0.0) for j in range(len(sb))]
        return Alignment(a=a.id, b=b.id, pairs=tuple(pairs))
    s11, s12, s21 = space.pair_scores(a.id, b.id)
    cross = bool(space.langs[a.id] and space.langs[b.id] and space.langs[a.id] != space.langs[b.id])
    if cross:
        threshold *= _CROSS_FACTOR
    steps = _monotone(s11, s12, s21, threshold)
    used_a = {i for ia, _, _ in steps for i in ia}
    used_b = {j for _, jb, _ in steps for j in jb}
    # transpositions: clearly similar sentences left over by the monotone pass
    left = sorted(
        ((float(s11[i, j]), i, j) for i in range(len(sa)) if i not in used_a for j in range(len(sb)) if j not in used_b),
        reverse=True,
    )
    for score, i, j in left:
        if score < threshold + _TRANSPOSE_MARGIN:
            break
        if i in used_a or j in used_b:
            continue
        steps.append(((i,), (j,), score))
        used_a.add(i)
        used_b.add(j)
    if cross:  # across languages anchors are sparse, so the order of the text counts for more
        _fill_gaps(steps, s11, used_a, used_b, threshold * _GAP_FACTOR)
    pairs = [
        AlignedPair(a=ia, b=jb, label=_label([sa[i].text for i in ia], [sb[j].text for j in jb], cross), score=round(min(1.0, max(0.0, sc)), 4))
        for ia, jb, sc in steps
    ]
    pairs += [AlignedPair(a=(i,), b=(), label="omission", score=0.0) for i in range(len(sa)) if i not in used_a]
    pairs += [AlignedPair(a=(), b=(j,), label="addition", score=0.0) for j in range(len(sb)) if j not in used_b]
    keys = {id(p): (p.a[0] if p.a else _after(p.b[0], pairs), 0 if p.a else 1, p.b[0] if p.b else -1) for p in pairs}
    pairs.sort(key=lambda p: keys[id(p)])
    return Alignment(a=a.id, b=b.id, pairs=tuple(pairs))


def _fill_gaps(steps: list, s11: np.ndarray, used_a: set[int], used_b: set[int], floor: float) -> None:
    """Align a sentence left alone between two aligned neighbours on both sides.

    When sentence i of one version and sentence j of the other are both
    unaligned, their neighbours are aligned to each other (i-1 to j-1 and i+1
    to j+1, or a document edge), and each is the other's best remaining match,
    the order of the text vouches for the pair, so a lower score (``floor``)
    suffices.  This catches translations whose anchors were garbled.
    """
    n, m = s11.shape
    linked = {(i, j) for ia, jb, _ in steps for i in ia for j in jb}
    partner = {i: j for i, j in sorted(linked)}
    for i in range(n):
        if i in used_a:
            continue
        if i == 0:
            j = 0
        elif i - 1 in partner:
            j = partner[i - 1] + 1
        else:
            continue
        if j >= m or j in used_b:
            continue
        after_ok = (i + 1 == n and j + 1 == m) or (i + 1, j + 1) in linked
        if not after_ok or s11[i, j] < floor:
            continue
        row = [s11[i, k] for k in range(m) if k not in used_b]
        col = [s11[k, j] for k in range(n) if k not in used_a]
        if s11[i, j] < max(row) or s11[i, j] < max(col):
            continue
        steps.append(((i,), (j,), float(s11[i, j])))
        used_a.add(i)
        used_b.add(j)
        linked.add((i, j))
        partner[i] = j


def _after(j: int, pairs: list[AlignedPair]) -> float:
    """Sort position of an addition: after the omissions, just before the next aligned a-sentence."""
    later = [min(p.a) for p in pairs if p.a and p.b and min(p.b) > j]
    return (min(later) if later else 1e9) - 0.5


def align_versions(
    documents: Sequence[Document], settings: Settings | None = None
) -> tuple[dict[str, tuple[Sentence, ...]], tuple[Alignment, ...]]:
    """Split every version into sentences and align every pair of versions.

    Args:
        documents: the versions of one story (any languages).  For each pair
            the earlier one in input order is ``Alignment.a``.
        settings: reads ``align.min_score`` (pairs below it are not aligned).

    Returns:
        ``(sentences_by_document_id, alignments)`` with one :class:`Alignment`
        per pair of versions.  Each :class:`AlignedPair` is 1-1, 1-2 or 2-1 and
        labelled ``identical``, ``light_edit``, ``paraphrase`` or
        ``translation`` (different languages); leftovers are ``omission``
        (only in a, ``b=()``) and ``addition`` (only in b, ``a=()``).  Pair
        scores are the language-neutral sentence similarity in [0, 1].

    Example:
        >>> a = Document(id="a", source="", text="Kim met Putin in 2024. They signed a treaty.")
        >>> b = Document(id="b", source="", text="Kim met Putin in 2024. Rain fell in Seoul.")
        >>> sents, (al,) = align_versions([a, b])
        >>> [p.label for p in al.pairs]
        ['identical', 'omission', 'addition']
    """
    settings = settings or Settings()
    threshold = float(settings.align.min_score)
    docs = list(documents)
    sentences = {d.id: split_sentences(d.text, d.language) for d in docs}
    if len(docs) < 2:
        return sentences, ()
    space = _Space.build(docs, sentences)
    alignments = []
    for x in range(len(docs)):
        for y in range(x + 1, len(docs)):
            a, b = docs[x], docs[y]
            alignments.append(_align_pair(space, a, b, sentences[a.id], sentences[b.id], threshold))
    return sentences, tuple(alignments)
