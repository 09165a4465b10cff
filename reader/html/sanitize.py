"""Untrusted URLs and Markdown (notes, assessments) made safe: links only to the web or mail,
Markdown to sanitised HTML (CommonMark, no raw HTML, a small tag set), or to its plain words for
previews.

Annotation files are untrusted input; everything here returns strings still to be escaped or
already sanitised, and knows nothing of Streamlit.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import nh3

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

__all__ = ["MARKDOWN_TAGS", "markdown_text", "render_markdown", "safe_url"]


_SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")
_SPACE = re.compile(r"\s")


def safe_url(url: str | None) -> str | None:
    """Return `url` if it is an absolute http, https or mailto URL, else None.

    Browsers ignore tabs and newlines inside URLs and trim controls and spaces around them
    ("java\\nscript:" runs as javascript:), so those are removed before the scheme is read;
    invisible format characters are dropped too. Relative URLs are refused: nothing the
    reader links to is relative, and they are the usual way round scheme checks.
    The result is a plain string: escape it like any other attribute value.
    """
    if not url or not isinstance(url, str):
        return None
    cleaned = "".join(ch for ch in url if unicodedata.category(ch) not in ("Cc", "Cf"))
    cleaned = _SPACE.sub("%20", cleaned.strip())
    match = _SCHEME.match(cleaned)
    if match is None:
        return None
    scheme = match.group(1).lower()
    if scheme not in _SAFE_SCHEMES:
        return None
    cleaned = scheme + cleaned[len(scheme) :]
    if scheme == "mailto":
        return cleaned if len(cleaned) > len("mailto:") else None
    try:
        netloc = urlsplit(cleaned).netloc
    except ValueError:  # e.g. an unbalanced "[" in the host
        return None
    return cleaned if netloc else None


#: Tags a rendered note may contain. `pre` keeps code blocks' line breaks.
MARKDOWN_TAGS = frozenset(
    {"p", "em", "strong", "a", "code", "pre", "ul", "ol", "li", "blockquote", "br", "sub", "sup"}
)


def _filter_attribute(tag: str, attribute: str, value: str) -> str | None:
    # Second line of defence after nh3's scheme list: the same check as everywhere else.
    if attribute == "href":
        return safe_url(value)
    return value


@cache
def _markdown() -> MarkdownIt:
    from markdown_it import MarkdownIt  # here: pages without notes (the library's) never load it

    # html=False: raw HTML in a note is shown as text, never passed through.
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    # Notes have no images; as a link the reader still sees where it pointed.
    md.disable("image")
    return md


@cache
def _cleaner() -> nh3.Cleaner:
    return nh3.Cleaner(
        tags=set(MARKDOWN_TAGS),
        clean_content_tags={"script", "style"},
        attributes={"a": {"href", "title"}},
        attribute_filter=_filter_attribute,
        url_schemes=set(_SAFE_SCHEMES),
        url_relative="deny",
        link_rel="noopener noreferrer nofollow",
        set_tag_attribute_values={"a": {"target": "_blank"}},
    )


def render_markdown(source: str) -> str:
    """Render untrusted Markdown to sanitised HTML (CommonMark, no raw HTML, small tag set)."""
    if not source:
        return ""
    return _cleaner().clean(_markdown().render(source)).strip()


def markdown_text(source: str) -> str:
    """The words of untrusted Markdown without its syntax (`**2011**` is "2011"), for hover previews
    and labels: the text of the parsed tokens, on one line.

    Read from markdown-it's tokens, not from the sanitised HTML with its tags stripped (the same
    words: a test compares the two): every claim's preview is built when a document is opened,
    and rendering and cleaning twice took half of the time of opening a file at the entry cap."""
    if not source:
        return ""
    if _is_plain_line(source):  # most assessments: one line of words, nothing Markdown reads
        return " ".join(source.split())
    return _token_words(source)


def _is_plain_line(source: str) -> bool:
    """One line that starts with a letter and holds only letters, digits, spaces and punctuation
    CommonMark gives no meaning to there (a block needs a line start other than a letter; inline
    syntax needs * _ ` [ ] < & \\ or a line break). Two searches, so no backtracking."""
    return _LETTER.match(source) is not None and _NOT_PLAIN.search(source) is None


_LETTER = re.compile(r"[^\W\d_]")
_NOT_PLAIN = re.compile(r"[^\w ,;:.!?'\"()%/+=$€£-]|_")


def _token_words(source: str) -> str:
    words: list[str] = []
    for token in _markdown().parse(source):
        if token.children is not None:
            words.extend(
                " " if child.type in ("softbreak", "hardbreak") else child.content
                for child in token.children
                if child.type in _TEXT_TOKENS
            )
        elif token.type in ("code_block", "fence"):
            words.append(f" {token.content} ")
        elif token.block:  # a paragraph, list item or heading begins or ends: a word break
            words.append(" ")
    return " ".join("".join(words).split())


#: Inline tokens whose content is text the reader sees (markup tokens such as `em_open` carry none).
_TEXT_TOKENS = frozenset({"text", "code_inline", "softbreak", "hardbreak"})
