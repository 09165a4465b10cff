"""The layout stays readable: no module of the code or the benchmarks grows past 500 lines."""

from __future__ import annotations

from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
LIMIT = 500


def test_no_python_module_is_over_500_lines() -> None:
    modules = [*(PROJECT / "reader").rglob("*.py"), *(PROJECT / "benchmarks").rglob("*.py")]
    assert len(modules) > 50  # the walk found the code
    sizes = {
        m.relative_to(PROJECT).as_posix(): len(m.read_text("utf-8").splitlines()) for m in modules
    }
    assert {name: size for name, size in sizes.items() if size > LIMIT} == {}
