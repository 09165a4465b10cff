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

The approximate search uses edlib's infix ("HW") mode with the bound ``k``; edlib takes at most 256
distinct symbols, so text is projected to bytes first: each distinct character of the quote gets its
own code and every other character one shared sentinel code, which keeps edit distances exact for
any Unicode text (the cached whole-text projection is exact too whenever the quote's characters have
codes of their own; see ``_projection``). The search order keeps the common cases cheap on large
documents:

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

import math
import operator
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal, SupportsIndex

import edlib
from rapidfuzz.distance import Levenshtein

from reader.anchoring.approximate import SENTINEL, Search, fewest_edit_candidates
from reader.anchoring.textindex import occurrences

__all__ = [
    "Anchor",
    "Match",
    "accepted_errors",
    "find_mentions",
    "match_quote",
    "max_errors",
    "resolve_quote",
]

QUOTE_WEIGHT = 50.0
PREFIX_WEIGHT = 20.0
SUFFIX_WEIGHT = 20.0
POSITION_WEIGHT = 2.0
_WEIGHTS = QUOTE_WEIGHT + PREFIX_WEIGHT + SUFFIX_WEIGHT + POSITION_WEIGHT
MAX_ERROR_RATE = 0.5  # match_quote: edits allowed per quote character, as the client allows
MAX_ERRORS = 256  # ... and at most this many, as the client
ACCEPTED_ERROR_RATE = 0.25  # resolve_quote: edits accepted per quote character (else an orphan)
MIN_CONTEXT_AGREEMENT = 0.5  # a repeated quote's context must agree at least this much to choose
MAX_SCORED_REPEATS = 1_000  # a repeated quote's context is scored at most at this many places
MAX_FUZZY_QUOTE = 5_000  # longer quotes are matched exactly only (bounds edlib's work)
HINT_RADIUS = 2_000  # characters searched either side of a hint before the whole text
_TIE = 1e-9  # scores closer than this are a tie


@dataclass(frozen=True, slots=True)
class Match:
    """Where a quote landed in the text; ``score`` is 1.0 for an exact quote with matching
    context."""

    start: int
    end: int
    score: float


@dataclass(frozen=True, slots=True)
class Anchor:
    """The outcome of the anchoring rules for one quote."""

    kind: Literal["exact", "fuzzy", "ambiguous", "orphan"]
    start: int | None  # None for ambiguous/orphan
    end: int | None
    score: float
    candidates: int  # number of exact occurrences of the quote in the text (0 when none)


def max_errors(quote_length: int) -> int:
    """Edits ``match_quote`` allows in an approximate match (the client's ``min(256, length /
    2)``)."""
    return min(MAX_ERRORS, int(quote_length * MAX_ERROR_RATE))


def accepted_errors(quote_length: int) -> int:
    """Edits ``resolve_quote`` accepts before a quote is an orphan (stricter than
    ``max_errors``)."""
    return int(quote_length * ACCEPTED_ERROR_RATE)


# --------------------------------------------------------------------------- public API


def match_quote(
    text: str,
    quote: str,
    *,
    prefix: str | None = None,
    suffix: str | None = None,
    hint: int | None = None,
) -> Match | None:
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


def resolve_quote(
    text: str,
    quote: str,
    *,
    prefix: str | None = None,
    suffix: str | None = None,
    hint: int | None = None,
) -> Anchor:
    """Apply the contract's anchoring rules: exact, chosen by context, ambiguous, fuzzy or orphan.

    ``hint`` only steers the approximate search; it never settles a quote that occurs exactly in
    several places (that is for ``prefix``/``suffix`` in the annotation file to do). Candidates are
    scored as in :func:`match_quote`, but an approximate match is accepted only with at most
    ``accepted_errors(len(quote))`` edits (a quarter of the quote); beyond that the quote is an
    orphan.
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
        return Anchor(
            "exact", start, start + len(quote), scorer.score(start, start + len(quote), 0), 1
        )
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
        if not (i > 0 and _is_word_char(text[i - 1])) and not (
            end < len(text) and _is_word_char(text[end])
        ):
            found.append((i, end))
        i = text.find(phrase, i + 1)
    return found


# --------------------------------------------------------------------------- scoring


class _Scorer:
    """Scores candidate spans as the client's match-quote does; context scores are memoised per
    slice."""

    def __init__(
        self, text: str, quote: str, prefix: str | None, suffix: str | None, hint: int | None
    ) -> None:
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
        return self._similarity(True, self.text[max(0, start - len(self.prefix)) : start])

    def suffix_score(self, end: int) -> float:
        if self.suffix is None:
            return 1.0
        return self._similarity(False, self.text[end : end + len(self.suffix)])

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
        raw = (
            QUOTE_WEIGHT * quote_score
            + PREFIX_WEIGHT * self.prefix_score(start)
            + SUFFIX_WEIGHT * self.suffix_score(end)
            + POSITION_WEIGHT * self.position_score(start)
        )
        return raw / _WEIGHTS

    def useful_errors(self, score: float) -> int:
        """The most edits a candidate may have and still score `score` (with perfect context and
        position)."""
        best_rest = PREFIX_WEIGHT + SUFFIX_WEIGHT + POSITION_WEIGHT
        return math.floor(
            self.quote_len * (1.0 - (score * _WEIGHTS - best_rest) / QUOTE_WEIGHT) + _TIE
        )


def _context_score(wanted: str, seen: str) -> float:
    """The client's ``textMatchScore``: 1 minus the fewest edits that put `wanted` inside `seen`,
    per character of `wanted` (0 when `seen` is empty: the text starts or ends there)."""
    if not seen or not wanted:
        return 0.0
    if wanted in seen:
        return 1.0
    codes = {ord(c): i for i, c in enumerate(dict.fromkeys(wanted))}
    if len(codes) >= SENTINEL:  # edlib takes 256 symbols; a context this varied is compared whole
        return 1.0 - Levenshtein.distance(wanted, seen) / len(wanted)
    table = dict.fromkeys(map(ord, set(seen)), SENTINEL)
    table.update(codes)
    query = wanted.translate(codes).encode("latin-1")
    target = seen.translate(table).encode("latin-1")
    errors: int = edlib.align(query, target, mode="HW", task="distance")["editDistance"]
    return 1.0 - errors / len(wanted)


def _best(
    scorer: _Scorer, candidates: Iterable[tuple[int, int, int]], hint: int | None
) -> Match | None:
    """Highest-scoring candidate; ties go to the one nearest the hint, then the earliest."""
    best: tuple[int, int, int] | None = None
    best_score = -1.0
    best_key: tuple[int, int, int] = (0, 0, 0)
    for start, end, errors in candidates:
        score = scorer.score(start, end, errors)
        if score < best_score - _TIE:
            continue
        key = (
            -abs(start - hint) if hint is not None else 0,
            -start,
            -abs(end - start - scorer.quote_len),
        )
        if score > best_score + _TIE or key > best_key:
            best, best_score, best_key = (start, end, errors), score, key
    return None if best is None else Match(best[0], best[1], best_score)


def _best_exact(scorer: _Scorer, positions: list[int], hint: int | None) -> Match | None:
    """Best of the exact occurrences, without scoring each one when that cannot change the
    answer."""
    size = scorer.quote_len
    if len(positions) > 1 and scorer.has_context:
        # Near a hint, an occurrence with almost exact context may outrank a far one with exact
        # context (position weighs 2), so all are scored; without one, exact context wins outright.
        perfect = (
            []
            if hint is not None and len(positions) <= MAX_SCORED_REPEATS
            else _perfect_context(scorer, positions)
        )
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
        return [
            p
            for p in positions
            if text.endswith(prefix, 0, p) and text.startswith(suffix, p + size)
        ]
    whole = prefix + scorer.text[positions[0] : positions[0] + scorer.quote_len] + suffix
    return [p + len(prefix) for p in _exact_positions(scorer.text, whole)]


def _choose_by_context(scorer: _Scorer, positions: list[int], n: int) -> Anchor:
    """A repeated exact quote (``n`` places, the first ``positions``): the one occurrence whose
    context clearly agrees best, or ambiguous."""
    size = scorer.quote_len
    if not scorer.has_context:
        return Anchor("ambiguous", None, None, 1.0, n)
    perfect = _perfect_context(scorer, positions)
    if perfect:
        winners, top = perfect, 1.0  # nothing agrees better than exactly
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


def _fuzzy_candidates(
    scorer: _Scorer, quote: str, hint: int | None, k: int
) -> list[tuple[int, int, int]]:
    """Approximate matches (start, end, errors) with at most ``k`` edits: the fewest-edit places,
    and around a hint the best place there when nothing elsewhere can outrank it."""
    text = scorer.text
    n, m = len(text), len(quote)
    if k == 0 or m > MAX_FUZZY_QUOTE or m - k > n:
        return []
    search = Search(text, quote, k)
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
    return near + fewest_edit_candidates(search, hint)
