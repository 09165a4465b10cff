"""Small text helpers shared by the core, the exports and the app."""

from __future__ import annotations

__all__ = ["shorten"]


def shorten(text: str, limit: int) -> str:
    """`text` on one line (runs of white space made one space), cut to `limit` characters with an
    ellipsis."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
