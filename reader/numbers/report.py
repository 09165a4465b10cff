"""`python -m reader check --numbers`: one line per number of every claim, with its verdict."""

from __future__ import annotations

from reader.layers.reading import Reading

__all__ = ["verdict_lines"]


def verdict_lines(reading: Reading) -> list[str]:
    """`path:line:col: claim 'ID': “TEXT” VERDICT (SOURCE) — detail`, in file order; years are left out."""
    annotations = reading.annotations
    lines = []
    for claim in annotations.claims:
        for number in reading.numbers.get(claim.id, []):
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
            detail = check.reason if check.verdict != "match" else f"figure '{check.figure}' {check.shown}"
            lines.append(f"{head} {check.verdict} ({check.source}, {check.op or 'no data'}) — {detail}"
                         if check.op else f"{head} {check.verdict} ({check.source}) — {detail}")
    return lines
