"""Errors planted in copies of the seed documents, found through the whole pipeline.

Each plant changes one thing in one copy (a table cell, a total, a unit, a share, a date); the
copies are validated together with the unchanged corpus, and each test asserts that the right
finding appears, in the planted copy, in the right section. A "repair" plant checks the reverse:
fixing the document's own fault makes its finding disappear.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import polars as pl
import pytest

SEEDS = Path(__file__).resolve().parents[2] / "finsam_data" / "corpus"
INTERIM = "004_fe316473d4a40fad.txt"  # the interim report (delårsrapport jan–aug 2017)
SDSF = "002_c84889afaa9dbc4c.txt"  # Södra Dalarna, 2024-09-18
NVSAM_MAY = "000_5aa6702833bef63d.txt"  # Norra Västmanland, 2023-05-25
NVSAM_NOV = "003_1b056f253d10c124.txt"  # Norra Västmanland, 2023-11-02

# name: (seed file, text to replace, replacement)
PLANTS = {
    "table_cell": (INTERIM, "Sala\t35\t20\t15", "Sala\t35\t21\t15"),
    "table_total": (INTERIM, "TOTALT\t96\t59\t37", "TOTALT\t97\t59\t37"),
    "budget_cell": (INTERIM, "706 226***", "716 226***"),
    "result": (
        INTERIM,
        "RESULTAT\t960 100\t-2 841 784\t581 781",
        "RESULTAT\t960 100\t-2 841 784\t591 781",
    ),  # fmt: skip
    "share": (INTERIM, "(61% kvinnor och 39% män)", "(66% kvinnor och 39% män)"),
    "unit": (
        NVSAM_NOV,
        "extra tilldelning 2023 med 120 tkr",
        "extra tilldelning 2023 med 120 mkr",
    ),  # fmt: skip
    "list_total": (SDSF, "Samverkansteam Säter 1 670 tkr", "Samverkansteam Säter 1 770 tkr"),
    "repair_total": (
        SDSF,
        "Totalt sett äskas därmed 6 216 tkr",
        "Totalt sett äskas därmed 6 316 tkr",
    ),  # fmt: skip
    "repair_exits": (INTERIM, "har 26 personer avslutats", "har 25 personer avslutats"),
    "date": (NVSAM_MAY, "2023-05-25", "2025-05-25"),
}


def plant_name(name: str) -> str:
    return f"plant_{name}.txt"


@pytest.fixture(scope="module")
def planted(tmp_path_factory):
    from finsam_data.build import collect_tables
    from finsam_data.validate import validate

    folder = tmp_path_factory.mktemp("planted")
    for seed in sorted(SEEDS.glob("*.txt")):
        shutil.copy(seed, folder / seed.name)
    for name, (seed, old, new) in PLANTS.items():
        text = (SEEDS / seed).read_text("utf-8")
        if old not in text:
            raise ValueError(f"plant {name}: {old!r} is not in {seed}")
        (folder / plant_name(name)).write_text(text.replace(old, new), "utf-8")
    tables, problems = collect_tables([folder])
    if tables["facts"].height == 0:
        pytest.fail("extraction returned no facts: the planted errors cannot be checked")
    return tables, validate(tables, problems)


def findings_for(v, name: str) -> pl.DataFrame:
    return v.findings.filter(pl.col("source") == plant_name(name))


def keys(frame: pl.DataFrame) -> set[tuple[str, str | None]]:
    return set(zip(frame["expectation"], frame["section"], strict=True))


BUDGET = "Ekonomiskt utfall per sista augusti samt prognos för helår 2017"


def test_changed_cell_in_the_kommun_table_is_found_in_its_row_and_column(planted):
    _, v = planted
    f = findings_for(v, "table_cell")
    sala = f.filter(pl.col("expectation") == "consistency.breakdown_sum")
    assert sala.height == 1
    assert sala["quote"][0].startswith("Sala\t35\t21\t15")
    assert sala["section"][0] == "Samordningsteam"
    women = f.filter(
        (pl.col("expectation") == "consistency.group_sum")
        & (pl.col("section") == "Samordningsteam")
    )
    assert women["observed"].to_list() == ["60\xa0personer"]
    assert women["expected"].to_list() == ["59\xa0personer"]


def test_changed_total_row_is_found_against_its_column(planted):
    _, v = planted
    f = findings_for(v, "table_total").filter(
        (pl.col("expectation") == "consistency.group_sum")
        & (pl.col("section") == "Samordningsteam")
    )
    assert f.height == 1
    assert f["quote"][0].startswith("TOTALT\t97")
    assert (f["observed"][0], f["expected"][0]) == ("96\xa0personer", "97\xa0personer")


def test_changed_outcome_cell_in_the_budget_table_breaks_the_outcome_column(planted):
    _, v = planted
    f = findings_for(v, "budget_cell").filter(pl.col("expectation") == "consistency.group_sum")
    observed = set(f["observed"])
    assert "3\xa0529\xa0716\xa0kr" in observed  # the utfall column now sums 10 000 kr more
    assert set(f["section"]) == {BUDGET}


def test_changed_result_no_longer_equals_income_minus_costs(planted):
    _, v = planted
    f = findings_for(v, "result").filter(pl.col("expectation") == "consistency.result_balance")
    assert f.height == 1
    assert f["section"][0] == BUDGET
    assert f["severity"][0] == "warning"
    assert f["quote"][0].startswith("RESULTAT")


def test_changed_share_disagrees_with_the_counts_and_no_longer_sums_to_100(planted):
    _, v = planted
    f = findings_for(v, "share")
    assert {("consistency.share_counts", "Samordningsteam"), ("consistency.share_sum", "Samordningsteam")} <= keys(f)  # fmt: skip
    counts = f.filter(pl.col("expectation") == "consistency.share_counts")
    assert counts["expected"].to_list() == ["66\xa0%"]


def test_changed_unit_is_flagged_as_a_unit_slip_in_its_paragraph(planted):
    _, v = planted
    f = findings_for(v, "unit").filter(pl.col("expectation") == "consistency.unit_slip")
    assert f.height >= 1
    assert set(f["section"]) == {"§ 56"}
    assert "120 mkr" in f["quote"][0]


def test_changed_list_item_breaks_the_stated_total(planted):
    _, v = planted
    f = findings_for(v, "list_total").filter(pl.col("expectation") == "consistency.group_sum")
    assert f.height == 1
    assert f["section"][0] == "§ 31"
    assert f["observed"][0] == "6\xa0416\xa0tkr"


def test_repairing_the_documents_own_faults_removes_their_findings(planted):
    _, v = planted
    assert "consistency.group_sum" not in set(findings_for(v, "repair_total")["expectation"])
    assert "consistency.parts_vs_total" not in set(findings_for(v, "repair_exits")["expectation"])


def test_meeting_dated_after_the_forbund_ceased_is_reported(planted):
    _, v = planted
    f = findings_for(v, "date")
    assert "meetings.inside_forbund_validity_end" in set(f["expectation"])
    assert set(f["severity"]) == {"warning"}


@pytest.fixture(scope="module")
def corpus():
    from finsam_data.build import collect_tables
    from finsam_data.validate import validate

    tables, problems = collect_tables([SEEDS])
    return tables, validate(tables, problems)


def test_the_corpus_as_published_shows_its_real_faults_and_nothing_else(corpus):
    _, real = corpus
    real = real.findings
    found = set(zip(real["source"], real["expectation"], real["section"], strict=True))
    assert found == {
        (SDSF, "consistency.group_sum", "§ 31"),  # 2 500 + 2 146 + 1 670 ≠ 6 216 tkr
        (INTERIM, "consistency.parts_vs_total", "Samordningsteam"),  # 25 exit reasons, 26 exits
        (INTERIM, "consistency.group_sum", BUDGET),  # budget costs 9 096 000 ≠ 9 096 100
        (NVSAM_MAY, "consistency.unit_slip", "§ 36"),  # 50 000 tkr for four course places
    }
    assert set(real["severity"]) == {"warning"}
