"""Tables in layouts the seed documents do not use, plus the seed's tab-separated kind."""

import datetime as dt

import pytest

from tests.extract.conftest import one, rows

D = dt.date

MARKDOWN_TKR = """\
Resultaträkning (tkr)

| Post | Budget 2024 | Utfall 2024 | Avvikelse |
|---|---:|---:|---:|
| Medlemsbidrag | 12 400 | 12 400 | 0 |
| Övriga intäkter | 150 | 310 | 160 |
| **Summa intäkter** | **12 550** | **12 710** | **160** |
| Individinsatser | 9 800 | 9 120 | −680 |
| Administration | 3 400 | 3 260 | −140 |
| **Summa kostnader** | **13 200** | **12 380** | **−820** |
| **Årets resultat** | **−650** | **330** | **980** |
"""


def test_markdown_table_in_tkr_scales_cells_and_reads_columns(facts_of):
    f = facts_of(MARKDOWN_TKR)
    row = one(f, measure="budget_income", subject="Medlemsbidrag")
    assert row["value"] == 12_400_000 and row["raw"] == "12 400"
    assert row["period_start"] == D(2024, 1, 1) and row["period_end"] == D(2024, 12, 31)
    assert row["quote"] == "| Medlemsbidrag | 12 400 | 12 400 | 0 |"
    assert one(f, measure="actual_cost", subject="Individinsatser")["value"] == 9_120_000
    assert one(f, measure="budget_deviation", subject="Individinsatser")["value"] == -680_000
    total = one(f, measure="actual_cost", is_total=True)
    assert total["subject"] == "total" and total["value"] == 12_380_000


def test_markdown_result_keeps_income_minus_costs(facts_of):
    f = facts_of(MARKDOWN_TKR)
    assert one(f, measure="budget_result")["value"] == -650_000
    assert one(f, measure="actual_result")["value"] == 330_000


def test_groups_sum_to_their_stated_total(facts_of):
    f = facts_of(MARKDOWN_TKR)
    for gid in {r["group_id"] for r in f.iter_rows(named=True) if r["group_id"]}:
        members = rows(f, group_id=gid)
        totals = [r for r in members if r["is_total"]]
        addends = [r for r in members if not r["is_total"] and not r["parent_subject"]]
        assert len(totals) == 1, gid
        assert sum(r["value"] for r in addends) == pytest.approx(totals[0]["value"]), gid


INCOME_NEGATIVE = (
    "Ekonomiskt utfall samt prognos\n"
    "\n"
    "\tBudget 2019\tUtfall 2019-06-30\tPrognos 2019\n"
    "Medel från huvudmännen\t-5 000 000\t- 2 500 000\t-5 000 000\n"
    "Kansli\t1 000 000\t480 000\t990 000\n"
    "- Varav lön\t700 000\t350 000\t700 000\n"
    "Resor\t\t\t\n"
    "- Kostnad\t50 000\t20 000\t40 000\n"
    "- Intäkt (ersättning)\t-10 000\t0\t-10 000\n"
    "Team Norr\t3 500 000\t1 600 000**\t3 400 000\n"
    "SUMMA KOSTNADER\t4 550 000\t2 100 000\t4 430 000\n"
    "SUMMA INTÄKTER\t-5 010 000\t-2 500 000\t-5 010 000\n"
    "RESULTAT\t-460 000\t-400 000\t-580 000\n"
)


def test_income_written_negative_comes_out_positive_by_column(facts_of):
    f = facts_of(INCOME_NEGATIVE)
    inc = one(f, measure="actual_income", subject="Medel från huvudmännen")
    assert inc["value"] == 2_500_000 and inc["raw"] == "- 2 500 000"
    assert inc["period_start"] == D(2019, 1, 1) and inc["period_end"] == D(2019, 6, 30)
    fc = one(f, measure="forecast_income", subject="Medel från huvudmännen")
    assert fc["period_end"] == D(2019, 12, 31)


def test_result_sign_follows_the_contract_when_the_table_writes_costs_minus_income(facts_of):
    f = facts_of(INCOME_NEGATIVE)
    # the table writes costs - income (4 550 000 - 5 010 000 = -460 000): a surplus
    assert one(f, measure="budget_result")["value"] == 460_000
    assert one(f, measure="actual_result")["value"] == 400_000


def test_hierarchy_of_varav_and_dashed_lines(facts_of):
    f = facts_of(INCOME_NEGATIVE)
    varav = one(f, measure="budget_cost", subject="Varav lön")
    assert varav["parent_subject"] == "Kansli"
    dashed = one(f, measure="budget_cost", subject="Resor – Kostnad")
    assert dashed["parent_subject"] is None
    income = one(f, measure="budget_income", subject="Resor – Intäkt (ersättning)")
    assert income["value"] == 10_000
    # footnote markers are stripped from the value, kept in the quote
    team = one(f, measure="actual_cost", subject="Team Norr")
    assert team["value"] == 1_600_000 and "**" in team["quote"]


def test_income_negative_groups_sum_to_their_totals(facts_of):
    f = facts_of(INCOME_NEGATIVE)
    for gid in {r["group_id"] for r in f.iter_rows(named=True) if r["group_id"]}:
        members = rows(f, group_id=gid)
        (total,) = [r for r in members if r["is_total"]]
        addends = [r for r in members if not r["is_total"] and not r["parent_subject"]]
        assert sum(r["value"] for r in addends) == pytest.approx(total["value"]), gid


SPACE_ALIGNED = """\
Tabell 1. Deltagare per insats (antal)

Insats                 Kvinnor   Män   Totalt
Steget                    14      9      23
Kompassen                 21     17      38
Totalt                    35     26      61

Tabell 2. Ekonomi, belopp i tkr
                         Budget 2022   Utfall jan-jun   Prognos 2022
Intäkter                      8 000           4 000          8 000
Kostnader                     8 500           3 900          8 300
Resultat                       -500             100           -300
"""


def test_space_aligned_people_table_with_breakdown_columns(facts_of):
    f = facts_of(SPACE_ALIGNED, start=D(2022, 1, 1), end=D(2022, 6, 30))
    women = one(f, measure="participants", subject="Steget", breakdown="kvinnor")
    assert women["value"] == 14
    assert one(f, measure="participants", subject="Steget", breakdown=None)["value"] == 23
    total_men = one(f, measure="participants", subject="total", breakdown="män")
    assert total_men["is_total"] and total_men["value"] == 26
    # each column is its own group, so kvinnor and män sum separately
    assert women["group_id"] != total_men["group_id"]
    assert women["period_end"] == D(2022, 6, 30)


def test_space_aligned_money_table_without_a_label_header(facts_of):
    f = facts_of(SPACE_ALIGNED, start=D(2022, 1, 1), end=D(2022, 6, 30))
    assert one(f, measure="budget_cost")["value"] == 8_500_000
    actual = one(f, measure="actual_income")
    assert actual["value"] == 4_000_000 and actual["period_end"] == D(2022, 6, 30)
    assert one(f, measure="forecast_result")["value"] == -300_000


def test_people_table_measures_from_their_titles(facts_of):
    text = (
        "AVSLUTSANLEDNINGAR\tANTAL DELTAGARE\tANTAL MÅN I INSATSEN (snitt)\n"
        "Arbete på öppna marknaden\t4\t12\n"
        "Studier\t2\t9\n"
        "Flyttat\t1\t3\n"
        "Något oväntat\t1\t2\n"
        "\n"
        "TID I OFFENTLIG FÖRSÖRJNING VID INSKRIVNING\tANTAL DELTAGARE\n"
        "0 - 1 år\t3\n"
        "Mer än 10 år\t7\n"
        "\n"
        "FÖRSÖRJNING VID AVSLUT\tANTAL\n"
        "Lön\t5\n"
    )
    f = facts_of(text)
    work = one(f, measure="exits_by_reason", subject="Arbete på öppna marknaden")
    assert work["value"] == 4 and work["category"] == "work" and work["unit"] == "persons"
    assert one(f, measure="exits_by_reason", subject="Flyttat")["category"] == "other"
    assert one(f, measure="exits_by_reason", subject="Något oväntat")["category"] is None
    months = one(f, measure="exits_by_reason_time_months", subject="Studier")
    assert months["value"] == 9 and months["unit"] == "months" and months["group_id"] is None
    assert one(f, measure="intake_time_in_support", subject="Mer än 10 år")["value"] == 7
    assert one(f, measure="support_at_exit", subject="Lön")["value"] == 5


def test_row_oriented_table_with_year_columns(facts_of):
    text = (
        "Nyckeltal\t2022\t2023\n"
        "Antal deltagare\t134\t145\n"
        "Antal avslutade\t50\t56\n"
        "Andel till arbete eller studier (%)\t65\t71\n"
    )
    f = facts_of(text)
    p = one(f, measure="participants", value=145.0)
    assert p["period_start"] == D(2023, 1, 1)
    assert one(f, measure="exits", value=50.0)["period_end"] == D(2022, 12, 31)
    share = one(f, measure="exit_share_work_study", value=71.0)
    assert share["unit"] == "percent"


@pytest.mark.parametrize(
    "text",
    [
        "Innehåll:\tSid:\nOm förbundet\t1\nEkonomi\t9\n",
        "§ 27\tProtokolljustering\t3\n§ 28\tDelårsbokslut\t4\n§ 29\tÖvrigt\t5\n",
        "Plats och tid\tKommunhuset, kl 09:00-11:30\nSammanträdesdatum\t2023-05-25\n",
        "Anslaget publiceras\t2024-03-29\tAnslaget avpubliceras\t2024-04-19\n",
    ],
)
def test_contents_and_page_furniture_tables_yield_nothing(facts_of, text):
    assert facts_of(text).height == 0


def test_an_empty_cell_yields_no_fact(facts_of):
    f = facts_of("Insats\tBudget 2024 (tkr)\nTeam A\t\nTeam B\t–\nTeam C\t300\n")
    assert f.get_column("subject").to_list() == ["Team C"]
    assert f.get_column("value").to_list() == [300_000]
