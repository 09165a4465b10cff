"""Every exact occurrence of a string in a long text, through a cached index of word starts.

``str.find`` scans the text, and confirming that a quote occurs only once means scanning to the
end. A book-length document anchors a thousand quotes (and the approximate search looks up several
pieces of each), so those scans add up. Here the text is indexed once (cached per text): for every
*word start* — a
position right after a space or a newline whose character is neither — the ``GRAM`` characters
from there. A needle that contains a space or newline followed by ``GRAM`` more characters can
only occur where its rarest such gram does, so its occurrences are found by a dict lookup and
a ``startswith`` per candidate. Needles without one, and short texts, use ``str.find``.

The results are exactly those of the ``str.find`` loop: every start, overlapping ones
included, in ascending order.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, TypeVar

from reader.memo import SizedCache

__all__ = [
    "GRAM",
    "MIN_INDEXED_TEXT",
    "TEXT_CACHE_BYTES",
    "forget_texts",
    "occurrences",
    "per_text",
]

T = TypeVar("T")

GRAM = 8  # characters after a word start that key the index
MIN_INDEXED_TEXT = 65_536  # shorter texts are scanned: building the index would cost more
_BREAKS = " \n"
_WORD_START = re.compile(r"(?<=[ \n])[^ \n]")


#: What anchoring derives from a whole text (its word-start index, its projection for edlib), for
#: the texts anchored last, bounded by their estimated bytes rather than their number: an index is
#: several times its text, so a few old versions of a large article edited from outside would fill
#: memory. The newest always stays.
TEXT_CACHE_BYTES = 192 * 1024 * 1024
_PER_TEXT: SizedCache[Any] = SizedCache(TEXT_CACHE_BYTES, name="per text")


#: kind -> (the text object last asked about, its value). A lookup by an equal text that is another
#: object (each reading of a file makes its own) compares the two whole texts, for every quote of a
#: long document.
_LAST: dict[str, tuple[str, Any]] = {}


def per_text(kind: str, text: str, build: Callable[[str], T], bytes_per_char: int) -> T:
    """`build(text)`, kept for the next quote in the same text; `bytes_per_char` estimates its
    size."""
    last = _LAST.get(kind)
    if last is not None and last[0] is text:
        kept: T = last[1]  # what `build` made for this kind
        return kept
    value: T = _PER_TEXT.get(
        (kind, text), True, lambda: build(text), lambda _: (bytes_per_char + 1) * len(text)
    )
    _LAST[kind] = (text, value)
    return value


def forget_texts() -> None:
    """Drop every text's index and projection (tests that change how they are built)."""
    _LAST.clear()
    _PER_TEXT.clear()


def _word_starts(text: str) -> dict[str, list[int]]:
    return per_text("word starts", text, _index_word_starts, 9)


def _index_word_starts(text: str) -> dict[str, list[int]]:
    """GRAM characters at each word start -> the word starts, ascending."""
    index: dict[str, list[int]] = {}
    get = index.get
    for match in _WORD_START.finditer(text):
        start = match.start()
        gram = text[start : start + GRAM]
        starts = get(gram)
        if starts is None:
            index[gram] = [start]
        else:
            starts.append(start)
    return index


def _scan(text: str, needle: str, limit: int | None) -> list[int]:
    positions: list[int] = []
    i = text.find(needle)
    while i != -1:
        positions.append(i)
        if limit is not None and len(positions) > limit:
            break
        i = text.find(needle, i + 1)
    return positions


def occurrences(text: str, needle: str, limit: int | None = None) -> list[int]:
    """Start of every occurrence of `needle` in `text`, ascending (overlapping ones included).

    With a `limit`, stops after the first ``limit + 1`` (enough to tell "more than limit").
    """
    if not needle:
        return []
    size = len(needle)
    if len(text) < MIN_INDEXED_TEXT or size <= GRAM:
        return _scan(text, needle, limit)
    offsets = [
        j + 1 for j in range(size - GRAM) if needle[j] in _BREAKS and needle[j + 1] not in _BREAKS
    ]
    if not offsets:
        return _scan(text, needle, limit)
    index = _word_starts(text)
    best: list[int] | None = None
    best_offset = 0
    for offset in offsets:
        starts = index.get(needle[offset : offset + GRAM])
        if starts is None:
            return []
        if best is None or len(starts) < len(best):
            best, best_offset = starts, offset
    assert best is not None
    positions: list[int] = []
    startswith = text.startswith
    for start in best:
        position = start - best_offset
        if position >= 0 and startswith(needle, position):
            positions.append(position)
            if limit is not None and len(positions) > limit:
                break
    return positions
