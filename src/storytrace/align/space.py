"""Sentence vectors of a story and the similarity of every pair of sentences.

The alignment scores sentence pairs with a cheap language-neutral similarity,
not with :func:`~storytrace.align.paraphrase_score`, so that all pairs of a
10-version story align in well under a second: per sentence, three hashed
TF-IDF vectors (stems, character 4-grams of transliterated words, and anchors:
numbers, CLDR places, capitalised names and acronyms), IDF over the whole
story; a pair's score is a weighted mean of the three cosines, with more
weight on characters and anchors across languages.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import lru_cache

import numpy as np
import regex

from ..records import Document, Sentence
from .tokens import _prepare

_GRAM_MAX = 3000  # sentences in a story up to which all similarities are computed at once
_DIM = 2048  # hashed dimension of each feature block (crc32, so order-independent)
# Weights of the block cosines: (words, chars, anchors).
_W_SAME = (0.5, 0.25, 0.25)
_W_CROSS = (0.15, 0.45, 0.4)
_CAP_WORD = regex.compile(r"\p{Lu}[\p{L}\p{M}'’-]{2,}")
_POSSESSIVE = regex.compile(r"['’]s?$")
_URL = regex.compile(r"(?:https?://|www\.)\S+", regex.I)
_ACRONYM = regex.compile(r"(?<![\p{L}.])(?:\p{Lu}\.){2,}|(?<!\p{L})\p{Lu}{2,6}(?!\p{L})")
# The same organisation or country under its acronym in other languages;
# general knowledge, kept tiny on purpose.
_ACRONYM_EQUIV = {
    "eua": "us", "eeuu": "us", "usa": "us", "onu": "un", "otan": "nato", "nato": "nato",
    "ue": "eu", "oms": "who", "oit": "ilo", "fmi": "imf", "ocde": "oecd", "ru": "uk",
}
# Acronyms that stand for a country: the same anchor as the CLDR place name.
_ACRONYM_PLACE = {"us": "united states", "uk": "united kingdom", "uae": "united arab emirates"}


@lru_cache(maxsize=200_000)
def _slot(feature: str) -> int:
    import zlib

    return zlib.crc32(feature.encode("utf-8")) % _DIM


def _doc_lang(doc: Document) -> str | None:
    if doc.language:
        return doc.language[:2]
    from ..language import guess_language

    return guess_language(doc.text)


def _anchor_keys(doc: Document, sentences: tuple[Sentence, ...], lang: str | None) -> list[list[str]]:
    """Language-neutral anchors per sentence: numbers, CLDR places, capitalised names."""
    from ..names import find_places, name_key
    from ..numbers import find_numbers, number_key

    out: list[list[str]] = [[] for _ in sentences]
    starts = [s.start for s in sentences]

    def which(pos: int) -> int | None:
        import bisect

        k = bisect.bisect_right(starts, pos) - 1
        return k if k >= 0 and pos < sentences[k].end else None

    urls = [m.span() for m in _URL.finditer(doc.text)]
    for span in find_numbers(doc.text, lang):
        if any(a <= span.start < b for a, b in urls):
            continue  # "article22489714.html" is not a detail of the story
        k = which(span.start)
        if k is not None:
            out[k].append("n:" + number_key(span.value))
    place_spans = []
    for start, end, name in find_places(doc.text):
        k = which(start)
        if k is not None:
            out[k].append("p:" + name.lower())
            place_spans.append((start, end))
    for k, s in enumerate(sentences):
        first = True
        for m in _CAP_WORD.finditer(s.text):
            if first and m.start() == len(s.text) - len(s.text.lstrip(" \"'“‘«„(")):
                first = False
                continue  # the sentence's first word is capitalised anyway
            first = False
            pos = s.start + m.start()
            if m.group(0).isupper() or any(a <= pos < b for a, b in place_spans) or any(a <= pos < b for a, b in urls):
                continue
            out[k].append("w:" + name_key(_POSSESSIVE.sub("", m.group(0))))
        for m in _ACRONYM.finditer(s.text):
            if any(a <= s.start + m.start() < b for a, b in urls):
                continue
            key = m.group(0).replace(".", "").lower()
            key = _ACRONYM_EQUIV.get(key, key)
            # "YONHAP" and "Yonhap" are one name; "U.S." is a place
            out[k].append("p:" + _ACRONYM_PLACE[key] if key in _ACRONYM_PLACE else "w:" + name_key(key))
    return out


def _char_features(folded: str) -> list[str]:
    feats: list[str] = []
    for w in folded.split():
        w = "".join(ch for ch in w if ch.isalnum())
        if len(w) < 3:
            continue
        p = f"<{w}>"
        feats.extend(p[i : i + 4] for i in range(len(p) - 3))
    return feats


class _Space:
    """Hashed TF-IDF vectors of every sentence of a story, per feature block
    (unit rows; IDF over the whole story), so that the similarities of any
    pair of versions are one small matrix product per block."""

    def __init__(self, offsets: dict[str, int], counts: dict[str, int], langs: dict[str, str | None], mats: list[np.ndarray], present: list[np.ndarray]):
        self.offsets = offsets
        self.counts = counts
        self.langs = langs
        self.mats = mats
        self.present = present
        n = mats[0].shape[0] if mats else 0
        # one Gram matrix per block when it is small (fast); per-pair products otherwise (bounded memory)
        self.grams = [M @ M.T for M in mats] if n <= _GRAM_MAX else None

    @classmethod
    def build(cls, documents: Sequence[Document], sentences: Mapping[str, tuple[Sentence, ...]]) -> _Space:
        rows: list[list[list[str]]] = [[], [], []]
        offsets: dict[str, int] = {}
        counts: dict[str, int] = {}
        langs: dict[str, str | None] = {}
        n = 0
        for doc in documents:
            sents = sentences[doc.id]
            lang = _doc_lang(doc)
            langs[doc.id] = lang
            offsets[doc.id] = n
            counts[doc.id] = len(sents)
            n += len(sents)
            anchors = _anchor_keys(doc, sents, lang)
            for k, s in enumerate(sents):
                t = _prepare(s.text, lang)
                rows[0].append([st for tok, st in zip(t.tokens, t.stems) if len(tok) > 1])
                rows[1].append(_char_features(t.folded))
                rows[2].append(anchors[k])
        mats, present = [], []
        for block in rows:
            mat = np.zeros((n, _DIM), dtype=np.float32)
            for i, feats in enumerate(block):
                if feats:
                    np.add.at(mat[i], [_slot(f) for f in feats], 1.0)
            nz = mat > 0
            df = nz.sum(axis=0)
            np.log(mat, out=mat, where=nz)
            mat += nz  # 1 + log(tf) on present slots
            mat *= np.log(1.0 + (n + 1) / np.maximum(df, 1)).astype(np.float32)
            norms = np.linalg.norm(mat, axis=1)
            has = norms > 0
            mat[has] /= norms[has, None]
            mats.append(mat)
            present.append(has)
        return cls(offsets, counts, langs, mats, present)

    def _combine(self, cosines: list[np.ndarray], has_a: list[np.ndarray], has_b: list[np.ndarray], cross: bool) -> np.ndarray:
        weights = _W_CROSS if cross else _W_SAME
        total = np.zeros_like(cosines[0])
        wsum = np.zeros_like(cosines[0])
        for cos, ha, hb, w in zip(cosines, has_a, has_b, weights):
            either = ha[:, None] | hb[None, :]
            total += np.where(either, w * cos, 0.0)
            wsum += np.where(either, w, 0.0)
        return np.divide(total, wsum, out=np.zeros_like(total), where=wsum > 0)

    def pair_scores(self, a: str, b: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Scores of version ``a`` against ``b``: 1-1 (n×m), a_i vs b_j+b_j+1 (n×m-1), a_i+a_i+1 vs b_j (n-1×m)."""
        oa, ob = self.offsets[a], self.offsets[b]
        na = self.counts[a]
        nb = self.counts[b]
        cross = bool(self.langs[a] and self.langs[b] and self.langs[a] != self.langs[b])
        ia, ib = slice(oa, oa + na), slice(ob, ob + nb)
        c11, c12, c21 = [], [], []
        ha, hb, ha2, hb2 = [], [], [], []
        for k, (M, has) in enumerate(zip(self.mats, self.present)):
            Ma, Mb = M[ia], M[ib]
            g = (self.grams[k][ia, ib] if self.grams is not None else Ma @ Mb.T).astype(np.float64)
            c11.append(g)
            ha.append(has[ia])
            hb.append(has[ib])
            # similarity of each sentence with the next one of the same version
            gb = np.einsum("ij,ij->i", Mb[:-1], Mb[1:]).astype(np.float64) if nb > 1 else np.zeros(0)
            ga = np.einsum("ij,ij->i", Ma[:-1], Ma[1:]).astype(np.float64) if na > 1 else np.zeros(0)
            sb = has[ib].astype(np.float64)
            sa = has[ia].astype(np.float64)
            # |u+v|^2 for unit (or zero) vectors u, v
            nb2 = np.sqrt(np.maximum(sb[:-1] + sb[1:] + 2 * gb, 1e-12)) if nb > 1 else np.zeros(0)
            na2 = np.sqrt(np.maximum(sa[:-1] + sa[1:] + 2 * ga, 1e-12)) if na > 1 else np.zeros(0)
            c12.append((g[:, :-1] + g[:, 1:]) / nb2[None, :] if nb > 1 else np.zeros((na, 0)))
            c21.append((g[:-1, :] + g[1:, :]) / na2[:, None] if na > 1 else np.zeros((0, nb)))
            hb2.append(has[ib][:-1] | has[ib][1:] if nb > 1 else np.zeros(0, bool))
            ha2.append(has[ia][:-1] | has[ia][1:] if na > 1 else np.zeros(0, bool))
        s11 = self._combine(c11, ha, hb, cross)
        s12 = self._combine(c12, ha, hb2, cross) if nb > 1 else np.zeros((na, 0))
        s21 = self._combine(c21, ha2, hb, cross) if na > 1 else np.zeros((0, nb))
        return s11, s12, s21

