"""Checking a claim's numbers against its figures: bound checks (`checks:`), suggestions, verdicts.

`check_claim` reads the numbers of an anchored quote, evaluates each `checks:` entry on the figure
rows it names, and suggests a check for every other non-year number. Problems come back with the
path of the field at fault inside the claim (`("checks", 0, "x")`), for the caller to place.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from reader.numbers.candidates import Prepared, Series, is_number, pairs, prepared_series
from reader.numbers.phrases import NumberPhrase, find_numbers, format_value
from reader.numbers.units import Unit, agree, read_unit, to_number_units
from reader.sources.problems import did_you_mean
from reader.sources.schema import Claim, Figure, NumberCheck

__all__ = [
    "OPS",
    "STATUSES_THAT_FLAG",
    "TWO_ROWS",
    "CheckIssue",
    "CheckedRow",
    "NumberResult",
    "Verdict",
    "check_claim",
    "evaluate",
    "same_x",
    "suggest",
]

OPS = ("value", "change", "ratio", "percent_change", "sum")
TWO_ROWS = ("change", "ratio", "percent_change")
# Statuses that already say a number is off: a mismatch under them is the evidence, not a problem.
STATUSES_THAT_FLAG = ("approximate", "misdated", "incorrect", "disputed")
_NO_UNIT = Unit(frozenset())
_PERCENT = read_unit("%")


@dataclass(frozen=True, slots=True)
class CheckedRow:
    """A data row a claim's number checks used: its x value (a stat figure's label), the series
    field (None for a stat figure's value), and the quote's numbers that used it, as written."""

    x: Any
    series: str | None
    numbers: tuple[str, ...]

    @property
    def label(self) -> str:
        return "checked by: " + ", ".join(f"“{number}”" for number in self.numbers)


@dataclass(frozen=True, slots=True)
class Verdict:
    """What the data says about one number (the export's `check`)."""

    verdict: str  # match | mismatch | unverifiable
    source: str  # bound | suggested
    figure: str | None = None
    x: Any = None  # one row's x, or [from, to] / the summed rows' x values
    y: str | None = None
    op: str | None = None
    data: float | None = None  # the value computed from the rows, in the number's units
    reason: str | None = None  # why unverifiable; for a mismatch, what the data says
    rows: tuple[Any, ...] = ()  # x values (or stat labels) of the rows used, for the chart to mark
    shown: str | None = None  # the data as the figure writes it ("23 per 100,000"), for readers

    def as_json(self) -> dict[str, Any]:
        return {
            "figure": self.figure,
            "x": list(self.x) if isinstance(self.x, tuple) else self.x,
            "y": self.y,
            "op": self.op,
            "data": self.data,
            "verdict": self.verdict,
            "source": self.source,
            "reason": self.reason,
        }


@dataclass(frozen=True, slots=True)
class NumberResult:
    """One number phrase of a claim's quote, placed in the document, with its verdict (None for
    years)."""

    phrase: NumberPhrase  # offsets inside the quote
    start: int  # offsets in the document text
    end: int
    check: Verdict | None
    entry: int | None = None  # index of the `checks:` entry that bound it

    @property
    def text(self) -> str:
        return self.phrase.text

    def as_json(self) -> dict[str, Any]:
        p = self.phrase
        return {
            "text": p.text,
            "start": self.start,
            "end": self.end,
            "value": p.value,
            "kind": p.kind,
            "unit": p.unit,
            "low": None if math.isinf(p.low) else p.low,
            "high": None if math.isinf(p.high) else p.high,
            "check": self.check.as_json() if self.check else None,
        }


#: Where in a claim: ("checks", 0, "x").
Loc = tuple[str | int, ...]
#: Reports a problem at a place inside the claim's entry.
_Error = Callable[[Loc, str], None]
#: How a suggestion ranks: rows at the quote's years first, then the operation, the distance, the
#: figure, the rows.
_Key = tuple[int, int, float, int, tuple[int, ...]]


@dataclass(frozen=True, slots=True)
class CheckIssue:
    fields: Loc  # inside the claim: ("checks", 0, "x")
    severity: str
    message: str


def check_claim(
    claim: Claim, quote: str, offset: int, figures: Mapping[str, Figure]
) -> tuple[list[NumberResult], list[CheckIssue]]:
    """Every number of `quote` (the claim's text as anchored at `offset`) with its verdict, and the
    problems."""
    phrases = find_numbers(quote)
    linked = [figures[f] for f in claim.figures if f in figures]
    issues: list[CheckIssue] = []
    bound: dict[int, tuple[int, Verdict]] = {}
    for index, entry in enumerate(claim.checks):
        at = ("checks", index)
        phrase_index = _locate(entry, quote, phrases, at, issues)
        if phrase_index is None:
            continue
        if phrase_index in bound:
            issues.append(
                CheckIssue(
                    (*at, "number"),
                    "error",
                    f"“{entry.number}” is already checked by check #{bound[phrase_index][0] + 1}",
                )
            )
            continue
        verdict = _bound(claim, entry, phrases[phrase_index], linked, figures, at, issues)
        if verdict is not None:
            bound[phrase_index] = (index, verdict)
            if verdict.verdict == "mismatch" and claim.status not in STATUSES_THAT_FLAG:
                issues.append(
                    CheckIssue(
                        (*at, "number"),
                        "warning",
                        (
                            f"claim '{claim.id}' ({claim.status or 'no status'}): "
                            f"“{phrases[phrase_index].text}” — {verdict.reason}"
                        ),
                    )
                )
    years = [y for p in phrases if p.kind == "year" for y in p.years]
    results = []
    for i, phrase in enumerate(phrases):
        check_index, verdict = bound.get(i, (None, None))
        if verdict is None and phrase.kind != "year" and linked:
            verdict = suggest(phrase, linked, years)
        results.append(
            NumberResult(phrase, offset + phrase.start, offset + phrase.end, verdict, check_index)
        )
    return results, issues


def _locate(
    entry: NumberCheck,
    quote: str,
    phrases: Sequence[NumberPhrase],
    at: Loc,
    issues: list[CheckIssue],
) -> int | None:
    """The index of the one phrase that the entry's `number` text lies inside."""
    found = [m.start() for m in re.finditer(re.escape(entry.number), quote)]
    where = (*at, "number")
    if not found:
        issues.append(CheckIssue(where, "error", f"“{entry.number}” is not in the claim's quote"))
        return None
    if entry.occurrence is not None:
        if entry.occurrence > len(found):
            issues.append(
                CheckIssue(
                    (*at, "occurrence"),
                    "error",
                    (
                        f"occurrence {entry.occurrence}, but “{entry.number}” occurs "
                        f"{len(found)} time(s) in the quote"
                    ),
                )
            )
            return None
        start = found[entry.occurrence - 1]
    elif len(found) > 1:
        issues.append(
            CheckIssue(
                where,
                "error",
                (
                    f"“{entry.number}” occurs {len(found)} times in the quote; add "
                    f"'occurrence: 1' … {len(found)} to pick one"
                ),
            )
        )
        return None
    else:
        start = found[0]
    end = start + len(entry.number)
    inside = [i for i, p in enumerate(phrases) if p.start <= start and end <= p.end]
    if not inside:
        read = ", ".join(f"“{p.text}”" for p in phrases) or "none"
        issues.append(
            CheckIssue(
                where,
                "error",
                (
                    f"“{entry.number}” is in no number phrase of the quote (the numbers "
                    f"read are: {read})"
                ),
            )
        )
        return None
    if phrases[inside[0]].kind == "year":
        issues.append(
            CheckIssue(
                where,
                "error",
                (
                    f"“{entry.number}” is a year: use it as a row's 'x', it is never "
                    "checked as a quantity"
                ),
            )
        )
        return None
    return inside[0]


def _bound(
    claim: Claim,
    entry: NumberCheck,
    phrase: NumberPhrase,
    linked: list[Figure],
    figures: Mapping[str, Figure],
    at: Loc,
    issues: list[CheckIssue],
) -> Verdict | None:
    def error(fields: Loc, message: str) -> None:
        issues.append(CheckIssue((*at, *fields), "error", message))

    if entry.unverifiable is not None:
        given = [key for key in ("figure", "x", "y", "op") if getattr(entry, key) is not None]
        if given:
            error(
                (given[0],),
                f"'unverifiable' stands in place of a figure and rows; leave out '{given[0]}'",
            )
            return None
        return Verdict("unverifiable", "bound", reason=entry.unverifiable)
    if entry.figure is None:
        if len(claim.figures) != 1:
            error(
                (),
                (
                    "say which figure checks it with 'figure' (one of the claim's "
                    "figures), or why none can with 'unverifiable'"
                )
                if claim.figures
                else (
                    "the claim links no figure: add one to its 'figures', or say why none "
                    "can with 'unverifiable'"
                ),
            )
            return None
        figure_id = claim.figures[0]
    else:
        figure_id = entry.figure
        if figure_id not in claim.figures:
            error(
                ("figure",),
                (
                    f"figure '{figure_id}' is not one of the claim's "
                    f"figures{did_you_mean(figure_id, claim.figures)}"
                ),
            )
            return None
    figure = figures.get(figure_id)
    if figure is None:
        return None  # a broken or missing figure is reported where the claim links it
    series = _series_of(figure, entry, error)
    if series is None:
        return None
    op = entry.op or "value"
    xs = _xs(entry, op, error)
    if xs is None:
        return None
    rows = []
    for k, x in enumerate(xs):
        row = _row(series, x)
        if row is None:
            have = [series.x_of(r) for r in figure.data]
            shown = ", ".join(str(v) for v in have[:12]) + (" …" if len(have) > 12 else "")
            hint = did_you_mean(str(x), [str(v) for v in have])
            error(
                ("x", k) if isinstance(entry.x, list) else ("x",),
                (
                    f"figure '{figure.id}' has no row with {_x_name(figure)} {x!r}{hint} "
                    f"(it has: {shown})"
                ),
            )
            return None
        rows.append(row)
    return evaluate(phrase, series, op, rows, "bound")


def _series_of(figure: Figure, entry: NumberCheck, error: _Error) -> Series | None:
    if figure.type == "stat":
        if entry.y is not None:
            error(
                ("y",),
                (
                    f"figure '{figure.id}' is a stat figure (labelled values, no series): "
                    "leave out 'y'"
                ),
            )
            return None
        return Series(figure, None)
    fields = figure.y_fields
    if entry.y is None:
        if len(fields) != 1:
            error(
                (),
                (
                    f"figure '{figure.id}' has several series ({', '.join(fields)}): say "
                    "which with 'y'"
                ),
            )
            return None
        return Series(figure, fields[0])
    if entry.y not in fields:
        error(
            ("y",),
            (
                f"'{entry.y}' is not a series of figure '{figure.id}' "
                f"({', '.join(fields)}){did_you_mean(entry.y, fields)}"
            ),
        )
        return None
    return Series(figure, entry.y)


def _xs(entry: NumberCheck, op: str, error: _Error) -> list[Any] | None:
    if entry.x is None:
        error((), "say which row checks it with 'x' (the row's x value, or a stat figure's label)")
        return None
    if op == "value":
        if isinstance(entry.x, list):
            error(
                ("x",),
                "op 'value' reads one row: give x one value (or choose op 'sum' for several rows)",
            )
            return None
        return [entry.x]
    if not isinstance(entry.x, list):
        error(
            ("x",),
            (
                f"op '{op}' reads {'two rows' if op in TWO_ROWS else 'several rows'}: give "
                "x a list, x: [from, to]"
            ),
        )
        return None
    if op in TWO_ROWS and len(entry.x) != 2:
        error(("x",), f"op '{op}' reads two rows, x: [from, to]; got {len(entry.x)}")
        return None
    if not entry.x:
        error(("x",), "op 'sum' needs at least one row in x")
        return None
    return list(entry.x)


def _row(series: Series, x: Any) -> Mapping[str, Any] | None:
    return next((row for row in series.figure.data if same_x(series.x_of(row), x)), None)


def same_x(value: Any, wanted: Any) -> bool:
    """Numbers compare as numbers (2010 equals 2010.0); anything else as text after trimming,
    exactly."""
    if is_number(value) and is_number(wanted):
        return float(value) == float(wanted)
    return value is not None and str(value).strip() == str(wanted).strip()


def evaluate(
    phrase: NumberPhrase, series: Series, op: str, rows: Sequence[Mapping[str, Any]], source: str
) -> Verdict:
    """The verdict of one operation on the given rows."""
    figure = series.figure
    xs = [series.x_of(r) for r in rows]
    x_out = xs[0] if op == "value" else tuple(xs)
    base: dict[str, Any] = {
        "source": source,
        "figure": figure.id,
        "x": x_out,
        "y": series.y,
        "op": op,
        "rows": tuple(xs),
    }
    values = [series.d(r) for r in rows]
    missing = [x for x, v in zip(xs, values, strict=True) if v is None]
    if missing:
        return Verdict(
            "unverifiable",
            reason=f"figure '{figure.id}' has no data for {', '.join(map(str, missing))}",
            **base,
        )
    raw = _compute(op, values)  # type: ignore[arg-type]
    if raw is None:
        return Verdict(
            "unverifiable",
            reason=f"figure '{figure.id}' has 0 at {xs[0]}: no ratio from zero",
            **base,
        )
    number_unit = read_unit(phrase.unit, phrase.currency)
    data_unit = _result_unit(op, figure)
    why = agree(number_unit, data_unit)
    if why:
        return Verdict("unverifiable", reason=f"units disagree: {why}", **base)
    data = to_number_units(raw, number_unit, data_unit)
    shown = _describe(op, raw, figure, xs)
    if phrase.accepts(data):
        return Verdict("match", data=data, shown=shown, **base)
    reason = f"figure '{figure.id}' {shown}"
    if source == "bound" and (other := _nearest_match(phrase, series, op, rows)):
        reason += f" ({other})"
    return Verdict("mismatch", data=data, reason=reason, shown=shown, **base)


def _compute(op: str, values: Sequence[float]) -> float | None:
    if op == "value":
        return values[0]
    if op == "sum":
        return math.fsum(values)
    start, end = values
    if op == "change":
        return abs(end - start)
    if start == 0:
        return None
    return end / start if op == "ratio" else 100 * abs(end - start) / start


def _result_unit(op: str, figure: Figure) -> Unit:
    if op == "ratio":
        return _NO_UNIT
    if op == "percent_change":
        return _PERCENT
    return read_unit(figure.unit)


def _describe(op: str, raw: float, figure: Figure, xs: Sequence[Any]) -> str:
    unit = f" {figure.unit}" if figure.unit else ""
    if op == "value":
        return f"has {format_value(raw, rounded=True)}{unit} at {xs[0]}"
    if op == "sum":
        return f"sums to {format_value(raw, rounded=True)}{unit} over {', '.join(map(str, xs))}"
    span = f"from {xs[0]} to {xs[1]}"
    if op == "change":
        return f"changes by {format_value(raw, rounded=True)}{unit} {span}"
    if op == "ratio":
        return f"gives a ratio of {format_value(raw, rounded=True)} {span}"
    return f"changes by {format_value(raw, rounded=True)}% {span}"


def _nearest_match(
    phrase: NumberPhrase, series: Series, op: str, used: Sequence[Mapping[str, Any]]
) -> str | None:
    """The row (or pair of rows) of the same series nearest the one used whose value the number
    admits."""
    if op == "sum":
        return None
    data: list[Mapping[str, Any]] = list(series.figure.data)
    position = [data.index(r) for r in used]
    candidates = []
    if op == "value":
        for i, row in enumerate(data):
            verdict = evaluate(phrase, series, op, [row], "suggested")
            if verdict.verdict == "match":
                candidates.append((abs(i - position[0]), i, verdict))
    else:
        for i in range(len(data)):
            for j in range(i + 1, len(data)):
                verdict = evaluate(phrase, series, op, [data[i], data[j]], "suggested")
                if verdict.verdict == "match":
                    candidates.append((abs(i - position[0]) + abs(j - position[1]), i, verdict))
    if not candidates:
        return None
    _, index, best = min(candidates, key=lambda c: (c[0], c[1]))
    if op == "value":
        return f"{format_value(series.d(data[index]) or 0, rounded=True)} at {best.x}"
    return (best.shown or "").removeprefix("gives ").removeprefix("changes ")


def _ops_for(phrase: NumberPhrase) -> tuple[str, ...]:
    if phrase.kind == "ratio":
        return ("ratio",)
    if phrase.kind == "percent":
        return ("value", "percent_change")
    return ("value", "change")


def suggest(phrase: NumberPhrase, figures: Sequence[Figure], years: Sequence[int]) -> Verdict:
    """The best check the data offers for an unbound number, or `unverifiable` (never a mismatch).

    Every row, and every pair of rows of a series, is tried in a tight loop on plain floats read
    once per figure (`_prepared`); only the winner is evaluated into a Verdict (this runs for every
    number of every claim).
    """
    ops = _ops_for(phrase)
    number_unit = read_unit(phrase.unit, phrase.currency)
    low, high, low_closed, high_closed, value = (
        phrase.low,
        phrase.high,
        phrase.low_closed,
        phrase.high_closed,
        phrase.value,
    )
    scale = max(abs(value), 1e-12)
    best: tuple[_Key, Prepared, str, tuple[int, ...]] | None = None
    disagreement: str | None = None
    nearest: tuple[float, Series, Mapping[str, Any]] | None = None
    for f_index, figure in enumerate(figures):
        for prepared in prepared_series(figure):
            values = prepared.values
            hits = prepared.hits(years)
            for o_index, op in enumerate(ops):
                result_unit = _result_unit(op, figure)
                why = agree(number_unit, result_unit)
                if why:
                    disagreement = disagreement or f"figure '{figure.id}': units disagree: {why}"
                    continue
                k = to_number_units(1.0, number_unit, result_unit)
                if op == "value":
                    for i, d in enumerate(values):
                        v = d * k
                        distance = abs(v - value) / scale
                        if (v >= low if low_closed else v > low) and (
                            v <= high if high_closed else v < high
                        ):
                            key: _Key = (
                                -hits[i],
                                o_index,
                                distance,
                                f_index,
                                (i,),
                            )
                            if best is None or key < best[0]:
                                best = (key, prepared, op, (i,))
                        elif nearest is None or distance < nearest[0]:
                            nearest = (distance, prepared.series, prepared.rows[i])
                    continue
                for v, where in pairs(op, prepared, k, phrase, hits):
                    key = (
                        -(hits[where[0]] + hits[where[1]]),
                        o_index,
                        abs(v - value) / scale,
                        f_index,
                        where,
                    )
                    if best is None or key < best[0]:
                        best = (key, prepared, op, where)
    if best is not None:
        _, chosen, op, rows = best
        return evaluate(phrase, chosen.series, op, [chosen.rows[i] for i in rows], "suggested")
    if disagreement and nearest is None:
        return Verdict("unverifiable", "suggested", reason=disagreement)
    names = ", ".join(f"'{f.id}'" for f in figures)
    reason = f"no row of figure {names} gives a value it admits"
    if nearest is not None:
        _, series, row = nearest
        reason += (
            f" (nearest: figure '{series.figure.id}' "
            f"{_describe('value', series.d(row) or 0.0, series.figure, [series.x_of(row)])})"
        )
    return Verdict("unverifiable", "suggested", reason=reason)


def _x_name(figure: Figure) -> str:
    return "label" if figure.type == "stat" else (figure.x or "x")
