"""The front end's files (CSS, JS, HTML): one tree, shared by the app and the standalone export.

Scripts are plain files without `import`: Streamlit's components take one JS string, and the
standalone page one inline script, so `bundle` joins a fixed list of them in order (the shared
ones first, the entry point last).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from pathlib import Path

__all__ = ["ASSETS", "bundle", "read_asset"]

ASSETS = Path(__file__).parent


@cache
def read_asset(name: str) -> str:
    """The text of ``reader/assets/<name>``, read once per process."""
    return (ASSETS / name).read_text(encoding="utf-8")


def bundle(names: Sequence[str]) -> str:
    """The assets `names` joined in order, each headed by its name (one script from several
    files)."""
    return "\n".join(f"// --- reader/assets/{name}\n{read_asset(name)}" for name in names)
