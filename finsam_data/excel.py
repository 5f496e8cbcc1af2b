"""The tables as one Excel workbook for analysts (``data/finsam.xlsx``).

One sheet per table, with typed cells (dates as dates, amounts as numbers with Swedish-style
grouping in the number format), a frozen header and a filter; plus a sheet ``Kolumner`` that
explains every column in Swedish.

Formula injection: text from a document that starts with ``=``, ``+``, ``-`` or ``@`` would be
run as a formula by Excel if written as one. Every string is written with ``write_string`` and
the workbook is opened with ``strings_to_formulas=False``, so such text stays text; a cell whose
text starts like a formula (also a tab or CR) also gets Excel's quote prefix, so it stays text
when the cell is edited or the sheet saved as CSV. :func:`neutralise` does the same for CSV.

Excel holds at most 1 048 576 rows per sheet. A larger table is cut there and a sheet
``Avkortat`` says so; :func:`write_excel` returns the same notes for the build to print.
"""

from __future__ import annotations

import datetime as dt
import math
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import polars as pl

from finsam_data import excel_sv
from finsam_data.tables import _temp_beside

EXCEL_MAX_CHARS = 32_767  # Excel's limit for one cell; longer text is cut and marked
TRUNCATED_MARK = " … [avkortad, se parquet-filen]"

EXCEL_MAX_ROWS = 1_048_576  # rows per sheet, the header row included

# What Excel (and LibreOffice) read as the start of a formula in a cell, also in CSV: = + - @,
# and tab / CR, which some importers strip before looking; the full-width forms too.
FORMULA_LEAD = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
FORMULA_LEAD_RE = "^[=+\\-@\t\r\uff1d\uff0b\uff0d\uff20]"


def neutralise(text: str) -> str:
    """Text for a CSV cell that no spreadsheet runs as a formula: a leading ``'`` when needed.

    >>> neutralise("=HYPERLINK(1)"), neutralise("1 200 tkr")
    ("'=HYPERLINK(1)", '1 200 tkr')
    """
    return "'" + text if text.startswith(FORMULA_LEAD) else text


def neutralise_frame(frame: pl.DataFrame) -> pl.DataFrame:
    """Every text cell of ``frame`` through :func:`neutralise` (for CSV output)."""
    return frame.with_columns(
        pl.when(pl.col(c).str.contains(FORMULA_LEAD_RE)).then(pl.lit("'") + pl.col(c))
        .otherwise(pl.col(c)).alias(c)
        for c, dtype in frame.schema.items() if dtype == pl.String
    )  # fmt: skip


def _fit_rows(name: str, df: pl.DataFrame) -> tuple[pl.DataFrame, str | None]:
    """The rows of ``df`` that fit in one sheet, and a Swedish note when some did not."""
    room = EXCEL_MAX_ROWS - 1
    if df.height <= room:
        return df, None
    return df.head(room), (
        f"Bladet {_sheet_name(name)} visar de första {room} av {df.height} raderna (Excel rymmer "
        f"högst {EXCEL_MAX_ROWS} rader); alla rader finns i data/{name}.parquet."
    )


def _text_format(text: str, formats: dict[str, Any]) -> Any:
    """The format of a text cell: Excel's quote prefix when the text starts like a formula."""
    return formats["quoted"] if text.startswith(FORMULA_LEAD) else None


def _write_notes_sheet(wb: Any, notes: list[str], formats: dict[str, Any]) -> None:
    ws = wb.add_worksheet("Avkortat")
    ws.write_string(0, 0, "Avkortat", formats["head"])
    for r, note in enumerate(notes, start=1):
        ws.write_string(r, 0, note, formats["wrap"])
    ws.set_column(0, 0, 120)


SHEET_ORDER = ("documents", "forbund", "meetings", "attendance", "items", "decisions", "facts")

TABLE_DOCS: dict[str, str] = {
    "documents": "Dokumenten som lästes in, med hela texten som den lästes.",
    "forbund": "Registret över samordningsförbund (levereras med finsam, extraheras inte).",
    "meetings": "Styrelsemöten, ett per protokoll.",
    "attendance": "Närvaro vid mötena.",
    "items": "Ärenden (paragrafer) i protokollen.",
    "decisions": "Beslut i ärendena.",
    "facts": "Varje siffra som dokumenten anger, en rad per siffra, med citat och position.",
}

COMMON = {
    "forbund_id": "Förbundets id (kort namn utan å, ä, ö), se bladet forbund.",
    "doc_id": "Dokumentets id: SHA-256 av filens innehåll.",
    "source": "Dokumentets filnamn.",
    "meeting_date": "Mötets datum.",
    "item_no": "Paragrafnummer (§).",
    "text": "Texten som den står i dokumentet.",
    "char_start": "Position i dokumentets text där citatet börjar (tecken, från 0).",
    "char_end": "Position i dokumentets text där citatet slutar (tecknet efter).",
    "period_start": "Första dagen i perioden som uppgiften gäller.",
    "period_end": "Sista dagen i perioden som uppgiften gäller.",
}

COLUMN_DOCS: dict[str, dict[str, str]] = {
    "documents": {
        "doc_kind": "Dokumenttyp: protokoll, delarsrapport, arsredovisning, arsrapport, "
                    "verksamhetsplan, verksamhetsberattelse, revisionsberattelse, uppfoljning, "
                    "beslut, minnesanteckningar, other.",
        "doc_date": "Dokumentets datum (när det utfärdades).",
        "period_start": "Första dagen i perioden dokumentet redovisar.",
        "period_end": "Sista dagen i perioden dokumentet redovisar.",
        "n_chars": "Antal tecken i texten.",
        "text": "Hela texten som den lästes (Unicode NFC, radslut \\n).",
        "reader": "Vilken läsare som gav texten (txt, md, pdf, docx).",
        "encoding": "Teckenkodningen som filen lästes med.",
        "forbund_name": "Förbundets namn som det står i dokumentet.",
    },
    "forbund": {
        "name": "Förbundets namn.",
        "county": "Län.",
        "valid_from": "Första dagen förbundet fanns (tomt om okänt).",
        "valid_to": "Sista dagen förbundet fanns (tomt om det finns kvar eller är okänt).",
        "successor_id": "Förbundet som tog över verksamheten (t.ex. vid sammanslagning).",
        "members": "Medlemmarna: kommuner (med SCB-kod), region, Försäkringskassan, "
                   "Arbetsförmedlingen.",
        "registered": "Ja om förbundet finns i registret; nej om id:t skapades ur ett okänt "
                      "namn.",
    },
    "meetings": {
        "place": "Plats.",
        "start_time": "Starttid.",
        "end_time": "Sluttid.",
        "first_item": "Första paragrafen (§).",
        "last_item": "Sista paragrafen (§).",
        "chair": "Ordförande.",
        "secretary": "Sekreterare.",
        "adjuster": "Justerare (alla, i ordning).",
    },
    "attendance": {
        "person": "Namn.",
        "role": "Roll: ordforande, ledamot, ersattare, tjanstgorande_ersattare, forbundschef, "
                "revisor, other.",
        "organisation": "Organisation personen företräder.",
        "voting": "Ja om personen var beslutande.",
        "note": "Delvis närvaro som det står skrivet, t.ex. § 27-34.",
    },
    "items": {
        "title": "Ärendets rubrik.",
        "dnr": "Diarienummer.",
        "attachments": "Bilagor.",
        "text": "Ärendets text (sidhuvuden och sidfötter borttagna).",
    },
    "decisions": {
        "text": "Beslutets text.",
        "kind": "Typ: approve (godkänt), grant (beviljat), defer (bordlagt), refer_back "
                "(återremitterat), elect (val), mandate (uppdrag), other.",
        "amount_sek": "Belopp i kronor när beslutet anger ett.",
        "recipient": "Mottagare av medel eller uppdrag.",
        "deadline": "Sista dag för ett uppdrag.",
        "deferred_to": "För ett bordlagt ärende: mötet det bordlades till.",
    },
    "facts": {
        "section": "Paragraf (§ 31) eller rubriken uppgiften står under.",
        "measure": "Vad siffran mäter (se finsam_data/schema.py för hela listan), t.ex. "
                   "allocation (medelstilldelning), request (äskande), grant (beviljat), "
                   "actual_cost (utfall kostnader), participants (deltagare).",
        "subject": "Vad siffran gäller som det står: insats, budgetrad, kommun, avslutsorsak; "
                   "total för en angiven summa.",
        "breakdown": "Ytterligare uppdelning, t.ex. kvinnor, män.",
        "value": "Värdet i enheten unit; pengar alltid i hela kronor (120 tkr blir 120000).",
        "unit": "Enhet: SEK, persons, percent, promille, days, weeks, months, years, count.",
        "qualifier": "exact, approx (ca), max (högst), below (knappt), above (över).",
        "quote": "Exakt text i dokumentet som anger siffran.",
        "category": "Harmoniserad kategori för avslutsorsaker: work, studies, job_seeking, "
                    "continued_rehab, health, other.",
        "group_id": "Tabellen, listan eller meningen som siffran hör till.",
        "is_total": "Ja om siffran är gruppens angivna summa.",
        "parent_subject": "För en varav-rad: raden den hör under.",
        "raw": "Siffran som den står, före omräkning (t.ex. 120 tkr).",
        "scale": "Faktorn som talet i dokumentet multiplicerats med (tkr → 1000, kr → 1).",
        "unit_word": "Enheten som den står i dokumentet (t.ex. tkr, mnkr, procent, veckor).",
        "measure_sv": "Måttet i ord (bara i Excel).",
        "repeated": "Ja på varje upprepning av samma siffra (samma förbund, mått, vad den gäller, "
                    "period och värde) efter den första: filtrera på nej i en pivottabell "
                    "(bara i Excel).",
    },
}


def column_doc(table: str, column: str) -> str:
    """The Swedish explanation of one column (table-specific, else common, else empty)."""
    return COLUMN_DOCS.get(table, {}).get(column) or COMMON.get(column, "")


def _sheet_name(name: str) -> str:
    bad = '[]:*?/\\'
    clean = "".join("_" if ch in bad else ch for ch in name)
    return clean[:31] or "blad"


def write_excel(tables: Mapping[str, pl.DataFrame], path: Path) -> list[str]:
    """Write ``tables`` to ``path`` (.xlsx): one sheet per table plus ``Kolumner``.

    Parameters
    ----------
    tables : mapping of str to polars.DataFrame
        Table name to frame; contract tables come first in contract order, any others after.
    path : Path
        The workbook; written to a temporary file first and moved into place.

    Returns
    -------
    list of str
        Swedish notes on tables cut at Excel's row limit (empty when everything fit).

    Examples
    --------
    >>> write_excel({"facts": frame("facts")}, Path("reports/data/finsam.xlsx"))  # doctest: +SKIP
    """
    import xlsxwriter

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    names = [n for n in SHEET_ORDER if n in tables] + sorted(
        n for n in tables if n not in SHEET_ORDER
    )
    shown = {n: excel_sv.for_workbook(n, tables[n]) for n in names}
    # Rows are written in order and flushed as they go (constant_memory): a national workbook
    # (a quarter of a million facts) would otherwise be held whole in memory, twice. The file
    # is written beside its place and moved there when complete.
    fd, tmp = _temp_beside(path)
    os.close(fd)
    wb = xlsxwriter.Workbook(
        tmp,
        {
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
            "constant_memory": True,
        },
    )
    wb.set_properties({"title": "finsam: tabeller", "comments": "Skapad av finsam"})
    formats = {
        "head": wb.add_format({"bold": True, "bg_color": "#E8E8E8", "text_wrap": True,
                               "valign": "top", "border": 1}),
        "date": wb.add_format({"num_format": "yyyy-mm-dd"}),
        "time": wb.add_format({"num_format": "hh:mm"}),
        "int": wb.add_format({"num_format": "#,##0"}),
        "float": wb.add_format({"num_format": excel_sv.FORMAT_DECIMAL}),
        excel_sv.FORMAT_WHOLE: wb.add_format({"num_format": excel_sv.FORMAT_WHOLE}),
        excel_sv.FORMAT_DECIMAL: wb.add_format({"num_format": excel_sv.FORMAT_DECIMAL}),
        excel_sv.FORMAT_KRONOR: wb.add_format({"num_format": excel_sv.FORMAT_KRONOR}),
        "wrap": wb.add_format({"text_wrap": True, "valign": "top"}),
        "quoted": wb.add_format({"quote_prefix": True}),
    }
    truncated: list[str] = []
    notes: list[str] = []
    _write_readme_sheet(wb, formats)
    for name in names:
        frame, note = _fit_rows(name, shown[name])
        notes += [note] if note else []
        truncated += _write_sheet(wb, name, frame, formats)
    _write_columns_sheet(wb, names, shown, formats, truncated)
    if notes:
        _write_notes_sheet(wb, notes, formats)
    try:
        wb.close()
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return notes


def _write_sheet(wb: Any, name: str, df: pl.DataFrame, formats: dict[str, Any]) -> list[str]:
    ws = wb.add_worksheet(_sheet_name(excel_sv.sheet_name(name)))
    truncated = []
    for c, col in enumerate(df.columns):
        ws.write_string(0, c, excel_sv.column_name(name, col), formats["head"])
        doc = column_doc(name, col)
        if doc:
            ws.write_comment(0, c, doc)
    for c, (col, dtype) in enumerate(df.schema.items()):
        width = max(10, min(len(excel_sv.column_name(name, col)) + 2, 40))
        if dtype == pl.String and df.height:
            longest = df[col].str.len_chars().max() or 0
            width = max(width, min(int(longest) + 2, 60))
        ws.set_column(c, c, width)
    unit_at = df.columns.index("unit") if "unit" in df.columns else None
    strings = [dtype == pl.String for dtype in df.schema.dtypes()]
    columns = list(df.schema.items())
    for r, row in enumerate(df.iter_rows(), start=1):
        unit = row[unit_at] if unit_at is not None else None
        for c, value in enumerate(row):
            if value is None:
                continue  # an empty cell: nothing to write
            if strings[c] and len(value) <= EXCEL_MAX_CHARS:
                ws.write_string(r, c, value, _text_format(value, formats))
            elif isinstance(value, float) and math.isfinite(value):
                col = columns[c][0]
                ws.write_number(r, c, value, formats[excel_sv.number_format(name, col, value,
                                                                           unit)])
            elif _write_cell(ws, r, c, value, columns[c][1], formats):
                truncated.append(f"{name}.{columns[c][0]} rad {r}")
    ws.freeze_panes(1, 0)
    if df.width:
        ws.autofilter(0, 0, max(df.height, 1), df.width - 1)
    return truncated


def _write_cell(ws: Any, r: int, c: int, value: Any, dtype: pl.DataType,
                formats: dict[str, Any]) -> bool:
    """Write one typed cell; returns True when text had to be cut at Excel's limit."""
    if value is None:
        ws.write_blank(r, c, None)
        return False
    if isinstance(value, bool):
        ws.write_boolean(r, c, value)
        return False
    if isinstance(value, dt.datetime):
        ws.write_datetime(r, c, value, formats["date"])
        return False
    if isinstance(value, dt.date):
        ws.write_datetime(r, c, dt.datetime(value.year, value.month, value.day),
                          formats["date"])
        return False
    if isinstance(value, dt.time):
        ws.write_datetime(r, c, value, formats["time"])
        return False
    if isinstance(value, int):
        ws.write_number(r, c, value, formats["int"])
        return False
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            ws.write_blank(r, c, None)
        else:
            ws.write_number(r, c, value, formats["float"])
        return False
    if isinstance(value, (list, tuple)):
        value = "; ".join("" if v is None else str(v) for v in value)
    text = str(value)
    cut = len(text) > EXCEL_MAX_CHARS
    if cut:
        text = text[: EXCEL_MAX_CHARS - len(TRUNCATED_MARK)] + TRUNCATED_MARK
    # write_string: text is never interpreted as a formula, URL or number.
    ws.write_string(r, c, text, _text_format(text, formats))
    return cut


def _write_columns_sheet(wb: Any, names: list[str], tables: Mapping[str, pl.DataFrame],
                         formats: dict[str, Any], truncated: list[str]) -> None:
    ws = wb.add_worksheet(excel_sv.COLUMNS_SHEET)
    heads = ("Blad", "Kolumn", "Typ", "Förklaring", "Namn i parquet-filen")
    for c, head in enumerate(heads):
        ws.write_string(0, c, head, formats["head"])
    r = 1
    for name in names:
        ws.write_string(r, 0, _sheet_name(excel_sv.sheet_name(name)), formats["head"])
        ws.write_string(r, 3, TABLE_DOCS.get(name, ""), formats["wrap"])
        ws.write_string(r, 4, f"{name}.parquet")
        r += 1
        for col, dtype in tables[name].schema.items():
            ws.write_string(r, 0, _sheet_name(excel_sv.sheet_name(name)))
            ws.write_string(r, 1, excel_sv.column_name(name, col))
            ws.write_string(r, 4, col)
            ws.write_string(r, 2, _type_sv(dtype))
            ws.write_string(r, 3, column_doc(name, col) or "(ingen förklaring ännu)",
                            formats["wrap"])
            r += 1
    r += 1
    ws.write_string(r, 0, "Om siffrorna", formats["head"])
    ws.write_string(
        r, 3,
        "Siffrorna står som dokumenten skriver dem; de rättas aldrig. Valideringens fynd finns "
        "i validation/summary.json och validation/index.html. Text som börjar med = + - @ är "
        "skriven som text, inte formel.",
        formats["wrap"],
    )
    if truncated:
        r += 1
        ws.write_string(r, 0, "Avkortat", formats["head"])
        ws.write_string(
            r, 3,
            f"Excel rymmer högst {EXCEL_MAX_CHARS} tecken i en cell; dessa celler är avkortade "
            f"(hela texten finns i parquet-filerna): {', '.join(truncated[:20])}"
            + (" …" if len(truncated) > 20 else ""),
            formats["wrap"],
        )
    ws.set_column(0, 0, 14)
    ws.set_column(1, 1, 18)
    ws.set_column(2, 2, 12)
    ws.set_column(3, 3, 100)
    ws.set_column(4, 4, 24)
    ws.freeze_panes(1, 0)


def _write_readme_sheet(wb: Any, formats: dict[str, Any]) -> None:
    """The first sheet: what the workbook holds, the measures, units and the sign rule."""
    ws = wb.add_worksheet(excel_sv.README_SHEET)
    ws.write_string(0, 0, "finsam: tabellerna ur dokumenten", formats["head"])
    for r, (head, text) in enumerate(excel_sv.README_ROWS, start=2):
        ws.write_string(r, 0, head, formats["head"])
        ws.write_string(r, 1, text, formats["wrap"])
    ws.set_column(0, 0, 22)
    ws.set_column(1, 1, 110)


def _type_sv(dtype: pl.DataType) -> str:
    if dtype == pl.String:
        return "text"
    if dtype == pl.Date:
        return "datum"
    if dtype == pl.Time:
        return "tid"
    if dtype == pl.Boolean:
        return "ja/nej"
    if dtype.is_integer():
        return "heltal"
    if dtype.is_float():
        return "tal"
    if isinstance(dtype, pl.List):
        return "lista"
    return str(dtype)

