import datetime as dt

import pytest

from finsam_data import registry


def test_registry_holds_the_contract_lineage():
    by_id = {e["forbund_id"]: e for e in registry.forbund_entries()}
    assert by_id["norra-vastmanland"]["successor_id"] == "vastmanland"
    assert by_id["vasteras"]["successor_id"] == "vastmanland"
    assert by_id["vastra-malardalen"]["successor_id"] == "vastmanland"
    assert by_id["vastmanland"]["valid_from"] == dt.date(2024, 1, 1)
    assert registry.lineage("norra-vastmanland") == ["norra-vastmanland", "vastmanland"]
    assert registry.predecessors("vastmanland") == [
        "norra-vastmanland", "vasteras", "vastra-malardalen"]  # fmt: skip


def test_kommuner_carry_scb_codes():
    codes = {k["name"]: k["scb_code"] for k in registry.kommuner()}
    assert codes["Västerås"] == "1980"
    assert codes["Avesta"] == "2084"
    assert len(codes) == 13
    assert all(len(c) == 4 and c.isdigit() for c in codes.values())


def test_every_member_kommun_code_is_in_the_kommun_list():
    codes = {k["scb_code"] for k in registry.kommuner()}
    for entry in registry.forbund_entries():
        for member in entry["members"]:
            if "scb_code" in member:
                assert member["scb_code"] in codes, member


@pytest.mark.parametrize(
    ("text", "forbund_id", "registered"),
    [
        ("Sammanträdesprotokoll\nSÖDRA DALARNAS\nSAMORDNINGSFÖRBUND\nSödra Dalarnas "
         "Samordningsförbund", "sodra-dalarna", True),
        ("## Styrelsen Samordningsförbundet Västmanland\nPlats", "vastmanland", True),
        ("NVSam § 29 Protokolljusterare", "norra-vastmanland", True),
        ("Protokoll\nSamordningsförbundet Centrala Östergötland\n", "centrala-ostergotland", False),
        ("Protokoll Finsam Göteborg Nordost\nGöteborgs Nordost Samordningsförbund",
         "goteborgs-nordost", False),
        ("SAMORDNINGSFÖRBUNDET SKÅNE NORDVÄST\nProtokoll", "skane-nordvast", False),
        ("PROTOKOLL Styrelsen Göteborgs Nordost Samordningsförbund", "goteborgs-nordost", False),
        ("NVSam § 29 Protokolljusterare", "norra-vastmanland", True),
        ("Nvsf 88 Ansökan\nNorra Värmlands Samordningsförbund", "norra-varmlands", False),
        ("Protokoll Samordningsförbundet Kalmar län\nrapport från Samordningsförbundet "
         "Västmanland", "kalmar-lan", False),
        ("Kalmar läns samordningsförbund\nProtokoll", "kalmar-lans", False),
        ("Ett brev utan förbund", None, None),
    ],
)  # fmt: skip
def test_find_forbund(text, forbund_id, registered):
    match = registry.find_forbund(text)
    if forbund_id is None:
        assert match is None
    else:
        assert (match.forbund_id, match.registered) == (forbund_id, registered)


def test_the_first_named_forbund_in_the_head_is_the_issuer():
    text = "Norra Västmanlands Samordningsförbund\n... rapport från Samordningsförbundet Västmanland"
    assert registry.find_forbund(text).forbund_id == "norra-vastmanland"


def test_forbund_frame_lists_unregistered_forbund_as_such():
    frame = registry.forbund_frame({"centrala-ostergotland": "Samordningsförbundet Centrala "
                                    "Östergötland"})  # fmt: skip
    row = frame.filter(frame["forbund_id"] == "centrala-ostergotland").row(0, named=True)
    assert row["registered"] is False
    assert frame.filter(frame["registered"]).height == len(registry.forbund_entries())


def test_unregistered_names_are_reported_readably():
    match = registry.find_forbund("SAMORDNINGSFÖRBUNDET SKÅNE NORDVÄST\n")
    assert match.name == "Samordningsförbundet Skåne Nordväst"


@pytest.mark.parametrize(
    "invisible", ["\u00ad", "\u200b", "\u200d", "\u200c", "\u2060"]
)
def test_invisible_characters_inside_a_name_do_not_change_the_issuer(invisible):
    text = f"Norra Väst{invisible}manlands Samordnings{invisible}förbund\nDelårsrapport 2023\n"
    match = registry.find_forbund(text)
    assert match.forbund_id == "norra-vastmanland"
    assert match.char_start == 0


@pytest.mark.parametrize("space", ["\u00a0", "\u202f", "\u2007"])
def test_nbsp_inside_a_name_is_a_space(space):
    text = f"Protokoll\nNorra{space}Västmanlands{space}Samordningsförbund\n"
    assert registry.find_forbund(text).forbund_id == "norra-vastmanland"


def test_matching_text_maps_back_to_the_text_as_read():
    text = "Ab\u00adc d\u00a0e Sam-\nordning"
    norm, index = registry.matching_text(text)
    assert norm == "Abc d e Samordning"
    assert all(norm[k] == text[index[k]] or text[index[k]] == "\u00a0" for k in range(len(norm)))


@pytest.mark.parametrize(
    ("text", "forbund_id"),
    [
        # a tab (next column) or a line break (next line) ends a name
        ("Samordningsförbundet Ekdala\tOrg.nr 222000-0000\nÅrsredovisning 2024", "ekdala"),
        ("Samordningsförbundet Ekdala Org.nr 222000-0000\nÅrsredovisning 2024", "ekdala"),
        ("Samordningsförbundet Ekdala\nOrganisationsnummer 222000-0000", "ekdala"),
        ("Ekdala samordningsförbund\nProtokoll", "ekdala"),
        # a letterhead over two lines
        ("SAMORDNINGSFÖRBUNDET\nEKDALA\n\nPROTOKOLL", "ekdala"),
        ("Övre Ekdala\nSamordningsförbund\n\nDELÅRSRAPPORT", "ovre-ekdala"),
        # "Finsam X" in a letterhead or title, also in capitals
        ("Årsredovisning 2024\nFinsam Ekdala – samordningsförbund för Ö, Å och Ä", "ekdala"),
        ("FINSAM EKDALA\nSamordningsförbund för Ö, Å och Ä\n\nSTYRELSENS PROTOKOLL", "ekdala"),
        ("Finsam Ekdala\tDnr EK 2025/031\nDelårsrapport", "ekdala"),
        # a running header in one line: the title after the name is not part of it
        ("Samordningsförbundet Ekdala Årsredovisning 2024 Sida 3", "ekdala"),
        ("SAMORDNINGSFÖRBUNDET ÖVRE EKDALA PROTOKOLL 2024-10-17", "ovre-ekdala"),
        ("Samordningsförbundet Ekdala Delårsrapport januari–augusti 2025", "ekdala"),
    ],
)  # fmt: skip
def test_unknown_forbund_get_a_clean_slug_from_the_name_alone(text, forbund_id):
    match = registry.find_forbund(text)
    assert (match.forbund_id, match.registered) == (forbund_id, False)


def test_a_formal_name_beats_a_finsam_form_in_the_same_place():
    text = "Protokoll Finsam Ekdala Norra\nEkdala Norra Samordningsförbund"
    assert registry.find_forbund(text).forbund_id == "ekdala-norra"


def test_the_title_block_beats_a_name_earlier_in_the_body():
    body = "Rapport från Samordningsförbundet Västmanland och andra. " * 3
    text = "Södra Dalarnas Samordningsförbund\nÅrsredovisning 2024\n" + body
    assert registry.find_forbund(text).forbund_id == "sodra-dalarna"


def test_section_marker_prefix_names_the_issuer_when_the_title_block_does_not():
    text = ("Protokoll\nStyrelsen\n" + "Rad\n" * 15 + "SDSF § 12 Val av justerare\n"
            + "Text om Samordningsförbundet Ekdala.\nSDSF § 13 Budget\n")  # fmt: skip
    assert registry.find_forbund(text).forbund_id == "sodra-dalarna"


def test_signature_block_names_the_issuer_before_the_body():
    text = ("Beslut om medel\n" + "\n".join(["Rad"] * 15) + "\nEtt samarbete med "
            "Samordningsförbundet Västmanland.\n" + "Text. " * 400
            + "\nFör Ekdala Samordningsförbund\nAnna Ek, ordförande\n")  # fmt: skip
    assert registry.find_forbund(text).forbund_id == "ekdala"


def test_registry_validity_dates_describe_the_lineage():
    by_id = {e["forbund_id"]: e for e in registry.forbund_entries()}
    for old in ("norra-vastmanland", "vasteras", "vastra-malardalen"):
        assert by_id[old]["valid_to"] == dt.date(2023, 12, 31)
        assert by_id[by_id[old]["successor_id"]]["valid_from"] == dt.date(2024, 1, 1)
    frame = registry.forbund_frame()
    row = frame.filter(frame["forbund_id"] == "vastmanland").row(0, named=True)
    assert (row["valid_from"], row["valid_to"]) == (dt.date(2024, 1, 1), None)


def test_a_genitive_name_is_the_name_the_document_also_writes():
    text = "Protokoll från Samordningsförbundet Ekdalas styrelse\n" + "Rad\n" * 20 + (
        "Samordningsförbundet Ekdala, Box 1, 111 11 Ekby\n")
    assert registry.find_forbund(text).forbund_id == "ekdala"
    # 'Kalmar läns samordningsförbund' has no other form: kept as written
    assert registry.find_forbund("Kalmar läns samordningsförbund\n").forbund_id == "kalmar-lans"


def test_read_file_keeps_the_text_as_read_and_matches_through_soft_hyphens(tmp_path):
    from finsam_data.read import read_file

    text = ("Sammanträdesprotokoll\nSammanträdesdatum 2023-05-25\n"
            "Norra Väst\u00admanlands Samordnings\u200bförbund\n")  # fmt: skip
    path = tmp_path / "p.txt"
    path.write_text(text, encoding="utf-8")
    doc = read_file(path, path.name)
    assert doc.forbund_id == "norra-vastmanland"
    assert doc.text == text
    assert doc.doc_date == dt.date(2023, 5, 25)


def test_kind_and_period_are_read_through_soft_hyphens(tmp_path):
    from finsam_data.read import read_file

    text = "Ekby samordningsförbund\nDelårs\u00adrapport januari\u2013augusti\u00a02025\n"
    path = tmp_path / "r.txt"
    path.write_text(text, encoding="utf-8")
    doc = read_file(path, path.name)
    assert (doc.doc_kind, doc.period_start, doc.period_end) == (
        "delarsrapport", dt.date(2025, 1, 1), dt.date(2025, 8, 31))
    assert doc.text == text


@pytest.mark.parametrize(
    ("forbund_id", "date", "inside"),
    [
        ("vastmanland", dt.date(2023, 12, 31), False),
        ("vastmanland", dt.date(2024, 1, 1), True),
        ("norra-vastmanland", dt.date(2023, 9, 21), True),
        ("norra-vastmanland", dt.date(2024, 3, 22), False),
        ("sodra-dalarna", dt.date(2024, 3, 22), None),  # no dates in the registry
        ("okand", dt.date(2024, 3, 22), None),
        ("vastmanland", None, None),
    ],
)
def test_issued_in_lifetime_uses_the_forbunds_own_dates(forbund_id, date, inside):
    assert registry.issued_in_lifetime(forbund_id, date) is inside


def _name_samples() -> list[str]:
    import random

    pieces = ["Samordningsförbund", "samordningsförbundet", "SAMORDNINGSFÖRBUNDET",
              "SamordningsFörbund", "Samordnıngsförbund", "ſamordningsförbund", "Finsam", "FINSAM",
              "fınsam", "Norra", "Västmanlands", "Västmanland", "Södra Dalarnas", "Ekby",
              "Nord-Ekby", "läns", "län", " i ", "NVSam", " ", "  ", "\n", "\t", "-", ".", ",",
              "Anna", "Styrelsen", "Org.nr", "ß", "\u212a", "2024"]  # fmt: skip
    rng = random.Random(11)
    return [
        "".join(rng.choice(pieces) + " " * rng.randint(0, 1) for _ in range(rng.randint(0, 14)))
        for _ in range(3000)
    ]


def test_names_are_searched_only_where_they_can_start():
    # Every place a name pattern matches is among the places it is tried (see _names_in).
    for text in _name_samples():
        low = text.lower()
        assert len(low) == len(text)
        keywords = set(registry._starts(registry._KEYWORD, low))
        assert {m.start() for m in registry._NAME_AFTER.finditer(text)} <= keywords
        before = set(registry._name_before_starts(text, sorted(keywords)))
        assert {m.start() for m in registry._NAME_BEFORE.finditer(text)} <= before
        finsam = set(registry._starts(registry._FINSAM_WORD, low))
        assert {m.start() for m in registry._FINSAM.finditer(text)} <= finsam
        for (pattern, _, _), literal in zip(
            registry._alias_patterns(), registry._alias_literals(), strict=True
        ):
            if literal is not None:
                starts = set(registry._starts(literal, low))
                assert {m.start() for m in pattern.finditer(text)} <= starts
                fast = registry._matches_at(pattern, text, sorted(starts))
                assert [m.span() for m in fast] == [m.span() for m in pattern.finditer(text)]


def test_find_forbund_in_is_find_forbund():
    for text in _name_samples()[:500]:
        assert registry.find_forbund_in(*registry.matching_text(text)) == registry.find_forbund(
            text
        )
