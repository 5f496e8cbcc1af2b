"""Comparisons of many förbund: ranked, the highest and lowest, by län, a filter; and the
preparation that lets seventy profiles share one read of the tables."""

from __future__ import annotations

import datetime as dt
import html as htmllib
import json
import os
import re

import polars as pl
import pytest
from many_forbund_data import HOSTILE, N_FORBUND, county_of, forbund_ids, tables, write_many

from finsam_data import figures as fg
from finsam_data import render, report, schema

D = dt.date


def ranked_rows(n: int = N_FORBUND, **extra) -> pl.DataFrame:
    """One row per invented förbund; förbund i has the value i (so the ranking is known)."""
    ids = forbund_ids(n)
    return pl.DataFrame({
        "forbund_id": ids,
        "forbund": [f"Ort {i:02d}" for i in range(n)],
        "label": [f"Ort {i:02d} (2024)" for i in range(n)],
        "lan": [county_of(i) or report.UNKNOWN_COUNTY for i in range(n)],
        "value": [float(i) for i in range(n)],
        "unit": ["persons"] * n, "qualifier": ["exact"] * n,
        "source": ["a.txt"] * n, "section": [None] * n, "quote": [f"q{i}" for i in range(n)],
        **extra,
    })


def bars(fig) -> list[str]:
    """The bar labels as the chart shows them, top to bottom."""
    return list(fig.layout.yaxis.categoryarray)


# --- the layout switch and the data ---------------------------------------------------------


def test_a_handful_of_forbund_keep_the_side_by_side_layout_and_seventy_are_ranked():
    assert not report.many(forbund_ids(report.MANY_FORBUND))
    assert report.many(forbund_ids(report.MANY_FORBUND + 1))


def test_latest_per_forbund_takes_the_latest_full_year_not_a_newer_part_year(tmp_path):
    t = report.open_tables(write_many(tmp_path))
    part = report.labelled(report.SECTIONS["participants"](t.facts)).filter(
        pl.col("measure") == "participants")
    latest = report.latest_per_forbund(part, t)
    assert latest.height == N_FORBUND
    assert set(latest["period"].to_list()) == {"2024"}
    assert 9999.0 not in latest["value"].to_list()  # the part year's figure


def test_latest_per_forbund_takes_a_part_year_when_there_is_no_full_year():
    d = pl.DataFrame({"forbund_id": ["a", "a"], "forbund": ["A", "A"],
                      "period": ["jan–jun 2023", "jan–aug 2024"], "value": [1.0, 2.0],
                      "period_start": [D(2023, 1, 1), D(2024, 1, 1)],
                      "period_end": [D(2023, 6, 30), D(2024, 8, 31)]})
    assert report.latest_per_forbund(d)["label"].to_list() == ["A (jan–aug 2024)"]


def test_an_unregistered_forbund_has_an_unknown_county_never_a_guessed_one(tmp_path):
    t = report.open_tables(write_many(tmp_path))
    counties = report.counties(t)
    assert counties["forbund-00"] == "Norrlands län"
    assert counties["forbund-03"] == report.UNKNOWN_COUNTY  # not in the registry's län list
    assert set(counties.values()) == {*(c for c in (county_of(i) for i in range(4)) if c),
                                      report.UNKNOWN_COUNTY}


# --- ranked chart ----------------------------------------------------------------------------


def test_ranking_sorts_highest_first_and_shows_the_ten_highest_and_ten_lowest():
    fig = fg.ranking(ranked_rows(), title="Deltagare", value_title="Personer", unit="persons")
    shown = bars(fig)
    assert len(shown) == 2 * fg.TOP
    assert shown[:3] == ["Ort 69 (2024)", "Ort 68 (2024)", "Ort 67 (2024)"]
    assert shown[-1] == "Ort 00 (2024)"
    assert list(fig.data[0].x) == sorted(fig.data[0].x, reverse=True)
    # A dashed line where the förbund in the middle are left out, and the title says so.
    assert [s.line.dash for s in fig.layout.shapes] == ["dash"]
    assert "De 10 högsta och 10 lägsta av 70 förbund" in fig.layout.title.subtitle.text
    # Every förbund is in the figure for the filter, in rank order.
    rank = fig.layout.meta["finsam_rank"]
    assert [r["n"] for r in rank["rows"]][:2] == ["Ort 69", "Ort 68"]
    assert len(rank["rows"]) == N_FORBUND
    assert sorted(i for tr in rank["traces"] for i in tr["i"]) == list(range(N_FORBUND))


def test_ranking_always_shows_and_marks_the_readers_own_forbund():
    fig = fg.ranking(ranked_rows(), title="T", value_title="Personer", unit="persons",
                     own="forbund-35")
    shown = bars(fig)
    assert len(shown) == 2 * fg.TOP + 1
    own = [b for b in shown if "Ort 35" in b]
    assert own == [f"<b>{htmllib.escape(fg.OWN_MARK)}Ort 35 (2024)</b>"]
    widths = dict(zip(fig.data[0].y, fig.data[0].marker.line.width, strict=True))
    assert widths[own[0]] == 3 and widths["Ort 69 (2024)"] == 1
    assert "ert förbund" in fig.layout.title.subtitle.text


def test_ranking_shows_every_forbund_when_they_fit():
    fig = fg.ranking(ranked_rows(15), title="T", value_title="Personer", unit="persons")
    assert len(bars(fig)) == 15
    assert not fig.layout.shapes
    assert "Alla 15 förbund" in fig.layout.title.subtitle.text


def test_a_negative_figure_keeps_its_label_inside_its_bar():
    rows = ranked_rows(30).with_columns(value=pl.col("value") - 15)
    fig = fg.ranking(rows, title="Resultat", value_title="Kronor", unit="SEK")
    positions = dict(zip(fig.data[0].x, fig.data[0].textposition, strict=True))
    assert positions[14.0] == "outside" and positions[-15.0] == "inside"


def test_ranking_keeps_colours_by_series_and_one_bar_per_forbund():
    rows = ranked_rows(definition=["egen" if i % 2 else "bred" for i in range(N_FORBUND)])
    fig = fg.ranking(rows, color="definition", title="T", value_title="Andel", unit="percent")
    assert sorted(t.name for t in fig.data) == ["bred", "egen"]
    assert sum(len(t.y) for t in fig.data) == 2 * fg.TOP


def test_ranking_escapes_document_text_in_labels_hovers_and_the_page():
    rows = ranked_rows().with_columns(
        label=pl.when(pl.col("forbund_id") == "forbund-69").then(pl.lit(f"{HOSTILE} (2024)"))
        .otherwise(pl.col("label")),
        forbund=pl.when(pl.col("forbund_id") == "forbund-69").then(pl.lit(HOSTILE))
        .otherwise(pl.col("forbund")),
        quote=pl.lit("<img src=x onerror=alert(1)>"))
    fig = fg.ranking(rows, title="T", value_title="Personer", unit="persons")
    assert bars(fig)[0].startswith("Skript&lt;script&gt;")
    assert "<img" not in fig.data[0].hovertext[0]
    nb = _notebook_with(fig)
    render.plotly_outputs_to_html(nb)
    page = nb.cells[0].outputs[0]["data"]["text/html"]
    assert "<script>alert" not in page and "<img" not in page


def test_a_slide_shows_the_five_highest_and_five_lowest_at_slide_size():
    fig = fg.for_slide(fg.ranking(ranked_rows(), title="T", value_title="Personer",
                                  unit="persons", top=fg.SLIDE_TOP), height=580)
    assert sum(len(t.y) for t in fig.data) == 2 * fg.SLIDE_TOP
    assert fig.layout.title.subtitle.font.size >= fg.SLIDE_FONT
    assert "5 högsta och 5 lägsta" in fig.layout.title.subtitle.text


# --- small multiples by län ------------------------------------------------------------------


def test_by_county_draws_one_panel_per_known_county_and_counts_the_unknown():
    fig = fg.by_county(ranked_rows(), title="T", value_title="Personer", unit="persons")
    assert len(fig.data) == 3  # three län the registry names
    heads = [a.text for a in fig.layout.annotations if "förbund)" in (a.text or "")]
    assert heads[0].startswith("<b>") and len(heads) == 3
    # förbund i is in län i % 4; the fourth group is unknown to the registry: 17 of 70.
    assert sorted(len(t.y) for t in fig.data) == [17, 18, 18]
    for trace in fig.data:  # each panel ranked, highest first
        assert list(trace.x) == sorted(trace.x, reverse=True)
    source = next(a.text for a in fig.layout.annotations if a.text.startswith("Källa"))
    assert "17 av 70 förbund har inget län i registret" in source


def test_by_county_is_left_out_when_the_forbund_are_in_one_known_county():
    rows = ranked_rows().with_columns(
        lan=pl.when(pl.col("lan") == "Norrlands län").then(pl.col("lan"))
        .otherwise(pl.lit(report.UNKNOWN_COUNTY)))
    assert fg.by_county(rows, title="T", value_title="Personer", unit="persons") is None


# --- the filter ------------------------------------------------------------------------------


def test_filter_lists_every_county_with_its_count_and_the_unknown_last():
    counties = {f: county_of(i) or report.UNKNOWN_COUNTY for i, f in enumerate(forbund_ids())}
    names = {f: f"Ort {i}" for i, f in enumerate(forbund_ids())}
    names["forbund-07"] = HOSTILE
    html = str(fg.filter_control(counties, names))
    values = re.findall(r'<option value="(lan:[^"]*)">([^<]*)</option>', html)
    assert [v for v, _ in values] == ["lan:Mellanlands län", "lan:Norrlands län",
                                      "lan:Söderlands län", f"lan:{report.UNKNOWN_COUNTY}"]
    assert values[-1][1] == "Län okänt (17 förbund)"
    assert '<option value="alla">Alla 70 förbund</option>' in html
    assert "<script>" not in html and "Skript&lt;script&gt;" in html
    assert render.FILTER_MARK in html


def test_filterable_table_rows_carry_forbund_and_county_escaped():
    data = pl.DataFrame({"forbund": [HOSTILE, "Ort 1"], "lan": ["X län", None],
                         "value": [1.0, 2.0]})
    html = str(fg.table(data, [("forbund", "Förbund", "text"), ("value", "V", "number")],
                        caption="T", source="Källa: s", filterable=True))
    assert "data-finsam-filter" in html
    assert f'data-forbund="{fg.esc(HOSTILE)}" data-lan="X län"' in html
    assert '<tr data-forbund="Ort 1" data-lan="">' in html
    assert "<script>" not in html
    plain = str(fg.table(data, [("forbund", "Förbund", "text")], caption="T", source="Källa"))
    assert "data-forbund" not in plain and "data-finsam-filter" not in plain


def test_only_a_page_with_a_filter_gets_the_filter_script():
    script = (render.ASSET_DIR / "finsam-filter.js").read_text(encoding="utf-8")
    marker = "data-finsam-filter-form"
    with_filter = _html_notebook(str(fg.filter_control({"a": "X län"}, {"a": "A"})))
    without = _html_notebook("<p>ingen</p>")
    assert script.splitlines()[0] in render.export_html(with_filter, title="T")
    assert script.splitlines()[0] not in render.export_html(without, title="T")
    assert marker not in render.export_html(without, title="T")


# --- the deck's headlines --------------------------------------------------------------------


def test_a_headline_about_seventy_forbund_names_the_highest_and_lowest_only():
    rows = ranked_rows().with_columns(
        period=pl.lit("2024"), period_start=pl.lit(D(2024, 1, 1)),
        period_end=pl.lit(D(2024, 12, 31)), unit=pl.lit("SEK"),
        value=pl.col("value") * 100_000 + 100_000)
    text = report.allocation_headline(rows)
    assert "högst Ort 69" in text and "lägst Ort 00" in text and "(70 förbund)" in text
    assert "Ort 35" not in text
    few = report.allocation_headline(rows.head(3))
    assert "Ort 00" in few and "Ort 01" in few and "Ort 02" in few and "högst" not in few


# --- one read of the tables for seventy profiles ---------------------------------------------


def test_a_profile_reads_only_its_forbund_and_the_lineage_it_belongs_to(tmp_path):
    data = write_many(tmp_path)
    reg = pl.read_parquet(data / "forbund.parquet").with_columns(
        successor_id=pl.when(pl.col("forbund_id") == "forbund-01").then(pl.lit("forbund-02"))
        .otherwise(pl.col("successor_id")))
    reg.write_parquet(data / "forbund.parquet")
    t = report.open_tables(data, forbund="forbund-02")
    assert set(t.facts["forbund_id"].unique().to_list()) == {"forbund-01", "forbund-02"}
    assert set(t.documents["forbund_id"].unique().to_list()) == {"forbund-01", "forbund-02"}
    assert t.forbund.height == N_FORBUND  # the registry stays whole (names, lineage)
    whole = report.open_tables(data)
    assert whole.facts.filter(pl.col("forbund_id") == "forbund-02").equals(
        t.facts.filter(pl.col("forbund_id") == "forbund-02"))


def test_prepared_tables_are_read_again_when_a_table_file_changes(tmp_path):
    data = write_many(tmp_path, n=3)
    first = report.prepared_tables(data.resolve())
    assert report.prepared_tables(data.resolve()) is first
    facts = pl.read_parquet(data / "facts.parquet")
    facts.head(5).write_parquet(data / "facts.tmp")
    os.replace(data / "facts.tmp", data / "facts.parquet")
    again = report.prepared_tables(data.resolve())
    assert again is not first and again.frames["facts"].height == 5


def test_summary_findings_become_one_frame_read_fast_or_by_json(tmp_path):
    findings = [{"severity": "warning", "doc_id": "d", "char_start": 1, "char_end": 4,
                 "measure": "exits", "observed": "12", "message": "m"},
                {"severity": "error", "message": "n", "observed": "x"}]
    data = tmp_path / "data"
    data.mkdir()
    (tmp_path / "validation").mkdir()
    path = tmp_path / "validation" / "summary.json"
    path.write_text(json.dumps({"status": "warn", "findings": findings}), encoding="utf-8")
    fast = report.load_findings(data)
    assert fast["status"] == "warn"
    assert fast["findings"].select("severity", "char_start").rows() == [("warning", 1),
                                                                        ("error", None)]
    # A field holding an object cannot go through polars' reader: the JSON path gives text.
    findings[1]["observed"] = {"a": 1}
    path.write_text(json.dumps({"status": "warn", "findings": findings}), encoding="utf-8")
    slow = report.load_findings(data)
    assert slow["findings"]["observed"].to_list() == ["12", '{"a": 1}']


def test_a_finding_flags_the_facts_of_its_measure_or_of_any_measure_when_it_names_none():
    facts = pl.DataFrame({"doc_id": ["d"] * 3, "measure": ["exits", "grant", "exits"],
                          "char_start": [0, 0, 50], "char_end": [10, 10, 60]})
    summary = {"findings": [
        {"doc_id": "d", "measure": "exits", "char_start": 2, "char_end": 5, "label": "A"},
        {"doc_id": "d", "char_start": 55, "char_end": 56, "label": "B",
         "severity": "error"},
    ]}
    out = report.flag_facts(facts, summary)
    assert out["flag_label"].to_list() == ["A", None, "B"]
    assert out["flag_severity"].to_list() == ["warning", None, "error"]


def test_the_same_title_in_another_forbund_does_not_settle_a_matter():
    reg = schema.frame("forbund", [{"forbund_id": "a"}, {"forbund_id": "b"}])
    decisions = schema.frame("decisions", [
        {"forbund_id": "a", "meeting_date": D(2024, 1, 10), "item_no": 1, "kind": "defer",
         "text": "Bordläggs"},
        {"forbund_id": "b", "meeting_date": D(2024, 3, 10), "item_no": 1, "kind": "approve",
         "text": "Godkänns"},
        {"forbund_id": "a", "meeting_date": D(2024, 5, 10), "item_no": 1, "kind": "defer",
         "text": "Bordläggs igen"},
    ])
    items = schema.frame("items", [
        {"forbund_id": d["forbund_id"], "meeting_date": d["meeting_date"], "item_no": 1,
         "title": "Budget 2025"} for d in decisions.iter_rows(named=True)])
    out = report.decision_tracker(decisions, items, schema.frame("meetings"), reg)
    first = out.filter((pl.col("forbund_id") == "a") & (pl.col("meeting_date") == D(2024, 1, 10)))
    assert first["open"].to_list() == [True]
    # In its own förbund, a later decision that is not a deferral settles it.
    decisions = pl.concat([decisions, schema.frame("decisions", [
        {"forbund_id": "a", "meeting_date": D(2024, 9, 10), "item_no": 1, "kind": "approve",
         "text": "Godkänns"}])])
    items = pl.concat([items, schema.frame("items", [
        {"forbund_id": "a", "meeting_date": D(2024, 9, 10), "item_no": 1,
         "title": "Budget 2025"}])])
    out = report.decision_tracker(decisions, items, schema.frame("meetings"), reg)
    statuses = out.filter(pl.col("forbund_id") == "a").sort("meeting_date")["status"].to_list()
    assert statuses[:2] == ["Avgjort 2024-09-10", "Avgjort 2024-09-10"]


def test_an_outcome_gets_the_latest_target_for_its_measure_subject_and_period():
    base = {"forbund_id": "a", "doc_id": "d", "source": "d.txt", "qualifier": "above",
            "quote": "q", "char_start": 0, "char_end": 1, "unit": "percent",
            "measure": "target", "breakdown": "exit_share_work_study"}
    facts = schema.frame("facts", [
        {**base, "value": 30.0, "period_start": D(2023, 1, 1), "period_end": D(2023, 12, 31)},
        {**base, "value": 40.0, "period_start": D(2024, 1, 1), "period_end": D(2024, 12, 31)},
        # stated later, for 2023 too, but about another team
        {**base, "value": 45.0, "subject": "annat team", "period_start": D(2023, 1, 1),
         "period_end": D(2023, 12, 31)},
    ]).with_columns(doc_date=pl.lit(D(2024, 2, 1)))
    outcomes = pl.DataFrame({
        "forbund_id": ["a", "a", "a", "b"], "measure": ["exit_share_work_study"] * 4,
        "subject": ["team", "team", "team", None],
        "period_start": [D(2023, 1, 1), D(2022, 1, 1), D(2024, 1, 1), D(2023, 1, 1)],
        "period_end": [D(2023, 12, 31), D(2022, 12, 31), D(2024, 12, 31), D(2023, 12, 31)]})
    out = report.with_targets(outcomes, facts)
    assert out["target_value"].to_list() == [30.0, None, 40.0, None]
    assert out["target_text"].to_list()[0] == "Mål: minst 30\xa0%"
    assert out.select(outcomes.columns).equals(outcomes)  # rows kept, in order


# --- the pages at national scale -------------------------------------------------------------


FILTER_FORM = '<form class="finsam-filter"'
COMPARISONS = ["jamfor_utfall", "jamfor_finansiering", "jamfor_kotider", "styrelse", "beslut",
               "datakvalitet"]


@pytest.fixture(scope="module")
def many_rendered(tmp_path_factory):
    out = tmp_path_factory.mktemp("many")
    write_many(out)
    results = render.render_reports(out / "data", out, jobs=2, on_progress=lambda _: None,
                                    only=COMPARISONS)
    return out, results


def charts_of(page: str) -> list[dict]:
    """The data and layout of every chart on a page, as its scripts hold them."""
    decoder = json.JSONDecoder()
    out = []
    for m in re.finditer(r'Plotly\.newPlot\("finsam-chart-\d+",', page):
        data, end = decoder.raw_decode(page, m.end())
        layout, _ = decoder.raw_decode(page, end + 1)
        out.append({"data": data, "layout": layout})
    return out


@pytest.mark.slow
def test_every_comparison_renders_for_seventy_forbund(many_rendered):
    _, results = many_rendered
    failed = [(r["report"], r["error"]) for r in results if not r["ok"]]
    assert failed == []
    assert {r["report"] for r in results} == set(COMPARISONS)


@pytest.mark.slow
@pytest.mark.parametrize("report_name", ["jamfor_utfall", "jamfor_finansiering",
                                         "jamfor_kotider"])
def test_a_comparison_page_ranks_shows_top_and_bottom_and_has_a_filter(many_rendered,
                                                                        report_name):
    out, _ = many_rendered
    page = (out / f"{report_name}.html").read_text(encoding="utf-8")
    assert page.count(FILTER_FORM) == 1
    charts = charts_of(page)
    ranked = [c for c in charts if "finsam_rank" in c["layout"].get("meta", {})]
    assert ranked, report_name
    panels = [c for c in charts if "län för län" in c["layout"]["title"]["text"]]
    for chart in charts:
        if chart in panels:
            continue
        shown = sum(len(tr["y"]) for tr in chart["data"] if tr.get("type") == "bar")
        assert shown <= 2 * fg.TOP + 1, (report_name, chart["layout"]["title"]["text"])
    for chart in ranked:
        assert len(chart["layout"]["meta"]["finsam_rank"]["rows"]) == N_FORBUND
    assert "<script>alert" not in page
    # The small multiples by län: one panel for each of the three län the registry names.
    assert panels and all(len(p["data"]) == 3 for p in panels), report_name


@pytest.mark.slow
def test_the_deck_shows_at_most_the_five_highest_and_lowest_on_a_slide(many_rendered):
    out, _ = many_rendered
    deck = (out / "styrelse.slides.html").read_text(encoding="utf-8")
    charts = charts_of(deck)
    assert len(charts) >= 4
    for chart in charts:
        shown = sum(len(tr["y"]) for tr in chart["data"] if tr.get("type") == "bar")
        assert shown <= 2 * fg.SLIDE_TOP, chart["layout"]["title"]["text"]
    assert render.FILTER_MARK not in deck
    text = htmllib.unescape(re.sub(r"<[^>]+>", " ", re.sub(
        r"<script.*?</script>", " ", deck, flags=re.S)))
    assert "70 förbund" in text and "högst" in text


@pytest.mark.slow
def test_decisions_and_quality_list_every_forbund_in_a_filterable_table(many_rendered):
    out, _ = many_rendered
    for name in ("beslut", "datakvalitet"):
        page = (out / f"{name}.html").read_text(encoding="utf-8")
        assert page.count(FILTER_FORM) == 1, name
        # nbconvert writes an attribute holding a quote between single quotes
        rows = {value for _, value in re.findall(r"<tr data-forbund=([\"'])(.*?)\1", page)}
        assert len(rows) == N_FORBUND, name
        assert not any("<" in value for value in rows), name


def _notebook_with(fig):
    import nbformat

    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("")
    cell.outputs = [nbformat.v4.new_output(
        "display_data", data={render.PLOTLY_MIME: json.loads(fig.to_json())})]
    nb.cells.append(cell)
    return nb


def _html_notebook(markup: str):
    import nbformat

    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("")
    cell.outputs = [nbformat.v4.new_output("display_data", data={"text/html": markup})]
    nb.cells.append(cell)
    return nb


def test_the_test_tables_cover_every_section_the_comparisons_rank():
    t = tables()
    measures = set(t["facts"]["measure"].to_list())
    assert {"participants", "exit_share_work_study", "exits_by_reason", "allocation",
            "actual_result", "equity", "wait_time", "cost_share"} <= measures


def test_the_landing_page_lists_the_comparisons_first_and_folds_seventy_profiles(tmp_path):
    from finsam_data.landing import write_index

    def row(report, title, **extra):
        page = tmp_path / f"{report}.html"
        page.write_text("x")
        return {"report": report, "title": title, "path": str(page), "kind": "report",
                "ok": True, "seconds": 1.0, "error": None, **extra}

    profiles = [row(f"forbund_profil_{f}", f"Förbundsprofil: Ort {i:02d}",
                    params={"forbund_id": f}) for i, f in enumerate(forbund_ids())]
    blocked = [{"report": f"x{i}", "title": f"Blockerad {i}", "path": None, "kind": "report",
                "ok": False, "blocked": True, "error": "stoppad"} for i in range(12)]
    reports = [row("beslut", "Beslutsuppföljning"), *profiles,
               row("jamfor_utfall", "Jämförelse: utfall"), *blocked]
    write_index(tmp_path, reports, data_version="v", built_at="2025-11-23T11:20:00+01:00",
                validation={"status": "pass", "findings": []})
    html = (tmp_path / "index.html").read_text(encoding="utf-8")
    details = html.index("<details")
    assert html.index("Jämförelse: utfall") < details < html.index("Förbundsprofil: Ort 00")
    assert "70 förbundsprofiler" in html and html.count("Förbundsprofil: Ort") == N_FORBUND
    assert "12 rapporter renderades inte" in html and "Blockerad 0, Blockerad 1" not in html
    few = [row("beslut", "Beslutsuppföljning"), *profiles[:3]]
    write_index(tmp_path, few, data_version="v", built_at="2025-11-23T11:20:00+01:00",
                validation={"status": "pass", "findings": []})
    assert "<details" not in (tmp_path / "index.html").read_text(encoding="utf-8")


def test_a_gap_note_counts_many_forbund_and_names_them_folded():
    ids = forbund_ids()
    gaps = report.Gaps(None, ids, names={f: f"Ort {i:02d}" for i, f in enumerate(ids)})
    gaps.lack("väntetid", ids[:40])
    gaps.lack("kö", ids[:2])
    assert gaps.text() == ("40 av 70 förbund redovisar inga uppgifter om väntetid i underlaget. "
                           "Ort 00 och Ort 01 redovisar inga uppgifter om kö i underlaget.")
    html = str(gaps.note())
    assert "<details" in html and "Vilka förbund (40): väntetid" in html
    assert "Ort 39." in html and "Ort 40" not in html


@pytest.mark.slow
def test_each_deck_chart_shows_the_forbund_its_headline_names(many_rendered):
    out, _ = many_rendered
    deck = (out / "styrelse.slides.html").read_text(encoding="utf-8")
    checked = 0
    for slide in deck.split("<section")[1:]:
        heads = re.findall(r"<h2[^>]*>(.*?)<", slide)
        m = re.search(r"högst (Ort \d\d).*lägst (Ort \d\d)", htmllib.unescape(heads[0])) \
            if heads else None
        if not m:
            continue
        (chart,) = charts_of(slide)
        values = {y: x for tr in chart["data"] for x, y in zip(tr["x"], tr["y"], strict=True)}
        named = {name: [v for y, v in values.items() if y.startswith(name + " ")]
                 for name in (m[1], m[2])}
        # shown on the slide, as the highest and the lowest (a tie may share the place)
        assert named[m[1]] == [max(values.values())], (heads[0], values)
        assert named[m[2]] == [min(values.values())], (heads[0], values)
        checked += 1
    assert checked >= 3
