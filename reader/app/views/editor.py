"""The Edit view and the selection actions: the editing side of the app, on reader.editing.store and
reader.editing.authoring.

State per document lives in ``st.session_state`` (an :class:`EditorState`): what the editor
loaded (its digest is what a save compares against) and the curator's draft, which survives
reruns and switching views. The text is edited in a code editor (reader.app.views.code_editor:
CodeMirror, with the problems in place and completion from reader.editing.completion); the
browser sends the text after a pause in typing, and Ctrl+S as a save. Python replaces the
editor's text only by bumping the state's ``revision``, so a text from the browser that was
typed before a reload is never taken. Nothing here is shown, and nothing writes, in read-only mode.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass, field, replace
from pathlib import Path

import streamlit as st

from reader.app.views import state as app_state
from reader.app.views.code_editor import code_editor, newer_text
from reader.app.views.sidebar import LABEL_NAMES
from reader.app.views.signin import current_access
from reader.app.views.suggestions import suggested_claims
from reader.editing.authoring import AuthoringError, new_entry
from reader.editing.completion import vocabulary
from reader.editing.store import (
    EditBase,
    SaveResult,
    StoreError,
    file_digest,
    load_for_edit,
    match_newlines,
    save_annotations,
    save_log,
)
from reader.editing.triage import Suggestion, triage
from reader.editing.validation import validate_annotations
from reader.html.render import article_css
from reader.layers.entities import ModelEntities, detect_entities, model_name
from reader.reading import Reading, build_reading
from reader.settings import Settings
from reader.sources.annotations import (
    load_annotations,
    load_shared,
    parse_annotations,
    parse_shared,
)
from reader.sources.documents import (
    SHARED_SLUG,
    Document,
    FileSignature,
    Root,
    display_path,
    file_signature,
    load_document,
)
from reader.sources.problems import Problem

__all__ = [
    "EDITOR_LABEL",
    "VIEW",
    "EditorState",
    "add_entry",
    "editor_state",
    "open_editor",
    "put_entry",
    "render_editor",
    "selection_actions",
    "view_switch",
]

EDITOR_LABEL = "Annotations (YAML)"
ACTIONS = {"claim": "New claim", "note": "New note", "entity": "Mark entity"}
_STYLE = """
.st-key-editor-problems ul, .st-key-editor-triage ul { max-height: 16rem; overflow-y: auto; }
.st-key-editor-triage code { cursor: pointer; }
.reader-problems { list-style: none; margin: 0; padding: 0; }
.reader-problems li { margin: 0 0 0.15rem; }
.reader-problem {
  display: block; width: 100%; padding: 0.25rem 0.5rem; border: 0; border-radius: 0.4rem;
  font: inherit; line-height: 1.5; text-align: left; color: inherit; background: none;
  cursor: pointer;
}
.reader-problem:hover { background: color-mix(in srgb, currentColor 8%, transparent); }
.reader-problem:focus-visible {
  outline: 2px solid var(--st-primary-color, #1c6ed6); outline-offset: 1px;
}
.reader-problem code { font-size: 0.85em; padding: 0.05rem 0.25rem; border-radius: 0.25rem;
  background: color-mix(in srgb, currentColor 8%, transparent); }
.reader-problem-error { color: var(--st-red-text-color, #9e303b); }
.reader-problem-warning { color: var(--st-orange-text-color, #9a4a00); }
"""


def _page_css() -> str:
    """The editor's style and the article's (for the preview), without comments: the sanitiser drops
    a <style> whose text contains '<' (the article CSS mentions <mark> in a comment)."""
    css = re.sub(r"/\*.*?\*/", "", _STYLE + "\n" + article_css(), flags=re.DOTALL)
    return css.replace("<", "\\3c ")


@dataclass
class EditorState:
    slug: str
    base: EditBase  # what the editor loaded; a save compares the disk against its digest
    draft: str  # the curator's text, as the editor in the browser last sent it
    conflict: SaveResult | None = None
    set_aside: str | None = None  # the curator's text from before a reload, to copy from
    notice: tuple[str, str] | None = None  # (success|info|error, message), shown once
    focus: dict | None = None  # the line to select in the editor (a new entry)
    tokens: int = field(default=0)
    revision: int = 0  # bumped when Python replaces the editor's text
    seq: int = 0  # the newest text taken from the browser
    saves: int = 0  # the newest Ctrl+S handled

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
    return f"editor-{slug}"


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
    state.revision += (
        1  # the browser's editor shows this text, and texts typed before it are not taken
    )


def _browser(state: EditorState) -> dict:
    value = st.session_state.get(_key(state.slug))
    return value if isinstance(value, dict) else {}


def _sync(state: EditorState) -> None:
    """Take the text the browser sent last, if it is newer than the draft."""
    taken = newer_text(_browser(state).get("text"), state.revision, state.seq)
    if taken:
        state.draft, state.seq = taken


def _save_requested(state: EditorState) -> bool:
    """Whether a Ctrl+S came that was not handled yet; its text becomes the draft (it may be newer
    than the last one sent after a pause in typing)."""
    payload = _browser(state).get("save")
    if (
        not isinstance(payload, dict)
        or type(payload.get("seq")) is not int
        or payload["seq"] <= state.saves
    ):
        return False
    state.saves = payload["seq"]
    taken = newer_text(payload, state.revision, state.seq)
    if taken:
        state.draft, state.seq = taken
    if payload.get("revision") != state.revision:
        state.notice = (
            "info",
            "Not saved: the text was replaced while you typed. Save again to write what you see.",
        )
        return False
    return True


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
        result = save_annotations(
            root,
            state.slug,
            text,
            expected_digest=expected,
            editor=access.editor,
            settings=app_state.settings(),
        )
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
    where = (
        f" (the previous version is kept in {_shown(root, result.history_path.parent)}/)"
        if result.history_path
        else ""
    )
    state.notice = (
        "success",
        f"Saved {_shown(root, path)}{where}."
        if result.status == "saved"
        else "No changes to save.",
    )


def _reload(root: Root, state: EditorState) -> None:
    _sync(state)
    previous = state.draft
    state.base = load_for_edit(root.annotations_path(state.slug))
    state.set_aside = (
        previous
        if match_newlines(previous, state.base) != state.base.text and previous.strip()
        else None
    )
    state.conflict = None
    _set_text(state, state.base.text)
    state.notice = (
        "info",
        "Reloaded the file from disk."
        + (" Your text is kept below, to copy from." if state.set_aside else ""),
    )


def _restore(state: EditorState) -> None:
    text, state.set_aside = state.set_aside or "", None
    _set_text(state, text)


def _mtime(path: Path) -> int | None:
    try:
        return path.stat().st_mtime_ns
    except FileNotFoundError:
        return None


def add_entry(
    root: Root, slug: str, kind: str, document_text: str, start: int, end: int
) -> EditorState:
    """Append a new entry for a selection to the editor's text (not saved: the curator finishes
    it)."""

    def make(draft: str) -> tuple[str, int, str]:
        shared = load_shared(root)[0]  # a new id must not be one every document already sees
        entry = new_entry(
            kind,  # type: ignore[arg-type]
            document_text,
            start,
            end,
            draft,
            taken={*shared.figures, *shared.notes},
        )
        what = {"claim": "claim", "note": "note", "entity": "entity correction"}[kind]
        name = f" '{entry.entry_id}'" if entry.entry_id else ""
        return (
            entry.text,
            entry.line,
            f"Added a {what}{name} at line {entry.line}. Finish it, then Save.",
        )

    return put_entry(root, slug, make)


def put_entry(root: Root, slug: str, make: Callable[[str], tuple[str, int, str]]) -> EditorState:
    """Replace the editor's text by ``make(draft)`` -> (new text, entry line, notice), select the
    entry's line, and say so (not saved: the curator finishes it)."""
    access = current_access()
    if not access.can_edit:
        raise StoreError(access.reason)
    state = editor_state(root, slug)
    _sync(state)
    try:
        text, line, notice = make(state.draft)
    except AuthoringError as exc:
        state.notice = ("error", f"Could not add the entry: {exc}")
        return state
    _set_text(state, text)
    state.tokens += 1
    state.focus = {"line": line, "text": text.splitlines()[line - 1], "token": state.tokens}
    state.notice = ("info", notice)
    return state


# --------------------------------------------------------------------------- views


SELECTION = "_reader_text_selection"
VIEW = "reader.view"


def view_switch() -> str:
    """The "Read | Edit" control; returns the view to show ("Read" always for those who may not
    edit)."""
    if not current_access().can_edit:
        st.session_state.pop(VIEW, None)
        return "Read"
    st.session_state.setdefault(VIEW, "Read")
    st.segmented_control(
        "View",
        ["Read", "Edit"],
        key=VIEW,
        required=True,
        label_visibility="collapsed",
        help="Read the annotated article, or edit its annotation file.",
    )
    return st.session_state.get(VIEW) or "Read"


def open_editor() -> None:
    """Switch to the Edit view (from a callback, e.g. after a selection action)."""
    if current_access().can_edit:
        st.session_state[VIEW] = "Edit"


def selection_actions(
    root: Root, slug: str, document_text: str, selection: dict | None, *, on_created=None
) -> None:
    """ "New claim", "New note" and "Mark entity" for a text selection ``{start, end, text}``.

    ``selection`` is the article view's trigger value (present for one run); the last selection
    of this document is remembered until an entry is made from it or another one replaces it.
    """
    if not current_access().can_edit:
        return
    if selection:
        with suppress(
            KeyError, TypeError, ValueError
        ):  # a malformed event from the page is ignored
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
            st.button(
                label, key=f"selection-{kind}", on_click=create, args=(kind,), width="stretch"
            )
        st.button(
            "Dismiss",
            key="selection-dismiss",
            type="tertiary",
            on_click=lambda: st.session_state.pop(SELECTION, None),
        )


def render_editor(
    root: Root, slug: str, *, found: ModelEntities | None = None, layers: list[str] | None = None
) -> None:
    """The Edit view of one document: the YAML, its problems as you type, a preview, and Save."""
    access = current_access()
    if not access.can_edit:
        st.info(access.reason or "This reader is read-only.")
        return
    target = _file_choice(root, slug)  # the document's file, or the shared one
    state = editor_state(root, target)
    _sync(state)
    if _save_requested(state):
        _save(root, state, state.base.digest)
    path = root.annotations_path(target)

    disk = file_digest(path)
    if disk != state.base.digest and state.conflict is None:
        with st.container(key="editor-disk-changed"):
            st.warning(
                f"{_shown(root, path)} changed on disk since you opened it. Reload it "
                "to see the change "
                "(your text is kept to copy from), or keep editing: Save will show "
                "you the difference first."
            )

    st.html(f"<style>{_page_css()}</style>")  # a style-only element applies to the whole page
    left, right = st.columns([1, 1], gap="medium")
    document, document_problems = load_document(root, slug)
    reading = _draft_reading(root, slug, target, state.draft, document, document_problems, found)
    problems = _validate(root, target, state.draft)
    with left:
        code_editor(
            key=_key(target),
            slug=target,
            label=EDITOR_LABEL,
            text=state.draft,
            revision=state.revision,
            seq=state.seq,
            problems=problems,
            vocab=_vocabulary(root, state, document, reading),
            focus=state.focus,
            on_text=_declared,
            on_save=_declared,
        )
        errors = [p for p in problems if p.is_error]
        _buttons(root, state, errors)
        _messages(root, state)
        _problem_list(problems)
        _saved_versions(root, target)
        if reading is not None and target == slug:  # triage is about one document's sentences
            _triage(root, slug, reading, state.draft)
            suggested_claims(root, slug, reading, put_entry)
    with right:
        _preview(reading, layers)


FILE_CHOICE = "reader.editor-file"


def _file_choice(root: Root, slug: str) -> str:
    """Which file the editor shows: the document's annotations, or the evidence every document
    shares (annotations/_shared.yaml). Returns the slug, or SHARED_SLUG."""
    own, shared = f"annotations/{slug}.yaml", f"annotations/{SHARED_SLUG}.yaml"
    if st.session_state.get(FILE_CHOICE) not in (own, shared):
        st.session_state[FILE_CHOICE] = own  # a new document opens on its own file
    st.segmented_control(
        "File",
        [own, shared],
        key=FILE_CHOICE,
        required=True,
        help="This document's annotations, or the figures, notes and entity corrections every "
        "document of the library shares.",
    )
    return SHARED_SLUG if st.session_state.get(FILE_CHOICE) == shared else slug


def _yield_to_newer_text() -> bool:
    """Lets Streamlit stop a stale validation: reading st.session_state is a point where it ends
    the run once the browser has sent more (newer text; `runner.fastReruns`, on by default), and
    the run that follows validates the new text. Never True itself."""
    _ = FILE_CHOICE in st.session_state  # the read is the point
    return False


def _validate(root: Root, slug: str, text: str) -> list[Problem]:
    # Cached by text in the store (reruns that change nothing cost a digest), stopped when stale.
    return validate_annotations(root, slug, text, cancelled=_yield_to_newer_text)


def _buttons(root: Root, state: EditorState, errors: list[Problem]) -> None:
    columns = st.columns(3)
    help_text = (
        "Fix the errors first: invalid text is never written."
        if errors
        else "Write the file (the previous version is kept in history)."
    )
    columns[0].button(
        "Save",
        key="editor-save",
        type="primary",
        disabled=bool(errors),
        help=help_text,
        on_click=_save,
        args=(root, state, state.base.digest),
    )
    columns[1].button(
        "Reload",
        key="editor-reload",
        on_click=_reload,
        args=(root, state),
        help="Load the file from disk again; your text is kept to copy from.",
    )
    status = "unsaved changes" if state.dirty else "no unsaved changes"
    columns[2].caption(f"{status} · {len(errors)} error{'s' if len(errors) != 1 else ''}")


SAVES_SHOWN = 10


def _saved_versions(root: Root, slug: str) -> None:
    """Who saved the file and when (annotations/.history/<slug>/log.jsonl), newest first."""
    records = save_log(root, slug)
    if not records:
        return
    with (
        st.expander(f"Saved versions · {len(records)}", expanded=False),
        st.container(key="editor-saves"),
    ):
        lines = [
            (
                f"- {_escape(r.time.replace('T', ' ').removesuffix('Z'))} UTC · "
                f"{_escape(r.editor)} · `{_escape(r.digest[:12])}`"
            )
            for r in records[:SAVES_SHOWN]
        ]
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
            columns[0].button(
                "Reload from disk",
                key="editor-conflict-reload",
                on_click=_reload,
                args=(root, state),
                help="Show the file as it is on disk; your text is kept below to copy from.",
            )
            columns[1].button(
                "Overwrite with my text",
                key="editor-overwrite",
                type="primary",
                on_click=_save,
                args=(root, state, conflict.digest),
                help=(
                    "Replace the file on disk with your text (its current version goes to history)."
                ),
            )
    if state.set_aside:
        with st.expander("Your text from before the reload", expanded=True):
            st.code(state.set_aside, language="yaml")
            st.button(
                "Put my text back in the editor",
                key="editor-restore",
                on_click=_restore,
                args=(state,),
                help=(
                    "Replace the editor's text with yours; Save then writes it over the "
                    "file on disk."
                ),
            )
            st.button(
                "Forget it", key="editor-forget", on_click=lambda: setattr(state, "set_aside", None)
            )


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def _escape(text: str) -> str:
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def _problem_list(problems: list[Problem]) -> None:
    with st.container(key="editor-problems"):
        if not problems:
            st.success("No problems.")
            return
        st.html(problem_list_html(problems))


def problem_list_html(problems: list[Problem]) -> str:
    """The problems as a list of buttons: a click (or Enter) on one puts the editor's cursor at
    its line and column (frontend/editor/index.js)."""
    items = []
    for p in problems:
        severity = "error" if p.is_error else "warning"
        items.append(
            f'<li><button type="button" class="reader-problem" data-line="{p.line}"'
            f' data-column="{p.column}"><code>{p.line}:{p.column}</code>'
            f' <span class="reader-problem-{severity}">{severity}</span>:'
            f" {html.escape(p.message)}</button></li>"
        )
    return f'<ul class="reader-problems">{"".join(items)}</ul>'


@st.cache_resource(max_entries=8, show_spinner=False)
def _model_entities(
    blocks: tuple[tuple[int, str], ...], model: str, _settings: Settings
) -> ModelEntities:
    # Same text, same entities: the preview never reruns the model while the curator types.
    return detect_entities(list(blocks), settings=_settings, model=model)


def _declared() -> None:
    """The editor's events are read from session state at the top of each run; the callbacks only
    declare them."""


def _draft_reading(
    root: Root,
    slug: str,
    target: str,
    text: str,
    document: Document | None,
    problems: list[Problem],
    found: ModelEntities | None,
) -> Reading | None:
    """The document read with the draft (None when the article cannot be read): the draft is its
    annotation file, or the shared file (``target`` SHARED_SLUG) under its own file on disk."""
    if document is None:
        return None
    text = text.replace("\r\n", "\n").removeprefix("\ufeff")
    if target == SHARED_SLUG:
        shared, shared_problems = parse_shared(text, display_path(root.shared_path()))
        annotations, annotation_problems = load_annotations(
            root.annotations_path(slug), shared=shared
        )
        annotation_problems = [*shared_problems, *annotation_problems]
    else:
        shared, shared_problems = load_shared(root)
        annotations, annotation_problems = parse_annotations(
            text, display_path(root.annotations_path(slug)), shared=shared
        )
        annotation_problems = [*shared_problems, *annotation_problems]
    if found is None:
        settings = app_state.settings()
        found = _model_entities(
            tuple((b.start, b.text) for b in document.blocks), model_name(settings), settings
        )
    return build_reading(document, annotations, [*problems, *annotation_problems], found)


def _vocabulary(
    root: Root, state: EditorState, document: Document | None, reading: Reading | None
) -> dict:
    """What the editor completes; ids come from the draft, or from the file on disk while the draft
    does not parse."""
    annotations = reading.annotations if reading is not None else None
    if annotations is None or annotations.is_empty:
        base = state.base.text.replace("\r\n", "\n").removeprefix("\ufeff")
        shown = display_path(root.annotations_path(state.slug))
        annotations, _ = (
            parse_shared(base, shown)
            if state.slug == SHARED_SLUG
            else parse_annotations(base, shown, shared=load_shared(root)[0])
        )
    blocks = tuple(b.text for b in document.blocks) if document is not None else ()
    return vocabulary(blocks, annotations, LABEL_NAMES)


def _preview(reading: Reading | None, layers: list[str] | None) -> None:
    st.caption("Preview with your text (not saved yet)")
    if reading is None:
        st.warning("The article cannot be read, so there is nothing to preview.")
        return
    with st.container(height=640, key="editor-preview"):
        st.html(f'<div class="reader-preview">{reading.html(layers)}</div>')
    if reading.orphans:
        st.caption(
            "Not shown (orphans): "
            + ", ".join(f"{o.layer} '{o.id}' (line {o.line})" for o in reading.orphans)
        )


@st.cache_data(max_entries=16, show_spinner=False)
def _suggestions(
    root: str,
    slug: str,
    text: str,
    files: FileSignature,  # the article's and the shared file's versions
    model: str | None,
    _reading: Reading,
) -> list[Suggestion]:
    # Keyed like _validate (and by the model; the reading itself is not hashed): reading a book's
    # numbers again on every rerun would show.
    return triage(_reading)


def _triage(root: Root, slug: str, reading: Reading, text: str) -> None:
    """What the file might still need (reader.editing.triage), each sentence with a "New claim"."""
    files = file_signature([root.article_path(slug), root.shared_path()])
    suggestions = _suggestions(str(root.path), slug, text, files, reading.model, reading)
    with (
        st.expander(
            f"Triage: {len(suggestions)} suggestion{'s' if len(suggestions) != 1 else ''}",
            expanded=False,
        ),
        st.container(key="editor-triage"),
    ):
        if not suggestions:
            st.caption(
                "Nothing to suggest: every sentence with numbers has a claim, and "
                "every source cites a page."
            )
        for index, suggestion in enumerate(suggestions):
            if suggestion.start is None:
                st.markdown(
                    f"- `{suggestion.line}:{suggestion.column}` {_escape(suggestion.message)}"
                )
                continue
            words, action = st.columns([5, 1], vertical_alignment="center")
            words.markdown(_escape(suggestion.message))
            action.button(
                "New claim",
                key=f"triage-claim-{index}",
                on_click=_new_claim,
                args=(root, slug, reading.text, suggestion.start, suggestion.end),
                help="Append this sentence to the file as a claim, to finish in the editor.",
            )


def _new_claim(root: Root, slug: str, document_text: str, start: int, end: int) -> None:
    add_entry(root, slug, "claim", document_text, start, end)
