"""Column runs: a table that PDF text (pdftotext's default mode) gives column by column."""

from __future__ import annotations

import re

from finsam_data.extract.table.header import is_header_fragment
from finsam_data.extract.table.model import Cell, Row, Table, cell_amount
from finsam_data.text.numbers import Amount

_MAX_RUN_HEADER_LINES = (
    3  # a header cell wrapped to at most three lines ("Avvikelse" / "prognos/budget")
)


def _blocks(
    text: str, spans: list[tuple[int, int]], lines: list[str] | None = None
) -> list[list[int]]:
    """Runs of non-blank lines (line indexes), as pdftotext separates them by blank lines.
    ``lines``, when given, are the texts of the spans."""
    out: list[list[int]] = []
    current: list[int] = []
    if lines is None:
        lines = [text[s:e] for s, e in spans]
    for k, line in enumerate(lines):
        if line.strip():
            current.append(k)
        elif current:
            out.append(current)
            current = []
    if current:
        out.append(current)
    return out


_DIGIT = re.compile(r"\d")


def _has_digit(line: str) -> bool:
    """Whether a character of ``line`` is a digit (``str.isdigit``, as a figure's cell needs)."""
    return _DIGIT.search(line) is not None or (not line.isascii() and any(map(str.isdigit, line)))


def _figure_line(text: str, span: tuple[int, int]) -> Amount | None:
    line = text[span[0] : span[1]]
    if "\t" in line or not line.strip():
        return None
    return cell_amount(Cell(line, span[0], span[1]))


def _run_label_line(text: str, span: tuple[int, int]) -> bool:
    line = text[span[0] : span[1]].strip()
    return (
        0 < len(line) <= 80
        and "\t" not in line
        and line[0].isalpha()
        and not re.search(r"[.!?:;,]$", line)
        and cell_amount(Cell(line, span[0], span[1])) is None
    )


def column_run_tables(
    text: str, spans: list[tuple[int, int]], lines: list[str] | None = None
) -> list[Table]:
    """Tables that PDF text (pdftotext's default mode) gives as column runs: the header cells
    one block each, then a block of row labels, then one block of figures per column, each
    as long as the label block::

        Team / Deltagare / Nya / Sala, FNS, Summa / 41, 37, 78 / 14, 12, 26

    A label block of K lines followed by M blocks of K single figures, with M header blocks
    (short lines) right before the labels, is read as a table of K rows and M columns.
    """
    blocks = _blocks(text, spans, lines)
    if not any(len(b) >= 2 and all(_has_digit(text[slice(*spans[i])]) for i in b) for b in blocks):
        return []  # no block of figures (each line of one holds a digit): no column runs
    tables: list[Table] = []
    b = 0
    while b < len(blocks):
        labels = blocks[b]
        k = len(labels)
        if k < 2 or not all(_run_label_line(text, spans[i]) for i in labels):
            b += 1
            continue
        columns: list[list[Amount]] = []
        while b + 1 + len(columns) < len(blocks):
            nxt = blocks[b + 1 + len(columns)]
            figures = [_figure_line(text, spans[i]) for i in nxt] if len(nxt) == k else []
            if not figures or any(f is None for f in figures):
                break
            columns.append([f for f in figures if f is not None])
        m = len(columns)
        heads = blocks[b - m : b] if m and b >= m else []
        if not m or len(heads) != m or not all(_run_header_block(text, spans, h) for h in heads):
            b += 1
            continue
        table = _run_table(text, spans, blocks, b, heads, columns)
        tables.append(table)
        b += 1 + m
    return tables


def _run_header_block(text: str, spans: list[tuple[int, int]], block: list[int]) -> bool:
    return len(block) <= _MAX_RUN_HEADER_LINES and all(
        is_header_fragment(text[spans[i][0] : spans[i][1]]) for i in block
    )


def _run_table(
    text: str,
    spans: list[tuple[int, int]],
    blocks: list[list[int]],
    b: int,
    heads: list[list[int]],
    columns: list[list[Amount]],
) -> Table:
    m = len(columns)
    head_text = {
        c + 1: " ".join(text[spans[i][0] : spans[i][1]].strip() for i in block)
        for c, block in enumerate(heads)
    }
    before = blocks[b - m - 1] if b - m - 1 >= 0 else []
    caption = ""
    if before and len(before) <= 2:
        lines = [text[spans[i][0] : spans[i][1]].strip() for i in before]
        if all(len(x) <= 60 and not re.search(r"[.!?]$", x) for x in lines):
            caption = " ".join(lines)
    body = []
    for r, i in enumerate(blocks[b]):
        s, e = spans[i]
        label = text[s:e]
        row = Row(s, e, [Cell(label, s, e)], cell_quotes=True)
        for c in range(m):
            a = columns[c][r]
            row.cells.append(Cell(text[a.start : a.end], a.start, a.end))
            row.amounts[c + 1] = a
        body.append(row)
    start = spans[heads[0][0]][0]
    end = max(a.end for col in columns for a in col)
    return Table("runs", [], body, caption, start, end, m + 1, head_text, "")
