"""Periods table headers name: numbered parts of a year, written out or abbreviated."""

import datetime as dt

import pytest

from finsam_data.text.periods import period_of_label
from tests.extract.conftest import one

D = dt.date


@pytest.mark.parametrize(
    ("header", "period"),
    [
        ("Utfall tertial 1 2025", (D(2025, 1, 1), D(2025, 4, 30))),
        ("Utfall T2 2024", (D(2024, 5, 1), D(2024, 8, 31))),
        ("Utfall Q3 2025", (D(2025, 7, 1), D(2025, 9, 30))),
        ("Halvår 1 2025", (D(2025, 1, 1), D(2025, 6, 30))),
        ("första tertialen 2024", (D(2024, 1, 1), D(2024, 4, 30))),
        ("Utfall tertial 2", (D(2025, 5, 1), D(2025, 8, 31))),
    ],
)
def test_numbered_parts_of_a_year(header, period):
    assert period_of_label(header, 2025) == period


@pytest.mark.parametrize("text", ["Dnr T1 2025/12", "K3 2024", "Tabell 2"])
def test_codes_that_are_not_parts_of_a_year(text):
    assert period_of_label(text, 2025) in (
        None,
        (D(2025, 1, 1), D(2025, 12, 31)),
        (D(2024, 1, 1), D(2024, 12, 31)),
    )


TERTIAL = (
    "Ekonomi (tkr)\n"
    "Post\tUtfall T1 2025\tBudget 2025\n"
    "Kansli\t410\t1 300\n"
    "Summa kostnader\t1 310\t5 200\n"
)


def test_a_tertial_column(facts_of):
    f = facts_of(TERTIAL, start=D(2025, 1, 1), end=D(2025, 4, 30))
    assert one(f, measure="actual_cost", subject="Kansli")["period_end"] == D(2025, 4, 30)
    assert one(f, measure="budget_cost", subject="Kansli")["period_end"] == D(2025, 12, 31)
