"""Plain text and Markdown files.

Text: paragraphs are separated by blank lines; a first paragraph of one short line without a
sentence's end is the title. Markdown is read with markdown-it: headings become headings (the
first top-level one the title), emphasis and link markup give way to their words, and a leading
front matter gives the title, author and date.
"""

from __future__ import annotations

import re

from reader.importing.model import Extracted, ImportBlock, Unreadable, clean_text

__all__ = ["decode_text", "read_markdown", "read_text"]

_TITLE_MAX = 150


def decode_text(data: bytes) -> str:
    if b"\x00" in data[:8192]:
        raise Unreadable("the file holds binary data, not text")
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def read_text(data: bytes) -> Extracted:
    text = decode_text(data).replace("\r\n", "\n").replace("\r", "\n")
    paragraphs = [clean_text(p) for p in re.split(r"\n\s*\n", text)]
    paragraphs = [p for p in paragraphs if p]
    title = None
    if len(paragraphs) > 1 and "\n" not in text.strip().split("\n\n", 1)[0]:
        first = paragraphs[0]
        if len(first) <= _TITLE_MAX and not re.search(r"[.!?,;:]$", first):
            title, paragraphs = first, paragraphs[1:]
    return Extracted(
        title=title, blocks=[ImportBlock("paragraph", p) for p in paragraphs], format="text"
    )


def read_markdown(data: bytes) -> Extracted:
    from markdown_it import MarkdownIt

    text = decode_text(data).replace("\r\n", "\n")
    meta, text = _front_matter(text)
    tokens = MarkdownIt("commonmark").disable(["html_block", "html_inline"]).parse(text)
    blocks: list[ImportBlock] = []
    title = meta.get("title")
    level = None
    for token in tokens:
        if token.type == "heading_open":
            level = token.tag
        elif token.type == "inline":
            words = clean_text(
                "".join(
                    " " if child.type in ("softbreak", "hardbreak") else child.content
                    for child in token.children or []
                    if child.type in ("text", "code_inline", "softbreak", "hardbreak")
                )
            )
            if not words:
                continue
            if level == "h1" and title is None and not blocks:
                title = words
            else:
                blocks.append(ImportBlock("heading" if level else "paragraph", words))
        elif token.type == "heading_close":
            level = None
    if blocks and blocks[0].kind == "heading" and title and blocks[0].text == title:
        blocks = blocks[1:]
    author = meta.get("author")
    return Extracted(
        title=title,
        author=[author] if author else [],
        published=meta.get("published"),
        blocks=blocks,
        format="Markdown",
    )


def _front_matter(text: str) -> tuple[dict[str, str], str]:
    """title, author and published/date from a leading ``---`` block of ``key: value`` lines."""
    match = re.match(r"---\n(.*?)\n---\n", text, re.S)
    if not match:
        return {}, text
    meta: dict[str, str] = {}
    for line in match.group(1).split("\n"):
        key, _, value = line.partition(":")
        value = clean_text(value).strip("\"'")
        key = key.strip().lower()
        if key in ("title", "author") and value:
            meta[key] = value
        elif key in ("published", "date") and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value[:10]):
            meta["published"] = value[:10]
    return meta, text[match.end() :]
