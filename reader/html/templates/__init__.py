"""The page templates (Jinja2): the claim and note panels, the standalone page, the app's fragments.

One environment for the app and the standalone export. Autoescaping is on for every template
and every value is escaped with `html.escape` (the escaping of `reader.html.render`), so
annotation text can only ever be text; HTML that is already safe (sanitised Markdown, our own
CSS and JS, vl-convert's checked SVG) is passed in as `markupsafe.Markup`. Templates are read
only from this folder, and a name a template uses but was not given is an error
(`StrictUndefined`), never an empty string.

The article body is not here: it keeps the fast string templates of `reader.html.render`.
"""

from __future__ import annotations

import html
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from reader.html.sanitize import render_markdown, safe_url
from reader.text import shorten
from reader.vocabulary import UNASSESSED_TEXT

__all__ = ["LIST_QUOTE_CHARS", "TEMPLATES", "render"]

TEMPLATES = Path(__file__).parent


def _escape(value: Any) -> Any:
    """Every `{{ value }}` not already Markup, escaped like the rest of the reader's HTML."""
    if hasattr(value, "__html__"):
        return value
    return Markup(html.escape(str(value)))


#: A claim's quote in a list of claims.
LIST_QUOTE_CHARS = 90


@cache
def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),  # this folder only: names with ".." are refused
        autoescape=True,
        undefined=StrictUndefined,
        finalize=_escape,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )
    env.globals["unassessed"] = UNASSESSED_TEXT
    env.filters["markdown"] = lambda text: Markup(render_markdown(text or ""))
    env.filters["safe_url"] = lambda url: safe_url(url) or ""
    env.filters["short"] = lambda text, limit=LIST_QUOTE_CHARS: shorten(text, limit)
    return env


def render(name: str, **context: Any) -> str:
    """The template `name` (a file of this folder) filled with `context`."""
    return _environment().get_template(name).render(**context)
