"""Queues and wait times (jamfor_kotider and the profile): kept in the unit stated.
"""

from __future__ import annotations

import polars as pl

from finsam_data.report.loader import _value_text_expr, by_period, latest, measure


def queues(facts: pl.DataFrame) -> pl.DataFrame:
    """Queue signals and queue lengths per insats and period (``insats``: subject or ``ej
    angiven``); ``kind_label`` says which."""
    df = measure(facts, "queue_signal", "queue_length").filter(pl.col("breakdown").is_null())
    df = latest(df, ["forbund_id", "measure", "subject", "period_start", "period_end"])
    return df.with_columns(
        insats=pl.col("subject").fill_null("ej angiven"),
        kind_label=pl.col("measure").replace_strict(
            {"queue_signal": "Kö rapporteras", "queue_length": "Personer i kö"},
            return_dtype=pl.String,
        ),
        # A signal is a statement ("det är lång kö"), not a count: never show it as "1 st".
        value_text=pl.when(pl.col("measure") == "queue_signal").then(pl.lit("ja, kö"))
        .otherwise(_value_text_expr()),
    ).pipe(by_period, "forbund")


def wait_times(facts: pl.DataFrame) -> pl.DataFrame:
    """Wait times as stated, unit kept (days, weeks and months are not converted or mixed)."""
    df = measure(facts, "wait_time").filter(pl.col("breakdown").is_null())
    df = latest(df, ["forbund_id", "subject", "period_start", "period_end", "unit"])
    return by_period(df.with_columns(insats=pl.col("subject").fill_null("ej angiven"),
                                     value_text=_value_text_expr()), "forbund")


def queues_and_waits(facts: pl.DataFrame) -> pl.DataFrame:
    """Queue signals, queue lengths and wait times in one list (``kind_label`` says which)."""
    return by_period(pl.concat(
        [queues(facts), wait_times(facts).with_columns(kind_label=pl.lit("Väntetid"))],
        how="diagonal_relaxed"))
