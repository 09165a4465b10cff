"""flatten_layers: overlapping layers in, ordered non-overlapping segments out."""

from __future__ import annotations

import dataclasses
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.layers.spans import Segment, Span, flatten_layers
from reader.vocabulary import LAYERS


def view(segments: list[Segment]) -> list[tuple[int, int, list[str]]]:
    """Segments as (start, end, [span ids]) for literal comparisons."""
    return [(s.start, s.end, [span.id for span in s.spans]) for s in segments]


def entity(start: int, end: int, id: str, label: str = "PERSON", **kw) -> Span:
    return Span(start, end, "entities", id, label=label, **kw)


def claim(start: int, end: int, id: str, **kw) -> Span:
    return Span(start, end, "claims", id, **kw)


def mention(start: int, end: int, note: str) -> Span:
    return Span(start, end, "notes", f"{note}@{start}", note=note)


# --- literal cases -----------------------------------------------------------------------


def test_layers_are_the_three_of_the_format() -> None:
    assert LAYERS == ("entities", "claims", "notes")


def test_empty_text_has_no_segments() -> None:
    assert flatten_layers(0, [entity(0, 3, "e1")]) == []
    assert flatten_layers(0, []) == []


def test_no_spans_is_one_bare_segment() -> None:
    assert flatten_layers(10, []) == [Segment(0, 10, ())]


def test_single_span_in_the_middle() -> None:
    assert view(flatten_layers(10, [entity(3, 6, "e1")])) == [
        (0, 3, []),
        (3, 6, ["e1"]),
        (6, 10, []),
    ]


def test_nesting() -> None:
    # "Claudia Sheinbaum unveiled a plan": a claim around an entity around nothing else.
    spans = [claim(0, 30, "c1"), entity(0, 17, "e1"), mention(8, 17, "sheinbaum")]
    assert view(flatten_layers(34, spans)) == [
        (0, 8, ["e1", "c1"]),
        (8, 17, ["e1", "c1", "sheinbaum@8"]),
        (17, 30, ["c1"]),
        (30, 34, []),
    ]


def test_nested_entities_of_one_layer() -> None:
    # "Bank of Mexico": ORG containing GPE; the outer (longer) span is listed first.
    spans = [entity(8, 14, "gpe", "GPE"), entity(0, 14, "org", "ORG")]
    assert view(flatten_layers(14, spans)) == [(0, 8, ["org"]), (8, 14, ["org", "gpe"])]


def test_partial_overlap() -> None:
    spans = [claim(2, 8, "c1"), entity(5, 12, "e1")]
    assert view(flatten_layers(15, spans)) == [
        (0, 2, []),
        (2, 5, ["c1"]),
        (5, 8, ["e1", "c1"]),
        (8, 12, ["e1"]),
        (12, 15, []),
    ]


def test_identical_ranges_share_one_segment() -> None:
    spans = [claim(4, 9, "b"), claim(4, 9, "a"), entity(4, 9, "e1"), mention(4, 9, "n")]
    assert view(flatten_layers(9, spans)) == [(0, 4, []), (4, 9, ["e1", "a", "b", "n@4"])]


def test_exact_duplicates_are_kept() -> None:
    twice = entity(1, 3, "e1")
    assert view(flatten_layers(4, [twice, twice])) == [(0, 1, []), (1, 3, ["e1", "e1"]), (3, 4, [])]


def test_adjacent_spans_split_without_gap() -> None:
    spans = [entity(0, 5, "e1"), entity(5, 9, "e2")]
    assert view(flatten_layers(9, spans)) == [(0, 5, ["e1"]), (5, 9, ["e2"])]


def test_spans_at_text_edges() -> None:
    spans = [entity(0, 4, "first"), entity(6, 10, "last")]
    assert view(flatten_layers(10, spans)) == [(0, 4, ["first"]), (4, 6, []), (6, 10, ["last"])]
    assert view(flatten_layers(10, [claim(0, 10, "all")])) == [(0, 10, ["all"])]


def test_out_of_range_parts_are_clipped_and_span_kept_whole() -> None:
    long = claim(-5, 50, "long")
    segments = flatten_layers(10, [long])
    assert view(segments) == [(0, 10, ["long"])]
    assert segments[0].spans[0] is long  # the span itself, not a clipped copy


def test_empty_and_outside_spans_are_dropped() -> None:
    spans = [
        entity(3, 3, "empty"),
        entity(7, 2, "reversed"),
        entity(-4, 0, "before"),
        entity(10, 12, "after"),
    ]
    assert flatten_layers(10, spans) == [Segment(0, 10, ())]


def test_layer_filter() -> None:
    spans = [claim(0, 6, "c1"), entity(2, 4, "e1"), mention(5, 8, "n")]
    assert view(flatten_layers(8, spans, layers=["claims"])) == [(0, 6, ["c1"]), (6, 8, [])]
    assert view(flatten_layers(8, spans, layers={"entities", "notes"})) == [
        (0, 2, []),
        (2, 4, ["e1"]),
        (4, 5, []),
        (5, 8, ["n@5"]),
    ]
    assert flatten_layers(8, spans, layers=()) == [Segment(0, 8, ())]


def test_label_filter_applies_to_entities_only() -> None:
    spans = [entity(0, 3, "p", "PERSON"), entity(4, 7, "g", "GPE"), claim(0, 7, "c1")]
    assert view(flatten_layers(7, spans, labels=["GPE"])) == [(0, 4, ["c1"]), (4, 7, ["g", "c1"])]
    assert view(flatten_layers(7, spans, labels=[])) == [(0, 7, ["c1"])]


def test_spans_ordered_by_layer_start_longest_first_then_id() -> None:
    spans = [
        mention(0, 9, "z"),
        claim(0, 9, "b"),
        claim(0, 12, "a2"),
        claim(0, 9, "a"),
        entity(0, 9, "e"),
    ]
    (first, _) = flatten_layers(12, spans)
    assert [s.id for s in first.spans] == ["e", "a2", "a", "b", "z@0"]


def test_unknown_layer_sorts_after_known_ones() -> None:
    spans = [Span(0, 4, "comments", "x"), entity(0, 4, "e")]
    assert view(flatten_layers(4, spans)) == [(0, 4, ["e", "x"])]


def test_many_nested_spans() -> None:
    # 2000 spans nested like onion skins: every boundary opens or closes exactly one span.
    n = 4000
    spans = [claim(i, n - i, f"c{i}") for i in range(2000)]
    segments = flatten_layers(n, spans)
    assert len(segments) == 3999
    middle = segments[1999]
    assert (middle.start, middle.end, len(middle.spans)) == (1999, 2001, 2000)
    assert [s.id for s in middle.spans[:3]] == ["c0", "c1", "c2"]


def test_span_and_segment_are_frozen() -> None:
    span = entity(0, 1, "e1")
    with pytest.raises(dataclasses.FrozenInstanceError):
        span.start = 3  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        Segment(0, 1, (span,)).end = 2  # type: ignore[misc]


def test_accepts_any_iterable() -> None:
    spans = (entity(i, i + 1, f"e{i}") for i in range(0, 6, 2))
    assert len(flatten_layers(6, spans)) == 6


# --- properties --------------------------------------------------------------------------

LABELS = ("PERSON", "GPE", "ORG")


@st.composite
def spans_and_length(draw: st.DrawFn) -> tuple[int, list[Span]]:
    n = draw(st.integers(0, 60))
    span = st.builds(
        Span,
        start=st.integers(-5, 65),
        end=st.integers(-5, 65),
        layer=st.sampled_from(LAYERS),
        id=st.sampled_from(["a", "b", "c", "d", "e1", "e2"]),
        label=st.sampled_from(LABELS),
    )
    return n, draw(st.lists(span, max_size=25))


def _order(span: Span) -> tuple[int, int, int, str]:
    return (LAYERS.index(span.layer), span.start, -span.end, span.id)


def _check(n: int, spans: list[Span], segments: list[Segment], included: list[Span]) -> None:
    # The segments tile [0, n): ordered, adjacent, non-empty.
    if n == 0:
        assert segments == []
        return
    assert segments[0].start == 0 and segments[-1].end == n
    for left, right in zip(segments, segments[1:]):
        assert left.end == right.start
        assert Counter(left.spans) != Counter(right.spans)  # merged when equal
    for seg in segments:
        assert seg.start < seg.end
        keys = [_order(s) for s in seg.spans]
        assert keys == sorted(keys)
        # Exactly the included spans covering every character of the segment.
        for pos in range(seg.start, seg.end):
            assert Counter(seg.spans) == Counter(s for s in included if s.start <= pos < s.end)
    # Every non-empty in-range span appears in exactly the segments covering it, whose
    # concatenation is its (clipped) range.
    for span in included:
        lo, hi = max(span.start, 0), min(span.end, n)
        if lo >= hi:
            continue
        holding = [seg for seg in segments if span in seg.spans]
        assert (holding[0].start, holding[-1].end) == (lo, hi)
        assert all(a.end == b.start for a, b in zip(holding, holding[1:]))


@settings(max_examples=300, deadline=None)
@given(spans_and_length())
def test_flattening_never_loses_a_character_or_a_span(case: tuple[int, list[Span]]) -> None:
    n, spans = case
    _check(n, spans, flatten_layers(n, spans), spans)


@settings(max_examples=200, deadline=None)
@given(
    spans_and_length(),
    st.sets(st.sampled_from(LAYERS)),
    st.one_of(st.none(), st.sets(st.sampled_from(LABELS))),
)
def test_filters_keep_exactly_the_chosen_spans(
    case: tuple[int, list[Span]], layers: set[str], labels: set[str] | None
) -> None:
    n, spans = case
    included = [
        s
        for s in spans
        if s.layer in layers and (labels is None or s.layer != "entities" or s.label in labels)
    ]
    _check(n, spans, flatten_layers(n, spans, layers=layers, labels=labels), included)
