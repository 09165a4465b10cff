"""pyproject.toml gives compatible ranges of what requirements.txt pins exactly, and a `reader`
command.

requirements.txt is the lock `make` installs; the package asks for ``>=X.Y,<X+1`` of each pin
(``<0.Y+1`` below 1.0, where a minor release may break), so the tested version is always allowed.
Test-only and lint-only pins are extras (``.[test]``, ``.[lint]``), never runtime dependencies.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.version import Version

from reader import cli

PROJECT = Path(__file__).resolve().parent.parent


def _pins(section: str) -> list[str]:
    text = (PROJECT / "requirements.txt").read_text("utf-8")
    part = text.split(f"# {section}\n", 1)[1].split("\n# ", 1)[0]
    return [
        re.split(r"\s+#", line)[0].strip()
        for line in part.splitlines()
        if line.strip() and not line.startswith("#")
    ]


def _range(pin: str) -> str:
    name, version = pin.split("==")
    major, minor = Version(version).release[:2]
    upper = f"{major + 1}" if major else f"0.{minor + 1}"
    return f"{name}>={major}.{minor},<{upper}"


def _project() -> dict:
    return tomllib.loads((PROJECT / "pyproject.toml").read_text("utf-8"))["project"]


def test_requirements_txt_pins_every_line_exactly() -> None:
    text = (PROJECT / "requirements.txt").read_text("utf-8")
    lines = [re.split(r"\s+#", line)[0].strip() for line in text.splitlines()]
    pins = [line for line in lines if line and not line.startswith("#")]
    assert len(pins) >= 25
    assert [pin for pin in pins if not re.fullmatch(r"[A-Za-z0-9._-]+==[0-9][0-9a-z.]*", pin)] == []


def test_the_dependencies_are_ranges_around_the_runtime_pins() -> None:
    pins = _pins("Runtime")
    assert len(pins) >= 15
    assert _project()["dependencies"] == [_range(pin) for pin in pins]


def test_test_and_lint_pins_are_extras_not_dependencies() -> None:
    extras = _project()["optional-dependencies"]
    assert extras == {
        "test": [_range(pin) for pin in _pins("Tests")],
        "lint": [_range(pin) for pin in _pins("Lint")],
    }
    assert {"pytest", "playwright", "hypothesis"} <= {Requirement(r).name for r in extras["test"]}


def test_every_range_allows_the_pinned_version() -> None:
    for section in ("Runtime", "Tests", "Lint"):
        for pin in _pins(section):
            requirement = Requirement(_range(pin))
            assert requirement.specifier.contains(pin.split("==")[1], prereleases=True), pin


def test_a_range_is_the_pins_minor_up_to_the_next_major() -> None:
    assert _range("spacy==3.8.18") == "spacy>=3.8,<4"
    assert _range("edlib==1.3.9.post1") == "edlib>=1.3,<2"
    assert _range("nh3==0.3.7") == "nh3>=0.3,<0.4"


def test_the_reader_command_is_the_command_line() -> None:
    assert _project()["scripts"] == {"reader": "reader.cli:main"}
    assert callable(cli.main)
