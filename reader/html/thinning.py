"""Fewer points to draw than a chart has rows, keeping what a reader would see: its extremes.

A chart is a few hundred pixels wide; 300,000 rows cost a minute and gigabytes to draw and show
nothing more than a thousand well-chosen ones. The rows are cut into consecutive stretches and
each keeps its first and last row and, for every series, the row with the lowest and the one
with the highest value (the M4 idea: the line drawn through them has the same outline). Rows
whose x is highlighted are always kept.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

__all__ = ["MAX_DRAWN_ROWS", "thin_rows"]

#: Rows a chart draws at most (about two per horizontal pixel of the panel's chart).
MAX_DRAWN_ROWS = 1_000


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if math.isfinite(value) else None


def thin_rows(
    rows: Sequence[dict[str, Any]],
    series: Sequence[str],
    *,
    keep: Callable[[dict[str, Any]], bool] = lambda row: False,
    limit: int = MAX_DRAWN_ROWS,
) -> list[dict[str, Any]]:
    """``rows`` in their order, or at most about ``limit`` of them with every stretch's extremes."""
    if len(rows) <= limit:
        return list(rows)
    per_stretch = 2 + 2 * max(1, len(series))
    stretches = max(1, limit // per_stretch)
    size = math.ceil(len(rows) / stretches)
    chosen: set[int] = set()
    for start in range(0, len(rows), size):
        end = min(start + size, len(rows))
        chosen.update((start, end - 1))
        for name in series:
            low = high = None
            for index in range(start, end):
                value = _number(rows[index].get(name))
                if value is None:
                    continue
                if low is None or value < low[0]:
                    low = (value, index)
                if high is None or value > high[0]:
                    high = (value, index)
            if low is not None and high is not None:
                chosen.update((low[1], high[1]))
    chosen.update(index for index, row in enumerate(rows) if keep(row))
    return [rows[index] for index in sorted(chosen)]
