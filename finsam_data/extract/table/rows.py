"""Row roles: what each row of a money table is (line, section, total, result, equity, part).

The words are data (``registry/table_cues.yml``, ``row_roles``); this module composes them into
the patterns a label is matched with.
"""

from __future__ import annotations

import re
from functools import lru_cache

from finsam_data.extract.table import cues
from finsam_data.extract.table.model import Period, Row
from finsam_data.text.periods import find_periods, period_of_label

_W = cues.row_words
INCOME = re.compile(_W("income"), re.I)
TOTAL_COST = re.compile(
    rf"^\W*{_W('sum')}\s+(?:verksamhetens\s+|för\s+)?{_W('costs')}|"
    rf"^\W*{_W('cost_section')}\s+(?:totalt|summa)|^\W*totala\s+{_W('cost_section')}",
    re.I,
)
TOTAL_INCOME = re.compile(
    rf"^\W*{_W('sum')}\s+(?:verksamhetens\s+)?{_W('incomes')}|"
    rf"^\W*(?:intäkter|inkomster)\s+(?:totalt|summa)|^\W*totala\s+(?:intäkter|inkomster)",
    re.I,
)
RESULT = re.compile(rf"^\W*{_W('result')}|{_W('result_anywhere')}", re.I)
EQUITY_CHANGE = re.compile(_W("equity_change"), re.I)
EQUITY = re.compile(_W("equity"), re.I)
GRAND_TOTAL = re.compile(rf"^\W*{_W('total')}\b(?!\s+(?:kostnader|intäkter))", re.I)
VARAV = re.compile(rf"^\W*{_W('part')}\b", re.I)
DASHED = re.compile(r"^\s*[-–—•·]\s*")
BALANCE = re.compile(_W("balance"), re.I)
INCOME_HEAD = re.compile(rf"^\W*{_W('income_section')}\W*$", re.I)
COST_HEAD = re.compile(rf"^\W*{_W('cost_section')}\W*$", re.I)


@lru_cache(maxsize=4096)
def clean_label(label: str) -> str:
    if "*" in label:
        label = re.sub(r"\*+", "", label)
    label = DASHED.sub("", label)
    # whitespace runs as one space (the ends are stripped with the colons)
    return " ".join(label.split()).strip(" :")


YEARISH = re.compile(r"(?:19|20)\d\d")


def row_period(label: str, ref_year: int | None) -> Period:
    """A period a row label names (a table with one row per year), or None."""
    if not YEARISH.search(label):
        return None
    if re.fullmatch(r"\s*(?:19|20)\d{2}\s*", label) or find_periods(label, ref_year):
        return period_of_label(label, ref_year)
    return None


def row_kinds(body: list[Row]) -> list[str]:
    """The role of each row of a money table, from its label: ``header`` (a section row such as
    ``Intäkter``), ``total_cost``, ``total_income``, ``equity_change``, ``equity``, ``result``,
    ``grand_total`` (a lone ``Summa``), ``income``, ``cost`` (under a ``Kostnader`` section) or
    ``line`` (not yet known: the table's sign convention decides)."""
    kinds: list[str] = []
    mode = None  # 'income' / 'cost' after an "Intäkter"/"Kostnader" section row
    for row in body:
        label = row.label
        if not row.amounts:
            if INCOME_HEAD.match(label):
                mode = "income"
            elif COST_HEAD.match(label):
                mode = "cost"
            kinds.append("header")
        elif TOTAL_COST.search(label):
            kinds.append("total_cost")
        elif TOTAL_INCOME.search(label):
            kinds.append("total_income")
        elif EQUITY_CHANGE.search(label):
            kinds.append("equity_change")
        elif EQUITY.search(label) and not re.search(r"(?i)skulder|ingående|vid\s+årets\s+början", label):
            # "Summa eget kapital" is the equity; "Summa eget kapital och skulder" is the
            # balance total, and "Ingående eget kapital" last year's closing figure
            kinds.append("equity")
        elif RESULT.search(label):
            kinds.append("result")
        elif GRAND_TOTAL.search(label):
            kinds.append("grand_total")
        elif INCOME.search(label) or mode == "income":
            kinds.append("income")
        elif mode == "cost":
            kinds.append("cost")
        else:
            kinds.append("line")
    return kinds


def measure_of_column(header: str) -> str | None:
    """The row role a column header names in a table by period (``År | Intäkter | Kostnader
    | Årets resultat | Eget kapital``): each column is a whole year's figure, so ``Intäkter``
    is the year's total income. None for a header that names no role."""
    h = header.strip(" *")
    if EQUITY_CHANGE.search(h):
        return "equity_change"
    if EQUITY.search(h) and not re.search(r"(?i)skulder", h):
        return "equity"
    if RESULT.search(h):
        return "result"
    if TOTAL_COST.search(h) or COST_HEAD.match(h):
        return "total_cost"
    if TOTAL_INCOME.search(h) or INCOME_HEAD.match(h):
        return "total_income"
    return None


def row_hierarchy(body: list[Row]) -> tuple[list[str | None], list[str | None]]:
    """(subject, parent) of each row: a ``varav``/dashed row is a part of the row above it;
    under a section row without figures it is named after the section (``Bil – Kostnad``)."""
    subjects: list[str | None] = []
    parents: list[str | None] = []
    last_plain: Row | None = None
    for row in body:
        label = row.label
        clean = clean_label(label)
        dashed = bool(DASHED.match(label)) or bool(VARAV.match(label))
        parent = None
        subject = clean or None
        if dashed and last_plain is not None:
            parent_label = clean_label(last_plain.label)
            if last_plain.amounts:
                parent = parent_label
            else:
                subject = f"{parent_label} – {clean}"
        if not dashed:
            last_plain = row
        subjects.append(subject)
        parents.append(parent)
    return subjects, parents
