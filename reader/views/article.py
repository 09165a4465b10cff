"""The article view: a Streamlit custom component (v2, inline, no iframe) showing the core's HTML.

`article_view` mounts the article and returns the component's result, whose trigger values
(each present for the one script run after the event, else None) are:

- ``click``: ``{"layer": "claims" | "notes" | "entities", "id": str, "ids": [str],
  "note": str | None, "claims": [str]}`` — a highlight was clicked (or Enter pressed on a
  claim). ``id``/``ids`` are the clicked highlight's annotation ids (claim ids, ``e12`` entity
  ids, ``<note>@<start>`` note mentions), ``note`` the note it links to, ``claims`` every
  claim covering the clicked place.
- ``selection``: ``{"start": int, "end": int, "text": str}`` — text selected in the article;
  offsets index the document text and ``text == reading.text[start:end]``.

`article_state` sends what changes often (toggles, selection) in a second, tiny component,
so a toggle or a click never re-sends the article itself. Layers are hidden with the
``hide-<layer>`` classes of reader/templates/article.css and labels with attribute selectors:
nothing is re-rendered.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import streamlit as st

from reader.reading import Reading
from reader.render import article_css, safe_url

HERE = Path(__file__).parent
CLICK = "click"
SELECTION = "selection"


def _read(name: str) -> str:
    return (HERE / name).read_text(encoding="utf-8")


_ARTICLE = st.components.v2.component(
    "reader_article",
    html=_read("article.html"),
    css=article_css() + "\n" + _read("article.css"),
    js=_read("article.js"),
    isolate_styles=False,  # text selections and page scrolling work on the page's own DOM
)
_STATE = st.components.v2.component("reader_article_state", js=_read("state.js"), isolate_styles=False)


def _ignore() -> None:
    """Events are read from the component's result; the callbacks only declare them."""


def article_view(reading: Reading, pages: list[str], *, key: str = "reader-article") -> Any:
    """Mount the article; returns the component result (see the module docstring)."""
    document = reading.document
    data = {
        # The same document text, annotations and model give the same key: the browser keeps its DOM.
        "key": f"{document.slug}:{hash(tuple(pages))}",
        "slug": document.slug,
        "section": document.meta.section or "",
        "source": safe_url(document.meta.source) or "",
        "length": len(reading.text),
        "pages": pages,
    }
    return _ARTICLE(key=key, data=data, on_click_change=_ignore, on_selection_change=_ignore)


def article_state(*, hidden_layers: list[str], hidden_labels: list[str], selected: str | None,
                  selected_kind: str | None, scroll: int, key: str = "reader-article-state") -> None:
    """Send toggles and the selection to the article view (the element itself is hidden)."""
    _STATE(key=key, data={"hidden_layers": hidden_layers, "hidden_labels": hidden_labels,
                          "selected": selected, "selected_kind": selected_kind, "scroll": scroll})
