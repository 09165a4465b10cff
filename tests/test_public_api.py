"""The public API: the names a library user imports from `reader`.

Each module's own ``__all__`` is lint's to check (ruff F822: every name listed is defined)."""

from __future__ import annotations

import importlib
import subprocess
import sys
from pathlib import Path

import pytest

import reader

PROJECT = Path(__file__).resolve().parent.parent
PUBLIC = [
    "Reading",
    "Root",
    "Settings",
    "from_w3c",
    "load_document",
    "match_quote",
    "open_reading",
    "resolve_quote",
    "save_annotations",
    "to_html",
    "to_json",
    "to_w3c",
]


def test_the_public_names_are_pinned() -> None:
    assert sorted(reader.__all__) == PUBLIC


@pytest.mark.parametrize("name", PUBLIC)
def test_each_public_name_is_the_defining_modules_object(name: str) -> None:
    value = getattr(reader, name)
    module = importlib.import_module(value.__module__)
    assert getattr(module, name) is value


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        reader.nothing  # noqa: B018


def test_importing_reader_loads_none_of_the_core() -> None:
    code = "import sys, reader; print(sorted(m for m in sys.modules if m.startswith('reader')))"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=PROJECT, check=True
    ).stdout
    assert out.strip() == "['reader']"


def test_the_library_reads_the_seed_article(project_root: Path) -> None:
    reading = reader.open_reading(reader.Root(project_root), "mexico-drug-war", with_model=False)
    data = reader.to_json(reading)
    assert data["text"] == reading.text and data["annotations"]
    match = reader.match_quote(reading.text, "Mexico")
    assert match is not None and reading.text[match.start : match.end] == "Mexico"
