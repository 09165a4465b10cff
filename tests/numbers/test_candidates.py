"""Suggestions over long series: the numpy search picks the same pair as going through every
pair."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.numbers import candidates
from reader.numbers.check import suggest
from reader.numbers.phrases import find_numbers
from reader.sources.schema import Figure


def series_figure(values: list[float], *, first_year: int = 1900) -> Figure:
    return Figure.model_validate(
        {
            "id": "f",
            "title": "F",
            "type": "line",
            "x": "year",
            "y": "v",
            "source": {"name": "S"},
            "data": [{"year": first_year + n, "v": v} for n, v in enumerate(values)],
        }
    )


def every_pair(
    monkeypatch: pytest.MonkeyPatch, phrase: Any, figure: Figure, years: list[int]
) -> Any:
    """The suggestion with every series looked up in a table of all its pairs (the short-series
    path)."""
    with monkeypatch.context() as patched:
        patched.setattr(candidates, "PAIR_TABLE_ROWS", 10**9)
        return suggest(phrase, [figure], years)


# Few distinct values, so that ties (equal distances, repeated values) are common.
VALUES = st.lists(
    st.sampled_from([-5.0, 0.0, 1.0, 2.0, 2.5, 3.0, 4.0, 6.0, 7.5, 9.0, 10.0, 12.0, 30.0, 100.0]),
    min_size=candidates.PAIR_TABLE_ROWS + 1,
    max_size=140,
)
PHRASES = [
    "it doubled",
    "homicides tripled",
    "rose by 5",
    "about 3 more",
    "fell 50%",
    "up 200 percent",
    "almost 4",
    "more than 2",
    "a 25% rise",
    "nearly half",
]


@settings(
    max_examples=150,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    values=VALUES,
    quote=st.sampled_from(PHRASES),
    year_at=st.integers(min_value=0, max_value=139),
    chunk=st.sampled_from([1, 7, 300, 1_000_000]),
)
def test_a_long_series_suggests_the_pair_every_pair_would(
    monkeypatch: pytest.MonkeyPatch, values: list[float], quote: str, year_at: int, chunk: int
) -> None:
    figure = series_figure(values)
    years = [1900 + year_at]
    for phrase in find_numbers(quote):
        with (
            monkeypatch.context() as patched
        ):  # small chunks: the best pair is carried across numpy passes
            patched.setattr(candidates, "_CHUNK_PAIRS", chunk)
            fast = suggest(phrase, [figure], years)
        assert fast == every_pair(monkeypatch, phrase, figure, years), (quote, phrase.text)


def test_a_triple_over_thousands_of_rows_picks_the_nearest_pair_at_the_quote_years() -> None:
    values = [float(10 + (n * 37) % 1000) for n in range(5000)]
    values[100], values[4000] = 7.0, 21.0  # exactly three times, both rows at the quote's years
    phrase = next(p for p in find_numbers("homicides tripled") if p.kind == "ratio")
    check = suggest(phrase, [series_figure(values, first_year=0)], [100, 4000])
    assert check.verdict == "match" and check.op == "ratio" and check.x == (100, 4000)
    unhinted = suggest(phrase, [series_figure(values, first_year=0)], [])
    start, end = unhinted.x
    assert (
        unhinted.verdict == "match"
        and unhinted.data == 3.0
        and values[end] == 3 * values[start]
        and start < end
    )
