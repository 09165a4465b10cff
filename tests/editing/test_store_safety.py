"""Saves that lose nothing: races with an outside writer, interrupted saves, failing disks.

The outside writer replaces the file the way editors and other sessions do (a temporary file
renamed over it); the store swaps its own file in with renameat2(RENAME_EXCHANGE) and swaps back
when what came out is not what it checked.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import random
import threading
import time
from pathlib import Path

import pytest

from reader.editing import exchange, store
from reader.editing.store import SaveError, history, load_for_edit, save_annotations, save_log
from reader.sources.documents import Root
from tests.conftest import BEES_IN_WINTER, make_root

ORIGINAL = "claims:\n  - id: twenty-kilos\n    quote: about 20 kilos of honey\n"


def version(tag: str) -> str:
    return ORIGINAL + f"# {tag}\n"


@pytest.fixture
def root(tmp_path: Path) -> Root:
    return Root(make_root(tmp_path, {"bees": BEES_IN_WINTER}, {"bees": ORIGINAL}))


def path_of(root: Root) -> Path:
    return root.annotations_path("bees")


def outside_write(path: Path, text: str) -> None:
    """Another program saving the file: a temporary file, then a rename over it."""
    temp = path.with_name(f"outside-{threading.get_ident()}-{time.monotonic_ns()}")
    temp.write_text(text, encoding="utf-8")
    os.replace(temp, path)


def snapshot(root: Root) -> dict[str, bytes]:
    """Every file under annotations/ (history and log included), by relative path."""
    folder = root.path / "annotations"
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def temporary_files(root: Root) -> list[str]:
    return [p.name for p in (root.path / "annotations").rglob("*") if p.name.endswith(".tmp")]


# ---------------------------------------------------------------- the window between check and swap


def test_an_outside_write_between_the_check_and_the_swap_is_kept(root, monkeypatch):
    base = load_for_edit(path_of(root))
    theirs = version("theirs, written at the worst moment")
    real_swap = exchange.swap_in

    def swap_late(temp, target, current):
        outside_write(target, theirs)  # after the conflict check, before the swap
        return real_swap(temp, target, current)

    monkeypatch.setattr(exchange, "swap_in", swap_late)
    result = save_annotations(root, "bees", version("mine"), expected_digest=base.digest)
    assert (
        result.status == "conflict"
        and "while saving" in result.message
        and "their version is kept" in result.message
    )
    assert path_of(root).read_text(encoding="utf-8") == theirs
    assert (
        result.disk_text == theirs and result.digest == hashlib.sha256(theirs.encode()).hexdigest()
    )
    assert history(root, "bees") == [] and save_log(root, "bees") == []
    assert temporary_files(root) == []


def test_the_portable_fallback_also_catches_a_write_before_the_rename(root, monkeypatch):
    monkeypatch.setattr(exchange, "_renameat2", lambda: None)
    base = load_for_edit(path_of(root))
    theirs = version("theirs")
    real_replace = exchange.replace_checked

    def late(temp, target, current):
        outside_write(target, theirs)
        return real_replace(temp, target, current)

    monkeypatch.setattr(exchange, "replace_checked", late)
    result = save_annotations(root, "bees", version("mine"), expected_digest=base.digest)
    assert result.status == "conflict"
    assert path_of(root).read_text(encoding="utf-8") == theirs
    monkeypatch.setattr(exchange, "replace_checked", real_replace)
    assert (
        save_annotations(root, "bees", version("mine"), expected_digest=result.digest).status
        == "saved"
    )
    assert [p.read_text(encoding="utf-8") for p in history(root, "bees")] == [theirs]


def test_a_file_created_between_the_check_and_the_swap_is_kept(tmp_path, monkeypatch):
    root = Root(make_root(tmp_path, {"bees": BEES_IN_WINTER}))
    real_swap = exchange.swap_in

    def swap_late(temp, target, current):
        outside_write(target, version("theirs"))
        return real_swap(temp, target, current)

    monkeypatch.setattr(exchange, "swap_in", swap_late)
    result = save_annotations(root, "bees", version("mine"), expected_digest=None)
    assert result.status == "conflict" and path_of(root).read_text(encoding="utf-8") == version(
        "theirs"
    )
    assert not (root.path / "annotations" / ".history").exists()


def test_saves_raced_by_an_outside_writer_lose_nothing(root):
    """200 rounds: each round a save and an outside write start together. Whatever the timing,
    the outside version ends on disk (it came last, or the save saw it and stepped back), and a
    save that succeeded left the version it replaced in history."""
    generator = random.Random(16)
    outcomes = {"saved": 0, "conflict": 0}
    for round_ in range(200):
        base_text = version(f"base {round_}")
        outside_write(path_of(root), base_text)
        base = load_for_edit(path_of(root))
        theirs, mine = version(f"theirs {round_}"), version(f"mine {round_}")
        delay = generator.uniform(0, 0.004)
        go = threading.Barrier(2)

        def writer(go: threading.Barrier = go, delay: float = delay, theirs: str = theirs) -> None:
            go.wait()
            time.sleep(delay)
            outside_write(path_of(root), theirs)

        thread = threading.Thread(target=writer)
        thread.start()
        go.wait()
        result = save_annotations(root, "bees", mine, expected_digest=base.digest, keep=500)
        thread.join()
        outcomes[result.status] += 1
        on_disk = path_of(root).read_text(encoding="utf-8")
        kept = [p.read_text(encoding="utf-8") for p in history(root, "bees")]
        if result.status == "saved":
            # Ours was saved first; the outside write then replaced it (as any later write does).
            assert on_disk == theirs, f"round {round_}: the outside version was lost"
            assert kept[-1] == base_text, f"round {round_}: the replaced version is not in history"
        else:
            assert result.status == "conflict", result.message
            assert on_disk == theirs, f"round {round_}: the outside version was lost"
    assert outcomes["saved"] + outcomes["conflict"] == 200
    assert outcomes["conflict"] > 0  # the outside writer did win some races
    assert temporary_files(root) == []


# --------------------------------------------------------------------------- leftovers and limits


def test_temporary_files_of_an_interrupted_save_go_with_the_next_save(root):
    folder = root.path / "annotations"
    (folder / ".history" / "bees").mkdir(parents=True)
    crumbs = [
        folder / ".bees.yaml.k3j2l1.tmp",
        folder / ".history" / "bees" / ".version.yaml.x9.tmp",
        folder / ".history" / "bees" / ".log.jsonl.q1.tmp",
    ]
    for crumb in crumbs:
        crumb.write_text("half a save")
    unrelated = folder / ".other.yaml.abc.tmp"  # another document's save may be running
    unrelated.write_text("not ours")
    base = load_for_edit(path_of(root))
    assert (
        save_annotations(root, "bees", version("next"), expected_digest=base.digest).status
        == "saved"
    )
    assert not any(crumb.exists() for crumb in crumbs)
    assert unrelated.exists()


def test_history_never_exceeds_its_limit_even_when_the_limit_shrinks(root):
    for i in range(6):
        base = load_for_edit(path_of(root))
        save_annotations(root, "bees", version(str(i)), expected_digest=base.digest, keep=5)
    assert len(history(root, "bees")) == 5
    base = load_for_edit(path_of(root))
    save_annotations(root, "bees", version("last"), expected_digest=base.digest, keep=2)
    assert [p.read_text(encoding="utf-8") for p in history(root, "bees")] == [
        version("4"),
        version("5"),
    ]


def test_each_save_is_logged_with_time_editor_and_digest(root):
    for i, editor in enumerate(["ana@example.org", None]):
        base = load_for_edit(path_of(root))
        save_annotations(root, "bees", version(str(i)), expected_digest=base.digest, editor=editor)
    records = save_log(root, "bees")
    assert [r.editor for r in records] == ["anonymous", "ana@example.org"]  # newest first
    assert records[0].digest == hashlib.sha256(version("1").encode()).hexdigest()
    assert records[0].time.endswith("Z") and records[0].time >= records[1].time
    lines = (root.path / "annotations" / ".history" / "bees" / "log.jsonl").read_text().splitlines()
    assert [json.loads(line)["editor"] for line in lines] == ["ana@example.org", "anonymous"]


def test_the_log_keeps_only_the_newest_entries(root, monkeypatch):
    monkeypatch.setattr(store, "LOG_KEEP", 3)
    for i in range(5):
        base = load_for_edit(path_of(root))
        save_annotations(
            root, "bees", version(str(i)), expected_digest=base.digest, editor=f"e{i}@x.org"
        )
    assert [r.editor for r in save_log(root, "bees")] == ["e4@x.org", "e3@x.org", "e2@x.org"]


def test_a_damaged_log_line_is_skipped(root):
    base = load_for_edit(path_of(root))
    save_annotations(
        root, "bees", version("1"), expected_digest=base.digest, editor="ana@example.org"
    )
    log = root.path / "annotations" / ".history" / "bees" / "log.jsonl"
    log.write_text("not json\n" + log.read_text())
    assert [r.editor for r in save_log(root, "bees")] == ["ana@example.org"]


# --------------------------------------------------------------------------- a disk that refuses


def _fail_with(code: int):
    def fail(*args, **kwargs):
        raise OSError(code, os.strerror(code))

    return fail


def test_a_full_disk_raises_a_plain_error_and_changes_nothing(root, monkeypatch):
    base = load_for_edit(path_of(root))
    save_annotations(root, "bees", version("kept in history"), expected_digest=base.digest)
    before = snapshot(root)
    base = load_for_edit(path_of(root))
    monkeypatch.setattr(store.os, "write", _fail_with(errno.ENOSPC))
    with pytest.raises(SaveError) as caught:
        save_annotations(root, "bees", version("mine"), expected_digest=base.digest)
    monkeypatch.undo()
    message = str(caught.value)
    assert (
        message
        == "could not save annotations/bees.yaml: the disk is full (no space left on device). "
        "The file and its history are unchanged."
    )
    assert str(root.path) not in message
    assert caught.value.cause.errno == errno.ENOSPC and caught.value.path == "annotations/bees.yaml"
    assert snapshot(root) == before
    assert temporary_files(root) == []


def test_a_full_disk_on_the_first_save_leaves_no_history_folder(root, monkeypatch):
    base = load_for_edit(path_of(root))
    monkeypatch.setattr(store.os, "write", _fail_with(errno.ENOSPC))
    with pytest.raises(SaveError, match="disk is full"):
        save_annotations(root, "bees", version("mine"), expected_digest=base.digest)
    monkeypatch.undo()
    assert snapshot(root) == {"bees.yaml": ORIGINAL.encode()}


def test_a_read_only_folder_raises_a_plain_error_and_changes_nothing(root, monkeypatch):
    base = load_for_edit(path_of(root))
    save_annotations(root, "bees", version("kept in history"), expected_digest=base.digest)
    before = snapshot(root)
    base = load_for_edit(path_of(root))
    real_open = os.open

    def read_only_open(path, flags, *args, **kwargs):
        if flags & os.O_CREAT:  # a read-only file system refuses to create anything
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), path)
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(store.os, "open", read_only_open)
    with pytest.raises(SaveError) as caught:
        save_annotations(root, "bees", version("mine"), expected_digest=base.digest)
    monkeypatch.undo()
    assert str(caught.value) == (
        "could not save annotations/bees.yaml: the folder is on a read-only file system. "
        "The file and its history are unchanged."
    )
    assert snapshot(root) == before


def test_a_failure_after_the_swap_puts_the_previous_version_back(root, monkeypatch):
    base = load_for_edit(path_of(root))
    save_annotations(root, "bees", version("1"), expected_digest=base.digest)
    before = snapshot(root)
    base = load_for_edit(path_of(root))
    real_replace = os.replace

    def fail_on_history(src, dst):
        if ".history" in str(dst):
            raise OSError(errno.EIO, os.strerror(errno.EIO))
        return real_replace(src, dst)

    monkeypatch.setattr(store.os, "replace", fail_on_history)
    with pytest.raises(SaveError, match="input/output error"):
        save_annotations(root, "bees", version("2"), expected_digest=base.digest)
    monkeypatch.undo()
    assert snapshot(root) == before
    assert temporary_files(root) == []
