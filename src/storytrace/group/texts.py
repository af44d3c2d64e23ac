"""Story similarity of two texts: what ``storytrace similar`` and library users call.

The texts are fingerprinted here and scored by the same path as the
candidate pairs of :func:`~storytrace.group.group_stories`
(:func:`~storytrace.group.workers.pair_scores`), so ``group.backend`` applies.
"""

from __future__ import annotations

import numpy as np

from ..fingerprint import fingerprint_text
from ..fingerprint_table import FingerprintTable
from ..settings import Settings
from .pairs import shared_anchors
from .workers import pair_scores

__all__ = ["explain_similarity", "story_similarity"]


def story_similarity(
    a: str,
    b: str,
    *,
    lang_a: str | None = None,
    lang_b: str | None = None,
    settings: Settings | None = None,
) -> float:
    """How likely two texts report the same story, in [0, 1] (symmetric).

    Args:
        a, b: the two texts (clean text; a title line first helps).
        lang_a, lang_b: their ISO 639-1 languages, or None to detect them.
        settings: ``group.backend`` chooses lexical (default, model-free),
            neural or hybrid.

    Returns:
        1.0 for versions of one story, near 0 for unrelated texts.

    >>> en = ("North Korea will send 1,000 sappers and 5,000 construction workers to the Kursk region of Russia, "
    ...       "Russian Security Council Secretary Sergei Shoigu said on Tuesday, June 18, after talks with Kim Jong Un.")
    >>> pt = ("A Coreia do Norte enviará 1.000 sapadores e 5.000 trabalhadores da construção para a região de Kursk, "
    ...       "disse o secretário do Conselho de Segurança russo, Sergei Shoigu, na terça-feira, 18 de junho, após conversas com Kim Jong Un.")
    >>> story_similarity(en, pt, lang_a="en", lang_b="pt") > 0.8
    True
    """
    return explain_similarity(a, b, lang_a=lang_a, lang_b=lang_b, settings=settings)[0]


def explain_similarity(
    a: str,
    b: str,
    *,
    lang_a: str | None = None,
    lang_b: str | None = None,
    settings: Settings | None = None,
) -> tuple[float, list[str]]:
    """Story similarity of two texts and the evidence: the anchors they share.

    Returns:
        (score, anchors) where anchors are strings such as ``number:1000``,
        ``entity:north korea``, ``date:2025-06-18``, ``name:shoigu`` or
        ``word:kursk``, strongest first.

    >>> score, anchors = explain_similarity("Shoigu: 1,000 sappers to Kursk", "Shoigu: 1.000 sapadores para Kursk", lang_a="en", lang_b="pt")
    >>> "number:1000" in anchors
    True
    """
    settings = settings if settings is not None else Settings()
    fa = fingerprint_text(a, lang=lang_a, id="a")
    fb = fingerprint_text(b, lang=lang_b, id="b")
    table = FingerprintTable.from_fingerprints([fa, fb])
    score = pair_scores(table, np.array([0]), np.array([1]), settings, {"a": a, "b": b}, workers=1)
    return float(score[0]), shared_anchors(fa, fb)
