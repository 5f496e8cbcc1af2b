import datetime as dt

import pytest

from finsam_data.text.dates import find_dates, parse_date

REF = dt.date(2024, 9, 18)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-11-20", dt.date(2024, 11, 20)),
        ("den 20 november 2024", dt.date(2024, 11, 20)),
        ("onsdag 18 september 2024 klockan 08:30", dt.date(2024, 9, 18)),
        ("23 sept. 2024", dt.date(2024, 9, 23)),
        ("1 okt 2025", dt.date(2025, 10, 1)),
        ("2024.03.05", dt.date(2024, 3, 5)),
        ("mitten av oktober", None),
        ("i höst", None),
        ("2024-02-30", None),
        ("20 november", None),  # no year and no reference date
    ],
)
def test_parse_date(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("den 20 november", dt.date(2024, 11, 20)),
        ("den 10 januari", dt.date(2025, 1, 10)),  # next occurrence after the reference
        ("den 18 september", dt.date(2024, 9, 18)),
    ],
)
def test_date_without_year_takes_year_from_reference(text, expected):
    assert parse_date(text, ref=REF) == expected


def test_find_dates_gives_offsets_in_order():
    text = "Mötet 2024-09-18; nästa möte den 20 nov 2024."
    found = find_dates(text)
    assert [(m.date, text[m.start : m.end]) for m in found] == [
        (dt.date(2024, 9, 18), "2024-09-18"),
        (dt.date(2024, 11, 20), "20 nov 2024"),
    ]


def test_times_and_amounts_are_not_dates():
    assert find_dates("kl 9-12, 2 500 tkr, 16-64 år") == []


def test_month_words_come_from_the_shared_table():
    from finsam_data import swedish
    from finsam_data.text import dates

    assert dates._MONTH_WORDS is swedish.MONTHS
    assert not hasattr(dates, "MONTHS")
