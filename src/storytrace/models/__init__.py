"""Fitted models shipped as versioned package data, one JSON file each.

A model file (``<name>-v<version>.json``) holds its ``name`` and ``version``,
the ``features`` it reads (by name, in order), the fitted values, and a
``fitted`` record of how they were made (script, data, method, figures).
The scoring modules read their model once, at import:

* ``group-v1.json``: the story similarity of :mod:`storytrace.group`, written
  by ``bench/semeval.py --fit --write``;
* ``paraphrase-v1.json``: :func:`storytrace.align.paraphrase_score`, written
  by ``bench/msrp.py --fit --write``.

Refitting writes these files and never rewrites source code.  Floats are
written by ``json`` with ``repr`` precision, so a model read back holds
exactly the numbers that were written.

>>> model = load_model("group-v1")
>>> (model["name"], model["version"], len(model["features"]))
('group', 1, 20)
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

__all__ = ["load_model", "model_path", "save_model"]


def model_path(name: str) -> Path:
    """Where the shipped model ``name`` (e.g. ``"group-v1"``) lives in a source checkout."""
    return Path(__file__).resolve().parent / f"{name}.json"


def load_model(name: str) -> dict[str, Any]:
    """The shipped model ``name`` (e.g. ``"paraphrase-v1"``) as a dict.

    Raises:
        FileNotFoundError: no such model in the package.
    """
    text = resources.files(__name__).joinpath(f"{name}.json").read_text(encoding="utf-8")
    return json.loads(text)


def save_model(path: str | Path, model: dict[str, Any]) -> Path:
    """Write ``model`` as JSON to ``path`` (floats with ``repr`` precision: they read back exactly)."""
    path = Path(path)
    text = json.dumps(_plain(model), indent=1, ensure_ascii=False) + "\n"
    path.write_text(text, encoding="utf-8")
    return path


def _plain(value: Any) -> Any:
    """``value`` with numpy arrays and scalars turned into lists, floats and ints."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if hasattr(value, "tolist"):  # numpy array or scalar
        return _plain(value.tolist())
    if isinstance(value, float):
        return float(value)
    return value
