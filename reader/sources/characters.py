"""Characters that make text read differently from what it is: bidi controls and NUL.

A right-to-left override (U+202E) turns the rest of a line around on screen, so a quote or a
figure's label can show one thing and be another; NUL is invisible and cuts text short in other
tools. Code hosts warn about them; so do ``check`` and the app, at their ``line:col``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from reader.sources.problems import Problem

__all__ = ["MAX_REPORTED", "SUSPICIOUS", "suspicious_characters", "suspicious_in_values"]

#: Embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069), and NUL.
SUSPICIOUS = re.compile("[\u202a-\u202e\u2066-\u2069\x00]")
MAX_REPORTED = 20  # per file: one line each, then a count


def _name(char: str) -> str:
    return f"U+{ord(char):04X} ({unicodedata.name(char, 'NULL' if char == chr(0) else 'control')})"


def _why(char: str) -> str:
    if char == "\x00":
        return "an invisible NUL character, which other tools take as the end of the text"
    return (
        "a bidirectional control character, which can make the text read differently from "
        "what it is"
    )


def suspicious_characters(text: str, path: str, *, what: str = "the text") -> list[Problem]:
    """A warning at the line:col of each bidi control and NUL in ``text`` (the first
    MAX_REPORTED)."""
    problems: list[Problem] = []
    count = 0
    line, line_start, scanned = 1, 0, 0
    for match in SUSPICIOUS.finditer(text):
        count += 1
        if count > MAX_REPORTED:
            continue
        line += text.count("\n", scanned, match.start())
        scanned = match.start()
        line_start = text.rfind("\n", 0, match.start()) + 1
        char = match.group()
        problems.append(
            Problem(
                path,
                line,
                match.start() - line_start + 1,
                "warning",
                f"{what} contains {_name(char)}: {_why(char)}; remove it unless it is meant",
            )
        )
    if count > MAX_REPORTED:
        problems.append(
            Problem(
                path,
                1,
                1,
                "warning",
                f"{what} contains {count:,} bidirectional control or NUL characters in all; "
                f"only the first {MAX_REPORTED} are listed",
            )
        )
    return problems


def suspicious_in_values(
    values: Iterable[tuple[str, tuple[int, int]]], raw_lines: set[int], path: str
) -> list[Problem]:
    """Warnings for text values that hold such characters written as escapes (``"\\u202E"``,
    ``"\\0"``), which the raw text does not show: ``values`` are (text, (line, col)); lines in
    ``raw_lines`` already have a warning from :func:`suspicious_characters`."""
    problems: list[Problem] = []
    for value, (line, column) in values:
        if line in raw_lines:
            continue
        match = SUSPICIOUS.search(value)
        if match:
            char = match.group()
            problems.append(
                Problem(
                    path,
                    line,
                    column,
                    "warning",
                    f"this value contains {_name(char)}, written as an escape: {_why(char)}",
                )
            )
            if len(problems) >= MAX_REPORTED:
                break
    return problems
