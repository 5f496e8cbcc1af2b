"""PDF input (issue 7): seed texts printed to PDF with Debian's Chromium give the same facts."""

import html
import shutil
import subprocess
from pathlib import Path

import polars as pl
import pytest

from finsam_data.build import collect_tables
from finsam_data.read import bundled_corpus
from finsam_data.read.pdf import read_pdf

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Debian chromium is not installed")

KEY = ["measure", "subject", "breakdown", "value", "unit", "qualifier", "period_start",
       "period_end"]  # fmt: skip


def _as_html(text: str) -> str:
    """The text as a word processor would lay it out: paragraphs, and tab-separated lines as a
    table (every string escaped)."""
    out, rows = [], []

    def flush():
        if rows:
            # short cells (figures, labels) stay on one line; long ones (an attendance list
            # in a header table) wrap, as a word processor would lay them out
            cells = "".join(
                "<tr>" + "".join(
                    f'<td class="{"n" if len(c) <= 40 else "w"}">{html.escape(c)}</td>' for c in r
                ) + "</tr>" for r in rows
            )
            out.append(f"<table>{cells}</table>")
            rows.clear()

    for line in text.split("\n"):
        if "\t" in line:
            rows.append(line.split("\t"))
            continue
        flush()
        out.append(f"<p>{html.escape(line)}</p>" if line.strip() else "<br>")
    flush()
    style = "body{font:10pt 'DejaVu Serif',serif} td{padding:0 14px;vertical-align:top} td.n{white-space:nowrap} p{margin:0}"
    return f"<!doctype html><meta charset=utf-8><style>{style}</style>" + "\n".join(out)


def print_pdf(text: str, pdf: Path, workdir: Path) -> None:
    page = workdir / (pdf.stem + ".html")
    page.write_text(_as_html(text), encoding="utf-8")
    subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         f"--user-data-dir={workdir / 'profile'}", "--no-pdf-header-footer",
         f"--print-to-pdf={pdf}", page.as_uri()],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip


@pytest.fixture(scope="module")
def pdf_and_text(tmp_path_factory):
    work = tmp_path_factory.mktemp("pdf")
    pdf_dir, txt_dir = work / "pdf", work / "txt"
    pdf_dir.mkdir()
    txt_dir.mkdir()
    for seed in sorted(bundled_corpus().glob("*.txt")):
        text = seed.read_text(encoding="utf-8")
        (txt_dir / seed.name).write_text(text, encoding="utf-8")
        print_pdf(text, pdf_dir / (seed.stem + ".pdf"), work)
    return collect_tables([pdf_dir]), collect_tables([txt_dir])


def test_pdf_text_keeps_table_columns_as_tabs(tmp_path):
    text = ("Ekonomiskt utfall per sista augusti samt prognos för helår\n"
            "Post\tBudget\tUtfall\nStyrelse\t839 500\t251 072\n")
    print_pdf(text, tmp_path / "t.pdf", tmp_path)
    text = read_pdf(tmp_path / "t.pdf")
    assert "Styrelse\t839 500\t251 072" in text
    assert "Post\tBudget\tUtfall" in text


def test_pdfs_of_the_seeds_are_read_and_classified_like_the_texts(pdf_and_text):
    (pdf_tables, pdf_problems), (txt_tables, _) = pdf_and_text
    assert not [p for p in pdf_problems if p.severity != "info"]
    cols = ["forbund_id", "doc_kind", "doc_date", "period_start", "period_end"]
    assert pdf_tables["documents"].select(cols).sort(cols).equals(
        txt_tables["documents"].select(cols).sort(cols))
    assert pdf_tables["documents"]["reader"].unique().to_list() == ["pdf"]


def test_pdfs_of_the_seeds_give_the_same_facts_as_the_texts(pdf_and_text):
    (pdf_tables, _), (txt_tables, _) = pdf_and_text

    def keyed(t):
        docs = t["documents"].select("doc_id", "doc_date")
        return t["facts"].join(docs, on="doc_id").select(["doc_date", *KEY]).sort(
            ["doc_date", *KEY], nulls_last=True)

    got, want = keyed(pdf_tables), keyed(txt_tables)
    missing = want.join(got, on=["doc_date", *KEY], how="anti", nulls_equal=True)
    extra = got.join(want, on=["doc_date", *KEY], how="anti", nulls_equal=True)
    assert missing.height == 0 and extra.height == 0, (missing, extra)


def test_pdf_facts_are_grounded_in_the_pdf_text(pdf_and_text):
    (tables, _), _ = pdf_and_text
    joined = tables["facts"].join(tables["documents"].select("doc_id", "text"), on="doc_id")
    bad = joined.filter(
        pl.col("text").str.slice(pl.col("char_start"), pl.col("char_end") - pl.col("char_start"))
        != pl.col("quote"))
    assert bad.height == 0
