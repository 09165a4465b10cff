"""Safe defaults: loopback binding, XSRF on, no usage stats, read-only mode, writes confined to
annotations/.

Complements tests/editing/test_store.py (which covers bad slugs, a symlinked annotation file and a
symlinked history folder) with the attacks that come through the root's layout itself.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from reader.editing.store import ReadOnlyError, StoreError, load_for_edit, save_annotations
from reader.settings import Settings
from reader.sources.documents import Root
from reader.sources.yamlsource import MAX_FILE_BYTES
from tests.conftest import PROJECT, make_root

pytestmark = pytest.mark.timeout(60)

ARTICLE = "---\ntitle: Bees\n---\nHoney bees cluster to keep warm.\n"
VALID = "claims:\n  - id: cluster\n    quote: bees cluster\n"


# -------------------------------------------------------------------------- Streamlit configuration


@pytest.fixture(scope="module")
def config() -> dict:
    return tomllib.loads((PROJECT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))


def test_the_server_listens_on_loopback_only_by_default(config: dict) -> None:
    assert config["server"]["address"] == "127.0.0.1"


def test_xsrf_protection_is_on_and_cors_is_not_opened(config: dict) -> None:
    assert config["server"]["enableXsrfProtection"] is True
    # Turning CORS off would be needed to turn XSRF off; neither may happen in the shipped config.
    assert config["server"].get("enableCORS", True) is True


def test_no_usage_statistics_leave_the_machine(config: dict) -> None:
    assert config["browser"]["gatherUsageStats"] is False


def test_the_server_runs_headless_and_does_not_reload_on_save(config: dict) -> None:
    assert config["server"]["headless"] is True
    assert config["server"].get("runOnSave", False) is False


def test_no_config_option_widens_what_the_server_serves(config: dict) -> None:
    server = config["server"]
    assert server.get("enableStaticServing", False) is False  # nothing under ./static is published
    assert server.get("maxUploadSize", 200) <= 200
    assert "cookieSecret" not in server  # a secret never lives in the repository


def test_the_makefile_binds_to_loopback_unless_told_otherwise() -> None:
    makefile = (PROJECT / "Makefile").read_text(encoding="utf-8")
    assert "HOST     ?= 127.0.0.1" in makefile
    assert "--server.address $(HOST)" in makefile


def test_the_file_size_cap_is_ten_megabytes() -> None:
    assert MAX_FILE_BYTES == 10 * 1024 * 1024


# --------------------------------------------------------------------------- read-only mode


@pytest.fixture
def root(tmp_path: Path) -> Root:
    return Root(make_root(tmp_path / "root", {"bees": ARTICLE}, {"bees": VALID}))


def test_read_only_refuses_a_new_file_and_creates_nothing(tmp_path: Path) -> None:
    root = Root(tmp_path / "root")
    (root.path / "article").mkdir(parents=True)
    (root.path / "article" / "bees.md").write_text(ARTICLE, encoding="utf-8")
    with pytest.raises(ReadOnlyError):
        save_annotations(
            root, "bees", VALID, expected_digest=None, settings=Settings(read_only=True)
        )
    assert not (root.path / "annotations").exists()


def test_read_only_is_checked_before_the_slug(root: Root) -> None:
    with pytest.raises(ReadOnlyError):
        save_annotations(
            root,
            "../../escape",
            VALID,
            expected_digest=None,
            settings=Settings.from_env({"READER_READ_ONLY": " TRUE "}),
        )
    assert not (root.path.parent / "escape.yaml").exists()


# --------------------------------------------------------------------------- confinement


@pytest.mark.parametrize(
    "slug",
    [
        "bees\n",
        "bees\x00",
        "..",
        ".",
        "bees/",
        "b\\ees",
        "bées",
        "bees ",
        "BEES",
        "a" * 0,
        "annotations/bees",
        "~/bees",
        "C:bees",
    ],
)
def test_slugs_that_are_not_document_names_are_refused(root: Root, slug: str) -> None:
    before = sorted(p.name for p in (root.path / "annotations").iterdir())
    with pytest.raises(StoreError):
        save_annotations(root, slug, VALID, expected_digest=None)
    assert sorted(p.name for p in (root.path / "annotations").iterdir()) == before


def test_non_string_slugs_are_refused(root: Root) -> None:
    for slug in (None, 3, Path("bees"), b"bees"):
        with pytest.raises(StoreError):
            save_annotations(root, slug, VALID, expected_digest=None)  # type: ignore[arg-type]


def test_an_annotations_folder_symlinked_outside_the_root_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    root = Root(make_root(tmp_path / "root", {"bees": ARTICLE}))
    (root.path / "annotations").rmdir()
    (root.path / "annotations").symlink_to(outside, target_is_directory=True)
    with pytest.raises(StoreError, match="outside"):
        save_annotations(root, "bees", VALID, expected_digest=None)
    assert list(outside.iterdir()) == []


def test_an_annotations_folder_symlinked_outside_keeps_its_files(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "bees.yaml").write_text(VALID, encoding="utf-8")
    root = Root(make_root(tmp_path / "root", {"bees": ARTICLE}))
    (root.path / "annotations").rmdir()
    (root.path / "annotations").symlink_to(outside, target_is_directory=True)
    digest = load_for_edit(root.annotations_path("bees")).digest
    with pytest.raises(StoreError):
        save_annotations(
            root, "bees", VALID + "  - {id: warm, quote: keep warm}\n", expected_digest=digest
        )
    assert (outside / "bees.yaml").read_text(encoding="utf-8") == VALID
    assert sorted(p.name for p in outside.iterdir()) == [
        "bees.yaml"
    ]  # no history, no temporary file


def test_an_annotations_folder_symlinked_inside_the_root_still_works(tmp_path: Path) -> None:
    root = Root(make_root(tmp_path / "root", {"bees": ARTICLE}))
    (root.path / "annotations").rmdir()
    (root.path / "data").mkdir()
    (root.path / "annotations").symlink_to(root.path / "data", target_is_directory=True)
    result = save_annotations(root, "bees", VALID, expected_digest=None)
    assert result.status == "saved"
    assert (root.path / "data" / "bees.yaml").read_text(encoding="utf-8") == VALID


def test_a_dangling_annotations_symlink_is_refused_not_created(tmp_path: Path) -> None:
    root = Root(make_root(tmp_path / "root", {"bees": ARTICLE}))
    (root.path / "annotations").rmdir()
    (root.path / "annotations").symlink_to(tmp_path / "nowhere", target_is_directory=True)
    with pytest.raises(StoreError):
        save_annotations(root, "bees", VALID, expected_digest=None)
    assert not (tmp_path / "nowhere").exists()


def test_an_annotations_path_that_is_a_file_is_refused(tmp_path: Path) -> None:
    root = Root(make_root(tmp_path / "root", {"bees": ARTICLE}))
    (root.path / "annotations").rmdir()
    (root.path / "annotations").write_text("not a folder", encoding="utf-8")
    with pytest.raises(StoreError, match="not a folder"):
        save_annotations(root, "bees", VALID, expected_digest=None)
    assert (root.path / "annotations").read_text(encoding="utf-8") == "not a folder"


def test_an_annotation_file_that_is_a_folder_is_refused(root: Root) -> None:
    root.annotations_path("bees").unlink()
    root.annotations_path("bees").mkdir()
    with pytest.raises(StoreError, match="not a regular file"):
        save_annotations(root, "bees", VALID, expected_digest=None)


def test_a_save_writes_only_the_annotation_file_and_its_history(root: Root) -> None:
    def files() -> set[Path]:
        return {p for p in root.path.parent.rglob("*") if p.is_file()}

    before = files()
    digest = load_for_edit(root.annotations_path("bees")).digest
    result = save_annotations(
        root, "bees", VALID + "  - {id: warm, quote: keep warm}\n", expected_digest=digest
    )
    assert result.status == "saved"
    new = files() - before
    assert all(p.parent == root.path / "annotations" / ".history" / "bees" for p in new), new
    assert root.annotations_path("bees").read_text(encoding="utf-8").endswith("keep warm}\n")


def test_text_over_the_size_cap_is_not_saved(root: Root) -> None:
    digest = load_for_edit(root.annotations_path("bees")).digest
    big = VALID + "# " + "x" * MAX_FILE_BYTES + "\n"
    result = save_annotations(root, "bees", big, expected_digest=digest)
    assert result.status == "invalid"
    assert any("limit" in p.message for p in result.problems)
    assert root.annotations_path("bees").read_text(encoding="utf-8") == VALID


def test_read_only_mode_stops_the_import_command_too(root: Root, tmp_path: Path) -> None:
    import json
    import os
    import subprocess
    import sys

    annotation = {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "type": "Annotation",
        "motivation": "commenting",
        "body": {"type": "TextualBody", "value": "They shiver to make heat."},
        "target": {
            "source": "urn:reader:bees",
            "selector": {"type": "TextQuoteSelector", "exact": "keep warm"},
        },
    }
    file = tmp_path / "in.json"
    file.write_text(json.dumps(annotation), encoding="utf-8")
    before = root.annotations_path("bees").read_bytes()
    command = [
        sys.executable,
        "-m",
        "reader",
        "import",
        str(file),
        "--into",
        "bees",
        "--root",
        str(root.path),
    ]
    env = {**os.environ, "READER_READ_ONLY": "1"}
    result = subprocess.run(
        command, cwd=PROJECT, env=env, capture_output=True, text=True, timeout=120
    )
    assert (
        result.returncode == 1 and "read-only" in result.stderr and "Traceback" not in result.stderr
    ), result.stderr
    assert root.annotations_path("bees").read_bytes() == before
    assert not (root.path / "annotations" / ".history").exists()
    # The same import without read-only mode does write, so the refusal above is the mode's doing.
    env.pop("READER_READ_ONLY")
    result = subprocess.run(
        command, cwd=PROJECT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert root.annotations_path("bees").read_bytes() != before
