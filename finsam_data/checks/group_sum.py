"""A total against its lines: every column of every table or list adds up to its stated total.

Partition: document, ``group_id``, measure, unit, breakdown and period, so that a budget table
whose cost and income rows share a column is summed per measure, and a "2024 | 2023" table per
year. The lines are the group's rows that are not its total (``is_total``) and not a ``Varav``
sub-line under a line with its own figure (``parent_subject``).
"""

from __future__ import annotations

import re

import polars as pl

from finsam_data.checks.core import (
    APPROX_RELATIVE_SLACK,
    EPS,
    Check,
    Tables,
    fact_struct,
    passes,
    register,
    tolerance_text,
    where,
    with_precision,
    written,
)
from finsam_data.checks.labels import measure_label

KEY = ["doc_id", "group_id", "measure", "unit", "breakdown", "period_start", "period_end"]

#: Units whose figures add up: amounts and counts. Shares, rates and durations of the lines do
#: not sum to the total's (45 % and 33 % of two teams are not 78 % of both).
ADDITIVE_UNITS = ("SEK", "persons", "count")

#: A subtotal line the extractor did not mark ("Summa personal" inside the column).
SUBTOTAL = re.compile(r"(?i)^\s*(summa|delsumma|s:a|totalt|total)\b")


def addends(lf: pl.LazyFrame, key: list[str]) -> pl.LazyFrame:
    """Mark the rows that add up to a total within ``key`` (column ``addend``).

    Not addends: the stated total itself, and a ``Varav …`` / ``- Kostnad`` sub-line *whose
    parent line has its own figure in the same partition* (it is a part of that figure). A
    sub-line under a header without a figure (``Bil`` / ``- Kostnad``) is an addend: the header
    contributes nothing else.
    """
    parents = (
        lf.filter(~pl.col("is_total") & pl.col("subject").is_not_null())
        .select(*key, pl.col("subject").alias("parent_subject"))
        .unique()
        .with_columns(parent_has_value=pl.lit(True))
    )
    return (
        lf.join(parents, on=[*key, "parent_subject"], how="left", nulls_equal=True,
                maintain_order="left")  # fmt: skip
        .with_columns(
            addend=~pl.col("is_total")
            & (pl.col("parent_subject").is_null() | pl.col("parent_has_value").is_null())
        )
        .drop("parent_has_value")
    )


def sum_deviation(parts_sum: float, total: float, qualifier: str | None) -> float:
    """How far the lines miss the total; a ceiling ("max", "knappt") is only exceeded."""
    if qualifier in ("max", "below"):
        return max(0.0, parts_sum - total)
    if qualifier == "above":
        return max(0.0, total - parts_sum)
    return abs(parts_sum - total)


def find(tables: Tables) -> list[dict]:
    facts = tables["facts"]
    lf = addends(
        with_precision(facts).filter(
            pl.col("group_id").is_not_null()
            & pl.col("value").is_not_null()
            & pl.col("unit").is_in(ADDITIVE_UNITS)
        ),
        KEY,
    )
    totals = (
        lf.filter(pl.col("is_total"))
        .group_by(KEY)
        .agg(
            pl.col("value").n_unique().alias("n_total_values"),
            fact_struct().alias("total_facts"),
            pl.all().exclude(KEY).first(),
        )
        .filter(pl.col("n_total_values") == 1)
        .drop("n_total_values", "addend")
    )
    parts = (
        lf.filter(pl.col("addend"))
        .group_by(KEY)
        .agg(
            pl.col("value").sum().alias("parts_sum"),
            pl.len().alias("n_parts"),
            (0.5 * pl.col("step")).sum().alias("parts_rounding"),
            (pl.col("qualifier") == "approx").any().alias("parts_approx"),
            pl.col("qualifier").is_in(["max", "below", "above"]).any().alias("parts_bound"),
            pl.col("subject").alias("part_subjects"),
            pl.col("value").alias("part_values"),
            pl.col("scale").alias("part_scales"),
            pl.col("unit_word").alias("part_words"),
            fact_struct().alias("part_facts"),
            pl.col("quote").str.contains(r"(?i)\bvarav\b").fill_null(False).any()
            .alias("partial"),
        )
    )
    joined = (
        totals.join(parts, on=KEY, how="inner", nulls_equal=True)
        # two lines at least: one line "adding up" to its total is a restatement, not a sum
        .filter((pl.col("n_parts") >= 2) & ~pl.col("parts_bound"))
        .collect()
    )
    rows = []
    for row in joined.iter_rows(named=True):
        total, parts_sum, qualifier = row["value"], row["parts_sum"], row["qualifier"]
        # Every figure may hide half its rounding step (the total's and each line's).
        tolerance = row["parts_rounding"] + 0.5 * row["step"] + EPS
        why = "avrundning av talen som de är skrivna"
        if qualifier == "approx" or row["parts_approx"]:
            tolerance += APPROX_RELATIVE_SLACK * abs(total)
            why += ", och 5 % för ”ca”"
        # A subtotal row the extractor did not mark makes the rows count twice; the column then
        # adds up either over its leaves or over its subtotals, and either reading is accepted
        # rather than a false alarm.
        subjects = row["part_subjects"]
        is_sub = [isinstance(s, str) and bool(SUBTOTAL.match(s)) for s in subjects]
        subtotals = sum(v for v, sub in zip(row["part_values"], is_sub, strict=True) if sub)
        readings = [parts_sum] + ([parts_sum - subtotals, subtotals] if any(is_sub) else [])
        # "… 6,5 mnkr, varav Region 1 625 tkr, Avesta 760 tkr …" names only some of the parts:
        # such a list is wrong only when it adds up to more than the total
        deviation = min(
            sum_deviation(r, total, "max" if row["partial"] else qualifier) for r in readings
        )
        facts = [*row["total_facts"], *row["part_facts"]]
        if passes(deviation, tolerance):
            rows.append({**where(row), "deviation": deviation, "tolerance": tolerance,
                         "facts": facts})  # fmt: skip
            continue
        unit, scale, word = row["unit"], row["scale"], row["unit_word"]
        what = measure_label(row["measure"])
        if row["breakdown"]:
            what += f" ({row['breakdown']})"
        lines = ", ".join(
            f"{s or '(utan rubrik)'} {written(v, unit, sc, w)}"
            for s, v, sc, w in zip(
                subjects, row["part_values"], row["part_scales"], row["part_words"], strict=True
            )
        )
        rows.append(
            {
                **where(row),
                "observed": written(parts_sum, unit, scale, word),
                "expected": written(total, unit, scale, word),
                "difference": written(parts_sum - total, unit, scale, word),
                "what": what,
                "lines": lines,
                "deviation": deviation,
                "tolerance": tolerance,
                "tolerance_text": tolerance_text(tolerance, unit, scale, word, why),
                "facts": facts,
            }
        )
    return rows


CHECK = register(
    Check(
        name="group_sum",
        label="Raderna stämmer inte med angiven summa",
        severity="warning",
        reads=("facts",),
        measures=None,
        tolerance=(
            "Halva avrundningssteget för varje ingående tal, från skalan och talet som det är "
            "skrivet (ett tal i hela tkr ±500 kr, i kronor ±0,50 kr, antal exakt), plus 5 % av "
            "summan där ett tal anges ”ca”; en summa angiven som tak kan bara överskridas."
        ),
        message=(
            "Raderna för {what} summerar till {observed}, men den angivna summan är {expected} "
            "(skillnad {difference}). Ingående rader: {lines}."
        ),
        find=find,
    )
)
