"""The front end's files (CSS, HTML, and the scripts bundled from frontend/ by `make assets`): one
tree, shared by the app and the standalone export."""

from __future__ import annotations

from functools import cache
from pathlib import Path

__all__ = ["ASSETS", "read_asset"]

ASSETS = Path(__file__).parent


@cache
def read_asset(name: str) -> str:
    """The text of ``reader/assets/<name>``, read once per process."""
    return (ASSETS / name).read_text(encoding="utf-8")
