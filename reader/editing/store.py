"""Saving annotation files safely: validate, detect conflicts, keep history, swap in atomically.

The saved file is exactly the curator's text, byte for byte (UTF-8, no newline translation), so
comments, order and formatting survive. A save is refused — and nothing is written — when:

- the text has errors (the YAML itself, the schema, or quotes that do not anchor in the article);
- the file changed on disk since the editor loaded it (another tab, another person, an external
  editor): the result carries a unified diff between the disk and the curator's text, and the
  caller may retry with the new digest (or ``overwrite=True``) once the curator has decided;
- the settings say read-only (``READER_READ_ONLY=1``): :func:`save_annotations` raises.

**No lost version.** The new text goes to a temporary file in the same folder (written, fsynced),
and so does the copy of the previous version for ``annotations/.history/<slug>/``. On Linux the
new file is then swapped with the old one in one step (``renameat2(RENAME_EXCHANGE)``, see
reader.editing.exchange), and what was swapped out is compared with what the conflict check saw: if
an outside editor wrote the file in between, the two are swapped back and the save reports a
conflict, so their version stays on disk. A new file is created with ``RENAME_NOREPLACE``.
Where renameat2 is missing or refused, the file is compared once more just before ``os.replace``,
which narrows the window to microseconds but cannot close it. Writers that change the file in
place (rather than replacing it) are covered unless their open and write straddle the swap.

**No leftovers, nothing half done.** A crash leaves the old file or the new one, never half of
one; temporary files left by an interrupted save are removed by the next save of that folder.
A write that fails (a full disk, a read-only folder) raises :class:`SaveError`, whose message
names the file relative to the root and the cause, and leaves the file and its history as they
were. History keeps the newest ``Settings.history_keep`` (20, or ``READER_HISTORY_KEEP``) versions,
never more, and ``log.jsonl`` beside them records each save: its time, who saved, and the digest.
Writes are confined to the root's ``annotations/`` folder.
"""

from __future__ import annotations

import difflib
import errno
import hashlib
import json
import os
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from reader.editing import exchange
from reader.editing.validation import validate_annotations
from reader.settings import Settings
from reader.sources.documents import SHARED_SLUG, Root
from reader.sources.problems import Problem
from reader.vocabulary import SLUG

try:  # advisory lock between processes (POSIX); threads in one process use _THREAD_LOCK
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

__all__ = [
    "LOG_KEEP",
    "EditBase",
    "ReadOnlyError",
    "SaveError",
    "SaveRecord",
    "SaveResult",
    "StoreError",
    "conflict_diff",
    "file_digest",
    "history",
    "load_for_edit",
    "match_newlines",
    "save_annotations",
    "save_log",
]

LOG_KEEP = 1_000  # saves remembered in log.jsonl per document (the newest)
HISTORY_DIR = ".history"
LOG_NAME = "log.jsonl"
ANONYMOUS = "anonymous"
_THREAD_LOCK = threading.Lock()
_HISTORY_NAME = re.compile(r"\d{8}T\d{6}\.\d{6}Z(-\d+)?\.yaml")
#: Plain words for the causes a curator can do something about.
_CAUSES = {
    errno.ENOSPC: "the disk is full (no space left on device)",
    errno.EDQUOT: "the disk quota is used up",
    errno.EROFS: "the folder is on a read-only file system",
    errno.EACCES: "the server is not allowed to write there (permission denied)",
    errno.EPERM: "the server is not allowed to write there (operation not permitted)",
    errno.EIO: "the disk reported an input/output error",
}


class StoreError(Exception):
    """A save that must not happen at all: a bad slug, a path outside annotations/, a symlink."""


class ReadOnlyError(StoreError):
    """Raised by every write when the app runs read-only."""


class SaveError(StoreError):
    """A save that failed on its way to disk; the file and its history are as they were."""

    def __init__(self, shown: str, cause: OSError) -> None:
        self.path, self.cause = shown, cause
        reason = _CAUSES.get(cause.errno or 0) or (cause.strerror or str(cause)).lower()
        super().__init__(
            f"could not save {shown}: {reason}. The file and its history are unchanged."
        )


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
    text: str  # the file decoded as UTF-8, exactly (CRLF and BOM kept); "" when absent
    digest: str | None  # SHA-256 of the bytes on disk; None when the file did not exist
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
    return EditBase(
        path, data.decode("utf-8", errors="replace"), hashlib.sha256(data).hexdigest(), mtime
    )


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
    digest: str | None = None  # saved: the new digest; conflict: the digest now on disk
    problems: list[Problem] = field(default_factory=list)
    diff: str = ""  # conflict: unified diff from the disk to the curator's text
    disk_text: str | None = None  # conflict: what is on disk now (None: the file was deleted)
    history_path: Path | None = None  # saved: where the previous version went

    @property
    def ok(self) -> bool:
        return self.status in ("saved", "unchanged")


@dataclass(frozen=True)
class SaveRecord:
    """One line of ``log.jsonl``: who saved which version when."""

    time: str  # ISO 8601, UTC
    editor: str  # an e-mail address when the editor signed in, else "anonymous"
    digest: str  # SHA-256 of the saved bytes


def shown_path(root: Root, path: Path) -> str:
    """A path as users see it: relative to the root (annotations/<slug>.yaml), never the server's
    own."""
    try:
        return Path(os.path.abspath(path)).relative_to(os.path.abspath(root.path)).as_posix()
    except ValueError:
        return Path(path).name


def conflict_diff(disk_text: str | None, text: str) -> str:
    """Unified diff from what is on disk to the curator's text."""
    before = (disk_text or "").splitlines(keepends=True)
    after = text.splitlines(keepends=True)
    lines = difflib.unified_diff(
        before,
        after,
        fromfile="on disk" if disk_text is not None else "on disk (deleted)",
        tofile="your text",
    )
    return "".join(
        line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines
    )


def save_annotations(
    root: Root,
    slug: str,
    text: str,
    *,
    expected_digest: str | None,
    overwrite: bool = False,
    keep: int | None = None,
    editor: str | None = None,
    settings: Settings | None = None,
) -> SaveResult:
    """Save ``text`` as ``annotations/<slug>.yaml``, exactly, if it is valid and nobody changed the
    file.

    ``expected_digest`` is the :class:`EditBase` digest the editor loaded (None: the file did not
    exist). ``overwrite=True`` saves over a changed file; use it only after the curator has seen
    the difference. ``editor`` is who saves, for the log (default "anonymous"). ``keep`` versions
    of history are kept (default: ``settings.history_keep``). Raises ReadOnlyError when
    ``settings.read_only``, StoreError for a bad slug or a path that would leave the
    annotations folder, and SaveError when the disk refuses the write (nothing is changed then).
    """
    settings = settings or Settings()
    if settings.read_only:
        raise ReadOnlyError("the reader is read-only (READER_READ_ONLY is set): nothing is saved")
    target = _target(root, slug)
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError:
        return SaveResult(
            "invalid",
            "the text contains characters that cannot be saved as UTF-8 (lone surrogates)",
        )
    problems = validate_annotations(root, slug, text)
    errors = [p for p in problems if p.is_error]
    if errors:
        s = "" if len(errors) == 1 else "s"
        return SaveResult(
            "invalid",
            f"Not saved: the text has {len(errors)} error{s}; the file on disk is unchanged",
            problems=problems,
        )
    shown = shown_path(root, target)
    keep = settings.history_keep if keep is None else max(0, keep)
    with _locked(target.parent):
        exchange.remove_leftovers(target.parent, f".{target.name}.")
        current = exchange.read_or_none(target)
        current_digest = _digest(current)
        if current_digest != expected_digest and not overwrite:
            what = (
                "was deleted"
                if current is None
                else ("was created" if expected_digest is None else "changed")
            )
            return _conflict(
                f"Not saved: {shown} {what} on disk since you opened it. "
                "Reload it (your text is kept, to copy from), or overwrite it with your text.",
                current,
                text,
                problems,
            )
        if current == data:
            return SaveResult(
                "unchanged", "no changes to save", digest=current_digest, problems=problems
            )
        try:
            outcome = _commit(root, slug, target, data, current, keep, editor or ANONYMOUS)
        except OSError as exc:
            raise SaveError(shown, exc) from exc
    if isinstance(outcome, exchange.Raced):
        return _conflict(
            f"Not saved: {shown} was changed on disk by someone else while saving; their version "
            "is kept. Reload it (your text is kept, to copy from), or overwrite it with your text.",
            outcome.disk,
            text,
            problems,
        )
    return SaveResult(
        "saved", f"saved {shown}", digest=_digest(data), problems=problems, history_path=outcome
    )


def history(root: Root, slug: str) -> list[Path]:
    """Saved previous versions of a document's annotations, oldest first."""
    folder = Path(root.path) / "annotations" / HISTORY_DIR / _check_slug(slug)
    return _versions(folder) if folder.is_dir() else []


def save_log(root: Root, slug: str) -> list[SaveRecord]:
    """Who saved a document's annotations and when, newest first (lines that do not parse are
    skipped)."""
    path = Path(root.path) / "annotations" / HISTORY_DIR / _check_slug(slug) / LOG_NAME
    records = []
    for line in _read_log(path):
        try:
            item = json.loads(line)
            records.append(SaveRecord(str(item["time"]), str(item["editor"]), str(item["digest"])))
        except (ValueError, KeyError, TypeError):
            continue
    return records[::-1]


def _versions(folder: Path) -> list[Path]:
    """History files in a folder, oldest first (same-microsecond saves are numbered -1, -2, …)."""

    def order(path: Path) -> tuple[str, int]:
        match = _HISTORY_NAME.fullmatch(path.name)
        return path.name[:23], int(match.group(1)[1:]) if match and match.group(1) else 0

    return sorted(
        (p for p in folder.iterdir() if _HISTORY_NAME.fullmatch(p.name) and p.is_file()), key=order
    )


# --------------------------------------------------------------------------- internals


def _digest(data: bytes | None) -> str | None:
    return hashlib.sha256(data).hexdigest() if data is not None else None


def _conflict(
    message: str, current: bytes | None, text: str, problems: list[Problem]
) -> SaveResult:
    disk_text = current.decode("utf-8", errors="replace") if current is not None else None
    return SaveResult(
        "conflict",
        message,
        digest=_digest(current),
        problems=problems,
        diff=conflict_diff(disk_text, text),
        disk_text=disk_text,
    )


def _check_slug(slug: str) -> str:
    if slug == SHARED_SLUG:  # annotations/_shared.yaml is saved like a document's file
        return slug
    if not isinstance(slug, str) or not SLUG.fullmatch(slug):
        raise StoreError(f"not a document name: {slug!r} (use lower-case letters, digits and '-')")
    return slug


def _annotations_dir(root: Root) -> Path:
    folder = Path(root.path) / "annotations"
    if not folder.exists() and not folder.is_symlink():
        try:
            folder.mkdir(parents=True)
        except OSError as exc:
            raise SaveError("annotations/", exc) from exc
    if not folder.is_dir():
        raise StoreError(f"{shown_path(root, folder)} is not a folder")
    # A symlinked annotations/ may point elsewhere in the root, never outside it.
    return _inside(root, folder, Path(root.path).resolve(), "annotation files")


def _inside(root: Root, path: Path, folder: Path, what: str) -> Path:
    """``path`` after resolving symlinks, provided it stays inside ``folder`` (already resolved)."""
    resolved = path.resolve()
    if resolved.parent != folder and folder not in resolved.parents:
        raise StoreError(
            f"refusing to write {what}: {shown_path(root, path)} leads outside the "
            "folder it belongs in"
        )
    return resolved


def _target(root: Root, slug: str) -> Path:
    folder = _annotations_dir(root)
    target = folder / f"{_check_slug(slug)}.yaml"
    shown = f"annotations/{slug}.yaml"
    if target.is_symlink():
        raise StoreError(f"refusing to replace {shown}: it is a symbolic link")
    if target.exists() and not target.is_file():
        raise StoreError(f"refusing to replace {shown}: it is not a regular file")
    return _inside(root, target, folder, "the annotation file")


def _history_dir(root: Root, slug: str) -> tuple[Path, list[Path]]:
    """annotations/.history/<slug>/, and the folders that had to be made for it (to undo on
    failure)."""
    annotations = _annotations_dir(root)
    folder = annotations / HISTORY_DIR / slug
    made = []
    for part in (annotations / HISTORY_DIR, folder):
        if part.is_symlink():
            raise StoreError(
                f"refusing to write history: {shown_path(root, part)} is a symbolic link"
            )
        if not part.exists():
            part.mkdir()
            made.append(part)
    return _inside(root, folder, annotations, "history"), made


def _read_log(path: Path) -> list[str]:
    try:
        return path.read_text(encoding="utf-8", errors="replace").splitlines()
    except FileNotFoundError:
        return []


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


def _history_name(folder: Path) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S.%fZ")
    path, n = folder / f"{stamp}.yaml", 1
    while path.exists():
        path, n = folder / f"{stamp}-{n}.yaml", n + 1
    return path


def _log_bytes(folder: Path, editor: str, digest: str) -> bytes:
    lines = _read_log(folder / LOG_NAME)
    record = {
        "time": datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
        "editor": editor,
        "digest": digest,
    }
    lines = [*lines, json.dumps(record, ensure_ascii=False)][-LOG_KEEP:]
    return ("\n".join(lines) + "\n").encode("utf-8")


def _commit(
    root: Root, slug: str, target: Path, data: bytes, current: bytes | None, keep: int, editor: str
) -> Path | exchange.Raced | None:
    """Write every new file beside its place first, then swap them in: on any failure before the
    swap, nothing changed. Returns the history path of the previous version, or exchange.Raced."""
    temps: list[Path] = []
    folder, made = _history_dir(root, slug)
    done = False
    try:
        exchange.remove_leftovers(folder, ".")
        mode = exchange.mode_of(target)
        new = exchange.write_temp(target.parent, target.name, data, mode)
        temps.append(new)
        version = (
            exchange.write_temp(folder, "version.yaml", current, mode)
            if current is not None and keep > 0
            else None
        )
        temps += [version] if version else []
        log = exchange.write_temp(
            folder, LOG_NAME, _log_bytes(folder, editor, _digest(data) or ""), mode
        )
        temps.append(log)
        raced = exchange.swap_in(new, target, current)
        if raced is not None:
            stray = exchange.read_or_none(new)
            if stray is not None and stray != data:  # a third version came back out: keep it too
                os.replace(new, _history_name(folder))
                made.clear()
            return raced
        try:
            saved_history = None
            if version is not None:
                saved_history = _history_name(folder)
                os.replace(version, saved_history)
            os.replace(log, folder / LOG_NAME)
        except OSError:
            exchange.swap_back(new, target, current)
            raise
        done = True
        exchange.fsync_dir(target.parent)
        exchange.fsync_dir(folder)
        _prune(folder, keep)
        return saved_history
    finally:
        for temp in temps:
            with suppress(FileNotFoundError):
                temp.unlink()
        if not done:  # the history is left as it was: folders made for this save go again
            for part in reversed(made):
                with suppress(OSError):
                    part.rmdir()


def _prune(folder: Path, keep: int) -> None:
    versions = _versions(folder)
    for old in versions[: max(0, len(versions) - keep)]:
        with suppress(FileNotFoundError):
            old.unlink()
