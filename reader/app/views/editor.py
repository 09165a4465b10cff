"""The Edit view and the selection actions: the editing side of the app, on reader.editing.store and reader.editing.authoring.

State per document lives in ``st.session_state`` (an :class:`EditorState`): what the editor
loaded (its digest is what a save compares against) and the curator's draft, which survives
reruns and switching views. Every change of the text area's value happens in a callback, before
the widget is drawn. Nothing here is shown, and nothing writes, in read-only mode.
"""

from __future__ import annotations

import re
from contextlib import suppress
from dataclasses import dataclass, field, replace
from pathlib import Path

import streamlit as st
import streamlit.components.v2
from streamlit.runtime.scriptrunner_utils.script_requests import ScriptRequestType
from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

from reader.app.views import state as app_state
from reader.app.views.signin import current_access
from reader.editing.authoring import AuthoringError, new_entry
from reader.editing.store import (
    EditBase,
    SaveResult,
    StoreError,
    ValidationCancelled,
    file_digest,
    load_for_edit,
    match_newlines,
    save_annotations,
    save_log,
    validate_annotations,
)
from reader.html.render import article_css
from reader.layers.entities import ModelEntities, detect_entities, model_name
from reader.layers.reading import build_reading
from reader.settings import Settings
from reader.sources.annotations import parse_annotations
from reader.sources.documents import Root, display_path, load_document
from reader.sources.problems import Problem

__all__ = [
    "EDITOR_LABEL",
    "VIEW",
    "EditorState",
    "add_entry",
    "editor_state",
    "open_editor",
    "render_editor",
    "selection_actions",
    "view_switch",
]

EDITOR_LABEL = "Annotations (YAML)"
ACTIONS = {"claim": "New claim", "note": "New note", "entity": "Mark entity"}
LIVE_DELAY_MS = 600  # typing pauses this long before the text is validated

_HELPER_JS = """
export default function (component) {
  const { data, parentElement } = component;
  const shared = (window.__readerEditor = window.__readerEditor || { installed: false, focusToken: null, timer: null });
  // The newest mount holds the caret display and the settings; the page-wide listeners read them.
  shared.caret = parentElement.querySelector(".caret");
  shared.label = data.label;
  shared.delay = data.delay;
  const isEditor = (el) => !!el && el.tagName === "TEXTAREA" && el.getAttribute("aria-label") === shared.label;
  const find = () => [...document.querySelectorAll("textarea")].find(isEditor) || null;

  const showCaret = (area) => {
    if (!shared.caret || !area) return;
    const before = area.value.slice(0, area.selectionStart);
    const line = before.split("\\n").length;
    const column = before.length - before.lastIndexOf("\\n");
    shared.caret.textContent = "Ln " + line + ", Col " + column;
  };
  const goTo = (area, line, column) => {
    const lines = area.value.split("\\n");
    if (line < 1 || line > lines.length) return false;
    let start = 0;
    for (let i = 0; i < line - 1; i++) start += lines[i].length + 1;
    const end = start + lines[line - 1].length;
    const at = column ? Math.min(start + column - 1, end) : start;
    area.focus();
    area.setSelectionRange(column ? at : start, column ? at : end);
    const height = parseFloat(getComputedStyle(area).lineHeight) || 20;
    area.scrollTop = Math.max(0, (line - 4) * height);
    showCaret(area);
    return true;
  };

  if (!shared.installed) {
    shared.installed = true;
    // Live validation: after a pause in typing, commit the text as Ctrl+Enter would.
    document.addEventListener("input", (event) => {
      if (!isEditor(event.target)) return;
      clearTimeout(shared.timer);
      shared.timer = setTimeout(() => {
        const area = event.target.isConnected ? event.target : find();
        if (area) area.dispatchEvent(new KeyboardEvent("keydown",
          { key: "Enter", code: "Enter", ctrlKey: true, bubbles: true, cancelable: true }));
      }, shared.delay);
    }, true);
    for (const type of ["keyup", "click", "select", "focusin"]) {
      document.addEventListener(type, (event) => { if (isEditor(event.target)) showCaret(event.target); }, true);
    }
    // "12:5" in the problem list moves the caret there.
    document.addEventListener("click", (event) => {
      const code = event.target.closest && event.target.closest(".st-key-editor-problems code");
      const match = code && /^(\\d+):(\\d+)$/.exec(code.textContent.trim());
      const area = find();
      if (match && area) goTo(area, Number(match[1]), Number(match[2]));
    });
  }
  showCaret(find());

  // A new entry: select its first line once the text area shows the new text.
  const focus = data.focus;
  let tries = 0;
  const focusTimer = focus && focus.token !== shared.focusToken ? setInterval(() => {
    const area = find();
    tries += 1;
    if (area && area.value.split("\\n")[focus.line - 1] === focus.text) {
      shared.focusToken = focus.token;
      goTo(area, focus.line, 0);
      clearInterval(focusTimer);
    } else if (tries > 50) clearInterval(focusTimer);
  }, 100) : null;
  return () => { if (focusTimer) clearInterval(focusTimer); };
}
"""

_STYLE = """
.stTextArea textarea[aria-label="Annotations (YAML)"] { font-family: var(--st-code-font, monospace); font-size: 0.85rem;
  white-space: pre; overflow-wrap: normal; overflow-x: auto; tab-size: 2; }
.st-key-editor-problems ul { max-height: 16rem; overflow-y: auto; }
.st-key-editor-problems code { cursor: pointer; }
"""


def _page_css() -> str:
    """The editor's style and the article's (for the preview), without comments: the sanitiser drops
    a <style> whose text contains '<' (the article CSS mentions <mark> in a comment)."""
    css = re.sub(r"/\*.*?\*/", "", _STYLE + "\n" + article_css(), flags=re.DOTALL)
    return css.replace("<", "\\3c ")


_HELPER_HTML = '<div class="reader-editor-helper"><span class="caret">Ln 1, Col 1</span></div>'
_HELPER_CSS = ".reader-editor-helper { font: 0.8rem var(--st-code-font, monospace); color: var(--st-text-color); opacity: 0.7; }"


@st.cache_resource
def _helper():
    return st.components.v2.component("reader_editor_helper", html=_HELPER_HTML, css=_HELPER_CSS, js=_HELPER_JS)


@dataclass
class EditorState:
    slug: str
    base: EditBase                  # what the editor loaded; a save compares the disk against its digest
    draft: str                      # the curator's text (also the text area's value)
    conflict: SaveResult | None = None
    set_aside: str | None = None    # the curator's text from before a reload, to copy from
    notice: tuple[str, str] | None = None   # (success|info|error, message), shown once
    focus: dict | None = None       # the line to select in the text area, for the helper script
    tokens: int = field(default=0)

    @property
    def dirty(self) -> bool:
        return match_newlines(self.draft, self.base) != self.base.text


def _shown(root: Root, path: Path) -> str:
    """A path as the curator knows it: relative to the root (annotations/<slug>.yaml)."""
    try:
        return Path(path).relative_to(root.path).as_posix()
    except ValueError:
        return display_path(Path(path))


def _key(slug: str) -> str:
    return f"editor-text-{slug}"


def editor_state(root: Root, slug: str) -> EditorState:
    """The editor of one document, created (from the file on disk) on first use."""
    states = st.session_state.setdefault("_reader_editors", {})
    state = states.get(slug)
    if state is None or Path(state.base.path) != root.annotations_path(slug):
        base = load_for_edit(root.annotations_path(slug))
        state = states[slug] = EditorState(slug, base, base.text)
    return state


def _set_text(state: EditorState, text: str) -> None:
    state.draft = text
    st.session_state[_key(state.slug)] = text


def _sync(state: EditorState) -> None:
    state.draft = st.session_state.get(_key(state.slug), state.draft)


# --------------------------------------------------------------------------- callbacks


def _save(root: Root, state: EditorState, expected: str | None) -> None:
    _sync(state)
    text = match_newlines(state.draft, state.base)
    path = root.annotations_path(state.slug)
    access = current_access()  # asked again at the moment of saving: a session may have signed out
    if not access.can_edit:
        state.notice = ("error", f"Not saved: {access.reason}")
        return
    try:
        result = save_annotations(root, state.slug, text, expected_digest=expected, editor=access.editor,
                                  settings=app_state.settings())
    except StoreError as exc:
        state.notice = ("error", f"Not saved: {exc}")
        return
    result = replace(result, message=result.message.replace(display_path(path), _shown(root, path)))
    if result.status == "conflict":
        state.conflict = result  # the text stays in the editor; the curator reloads or overwrites
        return
    state.conflict = None
    if not result.ok:
        state.notice = ("error", result.message)
        return
    state.base = EditBase(path, text, result.digest, _mtime(path))
    where = f" (the previous version is kept in {_shown(root, result.history_path.parent)}/)" if result.history_path else ""
    state.notice = ("success", f"Saved {_shown(root, path)}{where}." if result.status == "saved" else "No changes to save.")


def _reload(root: Root, state: EditorState) -> None:
    _sync(state)
    previous = state.draft
    state.base = load_for_edit(root.annotations_path(state.slug))
    state.set_aside = previous if match_newlines(previous, state.base) != state.base.text and previous.strip() else None
    state.conflict = None
    _set_text(state, state.base.text)
    state.notice = ("info", "Reloaded the file from disk." + (" Your text is kept below, to copy from." if state.set_aside else ""))


def _restore(state: EditorState) -> None:
    text, state.set_aside = state.set_aside or "", None
    _set_text(state, text)


def _mtime(path: Path) -> int | None:
    try:
        return path.stat().st_mtime_ns
    except FileNotFoundError:
        return None


def add_entry(root: Root, slug: str, kind: str, document_text: str, start: int, end: int) -> EditorState:
    """Append a new entry for a selection to the editor's text (not saved: the curator finishes it)."""
    access = current_access()
    if not access.can_edit:
        raise StoreError(access.reason)
    state = editor_state(root, slug)
    _sync(state)
    try:
        entry = new_entry(kind, document_text, start, end, state.draft)  # type: ignore[arg-type]
    except AuthoringError as exc:
        state.notice = ("error", f"Could not add the entry: {exc}")
        return state
    _set_text(state, entry.text)
    state.tokens += 1
    state.focus = {"line": entry.line, "text": entry.text.splitlines()[entry.line - 1], "token": state.tokens}
    what = {"claim": "claim", "note": "note", "entity": "entity correction"}[kind]
    name = f" '{entry.entry_id}'" if entry.entry_id else ""
    state.notice = ("info", f"Added a {what}{name} at line {entry.line}. Finish it, then Save.")
    return state


# --------------------------------------------------------------------------- views


SELECTION = "_reader_text_selection"
VIEW = "reader.view"


def view_switch() -> str:
    """The "Read | Edit" control; returns the view to show ("Read" always for those who may not edit)."""
    if not current_access().can_edit:
        st.session_state.pop(VIEW, None)
        return "Read"
    st.session_state.setdefault(VIEW, "Read")
    st.segmented_control("View", ["Read", "Edit"], key=VIEW, required=True, label_visibility="collapsed",
                         help="Read the annotated article, or edit its annotation file.")
    return st.session_state.get(VIEW) or "Read"


def open_editor() -> None:
    """Switch to the Edit view (from a callback, e.g. after a selection action)."""
    if current_access().can_edit:
        st.session_state[VIEW] = "Edit"


def selection_actions(root: Root, slug: str, document_text: str, selection: dict | None, *,
                      on_created=None) -> None:
    """"New claim", "New note" and "Mark entity" for a text selection ``{start, end, text}``.

    ``selection`` is the article view's trigger value (present for one run); the last selection
    of this document is remembered until an entry is made from it or another one replaces it.
    """
    if not current_access().can_edit:
        return
    if selection:
        with suppress(KeyError, TypeError, ValueError):  # a malformed event from the page is ignored
            st.session_state[SELECTION] = (slug, int(selection["start"]), int(selection["end"]))
    remembered = st.session_state.get(SELECTION)
    if not remembered or remembered[0] != slug:
        return
    _, start, end = remembered
    if not 0 <= start < end <= len(document_text) or not document_text[start:end].strip():
        return

    def create(kind: str) -> None:
        st.session_state.pop(SELECTION, None)
        add_entry(root, slug, kind, document_text, start, end)
        if on_created is not None:
            on_created()

    quote = " ".join(document_text[start:end].split())
    with st.container(key="selection-actions", border=True):
        st.caption(f"Annotate “{quote if len(quote) <= 60 else quote[:59] + '…'}”")
        for kind, label in ACTIONS.items():
            st.button(label, key=f"selection-{kind}", on_click=create, args=(kind,), width="stretch")
        st.button("Dismiss", key="selection-dismiss", type="tertiary",
                  on_click=lambda: st.session_state.pop(SELECTION, None))


def render_editor(root: Root, slug: str, *, found: ModelEntities | None = None,
                  layers: list[str] | None = None) -> None:
    """The Edit view of one document: the YAML, its problems as you type, a preview, and Save."""
    access = current_access()
    if not access.can_edit:
        st.info(access.reason or "This reader is read-only.")
        return
    state = editor_state(root, slug)
    key = _key(slug)
    if key not in st.session_state:  # first draw, or back from another view: the draft survives
        st.session_state[key] = state.draft
    path = root.annotations_path(slug)

    disk = file_digest(path)
    if disk != state.base.digest and state.conflict is None:
        with st.container(key="editor-disk-changed"):
            st.warning(f"{_shown(root, path)} changed on disk since you opened it. Reload it to see the change "
                       "(your text is kept to copy from), or keep editing: Save will show you the difference first.")

    st.html(f"<style>{_page_css()}</style>")  # a style-only element applies to the whole page
    left, right = st.columns([1, 1], gap="medium")
    with left:
        st.text_area(EDITOR_LABEL, key=key, height=560, on_change=_sync, args=(state,),
                     help="Problems are checked as you type; click a line:col below to go there.")
        _sync(state)
        _helper()(key="editor-helper", data={"label": EDITOR_LABEL, "delay": LIVE_DELAY_MS, "focus": state.focus})
        problems = _validate(root, slug, state.draft)
        errors = [p for p in problems if p.is_error]
        _buttons(root, state, errors)
        _messages(root, state)
        _problem_list(problems)
        _saved_versions(root, slug)
    with right:
        _preview(root, slug, state.draft, found, layers)


def _newer_text_arrived() -> bool:
    """True when the browser has sent more (newer text) since this run began: this run's
    validation is stale and stops; the rerun that follows validates the new text."""
    ctx = get_script_run_ctx()
    requests = getattr(ctx, "script_requests", None)
    return requests is not None and getattr(requests, "_state", None) == ScriptRequestType.RERUN


def _validate(root: Root, slug: str, text: str) -> list[Problem]:
    # Cached by text in the store (reruns that change nothing cost a digest), cancelled when stale.
    try:
        return validate_annotations(root, slug, text, cancelled=_newer_text_arrived)
    except ValidationCancelled:
        st.rerun()  # the newer text's run starts at once


def _buttons(root: Root, state: EditorState, errors: list[Problem]) -> None:
    columns = st.columns(3)
    help_text = "Fix the errors first: invalid text is never written." if errors else "Write the file (the previous version is kept in history)."
    columns[0].button("Save", key="editor-save", type="primary", disabled=bool(errors), help=help_text,
                      on_click=_save, args=(root, state, state.base.digest))
    columns[1].button("Reload", key="editor-reload", on_click=_reload, args=(root, state),
                      help="Load the file from disk again; your text is kept to copy from.")
    status = "unsaved changes" if state.dirty else "no unsaved changes"
    columns[2].caption(f"{status} · {len(errors)} error{'s' if len(errors) != 1 else ''}")


SAVES_SHOWN = 10


def _saved_versions(root: Root, slug: str) -> None:
    """Who saved the file and when (annotations/.history/<slug>/log.jsonl), newest first."""
    records = save_log(root, slug)
    if not records:
        return
    with st.expander(f"Saved versions · {len(records)}", expanded=False), st.container(key="editor-saves"):
        lines = [f"- {_escape(r.time.replace('T', ' ').removesuffix('Z'))} UTC · {_escape(r.editor)} · `{_escape(r.digest[:12])}`"
                 for r in records[:SAVES_SHOWN]]
        more = len(records) - SAVES_SHOWN
        st.markdown("\n".join(lines) + (f"\n\n… and {more} earlier" if more > 0 else ""))


def _messages(root: Root, state: EditorState) -> None:
    if state.notice:
        kind, message = state.notice
        {"success": st.success, "info": st.info, "error": st.error}[kind](message)
        state.notice = None
    if state.conflict is not None:
        conflict = state.conflict
        with st.container(key="editor-conflict"):
            st.error(conflict.message)
            st.caption("Difference from the file on disk to your text:")
            st.code(conflict.diff or "(no difference)", language="diff")
            columns = st.columns(2)
            columns[0].button("Reload from disk", key="editor-conflict-reload", on_click=_reload, args=(root, state),
                              help="Show the file as it is on disk; your text is kept below to copy from.")
            columns[1].button("Overwrite with my text", key="editor-overwrite", type="primary",
                              on_click=_save, args=(root, state, conflict.digest),
                              help="Replace the file on disk with your text (its current version goes to history).")
    if state.set_aside:
        with st.expander("Your text from before the reload", expanded=True):
            st.code(state.set_aside, language="yaml")
            st.button("Put my text back in the editor", key="editor-restore", on_click=_restore, args=(state,),
                      help="Replace the editor's text with yours; Save then writes it over the file on disk.")
            st.button("Forget it", key="editor-forget", on_click=lambda: setattr(state, "set_aside", None))


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def _escape(text: str) -> str:
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def _problem_list(problems: list[Problem]) -> None:
    with st.container(key="editor-problems"):
        if not problems:
            st.success("No problems.")
            return
        lines = [f"- `{p.line}:{p.column}` {':red[error]' if p.is_error else ':orange[warning]'}: {_escape(p.message)}"
                 for p in problems]
        st.markdown("\n".join(lines))


@st.cache_resource(max_entries=8, show_spinner=False)
def _model_entities(blocks: tuple[tuple[int, str], ...], model: str, _settings: Settings) -> ModelEntities:
    # Same text, same entities: the preview never reruns the model while the curator types.
    return detect_entities(list(blocks), settings=_settings, model=model)


def _preview(root: Root, slug: str, text: str, found: ModelEntities | None, layers: list[str] | None) -> None:
    st.caption("Preview with your text (not saved yet)")
    document, problems = load_document(root, slug)
    if document is None:
        st.warning("The article cannot be read, so there is nothing to preview.")
        return
    annotations, annotation_problems = parse_annotations(text.replace("\r\n", "\n").removeprefix("\ufeff"),
                                                         display_path(root.annotations_path(slug)))
    if found is None:
        settings = app_state.settings()
        found = _model_entities(tuple((b.start, b.text) for b in document.blocks), model_name(settings), settings)
    reading = build_reading(document, annotations, [*problems, *annotation_problems], found)
    with st.container(height=640, key="editor-preview"):
        st.html(f'<div class="reader-preview">{reading.html(layers)}</div>')
    if reading.orphans:
        st.caption("Not shown (orphans): " + ", ".join(f"{o.layer} '{o.id}' (line {o.line})" for o in reading.orphans))
