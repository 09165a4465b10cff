"""Suggested claims in the Edit view: the document's sentences no claim covers, ranked
(reader.editing.suggest), each with its reasons, the similar claims elsewhere in the library
(reader.library.seen), and "Add as claim" / "Dismiss". A claim is appended to the editor's text
(not saved) and selected there; a dismissal is kept for every curator (reader.editing.dismissed).
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import streamlit as st

from reader.app.views import state as app_state
from reader.editing.claiming import new_claim
from reader.editing.dismissed import dismiss, dismissed
from reader.editing.store import StoreError
from reader.editing.suggest import Seen, Suggestion, suggest_claims
from reader.library.seen import LibraryClaim, library_claims, seen_for
from reader.reading import Reading
from reader.sources.documents import Root

__all__ = ["SHOWN", "library", "suggested_claims"]

SHOWN = 20  # suggestions listed at once (the best; dismissing or adding brings up the next)


@st.cache_data(max_entries=16, show_spinner=False)
def _ranked(root: str, slug: str, text: str, claims: str, _reading: Reading) -> list[Suggestion]:
    # Keyed by the document text and the draft's claims (the reading itself is not hashed).
    return suggest_claims(_reading)


def library(root: Root) -> list[LibraryClaim]:
    """Every claim of the library, re-read at most once a minute (other documents' claims)."""
    return _library(str(root.path))


@st.cache_data(max_entries=4, show_spinner=False, ttl=60)
def _library(root: str) -> list[LibraryClaim]:
    return library_claims(Root(Path(root)))


#: The editor's put_entry: (root, slug, make), make(draft) -> (text, entry line, notice).
PutEntry = Callable[[Root, str, Callable[[str], tuple[str, int, str]]], object]


def suggested_claims(root: Root, slug: str, reading: Reading, put_entry: PutEntry) -> None:
    spans = ",".join(f"{s.start}-{s.end}" for s in reading.spans if s.layer == "claims")
    hidden = dismissed(root, slug)
    ranked = [
        s
        for s in _ranked(str(root.path), slug, reading.text, spans, reading)
        if s.quote not in hidden
    ]
    claims = library(root)
    with (
        st.expander(f"Suggested claims: {len(ranked)}", expanded=bool(ranked)),
        st.container(key="editor-suggested"),
    ):
        if not ranked:
            st.caption("Every sentence is in a claim or dismissed.")
        for index, suggestion in enumerate(ranked[:SHOWN]):
            seen = seen_for(suggestion.quote, claims, doc=slug)
            _row(root, slug, reading, replace(suggestion, seen=seen), index, put_entry)


def _row(
    root: Root, slug: str, reading: Reading, suggestion: Suggestion, index: int, put: PutEntry
) -> None:
    with st.container(key=f"suggested-{index}", border=True):
        st.html(
            f'<p class="suggested-quote"><strong>{suggestion.score:.2f}</strong> '
            f"“{html.escape(suggestion.quote)}”</p>"
            f'<p class="suggested-reasons">{html.escape("; ".join(suggestion.reasons))}</p>'
            + "".join(_seen_line(seen) for seen in suggestion.seen)
        )
        actions = st.container(horizontal=True, key=f"suggested-actions-{index}")
        actions.button(
            "Add as claim",
            key=f"suggested-add-{index}",
            on_click=_add,
            args=(root, slug, reading, suggestion, None, put),
            help="Append this sentence as an unconfirmed claim, to finish in the editor.",
        )
        if suggestion.seen:
            actions.button(
                "Add with the same figures and notes",
                key=f"suggested-link-{index}",
                on_click=_add,
                args=(root, slug, reading, suggestion, suggestion.seen[0], put),
                help=f"As a claim linking what {suggestion.seen[0].doc}'s claim links.",
            )
        actions.button(
            "Dismiss",
            key=f"suggested-dismiss-{index}",
            type="tertiary",
            on_click=_dismiss,
            args=(root, slug, suggestion.quote),
            help="Hide this sentence from the suggestions, for every curator.",
        )


def _seen_line(seen: Seen) -> str:
    figures = f", figures: {', '.join(seen.figures)}" if seen.figures else ""
    return (
        f'<p class="suggested-seen">Seen before in {html.escape(seen.doc)}: claim '
        f"{html.escape(seen.id)} ({html.escape(seen.status or 'not assessed')}"
        f"{html.escape(figures)}), similarity {seen.similarity:.2f}</p>"
    )


def _add(
    root: Root,
    slug: str,
    reading: Reading,
    suggestion: Suggestion,
    like: Seen | None,
    put_entry: PutEntry,
) -> None:
    def make(draft: str) -> tuple[str, int, str]:
        made = new_claim(
            draft,
            reading.text,
            suggestion.start,
            suggestion.end,
            figures=reading.annotations.figures,
            link_figures=like.figures if like else (),
            link_notes=like.notes if like else (),
            notes=list(reading.annotations.notes),
        )
        bound = f", {made.checks} number{'s' * (made.checks != 1)} bound" if made.checks else ""
        linked = f", figures {', '.join(made.figures)}" if made.figures else ""
        return (
            made.text,
            made.line,
            f"Added claim '{made.claim_id}' at line {made.line} (unconfirmed{linked}{bound}). "
            "Finish it, then Save.",
        )

    put_entry(root, slug, make)


def _dismiss(root: Root, slug: str, quote: str) -> None:
    try:
        dismiss(root, slug, quote, app_state.settings())
    except (StoreError, OSError) as exc:
        st.session_state["_reader_dismiss_error"] = str(exc)
