"""Swapping two files atomically: Linux ``renameat2(RENAME_EXCHANGE)`` through ctypes.

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
from functools import cache
from pathlib import Path

__all__ = ["Unsupported", "create", "exchange", "supported"]

RENAME_NOREPLACE = 1 << 0   # linux/fs.h
RENAME_EXCHANGE = 1 << 1
_AT_FDCWD = -100
#: errno values meaning "this system or file system cannot do that", not "that failed".
_UNSUPPORTED = {errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP}


class Unsupported(OSError):
    """renameat2 with these flags is not available here: use the portable fallback."""


@cache
def _renameat2():
    if not sys.platform.startswith("linux"):
        return None
    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2  # glibc >= 2.28, musl >= 1.2.2
    except (AttributeError, OSError):
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
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
    """Rename ``source`` to ``target`` only if ``target`` does not exist (FileExistsError if it does)."""
    _call(source, target, RENAME_NOREPLACE)
