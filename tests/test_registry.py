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
