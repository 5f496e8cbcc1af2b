"""Result = income − costs, where a table states all three for the same column.

For each kind (budget, actual, forecast), document, section and period with exactly one stated
total cost, one total income and one result. Financial rows after the costs (``Finansiella
intäkter``, ``Finansiella kostnader``, ``Finansnetto``) are added with their sign before the
final result (``Årets resultat``) is compared; an operating result (``Verksamhetens resultat``)
is compared with income − costs alone. A result of exactly the opposite sign is left to
:mod:`finsam_data.checks.result_sign`.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from finsam_data.checks.core import (
    EPS,
    Check,
    Tables,
    register,
    stated_total,
    tolerance_text,
    where,
    with_precision,
    written,
)

#: Rows of a resultaträkning that stand after the costs and move the result away from
#: income − costs: financial income and costs, their net, and the subtotals around them.
FINANCIAL_ROW = (
    r"(?i)finansiell|finansnetto|ränteintäkt|räntekostnad|\bräntor\b|extraordinär|"
    r"bokslutsdisposition"
)
#: A result row ('Resultat efter finansiella poster') is a result even when it names them.
RESULT_ROW = r"(?i)resultat"
#: The result before financial items: compared with income − costs alone.
OPERATING_RESULT = (
    r"(?i)verksamhetens\s+resultat|verksamhetsresultat|rörelseresultat|"
    r"resultat\s+före\s+finansiella"
)
#: A financial net row: when present it stands for the financial income and costs above it.
FINANCIAL_NET = r"(?i)^\W*(?:finansnetto|(?:summa\s+|netto\s+)?finansiella\s+poster\W*$)"

KEY = ["doc_id", "section", "period_start", "period_end", "kind"]


def _financial() -> pl.Expr:
    subject = pl.col("subject")
    return (subject.str.contains(FINANCIAL_ROW) & ~subject.str.contains(RESULT_ROW)).fill_null(
        False
    )


def _financial_items(f: pl.LazyFrame) -> pl.LazyFrame:
    """Per group, the signed sum of its financial rows, and whether it could be made.

    Financial income adds to the result, financial costs (stored positive, CONTRACT §3) take
    from it, a stated net counts as written and replaces the rows it nets. A financial row of a
    measure that is neither income, cost nor result cannot be signed: the group's
    ``fin_known`` is then false and its final result is not compared.
    """
    signed = (
        pl.when(pl.col("measure").str.ends_with("_income"))
        .then(pl.col("value"))
        .when(pl.col("measure").str.ends_with("_cost"))
        .then(-pl.col("value"))
        .when(pl.col("measure").str.ends_with("_result"))
        .then(pl.col("value"))
    )
    is_net = pl.col("subject").str.contains(FINANCIAL_NET).fill_null(False)
    return f.filter(_financial()).group_by(KEY).agg(
        pl.when(is_net.any()).then(signed.filter(is_net).sum()).otherwise(signed.sum())
        .alias("v_fin"),
        signed.is_not_null().all().alias("fin_known"),
        pl.col("step").filter(signed.is_not_null()).sum().alias("s_fin"),
    )


def balances(tables: Tables) -> list[dict[str, Any]]:
    """Every stated result with income and costs beside it; ``sign_flip`` marks a reversed one."""
    f = (
        with_precision(tables["facts"])
        .filter(pl.col("value").is_not_null())
        .with_columns(kind=pl.col("measure").str.extract(r"^(budget|actual|forecast)_", 1))
    )
    def one(suffix: str) -> pl.LazyFrame:
        return (
            f.filter(pl.col("measure").str.ends_with(suffix) & stated_total() & ~_financial())
            .group_by(KEY)
            .agg(
                pl.col("value").n_unique().alias(f"n{suffix}"),
                pl.col("value").first().alias(f"v{suffix}"),
                pl.col("step").first().alias(f"s{suffix}"),
                pl.struct("doc_id", "char_start", "char_end", "value").first().alias(f"f{suffix}"),
            )
            .filter(pl.col(f"n{suffix}") == 1)
        )

    # A financial row of no kind ('other_*') in the same place still changes the final result.
    unsigned = (
        f.filter(_financial() & pl.col("kind").is_null())
        .select(KEY[:-1])
        .unique()
        .with_columns(fin_unsigned=pl.lit(True))
    )
    operating = pl.col("subject").str.contains(OPERATING_RESULT).fill_null(False)
    results = (
        f.filter(pl.col("measure").str.ends_with("_result") & ~_financial())
        .with_columns(operating=operating)
        .group_by([*KEY, "operating"])
        .agg(pl.col("value").n_unique().alias("n_result"), pl.all().exclude(KEY).first())
        .filter(pl.col("n_result") == 1)
    )
    joined = (
        results.join(one("_cost"), on=KEY, how="inner", nulls_equal=True)
        .join(one("_income"), on=KEY, how="inner", nulls_equal=True)
        .join(_financial_items(f), on=KEY, how="left", nulls_equal=True)
        .join(unsigned, on=KEY[:-1], how="left", nulls_equal=True)
        .collect()
    )
    rows = []
    for row in joined.iter_rows(named=True):
        with_fin = not row["operating"] and row["v_fin"] is not None
        if not row["operating"] and (row["fin_unsigned"] or row["fin_known"] is False):
            continue  # financial rows we cannot sign: the final result cannot be recomputed
        fin = row["v_fin"] if with_fin else 0.0
        computed = row["v_income"] - row["v_cost"] + fin
        stated = row["value"]
        # each of the three (four) figures may hide half its rounding step
        tolerance = 0.5 * (row["step"] + row["s_cost"] + row["s_income"]) + EPS
        if with_fin:
            tolerance += 0.5 * (row["s_fin"] or 0.0)
        scale, word = row["scale"], row["unit_word"]
        rows.append(
            {
                **where(row),
                "observed": written(stated, "SEK", scale, word),
                "expected": written(computed, "SEK", scale, word),
                "income": written(row["v_income"], "SEK", scale, word),
                "costs": written(row["v_cost"], "SEK", scale, word),
                "financial": (
                    f" plus finansiella poster {written(fin, 'SEK', scale, word)}"
                    if with_fin else ""
                ),  # fmt: skip
                "deviation": abs(stated - computed),
                "tolerance": tolerance,
                "tolerance_text": tolerance_text(tolerance, "SEK", scale, word),
                "facts": [row, row["f_cost"], row["f_income"]],
                "sign_flip": abs(stated) > tolerance and abs(stated + computed) <= tolerance,
            }
        )
    return rows


def find(tables: Tables) -> list[dict]:
    return [row for row in balances(tables) if not row["sign_flip"]]


CHECK = register(
    Check(
        name="result_balance",
        label="Intäkter − kostnader ≠ resultat",
        severity="warning",
        reads=("facts",),
        measures=("budget_result", "actual_result", "forecast_result", "budget_cost",
                  "actual_cost", "forecast_cost", "budget_income", "actual_income",
                  "forecast_income"),  # fmt: skip
        tolerance="Halva avrundningssteget för vart och ett av talen, som de är skrivna.",
        message=(
            "Angivet {measure_sv} är {observed}, men intäkterna {income} minus kostnaderna "
            "{costs}{financial} blir {expected}."
        ),
        find=find,
    )
)
