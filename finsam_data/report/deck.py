"""The board deck (styrelse): one message per slide, said in a sentence.
"""

from __future__ import annotations

import polars as pl

from finsam_data import fmt
from finsam_data.report.compare import MANY_FORBUND
from finsam_data.report.loader import (
    Tables,
    by_period,
    join_names,
    labelled,
    latest,
    measure,
    period_label,
)
from finsam_data.report.money import equity_against_allocation


def _money(value: float | None, qualifier: str | None = None) -> str:
    from finsam_data.figures import _QUALIFIER_PREFIX

    return _QUALIFIER_PREFIX.get(qualifier or "", "") + fmt.format_compact_sek(value)


def _latest_per_forbund(df: pl.DataFrame) -> pl.DataFrame:
    """The row with the latest period per förbund (then the last stated), by the name valid
    in the period: a successor's report on its predecessor's year counts for the predecessor."""
    if df.height == 0:
        return df
    key = "forbund" if "forbund" in df.columns else "forbund_id"
    return (df.sort("period_end", "period_start", nulls_last=False, maintain_order=True)
            .unique(subset=[key], keep="last", maintain_order=True).sort(key))


def _listed(parts: list[tuple[float | None, str]]) -> str:
    """The parts of a headline, one per förbund: all of them for a few förbund, the highest
    and the lowest (and how many) for many, since a slide cannot hold seventy.

    >>> _listed([(1.0, "A 1"), (3.0, "B 3")])
    'A 1 och B 3'
    >>> _listed([(float(i), f"F{i}") for i in range(20)])
    'högst F19, lägst F0 (20 förbund)'
    """
    if len(parts) <= MANY_FORBUND:
        return join_names([text for _, text in parts])
    ranked = sorted((p for p in parts if p[0] is not None), key=lambda p: p[0], reverse=True)
    if not ranked:
        return f"{len(parts)} förbund"
    return f"högst {ranked[0][1]}, lägst {ranked[-1][1]} ({len(parts)} förbund)"


def data_period(t: Tables) -> str:
    """The period the facts cover, in words (``jan 2017–dec 2025``; ``2017–2025``)."""
    starts, ends = t.facts["period_start"].drop_nulls(), t.facts["period_end"].drop_nulls()
    if starts.len() == 0 or ends.len() == 0:
        return t.period_text()
    return period_label(starts.min(), ends.max())


def allocation_headline(alloc: pl.DataFrame) -> str:
    """``Medelstilldelningen: Södra Dalarna 6,3 mnkr (2024), Norra Västmanland 6,4 mnkr (2023).``"""
    rows = _latest_per_forbund(alloc.filter(~pl.col("unit_slip").fill_null(False))
                               if "unit_slip" in alloc.columns else alloc)
    if rows.height == 0:
        return "Inget förbund anger sin medelstilldelning i underlaget."
    parts = [(r["value"], f"{r['forbund']} {_money(r['value'], r['qualifier'])} ({r['period']})")
             for r in rows.iter_rows(named=True)]
    return f"Medelstilldelningen, senast angiven: {_listed(parts)}."


def flows_headline(rg: pl.DataFrame) -> str:
    """The number of requests and grants, and the largest request with its insats."""
    shown = rg.filter(~pl.col("unit_slip").fill_null(False)) if "unit_slip" in rg.columns else rg
    req = shown.filter(pl.col("measure") == "request")
    grants = shown.filter(pl.col("measure") == "grant")
    if shown.height == 0:
        return "Inga äskanden eller beviljanden i underlaget."
    out = f"{req.height} äskanden och {grants.height} beviljanden i underlaget"
    if req.height:
        top = req.sort("value", descending=True).row(0, named=True)
        out += (f"; störst är {top['insats']} ({top['forbund']}), som äskar "
                f"{_money(top['value'], top['qualifier'])} för {top['period']}")
    return out + "."


def latest_outcomes(results: pl.DataFrame) -> pl.DataFrame:
    """Each förbund's latest outcome (``actual``), else its latest forecast, by the name valid
    in the period: what the results slide says and, with many förbund, shows."""
    rows = []
    for name in results["forbund"].unique(maintain_order=True).to_list():
        mine = results.filter(pl.col("forbund") == name)
        outcome = _latest_per_forbund(mine.filter(pl.col("basis") == "actual"))
        outcome = outcome if outcome.height else _latest_per_forbund(
            mine.filter(pl.col("basis") == "forecast"))
        if outcome.height:
            rows.append(outcome)
    return pl.concat(rows, how="diagonal_relaxed") if rows else results.head(0)


def slide_rows(df: pl.DataFrame, t: Tables) -> pl.DataFrame:
    """One row per förbund as the deck's headlines tell them (the latest period stated), with
    ``label`` and ``lan``, for a ranked slide: the chart shows what the headline says."""
    from finsam_data.report.compare import with_county

    return with_county(labelled(_latest_per_forbund(df)), t)


def results_headline(results: pl.DataFrame) -> str:
    """Each förbund's latest result (outcome, else forecast) against its budget."""
    if results.height == 0:
        return "Inget förbund redovisar ett resultat i underlaget."
    parts = []
    # By the name valid in the period: a successor's report on its predecessor's year counts
    # for the predecessor.
    for o in latest_outcomes(results).iter_rows(named=True):
        word = "resultat" if o["basis"] == "actual" else "prognos"
        text = f"{o['forbund']} {o['period']}: {word} {_money(o['value'], o['qualifier'])}"
        budget = results.filter((pl.col("forbund") == o["forbund"])
                                & (pl.col("basis") == "budget") & (pl.col("year") == o["year"]))
        if budget.height:
            b = budget.row(0, named=True)
            text += f" mot budgeterat {_money(b['value'], b['qualifier'])}"
        parts.append((o["value"], text))
    if not parts:
        return "Underlaget anger bara budgeterade resultat, inga utfall eller prognoser."
    if len(parts) > MANY_FORBUND:
        return f"Resultat, senast redovisat: {_listed(parts)}."
    return "; ".join(text for _, text in parts) + "."


def equity_share_rows(facts: pl.DataFrame) -> pl.DataFrame:
    """Equity as a share of the allocation, per förbund and year: the documents' own share
    where they state one, else finsam's computation (``basis_label`` says which), with the
    stated ceiling (``ceiling``) where there is one."""
    stated = latest(measure(facts, "equity_share_of_allocation").filter(
        pl.col("breakdown").is_null()), ["forbund_id", "period_end"]).with_columns(
        share=pl.col("value"), basis_label=pl.lit("angiven i dokumentet"))
    computed = equity_against_allocation(facts).with_columns(
        basis_label=pl.lit("beräknad av finsam"))
    computed = computed.join(stated.select("forbund_id", "year"), on=["forbund_id", "year"],
                             how="anti")
    both = pl.concat([stated, computed], how="diagonal_relaxed")
    ceilings = latest(measure(facts, "equity_ceiling_share"), ["forbund_id"]).select(
        "forbund_id", pl.col("value").alias("ceiling"))
    return labelled(by_period(both.join(ceilings, on="forbund_id", how="left"), "forbund"))


def equity_headline(shares: pl.DataFrame, equity_rows: pl.DataFrame) -> str:
    """Equity against allocation where known, else the latest equity per förbund."""
    rows = _latest_per_forbund(shares)
    if rows.height:
        parts = []
        for r in rows.iter_rows(named=True):
            text = f"{r['forbund']} {fmt.format_percent(r['share'])} ({r['period']})"
            if r.get("ceiling") is not None:
                text += f", tak {fmt.format_percent(r['ceiling'])}"
            parts.append((r["share"], text))
        return f"Eget kapital som andel av medelstilldelningen: {_listed(parts)}."
    rows = _latest_per_forbund(equity_rows)
    if rows.height == 0:
        return "Inget förbund redovisar eget kapital i underlaget."
    parts = [(r["value"], f"{r['forbund']} {_money(r['value'], r['qualifier'])}"
              + (" (prognos)" if r["measure"] == "forecast_equity" else "")
              + f" vid {fmt.format_date(r['period_end'])}") for r in rows.iter_rows(named=True)]
    return f"Eget kapital, senast angivet: {_listed(parts)}."


def exit_share_headline(shares: pl.DataFrame) -> str:
    rows = _latest_per_forbund(shares)
    if rows.height == 0:
        return "Inget förbund anger andelen avslut till arbete eller studier."
    parts = [(r["value"], f"{r['forbund']} {fmt.format_percent(r['value'])} ({r['period']})")
             for r in rows.iter_rows(named=True)]
    out = f"Andel avslut till arbete eller studier: {_listed(parts)}"
    if shares["definition"].n_unique() > 1:
        out += ", med olika definitioner"
    return out + "."


def decisions_headline(tracker: pl.DataFrame) -> str:
    open_rows = tracker.filter(pl.col("open")) if tracker.height else tracker
    if open_rows.height == 0:
        return "Inga öppna ärenden i underlaget."
    passed = open_rows.filter(pl.col("status").str.starts_with("Deadline passerad")
                              | pl.col("status").str.contains("skulle tas upp")).height
    out = f"{open_rows.height} ärenden är öppna"
    if passed:
        out += f"; {passed} har passerat sitt datum"
    return out + "."


def quality_headline(facts: pl.DataFrame, findings: pl.DataFrame) -> str:
    flagged = facts.filter(pl.col("flag_label").is_not_null()) if "flag_label" in \
        facts.columns else facts.head(0)
    slips = flagged.filter(pl.col("unit_slip").fill_null(False)).height
    errors = findings.filter(pl.col("severity") == "error").height
    if findings.height == 0:
        return "Valideringen har inget att anmärka på."
    out = (f"Valideringen flaggar {findings.height} "
           f"{'uppgift' if findings.height == 1 else 'uppgifter'}")
    if errors:
        out += f", varav {errors} fel"
    if slips:
        out += (f"; {slips} {'siffra är en trolig enhetsmiss' if slips == 1 else 'siffror är troliga enhetsmissar'}"
                " och hålls utanför diagrammens skala")
    return out + ". Flaggade siffror är märkta ⚠."
