"""The labelled development corpus: every document's issuer, kind, issue date and reporting
period, and every protocol's meeting, items and voting members.

The right answers are read off each document's own title block (and, for the protocols, from
the corpus's ``segments.csv``). The corpus lives beside the repository (``../shared/devset``);
the tests are skipped where it is absent.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import polars as pl
import pytest

from finsam_data.normalise import document_row
from finsam_data.read import read_file
from finsam_data.segment import segment

D = dt.date


def _devset() -> Path | None:
    repo = Path(__file__).resolve().parents[2]
    for candidate in (repo.parent / "shared" / "devset", repo / ".." / "shared" / "devset"):
        if (candidate / "docs").is_dir():
            return candidate
    return None


DEVSET = _devset()
pytestmark = pytest.mark.skipif(
    DEVSET is None, reason="the development corpus (../shared/devset) is not beside the repository"
)


def _year(y: int) -> tuple[dt.date, dt.date]:
    return D(y, 1, 1), D(y, 12, 31)


# source (without extension): (issuer slug, doc_kind, doc_date, (period_start, period_end))
EXPECTED = {
    "Arsredovisning_2024_Finsam_Norrlida": (
        "norrlida", "arsredovisning", D(2025, 2, 20), _year(2024)),
    "Beslut_Halsostegen_TJH-2025-014": (
        "tjarnheden", "beslut", D(2025, 2, 27), (D(2025, 1, 1), D(2026, 12, 31))),
    "Delarsrapport-jan-aug-2025": (
        "lodalen", "delarsrapport", D(2025, 9, 25), (D(2025, 1, 1), D(2025, 8, 31))),
    "NVSam_delarsrapport_aug_2023": (
        "norra-vastmanland", "delarsrapport", D(2023, 9, 21), (D(2023, 1, 1), D(2023, 8, 31))),
    "Protokoll_styrelsen_2025-03-13": (
        "kvarnbacken", "protokoll", D(2025, 3, 13), _year(2025)),
    "Revisionsberattelse_2024_Gruvriket": (
        "gruvriket", "revisionsberattelse", D(2025, 3, 28), _year(2024)),
    "SDSF_protokoll_2025-05-14": (
        "sodra-dalarna", "protokoll", D(2025, 5, 14), _year(2025)),
    "SFV_verksamhetsplan_budget_2025": (
        "vastmanland", "verksamhetsplan", D(2024, 11, 29), _year(2025)),
    "gruvriket_verksamhetsplan_2025-2027": (
        "gruvriket", "verksamhetsplan", D(2024, 11, 21), _year(2025)),
    "kvarnbacken_verksamhetsberattelse_2024": (
        "kvarnbacken", "verksamhetsberattelse", D(2025, 3, 13), _year(2024)),
    "lodalen_protokoll_1-2025": (
        "lodalen", "protokoll", D(2025, 2, 6), _year(2025)),
    "minnesanteckningar_medlemssamrad_2025-04-23": (
        "klintbygden", "minnesanteckningar", D(2025, 4, 23), _year(2025)),
    "mossebo_styrelseprotokoll_241120": (
        "mossebo", "protokoll", D(2024, 11, 20), _year(2024)),
    "protokoll_2024-10-17_ov": (
        "ostra-vindelmo", "protokoll", D(2024, 10, 17), _year(2024)),
    "tjarnheden_arsredovisning_2024": (
        "tjarnheden", "arsredovisning", D(2025, 2, 27), _year(2024)),
    "uppfoljning_individinsatser_2024": (
        "ostra-vindelmo", "uppfoljning", D(2025, 2, 12), _year(2024)),
}  # fmt: skip


@pytest.fixture(scope="module")
def documents() -> pl.DataFrame:
    assert DEVSET is not None
    rows = []
    for path in sorted((DEVSET / "docs").iterdir()):
        if path.suffix.lower() in (".txt", ".md", ".pdf", ".docx"):
            rows.append(document_row(read_file(path, path.name)))
    return pl.concat(rows).with_columns(stem=pl.col("source").str.replace(r"\.[a-z]+$", ""))


def test_every_devset_document_is_expected(documents):
    assert sorted(documents["stem"]) == sorted(EXPECTED)


@pytest.mark.parametrize("stem", sorted(EXPECTED))
def test_issuer_kind_date_and_reporting_period(documents, stem):
    row = documents.filter(pl.col("stem") == stem).row(0, named=True)
    forbund_id, kind, date, (start, end) = EXPECTED[stem]
    got = (row["forbund_id"], row["doc_kind"], row["doc_date"], row["period_start"],
           row["period_end"])  # fmt: skip
    assert got == (forbund_id, kind, date, start, end)


def _segments() -> list[dict[str, str]]:
    if DEVSET is None:
        return []
    with open(DEVSET / "segments.csv", newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


@pytest.mark.parametrize("want", _segments(), ids=lambda w: w["source"])
def test_protocol_meeting_items_and_voting_members(want):
    assert DEVSET is not None
    path = next((DEVSET / "docs").glob(want["source"] + ".*"))
    seg = segment(read_file(path, path.name))
    assert seg.meetings["meeting_date"].to_list() == [D.fromisoformat(want["meeting_date"])]
    assert seg.items.height == int(want["items"])
    assert int(seg.attendance["voting"].sum()) == int(want["voting"])
    assert seg.decisions.height >= int(want["decisions_min"])
