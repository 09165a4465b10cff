"""What an import yields (title, author, date, source, body blocks), the caps on its work, and the
one error every bad file raises: a sentence that says what was wrong."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Literal

__all__ = [
    "MAX_BODY_CHARS",
    "MAX_DOCX_MEMBERS",
    "MAX_DOCX_UNPACKED",
    "MAX_FILE_BYTES",
    "MAX_HTML_DEPTH",
    "MAX_PDF_PAGES",
    "MIN_ARTICLE_WORDS",
    "MIN_SENTENCE_WORDS",
    "BlockKind",
    "Extracted",
    "ImportBlock",
    "Unreadable",
    "clean_text",
    "drop_title",
]

MAX_FILE_BYTES = 20_000_000  # an upload of any kind
MAX_PDF_PAGES = 1_000  # a book; a 5,000-page file is refused before a page is read
MAX_DOCX_UNPACKED = 100_000_000  # bytes a Word file's parts may unpack to (a zip bomb is refused)
MAX_DOCX_MEMBERS = 5_000  # parts in a Word file
MAX_HTML_DEPTH = 200  # nesting of a web page's elements (libxml2 itself stops at 256)
MAX_BODY_CHARS = 5_000_000  # characters of extracted text
LEAD_BLOCKS = 4  # the title is looked for among the first blocks of a body
MIN_ARTICLE_WORDS = 12  # fewer words than this in paragraphs is no article
MIN_SENTENCE_WORDS = 6  # ... counting paragraphs of at least this many words (not link lists)

BlockKind = Literal["heading", "paragraph"]


class Unreadable(Exception):
    """A file the importer refuses; ``str()`` is the one line shown to the person."""


@dataclass(frozen=True, slots=True)
class ImportBlock:
    kind: BlockKind
    text: str


@dataclass
class Extracted:
    """An article as found in a file: its metadata where the file carries it, and its body."""

    title: str | None = None
    author: list[str] = field(default_factory=list)
    published: str | None = None  # YYYY-MM-DD
    source: str | None = None  # an http(s) URL
    blocks: list[ImportBlock] = field(default_factory=list)
    format: str = ""  # "web page", "PDF", "Word file", "text", "Markdown"

    @property
    def words(self) -> int:
        return sum(len(b.text.split()) for b in self.blocks)


# Controls and invisible format characters (soft hyphens, zero-width spaces, bidi overrides) are
# dropped; letters, accents, curly quotes, dashes and no-break spaces are the document's own.
_INVISIBLE = frozenset(("Cc", "Cf", "Co", "Cs"))
_SPACES = re.compile(r"[ \t\r\n\f\v\u2028\u2029]+")


def clean_text(text: str) -> str:
    """One line of text: invisible characters dropped, runs of white space made one space."""
    text = unicodedata.normalize("NFC", text)
    if any(unicodedata.category(c) in _INVISIBLE for c in text if not c.isspace()):
        text = "".join(c for c in text if c.isspace() or unicodedata.category(c) not in _INVISIBLE)
    return _SPACES.sub(" ", text).strip()


def drop_title(blocks: list[ImportBlock], title: str | None) -> list[ImportBlock]:
    """The body without the title where it repeats it near the top, nor what comes before it there
    (a kicker, a section label, a running head: the title is the front matter's)."""
    if title:
        wanted = title.casefold().strip(" .")
        for index, block in enumerate(blocks[:LEAD_BLOCKS]):
            if block.text.casefold().strip(" .") == wanted:
                return blocks[index + 1 :]
    return blocks
