"""Grouping's work in worker processes: fingerprinting documents and scoring candidate pairs in batches.

Documents are fingerprinted ``_FINGERPRINT_BATCH`` at a time in ``run.workers``
processes and :func:`~storytrace.fingerprint_table.pack`'d back into one
:class:`~storytrace.fingerprint_table.FingerprintTable`; candidate pairs are
scored ``_SCORE_BATCH`` at a time, again in worker processes, which share the
table's arrays (inherited by fork, or memory-mapped from a temporary
directory).  Fewer than ``_MIN_PARALLEL_DOCUMENTS`` documents are handled in
this process: starting workers would cost more than it saves.  The neural
and hybrid backends (:mod:`storytrace.neural`) score in this process.
"""

from __future__ import annotations

import contextlib
import tempfile
from collections.abc import Callable, Iterator, Mapping, Sequence

import numpy as np

from ..fingerprint import MAX_CHARS, fingerprint_text
from ..fingerprint_table import FingerprintTable, TableArrays, load_arrays, pack
from ..parallel import ordered_map, process_pool, start_method, worker_count
from ..records import Document
from ..settings import Settings
from .pairs import score_pairs_rows

__all__ = ["fingerprint_documents", "pair_scores", "worker_processes"]

#: Fewer documents than this are grouped in this process: starting workers costs more than it saves.
_MIN_PARALLEL_DOCUMENTS = 2000
_FINGERPRINT_BATCH = 128
_SCORE_BATCH = 4096


def worker_processes(documents: int, settings: Settings) -> int:
    """How many processes work for a grouping of ``documents`` documents: ``run.workers``, or 1 for few documents."""
    return worker_count(settings.run.workers) if documents >= _MIN_PARALLEL_DOCUMENTS else 1


def _item(doc: Document) -> tuple:
    """What a worker needs to fingerprint ``doc`` (only the characters fingerprinting reads)."""
    return (doc.id, doc.text[:MAX_CHARS], doc.title, doc.language, doc.published)


def fingerprint_documents(
    documents: Sequence[Document], workers: int, advance: Callable[[int], None] | None = None
) -> FingerprintTable:
    """A table of the fingerprints of ``documents`` (in their order), made in ``workers`` processes.

    ``advance`` is called with the number of documents fingerprinted since
    the last call (for progress bars).
    """
    table = FingerprintTable()
    # A spread of documents is fingerprinted here, before any worker starts:
    # forked workers then share the word frequencies and language models it
    # loaded (about half a second per language) instead of each loading its own.
    step = max(1, len(documents) // _FINGERPRINT_BATCH)
    sampled = range(0, len(documents), step)[:_FINGERPRINT_BATCH]
    table.add_packed(_fingerprint_batch([_item(documents[k]) for k in sampled]))
    if advance:
        advance(len(sampled))
    skip = set(sampled)
    rest = [d for k, d in enumerate(documents) if k not in skip]

    def batches() -> Iterator[list[tuple]]:  # made as the workers need them, not all at once
        for i in range(0, len(rest), _FINGERPRINT_BATCH):
            yield [_item(d) for d in rest[i:i + _FINGERPRINT_BATCH]]

    with process_pool(workers) as pool:
        for packed in ordered_map(pool, _fingerprint_batch, batches(), window=4 * workers):
            table.add_packed(packed)
            if advance:
                advance(len(packed[0]))
    return table


def _fingerprint_batch(items: Sequence[tuple]) -> tuple:
    """Fingerprint (id, text, title, language, published) items and :func:`pack` them (runs in workers)."""
    return pack([fingerprint_text(text, lang=lang, id=doc_id, title=title, published=published)
                 for doc_id, text, title, lang, published in items])


_loaded: dict[str | None, TableArrays] = {}


def _score_batch(task: tuple[str | None, np.ndarray, np.ndarray]) -> np.ndarray:
    """Lexical scores of pairs of rows of a table (runs in workers).

    The table's arrays are the ones a forked worker inherited (``directory``
    None) or the ones saved in ``directory``, memory-mapped.
    """
    directory, left, right = task
    arrays = _loaded.get(directory)
    if arrays is None:
        _loaded.clear()  # one table at a time
        arrays = _loaded[directory] = load_arrays(directory)  # type: ignore[arg-type]
    return np.asarray(score_pairs_rows(arrays, left, right, batch=len(left)))


def pair_scores(
    table: FingerprintTable,
    left: np.ndarray,
    right: np.ndarray,
    settings: Settings,
    texts: Mapping[str, str] | None,
    workers: int,
) -> np.ndarray:
    """Scores of the pairs of table rows ``(left[k], right[k])`` by ``group.backend``.

    Lexical scores are made in ``workers`` processes when there are several
    batches; ``texts`` (document texts by id) feed the neural and hybrid
    backends.

    Raises:
        SettingsError: an unknown ``group.backend``.
    """
    backend = settings.group.backend
    if backend not in {"lexical", "neural", "hybrid"}:
        from ..errors import SettingsError

        raise SettingsError(f"group.backend must be lexical, neural or hybrid, not {backend!r}")
    lexical = np.zeros(len(left))
    if backend != "neural" and len(left):
        arrays = table.freeze()
        spans = [(i, min(i + _SCORE_BATCH, len(left))) for i in range(0, len(left), _SCORE_BATCH)]
        if workers > 1 and len(spans) > 1:
            method = start_method()
            with contextlib.ExitStack() as stack:
                directory: str | None = None
                if method == "fork":
                    # forked workers inherit the arrays (read-only numpy buffers: shared pages, no copy)
                    _loaded.clear()
                    _loaded[None] = arrays
                    stack.callback(_loaded.clear)
                else:
                    directory = stack.enter_context(tempfile.TemporaryDirectory(prefix="storytrace-table-"))
                    arrays.save(directory)  # memory-mapped by the workers, who share its pages
                pool = stack.enter_context(process_pool(min(workers, len(spans)), method))
                assert pool is not None
                lexical = np.concatenate(list(pool.map(_score_batch, [(directory, left[i:j], right[i:j]) for i, j in spans])))
        else:
            lexical = np.asarray(score_pairs_rows(arrays, left, right, batch=_SCORE_BATCH))
    if backend == "lexical":
        return lexical
    from ..neural import NeuralSimilarity

    neural = NeuralSimilarity.from_settings(settings)
    if texts:
        neural.encode_many(dict(texts))
    ids = table.ids
    semantic = np.array([neural.similarity(ids[a], ids[b]) for a, b in zip(left.tolist(), right.tolist())])
    if backend == "neural":
        return semantic
    weight = float(settings.group.neural_weight)
    return (1.0 - weight) * lexical + weight * semantic

