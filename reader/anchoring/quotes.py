"""Anchoring quotes in the document text: exact first, then approximate.

``match_quote`` ranks candidates as the Hypothesis web-annotation client's ``match-quote`` does
(src/annotator/anchoring/match-quote.ts): exact occurrences, when there are any, are the only
candidates; otherwise approximate ones with at most ``max_errors(len(quote))`` =
``min(256, len(quote) // 2)`` edits, so a quote with half of its characters changed is still
found, with a low score. Every candidate is scored on the quote (weight 50: one minus its edits
per quote character), on how closely the text just before and after it holds ``prefix`` (20)
and ``suffix`` (20) (one minus the fewest edits that put the given context inside that text, per
context character, as the client's ``textMatchScore``; a side that is not given scores 1), and on
its distance from ``hint`` (2: one minus the distance over the text's length; 1 without a hint),
normalised by the sum of the weights. So an exact quote with exact context scores 1.0, and when a
repeated quote's context matches no occurrence exactly, the occurrence whose neighbouring text is
closest in edit distance wins. One difference: approximate candidates are the places with the
fewest edits (and, around a hint, the best place there); the client also scores places with more
edits, which outrank those only when their context agrees far better.

``resolve_quote`` applies the annotation format's rules on top and is stricter: it accepts an
approximate match only with at most ``accepted_errors(len(quote))`` = ``floor(len(quote) * 0.25)``
edits (quotes shorter than 4 characters must be exact), because a quote a curator wrote that
differs from the text by more than a quarter is more likely a different sentence than a drifted
one: better an orphan that says so than a highlight in the wrong place.

The approximate search uses edlib's infix ("HW") mode with the bound ``k``; edlib takes at most 256 distinct symbols,
so text is projected to bytes first: each distinct character of the quote gets its own code and
every other character one shared sentinel code, which keeps edit distances exact for any Unicode
text (the cached whole-text projection is exact too whenever the quote's characters have codes of
their own; see ``_projection``). The search order keeps the common cases cheap on large documents:

1. with a ``hint``: a window around the hint; an acceptable match there is taken;
2. exact "seed" pieces of the quote (``str.find``) point at candidate windows, which edlib then
   verifies; by the pigeonhole principle a match with fewer errors than the number of pieces
   searched so far contains one of them intact, so as soon as the best verified match has fewer
   errors than that, no better match exists anywhere and the search stops;
3. otherwise one bounded edlib scan over the whole text (its byte projection is cached per text).

Every candidate's edit distance is re-checked on the original strings with rapidfuzz. Work is
bounded everywhere (candidate and window caps, quotes over ``MAX_FUZZY_QUOTE`` characters match
exactly only), so untrusted input cannot make this raise or hang.
"""

from __future__ import annotations

import functools
import math
import operator
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Literal, SupportsIndex

import edlib
from rapidfuzz.distance import Levenshtein

from reader.anchoring.textindex import occurrences

__all__ = ["Anchor", "Match", "accepted_errors", "find_mentions", "match_quote", "max_errors", "resolve_quote"]

QUOTE_WEIGHT = 50.0
PREFIX_WEIGHT = 20.0
SUFFIX_WEIGHT = 20.0
POSITION_WEIGHT = 2.0
_WEIGHTS = QUOTE_WEIGHT + PREFIX_WEIGHT + SUFFIX_WEIGHT + POSITION_WEIGHT
MAX_ERROR_RATE = 0.5           # match_quote: edits allowed per quote character, as the client allows
MAX_ERRORS = 256               # ... and at most this many, as the client
ACCEPTED_ERROR_RATE = 0.25     # resolve_quote: edits accepted per quote character (else an orphan)
MIN_CONTEXT_AGREEMENT = 0.5    # a repeated quote's context must agree at least this much to choose
MAX_SCORED_REPEATS = 1_000   # a repeated quote's context is scored at most at this many places
MAX_FUZZY_QUOTE = 5_000        # longer quotes are matched exactly only (bounds edlib's work)
HINT_RADIUS = 2_000            # characters searched either side of a hint before the whole text
SMALL_TEXT = 16_384            # below this, scan directly instead of seeding
SEED_LEN = 16                  # target length of a seed piece
MIN_SEED_LEN = 6               # shorter pieces hit too often to narrow anything down
MAX_SEEDS = 8                  # pieces; a match with e errors needs e + 1 of them searched
MAX_SEED_HITS = 64             # a piece occurring more often than this is not used as a seed
MAX_CLUSTERS = 32              # runs of equally good end positions examined per edlib search
_SENTINEL = 255                # byte code shared by all characters that are not in the quote
_TIE = 1e-9                    # scores closer than this are a tie


@dataclass(frozen=True, slots=True)
class Match:
    """Where a quote landed in the text; ``score`` is 1.0 for an exact quote with matching context."""

    start: int
    end: int
    score: float


@dataclass(frozen=True, slots=True)
class Anchor:
    """The outcome of the anchoring rules for one quote."""

    kind: Literal["exact", "fuzzy", "ambiguous", "orphan"]
    start: int | None      # None for ambiguous/orphan
    end: int | None
    score: float
    candidates: int        # number of exact occurrences of the quote in the text (0 when none)


def max_errors(quote_length: int) -> int:
    """Edits ``match_quote`` allows in an approximate match (the client's ``min(256, length / 2)``)."""
    return min(MAX_ERRORS, int(quote_length * MAX_ERROR_RATE))


def accepted_errors(quote_length: int) -> int:
    """Edits ``resolve_quote`` accepts before a quote is an orphan (stricter than ``max_errors``)."""
    return int(quote_length * ACCEPTED_ERROR_RATE)


# --------------------------------------------------------------------------- public API


def match_quote(text: str, quote: str, *, prefix: str | None = None, suffix: str | None = None,
                hint: int | None = None) -> Match | None:
    """Best place for ``quote`` in ``text`` as the web annotation client ranks them, or None.

    Exact occurrences first; else approximate ones with up to half of the quote's characters
    changed. ``score`` is in 0..1 (1.0: exact quote, exact context, at the hint if one is given).
    """
    if not _usable(text, quote):
        return None
    hint = _clean_hint(hint, len(text))
    scorer = _Scorer(text, quote, prefix, suffix, hint)
    positions = _exact_positions(text, quote)
    if positions:
        return _best_exact(scorer, positions, hint)
    return _best(scorer, _fuzzy_candidates(scorer, quote, hint, max_errors(len(quote))), hint)


def resolve_quote(text: str, quote: str, *, prefix: str | None = None, suffix: str | None = None,
                  hint: int | None = None) -> Anchor:
    """Apply the contract's anchoring rules: exact, chosen by context, ambiguous, fuzzy or orphan.

    ``hint`` only steers the approximate search; it never settles a quote that occurs exactly in
    several places (that is for ``prefix``/``suffix`` in the annotation file to do). Candidates are
    scored as in :func:`match_quote`, but an approximate match is accepted only with at most
    ``accepted_errors(len(quote))`` edits (a quarter of the quote); beyond that the quote is an orphan.
    """
    if not _usable(text, quote):
        return Anchor("orphan", None, None, 0.0, 0)
    hint = _clean_hint(hint, len(text))
    scorer = _Scorer(text, quote, prefix, suffix, hint)
    positions = occurrences(text, quote, limit=MAX_SCORED_REPEATS)
    n = len(positions)
    if n > MAX_SCORED_REPEATS:  # too many to list or score (a hostile quote like " "): count them
        n = max(n, text.count(quote))
    if n == 1:
        start = positions[0]
        return Anchor("exact", start, start + len(quote), scorer.score(start, start + len(quote), 0), 1)
    if n > 1:
        return _choose_by_context(scorer, positions, n)
    found = _best(scorer, _fuzzy_candidates(scorer, quote, hint, accepted_errors(len(quote))), hint)
    if found is None:
        return Anchor("orphan", None, None, 0.0, 0)
    return Anchor("fuzzy", found.start, found.end, found.score, 0)


def find_mentions(text: str, phrase: str) -> list[tuple[int, int]]:
    """Every whole-word occurrence of ``phrase`` in ``text`` as (start, end), in order.

    Whole word: not preceded or followed by a word character (letters, digits, underscore and
    combining marks, in any script), so "Guard" is not found inside "Guardian".
    """
    if not isinstance(text, str) or not isinstance(phrase, str) or not phrase:
        return []
    found: list[tuple[int, int]] = []
    size = len(phrase)
    i = text.find(phrase)
    while i != -1:
        end = i + size
        if not (i > 0 and _is_word_char(text[i - 1])) and not (end < len(text) and _is_word_char(text[end])):
            found.append((i, end))
        i = text.find(phrase, i + 1)
    return found


# --------------------------------------------------------------------------- scoring


class _Scorer:
    """Scores candidate spans as the client's match-quote does; context scores are memoised per slice."""

    def __init__(self, text: str, quote: str, prefix: str | None, suffix: str | None, hint: int | None) -> None:
        self.text = text
        self.quote_len = len(quote)
        self.hint = hint
        # Empty or non-string context counts as absent, as in Hypothesis (falsy context is ignored).
        self.prefix = prefix if isinstance(prefix, str) and prefix else None
        self.suffix = suffix if isinstance(suffix, str) and suffix else None
        self._memo: dict[tuple[bool, str], float] = {}

    @property
    def has_context(self) -> bool:
        return self.prefix is not None or self.suffix is not None

    def _similarity(self, is_prefix: bool, seen: str) -> float:
        key = (is_prefix, seen)
        value = self._memo.get(key)
        if value is None:
            wanted = self.prefix if is_prefix else self.suffix
            value = _context_score(wanted or "", seen)
            self._memo[key] = value
        return value

    def prefix_score(self, start: int) -> float:
        if self.prefix is None:
            return 1.0
        return self._similarity(True, self.text[max(0, start - len(self.prefix)):start])

    def suffix_score(self, end: int) -> float:
        if self.suffix is None:
            return 1.0
        return self._similarity(False, self.text[end:end + len(self.suffix)])

    def context_agreement(self, start: int, end: int) -> float:
        """Mean similarity of the given prefix/suffix with the text around a span (1.0 if none)."""
        parts = []
        if self.prefix is not None:
            parts.append(self.prefix_score(start))
        if self.suffix is not None:
            parts.append(self.suffix_score(end))
        return sum(parts) / len(parts) if parts else 1.0

    def position_score(self, start: int) -> float:
        if self.hint is None:
            return 1.0
        return 1.0 - abs(start - self.hint) / len(self.text)

    def score(self, start: int, end: int, errors: int) -> float:
        quote_score = 1.0 - errors / self.quote_len
        raw = (QUOTE_WEIGHT * quote_score + PREFIX_WEIGHT * self.prefix_score(start)
               + SUFFIX_WEIGHT * self.suffix_score(end) + POSITION_WEIGHT * self.position_score(start))
        return raw / _WEIGHTS

    def useful_errors(self, score: float) -> int:
        """The most edits a candidate may have and still score `score` (with perfect context and position)."""
        best_rest = PREFIX_WEIGHT + SUFFIX_WEIGHT + POSITION_WEIGHT
        return math.floor(self.quote_len * (1.0 - (score * _WEIGHTS - best_rest) / QUOTE_WEIGHT) + _TIE)


def _context_score(wanted: str, seen: str) -> float:
    """The client's ``textMatchScore``: 1 minus the fewest edits that put `wanted` inside `seen`,
    per character of `wanted` (0 when `seen` is empty: the text starts or ends there)."""
    if not seen or not wanted:
        return 0.0
    if wanted in seen:
        return 1.0
    codes = {ord(c): i for i, c in enumerate(dict.fromkeys(wanted))}
    if len(codes) >= _SENTINEL:  # edlib takes 256 symbols; a context this varied is compared whole
        return 1.0 - Levenshtein.distance(wanted, seen) / len(wanted)
    table = dict.fromkeys(map(ord, set(seen)), _SENTINEL)
    table.update(codes)
    query = wanted.translate(codes).encode("latin-1")
    target = seen.translate(table).encode("latin-1")
    errors = edlib.align(query, target, mode="HW", task="distance")["editDistance"]
    return 1.0 - errors / len(wanted)


def _best(scorer: _Scorer, candidates: Iterable[tuple[int, int, int]], hint: int | None) -> Match | None:
    """Highest-scoring candidate; ties go to the one nearest the hint, then the earliest."""
    best: tuple[int, int, int] | None = None
    best_score = -1.0
    best_key: tuple[int, int, int] = (0, 0, 0)
    for start, end, errors in candidates:
        score = scorer.score(start, end, errors)
        if score < best_score - _TIE:
            continue
        key = (-abs(start - hint) if hint is not None else 0, -start, -abs(end - start - scorer.quote_len))
        if score > best_score + _TIE or key > best_key:
            best, best_score, best_key = (start, end, errors), score, key
    return None if best is None else Match(best[0], best[1], best_score)


def _best_exact(scorer: _Scorer, positions: list[int], hint: int | None) -> Match | None:
    """Best of the exact occurrences, without scoring each one when that cannot change the answer."""
    size = scorer.quote_len
    if len(positions) > 1 and scorer.has_context:
        # Near a hint, an occurrence with almost exact context may outrank a far one with exact
        # context (position weighs 2), so all are scored; without one, exact context wins outright.
        perfect = [] if hint is not None and len(positions) <= MAX_SCORED_REPEATS else _perfect_context(scorer, positions)
        if not perfect:
            return _best(scorer, ((p, p + size, 0) for p in positions), hint)
        positions = perfect
    # All remaining candidates score the same: the nearest to the hint wins, then the earliest.
    start = positions[0] if hint is None else min(positions, key=lambda p: (abs(p - hint), p))
    return Match(start, start + size, scorer.score(start, start + size, 0))


def _perfect_context(scorer: _Scorer, positions: list[int]) -> list[int]:
    """Occurrences whose text around them is exactly the given prefix/suffix (one str.find scan)."""
    prefix, suffix = scorer.prefix or "", scorer.suffix or ""
    if len(positions) <= 8:
        text, size = scorer.text, scorer.quote_len
        return [p for p in positions
                if text.endswith(prefix, 0, p) and text.startswith(suffix, p + size)]
    whole = prefix + scorer.text[positions[0]:positions[0] + scorer.quote_len] + suffix
    return [p + len(prefix) for p in _exact_positions(scorer.text, whole)]


def _choose_by_context(scorer: _Scorer, positions: list[int], n: int) -> Anchor:
    """A repeated exact quote (``n`` places, the first ``positions``): the one occurrence whose
    context clearly agrees best, or ambiguous."""
    size = scorer.quote_len
    if not scorer.has_context:
        return Anchor("ambiguous", None, None, 1.0, n)
    perfect = _perfect_context(scorer, positions)
    if perfect:
        winners, top = perfect, 1.0   # nothing agrees better than exactly
    elif n > MAX_SCORED_REPEATS:
        # Scoring the context at every one of so many places could take minutes (a hostile file
        # quoting " " in a long text), and they are not all listed: only an exact prefix/suffix
        # can choose among them.
        return Anchor("ambiguous", None, None, 0.0, n)
    else:
        agreements = [scorer.context_agreement(p, p + size) for p in positions]
        top = max(agreements)
        winners = [p for p, a in zip(positions, agreements) if a >= top - _TIE]
    if len(winners) == 1 and top >= MIN_CONTEXT_AGREEMENT:
        start = winners[0]
        return Anchor("exact", start, start + size, scorer.score(start, start + size, 0), n)
    return Anchor("ambiguous", None, None, scorer.score(winners[0], winners[0] + size, 0), n)


# --------------------------------------------------------------------------- exact search


def _usable(text: object, quote: object) -> bool:
    return isinstance(text, str) and isinstance(quote, str) and bool(text) and bool(quote)


def _clean_hint(hint: object, length: int) -> int | None:
    """An integer hint clamped into the text; anything else is ignored."""
    if hint is None or isinstance(hint, bool) or not isinstance(hint, SupportsIndex):
        return None
    try:
        value = operator.index(hint)
    except TypeError:
        return None
    return min(max(value, 0), length)


def _exact_positions(text: str, quote: str) -> list[int]:
    """Start of every exact occurrence, overlapping ones included (an index for long texts)."""
    return occurrences(text, quote)


def _is_word_char(ch: str) -> bool:
    # Combining marks belong to the word they follow (a decomposed "é" is "e" + U+0301).
    return ch.isalnum() or ch == "_" or unicodedata.category(ch).startswith("M")


# --------------------------------------------------------------------------- approximate search


def _fuzzy_candidates(scorer: _Scorer, quote: str, hint: int | None, k: int) -> list[tuple[int, int, int]]:
    """Approximate matches (start, end, errors) with at most ``k`` edits: the fewest-edit places,
    and around a hint the best place there when nothing elsewhere can outrank it."""
    text = scorer.text
    n, m = len(text), len(quote)
    if k == 0 or m > MAX_FUZZY_QUOTE or m - k > n:
        return []
    search = _Search(text, quote, k)
    near: list[tuple[int, int, int]] = []
    if hint is not None:
        radius = max(HINT_RADIUS, 2 * m)
        lo, hi = max(0, hint - radius), min(n, hint + m + radius)
        near = search.verify(search.in_range(lo, hi, hint))
        if lo == 0 and hi == n:
            return near
        if near:
            # Elsewhere, only a match with few enough edits to beat the best one here can win.
            search.k = min(k, scorer.useful_errors(max(scorer.score(*c) for c in near)))
            if search.k <= 0:
                return near
    return near + _fewest_edit_candidates(search, hint)


def _fewest_edit_candidates(search: _Search, hint: int | None) -> list[tuple[int, int, int]]:
    text, k, m = search.text, search.k, len(search.quote)
    n = len(text)
    if n <= SMALL_TEXT:
        return search.verify(search.in_range(0, n, hint))
    found: list[tuple[int, int, int]] = []
    seen: set[int] = set()
    for searched, starts in enumerate(search.seed_starts(), start=1):
        fresh = [start for start in starts if start not in seen]  # several pieces point at one place
        seen.update(fresh)
        windows = _merge([(max(0, s - k), min(n, s + m + k)) for s in fresh])
        found += search.verify(span for lo, hi in windows for span in search.in_range(lo, hi, hint))
        # Pigeonhole: a match with e errors leaves at least `searched - e` of the searched pieces
        # intact, so every match with fewer than `searched` errors has been seen by now.
        if found and min(errors for _, _, errors in found) < searched:
            return found
    return found + search.verify(search.whole_text(hint))


class _Search:
    """One quote's approximate search over one text (edlib on byte projections)."""

    def __init__(self, text: str, quote: str, k: int) -> None:
        self.text, self.quote, self.k = text, quote, k
        # Distinct quote characters get codes 0..254 in order of appearance; past 255 of them the
        # rest share code 254 (lossy, but every candidate is re-verified on the real strings).
        distinct = dict.fromkeys(quote)
        self.codes = {ord(c): min(i, _SENTINEL - 1) for i, c in enumerate(distinct)}
        self.query = quote.translate(self.codes).encode("latin-1")
        self._cached: tuple[bytes, bytes] | None = None
        self._looked_up = False

    def project(self, segment: str) -> bytes:
        """Bytes for a piece of text: quote characters keep their codes, all others the sentinel."""
        table = dict.fromkeys(map(ord, set(segment)), _SENTINEL)
        table.update(self.codes)
        return segment.translate(table).encode("latin-1")

    def cached(self) -> tuple[bytes, bytes] | None:
        """(query, whole text) from the text's cached projection, or None when that projection is
        not exact for this quote (it uses a rare character of an alphabet over 255 characters)."""
        if not self._looked_up:
            self._looked_up = True
            codes, data, shared = _projection(self.text)
            query = bytes(codes.get(ord(c), _SENTINEL) for c in self.quote)
            self._cached = None if shared is not None and shared in query else (query, data)
        return self._cached

    def in_range(self, lo: int, hi: int, hint: int | None) -> list[tuple[int, int]]:
        """Best-distance spans of the quote inside text[lo:hi]."""
        if hi - lo < len(self.quote) - self.k:
            return []
        cached = self.cached() if len(self.text) > SMALL_TEXT else None
        if cached is not None:
            query, data = cached   # slicing the cached bytes beats translating each window
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
            piece = quote[offset:offset + size] if index < count - 1 else quote[offset:]
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


def _spans(query: bytes, target: bytes, base: int, k: int, hint: int | None) -> list[tuple[int, int]]:
    """Spans (start, end) in text coordinates where ``query`` matches ``target`` with fewest edits."""
    try:
        result = edlib.align(query, target, mode="HW", task="distance", k=k)
        distance = result["editDistance"]
        if distance < 0:
            return []
        ends = _pick_ends([end for _, end in result["locations"]], None if hint is None else hint - base)
        spans = []
        reversed_query = query[::-1]
        for end in ends:
            # Find where an alignment ending here starts: align the reversed query as a prefix of
            # the reversed text that ends at `end` (edlib's "SHW" mode), bounded by the distance.
            lo = max(0, end + 1 - len(query) - distance)
            back = edlib.align(reversed_query, target[lo:end + 1][::-1], mode="SHW", task="distance", k=distance)
            if back["locations"]:
                # Of the starts with as few edits, the client takes the one that makes the match longest.
                back_end = max(location_end for _, location_end in back["locations"])  # back_end + 1 aligned
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


@functools.lru_cache(maxsize=4)
def _projection(text: str) -> tuple[dict[int, int], bytes, int | None]:
    """The whole text as bytes for edlib, built once per text.

    Up to 255 distinct characters each get their own code (exact for every quote). With more, the
    254 most frequent do and the rest share code 254 (returned as ``shared``); quotes that use one
    of those rare characters are projected on their own instead.
    """
    chars = set(text)
    if len(chars) <= _SENTINEL:
        codes = {ord(c): i for i, c in enumerate(sorted(chars))}
        shared = None
    else:
        ranked = [c for c, _ in Counter(text).most_common()]
        shared = _SENTINEL - 1
        codes = {ord(c): min(i, shared) for i, c in enumerate(ranked)}
    return codes, text.translate(codes).encode("latin-1"), shared
