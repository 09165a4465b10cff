"""Tests for reader.anchoring: exact and approximate quote anchoring, and whole-word mentions."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.anchoring import (
    Anchor,
    Match,
    accepted_errors,
    approximate,
    find_mentions,
    match_quote,
    max_errors,
    quotes,
    resolve_quote,
    textindex,
)

PASSAGE = (
    "Last month, Mexico’s newly inaugurated president, Claudia Sheinbaum, promised "
    "“security first” — "
    "a break with the past. In 2006 Felipe Calderón sent the army into Michoacán; "
    "infighting caused "
    "homicides to triple to 24 per 100,000 by 2010. What followed was the Mérida Initiative."
)
REPEATED = (
    "In Sinaloa the army arrived. The National Guard stayed. "
    "In Culiacán the army arrived. The Federal Police left. "
    "In Tijuana the army arrived. Nobody stayed."
)


def _large_document_path(monkeypatch: pytest.MonkeyPatch) -> None:
    # Small texts normally get one direct scan; these settings make them take the large-document
    # path: a narrow window around the hint, then seed pieces, then the whole-text scan.
    monkeypatch.setattr(approximate, "SMALL_TEXT", 0)
    monkeypatch.setattr(quotes, "HINT_RADIUS", 8)
    textindex.forget_texts()


@pytest.fixture
def seeded(monkeypatch: pytest.MonkeyPatch) -> None:
    """Force the large-document search path on small texts."""
    _large_document_path(monkeypatch)


@pytest.fixture(params=["direct", "seeded"])
def search_path(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run a test once through the small-text path and once through the large-document path."""
    if request.param == "seeded":
        _large_document_path(monkeypatch)
    return request.param


def landed(text: str, match: Match | Anchor | None) -> str | None:
    return None if match is None or match.start is None else text[match.start : match.end]


# --------------------------------------------------------------------------- match_quote: exact


def test_exact_quote_with_matching_context_scores_one() -> None:
    quote = "homicides to triple to 24 per 100,000 by 2010"
    match = match_quote(PASSAGE, quote, prefix="infighting caused ", suffix=". What")
    assert match == Match(PASSAGE.index(quote), PASSAGE.index(quote) + len(quote), 1.0)


def test_exact_quote_without_context_scores_one() -> None:
    match = match_quote(PASSAGE, "Claudia Sheinbaum")
    assert (
        match is not None and match.score == 1.0 and landed(PASSAGE, match) == "Claudia Sheinbaum"
    )


def test_a_distant_hint_lowers_the_score_a_little_as_in_the_client() -> None:
    start = PASSAGE.index("Claudia Sheinbaum")
    assert match_quote(PASSAGE, "Claudia Sheinbaum", hint=start).score == 1.0
    far = match_quote(PASSAGE, "Claudia Sheinbaum", hint=len(PASSAGE))
    # position weighs 2 of 92: 1 - 2/92 * (distance / text length)
    assert far is not None and far.start == start
    assert far.score == pytest.approx(1 - 2 / 92 * (len(PASSAGE) - start) / len(PASSAGE))


def test_context_chooses_among_repeated_phrases() -> None:
    phrase = "the army arrived"
    starts = [i for i in range(len(REPEATED)) if REPEATED.startswith(phrase, i)]
    assert len(starts) == 3
    assert match_quote(REPEATED, phrase, prefix="In Culiacán ").start == starts[1]
    assert match_quote(REPEATED, phrase, suffix=". Nobody").start == starts[2]
    assert (
        match_quote(REPEATED, phrase, prefix="In Sinaloa ", suffix=". The National").start
        == starts[0]
    )
    # Context that only nearly matches still picks the closest occurrence.
    assert match_quote(REPEATED, phrase, prefix="In Culiacan ").start == starts[1]


def test_hint_breaks_ties_between_identical_candidates() -> None:
    phrase = "the army arrived"
    starts = [i for i in range(len(REPEATED)) if REPEATED.startswith(phrase, i)]
    assert match_quote(REPEATED, phrase).start == starts[0]  # no hint: the first
    assert match_quote(REPEATED, phrase, hint=starts[1] + 3).start == starts[1]
    assert match_quote(REPEATED, phrase, hint=len(REPEATED)).start == starts[2]
    # ... but only ties: context outranks position.
    assert (
        match_quote(REPEATED, phrase, prefix="In Sinaloa ", hint=len(REPEATED)).start == starts[0]
    )


def test_overlapping_occurrences_are_candidates() -> None:
    assert match_quote("abababa", "aba", hint=4).start == 4
    assert resolve_quote("abababa", "aba").candidates == 3


# ------------------------------------------------------------------------- match_quote: approximate


def test_best_approximate_match_found_after_an_edit(search_path: str) -> None:
    edited = PASSAGE.replace("to triple to 24", "to triple to 23")
    quote = "homicides to triple to 24 per 100,000 by 2010"
    match = match_quote(edited, quote, prefix="infighting caused ", suffix=". What")
    assert match is not None
    assert landed(edited, match) == "homicides to triple to 23 per 100,000 by 2010"
    assert 0.9 < match.score < 1.0


@pytest.mark.parametrize(
    "edited_quote",
    [
        "homicides to tripple to 24 per 100,000 by 2010",  # insertion
        "homicides to trple to 24 per 100,000 by 2010",  # deletion
        "homicides to triple to 24 per 100.000 by 2010",  # substitution
        "homicides to triple to 24 per 100,000 in 2010",  # word swapped
    ],
)
def test_edited_quote_lands_on_the_original_text(search_path: str, edited_quote: str) -> None:
    match = match_quote(PASSAGE, edited_quote, prefix="infighting caused ", suffix=". What")
    assert landed(PASSAGE, match) == "homicides to triple to 24 per 100,000 by 2010"


def test_scores_fall_as_the_quote_drifts(search_path: str) -> None:
    original = "Felipe Calderón sent the army into Michoacán"
    drifted = [
        original,
        "Felipe Calderón sent the army into Michoacan",
        "Felipe Calderon sent the army into Michoacan",
        "Felipe Calderon sent the Army into Michoacan",
        "Felipe Calderon sent the Army inta Michoacan",
    ]
    scores = [
        match_quote(PASSAGE, q, prefix="In 2006 ", suffix="; infighting").score for q in drifted
    ]
    assert scores[0] == 1.0
    assert all(a > b for a, b in zip(scores, scores[1:])), scores


@pytest.mark.parametrize(
    ("side", "quote", "drifting"),
    [
        (
            "prefix",
            "the Mérida Initiative",
            [
                "What followed was ",
                "What followed wax ",
                "What follower wax ",
                "Whit follower wax ",
                "Whit fillower wax ",
            ],
        ),
        (
            "suffix",
            "What followed was the",
            [
                " Mérida Initiative.",
                " Merida Initiative.",
                " Merida Initiativo.",
                " Merida Iniciativo.",
                " Merida Iniciativo,",
            ],
        ),
    ],
)
def test_scores_fall_as_the_context_drifts(side: str, quote: str, drifting: list[str]) -> None:
    scores = [match_quote(PASSAGE, quote, **{side: context}).score for context in drifting]
    assert scores[0] == 1.0
    assert all(a > b for a, b in zip(scores, scores[1:])), scores


def test_missing_context_does_not_reduce_the_score() -> None:
    quote = "the army into Michoacán"
    assert match_quote(PASSAGE, quote).score == 1.0
    assert match_quote(PASSAGE, quote, prefix="", suffix="").score == 1.0
    assert match_quote(PASSAGE, quote, prefix="Calderón sent ").score == 1.0
    assert match_quote(PASSAGE, quote, prefix="nothing like it").score < 1.0


def test_context_chooses_among_approximate_repeats(search_path: str) -> None:
    text = (
        "Alpha: the soldiers arrived at dawn. Beta: the soldiers arrived at dusk. Gamma: "
        "the soldiers arrived at dawn."
    )
    # "soldier arrived" occurs nowhere exactly; three places are one edit away.
    match = match_quote(text, "the soldier arrived", prefix="Beta: ")
    assert landed(text, match) is not None and text[match.start - 6 : match.start] == "Beta: "
    match = match_quote(text, "the soldier arrived", prefix="Gamma: ")
    assert text[match.start - 7 : match.start] == "Gamma: "


def test_hint_breaks_ties_between_approximate_repeats(search_path: str) -> None:
    text = (
        "one: the soldiers arrived at dawn. two: the soldiers arrived at dawn. three: the "
        "soldiers arrived."
    )
    starts = [i for i in range(len(text)) if text.startswith("the soldiers", i)]
    assert match_quote(text, "the soldier arrived").start == starts[0]
    assert match_quote(text, "the soldier arrived", hint=starts[1]).start == starts[1]
    assert match_quote(text, "the soldier arrived", hint=starts[2] + 5).start == starts[2]


def test_adjacent_approximate_repeats(search_path: str) -> None:
    text = "the soldiers arrived the soldiers arrived"
    second = text.index("the", 1)
    assert match_quote(text, "the soldier arrived").start == 0
    assert match_quote(text, "the soldier arrived", hint=second).start == second
    assert match_quote(text, "the soldier arrived", prefix="arrived ").start == second


def test_seeded_search_returns_the_fewest_errors(seeded: None) -> None:
    # Both copies are approximate; the first has two errors, the second one.
    text = "A: the natonal guard took ovr policing. B: the national guard took ovr policing."
    match = match_quote(text, "the national guard took over policing")
    assert landed(text, match) == "the national guard took ovr policing"
    assert match.start == text.index("B: ") + 3


def test_common_seed_pieces_fall_back_to_the_whole_text_scan(
    seeded: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(approximate, "MAX_SEED_HITS", 0)  # every piece that occurs is "too common"
    edited = PASSAGE.replace("homicides to triple", "homicides to tripled")
    match = match_quote(edited, "homicides to triple to 24 per 100,000 by 2010", prefix="caused ")
    assert landed(edited, match) == "homicides to tripled to 24 per 100,000 by 2010"


def test_hint_far_from_the_match_still_finds_it(seeded: None) -> None:
    quote = "infighting caused homicides to trible"
    for hint in (0, len(PASSAGE) // 2, len(PASSAGE)):
        assert (
            landed(PASSAGE, match_quote(PASSAGE, quote, hint=hint))
            == "infighting caused homicides to triple"
        )


def test_unrelated_text_gives_none(search_path: str) -> None:
    assert match_quote(PASSAGE, "completely unrelated sentence about knitting patterns") is None
    assert match_quote(PASSAGE, "zzzzzzzzzzzzzzzzzzzz", prefix="What followed was ") is None
    assert (
        resolve_quote(PASSAGE, "completely unrelated sentence about knitting patterns").kind
        == "orphan"
    )


def test_up_to_half_the_quote_changed_is_still_found_but_not_resolved(search_path: str) -> None:
    quote = (
        "Claudia Sheinbaum, promised"  # 27 characters: match_quote allows 13 edits, resolve_quote 6
    )
    assert (max_errors(len(quote)), accepted_errors(len(quote))) == (13, 6)
    assert landed(PASSAGE, match_quote(PASSAGE, "Claudio Sheinbaun, promisef")) == quote  # 3 edits
    assert resolve_quote(PASSAGE, "Claudio Sheinbaun, promisef").kind == "fuzzy"
    nine = match_quote(PASSAGE, "Clxxxxx Sxxxxbaum, promised")  # 9 edits
    assert landed(PASSAGE, nine) == quote and nine.score == pytest.approx(
        (50 * (1 - 9 / 27) + 42) / 92
    )
    assert resolve_quote(PASSAGE, "Clxxxxx Sxxxxbaum, promised").kind == "orphan"
    assert match_quote(PASSAGE, "Clxxxxx Sxxxxxxxx, xrxmxsxx") is None  # 18 edits


def test_short_quotes() -> None:
    assert (max_errors(1), max_errors(3), max_errors(1000), accepted_errors(3)) == (0, 1, 256, 0)
    assert match_quote(PASSAGE, "arm") is not None
    assert match_quote(PASSAGE, "§") is None
    assert landed(PASSAGE, match_quote(PASSAGE, "xrm")) in {
        "rm",
        "arm",
    }  # one edit, as the client allows
    assert resolve_quote(PASSAGE, "xrm").kind == "orphan"  # a quarter of 3 is no edit


@pytest.mark.parametrize(("text", "quote"), [("", "quote"), (PASSAGE, ""), ("", "")])
def test_empty_quote_or_text_gives_none(text: str, quote: str) -> None:
    assert match_quote(text, quote) is None
    assert resolve_quote(text, quote) == Anchor("orphan", None, None, 0.0, 0)


def test_quote_longer_than_text_gives_none() -> None:
    assert match_quote("short", "a much longer quote than the text") is None


def test_bad_hints_are_ignored_or_clamped(search_path: str) -> None:
    start = PASSAGE.index("Claudia Sheinbaum")
    assert match_quote(PASSAGE, "Claudia Sheinbaum", hint=-50).start == start  # clamped to 0
    assert (
        match_quote(PASSAGE, "Claudia Sheinbaum", hint=10**12).start == start
    )  # clamped to the end
    assert match_quote(PASSAGE, "Claudia Sheinbaum", hint="12").score == 1.0  # type: ignore[arg-type]  # ignored
    assert (
        landed(PASSAGE, match_quote(PASSAGE, "Claudia Sheinbaun", hint=10**12))
        == "Claudia Sheinbaum"
    )


# --------------------------------------------------------------------------- Unicode


def test_non_ascii_quotes_accents_and_dashes(search_path: str) -> None:
    quote = "promised “security first” — a break"
    assert match_quote(PASSAGE, quote, prefix="Sheinbaum, ").score == 1.0
    # Straight quotes and a hyphen where the text has curly quotes and an em dash: 3 edits.
    match = match_quote(PASSAGE, 'promised "security first" - a break')
    assert landed(PASSAGE, match) == quote
    assert (
        landed(PASSAGE, match_quote(PASSAGE, "Felipe Calderon sent the army into Michoacan"))
        == "Felipe Calderón sent the army into Michoacán"
    )


def test_more_than_256_distinct_characters(search_path: str) -> None:
    # 400 distinct CJK characters in the text: beyond what edlib takes in one alphabet.
    cjk = "".join(chr(0x4E00 + i) for i in range(400))
    text = f"{cjk} — the Mérida Initiative “began” in 2007. {cjk[::-1]}"
    assert len(set(text)) > 256
    quote = "the Mérida Initiative “began” in 2007"
    assert match_quote(text, quote).score == 1.0
    assert landed(text, match_quote(text, "the Merida Initiative “begun” in 2007")) == quote
    # A fuzzy quote made of the rare characters themselves.
    original = cjk[300:340]
    edited = original[:10] + "x" + original[11:30] + original[31:]
    assert landed(text, match_quote(text, edited)) == original
    assert resolve_quote(text, edited).kind == "fuzzy"


def test_rare_characters_in_a_large_alphabet_use_an_exact_projection(seeded: None) -> None:
    # More than 255 distinct characters, most of them once: the cached whole-text projection makes
    # the rare ones share a code, so a quote made of rare characters is projected on its own.
    common = "the army arrived at dawn and left at dusk; " * 4
    rare = "".join(chr(0x0400 + i) for i in range(300))
    text = common + rare + common
    original = rare[250:290]
    # Edits in every seed piece, so the search falls through to the whole-text scan.
    edited = "q" + original[1:20] + "q" + original[21:39] + "q"
    match = match_quote(text, edited)
    assert landed(text, match) == original


def test_quote_with_more_than_255_distinct_characters() -> None:
    quote = "".join(chr(0x3040 + i) for i in range(300))
    text = "prefix " + quote[:100] + "X" + quote[101:] + " suffix"
    assert landed(text, match_quote(text, quote)) == quote[:100] + "X" + quote[101:]


def test_surrogates_and_control_characters_do_not_raise(search_path: str) -> None:
    text = "a\x00b\ud800c line\r\nnext \U0001f600 emoji and more words here"
    assert match_quote(text, "\ud800c line") is not None
    assert (
        landed(text, match_quote(text, "\U0001f600 emoji and more wrds"))
        == "\U0001f600 emoji and more words"
    )
    assert match_quote(text, "\x00\x00\x00\x00\x00\x00\x00\x00") is None


# --------------------------------------------------------------------------- resolve_quote


def test_resolve_exact_single_occurrence() -> None:
    quote = "homicides to triple to 24 per 100,000 by 2010"
    anchor = resolve_quote(PASSAGE, quote, prefix="infighting caused ", suffix=". What")
    start = PASSAGE.index(quote)
    assert anchor == Anchor("exact", start, start + len(quote), 1.0, 1)
    # A single exact occurrence is the anchor even if its context disagrees.
    anchor = resolve_quote(PASSAGE, quote, prefix="something else entirely ")
    assert anchor.kind == "exact" and anchor.start == start and anchor.score < 1.0


def test_resolve_repeated_quote_without_context_is_ambiguous() -> None:
    anchor = resolve_quote(REPEATED, "the army arrived")
    assert anchor.kind == "ambiguous" and anchor.candidates == 3
    assert anchor.start is None and anchor.end is None
    # A hint is not context: it does not settle an exact repeat.
    assert resolve_quote(REPEATED, "the army arrived", hint=60).kind == "ambiguous"


def test_resolve_repeated_quote_chosen_by_context() -> None:
    phrase = "the army arrived"
    second = REPEATED.index(phrase, REPEATED.index(phrase) + 1)
    anchor = resolve_quote(REPEATED, phrase, prefix="In Culiacán ")
    assert anchor == Anchor("exact", second, second + len(phrase), 1.0, 3)
    anchor = resolve_quote(REPEATED, phrase, suffix=". The Federal")
    assert anchor.kind == "exact" and anchor.start == second


def test_resolve_repeated_quote_chosen_by_near_context() -> None:
    phrase = "the army arrived"
    second = REPEATED.index(phrase, REPEATED.index(phrase) + 1)
    anchor = resolve_quote(REPEATED, phrase, prefix="In Culiacan ", suffix=". The Federal Polise")
    assert (anchor.kind, anchor.start, anchor.candidates) == ("exact", second, 3)
    assert 0.9 < anchor.score < 1.0


def test_resolve_many_repeats() -> None:
    text = " ".join(f"Item {i}: the army arrived." for i in range(12))
    target = text.index("Item 7: ") + len("Item 7: ")
    anchor = resolve_quote(text, "the army arrived", prefix="Item 7: ")
    assert anchor == Anchor("exact", target, target + len("the army arrived"), 1.0, 12)
    assert match_quote(text, "the army arrived", prefix="Item 7: ").start == target
    assert resolve_quote(text, "the army arrived", suffix=".").kind == "ambiguous"
    assert match_quote(text, "the army arrived", suffix=".", hint=target + 2).start == target


def test_resolve_repeated_quote_with_undecided_context_is_ambiguous() -> None:
    # The context agrees equally with two of the occurrences.
    anchor = resolve_quote(REPEATED, "the army arrived", suffix=". The ")
    assert anchor.kind == "ambiguous" and anchor.candidates == 3
    # Context unrelated to every occurrence cannot choose either.
    anchor = resolve_quote(REPEATED, "the army arrived", prefix="zzzzzzzzzz ")
    assert anchor.kind == "ambiguous" and anchor.candidates == 3


def test_resolve_fuzzy_after_an_edit(search_path: str) -> None:
    edited = PASSAGE.replace("Felipe Calderón", "Felipe Calderón Hinojosa")
    anchor = resolve_quote(edited, "In 2006 Felipe Calderón sent the army", suffix=" into")
    assert anchor.kind == "fuzzy" and anchor.candidates == 0
    assert landed(edited, anchor) == "In 2006 Felipe Calderón Hinojosa sent the army"
    assert 0.0 < anchor.score < 1.0


def test_resolve_orphan() -> None:
    anchor = resolve_quote(PASSAGE, "the Treaty of Westphalia was signed in 1648")
    assert anchor == Anchor("orphan", None, None, 0.0, 0)


# --------------------------------------------------------------------------- find_mentions


def test_mentions_are_whole_words_only() -> None:
    text = "The Guard and the Guardian. Guard’s role: Guard_1, Guards, (Guard)."
    assert [text[s:e] for s, e in find_mentions(text, "Guard")] == ["Guard", "Guard", "Guard"]
    assert find_mentions(text, "Guard") == [(4, 9), (28, 33), (60, 65)]


def test_mentions_with_accents_and_several_occurrences() -> None:
    text = (
        "The Mérida Initiative began in 2007. Critics of the Mérida Initiative… "
        "but not the Mérida Initiatives or PreMérida Initiative."
    )
    found = find_mentions(text, "Mérida Initiative")
    assert [text[s:e] for s, e in found] == ["Mérida Initiative", "Mérida Initiative"]
    assert found == sorted(found)
    assert find_mentions(text, "Merida Initiative") == []


def test_mentions_treat_letters_of_any_script_as_word_characters() -> None:
    text = "Culiacán, Culiacánés, éCuliacán, Culiacán2, Culiacán\u0301 and Culiacán."
    assert len(find_mentions(text, "Culiacán")) == 2
    assert find_mentions("Сочи, Сочиа", "Сочи") == [(0, 4)]


@pytest.mark.parametrize(("text", "phrase"), [("", "Guard"), ("Guard", ""), ("", "")])
def test_mentions_of_nothing(text: str, phrase: str) -> None:
    assert find_mentions(text, phrase) == []


def test_mentions_at_text_edges() -> None:
    assert find_mentions("Guard", "Guard") == [(0, 5)]
    assert find_mentions("Guard Guard", "Guard") == [(0, 5), (6, 11)]


# --------------------------------------------------------------------------- properties

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
ALPHABET = st.sampled_from(list("abcdefghij éü—“”’Ω"))
WORDY = st.sampled_from(list("abcdefghijklmnopqrstuvwxyz  ,.éñ—“”"))


@FAST
@given(text=st.text(ALPHABET, min_size=1, max_size=300), data=st.data())
def test_property_exact_quote_anchors_to_itself(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    quote = text[start:end]
    match = match_quote(text, quote)
    assert match is not None and match.score == 1.0
    assert text[match.start : match.end] == quote  # itself, or an identical occurrence
    # With all the text around it as context, it lands on exactly this occurrence.
    prefix, suffix = text[:start], text[end:]
    match = match_quote(text, quote, prefix=prefix, suffix=suffix)
    assert (match.start, match.end) == (start, end)
    anchor = resolve_quote(text, quote, prefix=prefix, suffix=suffix)
    assert (anchor.kind, anchor.start, anchor.end) == ("exact", start, end)
    assert anchor.candidates == len([i for i in range(len(text)) if text.startswith(quote, i)])


@FAST
@given(
    parts=st.lists(st.text(ALPHABET, max_size=30), min_size=3, max_size=3),
    phrase=st.text(ALPHABET, min_size=1, max_size=20),
    pick=st.integers(0, 1),
    side=st.sampled_from(["prefix", "suffix", "both"]),
)
def test_property_context_picks_the_right_repeat(
    parts: list[str], phrase: str, pick: int, side: str
) -> None:
    # Marker characters appear nowhere else, so only the chosen copy has this exact context.
    a, b, c = parts
    text = f"{a}«{phrase}»{b}‹{phrase}›{c}"
    opening, closing = ("«", "»") if pick == 0 else ("‹", "›")
    start = text.index(opening + phrase + closing) + 1
    context = {
        "prefix": {"prefix": opening},
        "suffix": {"suffix": closing},
        "both": {"prefix": opening, "suffix": closing},
    }[side]
    match = match_quote(text, phrase, **context)
    assert (match.start, match.end, match.score) == (start, start + len(phrase), 1.0)
    anchor = resolve_quote(text, phrase, **context)
    assert (anchor.kind, anchor.start) == ("exact", start)
    assert anchor.candidates >= 2


@st.composite
def edited_text(draw: st.DrawFn) -> tuple[str, str, int, str, str, str]:
    """Random text, a quote in it with its context, and the text after 1–2 edits inside the quote.

    Each word carries its index, so the text never repeats itself (a repeat would be an equally
    good place, which the tests for ties cover)."""
    words = draw(st.lists(st.text(WORDY, min_size=1, max_size=9), min_size=12, max_size=60))
    text = " ".join(f"{word}{i}" for i, word in enumerate(words))
    length = draw(st.integers(20, min(60, len(text))))
    start = draw(st.integers(0, len(text) - length))
    end = start + length
    edited = list(text)
    edits = draw(st.integers(1, 2))
    for _ in range(edits):
        at = draw(st.integers(start + 1, start + length - 2))  # inside the quote, not its edges
        op = draw(st.sampled_from(["insert", "delete", "replace"]))
        char = draw(WORDY)
        if op == "insert":
            edited.insert(at, char)
        elif op == "delete":
            del edited[at]
        else:
            edited[at] = char
    return (
        text,
        "".join(edited),
        start,
        text[start:end],
        text[max(0, start - 16) : start],
        text[end : end + 16],
    )


@FAST
@given(case=edited_text(), use_hint=st.booleans())
def test_property_small_edits_reanchor_near_the_original_place(
    case: tuple[str, str, int, str, str, str], use_hint: bool
) -> None:
    original, edited, start, quote, prefix, suffix = case
    match = match_quote(
        edited, quote, prefix=prefix, suffix=suffix, hint=start if use_hint else None
    )
    assert match is not None
    assert abs(match.start - start) <= 2
    assert abs(match.end - (start + len(quote) + len(edited) - len(original))) <= 2
    anchor = resolve_quote(edited, quote, prefix=prefix, suffix=suffix)
    assert anchor.kind in ("exact", "fuzzy", "ambiguous")
    if anchor.kind == "fuzzy":
        assert abs(anchor.start - start) <= 2


@settings(max_examples=40, deadline=None)
@given(case=edited_text())
def test_property_small_edits_reanchor_on_the_large_document_path(
    case: tuple[str, str, int, str, str, str],
) -> None:
    _original, edited, start, quote, prefix, suffix = case
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(approximate, "SMALL_TEXT", 0)
        match = match_quote(edited, quote, prefix=prefix, suffix=suffix)
    assert match is not None and abs(match.start - start) <= 2


@FAST
@given(
    text=st.text(max_size=200),
    quote=st.text(max_size=40),
    prefix=st.none() | st.text(max_size=20),
    suffix=st.none() | st.text(max_size=20),
    hint=st.none() | st.integers(-10, 300),
)
def test_property_arbitrary_input_never_raises(
    text: str, quote: str, prefix: str | None, suffix: str | None, hint: int | None
) -> None:
    match = match_quote(text, quote, prefix=prefix, suffix=suffix, hint=hint)
    if match is not None:
        assert 0 <= match.start <= match.end <= len(text) and 0.0 <= match.score <= 1.0
    anchor = resolve_quote(text, quote, prefix=prefix, suffix=suffix, hint=hint)
    assert anchor.kind in ("exact", "fuzzy", "ambiguous", "orphan")
    assert find_mentions(text, quote) == sorted(find_mentions(text, quote))
    with pytest.MonkeyPatch.context() as patch:  # the large-document path too
        patch.setattr(approximate, "SMALL_TEXT", 0)
        patch.setattr(quotes, "HINT_RADIUS", 4)
        match = match_quote(text, quote, prefix=prefix, suffix=suffix, hint=hint)
    if match is not None:
        assert 0 <= match.start <= match.end <= len(text) and 0.0 <= match.score <= 1.0
