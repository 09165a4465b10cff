"""The Edit view and the selection actions, driven with Streamlit's AppTest (no browser)."""

from __future__ import annotations

import errno
import html
import json
import os
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from reader.editing.store import history
from reader.sources.documents import Root
from tests.conftest import APP, BEES_IN_WINTER, make_root

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
    selection_actions(
        root,
        slug,
        document.text,
        selection,
        on_created=lambda: st.session_state.update(view="Edit"),
    )
    if st.session_state.get("view") == "Edit":
        render_editor(root, slug)


@pytest.fixture
def root(tmp_path: Path) -> Root:
    return Root(make_root(tmp_path, {"bees": ARTICLE}, {"bees": ORIGINAL}))


def start(root: Root, script=editor_app) -> AppTest:
    return AppTest.from_function(script, args=(str(root.path), "bees"), default_timeout=60).run()


class CodeEditor:
    """The code editor as AppTest sees it: the data sent to the browser, and the browser's messages
    (a text typed, Ctrl+S) put in session state as the component would send them."""

    def __init__(self, at: AppTest, key: str = "editor-bees") -> None:
        self.at, self.key = at, key

    @property
    def data(self) -> dict:
        [element] = [e for e in self.at.get("bidi_component") if e.key == self.key]
        return json.loads(element.proto.bytes)

    @property
    def value(self) -> str:
        return self.data["text"]

    @property
    def label(self) -> str:
        return self.data["label"]

    def _send(self, event: str, text: str) -> AppTest:
        data = self.data
        self.at.session_state[self.key] = {
            event: {"text": text, "revision": data["revision"], "seq": data["seq"] + 1}
        }
        return self.at

    def set_value(self, text: str) -> AppTest:
        """The curator typed `text` and paused."""
        return self._send("text", text)

    def press_save(self, text: str) -> AppTest:
        """Ctrl+S with `text` in the editor."""
        return self._send("save", text)


def editor(at: AppTest) -> CodeEditor:
    return CodeEditor(at)


def has_editor(at: AppTest) -> bool:
    return any(e.key == "editor-bees" for e in at.get("bidi_component"))


def problems(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


def listed_problems(at: AppTest) -> str:
    """The problem list under the editor as it reads (st.html: tags dropped, entities decoded)."""
    lists = [h.value for h in at.get("html") if 'class="reader-problems"' in h.value]
    return "\n".join(html.unescape(re.sub(r"<[^>]+>", "", body)) for body in lists)


def shown_text(at: AppTest) -> str:
    """The markdown on the page as a reader sees it (Markdown escapes removed)."""
    return re.sub(r"\\(.)", r"\1", problems(at))


def test_the_editor_opens_with_the_file_exactly(root):
    at = start(root)
    assert not at.exception
    assert editor(at).value == ORIGINAL
    assert editor(at).label == "Annotations (YAML)"
    assert [s.value for s in at.success] == ["No problems."]


def test_an_error_is_listed_with_its_line_and_column_and_save_is_disabled(root):
    at = start(root)
    editor(at).set_value(ORIGINAL.replace("quote:", "qoute:")).run()
    listed = listed_problems(at)
    assert "4:5 error: unknown key 'qoute'" in listed and "did you mean 'quote'" in listed
    assert at.button(key="editor-save").disabled
    assert root.annotations_path("bees").read_text(encoding="utf-8") == ORIGINAL
    assert editor(at).value == ORIGINAL.replace("quote:", "qoute:")  # the curator's text stays


def test_a_valid_edit_is_saved_byte_for_byte_and_the_old_version_kept(root):
    at = start(root)
    edited = ORIGINAL + (
        "  # a new comment, trailing spaces next   \n  - id: shivers\n"
        "    quote: The cluster shivers\n"
    )
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
    assert not has_editor(at)
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
    text = (
        "Bees in winter\n\nHoney bees cluster to keep warm. The cluster shivers.\n\nA colony eats"
    )
    start_at = text.index("The cluster shivers")
    at.session_state["test_selection"] = {
        "start": start_at + 4,
        "end": start_at + 11,
        "text": "cluster",
    }
    at.run()
    assert [b.label for b in at.button] == ["New claim", "New note", "Mark entity", "Dismiss"]
    at.run()  # the selection is remembered after its one run
    at.button(key="selection-claim").click().run()
    assert not at.exception
    value = editor(at).value
    assert value.startswith(ORIGINAL)
    assert value[len(ORIGINAL) :] == '  - id: cluster\n    quote: cluster\n    prefix: "The "\n'
    assert any("Added a claim 'cluster' at line 5" in i.value for i in at.info)
    assert (
        root.annotations_path("bees").read_text(encoding="utf-8") == ORIGINAL
    )  # not saved until the curator says so
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
    assert value.endswith(
        "entities:\n  - quote: Honey bees\n    label: TODO   # PERSON, ORG, GPE, DATE, …\n"
    )
    assert not at.button(key="editor-save").disabled


def test_read_only_mode_has_no_editor_and_no_selection_actions(root, monkeypatch):
    monkeypatch.setenv("READER_READ_ONLY", "1")
    at = start(root)
    assert not has_editor(at) and not at.button
    assert "read-only" in at.info[0].value
    at = AppTest.from_function(selection_app, args=(str(root.path), "bees"), default_timeout=60)
    at.session_state["test_selection"] = {"start": 16, "end": 26, "text": "Honey bees"}
    at.run()
    assert not at.button
    assert root.annotations_path("bees").read_text(encoding="utf-8") == ORIGINAL


# --------------------------------------------------------------------------- the code editor's side


def test_the_browser_gets_the_problems_with_their_places_and_the_vocabulary(root):
    at = start(root)
    editor(at).set_value(ORIGINAL.replace("quote:", "qoute:")).run()
    data = editor(at).data
    assert {
        "line": 4,
        "column": 5,
        "severity": "error",
        "message": "unknown key 'qoute' in claim 'twenty-kilos' (did you mean 'quote'?)",
    } in data["problems"]
    vocab = data["vocab"]
    assert [k["label"] for k in vocab["keys"]["claims"]][:2] == ["id", "quote"]
    assert ["The cluster shivers.", "The cluster shivers."] in vocab["sentences"]
    assert "claims.quote" in vocab["text_paths"]


def test_ctrl_s_saves_the_text_it_carries_through_the_same_safe_save(root):
    at = start(root)
    edited = ORIGINAL + "  - id: shivers\n    quote: The cluster shivers\n"
    editor(at).press_save(edited).run()  # typed and saved at once: no pause sent the text before
    assert root.annotations_path("bees").read_bytes() == edited.encode()
    assert any("Saved annotations/bees.yaml" in s.value for s in at.success)
    [kept] = history(root, "bees")
    assert kept.read_text(encoding="utf-8") == ORIGINAL
    at.run()  # the same Ctrl+S is not handled twice
    assert len(history(root, "bees")) == 1


def test_ctrl_s_with_errors_writes_nothing_and_says_why(root):
    at = start(root)
    broken = ORIGINAL.replace("quote:", "qoute:")
    editor(at).press_save(broken).run()
    assert root.annotations_path("bees").read_text(encoding="utf-8") == ORIGINAL
    assert [e.value for e in at.error] == [
        "Not saved: the text has 2 errors; the file on disk is unchanged"
    ]
    assert "unknown key 'qoute'" in listed_problems(
        at
    )  # listed below, and underlined in the editor
    assert editor(at).value == broken


def test_a_text_typed_before_a_reload_is_not_taken_after_it(root):
    at = start(root)
    stale = editor(at).data
    root.annotations_path("bees").write_text(ORIGINAL + "# theirs\n", encoding="utf-8")
    at.button(key="editor-reload").click().run()
    assert editor(at).value == ORIGINAL + "# theirs\n"
    assert editor(at).data["revision"] == stale["revision"] + 1
    # a pause in typing from before the reload arrives late: the reloaded text stays
    at.session_state["editor-bees"] = {
        "text": {"text": ORIGINAL + "# old\n", "revision": stale["revision"], "seq": 99}
    }
    at.run()
    assert editor(at).value == ORIGINAL + "# theirs\n"


def test_a_new_entry_replaces_the_editors_text_and_asks_it_to_select_the_line(root):
    at = AppTest.from_function(selection_app, args=(str(root.path), "bees"), default_timeout=60)
    at.session_state["test_selection"] = {"start": 16, "end": 26, "text": "Honey bees"}
    at.run()
    at.button(key="selection-claim").click().run()
    data = editor(at).data
    assert data["revision"] == 1 and data["text"].startswith(ORIGINAL)
    assert data["focus"]["line"] == 5 and data["focus"]["text"] == "  - id: honey-bees"


@pytest.mark.parametrize(
    ("code", "cause"), [(errno.ENOSPC, "the disk is full"), (errno.EROFS, "read-only file system")]
)
def test_a_save_the_disk_refuses_shows_a_plain_message_and_keeps_the_text(
    root, monkeypatch, code, cause
):
    from reader.editing import store

    at = start(root)
    mine = ORIGINAL + "# mine\n"
    editor(at).set_value(mine).run()

    def refuse(*args, **kwargs):
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(store.os, "write", refuse)
    at.button(key="editor-save").click().run()
    monkeypatch.undo()
    assert not at.exception
    [message] = [e.value for e in at.error]
    assert (
        message.startswith("Not saved: could not save annotations/bees.yaml: ") and cause in message
    )
    assert "The file and its history are unchanged." in message and "Traceback" not in message
    assert editor(at).value == mine
    assert root.annotations_path("bees").read_text(encoding="utf-8") == ORIGINAL
    assert history(root, "bees") == []
    at.button(key="editor-save").click().run()  # the disk has room again: the same text saves
    assert root.annotations_path("bees").read_text(encoding="utf-8") == mine


def test_the_triage_list_suggests_a_figure_for_a_claim_with_numbers(root):
    at = start(root)
    assert [e.label for e in at.expander] == ["Triage: 1 suggestion", "Suggested claims: 3"]
    assert (
        "`3:9` claim 'twenty-kilos' has numbers (about 20 kilos) but no figure to "
        "check them against"
    ) in shown_text(at)


def test_new_claim_from_the_triage_list_appends_the_sentence_as_a_claim(tmp_path):
    root = Root(make_root(tmp_path, {"bees": ARTICLE}, {"bees": "# no claims yet\n"}))
    at = start(root)
    assert [e.label for e in at.expander] == ["Triage: 1 suggestion", "Suggested claims: 4"]
    assert (
        "no claim covers “A colony eats about 20 kilos of honey over the winter.” "
        "(numbers: about 20 kilos)"
    ) in shown_text(at)
    [button] = [b for b in at.button if b.label == "New claim"]
    button.click().run()
    assert not at.exception
    assert editor(at).value == (
        "# no claims yet\nclaims:\n  - id: a-colony-eats-about-20-kilos\n"
        "    quote: A colony eats about 20 kilos of honey over the winter.\n"
    )
    assert [e.label for e in at.expander] == [
        "Triage: 1 suggestion",  # now: the new claim has no figure
        "Suggested claims: 3",
    ]
    assert (
        root.annotations_path("bees").read_text(encoding="utf-8") == "# no claims yet\n"
    )  # not saved yet


# ----------------------------------------------------------------------- through reader/app/main.py


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
    assert (
        app_root.annotations_path("bees").read_text(encoding="utf-8")
        == ORIGINAL + "# from the app\n"
    )
    at.segmented_control(key="reader.view").set_value("Read").run()
    assert not has_editor(at) and not at.exception


def test_the_app_in_read_only_mode_has_no_edit_control(app_root, monkeypatch):
    monkeypatch.setenv("READER_READ_ONLY", "yes")
    at = AppTest.from_file(APP, default_timeout=120).run()
    assert not at.exception
    assert not at.segmented_control and not has_editor(at)
    assert not any(b.label in ("New claim", "New note", "Mark entity", "Save") for b in at.button)


# --------------------------------------------------------------------------- live reload


def test_the_file_signature_changes_when_a_file_changes_appears_or_disappears(root):
    from reader.sources.documents import file_signature

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
