"""Settings: every READER_* variable read in one place, into one frozen object the entry points pass
down."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from reader.layers.entities import cache_dir, model_name
from reader.settings import HISTORY_KEEP, POLL_SECONDS, Settings

PACKAGE = Path(__file__).resolve().parent.parent / "reader"


def test_defaults_without_any_variable() -> None:
    settings = Settings.from_env({})
    assert settings == Settings()
    assert (settings.root, settings.spacy_model, settings.cache_dir) == (None, None, None)
    assert not settings.read_only and not settings.allow_anonymous_edits and settings.editors == ""
    assert (
        settings.history_keep == HISTORY_KEEP == 20 and settings.poll_seconds == POLL_SECONDS == 2.0
    )


def test_every_variable_is_read() -> None:
    settings = Settings.from_env(
        {
            "READER_ROOT": " /srv/reader ",
            "READER_SPACY_MODEL": "en_core_web_md",
            "READER_CACHE_DIR": "/tmp/ents",
            "READER_READ_ONLY": "yes",
            "READER_HISTORY_KEEP": "3",
            "READER_POLL_SECONDS": "0.5",
            "READER_EDITORS": "ana@example.org, @newsroom.test",
            "READER_ALLOW_ANONYMOUS_EDITS": "1",
            "READER_MIRROR_HOSTS": " +example.org ",
        }
    )
    assert settings == Settings(
        root=Path("/srv/reader"),
        spacy_model="en_core_web_md",
        cache_dir=Path("/tmp/ents"),
        read_only=True,
        history_keep=3,
        poll_seconds=0.5,
        editors="ana@example.org, @newsroom.test",
        allow_anonymous_edits=True,
        mirror_hosts="+example.org",
    )
    assert model_name(settings) == "en_core_web_md" and cache_dir(settings) == Path("/tmp/ents")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1", True),
        ("true", True),
        (" YES ", True),
        ("on", True),
        ("", False),
        ("0", False),
        ("false", False),
        ("no", False),
    ],
)
def test_read_only_words(value: str, expected: bool) -> None:
    assert Settings.from_env({"READER_READ_ONLY": value}).read_only is expected


def test_values_that_do_not_parse_keep_their_defaults() -> None:
    settings = Settings.from_env({"READER_HISTORY_KEEP": "many", "READER_POLL_SECONDS": "soon"})
    assert settings.history_keep == HISTORY_KEEP and settings.poll_seconds == POLL_SECONDS
    negative = Settings.from_env({"READER_HISTORY_KEEP": "-4", "READER_POLL_SECONDS": "-1"})
    assert negative.history_keep == 0 and negative.poll_seconds == 0.0


def test_settings_are_frozen() -> None:
    with pytest.raises(AttributeError):
        Settings().read_only = True  # type: ignore[misc]


def test_only_the_entry_points_read_the_environment() -> None:
    """The core takes Settings; os.environ is read by reader.settings' callers at the top: the
    command line, the app's main script and its state module (for views run on their own)."""
    readers = set()
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text("utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr in {"environ", "getenv"}:
                readers.add(path.relative_to(PACKAGE).as_posix())
    assert readers == {"cli.py", "app/main.py", "app/views/state.py"}
