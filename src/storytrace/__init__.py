"""storytrace: follow one news story through all of its versions.

The public API is imported lazily so that ``import storytrace`` stays fast and
works without the optional extras: the records, the settings, the exception
tree (:mod:`storytrace.errors`) and the pipeline's entry points.  The closed
name sets the records use (kinds, labels, reasons) are in :mod:`storytrace.kinds`.
The package is typed (``py.typed``)::

    >>> import storytrace
    >>> round(storytrace.story_similarity("North Korea sends 1,000 sappers to Kursk.",
    ...                                   "A Coreia do Norte envia 1.000 sapadores para Kursk."), 1) > 0
    True
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:  # what the lazy names are, for type checkers and editors
    from .align import align_versions, paraphrase_score
    from .analyze import ANALYSIS_STAGES, analyze_story
    from .clean import clean_document
    from .compare import unsupported_facts
    from .errors import (
        AnalysisError,
        FetchError,
        InputError,
        MissingExtra,
        NotFound,
        ReportError,
        SettingsError,
        StoreError,
        StorytraceError,
    )
    from .export import export_results
    from .facts import extract_facts
    from .facts.quotes import find_quotes, match_quotes
    from .group import explain_similarity, group_stories, story_similarity
    from .ingest import iter_documents
    from .language import detect_language
    from .lineage import infer_lineage
    from .pipeline import CORPUS_STAGES
    from .records import (
        AlignedPair,
        Alignment,
        AnalysisFailure,
        Document,
        ExtractedFact,
        Fact,
        Finding,
        GroupLink,
        LineageEdge,
        Mention,
        Quote,
        QuoteMatch,
        RawDocument,
        Rejected,
        RemovedSpan,
        Sentence,
        Story,
        StoryAnalysis,
    )
    from .report.build import build_report
    from .runners.local import ingest_run, report_for, store_documents, trace
    from .sentences import split_sentences
    from .settings import Settings, load_settings
    from .stage import Stage, run_stages
    from .store import open_store

# public name -> the module (relative to this package) that defines it
_API = {
    "ANALYSIS_STAGES": "analyze",
    "AlignedPair": "records",
    "Alignment": "records",
    "AnalysisError": "errors",
    "AnalysisFailure": "records",
    "CORPUS_STAGES": "pipeline",
    "Document": "records",
    "ExtractedFact": "records",
    "Fact": "records",
    "FetchError": "errors",
    "Finding": "records",
    "GroupLink": "records",
    "InputError": "errors",
    "LineageEdge": "records",
    "Mention": "records",
    "MissingExtra": "errors",
    "NotFound": "errors",
    "Quote": "records",
    "QuoteMatch": "records",
    "RawDocument": "records",
    "Rejected": "records",
    "RemovedSpan": "records",
    "ReportError": "errors",
    "Sentence": "records",
    "Settings": "settings",
    "SettingsError": "errors",
    "Stage": "stage",
    "StoreError": "errors",
    "Story": "records",
    "StoryAnalysis": "records",
    "StorytraceError": "errors",
    "align_versions": "align",
    "analyze_story": "analyze",
    "build_report": "report.build",
    "clean_document": "clean",
    "detect_language": "language",
    "explain_similarity": "group",
    "export_results": "export",
    "extract_facts": "facts",
    "find_quotes": "facts.quotes",
    "group_stories": "group",
    "infer_lineage": "lineage",
    "ingest_run": "runners.local",
    "iter_documents": "ingest",
    "load_settings": "settings",
    "match_quotes": "facts.quotes",
    "open_store": "store",
    "paraphrase_score": "align",
    "report_for": "runners.local",
    "run_stages": "stage",
    "split_sentences": "sentences",
    "store_documents": "runners.local",
    "story_similarity": "group",
    "trace": "runners.local",
    "unsupported_facts": "compare",
}

__all__ = [  # noqa: RUF022 - plain sorted() order (ASCII), which tests/test_api.py holds
    "ANALYSIS_STAGES",
    "AlignedPair",
    "Alignment",
    "AnalysisError",
    "AnalysisFailure",
    "CORPUS_STAGES",
    "Document",
    "ExtractedFact",
    "Fact",
    "FetchError",
    "Finding",
    "GroupLink",
    "InputError",
    "LineageEdge",
    "Mention",
    "MissingExtra",
    "NotFound",
    "Quote",
    "QuoteMatch",
    "RawDocument",
    "Rejected",
    "RemovedSpan",
    "ReportError",
    "Sentence",
    "Settings",
    "SettingsError",
    "Stage",
    "StoreError",
    "Story",
    "StoryAnalysis",
    "StorytraceError",
    "__version__",
    "align_versions",
    "analyze_story",
    "build_report",
    "clean_document",
    "detect_language",
    "explain_similarity",
    "export_results",
    "extract_facts",
    "find_quotes",
    "group_stories",
    "infer_lineage",
    "ingest_run",
    "iter_documents",
    "load_settings",
    "match_quotes",
    "open_store",
    "paraphrase_score",
    "report_for",
    "run_stages",
    "split_sentences",
    "store_documents",
    "story_similarity",
    "trace",
    "unsupported_facts",
]


def __getattr__(name: str) -> Any:
    module = _API.get(name)
    if module is None:
        raise AttributeError(f"module 'storytrace' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__
