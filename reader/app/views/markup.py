"""Small, escaped HTML and Markdown pieces for the panel and sidebar.

Everything from an article or annotation file is untrusted: plain text is escaped here,
Markdown goes through `reader.html.render.render_markdown` (sanitised), and links through
`safe_url`. `st.html` (which also sanitises) shows only what these functions build.
"""

from __future__ import annotations

import re
from html import escape

from reader.html.render import render_markdown, safe_url
from reader.sources.schema import Source
from reader.vocabulary import STATUS_COLORS, STATUS_TEXT, UNASSESSED_TEXT

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~<>&$:])")



def md_escape(text: str) -> str:
    """Plain text for a Streamlit label or alert that renders Markdown: shown as written."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def status_badge(status: str | None) -> str:
    if not status:
        return f'<span class="rd-status rd-status-none">{UNASSESSED_TEXT}</span>'
    color = STATUS_COLORS.get(status, "#868e96")
    return (f'<span class="rd-status" data-status="{escape(status)}" style="--st:{color}">'
            f"{escape(STATUS_TEXT.get(status, status))}</span>")


def source_link(source: Source) -> str:
    href = safe_url(source.url)
    name = escape(source.name)
    if not href:
        return name
    return f'<a href="{escape(href)}" target="_blank" rel="noopener noreferrer nofollow">{name}</a>'


def markdown(text: str | None) -> str:
    return render_markdown(text or "")


def fragment(body: str, cls: str = "") -> str:
    return f'<div class="rd {escape(cls)}">{body}</div>'
