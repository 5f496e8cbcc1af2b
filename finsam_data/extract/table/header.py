"""The header band of a table: however many lines it has, one header per value column.

Three readings, one per layout: cells stacked by column index (tab, markdown), by position over
the last header line (space-aligned pdftotext), or a band wrapped one fragment a line, as PDF
text gives an HTML table (:func:`flowed_header`). A ``Not`` column is dropped
(:func:`drop_note_columns`).
"""

from __future__ import annotations

import re

from finsam_data.extract.table import cues
from finsam_data.extract.table.model import Cell, Row


def is_header_fragment(line: str) -> bool:
    """A short line that can be part of a wrapped header cell (``helår``, ``2023*``,
    ``prognos–budget``) or a section row (``Intäkter``): no sentence, no figure but a year."""
    t = line.strip()
    if not t or len(t) > 40 or "\t" in line or re.search(r"[.!?:;]$", t):
        return False
    return not re.search(r"\d", t) or bool(re.fullmatch(r"[^\d]*(?:19|20)\d\d[^\d]*", t))


_BREAK = re.compile(r"(?i)<br\s*/?>")  # a line break inside a markdown cell


def is_year_row(row: Row) -> bool:
    """A row without a label whose every cell is a year or a date (``2024``, ``2023-12-31``)."""
    cells = [c.text.strip(" *") for c in row.cells[1:] if c.text.strip(" *")]
    return (
        not row.label.strip(" *")
        and len(cells) >= 2
        and all(re.fullmatch(r"(?:19|20)\d\d(?:-\d\d-\d\d)?\*?", c) for c in cells)
    )


def header_by_position(
    header: list[Row], body: list[Row], kind: str
) -> tuple[dict[int, str], str, int]:
    """Column headers of a header band whose lines each hold a cell per column: cells stack
    by column index (tab, markdown) or by position over the last header line (space-aligned).
    Returns (heads, corner, shift)."""
    shift = 0
    if kind == "space" and header:
        # space-aligned: map cells to header columns by position
        shift = _align(header, body)
    elif header:
        widest = max(len(r.cells) for r in body)
        last = header[-1].cells
        if len(last) == widest - 1 and last[0].text.strip():
            shift = 1  # a header without the empty cell above the row labels (PDF text)
    heads: dict[int, str] = {}
    corner = []
    for row in header:
        cols = (
            _space_columns(row, header[-1], shift)
            if kind == "space" and row is not header[-1]
            else [c + shift for c in range(len(row.cells))]
        )
        for col, cell in zip(cols, row.cells, strict=True):
            words = " ".join(_BREAK.sub(" ", cell.text).split()).strip()
            if col == 0:
                corner.append(words)
            elif words:
                heads[col] = (heads.get(col, "") + " " + words).strip()
    return heads, " ".join(c for c in corner if c), shift


def _space_columns(row: Row, last: Row, shift: int) -> list[int]:
    """The column of each cell of an upper header line, by overlap with the last header line
    (a two-line header in pdftotext layout: ``Utfall`` above ``jan–aug 2025``)."""
    out = []
    for cell in row.cells:
        s, e = cell.start - row.start, cell.end - row.start
        best, best_d = 0, None
        for c, h in enumerate(last.cells):
            hs, he = h.start - last.start, h.end - last.start
            overlap = min(e, he) - max(s, hs)
            d = -overlap if overlap > 0 else abs((s + e) / 2 - (hs + he) / 2)
            if best_d is None or d < best_d:
                best, best_d = c, d
        out.append(best + shift)
    return out


def flowed_header(header: list[Row], body: list[Row]) -> tuple[dict[int, str], str, int] | None:
    """Column headers of a header band wrapped over lines, as PDF text gives an HTML table:
    the first line holds the corner and the first words of some columns, the next lines the
    rest, one fragment a line or several with tabs (``Post⇥Utfall`` / ``jan–aug 2025`` /
    ``Budget`` / ``helår`` …). A fragment opens a column when it stands beside another on its
    line or starts with a capital letter or a column cue (``varav``); otherwise it continues
    the column before. Once every value column has its header, the remaining lines are
    section rows of the body (``Intäkter``).

    Returns (heads, corner, number of header lines moved to the body), or None when the band
    is not such a band or its fragments do not make one header per value column.
    """
    if len(header) < 2 or len(header[0].cells) < 2 or all(len(r.cells) > 1 for r in header):
        return None
    n = max(len(r.cells) for r in body) - 1
    columns: list[str] = []
    for ri, row in enumerate(header):
        cells = row.cells[1:] if ri == 0 else row.cells
        beside = len(row.cells) > 1
        for cell in cells:
            words = " ".join(_BREAK.sub(" ", cell.text).split()).strip("* ")
            if not words:
                continue
            opens = beside or words[0].isupper() or cues.starts_column(words)
            if columns and not opens:
                columns[-1] += " " + words
                continue
            if len(columns) == n:
                if beside or ri == 0:
                    return None
                moved = len(header) - ri
                return _numbered(columns), header[0].cells[0].text.strip(), moved
            columns.append(words)
    if len(columns) != n:
        return None
    return _numbered(columns), header[0].cells[0].text.strip(), 0


def _numbered(columns: list[str]) -> dict[int, str]:
    return {c + 1: head for c, head in enumerate(columns)}


def drop_note_columns(heads: dict[int, str], body: list[Row], kind: str) -> None:
    """A ``Not`` column holds note numbers, not figures. PDF text with tabs leaves out the
    empty note cells, so a shorter row's figures stand under the last columns (space-aligned
    rows were already placed by position)."""
    notes = [c for c, h in heads.items() if cues.column_kind(h) == "note"]
    if not notes or not body:
        return
    width = max(heads) + 1
    for row in body:
        if kind == "tab" and row.amounts and len(row.cells) < width:
            gap = width - len(row.cells)
            row.amounts = {c + gap: a for c, a in row.amounts.items()}
        for c in notes:
            row.amounts.pop(c, None)


def _align(header: list[Row], body: list[Row]) -> int:
    """Re-key the amounts of space-aligned rows by the header column they stand under;
    returns 1 when the header has no cell above the row labels."""
    cols = header[-1].cells
    if not cols:
        return 0
    line_start = header[-1].start
    # A header without a label cell ("      Budget 2022   Utfall") starts right of the labels.
    label_end = max((r.cells[0].end - r.start for r in body if r.cells), default=0)
    shift = 1 if cols[0].start - line_start >= label_end else 0

    def col_of(row: Row, cell: Cell) -> int:
        rel_s, rel_e = cell.start - row.start, cell.end - row.start
        best, best_d = 0, None
        for c, h in enumerate(cols):
            hs, he = h.start - line_start, h.end - line_start
            overlap = min(rel_e, he) - max(rel_s, hs)
            d = -overlap if overlap > 0 else abs((rel_s + rel_e) / 2 - (hs + he) / 2)
            if best_d is None or d < best_d:
                best, best_d = c, d
        return best + shift

    for row in body:
        amounts = {}
        for c, a in row.amounts.items():
            col = col_of(row, row.cells[c])
            amounts[max(col, 1)] = a
        row.amounts = amounts
    return shift
