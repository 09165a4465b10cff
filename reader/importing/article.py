"""An extracted article as the text of ``article/<slug>.md``, and the slug its title makes."""

from __future__ import annotations

import re
import unicodedata

import yaml

from reader.importing.model import Extracted, Unreadable
from reader.sources.documents import Root, parse_document
from reader.vocabulary import SLUG

__all__ = ["SlugTaken", "article_text", "save_article", "slug_for"]

MAX_SLUG = 60


def slug_for(title: str, fallback: str = "document") -> str:
    """Lower-case ASCII words of the title joined by hyphens ("Mérida's 24%" → "meridas-24")."""
    ascii_text = (
        unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii").lower()
    )
    words = re.findall(r"[a-z0-9]+", ascii_text.replace("'", ""))
    slug = ""
    for word in words:
        if len(slug) + len(word) + 1 > MAX_SLUG:
            break
        slug = f"{slug}-{word}" if slug else word
    return slug or (slug_for(fallback) if fallback != "document" else "document")


def article_text(article: Extracted, title: str) -> str:
    """Front matter (title, author, published, source where known) and the body as paragraphs and
    ``## `` headings, one a line, separated by blank lines."""
    meta: dict[str, object] = {"title": title}
    if article.author:
        meta["author"] = article.author[0] if len(article.author) == 1 else list(article.author)
    if article.published:
        meta["published"] = article.published
    if article.source:
        meta["source"] = article.source
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=10_000)
    lines = []
    for block in article.blocks:
        lines.append(f"## {block.text}" if block.kind == "heading" else _paragraph(block.text))
    return f"---\n{front}---\n\n" + "\n\n".join(lines) + "\n"


def _paragraph(text: str) -> str:
    # A paragraph that would read as a heading keeps its words, not that role.
    return text.replace("## ", "##\u00a0", 1) if text.startswith("## ") else text


class SlugTaken(Exception):
    """The slug names a document already there (``str()`` says which and what to do)."""


def save_article(root: Root, article: Extracted, *, title: str, slug: str | None) -> str:
    """Write the article as ``article/<slug>.md`` and return the slug; never overwrites.

    Raises SlugTaken when the file exists, ValueError for a slug that is not one, and
    Unreadable when what would be written does not read back as a document without errors.
    """
    slug = slug or slug_for(title)
    if not SLUG.fullmatch(slug):
        raise ValueError(
            f"'{slug}' is not a slug: lower-case letters, digits and hyphens, "
            "starting with a letter or digit"
        )
    text = article_text(article, title)
    _, problems = parse_document(slug, text, f"article/{slug}.md")
    errors = [p for p in problems if p.is_error]
    if errors:  # a safety net: what the importer writes must read back
        raise Unreadable(f"the article would not read back: {errors[0].message}")
    path = root.article_path(slug)
    try:
        with path.open("x", encoding="utf-8", newline="\n") as file:  # "x": never overwrite
            file.write(text)
    except FileExistsError as exc:
        raise SlugTaken(
            f"article/{slug}.md exists already; give --slug a free one (nothing was written)"
        ) from exc
    return slug
