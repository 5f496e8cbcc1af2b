"""The figure module's contract: title, axis titles, source line, Swedish numbers, palette,
provenance hovers, and escaping of everything that came from a document."""

from __future__ import annotations

import datetime as dt

import plotly.graph_objects as go
import polars as pl
import pytest

from finsam_data import figures as fg

NBSP = "\u00a0"


def facts(**extra):
    base = {
        "forbund": ["Alfa", "Beta"],
        "value": [2_500_000.0, 1_200_000.0],
        "unit": ["SEK", "SEK"],
        "qualifier": ["exact", "approx"],
        "source": ["a.txt", "b.md"],
        "section": ["§ 31", "Ekonomi"],
        "quote": ["äskar 2 500 tkr", "cirka 1,2 mnkr"],
    }
    base.update(extra)
    return pl.DataFrame(base)


def money_bar(data=None, **kw):
    return fg.bar(data if data is not None else facts(), x="forbund", y="value",
                  title="Äskat", x_title="Förbund", y_title="Kronor", unit="SEK", **kw)


def test_bar_has_title_axis_titles_and_source_line():
    fig = money_bar()
    assert fig.layout.title.text == "Äskat"
    assert fig.layout.xaxis.title.text == "Förbund"
    assert fig.layout.yaxis.title.text == "Kronor"
    notes = [a.text for a in fig.layout.annotations]
    assert notes == ["Källa: a.txt, b.md (uppgifterna som de står i dokumenten)"]


def test_swedish_separators_and_explicit_tickformat_on_value_axis():
    fig = money_bar()
    assert fig.layout.separators == "," + NBSP
    assert fig.layout.yaxis.tickformat == ",.0f"
    percent = fg.bar(facts(unit=["percent"] * 2, value=[47.0, 71.0]), x="forbund", y="value",
                     title="Andel", x_title="Förbund", y_title="Andel", unit="percent")
    assert percent.layout.yaxis.ticksuffix == NBSP + "%"


def test_horizontal_bar_puts_tickformat_on_x():
    fig = money_bar(horizontal=True)
    assert fig.layout.xaxis.tickformat == ",.0f"
    assert fig.layout.xaxis.title.text == "Kronor"
    assert fig.data[0].orientation == "h"


def test_colour_blind_palette_in_order():
    data = facts(kind=["Äskat", "Beviljat"])
    fig = money_bar(data, color="kind")
    assert [t.marker.color for t in fig.data] == list(fg.PALETTE[:2])
    assert fig.layout.colorway == fg.PALETTE


def test_hover_shows_document_section_and_quote():
    fig = money_bar()
    hover = fig.data[0].hovertext[1]
    assert "Dokument: b.md" in hover
    assert "Avsnitt: Ekonomi" in hover
    assert "Citat: ”cirka 1,2 mnkr”" in hover
    assert f"ca 1{NBSP}200{NBSP}000{NBSP}kr" in hover
    assert fig.data[0].hovertemplate == "%{hovertext}<extra></extra>"


def test_value_labels_are_swedish_and_qualified():
    fig = money_bar()
    assert list(fig.data[0].text) == [f"2,5{NBSP}mnkr", f"ca 1,2{NBSP}mnkr"]


def test_document_text_is_escaped_everywhere():
    evil = "<script>alert(1)</script>"
    data = facts(forbund=[evil, "<b>x</b>"], quote=[evil, "<img src=x onerror=alert(1)>"],
                 source=["<i>a</i>", "b"])
    fig = money_bar(data)
    blob = fig.to_json()
    assert "<script>" not in blob
    assert "<img" not in blob
    assert "&lt;script&gt;" in blob
    assert list(fig.data[0].x)[0].replace("<br>", "") == "&lt;script&gt;alert(1)&lt;/script&gt;"


def test_long_category_labels_wrap_instead_of_rotating():
    fig = money_bar(facts(forbund=["Samverkansteam Kraften Hedemora (jul 2023–jun 2024)", "B"]))
    assert list(fig.data[0].x)[0].count("<br>") == 2
    assert fig.layout.xaxis.tickangle == 0


def test_missing_provenance_columns_is_an_error():
    with pytest.raises(fg.FigureContractError, match="quote"):
        money_bar(facts().drop("quote"))


def test_missing_title_is_an_error():
    with pytest.raises(fg.FigureContractError):
        fg.bar(facts(), x="forbund", y="value", title="", x_title="F", y_title="K", unit="SEK")


def test_check_figure_rejects_a_plain_plotly_figure():
    fig = go.Figure(go.Bar(x=["a"], y=[1]))
    with pytest.raises(fg.FigureContractError, match="titel saknas"):
        fg.check_figure(fig)


def test_line_over_dates_uses_swedish_day_month_ticks_and_one_trace_per_forbund():
    data = pl.DataFrame({
        "date": [dt.date(2022, 12, 31), dt.date(2023, 12, 31), dt.date(2024, 12, 31)],
        "value": [1.9e6, 1.4e6, 1.1e6], "unit": ["SEK"] * 3, "qualifier": ["exact"] * 3,
        "forbund": ["Alfa", "Alfa", "Omega"], "source": ["a", "b", "c"],
        "section": [None, None, None], "quote": ["q1", "q2", "q3"],
    })
    fig = fg.line(data, x="date", y="value", color="forbund", title="Eget kapital",
                  x_title="Datum", y_title="Kronor", unit="SEK")
    assert fig.layout.xaxis.tickformat == "%-d %b %Y"  # month names from the sv locale
    assert fig.layout.xaxis.tick0 == "2022-12-31"  # year-end figures get year-end ticks
    assert [t.name for t in fig.data] == ["Alfa", "Omega"]
    assert fig.data[0].hovertext[0].startswith("<b>Alfa</b>")


def test_line_does_not_join_points_years_apart():
    data = pl.DataFrame({
        "date": [dt.date(2017, 12, 31), dt.date(2018, 12, 31), dt.date(2023, 12, 31)],
        "value": [3.1e6, 2.0e6, 4.5e5], "unit": ["SEK"] * 3, "qualifier": ["exact"] * 3,
        "source": ["a"] * 3, "section": [None] * 3, "quote": ["q1", "q2", "q3"],
    })
    fig = fg.line(data, x="date", y="value", title="Eget kapital", x_title="Datum",
                  y_title="Kronor", unit="SEK")
    assert list(fig.data[0].y) == [3.1e6, 2.0e6, None, 4.5e5]
    assert fig.data[0].connectgaps is False


def test_source_line_clears_three_line_category_labels():
    long = "Samverkansteam Kraften Hedemora och omnejd (jul 2023–jun 2024)"
    short = fg.bar(facts(), x="forbund", y="value", title="T", x_title="X", y_title="Y",
                   unit="SEK")
    tall = fg.bar(facts().with_columns(forbund=pl.lit(long)), x="forbund", y="value",
                  title="T", x_title="X", y_title="Y", unit="SEK")
    short_shift = short.layout.annotations[0].yshift
    tall_shift = tall.layout.annotations[0].yshift
    assert tall_shift < short_shift <= -60
    assert tall.layout.margin.b >= -tall_shift + 15


def test_share_chart_shows_computed_share_and_stated_count():
    data = facts(unit=["persons"] * 2, value=[20.0, 11.0], share=[40.0, 22.0])
    fig = fg.bar(data, x="forbund", y="share", title="Andel", x_title="F", y_title="%",
                 unit="percent")
    assert list(fig.data[0].text) == [f"40{NBSP}%", f"22{NBSP}%"]
    assert f"Angivet: 20{NBSP}personer" in fig.data[0].hovertext[0]


def test_bar_or_note_says_plainly_when_there_is_nothing():
    out = fg.bar_or_note(facts().head(0), missing="Gamma redovisar inget.", x="forbund",
                         y="value", title="T", x_title="X", y_title="Y", unit="SEK")
    assert isinstance(out, fg.Html)
    assert "Gamma redovisar inget." in str(out)


def test_table_escapes_and_formats_swedish():
    data = pl.DataFrame({"name": ["<script>x</script>"], "amount": [1234567.0],
                         "share": [47.5], "quote": ["=SUMMA(A1)"],
                         "day": [dt.date(2024, 3, 22)]})
    html = str(fg.table(data, [("name", "Namn", "text"), ("amount", "Belopp", "sek"),
                               ("share", "Andel", "percent"), ("quote", "Citat", "quote"),
                               ("day", "Datum", "date")],
                        caption="Cap <x>", source="Källa: s"))
    assert "<script>" not in html
    assert "&lt;script&gt;x&lt;/script&gt;" in html
    assert f"1{NBSP}234{NBSP}567{NBSP}kr" in html
    assert f"47,5{NBSP}%" in html
    assert "2024-03-22" in html
    assert "Cap &lt;x&gt;" in html


def test_empty_table_becomes_a_missing_note():
    html = str(fg.table(pl.DataFrame({"a": []}, schema={"a": pl.String}),
                        [("a", "A", "text")], caption="Köer", empty="ingen kö rapporteras."))
    assert "finsam-missing" in html and "Köer: ingen kö rapporteras." in html


def test_several_figures_for_one_bar_stand_side_by_side_with_their_quotes():
    data = pl.DataFrame({
        "x": ["Team A (2023)", "Team A (2023)", "Team A (2023)"],
        "kind": ["Äskat", "Äskat", "Beviljat"],
        "value": [20_000.0, 62_000.0, 50_000.0],
        "unit": ["SEK"] * 3, "qualifier": ["above", "max", "exact"],
        "source": ["p.txt"] * 3, "section": ["§ 4"] * 3,
        "quote": ["över 20 000 kr", "högst 62 000 kr", "beviljar 50 000 kr"],
    })
    fig = fg.bar(data, x="x", y="value", color="kind", unit="SEK", title="T", x_title="Insats",
                 y_title="Kronor")
    requests = [t for t in fig.data if t.legendgroup == "Äskat"]
    assert len(requests) == 2 and fig.layout.barmode == "group"  # two slots, not one on top
    assert [t.showlegend for t in requests] == [True, False]  # one legend entry per kind
    assert all(t.textangle == -90 for t in fig.data)  # upright labels: no overlap
    hovers = " ".join(h for t in fig.data for h in t.hovertext)
    assert "över 20 000 kr" in hovers and "högst 62 000 kr" in hovers


def test_a_trimmed_table_says_how_many_rows_it_shows():
    data = pl.DataFrame({"a": [str(i) for i in range(9)], "source": ["s"] * 9})
    out = str(fg.table(data, [("a", "A", "text")], caption="T", max_rows=6,
                       more="resten i rapporten X"))
    assert out.count("<tr>") == 7 and "Visar 6 av 9 rader (resten i rapporten X)." in out


# --- flagged figures -----------------------------------------------------------------------------


def flagged(slip=True, severity="warning"):
    return facts(
        forbund=["Alfa", "Beta", "Gamma"], value=[50_000_000.0, 147_424.0, 120_000.0],
        unit=["SEK"] * 3, qualifier=["max", "exact", "exact"], source=["a.txt"] * 3,
        section=["§ 36", "§ 56", "§ 56"], quote=["max 50 000 tkr", "147 424 kr", "120 tkr"],
        unit_slip=[slip, False, False],
        flag_label=["Trolig enhetsmiss", None, "Raderna stämmer inte"],
        flag_severity=[severity, None, "warning"])


def test_a_unit_slip_stays_out_of_the_scale_and_is_named_under_the_chart():
    fig = money_bar(flagged())
    plotted = [v for trace in fig.data for v in trace.y]
    assert 50_000_000.0 not in plotted and 147_424.0 in plotted
    notes = " ".join(a.text for a in fig.layout.annotations)
    assert "Utelämnad ur skalan: Alfa högst 50" in notes and "§ 36" in notes
    assert list(fig.layout.meta["finsam_omitted"]) == [50_000_000.0]


def test_a_flagged_figure_carries_the_mark_and_the_finding_in_its_hover():
    fig = money_bar(flagged(slip=False))
    trace = fig.data[0]
    hovers = dict(zip(trace.x, trace.hovertext, strict=True))
    assert "⚠ Trolig enhetsmiss" in hovers["Alfa"] and "⚠" not in hovers["Beta"]
    texts = dict(zip(trace.x, trace.text, strict=True))
    assert texts["Gamma"].startswith("⚠") and not texts["Beta"].startswith("⚠")
    assert list(trace.marker.pattern.shape) == ["/", "", "/"]


def test_an_error_level_figure_keeps_its_caveat_under_the_chart():
    fig = money_bar(flagged(slip=False, severity="error"))
    notes = " ".join(a.text for a in fig.layout.annotations)
    assert "fel enligt valideringen (Trolig enhetsmiss)" in notes
    assert "fel enligt" not in " ".join(a.text for a in money_bar().layout.annotations)


def test_a_flagged_figure_is_marked_in_tables():
    html = str(fg.table(flagged(), [("forbund", "Förbund", "text"), ("value", "Belopp", "value")],
                        caption="T", source="Källa: s"))
    assert html.count('class="finsam-flag" title="Trolig enhetsmiss"') == 1
    assert html.count("⚠") == 2


def test_more_columns_than_fit_lie_down_and_the_chart_grows():
    years = list(range(2010, 2026))
    data = pl.DataFrame({
        "period": [str(y) for y in years], "value": [float(y) for y in years],
        "period_start": [dt.date(y, 1, 1) for y in years],
        "period_end": [dt.date(y, 12, 31) for y in years],
        "source": ["a.txt"] * len(years), "section": [None] * len(years),
        "quote": ["q"] * len(years)})
    fig = fg.bar(data, x="period", y="value", title="T", x_title="Period", y_title="Kronor",
                 unit="SEK", source="Källa: a.txt")
    assert fig.data[0].orientation == "h" and list(fig.data[0].y)[:2] == ["2010", "2011"]
    assert fig.layout.height > 460 and fig.layout.xaxis.tickformat  # value axis now x
    few = fg.bar(data.head(fg.CROWDED_COLUMNS), x="period", y="value", title="T",
                 x_title="Period", y_title="Kronor", unit="SEK", source="Källa: a.txt")
    assert few.data[0].orientation == "v" and few.layout.height == 460


def test_the_house_template_is_simple_white_for_every_trace_type_drawn():
    import plotly.io as pio

    from finsam_data.render import BASIC_TRACE_TYPES

    house, white = pio.templates[fg.house_template()], pio.templates["simple_white"]
    assert house.layout == white.layout
    assert set(house.to_plotly_json()["data"]) == set(fg.TRACE_TYPES) == BASIC_TRACE_TYPES
    assert all(house.data[kind] == white.data[kind] for kind in fg.TRACE_TYPES)
    fig = fg.bar(facts(), x="forbund", y="value", title="Tilldelning", x_title="Förbund",
                 y_title="Kronor", unit="SEK")
    assert {trace.type for trace in fig.data} <= set(fg.TRACE_TYPES)
    assert fig.layout.template == house
