"""Hostile text (issue 7): a protocol full of script tags and injections is shown as text
everywhere — reports, slides, the validation page, the Excel sheet — and no script of it runs."""

import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from finsam_data.read import bundled_corpus

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

MARK = "pwned"
HOSTILE = f"""Sammanträdesprotokoll
Samordningsförbundet Skriptby
Sammanträdesdatum 2025-04-01

Plats och tid\tRådhuset <script>document.title='{MARK}'</script>, kl 09:00-10:00
Beslutande\tEva <img src=x onerror="document.body.dataset.{MARK}=1">Ek, ordförande (Skriptby kommun) Per Pil, ledamot (Region X)

§ 1 Äskande <script>window.{MARK}=1</script>

Samverkansteam <b onmouseover="document.body.dataset.{MARK}=2">Skript</b> äskar 2 500 tkr för 2025 <svg onload="document.body.dataset.{MARK}=3"></svg>. [klicka](javascript:document.title='{MARK}')

Beslut

- Att bevilja Samverkansteam Skript =HYPERLINK("http://example.invalid","x") 1 200 tkr för 2025.
- @SUM(1+1) +cmd|' /C calc'!A0 -2+3

§ 2 Övrigt</textarea></style></script><script>document.title='{MARK}'</script>

Inga övriga frågor. Totalt 1 200 tkr.
"""


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory):
    work = tmp_path_factory.mktemp("hostile")
    src = work / "src"
    shutil.copytree(bundled_corpus(), src)
    (src / "skript.txt").write_text(HOSTILE, encoding="utf-8")
    out = work / "out"
    res = subprocess.run(
        [sys.executable, "-m", "finsam_data.cli", "build", "--sources", str(src), "--out",
         str(out), "--jobs", "2"], capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert res.returncode in (0, 1), res.stderr[-3000:]
    assert "Traceback" not in res.stderr
    return out


def _html_files(out: Path) -> list[Path]:
    return sorted(out.rglob("*.html"))


@pytest.mark.slow
def test_no_document_markup_reaches_any_page_unescaped(hostile_build):
    pages = _html_files(hostile_build)
    assert any(p.name.endswith(".slides.html") for p in pages)
    assert (hostile_build / "validation" / "index.html") in pages
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert f"document.title='{MARK}'</script>" not in text, page
        assert f"onerror=\"document.body.dataset.{MARK}" not in text, page
        assert f"<svg onload=\"document.body.dataset.{MARK}" not in text, page
        assert 'href="javascript:' not in text, page


@pytest.mark.slow
@pytest.mark.skipif(CHROMIUM is None, reason="Debian chromium is not installed")
def test_no_script_runs_in_a_browser_and_the_text_is_visible(hostile_build, tmp_path):
    for page in _html_files(hostile_build):
        res = subprocess.run(
            [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={tmp_path / 'profile'}", "--virtual-time-budget=3000",
             "--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        dom = res.stdout
        assert dom, page
        assert f"data-{MARK}" not in dom, page
        assert f"<title>{MARK}</title>" not in dom, page


def test_excel_cells_never_hold_formulas_from_documents(hostile_build):
    with zipfile.ZipFile(hostile_build / "data" / "finsam.xlsx") as book:
        sheets = [n for n in book.namelist() if n.startswith("xl/worksheets/sheet")]
        assert sheets
        for name in sheets:
            xml = book.read(name).decode("utf-8")
            assert "<f>" not in xml and "<f " not in xml, name
        text = "".join(book.read(n).decode("utf-8") for n in sheets)
    assert re.search(r"=HYPERLINK", text)  # kept, as text
