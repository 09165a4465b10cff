"""Where the app's documents come from, and the caches that keep reruns cheap.

A rerun (a toggle, a click) must not re-read files or re-run spaCy:

- `_file_bytes` reads a file only when its size or modification time changed;
- `reading` is keyed by the files' bytes and the model name (`st.cache_resource`: the Reading
  is shared read-only between sessions, not copied on every rerun, and pickling it would lose
  its positions into the YAML);
- `article_pages` (`st.cache_resource`, same key) renders the HTML pages, each when first asked
  for, so a book's first screen does not wait for its last page.

spaCy itself is loaded at most once per process, and only when its on-disk results miss
(`reader.layers.entities.load_pipeline` is a process-wide cache, which is what `st.cache_resource`
would add); a reading's entities are cached on disk by text and model.
"""

from __future__ import annotations

import hashlib
from bisect import bisect_right
from collections.abc import Sequence
from pathlib import Path

import streamlit as st

from reader.html.render import render_blocks
from reader.layers.entities import model_name
from reader.layers.reading import Reading, open_reading
from reader.settings import Settings
from reader.sources.documents import Block, Root, parse_document
from reader.sources.yamlsource import SourceError, decode_utf8, read_source

PROJECT_ROOT = Path(__file__).resolve().parents[3]
#: Text characters in the first page (the first screen) and in each later page.
FIRST_PAGE_CHARS = 12_000
PAGE_CHARS = 60_000
_FRONT = frozenset({"title", "dek", "caption", "credit"})


def current_root(settings: Settings) -> Root:
    """The settings' root (READER_ROOT), else the project folder."""
    return Root(settings.root.resolve() if settings.root else PROJECT_ROOT)


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return (info.st_mtime_ns, info.st_size)


@st.cache_data(max_entries=64, show_spinner=False)
def _file_bytes(path: str, stamp: tuple[int, int] | None) -> bytes | None:
    if stamp is None:
        return None
    try:  # a pipe, a device or an oversized file is never read: open_reading reports it
        return read_source(path)
    except (OSError, SourceError):
        return None


def source_bytes(root: Root, slug: str) -> tuple[bytes | None, bytes | None]:
    """The article's and the annotation file's bytes (None: missing), read only when changed."""
    article, annotations = root.article_path(slug), root.annotations_path(slug)
    return _file_bytes(str(article), _stamp(article)), _file_bytes(str(annotations), _stamp(annotations))


@st.cache_resource(max_entries=8, show_spinner="Reading the document and finding its entities…")
def _reading(root: str, slug: str, article: bytes | None, annotations: bytes | None, model: str,
             _settings: Settings) -> Reading:
    # The arguments are the cache key: the files' contents and the model (Streamlit skips `_settings`).
    return open_reading(Root(Path(root)), slug, with_model=True, settings=_settings)


def reading(root: Root, slug: str, settings: Settings) -> Reading:
    """The document with its layers; shared and read-only: do not modify it."""
    article, annotations = source_bytes(root, slug)
    return _reading(str(root.path), slug, article, annotations, model_name(settings), settings)


def paginate(blocks: tuple[Block, ...] | list[Block]) -> list[list[Block]]:
    """Blocks in pages: the front matter and the first paragraphs, then ~PAGE_CHARS each.

    Pages break only before a heading or paragraph, so a photo's caption and credit stay together.
    """
    pages: list[list[Block]] = [[]]
    size, limit = 0, FIRST_PAGE_CHARS
    for block in blocks:
        if size >= limit and block.kind not in _FRONT:
            pages.append([])
            size, limit = 0, PAGE_CHARS
        pages[-1].append(block)
        size += len(block.text)
    return [page for page in pages if page]


class Pages(Sequence[str]):
    """A document's pages of HTML, each rendered when first asked for and then kept.

    `key` names the content (the files' bytes and the model). Shared read-only between sessions:
    two sessions rendering the same page at once only do the same work twice.
    """

    def __init__(self, reading: Reading, key: str) -> None:
        self.key = key
        self._reading = reading
        self._blocks = paginate(reading.document.blocks)
        self._starts = [page[0].start for page in self._blocks]
        self._html: dict[int, str] = {}

    def __len__(self) -> int:
        return len(self._blocks)

    def __getitem__(self, index: int) -> str:  # type: ignore[override] - pages are asked for one by one
        if not 0 <= index < len(self._blocks):
            raise IndexError(index)
        html = self._html.get(index)
        if html is None:
            html = self._html[index] = render_blocks(self._reading.text, self._blocks[index], self._reading.segments())
        return html

    def page_of(self, annotation_id: str | None) -> int | None:
        """The page that holds a claim's or a note's first highlight (None: no such highlight)."""
        if not annotation_id:
            return None
        starts = [s.start for s in self._reading.spans if s.id == annotation_id or s.note == annotation_id]
        if not starts:
            return None
        return max(0, bisect_right(self._starts, min(starts)) - 1)


@st.cache_resource(max_entries=8, show_spinner=False)
def _pages(root: str, slug: str, article: bytes | None, annotations: bytes | None, model: str,
           _settings: Settings) -> Pages:
    digest = hashlib.blake2b(digest_size=12)
    for part in (article or b"", annotations or b"", model.encode()):
        digest.update(len(part).to_bytes(8, "big") + part)
    return Pages(_reading(root, slug, article, annotations, model, _settings), digest.hexdigest())


def article_pages(root: Root, slug: str, settings: Settings) -> Pages:
    """The article's HTML (every layer, every label) in pages of whole blocks, rendered as asked for."""
    article, annotations = source_bytes(root, slug)
    return _pages(str(root.path), slug, article, annotations, model_name(settings), settings)


@st.cache_data(max_entries=256, show_spinner=False)
def _title(slug: str, path: str, stamp: tuple[int, int] | None) -> str:
    data = _file_bytes(path, stamp)
    if data is None:
        return slug
    try:
        text = decode_utf8(data)
    except SourceError:
        return slug
    # Only the front matter is needed for a title.
    head = text[: text.find("\n---", 4) + 4] if text.startswith("---") and "\n---" in text[4:] else ""
    document, _ = parse_document(slug, head or text[:2000], path)
    return document.title


def document_titles(root: Root) -> dict[str, str]:
    """slug -> title for the document picker."""
    titles = {}
    for slug in root.slugs():
        path = root.article_path(slug)
        titles[slug] = _title(slug, str(path), _stamp(path))
    return titles
