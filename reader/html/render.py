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
import re
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
# with escaped values only. A highlight is TPL_MARK, then the layer's attributes (data-label,
# data-note, data-status, style, title, data-label-end), then its range
# ' data-start="…" data-end="…">', the content and "</mark>".
TPL_ARTICLE = '<article class="article" data-length="{length}">{blocks}</article>'
TPL_BLOCK = '<{tag}{cls} data-start="{start}" data-end="{end}">'
TPL_FIGURE_OPEN = '<figure class="photo"><figcaption>'
TPL_FIGURE_CLOSE = "</figcaption></figure>"
TPL_MARK = '<mark class="hl hl-{layer}" data-layer="{layer}" data-ids="{ids}"'

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

_NEEDS_ESCAPE = re.compile(r"[&<>\"']")  # what html.escape(quote=True) rewrites
_ENTITY_MARK = TPL_MARK.format(layer="entities", ids="")[: -len('"')]  # up to data-ids="


def _attr(value: str) -> str:
    """Escape an attribute value; most ids are plain words, so skip the work for those."""
    return escape(value) if _NEEDS_ESCAPE.search(value) else value


def _unique(values: Iterable[str | None]) -> list[str]:
    """Order-preserving de-duplication of non-empty strings."""
    return list(dict.fromkeys(v for v in values if v))


@lru_cache(maxsize=512)
def _label_attrs(label: str) -> str:
    return f' data-label="{_attr(label)}" style="--hl:{label_color(label)}"'


#: At most this many ids and hover previews per highlight (a hostile file can overlap thousands).
MAX_MARK_IDS = 32
MAX_MARK_PREVIEWS = 3


def _mark_head(layer: str, spans: tuple[Span, ...]) -> str:
    """Opening tag of one layer's highlight for `spans`, without its range and closing '>'.

    Where several spans of a layer cover the text, the first (outermost) one with a value
    sets the label / status; the ids (up to MAX_MARK_IDS), notes and previews (up to
    MAX_MARK_PREVIEWS) are listed. The caps keep the markup linear in the input: thousands of
    overlapping claims would otherwise repeat every id and preview on every piece of text.
    """
    parts = [
        TPL_MARK.format(
            layer=_attr(layer), ids=_attr(" ".join(_unique(s.id for s in spans)[:MAX_MARK_IDS]))
        )
    ]
    if layer == "entities":
        label = next((s.label for s in spans if s.label), None)
        if label:
            parts.append(_label_attrs(label))
        note = next((s.note for s in spans if s.note), None)
        if note:
            parts.append(f' data-note="{_attr(note)}"')
    elif layer == "claims":
        status = next((s.status for s in spans if s.status), None)
        if status:
            parts.append(f' data-status="{_attr(status)}"')
            if status in STATUS_COLORS:
                parts.append(f' style="--st:{STATUS_COLORS[status]}"')
    else:
        notes = _unique(s.note for s in spans)[:MAX_MARK_IDS]
        if notes:
            parts.append(f' data-note="{_attr(" ".join(notes))}"')
    previews = _unique(s.preview for s in spans)
    if len(previews) > MAX_MARK_PREVIEWS:
        previews = [
            *previews[:MAX_MARK_PREVIEWS],
            f"… and {len(previews) - MAX_MARK_PREVIEWS} more",
        ]
    if previews:
        parts.append(f' title="{_attr(chr(10).join(previews))}"')
    return "".join(parts)


def _entity_attrs(label: str | None, note: str | None, preview: str | None) -> tuple[str, str]:
    """Attributes after the id of a one-span entity highlight, as `_mark_head` + `_label_end`
    write them: (inside the entity, at its end)."""
    attrs = _label_attrs(label) if label else ""
    if note:
        attrs += f' data-note="{_attr(note)}"'
    if preview:
        attrs += f' title="{_attr(preview)}"'
    return (attrs, f'{attrs} data-label-end="{_attr(label)}"' if label else attrs)


def _label_end(spans: tuple[Span, ...], end: int) -> str:
    """The badge attribute for entity spans that end at `end` (drawn by CSS ::after)."""
    if len(spans) == 1:
        span = spans[0]
        if span.end == end and span.label:
            return f' data-label-end="{_attr(span.label)}"'
        return ""
    labels = _unique(s.label for s in spans if s.end == end)
    return f' data-label-end="{_attr(" ".join(labels))}"' if labels else ""


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
    """Renders one article into `out`; holds the per-call state and caches."""

    def __init__(self, text: str, segments: Sequence[Segment]) -> None:
        self.text = text
        self.segments = segments
        self.seg_starts = [s.start for s in segments]
        self.out: list[str] = []
        self.heads: dict[tuple[str, tuple[Span, ...]], str] = {}
        self.entity_attrs: dict[tuple[str | None, str | None, str | None], tuple[str, str]] = {}
        self.dirty = True  # whether the current block has characters to escape

    def entity_open(self, spans: tuple[Span, ...], end: int) -> str:
        """Opening tag of an entity highlight ending at `end`, without its range and '>'."""
        span = spans[0]
        if len(spans) == 1:
            # One entity, by far the most common highlight. Alphanumeric ids need no
            # escaping, and entities sharing a label, note and preview share the rest.
            ident = span.id if span.id.isalnum() else escape(span.id)
            key = (span.label, span.note, span.preview)
            attrs = self.entity_attrs.get(key)
            if attrs is None:
                attrs = self.entity_attrs[key] = _entity_attrs(*key)
            return f'{_ENTITY_MARK}{ident}"{attrs[span.end == end]}'
        return _mark_head("entities", spans) + _label_end(spans, end)

    def block(self, start: int, end: int) -> None:
        """Append the inner HTML of the text range [start, end)."""
        if end <= start:
            return
        text, out, seg_starts = self.text, self.out, self.seg_starts
        # A slice of a block with nothing to escape needs no escaping: check once per block.
        block_text = text[start:end]
        dirty = self.dirty = (
            "&" in block_text
            or "<" in block_text
            or ">" in block_text
            or '"' in block_text
            or "'" in block_text
        )
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
                    self.nest(run, 0, len(run), 0)
                    run = []
                out.append(escape(text[pos:a]) if dirty else text[pos:a])
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
                    self.nest(run, 0, len(run), 0)
                    run = []
                out.append(escape(text[a:b]) if dirty else text[a:b])
            elif spans[-1].layer == "entities":
                if run:
                    self.nest(run, 0, len(run), 0)
                    run = []
                head = self.entity_open(spans, b)
                chunk = escape(text[a:b]) if dirty else text[a:b]
                out.append(f'{head} data-start="{a}" data-end="{b}">{chunk}</mark>')
            else:
                run.append((a, b, _split_by_nesting(spans)))
        if run:
            self.nest(run, 0, len(run), 0)
        if pos < end:
            out.append(escape(text[pos:end]) if dirty else text[pos:end])

    def nest(self, pieces: list[_Piece], lo: int, hi: int, level: int) -> None:
        """Write pieces[lo:hi]: each maximal run sharing this layer's spans becomes one
        element, inside which the next layer (NESTING order) is grouped the same way."""
        out, text = self.out, self.text
        if level == len(NESTING):
            chunk = text[pieces[lo][0] : pieces[hi - 1][1]]
            out.append(escape(chunk) if self.dirty else chunk)
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
                if layer == "entities":
                    head = self.entity_open(key, g_end)
                else:
                    cached = self.heads.get((layer, key))
                    if cached is None:
                        cached = self.heads[(layer, key)] = _mark_head(layer, key)
                    head = cached
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
