"""Charts draw at most about MAX_DRAWN_ROWS rows, keeping every stretch's extremes and
highlights."""

from __future__ import annotations

import math
import random

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.html.thinning import MAX_DRAWN_ROWS, thin_rows


def test_few_rows_are_kept_as_they_are() -> None:
    rows = [{"x": i, "y": i * 2} for i in range(10)]
    assert thin_rows(rows, ["y"]) == rows


def test_many_rows_keep_the_extremes_the_ends_and_highlights() -> None:
    generator = random.Random(7)
    rows = [{"x": i, "y": generator.gauss(0, 1)} for i in range(300_000)]
    rows[123_456]["y"] = 99.0  # a spike
    rows[222_222]["y"] = -99.0  # a dip
    thinned = thin_rows(rows, ["y"], keep=lambda row: row["x"] == 77_777)
    assert len(thinned) <= MAX_DRAWN_ROWS + 1
    xs = [row["x"] for row in thinned]
    assert xs == sorted(xs)
    assert {0, 299_999, 123_456, 222_222, 77_777} <= set(xs)
    assert max(r["y"] for r in thinned) == 99.0 and min(r["y"] for r in thinned) == -99.0


def test_each_series_keeps_its_own_extremes_and_skips_missing_values() -> None:
    rows = [
        {"x": i, "a": math.sin(i / 50), "b": None if i % 3 else math.cos(i / 70)}
        for i in range(20_000)
    ]
    rows[5]["b"] = 10.0
    thinned = thin_rows(rows, ["a", "b"], limit=300)
    assert len(thinned) <= 300 + 2
    assert any(r["x"] == 5 for r in thinned)
    assert max(r["a"] for r in thinned) == max(r["a"] for r in rows)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.floats(allow_nan=False, allow_infinity=False, width=32), min_size=1, max_size=3_000
    ),
    st.integers(min_value=4, max_value=400),
)
def test_thinning_keeps_global_extremes_and_order(values: list[float], limit: int) -> None:
    rows = [{"x": i, "y": v} for i, v in enumerate(values)]
    thinned = thin_rows(rows, ["y"], limit=limit)
    assert [r["x"] for r in thinned] == sorted({r["x"] for r in thinned})
    assert max(r["y"] for r in thinned) == max(values) and min(r["y"] for r in thinned) == min(
        values
    )
    assert len(thinned) <= max(limit, len(values) if len(values) <= limit else limit + 4)


def _big_figure(rows: int = 5_000):
    from reader.sources.schema import Figure

    data = [{"year": 1000 + i, "rate": math.sin(i / 40) * 10} for i in range(rows)]
    data[min(4_321, rows - 1)]["rate"] = 500
    return Figure(
        id="big",
        title="Big",
        type="line",
        x="year",
        y="rate",
        data=data,
        highlight=[1007],
        source={"name": "Test"},
    )


def test_a_large_figure_is_drawn_from_its_extremes_in_the_app_chart() -> None:
    from reader.html.figures import figure_spec, thinning_note

    figure = _big_figure()
    spec = figure_spec(figure)
    values = spec["datasets"]["rows"]
    assert len(values) <= MAX_DRAWN_ROWS + 1
    assert max(v["value"] for v in values) == 500 and any(
        v["x"] == 1007 and v["highlight"] for v in values
    )
    assert thinning_note(figure) == (
        f"Drawn from {len(values):,} of the 5,000 rows: "
        "the highest and lowest values of each stretch are kept."
    )


def test_a_small_figure_has_no_note() -> None:
    from reader.html.figures import thinning_note

    assert thinning_note(_big_figure(rows=MAX_DRAWN_ROWS)) is None


def test_the_standalone_export_draws_the_same_thinned_rows() -> None:
    from reader.interop.standalone import _data_table, _figure

    figure = _big_figure()
    shown = _figure(figure)
    assert (
        shown["svg"] is not None
        and shown["thinned"].startswith("Drawn from")
        and "of the 5,000 rows" in shown["thinned"]
    )
    assert (
        len(_data_table(figure)["rows"]) <= MAX_DRAWN_ROWS + 1
    )  # the fallback table is thinned too
