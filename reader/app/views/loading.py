"""Where the app's documents come from, and the caches that keep reruns cheap and memory bounded.

A rerun (a toggle, a click) must not re-read files or re-run spaCy, and an outside edit must not
leave the old version behind: every cache here is a reader.memo.SizedCache, bounded by an
estimate of its bytes (not a count), where each file or document holds one version and a new one
replaces it at once.

- `_FILES`: a file's bytes and digest, read only when its size or modification time changed;
- `_READINGS`: the Reading of a document, keyed by its files' digests and the model (shared
  read-only between sessions, never pickled: that would lose its positions into the YAML);
- `_PAGES`: the HTML pages of a reading, each rendered when first asked for.

spaCy itself is loaded at most once per process, and only when its on-disk results miss
(`reader.layers.entities.load_pipeline` is a process-wide cache); a reading's entities are
cached on disk by text and model.
"""

from __future__ import annotations

import hashlib
from bisect import bisect_right
from collections.abc import Sequence
from pathlib import Path

import streamlit as st

from reader.app.views.state import PROJECT_ROOT, current_root
from reader.html.render import render_blocks
from reader.layers.entities import model_name
from reader.memo import SizedCache
from reader.reading import Reading, open_reading
from reader.settings import Settings
from reader.sources.documents import Block, FileSignature, Root, file_signature, parse_document
from reader.sources.yamlsource import SourceError, decode_utf8, read_source

__all__ = [
    "FILE_CACHE_BYTES",
    "FIRST_PAGE_CHARS",
    "MB",
    "PAGE_CACHE_BYTES",
    "PAGE_CHARS",
    "PROJECT_ROOT",
    "READING_BYTES_PER_SOURCE_BYTE",
    "READING_CACHE_BYTES",
    "Pages",
    "article_pages",
    "current_root",
    "document_titles",
    "paginate",
    "reading",
    "source_bytes",
]

MB = 1024 * 1024
#: Budgets, by estimated bytes. A reading costs about READING_BYTES_PER_SOURCE_BYTE times its two
#: files (measured with `python -m benchmarks.soak`); the newest entry always stays.
FILE_CACHE_BYTES = 64 * MB
READING_CACHE_BYTES = 1024 * MB
PAGE_CACHE_BYTES = 256 * MB
READING_BYTES_PER_SOURCE_BYTE = 40
_FILES: SizedCache[tuple[bytes | None, str]] = SizedCache(FILE_CACHE_BYTES, name="files")
_READINGS: SizedCache[Reading] = SizedCache(READING_CACHE_BYTES, name="readings")
_PAGES: SizedCache[Pages] = SizedCache(PAGE_CACHE_BYTES, name="pages")
#: Text characters in the first page (the first screen) and in each later page.
FIRST_PAGE_CHARS = 12_000
PAGE_CHARS = 60_000
_FRONT = frozenset({"title", "dek", "caption", "credit"})


def _read(path: str) -> tuple[bytes | None, str]:
    try:  # a pipe, a device or an oversized file is never read: open_reading reports it
        data: bytes | None = read_source(path)
    except (OSError, SourceError):
        data = None
    return data, hashlib.blake2b(data or b"", digest_size=16).hexdigest() + (
        "" if data is not None else "-missing"
    )


def _file(path: Path) -> tuple[bytes | None, str]:
    """A file's bytes (None: missing or unreadable) and their digest; read only when it changed."""
    return _FILES.get(
        str(path),
        file_signature([path]),
        lambda: _read(str(path)),
        lambda value: len(value[0] or b""),
    )


def source_bytes(root: Root, slug: str) -> tuple[bytes | None, bytes | None]:
    """The article's and the annotation file's bytes (None: missing), read only when changed."""
    return _file(root.article_path(slug))[0], _file(root.annotations_path(slug))[0]


def _version(root: Root, slug: str, settings: Settings) -> tuple[tuple, tuple[str, ...]]:
    """(slot, key): the document, and the version of it (its files' digests, the shared
    evidence's included, and the model)."""
    files = (root.article_path(slug), root.annotations_path(slug), root.shared_path())
    return (str(root.path), slug), (*(_file(path)[1] for path in files), model_name(settings))


def _reading_size(reading: Reading, root: Root, slug: str) -> int:
    source = sum(
        len(_file(path)[0] or b"")
        for path in (root.article_path(slug), root.annotations_path(slug), root.shared_path())
    )
    return READING_BYTES_PER_SOURCE_BYTE * max(source, len(reading.text))


def reading(root: Root, slug: str, settings: Settings) -> Reading:
    """The document with its layers; shared and read-only: do not modify it."""
    slot, key = _version(root, slug, settings)
    cached = _READINGS.peek(slot, key)
    if cached is not None:
        return cached
    with st.spinner("Reading the document and finding its entities…"):
        return _READINGS.get(
            slot,
            key,
            lambda: open_reading(root, slug, with_model=True, settings=settings),
            lambda value: _reading_size(value, root, slug),
        )


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

    def __getitem__(self, index: int) -> str:  # type: ignore[override]  # pages are asked for one by one, never sliced
        if not 0 <= index < len(self._blocks):
            raise IndexError(index)
        html = self._html.get(index)
        if html is None:
            html = self._html[index] = render_blocks(
                self._reading.text, self._blocks[index], self._reading.segments()
            )
        return html

    def page_of(self, annotation_id: str | None) -> int | None:
        """The page that holds a claim's or a note's first highlight (None: no such highlight)."""
        if not annotation_id:
            return None
        starts = [
            s.start for s in self._reading.spans if s.id == annotation_id or s.note == annotation_id
        ]
        if not starts:
            return None
        return max(0, bisect_right(self._starts, min(starts)) - 1)


def article_pages(root: Root, slug: str, settings: Settings) -> Pages:
    """The article's HTML (every layer, every label) in pages of whole blocks, rendered as asked
    for."""
    slot, key = _version(root, slug, settings)
    name = hashlib.blake2b("/".join(key).encode(), digest_size=12).hexdigest()
    # Rendered pages are about three times the text; counted in full from the start.
    return _PAGES.get(
        slot,
        key,
        lambda: Pages(reading(root, slug, settings), name),
        lambda pages: 3 * len(pages._reading.text),
    )


@st.cache_data(max_entries=256, show_spinner=False)
def _title(slug: str, path: str, stamp: FileSignature) -> str:
    data = _file(Path(path))[0]
    if data is None:
        return slug
    try:
        text = decode_utf8(data)
    except SourceError:
        return slug
    # Only the front matter is needed for a title.
    head = (
        text[: text.find("\n---", 4) + 4] if text.startswith("---") and "\n---" in text[4:] else ""
    )
    document, _ = parse_document(slug, head or text[:2000], path)
    return document.title


def document_titles(root: Root) -> dict[str, str]:
    """slug -> title for the document picker."""
    titles = {}
    for slug in root.slugs():
        path = root.article_path(slug)
        titles[slug] = _title(slug, str(path), file_signature([path]))
    return titles
