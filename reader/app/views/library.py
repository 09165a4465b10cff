"""The library page: the app's home when the root holds two or more documents; and, in a
document's sidebar, the link back to it and, in a large library, the finder of documents by title.

Links: ``?q=QUERY`` opens it with that search; the filters are in the URL too
(``section``, ``tag``, ``from``, ``to``, ``status``, ``sort=title``, ``page``), so a page of
the library can be shared. Every figure comes from the index (reader.library), which each run
brings up to date (at most once every poll interval).
"""

from __future__ import annotations

import datetime
import threading
import time

import streamlit as st

from reader.app.views.markup import md_escape
from reader.assets import read_asset
from reader.library.catalog import (
    FIND_LIMIT,
    PAGE_SIZE,
    Filters,
    facets,
    find_titles,
    group_hits,
    list_documents,
    titles,
)
from reader.library.index import LibraryIndex
from reader.library.page import documents_html, found_html, hits_html, status_text
from reader.library.query import UNASSESSED
from reader.library.search import search
from reader.settings import Settings
from reader.sources.documents import Root
from reader.vocabulary import STATUSES

__all__ = [
    "FINDER",
    "MAX_HITS",
    "back_link",
    "document_finder",
    "document_titles",
    "library_page",
    "opens_library",
]

MAX_HITS = 200  # hits shown for one search, grouped by document
FINDER = "reader-doc-find"  # the key of the sidebar's "Find a document" box
_PARAMS = ("q", "section", "tag", "from", "to", "status", "sort", "page")
_KEY = "library-"  # session-state keys of the page's widgets
_ANY = "(any)"


class _Library:
    """A root's index and when it was last brought up to date (one per process)."""

    def __init__(self, root: Root, settings: Settings) -> None:
        self.index = LibraryIndex(root, settings)
        self.updated = 0.0
        self.lock = threading.Lock()

    def fresh(self, every: float) -> LibraryIndex:
        with self.lock:
            if not self.updated or (every and time.monotonic() - self.updated >= every):
                with st.spinner("Updating the library's index…"):
                    self.index.update()
                self.updated = time.monotonic()
        return self.index


@st.cache_resource(show_spinner=False)
def _library(root: Root, settings: Settings) -> _Library:
    return _Library(root, settings)


def opens_library(documents: int) -> bool:
    """Whether this run shows the library: two or more documents, and no document asked for
    (or a search)."""
    params = st.query_params
    return documents >= 2 and (
        "q" in params or not ({"doc", "note", "entity", "view"} & set(params))
    )


def document_titles(root: Root, settings: Settings) -> dict[str, str]:
    """slug -> title for the document picker, from the index: a library of thousands opens a
    document without reading every file (a document not indexed yet shows its slug)."""
    indexed = titles(_library(root, settings).fresh(settings.poll_seconds))
    return {slug: indexed.get(slug, slug) for slug in root.slugs()}


def back_link() -> None:
    st.html('<a class="rd-lib-back" href="?" target="_self">← Library</a>')


def document_finder(root: Root, settings: Settings, current: str, title: str) -> None:
    """In a library too large for the picker, the sidebar's way to another document: the open
    document's title, and a box that finds documents by the words of their titles, FIND_LIMIT
    at most, each a link that opens it, with a link that searches the whole library for the
    words. Nothing is read from the index until words are typed."""
    st.markdown(f"**Document:** {md_escape(title)}")
    query = st.text_input(
        "Find a document",
        key=FINDER,
        placeholder="words of its title",
        help="Words of a document's title (all of them); case and accents never matter, and "
        "`word*` is a prefix. The library page searches the documents' text too.",
    )
    if not query.strip():
        return
    index = _library(root, settings).fresh(settings.poll_seconds)
    found = find_titles(index, query, limit=FIND_LIMIT + 1)
    st.html(
        found_html(found[:FIND_LIMIT], query=query, current=current, more=len(found) > FIND_LIMIT)
    )


def library_page(root: Root, settings: Settings) -> None:
    library = _library(root, settings)
    index = library.index if library.index.path.exists() else library.fresh(0)
    _start()
    st.html(f"<style>{read_asset('library.css')}</style>")
    choices = facets(index)
    st.title("Library")
    st.html('<a href="?view=dashboard" target="_self">Dashboard: the library at a glance</a>')
    query = st.text_input(
        "Search the library",
        key=_KEY + "q",
        placeholder='words, "a quoted phrase", prefix*',
        help="All words must occur; case and accents never matter.",
    )
    with st.sidebar:
        st.markdown("### Library")
        filters = _filters(choices.sections, choices.tags, choices.first, choices.last)
    if query.strip():
        hits = search(index, query, limit=MAX_HITS)
        groups = group_hits(hits)
        st.caption(
            f"{len(hits)}{'+' * (len(hits) == MAX_HITS)} hit{'s' * (len(hits) != 1)} "
            f"in {len(groups)} document{'s' * (len(groups) != 1)}"
            if hits
            else f"No hits for “{query.strip()}”."
        )
        st.html(hits_html(groups))
    else:
        listing = list_documents(index, filters)
        st.caption(
            f"{listing.total:,} of {choices.documents:,} documents · page {listing.page} of "
            f"{listing.pages}"
        )
        st.html(documents_html(listing.documents, start=(listing.page - 1) * PAGE_SIZE + 1))
        if listing.pages > 1:
            st.number_input("Page", 1, listing.pages, key=_KEY + "page", step=1)
    _sync_url()
    library.fresh(settings.poll_seconds)  # after drawing: the page never waits for it


def _start() -> None:
    """On a session's first run, the widgets take their values from the URL."""
    state = st.session_state
    if state.get(_KEY + "started"):
        return
    state[_KEY + "started"] = True
    params = st.query_params
    state[_KEY + "q"] = params.get("q", "")
    for name in ("section", "tag", "status"):
        state[_KEY + name] = params.get(name) or _ANY
    state[_KEY + "sort"] = "Title" if params.get("sort") == "title" else "Date"
    for name in ("from", "to"):
        state[_KEY + name] = _date(params.get(name))
    page = params.get("page", "1")
    state[_KEY + "page"] = int(page) if page.isdigit() and 0 < int(page) < 10**6 else 1


def _date(text: str | None) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _filters(sections: list[str], tags: list[str], first: str | None, last: str | None) -> Filters:
    state = st.session_state
    for name, options in (("section", sections), ("tag", tags)):
        if state[_KEY + name] not in (_ANY, *options):
            state[_KEY + name] = _ANY  # a choice from a link that the library no longer has
    section = st.selectbox("Section", [_ANY, *sections], key=_KEY + "section")
    tag = st.selectbox("Tag", [_ANY, *tags], key=_KEY + "tag")
    statuses = [_ANY, *STATUSES, UNASSESSED]
    if state[_KEY + "status"] not in statuses:
        state[_KEY + "status"] = _ANY
    status = st.selectbox(
        "With a claim that is",
        statuses,
        key=_KEY + "status",
        format_func=lambda s: s if s == _ANY else status_text(s),
    )
    low = _date(first) or datetime.date(1900, 1, 1)
    high = _date(last) or datetime.date(2100, 1, 1)
    for name in ("from", "to"):
        value = state[_KEY + name]
        if value is not None and not low <= value <= high:
            state[_KEY + name] = None  # outside the library's dates: the widget would refuse it
    since = st.date_input("Published from", None, low, high, key=_KEY + "from", format="YYYY-MM-DD")
    until = st.date_input("Published until", None, low, high, key=_KEY + "to", format="YYYY-MM-DD")
    sort = st.radio("Sort by", ["Date", "Title"], key=_KEY + "sort", horizontal=True)
    return Filters(
        section=None if section == _ANY else section,
        tag=None if tag == _ANY else tag,
        since=since.isoformat() if isinstance(since, datetime.date) else None,
        until=until.isoformat() if isinstance(until, datetime.date) else None,
        status=None if status == _ANY else status,
        sort="title" if sort == "Title" else "date",
        page=int(state.get(_KEY + "page") or 1),
    )


def _sync_url() -> None:
    state = st.session_state
    values = {
        "q": state[_KEY + "q"].strip(),
        "section": "" if state[_KEY + "section"] == _ANY else state[_KEY + "section"],
        "tag": "" if state[_KEY + "tag"] == _ANY else state[_KEY + "tag"],
        "status": "" if state[_KEY + "status"] == _ANY else state[_KEY + "status"],
        "from": state[_KEY + "from"].isoformat() if state[_KEY + "from"] else "",
        "to": state[_KEY + "to"].isoformat() if state[_KEY + "to"] else "",
        "sort": "title" if state[_KEY + "sort"] == "Title" else "",
        "page": str(state.get(_KEY + "page") or 1) if state.get(_KEY + "page", 1) != 1 else "",
    }
    wanted = {name: values[name] for name in _PARAMS if values[name]}
    if dict(st.query_params) != wanted:
        st.query_params.from_dict(wanted)
