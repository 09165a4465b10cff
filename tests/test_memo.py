"""The size-bounded cache: a new version replaces the old one at once; the budget evicts the
oldest."""

from __future__ import annotations

import gc
import threading
import time
import weakref

import pytest

from reader.memo import SizedCache


def test_a_new_version_replaces_the_old_one_of_its_slot() -> None:
    cache: SizedCache[str] = SizedCache(1_000)
    assert cache.get("doc", 1, lambda: "v1", len) == "v1"
    assert cache.get("doc", 2, lambda: "v2", len) == "v2"
    assert len(cache) == 1 and cache.peek("doc", 1) is None and cache.peek("doc", 2) == "v2"


class _Version:
    """A cached value that can be watched with a weak reference (str and bytes cannot)."""


def test_the_old_version_is_released_before_the_new_one_is_built() -> None:
    # Held until the build returned, the old version and the new one were both alive at the peak
    # of every rebuild: the soak benchmark's memory stayed at that peak (1.55x one version).
    cache: SizedCache[_Version] = SizedCache(1_000)
    old = weakref.ref(cache.get("doc", 1, _Version, lambda _: 1))
    gc.disable()  # only references count: a collection must not hide a leftover one
    try:
        alive_during_build = []
        cache.get(
            "doc",
            2,
            lambda: alive_during_build.append(old() is not None) or _Version(),
            lambda _: 1,
        )
    finally:
        gc.enable()
    assert alive_during_build == [False]


def test_a_hit_does_not_build_again() -> None:
    cache: SizedCache[str] = SizedCache(1_000)
    calls = []
    for _ in range(3):
        cache.get("doc", 1, lambda: calls.append(1) or "v", len)
    assert calls == [1]


def test_the_budget_evicts_the_least_recently_used() -> None:
    cache: SizedCache[bytes] = SizedCache(250)
    for name in "abc":
        cache.get(name, 1, lambda: b"x" * 100, len)
    assert (
        cache.peek("a", 1) is None
        and cache.peek("b", 1) is not None
        and cache.peek("c", 1) is not None
    )
    cache.get("b", 1, lambda: b"never", len)  # a hit makes b the most recent
    cache.get("d", 1, lambda: b"y" * 100, len)
    assert (
        cache.peek("c", 1) is None and cache.peek("b", 1) is not None and cache.total_bytes == 200
    )


def test_the_newest_entry_stays_even_when_it_alone_is_over_budget() -> None:
    cache: SizedCache[bytes] = SizedCache(10)
    cache.get("a", 1, lambda: b"x" * 5, len)
    cache.get("big", 1, lambda: b"x" * 100, len)
    assert len(cache) == 1 and cache.peek("big", 1) is not None


def test_concurrent_requests_build_once() -> None:
    cache: SizedCache[str] = SizedCache(1_000)
    calls = []

    def build() -> str:
        calls.append(1)
        time.sleep(0.2)
        return "v"

    threads = [threading.Thread(target=cache.get, args=("doc", 1, build, len)) for _ in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert calls == [1]


def test_a_failed_build_is_not_cached() -> None:
    cache: SizedCache[str] = SizedCache(1_000)

    def fail() -> str:
        raise ValueError("no")

    with pytest.raises(ValueError, match="no"):
        cache.get("doc", 1, fail, len)
    assert cache.get("doc", 1, lambda: "ok", len) == "ok"
