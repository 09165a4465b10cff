"""Bringing an article in: a saved web page, PDF, Word file, text or Markdown file read into
title, author, date, source and body (``extract``), written as ``article/<slug>.md`` (``article``).

Every file is untrusted: each format has caps on size and work (``model``), nothing in it is run
or fetched, and a file that holds no article raises ``Unreadable`` with one line that says why.
"""

from __future__ import annotations

from pathlib import PurePath

from reader.importing.model import (
    MAX_FILE_BYTES,
    MIN_ARTICLE_WORDS,
    MIN_SENTENCE_WORDS,
    Extracted,
    ImportBlock,
    Unreadable,
    clean_text,
)

__all__ = ["FORMATS", "Extracted", "ImportBlock", "Unreadable", "clean_text", "extract"]

#: File endings ``extract`` reads, and what each is called in messages.
FORMATS = {
    ".html": "web page",
    ".htm": "web page",
    ".pdf": "PDF",
    ".docx": "Word file",
    ".txt": "text",
    ".md": "Markdown",
}


def extract(name: str, data: bytes) -> Extracted:
    """The article in a file called ``name`` (its ending says the format) holding ``data``."""
    suffix = PurePath(name).suffix.lower()
    if suffix not in FORMATS:
        known = ", ".join(FORMATS)
        raise Unreadable(f"unknown format '{suffix or name}': add reads {known}")
    if len(data) > MAX_FILE_BYTES:
        raise Unreadable(
            f"the file is {len(data):,} bytes, over the cap of {MAX_FILE_BYTES:,}; refused"
        )
    if not data.strip():
        raise Unreadable("the file is empty")
    if suffix == ".pdf":
        from reader.importing.pdf import read_pdf

        if not data.lstrip()[:5] == b"%PDF-":
            raise Unreadable("not a PDF (it does not start with %PDF-)")
        extracted = read_pdf(data)
    elif suffix == ".docx":
        from reader.importing.word import read_docx

        extracted = read_docx(data)
    elif suffix in (".html", ".htm"):
        from reader.importing.web import read_web_page

        extracted = read_web_page(data)
    elif suffix == ".md":
        from reader.importing.plain import read_markdown

        extracted = read_markdown(data)
    else:
        from reader.importing.plain import read_text

        extracted = read_text(data)
    paragraphs = sum(
        n
        for b in extracted.blocks
        if b.kind == "paragraph" and (n := len(b.text.split())) >= MIN_SENTENCE_WORDS
    )  # a list of links is many short lines
    if paragraphs < MIN_ARTICLE_WORDS:
        raise Unreadable(
            f"no article text in this {FORMATS[suffix]} (under {MIN_ARTICLE_WORDS} words in "
            f"paragraphs of {MIN_SENTENCE_WORDS} words or more)"
        )
    return extracted
