"""Rows that partition a population against the count stated elsewhere in the document.

``exits_by_reason`` rows against ``exits`` ("26 personer har avslutats"), time bands at intake
against ``participants_new``. Matched on document, section and period; only when the section
states exactly one such count for that period and the rows form one group (a count in another
section may be of another team). Rows written as a ``varav`` list ("avslutades 52 deltagare,
varav 19 till arbete och 7 till studier"), and a single part, name only some of the parts:
they fail only when they add up to more than the count (a part larger than its whole).
"""

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
    whole_subject,
    with_precision,
    written,
)
from finsam_data.checks.group_sum import addends
from finsam_data.checks.labels import measure_label

#: Partitions that must add up to a stated count, and the count they must add up to. Support at
#: intake/exit is deliberately absent: a participant can have several kinds of support at once,
#: so those rows may exceed the participants.
PARTS_OF = {"exits_by_reason": "exits", "intake_time_in_support": "participants_new"}

KEY = ["doc_id", "section", "period_start", "period_end"]


def find(tables: Tables) -> list[dict]:
    f = with_precision(tables["facts"]).filter(pl.col("value").is_not_null())
    rows = []
    for part_measure, whole_measure in PARTS_OF.items():
        parts = (
            addends(f.filter(pl.col("measure") == part_measure), ["doc_id", "group_id"])
            .filter(pl.col("addend") & pl.col("breakdown").is_null() & exact_or_null())
            .group_by(KEY)
            .agg(
                pl.col("value").sum().alias("parts_sum"),
                pl.col("group_id").n_unique().alias("n_groups"),
                pl.len().alias("n_parts"),
                pl.col("subject").alias("part_subjects"),
                pl.col("value").alias("part_values"),
                fact_struct().alias("part_facts"),
                pl.col("quote").str.contains(r"(?i)\bvarav\b").fill_null(False).any()
                .alias("partial"),
            )
            .filter(pl.col("n_groups") == 1)
            # one part alone names only some of the whole ("13 gick till arbete"): like a varav
            # list, it is wrong only when it is larger than the whole
            .with_columns(partial=pl.col("partial") | (pl.col("n_parts") == 1))
        )
        whole = (
            f.filter(
                (pl.col("measure") == whole_measure)
                & pl.col("breakdown").is_null()
                & exact_or_null()
                & whole_subject()
            )
            .group_by(KEY)
            .agg(pl.col("value").n_unique().alias("n_values"), pl.all().exclude(KEY).first())
            .filter(pl.col("n_values") == 1)
        )
        joined = whole.join(parts, on=KEY, how="inner", nulls_equal=True).collect()
        for row in joined.iter_rows(named=True):
            unit, total, parts_sum = row["unit"], row["value"], row["parts_sum"]
            rows.append(
                {
                    **where(row),
                    "observed": written(parts_sum, unit),
                    "expected": written(total, unit),
                    "part_sv": measure_label(part_measure),
                    "whole_sv": measure_label(whole_measure),
                    "lines": ", ".join(
                        f"{s} {written(v, unit)}"
                        for s, v in zip(row["part_subjects"], row["part_values"], strict=True)
                    ),
                    "deviation": max(0.0, parts_sum - total)
                    if row["partial"]
                    else abs(parts_sum - total),
                    **exact_counts(),
                    "facts": [row, *row["part_facts"]],
                }
            )
    return rows


CHECK = register(
    Check(
        name="parts_vs_total",
        label="Delarna stämmer inte med antalet i texten",
        severity="warning",
        reads=("facts",),
        measures=(*PARTS_OF, *PARTS_OF.values()),
        tolerance="Ingen: antal är exakta; en varav-lista är fel bara om den överstiger antalet.",
        message=(
            "Raderna för {part_sv} summerar till {observed}, men texten anger {expected} "
            "({whole_sv}). Rader: {lines}."
        ),
        find=find,
    )
)
