"""Approximate search for one quote: the places with the fewest edits, found by edlib.

Long texts are not scanned whole at first: pieces of the quote ("seeds") are looked up exactly
(``textindex``), and only windows around their hits are searched; by the pigeonhole principle a
match with e edits leaves at least ``searched - e`` pieces intact, so the search stops as soon as
no better match can hide elsewhere. ``reader.anchoring.quotes`` scores what this finds.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator

import edlib
from rapidfuzz.distance import Levenshtein

from reader.anchoring.textindex import occurrences, per_text

__all__ = ["SENTINEL", "Search", "fewest_edit_candidates"]

SMALL_TEXT = 16_384  # below this, scan directly instead of seeding
SEED_LEN = 16  # target length of a seed piece
MIN_SEED_LEN = 6  # shorter pieces hit too often to narrow anything down
MAX_SEEDS = 8  # pieces; a match with e errors needs e + 1 of them searched
MAX_SEED_HITS = 64  # a piece occurring more often than this is not used as a seed
MAX_CLUSTERS = 32  # runs of equally good end positions examined per edlib search
SENTINEL = 255  # byte code shared by all characters that are not in the quote


def fewest_edit_candidates(search: Search, hint: int | None) -> list[tuple[int, int, int]]:
    text, k, m = search.text, search.k, len(search.quote)
    n = len(text)
    if n <= SMALL_TEXT:
        return search.verify(search.in_range(0, n, hint))
    found: list[tuple[int, int, int]] = []
    seen: set[int] = set()
    for searched, starts in enumerate(search.seed_starts(), start=1):
        fresh = [
            start for start in starts if start not in seen
        ]  # several pieces point at one place
        seen.update(fresh)
        windows = _merge([(max(0, s - k), min(n, s + m + k)) for s in fresh])
        found += search.verify(span for lo, hi in windows for span in search.in_range(lo, hi, hint))
        # Pigeonhole: a match with e errors leaves at least `searched - e` of the searched pieces
        # intact, so every match with fewer than `searched` errors has been seen by now.
        if found and min(errors for _, _, errors in found) < searched:
            return found
    return found + search.verify(search.whole_text(hint))


class Search:
    """One quote's approximate search over one text (edlib on byte projections)."""

    def __init__(self, text: str, quote: str, k: int) -> None:
        self.text, self.quote, self.k = text, quote, k
        # Distinct quote characters get codes 0..254 in order of appearance; past 255 of them the
        # rest share code 254 (lossy, but every candidate is re-verified on the real strings).
        distinct = dict.fromkeys(quote)
        self.codes = {ord(c): min(i, SENTINEL - 1) for i, c in enumerate(distinct)}
        self.query = quote.translate(self.codes).encode("latin-1")
        self._cached: tuple[bytes, bytes] | None = None
        self._looked_up = False

    def project(self, segment: str) -> bytes:
        """Bytes for a piece of text: quote characters keep their codes, all others the sentinel."""
        table = dict.fromkeys(map(ord, set(segment)), SENTINEL)
        table.update(self.codes)
        return segment.translate(table).encode("latin-1")

    def cached(self) -> tuple[bytes, bytes] | None:
        """(query, whole text) from the text's cached projection, or None when that projection is
        not exact for this quote (it uses a rare character of an alphabet over 255 characters)."""
        if not self._looked_up:
            self._looked_up = True
            codes, data, shared = _projection(self.text)
            query = bytes(codes.get(ord(c), SENTINEL) for c in self.quote)
            self._cached = None if shared is not None and shared in query else (query, data)
        return self._cached

    def in_range(self, lo: int, hi: int, hint: int | None) -> list[tuple[int, int]]:
        """Best-distance spans of the quote inside text[lo:hi]."""
        if hi - lo < len(self.quote) - self.k:
            return []
        cached = self.cached() if len(self.text) > SMALL_TEXT else None
        if cached is not None:
            query, data = cached  # slicing the cached bytes beats translating each window
            return _spans(query, data[lo:hi], lo, self.k, hint)
        return _spans(self.query, self.project(self.text[lo:hi]), lo, self.k, hint)

    def whole_text(self, hint: int | None) -> list[tuple[int, int]]:
        """Best-distance spans over the whole text."""
        cached = self.cached()
        if cached is None:
            return _spans(self.query, self.project(self.text), 0, self.k, hint)
        return _spans(cached[0], cached[1], 0, self.k, hint)

    def seed_starts(self) -> Iterator[list[int]]:
        """For each usable piece of the quote, where the quote would start around its exact hits."""
        text, quote = self.text, self.quote
        m = len(quote)
        count = min(self.k + 1, max(2, m // SEED_LEN), MAX_SEEDS)
        size = m // count
        if size < MIN_SEED_LEN:
            return
        for index in range(count):
            offset = index * size
            piece = quote[offset : offset + size] if index < count - 1 else quote[offset:]
            hits = occurrences(text, piece, MAX_SEED_HITS)
            if len(hits) > MAX_SEED_HITS:
                continue  # too common to point anywhere, so it does not count as searched
            # A match containing this intact piece starts within k of (hit - offset).
            yield [h - offset for h in hits]

    def verify(self, spans: Iterable[tuple[int, int]]) -> list[tuple[int, int, int]]:
        """Real edit distance of each distinct span; those within k, as (start, end, errors)."""
        found = []
        for start, end in dict.fromkeys(spans):
            errors = Levenshtein.distance(self.quote, self.text[start:end], score_cutoff=self.k)
            if errors <= self.k:
                found.append((start, end, errors))
        return found


def _spans(
    query: bytes, target: bytes, base: int, k: int, hint: int | None
) -> list[tuple[int, int]]:
    """Spans (start, end) in text coordinates where ``query`` matches ``target`` with fewest
    edits."""
    try:
        result = edlib.align(query, target, mode="HW", task="distance", k=k)
        distance = result["editDistance"]
        if distance < 0:
            return []
        ends = _pick_ends(
            [end for _, end in result["locations"]], None if hint is None else hint - base
        )
        spans = []
        reversed_query = query[::-1]
        for end in ends:
            # Find where an alignment ending here starts: align the reversed query as a prefix of
            # the reversed text that ends at `end` (edlib's "SHW" mode), bounded by the distance.
            lo = max(0, end + 1 - len(query) - distance)
            back = edlib.align(
                reversed_query, target[lo : end + 1][::-1], mode="SHW", task="distance", k=distance
            )
            if back["locations"]:
                # Of the starts with as few edits, the client takes the one that makes the match
                # longest.
                back_end = max(
                    location_end for _, location_end in back["locations"]
                )  # back_end + 1 aligned
                spans.append((base + end - back_end, base + end + 1))
        return spans
    except Exception:  # noqa: BLE001 - edlib refusing some input means "no match", never a crash
        return []


def _pick_ends(ends: list[int], hint: int | None) -> list[int]:
    """Bound the work: from runs of adjacent end positions keep the first and last of each run,
    for at most MAX_CLUSTERS runs (those nearest the hint, else the earliest)."""
    runs: list[tuple[int, int]] = []
    for end in ends:
        if runs and end == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], end)
        else:
            runs.append((end, end))
    if hint is not None:
        runs.sort(key=lambda run: min(abs(run[0] - hint), abs(run[1] - hint)))
    picked: list[int] = []
    for first, last in runs[:MAX_CLUSTERS]:
        picked.extend((first, last) if first != last else (first,))
    return picked


def _merge(windows: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for lo, hi in sorted(windows):
        if merged and lo <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], hi))
        else:
            merged.append((lo, hi))
    return merged


def _projection(text: str) -> tuple[dict[int, int], bytes, int | None]:
    return per_text("projection", text, _project, 1)


def _project(text: str) -> tuple[dict[int, int], bytes, int | None]:
    """The whole text as bytes for edlib, built once per text (kept as reader.anchoring.textindex
    keeps its index).

    Up to 255 distinct characters each get their own code (exact for every quote). With more, the
    254 most frequent do and the rest share code 254 (returned as ``shared``); quotes that use one
    of those rare characters are projected on their own instead.
    """
    chars = set(text)
    if len(chars) <= SENTINEL:
        codes = {ord(c): i for i, c in enumerate(sorted(chars))}
        shared = None
    else:
        ranked = [c for c, _ in Counter(text).most_common()]
        shared = SENTINEL - 1
        codes = {ord(c): min(i, shared) for i, c in enumerate(ranked)}
    return codes, text.translate(codes).encode("latin-1"), shared
