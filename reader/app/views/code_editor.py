"""The code editor component (CodeMirror 6, bundled from frontend/editor/ by `make assets`).

``code_editor`` mounts it; the browser sends the curator's text as the component state ``text``
(after a pause in typing, and on blur) and a Ctrl+S as the trigger ``save``, each
``{"text", "revision", "seq"}`` (see frontend/editor/index.js). ``accepted_text`` says whether
such a payload is newer than what the editor state holds.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

import streamlit as st

from reader.assets import read_asset
from reader.sources.problems import Problem

__all__ = ["code_editor", "newer_text"]

_HTML = (
    '<div class="reader-code-editor"></div>'
    '<div class="reader-editor-status"><span class="reader-editor-caret">Ln 1, Col 1</span>'
    "<span> · Ctrl+S saves · Ctrl+F finds · Ctrl+Space completes · click a problem "
    "below to go to it</span></div>"
)
_CSS = """
.reader-code-editor { min-height: 560px; }
.reader-editor-status { font: 0.75rem var(--st-code-font, monospace); color: var(--st-text-color);
  opacity: 0.7; margin-top: 0.25rem; }
"""


@st.cache_resource
def _component():
    # Registered once per process: the bundle then reaches each browser once (Streamlit's cache).
    return st.components.v2.component(
        "reader_code_editor", html=_HTML, css=_CSS, js=read_asset("editor.js"), isolate_styles=False
    )


def _problem(problem: Problem) -> dict[str, Any]:
    return {
        "line": problem.line,
        "column": problem.column,
        "severity": problem.severity,
        "message": problem.message,
    }


def code_editor(
    *,
    key: str,
    slug: str,
    label: str,
    text: str,
    revision: int,
    seq: int,
    problems: Sequence[Problem],
    vocab: dict[str, Any] | None,
    focus: dict | None,
    on_text: Callable[[], None],
    on_save: Callable[[], None],
) -> Any:
    """Mount the editor for one document's YAML (`text` with its `problems`); see the module
    docstring.

    `revision` changes when Python replaces the text; `seq` is the newest text taken from the
    browser (an editor made anew, after the Read view, numbers its texts after it)."""
    data = {
        "slug": slug,
        "label": label,
        "revision": revision,
        "seq": seq,
        "text": text,
        "problems": [_problem(p) for p in problems],
        "vocab": vocab,
        "focus": focus,
    }
    payload = json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode()
    return _component()(key=key, data=payload, on_text_change=on_text, on_save_change=on_save)


def newer_text(payload: Any, revision: int, seq: int) -> tuple[str, int] | None:
    """(text, seq) of a payload from the browser if it is for this revision and newer than `seq`,
    else None."""
    if not isinstance(payload, dict):
        return None
    text, sent_revision, sent_seq = payload.get("text"), payload.get("revision"), payload.get("seq")
    if not isinstance(text, str) or type(sent_revision) is not int or type(sent_seq) is not int:
        return None
    if sent_revision != revision or sent_seq <= seq:
        return None
    return text, sent_seq
