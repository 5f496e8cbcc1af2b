"""Comparisons of many förbund: one figure per förbund, ranked, with its län.

A comparison page was laid out for a handful of förbund: every förbund's every period side by
side. With the whole country (about 70 förbund) that is hundreds of bars, so above
:data:`MANY_FORBUND` a comparison shows each förbund's latest figure (a full year where there
is one), ranked, the highest and lowest first (:func:`figures.ranking`), grouped by län
(:func:`figures.by_county`), and a filter to find one förbund or one län. Each förbund's
history is in its profile.

The län is the registry's (``forbund.county``); a förbund the registry does not know has no
known län and is said to have none (:data:`UNKNOWN_COUNTY`), never guessed from its name.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import polars as pl

from finsam_data.report.loader import Tables, labelled

#: More förbund than this, and a comparison shows one ranked figure per förbund instead of
#: every period side by side (the bundled corpus has five; the country about seventy).
MANY_FORBUND = 8

#: The län of a förbund the registry does not know (or gives no län for).
UNKNOWN_COUNTY = "Län okänt"


def many(ids: Sequence[str]) -> bool:
    """True when a comparison of ``ids`` needs the ranked layout (:data:`MANY_FORBUND`).

    >>> many(["a", "b", "c"]), many([str(i) for i in range(70)])
    (False, True)
    """
    return len(ids) > MANY_FORBUND


def counties(t: Tables, ids: Iterable[str] | None = None) -> dict[str, str]:
    """``forbund_id -> län`` for ``ids`` (default: every förbund in the data): the registry's
    county, else :data:`UNKNOWN_COUNTY`."""
    known = {fid: county for fid, county in t.forbund.select("forbund_id", "county").iter_rows()
             if fid and county}
    return {fid: known.get(fid, UNKNOWN_COUNTY) for fid in (t.forbund_ids if ids is None else ids)}


def with_county(df: pl.DataFrame, t: Tables) -> pl.DataFrame:
    """``df`` with ``lan``: the län of each row's förbund (:func:`counties`)."""
    names = counties(t, df["forbund_id"].unique().drop_nulls().to_list())
    return df.with_columns(lan=pl.col("forbund_id").replace_strict(
        names, default=UNKNOWN_COUNTY, return_dtype=pl.String))


def _full_year() -> pl.Expr:
    return ((pl.col("period_start").dt.month() == 1) & (pl.col("period_start").dt.day() == 1)
            & (pl.col("period_end").dt.month() == 12) & (pl.col("period_end").dt.day() == 31)
            & (pl.col("period_start").dt.year() == pl.col("period_end").dt.year()))


def latest_per_forbund(df: pl.DataFrame, t: Tables | None = None, *,
                       keys: Sequence[str] = ()) -> pl.DataFrame:
    """One row per förbund (and per ``keys``, e.g. the measure): the one for the latest full
    year where the förbund states one, else for its latest period; a later statement of the
    same period wins (rows are in statement order).

    A part-year figure (jan–aug) is compared only where the förbund gives no full year, and
    its period stays in ``label`` (``Förbund (period)``), so it is never read as a year.
    With ``t``, ``lan`` is added (:func:`with_county`).

    >>> import datetime as dt
    >>> d = pl.DataFrame({"forbund_id": ["a", "a", "a"], "forbund": ["A"] * 3,
    ...     "period": ["2023", "jan–aug 2024", "2022"], "value": [1.0, 2.0, 3.0],
    ...     "period_start": [dt.date(2023, 1, 1), dt.date(2024, 1, 1), dt.date(2022, 1, 1)],
    ...     "period_end": [dt.date(2023, 12, 31), dt.date(2024, 8, 31), dt.date(2022, 12, 31)]})
    >>> latest_per_forbund(d)["label"].to_list()
    ['A (2023)']
    """
    group = ["forbund_id", *keys]
    if df.height == 0:
        out = df
    else:
        out = (
            df.with_row_index("_order")
            .with_columns(_full=_full_year().fill_null(False))
            .sort(["_full", "period_end", "period_start", "_order"], nulls_last=False)
            .unique(subset=group, keep="last", maintain_order=True)
            .sort(group)
            .drop("_order", "_full")
        )
    if "forbund" in out.columns and "period" in out.columns:
        out = labelled(out)
    return with_county(out, t) if t is not None else out


def rank(df: pl.DataFrame, value: str = "value") -> pl.DataFrame:
    """Rows by ``value``, highest first (ties by label, then förbund id); rows without a value
    last. ``rank`` is 1 for the highest."""
    keys = [c for c in ("label", "forbund_id") if c in df.columns]
    out = df.sort([value, *keys], descending=[True] + [False] * len(keys), nulls_last=True,
                  maintain_order=True)
    return out.with_row_index("rank", offset=1)


def top_and_bottom(n_rows: int, top: int) -> list[int]:
    """Positions (0-based, in ranked order) shown when only the highest and lowest fit:
    the first ``top`` and the last ``top``; all of them when that leaves out fewer than five
    (hiding three förbund in the middle would save nothing worth a gap in the list).

    >>> top_and_bottom(70, 10)[:2], top_and_bottom(70, 10)[-1], len(top_and_bottom(70, 10))
    ([0, 1], 69, 20)
    >>> len(top_and_bottom(24, 10))
    24
    """
    if n_rows <= 2 * top + 4:
        return list(range(n_rows))
    return [*range(top), *range(n_rows - top, n_rows)]
