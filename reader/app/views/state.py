"""What the reader is looking at: document, selection, layer toggles — and the URL that holds them.

Deep links: ``?doc=SLUG&focus=ID&layers=claims,notes&hide=DATE,CARDINAL``

- ``doc``: the document (default: the first);
- ``focus``: a claim or note id, selected and scrolled into view;
- ``layers``: the layers shown (default: all; ``layers=`` alone shows none);
- ``hide``: entity labels hidden (default: none).

The URL is read once, when a session starts, and then follows the reader's choices, so the
address bar can always be copied.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path

import streamlit as st

from reader.settings import Settings
from reader.sources.documents import Root
from reader.vocabulary import LAYERS

__all__ = [
    "CLICKED_IN",
    "DOC",
    "FOCUS",
    "PROJECT_ROOT",
    "SCROLL",
    "choose_document",
    "current_root",
    "document",
    "ensure_toggles",
    "focus",
    "hidden_labels",
    "hidden_layers",
    "label_key",
    "layer_key",
    "scroll_token",
    "select",
    "settings",
    "shown_layers",
    "start",
    "sync_url",
    "use_settings",
]

DOC = "reader.doc"
FOCUS = "reader.focus"
SCROLL = "reader.scroll"
_STARTED = "reader.started"
CLICKED_IN = "reader.clicked-in-claims"  # claims around the place last clicked (set by the panel)
_SETTINGS = "reader.settings"


def use_settings(settings: Settings) -> Settings:
    """Keep this run's settings (main reads the environment once per run) for the views and their
    callbacks."""
    st.session_state[_SETTINGS] = settings
    return settings


def settings() -> Settings:
    """This run's settings; a view run on its own (without main, as some tests do) reads the
    environment."""
    chosen = st.session_state.get(_SETTINGS)
    return chosen if isinstance(chosen, Settings) else Settings.from_env(os.environ)


def layer_key(layer: str) -> str:
    return f"layer-{layer}"


def label_key(label: str) -> str:
    return f"label-{label}"


def _split(value: str | None) -> list[str]:
    return [part.strip() for part in (value or "").split(",") if part.strip()]


def start(slugs: Sequence[str]) -> str | None:
    """On a session's first run, take doc/focus/layers/hide from the URL. Returns a message
    for a ``doc`` that does not exist (the first document is shown instead). `slugs` are the
    root's, in order; later runs read none of them."""
    state = st.session_state
    if state.get(_STARTED):
        return None
    state[_STARTED] = True
    params = st.query_params
    problem = None
    doc = params.get("doc")
    if doc and doc in slugs:
        state[DOC] = doc
    else:
        if doc:
            problem = doc
        state[DOC] = slugs[0] if slugs else None
    focus = params.get("focus")
    state[FOCUS] = focus or None
    state[SCROLL] = 1 if focus else 0
    if "layers" in params:
        shown = set(_split(params.get("layers")))
        for layer in LAYERS:
            state[layer_key(layer)] = layer in shown
    for label in _split(params.get("hide")):
        state[label_key(label)] = False
    return problem


def document() -> str | None:
    return st.session_state.get(DOC)


def focus() -> str | None:
    return st.session_state.get(FOCUS)


def scroll_token() -> int:
    return st.session_state.get(SCROLL, 0)


def select(annotation_id: str | None, *, scroll: bool = True) -> None:
    """Select a claim or note (None: nothing); `scroll` brings it into view in the article."""
    st.session_state[FOCUS] = annotation_id
    st.session_state.pop(CLICKED_IN, None)
    if scroll and annotation_id:
        st.session_state[SCROLL] = scroll_token() + 1


def choose_document(slug: str) -> None:
    st.session_state[DOC] = slug
    st.session_state[FOCUS] = None


def ensure_toggles(labels: Iterable[str]) -> None:
    """Give every layer and label toggle a value before its widget is drawn (default: shown)."""
    for key in [*(layer_key(layer) for layer in LAYERS), *(label_key(label) for label in labels)]:
        if key not in st.session_state:
            st.session_state[key] = True


def shown_layers() -> list[str]:
    return [layer for layer in LAYERS if st.session_state.get(layer_key(layer), True)]


def hidden_layers() -> list[str]:
    return [layer for layer in LAYERS if not st.session_state.get(layer_key(layer), True)]


def hidden_labels(labels: Iterable[str]) -> list[str]:
    return [label for label in labels if not st.session_state.get(label_key(label), True)]


def sync_url(labels: Iterable[str]) -> None:
    """Write the current document, selection and toggles to the address bar."""
    wanted: dict[str, str] = {}
    if document():
        wanted["doc"] = document() or ""
    if focus():
        wanted["focus"] = focus() or ""
    layers = shown_layers()
    if len(layers) != len(LAYERS):
        wanted["layers"] = ",".join(layers)
    hidden = hidden_labels(labels)
    if hidden:
        wanted["hide"] = ",".join(hidden)
    if dict(st.query_params) != wanted:
        st.query_params.from_dict(wanted)


PROJECT_ROOT = Path(__file__).resolve().parents[3]


def current_root(settings: Settings) -> Root:
    """The settings' root (READER_ROOT), else the project folder."""
    return Root(settings.root.resolve() if settings.root else PROJECT_ROOT)
