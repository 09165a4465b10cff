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


VERDICT_WORDS = {"match": "Match", "mismatch": "Mismatch", "unverifiable": "Unverifiable"}


def panel_numbers(reading: Reading, claim_id: str) -> list[dict[str, str]]:
    """What a claim panel shows of each non-year number: its text, its verdict in words, and what
    the data says (the value it was checked against, or why nothing could test it)."""
    items = []
    for number in reading.numbers.get(claim_id, []):
        check = number.check
        if check is None:
            continue
        if check.verdict != "match":
            detail = check.reason or ""
        else:
            detail = f"figure '{check.figure}' {check.shown}" + (" (suggested check)" if check.source == "suggested" else "")
        items.append({"text": number.text, "verdict": check.verdict, "words": VERDICT_WORDS[check.verdict],
                      "detail": detail})
    return items
