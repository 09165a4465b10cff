"""The article view: a Streamlit custom component (v2, inline, no iframe) showing the core's HTML.

`article_view` mounts the article and returns the component's result, whose trigger values
(each present for the one script run after the event, else None) are:

- ``click``: ``{"layer": "claims" | "notes" | "entities", "id": str, "ids": [str],
  "note": str | None, "claims": [str]}`` — a highlight was clicked (or Enter pressed on a
  claim). ``id``/``ids`` are the clicked highlight's annotation ids (claim ids, ``e12`` entity
  ids, ``<note>@<start>`` note mentions), ``note`` the note it links to, ``claims`` every
  claim covering the clicked place.
- ``dismiss``: a time stamp — the evidence was closed in the page (Escape, a tap on the text
  outside a narrow screen's bottom sheet); the focus went back to the highlight it came from.
- ``selection``: ``{"start": int, "end": int, "text": str}`` — text selected in the article;
  offsets index the document text and ``text == reading.text[start:end]``.

`article_state` sends what changes often (toggles, selection) in a second, tiny component,
so a toggle or a click never re-sends the article itself. Layers are hidden with the
``hide-<layer>`` classes of reader/assets/highlights.css and labels with attribute selectors:
nothing is re-rendered.

A book is not sent whole (~9 MB of HTML take seconds to decode in the browser): the article
carries its first page (and the page a deep link opens on), and the browser asks for the other
pages a few at a time through the state component, which lives in a fragment, so each answer
reruns only that fragment and sends only those pages.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import streamlit as st

from reader.app.views.loading import Pages
from reader.assets import read_asset
from reader.html.render import article_css
from reader.html.sanitize import safe_url
from reader.reading import Reading
from reader.vocabulary import LAYER_NAMES, STATUS_TEXT

__all__ = [
    "CLICK",
    "MAX_PAGES_PER_ANSWER",
    "SELECTION",
    "article_state",
    "article_view",
    "requested_pages",
]

CLICK = "click"
SELECTION = "selection"
DISMISS = "dismiss"


_ARTICLE = st.components.v2.component(
    "reader_article",
    html=read_asset("article.html"),
    css=article_css() + "\n" + read_asset("article.css"),
    js=read_asset("article.js"),  # bundled from frontend/article/ by `make assets`
    isolate_styles=False,  # text selections and page scrolling work on the page's own DOM
)
_STATE = st.components.v2.component(
    "reader_article_state",
    js=read_asset("state.js"),  # bundled from frontend/article/state.js
    isolate_styles=False,
)


# Session state: the pages the state component serves, the pages sent with the article, a request.
_PAGES = "reader.article-pages"
_FIRST = "reader.article-first"
_WANT = "reader.article-want"
#: Most pages sent in one answer: each is a large piece of HTML for the browser to take in.
MAX_PAGES_PER_ANSWER = 4


def _payload(data: dict[str, Any]) -> bytes:
    """The components' data as JSON bytes, which Streamlit forwards as they are: a dict would be
    scanned for dataframes (importing pandas on a server's first run) and dumped twice."""
    return json.dumps(data, separators=(",", ":")).encode()


def _ignore() -> None:
    """Events are read from the component's result; the callbacks only declare them."""


def article_view(
    reading: Reading,
    pages: Sequence[str],
    *,
    focus_page: int | None = None,
    key: str = "reader-article",
) -> Any:
    """Mount the article; returns the component result (see the module docstring).

    `pages` is a list of HTML pages or `loading.Pages` (rendered as asked for). `focus_page` is
    the page a deep link opens on; it is sent with the first page.
    """
    document = reading.document
    # The same document text, annotations and model give the same key: the browser keeps its DOM.
    content = pages.key if isinstance(pages, Pages) else hash(tuple(pages))
    doc_key = f"{document.slug}:{content}"
    st.session_state[_PAGES] = (doc_key, pages)
    # Which pages go with the article is fixed when a document is first shown, so the article's
    # data stays the same on later runs and Streamlit sends a reference to it, not the pages again.
    first = st.session_state.get(_FIRST)
    if not first or first[0] != doc_key:
        first = (doc_key, sorted({0} | ({focus_page} if focus_page is not None else set())))
        st.session_state[_FIRST] = first
    data = {
        "key": doc_key,
        "slug": document.slug,
        "section": document.meta.section or "",
        "source": safe_url(document.meta.source) or "",
        "length": len(reading.text),
        "count": len(pages),
        "statuses": STATUS_TEXT,  # what a screen reader says for a claim's status
        "layer_names": LAYER_NAMES,
        "pages": [[index, pages[index]] for index in first[1] if 0 <= index < len(pages)],
    }
    return _ARTICLE(
        key=key,
        data=_payload(data),
        on_click_change=_ignore,
        on_selection_change=_ignore,
        on_dismiss_change=_ignore,
    )


def article_state(
    *,
    hidden_layers: list[str],
    hidden_labels: list[str],
    selected: str | None,
    selected_kind: str | None,
    scroll: int,
    page: int | None = None,
    keys: bool = True,
    key: str = "reader-article-state",
) -> None:
    """Send toggles and the selection (`page`: the page that holds it) to the article view;
    `keys`: whether j/k (n/p) move between claims."""
    _state(
        {
            "hidden_layers": hidden_layers,
            "hidden_labels": hidden_labels,
            "selected": selected,
            "selected_kind": selected_kind,
            "scroll": scroll,
            "page": page,
            "keys": keys,
        },
        key,
    )


def requested_pages(want: Any, doc_key: str | None, pages: Sequence[str]) -> list[list[int | str]]:
    """[index, html] of the pages the browser asked for ({"key", "from", "to"}), at most a few."""
    if not isinstance(want, dict) or want.get("key") != doc_key:
        return []  # nothing asked, or asked for a document shown before
    start, stop = want.get("from"), want.get("to")
    if type(start) is not int or type(stop) is not int:
        return []
    start = max(start, 0)
    stop = min(stop, len(pages), start + MAX_PAGES_PER_ANSWER)
    return [[index, pages[index]] for index in range(start, stop)]


@st.fragment
def _state(state: dict[str, Any], key: str) -> None:
    # A fragment: a request for pages reruns only this function, not the whole app.
    doc_key, pages = st.session_state.get(_PAGES, (None, []))
    answer = requested_pages(st.session_state.pop(_WANT, None), doc_key, pages)
    data = {**state, "pages": {"key": doc_key, "items": answer}} if answer else state

    def want() -> None:  # runs before the rerun the request causes
        st.session_state[_WANT] = (st.session_state.get(key) or {}).get("want")

    _STATE(key=key, data=_payload(data), on_want_change=want)
