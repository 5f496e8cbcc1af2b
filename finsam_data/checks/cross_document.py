"""The same figure stated differently in two documents of one förbund, with both quotes.

The same figure: one förbund, measure, subject (none and ``total`` are the same: the förbund's
own), breakdown, unit and period. Only outcomes, stated as exact values, by documents issued
after the period ended: a plan, a forecast or a figure "so far" may change, an outcome reported
after the fact may not. A document that itself states two values for the figure is left out
(that is a fault within one document, not between two).

Every later statement is compared with the first one (the earliest document), not every pair
with every other: a figure restated in n documents gives n − 1 rows, and one deviating
statement one finding, however many documents agree with the first.
"""

from __future__ import annotations

import polars as pl

from finsam_data.checks.core import (
    EPS,
    Check,
    Tables,
    exact_or_null,
    passes,
    period_text,
    register,
    tolerance_text,
    where,
    with_precision,
    written,
)

#: Outcomes, once the period is over, are fixed: two documents must agree on them.
OUTCOMES = (
    "participants",
    "participants_new",
    "exits",
    "training_participants",
    "actual_cost",
    "actual_income",
    "actual_result",
    # an allocation stated after its year is what the members paid: final too
    "allocation",
    "equity",
    "exit_share_work_study",
    "exit_share_work",
)

KEY = ["forbund_id", "measure", "subject_key", "breakdown_key", "unit", "period_start",
       "period_end"]  # fmt: skip


def _norm(col: str) -> pl.Expr:
    text = pl.col(col).str.strip_chars(" *:").str.to_lowercase()
    return pl.when(text.is_null() | (text == "total")).then(pl.lit("")).otherwise(text)


def find(tables: Tables) -> list[dict]:
    documents = tables.get("documents")
    if documents is None or documents.height == 0:
        return []
    issued = documents.select("doc_id", "doc_date").unique("doc_id")
    figures = (
        with_precision(tables["facts"])
        .filter(
            pl.col("measure").is_in(OUTCOMES)
            & pl.col("value").is_not_null()
            & pl.col("forbund_id").is_not_null()
            & pl.col("period_start").is_not_null()
            & pl.col("period_end").is_not_null()
            & exact_or_null()
        )
        .join(issued.lazy(), on="doc_id", how="inner")
        # reported after the period ended: a final figure, not a preliminary one
        .filter(pl.col("doc_date") > pl.col("period_end"))
        .with_columns(subject_key=_norm("subject"), breakdown_key=_norm("breakdown"))
    )
    # one value per document and figure; a document stating two is left out
    per_doc = (
        figures.group_by([*KEY, "doc_id"])
        .agg(pl.col("value").n_unique().alias("n_values"), pl.all().first())
        .filter(pl.col("n_values") == 1)
    )
    several = (
        per_doc.group_by(KEY)
        .agg(pl.col("doc_id").n_unique().alias("n_docs"), pl.col("value").n_unique().alias("n"))
        .filter((pl.col("n_docs") >= 2) & (pl.col("n") >= 2))
    )
    candidates = (
        per_doc.join(several.select(KEY), on=KEY, how="semi", nulls_equal=True)
        .sort("doc_date", "source", "char_start", nulls_last=True)
        .collect()
    )
    rows = []
    for _, group in candidates.group_by(KEY, maintain_order=True):
        statements = group.iter_rows(named=True)
        first = next(statements)
        for later in statements:
            unit = later["unit"]
            # each figure may hide half its rounding step as written (counts are exact)
            tolerance = 0.5 * (first["step"] + later["step"]) + EPS
            deviation = abs(later["value"] - first["value"])
            if passes(deviation, tolerance):
                rows.append({**where(later), "deviation": deviation, "tolerance": tolerance,
                             "facts": [first, later]})  # fmt: skip
                continue
            subject = later["subject"] if later["subject_key"] else None
            rows.append(
                {
                    **where(later),
                    "observed": written(later["value"], unit, later["scale"], later["unit_word"]),
                    "expected": written(first["value"], unit, first["scale"], first["unit_word"]),
                    "what": later["measure"],
                    "about": f" för {subject}" if subject else "",
                    "period": period_text(later["period_start"], later["period_end"]),
                    "other_source": first["source"],
                    "other_section": f" ({first['section']})" if first["section"] else "",
                    "other_quote": first["quote"],
                    "deviation": deviation,
                    "tolerance": tolerance,
                    "tolerance_text": tolerance_text(
                        tolerance, unit, later["scale"], later["unit_word"]
                    ),
                    "facts": [first, later],
                }
            )
    return rows


CHECK = register(
    Check(
        name="cross_document",
        label="Två dokument anger olika värden för samma uppgift",
        severity="warning",
        reads=("facts", "documents"),
        measures=OUTCOMES,
        tolerance="Halva avrundningssteget för vart och ett av de två talen som de är skrivna; antal exakt.",
        message=(
            "{source} anger {measure_sv}{about} {period} till {observed} (”{quote}”), men "
            "{other_source}{other_section} anger {expected} (”{other_quote}”)."
        ),
        find=find,
    )
)
