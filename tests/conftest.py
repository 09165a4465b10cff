"""Shared fixtures: the project root, a scratch root, and an entity cache that never touches
~/.cache."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from hypothesis import settings

if TYPE_CHECKING:
    from streamlit.testing.v1 import AppTest

# Property tests draw the same examples on every run and every worker: a failure reproduces, and
# the suite's time does not depend on luck. No example database: a fresh clone starts the same.
# No deadline: a shared machine's load is no bug (speed is measured by benchmarks, not tests).
settings.register_profile("reader", derandomize=True, database=None, deadline=None)
settings.load_profile("reader")

PROJECT = Path(__file__).resolve().parent.parent
# Copies of what the tests need from outside the project (see tests/data/README.md).
DATA = PROJECT / "tests" / "data"
BROWSER_TESTS = PROJECT / "tests" / "browser"


def pytest_itemcollected(item: pytest.Item) -> None:
    # Browser tests are marked `browser`: make test-fast leaves them out.
    if BROWSER_TESTS in item.path.parents:
        item.add_marker(pytest.mark.browser)


@pytest.fixture(autouse=True)
def _main_module_kept() -> Iterator[None]:
    # Streamlit's script runner (AppTest) installs the app script as __main__ and leaves it there:
    # a process spawned later in the same worker would run the app again as it starts.
    main = sys.modules["__main__"]
    yield
    sys.modules["__main__"] = main


@pytest.fixture(autouse=True)
def _isolated_entity_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    # One cache for the whole session: tests stay apart from the user's cache but share spaCy's
    # results. The command line and the app read READER_CACHE_DIR; the core's default (the user's
    # cache folder) follows XDG_CACHE_HOME, so both land in the same place.
    cache_home = tmp_path_factory.getbasetemp() / "cache-home"
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache_home))
    monkeypatch.setenv("READER_CACHE_DIR", str(cache_home / "reader" / "entities"))


@pytest.fixture
def project_root() -> Path:
    return PROJECT


# A two-paragraph article the editing tests share (their annotation files differ on purpose).
BEES_IN_WINTER = """\
---
title: Bees in winter
---
Honey bees cluster to keep warm. The cluster shivers.

A colony eats about 20 kilos of honey over the winter.
"""


APP = str(PROJECT / "reader" / "app" / "main.py")


def run_app(**params: str) -> AppTest:
    """The app's first run at a link: ``?name=value`` for each of `params`."""
    from streamlit.testing.v1 import AppTest  # here: most test modules never start the app

    at = AppTest.from_file(APP, default_timeout=120)
    for name, value in params.items():
        at.query_params[name] = value
    return at.run()


def make_root(
    base: Path, articles: dict[str, str], annotations: dict[str, str | bytes] | None = None
) -> Path:
    """A root folder with the given article/<slug>.md and annotations/<slug>.yaml texts."""
    (base / "article").mkdir(parents=True, exist_ok=True)
    (base / "annotations").mkdir(parents=True, exist_ok=True)
    for slug, text in articles.items():
        (base / "article" / f"{slug}.md").write_text(text, encoding="utf-8")
    for slug, text in (annotations or {}).items():
        target = base / "annotations" / f"{slug}.yaml"
        target.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return base


def export_seed_html(out: Path) -> None:
    """Write the seed article as one HTML page with the command line, as a user would."""
    result = subprocess.run(
        [sys.executable, "-m", "reader", "export", "mexico-drug-war", "--format", "html"]
        + ["-o", str(out)],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
