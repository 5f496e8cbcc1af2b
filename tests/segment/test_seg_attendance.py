import pytest

from finsam_data.segment.attendance import Person, parse_people


def _rows(value: str, block: str) -> list[tuple]:
    return [
        (p.person, p.role, p.organisation, p.voting, p.note) for p in parse_people(value, block)
    ]


def test_run_together_names_and_organisations_split_on_org_endings():
    value = (
        "Anna Ek, Sala kommun Bo Berg, Region Västmanland Cia Dahl, Västerås Stad "
        "Dan Ström, Försäkringskassan Eva Lind, Arbetsförmedlingen (fr o m kl.09.25)"
    )
    assert _rows(value, "voting") == [
        ("Anna Ek", "ledamot", "Sala kommun", True, None),
        ("Bo Berg", "ledamot", "Region Västmanland", True, None),
        ("Cia Dahl", "ledamot", "Västerås Stad", True, None),
        ("Dan Ström", "ledamot", "Försäkringskassan", True, None),
        ("Eva Lind", "ledamot", "Arbetsförmedlingen", True, "fr o m kl.09.25"),
    ]


def test_run_together_with_roles_and_parenthesised_organisations():
    value = (
        "Gun Berg, ordförande (Avesta kommun) Per-Inge Ny, ledamot (Region Dalarna) "
        "Lena Kruse, ledamot (Försäkringskassan) § 27-34 Anette Gran, tjänstgörande "
        "ersättare (Hedemora kommun)"
    )
    assert _rows(value, "voting") == [
        ("Gun Berg", "ordforande", "Avesta kommun", True, None),
        ("Per-Inge Ny", "ledamot", "Region Dalarna", True, None),
        ("Lena Kruse", "ledamot", "Försäkringskassan", True, "§ 27-34"),
        ("Anette Gran", "tjanstgorande_ersattare", "Hedemora kommun", True, None),
    ]


def test_others_block_with_titles_times_and_three_word_names():
    value = (
        "Ann Rile, förbundschef Jenny Fern, revisor Freveko AB (kl 10.00-10.30) "
        "Stefan Gran, controller Norra Ekonomiförvaltning NVE (kl 9.00-10.30) "
        "Elin Lausch Granlund, Avdelningschef Säter, Region Dalarna § 30"
    )
    assert _rows(value, "others") == [
        ("Ann Rile", "forbundschef", None, False, None),
        ("Jenny Fern", "revisor", "Freveko AB", False, "kl 10.00-10.30"),
        ("Stefan Gran", "other", "Norra Ekonomiförvaltning NVE", False, "kl 9.00-10.30"),
        ("Elin Lausch Granlund", "other", "Säter, Region Dalarna", False, "§ 30"),
    ]


def test_substitute_serving_part_of_the_meeting_keeps_note_and_does_not_vote():
    value = "Oskar Berg, Arbetsförmedlingen (tjänstgörande kl 11.30-12.00)"
    assert _rows(value, "substitutes") == [
        (
            "Oskar Berg",
            "tjanstgorande_ersattare",
            "Arbetsförmedlingen",
            False,
            "tjänstgörande kl 11.30-12.00",
        )
    ]


def test_one_person_per_line_with_tabs_and_parties():
    value = "Karin Holm (S)\tordförande\tTierps kommun\nOla Björk (M)\nSiv Al\tHeby kommun"
    assert _rows(value, "voting") == [
        ("Karin Holm", "ordforande", "Tierps kommun", True, None),
        ("Ola Björk", "ledamot", None, True, None),
        ("Siv Al", "ledamot", "Heby kommun", True, None),
    ]


def test_semicolon_list_and_stand_in_substitute():
    value = "Per Ek (S), ordförande; Siv Al, ersättare för Ola Nilsson"
    assert _rows(value, "voting") == [
        ("Per Ek", "ordforande", None, True, None),
        ("Siv Al", "tjanstgorande_ersattare", None, True, "ersättare för Ola Nilsson"),
    ]


def test_markdown_table_under_generic_narvarande_votes_by_role():
    value = (
        "| Namn | Organisation | Roll |\n| --- | --- | --- |\n"
        "| Karl Nord | Gävle kommun | ordförande |\n"
        "| Lisa Syd | Region Gävleborg | ersättare |\n"
        "| Nils Öst | Förbundet | förbundschef |"
    )
    assert _rows(value, "present") == [
        ("Karl Nord", "ordforande", "Gävle kommun", True, None),
        ("Lisa Syd", "ersattare", "Region Gävleborg", False, None),
        ("Nils Öst", "forbundschef", "Förbundet", False, None),
    ]


def test_markdown_table_under_beslutande_votes_and_reads_note_column():
    value = (
        "| Ledamot | Myndighet | Närvaro |\n|---|---|---|\n| Anna Ek | Försäkringskassan | § 1-4 |"
    )
    assert parse_people(value, "voting") == [
        Person("Anna Ek", "ledamot", "Försäkringskassan", True, "§ 1-4")
    ]


@pytest.mark.parametrize(
    "value",
    ["", "Protokollet justeras digitalt.", "ANSLAG/BEVIS", "| Namn | Organisation |"],
)
def test_non_person_text_gives_nobody(value):
    assert parse_people(value, "voting") == []


def test_role_written_before_the_name():
    value = "Vice ordförande Bo Berg (M), Tierps kommun\nErsättare Cia Dahl, Heby kommun"
    assert _rows(value, "voting") == [
        ("Bo Berg", "ledamot", "Tierps kommun", True, None),
        ("Cia Dahl", "tjanstgorande_ersattare", "Heby kommun", True, None),
    ]


def test_parties_without_commas():
    value = "Anna Ek (S) ordförande Heby kommun Bo Berg (M) Region Uppsala"
    assert _rows(value, "voting") == [
        ("Anna Ek", "ordforande", "Heby kommun", True, None),
        ("Bo Berg", "ledamot", "Region Uppsala", True, None),
    ]


def test_table_columns_are_read_by_header_name_in_any_order():
    value = (
        "| Uppdrag | Representerar | Kommentar | Person |\n|---|---|---|---|\n"
        "| Ordförande | Ludvika kommun | | Stina Åberg |\n"
        "| Ersättare | Region Dalarna | tjänstgör § 5 | Olle Bäck |\n"
        "| Ersättare | Smedjebackens kommun | | Eva Ring |\n"
        "| Förbundschef | Förbundet | | Maj Holm |"
    )
    assert _rows(value, "present") == [
        ("Stina Åberg", "ordforande", "Ludvika kommun", True, None),
        ("Olle Bäck", "tjanstgorande_ersattare", "Region Dalarna", True, "tjänstgör § 5"),
        ("Eva Ring", "ersattare", "Smedjebackens kommun", False, None),
        ("Maj Holm", "forbundschef", "Förbundet", False, None),
    ]


def test_table_block_rows_decide_voting_and_organisations_are_not_persons():
    value = (
        "| Namn | Funktion | Myndighet |\n|---|---|---|\n"
        "| **Beslutande** | | |\n"
        "| Stina Åberg | | Ludvika kommun |\n"
        "| Region Dalarna | Ledamot | |\n"
        "| Olle Bäck | Ersättare | Region Dalarna |\n"
        "| **Ersättare** | | |\n"
        "| Eva Ring | | Smedjebackens kommun |\n"
        "| **Övriga** | | |\n"
        "| Maj Holm | Förbundschef | |"
    )
    assert _rows(value, "present") == [
        ("Stina Åberg", "ledamot", "Ludvika kommun", True, None),
        ("Olle Bäck", "tjanstgorande_ersattare", "Region Dalarna", True, None),
        ("Eva Ring", "ersattare", "Smedjebackens kommun", False, None),
        ("Maj Holm", "forbundschef", None, False, None),
    ]
