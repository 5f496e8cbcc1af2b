"""A stated share against its own counts, and a part of a whole larger than the whole.

Three forms: (a) a sentence that states both counts and the share ("52 av 127 deltagare
(40 %)"); (b) a share by sex (61 % kvinnor) against the counts by sex in the same document and
period; (c) a share stated with its counts: the reasons listed in its sentence against the whole
stated there ("17 avslutade; 9 gick till studier och 2 till arbete, vilket motsvarar 65 %"),
or its one part ("13 av de avslutade gick till arbete eller studier, 108 %") against the whole
stated apart in the same section (``exits``: "Tolv deltagare avslutades").
In (c) a part larger than its whole is a fault however the share was rounded.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import polars as pl

from finsam_data import fmt
from finsam_data.checks.breakdown_sum import SEX_BREAKDOWNS, sex
from finsam_data.checks.core import (
    APPROX_PERCENT_SLACK,
    EPS,
    PERCENT_ROUNDING,
    Check,
    Tables,
    exact_or_null,
    register,
    stated_total,
    tolerance_text,
    where,
    whole_subject,
)

#: A share of a count, and the count it is a share of.
WHOLE_OF = {
    "exit_share_work_study": "exits",
    "exit_share_work": "exits",
    "exits_by_reason_share": "exits",
    "participants_share": "participants",
}

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


def _tolerance(qualifier: str | None) -> float:
    # a whole percent is the rounded share: half a point; "ca" is rounder still
    return PERCENT_ROUNDING + (APPROX_PERCENT_SLACK if qualifier == "approx" else 0.0) + EPS


def _deviation(share: float, stated: float, qualifier: str | None) -> float:
    # One-sided for bounds: "knappt 40 %" / "max 40 %" is only wrong above, "över 40 %" below.
    if qualifier in ("max", "below"):
        return max(0.0, share - stated)
    if qualifier == "above":
        return max(0.0, stated - share)
    return abs(share - stated)


def _row(
    row: Mapping[str, Any], a: float, b: float, counts: str, involved: list[Any]
) -> dict[str, Any]:
    stated = float(row["value"])
    qualifier = row.get("qualifier")
    share = 100.0 * a / b
    tolerance = _tolerance(qualifier)
    deviation = _deviation(share, stated, qualifier)
    problem = f"{counts} är {fmt.format_percent(share, 1)}"
    if a > b:
        # A part cannot be larger than its whole, however the share was rounded.
        deviation = max(deviation, tolerance + (a - b))
        problem += ": delen är större än helheten"
    return {
        **where(row),
        "observed": fmt.format_percent(share, 1),
        "expected": fmt.format_percent(stated, 0 if stated % 1 == 0 else 1),
        "counts": problem,
        "deviation": deviation,
        "tolerance": tolerance,
        "tolerance_text": tolerance_text(tolerance, "percent", why="avrundning av andelen"),
        "facts": involved,
    }


def _overlaps(a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
    return (
        a["doc_id"] == b["doc_id"]
        and a["char_start"] is not None
        and b["char_start"] is not None
        and a["char_start"] < b["char_end"]
        and b["char_start"] < a["char_end"]
    )


def find(tables: Tables) -> list[dict]:
    f = tables["facts"].filter(pl.col("value").is_not_null())
    rows: list[dict[str, Any]] = []
    percent = f.filter(pl.col("unit") == "percent")

    # (a) "a av b … p %" in the quote of the percent figure.
    for row in percent.filter(pl.col("quote").str.contains(r"\d\s+av\s+")).iter_rows(named=True):
        matches = _OF.findall(row["quote"])
        if len(matches) != 1:
            continue  # none, or ambiguous: which count is the share of which is not clear
        a, b = (_int(x) for x in matches[0])
        if b == 0 or a > b:
            continue  # "3 av 2" is not a share but a ratio of other things
        rows.append(_row(row, a, b, f"{a} av {b}", [row]))

    # Each share is compared with counts of its own document only: the counts are split by
    # document once, with the conditions below computed as columns over the whole table.
    counts_in: dict[object, list[dict[str, Any]]] = {}
    counts = f.filter(pl.col("unit").is_in(["persons", "count"])).with_columns(
        _whole=(stated_total() | whole_subject()).fill_null(False),
        _sex=sex("breakdown"),
        _exact=exact_or_null().fill_null(False),
    )
    for count in counts.iter_rows(named=True):
        counts_in.setdefault(count["doc_id"], []).append(count)

    # (b) a share by sex against the counts by sex.
    by_sex = percent.filter(
        sex("breakdown").is_in(SEX_BREAKDOWNS) | sex("subject").is_in(SEX_BREAKDOWNS)
    )
    for row in by_sex.iter_rows(named=True):
        base = row["measure"].removesuffix("_share")
        who = (row["breakdown"] or row["subject"] or "").strip().lower()
        same = [
            c for c in counts_in.get(row["doc_id"], [])
            if c["measure"] == base and c["_whole"] and c["period_start"] == row["period_start"]
            and c["period_end"] == row["period_end"]
        ]  # fmt: skip
        numer = [c for c in same if c["_sex"] == who]
        denom = [c for c in same if c["breakdown"] is None]
        if len({c["value"] for c in numer}) != 1 or len({c["value"] for c in denom}) != 1:
            continue
        a, b = numer[0]["value"], denom[0]["value"]
        if b == 0 or not _states(row["quote"], b):
            # The share must be stated of that population ("96 personer (61 % kvinnor)"):
            # "61 % av de nya deltagarna" is a share of another whole.
            continue
        label = f"{fmt.format_number(a)} {who} av {fmt.format_number(b)}"
        rows.append(_row(row, a, b, label, [row, numer[0], denom[0]]))

    # (c) a share stated with its counts in its sentence: the listed parts (exit reasons) of
    # the whole stated beside them, or one part against the whole stated apart in the section.
    shares = percent.filter(pl.col("measure").is_in(list(WHOLE_OF)) & exact_or_null())
    for row in shares.iter_rows(named=True):
        base = WHOLE_OF[row["measure"]]
        beside = [
            c for c in counts_in.get(row["doc_id"], [])
            if c["section"] == row["section"] and c["period_start"] == row["period_start"]
            and c["period_end"] == row["period_end"] and c["_exact"] and c["breakdown"] is None
        ]  # fmt: skip
        inside = [c for c in beside if _overlaps(c, row)]
        listed = [c for c in inside if c["measure"] == f"{base}_by_reason"]
        wholes_in = [c for c in inside if c["measure"] == base]
        wholes_out = [c for c in beside if c["measure"] == base and not _overlaps(c, row)]
        def single(found: list[dict[str, Any]]) -> bool:
            return len({c["value"] for c in found}) == 1

        if listed and single(wholes_in):
            # "17 avslutade; 9 gick till studier och 2 till arbete, vilket motsvarar 65 %"
            parts, whole = listed, wholes_in[0]
        elif listed and not wholes_in and single(wholes_out):
            # "13 gick till arbete eller studier (108 %)" after "Tolv deltagare avslutades."
            parts, whole = listed, wholes_out[0]
        elif not listed and single(wholes_in) and single(wholes_out):
            # the same, where the sentence's count was read as the whole it is a part of
            parts, whole = wholes_in[:1], wholes_out[0]
        else:
            continue  # no single whole: which count is the share of which is unclear
        a, b = sum(c["value"] for c in parts), whole["value"]
        if b == 0 or (whole in wholes_out and _states(row["quote"], b)):
            continue  # form (a) states the whole in the same sentence
        label = f"{fmt.format_number(a)} av {fmt.format_number(b)}"
        rows.append(_row(row, a, b, label, [row, *parts, whole]))
    return rows


CHECK = register(
    Check(
        name="share_counts",
        label="Andelen stämmer inte med antalen",
        severity="warning",
        reads=("facts",),
        measures=("exit_share_work_study", "exit_share_work", "exits_by_reason_share",
                  "participants_share", "exits", "participants"),  # fmt: skip
        tolerance=(
            "|100·a/b − p| < 0,5 procentenhet (den avrundade andelen), 2,5 till för ”ca”; "
            "”knappt”, ”max” och ”över” gäller åt ena hållet; en del större än helheten är alltid fel."
        ),
        message="Den angivna andelen {expected} stämmer inte med antalen: {counts}.",
        find=find,
    )
)
