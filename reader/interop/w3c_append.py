"""Imported Web Annotations appended to an annotation file as text (``python -m reader import``).

How the lines are placed, checked and quoted is shared with annotating from the page:
reader.editing.appending. Existing bytes stay as they are.
"""

from __future__ import annotations

from typing import Any

from reader.editing.appending import (
    NotABlockList,
    append_lines,
    block_scalar,
    misread_section,
    yaml_scalar,
)
from reader.interop.w3c_import import Imported, W3CImportError

__all__ = ["SECTION_ORDER", "append_entries", "entry_lines"]

SECTION_ORDER = ("claims", "notes", "entities")


def entry_lines(entry: dict[str, Any]) -> list[str]:
    """One entry as block-list lines relative to the list's indent: "- key: …" then "  key: …"."""
    lines: list[str] = []
    for key, value in entry.items():
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            written = "[" + ", ".join(yaml_scalar(v, flow=True) for v in value) + "]"
        elif isinstance(value, list):
            written = (
                "["
                + ", ".join(
                    "{"
                    + ", ".join(
                        f"{k}: {yaml_scalar(v, flow=True)}"
                        for k, v in item.items()
                        if v is not None
                    )
                    + "}"
                    for item in value
                )
                + "]"
            )
        elif isinstance(value, str) and "\n" in value.strip():
            written = block_scalar(value, "    ") or yaml_scalar(value)
        else:
            written = yaml_scalar(value)
        lines.extend(f"{'- ' if not lines else '  '}{key}: {written}".split("\n"))
    return lines


def append_entries(yaml_text: str, imported: Imported, comment: str | None = None) -> str:
    """``yaml_text`` with the imported entries added at the end of their sections, as text.

    Existing bytes are kept as they are (comments, order, formatting, line endings). A section the
    file lacks is added at its end. The ``comment`` (where the entries came from) goes before each
    section's new entries, after a blank line. Raises W3CImportError when a section is written in a
    way entries cannot be appended to (a non-empty flow list ``[...]``).
    """
    import yaml

    text = yaml_text
    for section in SECTION_ORDER:
        entries = getattr(imported, section)
        if not entries:
            continue
        block = [line for entry in entries for line in entry_lines(entry)]
        if comment:
            block.insert(0, f"# {comment}")
        try:
            text, _ = append_lines(text, section, block, gap=bool(comment))
        except NotABlockList as exc:
            raise W3CImportError(f"{exc}; rewrite it that way to import into it") from None
    try:
        wrong = misread_section(
            yaml.safe_load(yaml_text), text, {s: getattr(imported, s) for s in SECTION_ORDER}
        )
    except yaml.YAMLError as exc:  # a bug in append_lines: never hand back broken YAML
        raise W3CImportError(
            f"could not append the entries as text ({exc}); add them by hand"
        ) from None
    if wrong is not None:
        raise W3CImportError(
            f"could not append to '{wrong}' as text without disturbing the file; add "
            "the entries by hand"
        )
    return text
