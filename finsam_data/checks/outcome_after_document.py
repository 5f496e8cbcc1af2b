"""An outcome figure for a period that had not begun when the document stating it was issued."""

from __future__ import annotations

import polars as pl

from finsam_data import fmt
from finsam_data.checks.core import Check, Tables, register, where

#: Outcomes: what happened (costs paid, people who left). A plan or budget may be about the
#: future; these cannot.
OUTCOMES = ("actual_cost", "actual_income", "actual_result", "exits", "exits_by_reason",
            "support_at_exit")  # fmt: skip


def find(tables: Tables) -> list[dict]:
    documents = tables.get("documents")
    if documents is None or documents.height == 0:
        return []
    dated = (
        tables["facts"]
        .filter(pl.col("measure").is_in(OUTCOMES) & pl.col("period_start").is_not_null())
        .join(documents.select("doc_id", "doc_date").unique("doc_id"), on="doc_id", how="inner")
        .filter(pl.col("doc_date").is_not_null())
    )
    rows = []
    for row in dated.iter_rows(named=True):
        rows.append(
            {
                **where(row),
                "observed": fmt.format_date(row["period_start"]),
                "expected": f"senast {fmt.format_date(row['doc_date'])}",
                "doc_date": fmt.format_date(row["doc_date"]),
                # days the period starts after the document: an outcome must have begun
                "deviation": float(max(0, (row["period_start"] - row["doc_date"]).days)),
                "tolerance": 0.0,
                "tolerance_text": "ingen, perioden måste ha börjat när dokumentet skrevs",
            }
        )
    return rows


CHECK = register(
    Check(
        name="outcome_after_document",
        label="Utfall för en period som inte börjat",
        severity="warning",
        reads=("facts", "documents"),
        measures=OUTCOMES,
        tolerance="Ingen: perioden för ett utfall har börjat när dokumentet skrivs.",
        message=(
            "”{quote}” redovisar utfall ({measure_sv}) för en period som börjar {observed}, "
            "efter dokumentets datum {doc_date}."
        ),
        find=find,
    )
)
