"""Women + men = the row without a breakdown, for each subject, across a table's columns."""

from __future__ import annotations

import polars as pl

from finsam_data.checks.core import (
    Check,
    Tables,
    exact_counts,
    exact_or_null,
    fact_struct,
    register,
    where,
    with_precision,
    written,
)
from finsam_data.checks.labels import measure_label

#: Breakdowns that split one population by sex; women + men must then make the whole.
SEX_BREAKDOWNS = ("kvinnor", "män", "kvinna", "man", "flickor", "pojkar", "ickebinära", "annat")

KEY = ["doc_id", "section", "measure", "subject", "unit", "period_start", "period_end"]


def sex(col: str) -> pl.Expr:
    return pl.col(col).str.to_lowercase().str.strip_chars()


def sex_aggregates() -> list[pl.Expr]:
    """Aggregations naming the sexes of a group's breakdowns; see :func:`split_by_sex`."""
    return [
        sex("breakdown").unique().alias("sexes"),
        sex("breakdown").is_in(SEX_BREAKDOWNS).all().alias("all_sex"),
        pl.len().alias("n_parts"),
    ]


def split_by_sex() -> pl.Expr:
    """After :func:`sex_aggregates`: every breakdown is a sex, once each, women and men both."""
    return (
        pl.col("all_sex")
        & pl.col("sexes").list.contains("kvinnor")
        & pl.col("sexes").list.contains("män")
        & (pl.col("sexes").list.len() == pl.col("n_parts"))
    )


def find(tables: Tables) -> list[dict]:
    lf = (
        with_precision(tables["facts"])
        .filter(pl.col("unit").is_in(["persons", "count"]) & pl.col("value").is_not_null())
        .filter(exact_or_null())
    )
    # Every breakdown of the subject must be a sex: a further split (age, "ej angivet") means
    # women + men need not make the whole, so no check rather than a false alarm.
    split = (
        lf.filter(pl.col("breakdown").is_not_null())
        .group_by(KEY)
        .agg(
            pl.col("value").sum().alias("parts_sum"),
            *sex_aggregates(),
            pl.col("breakdown").alias("part_breakdowns"),
            pl.col("value").alias("part_values"),
            fact_struct().alias("part_facts"),
        )
        .filter(split_by_sex())
    )
    whole = (
        lf.filter(pl.col("breakdown").is_null())
        .group_by(KEY)
        .agg(pl.col("value").n_unique().alias("n_values"), pl.all().exclude(KEY).first())
        .filter(pl.col("n_values") == 1)
    )
    rows = []
    for row in whole.join(split, on=KEY, how="inner", nulls_equal=True).collect().iter_rows(
        named=True
    ):
        unit = row["unit"]
        subject = row["subject"]
        rows.append(
            {
                **where(row),
                "observed": written(row["parts_sum"], unit),
                "expected": written(row["value"], unit),
                "what": measure_label(row["measure"]).capitalize()
                + (f" för {subject}" if subject and subject != "total" else ""),
                "parts": " + ".join(
                    f"{written(v, unit)} {b}"
                    for b, v in zip(row["part_breakdowns"], row["part_values"], strict=True)
                ),
                "deviation": abs(row["parts_sum"] - row["value"]),
                **exact_counts(),
                "facts": [row, *row["part_facts"]],
            }
        )
    return rows


CHECK = register(
    Check(
        name="breakdown_sum",
        label="Kvinnor + män stämmer inte med totalen",
        severity="warning",
        reads=("facts",),
        measures=None,
        tolerance="Ingen: antal personer är exakta.",
        message="{what}: {parts} = {observed}, men raden utan uppdelning anger {expected}.",
        find=find,
    )
)
