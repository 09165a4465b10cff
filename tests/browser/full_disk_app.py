"""A test page: the whole reader on a disk that is full (every write of a save fails with
ENOSPC)."""

import errno
import os
import runpy
import sys
import types
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(PROJECT))

from reader.editing import exchange  # noqa: E402 - after the path is set


class FullDisk(types.ModuleType):
    """The os module as a save's file steps see it, with a disk that has no room left."""

    def __getattr__(self, name: str):
        return getattr(os, name)

    @staticmethod
    def write(fd: int, data: bytes) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


exchange.os = FullDisk("os")
runpy.run_path(str(PROJECT / "reader" / "app" / "main.py"), run_name="__main__")
