"""Anchoring: where each quote, prefix and suffix lands in the document text.

``match_quote`` ranks candidate places as the web annotation client does; ``resolve_quote``
applies the annotation format's rules (repeats, ambiguity, orphans); ``find_mentions`` finds a
note's phrases. ``textindex`` is the fast exact search beneath them.
"""

from reader.anchoring.quotes import (
    Anchor,
    Match,
    accepted_errors,
    find_mentions,
    match_quote,
    max_errors,
    resolve_quote,
)

__all__ = [
    "Anchor",
    "Match",
    "accepted_errors",
    "find_mentions",
    "match_quote",
    "max_errors",
    "resolve_quote",
]
