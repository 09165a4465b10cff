"""The search query language (docs/library.md) turned into an FTS5 MATCH expression, safely.

Words must all occur, in any order; ``"a quoted phrase"`` keeps its words together; ``word*`` is a
prefix. Everything else is text: each term goes to FTS5 as a double-quoted string, so its own
syntax (AND, OR, NEAR, ``^``, ``:``, parentheses) never applies, and the tokenizer drops the
punctuation inside. A query with no letters or digits is no query.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

__all__ = [
    "KINDS",
    "MAX_QUERY_CHARS",
    "MAX_TERMS",
    "SHARED",
    "UNASSESSED",
    "Term",
    "as_prefixes",
    "match_expression",
    "parse_query",
    "query_text",
]

KINDS = ("document", "claim", "note", "figure", "entity")  # what a hit can be, for --kind
SHARED = "_shared"  # the doc of annotations/_shared.yaml's notes and figures (never a slug)
UNASSESSED = "unassessed"  # the status of a claim without one, for --status

MAX_QUERY_CHARS = 500  # the rest of a longer query is ignored: it bounds the work of one search
MAX_TERMS = 12


@dataclass(frozen=True, slots=True)
class Term:
    text: str
    phrase: bool = False  # written in double quotes
    prefix: bool = False  # written with a trailing *


def parse_query(query: str) -> list[Term]:
    """The terms of a query, in order; terms without a letter or digit are left out."""
    text = query[:MAX_QUERY_CHARS]
    terms: list[Term] = []
    i, n = 0, len(text)
    while i < n and len(terms) < MAX_TERMS:
        char = text[i]
        if char.isspace():
            i += 1
            continue
        if char == '"':
            close = text.find('"', i + 1)
            end = n if close < 0 else close  # an unclosed quote runs to the end
            words, i = " ".join(text[i + 1 : end].split()), end + 1
            prefix = i < n and text[i] == "*"
            term = Term(words.rstrip("*"), phrase=True, prefix=prefix or words.endswith("*"))
        else:
            end = i
            while end < n and not text[end].isspace() and text[end] != '"':
                end += 1
            word, i = text[i:end], end
            term = Term(word.rstrip("*"), prefix=word.endswith("*"))
        if any(c.isalnum() for c in term.text):
            terms.append(term)
    return terms


def match_expression(terms: list[Term]) -> str | None:
    """The FTS5 expression for these terms (all must match), or None when there are none."""
    parts = [
        '"' + term.text.replace('"', '""') + '"' + ("*" if term.prefix else "") for term in terms
    ]
    return " ".join(parts) or None


def as_prefixes(terms: list[Term]) -> list[Term]:
    """Every word outside quotes made a prefix, as a finder reads words being typed: "mer" finds
    Mérida."""
    return [term if term.phrase else replace(term, prefix=True) for term in terms]


def query_text(terms: list[Term]) -> str:
    """The terms written back in the query language."""
    return " ".join(
        (f'"{term.text}"' if term.phrase else term.text) + ("*" if term.prefix else "")
        for term in terms
    )
