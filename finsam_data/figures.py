"""The one figure module: every chart and table in the reports is built here.

The contract (tested in ``tests/render/test_figures.py`` and enforced by :func:`check_figure`):

- a title, both axis titles and a source line (``Källa: …``) under the plot area;
- Swedish number format: ``layout.separators`` gives a decimal comma and a no-break space as the
  thousands separator, and the value axis carries an explicit ``tickformat`` so plotly never
  abbreviates (``1,2M``);
- a colour-blind-safe palette (Okabe & Ito 2008) in a fixed order;
- provenance: every plotted figure's hover shows the document, the § or heading and the quote;
- every string that came from a document is HTML-escaped before it reaches plotly or HTML.
  Plotly draws its own pseudo-HTML (``<b>``, ``<br>``) and decodes entities, so escaped text
  shows as written (``<script>`` appears as text, it never runs).

Tables are plain HTML built here with every cell escaped (:func:`table`), never
``display(HTML(document_text))``.

>>> import polars as pl
>>> data = pl.DataFrame({"label": ["A"], "value": [1200.0], "unit": ["SEK"], "source": ["a.txt"],
...                      "section": ["§ 3"], "quote": ["1 200 kr"]})
>>> f = bar(data, x="label", y="value", title="Exempel", x_title="Förbund", y_title="Kronor",
...         source="Källa: a.txt", unit="SEK")
>>> f.layout.separators
',\\xa0'
"""

from __future__ import annotations

import datetime as dt
import html
import math
import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import plotly.graph_objects as go
import polars as pl

from finsam_data import fmt

#: Okabe & Ito's palette, safe for the common colour-vision deficiencies; black last.
PALETTE = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#D55E00",  # vermillion
    "#F0E442",  # yellow (weak on white: used last among colours)
    "#000000",  # black
)

#: plotly's separators string: decimal mark, then thousands separator (no-break space, as fmt).
SEPARATORS = "," + fmt.NBSP

#: Axis tick formats per unit (d3-format; the thousands mark comes from SEPARATORS).
_TICKFORMAT = {
    "SEK": ",.0f",
    "percent": ",.0f",
    "promille": ",.1f",
    "persons": ",.0f",
    "count": ",.0f",
    "days": ",.0f",
    "weeks": ",.0f",
    "months": ",.0f",
    "years": ",.0f",
}
_TICKSUFFIX = {"percent": fmt.NBSP + "%", "promille": fmt.NBSP + "‰"}

#: The trace types finsam draws (every one in plotly's basic bundle, render.BASIC_TRACE_TYPES).
TRACE_TYPES = ("bar", "scatter", "pie")
#: The house template: plotly's "simple_white" with the trace defaults of TRACE_TYPES only.
#: A figure carries its whole template in its JSON, and assigning one deep-copies it: the
#: full "simple_white" is 8,6 kB, most of it defaults for maps, 3-D and tables; in a profile of
#: three reports, copying it was 0,64 s of their 2,1 s in the kernel.
TEMPLATE = "finsam_simple_white"


def house_template() -> str:
    """The name of the house template, registered with plotly on first use."""
    import plotly.io as pio

    if TEMPLATE not in pio.templates:
        base = pio.templates["simple_white"]
        pio.templates[TEMPLATE] = go.layout.Template(
            layout=base.layout, data={kind: base.data[kind] for kind in TRACE_TYPES})
    return TEMPLATE


FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
QUOTE_WIDTH = 70  # characters per hover line: a quote stays readable beside the cursor
QUOTE_MAX = 400  # characters of a quote shown in a hover; the tables show it whole
QUOTE_FOLD = 160  # characters of a quote shown in a table cell before it folds (<details>)

PROVENANCE_COLUMNS = ("source", "section", "quote")

BOTTOM_MARGIN = 118  # px under the plot: wrapped tick labels (3 lines), axis title, source line
LABEL_WIDTH = 18  # characters per line of a category label under a vertical bar
HBAR_LABEL_WIDTH = 30  # characters per line of a label beside a horizontal bar
SOURCE_WIDTH = 95  # characters per line of the source note (two lines fit under the axis title)

_QUALIFIER_PREFIX = {"approx": "ca ", "max": "högst ", "below": "knappt ", "above": "över "}

FLAG = "⚠"  # marks a figure that a validation finding concerns, wherever it is shown


class FigureContractError(ValueError):
    """A figure does not meet the house contract (title, axes, source, Swedish numbers)."""


def esc(text: Any) -> str:
    """Escape a value for HTML or plotly text; ``None`` becomes an empty string.

    >>> esc("<script>x</script>")
    '&lt;script&gt;x&lt;/script&gt;'
    """
    if text is None:
        return ""
    # &#34;, not &quot;: plotly decodes numeric entities but shows &quot; literally.
    return html.escape(str(text), quote=True).replace("&quot;", "&#34;")


def qualified(value: float | None, unit: str | None, qualifier: str | None = None) -> str:
    """A value in its unit with its qualifier as words: ``ca 2 000 000 kr``, ``över 5 år``.

    >>> qualified(5, "years", "above")
    'över 5\\xa0år'
    """
    return _QUALIFIER_PREFIX.get(qualifier or "", "") + fmt.format_value(value, unit)


def _wrap(text: str, width: int = QUOTE_WIDTH) -> str:
    """Escape and wrap a quote for a plotly hover (lines joined by ``<br>``)."""
    text = " ".join(str(text).split())
    if len(text) > QUOTE_MAX:
        text = text[: QUOTE_MAX - 1] + "…"
    lines = textwrap.wrap(text, width=width) or [""]
    return "<br>".join(esc(line) for line in lines)


def hover_text(row: dict[str, Any], *, label: str | None = None, y: str = "value",
               unit: str | None = None) -> str:
    """The provenance hover for one plotted figure: value, then document, § and quote.

    ``row`` needs ``source``, ``section`` and ``quote``; ``qualifier``, ``period`` and
    ``definition`` are shown when present. When the plotted column ``y`` is not the fact's own
    ``value`` (a share computed from counts), the stated value follows in its own unit.
    Everything from a document is escaped.
    """
    parts = []
    if label:
        parts.append(f"<b>{esc(label)}</b>")
    if row.get("flag_label"):
        parts.append(f"<b>{FLAG} {esc(row['flag_label'])}</b> (se Datakvalitet)")
    if row.get(y) is not None:
        if y == "value":
            shown = qualified(row[y], row.get("unit") or unit, row.get("qualifier"))
        else:
            shown = fmt.format_value(row[y], unit)
        parts.append(esc(shown))
    if y != "value" and row.get("value") is not None and row.get("unit"):
        parts.append(f"Angivet: {esc(qualified(row['value'], row['unit'], row.get('qualifier')))}")
    if row.get("period"):
        parts.append(f"Period: {esc(row['period'])}")
    if row.get("definition"):
        parts.append(f"Definition: {_wrap(row['definition'])}")
    parts.append(f"Dokument: {_wrap(row.get('source') or '–')}")
    parts.append(f"Avsnitt: {esc(row.get('section') or '–')}")
    quote = row.get("quote")
    if quote:
        parts.append(f"Citat: ”{_wrap(quote)}”")
    return "<br>".join(parts)


def _legend_rows(names: Sequence[str], width: int = 760, char_px: int = 7) -> int:
    """Rows a horizontal legend needs (about 7 px a character plus the swatch), so that the
    top margin leaves room for title and legend. Plotly does not grow the margin for it."""
    rows, used = 1, 0
    for name in names:
        item = char_px * len(name) + 45
        if used and used + item > width:
            rows, used = rows + 1, 0
        used += item
    return rows


def _tick_lines(fig: go.Figure, value_axis: str) -> int:
    """Lines of the tallest category label under the plot (1 for numbers and dates)."""
    lines = 1
    if value_axis != "y":
        return lines
    for trace in fig.data:
        for cat in trace.x or ():
            if isinstance(cat, str):
                lines = max(lines, cat.count("<br>") + 1)
    return lines


def category_label(text: Any, width: int = LABEL_WIDTH) -> str:
    """A category label for an axis: escaped and wrapped on words into at most three lines
    (``<br>``), so that plotly never rotates or abbreviates it.

    >>> category_label("Samverkansteam Avesta (jul 2023–jun 2024)")
    'Samverkansteam<br>Avesta (jul<br>2023–jun 2024)'
    """
    lines = textwrap.wrap(" ".join(str(text).split()), width=width) or [""]
    if len(lines) > 3:
        lines = lines[:2] + [" ".join(lines[2:])[: width - 1] + "…"]
    return "<br>".join(esc(line) for line in lines)


def _require_columns(data: pl.DataFrame, columns: Iterable[str], what: str) -> None:
    missing = [c for c in columns if c not in data.columns]
    if missing:
        raise FigureContractError(f"{what}: saknar kolumner {missing}")


def _base_layout(fig: go.Figure, *, title: str, x_title: str, y_title: str, source: str,
                 unit: str | None, value_axis: str = "y", height: int = 460,
                 notes: Sequence[str] = (), omitted: Sequence[float] = ()) -> go.Figure:
    if not title or not x_title or not y_title or not source:
        raise FigureContractError("en figur behöver titel, axeltitlar och källa")
    names = [t.name or "" for t in fig.data if t.showlegend]
    top = 60 + 22 * _legend_rows(names) if len(names) > 1 else 70
    # The source line sits under the tick labels and the axis title: category labels wrap
    # to up to three lines, so its distance from the plot grows with them.
    shift = 52 + 17 * _tick_lines(fig, value_axis)
    source_lines = textwrap.wrap(source, SOURCE_WIDTH)
    for extra in notes:
        source_lines += textwrap.wrap(extra, SOURCE_WIDTH)
    bottom = max(BOTTOM_MARGIN, shift + 15 * len(source_lines) + 8)
    fig.update_layout(
        # Pinned to the top edge: a legend of several rows grows up from the plot towards the
        # title, and the top margin leaves room for both.
        title={"text": esc(title), "x": 0, "xanchor": "left", "font": {"size": 17},
               "yref": "container", "y": 1, "yanchor": "top", "pad": {"t": 12}},
        separators=SEPARATORS,
        colorway=list(PALETTE),
        font={"family": FONT, "size": 13, "color": "#222"},
        template=house_template(),
        height=height,
        # Legend in a row under the title; the source line at a fixed pixel distance under the
        # plot (a paper fraction would move into the axis labels as the height changes).
        margin={"l": 70, "r": 30, "t": top, "b": bottom},
        legend={"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0,
                "title": {"text": ""}, "traceorder": "normal"},
        hoverlabel={"align": "left", "bgcolor": "white", "font": {"size": 12}},
        annotations=[
            {
                # Wrapped: a long list of documents must not run off the figure's right edge.
                "text": "<br>".join(esc(line) for line in source_lines),
                "xref": "paper",
                "yref": "paper",
                "x": 0,
                "y": 0,
                "yshift": -shift,
                "xanchor": "left",
                "yanchor": "top",
                "align": "left",
                "showarrow": False,
                "font": {"size": 11, "color": "#555"},
                "name": "source",
            }
        ],
        # finsam_omitted: figures left out of the scale (the browser tests check the axis).
        meta={"finsam_unit": unit or "", "finsam_omitted": [float(v) for v in omitted]},
    )
    fig.update_xaxes(title_text=esc(x_title), automargin=True, tickangle=0)
    fig.update_yaxes(title_text=esc(y_title), automargin=True)
    axis = fig.update_yaxes if value_axis == "y" else fig.update_xaxes
    axis(
        tickformat=_TICKFORMAT.get(unit or "", ",.0f"),
        ticksuffix=_TICKSUFFIX.get(unit or "", ""),
        separatethousands=True,
        rangemode="tozero",
        showgrid=True,
        gridcolor="#e5e5e5",
    )
    return fig


def source_line(data: pl.DataFrame, prefix: str = "Källa") -> str:
    """``Källa: a.txt, b.txt (finsam, ur dokumentens text)`` from a frame's ``source`` column.

    >>> source_line(pl.DataFrame({"source": ["b.txt", "a.txt", "b.txt"]}))
    'Källa: a.txt, b.txt (uppgifterna som de står i dokumenten)'
    """
    if "source" not in data.columns or data.height == 0:
        return f"{prefix}: finsam (inga dokument)"
    sources = sorted({s for src in data["source"].drop_nulls() for s in str(src).split(" | ")})
    shown = ", ".join(sources[:4]) + (f" och {len(sources) - 4} till" if len(sources) > 4 else "")
    return f"{prefix}: {shown} (uppgifterna som de står i dokumenten)"


def _hovers(data: pl.DataFrame, label_col: str | None, y: str, unit: str | None) -> list[str]:
    return [
        hover_text(row, label=(str(row[label_col]) if label_col else None), y=y, unit=unit)
        for row in data.iter_rows(named=True)
    ]


def _texts(data: pl.DataFrame, y: str, unit: str | None) -> list[str]:
    """Value labels: the fact's own unit and qualifier when ``y`` is its value, else ``unit``."""
    own = y == "value" and "unit" in data.columns
    qual = y == "value" and "qualifier" in data.columns
    out = []
    for row in data.iter_rows(named=True):
        if unit == "SEK" and row[y] is not None:
            text = fmt.format_compact_sek(row[y])  # "2,5 mnkr": readable on a bar
            if qual:
                text = _QUALIFIER_PREFIX.get(row["qualifier"] or "", "") + text
        else:
            text = qualified(row[y], row["unit"] if own else unit, row["qualifier"] if qual else None)
        if row.get("flag_label"):
            text = f"{FLAG} {text}"
        out.append(esc(text))
    return out


def flagged_notes(data: pl.DataFrame, x: str, y: str,
                  unit: str | None) -> tuple[pl.DataFrame, list[str], list[float]]:
    """Split off the figures a chart must not scale to, and say what is left out and why.

    Returns the rows to plot, the notes for under the chart and the omitted values. A likely
    unit slip (``unit_slip``) is left out of the plot ("utelämnad ur skalan: …"): plotted, it
    would flatten every other bar. A figure with an error-level finding stays in the plot, and
    its caveat is written under the chart, so that it travels with the chart into a deck.

    >>> d = pl.DataFrame({"x": ["A", "B"], "value": [5e7, 1.2e5], "unit": ["SEK", "SEK"],
    ...                   "qualifier": ["max", "exact"], "section": ["§ 36", "§ 56"],
    ...                   "unit_slip": [True, False], "flag_label": ["Trolig enhetsmiss", None],
    ...                   "flag_severity": ["warning", None]})
    >>> kept, notes, omitted = flagged_notes(d, "x", "value", "SEK")
    >>> kept["x"].to_list(), notes
    (['B'], ['⚠ Utelämnad ur skalan: A högst 50\xa0000\xa0000\xa0kr (§ 36): trolig enhetsmiss.'])
    """
    notes: list[str] = []
    omitted: list[float] = []
    if data.height == 0:
        return data, notes, omitted
    kept = data
    if "unit_slip" in data.columns:
        slipped = data.filter(pl.col("unit_slip").fill_null(False))
        kept = data.filter(~pl.col("unit_slip").fill_null(False))
        if slipped.height:
            parts = []
            for row in slipped.iter_rows(named=True):
                value = (qualified(row[y], row.get("unit") or unit, row.get("qualifier"))
                         if y == "value" else fmt.format_value(row[y], unit))
                where = f" ({row['section']})" if row.get("section") else ""
                parts.append(f"{' '.join(str(row[x]).split())} {value}{where}")
                if row[y] is not None:
                    omitted.append(float(row[y]))
            notes.append(f"{FLAG} Utelämnad ur skalan: {'; '.join(parts)}: trolig enhetsmiss.")
    if "flag_severity" in kept.columns:
        errors = kept.filter(pl.col("flag_severity") == "error")
        if errors.height:
            labels = sorted(set(errors["flag_label"].drop_nulls().to_list()))
            notes.append(f"{FLAG} {errors.height} av siffrorna har fel enligt valideringen "
                         f"({'; '.join(labels)}): läs dem med försiktighet.")
    return kept, notes, omitted


def _patterns(layer: pl.DataFrame) -> list[str] | None:
    """Hatching for the flagged bars of a trace (None when none is flagged)."""
    if "flag_label" not in layer.columns or layer["flag_label"].is_null().all():
        return None
    return ["/" if v else "" for v in layer["flag_label"].to_list()]


def bar(data: pl.DataFrame, *, x: str, y: str, title: str, x_title: str, y_title: str,
        unit: str, source: str | None = None, color: str | None = None, horizontal: bool = False,
        barmode: str = "group", label: str | None = None, show_values: bool = True,
        order: Sequence[str] | None = None, height: int = 460) -> go.Figure:
    """A bar chart of facts: one bar per row, grouped (or stacked) by ``color``.

    Parameters
    ----------
    data : polars.DataFrame
        One row per bar with ``x``, ``y`` and the provenance columns ``source``, ``section``,
        ``quote`` (and optionally ``qualifier``, ``period``, ``definition``).
    x, y : str
        Category column and value column (``y`` in ``unit``). With ``horizontal`` the bars
        lie along the x axis, but the arguments keep their meaning (category, value).
    source : str, optional
        The source line; by default :func:`source_line` of ``data`` (its documents).
    color : str, optional
        Column that splits the bars into series (legend).
    label : str, optional
        Column whose value heads each hover (default: ``x``).

    Examples
    --------
    >>> d = pl.DataFrame({"f": ["A", "B"], "v": [1.0, 2.0], "source": ["s", "s"],
    ...                   "section": [None, None], "quote": ["q1", "q2"]})
    >>> bar(d, x="f", y="v", title="T", x_title="X", y_title="Y", source="Källa: s",
    ...     unit="persons").data[0].type
    'bar'
    """
    _require_columns(data, [x, y, *PROVENANCE_COLUMNS], "stapeldiagram")
    source = source or source_line(data)
    data, notes, omitted = flagged_notes(data, x, y, unit)
    if color:
        _require_columns(data, [color], "stapeldiagram")
    dated = in_period_order(data)
    if order is None:
        # Categories in date order (then as given), over all series: plotly would otherwise
        # order them by first appearance trace by trace ("2023" before "2022").
        order = dated[x].unique(maintain_order=True).to_list()
    # Columns too many to stand side by side (a profile with ten years of history): the bars
    # lie down instead, one row each, and the chart grows with them.
    lie_down = not horizontal and len(order) > CROWDED_COLUMNS
    horizontal = horizontal or lie_down
    fig = go.Figure()
    if color:
        series = (dated if color == "period" else data)[color].unique(maintain_order=True)
        by_name = dated.partition_by(color, as_dict=True, maintain_order=True)
        groups = [by_name[(name,)] for name in series.to_list()]
    else:
        groups = [dated]
    crowded = False
    for i, part in enumerate(groups):
        name = str(part[color][0]) if color else y_title
        # Several figures of one series for one category (two requests for one insats and
        # year) stand side by side in the series' colour, never on top of each other.
        layers = _occurrences(part, x) if barmode == "group" else [part]
        crowded |= len(layers) > 1
        for k, layer in enumerate(layers):
            cats = [category_label(v, HBAR_LABEL_WIDTH) if horizontal else category_label(v)
                    for v in layer[x].to_list()]
            vals = layer[y].to_list()
            fig.add_trace(go.Bar(
                x=vals if horizontal else cats,
                y=cats if horizontal else vals,
                orientation="h" if horizontal else "v",
                name=esc(name),
                legendgroup=esc(name),
                marker_color=PALETTE[i % len(PALETTE)],
                marker_line={"color": "white", "width": 1},
                marker_pattern={"shape": _patterns(layer), "fgcolor": "white", "size": 6}
                if _patterns(layer) else None,
                hovertext=_hovers(layer, label or x, y, unit),
                hovertemplate="%{hovertext}<extra></extra>",
                text=_texts(layer, y, unit) if show_values else None,
                textposition="outside" if show_values else None,
                cliponaxis=False,
                showlegend=bool(color) and k == 0,
            ))
    _add_targets(fig, dated, x, horizontal)
    if crowded and show_values and not horizontal:
        # Narrow bars side by side: labels stand upright above their bars, so that they neither
        # overlap nor shrink to nothing (every figure is also in its hover and the table).
        fig.update_traces(textangle=-90)
        fig.update_layout(uniformtext={"minsize": 11, "mode": "show"})
        values = [v for v in data[y].to_list() if v is not None]
        if values:  # headroom for the upright labels above the tallest bar
            fig.update_yaxes(range=[min(0.0, min(values) * 1.35), max(0.0, max(values)) * 1.35])
    fig.update_layout(barmode=barmode)
    _base_layout(fig, title=title, x_title=y_title if horizontal else x_title,
                 y_title=x_title if horizontal else y_title, source=source, unit=unit,
                 value_axis="x" if horizontal else "y", height=height, notes=notes,
                 omitted=omitted)
    cat_axis = fig.update_yaxes if horizontal else fig.update_xaxes
    if order is not None:
        cat_axis(categoryorder="array",
                 categoryarray=[category_label(o, HBAR_LABEL_WIDTH) if horizontal
                                else category_label(o) for o in order])
    if horizontal:
        fig.update_yaxes(autorange="reversed")
    if lie_down:
        bars = sum(len(t.y or ()) for t in fig.data if t.type == "bar")
        rows = max(len(order), bars)
        margin = fig.layout.margin
        # Value labels beside thin bars would shrink to the bar's thickness: 10 px at least.
        fig.update_layout(height=max(height, (margin.t or 70) + (margin.b or BOTTOM_MARGIN)
                                     + ROW_PX * rows),
                          uniformtext={"minsize": 10, "mode": "show"},
                          margin={"r": 90})  # the value label stands past the longest bar
    return check_figure(fig)


CROWDED_COLUMNS = 12  # more categories than this and vertical bars lie down (see bar)
ROW_PX = 26  # px a bar in a chart whose bars lie down: a 10 px value label and a gap


def _add_targets(fig: go.Figure, data: pl.DataFrame, x: str, horizontal: bool) -> None:
    """A target beside its outcome: a black bar-wide tick ("Mål") at the target's value in the
    outcome's category, where ``data`` has ``target_value``."""
    if "target_value" not in data.columns:
        return
    rows = data.filter(pl.col("target_value").is_not_null())
    if rows.height == 0:
        return
    rows = rows.unique(subset=[x], keep="first", maintain_order=True)
    cats = [category_label(v, HBAR_LABEL_WIDTH) if horizontal else category_label(v)
            for v in rows[x].to_list()]
    vals = rows["target_value"].to_list()
    fig.add_trace(go.Scatter(
        x=vals if horizontal else cats, y=cats if horizontal else vals, mode="markers",
        name="Mål", marker={"symbol": "line-ns-open" if horizontal else "line-ew-open",
                            "size": 44, "color": "#000000", "line": {"width": 3}},
        hovertext=[esc(t) for t in rows["target_text"].to_list()],
        hovertemplate="%{hovertext}<extra></extra>", showlegend=True,
    ))


def in_period_order(data: pl.DataFrame) -> pl.DataFrame:
    """Rows in date order (per förbund when the frame has ``forbund``): by ``period_start``,
    then ``period_end``, otherwise as given. Frames without periods are returned as they are.

    >>> d = pl.DataFrame({"period_start": [dt.date(2023, 1, 1), dt.date(2017, 1, 1)],
    ...                   "period_end": [dt.date(2023, 12, 31), dt.date(2017, 8, 31)]})
    >>> in_period_order(d)["period_start"].dt.year().to_list()
    [2017, 2023]
    """
    keys = [c for c in ("forbund", "period_start", "period_end") if c in data.columns]
    if "period_start" not in keys or data.height == 0:
        return data
    return data.sort(keys, nulls_last=True, maintain_order=True)


def _occurrences(part: pl.DataFrame, x: str) -> list[pl.DataFrame]:
    """``part`` split so that no category occurs twice in one piece: the first figure for each
    category, then the second, and so on."""
    nth = part.with_columns(_nth=pl.int_range(pl.len()).over(x))
    return [nth.filter(pl.col("_nth") == k).drop("_nth")
            for k in range(int(nth["_nth"].max() or 0) + 1)]


def line(data: pl.DataFrame, *, x: str, y: str, title: str, x_title: str, y_title: str,
         unit: str, source: str | None = None, color: str | None = None, label: str | None = None,
         dashed: str | None = None, height: int = 460) -> go.Figure:
    """A line chart with markers over a date (or category) column ``x``, one line per ``color``.

    Dates are shown as ``31 dec 2023`` with Swedish month names (the page's plotly locale);
    points more than a year apart are not joined. ``dashed``
    names a boolean column: a series whose rows are all true (a forecast) is drawn dotted with
    open markers, so that it never reads as a booked figure.

    >>> import datetime as dt
    >>> d = pl.DataFrame({"d": [dt.date(2023, 1, 1)], "v": [1.0], "source": ["s"],
    ...                   "section": [None], "quote": ["q"]})
    >>> line(d, x="d", y="v", title="T", x_title="X", y_title="Y", source="Källa: s",
    ...      unit="SEK").layout.xaxis.tickformat
    '%-d %b %Y'
    """
    _require_columns(data, [x, y, *PROVENANCE_COLUMNS], "linjediagram")
    source = source or source_line(data)
    data, notes, omitted = flagged_notes(data, x, y, unit)
    fig = go.Figure()
    groups = data.partition_by(color, maintain_order=True) if color else [data]
    for i, part in enumerate(groups):
        part = part.sort(x)
        name = str(part[color][0]) if color else y_title
        xs = part[x].to_list()
        ys = part[y].to_list()
        hovers = _hovers(part, label or color, y, unit)
        texts = _texts(part, y, unit)
        if part[x].dtype == pl.Date:
            xs, ys, hovers, texts = _break_gaps(xs, ys, hovers, texts)
        else:
            xs = [esc(v) for v in xs]
        is_dashed = bool(dashed) and bool(part[dashed].fill_null(False).all())
        symbol = ["circle", "square", "diamond", "triangle-up", "x", "cross", "star",
                  "hexagon"][i % 8]
        fig.add_trace(
            go.Scatter(
                x=xs,
                y=ys,
                mode="lines+markers+text",
                connectgaps=False,
                name=esc(name),
                line={"color": PALETTE[i % len(PALETTE)], "width": 2.5,
                      "dash": "dot" if is_dashed else "solid"},
                marker={"size": 9, "symbol": f"{symbol}-open" if is_dashed else symbol},
                hovertext=hovers,
                hovertemplate="%{hovertext}<extra></extra>",
                text=texts,
                # Alternate sides so two series meeting at one date keep readable labels.
                textposition="top center" if i % 2 == 0 else "bottom center",
                cliponaxis=False,
                showlegend=bool(color),
            )
        )
    _base_layout(fig, title=title, x_title=x_title, y_title=y_title, source=source, unit=unit,
                 height=height, notes=notes, omitted=omitted)
    if data.height and data[x].dtype == pl.Date:
        fig.update_xaxes(type="date", **_date_axis(data[x].drop_nulls().to_list()))
    return check_figure(fig)


GAP_DAYS = 400  # points further apart than about a year are not joined by a line


def _break_gaps(xs: list, ys: list, hovers: list, texts: list) -> tuple[list, list, list, list]:
    """Insert a gap (``None``) between dated points more than :data:`GAP_DAYS` apart, so a line
    never suggests figures for the years in between that no document gives."""
    out: tuple[list, list, list, list] = ([], [], [], [])
    for k, (xv, yv, h, t) in enumerate(zip(xs, ys, hovers, texts, strict=True)):
        if k and xv is not None and xs[k - 1] is not None and (xv - xs[k - 1]).days > GAP_DAYS:
            for col in out:
                col.append(None)
        for col, v in zip(out, (xv, yv, h, t), strict=True):
            col.append(v)
    return out


def _date_axis(dates: list) -> dict[str, Any]:
    """Ticks for a date axis: Swedish day and month (``31 dec 2023``, month names from the
    page's ``sv`` locale), starting at the first date so that year-end figures get year-end
    ticks, and a padded range so one point does not get four identical ticks.

    >>> import datetime as dt
    >>> _date_axis([dt.date(2023, 12, 31)])["dtick"]
    'M12'
    """
    if not dates:
        return {"tickformat": "%-d %b %Y"}
    lo, hi = min(dates), max(dates)
    span = (hi - lo).days
    pad = dt.timedelta(days=max(90, span // 12))
    months = 12 if span > 2 * 365 or span == 0 else 6 if span > 365 else 3
    return {
        "tickformat": "%-d %b %Y",
        "tick0": lo.isoformat(),
        "dtick": f"M{months}",
        "range": [(lo - pad).isoformat(), (hi + pad).isoformat()],
    }


def bar_or_note(data: pl.DataFrame, *, missing: str, **kwargs: Any) -> go.Figure | Html:
    """:func:`bar` when there is data, else a plain "nothing reported" note."""
    return bar(data, **kwargs) if data.height else note(missing, "missing")


def line_or_note(data: pl.DataFrame, *, missing: str, **kwargs: Any) -> go.Figure | Html:
    """:func:`line` when there is data, else a plain "nothing reported" note."""
    return line(data, **kwargs) if data.height else note(missing, "missing")


def check_figure(fig: go.Figure) -> go.Figure:
    """Raise :class:`FigureContractError` unless ``fig`` meets the house contract.

    Checked: a title; both axis titles; a source annotation starting ``Källa``; Swedish
    separators; an explicit tickformat on the value axis; a hover on every trace.
    Returns the figure, so builders can end with ``return check_figure(fig)``.
    """
    layout = fig.layout
    problems = []
    if not (layout.title and layout.title.text):
        problems.append("titel saknas")
    if not (layout.xaxis.title and layout.xaxis.title.text):
        problems.append("x-axelns titel saknas")
    if not (layout.yaxis.title and layout.yaxis.title.text):
        problems.append("y-axelns titel saknas")
    notes = [a.text or "" for a in (layout.annotations or ())]
    if not any(n.startswith("Källa") for n in notes):
        problems.append("källrad saknas")
    if layout.separators != SEPARATORS:
        problems.append("svenska decimal- och tusentalstecken saknas")
    if not (layout.xaxis.tickformat or layout.yaxis.tickformat):
        problems.append("tickformat saknas")
    for trace in fig.data:
        if not getattr(trace, "hovertemplate", None):
            problems.append(f"spåret {trace.name!r} saknar hovertext")
    if problems:
        raise FigureContractError("; ".join(problems))
    return fig


# --- many förbund: ranked, top and bottom, by län -------------------------------------------

#: A ranked chart on a page shows the 10 highest and 10 lowest förbund (and the reader's own);
#: the filter above the page shows all, one län or a search.
TOP = 10
#: On a slide, read across a board room: the 5 highest and 5 lowest.
SLIDE_TOP = 5
RANK_BAR_PX = 26  # px a bar in a ranked chart: a one-line label at 13 px and a gap
OWN_MARK = "▶ "  # before the reader's own förbund in a ranked chart


def _ranked_cats(ranked: pl.DataFrame, label: str, key: str, own: str | None) -> list[str]:
    cats = []
    for lab, fid in zip(ranked[label].to_list(), ranked[key].to_list(), strict=True):
        text = category_label(lab, HBAR_LABEL_WIDTH * 2).replace("<br>", " ")
        cats.append(f"<b>{esc(OWN_MARK)}{text}</b>" if own and fid == own else text)
    return cats


def ranking(data: pl.DataFrame, *, value: str = "value", label: str = "label", title: str,
            value_title: str, unit: str, category_title: str = "Förbund (period)",
            source: str | None = None, color: str | None = None, own: str | None = None,
            top: int = TOP, key: str = "forbund_id") -> go.Figure:
    """Horizontal bars, one per row, highest first: the ``top`` highest and ``top`` lowest
    when there are many (the reader's förbund ``own`` always, marked), all when they fit.

    ``data`` has one row per bar (a förbund's latest figure, see
    :func:`finsam_data.report.latest_per_forbund`) with ``label`` (``Förbund (period)``),
    ``value``, the provenance columns and ``key`` (the förbund id); ``forbund`` (name) and
    ``lan`` feed the page's filter. Every row goes into the figure's ``meta.finsam_rank``, so
    the filter (:func:`filter_control`, ``assets/finsam-filter.js``) can show all of them,
    one län or the förbund searched for. Everything from a document is escaped.

    >>> d = pl.DataFrame({"forbund_id": [f"f{i}" for i in range(30)],
    ...     "label": [f"F{i} (2024)" for i in range(30)], "value": [float(i) for i in range(30)],
    ...     "source": ["s"] * 30, "section": [None] * 30, "quote": ["q"] * 30})
    >>> f = ranking(d, title="T", value_title="Personer", unit="persons", source="Källa: s")
    >>> len(f.data[0].y), f.data[0].y[0], f.data[0].y[-1]
    (20, 'F29 (2024)', 'F0 (2024)')
    """
    from finsam_data.report.compare import rank, top_and_bottom

    _require_columns(data, [label, value, key, *PROVENANCE_COLUMNS], "rangordning")
    source = source or source_line(data)
    kept, notes, omitted = flagged_notes(data, label, value, unit)
    ranked = rank(kept.filter(pl.col(value).is_not_null()), value)
    total = ranked.height
    shown = set(top_and_bottom(total, top))
    if own:
        shown |= {i for i, fid in enumerate(ranked[key].to_list()) if fid == own}
    cut = len(shown) < total
    cats = _ranked_cats(ranked, label, key, own)
    hovers = _hovers(ranked, label, value, unit)
    texts = _texts(ranked, value, unit)
    owns = [bool(own) and fid == own for fid in ranked[key].to_list()]
    values = ranked[value].to_list()
    flagged = ranked["flag_label"].to_list() if "flag_label" in ranked.columns else [None] * total
    names = ranked[color].cast(pl.String).fill_null("ej angiven").to_list() if color else \
        [value_title] * total
    series = list(dict.fromkeys(names))
    fig = go.Figure()
    traces = []
    for i, name in enumerate(series):
        idx = [k for k in range(total) if names[k] == name]
        points = {
            "i": idx,
            "x": [values[k] for k in idx],
            "y": [cats[k] for k in idx],
            "h": [hovers[k] for k in idx],
            "t": [texts[k] for k in idx],
            "w": [3 if owns[k] else 1 for k in idx],
            "c": ["#000000" if owns[k] else "white" for k in idx],
            "p": ["/" if flagged[k] else "" for k in idx],
            # A negative bar's label inside it: outside, it runs into the förbund's name.
            "tp": ["inside" if (values[k] or 0) < 0 else "outside" for k in idx],
        }
        traces.append(points)
        sel = [j for j, k in enumerate(idx) if k in shown]
        fig.add_trace(go.Bar(
            x=[points["x"][j] for j in sel], y=[points["y"][j] for j in sel], orientation="h",
            name=esc(name), legendgroup=esc(name), marker_color=PALETTE[i % len(PALETTE)],
            marker_line={"color": [points["c"][j] for j in sel],
                         "width": [points["w"][j] for j in sel]},
            marker_pattern={"shape": [points["p"][j] for j in sel], "fgcolor": "white",
                            "size": 6},
            hovertext=[points["h"][j] for j in sel], hovertemplate="%{hovertext}<extra></extra>",
            text=[points["t"][j] for j in sel], textposition=[points["tp"][j] for j in sel],
            insidetextanchor="start", cliponaxis=False, showlegend=bool(color),
        ))
    subtitles = _rank_subtitles(total, top, own is not None and any(owns))
    _base_layout(fig, title=title, x_title=value_title, y_title=category_title, source=source,
                 unit=unit, value_axis="x", notes=notes, omitted=omitted)
    order = [cats[k] for k in sorted(shown)]
    margin = fig.layout.margin
    top_px = (margin.t or 70) + 22  # the line under the title says what is shown
    base = top_px + (margin.b or BOTTOM_MARGIN) + 20
    fig.update_layout(
        title={"subtitle": {"text": esc(subtitles["topbottom" if cut else "all"]),
                            "font": {"size": 13, "color": "#555"}}},
        margin={"t": top_px, "r": 90, "l": 10},
        height=max(300, base + RANK_BAR_PX * len(order)),
        shapes=[_cut_line(top)] if cut else [],
        meta={**fig.layout.meta, "finsam_rank": {
            "subtitles": subtitles,
            "top": top,
            "cut": _cut_line(top),
            # per ranked row: name (searched), län (the län filter), the reader's own förbund
            "rows": [{"n": str(name), "l": str(county), "o": mine} for name, county, mine in zip(
                ranked["forbund" if "forbund" in ranked.columns else label].to_list(),
                ranked["lan"].fill_null("").to_list() if "lan" in ranked.columns else [""] * total,
                owns, strict=True)],
            "traces": traces,
            "px": RANK_BAR_PX,
            "base": base,
        }},
    )
    fig.update_yaxes(categoryorder="array", categoryarray=order, autorange="reversed",
                     automargin=True)
    return check_figure(fig)


def ranked_views(data: pl.DataFrame, *, title: str, value_title: str, unit: str,
                 value: str = "value", label: str = "label", color: str | None = None,
                 own: str | None = None, top: int = TOP, counties: bool = False,
                 source: str | None = None) -> list[go.Figure]:
    """A comparison of many förbund: :func:`ranking`, and with ``counties`` the same figures
    län for län (:func:`by_county`) when the förbund span several known län. Empty when
    ``data`` is; ``own`` empty means no förbund is marked."""
    if data.height == 0:
        return []
    out = [ranking(data, value=value, label=label, title=title, value_title=value_title,
                   unit=unit, color=color, own=own or None, top=top, source=source)]
    if counties:
        panels = by_county(data, value=value, label=label, title=f"{title}, län för län",
                           value_title=value_title, unit=unit, source=source)
        if panels is not None:
            out.append(panels)
    return out


def _cut_line(top: int) -> dict[str, Any]:
    """A dashed line between the highest and the lowest: the förbund between them are left out."""
    return {"type": "line", "xref": "paper", "x0": -0.02, "x1": 1, "yref": "y",
            "y0": top - 0.5, "y1": top - 0.5, "line": {"color": "#555", "width": 1.5,
                                                       "dash": "dash"}}


def _rank_subtitles(total: int, top: int, has_own: bool) -> dict[str, str]:
    """What a ranked chart shows, said under its title (the filter's script picks one)."""
    own = " · ▶ ert förbund" if has_own else ""
    return {
        "topbottom": f"De {top} högsta och {top} lägsta av {total} förbund (vid strecket är "
                     f"de övriga utelämnade){own}",
        "all": f"Alla {total} förbund, högst överst{own}",
        "some": f"{{n}} av {total} förbund, högst överst{own}",
    }


def by_county(data: pl.DataFrame, *, value: str = "value", label: str = "label", title: str,
              value_title: str, unit: str, source: str | None = None,
              min_counties: int = 2) -> go.Figure | None:
    """Small multiples: one panel per län, its förbund ranked, on one shared value axis.

    ``data`` as for :func:`ranking`, with ``lan``. Only län the registry names get a panel;
    the förbund of unknown län are counted under the chart, never placed in a län. None when
    fewer than ``min_counties`` län are known (nothing to compare between län).
    """
    from plotly.subplots import make_subplots

    from finsam_data.report.compare import UNKNOWN_COUNTY, rank

    _require_columns(data, [label, value, "lan", *PROVENANCE_COLUMNS], "län för län")
    source = source or source_line(data)
    kept, notes, omitted = flagged_notes(data, label, value, unit)
    kept = kept.filter(pl.col(value).is_not_null())
    known = kept.filter(pl.col("lan").is_not_null() & (pl.col("lan") != UNKNOWN_COUNTY))
    counties = sorted(known["lan"].unique().to_list(), key=str.casefold)
    if len(counties) < min_counties:
        return None
    unknown = kept.height - known.height
    if unknown:
        notes = [*notes, f"{unknown} av {kept.height} förbund har inget län i registret och "
                         "visas inte här (välj Län okänt i filtret)."]
    groups = [rank(known.filter(pl.col("lan") == c), value) for c in counties]
    sizes = [g.height for g in groups]
    # Panel 1 at the bottom: its axes (xaxis, yaxis) carry the titles the contract asks for.
    fig = make_subplots(rows=len(groups), cols=1, shared_xaxes=True, start_cell="bottom-left",
                        row_heights=list(reversed(sizes)), vertical_spacing=min(
                            0.04, 0.6 / max(1, len(groups))))
    for row_no, group in enumerate(reversed(groups), start=1):
        cats = [category_label(v, HBAR_LABEL_WIDTH * 2).replace("<br>", " ")
                for v in group[label].to_list()]
        fig.add_trace(go.Bar(
            x=group[value].to_list(), y=cats, orientation="h", marker_color=PALETTE[0],
            marker_line={"color": "white", "width": 1},
            hovertext=_hovers(group, label, value, unit),
            hovertemplate="%{hovertext}<extra></extra>", text=_texts(group, value, unit),
            textposition="outside", cliponaxis=False, showlegend=False, name=esc(value_title),
        ), row=row_no, col=1)
        fig.update_yaxes(categoryorder="array", categoryarray=cats, autorange="reversed",
                         row=row_no, col=1)
    _base_layout(fig, title=title, x_title=value_title, y_title="Förbund (period)",
                 source=source, unit=unit, value_axis="x", notes=notes, omitted=omitted)
    # The län names: one heading over each panel (annotations added after the source line).
    heads = []
    for row_no, (county, size) in enumerate(zip(reversed(counties), reversed(sizes),
                                                strict=True), start=1):
        axis = "y" if row_no == 1 else f"y{row_no}"
        heads.append({"text": f"<b>{esc(county)}</b> ({size} förbund)", "xref": "paper",
                      "yref": f"{axis} domain", "x": 0, "y": 1, "xanchor": "left",
                      "yanchor": "bottom", "showarrow": False, "font": {"size": 13}})
    for row_no in range(2, len(groups) + 1):
        fig.layout[f"xaxis{row_no}"].title.text = ""
        fig.layout[f"yaxis{row_no}"].title.text = ""
    margin = fig.layout.margin
    fig.update_layout(
        annotations=[*fig.layout.annotations, *heads],
        margin={"r": 90, "l": 10},
        height=(margin.t or 70) + (margin.b or BOTTOM_MARGIN) + RANK_BAR_PX * sum(sizes)
        + 34 * len(groups),
    )
    return check_figure(fig)


# --- HTML pieces -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Html:
    """A piece of report HTML built from escaped parts (displayed by Jupyter via _repr_html_)."""

    markup: str

    def _repr_html_(self) -> str:
        return self.markup

    def __str__(self) -> str:
        return self.markup


def note(text: str, kind: str = "info") -> Html:
    """A short paragraph for the reader; ``kind`` is ``info``, ``missing`` or ``warning``.

    >>> str(note("Inga uppgifter <b>", "missing"))
    '<p class="finsam-note finsam-missing">Inga uppgifter &lt;b&gt;</p>'
    """
    if kind not in ("info", "missing", "warning"):
        raise ValueError(f"okänd typ av notis: {kind}")
    return Html(f'<p class="finsam-note finsam-{kind}">{esc(text)}</p>')


def heading(text: str, level: int = 2) -> Html:
    """A heading built from data (a förbund's name), escaped."""
    if level not in (1, 2, 3, 4):
        raise ValueError("rubriknivå 1–4")
    return Html(f"<h{level}>{esc(text)}</h{level}>")


def facts_list(items: Iterable[tuple[str, str]]) -> Html:
    """A definition list of (label, value) pairs, both escaped (key figures in a profile)."""
    rows = "".join(f"<dt>{esc(k)}</dt><dd>{esc(v)}</dd>" for k, v in items)
    return Html(f'<dl class="finsam-keyfigures">{rows}</dl>')


def _cell(value: Any, kind: str, row: dict[str, Any]) -> str:
    text = _cell_text(value, kind, row)
    if kind in _NUMERIC_KINDS and row.get("flag_label") and value is not None:
        return (f'<span class="finsam-flag" title="{esc(row["flag_label"])}">{FLAG}</span> '
                f"{text}")
    return text


def _cell_text(value: Any, kind: str, row: dict[str, Any]) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if kind == "sek":
        return esc(fmt.format_sek(value))
    if kind == "percent":
        return esc(fmt.format_percent(value, 0 if float(value).is_integer() else 1))
    if kind == "number":
        return esc(fmt.format_number(value, 0 if float(value).is_integer() else 1))
    if kind == "value":
        return esc(qualified(value, row.get("unit"), row.get("qualifier")))
    if kind == "date":
        return esc(fmt.format_date(value))
    if kind == "nowrap":
        return esc(value)
    if kind == "quote":
        text = " ".join(str(value).split())
        if len(text) <= QUOTE_FOLD:
            return f'<q class="finsam-quote">{esc(text)}</q>'
        # A long quote folds: its start is read in the table, the whole on a click.
        cut = text[:QUOTE_FOLD].rsplit(" ", 1)[0]
        return (f'<details class="finsam-fold"><summary><q class="finsam-quote">{esc(cut)} …'
                f'</q></summary><q class="finsam-quote">{esc(text)}</q></details>')
    if kind == "file":
        return f'<span class="finsam-file">{esc(value)}</span>'
    if kind == "list":
        return esc(", ".join(str(v) for v in value))
    if kind == "bool":
        return "ja" if value else "nej"
    return esc(value)


_NUMERIC_KINDS = {"sek", "percent", "number", "value"}


def if_any(data: pl.DataFrame, column: tuple[str, str, str]) -> list[tuple[str, str, str]]:
    """``[column]`` when ``data`` has a value in it, else ``[]``: an optional table column
    (a target) is left out where no row has one, instead of a column of dashes.

    >>> if_any(pl.DataFrame({"t": [None, "Mål: 40 %"]}), ("t", "Mål", "text"))
    [('t', 'Mål', 'text')]
    >>> if_any(pl.DataFrame({"t": [None]}, schema={"t": pl.String}), ("t", "Mål", "text"))
    []
    """
    name = column[0]
    return [column] if name in data.columns and data[name].is_not_null().any() else []


def table(data: pl.DataFrame, columns: Sequence[tuple[str, str, str]], *, caption: str,
          source: str | None = None, max_rows: int = 200, empty: str = "Inga uppgifter.",
          more: str | None = None, filterable: bool = False) -> Html:
    """An HTML table; every cell escaped and formatted the Swedish way.

    Parameters
    ----------
    columns : sequence of (column, header, kind)
        ``kind`` is one of ``text``, ``sek``, ``percent``, ``number``, ``value`` (uses the
        row's ``unit`` and ``qualifier``), ``date``, ``nowrap`` (short text kept on one line), ``quote`` (long ones fold into a details element), ``file`` (breaks anywhere), ``list``, ``bool``.
    caption : str
        Shown above the table.
    source : str, optional
        A source line under the table (defaults to :func:`source_line` of ``data``).
    max_rows : int
        Rows shown; a trimmed table says ``Visar N av M rader`` (and ``more``, where the rest
        can be found).
    filterable : bool
        The page's förbund filter (:func:`filter_control`) shows and hides the rows: each row
        carries its förbund's name (column ``forbund``) and län (``lan``) as data attributes.

    >>> t = table(pl.DataFrame({"a": ["<i>x</i>"], "v": [1234.0]}),
    ...           [("a", "Namn", "text"), ("v", "Belopp", "sek")], caption="T", source="Källa: s")
    >>> "&lt;i&gt;x&lt;/i&gt;" in str(t) and "1\\xa0234\\xa0kr" in str(t)
    True
    """
    _require_columns(data, [c for c, _, _ in columns], "tabell")
    if data.height == 0:
        return note(f"{caption}: {empty}", "missing")
    head = "".join(
        f'<th class="{"num" if kind in _NUMERIC_KINDS else ""}">{esc(label)}</th>'
        for _, label, kind in columns
    )
    body = []
    filterable = filterable and "forbund" in data.columns
    for row in data.head(max_rows).iter_rows(named=True):
        cells = "".join(
            f'<td class="{"num" if kind in _NUMERIC_KINDS else kind}" data-label="{esc(label)}">'
            f"{_cell(row[col], kind, row)}</td>"
            for col, label, kind in columns
        )
        keys = (f' data-forbund="{esc(row["forbund"])}" data-lan="{esc(row.get("lan") or "")}"'
                if filterable else "")
        body.append(f"<tr{keys}>{cells}</tr>")
    trimmed = ""
    if data.height > max_rows:
        where = f" ({esc(more)})" if more else ""
        trimmed = (f'<p class="finsam-note finsam-trimmed">Visar {max_rows} av {data.height} '
                   f"rader{where}.</p>")
    src = source if source is not None else source_line(data)
    return Html(
        f'<div class="finsam-table"{" data-finsam-filter" if filterable else ""}>'
        f"<table><caption>{esc(caption)}</caption><thead><tr>{head}</tr></thead>"
        f"<tbody>{''.join(body)}</tbody></table>{trimmed}"
        f'<p class="finsam-source">{esc(src)}</p></div>'
    )


def filter_control(counties: dict[str, str], names: dict[str, str]) -> Html:
    """The page's förbund filter: show the highest and lowest (as printed), all förbund, one
    län, or the förbund whose name matches what is typed. It acts on every ranked chart
    (:func:`ranking`) and every filterable table (``table(..., filterable=True)``) of the page,
    in the browser, without any network (``assets/finsam-filter.js``).

    ``counties``: ``forbund_id -> län``; ``names``: ``forbund_id -> name`` as the tables show
    it. Every name is escaped.

    >>> html = str(filter_control({"a": "X län"}, {"a": "<b>A</b>"}))
    >>> 'value="lan:X län"' in html and "&lt;b&gt;A&lt;/b&gt;" in html and "<b>A" not in html
    True
    """
    per_county: dict[str, int] = {}
    for county in counties.values():
        per_county[county] = per_county.get(county, 0) + 1
    from finsam_data.report.compare import UNKNOWN_COUNTY

    order = sorted((c for c in per_county if c != UNKNOWN_COUNTY), key=str.casefold)
    order += [UNKNOWN_COUNTY] if UNKNOWN_COUNTY in per_county else []
    options = "".join(f'<option value="lan:{esc(c)}">{esc(c)} ({per_county[c]} förbund)</option>'
                      for c in order)
    listed = "".join(
        f'<option value="{esc(names.get(f, f))}" data-lan="{esc(counties[f])}"></option>'
        for f in sorted(counties, key=lambda f: names.get(f, f).casefold()))
    total = len(counties)
    return Html(
        '<form class="finsam-filter" role="search" data-finsam-filter-form '
        'onsubmit="return false">'
        '<label>Visa <select name="visa">'
        f'<option value="topp" selected>De högsta och lägsta</option>'
        f'<option value="alla">Alla {total} förbund</option>'
        f'<optgroup label="Ett län">{options}</optgroup></select></label> '
        '<label>Sök förbund <input type="search" name="sok" list="finsam-forbund-lista" '
        'autocomplete="off"></label>'
        f'<datalist id="finsam-forbund-lista">{listed}</datalist> '
        '<output class="finsam-filter-status" aria-live="polite"></output>'
        '<noscript><p class="finsam-note">Filtret kräver JavaScript; diagrammen visar de '
        "högsta och lägsta och tabellerna alla förbund.</p></noscript>"
        "</form>"
    )


#: Smallest text on a slide, in CSS pixels at the deck's 1024 x 768 (reveal scale 1): read from
#: the back of a board room. Every chart label, tick, legend entry and note on a slide is this
#: size or larger.
SLIDE_FONT = 18
SLIDE_LEGEND_WIDTH = 60  # characters per line of a legend entry on a slide
SLIDE_HBAR_LABEL = 36  # characters of a label beside a horizontal bar on a slide (one line)
SLIDE_NOTE_WIDTH = 62  # characters per line of a source note at SLIDE_FONT (starts at the plot)


def for_slide(fig: go.Figure, *, height: int = 540) -> go.Figure:
    """A chart restyled for a 1024 x 768 slide: every text at least :data:`SLIDE_FONT` px,
    the chart as tall as the slide allows under its headline, margins grown to fit."""
    size = SLIDE_FONT
    value_axis = "x" if any(getattr(t, "orientation", None) == "h" for t in fig.data) else "y"
    lines = _tick_lines(fig, value_axis)
    if value_axis == "x":
        # Beside horizontal bars at 18 px, two-line labels of neighbouring bars run into each
        # other: one line each, shortened (the whole label is in every hover), and few ticks.
        def one_line(label: Any) -> Any:
            if not isinstance(label, str):
                return label
            bold = label.startswith("<b>") and label.endswith("</b>")  # the reader's förbund
            flat = " ".join((label[3:-4] if bold else label).split("<br>"))
            text = html.unescape(flat)  # cut the text, never an entity (&#34;) in two
            if len(text) > SLIDE_HBAR_LABEL:
                flat = esc(text[:SLIDE_HBAR_LABEL - 1] + "…")
            return f"<b>{flat}</b>" if bold else flat

        for trace in fig.data:
            if trace.y is not None:
                trace.y = [one_line(v) for v in trace.y]
        if fig.layout.yaxis.categoryarray is not None:
            fig.update_yaxes(categoryarray=[one_line(v) for v in fig.layout.yaxis.categoryarray])
        fig.update_xaxes(nticks=5)
    # A long legend entry (an exit-share definition) wraps onto lines of its own.
    for trace in fig.data:
        if trace.showlegend and trace.name and len(trace.name) > SLIDE_LEGEND_WIDTH:
            trace.name = "<br>".join(textwrap.wrap(trace.name, SLIDE_LEGEND_WIDTH))
    names = [t.name or "" for t in fig.data if t.showlegend]
    widest = [max((len(x) for x in n.split("<br>")), default=0) for n in names]
    # About 10 px a character at 18 px, across the slide (the legend spans the whole figure).
    legend_rows = _legend_rows(["x" * n for n in widest], width=950, char_px=10) \
        if len(names) > 1 else 0
    legend_rows += sum(n.count("<br>") for n in names)
    subtitled = bool(fig.layout.title.subtitle.text)
    title_px = 48 + (28 if subtitled else 0)
    notes = [a for a in fig.layout.annotations or () if a.name == "source"]
    note_lines = sum((a.text or "").count("<br>") + 1 for a in notes)
    shift = 40 + int(size * 1.35) * lines
    if subtitled:
        # What a ranked chart shows, under its title: smaller on a page, SLIDE_FONT on a slide.
        fig.update_layout(title_subtitle_font_size=size)
    fig.update_layout(
        height=height,
        font={"size": size},
        title={"font": {"size": size + 4}},
        # Under the title, across the figure, growing downwards into the room kept for it.
        legend={"font": {"size": size}, "orientation": "h", "xref": "container",
                "yref": "container", "x": 0.01, "y": 1 - title_px / height, "yanchor": "top"},
        hoverlabel={"font": {"size": size}},
        uniformtext={"minsize": size, "mode": "show"},
        # Right margin: a horizontal bar's value label stands past the bar's end.
        margin={"t": title_px + 30 * legend_rows + 12, "b": shift + int(size * 1.3) * note_lines + 10,
                "l": 80, "r": 110 if value_axis == "x" else 20},
    )
    fig.update_xaxes(tickfont={"size": size}, title_font={"size": size})
    fig.update_yaxes(tickfont={"size": size}, title_font={"size": size})
    fig.update_traces(textfont={"size": size})
    for ann in notes:
        # Rewrapped for the larger text: a slide chart is about 900 px wide.
        words = " ".join((ann.text or "").split("<br>"))
        ann.update(text="<br>".join(textwrap.wrap(words, SLIDE_NOTE_WIDTH)),
                   font={"size": size}, yshift=-shift)
    if notes:
        fig.update_layout(margin={"b": shift + int(size * 1.3) * sum(
            (a.text or "").count("<br>") + 1 for a in notes) + 10})
    return fig
