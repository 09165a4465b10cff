"""The candidates a suggestion looks through, read once per figure: each series' rows with a number
as plain floats, their sorted order, and (for series up to PAIR_TABLE_ROWS rows) a sorted table of
every pair's change, ratio and percent change, which a number searches by bisection. A longer
series is searched with numpy for the one pair a suggestion would pick.

Suggestions run for every number of every claim; reading the rows again for each of them cost
more than the search itself. Figures are frozen, so what is read from one never goes stale.
"""

from __future__ import annotations

import math
import re
import weakref
from bisect import bisect_left, bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from reader.numbers.phrases import NumberPhrase
from reader.sources.schema import Figure

__all__ = [
    "PAIR_TABLE_ROWS",
    "Prepared",
    "Series",
    "all_series",
    "is_number",
    "mentions_year",
    "pairs",
    "prepared_series",
]


@dataclass(frozen=True, slots=True)
class Series:
    """One series of a figure: a field of y, or (y None) a stat figure's values."""

    figure: Figure
    y: str | None  # None for a stat figure (its rows' `value`)

    def x_of(self, row: Mapping[str, Any]) -> Any:
        return row.get("label") if self.figure.type == "stat" else row.get(self.figure.x or "")

    def d(self, row: Mapping[str, Any]) -> float | None:
        value = row.get("value" if self.y is None else self.y)
        return float(value) if value is not None and is_number(value) else None


def all_series(figure: Figure) -> list[Series]:
    if figure.type == "stat":
        return [Series(figure, None)]
    return [Series(figure, y) for y in figure.y_fields]


def mentions_year(x: Any, years: Sequence[int]) -> bool:
    if not years:
        return False
    if is_number(x):
        return float(x) in years
    return isinstance(x, str) and any(re.search(rf"(?<!\d){year}(?!\d)", x) for year in years)


def is_number(value: Any) -> bool:
    return (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and not (isinstance(value, float) and math.isnan(value))
    )


class Prepared:
    """One series of a figure as suggestions read it, built once per figure: its rows with a number,
    their values as floats, the values' sorted order (for the pair search), and which rows are at a
    year of the quote (kept for the last years asked: the numbers of one claim share them)."""

    __slots__ = (
        "_last",
        "_numbers",
        "_tables",
        "order",
        "ordered",
        "rows",
        "series",
        "values",
        "xs",
    )

    def __init__(self, series: Series) -> None:
        self.series = series
        found = [(r, d) for r in series.figure.data if (d := series.d(r)) is not None]
        self.rows = [r for r, _ in found]
        self.values = [d for _, d in found]
        self.xs = [series.x_of(r) for r in self.rows]
        self._numbers = [float(x) if is_number(x) else None for x in self.xs]
        self.order = sorted(range(len(self.values)), key=self.values.__getitem__)
        self.ordered = [self.values[i] for i in self.order]
        # (years, hits), replaced whole: threads reading one figure never see one's years with
        # another's hits.
        self._last: tuple[tuple[int, ...] | None, list[bool]] = (None, [])
        self._tables: dict[str, tuple[list[float], list[tuple[int, int]]]] = {}

    def hits(self, years: Sequence[int]) -> list[bool]:
        key = tuple(years)
        last = self._last
        if last[0] == key:
            return last[1]
        wanted = set(key)  # (2010 == 2010.0, and so do their hashes)
        hits = (
            [
                number in wanted if number is not None else mentions_year(x, key)
                for x, number in zip(self.xs, self._numbers, strict=True)
            ]
            if key
            else [False] * len(self.xs)
        )
        self._last = (key, hits)
        return hits

    def table(self, op: str) -> tuple[list[float], list[tuple[int, int]]]:
        """Every pair i < j's change, ratio or percent change (before the unit factor), sorted, with
        the pairs: computed once, then each number finds its candidates by bisection."""
        table = self._tables.get(op)
        if table is None:
            values = self.values
            found = []
            for i, a in enumerate(values):
                if op != "change" and a <= 0:
                    continue  # no ratio from zero or below
                for j in range(i + 1, len(values)):
                    b = values[j]
                    found.append(
                        (
                            abs(b - a)
                            if op == "change"
                            else b / a
                            if op == "ratio"
                            else 100 * abs(b - a) / a,
                            (i, j),
                        )
                    )
            found.sort(key=lambda item: item[0])
            table = self._tables[op] = ([v for v, _ in found], [where for _, where in found])
        return table


# Figure (by identity, while it lives) -> its prepared series. Figures are frozen, so what is read
# from one never goes stale; an entry goes when its figure does.
_PREPARED: dict[int, tuple[weakref.ref[Figure], list[Prepared]]] = {}


def prepared_series(figure: Figure) -> list[Prepared]:
    key = id(figure)
    found = _PREPARED.get(key)
    if found is not None and found[0]() is figure:
        return found[1]

    def gone(
        ref: weakref.ref[Figure],
        key: int = key,
        cache: dict[int, tuple[weakref.ref[Figure], list[Prepared]]] = _PREPARED,
    ) -> None:
        if cache.get(key, (None,))[0] is ref:  # (the cache itself, not the global: gone at exit)
            cache.pop(key, None)

    prepared = [Prepared(series) for series in all_series(figure)]
    _PREPARED[key] = (weakref.ref(figure, gone), prepared)
    return prepared


#: Series up to this many rows get a table of every pair (at most 1,770 pairs per operation).
PAIR_TABLE_ROWS = 60


def pairs(
    op: str, prepared: Prepared, k: float, number: NumberPhrase, hits: Sequence[bool]
) -> list[tuple[float, tuple[int, int]]]:
    """(result, (i, j)) for pairs i < j of a series whose change, ratio or percent change (times the
    unit factor k) the number admits. A short series gives all of them, looked up in its table of
    every pair; a long one only the pair a suggestion would pick among them (the most rows at the
    quote's years, then the nearest result, then the first pair), found with numpy: a "triple" over
    5,000 rows admits 1.7 million pairs, which took seconds to go through one by one."""
    if op == "change" and k <= 0:
        return []
    low, high = number.low, number.high
    if len(prepared.values) > PAIR_TABLE_ROWS:
        best = _best_long_pair(op, prepared, k, number, hits)
        return [best] if best is not None else []
    results, where = prepared.table(op)
    if op == "change":  # the result in the number's units is raw·k, which grows with raw
        first = bisect_left(results, low, key=lambda raw: raw * k)
        last = bisect_right(results, high, key=lambda raw: raw * k)
        found = [(results[n] * k, where[n]) for n in range(first, last)]
    else:
        found = [
            (results[n], where[n])
            for n in range(bisect_left(results, low), bisect_right(results, high))
        ]
    return [(v, w) for v, w in found if number.accepts(v)]


#: Pairs looked at in one numpy pass of a long series (about 50 MB of arrays).
_CHUNK_PAIRS = 1_000_000


def _best_long_pair(
    op: str, prepared: Prepared, k: float, number: NumberPhrase, hits: Sequence[bool]
) -> tuple[float, tuple[int, int]] | None:
    """For each `from` row, the `to` values that can fit lie in one or two windows of the sorted
    values (found by bisection); the pairs in them are laid out as arrays, a chunk of rows at a
    time, and ranked by (rows at the quote's years, distance to the number, i, j)."""
    import numpy as np

    values = np.asarray(prepared.values, dtype=float)
    order = np.asarray(prepared.order, dtype=np.intp)
    ordered = np.asarray(prepared.ordered, dtype=float)
    at_year = np.asarray(hits, dtype=np.int8)
    low, high, floor = number.low, number.high, max(number.low, 0.0)
    if op == "change":
        windows = [(values + floor / k, values + high / k), (values - high / k, values - floor / k)]
        usable = np.ones(len(values), dtype=bool)
    else:  # no ratio from zero or below
        usable = values > 0
        if op == "ratio":
            windows = [(low * values, high * values)]
        else:  # percent_change
            windows = [
                (values + floor * values / 100, values + high * values / 100),
                (values - high * values / 100, values - floor * values / 100),
            ]
    best: tuple[int, float, int, int, float] | None = (
        None  # (-rows at years, distance, i, j, result)
    )
    for lo_b, hi_b in windows:
        starts = np.searchsorted(ordered, lo_b, side="left")
        counts = np.where(usable, np.searchsorted(ordered, hi_b, side="right") - starts, 0).clip(
            min=0
        )
        ends = np.cumsum(counts)
        first = 0
        while first < len(values):
            last = max(
                int(
                    np.searchsorted(ends, ends[first] - counts[first] + _CHUNK_PAIRS, side="right")
                ),
                first + 1,
            )
            found = _rank_chunk(
                op, values, order, at_year, starts[first:last], counts[first:last], first, k, number
            )
            if found is not None and (best is None or found < best):
                best = found
            first = last
    return None if best is None else (best[4], (best[2], best[3]))


def _rank_chunk(
    op: str,
    values: Any,
    order: Any,
    at_year: Any,
    starts: Any,
    counts: Any,
    offset: int,
    k: float,
    number: NumberPhrase,
) -> tuple[int, float, int, int, float] | None:
    import numpy as np

    total = int(counts.sum())
    if total == 0:
        return None
    i = np.repeat(np.arange(offset, offset + len(counts)), counts)
    step = np.arange(total) - np.repeat(
        np.cumsum(counts) - counts, counts
    )  # 0, 1, … within each row's window
    j = order[np.repeat(starts, counts) + step]
    keep = j > i
    i, j = i[keep], j[keep]
    a, b = values[i], values[j]
    # The same arithmetic as the table of short series (and as the caller's check), in float64.
    v = np.abs(b - a) * k if op == "change" else b / a if op == "ratio" else 100 * np.abs(b - a) / a
    admitted = (v >= number.low if number.low_closed else v > number.low) & (
        v <= number.high if number.high_closed else v < number.high
    )
    if not admitted.any():
        return None
    i, j, v = i[admitted], j[admitted], v[admitted]
    years = at_year[i] + at_year[j]
    top = years == years.max()
    i, j, v = i[top], j[top], v[top]
    distance = np.abs(v - number.value) / max(abs(number.value), 1e-12)  # as the caller ranks them
    n = int(np.lexsort((j, i, distance))[0])
    return (-int(years.max()), float(distance[n]), int(i[n]), int(j[n]), float(v[n]))
