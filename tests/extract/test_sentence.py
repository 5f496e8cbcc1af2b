"""The sentence model: clauses, modality, scope, and what it does to extracted facts."""

import pytest

from finsam_data.extract import extract_facts
from finsam_data.extract.sentence import (
    clause_bounds,
    cues,
    read_clause,
    read_figure,
    reinterpret,
)
from finsam_data.model import Document


def _facts(text: str):
    doc = Document(doc_id="d" * 64, source="x.txt", forbund_id="f", text=text)
    return extract_facts(doc, []).to_dicts()


def _one(text: str, value: float) -> dict:
    rows = [r for r in _facts(text) if r["value"] == value]
    assert rows, f"no fact with value {value}: {_facts(text)}"
    return rows[0]


@pytest.mark.parametrize(
    ("clause", "modality"),
    [
        ("Målet är att minst 45 procent ska gå vidare till arbete", "target"),
        ("Minst 300 personer ska delta i utbildningarna", "target"),
        ("Väntetiden ska inte överstiga sex veckor", "target"),
        ("Kötiden ska vara högst tre veckor", "target"),
        ("Teamet planerar att ta emot 8–10 nya deltagare per kvartal", "plan"),
        ("Insatserna beräknas ta emot cirka 90 deltagare under året", "plan"),
        ("Teamet hade 61 deltagare under året", None),
        ("43 procent gick till arbete eller studier", None),
    ],
)
def test_modality_of_a_clause(clause, modality):
    assert read_clause(clause).modality == modality


@pytest.mark.parametrize(
    ("clause", "body"),
    [
        ("Det nya länsförbundet får en budget på ca 19 mnkr", "nya länsförbundet"),
        ("Landets samordningsförbund hade 21 000 deltagare", "Landets"),
        ("enligt NNS gick 31 procent till arbete", "enligt NNS"),
        ("Kommunen har budgeterat 42 mnkr för ekonomiskt bistånd", "Kommunen"),
        ("Teamet hade 61 deltagare", None),
        # a member's contribution to the förbund is the förbund's allocation, not theirs
        ("Kommunens medlemsavgift till förbundet är 800 tkr", None),
    ],
)
def test_scope_names_another_body(clause, body):
    found = read_clause(clause).body
    if body is None:
        assert found is None
    else:
        assert found is not None and body.lower() in found.lower()


def test_a_cue_binds_only_inside_its_clause():
    s = "Andelen till arbete blev 44 procent, vilket är över målet på 40 procent"
    first = s.index("44")
    lo, hi = clause_bounds(s, first, first + 10)
    assert "målet" not in s[lo:hi]
    assert read_figure(s, first, first + 10).modality is None
    second = s.index("40")
    assert read_figure(s, second, second + 10).modality == "target"


def test_a_restating_clause_takes_the_reading_before_it():
    s = "Hittills har 58 procent av budgeten förbrukats, vilket är under 67 procent"
    pos = s.index("67")
    assert read_figure(s, pos, pos + 10).not_outcome == "budget_used"


def test_reinterpret_keeps_money_kinds_to_the_classifier():
    r = reinterpret("budget_cost", "SEK", "exact", None, None, read_clause("ska vara minst"))
    assert r.measure == "budget_cost"


def test_cue_file_loads_every_section():
    c = cues()
    assert c.target and c.plan and c.scope_always and c.attendees and c.budget_used and c.ratio


# -- the facts that come out --------------------------------------------------------------


def test_target_is_stored_as_target_with_the_measure_it_aims_at():
    row = _one(
        "Målet för året är att minst 45 procent av de avslutade ska gå till arbete eller studier.",
        45.0,
    )
    assert row["measure"] == "target"
    assert row["breakdown"] == "exit_share_work_study"
    assert row["qualifier"] == "above"


def test_max_target_on_a_wait():
    row = _one("Väntetiden från remiss till start ska vara högst sex veckor.", 6.0)
    assert (row["measure"], row["breakdown"], row["qualifier"]) == ("target", "wait_time", "max")


def test_planned_range_is_a_plan_not_an_outcome():
    rows = _facts("Insatsen planerar att ta in 6–8 nya deltagare per kvartal under hösten.")
    assert {r["measure"] for r in rows} == {"plan"}
    assert sorted(r["value"] for r in rows) == [6.0, 8.0]


def test_another_bodys_budget_is_not_the_forbunds():
    row = _one("Som jämförelse har det nybildade länsförbundet i grannlänet en budget på 27 mnkr.",
               27_000_000.0)
    assert row["measure"] == "external_figure"
    assert row["breakdown"] == "budget_cost"
    assert "länsförbund" in row["subject"]


def test_national_figure_is_external():
    row = _one("Landets samordningsförbund hade under året cirka 21 000 deltagare.", 21_000.0)
    assert row["measure"] == "external_figure"


def test_meeting_attendees_are_not_participants():
    row = _one("Närvarande: 19 personer från medlemsorganisationerna.", 19.0)
    assert row["measure"] == "attendees"


def test_budget_consumed_is_not_a_cost_share():
    row = _one("Efter åtta månader har 63 procent av årets kostnadsbudget förbrukats.", 63.0)
    assert row["measure"] == "budget_used_share"


def test_outcome_sentence_stays_an_outcome():
    row = _one("Under året avslutades 33 deltagare, varav 14 till arbete.", 33.0)
    assert row["measure"] == "exits"


def test_a_plan_document_states_plans_not_outcomes():
    import datetime as dt

    text = "Teamen tar emot cirka 120 deltagare under 2026. År 2023 hade teamen 97 deltagare."
    doc = Document(doc_id="p" * 64, source="plan.txt", forbund_id="f", text=text,
                   doc_kind="verksamhetsplan", doc_date=dt.date(2025, 11, 20))
    rows = extract_facts(doc, []).to_dicts()
    planned = next(r for r in rows if r["value"] == 120.0)
    assert (planned["measure"], planned["breakdown"]) == ("plan", "participants")
    past = next(r for r in rows if r["value"] == 97.0)
    assert past["measure"] == "participants"


@pytest.mark.parametrize(
    "clause",
    [
        "Teamet tog emot i snitt 5 nya deltagare per kvartal under 2024",
        "Insatsen ska redovisa sina 45 avslut under 2025",
    ],
)
def test_rates_and_duties_are_not_targets_or_plans(clause):
    assert read_clause(clause).modality is None


def test_a_bound_with_ska_vara_is_a_target():
    assert read_clause("Väntetiden ska vara under sex veckor").modality == "target"
