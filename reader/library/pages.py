"""The library's pages as escaped HTML (Jinja2 templates in reader/html/templates/library/) and the
dashboard's chart (a Vega-Lite spec built with Altair): a note's page, a curated entity's page,
the dashboard. The app shows them; every value is escaped by the templates.
"""

from __future__ import annotations

from typing import Any

import altair as alt

from reader.html.templates import render
from reader.library.evidence import NOT_ASSESSED, Dashboard, EntityPage, NotePage
from reader.vocabulary import STATUS_COLORS, STATUS_TEXT, UNASSESSED_TEXT

__all__ = [
    "dashboard_html",
    "entity_html",
    "note_html",
    "status_chart_spec",
    "status_sentence",
]

_UNASSESSED_COLOR = "#adb5bd"
BAR_STEP = 26  # pixels per status: room for its label on the axis


def _statuses() -> dict[str, dict[str, str]]:
    """Each status as the templates' badges show it: {key, text, color}."""
    return {
        key: {"key": key, "text": text, "color": STATUS_COLORS[key]}
        for key, text in STATUS_TEXT.items()
    }


def note_html(page: NotePage) -> str:
    return render("library/note.html", page=page, statuses=_statuses())


def entity_html(page: EntityPage) -> str:
    return render("library/entity.html", page=page)


def status_sentence(board: Dashboard) -> str:
    """The status chart's numbers in words, for screen readers and for the page's text."""
    parts = [
        f"{count} {_status_text(key).lower()}" for key, count in board.by_status.items() if count
    ]
    documents = f"{board.documents} document{'s' if board.documents != 1 else ''}"
    if not parts:
        return f"No claims yet in {documents}."
    return f"{board.claims} claims in {documents}: " + ", ".join(parts) + "."


def dashboard_html(board: Dashboard) -> str:
    return render(
        "library/dashboard.html",
        board=board,
        statuses=_statuses(),
        status_sentence=status_sentence(board),
    )


def _status_text(key: str) -> str:
    return UNASSESSED_TEXT if key == NOT_ASSESSED else STATUS_TEXT.get(key, key)


def status_chart_spec(board: Dashboard) -> dict[str, Any]:
    """Claims by status as a bar chart, one bar per status in the statuses' order, each in its
    colour and labelled with its count (so colour is never the only sign)."""
    rows = [
        {"status": _status_text(key), "claims": count} for key, count in board.by_status.items()
    ]
    order = [_status_text(key) for key in board.by_status]
    colors = [STATUS_COLORS.get(key, _UNASSESSED_COLOR) for key in board.by_status]
    base = alt.Chart(alt.InlineData(values=rows)).encode(
        y=alt.Y("status:N", sort=order, title=None),
        x=alt.X("claims:Q", title="Claims", axis=alt.Axis(tickMinStep=1)),
    )
    bars = base.mark_bar().encode(
        color=alt.Color("status:N", scale=alt.Scale(domain=order, range=colors), legend=None),
        tooltip=[alt.Tooltip("status:N", title="Status"), alt.Tooltip("claims:Q", title="Claims")],
    )
    labels = base.mark_text(align="left", dx=4).encode(text="claims:Q")
    chart = (bars + labels).properties(
        title="Claims by status", height=alt.Step(BAR_STEP), background="transparent"
    )
    spec: dict[str, Any] = chart.configure_view(stroke=None).to_dict()
    return spec
