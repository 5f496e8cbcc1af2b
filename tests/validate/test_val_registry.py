"""The registry of checks: each new check on a planted and a clean frame, finding ids, the
registry's openness to a new check, and acknowledgement through ``kanda_avvikelser.yml``."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import polars as pl
import pytest

from finsam_data import checks, schema
from finsam_data.checks.core import Check, register, unregister, where
from finsam_data.registry import forbund_frame

Y2024 = {"period_start": dt.date(2024, 1, 1), "period_end": dt.date(2024, 12, 31)}
SEEDS = Path(__file__).resolve().parents[2] / "finsam_data" / "corpus"


def fact(**kw):
    row = {
        "forbund_id": "sodra-dalarna",
        "doc_id": "d1",
        "source": "a.txt",
        "section": "§ 4",
        "unit": "persons",
        "qualifier": "exact",
        "is_total": False,
        "quote": "q",
        "char_start": 0,
        "char_end": 1,
        "scale": 1.0,
        **Y2024,
    }
    row.update(kw)
    return row


def facts(*rows):
    return schema.frame("facts", rows)


def docs(*rows):
    return schema.frame(
        "documents",
        [{"forbund_id": "sodra-dalarna", "doc_kind": "other", "text": "", "n_chars": 0, **r}
         for r in rows],  # fmt: skip
    )


def fails(name: str, **tables) -> pl.DataFrame:
    check = {c.name: c for c in checks.registered()}[name]
    return check.failing(tables)


# --- share within 0–100 % ------------------------------------------------------------------


def share(value, **kw):
    return fact(measure="exit_share_work_study", unit="percent", value=value,
                quote=f"{value:g} %", **kw)  # fmt: skip


def test_share_over_100_percent_is_found():
    out = fails("share_range", facts=facts(share(108.0, subject="Arbetsteam Öst")))
    assert out.height == 1
    assert out["observed"][0] == "108\xa0%"
    assert "108 %" in out["message"][0] and "Tolerans" in out["message"][0]


def test_shares_within_0_and_100_percent_are_silent():
    assert fails("share_range", facts=facts(share(45.0), share(100.0), share(0.0))).height == 0


# --- share against its own counts: the part larger than the whole --------------------------


def thirteen_of_twelve(part: float, whole: float, stated: float):
    sentence = f"gick {part:g} av de avslutade till arbete eller studier, {stated:g} %"
    return facts(
        fact(measure="exits", value=whole, quote=f"{whole:g} deltagare avslutades.",
             char_start=0, char_end=25),
        fact(measure="exits", value=part, quote=sentence, char_start=30, char_end=100),
        fact(measure="exit_share_work_study", unit="percent", value=stated, quote=sentence,
             subject="arbete eller studier", char_start=30, char_end=100),
    )  # fmt: skip


def test_part_larger_than_its_whole_is_found_even_when_the_share_matches_it():
    out = fails("share_counts", facts=thirteen_of_twelve(13, 12, 108))
    assert out.height == 1
    assert "13 av 12" in out["message"][0]
    assert "större än helheten" in out["message"][0]


def test_share_that_disagrees_with_its_part_and_whole_is_found():
    out = fails("share_counts", facts=thirteen_of_twelve(9, 20, 55))
    assert out.height == 1
    assert out["observed"][0] == "45,0\xa0%"


def test_part_read_as_an_exit_reason_is_compared_with_the_exits_of_its_section():
    frame = thirteen_of_twelve(13, 12, 108).with_columns(
        measure=pl.when(pl.col("value") == 13).then(pl.lit("exits_by_reason"))
        .otherwise(pl.col("measure"))
    )
    out = fails("share_counts", facts=frame)
    assert out.height == 1 and "större än helheten" in out["message"][0]


@pytest.mark.parametrize(("stated", "fails_"), [(65.0, False), (75.0, True)])
def test_reasons_listed_in_the_sentence_are_the_parts_of_the_exits_stated_there(stated, fails_):
    sentence = f"17 avslutade under läsåret; 9 gick vidare till studier och 2 till arbete, {stated:g} %"
    where_ = {"quote": sentence, "char_start": 0, "char_end": 90}
    frame = facts(
        fact(measure="exits", value=17.0, **where_),
        fact(measure="exits_by_reason", subject="studier", value=9.0, **where_),
        fact(measure="exits_by_reason", subject="arbete", value=2.0, **where_),
        fact(measure="exit_share_work_study", unit="percent", value=stated, **where_),
    )
    out = fails("share_counts", facts=frame)
    assert out.height == int(fails_)
    if fails_:
        assert "11 av 17" in out["message"][0]


def test_share_that_agrees_with_its_part_and_whole_is_silent():
    assert fails("share_counts", facts=thirteen_of_twelve(9, 20, 45)).height == 0


# --- the same figure in two documents ------------------------------------------------------


def two_documents(protocol_value: float, report_value: float, protocol_date=dt.date(2025, 3, 13)):
    documents = docs(
        {"doc_id": "p", "source": "protokoll.txt", "doc_date": protocol_date},
        {"doc_id": "v", "source": "verksamhetsberattelse.md", "doc_date": dt.date(2025, 2, 20)},
    )
    rows = facts(
        fact(doc_id="p", source="protokoll.txt", section="§ 10", measure="participants",
             value=protocol_value, quote=f"{protocol_value:g} deltagare under 2024"),
        fact(doc_id="v", source="verksamhetsberattelse.md", section="Deltagare",
             measure="participants", subject="total", is_total=True, value=report_value,
             quote=f"| **Totalt** | **{report_value:g}** |"),
    )  # fmt: skip
    return {"facts": rows, "documents": documents}


def test_two_documents_stating_the_same_figure_differently_are_found_with_both_quotes():
    out = fails("cross_document", **two_documents(154, 145))
    assert out.height == 1
    message = out["message"][0]
    assert "154 deltagare under 2024" in message and "**145**" in message
    assert "protokoll.txt" in message and "verksamhetsberattelse.md" in message
    assert out["forbund_id"][0] == "sodra-dalarna"


def test_two_documents_that_agree_are_silent():
    assert fails("cross_document", **two_documents(145, 145)).height == 0


def test_each_later_statement_is_compared_with_the_first_not_every_pair():
    # four documents restate one figure; the third alone deviates: one finding, naming it
    documents = docs(*[{"doc_id": d, "source": f"{d}.txt", "doc_date": dt.date(2025, m, 1)}
                       for d, m in (("a", 2), ("b", 3), ("c", 4), ("d", 5))])
    rows = [fact(doc_id=d, source=f"{d}.txt", measure="participants", value=v,
                 quote=f"{v:g} deltagare") for d, v in (("a", 80), ("b", 80), ("c", 83), ("d", 80))]
    out = fails("cross_document", facts=facts(*rows), documents=documents)
    assert out.height == 1
    assert out["source"][0] == "c.txt" and "a.txt" in out["message"][0]


def test_a_figure_stated_before_the_period_ended_is_not_compared():
    # a protocol of October 2024 counts the participants so far; the year was not over
    tables = two_documents(120, 145, protocol_date=dt.date(2024, 10, 17))
    assert fails("cross_document", **tables).height == 0


def test_the_same_amount_in_tkr_and_in_kronor_agrees_within_the_rounding_of_the_tkr():
    documents = docs(
        {"doc_id": "a", "source": "a.txt", "doc_date": dt.date(2025, 3, 1)},
        {"doc_id": "b", "source": "b.txt", "doc_date": dt.date(2025, 4, 1)},
    )
    rows = [
        fact(doc_id="a", measure="actual_cost", unit="SEK", value=6_316_000.0, scale=1000.0,
             unit_word="tkr"),
        fact(doc_id="b", measure="actual_cost", unit="SEK", value=6_316_412.0, scale=1.0,
             unit_word="kr"),
    ]  # fmt: skip
    assert fails("cross_document", facts=facts(*rows), documents=documents).height == 0
    rows[1]["value"] = 6_317_412.0
    out = fails("cross_document", facts=facts(*rows), documents=documents)
    assert out.height == 1
    # half a tkr for the tkr figure, half a krona for the krona figure
    assert out["tolerance_text"][0].startswith("±500,5\xa0kr")


# --- outcome figures dated after the document -----------------------------------------------


def outcome(year: int):
    period = {"period_start": dt.date(year, 1, 1), "period_end": dt.date(year, 12, 31)}
    return {
        "facts": facts(fact(measure="actual_cost", unit="SEK", value=1e6, **period)),
        "documents": docs({"doc_id": "d1", "source": "a.txt", "doc_date": dt.date(2025, 3, 1)}),
    }


def test_outcome_for_a_period_that_had_not_begun_is_found():
    out = fails("outcome_after_document", **outcome(2026))
    assert out.height == 1
    assert "2026" in out["observed"][0]


def test_outcome_for_a_past_or_current_period_is_silent():
    assert fails("outcome_after_document", **outcome(2024)).height == 0
    assert fails("outcome_after_document", **outcome(2025)).height == 0


# --- a document outside its förbund's lifetime ---------------------------------------------


REGISTRY = schema.frame(
    "forbund",
    [
        {"forbund_id": "gamla", "name": "Gamla förbundet", "valid_from": dt.date(2010, 1, 1),
         "valid_to": dt.date(2023, 12, 31), "successor_id": "nya", "members": []},
        {"forbund_id": "nya", "name": "Nya förbundet", "valid_from": dt.date(2024, 1, 1),
         "members": []},
        {"forbund_id": "unga", "name": "Unga förbundet", "valid_from": dt.date(2022, 7, 1),
         "members": []},
    ],
)  # fmt: skip


def lifetime(fid: str, date: dt.date):
    documents = docs({"doc_id": "d1", "source": "a.txt", "forbund_id": fid, "doc_date": date})
    return {"documents": documents, "forbund": REGISTRY}


@pytest.mark.parametrize(
    ("fid", "date", "why"),
    [
        ("gamla", dt.date(2025, 3, 1), "upphörde"),  # more than the grace year after it ceased
        ("unga", dt.date(2022, 5, 1), "start"),  # before it began
        # a successor may report on its predecessor's years, but cannot have issued a
        # document before it existed itself
        ("nya", dt.date(2015, 3, 1), "start"),
    ],
)
def test_document_issued_outside_its_forbunds_lifetime_is_found(fid, date, why):
    out = fails("document_lifetime", **lifetime(fid, date))
    assert out.height == 1
    assert why in out["message"][0]


@pytest.mark.parametrize(
    ("fid", "date"),
    [
        ("gamla", dt.date(2024, 4, 20)),  # its last annual report, adopted the next spring
        ("unga", dt.date(2022, 7, 1)),
    ],
)
def test_document_inside_its_forbunds_lifetime_is_silent(fid, date):
    assert fails("document_lifetime", **lifetime(fid, date)).height == 0


# --- a grant larger than the förbund's own year ---------------------------------------------


def grant_against(reference_subject: str | None):
    return facts(
        fact(measure="budget_cost", unit="SEK", value=38_000_000.0, subject=reference_subject,
             scale=1e6, unit_word="mnkr"),
        fact(measure="allocation", unit="SEK", value=7_000_000.0, scale=1e6, unit_word="mnkr"),
        fact(measure="grant", unit="SEK", subject="Föreläsning", value=35_000_000.0,
             qualifier="max", scale=1000.0, unit_word="tkr", quote="högst 35 000 tkr"),
    )  # fmt: skip


def test_grant_larger_than_the_forbunds_own_year_is_found_with_the_likely_unit():
    # 35 000 tkr against the förbund's own 7 mnkr allocation; the kommun's 38 mnkr is no scale
    out = fails("unit_slip", facts=grant_against("Kommunen"), forbund=forbund_frame())
    assert out.height == 1
    message = out["message"][0]
    assert "35\xa0000\xa0tkr" in message and "7\xa0000\xa0000\xa0kr" in message
    assert "tkr skrivet där kr avsågs" in message


def test_only_the_forbunds_own_figure_is_a_reference():
    # were the 38 mnkr the förbund's own budget (subject total), 35 mnkr would fit inside it
    assert fails("unit_slip", facts=grant_against("total"), forbund=forbund_frame()).height == 0
    assert fails("unit_slip", facts=grant_against(None), forbund=forbund_frame()).height == 0


def test_grant_within_the_forbunds_own_year_is_silent():
    frame = grant_against("Kommunen").with_columns(
        value=pl.when(pl.col("measure") == "grant").then(35_000.0).otherwise(pl.col("value"))
    )
    assert fails("unit_slip", facts=frame, forbund=forbund_frame()).height == 0


# --- a total against its lines, every column ------------------------------------------------


def two_year_table(lines_2023: tuple[float, float], total_2023: float):
    y2023 = {"period_start": dt.date(2023, 1, 1), "period_end": dt.date(2023, 12, 31)}
    rows = []
    for period, lines, total in ((Y2024, (64.0, 29.0), 93.0), (y2023, lines_2023, total_2023)):
        rows += [fact(measure="participants", subject=s, value=v, group_id="t", **period)
                 for s, v in zip(("Kommun A", "Kommun B"), lines, strict=True)]
        rows.append(fact(measure="participants", subject="total", is_total=True, value=total,
                         group_id="t", **period))  # fmt: skip
    return facts(*rows)


def test_each_year_column_of_a_table_is_summed_on_its_own():
    out = fails("group_sum", facts=two_year_table((60.0, 30.0), 92.0))
    assert out.height == 1
    assert (out["observed"][0], out["expected"][0]) == ("90\xa0personer", "92\xa0personer")


def test_columns_that_add_up_are_silent():
    assert fails("group_sum", facts=two_year_table((60.0, 30.0), 90.0)).height == 0


@pytest.mark.parametrize(("members", "fails_"), [((1625, 760, 540, 325), False),
                                                 ((4625, 760, 540, 925), True)])
def test_a_varav_list_fails_only_when_it_exceeds_its_total(members, fails_):
    sentence = "total medelstilldelning 6,5 mnkr, varav Region 1 625 tkr, Avesta 760 tkr …"
    rows = [fact(measure="allocation", unit="SEK", subject="total", is_total=True,
                 value=6_500_000.0, scale=1e6, unit_word="mnkr", group_id="m", quote=sentence)]
    rows += [fact(measure="allocation", unit="SEK", subject=f"Medlem {i}", value=v * 1000.0,
                  scale=1000.0, unit_word="tkr", group_id="m", quote=sentence)
             for i, v in enumerate(members)]  # fmt: skip
    assert fails("group_sum", facts=facts(*rows)).height == int(fails_)


def test_a_column_of_shares_is_not_summed():
    # the teams' shares to work or studies are not parts of the total's share
    shares = two_year_table((45.0, 33.0), 44.0).with_columns(
        measure=pl.lit("exit_share_work_study"), unit=pl.lit("percent")
    )
    assert fails("group_sum", facts=shares).height == 0


# --- ids, raw, and the registry -------------------------------------------------------------


def test_finding_id_is_stable_across_row_order_and_changes_with_the_facts():
    tables = two_documents(154, 145)
    first = checks.failing(checks.run(tables))["id"].to_list()
    reordered = {**tables, "facts": tables["facts"].reverse()}
    assert checks.failing(checks.run(reordered))["id"].to_list() == first
    changed = two_documents(155, 145)
    assert checks.failing(checks.run(changed))["id"].to_list() != first


def test_no_check_reads_raw():
    frames = [thirteen_of_twelve(13, 12, 108), grant_against("total"), two_year_table((60, 30), 92)]
    for frame in frames:
        tables = {"facts": frame, "forbund": forbund_frame(), "documents": docs()}
        before = checks.run(tables)
        scrambled = {**tables, "facts": frame.with_columns(raw=pl.lit("999 mkr"))}
        assert checks.run(scrambled).equals(before)


def test_every_check_declares_what_it_reads_and_has_a_label_of_its_own():
    from finsam_data.checks.labels import check_labels

    for check in checks.registered():
        assert check.reads and set(check.reads) <= set(schema.TABLES)
        assert check.severity in ("warning", "error")
        assert check.label and check.message and check.tolerance
    labels = check_labels()
    assert len(set(labels.values())) == len(labels)  # one label, one check


@pytest.fixture
def planted_check():
    """A check that exists only in this test: one new unit, no edit to the runner or page."""

    def find(tables):
        return [
            {**where(row), "observed": "42", "expected": "inte 42", "deviation": 1.0,
             "tolerance": 0.0, "tolerance_text": "ingen", "facts": [row]}
            for row in tables["facts"].filter(pl.col("value") == 42.0).iter_rows(named=True)
        ]  # fmt: skip

    check = register(
        Check(name="planted_answer", label="Talet 42 förekommer", severity="warning",
              reads=("facts",), measures=None, tolerance="Ingen.",
              message="Talet {observed} står i ”{quote}”.", find=find)
    )  # fmt: skip
    yield check
    unregister(check.name)


def test_a_new_check_is_one_unit_that_the_runner_and_page_pick_up(planted_check, tmp_path):
    from finsam_data.validate import validate, write_validation

    tables = {name: schema.frame(name) for name in schema.TABLES}
    tables["forbund"] = forbund_frame()
    tables["facts"] = facts(fact(measure="participants", value=42.0, quote="42 deltagare",
                                 source=None, doc_id=None))  # fmt: skip
    v = validate(tables)
    mine = v.findings.filter(pl.col("expectation") == "consistency.planted_answer")
    assert mine.height == 1
    assert mine["label"][0] == "Talet 42 förekommer"
    assert mine["message"][0].startswith("Talet 42 står i ”42 deltagare”.")
    write_validation(v, tmp_path, tables)
    page = (tmp_path / "validation" / "index.html").read_text("utf-8")
    assert "Talet 42 förekommer" in page and "planted_answer" in page
    summary = json.loads((tmp_path / "validation" / "summary.json").read_text("utf-8"))
    assert any(f["expectation"] == "consistency.planted_answer" and f["id"]
               for f in summary["findings"])  # fmt: skip


# --- acknowledgement through kanda_avvikelser.yml -------------------------------------------


def build(sources: Path, out: Path) -> tuple[dict, str]:
    from finsam_data.build import Options, run
    from finsam_data.log import Reporter

    run(Options(sources=[sources], out=out, stages=("ingest", "validate")),
        Reporter(verbosity=0, tty=False))  # fmt: skip
    summary = json.loads((out / "validation" / "summary.json").read_text("utf-8"))
    return summary, (out / "validation" / "index.html").read_text("utf-8")


def test_acknowledging_the_corpus_findings_turns_warn_into_pass_until_the_facts_change(tmp_path):
    sources = tmp_path / "kallor"
    shutil.copytree(SEEDS, sources)
    out = tmp_path / "ut"
    summary, _ = build(sources, out)
    assert summary["status"] == "warn"
    found = [f for f in summary["findings"] if f["severity"] == "warning"]
    assert found and all(f["id"] for f in found)

    lines = [f"- id: {f['id']}\n  who: Analytiker\n  why: felet står i källan\n" for f in found]
    (sources / "kanda_avvikelser.yml").write_text("".join(lines), "utf-8")
    summary, page = build(sources, out)
    assert summary["status"] == "pass"
    assert all(f["known"] for f in summary["findings"] if f["severity"] == "warning")
    assert summary["counts"]["warning"] == 0 and summary["counts"]["known"] == len(found)
    assert 'class="badge known">känd<' in page and "felet står i källan" in page

    # the facts behind one acknowledged finding change: it comes back as new, with a new id
    name = next(f["source"] for f in found if f["expectation"] == "consistency.group_sum"
                and f["section"] == "§ 31")  # fmt: skip
    text = (sources / name).read_text("utf-8")
    (sources / name).write_text(text.replace("1 670 tkr", "1 770 tkr", 1), "utf-8")
    summary, _ = build(sources, out)
    assert summary["status"] == "warn"
    new = [f for f in summary["findings"] if f["severity"] == "warning" and not f["known"]]
    assert [f["source"] for f in new] == [name]
    assert new[0]["id"] not in {f["id"] for f in found}
    stale = [f for f in summary["findings"] if f["expectation"] == "acknowledged_finding_exists"]
    assert len(stale) == 1 and stale[0]["severity"] == "info"


def test_every_registered_check_has_a_test_of_its_own():
    # adding a check is one unit plus its test: the test names the check it runs
    text = "".join(p.read_text("utf-8") for p in Path(__file__).parent.glob("test_*.py"))
    untested = [c.name for c in checks.registered() if f'"{c.name}"' not in text]
    assert untested == []


def test_a_check_that_breaks_is_one_error_and_the_others_still_run():
    def find(tables):
        raise KeyError("a column nobody foresaw")

    register(Check(name="broken_check", label="Trasig kontroll", severity="warning",
                   reads=("facts",), measures=None, tolerance="Ingen.", message="–", find=find))
    try:
        out = checks.failing(checks.run(two_documents(154, 145)))
    finally:
        unregister("broken_check")
    assert set(out["check"]) == {"broken_check", "cross_document"}
    broken = out.filter(pl.col("check") == "broken_check")
    assert broken["severity"].to_list() == ["error"]
    assert "kunde inte köras" in broken["message"][0]
