"""Searching the index: hits with marked snippets, best first, and the app links they open."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlencode

from reader.library.index import LibraryIndex
from reader.library.query import KINDS, SHARED, match_expression, parse_query

__all__ = ["MARK_CLOSE", "MARK_OPEN", "MAX_LIMIT", "Hit", "search"]

MAX_LIMIT = 1000
# Private-use characters mark matches inside snippets: text cannot fake them, and each output
# (brackets for the terminal, <mark> for HTML) replaces them after escaping.
MARK_OPEN, MARK_CLOSE = "\ue000", "\ue001"
SNIPPET_TOKENS = 14


@dataclass(frozen=True)
class Hit:
    doc: str
    kind: str
    id: str
    focus: str
    status: str
    title: str  # what the hit is: a document's or note's title, a claim's quote, an entity
    doc_title: str
    snippet: str  # with MARK_OPEN / MARK_CLOSE around the matched words
    score: float  # higher is better

    def marked(self, open_mark: str = "[", close_mark: str = "]") -> str:
        return self.snippet.replace(MARK_OPEN, open_mark).replace(MARK_CLOSE, close_mark)

    @property
    def link(self) -> str:
        """The app link that opens the hit (docs/library.md; the contract: library.md, Links)."""
        if self.doc == SHARED:
            return "?" + urlencode({"note": self.id} if self.kind == "note" else {"q": self.title})
        if self.kind == "document":
            return "?" + urlencode({"doc": self.doc})
        return "?" + urlencode({"doc": self.doc, "focus": self.focus})

    def as_json(self) -> dict[str, object]:
        return {
            "doc": self.doc,
            "kind": self.kind,
            "id": self.id,
            "title": self.title,
            "doc_title": self.doc_title,
            "status": self.status or None,
            "snippet": self.marked(),
            "score": round(self.score, 6),
            "link": self.link,
        }


def search(
    index: LibraryIndex,
    query: str,
    *,
    kinds: Sequence[str] = (),
    doc: str | None = None,
    status: str | None = None,
    limit: int = 20,
) -> list[Hit]:
    """Hits for a query of the contract's language, best first. Never raises for any query."""
    expression = match_expression(parse_query(query))
    if expression is None:
        return []
    where, params = ["entries MATCH ?"], [expression]
    wanted = [kind for kind in KINDS if kind in kinds]
    if status is not None:
        wanted = ["claim"]  # --status keeps claims of that status
        where.append("status = ?")
        params.append(status)
    if wanted:
        where.append(f"kind IN ({', '.join('?' * len(wanted))})")
        params.extend(wanted)
    if doc is not None:
        where.append("doc = ?")
        params.append(doc)
    # ORDER BY rank (BM25, a title counting 4 times the body; set with the table) is sorted
    # inside FTS5, so only the rows kept get a snippet.
    sql = f"""
        SELECT doc, kind, id, focus, status, label,
               snippet(entries, -1, ?, ?, '…', {SNIPPET_TOKENS}), rank
        FROM entries WHERE {" AND ".join(where)} ORDER BY rank LIMIT ?"""
    arguments = [MARK_OPEN, MARK_CLOSE, *params, max(1, min(limit, MAX_LIMIT))]
    try:
        with index.connect() as con:
            rows = con.execute(sql, arguments).fetchall()
            slugs = sorted({row[0] for row in rows})
            marks = ", ".join("?" * len(slugs))
            titles = dict(
                con.execute(f"SELECT slug, title FROM documents WHERE slug IN ({marks})", slugs)
            )
    except sqlite3.OperationalError as exc:
        if "fts5" in str(exc) or "syntax" in str(exc):  # defence in depth: a query FTS5 refuses
            return []
        raise
    return [
        Hit(
            doc,
            kind,
            id_,
            focus,
            status_,
            label,
            titles.get(doc, ""),
            " ".join(snippet.split()),
            -score,
        )
        for doc, kind, id_, focus, status_, label, snippet, score in rows
    ]
