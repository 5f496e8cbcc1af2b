"""Layouts seen in PDF text, fixed-width exports and OCR output (texts written for the test)."""

import datetime as dt

import pytest

from tests.extract.conftest import one, rows

D = dt.date

PDF_LIKE = (
    "AVGÅNGAR PER ORSAK\n"
    "Orsak\tAntal\tAndel\n"
    "Arbete på den öppna\n"
    "arbetsmarknaden\n"
    "8\t40 %\n"
    "Studier\t4\t20 %\n"
    "Fortsatt rehabilitering hos\n"
    "ordinarie myndighet\n"
    "8\t40 %\n"
    "Ekonomi per 30 juni 2023\n"
    "Budget 2023\tUtfall 2023-06-30\n"
    "Medlemsbidrag\t-4 000 000\t-2 000 000\n"
    "Insatser\n"
    "Team Ost\t2 500 000\t1 100 000\n"
    "Kostnader för\n"
    "administration\n"
    "1 000 000\t480 000\n"
    "SUMMA KOSTNADER\t3 500 000\t1 580 000\n"
    "RESULTAT\t-500 000\t-420 000\n"
)


def test_pdf_text_wrapped_labels_and_headers_without_a_corner_cell(facts_of):
    f = facts_of(PDF_LIKE, start=D(2023, 1, 1), end=D(2023, 6, 30))
    work = one(f, measure="exits_by_reason", value=8.0, category="work")
    assert work["subject"] == "Arbete på den öppna arbetsmarknaden"
    assert "arbetsmarknaden\n8\t40 %" in work["quote"]
    share = one(f, measure="exits_by_reason_share", subject="Studier")
    assert share["value"] == 20 and share["category"] == "studies"
    assert one(f, measure="exits_by_reason", category="continued_rehab")["value"] == 8


def test_pdf_text_budget_table_keeps_columns_and_sums(facts_of):
    f = facts_of(PDF_LIKE, start=D(2023, 1, 1), end=D(2023, 6, 30))
    admin = one(f, measure="actual_cost", subject="Kostnader för administration")
    assert admin["value"] == 480_000 and admin["period_end"] == D(2023, 6, 30)
    assert one(f, measure="budget_cost", subject="Team Ost")["value"] == 2_500_000
    assert one(f, measure="actual_income")["value"] == 2_000_000
    # written as costs minus income: 3 500 000 - 4 000 000 = -500 000 is a surplus
    assert one(f, measure="budget_result")["value"] == 500_000
    assert one(f, measure="actual_result")["value"] == 420_000
    costs = rows(f, measure="budget_cost", is_total=False)
    assert sum(r["value"] for r in costs) == one(f, measure="budget_cost", is_total=True)["value"]


FIXED_WIDTH = """\
EKONOMISK UPPFÖLJNING (kronor)

Intäkter anges med minustecken och kostnader med plustecken.

                                   Budget 2024    Utfall jan-jun    Prognos 2024
Medlemsavgifter                     -8 400 000        -4 200 000      -8 400 000
Summa intäkter                      -8 400 000        -4 200 000      -8 400 000

Kansli                               1 650 000           802 900       1 640 000
Insatser
  Team Norr                          4 300 000         2 150 000       4 300 000
  Team Syd                           1 900 000           871 500       1 850 000
Summa kostnader                      7 850 000         3 824 400       7 790 000

Resultat                              -550 000          -375 600        -610 000
"""


def test_fixed_width_table_broken_by_blank_lines_and_a_section_label(facts_of):
    f = facts_of(FIXED_WIDTH, start=D(2024, 1, 1), end=D(2024, 6, 30))
    assert one(f, measure="actual_cost", subject="Team Syd")["value"] == 871_500
    assert one(f, measure="forecast_cost", subject="Kansli")["value"] == 1_640_000
    assert one(f, measure="actual_income", is_total=False)["period_end"] == D(2024, 6, 30)
    # income - costs: 8 400 000 - 7 850 000 = 550 000 (the table writes it negative)
    assert one(f, measure="budget_result")["value"] == 550_000
    assert one(f, measure="actual_result")["value"] == 375_600


def test_balance_sheet_rows_are_not_costs(facts_of):
    text = (
        "Balansräkning (tkr)\n\n"
        "| Post | 2023-12-31 | 2022-12-31 |\n|---|---:|---:|\n"
        "| Kassa och bank | 2 730 | 3 902 |\n"
        "| Eget kapital | 2 148 | 3 348 |\n"
        "| Kortfristiga skulder | 997 | 942 |\n"
        "| Summa eget kapital och skulder | 3 145 | 4 290 |\n"
    )
    f = facts_of(text)
    eq = one(f, measure="equity", value=2_148_000.0)
    assert eq["period_end"] == D(2023, 12, 31)
    assert len(rows(f, measure="equity")) == 2
    assert not [r for r in f.iter_rows(named=True) if r["measure"].endswith("_cost")]
    assert one(f, subject="Kassa och bank", value=2_730_000.0)["measure"] == "other_amount"


def test_rows_after_a_total_start_a_new_group(facts_of):
    text = (
        "| Intäkter | 2023 |\n|---|---:|\n"
        "| Medlemsavgifter | 9 600 |\n| Övriga intäkter | 240 |\n"
        "| Summa intäkter | 9 840 |\n| Finansiella intäkter | 12 |\n"
    )
    f = facts_of(text)
    total = one(f, is_total=True)
    late = one(f, subject="Finansiella intäkter")
    assert late["group_id"] != total["group_id"]
    members = [r for r in rows(f, group_id=total["group_id"]) if not r["is_total"]]
    assert sum(r["value"] for r in members) == total["value"]


def test_wrapped_paragraph_keeps_a_sentence_whole(facts_of):
    text = (
        "Till förbundet har inkommit följande äskanden för 2025: Jobbtorget 1 200 000 kronor,\n"
        "Hälsoslingan 850 000 kronor samt Kulturbron 410 000 kronor, totalt 2 460 000\n"
        "kronor. Beslut fattas i december.\n"
    )
    f = facts_of(text)
    parts = rows(f, measure="request", is_total=False)
    assert [r["subject"] for r in parts] == ["Jobbtorget", "Hälsoslingan", "Kulturbron"]
    total = one(f, is_total=True)
    assert total["measure"] == "request" and total["value"] == 2_460_000
    assert {r["group_id"] for r in parts} == {total["group_id"]}
    assert all(r["period_start"] == D(2025, 1, 1) for r in parts)


def test_ocr_digits_in_words_and_hyphenated_line_breaks(facts_of):
    text = (
        "Under första kvarta1et har 74 de1tagare varit inskrivna i\n"
        "teamen, varav 23 nya. 11 deltagare har av-\n"
        "slutats, varav 4 ti1l arbete.\n"
    )
    f = facts_of(text)
    p = one(f, value=74.0)
    assert p["measure"] == "participants" and p["raw"] == "74"
    assert (p["period_start"], p["period_end"]) == (D(2024, 1, 1), D(2024, 3, 31))
    assert one(f, value=23.0)["measure"] == "participants_new"
    assert one(f, value=11.0)["measure"] == "exits"
    work = one(f, value=4.0)
    assert (work["measure"], work["category"]) == ("exits_by_reason", "work")


def test_threshold_years_before_the_share_belong_to_the_share(facts_of):
    f = facts_of("Andelen med mer än fem års offentlig försörjning före start var 48 %.")
    share = one(f, measure="share_long_term_support")
    assert share["value"] == 48 and share["subject"] == "mer än fem års"
    assert f.height == 1


@pytest.mark.parametrize(
    ("text", "measure", "subject"),
    [
        (
            "Den genomsnittliga tiden i insats var 9 månader för Unga Vuxna.",
            "time_in_program_months",
            "Unga Vuxna",
        ),
        (
            "Friskvård i samverkan har en väntelista på ca 25 personer.",
            "queue_length",
            "Friskvård i samverkan",
        ),
        (
            "Mötesplats Hammarkullen ansöker om 420 000 kronor för 2025.",
            "request",
            "Mötesplats Hammarkullen",
        ),
        (
            "Att bevilja Mötesplats Hammarkullen 350 000 kronor för 2025.",
            "grant",
            "Mötesplats Hammarkullen",
        ),
    ],
)
def test_subjects_named_without_a_team_word(facts_of, text, measure, subject):
    assert one(facts_of(text), measure=measure)["subject"] == subject


def test_a_heading_about_queues_is_not_a_queue(facts_of):
    assert facts_of("Köer och väntetider\n").height == 0


def test_equity_at_year_end_in_the_past_is_booked_not_forecast(facts_of):
    f = facts_of("Det egna kapitalet uppgick vid årets slut till drygt 2,1 Mkr.")
    eq = one(f, measure="equity")
    assert eq["value"] == 2_100_000 and eq["qualifier"] == "approx"


def test_a_table_written_as_a_sentence(facts_of):
    f = facts_of(
        "Försörjning vid inskrivning (nya deltagare, n = 120): försörjningsstöd 50, "
        "sjukpenning eller rehabiliteringspenning 30 och ingen offentlig försörjning 40.\n"
        "Tid i offentlig försörjning före inskrivning: mindre än 1 år 20 personer, "
        "1–3 år 45 personer och mer än 6 år 55 personer.\n"
    )
    assert one(f, measure="participants_new")["value"] == 120
    intake = {r["subject"]: r["value"] for r in rows(f, measure="support_at_intake")}
    assert intake == {
        "försörjningsstöd": 50,
        "sjukpenning eller rehabiliteringspenning": 30,
        "ingen offentlig försörjning": 40,
    }
    bands = {r["subject"]: r["value"] for r in rows(f, measure="intake_time_in_support")}
    assert bands == {"mindre än 1 år": 20, "1–3 år": 45, "mer än 6 år": 55}
    assert not rows(f, unit="years")  # the band limits are labels, not figures


def test_deviation_written_as_budget_minus_actual_is_turned_round(facts_of):
    text = (
        "Avvikelsen visar budget minus utfall.\n\n"
        "Ekonomi 2023 (tkr)                 Budget      Utfall   Avvikelse\n"
        "Medlemsbidrag                      10 000      10 000           0\n"
        "Insatser                            8 000       7 500         500\n"
        "Kansli                              2 500       2 700        −200\n"
        "Summa kostnader                    10 500      10 200         300\n"
        "Resultat                             −500        −200         300\n"
    )
    f = facts_of(text, start=D(2023, 1, 1), end=D(2023, 12, 31))
    assert one(f, measure="budget_deviation", subject="Insatser")["value"] == -500_000
    assert one(f, measure="budget_deviation", subject="Kansli")["value"] == 200_000
    total = one(f, measure="budget_deviation", is_total=True)
    assert total["value"] == -300_000
    # a better result than budget is a positive deviation, as written
    assert one(f, measure="budget_deviation", subject="Resultat")["value"] == 300_000
    parts = [r for r in rows(f, group_id=total["group_id"]) if not r["is_total"]]
    assert sum(r["value"] for r in parts) == total["value"]


def test_columns_that_name_requests_and_grants(facts_of):
    text = (
        "| Insats | Äskat 2025 (tkr) | Beviljat 2025 (tkr) |\n|---|---:|---:|\n"
        "| Team A | 2 500 | 2 050 |\n| Team B | 1 670 | 1 370 |\n"
        "| **Summa** | **4 170** | **3 420** |\n"
    )
    f = facts_of(text)
    assert one(f, measure="request", subject="Team A")["value"] == 2_500_000
    assert one(f, measure="grant", subject="Team B")["value"] == 1_370_000
    assert one(f, measure="grant", is_total=True)["value"] == 3_420_000
    assert one(f, measure="request", subject="Team A")["period_start"] == D(2025, 1, 1)


def test_a_restated_fee_and_a_new_clause(facts_of):
    f = facts_of(
        "Serviceavgiften är 2,5 promille av medelstilldelningen, vilket motsvarade 56 000 kr. "
        "Budgeterat resultat för 2025 är −420 tkr, och det egna kapitalet beräknas vid "
        "utgången av 2025 uppgå till knappt 100 tkr."
    )
    assert {r["unit"]: r["value"] for r in rows(f, measure="fee")} == {
        "promille": 2.5,
        "SEK": 56_000,
    }
    assert one(f, measure="budget_result")["value"] == -420_000
    eq = one(f, measure="forecast_equity")
    assert (eq["value"], eq["qualifier"], eq["period_end"]) == (100_000, "below", D(2025, 12, 31))


def test_periods_of_budgets_and_year_end_phrases(facts_of):
    f = facts_of(
        "Ekonomen redovisar uppföljningen för perioden januari–augusti 2024. Utfallet visar "
        "kostnader om 6 412 tkr mot periodiserad budget 7 050 tkr. Helårsprognosen visar ett "
        "resultat om −850 tkr mot budgeterat −1 250 tkr. Det egna kapitalet beräknas uppgå "
        "till ca 3,9 Mkr vid årets slut. Under perioden har 143 deltagare varit inskrivna."
    )
    jan_aug = (D(2024, 1, 1), D(2024, 8, 31))
    year = (D(2024, 1, 1), D(2024, 12, 31))

    def period(**kw):
        r = one(f, **kw)
        return r["period_start"], r["period_end"]

    assert period(measure="actual_cost") == jan_aug
    assert period(measure="budget_cost") == jan_aug
    assert period(measure="forecast_result") == year
    assert period(measure="budget_result") == year
    assert period(measure="participants") == jan_aug


def test_a_generic_team_takes_its_name_from_the_section_title(facts_of):
    from finsam_data.model import Section

    text = "§ 14 Ansökan från Arbetsintegrerande team Bjuv\nTeamet ansöker om 1,5 mnkr för 2025.\n"
    f = facts_of(text, sections=[Section("§ 14", 0, len(text))])
    assert one(f, measure="request")["subject"] == "Arbetsintegrerande team Bjuv"
