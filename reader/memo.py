"""A process-wide cache bounded by size, where a new version of a thing replaces the old one.

Streamlit's caches are bounded by a count of entries, which for files of up to 10 MB and the
readings built from them means gigabytes: every outside edit of a book added a version that
stayed until 8 (or 64) others pushed it out. Here each entry belongs to a *slot* (one file, one
document) and holds one version (its key): storing a new version drops the slot's old one at
once. Entries also carry a size estimate, and the least recently used go when the total passes
the budget. A value being built is built once: other threads asking for the same slot and
version wait for it instead of building it too.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Generic, TypeVar

__all__ = ["SizedCache"]

T = TypeVar("T")


@dataclass
class _Entry(Generic[T]):
    key: Hashable
    value: T
    size: int


class SizedCache(Generic[T]):
    """``get(slot, key, build, size)``: the value for ``key`` in ``slot``, built when missing."""

    def __init__(self, max_bytes: int, *, name: str = "cache") -> None:
        self.max_bytes = max_bytes
        self.name = name
        self._entries: OrderedDict[Hashable, _Entry[T]] = OrderedDict()
        self._lock = threading.Lock()
        self._building: dict[tuple[Hashable, Hashable], threading.Event] = {}

    @property
    def total_bytes(self) -> int:
        with self._lock:
            return sum(entry.size for entry in self._entries.values())

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)

    def peek(self, slot: Hashable, key: Hashable) -> T | None:
        with self._lock:
            entry = self._entries.get(slot)
            return entry.value if entry is not None and entry.key == key else None

    def get(
        self, slot: Hashable, key: Hashable, build: Callable[[], T], size: Callable[[T], int]
    ) -> T:
        while True:
            with self._lock:
                entry = self._entries.get(slot)
                if entry is not None and entry.key == key:
                    self._entries.move_to_end(slot)
                    return entry.value
                if entry is not None:  # an older version: it goes now, not when the budget is full
                    del self._entries[slot]
                    # ...and this reference too: kept through build() it held the old version (and
                    # all it refers to) alive beside the new one, so every rebuild peaked at two.
                    entry = None
                waiting = self._building.get((slot, key))
                if waiting is None:
                    self._building[(slot, key)] = threading.Event()
                    break
            waiting.wait()
        try:
            value = build()
        except BaseException:
            with self._lock:
                self._building.pop((slot, key)).set()
            raise
        with self._lock:
            self._entries[slot] = _Entry(key, value, max(0, size(value)))  # the last one built wins
            self._entries.move_to_end(slot)
            self._evict()
            self._building.pop((slot, key)).set()
        return value

    def discard(self, slot: Hashable) -> None:
        with self._lock:
            self._entries.pop(slot, None)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def _evict(self) -> None:
        total = sum(entry.size for entry in self._entries.values())
        while (
            total > self.max_bytes and len(self._entries) > 1
        ):  # the newest stays, whatever its size
            _, entry = self._entries.popitem(last=False)
            total -= entry.size
