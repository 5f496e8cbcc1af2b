"""The contract's tables (CONTRACT.md §3) as polars schemas, plus the controlled vocabularies.

Every stage builds its frames with :func:`frame` so that column order and dtypes are exactly
these, whatever the stage found. Extra columns beyond the contract are documented here and are
additive: nothing in the contract is renamed or reused.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import polars as pl

DOC_KINDS = (
    "protokoll",
    "delarsrapport",
    "arsredovisning",
    "arsrapport",
    "verksamhetsplan",  # incl. budget and flerårsplan
    "verksamhetsberattelse",
    "revisionsberattelse",
    "uppfoljning",
    "beslut",  # a decision letter
    "minnesanteckningar",
    "other",
)

ATTENDANCE_ROLES = (
    "ordforande",
    "ledamot",
    "ersattare",
    "tjanstgorande_ersattare",
    "forbundschef",
    "revisor",
    "other",
)

DECISION_KINDS = ("approve", "grant", "defer", "refer_back", "elect", "mandate", "other")

UNITS = ("SEK", "persons", "percent", "promille", "days", "weeks", "months", "years", "count")

QUALIFIERS = ("exact", "approx", "max", "below", "above")

EXIT_CATEGORIES = ("work", "studies", "job_seeking", "continued_rehab", "health", "other")

#: Measure vocabulary (CONTRACT §3) with the unit family each measure may carry.
MEASURES: dict[str, tuple[str, ...]] = {
    # money
    "allocation": ("SEK",),
    "request": ("SEK",),
    "grant": ("SEK",),
    "budget_cost": ("SEK",),
    "actual_cost": ("SEK",),
    "forecast_cost": ("SEK",),
    "budget_income": ("SEK",),
    "actual_income": ("SEK",),
    "forecast_income": ("SEK",),
    "budget_result": ("SEK",),
    "actual_result": ("SEK",),
    "forecast_result": ("SEK",),
    "budget_deviation": ("SEK",),
    "forecast_deviation": ("SEK",),
    "equity": ("SEK",),
    "budget_equity_change": ("SEK",),
    "forecast_equity_change": ("SEK",),
    "fee": ("SEK", "promille", "percent"),
    "cost_share": ("percent",),
    # people and outcomes
    "participants": ("persons",),
    "participants_new": ("persons",),
    "exits": ("persons",),
    "exits_by_reason": ("persons",),
    "exit_share_work_study": ("percent",),
    "exit_share_work": ("percent",),
    "support_at_intake": ("persons",),
    "support_at_exit": ("persons",),
    "intake_time_in_support": ("persons",),
    "training_participants": ("persons",),
    # time and queues
    "time_in_program_months": ("months",),
    "time_in_support_before_start_years": ("years",),
    "share_long_term_support": ("percent",),
    "queue_signal": ("count",),
    "queue_length": ("persons",),
    "wait_time": ("days", "weeks", "months"),
    # targets (CONTRACT §3): a goal the document sets, never an outcome; breakdown = the
    # measure it targets, qualifier `above` for "minst", `max` for "högst"
    "target": ("percent", "persons", "count", "days", "weeks", "months", "years", "SEK"),
}

#: Measures added beyond the contract's minimum; each is listed in the closing note.
EXTRA_MEASURES: dict[str, tuple[str, ...]] = {
    # 'participants_share' — a share of participants with a property (e.g. 61 % kvinnor)
    "participants_share": ("percent",),
    # 'exits_by_reason_time_months' — average months in the insats for one exit reason
    "exits_by_reason_time_months": ("months",),
    # 'equity_share_of_allocation' — eget kapital as a percent of the year's allocation
    "equity_share_of_allocation": ("percent",),
    # 'equity_ceiling_share' — the statutory/board ceiling for equity, percent of allocation
    "equity_ceiling_share": ("percent",),
    # 'member_count' — how many förbund/organisations (e.g. "67 of 72 are members of NNS")
    "member_count": ("count",),
    # -- added by the fact extractor (issue 3) --
    # 'forecast_equity' — eget kapital forecast for period_end ("utgående eget kapital på ca
    # 455 000 kr" in a prognosis); `equity` stays the booked figure
    "forecast_equity": ("SEK",),
    # 'actual_equity_change' — change of eget kapital over a closed period ("minskade med")
    "actual_equity_change": ("SEK",),
    # 'grant_proposal' — an amount proposed for a grant, before the decision ("Ordförande
    # föreslår att styrelsen beviljar 120 tkr"); the decision itself is `grant`
    "grant_proposal": ("SEK",),
    # 'forecast_grant' — an expected contribution ("förbundet kan bidra med cirka 2 000 tkr")
    "forecast_grant": ("SEK",),
    # 'exits_by_reason_share' — percent of exits with one exit reason (subject = the reason,
    # category as for exits_by_reason); a table's "Andel" column beside the counts
    "exits_by_reason_share": ("percent",),
    # 'cost_per_participant' — a key figure: cost per participant in kronor ("Kostnad per
    # deltagare  kr per deltagare  23 400"); not an addend of any budget (generalisation round)
    "cost_per_participant": ("SEK",),
    # -- added by the sentence model (issue 10) --
    # 'plan' — a planned figure, not an outcome ("planerar 10–12 nya deltagare per kvartal",
    # "beräknas ta emot cirka 150 deltagare under 2025"); breakdown = the measure it plans
    "plan": ("persons", "count", "percent", "days", "weeks", "months", "years"),
    # 'external_figure' — a figure about another body than the issuing förbund (a coming or
    # neighbouring förbund, a member's own budget, the nation, NNS statistics); subject = that
    # body, breakdown = what the figure would measure for the förbund itself
    "external_figure": ("SEK", "persons", "count", "percent", "promille", "weeks", "months"),
    # 'budget_used_share' — the share of the year's budget used so far ("61 procent av årets
    # kostnadsbudget har förbrukats"); not a cost share
    "budget_used_share": ("percent",),
    # 'attendees' — people at a meeting, samråd or development day; not participants of an insats
    "attendees": ("persons",),
    # catch-alls: a stated figure no rule could classify, kept so that nothing is dropped and
    # validation can list them
    "other_amount": ("SEK",),
    "other_count": ("persons", "count"),
    "other_percent": ("percent", "promille"),
}
MEASURES.update(EXTRA_MEASURES)


def _schema(cols: Iterable[tuple[str, Any]]) -> pl.Schema:
    return pl.Schema(list(cols))


DOCUMENTS = _schema(
    [
        ("doc_id", pl.String),
        ("source", pl.String),
        ("forbund_id", pl.String),
        ("doc_kind", pl.String),
        ("doc_date", pl.Date),
        ("period_start", pl.Date),
        ("period_end", pl.Date),
        ("n_chars", pl.Int64),
        ("text", pl.String),
        # extra: which reader produced the text (txt, md, pdf, docx) and the detected encoding
        ("reader", pl.String),
        ("encoding", pl.String),
        # extra: the förbund name as written in the document (for the unmapped-name report)
        ("forbund_name", pl.String),
    ]
)

FORBUND = _schema(
    [
        ("forbund_id", pl.String),
        ("name", pl.String),
        ("county", pl.String),
        ("valid_from", pl.Date),
        ("valid_to", pl.Date),
        ("successor_id", pl.String),
        ("members", pl.List(pl.String)),
        # extra: whether the id is in the shipped registry (False: slug made from an unknown name)
        ("registered", pl.Boolean),
    ]
)

MEETINGS = _schema(
    [
        ("forbund_id", pl.String),
        ("doc_id", pl.String),
        ("meeting_date", pl.Date),
        ("place", pl.String),
        ("start_time", pl.Time),
        ("end_time", pl.Time),
        ("first_item", pl.Int64),
        ("last_item", pl.Int64),
        ("chair", pl.String),
        ("secretary", pl.String),
        ("adjuster", pl.List(pl.String)),  # every justerare, in order
    ]
)

ATTENDANCE = _schema(
    [
        ("forbund_id", pl.String),
        ("meeting_date", pl.Date),
        ("person", pl.String),
        ("role", pl.String),
        ("organisation", pl.String),
        ("voting", pl.Boolean),
        ("note", pl.String),
        # extra: provenance of the attendance line
        ("doc_id", pl.String),
    ]
)

ITEMS = _schema(
    [
        ("forbund_id", pl.String),
        ("doc_id", pl.String),
        ("meeting_date", pl.Date),
        ("item_no", pl.Int64),
        ("title", pl.String),
        ("dnr", pl.String),
        ("attachments", pl.List(pl.String)),
        ("text", pl.String),
        ("char_start", pl.Int64),
        ("char_end", pl.Int64),
    ]
)

DECISIONS = _schema(
    [
        ("forbund_id", pl.String),
        ("meeting_date", pl.Date),
        ("item_no", pl.Int64),
        ("text", pl.String),
        ("kind", pl.String),
        ("amount_sek", pl.Float64),
        ("recipient", pl.String),
        ("deadline", pl.Date),
        # extra: provenance and, for deferrals, the meeting the matter was deferred to
        ("doc_id", pl.String),
        ("char_start", pl.Int64),
        ("char_end", pl.Int64),
        ("deferred_to", pl.Date),
    ]
)

FACTS = _schema(
    [
        ("forbund_id", pl.String),
        ("doc_id", pl.String),
        ("source", pl.String),
        ("section", pl.String),
        ("measure", pl.String),
        ("subject", pl.String),
        ("breakdown", pl.String),
        ("value", pl.Float64),
        ("unit", pl.String),
        ("qualifier", pl.String),
        ("period_start", pl.Date),
        ("period_end", pl.Date),
        ("quote", pl.String),
        ("char_start", pl.Int64),
        ("char_end", pl.Int64),
        # extra: harmonised exit-reason category (CONTRACT §3), null for other measures
        ("category", pl.String),
        # extra: id of the table, list or sentence the figure belongs to, so that rows can be
        # checked against their stated total (validation); null for a lone figure
        ("group_id", pl.String),
        # extra: True where the figure is the stated total of its group
        ("is_total", pl.Boolean),
        # extra: for a 'Varav'/'- Kostnad' line, the subject of the line it belongs under
        ("parent_subject", pl.String),
        # extra: the figure as it stands in the source before unit scaling (e.g. '120 tkr')
        ("raw", pl.String),
        # CONTRACT §3: the multiplier applied to the number as written (tkr -> 1000) and the unit
        # as written, so that nothing downstream parses `raw` again
        ("scale", pl.Float64),
        ("unit_word", pl.String),
    ]
)

TABLES: dict[str, pl.Schema] = {
    "documents": DOCUMENTS,
    "forbund": FORBUND,
    "meetings": MEETINGS,
    "attendance": ATTENDANCE,
    "items": ITEMS,
    "decisions": DECISIONS,
    "facts": FACTS,
}


def frame(table: str, rows: Iterable[Mapping[str, Any]] | None = None) -> pl.DataFrame:
    """Build a frame for ``table`` from dict rows, with exactly the contract's columns and dtypes.

    Missing keys become nulls; unknown keys are an error (a typo must not vanish silently).

    >>> frame("meetings").columns[:3]
    ['forbund_id', 'doc_id', 'meeting_date']
    """
    schema = TABLES[table]
    rows = list(rows or [])
    names = set(schema.names())
    for row in rows:
        if not names.issuperset(row):
            raise KeyError(f"{table}: unknown columns {sorted(set(row) - names)}")
    if not rows:
        return pl.DataFrame(schema=schema)
    # from_dicts builds the columns in Rust (4× faster than lists per column); keys a row lacks
    # become nulls
    return pl.from_dicts(rows, schema=schema)
