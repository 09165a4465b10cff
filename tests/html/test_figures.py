"""Figures as charts: the Vega-Lite spec that `figure_chart` builds, checked as data."""

from __future__ import annotations

from typing import Any

import pytest

from reader.html.figures import ACCENT, BASE, figure_chart, format_value, humanize, stat_items
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
    return spec["data"]["values"]


HOMICIDES = figure(type="line", x="year", y="rate", unit="per 100,000", highlight=[2010],
                   data=[{"year": 2007, "rate": 8}, {"year": 2010, "rate": 23}, {"year": 2011, "rate": 24}])


def test_a_line_chart_has_the_unit_in_its_value_axis_and_years_as_plain_numbers() -> None:
    spec = figure_chart(HOMICIDES).to_dict()
    line = next(layer for layer in layers(spec) if mark_type(layer) == "line")
    assert line["encoding"]["y"]["title"] == "Rate (per 100,000)"
    assert line["encoding"]["x"]["title"] == "Year"
    assert line["encoding"]["x"]["axis"]["format"] == "d"  # 2010, not 2,010
    assert [(r["x"], r["value"]) for r in values(spec)] == [(2007, 8), (2010, 23), (2011, 24)]


def test_a_short_year_series_has_one_tick_per_year_and_a_long_one_whole_years_only() -> None:
    short = figure(type="line", x="year", y="people", unit="people",
                   data=[{"year": 2022, "people": 104207}, {"year": 2024, "people": 132036}, {"year": 2023, "people": 126203}])
    axis = figure_chart(short).to_dict()["layer"][0]["encoding"]["x"]["axis"]
    assert axis["values"] == [2022, 2023, 2024]  # not 2022, 2022.5 → "2023", 2023, …
    long = figure(type="line", x="year", y="rate", data=[{"year": y, "rate": 1} for y in range(2000, 2020)])
    axis = figure_chart(long).to_dict()["layer"][0]["encoding"]["x"]["axis"]
    assert "values" not in axis and axis["tickMinStep"] == 1


def test_highlighted_x_values_are_drawn_larger_in_the_accent_colour_with_their_value() -> None:
    spec = figure_chart(HOMICIDES).to_dict()
    assert [r["x"] for r in values(spec) if r["highlight"]] == [2010]
    emphasised = [layer for layer in layers(spec) if layer.get("transform") == [{"filter": "datum.highlight"}]]
    kinds = {mark_type(layer): layer["mark"] for layer in emphasised}
    assert kinds["point"]["color"] == ACCENT and kinds["point"]["size"] > 100
    assert kinds["text"]["color"] == ACCENT
    assert next(layer for layer in emphasised if mark_type(layer) == "text")["encoding"]["text"]["field"] == "label"


def test_a_bar_chart_colours_highlighted_bars_and_keeps_the_data_order() -> None:
    bars = figure(type="bar", x="month", y="homicides", highlight=["Oct"],
                  data=[{"month": "Sep", "homicides": 143}, {"month": "Oct", "homicides": 182}, {"month": "Nov", "homicides": 170}])
    spec = figure_chart(bars).to_dict()
    bar = next(layer for layer in layers(spec) if mark_type(layer) == "bar")
    color = bar["encoding"]["color"]
    assert color["condition"] == {"test": "datum.highlight", "value": ACCENT} and color["value"] == BASE
    assert bar["encoding"]["x"]["sort"] == ["Sep", "Oct", "Nov"]
    assert bar["encoding"]["y"]["title"] == "Homicides"
    # Room above the tallest bar for its value label.
    assert bar["encoding"]["y"]["scale"]["domain"][1] > 182


def test_bars_with_long_names_turn_horizontal() -> None:
    bars = figure(type="bar", x="period", y="total", unit="US$ billion",
                  data=[{"period": "FY2008 supplemental (Jun 2008)", "total": 0.4}, {"period": "By about 2016–17", "total": 2.3}])
    bar = next(layer for layer in layers(figure_chart(bars).to_dict()) if mark_type(layer) == "bar")
    assert bar["encoding"]["y"]["field"] == "x" and bar["encoding"]["x"]["title"] == "Total (US$ billion)"


def test_several_series_get_a_legend_and_skip_missing_values() -> None:
    two = figure(type="line", x="year", y=["seized", "destroyed"], unit="kg",
                 data=[{"year": 2020, "seized": 5, "destroyed": None}, {"year": 2021, "seized": 7, "destroyed": 2}])
    spec = figure_chart(two).to_dict()
    assert sorted((r["series"], r["x"]) for r in values(spec)) == [("Destroyed", 2021), ("Seized", 2020), ("Seized", 2021)]
    line = next(layer for layer in layers(spec) if mark_type(layer) == "line")
    assert line["encoding"]["color"]["field"] == "series" and line["encoding"]["color"]["legend"] is not None
    assert line["encoding"]["y"]["title"] == "Value (kg)"


def test_the_chart_has_a_transparent_background_and_a_title_only_when_asked() -> None:
    spec = figure_chart(HOMICIDES).to_dict()
    assert spec["background"] == "transparent" and "title" not in spec
    titled = figure_chart(HOMICIDES, with_title=True).to_dict()
    assert titled["title"]["text"] == "A figure" and titled["title"]["subtitle"] == "per 100,000"


def test_stat_figures_have_no_chart_but_formatted_items() -> None:
    stat = figure(type="stat", unit="troops", data=[{"label": "Deployed, 2022", "value": 200000}, {"label": "Share", "value": 0.46}])
    with pytest.raises(ValueError, match="stat"):
        figure_chart(stat)
    assert [(i.label, i.value) for i in stat_items(stat)] == [("Deployed, 2022", "200,000 troops"), ("Share", "0.46 troops")]


def test_a_figure_without_axes_cannot_be_drawn() -> None:
    with pytest.raises(ValueError, match="needs 'x' and 'y'"):
        figure_chart(figure(type="bar", data=[{"a": 1}]))


@pytest.mark.parametrize(("value", "shown"), [(21702, "21,702"), (23.0, "23"), (25.9, "25.9"), (1.125, "1.125"),
                                              (None, "—"), ("n/a", "n/a")])
def test_numbers_are_formatted_for_people(value: Any, shown: str) -> None:
    assert format_value(value) == shown


def test_axis_titles_come_from_field_names() -> None:
    assert humanize("homicide_rate") == "Homicide rate"


def test_a_chart_has_its_numbers_in_a_sentence():
    from reader.html.figures import figure_sentence
    from reader.sources.schema import Figure

    line = Figure.model_validate({"id": "r", "title": "Homicide rate", "type": "line", "x": "year", "y": "rate",
                                  "unit": "per 100,000", "data": [{"year": 2010, "rate": 23}, {"year": 2011, "rate": 24.5}],
                                  "source": {"name": "INEGI"}})
    assert figure_sentence(line) == "Homicide rate (per 100,000): 2010, 23; 2011, 24.5."
    two = line.model_copy(update={"y": ["rate", "deaths"], "data": [{"year": 2010, "rate": 23, "deaths": 25000}]})
    assert figure_sentence(two) == "Homicide rate (per 100,000): 2010, Rate 23 and Deaths 25,000."
    stat = Figure.model_validate({"id": "s", "title": "Arrests", "type": "stat",
                                  "data": [{"label": "Police, 2018", "value": 21702}], "source": {"name": "INEGI"}})
    assert figure_sentence(stat) == "Arrests: Police, 2018, 21,702."
