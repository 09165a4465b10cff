"""A test page: the article view alone, echoing the events it reports (for the editing side's
contract)."""

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import streamlit as st

from reader.app.views import article, loading, state

settings = state.settings()
root = loading.current_root(settings)
slug = root.slugs()[0]
reading = loading.reading(root, slug, settings)
events = article.article_view(reading, loading.article_pages(root, slug, settings))
article.article_state(
    hidden_layers=[], hidden_labels=[], selected=None, selected_kind=None, scroll=0
)
if events.selection:
    selection = events.selection
    st.session_state["selection"] = {
        **selection,
        "matches": reading.text[selection["start"] : selection["end"]] == selection["text"],
    }
if events.click:
    st.session_state["click"] = events.click
st.code(
    json.dumps(
        {"selection": st.session_state.get("selection"), "click": st.session_state.get("click")},
        ensure_ascii=False,
        sort_keys=True,
    ),
    language="json",
)
