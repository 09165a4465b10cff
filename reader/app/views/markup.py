"""The panel's and sidebar's HTML (the templates of `reader.html.templates`, app/) and Markdown
labels.

Everything from an article or annotation file is untrusted: the templates escape every value,
Markdown goes through `reader.html.sanitize.render_markdown` (sanitised), and links through
`safe_url`. `st.html` (which also sanitises) shows only what the templates build; Streamlit
labels that render Markdown get `md_escape`d text.
"""

from __future__ import annotations

import re
from typing import Any

from reader.html.templates import render
from reader.vocabulary import STATUS_COLORS, STATUS_TEXT

__all__ = ["fragment", "md_escape", "status"]

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~<>&$:])")


def md_escape(text: str) -> str:
    """Plain text for a Streamlit label or alert that renders Markdown: shown as written."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def status(key: str | None) -> dict[str, str] | None:
    """A claim status as the templates show it: {key, text, color}; None when not assessed."""
    if not key:
        return None
    return {
        "key": key,
        "text": STATUS_TEXT.get(key, key),
        "color": STATUS_COLORS.get(key, "#868e96"),
    }


def fragment(name: str, **context: Any) -> str:
    """The app template `app/<name>.html` filled with `context`, for `st.html`."""
    return render(f"app/{name}.html", **context)
