"""The side panel: the selected claim (quote, verdict, charts, notes) or note, and every claim."""

from __future__ import annotations

import html
from urllib.parse import quote

import streamlit as st

from reader.app.views import editor, loading, state
from reader.app.views.markup import fragment, md_escape, status
from reader.app.views.signin import current_access
from reader.app.views.suggestions import library
from reader.editing.claiming import link_evidence
from reader.html.figures import figure_sentence, figure_spec, stat_items, thinning_note
from reader.library.seen import seen_for
from reader.numbers.check import CheckedRow
from reader.numbers.report import checked_rows, panel_numbers
from reader.reading import Reading
from reader.sources.schema import Claim, Figure, Note
from reader.text import shorten
from reader.vocabulary import STATUS_COLOR_NAMES, STATUS_TEXT, UNASSESSED_TEXT

__all__ = [
    "CLAIM_PICKER",
    "CLICKED_IN",
    "LIST_QUOTE_CHARS",
    "MAX_CLAIM_BUTTONS",
    "handle_click",
    "panel",
    "selected_kind",
]

LIST_QUOTE_CHARS = 90
#: More claims than this are listed in a searchable picker rather than as buttons.
MAX_CLAIM_BUTTONS = 60
CLAIM_PICKER = "reader-claim-picker"
CLICKED_IN = state.CLICKED_IN


def handle_dismiss(event: object) -> None:
    """The evidence was closed in the article (Escape, a tap outside the bottom sheet)."""
    if event:
        state.select(None)


def handle_click(event: dict | None) -> None:
    """Select what a click in the article points to (no scrolling: it is already in view)."""
    if not isinstance(event, dict):
        return
    if event.get("layer") == "claims":
        ids = event.get("ids") or []
        target = ids[0] if ids and isinstance(ids[0], str) else None
    else:
        target = event.get("note") if isinstance(event.get("note"), str) else None
    if target:
        state.select(target, scroll=False)
        # A note clicked inside a claim: the panel offers the claim too.
        claims = event.get("claims")
        st.session_state[CLICKED_IN] = (
            [c for c in claims if isinstance(c, str)] if isinstance(claims, list) else []
        )


def selected_kind(reading: Reading, focus: str | None) -> str | None:
    if focus is None:
        return None
    if reading.claim(focus) is not None:
        return "claim"
    if focus in reading.annotations.notes:
        return "note"
    return None


def panel(reading: Reading, focus: str | None) -> None:
    kind = selected_kind(reading, focus)
    with st.container(key="reader-panel"):
        if kind:
            # On a narrow screen the evidence is a bottom sheet: this closes it (and deselects on
            # any screen).
            st.button(
                "Close ✕",
                key="reader-panel-close",
                on_click=state.select,
                args=(None,),
                help="Close the evidence (Escape)",
            )
        if kind == "claim":
            claim = reading.claim(focus or "")
            assert claim is not None
            _claim(reading, claim)
        elif kind == "note":
            _note(reading, reading.annotations.notes[focus or ""])
        else:
            if focus:
                st.warning(f"This document has no claim or note called “{md_escape(focus)}”.")
            _intro(reading)
        _claim_list(reading, focus, expanded=kind is None)
        _orphans(reading)


def _intro(reading: Reading) -> None:
    st.html(
        fragment("intro", annotated=bool(reading.annotations.claims or reading.annotations.notes))
    )


def _quote_text(reading: Reading, claim: Claim) -> str:
    anchor = reading.anchors.get(claim.id)
    return reading.text[anchor.start : anchor.end] if anchor else claim.quote


def _claim(reading: Reading, claim: Claim) -> None:
    anchor = reading.anchors.get(claim.id)
    st.html(
        fragment(
            "claim",
            claim=claim,
            status=status(claim.status),
            quote=_quote_text(reading, claim),
            anchor=anchor.kind if anchor else "orphan",
            numbers=panel_numbers(reading.numbers.get(claim.id, [])),
        )
    )
    figures = reading.annotations.figures
    checked = checked_rows(reading.numbers.get(claim.id, []))
    for figure_id in claim.figures:
        figure = figures.get(figure_id)
        if figure is None:
            st.caption(f"Figure “{md_escape(figure_id)}” is missing from the annotation file.")
            continue
        _figure(figure, checked.get(figure_id, []))
    notes = reading.claim_notes(claim)
    if notes:
        st.html(fragment("section", title="Background"))
        for note in notes:
            _note_card(note, key=f"claim-note-{note.id}")
    _also_checked(reading, claim)


def _also_checked(reading: Reading, claim: Claim) -> None:
    """The claims elsewhere in the library that say nearly the same (reader.library.seen)."""
    seen = seen_for(
        claim.quote, library(loading.current_root(state.settings())), doc=reading.document.slug
    )
    if not seen:
        return
    items = "".join(
        f'<li><a href="?doc={quote(s.doc)}&amp;focus={quote(s.id)}" target="_self">'
        f"{html.escape(s.doc)}</a>: {html.escape(STATUS_TEXT.get(s.status or '', UNASSESSED_TEXT))}"
        + (f", figures {html.escape(', '.join(s.figures))}" if s.figures else "")
        + f" (similarity {s.similarity:.2f})</li>"
        for s in seen
    )
    st.html(f'<div class="also-checked"><h4>Also checked in …</h4><ul>{items}</ul></div>')
    if not current_access().can_edit:
        return
    for index, other in enumerate(seen):
        figures = [f for f in other.figures if f in reading.annotations.figures]
        notes = [n for n in other.notes if n in reading.annotations.notes]
        if set(figures) <= set(claim.figures) and set(notes) <= set(claim.notes):
            continue  # nothing this document can link that the claim lacks
        st.button(
            f"Link the figures and notes of {other.doc}’s claim",
            key=f"link-seen-{claim.id}-{index}",
            on_click=_link_seen,
            args=(reading.document.slug, claim.id, figures, notes),
            help="Adds them to this claim in the Edit view (not saved until you save).",
        )


def _link_seen(slug: str, claim_id: str, figures: list[str], notes: list[str]) -> None:
    root = loading.current_root(state.settings())

    def make(draft: str) -> tuple[str, int, str]:
        text, line = link_evidence(draft, claim_id, figures=figures, notes=notes)
        return (
            text,
            line,
            f"Linked {', '.join([*figures, *notes])} to '{claim_id}'. Save to keep it.",
        )

    editor.put_entry(root, slug, make)
    editor.open_editor()


def _figure(figure: Figure, checked: list[CheckedRow]) -> None:
    """A figure of the selected claim, the rows its numbers were checked against marked (the chart
    is built per claim, never cached across claims)."""
    with st.container(border=True, key=f"figure-{figure.id}"):
        st.html(fragment("figure_head", figure=figure))
        if figure.type == "stat":
            items = stat_items(figure, checked)
            for row in range(0, len(items), 2):
                columns = st.columns(2)
                for column, item in zip(columns, items[row : row + 2]):
                    # A checked card: a border and a diamond, and in words what checked it.
                    label = f"◇ {item.label}" if item.checked else item.label
                    column.metric(
                        md_escape(label),
                        item.value,
                        help=md_escape(item.checked) if item.checked else None,
                        border=bool(item.checked),
                    )
                    if item.checked:
                        column.caption(md_escape(f"◇ {item.checked}"))
        else:
            st.vega_lite_chart(
                figure_spec(figure, checked=checked), width="stretch", theme="streamlit"
            )
            st.html(fragment("figure_text", sentence=figure_sentence(figure, checked)))
        st.html(fragment("figure_foot", figure=figure, thinned=thinning_note(figure)))


def _note_card(note: Note, *, key: str) -> None:
    with st.container(border=True, key=key):
        st.html(fragment("note", note=note))


def _note(reading: Reading, note: Note) -> None:
    st.html(fragment("note_head", mentions=len(reading.spans_with_id(note.id)), note_id=note.id))
    _note_card(note, key=f"note-{note.id}")
    around = [
        c for c in (reading.claim(i) for i in st.session_state.get(CLICKED_IN, [])) if c is not None
    ]
    if around:
        st.html(fragment("section", title="The claim around it"))
        for claim in around:
            _claim_button(reading, claim, f"around-claim-{claim.id}", selected=False)
    citing = [c for c in reading.annotations.claims if note.id in c.notes and c not in around]
    if citing:
        st.html(fragment("section", title="Claims that draw on it"))
        for claim in citing:
            _claim_button(reading, claim, f"note-claim-{claim.id}", selected=False)


def _claim_button(reading: Reading, claim: Claim, key: str, *, selected: bool) -> None:
    color = STATUS_COLOR_NAMES.get(claim.status or "", "gray")
    placed = "" if claim.id in reading.anchors else " (not in the text)"
    label = (
        f":{color}[●] {md_escape(shorten(_quote_text(reading, claim), LIST_QUOTE_CHARS))}{placed}"
    )
    st.button(
        label,
        key=key,
        width="stretch",
        type="primary" if selected else "secondary",
        on_click=state.select,
        args=(claim.id,),
        disabled=claim.id not in reading.anchors,
    )


def _claim_list(reading: Reading, focus: str | None, *, expanded: bool) -> None:
    claims = reading.annotations.claims
    if not claims:
        return
    with st.expander(f"All claims · {len(claims)}", expanded=expanded):
        if len(claims) > MAX_CLAIM_BUTTONS:
            _claim_picker(reading, focus)
            return
        with st.container(key="reader-claim-list"):
            for claim in claims:
                _claim_button(reading, claim, f"claim-{claim.id}", selected=claim.id == focus)


def _on_pick_claim() -> None:
    picked = st.session_state.get(CLAIM_PICKER)
    if picked:
        state.select(picked)


def _claim_picker(reading: Reading, focus: str | None) -> None:
    """A searchable picker instead of hundreds of buttons (a book's claims)."""
    placed = [claim for claim in reading.annotations.claims if claim.id in reading.anchors]
    labels = {
        claim.id: (
            f"{STATUS_TEXT.get(claim.status or '', UNASSESSED_TEXT)} · "
            f"{shorten(_quote_text(reading, claim), 70)}"
        )
        for claim in placed
    }
    st.session_state[CLAIM_PICKER] = focus if focus in labels else None
    st.selectbox(
        "Jump to a claim",
        options=list(labels),
        format_func=labels.__getitem__,
        key=CLAIM_PICKER,
        index=None,
        placeholder=f"Search {len(labels)} claims…",
        on_change=_on_pick_claim,
    )


def _orphans(reading: Reading) -> None:
    if not reading.orphans:
        return
    lines = "\n".join(
        f"- {orphan.layer.rstrip('s')} “{md_escape(orphan.id)}” ({orphan.reason}): "
        f"“{md_escape(shorten(orphan.quote, 70))}” — line {orphan.line}"
        for orphan in reading.orphans
    )
    count = len(reading.orphans)
    st.warning(
        f"**For curators:** {count} annotation{'s' if count != 1 else ''} could not be placed "
        f"in the text and {'are' if count != 1 else 'is'} not highlighted:\n\n{lines}"
    )
