"""The library's evidence pages in the app (AppTest): ?note=ID, ?entity=TEXT, ?view=dashboard."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pyarrow.ipc
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from tests.conftest import make_root
from tests.conftest import run_app as run
from tests.library.test_evidence import WINTER_ANNOTATIONS
from tests.sources.test_shared import HARVEST, HARVEST_ANNOTATIONS, SHARED, WINTER


@pytest.fixture(autouse=True)
def _fresh_caches() -> Iterator[None]:
    st.cache_resource.clear()
    yield
    st.cache_resource.clear()


@pytest.fixture
def library_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    files = {"harvest": HARVEST_ANNOTATIONS, "winter": WINTER_ANNOTATIONS, "_shared": SHARED}
    root = make_root(tmp_path / "root", {"harvest": HARVEST, "winter": WINTER}, files)
    monkeypatch.setenv("READER_ROOT", str(root))
    return root


def chart_rows(chart) -> list[dict]:
    """The rows a chart draws (Streamlit sends them apart from the spec, as Arrow)."""
    [dataset] = chart.proto.datasets or [None]
    data = dataset.data.data if dataset is not None else chart.proto.data.data
    return pyarrow.ipc.open_stream(data).read_all().to_pylist()


def html_text(at: AppTest) -> str:
    return "\n".join(element.value for element in at.get("html"))


def test_the_note_page_shows_the_note_its_mentions_claims_and_figures(library_root: Path) -> None:
    at = run(note="beekeeping")
    assert not at.exception
    page = html_text(at)
    assert '<h1 id="rd-note-title">Migratory beekeeping</h1>' in page
    assert "<h3>The almond harvest</h3>" in page and "<h3>Bees in winter</h3>" in page
    assert "<mark>Beekeepers</mark> feed their colonies sugar when the honey runs out." in page
    assert 'href="?doc=winter&amp;focus=beekeeping"' in page
    assert "Disputed" in page and "Supported" in page
    [chart] = at.get("vega_lite_chart")  # the shared figure, drawn beside the note
    assert "Colonies rented for almond pollination" in page
    rows = chart_rows(chart)
    assert [(r["x"], r["value"]) for r in rows] == [(2023, 1.9), (2024, 2.0)]


def test_an_unknown_note_says_so_and_the_app_does_not_crash(library_root: Path) -> None:
    at = run(note="<b>nope</b>")
    assert not at.exception
    assert [w.value for w in at.warning] == ["No document has a note called “\\<b\\>nope\\</b\\>”."]


def test_the_dashboard_charts_claims_by_status(library_root: Path) -> None:
    at = run(view="dashboard")
    assert not at.exception
    assert "2 claims in 2 documents: 1 supported, 1 disputed." in html_text(at)
    [chart] = at.get("vega_lite_chart")
    assert json.loads(chart.proto.spec)["title"] == "Claims by status"
    drawn = {r["status"]: r["claims"] for r in chart_rows(chart)}
    assert (drawn["Supported"], drawn["Disputed"], drawn["Incorrect"]) == (1, 1, 0)


def test_the_entity_page_lists_its_places(library_root: Path) -> None:
    at = run(entity="Beekeepers")
    assert not at.exception
    page = html_text(at)
    assert "Entity · NORP" in page
    assert page.count("<mark>Beekeepers</mark>") == 2


def test_a_change_to_the_shared_file_shows_in_an_open_document(library_root: Path) -> None:
    at = run(doc="winter", focus="beekeeping")
    assert "Migratory beekeeping" in html_text(at)
    shared = library_root / "annotations" / "_shared.yaml"
    shared.write_text(SHARED.replace("Migratory beekeeping", "Beekeeping on the move"), "utf-8")
    at.run()  # what the live reload does when the file's signature changes
    assert "Beekeeping on the move" in html_text(at)
    assert "Migratory beekeeping" not in html_text(at)


def article_html(at: AppTest) -> str:
    article = next(
        e for e in at.get("bidi_component") if e.proto.component_name == "reader_article"
    )
    return article.proto.bytes.decode("utf-8")


def test_a_broken_shared_file_shows_its_problems_in_each_document_which_still_renders(
    library_root: Path,
) -> None:
    shared = library_root / "annotations" / "_shared.yaml"
    shared.write_text(SHARED + "claims: []\n", "utf-8")
    for slug, words in (("harvest", "about two million"), ("winter", "feed their colonies")):
        at = run(doc=slug)
        assert not at.exception
        [banner] = [re.sub(r"\\(.)", r"\1", e.value) for e in at.error]  # Markdown escapes off
        # The banner names the shared file, not "the annotation file" (the document's own is fine).
        assert banner.startswith(
            "**annotations/_shared.yaml (shared by every document) has 1 error:**"
        )
        assert "annotations/_shared.yaml:18:1: error: the shared file cannot hold claims" in banner
        assert f"annotations/{slug}.yaml" not in banner
        assert words in article_html(at)


def test_the_banner_tells_the_shared_file_s_problems_from_the_document_s_own(
    library_root: Path,
) -> None:
    shared = library_root / "annotations" / "_shared.yaml"
    shared.write_text(SHARED.replace("type: bar", "type: pie"), "utf-8")
    own = library_root / "annotations" / "winter.yaml"
    own.write_text(WINTER_ANNOTATIONS + "    statuss: disputed\n", "utf-8")
    at = run(doc="winter")
    assert not at.exception
    [banner] = [re.sub(r"\\(.)", r"\1", e.value) for e in at.error]
    assert banner.startswith(
        "**annotations/_shared.yaml (shared by every document) and annotations/winter.yaml "
        "have 2 errors:**"
    )
    lines = [line for line in banner.splitlines() if line.startswith("- ")]
    assert lines[0].startswith("- annotations/_shared.yaml:4:11: error: figure 'colonies': 'type'")
    assert lines[1].startswith("- annotations/winter.yaml:6:5: error: unknown key 'statuss'")
    assert "feed their colonies" in article_html(at)


def test_warnings_of_the_shared_file_are_under_its_name(library_root: Path) -> None:
    shared = library_root / "annotations" / "_shared.yaml"
    highlight = "    highlight: [2030]\n    source: {name: USDA"
    shared.write_text(SHARED.replace("    source: {name: USDA", highlight), "utf-8")
    at = run(doc="harvest")
    assert not at.exception and not at.error
    expected = "⚠️ 1 warning in annotations/\\_shared\\.yaml (shared by every document)"
    assert expected in [e.label for e in at.expander]
    shown = re.sub(r"\\(.)", r"\1", "\n".join(e.value for e in at.markdown))
    assert "annotations/_shared.yaml:9:17: warning: figure 'colonies': highlight 2030" in shown


def test_the_edit_view_edits_the_shared_file(library_root: Path) -> None:
    at = run(doc="winter")
    at.segmented_control(key="reader.view").set_value("Edit").run()
    choice = at.segmented_control(key="reader.editor-file")
    assert choice.options == ["annotations/winter.yaml", "annotations/_shared.yaml"]
    choice.set_value("annotations/_shared.yaml").run()
    [editor] = [e for e in at.get("bidi_component") if e.key == "editor-_shared"]
    assert json.loads(editor.proto.bytes)["text"] == SHARED
