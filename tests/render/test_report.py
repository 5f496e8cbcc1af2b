"""Data preparation shared by the notebooks (finsam_data.report), on small literal frames."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from finsam_data import report
from finsam_data.schema import frame

D = dt.date
DOCS = frame("documents", [
    {"doc_id": "d1", "source": "a.txt", "forbund_id": "a", "doc_date": D(2024, 3, 1)},
    {"doc_id": "d2", "source": "b.txt", "forbund_id": "a", "doc_date": D(2024, 9, 1),
     "period_start": D(2024, 1, 1), "period_end": D(2024, 8, 31)},
    {"doc_id": "d3", "source": "c.txt", "forbund_id": "c", "doc_date": D(2024, 10, 1)},
])
REG = frame("forbund", [
    {"forbund_id": "a", "name": "Samordningsförbundet A", "successor_id": "b",
     "valid_to": D(2023, 12, 31)},
    {"forbund_id": "b", "name": "B Samordningsförbund"},
    {"forbund_id": "c", "name": "Samordningsförbundet C"},
])
Y24 = {"period_start": D(2024, 1, 1), "period_end": D(2024, 12, 31)}


def fact(measure, value, unit="SEK", doc="d1", forbund="a", **kw):
    return {"forbund_id": forbund, "doc_id": doc, "source": f"{doc}.txt", "measure": measure,
            "value": value, "unit": unit, "qualifier": "exact", "quote": f"q{value:g}", **kw}


def prepared(rows):
    return report.prepare_facts(frame("facts", rows), DOCS, REG)


@pytest.mark.parametrize(
    ("start", "end", "label"),
    [
        (D(2024, 1, 1), D(2024, 12, 31), "2024"),
        (D(2017, 1, 1), D(2017, 8, 31), "jan–aug 2017"),
        (D(2024, 5, 1), D(2024, 5, 31), "maj 2024"),
        (D(2023, 7, 1), D(2024, 6, 30), "jul 2023–jun 2024"),
        (D(2022, 1, 1), D(2023, 12, 31), "2022–2023"),
        (D(2024, 3, 22), D(2024, 3, 22), "2024-03-22"),
        (D(2024, 3, 5), D(2024, 4, 9), "2024-03-05–2024-04-09"),
        (None, None, "okänd period"),
    ],
)
def test_period_label(start, end, label):
    assert report.period_label(start, end) == label


def test_prepare_facts_takes_the_documents_period_when_the_fact_has_none():
    out = prepared([fact("participants", 96, "persons", doc="d2"),
                    fact("participants", 10, "persons", doc="d1")])
    assert out["period"].to_list() == ["jan–aug 2024", "2024-03-01"]
    assert out["forbund"].to_list() == ["A", "A"]


def test_allocations_picks_prose_and_members_contribution_lines_only():
    rows = [
        fact("allocation", 6_300_000, **Y24),
        fact("budget_income", 7_800_000, subject="Medel från huvudmännen", **Y24),
        fact("budget_income", 300_000, subject="Medel från Landstinget", **Y24),
        fact("actual_income", 5_000_000, subject="Bidrag från medlemmarna", doc="d2",
             period_start=D(2024, 1, 1), period_end=D(2024, 8, 31)),
    ]
    out = report.allocations(prepared(rows))
    assert out.select("basis", "value").sort("value").rows() == [
        ("actual", 5_000_000.0), ("allocation", 6_300_000.0), ("budget", 7_800_000.0)]


def test_allocation_for_year_prefers_stated_allocation_and_skips_partial_outcome():
    rows = [
        fact("budget_income", 7_800_000, subject="Medel från huvudmännen", **Y24),
        fact("allocation", 6_300_000, **Y24),
        fact("actual_income", 5_000_000, subject="Medel från huvudmännen", doc="d2",
             period_start=D(2025, 1, 1), period_end=D(2025, 8, 31)),
    ]
    out = report.allocation_for_year(prepared(rows))
    assert out.select("year", "basis", "value").rows() == [(2024, "allocation", 6_300_000.0)]


def test_later_document_supersedes_an_earlier_statement_of_the_same_figure():
    rows = [fact("equity", 1_000_000, doc="d2", period_start=D(2024, 12, 31),
                 period_end=D(2024, 12, 31)),
            fact("equity", 900_000, doc="d1", period_start=D(2024, 12, 31),
                 period_end=D(2024, 12, 31))]
    out = report.equity(prepared(rows))
    assert out["value"].to_list() == [1_000_000.0]  # d2 is dated after d1


def test_lineage_runs_from_predecessors_to_successors():
    assert report.lineage(REG, "b") == ["a", "b"]
    assert report.lineage(REG, "a") == ["a", "b"]
    assert report.lineage(REG, "c") == ["c"]


def test_exit_shares_carry_each_forbunds_definition():
    rows = [
        fact("exit_share_work_study", 47, "percent", forbund="c", doc="d3",
             subject="arbete/studier/arbetslivsriktad rehabilitering", **Y24),
        fact("exit_share_work_study", 71, "percent", **Y24),
    ]
    out = report.exit_shares(prepared(rows)).sort("value")
    assert out["definition"].to_list() == ["arbete/studier/arbetslivsriktad rehabilitering",
                                           "definitionen anges inte"]
    assert out["definition_source"].to_list() == ["dokumentet", "saknas"]
    assert out["label"].to_list() == ["C (2024)", "A (2024)"]


def test_a_share_to_work_alone_never_takes_the_work_or_studies_definition(monkeypatch):
    monkeypatch.setattr(report.outcomes, "exit_definitions",
                        lambda: {"a": {"id": "x", "label": "Arbete eller studier"}})
    rows = [fact("exit_share_work", 25, "percent", qualifier="approx", **Y24),
            fact("exit_share_work_study", 71, "percent", **Y24)]
    out = report.exit_shares(prepared(rows)).sort("value")
    assert out.select("definition", "definition_source").rows() == [
        ("endast arbete", "måttet (andel till arbete)"),
        ("Arbete eller studier", "registret"),
    ]


def test_exit_definitions_read_the_registry_labels():
    defs = report.exit_definitions()
    known = {k: v for k, v in defs.items() if v["id"]}
    assert known, "the shipped registry names at least one definition"
    for value in known.values():
        assert value["label"] and "_" not in value["label"]


def test_exit_reasons_are_summed_per_category_with_shares_and_quotes():
    rows = [
        fact("exits_by_reason", 1, "persons", subject="Osubventionerat arbete",
             category="work", group_id="g", **Y24),
        fact("exits_by_reason", 1, "persons", subject="Subventionerat arbete",
             category="work", group_id="g", **Y24),
        fact("exits_by_reason", 2, "persons", subject="Sjukdom", category="health",
             group_id="g", **Y24),
        fact("exits_by_reason", 4, "persons", subject="Totalt", is_total=True, group_id="g",
             **Y24),
    ]
    out = report.exit_reasons(prepared(rows))
    assert out.select("category", "value", "share").rows() == [("work", 2.0, 50.0),
                                                                ("health", 2.0, 50.0)]
    assert out["quote"][0] == "q1 | q1"
    harm = report.harmonised_work_study(out)
    assert harm.select("value", "total", "share").rows() == [(2.0, 4.0, 50.0)]


def test_request_grant_pairs_keep_a_missing_side_empty_not_zero():
    rows = [
        fact("request", 2_500_000, subject="Team A", **Y24),
        fact("grant", 2_000_000, subject="Team A", **Y24),
        fact("request", 900_000, subject="Team B", **Y24),
    ]
    out = report.request_grant_pairs(report.requests_and_grants(prepared(rows)))
    assert out.select("insats", "requested", "granted", "difference").rows() == [
        ("Team A", 2_500_000.0, 2_000_000.0, -500_000.0),
        ("Team B", 900_000.0, None, None),
    ]


def test_budget_outcome_forecast_keeps_totals_and_their_own_periods():
    rows = [
        fact("budget_cost", 9_096_100, subject="total", is_total=True, **Y24),
        fact("budget_cost", 839_500, subject="Styrelse", **Y24),
        fact("actual_cost", 3_519_716, subject="total", is_total=True, doc="d2",
             period_start=D(2024, 1, 1), period_end=D(2024, 8, 31)),
    ]
    out = report.budget_outcome_forecast(prepared(rows))
    # Date order (period_start, then period_end): the jan–aug outcome ends before the year.
    assert out.select("basis_label", "period", "value").rows() == [
        ("Utfall", "jan–aug 2024", 3_519_716.0), ("Budget", "2024", 9_096_100.0)]


def test_wait_times_keep_their_unit():
    rows = [fact("wait_time", 6, "weeks", subject="Team A", **Y24),
            fact("wait_time", 2, "months", subject="Team B", **Y24)]
    out = report.wait_times(prepared(rows))
    assert out.select("insats", "unit").rows() == [("Team A", "weeks"), ("Team B", "months")]


def decisions_case():
    items = frame("items", [
        {"forbund_id": "a", "meeting_date": D(2023, 5, 1), "item_no": 3, "title": "Lokal",
         "dnr": "A 1"},
        {"forbund_id": "a", "meeting_date": D(2023, 9, 1), "item_no": 2, "title": "Lokal igen",
         "dnr": "A 1"},
        {"forbund_id": "a", "meeting_date": D(2023, 5, 1), "item_no": 4, "title": "Plan"},
        {"forbund_id": "a", "meeting_date": D(2023, 5, 1), "item_no": 5, "title": "Äskande"},
        {"forbund_id": "b", "meeting_date": D(2024, 3, 1), "item_no": 1, "title": "Rapport"},
    ])
    decisions = frame("decisions", [
        {"forbund_id": "a", "meeting_date": D(2023, 5, 1), "item_no": 3, "kind": "defer",
         "deferred_to": D(2023, 9, 1)},
        {"forbund_id": "a", "meeting_date": D(2023, 9, 1), "item_no": 2, "kind": "approve"},
        {"forbund_id": "a", "meeting_date": D(2023, 5, 1), "item_no": 4, "kind": "mandate",
         "deadline": D(2023, 8, 31)},
        {"forbund_id": "a", "meeting_date": D(2023, 5, 1), "item_no": 5, "kind": "refer_back"},
        {"forbund_id": "b", "meeting_date": D(2024, 3, 1), "item_no": 1, "kind": "mandate",
         "deadline": D(2024, 12, 31)},
    ])
    meetings = frame("meetings", [{"forbund_id": f, "meeting_date": d} for f, d in
                                  (("a", D(2023, 5, 1)), ("a", D(2023, 9, 1)),
                                   ("b", D(2024, 3, 1)))])
    return decisions, items, meetings


def test_decision_tracker_marks_open_and_settled_matters():
    decisions, items, meetings = decisions_case()
    out = report.decision_tracker(decisions, items, meetings, REG)
    got = out.select("forbund_id", "item_no", "status", "open", "as_of").rows()
    assert got == [
        ("a", 3, "Avgjort 2023-09-01", False, D(2024, 3, 1)),
        ("a", 4, "Deadline passerad 2023-08-31", True, D(2024, 3, 1)),
        ("a", 5, "Öppen", True, D(2024, 3, 1)),
        ("b", 1, "Öppen, klar senast 2024-12-31", True, D(2024, 3, 1)),
    ]


def test_decision_tracker_on_no_decisions_is_empty_with_status_columns():
    out = report.decision_tracker(frame("decisions"), frame("items"), frame("meetings"), REG)
    assert out.height == 0
    assert {"status", "open", "as_of", "kind_label"} <= set(out.columns)


def test_findings_get_the_quote_of_their_facts():
    facts = prepared([fact("exits", 26, "persons", section="Resultat")])
    summary = {"findings": [
        {"severity": "warning", "source": "d1.txt", "section": "Resultat", "message": "m"},
        {"severity": "error", "source": "x", "message": "n", "quote": "eget citat"},
    ]}
    out = report.findings_frame(summary, facts)
    assert out["quote"].to_list() == ["q26", "eget citat"]


def test_resolve_data_dir_relative_to_the_working_directory(tmp_path, monkeypatch):
    data = tmp_path / "reports" / "data"
    data.mkdir(parents=True)
    frame("facts").write_parquet(data / "facts.parquet")
    nbdir = tmp_path / "notebooks"
    nbdir.mkdir()
    monkeypatch.delenv("FINSAM_DATA", raising=False)
    monkeypatch.chdir(nbdir)
    assert report.resolve_data_dir("../reports/data") == data.resolve()


def test_resolve_data_dir_prefers_finsam_data_for_a_relative_default(tmp_path, monkeypatch):
    data = tmp_path / "elsewhere"
    data.mkdir()
    frame("facts").write_parquet(data / "facts.parquet")
    monkeypatch.setenv("FINSAM_DATA", str(data))
    monkeypatch.chdir(tmp_path)
    assert report.resolve_data_dir("../reports/data") == data.resolve()


def test_resolve_data_dir_says_what_to_do_in_swedish(tmp_path, monkeypatch):
    monkeypatch.delenv("FINSAM_DATA", raising=False)
    with pytest.raises(report.ReportDataError, match="Kör `make report`"):
        report.resolve_data_dir(tmp_path / "nope")


def test_within_keeps_overlapping_and_undated_rows():
    df = pl.DataFrame({"s": [D(2023, 1, 1), D(2024, 1, 1), None],
                       "e": [D(2023, 12, 31), D(2024, 12, 31), None]})
    out = report.within(df, "s", "e", D(2024, 6, 1), None)
    assert_frame_equal(out, df.slice(1, 2))


def test_parse_day_rejects_nonsense_in_swedish():
    with pytest.raises(report.ReportDataError, match="Ogiltigt datum"):
        report.parse_day("förra året")


# --- periods in date order, lineage as prose, one note per section ----------------------------

P2017 = {"period_start": D(2017, 1, 1), "period_end": D(2017, 8, 31)}
P2022 = {"period_start": D(2022, 1, 1), "period_end": D(2022, 12, 31)}
P2023 = {"period_start": D(2023, 1, 1), "period_end": D(2023, 12, 31)}


def test_periods_come_in_date_order_on_axes_and_in_tables():
    from finsam_data import figures as fg

    rows = [  # as a document might list them: the latest year first
        fact("participants", 145, "persons", **P2023),
        fact("exits", 56, "persons", **P2023),
        fact("participants", 134, "persons", **P2022),
        fact("participants", 40, "persons", **P2017),
    ]
    part = report.participants(prepared(rows))
    assert part["period"].to_list() == ["jan–aug 2017", "2022", "2023", "2023"]
    fig = fg.bar(part, x="period", y="value", color="measure_label", unit="persons",
                 title="T", x_title="Period", y_title="Personer")
    assert list(fig.layout.xaxis.categoryarray) == ["jan–aug 2017", "2022", "2023"]
    # Even a frame handed over in another order is drawn in date order.
    fig = fg.bar(part.reverse(), x="period", y="value", color="measure_label", unit="persons",
                 title="T", x_title="Period", y_title="Personer")
    assert list(fig.layout.xaxis.categoryarray) == ["jan–aug 2017", "2022", "2023"]
    rg = report.requests_and_grants(prepared([
        fact("grant", 2e5, subject="Team A", **P2023), fact("request", 1e5, subject="Team A",
                                                            **P2022)]))
    assert report.request_grant_pairs(rg)["period"].to_list() == ["2022", "2023"]


def test_several_predecessors_are_told_as_one_merger():
    reg = frame("forbund", [
        {"forbund_id": "nord", "name": "Nordby Samordningsförbund", "successor_id": "ny",
         "valid_to": D(2023, 12, 31)},
        {"forbund_id": "syd", "name": "Samordningsförbundet Syd", "successor_id": "ny",
         "valid_to": D(2023, 12, 31)},
        {"forbund_id": "vast", "name": "Samordningsförbundet Väst", "successor_id": "ny"},
        {"forbund_id": "ny", "name": "Samordningsförbundet Nya", "valid_from": D(2024, 1, 1)},
        {"forbund_id": "ensam", "name": "Ensam Samordningsförbund"},
    ])
    assert report.lineage_sentences(reg, "ny") == [
        "Samordningsförbundet Nya bildades den 1 januari 2024 genom att Nordby "
        "Samordningsförbund, Samordningsförbundet Syd och Samordningsförbundet Väst slogs samman."
    ]
    assert report.lineage_sentences(reg, "syd") == [
        "Samordningsförbundet Syd slogs den 1 januari 2024 samman med Nordby "
        "Samordningsförbund och Samordningsförbundet Väst till Samordningsförbundet Nya."
    ]
    assert report.lineage_sentences(reg, "ensam") == []
    # Without the successor's valid_from, the day after the predecessors' last day.
    reg = reg.with_columns(valid_from=pl.lit(None, pl.Date))
    assert "den 1 januari 2024" in report.lineage_sentences(reg, "ny")[0]
    one = frame("forbund", [{"forbund_id": "a", "name": "A", "successor_id": "b"},
                            {"forbund_id": "b", "name": "B"}])
    assert report.lineage_sentences(one, "b") == ["A gick upp i B."]


def test_a_section_says_once_what_it_lacks():
    gaps = report.Gaps(None, ["a", "b"], names={"a": "Alfa", "b": "Beta"})
    empty = frame("facts")
    assert gaps.check(empty, "kö") is False
    assert gaps.check(frame("facts", [fact("wait_time", 3, "weeks")]), "väntetid") is True
    assert gaps.text() == ("Inget av förbunden redovisar uppgifter om kö i underlaget. "
                           "Beta redovisar inga uppgifter om väntetid i underlaget.")
    assert str(gaps.note()).count("finsam-missing") == 1
    assert report.Gaps(None, ["a"]).note() is None


def test_every_measure_of_the_schema_has_a_swedish_name():
    from finsam_data import schema

    measures = set(getattr(schema, "MEASURES", ())) | set(getattr(schema, "EXTRA_MEASURES", {}))
    assert measures and measures <= set(report.MEASURE_LABEL)


@pytest.mark.parametrize(("text", "status"), [
    ("Att uppdra åt ordförande att vid medlemsmötet den 24 november rösta för förslaget",
     "Deadline passerad 2023-11-24"),
    ("Att uppdra åt förbundschefen att återkomma senast den 20 mars 2024",
     "Öppen, klar senast 2024-03-20"),
    ("Att uppdra åt förbundschefen att ta fram en plan", "Öppen, ingen deadline"),
])
def test_a_deadline_written_in_words_is_read_and_a_passed_one_marked(text, status):
    decisions = frame("decisions", [{"forbund_id": "a", "meeting_date": D(2023, 11, 2),
                                     "item_no": 7, "kind": "mandate", "text": text}])
    meetings = frame("meetings", [{"forbund_id": "a", "meeting_date": d}
                                  for d in (D(2023, 11, 2), D(2024, 2, 1))])
    out = report.decision_tracker(decisions, frame("items"), meetings, REG)
    assert out["status"].to_list() == [status]
