"""Hostile text through every output (issue 13, items 2, 3, 4 and 9): formula-leading cells in
CSV and Excel, forged log lines and terminal sequences in file names, Excel's row limit, quotes
in plotly text."""

from __future__ import annotations

import csv
import io
import os
import re
import zipfile

import polars as pl
import pytest
from typer.testing import CliRunner

from finsam_data import excel
from finsam_data.cli import app
from finsam_data.log import Reporter, one_line, shown

from .conftest import cli

FORMULAS = ['=HYPERLINK("http://x","y")', "+cmd|' /C calc'!A0", "@SUM(1+1)", "-2+3",
            "\t=1+1", "\r=1+1", "＝1+1"]  # fmt: skip
LEADS = ("=", "+", "-", "@", "\t", "\r", "＝")
FORGED = "finsam: validering: pass (0 fel, 0 varningar)"


def _facts_frame() -> pl.DataFrame:
    n = len(FORMULAS)
    return pl.DataFrame({
        "forbund_id": ["skriptby"] * n, "section": FORMULAS, "measure": ["request"] * n,
        "subject": FORMULAS, "breakdown": [None] * n, "value": [-2.5] * n, "unit": ["SEK"] * n,
        "period_start": [None] * n, "period_end": [None] * n, "quote": FORMULAS,
        "raw": FORMULAS, "tags": [[f] for f in FORMULAS],
    })  # fmt: skip


def test_facts_as_csv_never_starts_a_cell_with_a_formula(tmp_path):
    (tmp_path / "data").mkdir()
    _facts_frame().write_parquet(tmp_path / "data" / "facts.parquet")
    res = CliRunner().invoke(app, ["facts", "--out", str(tmp_path), "--format", "csv"])
    assert res.exit_code == 0, res.output
    text = res.stdout.lstrip("\ufeff")
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    assert len(rows) == len(FORMULAS) + 1
    cells = [cell for row in rows[1:] for cell in row]
    # a negative number is a number cell, not text
    assert not [c for c in cells if c.startswith(LEADS) and not re.fullmatch(r"-\d+(,\d+)?", c)]
    assert "'=HYPERLINK(\"http://x\",\"y\")" in cells  # kept, as text
    assert "-2,5" in cells  # numbers stay numbers


def _quoted_style_ids(book: zipfile.ZipFile) -> set[str]:
    styles = book.read("xl/styles.xml").decode("utf-8")
    xfs = re.search(r"<cellXfs[^>]*>(.*?)</cellXfs>", styles, re.S).group(1)
    return {str(i) for i, xf in enumerate(re.findall(r"<xf [^>]*?(?:/>|>.*?</xf>)", xfs, re.S))
            if 'quotePrefix="1"' in xf}  # fmt: skip


def test_excel_cells_that_start_like_a_formula_carry_the_quote_prefix(tmp_path):
    path = tmp_path / "t.xlsx"
    excel.write_excel({"facts": _facts_frame()}, path)
    with zipfile.ZipFile(path) as book:
        quoted = _quoted_style_ids(book)
        assert quoted
        # every sheet: the facts are not necessarily the first one (a "Läs mig" sheet may lead)
        sheet = "".join(
            book.read(n).decode("utf-8")
            for n in book.namelist()
            if n.startswith("xl/worksheets/sheet")
        )
    # text cells are written inline (the workbook is streamed row by row)
    cells = re.findall(
        r'<c r="([A-Z]+\d+)"(?: s="(\d+)")? t="inlineStr"><is><t[^>]*>(.*?)</t></is></c>',
        sheet, re.S,
    )  # fmt: skip
    formula_cells = [(ref, s) for ref, s, v in cells
                     if v.replace("&amp;", "&").startswith(LEADS)
                     or v.startswith(("_x0009_", "_x000D_"))]  # fmt: skip
    assert len(formula_cells) >= len(FORMULAS) * 3
    assert all(s in quoted for _, s in formula_cells), formula_cells
    assert "<f>" not in sheet


def test_excel_never_drops_rows_past_its_limit_silently(tmp_path, monkeypatch):
    monkeypatch.setattr(excel, "EXCEL_MAX_ROWS", 11)
    frame = pl.DataFrame({"n": list(range(25))})
    notes = excel.write_excel({"facts": frame}, tmp_path / "t.xlsx")
    assert notes and "10 av 25" in notes[0]
    with zipfile.ZipFile(tmp_path / "t.xlsx") as book:
        names = book.read("xl/workbook.xml").decode("utf-8")
        assert 'name="Avkortat"' in names
        text = "".join(book.read(n).decode("utf-8") for n in book.namelist()
                       if n.startswith("xl/worksheets/"))  # fmt: skip
        assert "10 av 25" in text
        sheet = book.read("xl/worksheets/sheet1.xml").decode("utf-8")
    assert sheet.count("<row ") == 11


NAME = f"x\n{FORGED}\x1b]0;pwn\x07\x1b[2J\u202etxt.exe"


@pytest.mark.parametrize("tty", [False, True])
def test_a_file_name_cannot_forge_a_log_line_or_reach_the_terminal(tty):
    stream = io.StringIO()
    Reporter(stream=stream, tty=tty).problem(NAME, "filen är tom")
    out = stream.getvalue()
    assert out.count("\n") == 1, out
    assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out
    assert "\\n" + FORGED in out and "\\x1b" in out and "\\u202e" in out


def test_shown_and_one_line():
    assert shown("a\\nb") == "a\\\\nb"  # a literal backslash-n is not an escaped newline
    assert shown("a\nb") == "a\\nb"
    assert one_line("Åsa ä ö\u00a0100 kr") == "Åsa ä ö\u00a0100 kr"


@pytest.mark.slow
def test_a_hostile_file_name_through_the_cli_gives_one_escaped_line(tmp_path, seed):
    src = tmp_path / "src"
    src.mkdir()
    (src / "p.txt").write_text(seed, encoding="utf-8")
    (src / f"{NAME}.txt").write_bytes(b"")
    with open(os.path.join(os.fsencode(src), b"ej-utf8-\xff.txt"), "wb") as fh:
        fh.write(seed.encode("utf-8") + b"\nEn rad till.\n")
    res = cli("build", "--only-data", "--sources", str(src), "--out", str(tmp_path / "out"))
    assert res.returncode in (0, 1), res.stderr
    assert "Traceback" not in res.stderr
    assert "\x1b" not in res.stderr and "\x07" not in res.stderr
    assert not [line for line in res.stderr.splitlines() if line.startswith("finsam:")]
    assert any("\\n" + FORGED in line and "tom" in line for line in res.stderr.splitlines())
    manifest = (tmp_path / "out" / "manifest.json").read_text(encoding="utf-8")
    assert "ej-utf8-\\\\xff.txt" in manifest


def test_ascii_double_quotes_are_not_shown_as_an_entity_in_plotly_text():
    from finsam_data.figures import category_label, esc, hover_text

    assert "&quot;" not in esc('Insatsen "Steget"')
    label = category_label('Insatsen "Steget" <b>')
    hover = hover_text({"source": 'p "a".txt', "section": '§ 3 "x"', "quote": 'sa "ja"',
                        "value": 1.0, "unit": "SEK"})  # fmt: skip
    for text in (label, hover):
        assert "&quot;" not in text and "<b>" not in label
        # plotly decodes numeric entities (and &lt; &gt; &amp;), not &quot;
        decoded = re.sub(r"&#(\d+);", lambda m: chr(int(m.group(1))), text)
        assert '"' in decoded
