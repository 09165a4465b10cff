"""Problems found in a document or an annotation file, each pointing at a line and column."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from rapidfuzz import process

__all__ = ["Problem", "Severity", "did_you_mean", "has_errors"]

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Problem:
    path: str
    line: int  # 1-based
    column: int  # 1-based
    severity: Severity
    message: str
    #: The whole file could not be read (not one entry of it): exports refuse to go on without
    #: --force.
    unreadable: bool = field(default=False, compare=False)

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.severity}: {self.message}"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A ' (did you mean 'x'?)' hint for a misspelt key or id, or '' when nothing is close."""
    best = process.extractOne(word, list(choices), score_cutoff=60)
    return f" (did you mean '{best[0]}'?)" if best else ""


def has_errors(problems: Iterable[Problem]) -> bool:
    return any(p.is_error for p in problems)
