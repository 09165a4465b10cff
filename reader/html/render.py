"""Segments to escaped HTML (Markdown and URLs are made safe in reader.html.sanitize).

Everything here is plain string building: no Streamlit, no browser. Every piece of text
and every attribute value is escaped, because annotation files (ids, labels, previews,
Markdown) are untrusted input.

The article markup keeps one promise the app depends on: the `textContent` of each block
element is exactly that block's text, so a selection offset within a block plus the
block's `data-start` is an offset into the document text. Label badges are therefore drawn
by CSS (`::after { content: attr(data-label-end) }`), never as text nodes.
"""

from __future__ import annotations

import colorsys
import hashlib
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from functools import lru_cache
from html import escape
from typing import Protocol

from reader.assets import read_asset
from reader.layers.spans import Segment, Span
from reader.vocabulary import STATUS_COLORS

__all__ = [
    "LABEL_COLORS",
    "NESTING",
    "BlockLike",
    "article_css",
    "label_color",
    "render_article",
    "render_blocks",
]

# ---------------------------------------------------------------------------------------
# Colours

#: One mid-tone colour per OntoNotes label. The CSS only ever uses them as translucent tints
#: (`color-mix(... var(--hl) 20%, transparent)`), which reads well on light and dark pages.
LABEL_COLORS: dict[str, str] = {
    "PERSON": "#7c5cff",
    "NORP": "#b15ad6",
    "FAC": "#2f9e9e",
    "ORG": "#1c8fd6",
    "GPE": "#e08a00",
    "LOC": "#e8642c",
    "PRODUCT": "#3fa34d",
    "EVENT": "#c9a100",
    "WORK_OF_ART": "#d45cb0",
    "LAW": "#e0445e",
    "LANGUAGE": "#c2416b",
    "DATE": "#2f9f7a",
    "TIME": "#4f9a8a",
    "PERCENT": "#8a8f3c",
    "MONEY": "#6f9a2c",
    "QUANTITY": "#5f8fb0",
    "ORDINAL": "#8f7f66",
    "CARDINAL": "#7f8c94",
}


@lru_cache(maxsize=1024)
def label_color(label: str | None) -> str:
    """Colour for an entity label; unknown labels get a stable colour derived from a hash.

    `hash()` is salted per process, so a digest keeps the colour the same across runs.
    """
    if label in LABEL_COLORS:
        return LABEL_COLORS[label]
    digest = hashlib.blake2s((label or "").encode("utf-8"), digest_size=4).digest()
    hue = int.from_bytes(digest, "big") / 2**32
    r, g, b = colorsys.hls_to_rgb(hue, 0.5, 0.55)
    return f"#{round(r * 255):02x}{round(g * 255):02x}{round(b * 255):02x}"


# ---------------------------------------------------------------------------------------
# The article


class BlockLike(Protocol):
    """What the renderer needs of a document block (e.g. `reader.sources.documents.Block`)."""

    @property
    def kind(self) -> str: ...  # title | dek | caption | credit | heading | paragraph
    @property
    def text(self) -> str: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...


#: Visual nesting of highlight elements, outermost first. Claims are long (sentences) and
#: entities short, so this order splits the fewest elements at partial overlaps.
NESTING: tuple[str, ...] = ("claims", "notes", "entities")

# Markup templates, kept apart from the logic (cf. spaCy's displacy/templates.py), filled
# with escaped values only. A highlight is '<mark class="hl hl-{layer}" data-layer="{layer}"
# data-ids="…"' (`_ArticleRenderer.head`), then the layer's attributes (data-label, data-note,
# data-status, style, title, data-label-end), then its range ' data-start="…" data-end="…">',
# the content and "</mark>".
TPL_ARTICLE = '<article class="article" data-length="{length}">{blocks}</article>'
TPL_BLOCK = '<{tag}{cls} data-start="{start}" data-end="{end}">'
TPL_FIGURE_OPEN = '<figure class="photo"><figcaption>'
TPL_FIGURE_CLOSE = "</figcaption></figure>"

#: kind -> (element, class attribute). Unknown kinds render as paragraphs.
BLOCK_TAGS: dict[str, tuple[str, str]] = {
    "title": ("h1", ' class="title"'),
    "dek": ("p", ' class="dek"'),
    "heading": ("h2", ""),
    "paragraph": ("p", ""),
    "caption": ("span", ' class="caption"'),
    "credit": ("span", ' class="credit"'),
}
_DEFAULT_BLOCK_TAG = BLOCK_TAGS["paragraph"]
_FIGURE_KINDS = frozenset({"caption", "credit"})


def _unique(values: Iterable[str | None]) -> list[str]:
    """Order-preserving de-duplication of non-empty strings."""
    return list(dict.fromkeys(filter(None, values)))


#: At most this many ids and hover previews per highlight (a hostile file can overlap thousands).
MAX_MARK_IDS = 32
MAX_MARK_PREVIEWS = 3


#: What a highlight's attributes after `data-ids` are made of: its layer, its label (entities) or
#: status (claims), notes, previews (and how many more there are) and badges.
_Looks = tuple[str, str | None, tuple[str, ...], tuple[str, ...], int, tuple[str, ...]]


def _merge(layer: str, spans: tuple[Span, ...], end: int) -> tuple[str, _Looks]:
    """The ids and the looks of one layer's highlight for `spans`, ending at `end`.

    Where several spans of a layer cover the text, the first (outermost) one with a value sets
    the label (entities) or status (claims); the ids and notes (up to MAX_MARK_IDS) and previews
    (up to MAX_MARK_PREVIEWS) are listed. The caps keep the markup linear in the input: thousands
    of overlapping claims would otherwise repeat every id and preview on every piece of text.
    Entities ending at `end` show their labels as a badge (drawn by CSS ::after).
    """
    entities = layer == "entities"
    if len(spans) == 1:  # nothing to merge: nearly every entity
        span = spans[0]
        ids = span.id
        value = span.label if entities else span.status
        notes: tuple[str, ...] = (span.note,) if span.note else ()
        previews: tuple[str, ...] = (span.preview,) if span.preview else ()
        badges: tuple[str, ...] = (
            (span.label,) if entities and span.label and span.end == end else ()
        )
    else:
        ids = " ".join(_unique(s.id for s in spans)[:MAX_MARK_IDS])
        value = next(filter(None, (s.label if entities else s.status for s in spans)), None)
        notes = tuple(_unique(s.note for s in spans)[:MAX_MARK_IDS])
        previews = tuple(_unique(s.preview for s in spans))
        badges = tuple(_unique(s.label for s in spans if s.end == end)) if entities else ()
    more = len(previews) - MAX_MARK_PREVIEWS
    return ids, (layer, value, notes, previews[:MAX_MARK_PREVIEWS], more, badges)


def _attributes(looks: _Looks) -> str:
    """The attributes after `data-ids`: label or status, notes, previews, badges."""
    layer, value, notes, previews, more, badges = looks
    parts = []
    if layer == "entities":
        if value:
            parts.append(f' data-label="{escape(value)}" style="--hl:{label_color(value)}"')
        if notes:
            parts.append(f' data-note="{escape(notes[0])}"')
    elif layer == "claims":
        if value:
            parts.append(f' data-status="{escape(value)}"')
            if value in STATUS_COLORS:
                parts.append(f' style="--st:{STATUS_COLORS[value]}"')
    elif notes:
        parts.append(f' data-note="{escape(" ".join(notes))}"')
    if previews:
        shown = [*previews, f"… and {more} more"] if more > 0 else previews
        parts.append(f' title="{escape(chr(10).join(shown))}"')
    if badges:
        parts.append(f' data-label-end="{escape(" ".join(badges))}"')
    return "".join(parts)


_NEST_INDEX = {layer: index for index, layer in enumerate(NESTING)}


def _split_by_nesting(spans: tuple[Span, ...]) -> tuple[tuple[Span, ...], ...]:
    """The spans of each NESTING layer (other layers are not drawn)."""
    keys: list[list[Span]] = [[] for _ in NESTING]
    for span in spans:
        index = _NEST_INDEX.get(span.layer)
        if index is not None:
            keys[index].append(span)
    return tuple(map(tuple, keys))


# A segment clipped to a block, with its spans split per NESTING layer.
_Piece = tuple[int, int, tuple[tuple[Span, ...], ...]]


class _ArticleRenderer:
    """Renders one article into `out`; holds the per-call state."""

    def __init__(self, text: str, segments: Sequence[Segment]) -> None:
        self.text = text
        self.segments = segments
        self.seg_starts = [s.start for s in segments]
        self.out: list[str] = []
        self.heads: dict[tuple[str, tuple[Span, ...]], str] = {}
        self.attributes: dict[_Looks, str] = {}  # many highlights look alike (a label, a note)

    def head(self, layer: str, spans: tuple[Span, ...], end: int) -> str:
        """Opening tag of one layer's highlight for `spans`, ending at `end`, without its range
        and '>'."""
        if layer != "entities":  # claims and notes recur on many pieces (no badges: any end)
            head = self.heads.get((layer, spans))
            if head is None:
                head = self.heads[(layer, spans)] = self.new_head(layer, spans, end)
            return head
        return self.new_head(layer, spans, end)

    def new_head(self, layer: str, spans: tuple[Span, ...], end: int) -> str:
        ids, looks = _merge(layer, spans, end)
        attributes = self.attributes.get(looks)
        if attributes is None:
            attributes = self.attributes[looks] = _attributes(looks)
        # `layer` is one of NESTING, never text from a file.
        return (
            f'<mark class="hl hl-{layer}" data-layer="{layer}" data-ids="{escape(ids)}"{attributes}'
        )

    def block(self, start: int, end: int) -> None:
        """Append the inner HTML of the text range [start, end)."""
        if end <= start:
            return
        text, out, seg_starts = self.text, self.out, self.seg_starts
        first = max(bisect_right(seg_starts, start) - 1, 0)
        stop = bisect_left(seg_starts, end, first)
        run: list[_Piece] = []  # consecutive pieces inside claims or notes: nested markup
        pos = start
        for seg in self.segments[first:stop]:
            b = seg.end
            if b <= pos:
                continue
            a = seg.start
            if a > pos:  # a hole in the caller's segments: plain text
                if run:
                    self.flush(run)
                out.append(escape(text[pos:a]))
            else:
                a = pos
            if b > end:
                b = end
            pos = b
            spans = seg.spans
            # Bare and entity-only pieces (nearly all) are written here directly; pieces
            # inside claims or notes are collected and grouped per layer by `nest`.
            # Segment spans come in LAYERS order, entities first, so the last span tells
            # whether any other layer is present.
            if not spans:
                if run:
                    self.flush(run)
                out.append(escape(text[a:b]))
            elif spans[-1].layer == "entities":
                if run:
                    self.flush(run)
                head = self.new_head("entities", spans, b)
                out.append(f'{head} data-start="{a}" data-end="{b}">{escape(text[a:b])}</mark>')
            else:
                run.append((a, b, _split_by_nesting(spans)))
        if run:
            self.flush(run)
        if pos < end:
            out.append(escape(text[pos:end]))

    def flush(self, run: list[_Piece]) -> None:
        """Write the collected pieces inside claims or notes, and forget them."""
        self.nest(run, 0, len(run), 0)
        run.clear()

    def nest(self, pieces: list[_Piece], lo: int, hi: int, level: int) -> None:
        """Write pieces[lo:hi]: each maximal run sharing this layer's spans becomes one
        element, inside which the next layer (NESTING order) is grouped the same way."""
        out, text = self.out, self.text
        if level == len(NESTING):
            out.append(escape(text[pieces[lo][0] : pieces[hi - 1][1]]))
            return
        layer = NESTING[level]
        j = lo
        while j < hi:
            key = pieces[j][2][level]
            k = j + 1
            while k < hi and pieces[k][2][level] == key:
                k += 1
            if key:
                g_start, g_end = pieces[j][0], pieces[k - 1][1]
                head = self.head(layer, key, g_end)
                out.append(f'{head} data-start="{g_start}" data-end="{g_end}">')
                self.nest(pieces, j, k, level + 1)
                out.append("</mark>")
            else:
                self.nest(pieces, j, k, level + 1)
            j = k


def render_article(text: str, blocks: Sequence[BlockLike], segments: Sequence[Segment]) -> str:
    """HTML for the document: one element per block, highlights nested per `NESTING`.

    The blocks' markup (`render_blocks`) inside `<article class="article">`.
    """
    return TPL_ARTICLE.format(length=len(text), blocks=render_blocks(text, blocks, segments))


def render_blocks(text: str, blocks: Sequence[BlockLike], segments: Sequence[Segment]) -> str:
    """The markup of some of a document's blocks, without the `<article>` around them.

    The app sends a long document in pages of blocks, so its first screen shows at once.

    `segments` come from `flatten_layers(len(text), ...)`; they are clipped to each block,
    so a span crossing a block boundary is drawn once per block. Within a block, one
    element per layer covers each maximal run of text with the same spans of that layer
    (a claim stays one `<mark>` around the entities inside it). Consecutive caption and
    credit blocks share one `<figure class="photo"><figcaption>`. No whitespace is written
    between elements, so each block element's textContent is exactly its text.
    """
    renderer = _ArticleRenderer(text, segments)
    out = renderer.out
    length = len(text)
    in_figure = False
    for block in blocks:
        kind = block.kind
        if (kind in _FIGURE_KINDS) != in_figure:
            out.append(TPL_FIGURE_CLOSE if in_figure else TPL_FIGURE_OPEN)
            in_figure = not in_figure
        tag, cls = BLOCK_TAGS.get(kind, _DEFAULT_BLOCK_TAG)
        start = block.start if block.start > 0 else 0
        end = block.end if block.end < length else length
        out.append(TPL_BLOCK.format(tag=tag, cls=cls, start=start, end=end))
        renderer.block(start, end)
        out.append(f"</{tag}>")
    if in_figure:
        out.append(TPL_FIGURE_CLOSE)
    return "".join(out)


def article_css() -> str:
    """The highlights' stylesheet (reader/assets/highlights.css), shared by the app and the
    export."""
    return read_asset("highlights.css")
