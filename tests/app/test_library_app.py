"""The library page with Streamlit's AppTest: the home of a root of two documents, ?q= searches,
filters from the URL and back into it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from tests.conftest import run_app as run
from tests.library.fixtures import library_root


@pytest.fixture(autouse=True)
def _root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    st.cache_data.clear()
    st.cache_resource.clear()
    root = library_root(tmp_path / "root")
    monkeypatch.setenv("READER_ROOT", str(root))
    yield root
    st.cache_resource.clear()


def html(at: AppTest) -> str:
    return "\n".join(element.value for element in at.get("html"))


def titles(at: AppTest) -> list[str]:
    return re.findall(r'class="rd-lib-doc-title"[^>]*>([^<]*)<', html(at))


def test_two_documents_open_on_the_library_newest_first() -> None:
    at = run()
    assert not at.exception
    assert at.title[0].value == "Library"
    assert titles(at) == ["Aid under the Mérida Initiative", "Bees in winter"]
    page = html(at)
    assert 'href="?doc=merida"' in page
    assert 'aria-label="2 claims: 1 supported, 1 disputed"' in page
    assert 'data-status="supported" style="width:50.0%;background:#2f9e44"' in page
    assert '<span class="rd-lib-problem" data-problem="orphans">1 orphan</span>' in page


def test_a_q_link_opens_the_search_with_marked_hits_grouped_by_document() -> None:
    at = run(q="merida")
    assert at.text_input(key="library-q").value == "merida"
    page = html(at)
    assert "<mark>Mérida</mark>" in page
    assert 'href="?doc=merida"' in page
    assert titles(at) == []  # hits, not the list


def test_hits_link_to_the_document_focused_and_text_is_escaped(_root: Path) -> None:
    yaml = _root / "annotations" / "bees.yaml"
    yaml.write_text(
        yaml.read_text("utf-8")
        + "notes:\n  - id: tag\n    title: <b>bold</b> winter\n    body: Not <script>x</script>\n",
        "utf-8",
    )
    at = run(q="winter")
    page = html(at)
    assert 'href="?doc=bees&amp;focus=tag"' in page
    assert "&lt;b&gt;bold&lt;/b&gt; <mark>winter</mark>" in page
    assert "<b>" not in page and "<script>" not in page


def test_filters_come_from_the_url_and_typing_a_search_goes_into_it() -> None:
    at = run(section="Science")
    assert titles(at) == ["Bees in winter"]
    at.selectbox(key="library-section").select("(any)").run()
    assert titles(at) == ["Aid under the Mérida Initiative", "Bees in winter"]
    at.radio(key="library-sort").set_value("Title").run()
    assert titles(at) == ["Aid under the Mérida Initiative", "Bees in winter"]
    at.selectbox(key="library-status").select("disputed").run()
    assert titles(at) == ["Aid under the Mérida Initiative"]
    assert at.query_params["status"] == "disputed"
    at.text_input(key="library-q").input("honey").run()
    assert at.query_params["q"] == "honey"
    assert "<mark>honey</mark>" in html(at)


def test_a_tag_and_a_date_range_filter() -> None:
    assert titles(run(tag="insects")) == ["Bees in winter"]
    assert titles(run(**{"from": "2024-01-01"})) == ["Aid under the Mérida Initiative"]
    assert titles(run(to="2023-12-31")) == ["Bees in winter"]


def test_garbage_in_the_url_shows_the_library() -> None:
    at = run(section="nope", page="-3", to="yesterday", q='"')
    assert not at.exception
    assert "No hits" in at.caption[0].value


def test_a_document_link_still_opens_the_document_focused() -> None:
    at = run(doc="merida", focus="helicopters")
    assert not at.exception
    assert [t.value for t in at.title if t.value == "Library"] == []
    assert at.session_state["reader.doc"] == "merida"
    assert at.session_state["reader.focus"] == "helicopters"
