"""data/finsam.xlsx (one sheet per table, Swedish column sheet, no formula injection) and the
landing page index.html."""

from __future__ import annotations

import datetime as dt
import json
import zipfile
from pathlib import Path

import pytest

from finsam_data import schema
from finsam_data.excel import EXCEL_MAX_CHARS, column_doc, write_excel
from finsam_data.landing import write_index
from finsam_data.schema import frame


def sheet_xml(path: Path) -> tuple[dict[str, str], str]:
    """Sheet name -> its XML, and all the workbook's text for searching (the workbook is
    written row by row with inline strings; shared strings, if any, are included)."""
    with zipfile.ZipFile(path) as zf:
        wb = zf.read("xl/workbook.xml").decode()
        parts = [n for n in zf.namelist() if n.startswith("xl/") and n.endswith(".xml")]
        text = "".join(zf.read(n).decode() for n in parts)
        names = [part.split('"')[0] for part in wb.split('<sheet name="')[1:]]
        return {name: zf.read(f"xl/worksheets/sheet{i}.xml").decode()
                for i, name in enumerate(names, start=1)}, text


@pytest.fixture
def tables():
    out = {name: frame(name) for name in schema.TABLES}
    out["facts"] = frame("facts", [
        {"forbund_id": "a", "doc_id": "d", "source": "a.txt", "measure": "request",
         "value": 2_500_000.0, "unit": "SEK", "qualifier": "exact",
         "quote": "=HYPERLINK(\"http://x\")", "subject": "+Team", "breakdown": "@kvinnor",
         "raw": "-2 500 tkr", "period_start": dt.date(2025, 1, 1)},
    ])
    out["documents"] = frame("documents", [
        {"doc_id": "d", "source": "a.txt", "forbund_id": "a", "text": "x" * (EXCEL_MAX_CHARS + 5)}
    ])
    out["forbund"] = frame("forbund", [{"forbund_id": "a", "members": ["A kommun", "Region"]}])
    return out


def test_one_sheet_per_table_plus_a_swedish_column_sheet(tmp_path, tables):
    path = tmp_path / "data" / "finsam.xlsx"
    write_excel(tables, path)
    sheets, shared = sheet_xml(path)
    assert list(sheets) == ["Läs mig", "Dokument", "Förbund", "Möten", "Närvaro", "Ärenden",
                            "Beslut", "Siffror", "Kolumner"]
    assert "Teckenregel" in shared and "Upprepad uppgift" in shared and "Citat" in shared
    assert "Exakt text i dokumentet som anger siffran." in shared
    assert "Förbundets id" in shared
    assert not list(tmp_path.joinpath("data").glob(".*tmp"))


def test_text_starting_with_formula_characters_stays_text(tmp_path, tables):
    path = tmp_path / "x.xlsx"
    write_excel(tables, path)
    sheets, shared = sheet_xml(path)
    assert "<f>" not in sheets["Siffror"]  # no formula cell anywhere
    for text in ("=HYPERLINK", "+Team", "@kvinnor", "-2 500 tkr"):
        assert text in shared.replace("&quot;", '"')


def test_numbers_and_dates_are_typed_cells(tmp_path, tables):
    path = tmp_path / "x.xlsx"
    write_excel(tables, path)
    sheets, _ = sheet_xml(path)
    assert "<v>2500000</v>" in sheets["Siffror"]
    assert "<v>45658</v>" in sheets["Siffror"]  # 2025-01-01 as an Excel serial date


def test_overlong_text_is_cut_and_reported(tmp_path, tables):
    path = tmp_path / "x.xlsx"
    write_excel(tables, path)
    _, shared = sheet_xml(path)
    assert "avkortad" in shared
    assert "documents.text rad 1" in shared


def test_every_contract_column_is_explained():
    for table, sch in schema.TABLES.items():
        for col in sch.names():
            assert column_doc(table, col), f"{table}.{col} saknar förklaring"


def test_index_lists_reports_version_build_time_and_validation(tmp_path):
    (tmp_path / "validation").mkdir()
    (tmp_path / "validation" / "index.html").write_text("x")
    page = tmp_path / "jamfor_utfall.html"
    page.write_text("x")
    reports = [
        {"report": "jamfor_utfall", "title": "Jämförelse: utfall", "path": str(page),
         "kind": "report", "ok": True, "seconds": 2.25, "error": None},
        {"report": "styrelse", "title": "Styrelse <script>", "path": None, "kind": "slides",
         "ok": False, "error": "Notebooken stannade i cell 3: KeyError: 'x'"},
        {"report": "outside", "title": "Utanför", "path": "/etc/passwd", "kind": "report",
         "ok": True, "error": None},
    ]
    summary = {"status": "warn", "findings": [{"severity": "warning"}, {"severity": "error"}]}
    write_index(tmp_path, reports, data_version="abc123", built_at="2025-11-23T11:20:00+01:00",
                validation=summary)
    html = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert '<a href="jamfor_utfall.html">Jämförelse: utfall</a>' in html
    assert "Styrelse &lt;script&gt;" in html and "<script>" not in html
    assert "Notebooken stannade i cell 3" in html
    assert "/etc/passwd" not in html
    assert "abc123" in html and "23 november 2025 kl. 11.20" in html
    assert "Godkänd med varningar" in html and "1 fel, 1 varningar" in html
    assert 'href="validation/index.html"' in html
    assert "2,3\u00a0s" in html  # seconds with a decimal comma (2.25 rounds half away)
    assert "http" not in html


def test_index_without_validation_summary(tmp_path):
    write_index(tmp_path, [], data_version="v", built_at="inte ett datum", validation={})
    html = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert "Okänd" in html and "Inga rapporter har renderats." in html


def test_sample_tables_write_to_excel(tmp_path):
    from render_sample_data import sample_tables

    write_excel(sample_tables(), tmp_path / "s.xlsx")
    sheets, shared = sheet_xml(tmp_path / "s.xlsx")
    assert "=SUMMA(A1:A2)" in shared and "<f>" not in "".join(sheets.values())
    json.dumps(list(sheets))  # names are plain strings


def test_numbers_have_no_trailing_decimal_mark_and_amounts_are_kronor(tmp_path, tables):
    from finsam_data import excel_sv

    assert excel_sv.number_format("facts", "value", 2_500_000.0, "SEK") == '#,##0 "kr"'
    assert excel_sv.number_format("facts", "value", 12.0, "persons") == "#,##0"
    assert excel_sv.number_format("facts", "value", 12.5, "persons") == "#,##0.0##"
    assert excel_sv.number_format("decisions", "amount_sek", 120_000.0, None) == '#,##0 "kr"'
    path = tmp_path / "x.xlsx"
    write_excel(tables, path)
    with zipfile.ZipFile(path) as zf:
        styles = zf.read("xl/styles.xml").decode()
    assert "#,##0.##" not in styles and "&quot;kr&quot;" in styles


def test_a_figure_stated_twice_is_marked_once_as_repeated(tmp_path):
    from finsam_data import excel_sv

    rows = [{"forbund_id": "a", "doc_id": "d", "source": "a.txt", "measure": "request",
             "subject": "Team", "value": 2_500_000.0, "unit": "SEK", "section": s,
             "period_start": dt.date(2025, 1, 1), "period_end": dt.date(2025, 12, 31),
             "char_start": c} for s, c in (("§ 31", 900), ("§ 30", 100))]
    shown = excel_sv.for_workbook("facts", frame("facts", rows))
    assert shown.select("section", "repeated").rows() == [("§ 31", True), ("§ 30", False)]
    assert shown["measure_sv"].to_list() == ["Äskat", "Äskat"]


def test_acknowledged_findings_do_not_count_as_warnings_on_the_landing_page(tmp_path):
    from finsam_data.landing import index_context

    validation = {
        "status": "pass",
        "findings": [
            {"severity": "warning", "known": True},
            {"severity": "warning", "known": False},
            {"severity": "error", "known": True},
        ],
    }
    ctx = index_context(tmp_path, [], data_version="x", built_at="2026-01-01T00:00:00",
                        validation=validation)
    assert (ctx["n_errors"], ctx["n_warnings"], ctx["n_known"]) == (0, 1, 2)
