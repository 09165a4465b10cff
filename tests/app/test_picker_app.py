"""The sidebar's way to another document, with Streamlit's AppTest: up to PICKER_LIMIT documents a
picker of every title; above it a finder by title (through the index) that reads no title but the
open document's."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from reader.app.views import library, loading
from reader.app.views.library import FINDER
from reader.app.views.sidebar import PICKER, PICKER_LIMIT
from tests.conftest import run_app as run
from tests.library.fixtures import many_documents_root


@pytest.fixture(autouse=True)
def _fresh_caches() -> Iterator[None]:
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_resource.clear()


@pytest.fixture
def large(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = many_documents_root(tmp_path / "root", PICKER_LIMIT + 1)
    monkeypatch.setenv("READER_ROOT", str(root))
    return root


def sidebar_html(at: AppTest) -> str:
    return "\n".join(element.value for element in at.sidebar.get("html"))


def test_up_to_the_limit_the_picker_lists_every_title(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("READER_ROOT", str(many_documents_root(tmp_path / "root", PICKER_LIMIT)))
    at = run(doc="bees")
    assert not at.exception
    picker = at.selectbox(key=PICKER)
    assert len(picker.options) == PICKER_LIMIT
    assert picker.value == "bees"
    assert {"Aid under the Mérida Initiative", "Bees in winter", "Report 196 on roads"} <= set(
        picker.options
    )
    assert [box.key for box in at.text_input] == []  # no finder
    picker.select("merida").run()
    assert at.session_state["reader.doc"] == "merida"


def test_above_the_limit_no_title_is_listed_or_read(
    large: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def every_title(*args: object) -> dict[str, str]:
        raise AssertionError("every title read for a library too large for the picker")

    monkeypatch.setattr(library, "document_titles", every_title)
    monkeypatch.setattr(loading, "document_titles", every_title)
    at = run(doc="bees")
    assert not at.exception
    assert [box.key for box in at.selectbox] == []  # no picker, and nothing listing the titles
    assert "**Document:** Bees in winter" in [m.value for m in at.sidebar.markdown]
    assert 'href="?" target="_self">← Library</a>' in sidebar_html(at)
    assert at.text_input(key=FINDER).value == ""
    assert "rd-find" not in sidebar_html(at)  # nothing found before words are typed


def test_the_finder_finds_a_title_by_a_word_whatever_its_case_and_accents(large: Path) -> None:
    at = run(doc="bees")
    at.text_input(key=FINDER).input("MÉRIDA").run()
    found = sidebar_html(at)
    assert "1 title with “MÉRIDA”:" in found
    link = '<a class="rd-find-doc" href="?doc=merida" target="_self">'
    assert link + "Aid under the Mérida Initiative</a>" in found
    assert '<a class="rd-find-search" href="?q=M%C3%89RIDA%2A" target="_self">' in found
    at.text_input(key=FINDER).input("winter").run()
    assert 'href="?doc=bees" target="_self" aria-current="page">Bees in winter</a>' in (
        sidebar_html(at)
    )


def test_the_finder_shows_the_first_ten_of_many(large: Path) -> None:
    at = run(doc="bees")
    at.text_input(key=FINDER).input("roads").run()
    found = sidebar_html(at)
    assert "The first 10 titles with “roads”:" in found
    shown = re.findall(r'class="rd-find-doc"[^>]*>([^<]*)<', found)
    assert shown == [f"Report {n} on roads" for n in range(10)]  # the shortest titles first


def test_typed_html_and_html_in_titles_are_text(large: Path) -> None:
    at = run(doc="bees")
    at.text_input(key=FINDER).input('<img src=x onerror="alert(1)"> bold').run()
    found = sidebar_html(at)
    assert "No title has “&lt;img src=x onerror=&quot;alert(1)&quot;&gt; bold”." in found
    assert "<img" not in found
    at.text_input(key=FINDER).input("bold rivers").run()
    found = sidebar_html(at)
    assert 'href="?doc=bold" target="_self">&lt;b&gt;Bold&lt;/b&gt; roads &amp; &lt;i&gt;' in found
    assert "<b>" not in found and "<i>" not in found


def test_an_unknown_doc_in_a_large_library_is_reported(large: Path) -> None:
    at = run(doc="nosuchreport")
    assert not at.exception
    assert at.warning[0].value == (
        "no document 'nosuchreport' in article/ — showing the first document instead."
    )
    assert at.session_state["reader.doc"] == "bees"  # the first slug
    assert "**Document:** Bees in winter" in [m.value for m in at.sidebar.markdown]
