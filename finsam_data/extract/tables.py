"""Tables in document text, whatever their layout, and the facts their cells state.

Three layouts are read: tab-separated lines (PDF/Word exports), markdown pipe tables, and
space-aligned columns (two or more spaces between cells). A table is a run of such lines with
at least one numeric cell outside the first column; the first column labels the row, header
rows above the first numeric row label the columns, and a short line just above the table is
its caption. Tables of contents (``Sid``, ``§ 27 … 3``) and page furniture yield nothing.

Money tables (budget / utfall / prognos) have each row classified as a cost, an income, a
result or an equity line; the table's sign convention (income written negative, say) is read
from its own rows, so that values come out positive and ``*_result`` is income minus costs.
People tables take their measure from the caption (``AVSLUTSANLEDNINGAR`` → exits_by_reason),
their subject from the row label and a ``kvinnor``/``män`` breakdown from the column header.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from finsam_data.extract import classify as cl
from finsam_data.extract import table_cues as cues
from finsam_data.extract.categories import exit_category
from finsam_data.extract.fact import fact_row
from finsam_data.text.numbers import Amount, parse_amount, to_float
from finsam_data.text.periods import find_periods, period_of_label, year

Period = tuple[dt.date, dt.date] | None


@dataclass
class Cell:
    text: str
    start: int  # absolute offsets of the cell text
    end: int


@dataclass
class Row:
    start: int  # absolute offsets of the whole line
    end: int
    cells: list[Cell]
    amounts: dict[int, Amount] = field(default_factory=dict)  # column -> amount
    # a row pieced together from column runs: each figure is quoted from its own line
    cell_quotes: bool = False
    claimed: set[int] = field(default_factory=set)

    @property
    def label(self) -> str:
        return self.cells[0].text.strip() if self.cells else ""


@dataclass
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


# -- finding tables ----------------------------------------------------------------------------

_PIPE_SEP = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")
_DASH_LINE = re.compile(r"^[\s\-–—|:=_]*$")
_SPACE_SPLIT = re.compile(r"[ \u00a0]{2,}")
_STARS = re.compile(r"^[\s*]+|[\s*]+$")
_QUAL_WORDS = re.compile(r"(?i)\b(?:ca\.?|cirka|c:a|max|knappt|drygt|över|under|<|>)")
_TOC_HEADER = re.compile(r"(?i)^\s*(?:sid|sida|sidan|s\.|sidnr|page)\s*:?\s*$")
_TOC_CAPTION = re.compile(r"(?i)innehåll|ärendelista|dagordning|föredragningslista")


def _lines(text: str) -> list[tuple[int, int]]:
    out = []
    pos = 0
    for line in text.split("\n"):
        out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def _split(text: str, start: int, end: int, kind: str) -> list[Cell]:
    line = text[start:end]
    cells: list[Cell] = []
    if kind == "tab":
        pos = 0
        for part in line.split("\t"):
            cells.append(Cell(part, start + pos, start + pos + len(part)))
            pos += len(part) + 1
        return cells
    if kind == "pipe":
        pos = 0
        parts = line.split("|")
        for i, part in enumerate(parts):
            if (i == 0 or i == len(parts) - 1) and not part.strip():
                pos += len(part) + 1
                continue
            cells.append(Cell(part, start + pos, start + pos + len(part)))
            pos += len(part) + 1
        return cells
    # space-aligned
    stripped_at = len(line) - len(line.lstrip())
    pos = stripped_at
    for m in _SPACE_SPLIT.finditer(line[stripped_at:].rstrip() + "  "):
        part = line[pos : stripped_at + m.start()]
        if part:
            cells.append(Cell(part, start + pos, start + pos + len(part)))
        pos = stripped_at + m.end()
    return cells


_PAREN_CELL = re.compile(r"\(\s*([^()]*\d[^()]*?)\s*\)")

# The common case, a plain (possibly signed) number: read without the full parser.
_PLAIN_CELL = re.compile(
    r"(?P<sign>[-−–][ \u00a0]?)?(?P<num>\d{1,3}(?:[ \u00a0\u2009\u202f]\d{3})+|\d{1,3}|\d{5,})"
    r"(?P<dec>,\d+)?"
)


def cell_amount(cell: Cell) -> Amount | None:
    """The figure a table cell holds when the cell is only a figure (footnote stars, markdown
    bold and a qualifier allowed), else None."""
    t = cell.text
    core = _STARS.sub("", t)
    if not core or _DASH_LINE.match(core):
        return None
    paren = _PAREN_CELL.fullmatch(core)
    if paren:
        # "(361)": a negative figure in accounting style; the quote keeps the parentheses
        inner = Cell(paren.group(1), cell.start + t.index(core) + 1, 0)
        inner.end = inner.start + len(inner.text)
        a = cell_amount(inner)
        if a is None or a.value < 0:
            return None
        return Amount(
            -a.value,
            a.unit,
            a.qualifier,
            core,
            inner.start - 1,
            inner.end + 1,
            unit_word=a.unit_word,
            signed=True,
        )
    if len(core) > 40 or not any(ch.isdigit() for ch in core):
        return None  # a figure's cell is short and has digits
    plain = _PLAIN_CELL.fullmatch(core)
    if plain:
        number = plain.group("num") + (plain.group("dec") or "")
        value = to_float(number)
        if plain.group("sign"):
            value = -value
        offset = cell.start + t.index(core)
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
    offset = cell.start + t.index(core)
    return a.shifted(offset)


def _line_kind(line: str) -> str | None:
    if not line.strip():
        return None
    if "\t" in line:
        return "tab"
    if line.count("|") >= 2 or line.lstrip().startswith("|"):
        return "pipe"
    if _SPACE_SPLIT.search(line.strip()):
        return "space"
    return None


def find_tables(text: str, spans: list[tuple[int, int]] | None = None) -> list[Table]:
    """Every data table in ``text`` (tables without a numeric cell are not returned)."""
    spans = spans or _lines(text)
    kinds = [_line_kind(text[s:e]) for s, e in spans]
    runs: list[list[int]] = []  # [first line, last line, kind index]
    kind_names = ["tab", "pipe", "space"]
    i = 0
    n = len(spans)
    while i < n:
        kind = kinds[i]
        if kind is None:
            i += 1
            continue
        j = i
        while j + 1 < n and kinds[j + 1] == kind:
            j += 1
        runs.append([i, j, kind_names.index(kind)])
        i = j + 1
    # PDF text: a row whose label wraps puts its figures alone on the next line; such
    # "label lines + figure line" groups right after a run belong to it.
    for run in runs:
        if run[2] == 2:
            continue
        k = run[1] + 1
        while k < n:
            m = k
            while m < n and m - k < 4 and _is_label_line(text, spans[m]):
                m += 1
            if m < n and m > k and kinds[m] is None and _is_figure_line(text, spans[m]):
                run[1] = m
                k = m + 1
            else:
                break
    # A table broken by blank lines or by a bare section label ("Insatser") goes on when the
    # next run of the same layout starts with figures (it has no header of its own).
    merged: list[list[int]] = []
    for run in runs:
        if merged and merged[-1][2] == run[2] and _continues(text, spans, merged[-1], run):
            merged[-1][1] = run[1]
        else:
            merged.append(run)
    tables: list[Table] = []
    for i, j, k in merged:
        tables.extend(_build(text, spans, i, j, kind_names[k]))
    taken = [(t.start, t.end) for t in tables]
    for table in _column_run_tables(text, spans):
        if not any(s < table.end and table.start < e for s, e in taken):
            tables.append(table)
    tables.sort(key=lambda t: t.start)
    return tables


# -- column runs: a table that PDF text gives column by column ---------------------------------

_MAX_RUN_HEADER_LINES = (
    3  # a header cell wrapped to at most three lines ("Avvikelse" / "prognos/budget")
)


def _blocks(text: str, spans: list[tuple[int, int]]) -> list[list[int]]:
    """Runs of non-blank lines (line indexes), as pdftotext separates them by blank lines."""
    out: list[list[int]] = []
    current: list[int] = []
    for k, (s, e) in enumerate(spans):
        if text[s:e].strip():
            current.append(k)
        elif current:
            out.append(current)
            current = []
    if current:
        out.append(current)
    return out


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


def _column_run_tables(text: str, spans: list[tuple[int, int]]) -> list[Table]:
    """Tables that PDF text (pdftotext's default mode) gives as column runs: the header cells
    one block each, then a block of row labels, then one block of figures per column, each
    as long as the label block::

        Team / Deltagare / Nya / Sala, FNS, Summa / 41, 37, 78 / 14, 12, 26

    A label block of K lines followed by M blocks of K single figures, with M header blocks
    (short lines) right before the labels, is read as a table of K rows and M columns.
    """
    blocks = _blocks(text, spans)
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
        _is_header_fragment(text[spans[i][0] : spans[i][1]]) for i in block
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


_LABEL_LINE = re.compile(r"^\s*[^\d\t|]{1,60}$")


def _is_label_line(text: str, span: tuple[int, int]) -> bool:
    line = text[span[0] : span[1]]
    return (
        bool(line.strip())
        and bool(_LABEL_LINE.match(line))
        or bool(
            re.match(r"^\s*[^\t|]{1,60}$", line)
            and not re.search(r"\d\s*$", line)
            and line.strip()[:1].isalpha()
        )
    )


def _is_figure_line(text: str, span: tuple[int, int]) -> bool:
    line = text[span[0] : span[1]]
    return bool(line.strip()) and cell_amount(Cell(line, span[0], span[1])) is not None


def _continues(text: str, spans: list[tuple[int, int]], prev: list[int], run: list[int]) -> bool:
    kind = ["tab", "pipe", "space"][run[2]]
    gap = range(prev[1] + 1, run[0])
    if (
        kind == "tab"
        and not text[spans[prev[0]][0] : spans[prev[0]][1]].startswith("\f")  # a page header
        and not _has_figures(text, spans, prev, kind)
    ):
        # a header band wrapped over lines (PDF printed from HTML): the header's first line
        # holds tabs, its cells' further lines stand alone ("Utfall" / "jan–aug 2025" / …)
        return len(gap) <= _MAX_HEADER_LINES and all(
            _is_header_fragment(text[spans[g][0] : spans[g][1]]) for g in gap
        )
    if len(gap) > 4:
        return False
    s, e = spans[run[0]]
    cells = _split(text, s, e, kind)
    first_is_figure = bool(cells) and cell_amount(cells[0]) is not None
    for g in gap:
        line = text[spans[g][0] : spans[g][1]]
        if not line.strip() or _is_label_line(text, spans[g]):
            continue
        # a long row label the figures below belong to ("Samordningsteamen i … (Sala, …)")
        if not (first_is_figure and g == run[0] - 1 and _is_long_label(line)):
            return False
    return any(cell_amount(c) is not None for c in cells)


_MAX_HEADER_LINES = 16  # a six-column header wrapped to two lines per cell, plus a section row


def _has_figures(text: str, spans: list[tuple[int, int]], run: list[int], kind: str) -> bool:
    return any(
        cell_amount(c) is not None
        for k in range(run[0], run[1] + 1)
        for c in _split(text, spans[k][0], spans[k][1], kind)[1:]
    )


def _is_header_fragment(line: str) -> bool:
    """A short line that can be part of a wrapped header cell (``helår``, ``2023*``,
    ``prognos–budget``) or a section row (``Intäkter``): no sentence, no figure but a year."""
    t = line.strip()
    if not t or len(t) > 40 or "\t" in line or re.search(r"[.!?:;]$", t):
        return False
    return not re.search(r"\d", t) or bool(re.fullmatch(r"[^\d]*(?:19|20)\d\d[^\d]*", t))


def _is_long_label(line: str) -> bool:
    t = line.strip()
    return 0 < len(t) <= 100 and "\t" not in line and not re.search(r"[.!?:;]$", t)


def _build(text: str, spans: list[tuple[int, int]], i: int, j: int, kind: str) -> list[Table]:
    """The tables in lines ``i..j`` of one layout (a second header row after figures starts a
    new table)."""
    segments: list[tuple[int, list[Row]]] = []
    rows: list[Row] = []
    seg_start = i
    pending: list[tuple[int, int]] = []  # lines with a label only (a wrapped label, a heading)
    for k in range(i, j + 1):
        s, e = spans[k]
        line = text[s:e]
        if not line.strip():
            continue
        if kind == "pipe" and _PIPE_SEP.match(line):
            continue
        if kind == "tab" and _DASH_LINE.match(line):
            continue
        cells = _split(text, s, e, kind)
        if not cells:
            continue
        if (
            kind == "tab"
            and len(cells) == 1
            and rows
            and not any(r.amounts for r in rows)
            and _is_header_fragment(line)
        ):
            # inside the header band each line is a fragment of its own (a wrapped cell)
            rows.append(Row(s, e, [Cell(line, s, e)]))
            continue
        if len(cells) == 1 and cell_amount(cells[0]) is None:
            pending.append((s, e))
            continue
        figures = [cell_amount(c) for c in cells]
        if (
            any(r.amounts for r in rows)
            and sum(1 for c in cells if c.text.strip()) >= 2
            and not any(figures)
        ):
            # a second header row after figures: a new table starts here
            segments.append((seg_start, rows))
            rows, seg_start = [], k
            for cs, ce in _chunks(text, pending):
                rows.append(Row(cs, ce, [Cell(text[cs:ce], cs, ce)]))
            pending = []
        first_is_figure = figures[0] is not None
        if first_is_figure and not pending and not any(r.amounts for r in rows):
            # figures without a label under a header band: the label wrapped onto the lines
            # above ("Arbete på den öppna" / "arbetsmarknaden"), taken for header fragments
            while (
                len(rows) > 1
                and len(rows[-1].cells) == 1
                and not re.search(r"\d", rows[-1].cells[0].text)
            ):
                r = rows.pop()
                pending.insert(0, (r.start, r.end))
        chunks = _chunks(text, pending)
        pending = []
        label_chunk = chunks.pop() if first_is_figure and chunks else None
        for cs, ce in chunks:  # section headings inside the table ("Bil", "Insatser")
            rows.append(Row(cs, ce, [Cell(text[cs:ce], cs, ce)]))
        if label_chunk is not None:
            # a label wrapped over lines above its figures (PDF text): the figures start in
            # the first column
            ls, le = label_chunk
            row = Row(ls, e, [Cell(text[ls:le], ls, le), *cells])
            figures = [None, *figures]
        else:
            row = Row(s, e, cells)
        for c, a in enumerate(figures):
            if c and a is not None:
                row.amounts[c] = a
        rows.append(row)
    segments.append((seg_start, rows))
    tables = []
    for start_line, seg_rows in segments:
        table = _table(text, spans, start_line, kind, seg_rows)
        if table is not None:
            tables.append(table)
    return tables


def _table(
    text: str, spans: list[tuple[int, int]], i: int, kind: str, rows: list[Row]
) -> Table | None:
    numeric = [r for r in rows if r.amounts]
    if not numeric:
        return None
    if kind == "space" and len(numeric) < 2:
        return None
    first = rows.index(numeric[0])
    while first < len(rows) - 1 and _is_year_row(rows[first]):
        first += 1  # "| | 2024 | 2024 |" under "| | Budget | Utfall |": a header line
    numeric = [r for r in rows[first:] if r.amounts]
    if not numeric:
        return None
    first = rows.index(numeric[0])
    header = rows[:first]
    body = rows[first:]
    if kind == "space" and len(header) > 2:
        header = header[-2:]
    band = _flowed_header(header, body) if kind == "tab" else None
    if band is not None:
        heads, corner_text, moved = band
        body = header[len(header) - moved :] + body if moved else body
        header = header[: len(header) - moved]
        shift = 0
    else:
        heads, corner_text, shift = _header_by_position(header, body, kind)
    _drop_note_columns(heads, body)
    columns = max(len(r.cells) for r in rows) + shift
    caption = _caption(text, spans, i)
    start = header[0].start if header else body[0].start
    table = Table(
        kind,
        header,
        body,
        caption,
        start,
        body[-1].end,
        columns,
        heads,
        corner_text,
    )
    if _is_toc(table):
        return None
    return table


_BREAK = re.compile(r"(?i)<br\s*/?>")  # a line break inside a markdown cell


def _is_year_row(row: Row) -> bool:
    """A row without a label whose every cell is a year or a date (``2024``, ``2023-12-31``)."""
    cells = [c.text.strip(" *") for c in row.cells[1:] if c.text.strip(" *")]
    return (
        not row.label.strip(" *")
        and len(cells) >= 2
        and all(re.fullmatch(r"(?:19|20)\d\d(?:-\d\d-\d\d)?\*?", c) for c in cells)
    )


def _header_by_position(
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


def _flowed_header(header: list[Row], body: list[Row]) -> tuple[dict[int, str], str, int] | None:
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


def _drop_note_columns(heads: dict[int, str], body: list[Row]) -> None:
    """A ``Not`` column holds note numbers, not figures. PDF text leaves out the empty note
    cells, so a shorter row's figures stand under the last columns."""
    notes = [c for c, h in heads.items() if cues.column_kind(h) == "note"]
    if not notes:
        return
    width = max(heads) + 1
    for row in body:
        if row.amounts and len(row.cells) < width:
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


def _chunks(text: str, lines: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Label-only lines grouped into labels: a line starting in lower case (or closing a
    parenthesis) continues the one before ("Aktivt arbetsökande utan behov av" / "samordnat
    stöd")."""
    out: list[list[int]] = []
    for s, e in lines:
        first = text[s:e].lstrip()[:1]
        if out and (first.islower() or first == ")"):
            out[-1][1] = e
        else:
            out.append([s, e])
    return [(s, e) for s, e in out]


def _caption(text: str, spans: list[tuple[int, int]], i: int) -> str:
    """The heading lines right above the table (up to three, within two blank lines)."""
    k = i - 1
    blanks = 0
    found: list[str] = []
    while k >= 0 and blanks <= 2 and len(found) < 3:
        s, e = spans[k]
        line = text[s:e].strip()
        if not line:
            if found:
                break
            blanks += 1
            k -= 1
            continue
        heading = len(line) <= 120 and not re.search(r"[.!?]\s*$", line.rstrip("*: "))
        if _line_kind(text[s:e]) in ("tab", "pipe"):
            break  # another table's row
        if cues.is_caption(line) and len(line) <= 240:
            found.append(line)  # "Tabell 2. Driftredovisning 2024. Belopp i tkr." is one
            break
        if not heading:
            break
        found.append(line)
        k -= 1
    return " ".join(reversed(found))


def _is_toc(table: Table) -> bool:
    heads = [c.text for r in table.header for c in r.cells]
    if any(_TOC_HEADER.match(h) for h in heads):
        return True
    if _TOC_CAPTION.search(table.caption) and len(table.body) >= 2:
        cols = {c for r in table.body for c in r.amounts}
        if len(cols) == 1:
            return True
    labels = [r.label for r in table.body]
    return bool(labels and sum(lbl.startswith("§") for lbl in labels) * 2 >= len(labels))


# -- reading tables ----------------------------------------------------------------------------

_MONEY_HEAD = re.compile(
    r"(?i)\b(?:budget\w*|utfall\w*|prognos\w*|bokslut\w*|avvikelse\w*|tkr|kkr|mkr|mnkr|kr|kronor|"
    r"sek|belopp|bidrag|avgift|plan)\b"
)
_INCOME = re.compile(
    r"(?i)intäkt|medel\s+från|bidrag\s+från|tilldelning|medlemsbidrag|medlemsavgift|"
    r"statsbidrag|statligt\s+bidrag|statens\s+(?:andel|bidrag)|ränteintäkt|finansiella\s+intäkter|"
    r"erhållna|inkomst|huvudmän|kommunernas\s+andel|regionens\s+andel|landstingets\s+andel|"
    r"försäkringskassans\s+andel|bruttolöneavdrag"
)
_TOTAL_COST = re.compile(
    r"(?i)^\W*(?:summa|s:a|totalt?|total)\s+(?:verksamhetens\s+|för\s+)?(?:kostnader|kostader|"
    r"utgifter)|^\W*(?:kostnader|utgifter)\s+(?:totalt|summa)|^\W*totala\s+(?:kostnader|utgifter)"
)
_TOTAL_INCOME = re.compile(
    r"(?i)^\W*(?:summa|s:a|totalt?|total)\s+(?:verksamhetens\s+)?(?:intäkter|intakter|inkomster)"
    r"|^\W*(?:intäkter|inkomster)\s+(?:totalt|summa)|^\W*totala\s+(?:intäkter|inkomster)"
)
_RESULT = re.compile(
    r"(?i)^\W*(?:årets\s+|periodens\s+|budgeterat\s+|beräknat\s+)?resultat\b|"
    r"över-?\s*/\s*underskott|^\W*netto\b|^\W*(?:överskott|underskott)\b"
)
_EQUITY_CHANGE = re.compile(r"(?i)förändring\w*\s+(?:av\s+|i\s+)?eg(?:et|na)\s+kapital")
_EQUITY = re.compile(r"(?i)eg(?:et|na)\s+kapital")
_GRAND_TOTAL = re.compile(
    r"(?i)^\W*(?:totalt?|summa|total|samtliga|sammanlagt|alla|s:a)\b(?!\s+(?:kostnader|intäkter))"
)
_VARAV = re.compile(r"(?i)^\W*(?:varav|därav|varav:)\b")
_DASHED = re.compile(r"^\s*[-–—•·]\s*")
_BALANCE = re.compile(
    r"(?i)balansräkning|tillgångar|\bskulder|fordringar|kassa\s+och\s+bank|likvida\s+medel|"
    r"anläggningstillgångar|omsättningstillgångar|avsättningar"
)
_INCOME_HEAD = re.compile(r"(?i)^\W*(?:intäkter|inkomster|finansiering)\W*$")
_COST_HEAD = re.compile(r"(?i)^\W*(?:kostnader|utgifter)\W*$")


def _clean_label(label: str) -> str:
    label = re.sub(r"\*+", "", label)
    label = _DASHED.sub("", label)
    return re.sub(r"\s+", " ", label).strip(" :")


def _scale(text: str) -> float | None:
    unit = cues.unit_in(text)
    return unit[0] if unit else None


def _unit_word(text: str) -> str | None:
    unit = cues.unit_in(text)
    return unit[1] if unit else None


_UNIT_NOTE = re.compile(
    r"(?i)\((?:belopp\s+i\s+)?(?:tkr|kkr|mkr|mnkr|msek|ksek|tsek|kr|kronor|sek|tusental\s+kronor|"
    r"miljoner\s+kronor)\)|\bbelopp\s+(?:anges\s+)?i\s+(?:tkr|kkr|mkr|mnkr|kr|kronor|tusental\s+kronor)"
)


def _scale_hint(text: str, start: int, max_lines: int = 6) -> tuple[float, str] | None:
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
        if _line_kind(line) is not None and re.search(r"\d", line):
            break  # another table's row
        m = _UNIT_NOTE.search(line)
        if m:
            return cues.unit_in(m.group(0))
        if prev < 0:
            break
    return None


def _precision(raw: str) -> float:
    """One unit of the last digit written (``0,4`` → 0.1, ``1 250`` → 1)."""
    m = re.search(r"[,.](\d+)\D*$", raw.strip())
    return 10.0 ** -len(m.group(1)) if m else 1.0


def _col_headers(table: Table) -> dict[int, str]:
    return table.heads


def _col_kind(header: str) -> str | None:
    """The money kind a header names: ``actual``, ``budget`` (a plan year too), ``forecast``,
    ``budget_deviation`` or ``forecast_deviation``; None for other headers."""
    kind = cues.column_kind(header)
    if kind == "deviation":
        return "forecast_deviation" if "forecast" in cues.kinds_in(header) else "budget_deviation"
    if kind == "plan":
        return "budget"  # a flerårsplan's plan year is that year's budget (CONTRACT §3)
    return kind if kind in ("actual", "budget", "forecast") else None


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


def table_facts(
    text: str, table: Table, table_id: str, base_period: Period, ref_year: int | None
) -> list[TableFact]:
    """The facts a table states; ``base_period`` applies where neither a column header nor
    the caption names a period."""
    heads = _col_headers(table)
    first_head = table.corner
    context = " ".join([table.caption, first_head]).strip()
    caption_periods = find_periods(context, ref_year)
    table_period = (
        (caption_periods[0].start, caption_periods[0].end) if caption_periods else base_period
    )
    if not caption_periods:
        # a title that ends in one bare year ("Insatserna i siffror 2024", "Nyckeltal 2023")
        # or names one year among its sentences ("Tabell 2. Driftredovisning 2024. Belopp i tkr.")
        m = _TITLE_YEAR.search(table.caption)
        years = set(_CAPTION_YEAR.findall(table.caption))
        if m and len(years) == 1:
            table_period = year(int(m.group(1)))
        elif cues.is_caption(table.caption) and len(years) == 1:
            table_period = year(int(next(iter(years))))
    if _is_money(table, heads, context):
        hint = None
        if _scale(context) is None and _scale(" ".join(heads.values())) is None:
            hint = _scale_hint(text, table.start)
        facts = _money_facts(table, table_id, heads, context, table_period, ref_year, hint)
    else:
        facts = _people_facts(table, table_id, heads, context, table_period, ref_year)
    # trim the quote span to the visible line (no trailing blanks)
    for f in facts:
        line = text[f.row.start : f.row.end]
        f.row.end = f.row.start + len(line.rstrip())
    return facts


def _is_money(table: Table, heads: dict[int, str], context: str) -> bool:
    if any(_MONEY_HEAD.search(h) for h in heads.values()):
        return True
    if any(a.unit == "SEK" for r in table.body for a in r.amounts.values()):
        return True
    labels = [r.label for r in table.body]
    if any(
        _RESULT.search(lbl) or _TOTAL_COST.search(lbl) or _TOTAL_INCOME.search(lbl)
        for lbl in labels
    ):
        return True
    # a caption that names a money unit ("Belopp i kronor") or a financial statement
    return _scale(context) is not None or bool(_BALANCE.search(context))


_YEARISH = re.compile(r"(?:19|20)\d\d")
_CAPTION_YEAR = re.compile(r"(?<![\d\-/.:])((?:19|20)\d\d)(?![\d\-/:])")
_TITLE_YEAR = re.compile(r"(?<![\d\-/.:])((?:19|20)\d\d)\W*$")


def _row_period(label: str, ref_year: int | None) -> Period:
    """A period a row label names (a table with one row per year), or None."""
    if not _YEARISH.search(label):
        return None
    if re.fullmatch(r"\s*(?:19|20)\d{2}\s*", label) or find_periods(label, ref_year):
        return period_of_label(label, ref_year)
    return None


@dataclass
class ColumnRole:
    """What a table column holds: the kind of figure, the measure it names itself (``Äskat``,
    ``Beviljat``, ``Bidrag``), its period, and the money unit that applies to its cells."""

    kind: str | None  # actual, budget, forecast, budget_deviation, forecast_deviation
    measure: str | None  # request, grant, grant_proposal, allocation
    period: Period
    scale: float
    unit_word: str | None


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
    kinds = {c: _col_kind(heads.get(c, "")) for c in value_cols}
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
        unit = cues.unit_in(heads.get(c, "")) or table_unit
        roles[c] = ColumnRole(
            kinds[c],
            named[c] if kinds[c] is None else None,
            periods[c],
            unit[0] if unit else 1.0,
            unit[1] if unit else None,
        )
    return roles


def _money_facts(
    table: Table,
    table_id: str,
    heads: dict[int, str],
    context: str,
    table_period: Period,
    ref_year: int | None,
    scale_hint: tuple[float, str] | None = None,
) -> list[TableFact]:
    caption_kind = _col_kind(context)
    caption_measure = None
    if caption_kind is None:
        c = cl.classify_money(context, "", context)
        if c.measure in ("request", "grant", "allocation", "fee", "grant_proposal"):
            caption_measure = c.measure
    value_cols = sorted({c for r in table.body for c in r.amounts})
    roles = column_roles(heads, value_cols, context, table_period, ref_year, scale_hint)
    col_kind = {c: roles[c].kind or caption_kind or "actual" for c in value_cols}
    col_measure = {c: roles[c].measure for c in value_cols if roles[c].measure}
    col_scale = {c: roles[c].scale for c in value_cols}
    col_period = {c: roles[c].period for c in value_cols}

    def cell_unit(c: int, a: Amount) -> dict[str, Any]:
        """scale and unit word of a cell: its own unit ("120 tkr") or its column's."""
        if a.unit == "SEK":
            return {}
        return {"scale": col_scale[c], "unit_word": roles[c].unit_word}

    def val(row: Row, c: int) -> float:
        a = row.amounts[c]
        return a.value if a.unit == "SEK" else a.value * col_scale[c]

    # 1. the kind of each row
    kinds: list[str] = []
    mode = None  # 'income' / 'cost' after an "Intäkter"/"Kostnader" header row
    for row in table.body:
        label = row.label
        if not row.amounts:
            if _INCOME_HEAD.match(label):
                mode = "income"
            elif _COST_HEAD.match(label):
                mode = "cost"
            kinds.append("header")
        elif _TOTAL_COST.search(label):
            kinds.append("total_cost")
        elif _TOTAL_INCOME.search(label):
            kinds.append("total_income")
        elif _EQUITY_CHANGE.search(label):
            kinds.append("equity_change")
        elif _EQUITY.search(label) and not re.search(r"(?i)skulder|summa", label):
            kinds.append("equity")
        elif _RESULT.search(label):
            kinds.append("result")
        elif _GRAND_TOTAL.search(label):
            kinds.append("grand_total")
        elif _INCOME.search(label) or mode == "income":
            kinds.append("income")
        elif mode == "cost":
            kinds.append("cost")
        else:
            kinds.append("line")

    # 2. the table's sign convention, from rows whose label says what they are
    def signs(kind: str) -> tuple[int, int]:
        neg = pos = 0
        for row, k in zip(table.body, kinds, strict=True):
            if k == kind:
                for c in row.amounts:
                    v = val(row, c)
                    neg += v < 0
                    pos += v > 0
        return neg, pos

    inc_neg, inc_pos = signs("income")
    tin_neg, tin_pos = signs("total_income")
    inc_neg, inc_pos = inc_neg + 2 * tin_neg, inc_pos + 2 * tin_pos
    cost_neg, cost_pos = signs("cost")
    tc_neg, tc_pos = signs("total_cost")
    line_neg, line_pos = signs("line")
    if inc_neg > inc_pos:
        convention = "income_negative"
    elif cost_neg + tc_neg > cost_pos + tc_pos or (inc_pos and line_neg > line_pos):
        convention = "cost_negative"
    else:
        convention = "positive"

    for idx, (row, k) in enumerate(zip(table.body, kinds, strict=True)):
        if k != "line":
            continue
        nonzero = [val(row, c) for c in row.amounts if val(row, c) != 0]
        if convention == "income_negative" and nonzero:
            neg = sum(v < 0 for v in nonzero)
            kinds[idx] = "income" if neg * 2 > len(nonzero) else "cost"
        elif convention == "cost_negative" and nonzero:
            neg = sum(v < 0 for v in nonzero)
            kinds[idx] = "cost" if neg * 2 > len(nonzero) else "income"
        else:
            kinds[idx] = "cost"
    # A lone "Summa"/"Totalt" row totals the rows above it (costs unless all are income).
    line_kinds = {k for k in kinds if k in ("cost", "income")}
    kinds = [
        ("total_income" if line_kinds == {"income"} else "total_cost") if k == "grand_total" else k
        for k in kinds
    ]

    # 3. hierarchy: "Varav"/dashed rows belong to the row above
    subjects: list[str | None] = []
    parents: list[str | None] = []
    last_plain: Row | None = None
    for row in table.body:
        label = row.label
        clean = _clean_label(label)
        dashed = bool(_DASHED.match(label)) or bool(_VARAV.match(label))
        parent = None
        subject = clean or None
        if dashed and last_plain is not None:
            parent_label = _clean_label(last_plain.label)
            if last_plain.amounts:
                parent = parent_label
            else:
                subject = f"{parent_label} – {clean}"
        if not dashed:
            last_plain = row
        subjects.append(subject)
        parents.append(parent)

    # 4. result sign: the contract wants income minus costs
    flip_result: dict[int, bool] = {}
    for c in value_cols:
        costs = incomes = None
        result = None
        tol = 2 * col_scale[c]
        for row, k in zip(table.body, kinds, strict=True):
            if c not in row.amounts:
                continue
            if k == "total_cost":
                costs = abs(val(row, c))
            elif k == "total_income":
                incomes = abs(val(row, c))
            elif k == "result":
                result = val(row, c)
                if row.amounts[c].unit != "SEK":
                    # two units of the last digit written (rounded lines, in the table's scale)
                    tol = 2 * _precision(row.amounts[c].raw) * col_scale[c]
        if costs is None:
            costs = sum(
                abs(val(r, c))
                for r, k, p in zip(table.body, kinds, parents, strict=True)
                if k == "cost" and p is None and c in r.amounts
            )
        if incomes is None:
            incomes = sum(
                abs(val(r, c))
                for r, k, p in zip(table.body, kinds, parents, strict=True)
                if k == "income" and p is None and c in r.amounts
            )
        if result is None:
            continue
        if abs(result - (incomes - costs)) <= tol:
            flip_result[c] = False
        elif abs(result - (costs - incomes)) <= tol:
            flip_result[c] = True
    default_flip = convention == "income_negative"
    if flip_result:
        votes = list(flip_result.values())
        default_flip = sum(votes) * 2 > len(votes)

    # 5. deviations: the contract wants actual (or forecast) minus budget; a table may write
    # budget minus actual ("positivt = bättre än budget"). Read the orientation row by row
    # from the row's own budget and actual figures, and use the majority for rows without.
    budget_col = next((c for c in value_cols if col_kind[c] == "budget"), None)
    actual_col = next((c for c in value_cols if col_kind[c] in ("actual", "forecast")), None)
    dev_flip: dict[int, bool] = {}
    if budget_col is not None and actual_col is not None:
        for idx, (row, k) in enumerate(zip(table.body, kinds, strict=True)):
            devs = [c for c in row.amounts if col_kind[c].endswith("_deviation")]
            if not devs or budget_col not in row.amounts or actual_col not in row.amounts:
                continue
            b, a_ = val(row, budget_col), val(row, actual_col)
            if k == "result":
                flip = flip_result.get(budget_col, default_flip)
                b, a_ = (-b, -a_) if flip else (b, a_)
            elif k != "equity_change":
                b, a_ = abs(b), abs(a_)
            expected = a_ - b
            written = val(row, devs[0])
            dev = row.amounts[devs[0]]
            # within 1.5 units of the last digit written: a deviation of 0,1 mnkr must not
            # match its own opposite
            tol = 1.5 * (_precision(dev.raw) if dev.unit != "SEK" else 1.0) * col_scale[devs[0]]
            if expected and abs(written - expected) <= tol:
                dev_flip[idx] = False
            elif expected and abs(written + expected) <= tol:
                dev_flip[idx] = True
    cost_votes = [f for i, f in dev_flip.items() if kinds[i] in ("cost", "total_cost", "line")]
    default_dev_flip = bool(cost_votes) and sum(cost_votes) * 2 > len(cost_votes)

    # 6. the facts
    facts: list[TableFact] = []
    balance = (
        bool(_BALANCE.search(context + " " + " ".join(heads.values())))
        or sum(bool(_BALANCE.search(r.label)) for r in table.body) >= 2
    )
    closed: dict[tuple[int, str], int] = {}  # (column, family) -> groups closed by a total
    for row, k, subject, parent in zip(table.body, kinds, subjects, parents, strict=True):
        if k == "header":
            continue
        if balance and k != "equity":
            # a balance sheet: only eget kapital is in the vocabulary; the rest is kept as
            # stated amounts, outside any group (assets and liabilities are not costs)
            for c, a in sorted(row.amounts.items()):
                facts.append(
                    TableFact(
                        "other_amount",
                        float(abs(val(row, c))),
                        "SEK",
                        a.qualifier,
                        a.raw,
                        row,
                        subject,
                        period=col_period[c],
                        **cell_unit(c, a),
                    )
                )
            continue
        for c, a in sorted(row.amounts.items()):
            ckind = col_kind[c]
            v = val(row, c)
            if a.unit in ("percent", "promille"):
                # a member's share beside its contribution is its share of the costs
                share = "cost_share" if "allocation" in col_measure.values() else "other_percent"
                facts.append(
                    TableFact(
                        share,
                        a.value,
                        a.unit,
                        a.qualifier,
                        a.raw,
                        row,
                        "total" if k.startswith("total") else subject,
                        period=col_period[c],
                        is_total=k.startswith("total") and share == "cost_share",
                    )
                )
                continue
            if a.unit not in (None, "SEK"):
                # "145 deltagare" in a money table's column: a count, not kronor
                facts.append(
                    TableFact(
                        "other_count",
                        a.value,
                        "persons",
                        a.qualifier,
                        a.raw,
                        row,
                        subject,
                        period=col_period[c],
                    )
                )
                continue
            group = None
            is_total = False
            fact_subject = subject
            if ckind.endswith("_deviation"):
                measure = ckind
                idx = table.body.index(row)
                flip = dev_flip.get(idx, default_dev_flip if k in ("cost", "total_cost") else False)
                value = -v if flip else v
                if k in ("cost", "total_cost", "income", "total_income"):
                    # deviations of the lines add up to the deviation of their total
                    family = "income" if "income" in k else "cost"
                    n_closed = closed.get((c, family), 0)
                    group = f"{table_id}:c{c}:{family}" + (f":{n_closed + 1}" if n_closed else "")
                    if k.startswith("total"):
                        is_total, fact_subject = True, "total"
                        closed[(c, family)] = n_closed + 1
            elif k in ("cost", "total_cost", "income", "total_income") and c in col_measure:
                family = col_measure[c]
                measure = family
                value = abs(v)
                n_closed = closed.get((c, family), 0)
                group = f"{table_id}:c{c}:{family}" + (f":{n_closed + 1}" if n_closed else "")
                if k.startswith("total"):
                    is_total, fact_subject = True, "total"
                    closed[(c, family)] = n_closed + 1
            elif k in ("cost", "total_cost", "income", "total_income"):
                family = "income" if "income" in k else "cost"
                if caption_measure and family == "cost":
                    measure = caption_measure
                else:
                    measure = f"{ckind}_{family}"
                value = abs(v)
                n_closed = closed.get((c, family), 0)
                group = f"{table_id}:c{c}:{family}" + (f":{n_closed + 1}" if n_closed else "")
                if k.startswith("total"):
                    is_total, fact_subject = True, "total"
                    closed[(c, family)] = n_closed + 1
            elif k == "result":
                measure = f"{ckind}_result"
                value = -v if flip_result.get(c, default_flip) else v
            elif k == "equity_change":
                measure = f"{ckind}_equity_change"
                value = v
            else:  # equity
                measure = {"actual": "equity", "forecast": "forecast_equity"}.get(
                    ckind, "other_amount"
                )
                value = abs(v)
            facts.append(
                TableFact(
                    measure,
                    float(value),
                    "SEK",
                    a.qualifier,
                    a.raw,
                    row,
                    fact_subject,
                    period=_row_period(row.label, ref_year) or col_period[c],
                    group=group,
                    is_total=is_total,
                    parent_subject=parent,
                    **cell_unit(c, a),
                )
            )
    return facts


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


def _people_facts(
    table: Table,
    table_id: str,
    heads: dict[int, str],
    context: str,
    table_period: Period,
    ref_year: int | None,
) -> list[TableFact]:
    value_cols = sorted({c for r in table.body for c in r.amounts})
    col_period = {
        c: period_of_label(heads[c], ref_year) if c in heads else None for c in value_cols
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
        clean = _clean_label(label)
        is_total = bool(_GRAND_TOTAL.search(label))
        dashed = bool(_DASHED.match(label)) or bool(_VARAV.match(label))
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
            period = col_period.get(c) or _row_period(label, ref_year) or table_period
            breakdown = cl.breakdown_of(header)
            subject: str | None = clean or None
            group: str | None = None
            category = None
            if row_oriented and unit == "SEK":
                measure = _row_money_measure(label)
                value = a.value * (_scale(label + " " + _unit_cells(row)) or 1.0)
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
                measure = _column_measure(unit, header, table_measure, context)
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


# -- transposed tables: insatser as columns, measures as rows ------------------------------------

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


def _row_money_measure(label: str) -> str:
    """The measure of a money row in a table of key figures (``Kostnad per deltagare``)."""
    if _PER_PARTICIPANT.search(label):
        return "cost_per_participant"
    kind = _col_kind(label) or "actual"
    if kind.endswith("_deviation"):
        return kind
    if re.search(r"(?i)kostnad|utgift", label):
        return f"{kind}_cost"
    if _INCOME.search(label):
        return f"{kind}_income"
    return "other_amount"


def _transposed_row(label: str) -> tuple[str | None, str, str | None]:
    """(measure, unit, breakdown) a row label of a transposed table names."""
    unit = "SEK" if _MONEY_WORD.search(label) else _people_unit(label)
    if unit == "SEK":
        return _row_money_measure(label), unit, None
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
        scale = (_scale(label) or 1.0) if unit == "SEK" else 1.0
        additive = unit in ("persons", "SEK") and measure != "cost_per_participant"
        for c, a in sorted(row.amounts.items()):
            head = _clean_label(heads.get(c, ""))
            total = bool(_GRAND_TOTAL.search(head))
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
