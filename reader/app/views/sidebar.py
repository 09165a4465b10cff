"""The sidebar: document picker (or, in a large library, a finder), a toggle per layer with its
count, per-label toggles as a legend."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from reader.app.views import state
from reader.app.views.markup import fragment, md_escape, status
from reader.reading import Reading
from reader.vocabulary import LAYER_NAMES, STATUS_COLORS

__all__ = [
    "LABEL_NAMES",
    "LAYER_HELP",
    "PICKER",
    "PICKER_LIMIT",
    "document_picker",
    "layer_controls",
    "sidebar",
]

PICKER = "reader-doc-picker"
#: Documents the picker lists at most: it sends every title to the browser on each run and is no
#: list to scroll beyond a few hundred; a larger library gets a finder by title (main.py).
PICKER_LIMIT = 200

LAYER_HELP = {
    "entities": "Names, places, dates and numbers found by spaCy, with the curators' corrections.",
    "claims": (
        "Statements checked against sources; the underline colour is the verdict. Click "
        "one for its evidence."
    ),
    "notes": "Background on people, bodies and events. Click a dotted name to read it.",
}
#: What the OntoNotes labels mean (spaCy's `spacy.explain`, shortened).
LABEL_NAMES = {
    "PERSON": "People",
    "NORP": "Nationalities, religious or political groups",
    "FAC": "Buildings, airports, roads, bridges",
    "ORG": "Organisations",
    "GPE": "Countries, cities, states",
    "LOC": "Other locations",
    "PRODUCT": "Products",
    "EVENT": "Events",
    "WORK_OF_ART": "Titles of works",
    "LAW": "Laws",
    "LANGUAGE": "Languages",
    "DATE": "Dates and periods",
    "TIME": "Times of day",
    "PERCENT": "Percentages",
    "MONEY": "Money",
    "QUANTITY": "Measurements",
    "ORDINAL": "Ordinals (first, second)",
    "CARDINAL": "Other numbers",
}


def _on_pick() -> None:
    state.choose_document(st.session_state[PICKER])


def document_picker(titles: dict[str, str], current: str) -> None:
    """A picker when the root holds several documents."""
    if len(titles) < 2:
        return
    if st.session_state.get(PICKER) != current:
        st.session_state[PICKER] = current
    st.selectbox(
        "Document",
        options=list(titles),
        format_func=lambda slug: titles.get(slug, slug),
        key=PICKER,
        on_change=_on_pick,
    )


def layer_controls(reading: Reading) -> None:
    counts = reading.layer_counts
    st.markdown("#### Layers")
    for layer, name in LAYER_NAMES.items():
        st.toggle(
            f"{name} · {counts.get(layer, 0)}",
            key=state.layer_key(layer),
            help=_layer_help(layer, reading),
        )
        if layer == "claims" and counts.get("claims"):
            st.html(_status_legend(), width="stretch")
        if layer == "entities" and reading.label_counts:
            _label_toggles(reading)
    if reading.model:
        st.caption(f"Entities by {md_escape(reading.model)}")


def _layer_help(layer: str, reading: Reading) -> str:
    text = LAYER_HELP[layer]
    if layer == "entities" and reading.label_counts:
        labels = "\n".join(
            f"- {md_escape(label)}: {LABEL_NAMES.get(label, 'entities with this label')}"
            for label in reading.label_counts
        )
        text += f" Labels:\n\n{labels}"
    return text


def _label_toggles(reading: Reading) -> None:
    shown = st.session_state.get(state.layer_key("entities"), True)
    ordered = sorted(reading.label_counts.items(), key=lambda item: (-item[1], item[0]))
    with st.container(key="reader-labels"):
        for label, count in ordered:
            st.checkbox(
                f"{md_escape(label)} · {count}", key=state.label_key(label), disabled=not shown
            )


def _status_legend() -> str:
    return fragment("status_legend", statuses=[status(key) for key in STATUS_COLORS])


#: The sidebar's toggle for the single-key shortcuts (WCAG 2.1.4: they can be turned off).
KEYS = "reader-keys"
KEYBOARD_HELP = (
    "**Keyboard:** Tab goes from highlight to highlight in reading order; Enter or Space opens "
    "its evidence; Escape closes it and returns to the highlight. With the shortcuts on, "
    "**j** / **n** go to the next claim and **k** / **p** to the previous one."
)


def keys_on() -> bool:
    return bool(st.session_state.get(KEYS, True))


def keyboard_controls() -> None:
    st.toggle(
        "Keys j/k: next/previous claim",
        key=KEYS,
        value=True,
        help=(
            "Single-key shortcuts; turn them off if they get in the way of your own (a "
            "speech tool, say)."
        ),
    )
    st.caption(KEYBOARD_HELP)


def sidebar(
    titles: dict[str, str],
    current: str,
    reading: Reading,
    *,
    finder: Callable[[], object] | None = None,
) -> None:
    """`finder` draws the way to another document in place of the picker (a large library)."""
    with st.sidebar:
        st.markdown("### Reader")
        st.caption("An article with its evidence beside it.")
        if finder is None:
            document_picker(titles, current)
        else:
            finder()
        layer_controls(reading)
        keyboard_controls()
