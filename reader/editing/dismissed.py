"""Dismissed suggestions: the sentences curators hid from a document's suggested claims, for every
curator, kept in ``annotations/.dismissed/<slug>.yaml`` (a name starting with '.' is never taken
for a document) as a list of quotes::

    dismissed:
      - "The town sits in a green valley."

A quote, not an offset, so a dismissal survives edits elsewhere in the article.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

import yaml

from reader.editing.appending import yaml_scalar
from reader.editing.store import ReadOnlyError
from reader.settings import Settings
from reader.sources.documents import Root
from reader.vocabulary import SLUG

__all__ = ["FOLDER", "dismiss", "dismissed", "dismissed_path"]

FOLDER = ".dismissed"
MAX_DISMISSED = 10_000  # quotes kept per document


def dismissed_path(root: Root, slug: str) -> Path:
    if not SLUG.fullmatch(slug):
        raise ValueError(f"'{slug}' is not a slug")
    return root.path / "annotations" / FOLDER / f"{slug}.yaml"


def dismissed(root: Root, slug: str) -> frozenset[str]:
    """The quotes dismissed for a document (none when the file is missing or unreadable)."""
    try:
        data = yaml.safe_load(dismissed_path(root, slug).read_text("utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError, ValueError):
        return frozenset()
    items = data.get("dismissed") if isinstance(data, dict) else None
    return frozenset(q for q in items or [] if isinstance(q, str))


def dismiss(root: Root, slug: str, quote: str, settings: Settings) -> None:
    """Add ``quote`` to the document's dismissed list (under a lock, written whole, renamed in)."""
    if settings.read_only:
        raise ReadOnlyError("this reader is read-only: nothing can be dismissed")
    path = dismissed_path(root, slug)
    path.parent.mkdir(parents=True, exist_ok=True)
    with (path.parent / ".lock").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        quotes = [*sorted(dismissed(root, slug)), quote]
        kept = list(dict.fromkeys(quotes))[-MAX_DISMISSED:]
        text = "dismissed:\n" + "".join(f"  - {yaml_scalar(q)}\n" for q in kept)
        temp = path.with_name(f".{path.name}.tmp")
        temp.write_text(text, encoding="utf-8")
        os.replace(temp, path)
