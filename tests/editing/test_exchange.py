"""renameat2 through ctypes: exchange two files, create one only if it is absent."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from reader.editing import exchange


def test_renameat2_is_available_on_linux() -> None:
    assert sys.platform.startswith("linux")  # the machine the tests run on
    assert exchange.supported()


def test_exchange_swaps_contents_and_inodes(tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    first.write_text("one")
    second.write_text("two")
    inode_a, inode_b = first.stat().st_ino, second.stat().st_ino
    exchange.exchange(first, second)
    assert (first.read_text(), second.read_text()) == ("two", "one")
    assert (first.stat().st_ino, second.stat().st_ino) == (inode_b, inode_a)


def test_exchange_with_a_missing_path_raises(tmp_path: Path) -> None:
    (tmp_path / "a").write_text("one")
    with pytest.raises(FileNotFoundError):
        exchange.exchange(tmp_path / "a", tmp_path / "missing")
    assert (tmp_path / "a").read_text() == "one"


def test_create_refuses_to_replace(tmp_path: Path) -> None:
    source, target = tmp_path / "new", tmp_path / "target"
    source.write_text("mine")
    target.write_text("theirs")
    with pytest.raises(FileExistsError):
        exchange.create(source, target)
    assert target.read_text() == "theirs" and source.read_text() == "mine"
    target.unlink()
    exchange.create(source, target)
    assert target.read_text() == "mine" and not source.exists()


def test_unsupported_when_the_c_library_has_no_renameat2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(exchange, "_renameat2", lambda: None)
    (tmp_path / "a").write_text("one")
    (tmp_path / "b").write_text("two")
    assert not exchange.supported()
    with pytest.raises(exchange.Unsupported):
        exchange.exchange(tmp_path / "a", tmp_path / "b")
    assert (tmp_path / "a").read_text() == "one"
