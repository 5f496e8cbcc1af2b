import datetime as dt
import re

import polars as pl
import pytest

from finsam_data import checks, schema
from finsam_data.registry import forbund_frame

Y2025 = {"period_start": dt.date(2025, 1, 1), "period_end": dt.date(2025, 12, 31)}
JAN_AUG = {"period_start": dt.date(2017, 1, 1), "period_end": dt.date(2017, 8, 31)}


_NUMBER = re.compile(r"\d{1,3}(?:[ \u00a0]\d{3})+(?:,\d+)?|\d+(?:,\d+)?")
_WORD = re.compile(r"(?i)\b(tkr|mkr|mnkr|kr)\b")


def as_written(raw: str, value: float | None) -> dict:
    """The scale and unit word the extractor gives a figure written ``raw`` (test helper)."""
    number = _NUMBER.search(raw)
    shown = float(number.group().replace(" ", "").replace("\xa0", "").replace(",", ".")) if number else 0
    word = _WORD.search(raw)
    scale = round(abs(value) / shown, 6) if shown and value else 1.0
    return {"scale": scale, "unit_word": word.group(1).lower() if word else None}


def fact(**kw):
    if "raw" in kw and "scale" not in kw:
        kw = {**as_written(kw["raw"], kw.get("value")), **kw}
    row = {
        "forbund_id": "sodra-dalarna",
        "doc_id": "d1",
        "source": "a.txt",
        "section": "§ 4",
        "unit": "SEK",
        "qualifier": "exact",
        "is_total": False,
        "quote": kw.get("raw", "q"),
        "char_start": 0,
        "char_end": 1,
        **Y2025,
    }
    row.update(kw)
    return row


def facts(*rows):
    return schema.frame("facts", rows)


def check(name: str):
    return {c.name: c for c in checks.registered()}[name]


def group_sums(f):
    return check("group_sum").evaluate({"facts": f})


def breakdown_sums(f):
    return check("breakdown_sum").evaluate({"facts": f})


def share_sums(f):
    return check("share_sum").evaluate({"facts": f})


def share_counts(f):
    return check("share_counts").evaluate({"facts": f})


def parts_vs_totals(f):
    return check("parts_vs_total").evaluate({"facts": f})


def result_balance(f):
    both = [check(n).evaluate({"facts": f}) for n in ("result_balance", "result_sign")]
    return pl.concat(both)


def unit_slips(f, forbund=None, decisions=None, documents=None):
    tables = {"facts": f, "forbund": forbund, "decisions": decisions, "documents": documents}
    return check("unit_slip").evaluate({k: v for k, v in tables.items() if v is not None})


def failing(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.filter(pl.col("deviation") > pl.col("tolerance"))


def requests(values, total, raw_unit="tkr", scale=1000, qualifier="exact"):
    rows = [
        fact(
            measure="request",
            subject=f"Team {i}",
            value=v * scale,
            raw=f"{v} {raw_unit}",
            group_id="g",
        )
        for i, v in enumerate(values)
    ]
    rows.append(
        fact(
            measure="request",
            subject="total",
            is_total=True,
            value=total * scale,
            raw=f"{total} {raw_unit}",
            group_id="g",
            qualifier=qualifier,
        )
    )
    return facts(*rows)


# --- group sums ---------------------------------------------------------------------------


def test_list_that_adds_up_passes():
    out = group_sums(requests([2500, 2146, 1670], 6316))
    assert out.height == 1
    assert failing(out).height == 0


def test_list_off_by_100_tkr_against_its_total_fails_with_amounts_as_written():
    out = failing(group_sums(requests([2500, 2146, 1670], 6216)))
    assert out.height == 1
    row = out.row(0, named=True)
    assert row["check"] == "group_sum"
    assert row["severity"] == "warning"
    assert row["observed"] == "6\xa0316\xa0tkr"
    assert row["expected"] == "6\xa0216\xa0tkr"
    assert "Team 0 2\xa0500\xa0tkr" in row["message"]
    assert row["section"] == "§ 4"


def test_rounding_of_tkr_figures_is_tolerated():
    # 3 addends + total, each rounded to whole tkr: up to 2 tkr apart without any error.
    assert failing(group_sums(requests([1001, 1001, 1001], 3004))).height == 0
    assert failing(group_sums(requests([1001, 1001, 1001], 3006))).height == 1


def test_whole_krona_table_allows_no_hundred_krona_gap():
    rows = [
        fact(
            measure="budget_cost", subject=s, value=v, raw=f"{v:,}".replace(",", " "), group_id="b"
        )
        for s, v in [("Styrelse", 839_500), ("Administration", 1_144_000), ("Team", 7_112_500)]
    ]
    rows.append(
        fact(
            measure="budget_cost",
            subject="total",
            is_total=True,
            value=9_096_100,
            raw="9 096 100",
            group_id="b",
        )
    )
    out = failing(group_sums(facts(*rows)))
    assert out["observed"].to_list() == ["9\xa0096\xa0000\xa0kr"]


def test_varav_line_under_a_figure_is_not_an_addend():
    rows = [
        fact(
            measure="budget_cost", subject="Styrelse", value=839_500.0, raw="839 500", group_id="b"
        ),
        fact(
            measure="budget_cost",
            subject="Varav utvecklingsmedel",
            parent_subject="Styrelse",
            value=400_000.0,
            raw="400 000",
            group_id="b",
        ),
        fact(
            measure="budget_cost",
            subject="Administration",
            value=160_500.0,
            raw="160 500",
            group_id="b",
        ),
        fact(
            measure="budget_cost",
            subject="total",
            is_total=True,
            value=1_000_000.0,
            raw="1 000 000",
            group_id="b",
        ),
    ]
    assert failing(group_sums(facts(*rows))).height == 0


def test_sub_lines_under_a_header_without_figure_are_addends():
    rows = [
        fact(
            measure="budget_cost",
            subject="Bil – Kostnad",
            parent_subject="Bil",
            value=75_000.0,
            raw="75 000",
            group_id="b",
        ),
        fact(
            measure="budget_cost",
            subject="Kurator – Kostnad",
            parent_subject="Kurator",
            value=695_000.0,
            raw="695 000",
            group_id="b",
        ),
        fact(
            measure="budget_cost",
            subject="total",
            is_total=True,
            value=770_000.0,
            raw="770 000",
            group_id="b",
        ),
    ]
    out = group_sums(facts(*rows))
    assert out.height == 1
    assert failing(out).height == 0


def test_income_and_cost_rows_sharing_a_column_are_summed_per_measure():
    rows = [
        fact(
            measure="budget_income",
            subject="Medel",
            value=7_800_000.0,
            raw="-7 800 000",
            group_id="c",
        ),
        fact(
            measure="budget_income",
            subject="Bil – Intäkt",
            value=36_000.0,
            raw="- 36 000",
            group_id="c",
        ),
        fact(
            measure="budget_income",
            subject="total",
            is_total=True,
            value=7_836_000.0,
            raw="-7 836 000",
            group_id="c",
        ),
        fact(
            measure="budget_cost", subject="Styrelse", value=500_000.0, raw="500 000", group_id="c"
        ),
        fact(measure="budget_cost", subject="Team", value=500_000.0, raw="500 000", group_id="c"),
        fact(
            measure="budget_cost",
            subject="total",
            is_total=True,
            value=1_000_000.0,
            raw="1 000 000",
            group_id="c",
        ),
    ]
    out = group_sums(facts(*rows))
    assert out.height == 2
    assert failing(out).height == 0


def test_ceiling_total_is_only_exceeded():
    assert failing(group_sums(requests([100, 100], 300, qualifier="max"))).height == 0
    assert failing(group_sums(requests([200, 200], 300, qualifier="max"))).height == 1


def test_approx_total_gets_five_percent():
    assert failing(group_sums(requests([300, 300], 620, qualifier="approx"))).height == 0
    assert failing(group_sums(requests([300, 300], 700, qualifier="approx"))).height == 1


def test_mkr_with_a_decimal_has_a_hundred_thousand_step():
    rows = [
        fact(
            measure="allocation",
            subject="Kommunerna",
            value=3_100_000.0,
            raw="3,1 mkr",
            group_id="m",
        ),
        fact(
            measure="allocation", subject="Staten", value=3_100_000.0, raw="3,1 mkr", group_id="m"
        ),
        fact(
            measure="allocation",
            subject="total",
            is_total=True,
            value=6_300_000.0,
            raw="6,3 mkr",
            group_id="m",
        ),
    ]
    # 3,1 + 3,1 = 6,2 against 6,3 mkr: each figure is ±50 000 kr, so 150 000 kr of slack.
    out = group_sums(facts(*rows))
    assert out["tolerance"].round(0).to_list() == [150_000.0]
    assert failing(out).height == 0


def test_group_without_stated_total_is_not_checked():
    rows = [fact(measure="request", subject=s, value=1.0, raw="1 kr", group_id="g") for s in "ab"]
    assert group_sums(facts(*rows)).height == 0


def test_person_counts_are_exact():
    rows = [
        fact(
            measure="participants",
            unit="persons",
            subject=k,
            value=float(v),
            raw=str(v),
            group_id="k",
            **JAN_AUG,
        )
        for k, v in [("Sala", 35), ("Hallstahammar", 24), ("Fagersta", 15)]
    ]
    rows.append(
        fact(
            measure="participants",
            unit="persons",
            subject="total",
            is_total=True,
            value=75.0,
            raw="75",
            group_id="k",
            **JAN_AUG,
        )
    )
    out = failing(group_sums(facts(*rows)))
    assert out.height == 1
    assert out["tolerance"].to_list()[0] < 0.01


# --- breakdowns and shares -------------------------------------------------------------------


def by_sex(total, women, men, subject="Sala"):
    return [
        fact(
            measure="participants",
            unit="persons",
            subject=subject,
            value=float(total),
            raw=str(total),
            group_id="all",
            **JAN_AUG,
        ),
        fact(
            measure="participants",
            unit="persons",
            subject=subject,
            breakdown="kvinnor",
            value=float(women),
            raw=str(women),
            group_id="w",
            **JAN_AUG,
        ),
        fact(
            measure="participants",
            unit="persons",
            subject=subject,
            breakdown="män",
            value=float(men),
            raw=str(men),
            group_id="m",
            **JAN_AUG,
        ),
    ]


def test_women_plus_men_equal_persons():
    assert failing(breakdown_sums(facts(*by_sex(35, 20, 15)))).height == 0


def test_women_plus_men_not_equal_persons_is_reported_for_that_subject():
    out = failing(
        breakdown_sums(facts(*by_sex(35, 20, 15), *by_sex(10, 7, 4, "Surahammar")))
    )
    assert out.height == 1
    assert "Surahammar" in out["message"][0]
    assert out["observed"][0] == "11\xa0personer"


def test_percent_split_by_sex_sums_to_100_within_rounding():
    ok = [
        fact(
            measure="participants_share",
            unit="percent",
            breakdown="kvinnor",
            value=61.0,
            raw="61%",
            **JAN_AUG,
        ),
        fact(
            measure="participants_share",
            unit="percent",
            breakdown="män",
            value=39.0,
            raw="39%",
            **JAN_AUG,
        ),
    ]
    assert failing(share_sums(facts(*ok))).height == 0
    bad = [
        fact(
            measure="participants_share",
            unit="percent",
            breakdown="kvinnor",
            value=61.0,
            raw="61%",
            **JAN_AUG,
        ),
        fact(
            measure="participants_share",
            unit="percent",
            breakdown="män",
            value=49.0,
            raw="49%",
            **JAN_AUG,
        ),
    ]
    assert failing(share_sums(facts(*bad))).height == 1


@pytest.mark.parametrize(
    ("quote", "stated", "qualifier", "fails"),
    [
        ("52 av 127 deltagare (40 %) gick till arbete", 40.0, "exact", True),
        ("52 av 127 deltagare (41 %) gick till arbete", 41.0, "exact", False),
        ("52 av 127 deltagare, ca 40 %, gick till arbete", 40.0, "approx", False),
        ("52 av totalt 127 deltagare, knappt 42 %", 42.0, "below", False),
        ("52 av totalt 127 deltagare, över 42 %", 42.0, "above", True),
        ("Av 127 deltagare gick 40 % till arbete", 40.0, "exact", False),  # no 'a av b': no check
        ("1 204 av 2 980 avslut (40 %)", 40.0, "exact", False),
    ],
)
def test_stated_share_against_a_av_b(quote, stated, qualifier, fails):
    row = fact(
        measure="exit_share_work",
        unit="percent",
        value=stated,
        raw=f"{stated:.0f} %",
        quote=quote,
        qualifier=qualifier,
    )
    out = share_counts(facts(row))
    assert failing(out).height == (1 if fails else 0)


SENTENCE = "totalt 96 personer (61% kvinnor och 45% män), varav 28 nya"


def sex_shares(quote=SENTENCE, women=61.0):
    total = dict(measure="participants", unit="persons", subject="total", is_total=True, **JAN_AUG)
    share = dict(measure="participants_share", unit="percent", quote=quote, **JAN_AUG)
    return facts(
        fact(value=96.0, raw="96", group_id="a", **total),
        fact(breakdown="kvinnor", value=59.0, raw="59", group_id="w", **total),
        fact(breakdown="kvinnor", value=women, raw=f"{women:.0f}%", **share),
        fact(breakdown="män", value=45.0, raw="45%", **share),
    )


def test_share_by_sex_against_counts_by_sex():
    out = share_counts(sex_shares())
    assert out.height == 1  # no count for men: only the women's share is checked
    assert failing(out).height == 0
    assert failing(share_counts(sex_shares(women=66.0))).height == 1


def test_share_of_another_whole_is_not_compared_with_these_counts():
    quote = "61% kvinnor bland de nya deltagarna"
    assert share_counts(sex_shares(quote=quote, women=66.0)).height == 0


# --- parts against a count stated in the text ------------------------------------------------


def exits(stated, reasons):
    rows = [
        fact(
            measure="exits",
            unit="persons",
            value=float(stated),
            raw=f"{stated} personer",
            **JAN_AUG,
        )
    ]
    rows += [
        fact(
            measure="exits_by_reason",
            unit="persons",
            subject=s,
            value=float(v),
            raw=str(v),
            group_id="r",
            **JAN_AUG,
        )
        for s, v in reasons
    ]
    return facts(*rows)


def test_exit_reasons_summing_to_fewer_than_the_stated_exits_is_reported():
    out = failing(
        parts_vs_totals(
            exits(26, [("Arbete", 1), ("Studier", 3), ("Sjukdom", 7), ("Övrigt", 14)])
        )
    )
    assert out.height == 1
    assert out["observed"][0] == "25\xa0personer"
    assert out["expected"][0] == "26\xa0personer"


def test_exit_reasons_matching_the_stated_exits_pass():
    assert failing(parts_vs_totals(exits(25, [("Arbete", 11), ("Studier", 14)]))).height == 0


@pytest.mark.parametrize(("reasons", "fails"), [((19, 7), False), ((40, 20), True)])
def test_a_varav_list_of_exit_reasons_fails_only_when_it_exceeds_the_exits(reasons, fails):
    sentence = "Under året avslutades 52 deltagare, varav {} till arbete och {} till studier."
    frame = exits(52, [("arbete", reasons[0]), ("studier", reasons[1])]).with_columns(
        quote=pl.lit(sentence.format(*reasons))
    )
    assert failing(parts_vs_totals(frame)).height == int(fails)


@pytest.mark.parametrize(("part", "fails"), [(12, False), (13, True)])
def test_a_single_exit_reason_fails_only_when_larger_than_the_exits(part, fails):
    # "12 avslutade ... 13 gick till arbete eller studier": a part larger than its whole
    frame = exits(12, [("arbete eller studier", part)])
    assert failing(parts_vs_totals(frame)).height == int(fails)


def test_exits_from_another_period_are_not_compared():
    frame = exits(26, [("Arbete", 1), ("Studier", 3)]).with_columns(
        pl.when(pl.col("measure") == "exits")
        .then(pl.lit(dt.date(2016, 1, 1)))
        .otherwise(pl.col("period_start"))
        .alias("period_start")
    )
    assert parts_vs_totals(frame).height == 0


# --- income − costs = result --------------------------------------------------------------------


def budget(result):
    return facts(
        fact(
            measure="budget_cost",
            subject="total",
            is_total=True,
            value=9_096_100.0,
            raw="9 096 100",
            group_id="c",
        ),
        fact(
            measure="budget_income",
            subject="total",
            is_total=True,
            value=8_136_000.0,
            raw="-8 136 000",
            group_id="c",
        ),
        fact(
            measure="budget_result", subject="Resultat", value=result, raw="960 100", group_id="c"
        ),
    )


def test_result_equal_to_income_minus_costs_passes():
    out = result_balance(budget(-960_100.0))
    assert out["check"].to_list() == ["result_balance"]
    assert failing(out).height == 0


def test_result_that_does_not_balance_is_a_document_warning():
    out = failing(result_balance(budget(-950_100.0)))
    assert out["check"].to_list() == ["result_balance"]
    assert out["severity"].to_list() == ["warning"]


def test_result_with_reversed_sign_is_our_error():
    out = failing(result_balance(budget(960_100.0)))
    assert out["check"].to_list() == ["result_sign"]
    assert out["severity"].to_list() == ["error"]


def _tkr(value):
    return f"{value / 1000:,.0f}".replace(",", " ").replace("-", "−")


def income_statement(final, *financial, operating=None):
    """Resultaträkning (tkr): income 9 840, costs 11 040, then financial rows and results."""
    rows = [
        fact(
            measure="actual_income", subject="total", is_total=True, value=9_840_000.0, raw="9 840"
        ),
        fact(
            measure="actual_cost", subject="total", is_total=True, value=11_040_000.0, raw="−11 040"
        ),
        *(fact(measure=m, subject=s, value=v, raw=r) for m, s, v, r in financial),
        fact(measure="actual_result", subject="Årets resultat", value=final, raw=_tkr(final)),
    ]
    if operating is not None:
        rows.append(
            fact(
                measure="actual_result",
                subject="Verksamhetens resultat",
                value=operating,
                raw=_tkr(operating),
            )
        )
    return facts(*rows)  # fmt: skip


FIN_INCOME = ("actual_income", "Finansiella intäkter", 15_000.0, "15")
FIN_COST = ("actual_cost", "Finansiella kostnader", 3_000.0, "−3")
FIN_NET = ("actual_result", "Finansnetto", 12_000.0, "12")


@pytest.mark.parametrize(
    "financial",
    [(FIN_INCOME, FIN_COST), (FIN_INCOME, FIN_COST, FIN_NET), (FIN_NET,)],
    ids=["items", "items-and-net", "net-only"],
)
def test_financial_rows_after_costs_are_added_with_their_sign(financial):
    out = result_balance(income_statement(-1_188_000.0, *financial))
    assert out["check"].to_list() == ["result_balance"]
    assert failing(out).height == 0


def test_operating_result_is_income_minus_costs_and_final_includes_financial_rows():
    ok = income_statement(-1_188_000.0, FIN_INCOME, FIN_COST, operating=-1_200_000.0)
    assert failing(result_balance(ok)).height == 0
    bad = income_statement(-1_200_000.0, FIN_INCOME, FIN_COST, operating=-1_200_000.0)
    out = failing(result_balance(bad))
    assert out["observed"].to_list() == ["−1\xa0200\xa0tkr"]
    assert "finansiella poster 12" in out["message"][0]


def test_financial_row_of_unknown_kind_skips_the_final_result():
    statement = income_statement(
        -1_188_000.0, ("other_sek", "Finansiella intäkter", 12_000.0, "12")
    )
    assert result_balance(statement).height == 0


# --- unit slips -------------------------------------------------------------------------------------


def test_grant_larger_than_the_annual_allocation_is_a_likely_unit_slip():
    rows = [
        fact(measure="allocation", value=6_300_000.0, raw="6,3 milj kr"),
        fact(
            measure="grant",
            subject="Kursplatser",
            value=50_000_000.0,
            raw="50 000 tkr",
            qualifier="max",
        ),
        fact(measure="request", subject="Team A", value=2_500_000.0, raw="2 500 tkr"),
    ]
    out = unit_slips(facts(*rows), forbund_frame())
    assert out.height == 2
    bad = failing(out)
    assert bad.height == 1
    assert "tkr skrivet där kr avsågs" in bad["message"][0]
    assert "50\xa0000\xa0kr" in bad["message"][0]


def test_allocation_of_a_predecessor_is_used_when_the_forbund_has_none():
    rows = [
        fact(
            forbund_id="norra-vastmanland",
            measure="allocation",
            value=7_800_000.0,
            raw="7 800 000",
            period_start=dt.date(2017, 1, 1),
            period_end=dt.date(2017, 12, 31),
        ),
        fact(forbund_id="vastmanland", measure="grant", value=20_000_000.0, raw="20 000 tkr"),
    ]
    out = failing(unit_slips(facts(*rows), forbund_frame()))
    assert out.height == 1
    assert "7\xa0800\xa0000\xa0kr" in out["message"][0]


def test_multi_year_grant_is_compared_with_that_many_years():
    rows = [
        fact(measure="allocation", value=6_300_000.0, raw="6,3 mkr"),
        fact(
            measure="grant",
            value=10_000_000.0,
            raw="10 mkr",
            period_start=dt.date(2025, 1, 1),
            period_end=dt.date(2026, 12, 31),
        ),
    ]
    assert failing(unit_slips(facts(*rows), forbund_frame())).height == 0


def test_without_any_reference_scale_nothing_is_guessed():
    rows = [fact(measure="grant", value=50_000_000.0, raw="50 000 tkr")]
    assert unit_slips(facts(*rows), forbund_frame()).height == 0


def test_whole_year_budget_is_a_scale_too():
    rows = [
        fact(
            measure="budget_cost",
            subject="total",
            is_total=True,
            value=18_000_000.0,
            raw="18 miljoner",
        ),
        fact(measure="grant", value=50_000_000.0, raw="50 000 tkr"),
    ]
    out = failing(unit_slips(facts(*rows), forbund_frame()))
    assert out.height == 1
    assert "årsbudget" in out["message"][0]


def test_one_members_contribution_is_not_the_forbunds_scale():
    rows = [
        fact(measure="allocation", subject="Region Dalarna", value=1_500_000.0, raw="1,5 mkr"),
        fact(measure="grant", value=2_000_000.0, raw="2 000 tkr"),
    ]
    assert unit_slips(facts(*rows), forbund_frame()).height == 0


def test_document_without_forbund_is_compared_with_its_own_figures_only():
    rows = [
        fact(forbund_id=None, doc_id="x", measure="allocation", value=5_000_000.0, raw="5 mkr"),
        fact(forbund_id=None, doc_id="y", measure="grant", value=9_000_000.0, raw="9 000 tkr"),
        fact(forbund_id=None, doc_id="x", measure="grant", value=8_000_000.0, raw="8 000 tkr"),
    ]
    out = unit_slips(facts(*rows), forbund_frame())
    assert out["doc_id"].to_list() == ["x"]
    assert failing(out).height == 1


def test_grant_decision_without_a_fact_is_checked_too():
    decisions = schema.frame(
        "decisions",
        [
            {
                "forbund_id": "sodra-dalarna",
                "meeting_date": dt.date(2025, 3, 1),
                "item_no": 7,
                "text": "Att bevilja 9 000 tkr till projektet",
                "kind": "grant",
                "amount_sek": 9_000_000.0,
                "doc_id": "d1",
            }
        ],
    )
    rows = [fact(measure="allocation", value=6_300_000.0, raw="6,3 mkr")]
    out = failing(unit_slips(facts(*rows), forbund_frame(), decisions))
    assert out["table"].to_list() == ["decisions"]
    assert out["section"].to_list() == ["§ 7"]


def test_consistency_of_empty_facts_is_an_empty_frame_with_the_check_schema():
    out = checks.run({"facts": schema.frame("facts")})
    assert out.schema == checks.CHECK_SCHEMA
    assert out.height == 0


def test_a_further_split_beside_women_and_men_is_not_summed():
    rows = by_sex(35, 20, 12) + [
        fact(
            measure="participants",
            unit="persons",
            subject="Sala",
            breakdown="ej angivet",
            value=3.0,
            raw="3",
            group_id="x",
            **JAN_AUG,
        )
    ]
    assert breakdown_sums(facts(*rows)).height == 0


def test_unmarked_subtotal_rows_are_not_counted_twice():
    rows = [
        fact(measure="budget_cost", subject=s, value=v, raw=str(int(v)), group_id="b")
        for s, v in [
            ("Löner", 400.0),
            ("Arvoden", 100.0),
            ("Summa personal", 500.0),
            ("Lokaler", 300.0),
        ]
    ]
    rows.append(
        fact(
            measure="budget_cost",
            subject="total",
            is_total=True,
            value=800.0,
            raw="800",
            group_id="b",
        )
    )
    assert failing(group_sums(facts(*rows))).height == 0
    rows[-1] = dict(rows[-1], value=900.0, raw="900")
    assert failing(group_sums(facts(*rows))).height == 1


def test_exits_stated_in_another_section_are_not_compared():
    frame = exits(26, [("Arbete", 1), ("Studier", 3)]).with_columns(
        pl.when(pl.col("measure") == "exits")
        .then(pl.lit("Team Norr"))
        .otherwise(pl.col("section"))
        .alias("section")
    )
    assert parts_vs_totals(frame).height == 0


def test_largest_whole_year_figure_is_the_scale_not_a_small_project_budget():
    rows = [
        fact(measure="allocation", value=19_000_000.0, raw="19 mkr",
             period_start=dt.date(2023, 1, 1), period_end=dt.date(2023, 12, 31)),
        fact(measure="budget_cost", value=500_000.0, raw="500 tkr"),
        fact(measure="grant", subject="Team", value=2_000_000.0, raw="2 000 tkr"),
    ]  # fmt: skip
    assert failing(unit_slips(facts(*rows), forbund_frame())).height == 0


def test_consistency_findings_do_not_depend_on_the_order_of_the_rows():
    from finsam_data.build import collect_tables
    from finsam_data.checks import run as consistency
    from finsam_data.read import bundled_corpus

    tables, _ = collect_tables([bundled_corpus()])
    want = consistency(tables)
    assert want.height > 0
    for seed in (1, 2, 3):
        shuffled = {**tables, "facts": tables["facts"].sample(fraction=1.0, shuffle=True,
                                                              seed=seed)}  # fmt: skip
        assert consistency(shuffled).equals(want)
