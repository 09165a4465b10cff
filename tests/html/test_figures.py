"""Figures as charts: the Vega-Lite spec that `figure_spec` builds, checked as data."""

from __future__ import annotations

from typing import Any

import pytest

from reader.html.figures import (
    ACCENT,
    BASE,
    CHECKED,
    drawn_data,
    figure_sentence,
    figure_spec,
    humanize,
    stat_items,
)
from reader.numbers import format_value
from reader.numbers.check import CheckedRow
from reader.sources.schema import Figure

SOURCE = {"name": "INEGI", "url": "https://www.inegi.org.mx/"}


def figure(**fields: Any) -> Figure:
    return Figure.model_validate({"id": "f", "title": "A figure", "source": SOURCE, **fields})


def layers(spec: dict) -> list[dict]:
    return spec.get("layer", [spec])


def mark_type(layer: dict) -> str:
    mark = layer["mark"]
    return mark if isinstance(mark, str) else mark["type"]


def values(spec: dict) -> list[dict]:
    return spec["datasets"]["rows"]


HOMICIDES = figure(
    type="line",
    x="year",
    y="rate",
    unit="per 100,000",
    highlight=[2010],
    data=[{"year": 2007, "rate": 8}, {"year": 2010, "rate": 23}, {"year": 2011, "rate": 24}],
)


def test_a_line_chart_has_the_unit_in_its_value_axis_and_years_as_plain_numbers() -> None:
    spec = figure_spec(HOMICIDES)
    line = next(layer for layer in layers(spec) if mark_type(layer) == "line")
    assert line["encoding"]["y"]["title"] == "Rate (per 100,000)"
    assert line["encoding"]["x"]["title"] == "Year"
    assert line["encoding"]["x"]["axis"]["format"] == "d"  # 2010, not 2,010
    assert [(r["x"], r["value"]) for r in values(spec)] == [(2007, 8), (2010, 23), (2011, 24)]


def test_a_short_year_series_has_one_tick_per_year_and_a_long_one_whole_years_only() -> None:
    short = figure(
        type="line",
        x="year",
        y="people",
        unit="people",
        data=[
            {"year": 2022, "people": 104207},
            {"year": 2024, "people": 132036},
            {"year": 2023, "people": 126203},
        ],
    )
    axis = figure_spec(short)["layer"][0]["encoding"]["x"]["axis"]
    assert axis["values"] == [2022, 2023, 2024]  # not 2022, 2022.5 → "2023", 2023, …
    long = figure(
        type="line", x="year", y="rate", data=[{"year": y, "rate": 1} for y in range(2000, 2020)]
    )
    axis = figure_spec(long)["layer"][0]["encoding"]["x"]["axis"]
    assert "values" not in axis and axis["tickMinStep"] == 1


def test_highlighted_x_values_are_drawn_larger_in_the_accent_colour_with_their_value() -> None:
    spec = figure_spec(HOMICIDES)
    assert [r["x"] for r in values(spec) if r["highlight"]] == [2010]
    emphasised = [
        layer for layer in layers(spec) if layer.get("transform") == [{"filter": "datum.highlight"}]
    ]
    kinds = {mark_type(layer): layer["mark"] for layer in emphasised}
    assert kinds["point"]["color"] == ACCENT and kinds["point"]["size"] > 100
    assert kinds["text"]["color"] == ACCENT
    assert (
        next(layer for layer in emphasised if mark_type(layer) == "text")["encoding"]["text"][
            "field"
        ]
        == "label"
    )


def test_a_bar_chart_colours_highlighted_bars_and_keeps_the_data_order() -> None:
    bars = figure(
        type="bar",
        x="month",
        y="homicides",
        highlight=["Oct"],
        data=[
            {"month": "Sep", "homicides": 143},
            {"month": "Oct", "homicides": 182},
            {"month": "Nov", "homicides": 170},
        ],
    )
    spec = figure_spec(bars)
    bar = next(layer for layer in layers(spec) if mark_type(layer) == "bar")
    color = bar["encoding"]["color"]
    assert (
        color["condition"] == {"test": "datum.highlight", "value": ACCENT}
        and color["value"] == BASE
    )
    assert bar["encoding"]["x"]["sort"] == ["Sep", "Oct", "Nov"]
    assert bar["encoding"]["y"]["title"] == "Homicides"
    # Room above the tallest bar for its value label.
    assert bar["encoding"]["y"]["scale"]["domain"][1] > 182


def test_bars_with_long_names_turn_horizontal() -> None:
    bars = figure(
        type="bar",
        x="period",
        y="total",
        unit="US$ billion",
        data=[
            {"period": "FY2008 supplemental (Jun 2008)", "total": 0.4},
            {"period": "By about 2016–17", "total": 2.3},
        ],
    )
    bar = next(layer for layer in layers(figure_spec(bars)) if mark_type(layer) == "bar")
    assert (
        bar["encoding"]["y"]["field"] == "x"
        and bar["encoding"]["x"]["title"] == "Total (US$ billion)"
    )


def test_several_series_get_a_legend_and_skip_missing_values() -> None:
    two = figure(
        type="line",
        x="year",
        y=["seized", "destroyed"],
        unit="kg",
        data=[
            {"year": 2020, "seized": 5, "destroyed": None},
            {"year": 2021, "seized": 7, "destroyed": 2},
        ],
    )
    spec = figure_spec(two)
    assert sorted((r["series"], r["x"]) for r in values(spec)) == [
        ("Destroyed", 2021),
        ("Seized", 2020),
        ("Seized", 2021),
    ]
    line = next(layer for layer in layers(spec) if mark_type(layer) == "line")
    assert (
        line["encoding"]["color"]["field"] == "series"
        and line["encoding"]["color"]["legend"] is not None
    )
    assert line["encoding"]["y"]["title"] == "Value (kg)"


def test_the_chart_has_a_transparent_background_and_a_title_only_when_asked() -> None:
    spec = figure_spec(HOMICIDES)
    assert spec["background"] == "transparent" and "title" not in spec
    titled = figure_spec(HOMICIDES, with_title=True)
    assert titled["title"]["text"] == "A figure" and titled["title"]["subtitle"] == "per 100,000"


def test_stat_figures_have_no_chart_but_formatted_items() -> None:
    stat = figure(
        type="stat",
        unit="troops",
        data=[{"label": "Deployed, 2022", "value": 200000}, {"label": "Share", "value": 0.46}],
    )
    with pytest.raises(ValueError, match="stat"):
        figure_spec(stat)
    assert [(i.label, i.value) for i in stat_items(stat)] == [
        ("Deployed, 2022", "200,000 troops"),
        ("Share", "0.46 troops"),
    ]


def test_a_figure_without_axes_cannot_be_drawn() -> None:
    with pytest.raises(ValueError, match="needs 'x' and 'y'"):
        figure_spec(figure(type="bar", data=[{"a": 1}]))


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (21702, "21,702"),
        (23.0, "23"),
        (25.9, "25.9"),
        (1.125, "1.125"),
        (None, "—"),
        ("n/a", "n/a"),
    ],
)
def test_numbers_are_formatted_for_people(value: Any, shown: str) -> None:
    assert format_value(value) == shown


def test_axis_titles_come_from_field_names() -> None:
    assert humanize("homicide_rate") == "Homicide rate"


def test_a_chart_has_its_numbers_in_a_sentence():
    from reader.html.figures import figure_sentence
    from reader.sources.schema import Figure

    line = Figure.model_validate(
        {
            "id": "r",
            "title": "Homicide rate",
            "type": "line",
            "x": "year",
            "y": "rate",
            "unit": "per 100,000",
            "data": [{"year": 2010, "rate": 23}, {"year": 2011, "rate": 24.5}],
            "source": {"name": "INEGI"},
        }
    )
    assert figure_sentence(line) == "Homicide rate (per 100,000): 2010, 23; 2011, 24.5."
    two = line.model_copy(
        update={"y": ["rate", "deaths"], "data": [{"year": 2010, "rate": 23, "deaths": 25000}]}
    )
    assert figure_sentence(two) == "Homicide rate (per 100,000): 2010, Rate 23 and Deaths 25,000."
    stat = Figure.model_validate(
        {
            "id": "s",
            "title": "Arrests",
            "type": "stat",
            "data": [{"label": "Police, 2018", "value": 21702}],
            "source": {"name": "INEGI"},
        }
    )
    assert figure_sentence(stat) == "Arrests: Police, 2018, 21,702."


# ----------------------------------------------------------------------- rows the number check used

TRIPLE = [CheckedRow(2010, "rate", ("24", "triple")), CheckedRow(2007, "rate", ("triple",))]


def checked_layers(spec: dict) -> list[dict]:
    return [
        layer
        for layer in layers(spec)
        if layer.get("transform") == [{"filter": "isValid(datum.checked)"}]
    ]


def test_checked_rows_of_a_line_get_a_large_hollow_diamond_a_legend_and_a_tooltip() -> None:
    spec = figure_spec(HOMICIDES, checked=TRIPLE)
    assert [(r["x"], r["checked"]) for r in values(spec)] == [
        (2007, "checked by: “triple”"),
        (2010, "checked by: “24”, “triple”"),
        (2011, None),
    ]
    [point] = checked_layers(spec)
    mark = point["mark"]
    # Not colour alone: a shape of its own, hollow, larger than the highlight's point, with a thick
    # stroke.
    assert (
        mark["type"] == "point"
        and mark["filled"] is False
        and mark["size"] > 110
        and mark["strokeWidth"] >= 2
    )
    assert mark["color"] == CHECKED
    shape = point["encoding"]["shape"]
    assert shape["field"] == "checked" and set(shape["scale"]["range"]) == {"diamond"}
    assert shape["scale"]["domain"] == [
        "checked by: “triple”",
        "checked by: “24”, “triple”",
    ]  # the legend's entries
    assert shape["legend"] is not None
    assert {"field": "checked", "title": "Number check", "type": "nominal"} in point["encoding"][
        "tooltip"
    ]
    assert point["encoding"]["x"]["field"] == "x" and point["encoding"]["y"]["field"] == "value"


def test_a_checked_bar_gets_a_thick_outline_and_a_diamond_at_its_end() -> None:
    bars = figure(
        type="bar",
        x="state",
        y="deaths",
        data=[
            {"state": "Sinaloa", "deaths": 500},
            {"state": "Sonora", "deaths": 400},
            {"state": "Durango", "deaths": 300},
        ],
    )
    spec = figure_spec(
        bars,
        checked=[
            CheckedRow("Sinaloa", "deaths", ("1,200",)),
            CheckedRow("Durango", "deaths", ("1,200",)),
        ],
    )
    assert [r["x"] for r in values(spec) if r["checked"]] == [
        "Sinaloa",
        "Durango",
    ]  # every row of a sum
    outline, point = checked_layers(spec)
    assert (
        outline["mark"]["type"] == "bar"
        and outline["mark"]["fillOpacity"] == 0
        and outline["mark"]["strokeWidth"] >= 3
    )
    assert outline["mark"]["stroke"] == CHECKED and outline["encoding"]["x"]["field"] == "x"
    assert point["mark"]["type"] == "point" and point["encoding"]["shape"]["scale"]["domain"] == [
        "checked by: “1,200”"
    ]
    assert point["encoding"]["shape"]["legend"]["symbolFillColor"] == "transparent"


def test_only_the_checked_series_is_marked_and_an_unchecked_chart_is_unchanged() -> None:
    two = figure(
        type="bar",
        x="period",
        y=["cumulative", "yearly"],
        unit="US$ billion",
        data=[
            {"period": "2008-2012", "cumulative": 1.9, "yearly": 0.4},
            {"period": "2008-2020", "cumulative": 3.5, "yearly": 0.2},
        ],
    )
    spec = figure_spec(two, checked=[CheckedRow("2008-2012", "cumulative", ("almost $2 billion",))])
    assert [(r["x"], r["series"]) for r in values(spec) if r["checked"]] == [
        ("2008-2012", "Cumulative")
    ]
    assert "xOffset" in checked_layers(spec)[0]["encoding"]  # drawn on its own series' bar
    plain = figure_spec(two)
    assert not checked_layers(plain) and all("checked" not in r for r in values(plain))


def test_the_text_alternative_says_which_rows_were_checked() -> None:
    assert figure_sentence(HOMICIDES, TRIPLE) == (
        "A figure (per 100,000): 2007, 8; 2010, 23; 2011, 24. "
        "Checked by the claim's numbers: 2010 (“24”, “triple”); 2007 (“triple”)."
    )
    stat = figure(
        type="stat",
        data=[
            {"label": "Deployed, 2022", "value": 140000},
            {"label": "Deployed, 2023", "value": 200000},
        ],
    )
    checked = [CheckedRow("Deployed, 2023", None, ("200,000",))]
    assert figure_sentence(stat, checked).endswith(
        "Checked by the claim's numbers: Deployed, 2023 (“200,000”)."
    )
    assert [i.checked for i in stat_items(stat, checked)] == [None, "checked by: “200,000”"]


def test_thinning_keeps_the_checked_rows() -> None:
    long = figure(
        type="line", x="day", y="n", data=[{"day": d, "n": d} for d in range(5000)]
    )  # extremes: stretch ends
    assert 2510 not in [r["day"] for r in drawn_data(long)]
    assert 2510 in [r["day"] for r in drawn_data(long, [CheckedRow(2510, "n", ("2,510",))])]


@pytest.mark.parametrize("checked", [(), TRIPLE], ids=["plain", "checked"])
@pytest.mark.parametrize("kind", ["line", "bar"])
def test_every_layer_draws_the_spec_s_one_dataset(kind: str, checked: list[CheckedRow]) -> None:
    spec = figure_spec(HOMICIDES.model_copy(update={"type": kind}), checked=checked)
    assert list(spec["datasets"]) == ["rows"] and len(values(spec)) == 3
    for layer in layers(spec):  # a layer's own data, or the one it inherits: never Altair's "empty"
        assert layer.get("data", spec.get("data")) == {"name": "rows"}, layer["mark"]


def line_layer(spec: dict) -> dict:
    return next(layer for layer in layers(spec) if mark_type(layer) == "line")


def test_a_line_is_not_drawn_across_years_the_data_does_not_have() -> None:
    funds = figure(
        type="line",
        x="fiscal_year",
        y="billions",
        unit="US$ billion",
        data=[
            {"fiscal_year": 2008, "billions": 0.4},
            {"fiscal_year": 2009, "billions": 1.1},
            {"fiscal_year": 2010, "billions": 1.5},
            {"fiscal_year": 2021, "billions": 3.5},  # nothing for 2011-2020
        ],
    )
    spec = figure_spec(funds)
    # The line is one path per value of `segment`: 2008-2010, then 2021 on its own (its point
    # is still drawn by the points layer), never a straight line from 2010 to 2021.
    assert line_layer(spec)["encoding"]["detail"]["field"] == "segment"
    assert [(r["x"], r["segment"]) for r in values(spec)] == [
        (2008, 0),
        (2009, 0),
        (2010, 0),
        (2021, 1),
    ]
    points = [layer for layer in layers(spec) if mark_type(layer) == "point"]
    assert points and all("detail" not in layer["encoding"] for layer in points)


def test_a_line_breaks_at_a_row_without_a_value_in_that_series_only() -> None:
    two = figure(
        type="line",
        x="month",
        y=["a", "b"],
        unit="people",
        data=[
            {"month": "Jan 2024", "a": 1, "b": 10},
            {"month": "Feb 2024", "a": None, "b": 11},
            {"month": "Mar 2024", "a": 3, "b": 12},
        ],
    )
    segments = {(r["series"], r["x"]): r["segment"] for r in values(figure_spec(two))}
    assert segments == {
        ("A", "Jan 2024"): 0,
        ("A", "Mar 2024"): 1,
        ("B", "Jan 2024"): 0,
        ("B", "Feb 2024"): 0,
        ("B", "Mar 2024"): 0,
    }


def test_consecutive_years_and_thinned_rows_make_one_unbroken_line() -> None:
    yearly = figure(
        type="line", x="year", y="n", data=[{"year": y, "n": y % 7} for y in range(1000, 2999)]
    )
    rows = values(figure_spec(yearly))
    assert len(rows) < len(yearly.data)  # thinned: the years left out are not gaps in the data
    assert {r["segment"] for r in rows} == {0}
