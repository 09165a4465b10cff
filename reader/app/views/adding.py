"""Add a document (editors only, as for editing): upload a saved web page, PDF, Word, text or
Markdown file, or paste text; see what was extracted (title, author, date, source, body) and
correct it; "Add the document" writes article/<slug>.md (reader.importing) and opens it in the
Edit view, where its suggested claims wait.
"""

from __future__ import annotations

import re

import streamlit as st

from reader.app.views import state as app_state
from reader.app.views.editor import VIEW
from reader.app.views.signin import current_access
from reader.importing import FORMATS, Extracted, ImportBlock, Unreadable, clean_text, extract
from reader.importing.article import SlugTaken, save_article, slug_for
from reader.importing.model import MAX_FILE_BYTES
from reader.sources.documents import Root

__all__ = ["add_document", "body_blocks", "body_text", "open_added"]

FOUND = "_reader_add_found"  # the Extracted being corrected
OPEN = "_reader_add_open"  # the dialog is open
ROUND = "_reader_add_round"  # a new round's uploader starts empty
REFUSED = "_reader_add_refused"  # the upload that was refused (not read again on every run)
TO_EDIT = "_reader_add_to_edit"  # a document was added: open the Edit view on the next run


def body_text(blocks: list[ImportBlock]) -> str:
    """The body as the dialog shows it: paragraphs and "## " headings, a blank line apart."""
    return "\n\n".join(f"## {b.text}" if b.kind == "heading" else b.text for b in blocks)


def body_blocks(text: str) -> list[ImportBlock]:
    blocks = []
    for piece in re.split(r"\n\s*\n", text.replace("\r\n", "\n")):
        words = clean_text(piece)
        if words.startswith("## "):
            blocks.append(ImportBlock("heading", words[3:].strip()))
        elif words:
            blocks.append(ImportBlock("paragraph", words))
    return blocks


def open_added() -> None:
    """After a document was added, show the Edit view: called before the view switch is drawn
    (a widget's value set from a dialog can lose to the browser's on the next run)."""
    if st.session_state.pop(TO_EDIT, False):
        st.session_state[VIEW] = "Edit"


def add_document(root: Root) -> None:
    """The sidebar's "Add a document" button (for editors), and the dialog it opens."""
    if not current_access().can_edit:
        return
    if st.button("Add a document", key="add-document", width="stretch"):
        st.session_state.pop(FOUND, None)
        st.session_state[OPEN] = True
    if st.session_state.get(OPEN):  # drawn again on every run until it is closed
        _dialog(root)


def _closed() -> None:
    st.session_state.pop(FOUND, None)
    st.session_state.pop(OPEN, None)


# Closed by its own buttons only: a dismissal's rerun could race the run that opens the editor.
@st.dialog("Add a document", width="large", dismissible=False)
def _dialog(root: Root) -> None:
    found: Extracted | None = st.session_state.get(FOUND)
    if found is None:
        _read(root)
    else:
        _correct(root, found)
    if st.button("Cancel", key="add-cancel", type="tertiary"):
        _closed()
        st.rerun()


def _read(root: Root) -> None:
    upload = st.file_uploader(
        "A saved web page, PDF, Word, text or Markdown file (read as soon as it is chosen)",
        type=[ending.lstrip(".") for ending in FORMATS],
        key=f"add-upload-{st.session_state.get(ROUND, 0)}",  # a new key empties it
        max_upload_size=MAX_FILE_BYTES // 1_000_000,  # MB, as the importer's cap
    )
    pasted = st.text_area("…or paste the article's text", key="add-paste", height=160)
    read_pasted = st.button("Read the text", key="add-read", type="primary")
    try:
        if upload is not None and st.session_state.get(REFUSED) != upload.file_id:
            found = extract(upload.name, upload.getvalue())
        elif read_pasted and pasted.strip():
            found = extract("pasted.txt", pasted.encode("utf-8"))
        elif read_pasted:
            st.error("Choose a file or paste some text first.")
            return
        else:
            return
    except Unreadable as exc:
        if upload is not None:
            st.session_state[REFUSED] = upload.file_id  # said once; paste text or choose another
        st.error(f"Nothing added: {exc}.")
        return
    st.session_state[FOUND] = found
    st.rerun()


def _correct(root: Root, found: Extracted) -> None:
    st.caption(
        f"Read from a {found.format}: {len(found.blocks)} blocks, {found.words:,} words. "
        "Correct what is wrong, then add it."
    )
    title = st.text_input("Title", value=found.title or "", key="add-title")
    author = st.text_input(
        "Author (several: separated by ;)", value="; ".join(found.author), key="add-author"
    )
    published = st.text_input(
        "Published (YYYY-MM-DD)", value=found.published or "", key="add-published"
    )
    source = st.text_input(
        "Source (the page's address)", value=found.source or "", key="add-source"
    )
    slug = st.text_input(
        "Slug (the file's name)", value=slug_for(title or "document"), key="add-slug"
    )
    body = st.text_area(
        "Body: paragraphs a blank line apart; a heading starts with ## ",
        value=body_text(found.blocks),
        height=320,
        key="add-body",
    )
    keep, back = st.columns([1, 1])
    if back.button("Start again", key="add-again"):
        st.session_state.pop(FOUND, None)
        st.session_state[ROUND] = st.session_state.get(ROUND, 0) + 1
        st.rerun()
    if keep.button("Add the document", key="add-save", type="primary"):
        from reader.importing.web import safe_source

        corrected = Extracted(
            title=clean_text(title) or None,
            author=[a for a in (clean_text(x) for x in author.split(";")) if a],
            published=clean_text(published) or None,
            source=safe_source(source),
            blocks=body_blocks(body),
            format=found.format,
        )
        if not corrected.title:
            st.error("Give the document a title.")
            return
        if published.strip() and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", published.strip()):
            st.error("Write the date as YYYY-MM-DD, like 2024-03-05, or leave it empty.")
            return
        if source.strip() and corrected.source is None:
            st.error("The source must be a web address (http or https).")
            return
        if not current_access().can_edit:
            st.error("Editing is off for this session: nothing was added.")
            return
        try:
            written = save_article(root, corrected, title=corrected.title, slug=slug.strip())
        except (SlugTaken, ValueError, Unreadable) as exc:
            st.error(f"Nothing added: {exc}.")
            return
        except OSError as exc:
            st.error(f"Nothing added: the file could not be written ({exc.strerror or exc}).")
            return
        _closed()
        app_state.choose_document(written)
        # The address names the new document from this run on: the rerun below can be cut short.
        st.query_params.from_dict({"doc": written})
        st.session_state[TO_EDIT] = True  # the view switch takes it before it is drawn
        st.rerun()
