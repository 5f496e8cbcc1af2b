"""A share of a whole lies within 0–100 %."""

from __future__ import annotations

import polars as pl

from finsam_data import fmt
from finsam_data.checks.core import Check, Tables, register, where

#: Measures that are a share of a whole (of exits, participants, costs, the allocation): each
#: part of its whole, so 0–100 %. A share above 100 is a typo or not a share at all.
SHARES = (
    "cost_share",
    "exit_share_work_study",
    "exit_share_work",
    "share_long_term_support",
    "participants_share",
    "equity_share_of_allocation",
    "equity_ceiling_share",
    "exits_by_reason_share",
)


def find(tables: Tables) -> list[dict]:
    shares = tables["facts"].filter(
        pl.col("measure").is_in(SHARES)
        & (pl.col("unit") == "percent")
        & pl.col("value").is_not_null()
    )
    rows = []
    for row in shares.iter_rows(named=True):
        value = row["value"]
        rows.append(
            {
                **where(row),
                "observed": fmt.format_percent(value, 0 if value % 1 == 0 else 1),
                "expected": "0–100\xa0%",
                # distance outside the range; a share as written is compared as written
                "deviation": max(0.0, value - 100.0, -value),
                "tolerance": 0.0,
                "tolerance_text": "ingen, en andel av en helhet är högst 100 %",
            }
        )
    return rows


CHECK = register(
    Check(
        name="share_range",
        label="Andel utanför 0–100 %",
        severity="warning",
        reads=("facts",),
        measures=SHARES,
        tolerance="Ingen: en andel av en helhet ligger mellan 0 och 100 %.",
        message="Andelen {observed} ({measure_sv}) ligger utanför 0–100 %: ”{quote}”.",
        find=find,
    )
)
