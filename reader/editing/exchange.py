"""Putting a new file in place without losing anyone's version: Linux ``renameat2(RENAME_EXCHANGE)``
through ctypes, and the temporary files, checks and swaps a save is made of.

A save that checks the file and then renames over it leaves a window in which an outside writer's
version can be replaced unseen. Exchanging the new file with the old one instead keeps what was
swapped out under the temporary name, so the caller can compare it with what the editor loaded
and swap back when someone wrote in between. ``RENAME_NOREPLACE`` creates a file only if it
still does not exist.

Elsewhere (other systems, or file systems that refuse the flags, such as some network mounts)
:func:`exchange` and :func:`create` raise :class:`Unsupported`, and the store falls back to a
check of the file just before ``os.replace``, which narrows the window but cannot close it.
"""

from __future__ import annotations

import ctypes
import errno
import os
import sys
import tempfile
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass
from functools import cache
from pathlib import Path

__all__ = [
    "TEMP_SUFFIX",
    "Raced",
    "Unsupported",
    "create",
    "exchange",
    "fsync_dir",
    "mode_of",
    "read_or_none",
    "remove_leftovers",
    "replace_checked",
    "supported",
    "swap_back",
    "swap_in",
    "write_temp",
]

RENAME_NOREPLACE = 1 << 0  # linux/fs.h
RENAME_EXCHANGE = 1 << 1
_AT_FDCWD = -100
TEMP_SUFFIX = ".tmp"  # temporary files of a save: .<name>.<random>.tmp
#: errno values meaning "this system or file system cannot do that", not "that failed".
_UNSUPPORTED = {errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP}


class Unsupported(OSError):
    """renameat2 with these flags is not available here: use the portable fallback."""


@cache
def _renameat2() -> Callable[..., int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2  # glibc >= 2.28, musl >= 1.2.2
    except (AttributeError, OSError):
        return None
    function.argtypes = [
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_uint,
    ]
    function.restype = ctypes.c_int
    return function


def supported() -> bool:
    """True when the C library has renameat2 (the file system may still refuse: see Unsupported)."""
    return _renameat2() is not None


def _call(old: Path | str, new: Path | str, flags: int) -> None:
    function = _renameat2()
    if function is None:
        raise Unsupported(errno.ENOSYS, "renameat2 is not available on this system")
    if function(_AT_FDCWD, os.fsencode(old), _AT_FDCWD, os.fsencode(new), flags) == 0:
        return
    code = ctypes.get_errno()
    if code in _UNSUPPORTED:
        raise Unsupported(code, f"renameat2 flags {flags} refused: {os.strerror(code)}")
    raise OSError(code, os.strerror(code), os.fspath(new))


def exchange(first: Path | str, second: Path | str) -> None:
    """Swap two existing paths in one step: each name then holds what the other held."""
    _call(first, second, RENAME_EXCHANGE)


def create(source: Path | str, target: Path | str) -> None:
    """Rename ``source`` to ``target`` only if ``target`` does not exist (FileExistsError if it
    does)."""
    _call(source, target, RENAME_NOREPLACE)


# --------------------------------------------------------------------------- a save's steps


@dataclass(frozen=True)
class Raced:
    """Someone wrote the file between the check and the swap: what is on disk now (theirs)."""

    disk: bytes | None


def read_or_none(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


def fsync_dir(folder: Path) -> None:
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


def mode_of(path: Path) -> int:
    try:
        return path.stat().st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def remove_leftovers(folder: Path, prefix: str) -> None:
    """Temporary files of saves that were interrupted (the lock is held: no save is running)."""
    with suppress(OSError):
        for path in folder.iterdir():
            if path.name.startswith(prefix) and path.name.endswith(TEMP_SUFFIX) and path.is_file():
                with suppress(OSError):
                    path.unlink()


def write_temp(folder: Path, name: str, data: bytes, mode: int) -> Path:
    """``data`` in a new temporary file beside ``name``, written through and fsynced."""
    fd, temp = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=TEMP_SUFFIX)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        os.fsync(fd)
        os.fchmod(fd, mode)
    except BaseException:
        os.close(fd)
        with suppress(OSError):
            os.unlink(temp)
        raise
    os.close(fd)
    return Path(temp)


def swap_in(temp: Path, target: Path, current: bytes | None) -> Raced | None:
    """Put ``temp`` at ``target`` if ``target`` still holds ``current``; else leave theirs there and
    say so. Afterwards ``temp`` holds whatever is not on disk (deleted or kept by the caller)."""
    # Why swap, not rename over: a writer between our check and a rename would lose their version
    # unseen (tests/editing/test_store_safety.py races one); the fallback only narrows that window.
    try:
        if current is None:
            create(temp, target)
        else:
            exchange(temp, target)
    except FileExistsError:  # created by someone else since the check
        return Raced(read_or_none(target))
    except FileNotFoundError:  # deleted by someone else since the check
        return Raced(None)
    except Unsupported:  # not Linux, or a file system that refuses the flags (some network mounts)
        return replace_checked(temp, target, current)
    if current is None:
        return None
    swapped_out = read_or_none(temp)
    if swapped_out == current:
        return None
    exchange(temp, target)  # someone wrote in between: theirs goes back in place
    return Raced(swapped_out)


def swap_back(temp: Path, target: Path, current: bytes | None) -> None:
    """Undo swap_in after a later step failed: the previous version returns to its place."""
    if current is None:
        with suppress(OSError):
            os.unlink(target)
        return
    try:
        exchange(temp, target)
    except Unsupported:
        os.replace(write_temp(target.parent, target.name, current, mode_of(target)), target)


def replace_checked(temp: Path, target: Path, current: bytes | None) -> Raced | None:
    """The portable path: look once more, then rename over (a window of microseconds remains)."""
    now = read_or_none(target)
    if now != current:
        return Raced(now)
    os.replace(temp, target)
    return None
