"""Annotation layers: the `Span` every layer produces, and flattening them into segments.

The article shows several layers at once (spaCy entities, anchored claims, note mentions),
and their spans nest and overlap freely. HTML cannot express overlapping elements, so
`flatten_layers` cuts the text into the coarsest run of non-overlapping `Segment`s such
that every segment is covered by one fixed set of spans; `reader.html.render` then nests one
element per layer over them.

>>> spans = [Span(0, 5, "claims", "c1"), Span(3, 8, "entities", "e1", label="ORG")]
>>> [(s.start, s.end, [sp.id for sp in s.spans]) for s in flatten_layers(10, spans)]
[(0, 3, ['c1']), (3, 5, ['e1', 'c1']), (5, 8, ['e1']), (8, 10, [])]
"""

from __future__ import annotations

from bisect import bisect_left, insort
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from operator import attrgetter

from reader.perf import gc_paused
from reader.vocabulary import LAYERS

__all__ = ["Segment", "Span", "flatten_layers"]

#: Every layer, in canonical order: the order of layer toggles and legends, and the order
#: in which a segment lists its spans. Entities (the automatic, most numerous layer) come
#: first; the hand-curated layers follow. The *visual* nesting of highlights is the
#: renderer's business (`reader.html.render.NESTING`: claims outermost, entities innermost).

_LAYER_RANK = {layer: rank for rank, layer in enumerate(LAYERS)}


@dataclass(frozen=True, slots=True)
class Span:
    """One annotation on the document text: `text[start:end]` belongs to `layer`.

    `id` is the annotation id: "e12" for entities, the YAML id for claims and anchored
    notes, "<note-id>@<start>" for note mentions.
    """

    start: int
    end: int
    layer: str  # one of LAYERS
    id: str
    label: str | None = None  # entity label (PERSON, ORG, GPE, ...)
    status: str | None = None  # claim status (supported, misdated, ...)
    note: str | None = None  # id of the note this span links to
    preview: str | None = None  # short plain-text hover preview


@dataclass(frozen=True, slots=True)
class Segment:
    """A stretch `[start, end)` of text covered by exactly `spans` (possibly none).

    `spans` are ordered by (LAYERS order, start, -end, id), so the spans of one layer are
    contiguous and the outermost span of a layer comes first.
    """

    start: int
    end: int
    spans: tuple[Span, ...]


_START = attrgetter("start")
_END = attrgetter("end")
_ID = attrgetter("id")


def _in_display_order(spans: list[Span]) -> list[Span]:
    """Sort by (LAYERS order, start, -end, id); unknown layers last, by name.

    Stable sorts on C-level keys, least significant first: much faster than a Python
    key function building a tuple per span.
    """
    by_layer: dict[str, list[Span]] = {}
    for span in spans:
        by_layer.setdefault(span.layer, []).append(span)
    ordered: list[Span] = []
    for layer in sorted(by_layer, key=lambda name: (_LAYER_RANK.get(name, len(LAYERS)), name)):
        group = by_layer[layer]
        group.sort(key=_ID)
        group.sort(key=_END, reverse=True)  # reverse=True keeps sorting stable
        group.sort(key=_START)
        ordered += group
    return ordered


def flatten_layers(
    text_length: int,
    spans: Iterable[Span],
    *,
    layers: Collection[str] | None = None,
    labels: Collection[str] | None = None,
) -> list[Segment]:
    """Cut `[0, text_length)` into ordered, adjacent segments, each with its covering spans.

    - `layers`: keep only spans of these layers (None: all layers).
    - `labels`: keep only entity spans with these labels (None: all); other layers are
      unaffected.

    Spans are clipped to the text; spans left empty are dropped, and exact duplicates
    (equal in every field) count once. A new segment starts exactly where the set of
    covering spans changes, so unannotated stretches are single segments with `spans=()`.
    Runs as a sweep over the sorted span boundaries: O(n log n + output), with the cycle
    collector paused (a book makes tens of thousands of segments, none in a cycle).
    """
    with gc_paused():
        return _flatten(text_length, spans, layers=layers, labels=labels)


def _flatten(
    text_length: int,
    spans: Iterable[Span],
    *,
    layers: Collection[str] | None = None,
    labels: Collection[str] | None = None,
) -> list[Segment]:
    """`flatten_layers` itself."""
    n = max(0, text_length)
    if n == 0:
        return []
    layer_set = None if layers is None else frozenset(layers)
    label_set = None if labels is None else frozenset(labels)
    # Non-empty after clipping to [0, n) <=> start < n, end > 0 and start < end.
    kept = [
        span
        for span in spans
        if span.start < span.end
        and span.start < n
        and span.end > 0
        and (layer_set is None or span.layer in layer_set)
        and (label_set is None or span.layer != "entities" or span.label in label_set)
    ]
    if not kept:
        return [Segment(0, n, ())]

    # A span's index in display order is its rank: the sweep only compares small ints.
    ordered = _in_display_order(kept)
    count = len(ordered)
    clipped_starts = [span.start if span.start > 0 else 0 for span in ordered]
    clipped_ends = [span.end if span.end < n else n for span in ordered]
    # Event queues: ranks by start and by end, with their positions alongside.
    start_rank = sorted(range(count), key=clipped_starts.__getitem__)
    end_rank = sorted(range(count), key=clipped_ends.__getitem__)
    start_pos = [clipped_starts[r] for r in start_rank] + [n]  # sentinel: no more starts
    end_pos = [clipped_ends[r] for r in end_rank] + [n + 1]  # sentinel: never reached

    segments: list[Segment] = []
    active: list[int] = []  # ranks of the covering spans, ascending
    si = ei = 0
    pos = 0
    while pos < n:
        # An isolated span (most entities): nothing is open, one span starts next and ends
        # before any other starts; it is also the next to end, so both queues advance without
        # the bisecting below.
        start = start_pos[si]
        if (
            not active
            and start < n
            and start_pos[si + 1] >= end_pos[ei]
            and start_rank[si] == end_rank[ei]
        ):
            if start > pos:
                segments.append(Segment(pos, start, ()))
            pos = end_pos[ei]
            segments.append(Segment(start, pos, (ordered[start_rank[si]],)))
            si += 1
            ei += 1
            continue
        while end_pos[ei] == pos:
            del active[bisect_left(active, end_rank[ei])]
            ei += 1
        while start_pos[si] == pos:  # the sentinel n never equals pos
            insort(active, start_rank[si])
            si += 1
        nxt = min(start_pos[si], end_pos[ei])
        # Every boundary after 0 is a span's start or end, so the covering (multi)set
        # always changes there: neighbouring segments never need merging.
        segments.append(Segment(pos, nxt, tuple(map(ordered.__getitem__, active))))
        pos = nxt
    return segments
