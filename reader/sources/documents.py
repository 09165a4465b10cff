"""Documents: ``article/<slug>.md`` (YAML front matter + plain paragraphs) and the root that holds
them.

The document text is the list of blocks (title, dek, image caption, image credit, then each
heading and paragraph) joined with one blank line; every offset in the project indexes it.
"""

from __future__ import annotations

import datetime
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError

from reader.sources.characters import suspicious_characters
from reader.sources.problems import Problem, did_you_mean
from reader.sources.yamlsource import SourceError, decode_utf8, load_yaml, read_source
from reader.vocabulary import SLUG

__all__ = [
    "BLOCK_SEPARATOR",
    "SHARED_FILE",
    "SHARED_SLUG",
    "Block",
    "BlockKind",
    "Document",
    "FileSignature",
    "FrontMatter",
    "Image",
    "Root",
    "display_path",
    "file_signature",
    "load_document",
    "parse_document",
    "parse_document_bytes",
]

BLOCK_SEPARATOR = "\n\n"
#: The shared-evidence file in annotations/, named where a slug goes (the editor, saves, history);
#: a name starting with '_' is never a document.
SHARED_SLUG = "_shared"
SHARED_FILE = f"{SHARED_SLUG}.yaml"

BlockKind = Literal["title", "dek", "caption", "credit", "heading", "paragraph"]


@dataclass(frozen=True, slots=True)
class Block:
    kind: BlockKind
    text: str
    start: int  # offsets into Document.text
    end: int
    line: int  # 1-based line in the article file


def _iso_date(value: str) -> str:
    try:
        return (
            datetime.date.fromisoformat(value).isoformat()
            if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value)
            else _bad_date()
        )
    except ValueError:
        return _bad_date()


def _bad_date() -> str:
    raise ValueError("must be a date written YYYY-MM-DD, like 2025-01-15")


class Image(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    caption: str | None = None
    credit: str | None = None


class FrontMatter(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    title: str
    section: str | None = None
    dek: str | None = None
    image: Image | None = None
    source: str | None = None
    reviewer: str | None = None  # the organisation that reviewed the claims (ClaimReview's author)
    reviewed: Annotated[str, AfterValidator(_iso_date)] | None = (
        None  # when, as YYYY-MM-DD (its datePublished)
    )
    # What a library filters and sorts on (the library contract).
    author: str | list[str] | None = None
    published: Annotated[str, AfterValidator(_iso_date)] | None = None  # YYYY-MM-DD
    tags: list[str] = Field(default_factory=list)

    @property
    def authors(self) -> list[str]:
        """The author field as a list, whether it was written as one name or several."""
        return [self.author] if isinstance(self.author, str) else list(self.author or [])


@dataclass(frozen=True)
class Document:
    slug: str
    path: str  # as shown in messages
    meta: FrontMatter
    blocks: tuple[Block, ...]
    text: str

    @property
    def title(self) -> str:
        return self.meta.title


#: Each file's (path, mtime in ns, size); (path, None, None) for a file that cannot be seen.
FileSignature = tuple[tuple[str, int, int] | tuple[str, None, None], ...]


def file_signature(paths: Iterable[Path | str]) -> FileSignature:
    """What caches and live reload compare to tell that files changed, appeared or went away."""
    signature: list[tuple[str, int, int] | tuple[str, None, None]] = []
    for path in paths:
        try:
            info = os.stat(path)
        except OSError:
            signature.append((str(path), None, None))
        else:
            signature.append((str(path), info.st_mtime_ns, info.st_size))
    return tuple(signature)


def display_path(path: Path) -> str:
    """A path as messages show it: relative to the working folder when inside it, else absolute."""
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path.absolute())
    return str(path.absolute()) if relative.startswith("..") else relative


@dataclass(frozen=True)
class Root:
    """A folder holding ``article/`` and ``annotations/``."""

    path: Path

    def article_path(self, slug: str) -> Path:
        return self.path / "article" / f"{slug}.md"

    def annotations_path(self, slug: str) -> Path:
        return self.path / "annotations" / f"{slug}.yaml"

    def shared_path(self) -> Path:
        """``annotations/_shared.yaml``: figures, notes and entity corrections every document
        sees."""
        return self.path / "annotations" / SHARED_FILE

    def document_files(self, slug: str) -> tuple[str, str]:
        """``str(article_path(slug)), str(annotations_path(slug))``, built without Path objects: a
        scan of ten thousand documents spent most of its time in pathlib."""
        return f"{self._folders[0]}{slug}.md", f"{self._folders[1]}{slug}.yaml"

    @cached_property
    def _folders(self) -> tuple[str, str]:
        return f"{self.path / 'article'}{os.sep}", f"{self.path / 'annotations'}{os.sep}"

    def slugs(self) -> list[str]:
        try:
            with os.scandir(self.path / "article") as entries:
                # A directory entry knows whether it is a plain file without a stat per document.
                stems = [e.name[:-3] for e in entries if e.name.endswith(".md") and e.is_file()]
        except OSError:  # no article/ folder
            return []
        return sorted(stem for stem in stems if SLUG.fullmatch(stem))

    def unknown_slug_message(self, slug: str) -> str:
        return (
            f"no document '{slug}' in "
            f"{display_path(self.path / 'article')}{did_you_mean(slug, self.slugs())}"
        )


def parse_document(slug: str, source: str, path: str) -> tuple[Document, list[Problem]]:
    """Parse an article's text. Never raises: a broken front matter is reported and the body still
    shown."""
    problems: list[Problem] = []
    meta, body, body_line = _split_front_matter(source, path, problems)
    if meta is None:
        meta = FrontMatter(title=slug)
    pieces: list[tuple[BlockKind, str, int]] = [("title", meta.title, 2)]
    if meta.dek:
        pieces.append(("dek", meta.dek, 2))
    if meta.image and meta.image.caption:
        pieces.append(("caption", meta.image.caption, 2))
    if meta.image and meta.image.credit:
        pieces.append(("credit", meta.image.credit, 2))
    pieces.extend(_body_blocks(body, body_line))

    blocks, offset = [], 0
    for kind, text, line in pieces:
        blocks.append(Block(kind, text, offset, offset + len(text), line))
        offset += len(text) + len(BLOCK_SEPARATOR)
    text = BLOCK_SEPARATOR.join(b.text for b in blocks)
    problems.extend(suspicious_characters(source, path, what="the article"))
    return Document(slug, path, meta, tuple(blocks), text), problems


def load_document(root: Root, slug: str) -> tuple[Document | None, list[Problem]]:
    """Read ``article/<slug>.md``; None (with a problem) only when the file cannot be read at
    all."""
    file = root.article_path(slug)
    path = display_path(file)
    try:
        data = read_source(file)
    except OSError as exc:
        return None, [
            Problem(
                path,
                1,
                1,
                "error",
                f"cannot read the article: {exc.strerror or exc}",
                unreadable=True,
            )
        ]
    except SourceError as exc:
        return None, [Problem(path, exc.line, exc.column, "error", exc.message, unreadable=True)]
    return parse_document_bytes(slug, data, path)


def parse_document_bytes(slug: str, data: bytes, path: str) -> tuple[Document, list[Problem]]:
    """An article's bytes as a document. Bytes that are not UTF-8 are an error at the first one's
    line:col, and the article still shows, with U+FFFD (�) in their place."""
    try:
        source = decode_utf8(data)
        problems: list[Problem] = []
    except SourceError as exc:
        problems = [
            Problem(
                path,
                exc.line,
                exc.column,
                "error",
                f"{exc.message}; the article is shown with � there",
                unreadable=True,
            )
        ]
        source = data.decode("utf-8", errors="replace").removeprefix("\ufeff").replace("\r\n", "\n")
    document, more = parse_document(slug, source, path)
    return document, [*problems, *more]


def _split_front_matter(
    source: str, path: str, problems: list[Problem]
) -> tuple[FrontMatter | None, str, int]:
    lines = source.split("\n")
    if not lines or lines[0].strip() != "---":
        problems.append(
            Problem(
                path,
                1,
                1,
                "error",
                (
                    "the article must start with front matter: a '---' line, 'title: …', "
                    "and a closing '---'"
                ),
            )
        )
        return None, source, 1
    try:
        close = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    except StopIteration:
        problems.append(
            Problem(path, 1, 1, "error", "front matter is not closed: add a '---' line after it")
        )
        return None, source, 1
    body = "\n".join(lines[close + 1 :])
    try:
        data, positions = load_yaml("\n".join(lines[1:close]), line_offset=1)
    except SourceError as exc:
        problems.append(
            Problem(path, exc.line, exc.column, "error", f"front matter: {exc.message}")
        )
        return None, body, close + 2
    if not isinstance(data, dict):
        problems.append(
            Problem(path, 2, 1, "error", "front matter must be a mapping with at least 'title: …'")
        )
        return None, body, close + 2
    try:
        return FrontMatter.model_validate(data), body, close + 2
    except ValidationError as exc:
        for error in exc.errors():
            loc = tuple(error["loc"])
            if error["type"] == "extra_forbidden":
                line, column = positions.of(loc, key=True)
                known = FrontMatter.model_fields if len(loc) == 1 else Image.model_fields
                message = f"unknown front-matter key '{loc[-1]}'{did_you_mean(str(loc[-1]), known)}"
            elif error["type"] == "missing":
                line, column = 2, 1
                message = f"front matter is missing '{'.'.join(map(str, loc))}'"
            else:
                line, column = positions.of(loc)
                message = f"front matter '{'.'.join(map(str, loc))}': {error['msg']}"
            problems.append(Problem(path, line, column, "error", message))
        title = data.get(
            "title"
        )  # show the body under whatever title there is; the errors say what to fix
        return FrontMatter(title=title if isinstance(title, str) else "(untitled)"), body, close + 2


def _body_blocks(body: str, first_line: int) -> list[tuple[BlockKind, str, int]]:
    """Paragraphs separated by blank lines; a '## ' line is a heading. Text is kept as written."""
    blocks: list[tuple[BlockKind, str, int]] = []
    paragraph: list[str] = []
    start_line = first_line

    def flush() -> None:
        if paragraph:
            blocks.append(("paragraph", "\n".join(paragraph), start_line))
            paragraph.clear()

    for number, line in enumerate(body.split("\n"), start=first_line):
        if not line.strip():
            flush()
        elif line.startswith("## "):
            flush()
            blocks.append(("heading", line[3:], number))
        else:
            if not paragraph:
                start_line = number
            paragraph.append(line)
    flush()
    return blocks
