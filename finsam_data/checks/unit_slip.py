"""A single grant or request larger than the issuing förbund's own annual allocation or budget.

Reference: the förbund's own annual allocation or whole-year budget as its documents state
them (``allocation``, budget/forecast income or costs with no subject or subject ``total``:
never a figure about a team, a member or another body), from any of its documents, or failing
those from its lineage (a predecessor or successor, ``forbund.successor_id``). The largest such
figure of any year is the scale: the largest, because a small budget for one project must not
pass for the förbund's year; any year, because a unit slip is a factor of a thousand while
allocations change by a fraction. A figure for several calendar years is compared with that
many years. No reference, no check: nothing is guessed. Grants stated only in
``decisions.amount_sek`` are checked too, unless a fact of the same document states the amount.
"""

from __future__ import annotations

import re

import polars as pl

from finsam_data import fmt
from finsam_data.checks.core import (
    BOUNDS,
    Check,
    Tables,
    fact_struct,
    register,
    stated_total,
    where,
    whole_subject,
    written,
)
from finsam_data.checks.labels import measure_label

#: A single amount (one grant, one request) that must fit inside the förbund's year.
SINGLE_AMOUNT_MEASURES = ("grant", "request", "grant_proposal", "forecast_grant")

#: Figures that state a förbund's whole year: its allocation and its whole budget.
YEAR_SCALE_MEASURES = (
    "allocation",
    "budget_cost",
    "forecast_cost",
    "budget_income",
    "forecast_income",
)

#: The money word in a decision's text, for the hint in the message (decisions carry no scale).
_MONEY_WORD = re.compile(r"(?i)\b(tkr|mnkr|mkr|milj(?:oner|\.)?|kr|kronor)\b")


def families(forbund: pl.DataFrame | None) -> pl.LazyFrame:
    """forbund_id → family (the last successor in its lineage), from the forbund table."""
    if forbund is None or forbund.height == 0:
        return pl.LazyFrame(schema={"forbund_id": pl.String, "family": pl.String})
    ids = forbund["forbund_id"].to_list()
    successor = dict(zip(ids, forbund["successor_id"].to_list(), strict=True))

    def root(fid: str) -> str:
        seen = [fid]
        while (nxt := successor.get(seen[-1])) and nxt not in seen:
            seen.append(nxt)
        return seen[-1]

    return pl.LazyFrame(
        {"forbund_id": ids, "family": [root(i) for i in ids]},
        schema={"forbund_id": pl.String, "family": pl.String},
    )


def _decision_candidates(tables: Tables, stated: pl.DataFrame) -> pl.DataFrame:
    decisions = tables.get("decisions")
    if decisions is None or decisions.height == 0:
        return pl.DataFrame()
    grants = decisions.filter(
        (pl.col("kind") == "grant") & pl.col("amount_sek").is_not_null()
        & pl.col("doc_id").is_not_null()
    )  # fmt: skip
    grants = grants.join(
        stated.select("doc_id", pl.col("value").alias("amount_sek")).unique(),
        on=["doc_id", "amount_sek"], how="anti",
    )  # fmt: skip
    documents = tables.get("documents")
    if documents is not None and documents.height:
        grants = grants.join(documents.select("doc_id", "source"), on="doc_id", how="left")
    else:
        grants = grants.with_columns(source=pl.lit(None, pl.String))
    return grants.select(
        "forbund_id", "doc_id", "source",
        pl.format("§ {}", pl.col("item_no")).alias("section"),
        pl.lit("grant").alias("measure"),
        pl.lit("SEK").alias("unit"),
        pl.col("amount_sek").alias("value"),
        pl.col("text").alias("quote"),
        "char_start", "char_end",
        pl.col("meeting_date").dt.year().alias("year"),
        pl.lit(1).alias("years"),
        pl.col("text").str.extract(_MONEY_WORD.pattern, 1).str.to_lowercase().alias("unit_word"),
        pl.lit(1.0).alias("scale"),
        pl.lit("decisions").alias("table_name"),
    )  # fmt: skip


def find(tables: Tables) -> list[dict]:
    f = tables["facts"].lazy().with_columns(
        year=pl.coalesce(pl.col("period_start").dt.year(), pl.col("period_end").dt.year()),
        years=(pl.col("period_end").dt.year() - pl.col("period_start").dt.year() + 1)
        .fill_null(1)
        .clip(lower_bound=1),
    )
    candidates = f.filter(
        pl.col("measure").is_in(SINGLE_AMOUNT_MEASURES)
        & (pl.col("unit") == "SEK")
        # one amount, not the total of several
        & ~stated_total()
        & pl.col("value").is_not_null()
    ).collect()
    extra = _decision_candidates(tables, candidates)
    if extra.height:
        candidates = pl.concat([candidates, extra], how="diagonal_relaxed")
    if candidates.height == 0:
        return []
    references = f.filter(
        pl.col("measure").is_in(YEAR_SCALE_MEASURES)
        & (pl.col("unit") == "SEK")
        # the förbund's own figure: no subject or the stated total, never a team's or a body's
        & whole_subject()
        & (pl.col("value") > 0)
        & ~pl.col("qualifier").is_in(BOUNDS).fill_null(False)
    ).select(
        "forbund_id",
        pl.col("doc_id").alias("ref_doc_id"),
        pl.col("year").alias("ref_year"),
        (pl.col("value") / pl.col("years")).alias("ref_value"),
        pl.col("measure").alias("ref_measure"),
        pl.col("quote").alias("ref_quote"),
        fact_struct().alias("ref_fact"),
    )
    fam = families(tables.get("forbund"))

    def with_family(lf: pl.LazyFrame) -> pl.LazyFrame:
        # A document without a förbund is its own family: only its own figures are a scale.
        return lf.join(fam, on="forbund_id", how="left", maintain_order="left").with_columns(
            family=pl.coalesce("family", "forbund_id", pl.lit("doc:") + pl.col("doc_id"))
        )

    # Only the largest figure per förbund of a family can be a candidate's scale, so keep just
    # that one (every candidate against every reference grew with the square of the documents).
    references = (
        with_family(references.with_columns(doc_id=pl.col("ref_doc_id")))
        .drop("doc_id")
        .rename({"forbund_id": "ref_forbund_id"})
        .sort(["ref_value", "ref_doc_id", "ref_quote"], descending=[True, False, False],
              nulls_last=True)  # fmt: skip
        .group_by(["family", "ref_forbund_id"], maintain_order=True)
        .first()
    )
    checked = (
        with_family(candidates.lazy())
        .with_columns(row_nr=pl.int_range(pl.len()))
        .join(references, on="family", how="inner")
        # the förbund's own figure first; its lineage only where it states none
        .with_columns(other=(pl.col("ref_forbund_id") != pl.col("forbund_id")).fill_null(True))
        .sort(["row_nr", "other", "ref_value"], descending=[False, False, True])
        .group_by("row_nr", maintain_order=True)
        .first()
        .collect()
    )
    rows = []
    for row in checked.iter_rows(named=True):
        years = int(row["years"] or 1)
        limit = row["ref_value"] * years
        value = row["value"]
        word = (row.get("unit_word") or "").lower()
        ref = fmt.format_sek(row["ref_value"])
        when = f" för {row['ref_year']}" if row.get("ref_year") else ""
        if row["ref_measure"] == "allocation":
            against = f"förbundets hela årliga medelstilldelning, {ref}{when}"
        else:
            against = f"förbundets hela årsbudget, {ref} i {measure_label(row['ref_measure'])}{when}"
        if years > 1:
            against += f" gånger {years} år"
        meant = "kr" if word == "tkr" else "tkr" if word in ("mkr", "mnkr") or word.startswith(
            "milj") else None  # fmt: skip
        hint = ""
        if meant and value / 1000.0 <= limit:
            # one step down the scale (tkr → kr, mkr → tkr) is what the figure most likely meant
            hint = (
                f" Troligen en enhetsmiss: {word} skrivet där {meant} avsågs "
                f"({fmt.format_sek(value / 1000.0)})."
            )
        shown = fmt.format_sek(value)
        as_written = written(value, "SEK", row.get("scale"), word or None)
        if as_written != shown:
            shown += f" (skrivet ”{as_written}”)"
        rows.append(
            {
                **where(row),
                "table": row.get("table_name") or "facts",
                "observed": fmt.format_sek(value),
                "expected": f"högst {fmt.format_sek(limit)}",
                "shown": shown,
                "against": against,
                "hint": hint,
                "deviation": float(value),
                "tolerance": float(limit),
                # a bound, not a rounding: the whole year is the most one grant can be
                "tolerance_text": f"högst hela årets belopp, {fmt.format_sek(limit)}",
                "facts": [row, row["ref_fact"]],
            }
        )
    return rows


CHECK = register(
    Check(
        name="unit_slip",
        label="Trolig enhetsmiss",
        severity="warning",
        reads=("facts", "forbund", "decisions", "documents"),
        measures=(*SINGLE_AMOUNT_MEASURES, *YEAR_SCALE_MEASURES),
        tolerance=(
            "Ett enskilt bidrag eller äskande är högst förbundets egen hela årliga "
            "medelstilldelning eller budget (utan ämne eller ”total”), gånger antalet år det gäller."
        ),
        message=(
            "Ett enskilt {measure_sv} på {shown} är större än {against}, vilket inte är "
            "rimligt.{hint}"
        ),
        find=find,
    )
)
