"""The report as JSON text (schema ``storytrace.report/v1``)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from ..serialize import jsonable

__all__ = ["render_json"]

# The top-level keys come first in this order; every mapping below is key-sorted,
# so two runs over the same input give byte-identical files.
_TOP = ("schema", "generator", "created", "documents", "stories")


def render_json(report: Mapping[str, Any]) -> str:
    """Render a report dict as stable, readable JSON.

    Args:
        report: a ``storytrace.report/v1`` dict.

    Returns:
        JSON text: indent 2, UTF-8 characters kept (``ensure_ascii=False``),
        keys in a stable order, ending with a newline.

    Example:
        >>> render_json({"stories": [], "schema": "storytrace.report/v1"}).splitlines()[1]
        '  "schema": "storytrace.report/v1",'
    """
    data = jsonable(report)
    ordered = {k: data[k] for k in _TOP if k in data}
    ordered.update({k: data[k] for k in sorted(data) if k not in ordered})
    body = {k: _sorted(v) for k, v in ordered.items()}
    return json.dumps(body, indent=2, ensure_ascii=False) + "\n"


def _sorted(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _sorted(value[k]) for k in sorted(value)}
    if isinstance(value, list):
        return [_sorted(v) for v in value]
    return value
