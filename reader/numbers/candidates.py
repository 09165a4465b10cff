"""The candidates a suggestion looks through, read once per figure: each series' rows with a number
as plain floats, their sorted order, and (for series up to PAIR_TABLE_ROWS rows) a sorted table of
every pair's change, ratio and percent change, which a number searches by bisection.

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

from reader.sources.schema import Figure

__all__ = ["PAIR_TABLE_ROWS", "Prepared", "Series", "all_series", "is_number", "mentions_year", "pairs", "prepared_series"]


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
    return isinstance(value, int | float) and not isinstance(value, bool) and not (isinstance(value, float) and math.isnan(value))


class Prepared:
    """One series of a figure as suggestions read it, built once per figure: its rows with a number,
    their values as floats, the values' sorted order (for the pair search), and which rows are at a
    year of the quote (kept for the last years asked: the numbers of one claim share them)."""

    __slots__ = ("_last", "_numbers", "_tables", "order", "ordered", "rows", "series", "values", "xs")

    def __init__(self, series: Series) -> None:
        self.series = series
        found = [(r, d) for r in series.figure.data if (d := series.d(r)) is not None]
        self.rows = [r for r, _ in found]
        self.values = [d for _, d in found]
        self.xs = [series.x_of(r) for r in self.rows]
        self._numbers = [float(x) if is_number(x) else None for x in self.xs]
        self.order = sorted(range(len(self.values)), key=self.values.__getitem__)
        self.ordered = [self.values[i] for i in self.order]
        # (years, hits), replaced whole: threads reading one figure never see one's years with another's hits.
        self._last: tuple[tuple[int, ...] | None, list[bool]] = (None, [])
        self._tables: dict[str, tuple[list[float], list[tuple[int, int]]]] = {}

    def hits(self, years: Sequence[int]) -> list[bool]:
        key = tuple(years)
        last = self._last
        if last[0] == key:
            return last[1]
        wanted = set(key)  # (2010 == 2010.0, and so do their hashes)
        hits = [number in wanted if number is not None else mentions_year(x, key)
                for x, number in zip(self.xs, self._numbers, strict=True)] if key else [False] * len(self.xs)
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
                    found.append((abs(b - a) if op == "change" else b / a if op == "ratio" else 100 * abs(b - a) / a, (i, j)))
            found.sort(key=lambda item: item[0])
            table = self._tables[op] = ([v for v, _ in found], [where for _, where in found])
        return table


# Figure (by identity, while it lives) -> its prepared series. Figures are frozen, so what is read
# from one never goes stale; an entry goes when its figure does.
_PREPARED: dict[int, tuple[weakref.ref, list[Prepared]]] = {}


def prepared_series(figure: Figure) -> list[Prepared]:
    key = id(figure)
    found = _PREPARED.get(key)
    if found is not None and found[0]() is figure:
        return found[1]

    def gone(ref: weakref.ref, key: int = key, cache: dict = _PREPARED) -> None:
        if cache.get(key, (None,))[0] is ref:  # (the cache itself, not the global: gone at exit)
            cache.pop(key, None)

    prepared = [Prepared(series) for series in all_series(figure)]
    _PREPARED[key] = (weakref.ref(figure, gone), prepared)
    return prepared


#: Series up to this many rows get a table of every pair (at most 1,770 pairs per operation).
PAIR_TABLE_ROWS = 60


def pairs(op: str, prepared: Prepared, k: float, low: float, high: float) -> list[tuple[float, tuple[int, int]]]:
    """(result, (i, j)) for the pairs i < j of a series whose change, ratio or percent change may lie in
    [low, high] (the exact ends are checked by the caller). A short series looks them up in its table
    of every pair; a long one finds, for each `from` row, the `to` values that can fit by bisection in
    the sorted values, so it costs n·log n plus the hits, not n²."""
    if op == "change" and k <= 0:
        return []
    if len(prepared.values) <= PAIR_TABLE_ROWS:
        results, where = prepared.table(op)
        if op == "change":  # the result in the number's units is raw·k, which grows with raw
            first = bisect_left(results, low, key=lambda raw: raw * k)
            last = bisect_right(results, high, key=lambda raw: raw * k)
            return [(results[n] * k, where[n]) for n in range(first, last)]
        first, last = bisect_left(results, low), bisect_right(results, high)
        return [(results[n], where[n]) for n in range(first, last)]
    values, order, ordered = prepared.values, prepared.order, prepared.ordered
    found: list[tuple[float, tuple[int, int]]] = []
    floor = max(low, 0.0)
    for i, a in enumerate(values):
        if op == "change":
            windows = [(a + floor / k, a + high / k), (a - high / k, a - floor / k)] if k > 0 else []
        elif a <= 0:
            continue
        elif op == "ratio":
            windows = [(low * a, high * a)]
        else:  # percent_change
            windows = [(a + floor * a / 100, a + high * a / 100), (a - high * a / 100, a - floor * a / 100)]
        seen: set[int] = set()
        for lo_b, hi_b in windows:
            for position in range(bisect_left(ordered, lo_b), bisect_right(ordered, hi_b)):
                j = order[position]
                if j <= i or j in seen:
                    continue
                seen.add(j)
                b = values[j]
                found.append((abs(b - a) * k if op == "change" else b / a if op == "ratio" else 100 * abs(b - a) / a, (i, j)))
    return found
