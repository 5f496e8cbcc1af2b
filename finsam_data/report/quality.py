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

#: The findings as a frame (:func:`findings_table`): every field a report reads, as text, and
#: the span in the document as integers.
FINDING_SCHEMA = {
    **{c: pl.String for c in ("suite", "expectation", "severity", "table", "forbund_id",
                              "source", "section", "message", "observed", "expected", "label",
                              "quote", "doc_id", "measure", "id")},
    "char_start": pl.Int64,
    "char_end": pl.Int64,
    "known": pl.Boolean,
}


def findings_table(findings: Any) -> pl.DataFrame:
    """Validation findings as a frame with :data:`FINDING_SCHEMA`: from a list of finding
    dicts, a summary dict (its ``findings``) or a frame already (cast to the schema).

    A value that is not text (a number, a list) becomes its JSON text; a span that is not an
    integer is left empty. At national scale there are hundreds of thousands of findings:
    everything that reads them works on this frame, not on the dicts.

    >>> findings_table([{"severity": "warning", "observed": 3, "char_start": "x"}]).row(0)[8]
    '3'
    """
    if isinstance(findings, dict):
        findings = findings.get("findings", [])
    if isinstance(findings, pl.DataFrame):
        return findings.select([
            (pl.col(c).cast(d, strict=False) if c in findings.columns else pl.lit(None, d))
            .alias(c) for c, d in FINDING_SCHEMA.items()])
    columns: dict[str, list[Any]] = {c: [] for c in FINDING_SCHEMA}
    for f in findings or []:
        if not isinstance(f, dict):
            continue
        for c, dtype in FINDING_SCHEMA.items():
            value = f.get(c)
            if dtype == pl.Int64:
                value = value if isinstance(value, int) and not isinstance(value, bool) else None
            elif dtype == pl.Boolean:
                value = bool(value) if value is not None else None
            else:
                value = _as_text(value)
            columns[c].append(value)
    return pl.DataFrame(columns, schema=FINDING_SCHEMA)


def flag_facts(facts: pl.DataFrame, summary: Any) -> pl.DataFrame:
    """Facts with the validation findings that concern them: ``flag_label`` (the findings'
    Swedish labels, joined), ``flag_severity`` (``error`` over ``warning``) and ``unit_slip``.

    ``summary`` is the validation summary (a dict with ``findings``) or the findings as a
    frame (:func:`findings_table`). A finding concerns a fact when both stand in the same
    document, the finding's text span overlaps the fact's quote and (when the finding names
    one) the measure is the same.

    >>> f = pl.DataFrame({"doc_id": ["d", "d"], "measure": ["grant", "grant"],
    ...                   "char_start": [10, 50], "char_end": [20, 60]})
    >>> s = {"findings": [{"doc_id": "d", "measure": "grant", "char_start": 12, "char_end": 30,
    ...                    "severity": "warning", "label": "Trolig enhetsmiss",
    ...                    "expectation": "consistency.unit_slip"}]}
    >>> flag_facts(f, s).select("flag_label", "unit_slip").rows()
    [('Trolig enhetsmiss', True), (None, False)]
    """
    found = (
        findings_table({} if summary is None else summary)
        .with_row_index("_k")
        .filter(pl.col("doc_id").is_not_null() & pl.col("char_start").is_not_null()
                & pl.col("char_end").is_not_null())
        .select(
            "_k", "doc_id", pl.col("measure").alias("_measure"),
            pl.col("char_start").alias("_fs"), pl.col("char_end").alias("_fe"),
            pl.coalesce("label", "message", pl.lit("Flaggad av valideringen")).alias("_label"),
            pl.col("severity").fill_null("warning").alias("_sev"),
            pl.col("expectation").fill_null("").str.ends_with(UNIT_SLIP_CHECK).alias("_slip"),
        )
    )
    base = facts.drop([c for c in FLAG_COLUMNS if c in facts.columns])
    if found.height == 0 or facts.height == 0:
        return base.with_columns([pl.lit(None, d).alias(c) if c != "unit_slip"
                                  else pl.lit(False).alias(c) for c, d in FLAG_COLUMNS.items()])
    indexed = base.with_row_index("_row")
    spans = indexed.select("_row", "doc_id", "measure", "char_start", "char_end")
    # A finding that names a measure meets only that measure's facts of its document: joined
    # on both, the pairs to test are few even with hundreds of thousands of facts and findings
    # (a national corpus); joined on the document alone they were millions.
    named = found.filter(pl.col("_measure").is_not_null())
    pairs = pl.concat([
        spans.join(named, left_on=["doc_id", "measure"], right_on=["doc_id", "_measure"],
                   how="inner"),
        spans.join(found.filter(pl.col("_measure").is_null()).drop("_measure"), on="doc_id",
                   how="inner"),
    ], how="vertical")
    hits = (
        pairs.filter((pl.col("char_start") < pl.col("_fe")) & (pl.col("char_end") > pl.col("_fs")))
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


FINDING_COLUMNS = ["suite", "expectation", "severity", "table", "forbund_id", "source",
                   "section", "message", "observed", "expected", "label", "quote"]


def findings_frame(summary: Any, facts: pl.DataFrame | None = None,
                   documents: pl.DataFrame | None = None) -> pl.DataFrame:
    """The validation findings as a frame, each with the quote it concerns where one is known.

    ``summary`` is the validation summary (a dict with ``findings``) or the findings as a
    frame (:func:`findings_table`). The quote is the finding's own ``quote`` when it has one;
    else the text at its ``char_start``/``char_end`` in its document; else the quotes of the
    facts in the same document and section (and measure, when the finding names one), at most
    three.
    """
    f = findings_table({} if summary is None else summary).with_row_index("_k")
    if f.height == 0:
        return pl.DataFrame(schema={c: pl.String for c in FINDING_COLUMNS})
    shown = pl.col("source")
    if documents is not None and documents.height:
        by = "file" if "file" in documents.columns else "source"
        docs = documents.select(pl.col(by).alias("source"), pl.col("text").alias("_text"),
                                pl.col("source").alias("_shown")).unique("source", keep="first")
        f = f.join(docs, on="source", how="left", maintain_order="left")
        at = pl.col("_text").str.slice(pl.col("char_start"),
                                       pl.col("char_end") - pl.col("char_start"))
        f = f.with_columns(quote=pl.when(pl.col("quote").is_null() | (pl.col("quote") == ""))
                           .then(at).otherwise(pl.col("quote")))
        shown = pl.coalesce("_shown", "source")
    if facts is not None and facts.height:
        by = "file" if "file" in facts.columns else "source"
        keyed = facts.select(pl.col(by).alias("source"), "section", "measure", "quote").filter(
            pl.col("source").is_not_null() & pl.col("section").is_not_null())
        per_section = keyed.group_by("source", "section", maintain_order=True).agg(
            _q1=pl.col("quote").head(3).str.join(" | "))
        per_measure = keyed.group_by("source", "section", "measure", maintain_order=True).agg(
            _q2=pl.col("quote").head(3).str.join(" | "))
        f = (f.join(per_section, on=["source", "section"], how="left", maintain_order="left")
             .join(per_measure, on=["source", "section", "measure"], how="left",
                   maintain_order="left"))
        from_facts = pl.when(pl.col("measure").is_not_null()).then(pl.col("_q2")) \
            .otherwise(pl.col("_q1"))
        f = f.with_columns(quote=pl.when(pl.col("quote").is_null() | (pl.col("quote") == ""))
                           .then(from_facts.replace("", None)).otherwise(pl.col("quote")))
    return f.sort("_k").select(
        *[c for c in FINDING_COLUMNS if c not in ("source", "table", "quote")],
        shown.alias("source"),
        pl.col("table").replace(TABLE_LABEL),
        pl.col("quote").replace("", None),
    ).select(FINDING_COLUMNS)


def _as_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)
