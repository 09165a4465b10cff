"""Saved web pages: trafilatura finds the article (not menus, banners, share bars, related links or
comments) and its title, author, date and address in the markup and metadata; the clean HTML it
gives back goes through ``html_blocks``, the path a Word file's HTML takes too.

Nothing in a page is run or fetched: the page is parsed as text, its scripts and links dropped.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import lxml.html
from lxml import etree

from reader.importing.model import (
    MAX_HTML_DEPTH,
    BlockKind,
    Extracted,
    ImportBlock,
    Unreadable,
    clean_text,
    drop_title,
)

__all__ = ["html_blocks", "read_web_page", "safe_source"]

_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_BLOCKS = _HEADINGS | {"p", "li", "blockquote", "pre", "dd", "dt", "figcaption"}
_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_SHORT_LINE = 8  # words: fewer, before the first paragraph, is a byline, date or kicker
_PROMOTION = re.compile(r"(?i)(read more|related|see also|advertisement|sign up|subscribe)\b")


def read_web_page(data: bytes) -> Extracted:
    import trafilatura

    html = _decode(data)
    _check_depth(html)
    document = trafilatura.bare_extraction(
        html,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        include_images=False,
        include_links=False,
        include_formatting=False,
        deduplicate=False,
        favor_precision=True,  # a page of links gives no article rather than its links
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    if not isinstance(document, trafilatura.settings.Document) or not (document.text or "").strip():
        raise Unreadable("no article text in this page (a page of links, or an empty page?)")
    body = trafilatura.extract(
        html,
        output_format="html",
        include_comments=False,
        include_tables=False,
        include_images=False,
        include_links=False,
        include_formatting=False,
        deduplicate=False,
        favor_precision=True,  # a page of links gives no article rather than its links
    )
    title = clean_text(document.title or "") or None
    authors = [clean_text(a) for a in re.split(r";|\band\b", document.author or "")]
    return Extracted(
        title=title,
        author=[a for a in authors if a],
        published=_date(document.date),
        source=safe_source(document.url),
        blocks=_trim(html_blocks(body or "", title=title), title),
        format="web page",
    )


def _trim(blocks: list[ImportBlock], title: str | None) -> list[ImportBlock]:
    """Drop what an extractor keeps around a story: the title again with the kicker above it, the
    short byline and date lines before the first real paragraph, and "Read more:" promotions."""
    blocks = drop_title(blocks, title)
    while blocks and blocks[0].kind == "paragraph" and len(blocks[0].text.split()) < _SHORT_LINE:
        blocks = blocks[1:]
    return [b for b in blocks if not _PROMOTION.match(b.text)]


def html_blocks(html: str, *, title: str | None = None) -> list[ImportBlock]:
    """Headings and paragraphs of clean HTML, in order; a first heading that repeats the title is
    dropped (the title is the front matter's)."""
    if not html.strip():
        return []
    root = lxml.html.document_fromstring(html)
    blocks: list[ImportBlock] = []
    for element in root.iter(*_BLOCKS):
        if any(True for _ in element.iterdescendants(*_BLOCKS)):
            continue  # a container: its own blocks come next
        text = clean_text(element.text_content())
        if not text:
            continue
        kind: BlockKind = "heading" if element.tag in _HEADINGS else "paragraph"
        if not blocks and kind == "heading" and title and _same(text, title):
            continue
        blocks.append(ImportBlock(kind, text))
    return blocks


def safe_source(url: str | None) -> str | None:
    """``url`` when it is an absolute http(s) address with a host and no credentials, else None."""
    url = clean_text(url or "")
    if not url or len(url) > 2_000 or " " in url:
        return None
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname or "@" in parts.netloc:
        return None
    return url


def _same(a: str, b: str) -> bool:
    return a.casefold().strip(" .") == b.casefold().strip(" .")


def _date(value: str | None) -> str | None:
    match = _DATE.match(value or "")
    return match.group() if match else None


def _decode(data: bytes) -> str:
    """The page's text: UTF-8 (BOM or not), else the charset the page declares, else cp1252."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    declared = re.search(rb"""charset=["']?([A-Za-z0-9_.:-]{1,40})""", data[:4096])
    for encoding in ([declared.group(1).decode("ascii")] if declared else []) + ["cp1252"]:
        try:
            return data.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            continue
    return data.decode("latin-1")


def _check_depth(html: str) -> None:
    """Refuse pages nested deeper than MAX_HTML_DEPTH (the extractor walks them recursively)."""
    parser = etree.HTMLPullParser(events=("start", "end"), no_network=True, huge_tree=False)
    depth = deepest = 0
    for start in range(0, len(html), 65_536):
        parser.feed(html[start : start + 65_536])
        for event, _ in parser.read_events():
            depth += 1 if event == "start" else -1
            deepest = max(deepest, depth)
        if deepest > MAX_HTML_DEPTH:
            raise Unreadable(
                f"the page nests its elements more than {MAX_HTML_DEPTH} levels deep "
                "(the cap); refused"
            )
