"""The public API: the names a library user imports from `reader`, and every module's __all__."""

from __future__ import annotations

import ast
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


def _modules() -> list[Path]:
    return sorted((PROJECT / "reader").rglob("*.py"))


@pytest.mark.parametrize("path", _modules(), ids=lambda p: p.relative_to(PROJECT).as_posix())
def test_every_module_declares_all_and_defines_what_it_lists(path: Path) -> None:
    tree = ast.parse(path.read_text("utf-8"))
    declared = [
        node
        for node in tree.body
        if isinstance(node, ast.Assign | ast.AnnAssign)
        and any(
            isinstance(t, ast.Name) and t.id == "__all__"
            for t in (node.targets if isinstance(node, ast.Assign) else [node.target])
        )
    ]
    assert declared, f"{path.name} declares no __all__"
    names = ast.literal_eval(declared[0].value)
    assert len(names) == len(set(names))
    if path.name in ("main.py", "__main__.py"):  # scripts: run, never imported for names
        assert names == []
        return
    defined = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            defined.add(node.name)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            defined.add(node.id)
        elif isinstance(node, ast.alias):
            defined.add((node.asname or node.name).split(".")[0])
        elif (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and path.name == "__init__.py"
        ):
            defined.add(node.value)  # reader/__init__'s lazily imported names
    assert set(names) <= defined, sorted(set(names) - defined)
