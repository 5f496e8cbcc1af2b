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


def _document_dict(doc: Document) -> dict:
    return {
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


def document_row(doc: Document) -> pl.DataFrame:
    """The ``documents`` row of one document."""
    return schema.frame("documents", [_document_dict(doc)])


#: What :func:`segment_and_extract` returns: one document's rows of each table, before the
#: columns that name the document and its förbund are added (:func:`finalise`).
Raw = dict[str, pl.DataFrame]


def segment_and_extract(doc: Document) -> Raw:
    """Segment and extract one document: its rows of every per-document table but
    ``documents``, as segmentation and extraction return them."""
    from finsam_data.extract import extract_facts
    from finsam_data.segment import segment

    seg = segment(doc)
    return {
        "meetings": seg.meetings,
        "attendance": seg.attendance,
        "items": seg.items,
        "decisions": seg.decisions,
        "facts": extract_facts(doc, seg.sections, seg.furniture),
    }


def process_document(doc: Document) -> dict[str, pl.DataFrame]:
    """Segment and extract one document: its rows of every per-document table."""
    return finalise([(doc, segment_and_extract(doc))])


def finalise(done: list[tuple[Document, Raw | None]]) -> dict[str, pl.DataFrame]:
    """The rows of several documents as the contract's tables: every row names the förbund
    that issued its document and the document itself, in the contract's columns and dtypes.

    Built per table for the whole list (one frame operation per table, not per document);
    ``None`` in place of a document's rows keeps only its ``documents`` row.
    """
    out = {"documents": schema.frame("documents", [_document_dict(doc) for doc, _ in done])}
    for name in PER_DOCUMENT[1:]:
        frames, docs = [], []
        for doc, raw in done:
            if raw is not None and raw[name].height:
                frames.append(raw[name])
                docs.append(doc)
        if not frames:
            out[name] = schema.frame(name)
            continue
        try:
            out[name] = _finalise_table(name, frames, docs)
        except pl.exceptions.PolarsError:
            # frames of differing dtypes that one concatenation cannot join: one at a time
            out[name] = pl.concat(
                [_finalise_table(name, [f], [d]) for f, d in zip(frames, docs, strict=True)]
            )
    return out


def _finalise_table(name: str, frames: list[pl.DataFrame], docs: list[Document]) -> pl.DataFrame:
    heights = [f.height for f in frames]

    def per_row(values: list) -> pl.Series:
        repeated = [v for v, n in zip(values, heights, strict=True) for _ in range(n)]
        return pl.Series(values=repeated, dtype=pl.String)

    frame = pl.concat(frames, how="diagonal_relaxed") if len(frames) > 1 else frames[0]
    cols = {}
    if "forbund_id" in frame.columns:
        cols["forbund_id"] = per_row([d.forbund_id for d in docs])
    if name == "facts":
        cols["doc_id"] = per_row([d.doc_id for d in docs])
        cols["source"] = per_row([d.source for d in docs])
    elif "doc_id" in frame.columns:
        cols["doc_id"] = per_row([d.doc_id for d in docs])
    return frame.with_columns(**cols).select(schema.TABLES[name].names()).cast(
        dict(schema.TABLES[name])
    )


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
