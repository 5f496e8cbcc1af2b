"""Every notebook executed with papermill and exported: on the bundled corpus (through the
pipeline's ingest stage) and on the sample tables (whose contents the assertions know)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import nbformat
import pytest

from finsam_data import render
from finsam_data.report import NOTEBOOK_DIR

pytestmark = pytest.mark.slow

NBSP = "\u00a0"
EXPECTED = {"forbund_profil", "jamfor_utfall", "jamfor_kotider", "jamfor_finansiering",
            "beslut", "datakvalitet", "styrelse"}


def page(out: Path, report: str, kind: str = "report") -> str:
    suffix = ".slides.html" if kind == "slides" else ".html"
    return (out / f"{report}{suffix}").read_text(encoding="utf-8")


def outside_scripts(html: str) -> str:
    """The page without the bodies of inline scripts (plotly.js mentions URLs in strings)."""
    return re.sub(r"(<script[^>]*>).*?(</script>)", r"\1\2", html, flags=re.DOTALL)


# --- the notebooks themselves -------------------------------------------------------------------


def test_every_notebook_is_stored_without_outputs_and_has_one_parameters_cell():
    names = set()
    for path in sorted(NOTEBOOK_DIR.glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        names.add(path.stem)
        tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
        assert len(tagged) == 1, path.name
        for cell in nb.cells:
            if cell.cell_type == "code":
                assert cell.outputs == [] and cell.execution_count is None, path.name
        assert nb.metadata["kernelspec"]["name"] == render.KERNEL_NAME
        assert nb.metadata["finsam"]["title"]
    assert names == EXPECTED


def test_parameters_cells_are_literal_typed_and_documented():
    for nb in render.list_notebooks():
        assert "data_dir" in nb.parameters, nb.name
        for name, spec in nb.parameters.items():
            assert spec["inferred_type_name"] == "str", (nb.name, name)
            assert spec["help"], (nb.name, name)
    profile = next(nb for nb in render.list_notebooks() if nb.name == "forbund_profil")
    assert profile.per_forbund and "forbund_id" in profile.parameters


# --- parameters checked before anything runs -------------------------------------------------


@pytest.fixture(scope="module")
def profile_nb():
    return next(nb for nb in render.list_notebooks() if nb.name == "forbund_profil")


def test_unknown_parameter_is_an_error_not_a_warning(profile_nb):
    with pytest.raises(render.RenderError, match="okänd parameter 'forbund'"):
        render.check_parameters(profile_nb, {"forbund": "x"})


def test_parameter_of_wrong_type_is_an_error(profile_nb):
    with pytest.raises(render.RenderError, match="ska vara str"):
        render.check_parameters(profile_nb, {"fran": 2024})


@pytest.mark.parametrize("bad", ["../x", "Sodra", "a b", "", "a/b"])
def test_forbund_id_must_be_a_slug(profile_nb, bad):
    with pytest.raises(render.RenderError, match="inte ett giltigt id"):
        render.check_parameters(profile_nb, {"forbund_id": bad})


def test_blocked_tables_stop_the_reports_that_read_them(sample_out):
    jobs, problems = render.plan(sample_out / "data", render.list_notebooks())
    assert not problems
    blocked = {j.report for j in jobs if render._blocked_reason(j, {"facts"})}
    assert "datakvalitet" not in blocked  # the findings page must still render
    assert {"jamfor_utfall", "forbund_profil_alfa", "styrelse"} <= blocked
    assert render._blocked_reason(jobs[0], {"omega"}) is None or jobs[0].forbund_id == "omega"
    only_omega = {j.report for j in jobs if render._blocked_reason(j, {"omega"})}
    assert only_omega == {"forbund_profil_omega"}


def test_plotly_outputs_become_escaped_chart_divs():
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x")])
    nb.cells[0].outputs = [nbformat.v4.new_output(
        "display_data",
        data={render.PLOTLY_MIME: {"data": [{"type": "bar", "hovertext": ["</script><b>"]}],
                                   "layout": {}}},
    )]
    assert render.plotly_outputs_to_html(nb) == 1
    html = nb.cells[0].outputs[0]["data"]["text/html"]
    assert "</script><b>" not in html and "\\u003c/script\\u003e" in html
    assert html.count("</script>") == 1


def test_vendored_basic_bundle_matches_the_plotly_wheel():
    from plotly.offline import get_plotlyjs_version

    head = (render.ASSET_DIR / render.BASIC_BUNDLE).read_text(encoding="utf-8")[:200]
    assert f"v{get_plotlyjs_version()}" in head
    assert (render.ASSET_DIR / "plotly.LICENSE").is_file()


def test_a_chart_outside_the_basic_bundle_gets_the_full_plotly():
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x")])
    nb.cells[0].outputs = [nbformat.v4.new_output(
        "display_data", data={render.PLOTLY_MIME: {"data": [{"type": "heatmap"}], "layout": {}}})]
    page_html = render.export_html(nb, title="T")
    assert "* plotly.js v" in page_html and "(basic - minified)" not in page_html


# --- the bundled corpus --------------------------------------------------------------------------


def test_every_notebook_renders_on_the_bundled_corpus(corpus_rendered):
    out, results = corpus_rendered
    failed = [(r["report"], r["error"]) for r in results if not r["ok"]]
    assert failed == []
    reports = {r["report"] for r in results}
    assert EXPECTED - {"forbund_profil"} <= reports
    profiles = {r for r in reports if r.startswith("forbund_profil_")}
    assert profiles == {f"forbund_profil_{f}" for f in render.forbund_in_data(out / "data")}
    assert ("styrelse", "slides") in {(r["report"], r["kind"]) for r in results}
    for r in results:
        assert Path(r["path"]).is_file() and r["seconds"] > 0
        assert r["title"] and r["params"]["data_dir"] == str((out / "data").resolve())
    assert not list(out.glob(".*.tmp"))


def test_pages_are_standalone_and_fetch_nothing(corpus_rendered):
    out, results = corpus_rendered
    for r in results:
        html = Path(r["path"]).read_text(encoding="utf-8")
        outer = outside_scripts(html)
        assert not re.search(r"<script[^>]+src=", outer), r["path"]
        assert not re.search(r"<link[^>]+href=", outer), r["path"]
        assert not re.search(r"""(src|href)=["']?(https?:)?//""", outer), r["path"]
        assert "@import" not in outer
        assert not re.search(r"cdn\.|cdnjs|unpkg|jsdelivr|googleapis", outer.lower()), r["path"]
        # plotly.js once per page with charts (its banner), never twice
        banners = len(re.findall(r"\* plotly\.js (\(basic - minified\) )?v", html))
        assert banners <= 1
        if "Plotly.newPlot" in html:
            assert banners == 1
            # every chart finsam draws is in the small bundle: the full one is never shipped
            assert "* plotly.js (basic - minified) v" in html, r["path"]
        assert "report.open_tables" not in html  # inputs hidden
        assert '<html lang="sv">' in html


def test_pages_carry_the_lab_rules_for_what_they_hold_and_not_the_whole_sheet(corpus_rendered):
    out, results = corpus_rendered
    exporter = render._exporter(False)
    sheets = [render._lab_sheet(exporter, name) for name in render.LAB_SHEETS]
    for r in results:
        html = Path(r["path"]).read_text(encoding="utf-8")
        for text, _ in sheets:
            assert text not in html, r["path"]
        markup = re.sub(r"<(script|style)[^>]*>.*?</\1>", "", html, flags=re.DOTALL)
        classes = {c for attr in re.findall(r'class="([^"]*)"', markup) for c in attr.split()}
        for _, parsed in sheets:
            # every selector whose classes and ids all stand on the page keeps its rule
            for rule in parsed.rules:
                for selector in getattr(rule, "selectors", ()):
                    if selector.needs and selector.needs <= classes:
                        assert selector.text in html, (r["path"], selector.text)


def test_deck_inlines_reveal_and_has_slides(corpus_rendered):
    out, _ = corpus_rendered
    deck = page(out, "styrelse", "slides")
    assert deck.count("reveal.js") >= 1 and "Reveal.initialize" in deck
    assert deck.count("<section") >= 6


# --- the sample tables: contents -----------------------------------------------------------------


def test_sample_renders_every_report(sample_rendered):
    _, results = sample_rendered
    assert [(r["report"], r["error"]) for r in results if not r["ok"]] == []
    from render_sample_data import SAMPLE_REPORTS

    assert {r["report"] for r in results} == set(SAMPLE_REPORTS)


def test_document_text_is_escaped_in_every_page(sample_rendered):
    out, results = sample_rendered
    for r in results:
        html = Path(r["path"]).read_text(encoding="utf-8")
        assert "<script>alert('x')</script>" not in html, r["path"]
        assert "<i>kursiv</i>" not in html, r["path"]
        assert "<b>Syd</b>" not in html, r["path"]
    html = page(out, "jamfor_finansiering")
    assert "&lt;script&gt;alert" in html or "\\u0026lt;script\\u0026gt;alert" in html


def test_exit_shares_show_each_definition_beside_the_figure(sample_rendered):
    out, _ = sample_rendered
    html = page(out, "jamfor_utfall")
    assert "arbete eller studier" in html and "definitionen anges inte" in html
    assert "olika definitioner och kan inte jämföras rakt av" in html
    assert "Andel avslut till arbete eller studier, samma definition för alla" in html


def test_reports_say_plainly_where_a_forbund_reports_nothing(sample_rendered):
    out, _ = sample_rendered
    kotider = page(out, "jamfor_kotider")
    assert "Gamma redovisar inga uppgifter om kö i underlaget." in kotider
    assert "Alfa och Gamma redovisar inga uppgifter om tid i offentlig försörjning före start" in kotider
    utfall = page(out, "jamfor_utfall")
    assert "Gamma redovisar inga uppgifter om deltagare eller avslut" in utfall


def test_swedish_number_formatting_in_tables(sample_rendered):
    out, _ = sample_rendered
    fin = page(out, "jamfor_finansiering")
    assert f"2{NBSP}500{NBSP}000{NBSP}kr" in fin
    assert f"−500{NBSP}000{NBSP}kr" in fin  # granted minus requested, typographic minus
    assert f"71{NBSP}%" in page(out, "jamfor_utfall")


def test_profile_follows_lineage_for_equity(sample_rendered):
    out, _ = sample_rendered
    html = page(out, "forbund_profil_omega")
    assert ("Samordningsförbundet Alfa gick den 1 januari 2024 upp i Omega Samordningsförbund."
            in html)
    # Omega's other charts hold only Omega's figures: an Alfa trace is the equity line.
    assert '"name":"Alfa"' in html and '"name":"Omega"' in html


def test_decision_tracker_lists_open_matters(sample_rendered):
    out, _ = sample_rendered
    html = page(out, "beslut")
    assert "Öppen, skulle tas upp 2023-09-01" in html
    assert "Öppen, klar senast 2024-12-31" in html
    assert "4 öppna av 5 uppföljda beslut." in html


def test_data_quality_shows_findings_with_quotes(sample_rendered):
    out, _ = sample_rendered
    html = page(out, "datakvalitet")
    assert "Avslutsorsakerna summerar inte till angiven total" in html
    assert "Arbete 20 | Studier 11 | Sjukdom 19" in html
    assert "Beviljat &lt;script&gt;x&lt;/script&gt; utan äskande" in html


# --- failures --------------------------------------------------------------------------------------


def test_a_failing_notebook_is_reported_in_swedish_and_the_others_render(sample_out, tmp_path):
    nbdir = tmp_path / "notebooks"
    nbdir.mkdir()
    shutil.copy(NOTEBOOK_DIR / "datakvalitet.ipynb", nbdir / "datakvalitet.ipynb")
    broken = nbformat.read(NOTEBOOK_DIR / "datakvalitet.ipynb", as_version=4)
    broken.cells.append(nbformat.v4.new_code_cell("raise ValueError('trasig')"))
    broken.metadata["finsam"]["title"] = "Trasig"
    nbformat.write(broken, nbdir / "trasig.ipynb")
    dying = nbformat.read(NOTEBOOK_DIR / "datakvalitet.ipynb", as_version=4)
    dying.cells.append(nbformat.v4.new_code_cell("import os\nos._exit(1)"))
    nbformat.write(dying, nbdir / "a_dod.ipynb")  # runs first: the kernel after it is new
    out = tmp_path / "out"
    out.mkdir()
    (out / "trasig.html").write_text("gammal sida")  # a stale page must not survive
    results = render.render_reports(sample_out / "data", out, jobs=1, notebook_dir=nbdir,
                                    on_progress=lambda _: None)
    by_name = {r["report"]: r for r in results}
    assert by_name["datakvalitet"]["ok"]
    bad = by_name["trasig"]
    assert not bad["ok"] and bad["path"] is None
    assert bad["error"].startswith("Notebooken stannade i cell")
    assert "ValueError: trasig" in bad["error"]
    assert not (out / "trasig.html").exists()
    dead = by_name["a_dod"]
    assert not dead["ok"] and dead["error"] == "Kärnan dog under körningen (slut på minne?)"
    assert [r["report"] for r in results] == ["a_dod", "datakvalitet", "trasig"]
    json.dumps(results)  # the build writes these rows into the manifest


def test_pdf_without_chromium_says_so_in_one_line(monkeypatch, tmp_path):
    monkeypatch.setenv("FINSAM_CHROMIUM", str(tmp_path / "no-chromium"))
    lines = []
    rows = render.print_pdfs([], tmp_path, say=lines.append)
    assert len(lines) == 1 and lines[0].startswith("PDF skrivs inte: Chromium finns inte")
    assert rows[0]["kind"] == "pdf" and rows[0]["skipped"] and not rows[0]["ok"]


def test_missing_notebook_folder_names_finsam_notebooks(tmp_path, monkeypatch):
    from finsam_data import render

    monkeypatch.setenv("FINSAM_NOTEBOOKS", str(tmp_path / "saknas"))
    with pytest.raises(render.RenderError, match="FINSAM_NOTEBOOKS"):
        render.notebook_folder()
    monkeypatch.setenv("FINSAM_NOTEBOOKS", str(tmp_path))
    assert render.notebook_folder() == tmp_path.resolve()
    assert render.notebook_folder(render.NOTEBOOK_DIR) == render.NOTEBOOK_DIR.resolve()


def test_every_section_says_at_most_once_that_something_is_missing(sample_rendered):
    out, results = sample_rendered
    for r in results:
        html = Path(r["path"]).read_text(encoding="utf-8")
        for section in re.split(r"<h[12][ >]", html):
            assert section.count("finsam-note finsam-missing") <= 1, (r["report"], section[:200])
