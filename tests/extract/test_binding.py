"""A figure binds to the words of its own clause; the section title speaks for bare figures."""

import datetime as dt

from finsam_data.extract import extract_facts
from finsam_data.model import Document, Section


def _facts(text: str, sections=()):
    doc = Document(doc_id="b" * 64, source="p.txt", forbund_id="f", text=text)
    return extract_facts(doc, list(sections)).to_dicts()


def _at(rows, value):
    return next(r for r in rows if r["value"] == value)


def test_compared_budget_does_not_make_an_outcome_a_budget():
    rows = _facts("Kostnaderna uppgår till 4 310 tkr mot en periodiserad budget på 4 700 tkr.")
    assert _at(rows, 4_310_000.0)["measure"] == "actual_cost"
    assert _at(rows, 4_700_000.0)["measure"] == "budget_cost"


def test_a_time_binds_to_its_own_clause():
    rows = _facts(
        "Genomsnittlig tid i insatsen var 9,5 månader, och väntetiden var i snitt 4 veckor."
    )
    assert _at(rows, 9.5)["measure"] == "time_in_program_months"
    assert _at(rows, 4.0)["measure"] == "wait_time"


def test_people_waiting_are_a_queue():
    rows = _facts("Vid årets slut väntade nio personer på att få börja i teamet.")
    assert _at(rows, 9.0)["measure"] == "queue_length"


def test_cost_enumeration_names_each_insats_after_its_figure():
    rows = _facts(
        "Förbundets bidrag under året uppgick till 1 200 000 kr för Samverkansteam Ås "
        "och 800 000 kr för Projekt Brygga."
    )
    assert (_at(rows, 1_200_000.0)["measure"], _at(rows, 1_200_000.0)["subject"]) == (
        "actual_cost",
        "Samverkansteam Ås",
    )
    assert _at(rows, 800_000.0)["subject"] == "Projekt Brygga"


def test_section_title_classifies_a_bare_figure():
    text = "§ 12 Serviceavgift till nätverket 2026\nFör förbundet innebär det 31 500 kr.\n"
    sec = Section(label="§ 12", char_start=0, char_end=len(text),
                  title="Serviceavgift till nätverket 2026", item_no=12)
    rows = _facts(text, [sec])
    assert _at(rows, 31_500.0)["measure"] == "fee"


def test_booked_equity_in_a_forecast_sentence_stays_equity():
    text = (
        "Det egna kapitalet, som vid årsskiftet var 530 tkr, beräknas vid årets slut "
        "uppgå till cirka 350 tkr."
    )
    doc = Document(doc_id="c" * 64, source="t.txt", forbund_id="f", text=text,
                   period_start=dt.date(2025, 1, 1), period_end=dt.date(2025, 4, 30))
    rows = extract_facts(doc, []).to_dicts()
    booked = _at(rows, 530_000.0)
    assert booked["measure"] == "equity"
    assert booked["period_end"].year == 2024  # the turn of the year opened the interim period
    assert _at(rows, 350_000.0)["measure"] == "forecast_equity"


def test_word_numbers_with_an_adjective_and_teens():
    rows = _facts("Teamet har tagit emot nio\nnya deltagare. Tretton deltagare har avslutats.")
    assert _at(rows, 9.0)["measure"] == "participants_new"
    assert _at(rows, 13.0)["measure"] == "exits"


def test_a_sentence_ends_after_a_year():
    rows = _facts("Under året deltog 88 personer, varav 30 påbörjade sin insats under 2024. "
                  "27 deltagare avslutade insatsen.")
    assert _at(rows, 30.0)["measure"] == "participants_new"
    assert _at(rows, 27.0)["measure"] == "exits"


def test_for_the_moment_enrolled_are_not_meeting_attendees():
    rows = _facts("Just nu är 38 personer för närvarande inskrivna i teamet.")
    assert _at(rows, 38.0)["measure"] == "participants"


def test_training_that_opens_the_sentence_names_its_participants():
    rows = _facts("Förbundets utbildningar i samtalsmetodik och bemötande samlade under året "
                  "145 deltagare från medlemmarna.")
    assert _at(rows, 145.0)["measure"] == "training_participants"


def test_work_only_share():
    rows = _facts("Räknar man enbart arbete var andelen 19 procent.")
    assert _at(rows, 19.0)["measure"] == "exit_share_work"


def test_the_other_side_of_a_comparison_does_not_date_a_figure():
    text = ("Nya deltagare hade i genomsnitt 5,4 års offentlig försörjning bakom sig, "
            "vilket är längre än under 2023.")
    doc = Document(doc_id="d" * 64, source="q.txt", forbund_id="f", text=text,
                   period_start=dt.date(2024, 1, 1), period_end=dt.date(2024, 8, 31))
    row = extract_facts(doc, []).to_dicts()[0]
    assert row["measure"] == "time_in_support_before_start_years"
    assert row["period_end"].year == 2024


def test_a_fee_in_promille_and_its_kronor_apposition():
    rows = _facts("Serviceavgiften är 3,5 promille av medlemsbidraget, ca 58 tkr för 2026.")
    assert {(r["measure"], r["value"]) for r in rows} == {("fee", 3.5), ("fee", 58_000.0)}


def test_staff_reached_by_training():
    rows = _facts("Förbundets utbildningsinsatser nådde 133 medarbetare hos medlemmarna.")
    assert _at(rows, 133.0)["measure"] == "training_participants"


def test_accountants_parentheses_make_a_deficit():
    rows = _facts("Årets resultat blev (212) tkr, att jämföra med ett budgeterat resultat på (500) tkr.")
    assert _at(rows, -212_000.0)["measure"] == "actual_result"
    assert _at(rows, -500_000.0)["measure"] == "budget_result"


def test_the_members_allocation_is_an_allocation():
    rows = _facts("Medlemmarnas tilldelning för 2026 är 7 100 tkr, oförändrat mot året innan.")
    assert _at(rows, 7_100_000.0)["measure"] == "allocation"


def test_a_reporting_person_is_not_whose_figure_it_is():
    text = (
        "§ 9 Rapport från Samverkansteam Ekby\n"
        "Verksamhetsledare Anna Berg rapporterar att teamet hittills har haft 52 deltagare.\n"
    )
    sec = Section(label="§ 9", char_start=0, char_end=len(text),
                  title="Rapport från Samverkansteam Ekby", item_no=9)
    row = _at(_facts(text, [sec]), 52.0)
    assert row["subject"] == "Samverkansteam Ekby"


def test_a_queue_is_dated_by_the_year_its_sentence_names():
    rows = _facts("Samordningsteam Ås har haft kö under hela 2023.")
    row = next(r for r in rows if r["measure"] == "queue_signal")
    assert row["period_start"] == dt.date(2023, 1, 1)


def test_reported_waiting_times_signal_a_queue_but_a_target_does_not():
    rows = _facts("Samverkansteam Ekby har haft väntetider på upp till fem veckor under hösten.")
    assert any(r["measure"] == "queue_signal" and r["value"] == 1.0 for r in rows)
    rows = _facts("Kötiden till teamen ska vara högst fyra veckor.")
    assert not any(r["measure"] == "queue_signal" for r in rows)


def test_a_queue_sentence_is_dated_like_its_own_figures():
    text = ("Under 2023 deltog 90 personer. Samverkansteam Ekby har under hösten haft en "
            "väntelista, som vid årsskiftet omfattade fem personer.")
    doc = Document(doc_id="q" * 64, source="q.txt", forbund_id="f", text=text,
                   doc_date=dt.date(2024, 2, 6), period_start=dt.date(2024, 1, 1),
                   period_end=dt.date(2024, 12, 31))
    rows = extract_facts(doc, []).to_dicts()
    signal = next(r for r in rows if r["measure"] == "queue_signal")
    length = next(r for r in rows if r["measure"] == "queue_length")
    assert signal["period_start"] == length["period_start"]


def test_a_money_list_after_a_lead_takes_the_leads_kind():
    rows = _facts("Budget per insats 2026: Nya vägar 1 900 tkr, Samordningsteam Ås 2 100 tkr och "
                  "Brobygget 640 tkr.")
    assert {(r["measure"], r["subject"], r["value"]) for r in rows} == {
        ("budget_cost", "Nya vägar", 1_900_000.0),
        ("budget_cost", "Samordningsteam Ås", 2_100_000.0),
        ("budget_cost", "Brobygget", 640_000.0),
    }


def test_a_restating_verb_before_a_new_measure_word_names_that_measure():
    rows = _facts("Intäkterna blev 6 010 tkr och kostnaderna 5 700 tkr, vilket ger ett "
                  "överskott på 310 tkr.")
    assert _at(rows, 310_000.0)["measure"] == "actual_result"


def test_a_period_across_a_semicolon_is_another_clauses():
    rows = _facts("Under 2022 avslutade 51 deltagare sina insatser, och 20 av dem gick till "
                  "arbete eller studier (39 procent); för 2024 höjs målet till minst 45 procent.")
    share = _at(rows, 39.0)
    assert share["period_start"].year == 2022
    assert _at(rows, 51.0)["measure"] == "exits"  # "2022 avslutade" is a year, not 2022 people
    assert _at(rows, 45.0)["measure"] == "target"


def test_an_apposition_names_the_insats_for_the_next_sentence():
    rows = _facts("Steget före, förbundets arbetsträningsinsats i Ås, har haft kö sedan våren. "
                  "I mars 2024 stod 12 personer i kö.")
    queue = next(r for r in rows if r["measure"] == "queue_length")
    assert queue["subject"] == "Steget före"
    assert queue["period_start"] == dt.date(2024, 3, 1)


def test_a_notes_income_table_gives_each_members_allocation():
    text = (
        "Not 1 Verksamhetens intäkter                         2024            2023\n"
        "Försäkringskassan                              3 100 000       3 000 000\n"
        "Region Västerby                                1 550 000       1 500 000\n"
        "Ekby kommun                                    1 550 000       1 500 000\n"
        "Summa                                          6 200 000       6 000 000\n"
    )
    rows = _facts(text)
    ekby = [r for r in rows if r["subject"] == "Ekby kommun"]
    assert {(r["measure"], r["value"]) for r in ekby} == {
        ("allocation", 1_550_000.0), ("allocation", 1_500_000.0)
    }


def test_summa_eget_kapital_is_the_equity_and_the_opening_row_is_not():
    text = (
        "BALANSRÄKNING (kronor)                         2024-12-31      2023-12-31\n"
        "Ingående eget kapital                          1 900 000       1 700 000\n"
        "Årets resultat                                  (150 000)         200 000\n"
        "Summa eget kapital                             1 750 000       1 900 000\n"
        "Kortfristiga skulder                             300 000         250 000\n"
        "Summa eget kapital och skulder                 2 050 000       2 150 000\n"
    )
    equity = {(r["period_end"].year, r["value"]) for r in _facts(text) if r["measure"] == "equity"}
    assert equity == {(2024, 1_750_000.0), (2023, 1_900_000.0)}


def test_a_share_of_the_participants_named_by_its_insats():
    rows = _facts("Brobygget svarade för 27 av deltagarna under perioden.")
    row = _at(rows, 27.0)
    assert (row["measure"], row["subject"]) == ("participants", "Brobygget")


def test_the_budget_figure_after_a_deviation_is_the_budgets():
    rows = _facts("Prognosen är ett resultat på −120 tkr, vilket är 180 tkr bättre än "
                  "budget (−300 tkr).")
    assert _at(rows, -300_000.0)["measure"] == "budget_result"
    assert _at(rows, 180_000.0)["measure"].endswith("_deviation")
