"""Outcomes for participants (jamfor_utfall and the profile): participants, exits and their
reasons, exit shares with each förbund's definition, times, and the targets they aim at.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import polars as pl

from finsam_data import fmt, schema
from finsam_data.report.loader import by_period, exit_definitions, latest, measure
from finsam_data.report.vocabulary import EXIT_CATEGORY_LABEL


def participants(facts: pl.DataFrame) -> pl.DataFrame:
    """Participants, new participants and exits: stated totals, one per förbund, measure, period.

    ``measure_label`` is Swedish; a figure for a part of the year keeps its period label.
    """
    df = measure(facts, "participants", "participants_new", "exits", totals_only=True)
    df = latest(df, ["forbund_id", "measure", "period_start", "period_end"])
    labels = {"participants": "Deltagare", "participants_new": "Nya deltagare", "exits": "Avslut"}
    return by_period(df.with_columns(
        measure_label=pl.col("measure").replace_strict(labels, return_dtype=pl.String)
    ), "forbund")


def exit_shares(facts: pl.DataFrame) -> pl.DataFrame:
    """Shares of exits to work or studies, each with the definition it was measured by.

    ``definition`` is what the document says the share covers (the fact's ``subject``, e.g.
    "arbete/studier/arbetslivsriktad rehabilitering"), else the registry's label for the
    förbund's definition. ``definition_source`` says which. ``label`` puts the definition beside
    the förbund's name so that no chart shows two definitions as one thing.
    """
    df = measure(facts, "exit_share_work_study", "exit_share_work").filter(
        pl.col("breakdown").is_null()
    )
    df = latest(df, ["forbund_id", "measure", "subject", "period_start", "period_end"])
    defs = exit_definitions()
    registry_label = {k: v.get("label") for k, v in defs.items()}
    df = df.with_columns(
        _reg=pl.col("forbund_id").replace_strict(
            registry_label, default=None, return_dtype=pl.String
        )
    )
    written = pl.col("subject").is_not_null() & (pl.col("subject") != "total")
    # The registry's definition is for "work or studies" shares only; a share to work alone is
    # another measure and says so, whatever the förbund's work-or-studies definition is.
    work_only = pl.col("measure") == "exit_share_work"
    return df.with_columns(
        registry_definition=pl.when(work_only).then(None).otherwise(pl.col("_reg")),
        definition=pl.when(written).then(pl.col("subject"))
        .when(work_only).then(pl.lit("endast arbete"))
        .otherwise(pl.col("_reg")).fill_null("definitionen anges inte"),
        definition_source=pl.when(written).then(pl.lit("dokumentet"))
        .when(work_only).then(pl.lit("måttet (andel till arbete)"))
        .when(pl.col("_reg").is_not_null()).then(pl.lit("registret"))
        .otherwise(pl.lit("saknas")),
    ).with_columns(
        label=pl.concat_str([pl.col("forbund"), pl.lit(" ("), pl.col("period"), pl.lit(")")]),
    ).drop("_reg").pipe(by_period, "forbund")


def exit_reasons(facts: pl.DataFrame) -> pl.DataFrame:
    """Exits by harmonised category per förbund and period: persons and share of the group.

    Rows of one group (one table or list in one document) are summed per ``category``; the
    quotes of the summed rows are joined so every bar can be traced. ``category_label`` is
    Swedish; a reason without a category is counted as ``Annat``.
    """
    df = measure(facts, "exits_by_reason").filter(
        pl.col("breakdown").is_null() & ~pl.col("is_total").fill_null(False)
    )
    if df.height == 0:
        return df.with_columns(
            category_label=pl.lit(None, pl.String), share=pl.lit(None, pl.Float64),
            n_rows=pl.lit(None, pl.UInt32),
        )
    df = df.with_columns(
        category=pl.col("category").fill_null("other"),
        _group=pl.coalesce("group_id", "doc_id"),
    )
    keys = ["forbund_id", "forbund", "doc_id", "_group", "period_start", "period_end", "period",
            "year", "category"]
    out = df.group_by(keys, maintain_order=True).agg(
        value=pl.col("value").sum(),
        n_rows=pl.len(),
        source=pl.col("source").first(),
        section=pl.col("section").drop_nulls().unique(maintain_order=True).str.join(" | "),
        quote=pl.col("quote").str.join(" | "),
        subjects=pl.col("subject").str.join("; "),
    )
    out = out.with_columns(
        share=pl.col("value") / pl.col("value").sum().over("_group") * 100,
        category_label=pl.col("category").replace_strict(
            EXIT_CATEGORY_LABEL, default=pl.col("category"), return_dtype=pl.String
        ),
        unit=pl.lit("persons"),
        qualifier=pl.lit("exact"),
        _o=pl.col("category").replace_strict(
            {c: i for i, c in enumerate(schema.EXIT_CATEGORIES)}, default=len(
                schema.EXIT_CATEGORIES), return_dtype=pl.Int64),
    )
    # One category order everywhere (work, studies, …, other), so stacked bars and legends line up.
    out = out.sort("_group", "_o", maintain_order=True)
    return by_period(out, "forbund").drop("_group", "_o")


def harmonised_work_study(reasons: pl.DataFrame,
                          categories: Sequence[str] = ("work", "studies")) -> pl.DataFrame:
    """The share of exits to work or studies computed the same way for every förbund: the
    exits whose reason falls in the harmonised ``categories``, over all exits by reason in the
    same table. Takes :func:`exit_reasons`' output; quotes of every counted row are kept."""
    if reasons.height == 0:
        return reasons.head(0).with_columns(definition=pl.lit(None, pl.String))
    keys = ["forbund_id", "forbund", "doc_id", "period_start", "period_end", "period", "year"]
    out = reasons.group_by(keys, maintain_order=True).agg(
        share=pl.col("value").filter(pl.col("category").is_in(list(categories))).sum()
        / pl.col("value").sum() * 100,
        value=pl.col("value").filter(pl.col("category").is_in(list(categories))).sum(),
        total=pl.col("value").sum(),
        source=pl.col("source").first(),
        section=pl.col("section").str.join(" | "),
        quote=pl.col("quote").str.join(" | "),
    )
    label = " + ".join(EXIT_CATEGORY_LABEL[c].lower() for c in categories)
    return out.with_columns(
        unit=pl.lit("persons"),
        qualifier=pl.lit("exact"),
        definition=pl.lit(f"finsams harmoniserade kategorier: {label}"),
    )


def times(facts: pl.DataFrame, name: str) -> pl.DataFrame:
    """Time measures (``time_in_program_months``, ``time_in_support_before_start_years``,
    ``exits_by_reason_time_months``) per förbund, subject and period; qualifier kept."""
    df = measure(facts, name).filter(pl.col("breakdown").is_null())
    df = latest(df, ["forbund_id", "subject", "period_start", "period_end"])
    return by_period(df.with_columns(insats=pl.col("subject").fill_null("hela verksamheten")),
                     "forbund")


def program_times(facts: pl.DataFrame) -> pl.DataFrame:
    """Time in the insats: overall figures and times per exit reason, each with its label."""
    return pl.concat([times(facts, "time_in_program_months"),
                      times(facts, "exits_by_reason_time_months")], how="diagonal_relaxed")


def support_before_start(facts: pl.DataFrame) -> pl.DataFrame:
    """Time in public support before the start: average times, persons per time band and
    shares with long-term support, each as stated with its label."""
    return pl.concat([
        times(facts, "time_in_support_before_start_years"),
        by_period(latest(measure(facts, "intake_time_in_support", "share_long_term_support")
                         .filter(pl.col("breakdown").is_null()),
                         ["forbund_id", "measure", "subject", "period_start", "period_end"]),
                  "forbund"),
    ], how="diagonal_relaxed")


_TARGET_WORD = {"above": "minst", "max": "högst", "below": "under", "approx": "cirka"}


def targets(facts: pl.DataFrame) -> pl.DataFrame:
    """Targets the documents set (measure ``target``; ``breakdown`` is the measure aimed at),
    with ``target_of`` and ``target_text`` ("Mål: minst 40 %")."""
    df = measure(facts, "target").filter(pl.col("breakdown").is_not_null())
    df = latest(df, ["forbund_id", "breakdown", "subject", "period_start", "period_end"])

    def text(r: dict[str, Any]) -> str:
        word = _TARGET_WORD.get(r["qualifier"] or "", "")
        return "Mål: " + " ".join(p for p in (word, fmt.format_value(r["value"], r["unit"])) if p)

    return df.with_columns(
        target_of=pl.col("breakdown"),
        target_text=pl.struct("value", "unit", "qualifier").map_elements(
            text, return_dtype=pl.String),
    )


def with_targets(outcomes: pl.DataFrame, facts: pl.DataFrame) -> pl.DataFrame:
    """Outcomes with the target that aims at them beside: ``target_value`` and
    ``target_text`` (null where no target is stated).

    A target matches an outcome of the same förbund whose measure it names (``breakdown``),
    whose period overlaps the target's (a target without a period matches any) and, when both
    name a subject, the same subject. The latest stated target wins.
    """
    tg = targets(facts)
    if outcomes.height == 0 or tg.height == 0 or "measure" not in outcomes.columns:
        return outcomes.with_columns(target_value=pl.lit(None, pl.Float64),
                                     target_text=pl.lit(None, pl.String))
    o = outcomes.with_row_index("_o")
    o_cols = {c: pl.lit(None, pl.Date if c.startswith("period") else pl.String).alias(c)
              for c in ("subject", "period_start", "period_end") if c not in o.columns}
    keyed = o.with_columns(*o_cols.values()).select(
        "_o", "forbund_id", "measure", pl.col("subject").alias("_os"),
        pl.col("period_start").alias("_ops"), pl.col("period_end").alias("_ope"))
    # Targets are in statement order: among the matches the last one is the latest.
    tlist = tg.with_row_index("_t").select(
        "_t", "forbund_id", pl.col("target_of").alias("measure"), pl.col("subject").alias("_ts"),
        pl.col("period_start").alias("_tps"), pl.col("period_end").alias("_tpe"),
        pl.col("value").alias("target_value"), "target_text")

    def unset(col: str) -> pl.Expr:
        return pl.col(col).is_null() | (pl.col(col).cast(pl.String) == "")

    best = (
        keyed.join(tlist, on=["forbund_id", "measure"])
        .filter(
            (unset("_ts") | unset("_os") | (pl.col("_ts") == pl.col("_os")))
            & (pl.col("_tps").is_null() | pl.col("_ope").is_null()
               | (pl.col("_tps") <= pl.col("_ope")))
            & (pl.col("_tpe").is_null() | pl.col("_ops").is_null()
               | (pl.col("_tpe") >= pl.col("_ops")))
        )
        .sort("_t")
        .group_by("_o").agg(pl.col("target_value").last(), pl.col("target_text").last())
    )
    return (o.join(best, on="_o", how="left", maintain_order="left").drop("_o")
            .with_columns(pl.col("target_value").cast(pl.Float64),
                          pl.col("target_text").cast(pl.String)))
