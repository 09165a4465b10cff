"""The library page's queries: a page of documents under filters, the filters' choices, and
search hits grouped by document; and the documents whose titles match some words (the reader's
sidebar finds a document with it in a large library). Everything is read from the index (no
document file is opened), so a page costs the same at ten documents or ten thousand."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from reader.library.index import LibraryIndex
from reader.library.query import as_prefixes, match_expression, parse_query
from reader.library.records import DocumentRow
from reader.library.search import Hit

__all__ = [
    "FIND_LIMIT",
    "MAX_FACETS",
    "PAGE_SIZE",
    "RANKED_TITLES",
    "Facets",
    "Filters",
    "HitGroup",
    "Listing",
    "facets",
    "find_titles",
    "group_hits",
    "list_documents",
    "titles",
]

PAGE_SIZE = 25
MAX_FACETS = 500  # sections or tags offered as choices
FIND_LIMIT = 10  # titles found at once: a list to choose from, not to page through
RANKED_TITLES = 1000  # matching titles find_titles sorts: the first it meets, not every one
Sort = Literal["date", "title"]

_COLUMNS = (
    "slug, title, published, authors, section, tags, statuses, claims, errors, warnings, "
    "orphans, mismatches"
)
_ORDER = {
    "date": "published IS NULL, published DESC, title COLLATE NOCASE, slug",
    "title": "title COLLATE NOCASE, slug",
}


@dataclass(frozen=True)
class Filters:
    section: str | None = None
    tag: str | None = None
    since: str | None = None  # YYYY-MM-DD, inclusive
    until: str | None = None
    status: str | None = None  # documents with at least one claim of this status
    sort: Sort = "date"
    page: int = 1  # 1-based


@dataclass(frozen=True)
class Listing:
    documents: list[DocumentRow]
    total: int  # documents under the filters
    page: int
    pages: int


@dataclass(frozen=True)
class Facets:
    documents: int
    sections: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    first: str | None = None  # earliest and latest `published`
    last: str | None = None


@dataclass(frozen=True)
class HitGroup:
    doc: str
    title: str
    hits: list[Hit]


def list_documents(index: LibraryIndex, filters: Filters, *, size: int = PAGE_SIZE) -> Listing:
    """One page of the documents the filters keep, in the order asked for."""
    where, params = _where(filters)
    with index.connect() as con:
        total = con.execute(f"SELECT count(*) FROM documents WHERE {where}", params).fetchone()[0]
        pages = max(1, -(-total // size))
        page = min(max(1, filters.page), pages)
        rows = con.execute(  # the texts are fixed; the values go as parameters
            f"SELECT {_COLUMNS} FROM documents WHERE {where} "
            f"ORDER BY {_ORDER[filters.sort]} LIMIT ? OFFSET ?",
            [*params, size, (page - 1) * size],
        ).fetchall()
    return Listing([DocumentRow.from_sql(row) for row in rows], total, page, pages)


def _where(filters: Filters) -> tuple[str, list[object]]:
    clauses: list[str] = ["1"]
    params: list[object] = []
    if filters.section:
        clauses.append("section = ?")
        params.append(filters.section)
    if filters.tag:
        clauses.append("slug IN (SELECT slug FROM document_tags WHERE tag = ?)")
        params.append(filters.tag)
    if filters.since:
        clauses.append("published >= ?")
        params.append(filters.since)
    if filters.until:
        clauses.append("published <= ?")
        params.append(filters.until)
    if filters.status:
        clauses.append("slug IN (SELECT slug FROM document_statuses WHERE status = ?)")
        params.append(filters.status)
    return " AND ".join(clauses), params


def facets(index: LibraryIndex) -> Facets:
    """What the filters offer: every section and tag, and the range of dates."""
    with index.connect() as con:
        count, first, last = con.execute(
            "SELECT count(*), min(published), max(published) FROM documents"
        ).fetchone()
        sections = [
            row[0]
            for row in con.execute(
                "SELECT DISTINCT section FROM documents WHERE section IS NOT NULL "
                "ORDER BY section LIMIT ?",
                (MAX_FACETS,),
            )
        ]
        tags = [
            row[0]
            for row in con.execute(
                "SELECT DISTINCT tag FROM document_tags ORDER BY tag LIMIT ?", (MAX_FACETS,)
            )
        ]
    return Facets(count, sections, tags, first, last)


def titles(index: LibraryIndex) -> dict[str, str]:
    """slug -> title of every indexed document."""
    with index.connect() as con:
        return dict(con.execute("SELECT slug, title FROM documents"))


def find_titles(
    index: LibraryIndex, query: str, *, limit: int = FIND_LIMIT
) -> list[tuple[str, str]]:
    """(slug, title) of the documents whose titles have the query's words (the search language
    of docs/library.md: case and accents never matter; here every word outside quotes is a
    prefix, as in any finder that completes what is typed: "mer" finds Mérida), the shortest title
    first (the one the words say most of; FTS5's rank would weigh the length of the whole
    document), then by title; at most `limit`. Read from the index's titles alone, and only the
    first RANKED_TITLES matches are sorted, so a word in every title costs the same in a library of
    a thousand documents or of ten thousand. Never raises for any query."""
    expression = match_expression(as_prefixes(parse_query(query)))
    if expression is None:
        return []
    try:
        with index.connect() as con:
            rows = con.execute(  # the text is fixed; the words go as a parameter
                "SELECT doc, label FROM (SELECT doc, label FROM entries "
                "WHERE entries MATCH ? AND kind = 'document' LIMIT ?) "
                "ORDER BY length(label), label COLLATE NOCASE, doc LIMIT ?",
                (f"title : ({expression})", RANKED_TITLES, max(1, limit)),
            ).fetchall()
    except sqlite3.OperationalError as exc:
        if "fts5" in str(exc) or "syntax" in str(exc):  # defence in depth, as in search()
            return []
        raise
    return [(slug, title) for slug, title in rows]


def group_hits(hits: Sequence[Hit]) -> list[HitGroup]:
    """Hits by document, documents in the order of their best hit."""
    groups: dict[str, HitGroup] = {}
    for hit in hits:
        if hit.doc not in groups:
            groups[hit.doc] = HitGroup(hit.doc, hit.doc_title or hit.doc, [])
        groups[hit.doc].hits.append(hit)
    return list(groups.values())
