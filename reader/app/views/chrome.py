"""The page around the views: configuration, the app stylesheet, and the banners above the
article."""

from __future__ import annotations

import os
import re
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import streamlit as st

from reader.app.views.markup import md_escape
from reader.app.views.state import label_key
from reader.assets import read_asset
from reader.html.render import label_color
from reader.sources.documents import Root, display_path

if TYPE_CHECKING:  # the library page imports this module without the reading's stages
    from reader.reading import Reading

__all__ = [
    "MAX_LISTED_PROBLEMS",
    "banners",
    "configure_page",
    "empty_root",
    "page_style",
    "root_relative",
]

MAX_LISTED_PROBLEMS = 20
_CSS_SAFE = re.compile(r"[A-Za-z0-9_-]+")


def configure_page() -> None:
    st.set_page_config(
        page_title="Reader", page_icon="📰", layout="wide", initial_sidebar_state="auto"
    )


def _app_css() -> str:
    return read_asset("app.css")


def page_style(labels: list[str]) -> None:
    """The app stylesheet, with each label toggle tinted in its label's colour (the legend)."""
    tints = "\n".join(
        f".st-key-{label_key(label)} {{ --hl: {label_color(label)}; }}"
        for label in labels
        if _CSS_SAFE.fullmatch(label)
    )
    st.html(f"<style>{_app_css()}\n{tints}</style>")


def empty_root(root: Root) -> None:
    st.title("Reader")
    # The folder is not named: readers see no path of the server's own.
    st.info(
        "No documents in this reader's folder. Add `article/<slug>.md` (and, optionally, "
        "`annotations/<slug>.yaml`) there, or point `READER_ROOT` at a folder that has them."
    )


def banners(reading: Reading, missing_doc: str | None, root: Root) -> None:
    """Problems with the files, an unknown ?doc=, and a missing entity model — above the article."""
    with st.container(key="reader-banners"):
        if missing_doc:
            message = root.unknown_slug_message(missing_doc).replace(
                display_path(root.path / "article"), "article/"
            )
            st.warning(md_escape(message) + " — showing the first document instead.")
        problems = [replace(p, path=root_relative(root, p.path)) for p in reading.problems]
        errors = [p for p in problems if p.is_error]
        warnings = [p for p in problems if not p.is_error]
        shared = root_relative(root, str(root.shared_path()))
        if errors:
            st.error(
                _problem_text(f"{_files(errors, shared)} {_count(errors, 'error')}", problems)
                + "\n\nThe article still shows everything that could be read."
            )
        elif warnings:
            files = _files(warnings, shared, have=False)
            with st.expander(f"⚠️ {_count(warnings, 'warning')} in {files}"):
                st.markdown(_problem_text("", warnings))
        if reading.model_message:
            st.info(f"Entity layer unavailable: {md_escape(reading.model_message)}")


def root_relative(root: Root, path: str) -> str:
    """A problem's path as readers see it: relative to the root (annotations/x.yaml), never the
    server's own folders; a path outside the root shows only its file name."""
    absolute = Path(os.path.abspath(path))
    try:
        return absolute.relative_to(os.path.abspath(root.path)).as_posix()
    except ValueError:
        return absolute.name


def _files(problems: list, shared: str, *, have: bool = True) -> str:
    """The files the problems are in, named as each problem names it (relative to the root), as
    Markdown: "annotations/x.yaml has", "annotations/x.yaml and article/x.md have". The shared
    file (``shared``) says it is shared: its problems show in every document."""
    names = [
        md_escape(path) + (" (shared by every document)" if path == shared else "")
        for path in dict.fromkeys(p.path for p in problems)
    ]
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    if not have:
        return listed
    return f"{listed} {'has' if len(names) == 1 else 'have'}"


def _count(items: list, noun: str) -> str:
    return f"{len(items)} {noun}{'s' if len(items) != 1 else ''}"


def _problem_text(title: str, problems: list) -> str:
    shown = problems[:MAX_LISTED_PROBLEMS]
    more = len(problems) - len(shown)
    tail = (
        f"\n\n… and {more} more: run `python -m reader check` for all of them." if more > 0 else ""
    )
    head = f"**{title}:**\n\n" if title else ""
    # A plain list: a code block would make the page load Streamlit's syntax highlighter first.
    return head + "\n".join(f"- {md_escape(str(problem))}" for problem in shown) + tail
