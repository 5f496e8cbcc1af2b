"""Context from structure (headings name the insats) and dot-leader lists."""

from finsam_data.extract import extract_facts
from finsam_data.extract.context import heading_insats, heading_number
from finsam_data.model import Document, Section


def _facts(text: str, sections=()):
    doc = Document(doc_id="e" * 64, source="r.txt", forbund_id="f", text=text)
    return extract_facts(doc, list(sections)).to_dicts()


def _sections(text: str, titles: list[str]) -> list[Section]:
    starts = [text.index(t) for t in titles] + [len(text)]
    return [
        Section(label=t, char_start=starts[i], char_end=starts[i + 1], title=t)
        for i, t in enumerate(titles)
    ]


def test_heading_names_an_insats_by_its_team_word():
    assert heading_insats("3  ARBETSLAGSTEAM NORRBY", frozenset()) == "ARBETSLAGSTEAM NORRBY"
    assert heading_insats("## Projekt Nya steg", frozenset()) == "Projekt Nya steg"


def test_heading_names_an_insats_the_tables_list():
    assert heading_insats("4 BROBYGGET (LÄSÅR)", frozenset({"Brobygget (läsår 22/23)"})) == (
        "BROBYGGET"
    )


def test_topic_headings_name_no_insats():
    for title in ("5. Ekonomi i sammandrag", "2.1 Avslutsorsaker", "Sammanfattning"):
        assert heading_insats(title, frozenset()) is None


def test_heading_number():
    assert heading_number("2.1  Avslutsorsaker") == "2.1"
    assert heading_number("Avslutsorsaker") is None


def test_generic_subject_takes_the_insats_of_its_heading():
    text = (
        "2  SAMORDNINGSTEAM BERGBY\n\nTeamet har arbetat med 52 deltagare under året.\n\n"
        "3  EKONOMI\n\nKostnaderna uppgick till 3 100 tkr.\n"
    )
    rows = _facts(text, _sections(text, ["2  SAMORDNINGSTEAM BERGBY", "3  EKONOMI"]))
    part = next(r for r in rows if r["value"] == 52.0)
    assert part["measure"] == "participants"
    assert part["subject"] == "SAMORDNINGSTEAM BERGBY"
    cost = next(r for r in rows if r["value"] == 3_100_000.0)
    assert cost["subject"] in (None, "total")


def test_sub_heading_stands_under_its_numbered_parent():
    text = (
        "2  SAMORDNINGSTEAM BERGBY\n\nInledande text.\n\n"
        "2.1  Kö\n\nInsatsen har en väntelista med 9 personer.\n"
    )
    rows = _facts(text, _sections(text, ["2  SAMORDNINGSTEAM BERGBY", "2.1  Kö"]))
    queue = next(r for r in rows if r["measure"] == "queue_length")
    assert queue["subject"] == "SAMORDNINGSTEAM BERGBY"


def test_dot_leader_list_reads_its_heading():
    text = (
        "Avslutsorsaker\n\n"
        "Arbete utan stöd ............................ 7\n"
        "Studier ..................................... 4\n"
        "Sjukskrivning ............................... 2\n"
        "Summa ....................................... 13\n"
    )
    rows = _facts(text)
    assert [(r["measure"], r["subject"], r["value"]) for r in rows] == [
        ("exits_by_reason", "Arbete utan stöd", 7.0),
        ("exits_by_reason", "Studier", 4.0),
        ("exits_by_reason", "Sjukskrivning", 2.0),
        ("exits_by_reason", "total", 13.0),
    ]
    assert rows[-1]["is_total"] and len({r["group_id"] for r in rows}) == 1
    assert all(text[r["char_start"] : r["char_end"]] == r["quote"] for r in rows)


def test_table_of_contents_with_dot_leaders_gives_no_facts():
    text = "Innehåll\n\nInledning ........................ 3\nEkonomi ........................ 7\n"
    assert _facts(text) == []


def test_a_decision_letter_is_about_the_insats_its_title_names():
    text = (
        "Beslut om finansiering av insatsen Trappsteget 2025\n\n"
        "År\tSökt belopp\tBeviljat belopp\n"
        "2025\t640 000 kr\t600 000 kr\n\n"
        "Under förstudien deltog 11 personer.\n"
    )
    rows = _facts(text)
    assert {r["subject"] for r in rows if r["unit"] == "SEK"} == {"Trappsteget"}
    assert next(r for r in rows if r["value"] == 11.0)["subject"] == "Trappsteget"


def test_a_report_heading_ends_its_name_at_the_period():
    assert heading_insats(
        "§ 16 Halvårsrapport Samverkansteam Älvby juli–december 2024", frozenset()
    ) == "Samverkansteam Älvby"


def test_a_title_in_parts_names_its_insats_in_either_part():
    assert heading_insats("Äskande 2026 – Samordningsteam Älvby", frozenset()) == (
        "Samordningsteam Älvby"
    )
    assert heading_insats("Arbetsteam Björk – kösituation och äskande 2026", frozenset()) == (
        "Arbetsteam Björk"
    )


def test_a_present_state_is_dated_by_the_document():
    import datetime as dt

    text = "§ 5 Kösituation\nInsatsen har i dag en väntelista på sju personer.\n"
    doc = Document(doc_id="k" * 64, source="p.txt", forbund_id="f", text=text,
                   doc_date=dt.date(2024, 10, 3), period_start=dt.date(2025, 1, 1),
                   period_end=dt.date(2025, 12, 31))
    row = next(r for r in extract_facts(doc, []).to_dicts() if r["measure"] == "queue_length")
    assert row["period_start"].year == 2024
