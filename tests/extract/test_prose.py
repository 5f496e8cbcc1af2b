"""Figures in running text, written in ways the seed documents do not use."""

import datetime as dt

import pytest

from finsam_data.model import Section
from tests.extract.conftest import one, rows

D = dt.date


def test_enumerated_requests_with_a_stated_total(facts_of):
    text = (
        "Ansökningar om medel för 2026 har inkommit enligt följande:\n"
        "• Jobbverkstaden Norr: 1 250 tkr\n"
        "• Kraftcentrum Söder: 980 tkr\n"
        "• Unga Vuxna Öst: 770 tkr\n"
        "Sammanlagt söks 3 000 tkr.\n"
    )
    f = facts_of(text)
    items = rows(f, measure="request", is_total=False)
    assert [r["subject"] for r in items] == [
        "Jobbverkstaden Norr",
        "Kraftcentrum Söder",
        "Unga Vuxna Öst",
    ]
    assert all(r["period_start"] == D(2026, 1, 1) for r in items)
    total = one(f, is_total=True)
    assert total["measure"] == "request" and total["subject"] == "total"
    assert total["value"] == 3_000_000
    assert {r["group_id"] for r in items} == {total["group_id"]}
    assert sum(r["value"] for r in items) == total["value"]


def test_mkr_and_unicode_minus_in_prose(facts_of):
    f = facts_of(
        "Årets resultat blev \u22121,2 Mkr. Eget kapital uppgick per 2024-12-31 till 3,4 Mkr."
    )
    assert one(f, measure="actual_result")["value"] == -1_200_000
    eq = one(f, measure="equity")
    assert eq["value"] == 3_400_000 and eq["period_end"] == D(2024, 12, 31)


def test_a_missing_number_yields_no_fact(facts_of):
    f = facts_of(
        "Tilldelningen uppgår till tkr för 2025. Styrelsen beviljar  kr till Team Väst. "
        "Antalet deltagare var  personer."
    )
    assert f.height == 0


def test_ocr_noise_line_breaks_and_spacing(facts_of):
    text = (
        "Samordningsteam   Väst  äskar\n"
        "ca  1\u00a0200 000  kr för\n"
        "2025 . Styrelsen bevil-\n"
        "jar 900 tkr till Samordningsteam Väst.\n"
    )
    f = facts_of(text)
    req = one(f, measure="request")
    assert req["value"] == 1_200_000 and req["qualifier"] == "approx"
    assert req["subject"] == "Samordningsteam Väst"
    assert req["period_start"] == D(2025, 1, 1)
    assert one(f, value=900_000)["subject"] == "Samordningsteam Väst"


def test_qualifiers(facts_of):
    f = facts_of(
        "Projektet kostar högst 80 tkr. Överskottet blev drygt 20 tkr. "
        "Knappt 30 personer deltog i utbildningen. Väntetiden är över 8 veckor."
    )
    assert one(f, value=80_000)["qualifier"] == "max"
    assert one(f, value=20_000)["qualifier"] == "approx"
    assert one(f, measure="training_participants")["qualifier"] == "below"
    wait = one(f, measure="wait_time")
    assert (wait["value"], wait["unit"], wait["qualifier"]) == (8, "weeks", "above")


def test_exit_outcomes_with_bare_counts_and_reasons(facts_of):
    f = facts_of(
        "Av de 198 som avslutades gick 64 till arbete, 22 till studier och 41 till "
        "fortsatt rehabilitering. Andelen som gick till arbete eller studier var 44 procent."
    )
    assert one(f, measure="exits")["value"] == 198
    work = one(f, measure="exits_by_reason", value=64.0)
    assert (work["subject"], work["category"]) == ("arbete", "work")
    assert one(f, measure="exits_by_reason", value=22.0)["category"] == "studies"
    assert one(f, measure="exits_by_reason", value=41.0)["category"] == "continued_rehab"
    share = one(f, measure="exit_share_work_study")
    assert share["value"] == 44 and share["subject"] == "arbete eller studier"


def test_women_and_men_split_a_stated_total(facts_of):
    f = facts_of("Under 2023 deltog 412 personer, varav 230 kvinnor och 182 män.")
    women = one(f, breakdown="kvinnor")
    men = one(f, breakdown="män")
    total = one(f, is_total=True)
    assert women["measure"] == men["measure"] == total["measure"] == "participants"
    assert women["group_id"] == men["group_id"] == total["group_id"] is not None
    assert women["value"] + men["value"] == total["value"]


def test_year_attached_to_a_figure_and_default_period(facts_of):
    f = facts_of("Teamen har arbetat med 88 personer (2021: 75 personer).")
    assert one(f, value=88.0)["period_start"] == D(2024, 1, 1)
    assert one(f, value=75.0)["period_start"] == D(2021, 1, 1)


def test_section_label_and_section_period(facts_of):
    text = "Delårsrapport januari – april 2023\nTeamen har arbetat med 40 deltagare.\n"
    f = facts_of(text, sections=[Section("§ 4", 0, len(text), title=None)])
    row = one(f, measure="participants")
    assert row["section"] == "§ 4"
    assert (row["period_start"], row["period_end"]) == (D(2023, 1, 1), D(2023, 4, 30))


def test_queue_signal_and_queue_length(facts_of):
    f = facts_of(
        "Det är fortsatt lång kö till Samverkansteam Ost. I mars väntade 12 personer på "
        "plats i kön."
    )
    signal = one(f, measure="queue_signal")
    assert signal["value"] == 1 and signal["subject"] == "Samverkansteam Ost"
    assert one(f, measure="queue_length")["value"] == 12


def test_no_queue_is_recorded_as_zero(facts_of):
    assert (
        one(facts_of("Just nu finns ingen kö till insatsen."), measure="queue_signal")["value"] == 0
    )


def test_deviation_direction_from_words(facts_of):
    f = facts_of(
        "Utfallet för kansliet ligger 120 tkr lägre än budget. Prognosen för "
        "utbildningar är ca 40 tkr högre än budgeterat."
    )
    low = one(f, measure="budget_deviation")
    assert low["value"] == -120_000 and low["subject"] == "kansliet"
    high = one(f, measure="forecast_deviation")
    assert high["value"] == 40_000 and high["subject"] == "utbildningar"


def test_equity_change_and_level(facts_of):
    f = facts_of(
        "Prognosen är att det egna kapitalet minskar med 300 tkr och landar på 1,1 mnkr "
        "vid årets slut."
    )
    change = one(f, measure="forecast_equity_change")
    assert change["value"] == -300_000
    level = one(f, measure="forecast_equity")
    assert level["value"] == 1_100_000 and level["period_end"] == D(2024, 12, 31)


@pytest.mark.parametrize(
    "text",
    [
        "Mötet hölls 2024-03-22 kl 09:00-12.00 i Västerås, § 12-16.",
        "Målgruppen är personer i åldern 16-64 år.",
        "Nästa möte är den 20 november 2024 klockan 9-12.",
        "Dnr 2024/123 – se bilaga 3 och sidan 4.",
        "Grundutbildningen pågår 3 dagar och är den 17:e i ordningen.",
    ],
)
def test_labels_dates_and_durations_are_not_facts(facts_of, text):
    assert facts_of(text).height == 0


def test_masked_page_furniture_is_ignored(facts_of):
    text = "Sida 3 av 12 – budget 999 tkr\nStyrelsen beviljar 50 tkr till Team Syd.\n"
    f = facts_of(text, masked=((0, text.index("\n")),))
    assert f.get_column("value").to_list() == [50_000]


def test_definition_of_work_or_studies_goes_to_subject(facts_of):
    f = facts_of(
        "Av de 40 som avslutade insatsen gick 55 % till arbete, studier eller "
        "arbetslivsinriktad rehabilitering, en ökning från föregående år."
    )
    share = one(f, measure="exit_share_work_study")
    assert share["subject"] == "arbete, studier eller arbetslivsinriktad rehabilitering"
