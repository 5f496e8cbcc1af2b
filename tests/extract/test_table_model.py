"""The table model: header bands of any height, column roles (kind, period, unit) and row roles.

Short tables written for these tests, in the layouts documents come in: markdown, tab-separated
PDF text whose header cells wrap one fragment a line, and Word exports with a note column.
"""

import datetime as dt

from tests.extract.conftest import one, rows

D = dt.date

# A PDF printed from an HTML table: the header's cells wrap, one fragment a line, and a
# section row ("Intäkter") follows the header; the unit stands in the caption.
WRAPPED_HEADER = (
    "Tabell 4. Ekonomi per 2026-04-30 med prognos för helåret. Belopp i tkr. Negativa belopp "
    "inom parentes.\n"
    "Rad\tUtfall\n"
    "jan–apr 2026\n"
    "Budget\n"
    "helår\n"
    "Prognos\n"
    "helår\n"
    "Avvikelse\n"
    "prognos–budget\n"
    "Intäkter\n"
    "Bidrag från medlemmarna\t1 600\t4 800\t4 800\t0\n"
    "Summa intäkter\t1 600\t4 800\t4 800\t0\n"
    "Kostnader\n"
    "Kansli\t410\t1 300\t1 250\t(50)\n"
    "Team Väst\t900\t3 900\t3 800\t(100)\n"
    "Summa kostnader\t1 310\t5 200\t5 050\t(150)\n"
    "Resultat\t290\t(400)\t(250)\t150\n"
)


def test_a_wrapped_header_gives_each_column_its_kind_and_period(facts_of):
    f = facts_of(WRAPPED_HEADER, start=D(2026, 1, 1), end=D(2026, 4, 30))
    actual = one(f, measure="actual_cost", subject="Team Väst")
    assert actual["value"] == 900_000
    assert (actual["period_start"], actual["period_end"]) == (D(2026, 1, 1), D(2026, 4, 30))
    budget = one(f, measure="budget_cost", subject="Team Väst")
    assert budget["value"] == 3_900_000 and budget["period_end"] == D(2026, 12, 31)
    assert one(f, measure="forecast_cost", subject="Team Väst")["value"] == 3_800_000
    assert one(f, measure="budget_income", is_total=True)["value"] == 4_800_000


def test_parentheses_are_negative_and_deviations_keep_their_written_sign(facts_of):
    f = facts_of(WRAPPED_HEADER, start=D(2026, 1, 1), end=D(2026, 4, 30))
    assert one(f, measure="budget_result")["value"] == -400_000
    assert one(f, measure="forecast_result")["value"] == -250_000
    assert one(f, measure="actual_result")["value"] == 290_000
    dev = one(f, measure="forecast_deviation", subject="Kansli")
    assert dev["value"] == -50_000 and dev["quote"] == "Kansli\t410\t1 300\t1 250\t(50)"
    assert one(f, measure="forecast_deviation", subject="Resultat")["value"] == 150_000


def test_caption_unit_is_recorded_as_scale_and_unit_word(facts_of):
    f = facts_of(WRAPPED_HEADER, start=D(2026, 1, 1), end=D(2026, 4, 30))
    row = one(f, measure="actual_cost", subject="Kansli")
    assert (row["scale"], row["unit_word"]) == (1000.0, "tkr")


# Wrapped header cells of a people table; "varav" opens a column of its own.
WRAPPED_PEOPLE = (
    "Tabell 1. Deltagare per insats, januari–april 2026\n"
    "Insats\tDeltagare\n"
    "jan–apr\n"
    "varav\n"
    "nya\n"
    "Avslutade\tAvslut till\n"
    "arbete/studier\n"
    "Team Väst\t30\t12\t9\t4\n"
    "Team Öst\t20\t8\t6\t2\n"
    "Totalt\t50\t20\t15\t6\n"
)


def test_wrapped_people_header_counts_participants_new_exits_and_exits_to_work(facts_of):
    f = facts_of(WRAPPED_PEOPLE, start=D(2026, 1, 1), end=D(2026, 4, 30))
    assert one(f, measure="participants", subject="Team Väst")["value"] == 30
    assert one(f, measure="participants_new", subject="Team Väst")["value"] == 12
    assert one(f, measure="exits", subject="Team Väst")["value"] == 9
    work = one(f, measure="exits_by_reason", subject="Team Väst")
    assert work["value"] == 4 and "arbete" in work["breakdown"]
    assert one(f, measure="participants", is_total=True)["value"] == 50


# A flerårsplan in markdown with the unit in the corner cell.
PLAN_KKR = """\
Tabell 1. Resultatbudget

| Post (kkr) | Utfall 2025 | Budget 2026 | Prognos 2026 | Budget 2027 | Plan 2028 |
|---|---:|---:|---:|---:|---:|
| Medlemsavgifter | 5 000 | 5 200 | 5 200 | 5 400 | 5 400 |
| **Summa intäkter** | **5 000** | **5 200** | **5 200** | **5 400** | **5 400** |
| Insatser | 4 800 | 5 500 | 5 300 | 5 800 | 5 700 |
| **Summa kostnader** | **4 800** | **5 500** | **5 300** | **5 800** | **5 700** |
| **Årets resultat** | **200** | **−300** | **−100** | **−400** | **−300** |
| Eget kapital vid årets slut | 1 900 | 1 600 | 1 800 | 1 400 | 1 100 |
"""


def test_plan_columns_are_budget_for_their_year_and_kkr_is_thousands(facts_of):
    f = facts_of(PLAN_KKR, start=D(2026, 1, 1), end=D(2026, 12, 31))
    plan = [r for r in rows(f, measure="budget_income", is_total=True)]
    assert {r["period_start"].year: r["value"] for r in plan} == {
        2026: 5_200_000,
        2027: 5_400_000,
        2028: 5_400_000,
    }
    result = one(f, measure="budget_result", period_start=D(2028, 1, 1))
    assert result["value"] == -300_000 and result["unit_word"] == "kkr"
    assert one(f, measure="actual_result")["value"] == 200_000


def test_equity_only_under_an_outcome_column(facts_of):
    f = facts_of(PLAN_KKR, start=D(2026, 1, 1), end=D(2026, 12, 31))
    equity = one(f, measure="equity")
    assert equity["value"] == 1_900_000 and equity["period_end"] == D(2025, 12, 31)
    assert not rows(f, measure="equity", period_start=D(2027, 1, 1))


# Members' contributions with their shares; the unit in the column header.
MEMBERS = """\
| Medlem | Andel | Avgift 2026 (kkr) |
|---|---:|---:|
| Försäkringskassan | 50 % | 2 000 |
| Regionen | 25 % | 1 000 |
| Norrby kommun | 25 % | 1 000 |
| **Summa** | **100 %** | **4 000** |
"""


def test_a_contribution_column_is_allocation_per_member_and_shares_are_cost_shares(facts_of):
    f = facts_of(MEMBERS, start=D(2026, 1, 1), end=D(2026, 12, 31))
    assert one(f, measure="allocation", subject="Försäkringskassan")["value"] == 2_000_000
    total = one(f, measure="allocation", is_total=True)
    assert total["value"] == 4_000_000 and total["period_start"] == D(2026, 1, 1)
    assert one(f, measure="cost_share", subject="Regionen")["value"] == 25


# PDF text of a resultaträkning: a note column whose empty cells were dropped, so the
# figures of a row without a note stand under the last columns; costs in parentheses.
NOTE_COLUMN = (
    "Resultaträkning\n"
    "(tkr)\tNot\t2025\t2024\n"
    "Verksamhetens intäkter\t1\t6 000\t5 800\n"
    "Verksamhetens kostnader\t2\t(6 200)\t(5 500)\n"
    "Finansiella intäkter\t10\t12\n"
    "Årets resultat\t(190)\t312\n"
    "Balansräkning\n"
    "(tkr)\tNot\t2025-12-31\t2024-12-31\n"
    "Kassa och bank\t3\t2 400\t2 600\n"
    "Eget kapital\t4\t2 100\t2 290\n"
    "Kortfristiga skulder\t300\t310\n"
)


def test_note_numbers_are_not_figures_and_short_rows_align_right(facts_of):
    f = facts_of(NOTE_COLUMN, start=D(2025, 1, 1), end=D(2025, 12, 31))
    assert not rows(f, value=1.0) and not rows(f, value=2000.0)
    assert one(f, measure="actual_cost", period_start=D(2025, 1, 1))["value"] == 6_200_000
    assert one(f, measure="actual_result", period_start=D(2025, 1, 1))["value"] == -190_000
    assert one(f, measure="actual_result", period_start=D(2024, 1, 1))["value"] == 312_000


def test_balance_sheet_date_columns_give_equity_at_that_date(facts_of):
    f = facts_of(NOTE_COLUMN, start=D(2025, 1, 1), end=D(2025, 12, 31))
    eq = {r["period_end"]: r["value"] for r in rows(f, measure="equity")}
    assert eq == {D(2025, 12, 31): 2_100_000, D(2024, 12, 31): 2_290_000}


# A row label too long for its cell wraps above its figures (PDF text).
LONG_LABEL = (
    "Tabell 2. Insatser, tkr\n"
    "Insats\tBudget 2026\tPlan 2027\n"
    "Team Väst\t1 200\t1 200\n"
    "Samordningsteamen i södra länsdelen (Åby, Norrby, Västerby och Österby)\n"
    "2 100\t2 000\n"
    "Summa insatser\t3 300\t3 200\n"
)


def test_a_long_row_label_above_its_figures_stays_in_the_table(facts_of):
    f = facts_of(LONG_LABEL, start=D(2026, 1, 1), end=D(2026, 12, 31))
    row = one(f, measure="budget_cost", period_start=D(2026, 1, 1), value=2_100_000.0)
    assert row["subject"].startswith("Samordningsteamen i södra")
    assert (
        one(f, measure="budget_cost", period_start=D(2027, 1, 1), is_total=True)["value"]
        == 3_200_000
    )


# pdftotext -layout: a two-line header, the upper line with fewer cells than the lower.
SPACE_TWO_LINE = (
    "Driftredovisning, tkr\n"
    "\n"
    "                         Utfall        Budget      Prognos\n"
    "                         jan–apr 2026  helår       helår\n"
    "Kansli                      410         1 300       1 250\n"
    "Team Väst                   900         3 900       3 800\n"
    "Summa kostnader           1 310         5 200       5 050\n"
)


def test_space_aligned_two_line_header(facts_of):
    f = facts_of(SPACE_TWO_LINE, start=D(2026, 1, 1), end=D(2026, 4, 30))
    actual = one(f, measure="actual_cost", subject="Team Väst")
    assert actual["value"] == 900_000 and actual["period_end"] == D(2026, 4, 30)
    budget = one(f, measure="budget_cost", subject="Team Väst")
    assert budget["value"] == 3_900_000 and budget["period_end"] == D(2026, 12, 31)
    assert one(f, measure="forecast_cost", is_total=True)["value"] == 5_050_000


# A goals table: counts in an "Utfall" column are not kronor.
GOALS = """\
| Mål 2026 | Utfall | Bedömning |
|---|---|---|
| Minst 100 deltagare i insatserna | 96 deltagare | Delvis uppnått |
"""


def test_counts_in_a_money_column_are_not_money(facts_of):
    f = facts_of(GOALS, start=D(2026, 1, 1), end=D(2026, 12, 31))
    assert not rows(f, unit="SEK")


# A Word balance sheet: the unit only in the caption, an upper-case section row.
BALANCE_KRONOR = (
    "Balansräkning\n"
    "Belopp i kronor\n"
    "\tNot\t2025-12-31\t2024-12-31\n"
    "TILLGÅNGAR\t\t\t\n"
    "Kassa och bank\t3\t1 618 902\t1 941 377\n"
    "EGET KAPITAL OCH SKULDER\t\t\t\n"
    "Eget kapital\t4\t1 204 811\t1 352 140\n"
    "– varav årets resultat\t\t−147 329\t164 704\n"
    "Kortfristiga skulder\t5\t414 091\t589 237\n"
)


def test_a_balance_sheet_in_kronor_gives_equity_per_date(facts_of):
    f = facts_of(BALANCE_KRONOR, start=D(2025, 1, 1), end=D(2025, 12, 31))
    eq = {r["period_end"]: r["value"] for r in rows(f, measure="equity")}
    assert eq == {D(2025, 12, 31): 1_204_811, D(2024, 12, 31): 1_352_140}
    assert not rows(f, unit="persons")


# A table of time bands whose count column is called "Antal nya deltagare".
TIME_BANDS = """\
| Tid i offentlig försörjning före start | Antal nya deltagare |
|---|---:|
| 0–2 år | 11 |
| 3–5 år | 9 |
| 6 år eller mer | 7 |
"""


def test_a_breakdown_table_keeps_its_measure_whatever_its_count_column_is_called(facts_of):
    f = facts_of(TIME_BANDS)
    assert one(f, measure="intake_time_in_support", subject="0–2 år")["value"] == 11
    assert not rows(f, measure="participants_new")


# pdftotext's default mode gives a table column by column: header blocks, a block of row
# labels, then one block of figures per column.
COLUMN_RUNS = (
    "Ekonomi (tkr)\n"
    "\n"
    "Budget\n"
    "helår 2026\n"
    "\n"
    "Utfall\n"
    "jan–apr 2026\n"
    "\n"
    "Avvikelse\n"
    "prognos/budget\n"
    "\n"
    "Prognos\n"
    "helår 2026\n"
    "\n"
    "Bidrag från medlemmarna\n"
    "Summa intäkter\n"
    "Team Väst\n"
    "Summa kostnader\n"
    "Resultat\n"
    "\n"
    "4 800\n"
    "4 800\n"
    "3 900\n"
    "5 200\n"
    "−400\n"
    "\n"
    "1 600\n"
    "1 600\n"
    "900\n"
    "1 310\n"
    "290\n"
    "\n"
    "0\n"
    "0\n"
    "−100\n"
    "−150\n"
    "150\n"
    "\n"
    "4 800\n"
    "4 800\n"
    "3 800\n"
    "5 050\n"
    "−250\n"
)


def test_column_runs_are_read_as_a_table_and_each_figure_quotes_its_own_line(facts_of):
    f = facts_of(COLUMN_RUNS, start=D(2026, 1, 1), end=D(2026, 4, 30))
    actual = one(f, measure="actual_cost", subject="Team Väst")
    assert actual["value"] == 900_000 and actual["quote"] == "900"
    assert actual["period_end"] == D(2026, 4, 30)
    assert one(f, measure="forecast_cost", subject="Team Väst")["value"] == 3_800_000
    assert one(f, measure="budget_result")["value"] == -400_000
    dev = one(f, measure="forecast_deviation", subject="Team Väst")
    assert dev["value"] == -100_000 and dev["period_end"] == D(2026, 12, 31)


def test_prose_figures_are_not_column_runs(facts_of):
    text = "Styrelsen\nKansliet\n\n12\n14\n\nMöten hölls under året.\n"
    f = facts_of(text)
    assert not rows(f, unit="SEK")


# Markdown has one header row: writers put the years in the first body row, or break a
# header cell with <br>.
MARKDOWN_YEAR_ROW = """\
| Post | Budget | Utfall<br>jan–apr | Prognos |
|---|---:|---:|---:|
| | 2026 | 2026 | 2026 |
| Kansli | 1 300 | 410 | 1 250 |
| Summa kostnader | 5 200 | 1 310 | 5 050 |
"""


def test_a_year_row_under_a_markdown_header_is_part_of_the_header(facts_of):
    f = facts_of(MARKDOWN_YEAR_ROW, start=D(2026, 1, 1), end=D(2026, 4, 30))
    assert not rows(f, value=2026.0)
    actual = one(f, measure="actual_cost", subject="Kansli")
    assert actual["value"] == 410 and actual["period_end"] == D(2026, 4, 30)
    assert one(f, measure="budget_cost", is_total=True)["period_end"] == D(2026, 12, 31)


# A caption written as sentences still names the table's period and unit.
SENTENCE_CAPTION = (
    "Tabell 3. Driftredovisning 2025. Belopp i tkr. Negativa avvikelser inom parentes.\n"
    "Verksamhet\tBudget\tUtfall\tAvvikelse\n"
    "Kansli\t1 650\t1 702\t52\n"
    "Team Väst\t2 450\t2 391\t(59)\n"
    "Summa kostnader\t4 100\t4 093\t(7)\n"
)


def test_a_caption_in_sentences_gives_period_and_unit(facts_of):
    f = facts_of(SENTENCE_CAPTION, start=D(2026, 1, 1), end=D(2026, 12, 31))
    row = one(f, measure="actual_cost", subject="Team Väst")
    assert row["value"] == 2_391_000 and row["period_start"] == D(2025, 1, 1)
    assert one(f, measure="budget_deviation", subject="Team Väst")["value"] == -59_000


# A count column and a share column beside the money are not kronor.
COSTS_AND_COUNTS = """\
Tabell 5. Kostnader och deltagare per insats 2026, tkr

| Insats | Budget | Utfall | Förbrukat (%) | Deltagare |
|---|---:|---:|---:|---:|
| Team Väst | 1 200 | 1 140 | 95 | 48 |
| Team Öst | 800 | 820 | 103 | 31 |
| **Summa** | **2 000** | **1 960** | **98** | **79** |
"""


def test_count_and_share_columns_beside_money_are_counts_and_shares(facts_of):
    f = facts_of(COSTS_AND_COUNTS)
    assert one(f, measure="actual_cost", subject="Team Väst")["value"] == 1_140_000
    assert one(f, measure="participants", subject="Team Väst")["value"] == 48
    assert one(f, measure="participants", is_total=True)["value"] == 79
    share = one(f, measure="other_percent", subject="Team Öst")
    assert share["value"] == 103 and share["unit"] == "percent"
    assert not rows(f, unit="SEK", value=48_000.0) and not rows(f, unit="SEK", value=95_000.0)


# Requests, a proposal and last year's grant per insats, each its own measure and year.
REQUESTS = (
    "Ansökningar 2027 (tkr)\n"
    "Insats\tBeviljat 2026\tÄskat 2027\tFörslag 2027\n"
    "Team Väst\t1 200\t1 350\t1 250\n"
    "Team Öst\t800\t900\t800\n"
    "Summa\t2 000\t2 250\t2 050\n"
)


def test_request_proposal_and_grant_columns(facts_of):
    f = facts_of(REQUESTS, start=D(2026, 1, 1), end=D(2026, 12, 31))
    grant = one(f, measure="grant", subject="Team Väst")
    assert grant["value"] == 1_200_000 and grant["period_start"] == D(2026, 1, 1)
    request = one(f, measure="request", subject="Team Väst")
    assert request["value"] == 1_350_000 and request["period_start"] == D(2027, 1, 1)
    assert one(f, measure="grant_proposal", subject="Team Öst")["value"] == 800_000
    assert one(f, measure="request", is_total=True)["value"] == 2_250_000


# pdftotext -layout of a resultaträkning with a note column and parentheses.
SPACE_NOTE = (
    "Resultaträkning (tkr)\n"
    "\n"
    "                                 Not        2025        2024\n"
    "Verksamhetens intäkter             1       6 000       5 800\n"
    "Verksamhetens kostnader            2     (6 200)     (5 500)\n"
    "Finansiella intäkter                          10          12\n"
    "Årets resultat                             (190)         312\n"
)


def test_space_aligned_statement_with_a_note_column(facts_of):
    f = facts_of(SPACE_NOTE, start=D(2025, 1, 1), end=D(2025, 12, 31))
    assert not rows(f, value=1000.0) and not rows(f, value=2000.0)
    assert (
        one(f, measure="actual_income", subject="Finansiella intäkter", period_start=D(2025, 1, 1))[
            "value"
        ]
        == 10_000
    )
    assert one(f, measure="actual_result", period_start=D(2025, 1, 1))["value"] == -190_000
    assert one(f, measure="actual_result", period_start=D(2024, 1, 1))["value"] == 312_000
