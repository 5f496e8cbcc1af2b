"""Consistency checks across rows of the facts table, computed in polars.

Great Expectations checks one row or one column at a time; whether a table's rows add up to its
stated total is a question about several rows together. Each function here answers one such
question and returns one row per *evaluated* instance (passing or not) with the figures it
compared, a ``deviation`` and the ``tolerance`` it is allowed. :mod:`finsam_data.validate` then
validates that frame with the ``consistency`` suite (``deviation <= tolerance``), so that GX
decides pass/fail and the tolerance of every check is written down here, next to its reason.

Faults found here are faults *in the source documents* (a sum that does not match, a unit slip)
and are warnings, except a result whose sign is exactly reversed: that is our extractor breaking
the sign convention (CONTRACT §3), an error.

>>> from finsam_data import schema
>>> facts = schema.frame("facts", [
...     {"doc_id": "d", "group_id": "g", "measure": "request", "unit": "SEK", "value": v,
...      "raw": r, "is_total": t, "subject": s, "qualifier": "exact", "quote": r}
...     for v, r, t, s in [(2_500_000.0, "2 500 tkr", False, "A"), (1_670_000.0, "1 670 tkr", False, "B"),
...                        (4_270_000.0, "4 270 tkr", True, "total")]])
>>> group_sums(facts).select("observed", "expected").row(0)
('4\\xa0170\\xa0tkr', '4\\xa0270\\xa0tkr')
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence

import polars as pl

from finsam_data import fmt

CHECKS = (
    "group_sum",
    "breakdown_sum",
    "share_sum",
    "share_counts",
    "parts_vs_total",
    "result_balance",
    "result_sign",
    "unit_slip",
)

CHECK_SCHEMA = pl.Schema(
    [
        ("check", pl.String),
        ("severity", pl.String),
        ("table", pl.String),
        ("forbund_id", pl.String),
        ("doc_id", pl.String),
        ("source", pl.String),
        ("section", pl.String),
        ("quote", pl.String),
        ("char_start", pl.Int64),
        ("char_end", pl.Int64),
        ("measure", pl.String),
        ("observed", pl.String),
        ("expected", pl.String),
        ("deviation", pl.Float64),
        ("tolerance", pl.Float64),
        ("message", pl.String),
    ]
)

# --- tolerances, each with its reason -------------------------------------------------------

#: A figure written "ca"/"cirka"/"kring"/"drygt" is rounded by its writer, in board texts to
#: about two significant digits ("ca 6,3 mkr", "ca 500 personer"); the rounding error of a
#: two-digit figure is at most 5 % of its value, so sums involving one are allowed that much.
APPROX_RELATIVE_SLACK = 0.05

#: A stated whole percentage agrees with its counts when |100·a/b − p| < 0.5 (it is the rounded
#: share). "ca 40 %" is a rounder figure still: writers round such shares to the nearest 5
#: points at most, so 2.5 points of slack are added on top of the 0.5.
PERCENT_ROUNDING = 0.5
APPROX_PERCENT_SLACK = 2.5

#: Counts of persons are exact; float noise only.
EPS = 1e-6

#: Percent figures of one population split by sex (61 % kvinnor, 39 % män) sum to 100 within
#: the rounding of each stated share (0.5 point each).
SEX_BREAKDOWNS = ("kvinnor", "män", "kvinna", "man", "flickor", "pojkar", "ickebinära", "annat")

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

#: Partitions that must add up to a stated count, and the count they must add up to. Support at
#: intake/exit is deliberately absent: a participant can have several kinds of support at once
#: (the interim report says so in a footnote), so those rows may exceed the participants.
PARTS_OF = {"exits_by_reason": "exits", "intake_time_in_support": "participants_new"}

MEASURE_LABELS_SV = {
    "allocation": "medelstilldelning",
    "request": "äskande",
    "grant": "beviljat bidrag",
    "budget_cost": "budgeterade kostnader",
    "actual_cost": "utfall kostnader",
    "forecast_cost": "prognos kostnader",
    "budget_income": "budgeterade intäkter",
    "actual_income": "utfall intäkter",
    "forecast_income": "prognos intäkter",
    "budget_result": "budgeterat resultat",
    "actual_result": "resultat (utfall)",
    "forecast_result": "prognostiserat resultat",
    "budget_deviation": "avvikelse mot budget",
    "forecast_deviation": "prognosavvikelse",
    "equity": "eget kapital",
    "fee": "avgift",
    "cost_share": "kostnadsandel",
    "participants": "deltagare",
    "participants_new": "nya deltagare",
    "participants_share": "andel deltagare",
    "exits": "avslutade deltagare",
    "exits_by_reason": "avslut per anledning",
    "exit_share_work_study": "andel avslut till arbete/studier",
    "exit_share_work": "andel avslut till arbete",
    "support_at_intake": "försörjning vid inskrivning",
    "support_at_exit": "försörjning vid avslut",
    "intake_time_in_support": "tid i offentlig försörjning vid inskrivning",
    "training_participants": "utbildningsdeltagare",
    "time_in_program_months": "tid i insatsen (månader)",
    "time_in_support_before_start_years": "tid i försörjning före start (år)",
    "share_long_term_support": "andel långvarigt försörjda",
    "queue_length": "personer i kö",
    "wait_time": "väntetid",
}


def measure_label(measure: str | None) -> str:
    """The Swedish label of a measure for messages (``request`` → ``äskande``)."""
    if measure is None:
        return "–"
    return MEASURE_LABELS_SV.get(measure, measure.replace("_", " "))


# --- the figure as written: unit word, scale and rounding step --------------------------------

_NUMBER = r"(\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:,\d+)?|\d+(?:,\d+)?)"
_UNIT_WORD = (
    r"(?i)(tkr|tusen\s+kronor|mnkr|mkr|milj(?:oner|\.)?(?:\s+kr(?:onor)?)?|miljarder|kr|kronor|%"
    r"|procent|promille|‰)"
)


def with_written_form(facts: pl.DataFrame | pl.LazyFrame) -> pl.LazyFrame:
    """Add ``scale``, ``step`` and ``unit_word`` to facts, derived from ``raw``.

    ``scale`` is kronor (or units) per written unit (``120 tkr`` → 1000), ``step`` the rounding
    step of the figure as written in value units (``6,3 milj kr`` → 100 000; an exact count → 0),
    ``unit_word`` the money/percent word written with it (``tkr``), or null.
    """
    lf = facts.lazy()
    number = pl.col("raw").str.extract(_NUMBER, 1)
    parsed = number.str.replace_all(r"[ \u00a0\u202f]", "").str.replace(",", ".").cast(pl.Float64)
    decimals = number.str.extract(r",(\d+)$", 1).str.len_chars().fill_null(0)
    scale = (
        pl.when(parsed.is_not_null() & (parsed != 0))
        .then((pl.col("value").abs() / parsed).round(6))
        .otherwise(1.0)
    )
    counted = pl.col("unit").is_in(["persons", "count"]) & (decimals == 0) & (scale == 1.0)
    step = pl.when(counted).then(0.0).otherwise(scale * (10.0 ** (-decimals.cast(pl.Float64))))
    return lf.with_columns(
        scale=scale,
        step=step,
        unit_word=pl.col("raw").str.extract(_UNIT_WORD, 1).str.to_lowercase(),
        is_total=pl.col("is_total").fill_null(False),
    )


_SCALE_WORDS = {1000.0: "tkr", 1_000_000.0: "mnkr"}


def written(
    value: float | None, unit: str | None, scale: float = 1.0, word: str | None = None
) -> str:
    """A value shown the way its source wrote it (``6 316 tkr``), else in its unit (``96 personer``).

    >>> written(6_316_000, "SEK", 1000, "tkr")
    '6\\xa0316\\xa0tkr'
    >>> written(26, "persons")
    '26\\xa0personer'
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if unit == "SEK" and not word:
        # a figure under a "(tkr)" header is written without a unit word of its own
        word = _SCALE_WORDS.get(scale)
    if unit == "SEK" and word and scale and scale != 1.0:
        shown = value / scale
        decimals = 0 if abs(shown - round(shown)) < 1e-9 else 1
        return f"{fmt.format_number(shown, decimals)}{fmt.NBSP}{word}"
    return fmt.format_value(value, unit)


# --- helpers ---------------------------------------------------------------------------------


def _empty() -> pl.DataFrame:
    return pl.DataFrame(schema=CHECK_SCHEMA)


def _finish(rows: Sequence[Mapping[str, object]]) -> pl.DataFrame:
    if not rows:
        return _empty()
    data = {name: [row.get(name) for row in rows] for name in CHECK_SCHEMA.names()}
    return pl.DataFrame(data, schema=CHECK_SCHEMA)


_PROVENANCE = (
    "forbund_id",
    "doc_id",
    "source",
    "section",
    "quote",
    "char_start",
    "char_end",
    "measure",
)


def _where(row: Mapping[str, object]) -> dict[str, object]:
    return {key: row.get(key) for key in _PROVENANCE}


def _addends(lf: pl.LazyFrame, key: Sequence[str]) -> pl.LazyFrame:
    """Mark the rows that add up to a total within ``key``.

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
                maintain_order="left")
        .with_columns(
            addend=~pl.col("is_total")
            & (pl.col("parent_subject").is_null() | pl.col("parent_has_value").is_null())
        )
        .drop("parent_has_value")
    )


def _line(subject: object, value: float, unit: str, scale: float, word: str | None) -> str:
    label = subject if subject else "(utan rubrik)"
    return f"{label} {written(value, unit, scale, word)}"


# --- 1. rows against their stated total ------------------------------------------------------


def group_sums(facts: pl.DataFrame) -> pl.DataFrame:
    """Rows of a table column / list against the group's stated total (``is_total``).

    Partition: document, ``group_id``, measure, unit and breakdown, so that a budget table whose
    cost and income rows share a column is summed per measure. Tolerance: half a rounding step
    of every figure involved (``2 500 tkr`` is any value within ±500 kr, a whole-krona figure
    within ±0,50 kr; counts are exact), plus 5 % of the total where a figure is "ca". A total
    written as a ceiling (``max``, ``upp till``) is only exceeded, never under-run.
    """
    key = ["doc_id", "group_id", "measure", "unit", "breakdown"]
    lf = _addends(
        with_written_form(facts).filter(
            pl.col("group_id").is_not_null() & pl.col("value").is_not_null()
        ),
        key,
    )
    totals = (
        lf.filter(pl.col("is_total"))
        .group_by(key)
        .agg(
            pl.col("value").n_unique().alias("n_total_values"),
            pl.all().exclude(key).first(),
        )
        .filter(pl.col("n_total_values") == 1)
        .drop("n_total_values", "addend")
    )
    parts = (
        lf.filter(pl.col("addend"))
        .group_by(key)
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
        )
    )
    joined = (
        totals.join(parts, on=key, how="inner", nulls_equal=True)
        .filter((pl.col("n_parts") >= 2) & ~pl.col("parts_bound"))
        .collect()
    )
    rows = []
    for row in joined.iter_rows(named=True):
        total, parts_sum = row["value"], row["parts_sum"]
        qualifier = row["qualifier"]
        tolerance = row["parts_rounding"] + 0.5 * row["step"] + EPS
        if qualifier == "approx" or row["parts_approx"]:
            tolerance += APPROX_RELATIVE_SLACK * abs(total)
        # A subtotal row the extractor did not mark ("Summa personal" inside the column) makes
        # the rows count twice; the column then adds up either over its leaves or over its
        # subtotals, and either reading is accepted rather than a false alarm.
        subtotals = sum(
            v
            for subj, v in zip(row["part_subjects"], row["part_values"], strict=True)
            if isinstance(subj, str) and _SUBTOTAL.match(subj)
        )
        readings = [parts_sum]
        if any(isinstance(x, str) and _SUBTOTAL.match(x) for x in row["part_subjects"]):
            readings += [parts_sum - subtotals, subtotals]
        deviation = min(_sum_deviation(r, total, qualifier) for r in readings)
        unit, scale, word = row["unit"], row["scale"], row["unit_word"]
        observed = written(parts_sum, unit, scale, word)
        expected = written(total, unit, scale, word)
        lines = ", ".join(
            _line(s, v, unit, sc, w)
            for s, v, sc, w in zip(
                row["part_subjects"],
                row["part_values"],
                row["part_scales"],
                row["part_words"],
                strict=True,
            )
        )
        what = measure_label(row["measure"])
        if row["breakdown"]:
            what += f" ({row['breakdown']})"
        message = (
            f"Raderna för {what} summerar till {observed}, men den angivna summan är {expected} "
            f"(skillnad {written(parts_sum - total, unit, scale, word)}). Ingående rader: {lines}."
        )
        rows.append(
            {
                "check": "group_sum",
                "severity": "warning",
                "table": "facts",
                **_where(row),
                "observed": observed,
                "expected": expected,
                "deviation": deviation,
                "tolerance": tolerance,
                "message": message,
            }
        )
    return _finish(rows)


_SUBTOTAL = re.compile(r"(?i)^\s*(summa|delsumma|s:a|totalt|total)\b")


def _sum_deviation(parts_sum: float, total: float, qualifier: str | None) -> float:
    # A total written as a ceiling ("max", "knappt") is only exceeded; a floor only under-run.
    if qualifier in ("max", "below"):
        return max(0.0, parts_sum - total)
    if qualifier == "above":
        return max(0.0, total - parts_sum)
    return abs(parts_sum - total)


# --- 2. women + men = persons ----------------------------------------------------------------


def _sex(col: str) -> pl.Expr:
    return pl.col(col).str.to_lowercase().str.strip_chars()


def breakdown_sums(facts: pl.DataFrame) -> pl.DataFrame:
    """For each subject, the ``kvinnor``/``män`` rows against the row without a breakdown.

    Matched across groups on document, section, measure, subject, unit and period. Only counts
    (persons, count) are summed; percentages are :func:`share_sums`. Counts are exact.
    """
    key = ["doc_id", "section", "measure", "subject", "unit", "period_start", "period_end"]
    lf = (
        with_written_form(facts)
        .filter(pl.col("unit").is_in(["persons", "count"]) & pl.col("value").is_not_null())
        .filter(pl.col("qualifier").is_null() | (pl.col("qualifier") == "exact"))
    )
    # Every breakdown of the subject must be a sex: a further split (age, "ej angivet") means
    # women + men need not make the whole, so no check rather than a false alarm.
    split = (
        lf.filter(pl.col("breakdown").is_not_null())
        .group_by(key)
        .agg(
            pl.col("value").sum().alias("parts_sum"),
            _sex("breakdown").unique().alias("sexes"),
            _sex("breakdown").is_in(SEX_BREAKDOWNS).all().alias("all_sex"),
            pl.len().alias("n_parts"),
            pl.col("breakdown").alias("part_breakdowns"),
            pl.col("value").alias("part_values"),
        )
        .filter(
            pl.col("all_sex")
            & pl.col("sexes").list.contains("kvinnor")
            & pl.col("sexes").list.contains("män")
            & (pl.col("sexes").list.len() == pl.col("n_parts"))
        )
    )
    whole = (
        lf.filter(pl.col("breakdown").is_null())
        .group_by(key)
        .agg(pl.col("value").n_unique().alias("n_values"), pl.all().exclude(key).first())
        .filter(pl.col("n_values") == 1)
    )
    joined = whole.join(split, on=key, how="inner", nulls_equal=True).collect()
    rows = []
    for row in joined.iter_rows(named=True):
        unit = row["unit"]
        observed, expected = written(row["parts_sum"], unit), written(row["value"], unit)
        parts = " + ".join(
            f"{written(v, unit)} {b}"
            for b, v in zip(row["part_breakdowns"], row["part_values"], strict=True)
        )
        subject = f" för {row['subject']}" if row["subject"] and row["subject"] != "total" else ""
        rows.append(
            {
                "check": "breakdown_sum",
                "severity": "warning",
                "table": "facts",
                **_where(row),
                "observed": observed,
                "expected": expected,
                "deviation": abs(row["parts_sum"] - row["value"]),
                "tolerance": EPS,
                "message": (
                    f"{measure_label(row['measure']).capitalize()}{subject}: {parts} = {observed}, "
                    f"men raden utan uppdelning anger {expected}."
                ),
            }
        )
    return _finish(rows)


def share_sums(facts: pl.DataFrame) -> pl.DataFrame:
    """Percent shares of one population split by sex (61 % kvinnor, 39 % män) sum to 100.

    Tolerance: 0.5 point of rounding per stated share (plus 2.5 points each for a "ca" share).
    """
    key = ["doc_id", "section", "measure", "subject", "period_start", "period_end"]
    lf = with_written_form(facts).filter(
        (pl.col("unit") == "percent") & pl.col("breakdown").is_not_null()
    )
    grouped = (
        lf.group_by(key)
        .agg(
            pl.col("value").sum().alias("parts_sum"),
            _sex("breakdown").unique().alias("sexes"),
            _sex("breakdown").is_in(SEX_BREAKDOWNS).all().alias("all_sex"),
            pl.len().alias("n_parts"),
            (pl.col("qualifier") == "approx").sum().alias("n_approx"),
            pl.col("qualifier").is_in(["max", "below", "above"]).any().alias("bound"),
            pl.col("breakdown").alias("breakdowns"),
            pl.col("value").alias("part_values"),
            pl.all().exclude(key).first(),
        )
        .filter(
            pl.col("all_sex")
            & pl.col("sexes").list.contains("kvinnor")
            & pl.col("sexes").list.contains("män")
            & (pl.col("sexes").list.len() == pl.col("n_parts"))
            & ~pl.col("bound")
        )
        .collect()
    )
    rows = []
    for row in grouped.iter_rows(named=True):
        observed = fmt.format_percent(row["parts_sum"], 0 if row["parts_sum"] % 1 == 0 else 1)
        parts = " + ".join(
            f"{fmt.format_percent(v, 0 if v % 1 == 0 else 1)} {b}"
            for b, v in zip(row["breakdowns"], row["part_values"], strict=True)
        )
        rows.append(
            {
                "check": "share_sum",
                "severity": "warning",
                "table": "facts",
                **_where(row),
                "observed": observed,
                "expected": fmt.format_percent(100),
                "deviation": abs(row["parts_sum"] - 100.0),
                "tolerance": PERCENT_ROUNDING * row["n_parts"]
                + APPROX_PERCENT_SLACK * row["n_approx"]
                + EPS,
                "message": f"Andelarna {parts} summerar till {observed}, inte 100 %.",
            }
        )
    return _finish(rows)


# --- 3. a stated share against its counts ----------------------------------------------------


def _share_tolerance(qualifier: str | None) -> float:
    return PERCENT_ROUNDING + (APPROX_PERCENT_SLACK if qualifier == "approx" else 0.0) + EPS


def _share_deviation(share: float, stated: float, qualifier: str | None) -> float:
    # One-sided for bounds: "knappt 40 %" / "max 40 %" is only wrong above, "över 40 %" below.
    if qualifier in ("max", "below"):
        return max(0.0, share - stated)
    if qualifier == "above":
        return max(0.0, stated - share)
    return abs(share - stated)


_OF = re.compile(
    r"(?<![\d,])(\d{1,3}(?:[ \u00a0\u202f]\d{3})*|\d+)\s+av\s+(?:totalt\s+|de\s+|dessa\s+"
    r"|samtliga\s+|alla\s+)?(\d{1,3}(?:[ \u00a0\u202f]\d{3})*|\d+)(?![\d,])(?!\s*%)"
)


def _states(quote: object, number: float) -> bool:
    """Whether ``quote`` writes the whole number ``number`` (thousands separators allowed)."""
    if not isinstance(quote, str) or number != int(number):
        return False
    compact = re.sub(r"(?<=\d)[ \u00a0\u202f](?=\d{3}\b)", "", quote)
    return re.search(rf"(?<![\d,]){int(number)}(?![\d,])", compact) is not None


def _int(text: str) -> int:
    return int(re.sub(r"[ \u00a0\u202f]", "", text))


def share_counts(facts: pl.DataFrame) -> pl.DataFrame:
    """A stated share against the counts it is a share of.

    Two forms are recognised: a sentence that states both ("52 av 127 deltagare (40 %)"), and a
    share by sex (61 % kvinnor) against the counts by sex (``participants`` ``kvinnor`` = 59 of
    96) in the same document and period. Tolerance: |100·a/b − p| < 0.5 (a whole percent is the
    rounded share), +2.5 points for "ca"; "knappt"/"max"/"över" are one-sided.
    """
    f = with_written_form(facts).collect()
    rows: list[dict[str, object]] = []
    percent = f.filter((pl.col("unit") == "percent") & pl.col("value").is_not_null())

    # (a) "a av b … p %" in the quote of the percent figure.
    stated = percent.filter(pl.col("quote").str.contains(r"\d\s+av\s+"))
    for row in stated.iter_rows(named=True):
        matches = _OF.findall(row["quote"])
        if len(matches) != 1:
            continue  # none, or ambiguous: which count is the share of which is not clear
        a, b = (_int(x) for x in matches[0])
        if b == 0 or a > b:
            continue
        share = 100.0 * a / b
        rows.append(_share_row(row, share, f"{a} av {b}"))

    # (b) a share by sex against the counts by sex.
    by_sex = percent.filter(
        _sex("breakdown").is_in(SEX_BREAKDOWNS) | _sex("subject").is_in(SEX_BREAKDOWNS)
    )
    if by_sex.height:
        counts = f.filter(
            pl.col("unit").is_in(["persons", "count"]) & pl.col("value").is_not_null()
        )
        whole_subject = (
            pl.col("is_total")
            | pl.col("subject").is_null()
            | (pl.col("subject").str.to_lowercase() == "total")
        )
        for row in by_sex.iter_rows(named=True):
            base = row["measure"].removesuffix("_share")
            sex = (row["breakdown"] or row["subject"] or "").strip().lower()
            same = counts.filter(
                (pl.col("doc_id") == row["doc_id"])
                & (pl.col("measure") == base)
                & pl.col("period_start").eq_missing(row["period_start"])
                & pl.col("period_end").eq_missing(row["period_end"])
                & whole_subject
            )
            numer = same.filter(_sex("breakdown") == sex)["value"].unique()
            denom = same.filter(pl.col("breakdown").is_null())["value"].unique()
            if len(numer) != 1 or len(denom) != 1 or denom[0] == 0:
                continue
            a, b = numer[0], denom[0]
            if not _states(row["quote"], b):
                # The share must be stated of that population ("96 personer (61 % kvinnor)"):
                # "61 % av de nya deltagarna" is a share of another whole.
                continue
            rows.append(
                _share_row(
                    row, 100.0 * a / b, f"{fmt.format_number(a)} {sex} av {fmt.format_number(b)}"
                )
            )
    return _finish(rows)


def _share_row(row: Mapping[str, object], share: float, counts: str) -> dict[str, object]:
    stated = float(row["value"])  # type: ignore[arg-type]
    qualifier = row.get("qualifier")
    observed = fmt.format_percent(share, 1)
    expected = fmt.format_percent(stated, 0 if stated % 1 == 0 else 1)
    return {
        "check": "share_counts",
        "severity": "warning",
        "table": "facts",
        **_where(row),
        "observed": observed,
        "expected": expected,
        "deviation": _share_deviation(share, stated, qualifier),  # type: ignore[arg-type]
        "tolerance": _share_tolerance(qualifier),  # type: ignore[arg-type]
        "message": (
            f"Den angivna andelen {expected} stämmer inte med antalen: {counts} är {observed}."
        ),
    }


# --- 4. parts of a population against its stated count --------------------------------------


def parts_vs_totals(facts: pl.DataFrame) -> pl.DataFrame:
    """Rows that partition a population against the count stated elsewhere in the document.

    ``exits_by_reason`` rows against ``exits`` ("26 personer har avslutats"), time bands at intake
    against ``participants_new``. Matched on document and period; where the partition has its
    own stated total that total is what :func:`group_sums` checks, here the rows are summed. Only
    when the same section states exactly one such count for that period and the rows form one
    group (a count in another section may be of another team). Counts are exact. Rows written
    as a ``varav`` list ("avslutades 52 deltagare, varav 19 till arbete och 7 till studier")
    name only some of the parts: they fail only when they add up to more than the count.
    """
    f = with_written_form(facts)
    rows = []
    key = ["doc_id", "section", "period_start", "period_end"]
    for part_measure, whole_measure in PARTS_OF.items():
        parts = (
            _addends(f.filter(pl.col("measure") == part_measure), ["doc_id", "group_id"])
            .filter(pl.col("addend") & pl.col("breakdown").is_null())
            .filter(pl.col("qualifier").is_null() | (pl.col("qualifier") == "exact"))
            .group_by(key)
            .agg(
                pl.col("value").sum().alias("parts_sum"),
                pl.col("group_id").n_unique().alias("n_groups"),
                pl.len().alias("n_parts"),
                pl.col("subject").alias("part_subjects"),
                pl.col("value").alias("part_values"),
                pl.col("quote")
                .str.contains(r"(?i)\bvarav\b")
                .fill_null(False)
                .any()
                .alias("partial"),
            )
            .filter((pl.col("n_groups") == 1) & (pl.col("n_parts") >= 2))
        )
        whole = (
            f.filter(
                (pl.col("measure") == whole_measure)
                & pl.col("breakdown").is_null()
                & (pl.col("qualifier").is_null() | (pl.col("qualifier") == "exact"))
                & (pl.col("subject").is_null() | (pl.col("subject").str.to_lowercase() == "total"))
            )
            .group_by(key)
            .agg(pl.col("value").n_unique().alias("n_values"), pl.all().exclude(key).first())
            .filter(pl.col("n_values") == 1)
        )
        joined = whole.join(parts, on=key, how="inner", nulls_equal=True).collect()
        for row in joined.iter_rows(named=True):
            unit = row["unit"]
            observed, expected = written(row["parts_sum"], unit), written(row["value"], unit)
            lines = ", ".join(
                f"{s} {fmt.format_number(v)}"
                for s, v in zip(row["part_subjects"], row["part_values"], strict=True)
            )
            rows.append(
                {
                    "check": "parts_vs_total",
                    "severity": "warning",
                    "table": "facts",
                    **_where(row),
                    "observed": observed,
                    "expected": expected,
                    "deviation": (
                        max(0.0, row["parts_sum"] - row["value"])
                        if row["partial"]
                        else abs(row["parts_sum"] - row["value"])
                    ),
                    "tolerance": EPS,
                    "message": (
                        f"Raderna för {measure_label(part_measure)} summerar till {observed}, "
                        f"men texten anger {expected} ({measure_label(whole_measure)}). "
                        f"Rader: {lines}."
                    ),
                }
            )
    return _finish(rows)


# --- 5. income − costs = result --------------------------------------------------------------


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


def _financial() -> pl.Expr:
    subject = pl.col("subject")
    return (subject.str.contains(FINANCIAL_ROW) & ~subject.str.contains(RESULT_ROW)).fill_null(
        False
    )


def _financial_items(f: pl.LazyFrame, key: Sequence[str]) -> pl.LazyFrame:
    """Per group, the signed sum of its financial rows, and whether it could be made.

    Financial income adds to the result, financial costs (stored positive, CONTRACT §3) take
    from it, a stated net counts as written and replaces the rows it nets. A financial row of a
    measure that is neither income, cost nor result (or of no kind) cannot be signed: the
    group's ``fin_known`` is then false and its final result is not compared.
    """
    fin = f.filter(_financial())
    signed = (
        pl.when(pl.col("measure").str.ends_with("_income"))
        .then(pl.col("value"))
        .when(pl.col("measure").str.ends_with("_cost"))
        .then(-pl.col("value"))
        .when(pl.col("measure").str.ends_with("_result"))
        .then(pl.col("value"))
    )
    is_net = pl.col("subject").str.contains(FINANCIAL_NET).fill_null(False)
    return fin.group_by(key).agg(
        pl.when(is_net.any())
        .then(signed.filter(is_net).sum())
        .otherwise(signed.sum())
        .alias("v_fin"),
        signed.is_not_null().all().alias("fin_known"),
        pl.col("step").filter(signed.is_not_null()).sum().alias("s_fin"),
    )


def result_balance(facts: pl.DataFrame) -> pl.DataFrame:
    """A stated result against the stated total income and total costs of the same column.

    For each kind (budget, actual, forecast), document, section and period with exactly one
    stated total cost, one total income and one result. Tolerance: half a rounding step of each
    of the figures. Financial rows after the costs (``Finansiella intäkter``, ``Finansiella
    kostnader``, ``Finansnetto``) are added with their sign to income − costs before the final
    result (``Årets resultat``) is compared; an operating result (``Verksamhetens resultat``) is
    compared with income − costs alone. A result equal to costs − income (the exact opposite
    sign, non-zero) is reported as an error of our extraction (CONTRACT §3: result = income −
    costs), not of the document.
    """
    f = with_written_form(facts).filter(pl.col("value").is_not_null())
    key = ["doc_id", "section", "period_start", "period_end", "kind"]
    kind = pl.col("measure").str.extract(r"^(budget|actual|forecast)_", 1).alias("kind")
    f = f.with_columns(kind)
    stated_total = pl.col("is_total") | (pl.col("subject").str.to_lowercase() == "total")
    financial = _financial()
    operating = pl.col("subject").str.contains(OPERATING_RESULT).fill_null(False)

    def one(suffix: str) -> pl.LazyFrame:
        cond = pl.col("measure").str.ends_with(suffix) & stated_total.fill_null(False)
        return (
            f.filter(cond & ~financial)
            .group_by(key)
            .agg(
                pl.col("value").n_unique().alias(f"n{suffix}"),
                pl.col("value").first().alias(f"v{suffix}"),
                pl.col("step").first().alias(f"s{suffix}"),
            )
            .filter(pl.col(f"n{suffix}") == 1)
        )

    # A financial row of no kind ('other_*') in the same place still changes the final result.
    unsigned = (
        f.filter(financial & pl.col("kind").is_null())
        .select(key[:-1])
        .unique()
        .with_columns(fin_unsigned=pl.lit(True))
    )
    results = (
        f.filter(pl.col("measure").str.ends_with("_result") & ~financial)
        .with_columns(operating=operating)
        .group_by([*key, "operating"])
        .agg(pl.col("value").n_unique().alias("n_result"), pl.all().exclude(key).first())
        .filter(pl.col("n_result") == 1)
    )
    joined = (
        results.join(one("_cost"), on=key, how="inner", nulls_equal=True)
        .join(one("_income"), on=key, how="inner", nulls_equal=True)
        .join(_financial_items(f, key), on=key, how="left", nulls_equal=True)
        .join(unsigned, on=key[:-1], how="left", nulls_equal=True)
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
        tolerance = 0.5 * (row["step"] + row["s_cost"] + row["s_income"]) + EPS
        if with_fin:
            tolerance += 0.5 * (row["s_fin"] or 0.0)
        scale, word = row["scale"], row["unit_word"]
        observed = written(stated, "SEK", scale, word)
        expected = written(computed, "SEK", scale, word)
        sign_flip = abs(stated) > tolerance and abs(stated + computed) <= tolerance
        base = {
            **_where(row),
            "table": "facts",
            "observed": observed,
            "expected": expected,
            "deviation": abs(stated - computed),
            "tolerance": tolerance,
        }
        if sign_flip:
            rows.append(
                {
                    **base,
                    "check": "result_sign",
                    "severity": "error",
                    "message": (
                        f"Resultatet ({measure_label(row['measure'])}) har lagrats som {observed} "
                        f"men intäkter − kostnader är {expected}: tecknet är omvänt. Detta är ett "
                        "fel i finsams tolkning (resultat ska vara intäkter minus kostnader), inte "
                        "i dokumentet."
                    ),
                }
            )
            continue
        fin_text = (
            f" plus finansiella poster {written(fin, 'SEK', scale, word)}" if with_fin else ""
        )
        rows.append(
            {
                **base,
                "check": "result_balance",
                "severity": "warning",
                "message": (
                    f"Angivet {measure_label(row['measure'])} är {observed}, men intäkterna "
                    f"{written(row['v_income'], 'SEK', scale, word)} minus kostnaderna "
                    f"{written(row['v_cost'], 'SEK', scale, word)}{fin_text} blir {expected}."
                ),
            }
        )
    return _finish(rows)


# --- 6. unit slips: a single grant or request out of scale ----------------------------------


def _families(forbund: pl.DataFrame) -> pl.DataFrame:
    """forbund_id → family (the last successor in its lineage), from the forbund table."""
    successor = dict(
        zip(forbund["forbund_id"].to_list(), forbund["successor_id"].to_list(), strict=True)
    )

    def root(fid: str) -> str:
        seen = [fid]
        while (nxt := successor.get(seen[-1])) and nxt not in seen:
            seen.append(nxt)
        return seen[-1]

    ids = forbund["forbund_id"].to_list()
    return pl.DataFrame(
        {"forbund_id": ids, "family": [root(i) for i in ids]},
        schema={"forbund_id": pl.String, "family": pl.String},
    )


def unit_slips(
    facts: pl.DataFrame,
    forbund: pl.DataFrame | None = None,
    decisions: pl.DataFrame | None = None,
    documents: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """A single grant or request larger than the förbund's whole year: a likely unit slip.

    Reference scale: the förbund's annual allocation or whole-year budget as its documents state
    them (``allocation``, and budget/forecast income or costs stated for the whole förbund: a
    total row or a figure without a subject), from any of its documents or, failing those, of its
    lineage (a predecessor or successor, ``forbund.successor_id``); the largest such figure of
    any year is the scale. The largest, because a small "budget" for one project must not pass
    for the förbund's year; any year, because a unit slip is a factor of a thousand while
    allocations change by a fraction from year to year. A single grant or request is a part of
    the förbund's year, so exceeding the whole is not plausible. A figure for several calendar years is compared with
    that many years. No reference, no check: nothing is guessed. Grants stated only in
    ``decisions.amount_sek`` are checked too, unless a fact of the same document states the same
    amount.
    """
    f = with_written_form(facts).with_columns(
        year=pl.coalesce(pl.col("period_start").dt.year(), pl.col("period_end").dt.year()),
        years=(pl.col("period_end").dt.year() - pl.col("period_start").dt.year() + 1)
        .fill_null(1)
        .clip(lower_bound=1),
    )
    whole = (
        pl.col("is_total")
        | pl.col("subject").is_null()
        | (pl.col("subject").str.to_lowercase() == "total").fill_null(False)
    )
    candidates = f.filter(
        pl.col("measure").is_in(SINGLE_AMOUNT_MEASURES)
        & (pl.col("unit") == "SEK")
        & ~pl.col("is_total")
        & (pl.col("subject").is_null() | (pl.col("subject").str.to_lowercase() != "total"))
        & pl.col("value").is_not_null()
    ).collect()
    if decisions is not None and decisions.height:
        extra = _decision_candidates(decisions, documents, candidates)
        if extra.height:
            candidates = pl.concat([candidates, extra], how="diagonal_relaxed")
    if candidates.height == 0:
        return _empty()

    references = f.filter(
        pl.col("measure").is_in(YEAR_SCALE_MEASURES)
        & (pl.col("unit") == "SEK")
        & whole
        & pl.col("value").is_not_null()
        & (pl.col("value") > 0)
        & ~pl.col("qualifier").is_in(["max", "below", "above"]).fill_null(False)
    ).select(
        "forbund_id",
        "doc_id",
        pl.col("year").alias("ref_year"),
        (pl.col("value") / pl.col("years")).alias("ref_value"),
        pl.col("measure").alias("ref_measure"),
        pl.col("quote").alias("ref_quote"),
        pl.col("source").alias("ref_source"),
    )
    if forbund is not None and forbund.height:
        families = _families(forbund).lazy()
    else:
        families = pl.LazyFrame(schema={"forbund_id": pl.String, "family": pl.String})

    def with_family(lf: pl.LazyFrame) -> pl.LazyFrame:
        # A document without a förbund is its own family: only its own figures are a scale.
        return lf.join(families, on="forbund_id", how="left", maintain_order="left").with_columns(
            family=pl.coalesce("family", "forbund_id", pl.lit("doc:") + pl.col("doc_id"))
        )

    # Only the largest figure per förbund of a family can be a candidate's scale (see below),
    # so keep just that one: joining every candidate with every reference of its family grew
    # with the square of a förbund's documents (8 GB at national scale).
    references = (
        with_family(references)
        .rename({"forbund_id": "ref_forbund_id", "doc_id": "ref_doc_id"})
        .sort(["ref_value", "ref_doc_id", "ref_quote"], descending=[True, False, False],
              nulls_last=True)
        .group_by(["family", "ref_forbund_id"], maintain_order=True)
        .first()
    )
    cand = with_family(candidates.lazy()).with_columns(row_nr=pl.int_range(pl.len()))
    checked = (
        cand.join(references, on="family", how="inner")
        .with_columns(
            other_forbund=(pl.col("ref_forbund_id") != pl.col("forbund_id")).fill_null(True),
        )
        .sort(["row_nr", "other_forbund", "ref_value"], descending=[False, False, True])
        .group_by("row_nr", maintain_order=True)
        .first()
        .collect()
    )
    rows = []
    for row in checked.iter_rows(named=True):
        years = int(row["years"] or 1)
        limit = row["ref_value"] * years
        value = row["value"]
        raw = row.get("raw")
        shown = fmt.format_sek(value) + (f" (skrivet ”{raw}”)" if raw else "")
        ref = fmt.format_sek(row["ref_value"])
        when = f" för {row['ref_year']}" if row.get("ref_year") else ""
        if row["ref_measure"] == "allocation":
            against = f"förbundets hela årliga medelstilldelning, {ref}{when}"
        else:
            against = (
                f"förbundets hela årsbudget, {ref} i {measure_label(row['ref_measure'])}{when}"
            )
        if years > 1:
            against += f" gånger {years} år"
        hint = ""
        word = (row.get("unit_word") or "").lower()
        meant = (
            "kr"
            if word == "tkr"
            else "tkr"
            if word in ("mkr", "mnkr") or word.startswith("milj")
            else None
        )
        if meant and value / 1000.0 <= limit:
            # one step down the scale (tkr → kr, mkr → tkr) is what the figure most likely meant
            hint = (
                f" Troligen en enhetsmiss: {word} skrivet där {meant} avsågs "
                f"({fmt.format_sek(value / 1000.0)})."
            )
        rows.append(
            {
                "check": "unit_slip",
                "severity": "warning",
                "table": row.get("table_name") or "facts",
                **_where(row),
                "observed": fmt.format_sek(value),
                "expected": f"högst {fmt.format_sek(limit)}",
                "deviation": float(value),
                "tolerance": float(limit),
                "message": (
                    f"Ett enskilt {measure_label(row['measure'])} på {shown} är större än "
                    f"{against}, vilket inte är rimligt.{hint}"
                ),
            }
        )
    return _finish(rows)


def _decision_candidates(
    decisions: pl.DataFrame, documents: pl.DataFrame | None, facts: pl.DataFrame
) -> pl.DataFrame:
    grants = decisions.filter(
        (pl.col("kind") == "grant")
        & pl.col("amount_sek").is_not_null()
        & pl.col("doc_id").is_not_null()
    )
    if grants.height == 0:
        return pl.DataFrame()
    stated = facts.select("doc_id", pl.col("value").alias("amount_sek")).unique()
    grants = grants.join(stated, on=["doc_id", "amount_sek"], how="anti")
    if documents is not None and documents.height:
        grants = grants.join(documents.select("doc_id", "source"), on="doc_id", how="left")
    else:
        grants = grants.with_columns(source=pl.lit(None, pl.String))
    return grants.select(
        "forbund_id",
        "doc_id",
        "source",
        pl.format("§ {}", pl.col("item_no")).alias("section"),
        pl.lit("grant").alias("measure"),
        pl.lit("SEK").alias("unit"),
        pl.col("amount_sek").alias("value"),
        pl.col("text").alias("quote"),
        "char_start",
        "char_end",
        pl.col("meeting_date").dt.year().alias("year"),
        pl.lit(1).alias("years"),
        pl.col("text").str.extract(_UNIT_WORD, 1).str.to_lowercase().alias("unit_word"),
        pl.lit(None, pl.String).alias("raw"),
        pl.lit("decisions").alias("table_name"),
    )


# --- all of them -----------------------------------------------------------------------------


def consistency(tables: Mapping[str, pl.DataFrame]) -> pl.DataFrame:
    """Every consistency check on ``tables``: one row per evaluated instance (CHECK_SCHEMA).

    A row fails when ``deviation > tolerance``; the ``consistency`` GX suite decides that.
    """
    facts = tables.get("facts")
    if facts is None or facts.height == 0:
        return _empty()
    # Document order, so that rows listed in a message (and the first row of a group) are the
    # same whatever order the table arrived in (an incremental build concatenates differently).
    facts = facts.sort("doc_id", "char_start", "measure", "subject", "breakdown", "value",
                       nulls_last=True, maintain_order=True)  # fmt: skip
    parts = [
        group_sums(facts),
        breakdown_sums(facts),
        share_sums(facts),
        share_counts(facts),
        parts_vs_totals(facts),
        result_balance(facts),
        unit_slips(facts, tables.get("forbund"), tables.get("decisions"), tables.get("documents")),
    ]
    # A stable order (group_by gives groups in no particular order): the findings, and the
    # content keys of the reports that show them, must not change when the data did not.
    return pl.concat(parts, how="vertical").sort(
        ["doc_id", "char_start", "check", "measure", "message"], nulls_last=True
    )
