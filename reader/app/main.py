"""The reader in the browser: `streamlit run reader/app/main.py` (or `make run`).

Composes the views; see reader/app/views/ for each one. The READER_* environment variables
(reader.settings) are read once per run, here, and handed to the views.
"""

import os
import sys
from functools import partial
from pathlib import Path

__all__: list[str] = []

sys.path.insert(
    0, str(Path(__file__).resolve().parents[2])
)  # `streamlit run` puts reader/ first, not the project

import streamlit as st

from reader.app.views import chrome, library, state
from reader.settings import Settings

chrome.configure_page()
settings = state.use_settings(Settings.from_env(os.environ))
root = state.current_root(settings)
slugs = root.slugs()
documents = len(slugs)
if library.opens_library(documents):  # two or more documents open on the library
    library.library_page(root, settings)
    st.stop()

# The reader's views, imported after the library's page, which needs none of them.
from reader.app.views import (  # noqa: E402
    adding,
    article,
    editor,
    evidence,
    live,
    loading,
    panel,
    sidebar,
    signin,
)

if evidence.evidence_page(root, settings):  # ?note=ID, ?entity=TEXT, ?view=dashboard
    st.stop()
many = documents > sidebar.PICKER_LIMIT  # too many for the picker: a finder by title instead
if many:
    titles: dict[str, str] = {}  # no title is read but the open document's
elif documents >= 2:
    titles = library.document_titles(root, settings)
else:
    titles = loading.document_titles(root)
missing_doc = state.start(slugs)
if not slugs:
    chrome.empty_root(root)
    with st.sidebar:
        signin.account(signin.current_access())
        adding.add_document(root)  # the first document
    st.stop()

slug = state.document() or slugs[0]
live.live_reload(
    [root.article_path(slug), root.annotations_path(slug), root.shared_path()],
    every=settings.poll_seconds,
)  # before reading
reading = loading.reading(root, slug, settings)
labels = list(reading.label_counts)
state.ensure_toggles(labels)
chrome.page_style(labels)
with st.sidebar:
    if documents >= 2:
        library.back_link()
    signin.account(signin.current_access())  # Sign in / out, and why editing is off when it is
    adding.open_added()  # a document just added opens in the Edit view
    view = (
        editor.view_switch()
    )  # "Read | Edit" for those who may edit (reader.editing.access), else Read
    selection_actions = st.container()
    adding.add_document(root)  # for editors: upload or paste an article
finder = partial(library.document_finder, root, settings, slug, reading.document.title)
sidebar.sidebar(titles, slug, reading, finder=finder if many else None)
chrome.banners(reading, missing_doc, root)
if view == "Edit":
    editor.render_editor(root, slug, layers=state.shown_layers())
    state.sync_url(labels)
    st.stop()

article_column, panel_column = st.columns([1.55, 1], gap="large")
with article_column:
    pages = loading.article_pages(root, slug, settings)
    # The page a deep link opens on is sent with the first one.
    events = article.article_view(reading, pages, focus_page=pages.page_of(state.focus()))
    panel.handle_click(events.click)
    panel.handle_dismiss(events.dismiss)
    with selection_actions:
        editor.selection_actions(
            root, slug, reading.text, events.selection, on_created=editor.open_editor
        )
    article.article_state(
        hidden_layers=state.hidden_layers(),
        hidden_labels=state.hidden_labels(labels),
        selected=state.focus(),
        selected_kind=panel.selected_kind(reading, state.focus()),
        scroll=state.scroll_token(),
        page=pages.page_of(state.focus()),  # a click may have moved the focus
        keys=sidebar.keys_on(),
    )
with panel_column:
    panel.panel(reading, state.focus())

state.sync_url(labels)
