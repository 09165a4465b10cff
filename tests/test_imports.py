"""The package's imports form no cycle, counting imports inside functions.

A cycle means two modules each need the other: neither can be understood, tested or moved
alone. The test reads every module under reader/ with ast (no importing), collects every
``import`` and ``from … import`` wherever it appears, and looks for a cycle among them.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "reader"


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(source: str, name: str, is_package: bool, known: set[str]) -> set[str]:
    """The modules of `known` that module `name` imports anywhere in `source`, functions included."""
    package = name if is_package else name.rpartition(".")[0]
    # A module's own packages are initialised before it runs, so importing a sibling through
    # them is no dependency on them (else every __init__ that re-exports would be a cycle).
    parts = name.split(".")
    ancestors = {".".join(parts[:depth]) for depth in range(1, len(parts) + 1)}
    found: set[str] = set()
    for node in ast.walk(ast.parse(source, name)):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            # `from pkg import mod` imports the module pkg.mod when there is one.
            targets = [base, *(f"{base}.{alias.name}" for alias in node.names)]
        else:
            continue
        for target in targets:
            # Importing a.b.c runs a/__init__ and a/b/__init__ too.
            parts = target.split(".")
            for depth in range(1, len(parts) + 1):
                candidate = ".".join(parts[:depth])
                if candidate in known and candidate not in ancestors:
                    found.add(candidate)
    return found


def import_graph() -> dict[str, set[str]]:
    files = sorted(PACKAGE.rglob("*.py"))
    known = {module_name(path) for path in files}
    return {
        module_name(path): imported_modules(
            path.read_text("utf-8"), module_name(path), path.name == "__init__.py", known
        )
        for path in files
    }


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle as a list of modules (first == last), or None. A package importing its own
    submodules (an __init__ re-exporting them) is not a cycle unless a submodule imports back."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for target in sorted(graph.get(node, ())):
            if state.get(target) == 1:
                return [*path[path.index(target) :], target]
            if target not in state and (cycle := visit(target)):
                return cycle
        path.pop()
        state[node] = 2
        return None

    for start in sorted(graph):
        if start not in state and (cycle := visit(start)):
            return cycle
    return None


def test_the_finder_sees_a_cycle() -> None:
    graph = {
        "reader.a": {"reader.b"},
        "reader.b": {"reader.c"},
        "reader.c": {"reader.a"},
        "reader.d": set(),
    }
    assert find_cycle(graph) == ["reader.a", "reader.b", "reader.c", "reader.a"]
    assert find_cycle({"reader.a": {"reader.b"}, "reader.b": set(), "reader": {"reader.a"}}) is None


def test_imports_inside_functions_and_relative_imports_are_counted() -> None:
    source = (
        "import json\n"
        "def f():\n    from reader.layers import reading\n"
        "class C:\n    def g(self):\n        import reader.sources.schema\n"
        "from . import spans\n"
    )
    known = {
        "reader",
        "reader.layers",
        "reader.layers.reading",
        "reader.layers.spans",
        "reader.sources",
        "reader.sources.schema",
        "reader.cli",
    }
    assert imported_modules(source, "reader.layers.entities", False, known) == {
        "reader.layers.reading",
        "reader.layers.spans",
        "reader.sources",
        "reader.sources.schema",
    }


def test_reader_has_no_import_cycle() -> None:
    cycle = find_cycle(import_graph())
    assert cycle is None, "import cycle: " + " → ".join(cycle or [])
