"""pyproject.toml declares what requirements.txt pins, and a `reader` command."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from reader import cli

PROJECT = Path(__file__).resolve().parent.parent


def _runtime_pins() -> list[str]:
    text = (PROJECT / "requirements.txt").read_text("utf-8")
    runtime = text.split("# Runtime", 1)[1].split("\n# ", 1)[0]
    return [
        re.split(r"\s+#", line)[0].strip()
        for line in runtime.splitlines()
        if line.strip() and not line.startswith("#")
    ]


def test_the_dependencies_are_the_runtime_pins_of_requirements_txt() -> None:
    project = tomllib.loads((PROJECT / "pyproject.toml").read_text("utf-8"))["project"]
    pins = _runtime_pins()
    assert len(pins) >= 15 and all("==" in pin for pin in pins)
    assert project["dependencies"] == pins


def test_the_reader_command_is_the_command_line() -> None:
    project = tomllib.loads((PROJECT / "pyproject.toml").read_text("utf-8"))["project"]
    assert project["scripts"] == {"reader": "reader.cli:main"}
    assert callable(cli.main)
