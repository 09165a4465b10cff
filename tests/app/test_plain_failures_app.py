"""What readers see when files are wrong: the place of each problem, relative to the root, and the
article still shown (with U+FFFD where a byte was not UTF-8)."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.test_app import article_text
from tests.conftest import APP, BEES_IN_WINTER, make_root


def page_text(at: AppTest) -> str:
    parts = [e.value for e in (*at.error, *at.warning, *at.info, *at.markdown, *at.caption)]
    parts += [e.label for e in at.expander]
    return "\n".join(str(part) for part in parts)


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = make_root(
        tmp_path / "server" / "secret-folder",
        {"bees": BEES_IN_WINTER},
        {"bees": "claims:\n  - id: x\n    quote: about 20 kilos\n    statuss: ok\n"},
    )
    article = path / "article" / "bees.md"
    article.write_bytes(article.read_bytes().replace(b"cluster to", b"clu\xffster to"))
    monkeypatch.setenv("READER_ROOT", str(path))
    return path


def test_banners_name_files_relative_to_the_root_and_the_article_still_shows(root: Path):
    at = AppTest.from_file(APP, default_timeout=120).run()
    assert not at.exception
    shown = page_text(at).replace("\\", "")  # Markdown escapes removed
    assert "article/bees.md:4:15: error: not valid UTF-8 (byte 0xff)" in shown
    assert "annotations/bees.yaml:4:5: error" in shown
    assert "annotations/bees.yaml and article/bees.md have 2 errors" in shown
    assert str(root) not in shown and "secret-folder" not in shown and str(root.parent) not in shown
    assert "clu\ufffdster to keep warm" in article_text(
        at
    )  # the whole article, one replacement character


def test_an_unknown_document_is_named_without_the_server_path(root: Path):
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["doc"] = "wasps"
    at.run()
    shown = page_text(at)
    assert "no document 'wasps' in article/" in shown.replace("\\", "")
    assert "secret-folder" not in shown


def test_an_empty_root_does_not_name_its_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    empty = tmp_path / "server" / "secret-folder"
    empty.mkdir(parents=True)
    monkeypatch.setenv("READER_ROOT", str(empty))
    at = AppTest.from_file(APP, default_timeout=120).run()
    shown = page_text(at)
    assert "No documents in this reader's folder" in shown and "secret-folder" not in shown
