"""A library of documents: the search index (SQLite FTS5 in the cache), the query language, and
the per-document figures the library page lists (docs/library.md)."""

__all__: list[str] = []
