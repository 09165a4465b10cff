"""The page templates: one autoescaping Jinja2 environment, shared by the app and the standalone
export."""

import jinja2
import pytest

from reader.app.views.markup import fragment, status
from reader.html import templates
from reader.sources.schema import Note, Source


def test_every_value_is_escaped_like_the_rest_of_the_reader():
    note = Note(
        id="n",
        title='<script>alert("t")</script>',
        body="**bold** <b>raw</b>",
        sources=[
            Source(name="x'y", url="javascript:alert(1)"),
            Source(name="ok", url="https://example.org/"),
        ],
    )
    html = fragment("note", note=note)
    assert (
        "&lt;script&gt;alert(&quot;t&quot;)&lt;/script&gt;" in html
    )  # html.escape, as render.py does
    assert (
        "<strong>bold</strong> &lt;b&gt;raw&lt;/b&gt;" in html
    )  # Markdown sanitised, raw HTML as text
    assert (
        "<li>x&#x27;y</li>" in html and "javascript" not in html
    )  # an unsafe link is its name only
    assert (
        '<a href="https://example.org/" rel="noopener noreferrer nofollow" target="_blank">ok</a>'
        in html
    )


def test_a_missing_value_is_an_error_not_an_empty_string():
    with pytest.raises(jinja2.UndefinedError):
        fragment("section")


def test_templates_are_read_from_their_folder_only():
    with pytest.raises(jinja2.TemplateNotFound):
        templates.render("../render.py")


def test_the_status_badge_says_the_status_in_words():
    html = fragment("status_legend", statuses=[status("misdated"), status("supported")])
    assert html.count('class="rd-legend-item"') == 2 and "Misdated" in html and "Supported" in html
    assert status(None) is None
