"""Layouts from the generalisation round: short texts written for these tests."""

import datetime as dt

from tests.extract.conftest import one

D = dt.date

# the scale stands in a heading above a note; the deviation is written budget minus utfall
MNKR_BUDGET_MINUS_ACTUAL = (
    "Driftredovisning (mnkr)\n"
    "\n"
    "Kolumnen Diff visar budget minus utfall.\n"
    "\n"
    "Rad                      Budget    Utfall    Diff\n"
    "Statliga medel              6,0       6,0     0,0\n"
    "Ränteintäkter               0,1       0,3    −0,2\n"
    "Lokaler                     2,2       1,9     0,3\n"
    "Projekt                     3,1       3,6    −0,5\n"
    "Övrigt                      0,9       0,8     0,1\n"
    "Summa kostnader             6,2       6,3    −0,1\n"
    "Resultat                   −0,1       0,0    −0,1\n"
)


def test_scale_from_a_heading_above_a_note_and_deviation_turned_to_actual_minus_budget(
    facts_of,
):
    f = facts_of(MNKR_BUDGET_MINUS_ACTUAL, doc_kind="arsredovisning")
    assert one(f, measure="actual_cost", subject="Lokaler")["value"] == 1_900_000
    assert one(f, measure="budget_deviation", subject="Lokaler")["value"] == -300_000
    assert one(f, measure="budget_deviation", subject="Projekt")["value"] == 500_000
    assert one(f, measure="budget_deviation", subject="Övrigt")["value"] == -100_000
    assert one(f, measure="budget_deviation", subject="Ränteintäkter")["value"] == 200_000
    assert one(f, measure="budget_result")["value"] == -100_000
    assert one(f, measure="actual_result")["value"] == 0
    # the result was 0,1 mnkr better than budget
    assert one(f, measure="budget_deviation", subject="Resultat")["value"] == 100_000


# insatser are the columns, measures are the rows; the title's bare year is the period
TRANSPOSED = (
    "Verksamheten per team 2023\n"
    "\n"
    "                         Team Nord    Team Syd    Samtliga\n"
    "Inskrivna deltagare             12          20          32\n"
    "varav män                        5           9          14\n"
    "Avslutade                        4           6          10\n"
    "Andel i arbete (%)              25          50          40\n"
    "Kostnad (tkr)                  800       1 200       2 000\n"
)


def test_transposed_table_reads_measures_from_rows_and_subjects_from_columns(facts_of):
    f = facts_of(TRANSPOSED, start=D(2024, 1, 1), end=D(2024, 12, 31))
    nord = one(f, measure="participants", subject="Team Nord", breakdown=None)
    assert nord["value"] == 12 and nord["period_start"] == D(2023, 1, 1)
    assert one(f, measure="participants", subject="Team Syd", breakdown="män")["value"] == 9
    total = one(f, measure="participants", subject="total", breakdown=None)
    assert total["value"] == 32 and total["is_total"]
    assert total["group_id"] == nord["group_id"]
    assert one(f, measure="exits", subject="Team Syd")["value"] == 6
    assert one(f, measure="exit_share_work", subject="Team Syd")["value"] == 50
    assert one(f, measure="actual_cost", subject="Team Syd")["value"] == 1_200_000


# a key-figure table with a unit column and year columns
KEY_FIGURES = (
    "Nyckeltal\n"
    "\n"
    "Mått                        Enhet         2024      2023\n"
    "Antal deltagare             antal           80        75\n"
    "I arbete vid avslut         %               33        29\n"
    "Kostnad per deltagare       kr            31 000    29 500\n"
    "Tid i insatsen              månader        8,5       9,0\n"
)


def test_key_figures_with_a_unit_column(facts_of):
    f = facts_of(KEY_FIGURES)
    assert one(f, measure="participants", value=80.0)["period_start"] == D(2024, 1, 1)
    assert one(f, measure="exit_share_work", value=29.0)["period_start"] == D(2023, 1, 1)
    assert one(f, measure="cost_per_participant", value=31_000.0)["unit"] == "SEK"
    assert one(f, measure="time_in_program_months", value=8.5)["unit"] == "months"


def test_exit_share_split_by_sex_after_the_figure(facts_of):
    f = facts_of(
        "Av dem som avslutade insatsen gick 52 procent till arbete eller studier. Andelen "
        "till arbete eller studier var 58 % bland kvinnorna och 44 % bland männen."
    )
    assert one(f, measure="exit_share_work_study", breakdown="kvinnor")["value"] == 58
    assert one(f, measure="exit_share_work_study", breakdown="män")["value"] == 44


def test_a_kvinnor_man_split_of_exits_stays_exits(facts_of):
    f = facts_of("Under året avslutade 40 deltagare insatsen, varav 22 kvinnor och 18 män.")
    total = one(f, measure="exits", breakdown=None)
    women = one(f, measure="exits", breakdown="kvinnor")
    assert (total["value"], women["value"]) == (40, 22)
    assert one(f, measure="exits", breakdown="män")["group_id"] == total["group_id"]
    assert total["is_total"]
