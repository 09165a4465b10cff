"""The library's evidence pages: a note (``?note=ID``), a curated entity (``?entity=TEXT``) and the
dashboard (``?view=dashboard``). Composed in reader.library (evidence, pages); this view only
reads the query, caches the library's readings and shows what the core built.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from reader.app.views.chrome import page_style
from reader.app.views.live import live_reload
from reader.app.views.markup import fragment, md_escape
from reader.html.figures import figure_sentence, figure_spec, stat_items
from reader.library.evidence import dashboard, entity_page, library_readings, note_page
from reader.library.pages import (
    dashboard_html,
    entity_html,
    note_html,
    status_chart_spec,
    status_sentence,
)
from reader.reading import Reading
from reader.settings import Settings
from reader.sources.documents import Root, file_signature
from reader.sources.schema import Figure

__all__ = ["DASHBOARD", "evidence_page"]

DASHBOARD = "dashboard"  # ?view=dashboard
# Tables keep whole words in their headings, and a row's heading (a document) reads left-aligned.
_STYLE = """
.rd-library-page .rd-table-wrap { overflow-x: auto; }
.rd-library-page .rd-table thead th { white-space: nowrap; }
.rd-library-page .rd-table th, .rd-library-page .rd-table td { padding: 0.25rem 0.6rem; }
.rd-library-page .rd-table th[scope="row"] { text-align: left; }
.rd-library-page .rd-table td { text-align: right; font-variant-numeric: tabular-nums; }
"""


def _files(root: Root) -> list[Path]:
    """Every file the pages are made of: each document's two files and the shared one."""
    slugs = root.slugs()
    return [
        *(root.article_path(s) for s in slugs),
        *(root.annotations_path(s) for s in slugs),
        root.shared_path(),
    ]


@st.cache_resource(max_entries=2, show_spinner=False)
def _readings(root: str, signature: tuple, _settings: Settings) -> list[Reading]:
    # Keyed by every file's size and time: an edit anywhere reads the library again.
    return library_readings(Root(Path(root)), _settings)


def evidence_page(root: Root, settings: Settings) -> bool:
    """Show the page the query asks for; False when it asks for none of them (the reader shows)."""
    params = st.query_params
    note_id, entity, view = params.get("note"), params.get("entity"), params.get("view")
    if note_id is None and entity is None and view != DASHBOARD:
        return False
    files = _files(root)
    live_reload(files, key="library-live-reload", every=settings.poll_seconds)
    readings = _readings(str(root.path), file_signature(files), settings)
    page_style([])  # the app's stylesheet: status badges, note cards, figure captions
    st.html(f"<style>{_STYLE}</style>")
    st.html(
        '<nav class="rd rd-library-nav"><a href="./" target="_self">Library</a> · '
        f'<a href="?view={DASHBOARD}" target="_self">Dashboard</a></nav>'
    )
    if note_id is not None:
        _note(readings, note_id)
    elif entity is not None:
        _entity(readings, entity)
    else:
        _dashboard(readings)
    return True


def _note(readings: list[Reading], note_id: str) -> None:
    page = note_page(readings, note_id)
    if page is None:
        st.warning(f"No document has a note called “{md_escape(note_id)}”.")
        return
    st.html(note_html(page))
    for figure in page.figures:
        _figure(figure)


def _entity(readings: list[Reading], text: str) -> None:
    page = entity_page(readings, text)
    if page is None:
        st.warning(f"No curated entity reads “{md_escape(text)}” in this library.")
        return
    st.html(entity_html(page))


def _dashboard(readings: list[Reading]) -> None:
    board = dashboard(readings)
    st.title("Dashboard")
    spec = status_chart_spec(board)
    st.vega_lite_chart(spec, width="stretch", theme="streamlit", alt=status_sentence(board))
    st.html(dashboard_html(board))


def _figure(figure: Figure) -> None:
    """A figure as a claim's panel draws it (no rows marked: no one claim is selected here)."""
    with st.container(border=True, key=f"library-figure-{figure.id}"):
        st.html(fragment("figure_head", figure=figure))
        if figure.type == "stat":
            items = stat_items(figure)
            for row in range(0, len(items), 2):
                for column, item in zip(st.columns(2), items[row : row + 2]):
                    column.metric(md_escape(item.label), item.value)
        else:
            st.vega_lite_chart(figure_spec(figure), width="stretch", theme="streamlit")
            st.html(fragment("figure_text", sentence=figure_sentence(figure)))
        st.html(fragment("figure_foot", figure=figure, thinned=None))
