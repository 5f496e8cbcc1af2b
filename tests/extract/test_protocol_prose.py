"""Prose in protocols and follow-ups from the held-out round: item titles that name the insats
or the period, totals with their parts, subjects written after the figure, number words."""

import datetime as dt

import pytest

from finsam_data.extract import extract_facts
from finsam_data.segment import segment
from tests.extract.conftest import grounded, make_doc, one, rows

D = dt.date

PROTOCOL = (
    "HÄLSINGE SAMORDNINGSFÖRBUND\n"
    "PROTOKOLL\n"
    "Styrelsemöte 2024-05-02\n"
    "\n"
    "Hsf 12   Val av justerare\n"
    "Styrelsen beslutar\n"
    "att utse Eva Ek att justera protokollet.\n"
    "\n"
    "Hsf 13   Budgetuppföljning per 2024-04-30\n"
    "Kostnaderna uppgick till 812 tkr mot budgeterade 900 tkr för perioden.\n"
    "\n"
    "Hsf 14   Ansökan från Stegvis Ljusdal, dnr 2024/11\n"
    "Ljusdals kommun söker 350 000 kronor för 2024 för att fortsätta insatsen Stegvis\n"
    "Ljusdal. Teamet har i dag 22 deltagare och en kö på ca 8 personer.\n"
    "\n"
    "Hsf 15   Uppföljning av Lotsteamet\n"
    "Lotsteamet har haft 40 deltagare under 2023, varav 15 har avslutats. Av de avslutade\n"
    "gick sex till arbete och tre till studier. Väntetiden till första samtal är 4 veckor.\n"
    "\n"
    "Hsf 16   Medlemsbidrag 2025\n"
    "Förbundschefen föreslår att medlemsbidraget för 2025 uppgår till totalt 4,8 miljoner\n"
    "kronor, varav staten 2,4 miljoner kronor, Region Gävleborg 1,2 miljoner kronor och\n"
    "kommunerna 1,2 miljoner kronor.\n"
)


@pytest.fixture(scope="module")
def protocol():
    doc = make_doc(PROTOCOL)
    facts = extract_facts(doc, segment(doc).sections)
    grounded(doc.text, facts)
    return facts


def test_period_in_the_item_title_is_the_default(protocol):
    for measure in ("actual_cost", "budget_cost"):
        f = one(protocol, measure=measure)
        assert (f["period_start"], f["period_end"]) == (D(2024, 1, 1), D(2024, 4, 30))


def test_generic_sentence_subject_takes_the_insats_from_the_item_title(protocol):
    assert one(protocol, measure="request")["subject"] == "Stegvis Ljusdal"
    assert one(protocol, measure="participants", value=22.0)["subject"] == "Stegvis Ljusdal"
    queue = one(protocol, measure="queue_length")
    assert (queue["value"], queue["qualifier"], queue["subject"]) == (8, "approx", "Stegvis Ljusdal")
    assert one(protocol, measure="queue_signal")["subject"] == "Stegvis Ljusdal"
    assert one(protocol, measure="wait_time")["subject"] == "Lotsteamet"


def test_exits_and_exit_reasons_in_words(protocol):
    assert one(protocol, measure="exits")["value"] == 15
    assert one(protocol, measure="exits")["subject"] == "Lotsteamet"
    assert one(protocol, measure="exits_by_reason", subject="arbete")["value"] == 6
    assert one(protocol, measure="exits_by_reason", subject="studier")["value"] == 3


def test_stated_total_with_its_parts_is_one_group(protocol):
    allocation = rows(protocol, measure="allocation")
    total = one(protocol, measure="allocation", is_total=True)
    assert (total["value"], total["subject"]) == (4_800_000, "total")
    parts = {r["subject"]: r["value"] for r in allocation if not r["is_total"]}
    assert parts == {"staten": 2_400_000, "Region Gävleborg": 1_200_000, "kommunerna": 1_200_000}
    assert {r["group_id"] for r in allocation} == {total["group_id"]}
    assert all(r["parent_subject"] is None for r in allocation)


def test_varav_parts_that_do_not_add_up_stay_parts(facts_of):
    f = facts_of("Kostnaderna var 900 tkr, varav lokaler 200 tkr och löner 500 tkr.")
    parts = [r for r in rows(f, measure="actual_cost") if r["value"] != 900_000]
    assert len(parts) == 2
    assert all(r["parent_subject"] is not None and not r["is_total"] for r in parts)


FOLLOW_UP = (
    "Tid och köer\n"
    "\n"
    "Genomsnittlig tid i insats var 7 månader i Steget och 11 månader i Bryggan.\n"
    "Steget har ingen kö. Till Bryggan är väntetiden ca 2 månader, och väntelistan omfattar 14\n"
    "personer. Ett femtiotal personer står i kö till Nya Vägen.\n"
)


def test_subject_written_after_the_figure_or_before_the_clause(facts_of):
    f = facts_of(FOLLOW_UP, doc_kind="arsrapport")
    assert one(f, measure="time_in_program_months", value=7.0)["subject"] == "Steget"
    assert one(f, measure="time_in_program_months", value=11.0)["subject"] == "Bryggan"
    wait = one(f, measure="wait_time")
    assert (wait["value"], wait["qualifier"], wait["subject"]) == (2, "approx", "Bryggan")
    assert one(f, measure="queue_length", value=14.0)["subject"] == "Bryggan"
    tal = one(f, measure="queue_length", value=50.0)
    assert (tal["qualifier"], tal["subject"]) == ("approx", "Nya Vägen")
    assert one(f, measure="queue_signal", subject="Bryggan")["value"] == 1


def test_a_stated_absence_of_queue_is_a_zero_signal(facts_of):
    f = facts_of(FOLLOW_UP, doc_kind="arsrapport")
    none = one(f, measure="queue_signal", subject="Steget")
    assert none["value"] == 0
    assert none["quote"] == "Steget har ingen kö."


def test_number_words_as_shares_and_thresholds(facts_of):
    f = facts_of(
        "Två av tre deltagare hade haft offentlig försörjning i mer än fyra år. Hälften av de "
        "avslutade deltagarna gick till arbete. Verksamheten har funnits i fem år."
    )
    share = one(f, measure="share_long_term_support")
    assert share["value"] == pytest.approx(200 / 3)
    assert one(f, measure="exit_share_work")["value"] == 50
    assert rows(f, unit="years") == []


def test_sex_split_of_a_share_keeps_the_share(facts_of):
    f = facts_of(
        "Andelen som gick vidare till arbete eller studier var 52 procent för kvinnor och "
        "47 procent för män."
    )
    assert one(f, breakdown="kvinnor")["measure"] == "exit_share_work_study"
    assert one(f, breakdown="män")["measure"] == "exit_share_work_study"


def test_figures_about_other_insatser_are_not_given_the_items_insats():
    from finsam_data.extract import extract_facts
    from finsam_data.model import Document, Section

    text = ("§ 5 Tilläggsäskande 2024 Samverkansteam Norr\n\nSamverkansteam Norr äskar 90 000 kr "
            "för 2024. Det är mer än tidigare tilläggsäskanden från andra insatser (15 tkr-40 tkr).\n")
    doc = Document(doc_id="d", source="p.txt", text=text, forbund_id="f", doc_kind="protokoll")
    facts = extract_facts(doc, [Section("§ 5", 0, len(text), title=text.splitlines()[0][4:],
                                        item_no=5)])
    subjects = {f["value"]: f["subject"] for f in facts.iter_rows(named=True)}
    assert subjects[90000.0] == "Samverkansteam Norr"
    assert subjects[15000.0] == "andra insatser"
    assert subjects[40000.0] == "andra insatser"
