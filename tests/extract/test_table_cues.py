"""The table cue words are data (registry/table_cues.yml): each list is read as written."""

import re

import pytest

from finsam_data.extract.table import cues


@pytest.mark.parametrize(
    ("header", "kind"),
    [
        ("Utfall jan–aug 2025", "actual"),
        ("Bokslut 2023*", "actual"),
        ("Budget helår", "budget"),
        ("Prognos 2024", "forecast"),
        ("Plan 2027", "plan"),
        ("Avvikelse prognos–budget", "deviation"),
        ("Diff", "deviation"),
        ("Äskat 2026", "request"),
        ("Sökt belopp", "request"),
        ("Beviljat belopp", "grant"),
        ("Förslag 2026", "proposal"),
        ("Bidrag 2025", "allocation"),
        ("Avgift 2025 (kkr)", "allocation"),
        ("Not", "note"),
        ("Post", None),
        ("Deltagare", None),
    ],
)
def test_column_kind(header, kind):
    assert cues.column_kind(header) == kind


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("Belopp i tkr", (1000.0, "tkr")),
        ("Post (kkr)", (1000.0, "kkr")),
        ("Resultatbudget, mnkr", (1e6, "mnkr")),
        ("Belopp i kronor", (1.0, "kronor")),
        ("Tabell 1. Deltagare", None),
    ],
)
def test_unit_in(text, unit):
    assert cues.unit_in(text) == unit


@pytest.mark.parametrize(
    ("header", "measure"),
    [
        ("Deltagare jan–aug", "participants"),
        ("varav nya", "participants_new"),
        ("Nya", "participants_new"),
        ("Avslutade", "exits"),
        ("Avslut till arbete/studier", "exits_by_reason"),
        ("Till arbete eller studier", "exits_by_reason"),
        ("Kvinnor", None),
    ],
)
def test_count_column(header, measure):
    assert cues.count_column(header) == measure


def test_full_year_and_column_starts():
    assert cues.names_full_year("Prognos helår")
    assert not cues.names_full_year("Prognos 2025")
    assert cues.starts_column("varav nya") and not cues.starts_column("helår")


def test_row_roles():
    assert re.match(cues.row_words("total"), "summa")
    assert re.match(cues.row_words("part"), "varav årets resultat")
    assert re.search(cues.row_words("result"), "årets resultat")
