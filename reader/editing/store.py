"""Saving annotation files safely: validate, detect conflicts, keep history, write atomically.

The saved file is exactly the curator's text, byte for byte (UTF-8, no newline translation), so
comments, order and formatting survive. A save is refused — and nothing is written — when:

- the text has errors (the YAML itself, the schema, or quotes that do not anchor in the article);
- the file changed on disk since the editor loaded it (another tab, another person, an external
  editor): the result carries a unified diff between the disk and the curator's text, and the
  caller may retry with the new digest (or ``overwrite=True``) once the curator has decided;
- the app runs read-only (``READER_READ_ONLY=1``): :func:`save_annotations` raises.

Every write goes to a temporary file in the same folder, is flushed and fsynced, then renamed
over the target (``os.replace``) and the folder is fsynced, so a crash leaves either the old or
the new file, never half of one. The previous version is copied first to
``annotations/.history/<slug>/<UTC timestamp>.yaml``; only the newest ``HISTORY_KEEP`` (20, or
``READER_HISTORY_KEEP``) are kept. Writes are confined to the root's ``annotations/`` folder.
"""

from __future__ import annotations

import difflib
import hashlib
import os
import re
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from reader.sources.annotations import parse_annotations
from reader.sources.documents import Root, display_path, load_document
from reader.sources.problems import Problem
from reader.sources.yamlsource import MAX_FILE_BYTES

try:  # advisory lock between processes (POSIX); threads in one process use _THREAD_LOCK
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

__all__ = ["EditBase", "HISTORY_KEEP", "ReadOnlyError", "SaveResult", "StoreError", "conflict_diff",
           "file_digest", "history", "history_keep", "load_for_edit", "match_newlines", "read_only",
           "save_annotations", "validate_annotations"]

HISTORY_KEEP = 20               # previous versions kept per document; READER_HISTORY_KEEP overrides
HISTORY_DIR = ".history"
SLUG = re.compile(r"[a-z0-9][a-z0-9-]*")
_TRUE = {"1", "true", "yes", "on"}
_THREAD_LOCK = threading.Lock()
_HISTORY_NAME = re.compile(r"\d{8}T\d{6}\.\d{6}Z(-\d+)?\.yaml")


class StoreError(Exception):
    """A save that must not happen at all: a bad slug, a path outside annotations/, a symlink."""


class ReadOnlyError(StoreError):
    """Raised by every write when the app runs read-only."""


def read_only() -> bool:
    """True when ``READER_READ_ONLY`` is 1/true/yes/on: no view edits and no code path writes files."""
    return os.environ.get("READER_READ_ONLY", "").strip().lower() in _TRUE


def history_keep() -> int:
    """How many previous versions to keep per document (``READER_HISTORY_KEEP``, default 20)."""
    try:
        return max(0, int(os.environ.get("READER_HISTORY_KEEP", HISTORY_KEEP)))
    except ValueError:
        return HISTORY_KEEP


def file_digest(path: Path) -> str | None:
    """SHA-256 of a file's bytes, or None when it does not exist."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except FileNotFoundError:
        return None


@dataclass(frozen=True)
class EditBase:
    """What the editor loaded: the text and the digest a later save compares against."""

    path: Path
    text: str               # the file decoded as UTF-8, exactly (CRLF and BOM kept); "" when absent
    digest: str | None      # SHA-256 of the bytes on disk; None when the file did not exist
    mtime_ns: int | None

    @property
    def exists(self) -> bool:
        return self.digest is not None

    @property
    def newline(self) -> str:
        """The file's line ending: "\\r\\n" when every line ends that way, else "\\n"."""
        text = self.text
        return "\r\n" if "\r\n" in text and text.count("\n") == text.count("\r\n") else "\n"


def load_for_edit(path: Path) -> EditBase:
    """Read an annotation file for editing. Bytes that are not UTF-8 are shown as U+FFFD (and
    validation then reports them), so the editor always opens."""
    path = Path(path)
    try:
        data = path.read_bytes()
        mtime = path.stat().st_mtime_ns
    except FileNotFoundError:
        return EditBase(path, "", None, None)
    return EditBase(path, data.decode("utf-8", errors="replace"), hashlib.sha256(data).hexdigest(), mtime)


def match_newlines(text: str, base: EditBase) -> str:
    """The editor's text with the loaded file's line endings.

    Browsers hand back text areas with "\\n" line endings; a file written with "\\r\\n" keeps
    them when the curator's text has no "\\r" of its own. Otherwise the text is returned as is.
    """
    if base.newline == "\r\n" and "\r" not in text:
        return text.replace("\n", "\r\n")
    return text


SaveStatus = Literal["saved", "unchanged", "invalid", "conflict"]


@dataclass(frozen=True)
class SaveResult:
    status: SaveStatus
    message: str
    digest: str | None = None           # saved: the new digest; conflict: the digest now on disk
    problems: list[Problem] = field(default_factory=list)
    diff: str = ""                      # conflict: unified diff from the disk to the curator's text
    disk_text: str | None = None        # conflict: what is on disk now (None: the file was deleted)
    history_path: Path | None = None    # saved: where the previous version went

    @property
    def ok(self) -> bool:
        return self.status in ("saved", "unchanged")


def validate_annotations(root: Root, slug: str, text: str) -> list[Problem]:
    """Problems of annotation text as it would be saved for ``slug``: YAML, schema, references,
    and anchoring of quotes in the article (when the article can be read). Sorted by place."""
    from reader.layers.entities import ModelEntities  # the model is not needed to validate a file
    from reader.layers.reading import build_reading

    shown = display_path(root.annotations_path(slug))
    if len(text.encode("utf-8", errors="surrogatepass")) > MAX_FILE_BYTES:
        return [Problem(shown, 1, 1, "error", f"the text is larger than the limit of {MAX_FILE_BYTES:,} bytes")]
    if "\ufffd" in text:
        line = text[: text.index("\ufffd")].count("\n") + 1
        column = text.index("\ufffd") - (text.rfind("\n", 0, text.index("\ufffd")) + 1) + 1
        return [Problem(shown, line, column, "error", "the text contains U+FFFD (a byte that was not UTF-8); retype that character")]
    annotations, problems = parse_annotations(text.replace("\r\n", "\n").removeprefix("\ufeff"), shown)
    if root.article_path(slug).is_file():
        document, _ = load_document(root, slug)
        if document is not None:
            reading = build_reading(document, annotations, problems, ModelEntities((), None))
            problems = reading.problems
    return sorted((p for p in problems if p.path == shown), key=lambda p: (p.line, p.column))


def conflict_diff(disk_text: str | None, text: str) -> str:
    """Unified diff from what is on disk to the curator's text."""
    before = (disk_text or "").splitlines(keepends=True)
    after = text.splitlines(keepends=True)
    lines = difflib.unified_diff(before, after, fromfile="on disk" if disk_text is not None else "on disk (deleted)",
                                 tofile="your text")
    return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines)


def save_annotations(root: Root, slug: str, text: str, *, expected_digest: str | None,
                     overwrite: bool = False, keep: int | None = None) -> SaveResult:
    """Save ``text`` as ``annotations/<slug>.yaml``, exactly, if it is valid and nobody changed the file.

    ``expected_digest`` is the :class:`EditBase` digest the editor loaded (None: the file did not
    exist). ``overwrite=True`` saves over a changed file; use it only after the curator has seen
    the difference. Raises ReadOnlyError in read-only mode and StoreError for a bad slug or a path
    that would leave the annotations folder.
    """
    if read_only():
        raise ReadOnlyError("the reader is read-only (READER_READ_ONLY is set): nothing is saved")
    target = _target(root, slug)
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError:
        return SaveResult("invalid", "the text contains characters that cannot be saved as UTF-8 (lone surrogates)")
    problems = validate_annotations(root, slug, text)
    errors = [p for p in problems if p.is_error]
    if errors:
        s = "" if len(errors) == 1 else "s"
        return SaveResult("invalid", f"Not saved: the text has {len(errors)} error{s}; the file on disk is unchanged",
                          problems=problems)
    with _locked(target.parent):
        current = _read_or_none(target)
        current_digest = hashlib.sha256(current).hexdigest() if current is not None else None
        if current_digest != expected_digest and not overwrite:
            disk_text = current.decode("utf-8", errors="replace") if current is not None else None
            what = "was deleted" if current is None else ("was created" if expected_digest is None else "changed")
            return SaveResult("conflict", f"Not saved: {display_path(target)} {what} on disk since you opened it. "
                              "Reload it (your text is kept, to copy from), or overwrite it with your text.",
                              digest=current_digest, problems=problems, diff=conflict_diff(disk_text, text),
                              disk_text=disk_text)
        if current == data:
            return SaveResult("unchanged", "no changes to save", digest=current_digest, problems=problems)
        saved_history = None
        if current is not None:
            saved_history = _keep_history(root, slug, current, history_keep() if keep is None else keep)
        _atomic_write(target, data)
    return SaveResult("saved", f"saved {display_path(target)}", digest=hashlib.sha256(data).hexdigest(),
                      problems=problems, history_path=saved_history)


def history(root: Root, slug: str) -> list[Path]:
    """Saved previous versions of a document's annotations, oldest first."""
    folder = Path(root.path) / "annotations" / HISTORY_DIR / _check_slug(slug)
    return _versions(folder) if folder.is_dir() else []


def _versions(folder: Path) -> list[Path]:
    """History files in a folder, oldest first (same-microsecond saves are numbered -1, -2, …)."""
    def order(path: Path) -> tuple[str, int]:
        match = _HISTORY_NAME.fullmatch(path.name)
        return path.name[:23], int(match.group(1)[1:]) if match and match.group(1) else 0
    return sorted((p for p in folder.iterdir() if _HISTORY_NAME.fullmatch(p.name) and p.is_file()), key=order)


# --------------------------------------------------------------------------- internals


def _check_slug(slug: str) -> str:
    if not isinstance(slug, str) or not SLUG.fullmatch(slug):
        raise StoreError(f"not a document name: {slug!r} (use lower-case letters, digits and '-')")
    return slug


def _annotations_dir(root: Root) -> Path:
    folder = Path(root.path) / "annotations"
    if not folder.exists() and not folder.is_symlink():
        folder.mkdir(parents=True)
    if not folder.is_dir():
        raise StoreError(f"{display_path(folder)} is not a folder")
    # A symlinked annotations/ may point elsewhere in the root, never outside it.
    return _inside(folder, Path(root.path).resolve(), "annotation files")


def _inside(path: Path, folder: Path, what: str) -> Path:
    """``path`` after resolving symlinks, provided it stays inside ``folder`` (already resolved)."""
    resolved = path.resolve()
    if resolved.parent != folder and folder not in resolved.parents:
        raise StoreError(f"refusing to write {what}: {display_path(path)} leads outside {display_path(folder)}")
    return resolved


def _target(root: Root, slug: str) -> Path:
    folder = _annotations_dir(root)
    target = folder / f"{_check_slug(slug)}.yaml"
    if target.is_symlink():
        raise StoreError(f"refusing to replace {display_path(target)}: it is a symbolic link")
    if target.exists() and not target.is_file():
        raise StoreError(f"refusing to replace {display_path(target)}: it is not a regular file")
    return _inside(target, folder, "the annotation file")


def _read_or_none(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


@contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """One save at a time per process, and per folder between processes that use this module."""
    with _THREAD_LOCK:
        if fcntl is None:  # pragma: no cover
            yield
            return
        fd = os.open(folder, os.O_RDONLY)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)  # closing releases the lock


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - platforms without directory handles
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover - some file systems refuse fsync on folders
        pass
    finally:
        os.close(fd)


def _atomic_write(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` so that readers see the old file or the new one, never a mix."""
    try:
        mode = target.stat().st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    fd, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, mode)
        os.replace(temp, target)
    except BaseException:
        try:
            os.unlink(temp)
        except FileNotFoundError:
            pass
        raise
    _fsync_dir(target.parent)


def _keep_history(root: Root, slug: str, previous: bytes, keep: int) -> Path | None:
    """Copy the previous version into annotations/.history/<slug>/ and drop all but the newest ``keep``."""
    if keep <= 0:
        return None
    annotations = _annotations_dir(root)
    folder = annotations / HISTORY_DIR / slug
    for part in (annotations / HISTORY_DIR, folder):
        if part.is_symlink():
            raise StoreError(f"refusing to write history: {display_path(part)} is a symbolic link")
    folder.mkdir(parents=True, exist_ok=True)
    folder = _inside(folder, annotations, "history")
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S.%fZ")
    path, n = folder / f"{stamp}.yaml", 1
    while path.exists():
        path, n = folder / f"{stamp}-{n}.yaml", n + 1
    _atomic_write(path, previous)
    versions = _versions(folder)
    for old in versions[: max(0, len(versions) - keep)]:
        old.unlink()
    return path
