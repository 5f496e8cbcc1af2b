"""People tables: counts, shares and times per insats, kommun, reason or band.

The measure comes from the column header (``varav nya``), else the caption (``AVSLUTSANLEDNINGAR``
→ exits_by_reason); the subject from the row label and a ``kvinnor``/``män`` breakdown from the
column header. Transposed tables (insatser as columns, measures as rows) are read too.
"""

from __future__ import annotations

import re
from functools import lru_cache

from finsam_data.extract import classify as cl
from finsam_data.extract.categories import exit_category
from finsam_data.extract.table import cues
from finsam_data.extract.table.columns import money_kind, scale_of
from finsam_data.extract.table.model import Period, Row, Table, TableFact
from finsam_data.extract.table.rows import (
    DASHED,
    GRAND_TOTAL,
    INCOME,
    VARAV,
    clean_label,
    row_period,
)
from finsam_data.text.periods import period_of_label


@lru_cache(maxsize=1024)  # a pure function of a header, asked for per cell
def _people_unit(header: str) -> str:
    h = header.lower()
    if re.search(r"%|andel|procent", h):
        return "percent"
    if re.search(r"\bmån|månader", h):
        return "months"
    if re.search(r"\bveck", h):
        return "weeks"
    if re.search(r"\bdagar\b", h):
        return "days"
    if re.search(r"\bår\b", h) and re.search(r"snitt|genomsnitt|tid|median", h):
        return "years"
    return "persons"


def people_facts(
    table: Table,
    table_id: str,
    heads: dict[int, str],
    context: str,
    table_period: Period,
    ref_year: int | None,
) -> list[TableFact]:
    value_cols = sorted({c for r in table.body for c in r.amounts})
    col_period = {
        c: period_of_label(heads[c], table_period[1].year if table_period else ref_year)
        if c in heads
        else None
        for c in value_cols
    }
    # Columns that are periods (2022 | 2023) make the rows the measures.
    row_oriented = bool(heads) and all(
        col_period.get(c) is not None
        and not re.search(
            r"(?i)antal|deltagare|kvinnor|män|andel|%|snitt|personer", heads.get(c, "")
        )
        for c in value_cols
    )
    if not row_oriented and _is_transposed(table, heads, value_cols, col_period):
        return _transposed_facts(table, table_id, heads, table_period)
    all_heads = " ".join(heads.values())
    first_head = table.corner
    table_measure = (
        cl.classify_table(first_head)
        or cl.classify_table(table.caption)
        or cl.classify_table(all_heads)
    )
    facts: list[TableFact] = []
    last_plain: str | None = None
    closed: dict[int, int] = {}  # column -> groups closed by a total row
    for row in table.body:
        label = row.label
        clean = clean_label(label)
        is_total = bool(GRAND_TOTAL.search(label))
        dashed = bool(DASHED.match(label)) or bool(VARAV.match(label))
        parent = last_plain if dashed and last_plain else None
        if not dashed and not is_total:
            last_plain = clean
        if not row.amounts:
            continue
        for c, a in sorted(row.amounts.items()):
            header = heads.get(c, "")
            unit = (
                a.unit
                if a.unit in ("percent", "promille", "months", "years", "weeks", "days", "SEK")
                else None
            )
            if unit is None:
                if row_oriented:
                    # a unit column ("Enhet": antal, %, kr per deltagare) or the label says it
                    unit = _row_unit(label + " " + _unit_cells(row))
                else:
                    unit = _people_unit(header)
            period = col_period.get(c) or row_period(label, ref_year) or table_period
            breakdown = cl.breakdown_of(header)
            subject: str | None = clean or None
            group: str | None = None
            category = None
            if row_oriented and unit == "SEK":
                measure = row_money_measure(label)
                value = a.value * (scale_of(label + " " + _unit_cells(row)) or 1.0)
                facts.append(
                    TableFact(
                        measure, float(value), unit, a.qualifier, a.raw, row, None, None, period
                    )
                )
                continue
            if row_oriented:
                c_ = cl.classify(unit, label, "", label + " " + context)
                measure = c_.measure or cl.other_measure(unit)
                breakdown = breakdown or cl.breakdown_of(label)
                subject = None
                if measure is None:
                    continue
            else:
                share_of = heads.get(c - 1, "") if unit == "percent" else ""
                # "Andel" after "Arbete/studier": the share of the column before
                measure = _column_measure(unit, header, table_measure, f"{context} {share_of}")
                if measure is None:
                    continue
                if unit in ("persons", "percent", "count"):
                    n_closed = closed.get(c, 0)
                    group = f"{table_id}:c{c}" + (f":{n_closed + 1}" if n_closed else "")
                    if is_total:
                        closed[c] = n_closed + 1
                if measure == "participants_share" and breakdown is None:
                    breakdown = cl.breakdown_of(label)
                if measure == "exits_by_reason" and table_measure != "exits_by_reason":
                    # a column of exits to one destination ("Till arbete eller studier")
                    breakdown = " ".join(header.split())
                    category = exit_category(breakdown)
                elif measure in ("exits_by_reason", "exits_by_reason_share") and not is_total:
                    category = exit_category(clean)
            facts.append(
                TableFact(
                    measure,
                    float(a.value),
                    unit,
                    a.qualifier,
                    a.raw,
                    row,
                    "total" if is_total and not row_oriented else subject,
                    breakdown,
                    period,
                    group,
                    is_total and not row_oriented,
                    parent,
                    category,
                )
            )
    return facts


# people tables whose columns say what they count (a table of exit reasons, of support at
# intake or of training keeps its own measure whatever its count column is called)
_GENERAL_TABLES = (None, "participants", "participants_new", "exits")


# tables whose rows are the parts of one measure (the count column counts that measure)
_BREAKDOWN_TABLES = (
    "exits_by_reason",
    "support_at_exit",
    "support_at_intake",
    "intake_time_in_support",
)


def _column_measure(unit: str, header: str, table_measure: str | None, context: str) -> str | None:
    if unit == "months":
        return (
            "exits_by_reason_time_months"
            if table_measure == "exits_by_reason"
            else ("time_in_program_months")
        )
    if unit == "years":
        return "time_in_support_before_start_years"
    if unit in ("weeks", "days"):
        return "wait_time"
    if unit == "percent":
        if table_measure == "exits_by_reason":
            return "exits_by_reason_share"
        c = cl.classify("percent", header + " " + context, "")
        if c.measure:
            return c.measure
        if table_measure == "participants":
            return "participants_share"
        return "other_percent"
    if unit == "SEK":
        return "other_amount"
    own = cues.count_column(header)
    if own and table_measure in _GENERAL_TABLES:
        return own
    strong = cl.column_measure(header)
    if strong and table_measure not in _BREAKDOWN_TABLES:
        return strong
    if table_measure:
        return table_measure
    if cl.breakdown_of(header) or re.search(r"(?i)antal|totalt|summa", header):
        return "participants"
    return "other_count"


_PER_PARTICIPANT = re.compile(r"(?i)\bper\s+(?:deltagare|person|individ|inskriven)|/\s*deltagare")


_MONEY_WORD = re.compile(r"(?i)\b(?:kr|kronor|tkr|mkr|mnkr|sek|tsek)\b|\(tkr\)|\bkostnad|\bbudget")


_HEAD_MEASURE_WORDS = re.compile(
    r"(?i)antal|deltagare|kvinnor|\bmän\b|andel|%|snitt|personer|\bkr\b|tkr|månad|"
    r"budget|utfall|prognos|avvik|orsak|anledning|ersättning"
)


def _unit_cells(row: Row) -> str:
    """The row's text cells besides its label (a unit column: ``antal``, ``%``, ``kr``)."""
    return " ".join(c.text for c in row.cells[1:] if not re.search(r"\d", c.text))


def _row_unit(text: str) -> str:
    if _PER_PARTICIPANT.search(text) or re.search(r"(?i)\b(?:kr|kronor|tkr|mkr|mnkr|sek)\b", text):
        return "SEK"
    return _people_unit(text)


def row_money_measure(label: str) -> str:
    """The measure of a money row in a table of key figures (``Kostnad per deltagare``)."""
    if _PER_PARTICIPANT.search(label):
        return "cost_per_participant"
    kind = money_kind(label) or "actual"
    if kind.endswith("_deviation"):
        return kind
    if re.search(r"(?i)kostnad|utgift", label):
        return f"{kind}_cost"
    if INCOME.search(label):
        return f"{kind}_income"
    return "other_amount"


def _transposed_row(label: str) -> tuple[str | None, str, str | None]:
    """(measure, unit, breakdown) a row label of a transposed table names."""
    unit = "SEK" if _MONEY_WORD.search(label) else _people_unit(label)
    if unit == "SEK":
        return row_money_measure(label), unit, None
    if unit == "persons":
        measure = cl.column_measure(label) or cl.classify_table(label)
        return measure, unit, cl.breakdown_of(label)
    if unit == "percent":
        return cl.classify("percent", "", label).measure, unit, cl.breakdown_of(label)
    return _column_measure(unit, label, None, ""), unit, None


def _is_transposed(
    table: Table, heads: dict[int, str], value_cols: list[int], col_period: dict[int, Period]
) -> bool:
    """Columns that are insatser/teams (no measure, unit or period in their headers) and rows
    that name measures: ``Deltagare | Nya deltagare | Till arbete eller studier (%)``."""
    if len(value_cols) < 2 or any(c not in heads for c in value_cols):
        return False
    for c in value_cols:
        h = heads[c]
        if col_period.get(c) is not None or _HEAD_MEASURE_WORDS.search(h):
            return False
    labelled = [r for r in table.body if r.amounts]
    named = sum(_transposed_row(r.label)[0] not in (None, "other_amount") for r in labelled)
    return len(labelled) >= 2 and named * 2 >= len(labelled) + 1


def _transposed_facts(
    table: Table, table_id: str, heads: dict[int, str], table_period: Period
) -> list[TableFact]:
    facts: list[TableFact] = []
    for idx, row in enumerate(table.body):
        if not row.amounts:
            continue
        label = row.label
        measure, unit, breakdown = _transposed_row(label)
        if measure is None:
            measure = cl.other_measure(unit) or "other_count"
            unit = unit if unit in _schema_units(measure) else _schema_units(measure)[0]
        scale = (scale_of(label) or 1.0) if unit == "SEK" else 1.0
        additive = unit in ("persons", "SEK") and measure != "cost_per_participant"
        for c, a in sorted(row.amounts.items()):
            head = clean_label(heads.get(c, ""))
            total = bool(GRAND_TOTAL.search(head))
            value = a.value if a.unit == "SEK" else a.value * scale
            facts.append(
                TableFact(
                    measure,
                    float(abs(value) if unit == "SEK" else value),
                    unit,
                    a.qualifier,
                    a.raw,
                    row,
                    "total" if total else (head or None),
                    breakdown,
                    table_period,
                    f"{table_id}:r{idx}" if additive else None,
                    total and additive,
                )
            )
    return facts


def _schema_units(measure: str) -> tuple[str, ...]:
    from finsam_data import schema

    return schema.MEASURES.get(measure, ("persons",))
