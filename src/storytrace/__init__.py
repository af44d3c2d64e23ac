"""storytrace: follow one news story through all of its versions.

The public API is imported lazily so that ``import storytrace`` stays fast and
works without the optional extras::

    >>> import storytrace
    >>> round(storytrace.story_similarity("North Korea sends 1,000 sappers to Kursk.",
    ...                                   "A Coreia do Norte envia 1.000 sapadores para Kursk."), 1) > 0
    True
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_API = {
    "AlignedPair": "records",
    "Alignment": "records",
    "Document": "records",
    "Fact": "records",
    "Finding": "records",
    "LineageEdge": "records",
    "Quote": "records",
    "QuoteMatch": "records",
    "RawDocument": "records",
    "Rejected": "records",
    "Settings": "settings",
    "Story": "records",
    "StoryAnalysis": "records",
    "align_versions": "align",
    "analyze_story": "analyze",
    "build_report": "report.build",
    "clean_document": "clean",
    "detect_language": "language",
    "explain_similarity": "group",
    "extract_facts": "facts",
    "find_quotes": "facts.quotes",
    "group_stories": "group",
    "infer_lineage": "lineage",
    "iter_documents": "ingest",
    "load_settings": "settings",
    "match_quotes": "facts.quotes",
    "open_store": "store",
    "paraphrase_score": "align",
    "report_for": "runners.local",
    "split_sentences": "sentences",
    "story_similarity": "group",
    "trace": "runners.local",
    "unsupported_facts": "compare",
}

__all__ = sorted(["__version__", *_API])


def __getattr__(name: str) -> Any:
    module = _API.get(name)
    if module is None:
        raise AttributeError(f"module 'storytrace' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__
