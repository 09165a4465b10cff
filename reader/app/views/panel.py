"""The side panel: the selected claim (quote, verdict, charts, notes) or note, and every claim."""

from __future__ import annotations

from html import escape

import streamlit as st

from reader.app.views import state
from reader.app.views.markup import fragment, markdown, md_escape, source_link, status_badge
from reader.html.figures import figure_chart, stat_items
from reader.layers.reading import Reading
from reader.sources.schema import Claim, Figure, Note
from reader.text import shorten
from reader.vocabulary import STATUS_COLOR_NAMES, STATUS_TEXT, UNASSESSED_TEXT

LIST_QUOTE_CHARS = 90
#: More claims than this are listed in a searchable picker rather than as buttons.
MAX_CLAIM_BUTTONS = 60
CLAIM_PICKER = "reader-claim-picker"
CLICKED_IN = state.CLICKED_IN


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
        st.session_state[CLICKED_IN] = [c for c in claims if isinstance(c, str)] if isinstance(claims, list) else []


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
    claims = len(reading.annotations.claims)
    notes = len(reading.annotations.notes)
    if claims or notes:
        text = ("Click an <u>underlined claim</u> to see what the sources say, with their numbers, "
                "or a <span class=\"rd-dotted\">dotted name</span> for background.")
    else:
        text = "This document has no curated claims or notes yet."
    st.html(fragment(f'<div class="rd-eyebrow">Evidence</div><p class="rd-muted">{text}</p>', "rd-intro"))


def _quote_text(reading: Reading, claim: Claim) -> str:
    anchor = reading.anchors.get(claim.id)
    return reading.text[anchor.start:anchor.end] if anchor else claim.quote


def _claim(reading: Reading, claim: Claim) -> None:
    anchor = reading.anchors.get(claim.id)
    where = ""
    if anchor is None:
        where = '<p class="rd-warn">This claim’s quote is not in the text any more (an orphan).</p>'
    elif anchor.kind == "fuzzy":
        where = '<p class="rd-muted rd-small">The quote was found approximately: the article has changed.</p>'
    assessment = markdown(claim.assessment) if claim.assessment else '<p class="rd-muted">No assessment yet.</p>'
    st.html(fragment(
        f'<div class="rd-eyebrow">Claim {status_badge(claim.status)}</div>'
        f'<blockquote class="rd-quote" data-claim="{escape(claim.id)}">{escape(_quote_text(reading, claim))}</blockquote>'
        f'{where}<div class="rd-assessment">{assessment}</div>', "rd-claim"))
    figures = reading.annotations.figures
    for figure_id in claim.figures:
        figure = figures.get(figure_id)
        if figure is None:
            st.caption(f"Figure “{md_escape(figure_id)}” is missing from the annotation file.")
            continue
        _figure(figure)
    notes = [reading.annotations.notes[n] for n in claim.notes if n in reading.annotations.notes]
    if notes:
        st.html(fragment('<div class="rd-eyebrow">Background</div>', "rd-section"))
        for note in notes:
            _note_card(note, key=f"claim-note-{note.id}")


def _figure(figure: Figure) -> None:
    with st.container(border=True, key=f"figure-{figure.id}"):
        unit = f'<span class="rd-unit">{escape(figure.unit)}</span>' if figure.unit and figure.type != "stat" else ""
        st.html(fragment(f'<div class="rd-figure-title">{escape(figure.title)}</div>{unit}', "rd-figure-head"))
        if figure.type == "stat":
            items = stat_items(figure)
            for row in range(0, len(items), 2):
                columns = st.columns(2)
                for column, item in zip(columns, items[row:row + 2]):
                    column.metric(md_escape(item.label), item.value)
        else:
            st.altair_chart(figure_chart(figure), width="stretch", theme="streamlit")
        caption = markdown(figure.caption) if figure.caption else ""
        st.html(fragment(f'<div class="rd-caption">{caption}</div>'
                         f'<div class="rd-source">Source: {source_link(figure.source)}</div>', "rd-figure-foot"))


def _note_card(note: Note, *, key: str) -> None:
    with st.container(border=True, key=key):
        st.html(fragment(_note_html(note), "rd-note"))


def _note_html(note: Note) -> str:
    sources = "".join(f"<li>{source_link(s)}</li>" for s in note.sources)
    sources_html = f'<ul class="rd-sources">{sources}</ul>' if sources else ""
    return (f'<div class="rd-note-title">{escape(note.title)}</div>'
            f'<div class="rd-note-body">{markdown(note.body)}</div>{sources_html}')


def _note(reading: Reading, note: Note) -> None:
    mentions = len(reading.spans_with_id(note.id))
    times = "once" if mentions == 1 else f"{mentions} times"
    st.html(fragment(f'<div class="rd-eyebrow">Note</div>'
                     f'<p class="rd-muted rd-small">Mentioned {times} in the text.</p>', "rd-note-head"))
    _note_card(note, key=f"note-{note.id}")
    around = [c for c in (reading.claim(i) for i in st.session_state.get(CLICKED_IN, [])) if c is not None]
    if around:
        st.html(fragment('<div class="rd-eyebrow">The claim around it</div>', "rd-section"))
        for claim in around:
            _claim_button(reading, claim, f"around-claim-{claim.id}", selected=False)
    citing = [c for c in reading.annotations.claims if note.id in c.notes and c not in around]
    if citing:
        st.html(fragment('<div class="rd-eyebrow">Claims that draw on it</div>', "rd-section"))
        for claim in citing:
            _claim_button(reading, claim, f"note-claim-{claim.id}", selected=False)




def _claim_button(reading: Reading, claim: Claim, key: str, *, selected: bool) -> None:
    color = STATUS_COLOR_NAMES.get(claim.status or "", "gray")
    placed = "" if claim.id in reading.anchors else " (not in the text)"
    label = f":{color}[●] {md_escape(shorten(_quote_text(reading, claim), LIST_QUOTE_CHARS))}{placed}"
    st.button(label, key=key, width="stretch", type="primary" if selected else "secondary",
              on_click=state.select, args=(claim.id,), disabled=claim.id not in reading.anchors)


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
    labels = {claim.id: f"{STATUS_TEXT.get(claim.status or '', UNASSESSED_TEXT)} · {shorten(_quote_text(reading, claim), 70)}"
              for claim in placed}
    st.session_state[CLAIM_PICKER] = focus if focus in labels else None
    st.selectbox("Jump to a claim", options=list(labels), format_func=labels.__getitem__, key=CLAIM_PICKER,
                 index=None, placeholder=f"Search {len(labels)} claims…", on_change=_on_pick_claim)


def _orphans(reading: Reading) -> None:
    if not reading.orphans:
        return
    lines = "\n".join(f"- {orphan.layer.rstrip('s')} “{md_escape(orphan.id)}” ({orphan.reason}): "
                      f"“{md_escape(shorten(orphan.quote, 70))}” — line {orphan.line}"
                      for orphan in reading.orphans)
    count = len(reading.orphans)
    st.warning(f"**For curators:** {count} annotation{'s' if count != 1 else ''} could not be placed "
               f"in the text and {'are' if count != 1 else 'is'} not highlighted:\n\n{lines}")
