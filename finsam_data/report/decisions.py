"""Decisions (beslut and the deck): grants, deferrals, referrals and mandates with their status.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

import polars as pl

from finsam_data.report.loader import Tables, for_forbund, lineage
from finsam_data.report.vocabulary import DECISION_KIND_LABEL


def decision_tracker(decisions: pl.DataFrame, items: pl.DataFrame, meetings: pl.DataFrame,
                     forbund: pl.DataFrame) -> pl.DataFrame:
    """Grants, deferrals, referrals back and mandates, with whether each is still open.

    A matter is identified by its diarienummer (``dnr``) where the agenda item has one, else by
    the item's title. Status, as of the latest meeting of the förbund or its successors:

    - ``grant``: ``Beviljat``;
    - ``defer``/``refer_back``: ``Avgjort <datum>`` when a later decision on the same matter is
      neither a deferral nor a referral; otherwise ``Öppen`` (``Öppen, skulle tas upp <datum>``
      when the meeting it was deferred to has passed);
    - ``mandate``: ``Öppen, klar senast <datum>``; ``Deadline passerad <datum>`` when the deadline
      is on or before the latest meeting; ``Avgjort`` when the matter was decided later.
    """
    wanted = ("grant", "defer", "refer_back", "mandate")
    item_cols = items.select("forbund_id", "meeting_date", "item_no", "title", "dnr")
    matter = pl.coalesce("dnr", pl.col("title").str.to_lowercase()).alias("matter")
    all_dec = decisions.join(item_cols, on=["forbund_id", "meeting_date", "item_no"],
                             how="left").with_columns(matter)
    dec = all_dec.filter(pl.col("kind").is_in(wanted)).with_row_index("_row")
    latest_meeting = _latest_meeting_by_lineage(meetings, decisions, forbund)
    settled = _settled_on(dec, all_dec, forbund)
    rows = []
    for row in dec.iter_rows(named=True):
        as_of = latest_meeting.get(row["forbund_id"])
        status, is_open = _status(row, settled.get(row["_row"]), as_of)
        rows.append({**row, "status": status, "open": is_open, "as_of": as_of})
    dec = dec.drop("_row")
    for row in rows:
        del row["_row"]
    schema_extra = {"status": pl.String, "open": pl.Boolean, "as_of": pl.Date}
    if not rows:
        return dec.with_columns(
            [pl.lit(None, dtype=d).alias(c) for c, d in schema_extra.items()]
        ).with_columns(kind_label=pl.lit(None, pl.String))
    out = pl.DataFrame(rows, schema={**dict(dec.schema), **schema_extra})
    return out.with_columns(
        kind_label=pl.col("kind").replace_strict(DECISION_KIND_LABEL, return_dtype=pl.String)
    ).sort("forbund_id", "meeting_date", "item_no")


def _settled_on(dec: pl.DataFrame, all_dec: pl.DataFrame,
                forbund: pl.DataFrame) -> dict[int, dt.date]:
    """The first later meeting at which each decision's matter was decided (neither deferred
    nor referred back), by the förbund or by a förbund it later became: ``{_row: date}``.

    The same diarienummer or title in another förbund is another matter (at national scale
    many förbund have an item called "Budget 2025").
    """
    registered = set(forbund["forbund_id"].to_list())
    pairs = []
    for fid in dec["forbund_id"].unique().drop_nulls().to_list():
        chain = lineage(forbund, fid) if fid in registered else [fid]
        pairs += [(fid, later) for later in chain[chain.index(fid):]]
    if not pairs:
        return {}
    reach = pl.DataFrame(pairs, schema={"forbund_id": pl.String, "_by": pl.String}, orient="row")
    deciding = (
        all_dec.filter(pl.col("matter").is_not_null() & pl.col("meeting_date").is_not_null()
                       & ~pl.col("kind").is_in(["defer", "refer_back"]))
        .select(pl.col("forbund_id").alias("_by"), "matter", pl.col("meeting_date").alias("_on"))
        .unique().sort("_on")
    )
    asked = (
        dec.filter(pl.col("matter").is_not_null() & pl.col("meeting_date").is_not_null())
        .select("_row", "forbund_id", "matter", "meeting_date")
        .join(reach, on="forbund_id")
        .sort("meeting_date")
    )
    # The first deciding meeting after each decision, per förbund it may have been decided by
    # (an as-of join: a matter that comes back at every meeting would pair every meeting with
    # every other in a plain join).
    found = (
        asked.join_asof(deciding, left_on="meeting_date", right_on="_on", by=["_by", "matter"],
                        strategy="forward", allow_exact_matches=False, check_sortedness=False)
        .filter(pl.col("_on").is_not_null())
        .group_by("_row").agg(pl.col("_on").min())
    )
    return dict(found.iter_rows())


def deadline_in_words(text: str | None, meeting_date: dt.date | None) -> dt.date | None:
    """A deadline the decision writes in words ("vid NNS medlemsmöte den 24 november"): the
    first date written in the text on or after the meeting (a date without a year takes the
    meeting's year, or the next). None when the text names no date.

    >>> deadline_in_words("rösta vid medlemsmöte den 24 november", dt.date(2023, 11, 2))
    datetime.date(2023, 11, 24)
    >>> deadline_in_words("Att godkänna rapporten", dt.date(2023, 11, 2)) is None
    True
    """
    from finsam_data.text.dates import find_dates

    if not text:
        return None
    for found in find_dates(text, ref=meeting_date):
        if meeting_date is None or found.date >= meeting_date:
            return found.date
    return None


def most_urgent_first(tracker: pl.DataFrame) -> pl.DataFrame:
    """Open matters, the most pressing first: a passed deadline or a meeting date that has
    passed, then matters with a date ahead, then the rest; newest meeting first within each.
    For a short list (a slide) that must be trimmed."""
    rank = (
        pl.when(pl.col("status").str.starts_with("Deadline passerad")
                | pl.col("status").str.contains("skulle tas upp")).then(0)
        .when(pl.col("status").str.contains(r"\d{4}-\d{2}-\d{2}")).then(1)
        .otherwise(2)
    )
    return (tracker.filter(pl.col("open")).with_columns(_rank=rank)
            .sort(["_rank", "meeting_date"], descending=[False, True], nulls_last=True,
                  maintain_order=True)
            .drop("_rank"))


def shortened(column: str, limit: int = 110) -> pl.Expr:
    """A text column cut to ``limit`` characters with an ellipsis (the whole text stays in
    the full reports); for slides."""
    col = pl.col(column)
    return (pl.when(col.str.len_chars() > limit)
            .then(pl.concat_str([col.str.slice(0, limit - 1).str.strip_chars_end(), pl.lit("…")]))
            .otherwise(col))


def _latest_meeting_by_lineage(meetings: pl.DataFrame, decisions: pl.DataFrame,
                               forbund: pl.DataFrame) -> dict[str, dt.date]:
    dates = pl.concat(
        [meetings.select("forbund_id", "meeting_date"),
         decisions.select("forbund_id", "meeting_date")]
    ).drop_nulls()
    last = {
        r["forbund_id"]: r["meeting_date"]
        for r in dates.group_by("forbund_id").agg(pl.col("meeting_date").max()).iter_rows(
            named=True
        )
    }
    out = {}
    for fid in last:
        chain = lineage(forbund, fid) if fid in set(forbund["forbund_id"].to_list()) else [fid]
        after = chain[chain.index(fid):]
        out[fid] = max(last[f] for f in after if f in last)
    return out


def _status(row: dict[str, Any], settled: dt.date | None,
            as_of: dt.date | None) -> tuple[str, bool]:
    kind = row["kind"]
    if kind == "grant":
        return "Beviljat", False
    if settled is not None:
        return f"Avgjort {settled.isoformat()}", False
    if kind in ("defer", "refer_back"):
        target = row.get("deferred_to")
        if target and as_of and target <= as_of:
            return f"Öppen, skulle tas upp {target.isoformat()}", True
        if target:
            return f"Öppen, tas upp {target.isoformat()}", True
        return "Öppen", True
    deadline = row.get("deadline") or deadline_in_words(row.get("text"), row.get("meeting_date"))
    if deadline and as_of and deadline <= as_of:
        return f"Deadline passerad {deadline.isoformat()}", True
    if deadline:
        return f"Öppen, klar senast {deadline.isoformat()}", True
    return "Öppen, ingen deadline", True


def decisions_of(t: Tables, ids: Iterable[str]) -> pl.DataFrame:
    """Decisions of the given förbund with the item's title, the document's file name (source),
    ``section`` (``§ n``) and ``kind_label``."""
    dec = for_forbund(t.decisions, ids)
    items = t.items.select("forbund_id", "meeting_date", "item_no", "title", "dnr")
    docs = t.documents.select("doc_id", "source")
    return (
        dec.join(items, on=["forbund_id", "meeting_date", "item_no"], how="left")
        .join(docs, on="doc_id", how="left")
        .with_columns(
            section=pl.when(pl.col("item_no").is_not_null())
            .then(pl.concat_str([pl.lit("§ "), pl.col("item_no").cast(pl.String)]))
            .otherwise(None),
            kind_label=pl.col("kind").replace_strict(
                DECISION_KIND_LABEL, default=pl.col("kind"), return_dtype=pl.String
            ),
        )
        .sort("meeting_date", "item_no")
    )
