import datetime as dt

import pytest

from finsam_data.text.periods import find_periods, period_of_label

D = dt.date


@pytest.mark.parametrize(
    ("text", "ref_year", "start", "end"),
    [
        ("äskar 2 500 tkr för 2025", None, D(2025, 1, 1), D(2025, 12, 31)),
        ("(2022: 134 personer)", None, D(2022, 1, 1), D(2022, 12, 31)),
        ("Årsredovisning 2023", None, D(2023, 1, 1), D(2023, 12, 31)),
        ("2024 års bidrag", None, D(2024, 1, 1), D(2024, 12, 31)),
        ("Delårsrapport jan–aug 2017", None, D(2017, 1, 1), D(2017, 8, 31)),
        ("januari - augusti 2024", None, D(2024, 1, 1), D(2024, 8, 31)),
        ("juli 2023 - juni 2024", None, D(2023, 7, 1), D(2024, 6, 30)),
        ("för tiden 2024 januari till augusti", None, D(2024, 1, 1), D(2024, 8, 31)),
        ("per 2023-12-31", None, D(2023, 1, 1), D(2023, 12, 31)),
        ("per sista april", 2023, D(2023, 1, 1), D(2023, 4, 30)),
        ("t.o.m. juni 2021", None, D(2021, 1, 1), D(2021, 6, 30)),
        ("vid utgången av 2017", None, D(2017, 1, 1), D(2017, 12, 31)),
        ("vid årets slut", 2024, D(2024, 1, 1), D(2024, 12, 31)),
        ("första halvåret 2022", None, D(2022, 1, 1), D(2022, 6, 30)),
        ("verksamhetsplan för 2024-2026", None, D(2024, 1, 1), D(2026, 12, 31)),
    ],
)
def test_find_periods_reads_years_spans_and_cutoffs(text, ref_year, start, end):
    (p,) = find_periods(text, ref_year)
    assert (p.start, p.end) == (start, end)
    assert text[p.char_start : p.char_end].strip()


@pytest.mark.parametrize(
    "text",
    ["sedan föreningen bildades 2012", "per sista april", "Insatser NVSam 2022-2023", "kl 9-12"],
)
def test_no_period_where_none_is_written(text):
    assert find_periods(text) == []


def test_period_of_a_column_header():
    assert period_of_label("Budget 2017") == (D(2017, 1, 1), D(2017, 12, 31))
    assert period_of_label("Utfall 2017-08-31") == (D(2017, 1, 1), D(2017, 8, 31))
    assert period_of_label("Utfall jan-jun", 2022) == (D(2022, 1, 1), D(2022, 6, 30))
    assert period_of_label("Antal deltagare") is None


def test_month_words_come_from_the_shared_table():
    from finsam_data import swedish
    from finsam_data.text import numbers, periods

    assert periods.MONTHS is swedish.MONTHS
    assert swedish.MONTH_ALTERNATION in numbers._MONTHS


def test_a_year_standing_alone_is_a_period():
    (p,) = find_periods("Året som gått – 2021 i siffror")
    assert (p.start, p.end) == (D(2021, 1, 1), D(2021, 12, 31))
    (p,) = find_periods("Förbundet hade 2022 ett överskott på 90 tkr")
    assert p.start.year == 2022


@pytest.mark.parametrize(
    "text", ["Dnr 2025/07", "beslutat 2024-05-12", "sedan 2019 har", "totalt 12 2024 kr"]
)
def test_a_year_inside_a_date_number_or_event_is_not_a_period(text):
    assert find_periods(text) == []


def test_a_school_year_runs_august_to_june():
    (p,) = find_periods("Läsåret 2022/23 deltog 18 elever")
    assert (p.start, p.end) == (D(2022, 8, 1), D(2023, 6, 30))


def test_a_balance_day_dates_its_comparison_figure():
    (p,) = find_periods("uppgick till 1 900 tkr (2023-12-31: 2 050 tkr)")
    assert (p.kind, p.end) == ("attached", D(2023, 12, 31))


@pytest.mark.parametrize(("text", "month"),
                         [("ſep 2024", 9), ("aprıl 2024", 4), ("APRİL 2024", 4), ("oKtober 2024", 10)])
def test_month_words_with_letters_the_regex_engine_folds(text, month):
    # 'ſ', 'ı', 'İ' and the Kelvin sign match 's', 'i' and 'k' when case is ignored; the month is
    # still read instead of failing the document.
    assert [(p.start.year, p.start.month) for p in find_periods(text)] == [(2024, month)]
