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
