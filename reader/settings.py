"""The reader's settings: every ``READER_*`` environment variable, read in one place.

An entry point (the command line, the app's run, the benchmark) calls :meth:`Settings.from_env`
once and passes the result down; the core never reads the environment itself, so a library user
or a test builds the :class:`Settings` it wants (``Settings(read_only=True)``).

The table in docs/deployment.md#settings is generated from this class (``make docs``): a new
setting is a field with a ``#: READER_NAME: meaning`` comment above it, read in ``from_env``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from reader.sources.mirrors import read_mirror_hosts

__all__ = ["HISTORY_KEEP", "POLL_SECONDS", "Settings"]

HISTORY_KEEP = 20  # previous versions of an annotation file kept in its history
POLL_SECONDS = 2.0  # how often an open reader looks for changed files
_TRUE = frozenset({"1", "true", "yes", "on"})


@dataclass(frozen=True)
class Settings:
    #: READER_ROOT: the folder with article/ and annotations/ that the app serves (None: the project
    #: folder).
    root: Path | None = None
    #: READER_SPACY_MODEL: a spaCy pipeline name or path (None: the small English model that is
    #: installed).
    spacy_model: str | None = None
    #: READER_CACHE_DIR: where model entities are cached (None: the user's cache folder,
    #: …/reader/entities).
    cache_dir: Path | None = None
    #: READER_READ_ONLY: nothing edits and no code path writes files (deployments).
    read_only: bool = False
    #: READER_HISTORY_KEEP: previous versions kept per annotation file.
    history_keep: int = HISTORY_KEEP
    #: READER_POLL_SECONDS: how often an open reader looks for changed files; 0 turns live reload
    #: off.
    poll_seconds: float = POLL_SECONDS
    #: READER_EDITORS: who may edit once sign-in is configured (e-mails and @domains,
    #: comma-separated).
    editors: str = ""
    #: READER_ALLOW_ANONYMOUS_EDITS: without sign-in, anyone who reaches the server may edit.
    allow_anonymous_edits: bool = False
    #: READER_MIRROR_HOSTS: the sites `check` warns of when a source is on one, as only mirroring
    #: or republishing others (comma-separated): `+host` adds to the documented list, `-host`
    #: drops from it, bare hosts replace it, `none` turns the warning off; empty: the list.
    mirror_hosts: str = ""

    @property
    def mirror_host_list(self) -> tuple[str, ...]:
        """The sites READER_MIRROR_HOSTS asks for (reader.sources.mirrors)."""
        return read_mirror_hosts(self.mirror_hosts)

    @classmethod
    def from_env(cls, environ: Mapping[str, str]) -> Settings:
        """The settings `environ` (``os.environ``) asks for; a value that does not parse keeps its
        default."""

        def text(name: str) -> str:
            return environ.get(name, "").strip()

        root, model, cache = (
            text("READER_ROOT"),
            text("READER_SPACY_MODEL"),
            environ.get("READER_CACHE_DIR", ""),
        )
        return cls(
            root=Path(root).expanduser() if root else None,
            spacy_model=model or None,
            cache_dir=Path(cache).expanduser() if cache else None,
            read_only=text("READER_READ_ONLY").lower() in _TRUE,
            history_keep=_whole(text("READER_HISTORY_KEEP"), HISTORY_KEEP),
            poll_seconds=_seconds(text("READER_POLL_SECONDS"), POLL_SECONDS),
            editors=text("READER_EDITORS"),
            allow_anonymous_edits=text("READER_ALLOW_ANONYMOUS_EDITS").lower() in _TRUE,
            mirror_hosts=text("READER_MIRROR_HOSTS"),
        )


def _seconds(value: str, default: float) -> float:
    try:
        return max(0.0, float(value)) if value else default
    except ValueError:
        return default


def _whole(value: str, default: int) -> int:
    try:
        return max(0, int(value)) if value else default
    except ValueError:
        return default
