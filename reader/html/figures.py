"""Figures as charts: a figure from an annotation file -> a Vega-Lite spec (built with Altair), or
stat items.

Pure functions, no Streamlit: the app draws the spec with ``st.vega_lite_chart`` (whose theme
follows the app's light or dark mode), and the standalone export turns the same spec into SVG.
Colours are mid-tones that read on light and dark backgrounds, and the chart itself has a
transparent background.

- ``line`` / ``bar``: ``x`` on the horizontal axis (bars turn horizontal when their category
  names are long), one series per field in ``y``; the unit goes in the value axis title;
  ``highlight`` x values are emphasised (an accent colour, larger points, value labels). A line
  shows its gaps: it breaks at a row without a value and, on a year axis, across missing years.
- ``stat``: no chart; ``stat_items`` gives label/value pairs for metric cards.
- ``checked`` rows (``CheckedRow``: the rows a claim's number checks used) are marked apart from
  the highlight, and not by colour alone: a large hollow diamond on each checked point (at the end
  of each checked bar, which also gets a thick outline), a legend entry and a tooltip saying
  "checked by: “24”", and a sentence in the text alternative. Marked charts depend on the claim:
  callers that cache a chart key it by the rows too (the app and the export build them per claim).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from reader.html.thinning import MAX_DRAWN_ROWS, thin_rows
from reader.numbers import format_value
from reader.numbers.check import CheckedRow
from reader.sources.schema import Figure

if TYPE_CHECKING:
    import altair as alt
else:

    class _Altair:
        """Altair, imported on first use: stat items and number formats (the exports, `check`)
        need none of its half a second of imports."""

        def __getattr__(self, name: str) -> Any:
            import altair

            return getattr(altair, name)

    alt = _Altair()

__all__ = [
    "ACCENT",
    "BASE",
    "CHECKED",
    "SERIES",
    "StatItem",
    "checked_sentence",
    "drawn_data",
    "figure_sentence",
    "figure_spec",
    "humanize",
    "stat_items",
    "thinning_note",
]

#: The emphasised x values, and the rest. Both read on white and on near-black.
ACCENT = "#e8590c"
BASE = "#4c8bd6"
#: The outline of rows the number check used (3.4:1 on white, 5.5:1 on near-black); shape and size
#: say it too.
CHECKED = "#e64980"
#: Colours for several series (the first is BASE).
SERIES = ("#4c8bd6", "#2f9e77", "#b15ad6", "#c9a100", "#e0445e", "#7f8c94")
#: Category names longer than this turn a bar chart horizontal, so labels stay readable.
LONG_LABEL = 12
CHART_HEIGHT = 240
#: Year axes with at most this many distinct years get a tick at each of them.
FEW_YEARS = 12
_MISSING = object()


@dataclass(frozen=True, slots=True)
class StatItem:
    label: str
    value: str  # formatted, with the figure's unit when it has one
    checked: str | None = None  # "checked by: “24”" when a number check used it


def _checked_at(checked: Sequence[CheckedRow]) -> dict[tuple[Any, str | None], str]:
    """(x, series) -> its label; x values are the data's own (the check read them from the rows)."""
    return {(row.x, row.series): row.label for row in checked}


def humanize(field: str) -> str:
    """An axis title from a field name: ``homicide_rate`` -> ``Homicide rate``."""
    words = field.replace("_", " ").replace("-", " ").strip()
    return words[:1].upper() + words[1:] if words else field


def stat_items(figure: Figure, checked: Sequence[CheckedRow] = ()) -> list[StatItem]:
    """A ``stat`` figure's rows as label/value pairs (rows need ``label`` and ``value``), each
    with what checked it."""
    unit = f" {figure.unit}" if figure.unit else ""
    marks = _checked_at(checked)
    items = []
    for row in figure.data:
        label = row.get("label")
        value = row.get("value", _MISSING)
        if value is _MISSING:
            continue
        items.append(
            StatItem(
                "" if label is None else str(label),
                format_value(value) + unit,
                marks.get((label, None)),
            )
        )
    return items


#: At most this many points are read out (a long series is summed up by its count).
MAX_SENTENCE_POINTS = 60


def figure_sentence(figure: Figure, checked: Sequence[CheckedRow] = ()) -> str:
    """The chart's numbers in one sentence, its text alternative (WCAG 1.1.1): "Homicides per
    100,000 people, Mexico (per 100,000): 2007, 8; 2010, 23; 2011, 24.", then which rows the
    claim's number checks used."""
    said = _sentence(figure)
    return f"{said} {checked_sentence(figure, checked)}" if checked else said


def checked_sentence(figure: Figure, checked: Sequence[CheckedRow]) -> str:
    """Which rows the number checks used, for the text alternative: "Checked by the claim's
    numbers: 2010 (“24”, “triple”); 2007 (“triple”)."."""
    several = len(figure.y_fields) > 1
    parts = [
        f"{row.x}{f', {humanize(row.series)}' if several and row.series else ''} "
        f"({', '.join(f'“{number}”' for number in row.numbers)})"
        for row in checked
    ]
    return f"Checked by the claim's numbers: {'; '.join(parts)}." if parts else ""


def _sentence(figure: Figure) -> str:
    if figure.type == "stat":
        points = [f"{item.label}, {item.value}" for item in stat_items(figure)]
    else:
        series = figure.y_fields
        points = []
        for row in figure.data:
            x = row.get(figure.x or "")
            values = [
                (humanize(field) + " " if len(series) > 1 else "") + format_value(row.get(field))
                for field in series
                if row.get(field) is not None
            ]
            points.append(f"{x}, {' and '.join(values)}" if x is not None else " and ".join(values))
    unit = f" ({figure.unit})" if figure.unit and figure.type != "stat" else ""
    more = (
        f"; and {len(points) - MAX_SENTENCE_POINTS} more"
        if len(points) > MAX_SENTENCE_POINTS
        else ""
    )
    return f"{figure.title}{unit}: {'; '.join(points[:MAX_SENTENCE_POINTS])}{more}."


def _is_year(values: list[Any]) -> bool:
    return bool(values) and all(
        isinstance(v, int) and not isinstance(v, bool) and 1000 <= v <= 2999 for v in values
    )


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def drawn_data(figure: Figure, checked: Sequence[CheckedRow] = ()) -> list[dict[str, Any]]:
    """The figure's rows a chart draws: all of them, or at most about MAX_DRAWN_ROWS keeping every
    stretch's extremes, the highlighted x values and the checked rows (reader.html.thinning)."""
    keep = {*figure.highlight, *(row.x for row in checked)}
    return thin_rows(
        figure.data,
        figure.y_fields,
        keep=lambda row: figure.x is not None and row.get(figure.x) in keep,
    )


def thinning_note(figure: Figure) -> str | None:
    """A sentence under a chart that draws fewer rows than the figure has, else None."""
    if figure.type == "stat" or len(figure.data) <= MAX_DRAWN_ROWS:
        return None
    return (
        f"Drawn from {len(drawn_data(figure)):,} of the {len(figure.data):,} rows: "
        "the highest and lowest values of each stretch are kept."
    )


def _drawable(value: Any) -> bool:
    return value is not None and _is_number(value) and math.isfinite(value)


def _segments(figure: Figure) -> dict[tuple[int, str], int]:
    """Which unbroken stretch of its series' line each row's point belongs to, by (row, series).

    A line is never drawn across data it does not have: it breaks at a row with no value for the
    series and, on a year axis, across years missing from the data (2008–2010 and 2021 are two
    stretches, not a straight line across a decade). Computed on all the rows, so the rows that
    thinning leaves out never open a gap."""
    assert figure.x is not None
    years = _is_year([row.get(figure.x) for row in figure.data if row.get(figure.x) is not None])
    segments: dict[tuple[int, str], int] = {}
    for series in figure.y_fields:
        segment, previous, hole = 0, None, False
        for row in figure.data:
            x = row.get(figure.x)
            if x is None or not _drawable(row.get(series)):
                hole = previous is not None
                continue
            skipped = (
                years and isinstance(x, int) and isinstance(previous, int) and x > previous + 1
            )
            if previous is not None and (hole or skipped):
                segment += 1
            segments[(id(row), series)] = segment
            previous, hole = x, False
    return segments


def _rows(figure: Figure, checked: Sequence[CheckedRow] = ()) -> list[dict[str, Any]]:
    """Long format: one row per (x, series) with a number, whether x is highlighted, the stretch
    of the line it is on (``segment``: a line is drawn only within one), and (when some rows are
    checked) what checked it."""
    assert figure.x is not None
    highlight = set(figure.highlight)
    marks = _checked_at(checked)
    segments = _segments(figure)
    rows = []
    for order, row in enumerate(drawn_data(figure, checked)):
        x = row.get(figure.x)
        if x is None:
            continue
        for series in figure.y_fields:
            value = row.get(series)
            if not _drawable(value):
                continue
            rows.append(
                {
                    "x": x if _is_number(x) else str(x),
                    "series": humanize(series),
                    "value": value,
                    "label": format_value(value),
                    "highlight": x in highlight,
                    "order": order,
                    "segment": segments.get((id(row), series), 0),
                    **({"checked": marks.get((x, series))} if marks else {}),
                }
            )
    return rows


#: The name the chart's layers read their rows by (the spec's one dataset).
DATASET = "rows"


def figure_spec(
    figure: Figure, *, with_title: bool = False, checked: Sequence[CheckedRow] = ()
) -> dict[str, Any]:
    """A line or bar chart of a figure as a Vega-Lite spec, with the ``checked`` rows marked.
    ``stat`` figures have no chart: use ``stat_items``.

    The chart is built and validated by Altair on a named dataset, whose rows are added to the spec
    afterwards: Altair copies and validates inline rows once per layer, which cost over a second for
    a chart of a few thousand points.

    Raises ValueError for a ``stat`` figure or one without ``x``/``y``.
    """
    if figure.type == "stat":
        raise ValueError(f"figure '{figure.id}' is a stat figure: show it with stat_items()")
    if not figure.x or not figure.y_fields:
        raise ValueError(
            f"figure '{figure.id}' needs 'x' and 'y' to be drawn as a {figure.type} chart"
        )
    rows = _rows(figure, checked)
    series = list(dict.fromkeys(r["series"] for r in rows)) or [
        humanize(f) for f in figure.y_fields
    ]
    several = len(series) > 1
    value_title = _value_title(figure, series)
    x_title = humanize(figure.x)
    data = alt.NamedData(name=DATASET)

    if figure.type == "line":
        chart = _line_chart(data, rows, x_title, value_title, series, several)
    else:
        chart = _bar_chart(data, rows, x_title, value_title, series, several)
    if any(r.get("checked") for r in rows):
        chart = alt.LayerChart(
            data=data,
            layer=[
                *chart.layer,
                *_checked_layers(data, chart.layer[0], rows, figure.type, x_title, value_title),
            ],
        )
    chart = chart.properties(height=CHART_HEIGHT, background="transparent")
    if with_title:
        chart = chart.properties(
            title=alt.TitleParams(
                figure.title, anchor="start", subtitle=figure.unit or alt.Undefined
            )
        )
    spec: dict[str, Any] = (
        chart.configure_view(stroke=None)
        .configure_axis(labelFontSize=11, titleFontSize=11, titleFontWeight="normal")
        .to_dict()
    )
    spec["datasets"] = {DATASET: rows}
    return spec


def _value_title(figure: Figure, series: list[str]) -> str:
    name = series[0] if len(series) == 1 else "Value"
    return f"{name} ({figure.unit})" if figure.unit else name


def _tooltip(x_title: str, value_title: str, x_type: XType) -> list[alt.Tooltip]:
    return [
        alt.Tooltip("x", type=x_type, title=x_title),
        alt.Tooltip("series:N", title="Series"),
        alt.Tooltip("label:N", title=value_title),
    ]


XType = Literal["nominal", "quantitative", "temporal"]


def _x_encoding(rows: list[dict[str, Any]], title: str, *, band: bool) -> tuple[alt.X, XType]:
    values = [r["x"] for r in rows]
    if not band and _is_year(values):
        # A few years get one tick each: left to itself Vega puts ticks on half years, which
        # the "d" format shows as repeated years (2022, 2023, 2023, 2024, 2024).
        years = sorted(set(values))
        ticks = (
            alt.Axis(format="d", values=years)
            if len(years) <= FEW_YEARS
            else alt.Axis(format="d", tickMinStep=1)
        )
        return alt.X(
            "x:Q", title=title, axis=ticks, scale=alt.Scale(zero=False, nice=False)
        ), "quantitative"
    if not band and values and all(_is_number(v) for v in values):
        return alt.X("x:Q", title=title, scale=alt.Scale(zero=False)), "quantitative"
    order = list(dict.fromkeys(values))
    return alt.X(
        "x:N", title=title, sort=order, axis=alt.Axis(labelAngle=0 if band else -30, labelLimit=160)
    ), "nominal"


def _colors(series: list[str]) -> alt.Scale:
    return alt.Scale(domain=series, range=[SERIES[i % len(SERIES)] for i in range(len(series))])


def _line_chart(
    data: alt.NamedData,
    rows: list[dict[str, Any]],
    x_title: str,
    value_title: str,
    series: list[str],
    several: bool,
) -> alt.LayerChart:
    x, x_type = _x_encoding(rows, x_title, band=False)
    y = alt.Y("value:Q", title=value_title, axis=alt.Axis(format="~s" if _large(rows) else ",~r"))
    color = alt.Color(
        "series:N",
        scale=_colors(series),
        legend=alt.Legend(title=None, orient="bottom") if several else None,
    )
    base = alt.Chart(data).encode(x=x, y=y, tooltip=_tooltip(x_title, value_title, x_type))
    line = base.mark_line(strokeWidth=2.2, interpolate="linear").encode(
        color=color,
        order="order:Q",
        detail="segment:N",  # one path per unbroken stretch
    )
    points = base.mark_point(filled=True, size=28, opacity=0.9).encode(color=color)
    marked = base.transform_filter(alt.datum.highlight).mark_point(
        filled=True, size=110, color=ACCENT, stroke="white", strokeWidth=1.2
    )
    labels = (
        base.transform_filter(alt.datum.highlight)
        .mark_text(dy=-12, fontWeight="bold", fontSize=11, color=ACCENT)
        .encode(text="label:N")
    )
    return alt.LayerChart(layer=[line, points, marked, labels])


def _bar_chart(
    data: alt.NamedData,
    rows: list[dict[str, Any]],
    x_title: str,
    value_title: str,
    series: list[str],
    several: bool,
) -> alt.LayerChart:
    categories = list(dict.fromkeys(str(r["x"]) for r in rows))
    horizontal = any(len(c) > LONG_LABEL for c in categories)
    value_axis = alt.Axis(format="~s" if _large(rows) else ",~r", grid=True)
    scale = _room_for_labels(rows)
    # Altair's generated signatures are narrower than the values a chart passes on; Any lets them
    # through.
    cat: Any
    val: Any
    color: Any
    opacity: Any
    offset: dict[str, Any]
    text: dict[str, Any]
    if horizontal:
        cat = alt.Y("x:N", title=None, sort=categories, axis=alt.Axis(labelLimit=220))
        val = alt.X("value:Q", title=value_title, axis=value_axis, scale=scale)
        offset = {"yOffset": "series:N"} if several else {}
        text = {"align": "left", "dx": 4, "baseline": "middle"}
    else:
        cat = alt.X(
            "x:N", title=x_title, sort=categories, axis=alt.Axis(labelAngle=0, labelLimit=120)
        )
        val = alt.Y("value:Q", title=value_title, axis=value_axis, scale=scale)
        offset = {"xOffset": "series:N"} if several else {}
        text = {"align": "center", "dy": -6, "baseline": "bottom"}
    if several:
        color = alt.Color(
            "series:N", scale=_colors(series), legend=alt.Legend(title=None, orient="bottom")
        )
        opacity = alt.condition(alt.datum.highlight, alt.value(1.0), alt.value(0.55))
    else:
        color = alt.condition(alt.datum.highlight, alt.value(ACCENT), alt.value(BASE))
        opacity = alt.value(1.0)
    base = alt.Chart(data).encode(
        **({"y": cat, "x": val} if horizontal else {"x": cat, "y": val}), **offset
    )
    bars = base.mark_bar(cornerRadiusEnd=2).encode(
        color=color, opacity=opacity, tooltip=_tooltip(x_title, value_title, "nominal")
    )
    labels = (
        base.transform_filter(alt.datum.highlight)
        .mark_text(fontWeight="bold", fontSize=11, color=ACCENT, **text)
        .encode(text="label:N")
    )
    return alt.LayerChart(layer=[bars, labels])


def _checked_layers(
    data: alt.NamedData,
    first: Any,
    rows: list[dict[str, Any]],
    kind: str,
    x_title: str,
    value_title: str,
) -> list[Any]:
    """The checked rows' marks, layered over the chart at the positions of its first layer: a large
    hollow diamond on each checked point (a bar also gets a thick outline), with a legend entry and
    a tooltip saying what checked it."""
    labels = list(dict.fromkeys(r["checked"] for r in rows if r.get("checked")))
    encoding = first.encoding.to_dict()
    position = {
        channel: encoding[channel]
        for channel in ("x", "y", "xOffset", "yOffset")
        if channel in encoding
    }
    x_type = next(e["type"] for e in position.values() if e.get("field") == "x")
    tooltip = [
        alt.Tooltip("x", type=x_type, title=x_title),
        alt.Tooltip("series:N", title="Series"),
        alt.Tooltip("label:N", title=value_title),
        alt.Tooltip("checked:N", title="Number check"),
    ]
    shape = alt.Shape(
        "checked:N",
        scale=alt.Scale(domain=labels, range=["diamond"] * len(labels)),
        legend=alt.Legend(
            title=None,
            orient="bottom",
            symbolStrokeColor=CHECKED,
            symbolStrokeWidth=2.5,
            symbolFillColor="transparent",
            labelLimit=400,
        ),
    )
    marked = alt.Chart(data).transform_filter("isValid(datum.checked)").encode(**position)
    layers: list[Any] = []
    if kind == "bar":
        layers.append(marked.mark_bar(fillOpacity=0, stroke=CHECKED, strokeWidth=3))
    layers.append(
        marked.mark_point(filled=False, size=260, strokeWidth=2.5, color=CHECKED, opacity=1).encode(
            shape=shape, tooltip=tooltip
        )
    )
    return layers


def _room_for_labels(rows: list[dict[str, Any]]) -> alt.Scale:
    """A value scale with room past the longest bar for a highlighted bar's label (or a checked
    one's mark)."""
    if not any(r["highlight"] or r.get("checked") for r in rows):
        return alt.Scale()
    low = min([0, *(r["value"] for r in rows)])
    high = max([0, *(r["value"] for r in rows)])
    span = (high - low) or 1
    return alt.Scale(
        domain=[low - (0.15 * span if low < 0 else 0), high + (0.15 * span if high > 0 else 0)],
        nice=False,
    )


def _large(rows: list[dict[str, Any]]) -> bool:
    return any(abs(r["value"]) >= 10_000 for r in rows)
