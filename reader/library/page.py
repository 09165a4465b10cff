"""The library page's HTML, from the index's rows and hits: documents with their claims drawn as
a stacked bar and their open problems, and search hits grouped by document with marked matches;
and the titles the reader's sidebar finds in a large library.

Every text is escaped by the templates; the only markup added to a snippet is <mark>, put in
place of the index's private-use marks after escaping.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from urllib.parse import urlencode

from markupsafe import Markup

from reader.html.templates import render
from reader.library.catalog import HitGroup
from reader.library.query import (
    MAX_QUERY_CHARS,
    SHARED,
    UNASSESSED,
    as_prefixes,
    parse_query,
    query_text,
)
from reader.library.records import DocumentRow
from reader.library.search import MARK_CLOSE, MARK_OPEN, Hit
from reader.text import shorten
from reader.vocabulary import STATUS_COLORS, STATUS_TEXT, STATUSES, UNASSESSED_TEXT

__all__ = [
    "FOUND_QUERY_CHARS",
    "KIND_TEXT",
    "UNASSESSED_COLOR",
    "documents_html",
    "found_html",
    "hits_html",
    "marked_html",
    "status_parts",
]

KIND_TEXT = {
    "document": "Document",
    "claim": "Claim",
    "note": "Note",
    "figure": "Figure",
    "entity": "Entity",
}
UNASSESSED_COLOR = "#ced4da"
FOUND_QUERY_CHARS = 60  # of the words, said back above the titles found
_ORDER = (*STATUSES, UNASSESSED)


def marked_html(snippet: str) -> Markup:
    """A snippet as HTML: its text escaped, its matches in <mark>."""
    escaped = html.escape(snippet)
    return Markup(escaped.replace(MARK_OPEN, "<mark>").replace(MARK_CLOSE, "</mark>"))


def status_text(status: str) -> str:
    return STATUS_TEXT.get(status, UNASSESSED_TEXT)


def status_color(status: str) -> str:
    return STATUS_COLORS.get(status, UNASSESSED_COLOR)


def status_parts(statuses: dict[str, int]) -> list[dict[str, object]]:
    """The stacked bar's parts, best standing first, each with its share of the claims."""
    total = sum(statuses.values())
    return [
        {
            "key": status,
            "percent": round(100 * statuses[status] / total, 2),
            "color": status_color(status),
            "count": statuses[status],
        }
        for status in _ORDER
        if statuses.get(status)
    ]


def _claims_text(statuses: dict[str, int]) -> str:
    parts = [f"{statuses[s]} {status_text(s).lower()}" for s in _ORDER if statuses.get(s)]
    total = sum(statuses.values())
    head = f"{total} claim{'s' * (total != 1)}"
    return f"{head}: {', '.join(parts)}" if parts else "no claims"


def _problems(row: DocumentRow) -> list[dict[str, str]]:
    found = [
        ("errors", row.errors, "error"),
        ("orphans", row.orphans, "orphan"),
        ("mismatches", row.mismatches, "mismatched number"),
    ]
    return [{"key": key, "text": f"{n} {word}{'s' * (n != 1)}"} for key, n, word in found if n]


def documents_html(rows: Sequence[DocumentRow], *, start: int = 1) -> str:
    documents = [
        {
            "slug": row.slug,
            "title": row.title,
            "link": "?" + urlencode({"doc": row.slug}),
            "published": row.published,
            "authors": ", ".join(row.authors),
            "section": row.section,
            "tags": row.tags,
            "bar": status_parts(row.statuses),
            "claims_text": _claims_text(row.statuses),
            "claims_count": f"{row.claims} claim{'s' * (row.claims != 1)}",
            "problems": _problems(row),
        }
        for row in rows
    ]
    legend = [{"color": status_color(s), "text": status_text(s)} for s in _ORDER]
    return render("library/documents.html", documents=documents, start=start, legend=legend)


def hits_html(groups: Sequence[HitGroup]) -> str:
    views = [
        {
            "title": "Shared notes and figures" if group.doc == SHARED else group.title,
            "link": "?" + urlencode({"doc": group.doc}) if group.doc != SHARED else "?",
            "hits": [_hit_view(hit) for hit in group.hits],
        }
        for group in groups
    ]
    return render("library/hits.html", groups=views)


def _hit_view(hit: Hit) -> dict[str, object]:
    return {
        "kind": hit.kind,
        "kind_text": KIND_TEXT.get(hit.kind, hit.kind),
        "status_text": status_text(hit.status) if hit.kind == "claim" else "",
        "color": status_color(hit.status),
        "title": hit.title,
        "link": hit.link,
        "snippet": marked_html(hit.snippet),
    }


def found_html(
    found: Sequence[tuple[str, str]], *, query: str, current: str | None = None, more: bool = False
) -> str:
    """The documents found by their titles (slug, title), each a link that opens it (`current`,
    the one open, marked as such), then a link that searches the whole library for `query`."""
    documents = [
        {"title": title, "link": "?" + urlencode({"doc": slug}), "current": slug == current}
        for slug, title in found
    ]
    words = " ".join(query[:MAX_QUERY_CHARS].split())
    return render(
        "library/found.html",
        found=documents,
        more=more,
        query=shorten(words, FOUND_QUERY_CHARS),
        # The library's search for what the finder matched: the words typed so far as prefixes.
        search="?" + urlencode({"q": query_text(as_prefixes(parse_query(words)))}),
    )
