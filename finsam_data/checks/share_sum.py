"""Percent shares of one population split by sex (61 % kvinnor, 39 % män) sum to 100 %."""

from __future__ import annotations

import polars as pl

from finsam_data import fmt
from finsam_data.checks.breakdown_sum import sex_aggregates, split_by_sex
from finsam_data.checks.core import (
    APPROX_PERCENT_SLACK,
    BOUNDS,
    EPS,
    PERCENT_ROUNDING,
    Check,
    Tables,
    fact_struct,
    register,
    tolerance_text,
    where,
)

KEY = ["doc_id", "section", "measure", "subject", "period_start", "period_end"]


def percent(value: float) -> str:
    return fmt.format_percent(value, 0 if value % 1 == 0 else 1)


def find(tables: Tables) -> list[dict]:
    lf = tables["facts"].lazy().filter(
        (pl.col("unit") == "percent") & pl.col("breakdown").is_not_null()
        & pl.col("value").is_not_null()
    )
    grouped = (
        lf.group_by(KEY)
        .agg(
            pl.col("value").sum().alias("parts_sum"),
            *sex_aggregates(),
            (pl.col("qualifier") == "approx").sum().alias("n_approx"),
            pl.col("qualifier").is_in(BOUNDS).any().alias("bound"),
            pl.col("breakdown").alias("breakdowns"),
            pl.col("value").alias("part_values"),
            fact_struct().alias("part_facts"),
            pl.all().exclude(KEY).first(),
        )
        .filter(split_by_sex() & ~pl.col("bound"))
        .collect()
    )
    rows = []
    for row in grouped.iter_rows(named=True):
        # each stated share may hide half a point of rounding, a "ca" share 2.5 points more
        tolerance = (
            PERCENT_ROUNDING * row["n_parts"] + APPROX_PERCENT_SLACK * row["n_approx"] + EPS
        )
        rows.append(
            {
                **where(row),
                "observed": percent(row["parts_sum"]),
                "expected": fmt.format_percent(100),
                "parts": " + ".join(
                    f"{percent(v)} {b}"
                    for b, v in zip(row["breakdowns"], row["part_values"], strict=True)
                ),
                "deviation": abs(row["parts_sum"] - 100.0),
                "tolerance": tolerance,
                "tolerance_text": tolerance_text(
                    tolerance, "percent", why="avrundning av varje angiven andel"
                ),
                "facts": row["part_facts"],
            }
        )
    return rows


CHECK = register(
    Check(
        name="share_sum",
        label="Andelarna summerar inte till 100 %",
        severity="warning",
        reads=("facts",),
        measures=None,
        tolerance="0,5 procentenhet avrundning per angiven andel, 2,5 till för en andel angiven ”ca”.",
        message="Andelarna {parts} summerar till {observed}, inte 100 %.",
        find=find,
    )
)
