"""Real-world inputs (issue 7): re-encoded seeds, messy files, duplicates — through the pipeline."""

import codecs
import os
import subprocess
import sys

import polars as pl
import pytest

from finsam_data.build import collect_tables
from finsam_data.read import bundled_corpus

FACT_KEY = ["measure", "subject", "breakdown", "value", "unit", "qualifier", "period_start",
            "period_end", "section"]  # fmt: skip


def _seed_texts():
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(bundled_corpus().glob("*.txt"))}


@pytest.fixture(scope="module")
def utf8_tables(tmp_path_factory):
    folder = tmp_path_factory.mktemp("utf8")
    for name, text in _seed_texts().items():
        (folder / name).write_text(text, encoding="utf-8")
    return collect_tables([folder])[0]


@pytest.mark.parametrize(
    "encode",
    [
        pytest.param(lambda t: t.encode("cp1252", errors="strict"), id="cp1252"),
        pytest.param(lambda t: codecs.BOM_UTF16_LE + t.encode("utf-16-le"), id="utf16-bom"),
        pytest.param(lambda t: codecs.BOM_UTF8 + t.encode("utf-8"), id="utf8-bom"),
        pytest.param(lambda t: t.replace("\n", "\r\n").encode("utf-8"), id="crlf"),
    ],
)
def test_re_encoded_seeds_give_the_same_facts(encode, tmp_path, utf8_tables):
    for name, text in _seed_texts().items():
        try:
            data = encode(text)
        except UnicodeEncodeError:
            # a character cp1252 lacks (e.g. U+2212): the document cannot exist in cp1252
            data = encode(text.encode("cp1252", errors="replace").decode("cp1252"))
        (tmp_path / name).write_bytes(data)
    tables, problems = collect_tables([tmp_path])
    assert not [p for p in problems if p.severity != "info"]
    for table in ("facts", "decisions", "items", "attendance"):
        cols = FACT_KEY if table == "facts" else [
            c for c in tables[table].columns if c not in ("doc_id", "char_start", "char_end")]
        got = tables[table].select(cols).sort(cols, nulls_last=True)
        want = utf8_tables[table].select(cols).sort(cols, nulls_last=True)
        assert got.equals(want), table
    # the text itself is identical after decoding, so every offset still grounds its quote
    for row in tables["facts"].join(tables["documents"].select("doc_id", "text"), on="doc_id") \
            .iter_rows(named=True):
        assert row["text"][row["char_start"]:row["char_end"]] == row["quote"]


def test_messy_folder_reports_each_bad_file_and_keeps_the_good_ones(tmp_path):
    seeds = _seed_texts()
    first_name, first_text = next(iter(seeds.items()))
    (tmp_path / first_name).write_text(first_text, encoding="utf-8")
    (tmp_path / "kopia av protokoll.txt").write_text(first_text, encoding="utf-8")
    (tmp_path / "tom.txt").write_bytes(b"")
    (tmp_path / "trasig.pdf").write_bytes(os.urandom(4096))
    (tmp_path / "binär.txt").write_bytes(bytes(range(256)) * 40)
    (tmp_path / "bild.png").write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(100))
    (tmp_path / "konstig.txt").write_bytes(b"abc \x81\x8d\x8f\x90\x9d def")
    (tmp_path / "whitespace.md").write_text("   \n\n  ", encoding="utf-8")
    tables, problems = collect_tables([tmp_path])
    reasons = {p.source: p.reason for p in problems}
    assert tables["documents"]["source"].to_list() == [first_name]
    assert "dubblett" in reasons["kopia av protokoll.txt"]
    assert "tom" in reasons["tom.txt"]
    assert "PDF" in reasons["trasig.pdf"]
    assert "binär" in reasons["binär.txt"]
    assert "filtyp" in reasons["bild.png"]
    assert "teckenkodning" in reasons["konstig.txt"]
    assert "ingen text" in reasons["whitespace.md"]
    assert len(problems) == 7


def test_messy_folder_through_the_cli_lists_files_on_stderr_without_traceback(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    name, text = next(iter(_seed_texts().items()))
    (src / name).write_text(text, encoding="utf-8")
    (src / "tom.txt").write_bytes(b"")
    (src / "slump.pdf").write_bytes(os.urandom(2048))
    res = subprocess.run(
        [sys.executable, "-m", "finsam_data.cli", "build", "--only-data", "--sources", str(src),
         "--out", str(tmp_path / "out")], capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert res.returncode in (0, 1), res.stderr
    assert "Traceback" not in res.stderr
    lines = res.stderr.splitlines()
    assert any("tom.txt" in line and "tom" in line for line in lines)
    assert any("slump.pdf" in line for line in lines)
    summary = (tmp_path / "out" / "validation" / "summary.json").read_text(encoding="utf-8")
    assert "tom.txt" in summary and "slump.pdf" in summary
    page = (tmp_path / "out" / "validation" / "index.html").read_text(encoding="utf-8")
    assert "tom.txt" in page and "slump.pdf" in page


def test_oversized_text_file_is_refused_by_its_size_not_read(tmp_path, monkeypatch):
    from finsam_data import read

    monkeypatch.setitem(read.MAX_BYTES, "txt", 1000)
    (tmp_path / "stor.txt").write_text("Sammanträdesprotokoll\n" + "x" * 2000, encoding="utf-8")
    _, problems = collect_tables([tmp_path])
    assert "för stor" in problems[0].reason


def test_a_docx_is_read_with_its_tables(tmp_path):
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_paragraph("Sammanträdesprotokoll")
    document.add_paragraph("Samordningsförbundet Provbygd 2025-03-04")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Insats", "Äskande"
    table.cell(1, 0).text, table.cell(1, 1).text = "Samverkansteam Provby", "1 200 tkr"
    document.save(tmp_path / "p.docx")
    tables, problems = collect_tables([tmp_path])
    assert not problems
    text = tables["documents"]["text"][0]
    assert "Samverkansteam Provby\t1 200 tkr" in text
    assert tables["documents"]["forbund_id"][0] == "provbygd"


def test_facts_are_grounded_for_every_seed(utf8_tables):
    joined = utf8_tables["facts"].join(
        utf8_tables["documents"].select("doc_id", "text"), on="doc_id", how="left")
    assert joined.height > 0
    bad = joined.filter(
        pl.col("text").str.slice(pl.col("char_start"), pl.col("char_end") - pl.col("char_start"))
        != pl.col("quote"))
    assert bad.height == 0


def test_a_pdf_without_a_text_layer_gets_one_clear_line(tmp_path):
    canvas = pytest.importorskip("reportlab.pdfgen.canvas")
    pdf = canvas.Canvas(str(tmp_path / "skannad.pdf"))
    pdf.rect(72, 600, 300, 100, fill=1)  # an image-like page with no text at all
    pdf.showPage()
    pdf.save()
    tables, problems = collect_tables([tmp_path])
    assert tables["documents"].height == 0
    assert len(problems) == 1
    assert "saknar textlager" in problems[0].reason
