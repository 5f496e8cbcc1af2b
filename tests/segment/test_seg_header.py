import datetime as dt

import pytest

from finsam_data.segment.header import fields, paragraph_range, parse_header, person_name


@pytest.mark.parametrize(
    ("value", "place", "start", "end"),
    [
        ("Lindgården Fagersta, kl 09:00-11:30", "Lindgården Fagersta", (9, 0), (11, 30)),
        ("Kommunhuset, kl 9.00-12.00", "Kommunhuset", (9, 0), (12, 0)),
        (
            "Avesta kommun onsdag 18 september 2024 klockan 08:30-15:15",
            "Avesta kommun",
            (8, 30),
            (15, 15),
        ),
        ("kl 13.00–15.30, Stadshuset Gävle", "Stadshuset Gävle", (13, 0), (15, 30)),
        ("Digitalt via Teams, kl 9-12", "Digitalt via Teams", (9, 0), (12, 0)),
        ("Kansliet, kl 13.00", "Kansliet", (13, 0), None),
    ],
)
def test_place_and_time(value, place, start, end):
    head = parse_header(f"Protokoll 2024-09-18\nPlats och tid\t{value}\n")
    assert head.place == place
    assert head.start_time == dt.time(*start)
    assert head.end_time == (dt.time(*end) if end else None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Sekreterare\tAnn Ek\tParagrafer 29-41", (29, 41)),
        ("Paragrafer\n\n§ 27-38", (27, 38)),
        ("Justerare Bo Berg Paragrafer §§ 1–6", (1, 6)),
        ("Protokoll\n\n§§ 12–19\n\nNärvarande", (12, 19)),
        ("Paragraf 5", (5, 5)),
        ("Beslutande Lena Kruse, ledamot § 27-34", None),  # a partial-presence note
        ("Inget här", None),
    ],
)
def test_paragraph_range(text, expected):
    assert paragraph_range(text) == expected


@pytest.mark.parametrize(
    ("value", "name"),
    [
        ("Mikael Thes DocuSigned by: Mikael Thes 2023-06-09   19:12 CEST", "Mikael Thes"),
        (
            "DocuSigned by: 2024-03-28   16:25 CET <i>Ann Rile</i> Ann Rile DocuSigned by:",
            "Ann Rile",
        ),
        ("<i>Åsa Brodd</i> Åsa Brodd", "Åsa Brodd"),
        ("Ingela Kilholm Lindström", "Ingela Kilholm Lindström"),
        ("", None),
        ("ANSLAG", None),
        ("Protokollet justeras med digital signering", None),
    ],
)
def test_person_name_strips_signature_stamps(value, name):
    assert person_name(value) == name


def test_fields_in_run_together_text_split_at_labels_not_at_role_words():
    text = (
        "Beslutande Anna Ek, ordförande, Heby kommun Ersättare Bo Berg, Tierps kommun "
        "Övriga närvarande Cia Dahl, förbundschef Utses att justera Bo Berg"
    )
    assert fields(text) == [
        ("voting", "Anna Ek, ordförande, Heby kommun"),
        ("substitutes", "Bo Berg, Tierps kommun"),
        ("others", "Cia Dahl, förbundschef"),
        ("adjuster", "Bo Berg"),
    ]


TABBED = """Sammanträdesprotokoll
Sammanträdesdatum
2023-11-02

Plats och tid\tDigitalt via Teams, kl 08:30-09:30
Beslutande\tAnna Ek, Sala kommun Bo Berg, Försäkringskassan
Övriga deltagande\tCia Dahl, förbundschef
Utses att justera\t\t
Justering\tProtokollet justeras med digital signering
Sekreterare\tCia Dahl DocuSigned by: Cia Dahl\t2023-11-03 12:21 CET\tParagrafer 54-58
Ordförande\tAnna Ek DocuSigned by: Anna Ek\t2023-11-06 07:05 CET
Justerande\tBo Berg DocuSigned by: Bo Berg
"""


def test_tabbed_header():
    head = parse_header(TABBED)
    assert (head.meeting_date, head.place, head.first_item, head.last_item) == (
        dt.date(2023, 11, 2),
        "Digitalt via Teams",
        54,
        58,
    )
    assert (head.chair, head.secretary, head.adjuster) == ("Anna Ek", "Cia Dahl", ["Bo Berg"])
    assert [(p.person, p.voting) for p in head.people] == [
        ("Anna Ek", True),
        ("Bo Berg", True),
        ("Cia Dahl", False),
    ]


def test_missing_officers_are_null_and_chair_comes_from_the_voting_list():
    text = (
        "Protokoll 2024-09-18\n"
        "Beslutande\tGun Berg, ordförande (Avesta kommun) Per Ny, ledamot (Region Dalarna)\n"
        "Utses att justera\tPer Ny\n\nSekreterare\n\nParagrafer\n\n§ 27-38\n\nOrdförande\n\n"
        "Justerande\n\nANSLAG\n"
    )
    head = parse_header(text)
    assert (head.chair, head.secretary, head.adjuster) == ("Gun Berg", None, ["Per Ny"])
    assert (head.first_item, head.last_item) == (27, 38)


def test_date_falls_back_to_the_given_default():
    head = parse_header("Beslutande Anna Ek, Sala kommun", default_date=dt.date(2020, 1, 2))
    assert head.meeting_date == dt.date(2020, 1, 2)
    assert head.place is None and head.start_time is None


def test_signature_box_with_names_below_dotted_lines():
    text = (
        "Protokoll 2024-01-10\nUnderskrifter\nSekreterare\n..........................\nEva Holm\n"
        "Ordförande\n..........................\nAnna Ek\nJusterare\n\nSödra Förbundet Samordningsförbund\n"
    )
    head = parse_header(text)
    assert (head.secretary, head.chair, head.adjuster) == ("Eva Holm", "Anna Ek", [])


def test_meeting_date_is_not_taken_from_signature_or_notice_fields():
    text = (
        "Protokoll\nJustering 2024-05-27\nStyrelsemöte 2024-05-20\nBeslutande Anna Ek, Heby kommun"
    )
    assert parse_header(text).meeting_date == dt.date(2024, 5, 20)


def test_unlabelled_markdown_table_of_people():
    text = (
        "Protokoll 2024-05-20\n\n| Namn | Roll | Organisation |\n|---|---|---|\n"
        "| Anna Ek | ordförande | Heby kommun |\n| Bo Berg | förbundschef | Förbundet |\n"
    )
    head = parse_header(text)
    assert [(p.person, p.role, p.organisation, p.voting) for p in head.people] == [
        ("Anna Ek", "ordforande", "Heby kommun", True),
        ("Bo Berg", "forbundschef", "Förbundet", False),
    ]
    assert head.chair == "Anna Ek"


def test_attendance_table_with_capitalised_role_cells_under_a_heading():
    text = (
        "# Protokoll 2024-05-20\n\n## Närvarande\n\n"
        "| Namn | Roll | Organisation | Anteckning |\n|---|---|---|---|\n"
        "| Anna Ek | Ordförande | Heby kommun | |\n"
        "| Bo Berg | Tjänstgörande ersättare | Tierps kommun | § 3–5 |\n"
        "| Cia Dahl | Ersättare | Region Uppsala | |\n"
        "| Dan Ström | Förbundschef | Förbundet | |\n\n"
        "Justerare: Bo Berg\n"
    )
    head = parse_header(text)
    assert [(p.person, p.role, p.organisation, p.voting, p.note) for p in head.people] == [
        ("Anna Ek", "ordforande", "Heby kommun", True, None),
        ("Bo Berg", "tjanstgorande_ersattare", "Tierps kommun", True, "§ 3–5"),
        ("Cia Dahl", "ersattare", "Region Uppsala", False, None),
        ("Dan Ström", "forbundschef", "Förbundet", False, None),
    ]
    assert (head.chair, head.adjuster) == ("Anna Ek", ["Bo Berg"])


def test_role_first_line_inside_an_attendance_block_is_a_person():
    text = (
        "Protokoll 2024-05-20\n\nBeslutande\nOrdförande Anna Ek, Avesta kommun\n"
        "Bo Berg, Region Dalarna\n\nErsättare\nCia Dahl, Säters kommun\n\n"
        "Sekreterare Eva Holm\n\nOrdförande\nAnna Ek\n"
    )
    head = parse_header(text)
    assert [(p.person, p.role, p.organisation, p.voting) for p in head.people] == [
        ("Anna Ek", "ordforande", "Avesta kommun", True),
        ("Bo Berg", "ledamot", "Region Dalarna", True),
        ("Cia Dahl", "ersattare", "Säters kommun", False),
    ]
    assert (head.chair, head.secretary) == ("Anna Ek", "Eva Holm")
