"""`python -m reader check --numbers`: one line per number of every claim, with its verdict."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from reader.numbers.check import CheckedRow, NumberResult
from reader.sources.annotations import Annotations

__all__ = ["VERDICT_WORDS", "checked_rows", "panel_numbers", "verdict_lines"]


def verdict_lines(
    annotations: Annotations, numbers: Mapping[str, Sequence[NumberResult]]
) -> list[str]:
    """`path:line:col: claim 'ID': “TEXT” VERDICT (SOURCE) — detail`, in file order; years are left
    out.

    ``numbers``: claim id -> its quote's numbers (a reading's ``numbers``)."""
    lines = []
    for claim in annotations.claims:
        for number in numbers.get(claim.id, []):
            if number.phrase.kind == "year":
                continue
            check = number.check
            if check is not None and check.source == "bound" and number.entry is not None:
                line, column = annotations.place(claim, "checks", number.entry, "number")
            else:
                line, column = annotations.place(claim, "quote")
            head = f"{annotations.path}:{line}:{column}: claim '{claim.id}': “{number.text}”"
            if check is None:
                lines.append(f"{head} not checked (the claim links no figure)")
                continue
            detail = (
                check.reason
                if check.verdict != "match"
                else f"figure '{check.figure}' {check.shown}"
            )
            lines.append(
                f"{head} {check.verdict} ({check.source}, {check.op or 'no data'}) — {detail}"
                if check.op
                else f"{head} {check.verdict} ({check.source}) — {detail}"
            )
    return lines


VERDICT_WORDS = {"match": "Match", "mismatch": "Mismatch", "unverifiable": "Unverifiable"}


def panel_numbers(numbers: Sequence[NumberResult]) -> list[dict[str, str]]:
    """What a claim panel shows of each of its quote's non-year numbers: its text, its verdict in
    words, and what the data says (the value it was checked against, or why nothing could test
    it)."""
    items = []
    for number in numbers:
        check = number.check
        if check is None:
            continue
        if check.verdict != "match":
            detail = check.reason or ""
        else:
            detail = f"figure '{check.figure}' {check.shown}" + (
                " (suggested check)" if check.source == "suggested" else ""
            )
        items.append(
            {
                "text": number.text,
                "verdict": check.verdict,
                "words": VERDICT_WORDS[check.verdict],
                "detail": detail,
            }
        )
    return items


def checked_rows(numbers: Sequence[NumberResult]) -> dict[str, list[CheckedRow]]:
    """Figure id -> the rows a claim's number checks used (bound and suggested; both rows of a
    change, ratio or percent change, every row of a sum), each with the numbers that used it, for
    the chart to mark. Rows are in the order the numbers first used them."""
    used: dict[str, dict[tuple[Any, str | None], list[str]]] = {}
    for number in numbers:
        check = number.check
        if check is None or check.figure is None:
            continue
        for x in check.rows:
            texts = used.setdefault(check.figure, {}).setdefault((x, check.y), [])
            if number.text not in texts:
                texts.append(number.text)
    return {
        figure: [CheckedRow(x, y, tuple(texts)) for (x, y), texts in rows.items()]
        for figure, rows in used.items()
    }
