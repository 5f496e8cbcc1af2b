"""Reports (issue 13, items 1 and 6): one report's failure costs that report, file names are
length-limited slugs, and a förbund that is gone leaves no page behind."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from finsam_data.render import MAX_FILE_STEM, Job, report_file, run_job

from .conftest import cli

LONG_NAME = "Samordningsförbundet " + "Långnamnsbygdensöverallt" * 11


def test_report_file_names_are_short_safe_and_distinct():
    long_a, long_b = "forbund_profil_" + "a" * 300, "forbund_profil_" + "a" * 299 + "b"
    for name in (long_a, long_b, "x/../../etc", "a\nb", "forbund_profil_vastmanland"):
        stem = report_file(name)
        assert len(f"{stem}.slides.html.tmp-123456".encode()) <= 255
        assert len(stem) <= MAX_FILE_STEM
        assert "/" not in stem and "\n" not in stem and not stem.startswith(".")
    assert report_file(long_a) != report_file(long_b)
    assert report_file("forbund_profil_vastmanland") == "forbund_profil_vastmanland"


def test_a_failing_report_with_an_impossible_name_returns_rows_instead_of_raising(tmp_path):
    job = Job("forbund_profil_" + "x" * 300, tmp_path / "finns-inte.ipynb", "Profil",
              {}, slides=True)  # fmt: skip
    rows = run_job(job, tmp_path)
    assert [r["kind"] for r in rows] == ["report", "slides"]
    assert not any(r["ok"] for r in rows)


@pytest.mark.slow
def test_a_very_long_forbund_name_costs_nothing_and_its_page_goes_when_it_does(tmp_path, seed):
    src, out = tmp_path / "src", tmp_path / "out"
    src.mkdir()
    (src / "p.txt").write_text(seed, encoding="utf-8")
    long_doc = src / "lang.txt"
    long_doc.write_text(
        f"Sammanträdesprotokoll\n{LONG_NAME}\nSammanträdesdatum 2025-02-03\n\n§ 1 Äskande\n\n"
        "Samverkansteam Nyby äskar 900 tkr för 2025.\n", encoding="utf-8")  # fmt: skip
    res = cli("build", "--sources", str(src), "--out", str(out), "--jobs", "2", timeout=900)
    assert res.returncode in (0, 1), res.stderr[-2000:]
    assert "Traceback" not in res.stderr
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    long_reports = [r for r in manifest["reports"] if len(r["report"]) > MAX_FILE_STEM]
    assert long_reports and all(r["ok"] for r in long_reports), long_reports
    page = Path(long_reports[0]["path"]).name
    assert len(page.encode()) <= 255 and (out / page).exists()
    assert "Långnamnsbygdensöverallt" * 11 in (out / page).read_text(encoding="utf-8")

    long_doc.unlink()
    res = cli("build", "--sources", str(src), "--out", str(out), "--jobs", "2", timeout=900)
    assert res.returncode in (0, 1), res.stderr[-2000:]
    assert not (out / page).exists()
    assert page not in (out / "index.html").read_text(encoding="utf-8")
    pages = {p.name for p in out.glob("*.html")} - {"index.html"}
    listed = {Path(r["path"]).name for r in
              json.loads((out / "manifest.json").read_text(encoding="utf-8"))["reports"]
              if r.get("path")}  # fmt: skip
    assert pages == listed
