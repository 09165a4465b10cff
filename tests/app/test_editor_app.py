"""The Edit view and the selection actions, driven with Streamlit's AppTest (no browser)."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from reader.editing.store import history
from reader.sources.documents import Root
from tests.conftest import BEES_IN_WINTER, make_root

ARTICLE = BEES_IN_WINTER

ORIGINAL = """\
# Curated by hand: keep this comment.
claims:
  - id: twenty-kilos
    quote: about 20 kilos of honey   # the survey's figure
"""


def editor_app(root_path: str, slug: str) -> None:
    """Only the Edit view (a Read/Edit switch shows that the draft survives leaving it)."""
    from pathlib import Path

    import streamlit as st

    from reader.app.views.editor import render_editor
    from reader.sources.documents import Root

    view = st.radio("View", ["Edit", "Read"], key="view")
    if view == "Edit":
        render_editor(Root(Path(root_path)), slug)


def selection_app(root_path: str, slug: str) -> None:
    """The selection actions for a selection handed in through session state, then the editor."""
    from pathlib import Path

    import streamlit as st

    from reader.app.views.editor import render_editor, selection_actions
    from reader.sources.documents import Root, load_document

    root = Root(Path(root_path))
    document, _ = load_document(root, slug)
    selection = st.session_state.pop("test_selection", None)
    selection_actions(root, slug, document.text, selection, on_created=lambda: st.session_state.update(view="Edit"))
    if st.session_state.get("view") == "Edit":
        render_editor(root, slug)


@pytest.fixture
def root(tmp_path: Path) -> Root:
    return Root(make_root(tmp_path, {"bees": ARTICLE}, {"bees": ORIGINAL}))


def start(root: Root, script=editor_app) -> AppTest:
    return AppTest.from_function(script, args=(str(root.path), "bees"), default_timeout=60).run()


def editor(at: AppTest):
    return at.text_area(key="editor-text-bees")


def problems(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


def test_the_editor_opens_with_the_file_exactly(root):
    at = start(root)
    assert not at.exception
    assert editor(at).value == ORIGINAL
    assert editor(at).label == "Annotations (YAML)"
    assert [s.value for s in at.success] == ["No problems."]


def test_an_error_is_listed_with_its_line_and_column_and_save_is_disabled(root):
    at = start(root)
    editor(at).set_value(ORIGINAL.replace("quote:", "qoute:")).run()
    listed = problems(at)
    assert "`4:5`" in listed and "unknown key 'qoute'" in listed and "did you mean 'quote'" in listed
    assert at.button(key="editor-save").disabled
    assert root.annotations_path("bees").read_text(encoding="utf-8") == ORIGINAL
    assert editor(at).value == ORIGINAL.replace("quote:", "qoute:")  # the curator's text stays


def test_a_valid_edit_is_saved_byte_for_byte_and_the_old_version_kept(root):
    at = start(root)
    edited = ORIGINAL + "  # a new comment, trailing spaces next   \n  - id: shivers\n    quote: The cluster shivers\n"
    editor(at).set_value(edited).run()
    assert not at.button(key="editor-save").disabled
    at.button(key="editor-save").click().run()
    assert root.annotations_path("bees").read_bytes() == edited.encode("utf-8")
    assert any("Saved annotations/bees.yaml" in s.value for s in at.success)
    [kept] = history(root, "bees")
    assert kept.read_text(encoding="utf-8") == ORIGINAL
    assert editor(at).value == edited


def test_a_stale_editor_is_refused_with_the_difference_and_both_texts_survive(root):
    at = start(root)
    mine = ORIGINAL + "# mine\n"
    editor(at).set_value(mine).run()
    external = ORIGINAL + "# theirs\n"
    root.annotations_path("bees").write_text(external, encoding="utf-8")
    at.run()
    assert any("changed on disk" in w.value for w in at.warning)
    at.button(key="editor-save").click().run()
    assert root.annotations_path("bees").read_text(encoding="utf-8") == external
    assert any("changed on disk since you opened it" in e.value for e in at.error)
    [diff] = [c.value for c in at.code if c.language == "diff"]
    assert "-# theirs" in diff and "+# mine" in diff
    assert editor(at).value == mine

    at.button(key="editor-overwrite").click().run()
    assert root.annotations_path("bees").read_text(encoding="utf-8") == mine
    assert history(root, "bees")[-1].read_text(encoding="utf-8") == external


def test_reloading_after_a_conflict_shows_the_disk_and_keeps_the_curators_text_to_copy(root):
    at = start(root)
    mine = ORIGINAL + "# mine\n"
    editor(at).set_value(mine).run()
    root.annotations_path("bees").write_text(ORIGINAL + "# theirs\n", encoding="utf-8")
    at.button(key="editor-save").click().run()
    at.button(key="editor-conflict-reload").click().run()
    assert editor(at).value == ORIGINAL + "# theirs\n"
    assert mine.rstrip("\n") in [c.value for c in at.code]  # shown with a copy button
    assert not at.error
    at.button(key="editor-save").click().run()  # nothing changed: nothing written
    assert root.annotations_path("bees").read_text(encoding="utf-8") == ORIGINAL + "# theirs\n"
    at.button(key="editor-restore").click().run()  # or the curator takes their text back, knowingly
    assert editor(at).value == mine


def test_the_draft_survives_leaving_the_edit_view(root):
    at = start(root)
    editor(at).set_value(ORIGINAL + "# draft\n").run()
    at.radio(key="view").set_value("Read").run()
    assert not at.text_area
    at.radio(key="view").set_value("Edit").run()
    assert editor(at).value == ORIGINAL + "# draft\n"
    assert "unsaved changes" in " ".join(c.value for c in at.caption)


def test_a_crlf_file_keeps_its_line_endings(root):
    crlf = ORIGINAL.replace("\n", "\r\n")
    root.annotations_path("bees").write_bytes(crlf.encode())
    at = start(root)
    editor(at).set_value(ORIGINAL + "# added\n").run()  # as a browser hands it back: "\n"
    at.button(key="editor-save").click().run()
    assert root.annotations_path("bees").read_bytes() == (crlf + "# added\r\n").encode()


def test_selecting_text_offers_the_three_actions_and_new_claim_opens_the_editor(root):
    at = AppTest.from_function(selection_app, args=(str(root.path), "bees"), default_timeout=60)
    text = "Bees in winter\n\nHoney bees cluster to keep warm. The cluster shivers.\n\nA colony eats"
    start_at = text.index("The cluster shivers")
    at.session_state["test_selection"] = {"start": start_at + 4, "end": start_at + 11, "text": "cluster"}
    at.run()
    assert [b.label for b in at.button] == ["New claim", "New note", "Mark entity", "Dismiss"]
    at.run()  # the selection is remembered after its one run
    at.button(key="selection-claim").click().run()
    assert not at.exception
    value = editor(at).value
    assert value.startswith(ORIGINAL)
    assert value[len(ORIGINAL):] == '  - id: cluster\n    quote: cluster\n    prefix: "The "\n'
    assert any("Added a claim 'cluster' at line 5" in i.value for i in at.info)
    assert root.annotations_path("bees").read_text(encoding="utf-8") == ORIGINAL  # not saved until the curator says so
    at.button(key="editor-save").click().run()
    assert root.annotations_path("bees").read_text(encoding="utf-8") == value


def test_note_and_entity_entries_are_valid_at_once(root):
    at = AppTest.from_function(selection_app, args=(str(root.path), "bees"), default_timeout=60)
    at.session_state["test_selection"] = {"start": 16, "end": 26, "text": "Honey bees"}
    at.run()
    at.button(key="selection-note").click().run()
    at.session_state["test_selection"] = {"start": 16, "end": 26, "text": "Honey bees"}
    at.run()
    at.button(key="selection-entity").click().run()
    value = editor(at).value
    assert "notes:\n  - id: honey-bees\n    title: Honey bees\n    quote: Honey bees\n" in value
    assert value.endswith("entities:\n  - quote: Honey bees\n    label: TODO   # PERSON, ORG, GPE, DATE, …\n")
    assert not at.button(key="editor-save").disabled


def test_read_only_mode_has_no_editor_and_no_selection_actions(root, monkeypatch):
    monkeypatch.setenv("READER_READ_ONLY", "1")
    at = start(root)
    assert not at.text_area and not at.button
    assert "read-only" in at.info[0].value
    at = AppTest.from_function(selection_app, args=(str(root.path), "bees"), default_timeout=60)
    at.session_state["test_selection"] = {"start": 16, "end": 26, "text": "Honey bees"}
    at.run()
    assert not at.button
    assert root.annotations_path("bees").read_text(encoding="utf-8") == ORIGINAL


# --------------------------------------------------------------------------- through reader/app/main.py

APP = str(Path(__file__).resolve().parents[2] / "reader" / "app" / "main.py")


@pytest.fixture
def app_root(root: Root, monkeypatch: pytest.MonkeyPatch) -> Root:
    import streamlit as st

    st.cache_data.clear()
    st.cache_resource.clear()
    monkeypatch.setenv("READER_ROOT", str(root.path))
    monkeypatch.setenv("READER_POLL_SECONDS", "0")  # AppTest never ticks a fragment's timer
    return root


def test_the_apps_edit_control_opens_the_editor_and_saves(app_root):
    at = AppTest.from_file(APP, default_timeout=120).run()
    assert not at.exception
    switch = at.segmented_control(key="reader.view")
    assert switch.options == ["Read", "Edit"] and switch.value == "Read"
    switch.set_value("Edit").run()
    assert editor(at).value == ORIGINAL
    editor(at).set_value(ORIGINAL + "# from the app\n").run()
    at.button(key="editor-save").click().run()
    assert app_root.annotations_path("bees").read_text(encoding="utf-8") == ORIGINAL + "# from the app\n"
    at.segmented_control(key="reader.view").set_value("Read").run()
    assert not at.text_area and not at.exception


def test_the_app_in_read_only_mode_has_no_edit_control(app_root, monkeypatch):
    monkeypatch.setenv("READER_READ_ONLY", "yes")
    at = AppTest.from_file(APP, default_timeout=120).run()
    assert not at.exception
    assert not at.segmented_control and not at.text_area
    assert not any(b.label in ("New claim", "New note", "Mark entity", "Save") for b in at.button)


# --------------------------------------------------------------------------- live reload


def test_the_file_signature_changes_when_a_file_changes_appears_or_disappears(root):
    from reader.app.views.live import file_signature

    paths = [root.article_path("bees"), root.annotations_path("bees")]
    before = file_signature(paths)
    assert file_signature(paths) == before
    root.annotations_path("bees").write_text(ORIGINAL + "# more\n", encoding="utf-8")
    changed = file_signature(paths)
    assert changed != before and changed[0] == before[0]
    root.annotations_path("bees").unlink()
    assert file_signature(paths)[1] == (str(paths[1]), None, None)


def test_the_poll_interval_comes_from_the_environment():
    from reader.settings import POLL_SECONDS, Settings

    assert Settings.from_env({}).poll_seconds == POLL_SECONDS == 2.0
    assert Settings.from_env({"READER_POLL_SECONDS": "0.5"}).poll_seconds == 0.5
    assert Settings.from_env({"READER_POLL_SECONDS": "soon"}).poll_seconds == POLL_SECONDS
