"""The shapes a table is read into: cells, rows, tables, and the fact a cell becomes.

A :class:`Table` is found in the text by :mod:`.find`; each value cell is one :class:`TableFact`.
Offsets are absolute offsets into the document text, so every fact is grounded.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from finsam_data.extract.fact import fact_row
from finsam_data.text.numbers import Amount, parse_amount, to_float

Period = tuple[dt.date, dt.date] | None


@dataclass(slots=True)
class Cell:
    text: str
    start: int  # absolute offsets of the cell text
    end: int


@dataclass(slots=True)
class Row:
    start: int  # absolute offsets of the whole line
    end: int
    cells: list[Cell]
    amounts: dict[int, Amount] = field(default_factory=dict)  # column -> amount
    # a row pieced together from column runs: each figure is quoted from its own line
    cell_quotes: bool = False
    claimed: set[int] = field(default_factory=set)
    wrapped: str = ""  # the rest of the label, wrapped onto the line under the figures

    @property
    def label(self) -> str:
        first = self.cells[0].text.strip() if self.cells else ""
        return f"{first} {self.wrapped}" if self.wrapped else first


@dataclass(slots=True)
class Table:
    kind: str  # 'tab', 'pipe', 'space'
    header: list[Row]
    body: list[Row]
    caption: str
    start: int
    end: int
    columns: int
    heads: dict[int, str] = field(default_factory=dict)  # column -> header text
    corner: str = ""  # the header's first cell (often the table's title)
    toc: bool = False  # a table of contents: its figures are page numbers


DASH_LINE = re.compile(r"^[\s\-–—|:=_]*$")


_STARS = re.compile(r"^[\s*]+|[\s*]+$")


_QUAL_WORDS = re.compile(r"(?i)\b(?:ca\.?|cirka|c:a|max|knappt|drygt|över|under|<|>)")


_PAREN_CELL = re.compile(r"\(\s*([^()]*\d[^()]*?)\s*\)")


_DIGIT = re.compile(r"\d")  # a decimal digit; every one is also a digit to str.isdigit

# The common case, a plain (possibly signed) number: read without the full parser.
_PLAIN_CELL = re.compile(
    r"(?P<sign>[-−–][ \u00a0]?)?(?P<num>\d{1,3}(?:[ \u00a0\u2009\u202f]\d{3})+|\d{1,3}|\d{5,})"
    r"(?P<dec>,\d+)?"
)


def cell_amount(cell: Cell) -> Amount | None:
    """The figure a table cell holds when the cell is only a figure (footnote stars, markdown
    bold and a qualifier allowed), else None."""
    return _cell_at(cell.text, cell.start)


@lru_cache(maxsize=16384)
def _cell_at(t: str, start: int) -> Amount | None:
    """The figure of the cell holding ``t`` at ``start`` (asked for several times while a
    table is found and read; an Amount is immutable, so the same one is handed out)."""
    a = _cell_figure(t)
    return None if a is None else _shifted(a, start)


def _shifted(a: Amount, offset: int) -> Amount:
    """``a.shifted(offset)``, built directly (a cell's figure is shifted on every call)."""
    return Amount(
        a.value,
        a.unit,
        a.qualifier,
        a.raw,
        a.start + offset,
        a.end + offset,
        a.high,
        a.noun,
        a.unit_word,
        a.signed,
        a.word,
    )


@lru_cache(maxsize=16384)
def _cell_figure(t: str) -> Amount | None:
    """:func:`cell_amount` of a cell holding ``t`` at offset 0 (the same cell text is read
    several times while a table is found and read)."""
    core = _STARS.sub("", t)
    if not core or DASH_LINE.match(core):
        return None
    paren = _PAREN_CELL.fullmatch(core)
    if paren:
        # "(361)": a negative figure in accounting style; the quote keeps the parentheses
        inner_start = t.index(core) + 1
        inner = _cell_figure(paren.group(1))
        if inner is None:
            return None
        a = _shifted(inner, inner_start)
        if a.value < 0:
            return None
        return Amount(
            -a.value,
            a.unit,
            a.qualifier,
            core,
            inner_start - 1,
            inner_start + len(paren.group(1)) + 1,
            unit_word=a.unit_word,
            signed=True,
        )
    if len(core) > 40 or not (
        _DIGIT.search(core) or (not core.isascii() and any(map(str.isdigit, core)))
    ):
        return None  # a figure's cell is short and has digits (str.isdigit)
    plain = _PLAIN_CELL.fullmatch(core)
    if plain:
        number = plain.group("num") + (plain.group("dec") or "")
        value = to_float(number)
        if plain.group("sign"):
            value = -value
        offset = t.index(core)
        return Amount(
            value, None, "exact", core, offset, offset + len(core), signed=bool(plain.group("sign"))
        )
    amounts = parse_amount(core, bare=True)
    if len(amounts) != 1:
        return None
    a = amounts[0]
    rest = core[: a.start] + core[a.end :]
    rest = _QUAL_WORDS.sub("", rest)
    if re.sub(r"[\s*()¹²³\d]|\)", "", rest) or re.search(r"\d", rest):
        return None
    return _shifted(a, t.index(core))


@dataclass
class TableFact:
    """One cell as a fact, before the document-level columns are added."""

    measure: str
    value: float
    unit: str
    qualifier: str
    raw: str
    row: Row
    subject: str | None = None
    breakdown: str | None = None
    period: Period = None
    group: str | None = None
    is_total: bool = False
    parent_subject: str | None = None
    category: str | None = None
    scale: float | None = None  # the multiplier applied to the number as written (tkr: 1000)
    unit_word: str | None = None  # the unit as written, in the cell, its header or caption

    def __post_init__(self) -> None:
        self.span: tuple[int, int] | None = None
        if self.row.cell_quotes:
            # facts of a row are made column by column: the first unclaimed figure is this one
            for c, a in sorted(self.row.amounts.items()):
                if c not in self.row.claimed and a.raw == self.raw:
                    self.row.claimed.add(c)
                    self.span = (a.start, a.end)
                    break

    def as_row(self) -> dict[str, Any]:
        return fact_row(self, *(self.span or (self.row.start, self.row.end)))
