"""Finding tables in text: lines of one layout → runs → rows → header band → tables.

Three layouts are read: tab-separated lines (PDF/Word exports), markdown pipe tables, and
space-aligned columns (two or more spaces between cells); column runs come from :mod:`.runs`.
A table is a run of such lines with at least one numeric cell outside the first column; the
first column labels the row, the header band above the first numeric row labels the columns
(:mod:`.header`), and the heading just above the table is its caption. Tables of contents
(``Sid``, ``§ 27 … 3``) yield nothing.
"""

from __future__ import annotations

import re
from itertools import accumulate
from operator import add

from finsam_data.extract.table import cues
from finsam_data.extract.table.header import (
    drop_note_columns,
    flow_columns,
    flowed_header,
    header_by_position,
    is_header_fragment,
    is_year_row,
)
from finsam_data.extract.table.model import DASH_LINE, Cell, Row, Table, cell_amount
from finsam_data.extract.table.runs import column_run_tables

_PIPE_SEP = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")


_SPACE_SPLIT = re.compile(r"[ \u00a0]{2,}")


_TOC_HEADER = re.compile(r"(?i)^\s*(?:sid|sida|sidan|s\.|sidnr|page)\s*:?\s*$")


_TOC_CAPTION = re.compile(r"(?i)innehåll|ärendelista|dagordning|föredragningslista")


def _lines(text: str) -> list[tuple[int, int]]:
    return _spans_of(text.split("\n"))


def _spans_of(lines: list[str]) -> list[tuple[int, int]]:
    """The spans of the lines of a text split at its newlines."""
    lengths = list(map(len, lines))
    starts = list(accumulate([n + 1 for n in lengths], initial=0))
    return list(zip(starts, map(add, starts, lengths), strict=False))


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


# a horizontal rule inside a plain-text table ("-----", "=====")
_RULE = re.compile(r"\s*[-=_–—─]{5,}\s*")
_KINDS = ["tab", "pipe", "space"]  # dot-leader lists are read by extract/leaders.py


def line_kind(line: str) -> str | None:
    stripped = line.strip()
    if not stripped:
        return None
    if "\t" in line:
        return "tab"
    if "|" in line and (line.count("|") >= 2 or line.lstrip().startswith("|")):
        return "pipe"
    # two spaces in a row, or a no-break space: what _SPACE_SPLIT needs (a fast test first)
    if ("  " in stripped or "\u00a0" in stripped) and _SPACE_SPLIT.search(stripped):
        return "space"
    return None


def find_tables(text: str, spans: list[tuple[int, int]] | None = None) -> list[Table]:
    """Every data table in ``text`` (tables without a numeric cell are not returned)."""
    lines: list[str] | None = None
    if spans:
        kinds = [line_kind(text[s:e]) for s, e in spans]
    else:
        lines = text.split("\n")
        spans = _spans_of(lines)
        kinds = list(map(line_kind, lines))
    for k in range(1, len(spans) - 1):
        # a rule between two lines of one layout (under a header, above a total) is inside
        between = kinds[k] is None and kinds[k - 1] and kinds[k - 1] == kinds[k + 1]
        if between and _RULE.fullmatch(text[spans[k][0] : spans[k][1]]):
            kinds[k] = kinds[k - 1]
    runs: list[list[int]] = []  # [first line, last line, kind index]
    kind_names = _KINDS
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
        if _KINDS[run[2]] == "space":
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
    # PDF text of a table with an empty corner cell: the header band is all fragment lines
    for run in runs:
        if run[2] == 0:
            run[0] = _band_above(text, spans, run[0])
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
    for table in column_run_tables(text, spans, lines):
        if not any(s < table.end and table.start < e for s, e in taken):
            tables.append(table)
    tables.sort(key=lambda t: t.start)
    return tables


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
    kind = _KINDS[run[2]]
    gap = range(prev[1] + 1, run[0])
    if (
        kind == "tab"
        and not text[spans[prev[0]][0] : spans[prev[0]][1]].startswith("\f")  # a page header
        and not _has_figures(text, spans, prev, kind)
    ):
        # a header band wrapped over lines (PDF printed from HTML): the header's first line
        # holds tabs, its cells' further lines stand alone ("Utfall" / "jan–aug 2025" / …)
        return len(gap) <= _MAX_HEADER_LINES and all(
            is_header_fragment(text[spans[g][0] : spans[g][1]]) for g in gap
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


def _band_above(text: str, spans: list[tuple[int, int]], first: int) -> int:
    """The first line of a wrapped header band standing above a tab run that opens with
    figures (``Utfall`` / ``jan–aug`` / ``Budget`` / ``helår`` over ``Kansli⇥410⇥1 300``): the
    longest run of header fragments right above it whose fragments make one header per value
    column. ``first`` itself when there is none."""
    s, e = spans[first]
    cells = _split(text, s, e, "tab")
    if len(cells) < 3 or cell_amount(cells[0]) is not None or cell_amount(cells[1]) is None:
        return first
    above: list[int] = []
    k = first - 1
    while k >= 0 and len(above) < _MAX_HEADER_LINES:
        line = text[spans[k][0] : spans[k][1]]
        if not is_header_fragment(line) or cues.is_caption(line):
            break
        above.insert(0, k)
        k -= 1
    for start in range(len(above)):
        band = [Row(*spans[g], [Cell(text[slice(*spans[g])], *spans[g])]) for g in above[start:]]
        found = flow_columns(band, len(cells) - 1)
        if found is not None and found[1] == 0 and len(band) > 1:
            return above[start]
    return first


def _has_figures(text: str, spans: list[tuple[int, int]], run: list[int], kind: str) -> bool:
    return any(
        cell_amount(c) is not None
        for k in range(run[0], run[1] + 1)
        for c in _split(text, spans[k][0], spans[k][1], kind)[1:]
    )


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
    has_figures = False  # any(r.amounts for r in rows), kept as rows are added
    for k in range(i, j + 1):
        s, e = spans[k]
        line = text[s:e]
        if not line.strip():
            continue
        if kind == "pipe" and _PIPE_SEP.match(line):
            continue
        if kind in ("tab", "space") and DASH_LINE.match(line):
            continue
        cells = _split(text, s, e, kind)
        if not cells:
            continue
        if (
            kind == "tab"
            and len(cells) == 1
            and (rows or k == i)
            and not has_figures
            and is_header_fragment(line)
        ):
            # inside the header band each line is a fragment of its own (a wrapped cell)
            rows.append(Row(s, e, [Cell(line, s, e)]))
            continue
        if len(cells) == 1 and cell_amount(cells[0]) is None:
            word = cells[0].text.strip()
            if not pending and rows and rows[-1].amounts and word[:1].islower():
                # the rest of a label wrapped under its figures ("Samordningsteamet i norra" /
                # "länsdelen"): the row's label goes on, its quote takes in the line
                rows[-1].wrapped = (rows[-1].wrapped + " " + word).strip()
                rows[-1].end = e
                continue
            pending.append((s, e))
            continue
        figures = [cell_amount(c) for c in cells]
        if has_figures and sum(1 for c in cells if c.text.strip()) >= 2 and not any(figures):
            # a second header row after figures: a new table starts here
            segments.append((seg_start, rows))
            rows, seg_start = [], k
            has_figures = False
            for cs, ce in _chunks(text, pending):
                rows.append(Row(cs, ce, [Cell(text[cs:ce], cs, ce)]))
            pending = []
        first_is_figure = figures[0] is not None
        if first_is_figure and not pending and not has_figures:
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
        has_figures = has_figures or bool(row.amounts)
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
    while first < len(rows) - 1 and is_year_row(rows[first]):
        first += 1  # "| | 2024 | 2024 |" under "| | Budget | Utfall |": a header line
    numeric = [r for r in rows[first:] if r.amounts]
    if not numeric:
        return None
    first = rows.index(numeric[0])
    header = rows[:first]
    body = rows[first:]
    while kind != "tab" and len(header) > 1 and _is_section_row(header[-1]):
        body.insert(0, header.pop())  # "Intäkter" under the header opens the body
    if kind == "space" and len(header) > 2:
        header = header[-2:]
    band = flowed_header(header, body) if kind == "tab" else None
    if band is not None:
        heads, corner_text, moved = band
        body = header[len(header) - moved :] + body if moved else body
        header = header[: len(header) - moved]
        shift = 0
    else:
        heads, corner_text, shift = header_by_position(header, body, kind)
    drop_note_columns(heads, body, kind)
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
    # a table of contents is kept as a table that states nothing, so that no sentence
    # reading takes its page numbers for figures
    table.toc = _is_toc(table)
    return table


def _is_section_row(row: Row) -> bool:
    """A row with a label and nothing else (``Intäkter``, ``| **Kostnader** | | |``)."""
    filled = [c for c in row.cells if c.text.strip(" *")]
    return (
        len(filled) == 1
        and filled[0] is row.cells[0]
        and row.cells[0].start - row.start <= 1
        and not row.amounts
    )


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
        if line_kind(text[s:e]) in ("tab", "pipe"):
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
