"""Column roles: the kind, measure, period and unit of each value column of a money table."""

from __future__ import annotations

import re
from dataclasses import dataclass

from finsam_data.extract.table import cues
from finsam_data.extract.table.find import line_kind
from finsam_data.extract.table.model import Period
from finsam_data.text.periods import period_of_label, year

MONEY_HEAD = re.compile(
    r"(?i)\b(?:budget\w*|utfall\w*|prognos\w*|bokslut\w*|avvikelse\w*|tkr|kkr|mkr|mnkr|kr|kronor|"
    r"sek|belopp|bidrag|avgift|plan)\b"
)


def scale_of(text: str) -> float | None:
    unit = cues.unit_in(text)
    return unit[0] if unit else None


def unit_word_of(text: str) -> str | None:
    unit = cues.unit_in(text)
    return unit[1] if unit else None


_UNIT_NOTE = re.compile(
    r"(?i)\((?:belopp\s+i\s+)?(?:tkr|kkr|mkr|mnkr|msek|ksek|tsek|kr|kronor|sek|tusental\s+kronor|"
    r"miljoner\s+kronor)\)|\bbelopp\s+(?:anges\s+)?i\s+(?:tkr|kkr|mkr|mnkr|kr|kronor|tusental\s+kronor)"
)


def unit_note_above(text: str, start: int, max_lines: int = 6) -> tuple[float, str] | None:
    """The money scale a heading or note just above a table states ("Utfall 2024 (mnkr)",
    "Belopp i tkr") when a sentence stands between it and the table."""
    pos = start
    seen = 0
    while pos > 0 and seen < max_lines:
        prev = text.rfind("\n", 0, pos - 1)
        line = text[prev + 1 : pos].strip()
        pos = prev + 1 if prev >= 0 else 0
        if not line:
            continue
        seen += 1
        if line_kind(line) is not None and re.search(r"\d", line):
            break  # another table's row
        m = _UNIT_NOTE.search(line)
        if m:
            return cues.unit_in(m.group(0))
        if prev < 0:
            break
    return None


def precision(raw: str) -> float:
    """One unit of the last digit written (``0,4`` → 0.1, ``1 250`` → 1)."""
    m = re.search(r"[,.](\d+)\D*$", raw.strip())
    return 10.0 ** -len(m.group(1)) if m else 1.0


def money_kind(header: str) -> str | None:
    """The money kind a header names: ``actual``, ``budget`` (a plan year too), ``forecast``,
    ``budget_deviation`` or ``forecast_deviation``; None for other headers."""
    kind = cues.column_kind(header)
    if kind == "deviation":
        return "forecast_deviation" if "forecast" in cues.kinds_in(header) else "budget_deviation"
    if kind == "plan":
        return "budget"  # a flerårsplan's plan year is that year's budget (CONTRACT §3)
    return kind if kind in ("actual", "budget", "forecast") else None


@dataclass
class ColumnRole:
    """What a table column holds: the kind of figure, the measure it names itself (``Äskat``,
    ``Beviljat``, ``Bidrag``), its period, and the money unit that applies to its cells."""

    kind: str | None  # actual, budget, forecast, budget_deviation, forecast_deviation
    measure: str | None  # request, grant, grant_proposal, allocation
    period: Period
    scale: float
    unit_word: str | None
    count: str | None = None  # a count the header names ("Deltagare", "Antal nya")
    percent: bool = False  # the header names a share ("Andel", "Förbrukat (%)")


_NAMED_MEASURE = {
    "request": "request",
    "grant": "grant",
    "proposal": "grant_proposal",
    "allocation": "allocation",
}


def column_roles(
    heads: dict[int, str],
    value_cols: list[int],
    context: str,
    table_period: Period,
    ref_year: int | None,
    scale_hint: tuple[float, str] | None = None,
) -> dict[int, ColumnRole]:
    """The role of each value column of a money table, from its header, the table's caption
    and corner cell (``context``) and a unit note above the table (``scale_hint``).

    The unit is the header's own (``Avgift 2025 (kkr)``), else the caption's or corner's
    (``Belopp i tkr``, ``Post (kkr)``), else another header's, else the note's, else kronor.
    A header without a period takes the table's; ``helår`` takes the whole of its year.
    """
    table_unit = cues.unit_in(context) or cues.unit_in(" ".join(heads.values())) or scale_hint
    kinds = {c: money_kind(heads.get(c, "")) for c in value_cols}
    named = {c: _NAMED_MEASURE.get(cues.column_kind(heads.get(c, "")) or "") for c in value_cols}
    # "Avvikelse" alone beside a forecast and no outcome: the forecast's deviation
    if "forecast" in kinds.values() and "actual" not in kinds.values():
        for c, head in ((c, heads.get(c, "")) for c in value_cols):
            if kinds[c] == "budget_deviation" and "actual" not in cues.kinds_in(head):
                kinds[c] = "forecast_deviation"
    periods = {}
    for c in value_cols:
        head = heads.get(c, "")
        p = period_of_label(head, ref_year) if head else None
        if p is None and head and cues.names_full_year(head):
            years = [q[1].year for q in (period_of_label(h, ref_year) for h in heads.values()) if q]
            y = years[0] if years else (table_period[1].year if table_period else None)
            p = year(y) if y else None
        periods[c] = p
    own = {periods[c] for c in value_cols if periods[c] is not None}
    for c in value_cols:
        if periods[c] is not None:
            continue
        if kinds[c] in ("budget_deviation", "forecast_deviation"):
            # a deviation is about the period of the figure it compares with the budget
            compared = "forecast" if kinds[c] == "forecast_deviation" else "actual"
            same = [periods[d] for d in value_cols if kinds[d] == compared and periods[d]]
            periods[c] = same[0] if same else None
        elif len(own) == 1:
            periods[c] = next(iter(own))  # "Andel" beside "Avgift 2025"
        periods[c] = periods[c] or table_period
    roles = {}
    for c in value_cols:
        head = heads.get(c, "")
        own_unit = cues.unit_in(head)
        unit = own_unit or table_unit
        plain = kinds[c] is None and named[c] is None and own_unit is None
        roles[c] = ColumnRole(
            kinds[c],
            named[c] if kinds[c] is None else None,
            periods[c],
            unit[0] if unit else 1.0,
            unit[1] if unit else None,
            count=cues.count_column(head) if plain else None,
            percent=cues.names_share(head) and own_unit is None,
        )
    return roles
