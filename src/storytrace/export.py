"""Export stored results as flat tables for other tools (pandas, DuckDB, R, Spark).

Four tables, one row per thing, every column a scalar or a list of strings:

``documents``     one row per clean document (text included)
``memberships``   one row per (story, document)
``facts``         one row per fact *mention* (the fact's columns repeated), so a
                  drift shows as two rows of one fact with different values
``findings``      one row per finding

Values of arbitrary shape (a fact's value) are JSON text in ``*_json``
columns so every table has a fixed schema, which Parquet needs.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .errors import MissingExtra, ReportError

__all__ = ["TABLES", "export_results", "iter_tables"]

# column name -> type ("str", "int", "float", "list")
TABLES: dict[str, dict[str, str]] = {
    "documents": {
        "id": "str", "source": "str", "parent": "str", "title": "str", "language": "str", "published": "str",
        "url": "str", "site_name": "str", "author": "str", "dateline": "str", "credits": "list",
        "disclosures": "list", "citations": "list", "removed_kinds": "list", "chars": "int", "text": "str",
    },
    "memberships": {"story_id": "str", "document_id": "str", "story_title": "str"},
    "facts": {
        "story_id": "str", "fact_id": "str", "kind": "str", "key": "str", "status": "str", "value_json": "str",
        "document_id": "str", "text": "str", "start": "int", "end": "int", "mention_value_json": "str",
    },
    "findings": {
        "story_id": "str", "kind": "str", "document_id": "str", "start": "int", "end": "int",
        "text": "str", "detail": "str", "related": "list",
    },
}


def _json(value: Any) -> str:
    from .serialize import jsonable

    return json.dumps(jsonable(value), ensure_ascii=False, sort_keys=True)


def iter_tables(store: Any) -> dict[str, Iterator[dict[str, Any]]]:
    """The four export tables as row iterators over ``store`` (see :data:`TABLES`)."""

    def documents():
        for d in store.iter_documents():
            yield {
                "id": d.id, "source": d.source, "parent": d.parent, "title": d.title, "language": d.language,
                "published": d.published, "url": d.url, "site_name": d.site_name, "author": d.author,
                "dateline": d.dateline, "credits": list(d.credits), "disclosures": list(d.disclosures),
                "citations": list(d.citations), "removed_kinds": [r.kind for r in d.removed],
                "chars": len(d.text), "text": d.text,
            }

    def memberships():
        for s in store.stories():
            for d in s.document_ids:
                yield {"story_id": s.id, "document_id": d, "story_title": s.title}

    def facts():
        for s in store.stories():
            analysis = store.get_analysis(s.id)
            for f in analysis.facts if analysis else ():
                for m in f.mentions:
                    yield {
                        "story_id": s.id, "fact_id": f.id, "kind": f.kind, "key": f.key, "status": f.status,
                        "value_json": _json(f.value), "document_id": m.document, "text": m.text,
                        "start": m.start, "end": m.end, "mention_value_json": _json(m.value),
                    }

    def findings():
        for s in store.stories():
            analysis = store.get_analysis(s.id)
            for x in analysis.findings if analysis else ():
                yield {
                    "story_id": s.id, "kind": x.kind, "document_id": x.document, "start": x.start, "end": x.end,
                    "text": x.text, "detail": x.detail, "related": list(x.related),
                }

    return {"documents": documents(), "memberships": memberships(), "facts": facts(), "findings": findings()}


def _arrow_schema(columns: dict[str, str]):
    import pyarrow as pa

    types = {"str": pa.string(), "int": pa.int64(), "float": pa.float64(), "list": pa.list_(pa.string())}
    return pa.schema([(name, types[kind]) for name, kind in columns.items()])


def export_results(store: Any, fmt: str, out_dir: Path) -> dict[str, Path]:
    """Write documents, story membership, facts and findings as JSONL or Parquet files.

    Args:
        store: an open store (``storytrace.store.open_store``).
        fmt: ``"jsonl"`` or ``"parquet"`` (needs pyarrow: the ``parquet`` extra).
        out_dir: directory to write into (created if missing); files are
            ``documents``, ``memberships``, ``facts`` and ``findings`` with the
            format's extension, replaced if present.

    Returns:
        ``{table name: path written}``.

    Raises:
        ReportError: unknown format.
        MissingExtra: Parquet asked for without pyarrow.

    Example:
        >>> from storytrace.store import open_store
        >>> sorted(export_results(open_store(":memory:"), "jsonl", Path("/tmp/st-export")))
        ['documents', 'facts', 'findings', 'memberships']
    """
    if fmt not in ("jsonl", "parquet"):
        raise ReportError(f"unknown export format {fmt!r}; use jsonl or parquet")
    if fmt == "parquet":
        try:
            import pyarrow  # noqa: F401
            import pyarrow.parquet as pq
        except ImportError:
            raise MissingExtra("pyarrow", "parquet", "export --format parquet") from None
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written: dict[str, Path] = {}
    for name, rows in iter_tables(store).items():
        path = out_dir / f"{name}.{fmt}"
        tmp = path.with_name(path.name + ".part")
        if fmt == "jsonl":
            with tmp.open("w", encoding="utf-8") as fh:
                for row in rows:
                    fh.write(json.dumps(row, ensure_ascii=False) + "\n")
        else:
            import pyarrow as pa

            table = pa.Table.from_pylist(list(rows), schema=_arrow_schema(TABLES[name]))
            pq.write_table(table, tmp)
        tmp.replace(path)  # a reader never sees half a file
        written[name] = path
    return written
