"""Attendance, officers and items in the layouts protocols come in, written for the tests."""

import datetime as dt

import pytest

from finsam_data.model import Document
from finsam_data.segment import segment
from finsam_data.segment.attendance import parse_people
from finsam_data.segment.header import parse_header, person_names
from finsam_data.segment.items import find_items
from finsam_data.text.furniture import furniture_spans


def _rows(value: str, block: str) -> list[tuple]:
    return [(p.person, p.role, p.voting, p.note) for p in parse_people(value, block)]


def _voting(people) -> list[str]:
    return [p.person for p in people if p.voting]


@pytest.mark.parametrize(
    "line",
    [
        "Åsa Berg, ersättare, Ekby kommun (ej tjänstgörande)",
        "Åsa Berg, ersättare, ej tjänstgörande, Ekby kommun",
        "Åsa Berg, ersättare utan rösträtt, Ekby kommun",
        "Åsa Berg, inte tjänstgörande ersättare, Ekby kommun",
    ],
)
def test_a_substitute_who_does_not_serve_does_not_vote(line):
    for block in ("voting", "present", "substitutes"):
        [person] = parse_people(line, block)
        assert (person.person, person.role, person.voting) == ("Åsa Berg", "ersattare", False)


def test_not_serving_in_a_table_cell_does_not_vote():
    table = (
        "| Namn | Funktion | Organisation | Kommentar |\n|---|---|---|---|\n"
        "| Åsa Berg | ersättare | Ekby kommun | ej tjänstgörande |\n"
        "| Bo Lind | ersättare | Ekby kommun | tjänstgörande |\n"
        "| Cia Ek | Ersättare, ej tjänstgörande | Region Ås | |\n"
    )
    assert _rows(table, "present") == [
        ("Åsa Berg", "ersattare", False, "ej tjänstgörande"),
        ("Bo Lind", "tjanstgorande_ersattare", True, "tjänstgörande"),
        ("Cia Ek", "ersattare", False, None),
    ]


def test_jav_and_partial_presence_are_notes_and_keep_the_vote():
    table = (
        "| Namn | Funktion | Organisation | Kommentar |\n|---|---|---|---|\n"
        "| Per Ås | ledamot | Region Ås | jäv § 17 |\n"
        "| Eva Ek | ledamot | Ekby kommun | § 12–16 |\n"
        "| Lars Öd | tjänstgörande ersättare | Ekby kommun | § 17–21 |\n"
    )
    assert _rows(table, "present") == [
        ("Per Ås", "ledamot", True, "jäv § 17"),
        ("Eva Ek", "ledamot", True, "§ 12–16"),
        ("Lars Öd", "tjanstgorande_ersattare", True, "§ 17–21"),
    ]


def test_absent_members_are_listed_without_a_vote():
    text = (
        "PROTOKOLL\nSammanträdesdatum 2024-11-20\nNärvaro\n"
        "Namn\tUppdrag\tOrganisation\tNärvaro\n"
        "Anna Ek\tOrdförande\tEkby kommun\t§ 45–56\n"
        "Bo Berg\tLedamot\tÅsby kommun\tFrånvarande\n"
        "Cia Dahl\tLedamot\tFörsäkringskassan\t§ 45–51\n"
        "Dan Ström\tTjänstgörande ersättare\tÅsby kommun\t§ 52–56\n"
        "Eva Lind\tErsättare, ej tjänstgörande\tRegion Ås\t§ 45–56\n"
        "Fia Holm\tFörbundschef, sekreterare\tSamordningsförbundet Ekby\t§ 45–56\n"
        "Justerare Cia Dahl\n"
    )
    head = parse_header(text)
    rows = [(p.person, p.role, p.voting, p.note) for p in head.people]
    assert rows == [
        ("Anna Ek", "ordforande", True, "§ 45–56"),
        ("Bo Berg", "ledamot", False, "Frånvarande"),
        ("Cia Dahl", "ledamot", True, "§ 45–51"),
        ("Dan Ström", "tjanstgorande_ersattare", True, "§ 52–56"),
        ("Eva Lind", "ersattare", False, "§ 45–56"),
        ("Fia Holm", "forbundschef", False, "§ 45–56"),
    ]
    assert head.adjuster == ["Cia Dahl"]
    assert head.secretary == "Fia Holm"


def test_whom_a_substitute_stands_in_for_is_not_a_person():
    value = (
        "Anna Ek, ordförande, Ekby kommun\n"
        "Bo Berg (M), Åsby kommun, §§ 8–14\n"
        "Cia Dahl (KD), tjänstgörande ersättare för Bo Berg, Åsby kommun, §§ 15–19\n"
    )
    rows = _rows(value, "voting")
    assert [r[0] for r in rows] == ["Anna Ek", "Bo Berg", "Cia Dahl"]
    assert rows[2][1:3] == ("tjanstgorande_ersattare", True)
    assert "§§ 15–19" in rows[2][3]


def test_per_line_list_under_narvarande_beslutande_with_partial_presence():
    text = (
        "STYRELSENS PROTOKOLL NR 1/2025\n\nSammanträdesdag:  torsdagen den 6 februari 2025\n\n"
        "Närvarande beslutande\n"
        "  Anna Ek, ordförande, Ekby kommun\n"
        "  Bo Berg, vice ordförande, Region Ås, närvarande §§ 1–4\n"
        "  Cia Dahl, tjänstgörande ersättare för Dan Ström, Arbetsförmedlingen\n"
        "  Eva Lind, tjänstgörande ersättare, Region Ås, §§ 5–9\n\n"
        "Övriga närvarande\n"
        "  Fia Holm, ersättare, Ekby kommun (ej tjänstgörande)\n"
        "  Gun Berg, förbundschef, sekreterare\n\n"
        "Justerare:        Bo Berg och Cia Dahl\n"
    )
    head = parse_header(text)
    assert _voting(head.people) == ["Anna Ek", "Bo Berg", "Cia Dahl", "Eva Lind"]
    assert [p.person for p in head.people] == [
        "Anna Ek", "Bo Berg", "Cia Dahl", "Eva Lind", "Fia Holm", "Gun Berg"]  # fmt: skip
    bo = head.people[1]
    assert (bo.organisation, bo.note) == ("Region Ås", "närvarande §§ 1–4")
    assert head.adjuster == ["Bo Berg", "Cia Dahl"]


def test_run_together_attendance_without_commas():
    value = (
        "Anna Ek (S) ordförande Ekby kommun Bo Berg (M) vice ordförande Region Ås "
        "Cia Dahl (C) Åsby kommun Dan Ström (S) Ödby kommun §§ 31–35 Eva Lind "
        "Försäkringskassan Fia Holm Arbetsförmedlingen Gun Ny (V) tjänstgörande ersättare "
        "Ödby kommun §§ 36–39"
    )
    rows = _rows(value, "voting")
    assert [r[0] for r in rows] == [
        "Anna Ek", "Bo Berg", "Cia Dahl", "Dan Ström", "Eva Lind", "Fia Holm", "Gun Ny"]  # fmt: skip
    assert all(r[2] for r in rows)
    assert rows[3][3] == "§§ 31–35"


def test_run_together_others_with_titles_after_names():
    value = (
        "Tor Vik (L) ersättare Region Ås Hanna Öd förbundschef Lars Berg processledare § 34 "
        "Mona Is verksamhetsledare Arbetsteam Öst § 34"
    )
    rows = _rows(value, "others")
    assert [r[0] for r in rows] == ["Tor Vik", "Hanna Öd", "Lars Berg", "Mona Is"]
    assert not any(r[2] for r in rows)


def test_an_organisation_before_a_note_is_not_a_person():
    rows = _rows("Bo Berg, vice ordförande, Region Ås, närvarande §§ 1–4", "voting")
    assert [r[0] for r in rows] == ["Bo Berg"]
    rows = _rows("Nadia Ek, verksamhetsledare Samordningsteam Ekby, § 14", "others")
    assert [r[0] for r in rows] == ["Nadia Ek"]


def test_two_column_cover_labels_then_values():
    text = (
        "SAMORDNINGSFÖRBUNDET\nEKBY\n\nPROTOKOLL\n\nSammanträdesdatum\n\nSida\n\nStyrelsen\n\n"
        "2025-03-13\n\n1 (7)\n\nPlats och tid\n\nBeslutande\n\n"
        "Ekby stadshus, torsdag 13 mars 2025, kl. 09.00–12.15\n\n"
        "Anna Ek (S), ordförande, Ekby kommun\nBo Berg (C), Åsby kommun\n"
        "Cia Dahl, Försäkringskassan\n\nÖvriga närvarande\n\n"
        "Ersättare: Dan Ström (S), Ekby kommun; Eva Lind (V), Region Ås\n"
        "Fia Holm, förbundschef, sekreterare\nRasmus Öd, ekonom, §§ 10 och 13\n\n"
        "Utses att justera\n\nBo Berg och Cia Dahl\n"
    )
    head = parse_header(text)
    assert head.meeting_date == dt.date(2025, 3, 13)
    assert _voting(head.people) == ["Anna Ek", "Bo Berg", "Cia Dahl"]
    roles = {p.person: p.role for p in head.people}
    assert roles["Dan Ström"] == "ersattare" and roles["Rasmus Öd"] == "other"
    assert head.adjuster == ["Bo Berg", "Cia Dahl"]
    assert (head.place, head.start_time, head.end_time) == (
        "Ekby stadshus", dt.time(9), dt.time(12, 15))
    assert head.secretary == "Fia Holm"


@pytest.mark.parametrize(
    ("value", "names"),
    [
        ("Bo Berg", ["Bo Berg"]),
        ("Bo Berg och Cia Dahl", ["Bo Berg", "Cia Dahl"]),
        ("Bo Berg, Cia Dahl", ["Bo Berg", "Cia Dahl"]),
        ("Bo Berg samt Cia Dahl", ["Bo Berg", "Cia Dahl"]),
        ("Bo Berg\tCia Dahl", ["Bo Berg", "Cia Dahl"]),
        ("________   ________\nBo Berg      Cia Dahl", ["Bo Berg", "Cia Dahl"]),
        ("sker digitalt", []),
    ],
)
def test_every_justerare_is_kept(value, names):
    assert person_names(value) == names


def test_meetings_adjuster_is_a_list_of_every_justerare():
    text = (
        "Protokoll 2024-02-14\nBeslutande Anna Ek, Ekby kommun Bo Berg, Region Ås "
        "Cia Dahl, Försäkringskassan\nUtses att justera Bo Berg och Cia Dahl\n\n"
        "§ 1 Dagordning\n\nBeslut\n\nDagordningen fastställs.\n"
        "§ 2 Budget\n\nBeslut\n\nBudgeten fastställs.\n"
    )
    doc = Document(doc_id="x", source="x.txt", doc_kind="protokoll", forbund_id="f", text=text)
    assert segment(doc).meetings["adjuster"].to_list() == [["Bo Berg", "Cia Dahl"]]


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ("Lfs 1\nMötets öppnande\nText.\n\nLfs 2\nBudget\nText.\n\nLfs 3\nAvslut\nText.\n",
         [1, 2, 3]),
        ("Styrelse § 8\nVal av justerare\nText.\n\nStyrelse § 9\nBudget\nText.\n", [8, 9]),
        ("ÖV § 31\nDagordning\nText.\n\nÖV § 32\nEkonomi\nText.\n", [31, 32]),
    ],
)  # fmt: skip
def test_items_headed_with_the_forbunds_own_prefix(text, numbers):
    items = find_items(text, furniture_spans(text), None)
    assert [i.item_no for i in items] == numbers


@pytest.mark.parametrize(
    ("value", "block", "people"),
    [
        ("Anna Ek, Bo Berg och Cia Dahl", "voting", ["Anna Ek", "Bo Berg", "Cia Dahl"]),
        ("Anna Ek, ordförande, Bo Berg och Cia Dahl", "voting", ["Anna Ek", "Bo Berg", "Cia Dahl"]),
        ("Anna Ek, Region Ås", "voting", ["Anna Ek"]),
    ],
)  # fmt: skip
def test_lists_of_bare_names(value, block, people):
    assert [p.person for p in parse_people(value, block)] == people


@pytest.mark.parametrize(
    "line",
    [
        "Cia Dahl, ersättare, tjänstgör för Dan Ström",
        "Cia Dahl (S) tjänstgör för Dan Ström (S)",
        "Cia Dahl, tjänstgörande ersättare för Dan Ström, Ekby kommun",
    ],
)
def test_a_substitute_who_serves_for_someone_votes_in_any_list(line):
    [person] = parse_people(line, "present")
    assert (person.person, person.role, person.voting) == (
        "Cia Dahl", "tjanstgorande_ersattare", True)  # fmt: skip
    assert "Dan Ström" in person.note


_PDF_ROWS = [
    ("Anna Ek", "Ordförande", "Ekby kommun", "§ 1–9"),
    ("Bo Berg", "Ledamot", "Åsby kommun", "Frånvarande"),
    ("Cia Dahl", "Tjänstgörande ersättare", "Åsby kommun", "§ 1–9"),
    ("Dan Ström", "Ersättare", "Region Ås", "§ 1–9"),
]


@pytest.mark.parametrize("shape", ["spaces", "cell_per_line"])
def test_pdf_attendance_table_as_text(shape):
    header = ("Namn", "Uppdrag", "Organisation", "Närvaro")
    if shape == "spaces":
        table = "\n".join("   ".join(row) for row in [header, *_PDF_ROWS])
    else:
        table = "\n".join(cell for row in [header, *_PDF_ROWS] for cell in row)
    text = f"PROTOKOLL\nSammanträdesdatum 2024-11-20\n{table}\nJusterare Anna Ek\n"
    head = parse_header(text)
    assert [(p.person, p.role, p.voting) for p in head.people] == [
        ("Anna Ek", "ordforande", True),
        ("Bo Berg", "ledamot", False),
        ("Cia Dahl", "tjanstgorande_ersattare", True),
        ("Dan Ström", "ersattare", False),
    ]


def test_separate_lists_of_members_substitutes_and_absent():
    text = (
        "PROTOKOLL\nSammanträde 2024-05-02\nNärvarande ledamöter\nAnna Ek (S), ordförande\n"
        "Bo Berg (M)\nNärvarande ersättare\nCia Dahl (S), tjänstgörande för Eva Lind\n"
        "Dan Ström (C)\nFrånvarande\nEva Lind (S)\nÖvriga\nFia Holm, förbundschef\n"
    )
    head = parse_header(text)
    assert _voting(head.people) == ["Anna Ek", "Bo Berg", "Cia Dahl"]
    assert "Eva Lind" not in [p.person for p in head.people]


def test_a_presence_column_saying_no_is_absence():
    table = (
        "| Namn | Roll | Organisation | Närvarande |\n|---|---|---|---|\n"
        "| Anna Ek | Ordförande | Ekby kommun | Ja |\n| Bo Berg | Ledamot | Åsby kommun | Nej |\n"
    )
    assert [(p.person, p.voting) for p in parse_people(table, "present")] == [
        ("Anna Ek", True), ("Bo Berg", False)]  # fmt: skip


@pytest.mark.parametrize("sep", ["\t", "      "])
def test_members_and_substitutes_side_by_side(sep):
    rows = [
        ("Anna Ek (S), ordförande, Ekby kommun", "Bo Berg (S), Ekby kommun"),
        ("Cia Dahl (M), Åsby kommun, frånvarande", "Dan Ström (M), Åsby kommun, tjänstgörande"),
        ("Eva Lind, Försäkringskassan", "Fia Holm, Försäkringskassan"),
    ]
    width = 45
    body = "\n".join(a + sep + b if sep == "\t" else a.ljust(width) + b for a, b in rows)
    head_line = "Beslutande" + sep + "Ersättare" if sep == "\t" else "Beslutande".ljust(width) + (
        "Ersättare")
    text = (f"PROTOKOLL\nSammanträdesdatum 2024-05-02\n{head_line}\n{body}\n\n"
            "Övriga närvarande\nGun Ny, förbundschef\n")  # fmt: skip
    head = parse_header(text)
    assert _voting(head.people) == ["Anna Ek", "Eva Lind", "Dan Ström"]
    roles = {p.person: p.role for p in head.people}
    assert roles["Bo Berg"] == "ersattare" and roles["Gun Ny"] == "forbundschef"
    assert [p.note for p in head.people if p.person == "Cia Dahl"] == ["frånvarande"]


def test_soft_hyphens_and_nbsp_in_the_header_do_not_split_names_or_labels():
    text = ("PROTOKOLL\nSammanträdesdatum 2024-05-02\nBe\u00adslutande\n"
            "Anna\u00a0Ek, ordförande, Ekby kommun\nBo Berg\u200b, Åsby kommun\n"
            "Utses att justera Bo\u00a0Berg\n")  # fmt: skip
    head = parse_header(text)
    assert _voting(head.people) == ["Anna Ek", "Bo Berg"]
    assert head.adjuster == ["Bo Berg"]


@pytest.mark.parametrize(
    ("line", "note"),
    [
        ("Per Ås, Region Ås, jäv § 17", "jäv § 17"),
        ("Per Ås, Region Ås (jäv § 17)", "jäv § 17"),
        ("Per Ås, Region Ås, deltar ej i beslut § 17", "deltar ej i beslut § 17"),
        ("Per Ås, Region Ås, §§ 12–16", "§§ 12–16"),
    ],
)
def test_jav_and_partial_presence_in_a_list_line_keep_the_vote(line, note):
    [person] = parse_people(line, "voting")
    assert (person.person, person.organisation, person.voting, person.note) == (
        "Per Ås", "Region Ås", True, note)  # fmt: skip
