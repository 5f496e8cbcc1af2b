"""Data quality for the reports: validation findings as a frame, and the flags they put on
the facts they concern (shown as ⚠ wherever the figure appears).
"""

from __future__ import annotations

import json
from typing import Any

import polars as pl

from finsam_data.report.vocabulary import TABLE_LABEL

#: The validation check whose finding means "likely a unit slip": such a figure is kept out of
#: every axis scale (it would flatten every other bar) and named under the chart instead.
UNIT_SLIP_CHECK = "unit_slip"


FLAG_COLUMNS = {"flag_label": pl.String, "flag_severity": pl.String, "unit_slip": pl.Boolean}


def flag_facts(facts: pl.DataFrame, summary: dict[str, Any]) -> pl.DataFrame:
    """Facts with the validation findings that concern them: ``flag_label`` (the findings'
    Swedish labels, joined), ``flag_severity`` (``error`` over ``warning``) and ``unit_slip``.

    A finding concerns a fact when both stand in the same document, the finding's text span
    overlaps the fact's quote and (when the finding names one) the measure is the same.

    >>> f = pl.DataFrame({"doc_id": ["d", "d"], "measure": ["grant", "grant"],
    ...                   "char_start": [10, 50], "char_end": [20, 60]})
    >>> s = {"findings": [{"doc_id": "d", "measure": "grant", "char_start": 12, "char_end": 30,
    ...                    "severity": "warning", "label": "Trolig enhetsmiss",
    ...                    "expectation": "consistency.unit_slip"}]}
    >>> flag_facts(f, s).select("flag_label", "unit_slip").rows()
    [('Trolig enhetsmiss', True), (None, False)]
    """
    rows = []
    for k, f in enumerate(summary.get("findings", []) if summary else []):
        if not isinstance(f, dict) or not f.get("doc_id"):
            continue
        start, end = f.get("char_start"), f.get("char_end")
        if not isinstance(start, int) or not isinstance(end, int):
            continue
        rows.append({
            "_k": k, "doc_id": str(f["doc_id"]), "_measure": f.get("measure"),
            "_fs": start, "_fe": end,
            "_label": str(f.get("label") or f.get("message") or "Flaggad av valideringen"),
            "_sev": str(f.get("severity") or "warning"),
            "_slip": str(f.get("expectation") or "").endswith(UNIT_SLIP_CHECK),
        })
    base = facts.drop([c for c in FLAG_COLUMNS if c in facts.columns])
    if not rows or facts.height == 0:
        return base.with_columns([pl.lit(None, d).alias(c) if c != "unit_slip"
                                  else pl.lit(False).alias(c) for c, d in FLAG_COLUMNS.items()])
    found = pl.DataFrame(rows, schema={"_k": pl.Int64, "doc_id": pl.String,
                                       "_measure": pl.String, "_fs": pl.Int64, "_fe": pl.Int64,
                                       "_label": pl.String, "_sev": pl.String,
                                       "_slip": pl.Boolean})
    indexed = base.with_row_index("_row")
    hits = (
        indexed.select("_row", "doc_id", "measure", "char_start", "char_end")
        .join(found, on="doc_id", how="inner")
        .filter(
            (pl.col("char_start") < pl.col("_fe")) & (pl.col("char_end") > pl.col("_fs"))
            & (pl.col("_measure").is_null() | (pl.col("_measure") == pl.col("measure")))
        )
        .sort("_k")
        .group_by("_row")
        .agg(
            flag_label=pl.col("_label").unique(maintain_order=True).str.join("; "),
            flag_severity=pl.when((pl.col("_sev") == "error").any()).then(pl.lit("error"))
            .otherwise(pl.lit("warning")),
            unit_slip=pl.col("_slip").any(),
        )
    )
    return (indexed.join(hits, on="_row", how="left").sort("_row").drop("_row")
            .with_columns(pl.col("unit_slip").fill_null(False)))


def findings_frame(summary: dict[str, Any], facts: pl.DataFrame | None = None,
                   documents: pl.DataFrame | None = None) -> pl.DataFrame:
    """The validation findings as a frame, each with the quote it concerns where one is known.

    The quote is the finding's own ``quote`` when it has one; else the text at its
    ``char_start``/``char_end`` in its document; else the quotes of the facts in the same
    document and section (and measure, when the finding names one).
    """
    cols = ["suite", "expectation", "severity", "table", "forbund_id", "source", "section",
            "message", "observed", "expected", "label", "quote"]
    rows = []
    texts = {}
    shown_name: dict[str, str] = {}
    if documents is not None and documents.height:
        files = documents["file" if "file" in documents.columns else "source"].to_list()
        texts = dict(zip(files, documents["text"].to_list(), strict=True))
        shown_name = dict(zip(files, documents["source"].to_list(), strict=True))
    for f in summary.get("findings", []):
        if not isinstance(f, dict):
            continue
        quote = f.get("quote")
        if not quote and f.get("source") in texts and isinstance(f.get("char_start"), int) \
                and isinstance(f.get("char_end"), int):
            quote = texts[f["source"]][f["char_start"]:f["char_end"]]
        if not quote and facts is not None and f.get("source") and f.get("section"):
            by = "file" if "file" in facts.columns else "source"
            match = facts.filter(
                (pl.col(by) == f["source"]) & (pl.col("section") == f["section"])
            )
            if f.get("measure"):
                match = match.filter(pl.col("measure") == f["measure"])
            quote = " | ".join(match["quote"].head(3).to_list()) or None
        row = {c: _as_text(f.get(c)) for c in cols[:-1]} | {"quote": quote}
        row["source"] = shown_name.get(row["source"] or "", row["source"])
        row["table"] = TABLE_LABEL.get(row["table"] or "", row["table"])
        rows.append(row)
    return pl.DataFrame(rows, schema={c: pl.String for c in cols})


def _as_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)
