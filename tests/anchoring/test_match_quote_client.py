"""The Hypothesis client's match-quote tests (src/annotator/anchoring/test/match-quote-test.js),
ported literally: match_quote must rank candidates as that client does."""

from __future__ import annotations

import re

import pytest

from reader.anchoring import match_quote


def _normalize(text: str) -> str:
    return re.sub(r"\s+", " ", text)


SOLITUDE = _normalize("""Many years later, as he faced the firing squad,
    Colonel Aureliano Buendía was to remember that distant afternoon
    when his father took him to discover ice""")

TWO_CITIES = _normalize("""It was the best of times, it was the worst of times,
    it was the age of wisdom, it was the age of foolishness, it was the epoch of belief,
    it was the epoch of incredulity, it was the season of Light, it was the
    season of Darkness, it was the spring of hope, it was the winter of despair, we had
    everything before us, we had nothing before us, we were all going direct to Heaven,
    we were all going direct the other way.""")


def test_finds_exact_match() -> None:
    match = match_quote(SOLITUDE, "discover ice")
    assert match is not None and match.score == 1.0
    assert SOLITUDE[match.start : match.end] == "discover ice"


def test_finds_best_approximate_match_if_there_is_no_exact_match() -> None:
    match = match_quote(SOLITUDE, "some years later")
    assert match is not None and 0 < match.score < 1
    assert SOLITUDE[match.start : match.end] == "Many years later"


def _scores(quotes_and_context: list[tuple[str, dict[str, str]]]) -> list[float]:
    scores = []
    for quote, context in quotes_and_context:
        match = match_quote(SOLITUDE, quote, **context)
        assert match is not None, quote
        scores.append(match.score)
    return scores


def test_scores_matches_based_on_quote_similarity() -> None:
    quotes = ["Many years later", "Many yers later", "Some years later", "Some years after"]
    scores = _scores([(q, {}) for q in quotes])
    assert all(later < earlier for earlier, later in zip(scores, scores[1:]))


def test_scores_matches_based_on_prefix_similarity() -> None:
    prefixes = ["Many years later", "Many yers later", "Some years later", "Some years after"]
    scores = _scores([(", as he faced the firing squad", {"prefix": p}) for p in prefixes])
    assert all(later < earlier for earlier, later in zip(scores, scores[1:]))


def test_scores_matches_based_on_suffix_similarity() -> None:
    suffixes = [
        ", as he faced the firing squad",
        ", as she faced the firing squad",
        ", as he awaited the firing squad",
        ", as he awaited his death",
    ]
    scores = _scores([("Many years later", {"suffix": s}) for s in suffixes])
    assert all(later < earlier for earlier, later in zip(scores, scores[1:]))


def test_returns_none_if_there_is_no_acceptable_approximate_match() -> None:
    assert match_quote(TWO_CITIES, SOLITUDE) is None


def test_returns_none_if_quote_or_text_is_empty() -> None:
    assert match_quote("foobar", "") is None
    assert match_quote("", "foobar") is None


@pytest.mark.parametrize(
    ("quote", "prefix", "suffix", "expected"),
    [
        # Exact prefix matches.
        ("before us", "we had everything", None, "before us, we had nothing"),
        ("before us", "we had nothing", None, "before us, we were all going"),
        # Approximate prefix matches.
        ("before us", "we had every-thing", None, "before us, we had nothing"),
        ("before us", "we had nout", None, "before us, we were all going"),
        # Exact suffix matches.
        ("we had", None, "everything", "we had everything"),
        ("we had", None, "nothing", "we had nothing"),
        # Approximate suffix matches.
        ("we had", None, "ever ting", "we had everything"),
        ("we had", None, "nutting", "we had nothing"),
    ],
)
def test_finds_match_with_best_context_match(
    quote: str, prefix: str | None, suffix: str | None, expected: str
) -> None:
    match = match_quote(TWO_CITIES, quote, prefix=prefix, suffix=suffix)
    assert match is not None
    assert TWO_CITIES[match.start : match.end] == quote
    assert match.start == TWO_CITIES.index(expected)


def test_uses_hint_as_a_tie_breaker_to_choose_between_matches_with_close_scores() -> None:
    pos_a = TWO_CITIES.index("everything before us") + len("everything ")
    pos_b = TWO_CITIES.index("nothing before us") + len("nothing ")
    match_a = match_quote(TWO_CITIES, "befor us", hint=pos_a)
    match_b = match_quote(TWO_CITIES, "befor us", hint=pos_b)
    no_hint = match_quote(TWO_CITIES, "befor us")
    assert match_a is not None and match_a.start == pos_a
    assert match_b is not None and match_b.start == pos_b
    assert no_hint is not None and no_hint.start == pos_a  # without a hint, the first


def test_matches_when_prefix_length_is_greater_than_the_match_start_offset() -> None:
    prefix = "It used to be many"
    match = match_quote(SOLITUDE, "years later", prefix=prefix)
    assert match is not None and len(prefix) > match.start
    assert SOLITUDE[match.start : match.end] == "years later"


def test_matches_when_match_ends_at_end_of_text_and_there_is_a_non_empty_suffix() -> None:
    text = "Some document text"
    match = match_quote(text, "text", suffix="missing")
    assert match is not None and text[match.start : match.end] == "text"


# Beyond the client's own tests: the two behaviours the issue names.


def test_a_quote_with_half_its_characters_changed_is_still_found_with_a_low_score() -> None:
    quote = "Colonel Aureliano Buendía"  # 25 characters: 12 edits allowed
    edited = "Cxlxnxl Axrxlxaxo Buendía"  # 7 edits
    match = match_quote(SOLITUDE, edited)
    assert match is not None and SOLITUDE[match.start : match.end] == quote
    assert match.score == pytest.approx((50 * (1 - 7 / 25) + 42) / 92)
    assert match_quote(SOLITUDE, "Cxlxnxl Axrxlxaxx Bxxxxxx") is None  # 14 of 25 changed


def test_without_an_exact_context_the_occurrence_with_the_closest_context_wins() -> None:
    # "it was the" occurs many times; neither side's context occurs exactly anywhere.
    match = match_quote(
        TWO_CITIES, "it was the", prefix="the age of wisdomm, ", suffix=" age of fooolishness"
    )
    assert match is not None and match.start == TWO_CITIES.index("it was the age of foolishness")
