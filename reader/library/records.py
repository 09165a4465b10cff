"""What the index keeps of one document: its searchable entries and the library page's figures.

Pure: a Reading in, plain tuples out (they cross process boundaries when many documents are read
at once, and go straight into SQLite).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from reader.layers.entities import cache_dir, cache_key
from reader.library.query import SHARED, UNASSESSED
from reader.settings import Settings
from reader.sources.annotations import load_shared
from reader.sources.documents import Root
from reader.sources.schema import Figure, Note
from reader.text import shorten

if TYPE_CHECKING:
    from reader.reading import Reading

__all__ = [
    "MAX_ENTRIES",
    "MAX_TEXT_CHARS",
    "SHARED",
    "UNASSESSED",
    "DocumentRow",
    "Entry",
    "Record",
    "read_records",
]

MAX_TEXT_CHARS = 2_000_000  # of one document's text indexed: caps what one file can cost
MAX_ENTRIES = 20_000  # claims, notes, figures and entities indexed per document
TITLE_CHARS = 120

#: doc, kind, id, focus, status, label (what a hit is called), title, body.
Entry = tuple[str, str, str, str, str, str, str, str]


@dataclass(frozen=True)
class DocumentRow:
    slug: str
    title: str
    published: str | None
    authors: tuple[str, ...]
    section: str | None
    tags: tuple[str, ...]
    statuses: dict[str, int]  # claim status (or "unassessed") -> count
    errors: int
    warnings: int
    orphans: int
    mismatches: int  # numbers of claims that the figures' data contradicts

    @property
    def claims(self) -> int:
        return sum(self.statuses.values())

    @property
    def problems(self) -> int:
        return self.errors + self.orphans + self.mismatches

    def as_sql(self) -> tuple[str | int | None, ...]:
        return (
            self.slug,
            self.title,
            self.published,
            json.dumps(self.authors, ensure_ascii=False),
            self.section,
            json.dumps(self.tags, ensure_ascii=False),
            json.dumps(self.statuses),
            self.claims,
            self.errors,
            self.warnings,
            self.orphans,
            self.mismatches,
        )

    @classmethod
    def from_sql(cls, row: tuple[Any, ...]) -> DocumentRow:
        slug, title, published, authors, section, tags, statuses, *counts = row
        errors, warnings, orphans, mismatches = counts[-4:]
        return cls(
            slug,
            title,
            published,
            tuple(json.loads(authors)),
            section,
            tuple(json.loads(tags)),
            json.loads(statuses),
            errors,
            warnings,
            orphans,
            mismatches,
        )


@dataclass(frozen=True)
class Record:
    """One source of the index: a document (with its row) or the shared file (row None)."""

    slug: str
    entries: list[Entry]
    row: DocumentRow | None
    entity_file: str | None  # the entity cache file that was missing (re-read once it exists)


def read_records(root: Root, slugs: Iterable[str], settings: Settings) -> list[Record]:
    """The index's records of documents (or of SHARED), read from the files. Never raises for bad
    files."""
    from reader.reading import open_reading  # the page and the search never need it

    shared = load_shared(root)  # read once for all
    records = []
    for slug in slugs:
        if slug == SHARED:
            entries = _notes_and_figures(SHARED, shared[0].notes.values(), shared[0].figures)
            records.append(Record(SHARED, entries[:MAX_ENTRIES], None, None))
            continue
        reading = open_reading(root, slug, settings=settings, shared=shared, cached_model_only=True)
        records.append(
            Record(slug, _entries(reading), _row(reading), _missing_entities(reading, settings))
        )
    return records


def _row(reading: Reading) -> DocumentRow:
    meta = reading.document.meta
    statuses = Counter(claim.status or UNASSESSED for claim in reading.annotations.claims)
    mismatches = sum(
        1
        for results in reading.numbers.values()
        for result in results
        if result.check is not None and result.check.verdict == "mismatch"
    )
    shared = reading.annotations.shared
    orphaned = {(reading.annotations.path, o.line, o.column) for o in reading.orphans}
    own = [  # the shared file's problems are not the document's; orphans are counted apart
        p
        for p in reading.problems
        if (shared is None or p.path != shared.path) and (p.path, p.line, p.column) not in orphaned
    ]
    errors = sum(p.is_error for p in own)
    return DocumentRow(
        reading.document.slug,
        meta.title,
        meta.published,
        tuple(meta.authors),
        meta.section,
        tuple(meta.tags),
        dict(statuses),
        errors,
        len(own) - errors,
        len(reading.orphans),
        mismatches,
    )


def _entries(reading: Reading) -> list[Entry]:
    document, annotations = reading.document, reading.annotations
    slug = document.slug
    body = "\n\n".join(block.text for block in document.blocks if block.kind != "title")
    entries: list[Entry] = [
        (slug, "document", slug, "", "", document.title, document.title, body[:MAX_TEXT_CHARS])
    ]
    for claim in annotations.claims:
        label = shorten(claim.quote, TITLE_CHARS)
        text = f"{claim.quote}\n\n{claim.assessment or ''}"
        entries.append(
            (slug, "claim", claim.id, claim.id, claim.status or UNASSESSED, label, "", text)
        )
    own = annotations.is_shared
    entries.extend(
        _notes_and_figures(
            slug,
            [note for note in annotations.notes.values() if not own(note)],
            {key: figure for key, figure in annotations.figures.items() if not own(figure)},
        )
    )  # shared notes and figures are indexed once, under SHARED
    seen: set[str] = set()
    for entity in reading.entities:
        if entity.text not in seen:  # one hit per entity text, focused on its first occurrence
            seen.add(entity.text)
            label = f"{shorten(entity.text, TITLE_CHARS)} ({entity.label})"
            entries.append((slug, "entity", entity.text, entity.id, "", label, "", entity.text))
    return entries[:MAX_ENTRIES]


def _notes_and_figures(
    slug: str, notes: Iterable[Note], figures: Mapping[str, Figure]
) -> list[Entry]:
    entries: list[Entry] = []
    for note in notes:
        entries.append((slug, "note", note.id, note.id, "", note.title, note.title, note.body))
    for figure in figures.values():
        caption = figure.caption or ""
        entries.append(
            (slug, "figure", figure.id, figure.id, "", figure.title, figure.title, caption)
        )
    return entries


def _missing_entities(reading: Reading, settings: Settings) -> str | None:
    if reading.model is None:
        return None
    blocks = [(block.start, block.text) for block in reading.document.blocks]
    file = cache_dir(settings) / f"{cache_key(blocks, reading.model)}.json"
    return None if file.exists() else str(file)
