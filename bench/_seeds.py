"""The five seed versions as clean Documents, shared by the seed benchmarks.

The same construction as the ``seed_documents`` fixture in ``tests/conftest.py``:
each seed file goes through :func:`storytrace.clean.clean_document` (split-off
children are left out) and keeps its three-digit prefix as its id, so the
scripts can name versions "000".."004".
"""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SEEDS = ROOT.parent / "shared" / "seeds"
sys.path.insert(0, str(ROOT / "src"))

from storytrace.clean import clean_document  # noqa: E402
from storytrace.records import Document, RawDocument  # noqa: E402


def seed_documents(seeds: Path = DEFAULT_SEEDS) -> dict[str, Document]:
    """The seeds in ``seeds`` as clean Documents keyed by prefix.

    Args:
        seeds: the folder of seed files (``NNN_*.txt``).

    Returns:
        ``{"000": Document(id="000", ...), ...}`` in file-name order.

    Example:
        >>> sorted(seed_documents())  # doctest: +SKIP
        ['000', '001', '002', '003', '004']
    """
    docs = {}
    for path in sorted(Path(seeds).glob("*.txt")):
        main = clean_document(RawDocument(str(path), path.read_bytes(), "text"))[0]
        if not isinstance(main, Document):
            raise SystemExit(f"{path} was rejected by the cleaner: {main.reason} ({main.detail})")
        docs[path.name[:3]] = replace(main, id=path.name[:3])
    return docs
