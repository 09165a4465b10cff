"""Saving annotation files: exact bytes, atomic writes, bounded history, conflicts, refusals."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from reader.editing import store
from reader.editing.store import (
    EditBase,
    ReadOnlyError,
    StoreError,
    history,
    load_for_edit,
    match_newlines,
    save_annotations,
)
from reader.editing.validation import validate_annotations
from reader.settings import Settings
from reader.sources.documents import Root
from tests.conftest import BEES_IN_WINTER, make_root

ARTICLE = BEES_IN_WINTER

ORIGINAL = """\
# Curated by hand: keep this comment.
claims:
  - id: twenty-kilos
    quote: about 20 kilos of honey   # the figure is from the beekeepers' survey
    status: supported
"""

EDITED = """\
# Curated by hand: keep this comment.
claims:
  - id: twenty-kilos
    quote: about 20 kilos of honey   # the figure is from the beekeepers' survey
    status: approximate
    # trailing spaces above and this new comment must survive
  - {id: shivers, quote: The cluster shivers}


"""

BROKEN = """\
claims:
  - id: twenty-kilos
    quote: about 20 kilos of honey
    statuss: supported
"""


@pytest.fixture
def root(tmp_path: Path) -> Root:
    return Root(make_root(tmp_path, {"bees": ARTICLE}, {"bees": ORIGINAL}))


def path_of(root: Root) -> Path:
    return root.annotations_path("bees")


def save(root: Root, text: str, base: EditBase | None = None, **options) -> store.SaveResult:
    base = base or load_for_edit(path_of(root))
    return save_annotations(root, "bees", text, expected_digest=base.digest, **options)


# --------------------------------------------------------------------------- saving exactly


def test_a_valid_edit_is_saved_byte_for_byte(root):
    result = save(root, EDITED)
    assert result.status == "saved" and result.ok
    assert path_of(root).read_bytes() == EDITED.encode("utf-8")
    assert result.digest == load_for_edit(path_of(root)).digest


def test_non_ascii_text_and_no_final_newline_are_kept(root):
    text = (
        ORIGINAL
        + "  - id: cafe\n    quote: “keep warm”?\n".replace("“keep warm”?", "keep warm")
        + "# Ünïcode — “quotes” ✓"
    )
    assert save(root, text).status == "saved"
    assert path_of(root).read_bytes() == text.encode("utf-8")


def test_crlf_text_is_written_as_given(root):
    text = ORIGINAL.replace("\n", "\r\n")
    assert save(root, text).status == "saved"
    assert path_of(root).read_bytes() == text.encode("utf-8")


def test_match_newlines_restores_a_crlf_file_after_a_browser_edit(root):
    path_of(root).write_bytes(ORIGINAL.replace("\n", "\r\n").encode())
    base = load_for_edit(path_of(root))
    assert base.newline == "\r\n"
    from_browser = EDITED  # a text area hands back "\n"
    assert match_newlines(from_browser, base) == EDITED.replace("\n", "\r\n")
    assert match_newlines("a\r\nb", base) == "a\r\nb"
    lf = load_for_edit(root.annotations_path("bees").with_name("missing.yaml"))
    assert lf.newline == "\n" and match_newlines(EDITED, lf) == EDITED


def test_saving_the_same_text_writes_nothing(root):
    before = path_of(root).stat().st_mtime_ns
    result = save(root, ORIGINAL)
    assert result.status == "unchanged" and result.ok
    assert path_of(root).stat().st_mtime_ns == before
    assert history(root, "bees") == []


def test_a_new_file_is_created_when_none_existed(tmp_path):
    root = Root(make_root(tmp_path, {"bees": ARTICLE}))
    base = load_for_edit(root.annotations_path("bees"))
    assert base.digest is None and base.text == "" and not base.exists
    result = save_annotations(root, "bees", EDITED, expected_digest=None)
    assert result.status == "saved" and result.history_path is None
    assert root.annotations_path("bees").read_bytes() == EDITED.encode()
    assert oct(root.annotations_path("bees").stat().st_mode & 0o777) != oct(
        0o600
    )  # not mkstemp's private mode


def test_the_file_keeps_its_permissions(root):
    os.chmod(path_of(root), 0o640)
    save(root, EDITED)
    assert path_of(root).stat().st_mode & 0o777 == 0o640


# --------------------------------------------------------------------------- invalid text


def test_invalid_text_is_refused_and_the_file_is_unchanged(root):
    result = save(root, BROKEN)
    assert result.status == "invalid" and not result.ok
    assert [(p.line, p.column) for p in result.problems if p.is_error] == [(4, 5)]
    assert "statuss" in result.problems[0].message
    assert path_of(root).read_bytes() == ORIGINAL.encode()
    assert history(root, "bees") == []


def test_yaml_syntax_errors_are_refused(root):
    result = save(root, "claims:\n  - id: x\n   quote: [unclosed\n")
    assert result.status == "invalid" and result.problems[0].line >= 2
    assert path_of(root).read_bytes() == ORIGINAL.encode()


def test_a_quote_that_does_not_anchor_in_the_article_is_an_error(root):
    text = "claims:\n  - id: bees\n    quote: nothing like this is in the article at all\n"
    result = save(root, text)
    assert result.status == "invalid"
    assert "orphan" in result.problems[0].message and (
        result.problems[0].line,
        result.problems[0].column,
    ) == (3, 12)
    assert path_of(root).read_bytes() == ORIGINAL.encode()


def test_warnings_do_not_stop_a_save(root):
    text = ORIGINAL + "notes:\n  - {id: lonely, title: Lonely, body: Attached to nothing.}\n"
    problems = validate_annotations(root, "bees", text)
    assert problems and not any(p.is_error for p in problems)
    assert save(root, text).status == "saved"


def test_replacement_characters_from_undecodable_bytes_are_errors(root):
    path_of(root).write_bytes(ORIGINAL.encode() + b"# caf\xe9\n")
    base = load_for_edit(path_of(root))
    assert "\ufffd" in base.text
    result = save(root, base.text + "\n", base)
    assert result.status == "invalid" and (result.problems[0].line, result.problems[0].column) == (
        6,
        6,
    )
    assert path_of(root).read_bytes() == ORIGINAL.encode() + b"# caf\xe9\n"


# --------------------------------------------------------------------------- conflicts


def test_a_change_on_disk_since_loading_is_a_conflict_and_both_texts_survive(root):
    base = load_for_edit(path_of(root))
    external = ORIGINAL + "# added in another editor\n"
    path_of(root).write_text(external, encoding="utf-8")
    result = save(root, EDITED, base)
    assert result.status == "conflict" and not result.ok
    assert path_of(root).read_text(encoding="utf-8") == external
    assert result.disk_text == external
    assert (
        "-# added in another editor" in result.diff
        and "+  - {id: shivers, quote: The cluster shivers}" in result.diff
    )
    assert result.diff.startswith("--- on disk\n+++ your text\n")
    assert "changed on disk" in result.message


def test_after_a_conflict_the_curator_may_overwrite_with_the_digest_they_saw(root):
    base = load_for_edit(path_of(root))
    path_of(root).write_text(ORIGINAL + "# external\n", encoding="utf-8")
    conflict = save(root, EDITED, base)
    result = save_annotations(root, "bees", EDITED, expected_digest=conflict.digest)
    assert result.status == "saved"
    assert path_of(root).read_bytes() == EDITED.encode()
    assert history(root, "bees")[-1].read_text(encoding="utf-8") == ORIGINAL + "# external\n"


def test_overwrite_saves_over_a_changed_file(root):
    base = load_for_edit(path_of(root))
    path_of(root).write_text(ORIGINAL + "# external\n", encoding="utf-8")
    assert save(root, EDITED, base, overwrite=True).status == "saved"
    assert path_of(root).read_bytes() == EDITED.encode()


def test_a_file_deleted_or_created_since_loading_is_a_conflict(root, tmp_path):
    base = load_for_edit(path_of(root))
    path_of(root).unlink()
    result = save(root, EDITED, base)
    assert result.status == "conflict" and result.disk_text is None and "deleted" in result.message
    assert not path_of(root).exists()

    fresh = Root(make_root(tmp_path / "other", {"bees": ARTICLE}))
    empty = load_for_edit(fresh.annotations_path("bees"))
    fresh.annotations_path("bees").write_text(ORIGINAL, encoding="utf-8")
    result = save_annotations(fresh, "bees", EDITED, expected_digest=empty.digest)
    assert result.status == "conflict" and "created" in result.message
    assert fresh.annotations_path("bees").read_text(encoding="utf-8") == ORIGINAL


# ------------------------------------------------------------------------ atomic writes and history


def test_a_failed_rename_leaves_the_original_intact_and_no_temporary_file(root, monkeypatch):
    def fail(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(store.os, "replace", fail)
    monkeypatch.setattr(store.exchange, "_renameat2", lambda: None)  # the portable path renames
    with pytest.raises(store.SaveError, match="disk is full"):
        save(root, EDITED)
    assert path_of(root).read_bytes() == ORIGINAL.encode()
    leftovers = [p.name for p in path_of(root).parent.rglob("*") if p.name.endswith(".tmp")]
    assert leftovers == []
    assert history(root, "bees") == []


def test_every_file_is_fsynced_before_it_is_swapped_in(root, monkeypatch):
    calls: list[str] = []
    real_fsync, real_exchange, real_replace = os.fsync, store.exchange.exchange, os.replace
    monkeypatch.setattr(store.os, "fsync", lambda fd: (calls.append("fsync"), real_fsync(fd))[1])
    monkeypatch.setattr(
        store.exchange, "exchange", lambda a, b: (calls.append("exchange"), real_exchange(a, b))[1]
    )
    monkeypatch.setattr(
        store.os, "replace", lambda a, b: (calls.append("replace"), real_replace(a, b))[1]
    )
    save(root, EDITED)
    # the new file, the previous version and the log are written and fsynced; then the file is
    # swapped in, the history copy and the log renamed into place, and both folders fsynced
    assert calls == ["fsync", "fsync", "fsync", "exchange", "replace", "replace", "fsync", "fsync"]


def test_the_previous_version_goes_to_history(root):
    result = save(root, EDITED)
    [kept] = history(root, "bees")
    assert kept == result.history_path
    assert kept.parent == root.path / "annotations" / ".history" / "bees"
    assert kept.read_bytes() == ORIGINAL.encode()


def test_history_keeps_only_the_newest_versions(root):
    texts = [ORIGINAL + f"# version {i}\n" for i in range(7)]
    for text in texts:
        assert save(root, text, keep=3).status == "saved"
    kept = history(root, "bees")
    assert [p.read_text(encoding="utf-8") for p in kept] == texts[
        3:6
    ]  # the newest previous versions, oldest first
    assert path_of(root).read_text(encoding="utf-8") == texts[6]


def test_the_history_bound_comes_from_the_settings(root):
    settings = Settings.from_env({"READER_HISTORY_KEEP": "2"})
    for i in range(4):
        assert save(root, ORIGINAL + f"# {i}\n", settings=settings).status == "saved"
    assert len(history(root, "bees")) == 2


def test_history_leaves_other_files_alone(root):
    folder = root.path / "annotations" / ".history" / "bees"
    folder.mkdir(parents=True)
    (folder / "README").write_text("mine")
    for i in range(3):
        save(root, ORIGINAL + f"# {i}\n", keep=1)
    assert (folder / "README").read_text() == "mine"
    assert len(history(root, "bees")) == 1


# ------------------------------------------------------------------------ confinement and read-only


@pytest.mark.parametrize(
    "slug", ["../bees", "Bees", "bees/../../x", "", ".history", "-bees", "bees.yaml", "/tmp/x"]
)
def test_bad_slugs_are_refused(root, slug):
    with pytest.raises(StoreError, match="not a document name"):
        save_annotations(root, slug, EDITED, expected_digest=None)


def test_a_symlinked_annotation_file_is_not_replaced(root, tmp_path):
    outside = tmp_path / "outside.yaml"
    outside.write_text(ORIGINAL, encoding="utf-8")
    path_of(root).unlink()
    path_of(root).symlink_to(outside)
    with pytest.raises(StoreError, match="symbolic link"):
        save_annotations(root, "bees", EDITED, expected_digest=load_for_edit(path_of(root)).digest)
    assert outside.read_text(encoding="utf-8") == ORIGINAL


def test_a_symlinked_history_folder_is_refused(root, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (root.path / "annotations" / ".history").symlink_to(elsewhere)
    with pytest.raises(StoreError, match="history"):
        save(root, EDITED)
    assert list(elsewhere.iterdir()) == []
    assert path_of(root).read_bytes() == ORIGINAL.encode()


def test_read_only_mode_refuses_every_save(root):
    with pytest.raises(ReadOnlyError):
        save(root, EDITED, settings=Settings(read_only=True))
    assert path_of(root).read_bytes() == ORIGINAL.encode()
    assert not (root.path / "annotations" / ".history").exists()
