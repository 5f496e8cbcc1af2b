"""Money (jamfor_finansiering and the profile's money sections): allocation, requests and
grants, budget/outcome/forecast, equity and cost shares.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import polars as pl

from finsam_data.report.loader import _value_text_expr, by_period, for_forbund, latest, measure
from finsam_data.report.vocabulary import BASIS_LABEL, COST_KIND_LABEL, MONEY_FLOW_LABEL

#: Budget lines that are the members' contribution (the allocation), matched on the subject as
#: written. Domain vocabulary, not document-specific: "medel från huvudmännen", "bidrag från
#: medlemmarna", "medlemsavgifter", "tilldelade medel", "medelstilldelning".
ALLOCATION_SUBJECT = re.compile(
    r"huvudm[aä]n|medlemm|medlemsavgift|medlemsbidrag|medelstilldelning|tilldelade medel|"
    r"statlig(a)? medel|kommunal(a)? medel|bidrag fr[aå]n (staten|kommuner|regionen|parterna)",
    re.IGNORECASE,
)


#: Cost-share subjects to the three kinds the reports compare. Unmatched subjects stay as written.
COST_KINDS = (
    ("individ", re.compile(r"individ", re.IGNORECASE)),
    ("struktur", re.compile(r"struktur", re.IGNORECASE)),
    ("administration", re.compile(r"admin|kansli|styrelse|gemensam", re.IGNORECASE)),
)


def allocations(facts: pl.DataFrame) -> pl.DataFrame:
    """The members' allocation (medelstilldelning) as each document states it.

    Picked, in one place: ``allocation`` facts (prose: "medelstilldelning på 6,3 milj kr"), and
    ``budget_income``/``actual_income``/``forecast_income`` rows whose subject is the members'
    contribution (:data:`ALLOCATION_SUBJECT`, e.g. "Medel från huvudmännen"). Each row keeps its
    basis (``allocation``, ``budget``, ``actual``, ``forecast``) and period; the column
    ``basis_label`` says it in Swedish.
    """
    prose = measure(facts, "allocation").filter(pl.col("breakdown").is_null())
    prose = prose.with_columns(basis=pl.lit("allocation"))
    lines = measure(facts, "budget_income", "actual_income", "forecast_income").filter(
        pl.col("breakdown").is_null()
        & pl.col("subject").fill_null("").str.contains("(?i)" + ALLOCATION_SUBJECT.pattern)
    )
    lines = lines.with_columns(basis=pl.col("measure").str.replace("_income", ""))
    out = pl.concat([prose, lines], how="vertical_relaxed")
    out = latest(out, ["forbund_id", "basis", "period_start", "period_end", "subject"])
    return out.with_columns(
        basis_label=pl.col("basis").replace_strict(BASIS_LABEL, return_dtype=pl.String)
    ).pipe(by_period, "forbund_id", then=["basis"])


def allocation_for_year(facts: pl.DataFrame) -> pl.DataFrame:
    """One allocation per förbund and calendar year, for ratios (equity against allocation).

    Preference: a stated allocation, then the budget line, then a full-year outcome, then a
    forecast. Partial-year outcomes are not used (they are not the year's allocation).
    """
    alloc = allocations(facts).with_columns(
        full_year=(pl.col("period_start").dt.ordinal_day() == 1)
        & (pl.col("period_end").dt.month() == 12) & (pl.col("period_end").dt.day() == 31)
    )
    rank = {"allocation": 0, "budget": 1, "actual": 2, "forecast": 3}
    alloc = alloc.filter((pl.col("basis") != "actual") | pl.col("full_year")).with_columns(
        _rank=pl.col("basis").replace_strict(rank, return_dtype=pl.Int64)
    )
    return (
        alloc.sort("_rank")
        .unique(subset=["forbund_id", "year"], keep="first", maintain_order=True)
        .drop("_rank", "full_year")
        .sort("forbund_id", "year")
    )


def requests_and_grants(facts: pl.DataFrame) -> pl.DataFrame:
    """Requests (äskanden), proposals, grants and expected contributions per insats and period,
    one row per stated figure; stated totals across insatser are left out (they are sums).

    Columns added: ``insats`` (the subject as written, or ``ej angiven``), ``kind_label``.
    """
    kinds = list(MONEY_FLOW_LABEL)
    df = measure(facts, *kinds).filter(
        pl.col("breakdown").is_null()
        & ~pl.col("is_total").fill_null(False)
        & (pl.col("subject").fill_null("").str.to_lowercase() != "total")
    )
    df = latest(df, ["forbund_id", "measure", "subject", "period_start", "period_end", "value"])
    return df.with_columns(
        insats=pl.col("subject").fill_null("ej angiven"),
        kind_label=pl.col("measure").replace_strict(MONEY_FLOW_LABEL, return_dtype=pl.String),
        _o=pl.col("measure").replace_strict({k: i for i, k in enumerate(kinds)},
                                            return_dtype=pl.Int64),
    ).pipe(by_period, "forbund_id", then=["insats", "_o"]).drop("_o")


def budget_outcome_forecast(facts: pl.DataFrame, what: str = "cost") -> pl.DataFrame:
    """Stated totals of budget, outcome and forecast for costs (``what="cost"``) or results.

    One row per förbund, basis and period; the outcome keeps its own period (jan–aug is not a
    year). ``basis_label`` is Budget/Utfall/Prognos.
    """
    if what not in ("cost", "result", "income"):
        raise ValueError("what är cost, result eller income")
    names = [f"{b}_{what}" for b in ("budget", "actual", "forecast")]
    df = measure(facts, *names, totals_only=True)
    df = df.with_columns(basis=pl.col("measure").str.replace(f"_{what}", ""))
    df = latest(df, ["forbund_id", "basis", "period_start", "period_end"])
    order = {"budget": 0, "actual": 1, "forecast": 2}
    return df.with_columns(
        basis_label=pl.col("basis").replace_strict(BASIS_LABEL, return_dtype=pl.String),
        _o=pl.col("basis").replace_strict(order, return_dtype=pl.Int64),
    ).pipe(by_period, "forbund_id", then=["_o"]).drop("_o")


def equity(facts: pl.DataFrame, ids: Iterable[str] | None = None, *,
           forecasts: bool = True) -> pl.DataFrame:
    """Equity (eget kapital) at each period end, one per förbund, kind and date (latest
    statement). Booked equity and forecasts (``forecast_equity``) stay apart: ``basis_label``
    is ``Bokfört`` or ``Prognos`` and ``series`` (``Förbund`` or ``Förbund, prognos``) keeps them
    on separate lines."""
    names = ("equity", "forecast_equity") if forecasts else ("equity",)
    df = measure(facts, *names).filter(pl.col("breakdown").is_null())
    if ids is not None:
        df = for_forbund(df, ids)
    df = latest(df, ["forbund_id", "measure", "period_end"])
    forecast = pl.col("measure") == "forecast_equity"
    return df.with_columns(
        date=pl.col("period_end"),
        is_forecast=forecast,
        basis_label=pl.when(forecast).then(pl.lit("Prognos")).otherwise(pl.lit("Bokfört")),
        series=pl.when(forecast)
        .then(pl.concat_str([pl.col("forbund"), pl.lit(", prognos")]))
        .otherwise(pl.col("forbund")),
    ).sort("date", "series")


def equity_against_allocation(facts: pl.DataFrame) -> pl.DataFrame:
    """Equity as a share of the same year's allocation: computed where both are stated.

    Each row carries both quotes (``quote`` joins them) so the computed share can be traced.
    Stated shares (``equity_share_of_allocation``) are returned by :func:`measure` separately.
    """
    eq = equity(facts, forecasts=False)
    alloc = allocation_for_year(facts).select(
        "forbund_id", "year", pl.col("value").alias("allocation"),
        pl.col("quote").alias("_aq"), pl.col("source").alias("_as"),
        pl.col("section").alias("_asec"), pl.col("basis_label").alias("allocation_basis"),
    )
    df = eq.join(alloc, on=["forbund_id", "year"], how="inner")
    return df.with_columns(
        share=(pl.col("value") / pl.col("allocation") * 100),
        quote=pl.concat_str([pl.col("quote"), pl.col("_aq")], separator=" | "),
        source=pl.concat_str([pl.col("source"), pl.col("_as")], separator=" | "),
        section=pl.concat_str(
            [pl.col("section").fill_null("–"), pl.col("_asec").fill_null("–")], separator=" | "
        ),
    ).drop("_aq", "_as", "_asec")


def cost_shares(facts: pl.DataFrame) -> pl.DataFrame:
    """Stated cost shares (percent) with ``kind``: individ, struktur, administration or the
    subject as written when it is none of them."""
    df = measure(facts, "cost_share").filter(pl.col("breakdown").is_null())
    df = latest(df, ["forbund_id", "subject", "period_start", "period_end"])

    def kind(subject: str | None) -> str:
        for key, pattern in COST_KINDS:
            if subject and pattern.search(subject):
                return COST_KIND_LABEL[key]
        return subject or "ej angiven"

    return by_period(df.with_columns(
        kind=pl.col("subject").map_elements(kind, return_dtype=pl.String, skip_nulls=False)
    ), "forbund")


def request_grant_pairs(rg: pl.DataFrame) -> pl.DataFrame:
    """Requests beside grants for the same förbund, insats and period, with the difference.

    Takes :func:`requests_and_grants`' output. A request without a grant (or the reverse) keeps
    the missing side empty: "not stated" is not zero. Several figures of one kind for one insats
    and period ("över 20 000 kr", "högst 62 000 kr") are never summed: ``requested``/``granted``
    hold a number only when exactly one figure is stated, ``requested_text``/``granted_text``
    list every figure with its qualifier, and the quotes of all of them are kept.
    """
    keys = ["forbund_id", "forbund", "insats", "period_start", "period_end", "period", "year"]
    rg = rg.with_columns(_text=_value_text_expr()) if rg.height else rg.with_columns(
        _text=pl.lit(None, pl.String))
    side = {}
    for m, name in (("request", "requested"), ("grant", "granted")):
        part = rg.filter(pl.col("measure") == m).group_by(keys, maintain_order=True).agg(
            pl.col("value").first().alias(name),
            pl.len().alias(f"n_{name}"),
            pl.col("_text").str.join("; ").alias(f"{name}_text"),
            pl.col("quote").str.join(" | ").alias(f"{name}_quote"),
            pl.col("source").first().alias(f"{name}_source"),
            pl.col("section").drop_nulls().str.join(" | ").alias(f"{name}_section"),
            pl.col("qualifier").first().alias(f"{name}_qualifier"),
        ).with_columns(
            pl.when(pl.col(f"n_{name}") == 1).then(pl.col(name)).otherwise(None).alias(name)
        )
        side[name] = part
    out = side["requested"].join(side["granted"], on=keys, how="full", coalesce=True)
    return out.with_columns(
        difference=pl.col("granted") - pl.col("requested"),
        source=pl.coalesce("requested_source", "granted_source"),
        section=pl.concat_str(["requested_section", "granted_section"], separator=" | ",
                              ignore_nulls=True),
        quote=pl.concat_str(["requested_quote", "granted_quote"], separator=" | ",
                            ignore_nulls=True),
    ).pipe(by_period, "forbund", then=["insats"])


EQUITY_MEASURES = ("equity", "forecast_equity", "budget_equity_change", "forecast_equity_change",
                   "actual_equity_change", "equity_share_of_allocation", "equity_ceiling_share")


EQUITY_CHANGE_MEASURES = ("budget_equity_change", "forecast_equity_change",
                          "actual_equity_change")


def equity_facts(facts: pl.DataFrame) -> pl.DataFrame:
    """Every stated figure about equity: booked, forecast, budgeted and forecast changes,
    shares of the allocation and ceilings; one per förbund, measure, subject and period."""
    df = measure(facts, *EQUITY_MEASURES).filter(pl.col("breakdown").is_null())
    df = latest(df, ["forbund_id", "measure", "subject", "period_start", "period_end"])
    return by_period(df, "forbund")


def budget_outcome_all(facts: pl.DataFrame) -> pl.DataFrame:
    """Stated totals of costs, results and changes in equity: budget, outcome and forecast.

    ``what`` is ``cost``, ``result`` or ``equity_change``; ``basis_label`` Budget/Utfall/Prognos.
    """
    parts = [budget_outcome_forecast(facts, w).with_columns(what=pl.lit(w))
             for w in ("cost", "result")]
    change = measure(facts, *EQUITY_CHANGE_MEASURES, totals_only=True)
    change = latest(change, ["forbund_id", "measure", "period_start", "period_end"])
    change = change.with_columns(
        basis=pl.col("measure").str.replace("_equity_change", ""), what=pl.lit("equity_change"))
    change = change.with_columns(
        basis_label=pl.col("basis").replace_strict(BASIS_LABEL, return_dtype=pl.String))
    return by_period(pl.concat([*parts, change], how="diagonal_relaxed"), "forbund",
                     then=["what"])
