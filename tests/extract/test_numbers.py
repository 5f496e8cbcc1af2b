import pytest

from finsam_data.text.numbers import parse_amount, to_float


@pytest.mark.parametrize(
    ("text", "value", "unit", "qualifier", "raw"),
    [
        ("beviljar 120 tkr", 120_000, "SEK", "exact", "120 tkr"),
        ("en medelstilldelning på 6,3 milj kr", 6_300_000, "SEK", "exact", "6,3 milj kr"),
        ("uppgår till 2,1 Mkr", 2_100_000, "SEK", "exact", "2,1 Mkr"),
        ("ram om 12 mnkr", 12_000_000, "SEK", "exact", "12 mnkr"),
        ("ram om 4 mkr", 4_000_000, "SEK", "exact", "4 mkr"),
        ("budget på ca 18 miljoner", 18_000_000, "SEK", "approx", "18 miljoner"),
        ("landar kring 0,5 miljoner kr", 500_000, "SEK", "approx", "0,5 miljoner kr"),
        ("tilläggsäskande om 147 424 kr", 147_424, "SEK", "exact", "147 424 kr"),
        ("kostnad 15 000 kronor", 15_000, "SEK", "exact", "15 000 kronor"),
        ("ca 100 000kr lägre", 100_000, "SEK", "approx", "100 000kr"),
        ("no-break 1\u00a0234\u00a0567 kr", 1_234_567, "SEK", "exact", "1\u00a0234\u00a0567 kr"),
        ("thin 7\u2009800\u2009000 kr", 7_800_000, "SEK", "exact", "7\u2009800\u2009000 kr"),
        ("med upp till max 50 000 tkr", 50_000_000, "SEK", "max", "50 000 tkr"),
        ("knappt 1 200 tkr", 1_200_000, "SEK", "below", "1 200 tkr"),
        ("drygt 40 personer", 40, "persons", "approx", "40 personer"),
        ("klart över fem år", 5, "years", "above", "fem år"),
        ("under 100 tkr", 100_000, "SEK", "below", "100 tkr"),
        ("61% kvinnor", 61, "percent", "exact", "61%"),
        ("47 procent", 47, "percent", "exact", "47 procent"),
        ("höjning till 3,5 promille", 3.5, "promille", "exact", "3,5 promille"),
        ("avgift 2 ‰", 2, "promille", "exact", "2 ‰"),
        ("i snitt 11 månader", 11, "months", "exact", "11 månader"),
        ("väntetid 6 veckor", 6, "weeks", "exact", "6 veckor"),
        ("28 nya deltagare", 28, "persons", "exact", "28 nya deltagare"),
        ("ca var fjärde deltagare", 25, "percent", "approx", "var fjärde"),
        ("nio av tio deltagare", 90, "percent", "exact", "nio av tio"),
        ("fyra deltagare", 4, "persons", "exact", "fyra deltagare"),
    ],
)
def test_parse_amount_reads_value_unit_qualifier_and_raw(text, value, unit, qualifier, raw):
    (a,) = parse_amount(text)
    assert (a.value, a.unit, a.qualifier, a.raw) == (pytest.approx(value), unit, qualifier, raw)
    assert text[a.start : a.end] == a.raw


def test_one_third_is_a_share():
    (a,) = parse_amount("cirka en tredjedel")
    assert a.unit == "percent" and a.value == pytest.approx(100 / 3) and a.qualifier == "approx"


@pytest.mark.parametrize(
    ("text", "value", "raw"),
    [
        ("resultat -791 tkr", -791_000, "-791 tkr"),
        ("minusbudget (- 748 tkr)", -748_000, "- 748 tkr"),
        ("Medel\t-7 800 000", -7_800_000, "-7 800 000"),
        ("Utfall\t- 6 337 500", -6_337_500, "- 6 337 500"),
        ("resultat \u22121 234 kr", -1234, "\u22121 234 kr"),
        ("resultat blev \u2013 500 tkr", -500_000, "\u2013 500 tkr"),
    ],
)
def test_minus_signs_as_documents_write_them(text, value, raw):
    (a,) = parse_amount(text)
    assert a.value == value and a.raw == raw and a.signed


def test_a_dash_between_a_name_and_a_figure_is_not_a_minus():
    (a,) = parse_amount("Samverkansteam Avesta – 2 500 tkr")
    assert a.value == 2_500_000 and not a.signed


def test_range_keeps_both_ends():
    (a,) = parse_amount("andra insatser (20 tkr-62 tkr)")
    assert (a.value, a.high, a.raw) == (20_000, 62_000, "20 tkr-62 tkr")
    (b,) = parse_amount("mellan 5-10 personer")
    assert (b.value, b.high, b.unit) == (5, 10, "persons")


@pytest.mark.parametrize(
    "text",
    [
        "Sammanträdesdatum 2023-05-25",
        "kl 09:00-11:30",
        "(kl 9.00-11.30)",
        "klockan 17:00-18:30",
        "§ 27-34",
        "NVSam § 56",
        "Paragrafer 29-41",
        "Dnr SDSF 2024 000025 790",
        "Sida 8",
        "1 (9)",
        "den 20 november 2024",
        "Finsamkonferens i Halmstad 18-19 april",
        "personer i förvärvsaktiv ålder (16-64 år)",
        "unga under 25 år",
        "för 5:e gången",
        "under en 5-årsperiod",
        "en 3-dagars utbildning",
        "tel 0223-123 45",
        "se www.finsam.se/2023/12 eller https://x.se/a-12",
        "Årsredovisning 2023",
        "sedan föreningen bildades 2012",
        "1. På kort sikt",
        "grundutbildningar nummer 17 och 18",
        "GULF 17, mars",
        "Lagen (2003:1210) om finansiell samordning",
        "uppgår till tkr",
    ],
)
def test_text_that_only_looks_like_a_figure_yields_nothing(text):
    assert [a for a in parse_amount(text) if a.unit is not None] == []


def test_bare_numbers_are_returned_without_unit_but_years_are_not():
    found = parse_amount("Sala 35 år 2023", bare=True)
    assert [(a.value, a.unit) for a in found] == [(35.0, "years")]
    assert [a.value for a in parse_amount("Sala\t35\t20")] == [35, 20]
    assert parse_amount("Sala\t35", bare=False) == []


def test_to_float_reads_swedish_grouping():
    assert to_float("1 234 567,5") == 1234567.5
    assert to_float("1.200.000") == 1200000


def test_number_words_x_of_y_approximate_tens_and_counts_by_destination():
    def got(text):
        return [(a.value, a.unit, a.qualifier, a.raw) for a in parse_amount(text)]

    assert got("Tre av fyra deltagare") == [(75.0, "percent", "exact", "Tre av fyra")]
    assert got("ett trettiotal deltagare") == [(30.0, "persons", "approx", "ett trettiotal deltagare")]
    assert got("gick sju till arbete") == [(7.0, None, "exact", "sju")]
    assert got("två till tre månader") == [(3.0, "months", "exact", "tre månader")]


def test_stray_space_at_a_decimal_comma_is_one_figure():
    from finsam_data.text.numbers import parse_amount

    (a,) = parse_amount("var i snitt 9, 5 månader")
    assert (a.value, a.unit) == (9.5, "months")
    (b,) = parse_amount("hade 4 ,8 år i försörjning")
    assert (b.value, b.unit) == (4.8, "years")
    # people are never counted in decimals: a list stays a list
    assert [x.value for x in parse_amount("3, 5 personer")] == [3.0, 5.0]


def test_parenthesised_negative_with_its_unit_after():
    from finsam_data.text.numbers import parse_amount

    (a,) = parse_amount("ett budgeterat resultat på (450) tkr")
    assert (a.value, a.unit, a.raw, a.signed) == (-450_000.0, "SEK", "(450) tkr", True)


def test_kkr_is_thousands():
    from finsam_data.text.numbers import parse_amount

    (a,) = parse_amount("motsvarar 28,2 kkr")
    assert a.value == 28_200.0
