"""Stage 3, normalise: per-document results -> the contract's tables.

:func:`process_document` runs segmentation and extraction for one document and returns its rows
of every table; :func:`assemble` concatenates those, adds the ``documents`` and ``forbund``
tables and puts every table in a stable order, so that the same inputs give byte-identical
parquet files.
"""

from __future__ import annotations

import polars as pl

from finsam_data import registry, schema
from finsam_data.model import Document

#: Tables that hold rows per document (everything but the registry).
PER_DOCUMENT = ("documents", "meetings", "attendance", "items", "decisions", "facts")

_SORT_KEYS = {
    "documents": ["forbund_id", "doc_date", "source"],
    "meetings": ["forbund_id", "meeting_date", "doc_id"],
    "attendance": ["forbund_id", "meeting_date", "doc_id"],
    "items": ["forbund_id", "meeting_date", "doc_id", "item_no", "char_start"],
    "decisions": ["forbund_id", "meeting_date", "doc_id", "item_no", "char_start"],
    "facts": ["forbund_id", "doc_id", "char_start", "measure"],
}


def document_row(doc: Document) -> pl.DataFrame:
    """The ``documents`` row of one document."""
    return schema.frame(
        "documents",
        [
            {
                "doc_id": doc.doc_id,
                "source": doc.source,
                "forbund_id": doc.forbund_id,
                "doc_kind": doc.doc_kind,
                "doc_date": doc.doc_date,
                "period_start": doc.period_start,
                "period_end": doc.period_end,
                "n_chars": len(doc.text),
                "text": doc.text,
                "reader": doc.reader,
                "encoding": doc.encoding,
                "forbund_name": doc.forbund_name,
            }
        ],
    )


def process_document(doc: Document) -> dict[str, pl.DataFrame]:
    """Segment and extract one document: its rows of every per-document table."""
    from finsam_data.extract import extract_facts
    from finsam_data.segment import segment

    seg = segment(doc)
    facts = extract_facts(doc, seg.sections, seg.furniture)
    out = {
        "documents": document_row(doc),
        "meetings": seg.meetings,
        "attendance": seg.attendance,
        "items": seg.items,
        "decisions": seg.decisions,
        "facts": facts,
    }
    # Every row names the förbund that issued the document and the document itself.
    for name, frame in out.items():
        cols = {}
        if "forbund_id" in frame.columns:
            cols["forbund_id"] = pl.lit(doc.forbund_id, dtype=pl.String)
        if name == "facts":
            cols["doc_id"] = pl.lit(doc.doc_id, dtype=pl.String)
            cols["source"] = pl.lit(doc.source, dtype=pl.String)
        elif "doc_id" in frame.columns:
            cols["doc_id"] = pl.lit(doc.doc_id, dtype=pl.String)
        out[name] = frame.with_columns(**cols).select(schema.TABLES[name].names()).cast(
            dict(schema.TABLES[name])
        )
    return out


def assemble(parts: list[dict[str, pl.DataFrame | pl.LazyFrame]]) -> dict[str, pl.DataFrame]:
    """Concatenate per-document (or per-batch) rows into the contract's tables, sorted stably."""
    tables: dict[str, pl.DataFrame] = {}
    for name in PER_DOCUMENT:
        frames = [p[name].lazy() for p in parts if name in p]
        lazy = pl.concat(frames, how="vertical") if frames else schema.frame(name).lazy()
        tables[name] = lazy.sort(_SORT_KEYS[name], nulls_last=True, maintain_order=True).collect()
    docs = tables["documents"]
    known = {e["forbund_id"] for e in registry.forbund_entries()}
    extra = {
        row["forbund_id"]: row["forbund_name"] or row["forbund_id"]
        for row in docs.select("forbund_id", "forbund_name").iter_rows(named=True)
        if row["forbund_id"] and row["forbund_id"] not in known
    }
    tables["forbund"] = registry.forbund_frame(extra)
    return {name: tables[name] for name in schema.TABLES}
