"""A document read together with its annotations: anchored spans for every layer, orphans, problems.

The one place that composes the stages below it (sources, anchoring, layers, numbers, html); the
app, the command line and the exports all start from a Reading.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from functools import cached_property

from reader.anchoring import Anchor, find_mentions, resolve_quote
from reader.html.render import render_article
from reader.html.sanitize import markdown_text
from reader.layers.entities import (
    Correction,
    Entity,
    ModelEntities,
    apply_corrections,
    detect_entities,
)
from reader.layers.spans import Segment, Span, flatten_layers
from reader.numbers.check import NumberResult, check_claim
from reader.perf import gc_paused
from reader.settings import Settings
from reader.sources.annotations import Annotations, load_annotations, load_shared
from reader.sources.documents import Block, Document, FrontMatter, Root, display_path, load_document
from reader.sources.mirrors import mirror_problems
from reader.sources.problems import Problem
from reader.sources.schema import Claim, EntityCorrection, Figure, Note
from reader.text import shorten
from reader.vocabulary import LAYERS

__all__ = [
    "CHECKPOINT_EVERY",
    "MESSAGE_QUOTE_CHARS",
    "PREVIEW_CHARS",
    "Evidence",
    "Orphan",
    "Reading",
    "build_reading",
    "open_reading",
]

PREVIEW_CHARS = 160
MESSAGE_QUOTE_CHARS = 80  # a quote as problems show it
CHECKPOINT_EVERY = 200


@dataclass(frozen=True, slots=True)
class Orphan:
    id: str
    layer: str
    quote: str
    reason: str  # "not found" or "ambiguous"
    line: int
    column: int


@dataclass(frozen=True, slots=True)
class Evidence:
    """The figures and notes an export of a document carries, by id, in file order (the shared
    file's first): all of its own file's, and those of annotations/_shared.yaml it uses."""

    figures: dict[str, Figure]
    notes: dict[str, Note]


#: The entries placed by their quote.
Quoted = Claim | Note | EntityCorrection


@dataclass
class Reading:
    document: Document
    annotations: Annotations
    entities: list[Entity]
    spans: list[Span]
    anchors: dict[str, Anchor]  # claim id or note id (quote-anchored) -> where its quote landed
    orphans: list[Orphan]
    problems: list[Problem]
    model: str | None = None
    model_message: str | None = None
    numbers: dict[str, list[NumberResult]] = field(
        default_factory=dict
    )  # claim id -> its quote's numbers
    _segments: dict[tuple[frozenset[str] | None, frozenset[str] | None], list[Segment]] = field(
        default_factory=dict, repr=False
    )

    @property
    def text(self) -> str:
        return self.document.text

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @cached_property
    def layer_counts(self) -> dict[str, int]:
        counts = Counter(span.layer for span in self.spans)
        counts["notes"] = len({span.note for span in self.spans if span.layer == "notes"})
        return {layer: counts.get(layer, 0) for layer in LAYERS}

    @cached_property
    def label_counts(self) -> dict[str, int]:
        return dict(sorted(Counter(entity.label for entity in self.entities).items()))

    def segments(
        self, layers: Collection[str] | None = None, labels: Collection[str] | None = None
    ) -> list[Segment]:
        key = (
            frozenset(layers) if layers is not None else None,
            frozenset(labels) if labels is not None else None,
        )
        if key not in self._segments:
            self._segments[key] = flatten_layers(
                len(self.text), self.spans, layers=layers, labels=labels
            )
        return self._segments[key]

    def html(
        self, layers: Collection[str] | None = None, labels: Collection[str] | None = None
    ) -> str:
        return render_article(self.text, self.document.blocks, self.segments(layers, labels))

    def claim(self, claim_id: str) -> Claim | None:
        return self._claims_by_id.get(claim_id)

    @cached_property
    def _claims_by_id(self) -> dict[str, Claim]:
        by_id: dict[str, Claim] = {}
        for claim in self.annotations.claims:
            by_id.setdefault(claim.id, claim)  # the first of an id, as the panel shows it
        return by_id

    @cached_property
    def _note_spans(self) -> tuple[list[int], list[tuple[int, int, str]]]:
        """Note spans by start: (starts, [(span index, end, note)]) for bisecting a claim's range.

        A scan of every span per claim made this quadratic: a large file's export spent most of its
        time here."""
        found = sorted(
            (s.start, index, s.end, s.note)
            for index, s in enumerate(self.spans)
            if s.layer == "notes" and s.note
        )
        return [start for start, *_ in found], [(index, end, note) for _, index, end, note in found]

    def claim_notes(self, claim: Claim) -> list[Note]:
        """The notes a claim's panel shows: those it cites, then those mentioned inside its quote
        (a reader who opened the claim finds them without going back to the text)."""
        notes = self.annotations.notes
        cited = [n for n in claim.notes if n in notes]
        anchor = self.anchors.get(claim.id)
        inside: list[str] = []
        if anchor is not None and anchor.start is not None and anchor.end is not None:
            starts, spans = self._note_spans
            end = anchor.end
            within = spans[bisect_left(starts, anchor.start) : bisect_right(starts, end)]
            inside = [
                note for _, span_end, note in sorted(within) if span_end <= end
            ]  # in the order of the spans
        return [notes[n] for n in dict.fromkeys([*cited, *inside]) if n in notes]

    @cached_property
    def used_figures(self) -> frozenset[str]:
        """Ids of the figures the document uses: those its claims link (`figures:`) or bind
        (`checks:`). Ids that name no figure are kept: callers look them up."""
        return frozenset(
            figure_id
            for claim in self.annotations.claims
            for figure_id in (*claim.figures, *(c.figure for c in claim.checks if c.figure))
        )

    @cached_property
    def used_notes(self) -> frozenset[str]:
        """Ids of the notes the document uses: those its claims link (`notes:`), and those its text
        shows (a mention, a note's quote, an entity a correction links to a note)."""
        return frozenset(s.note for s in self.spans if s.note) | frozenset(
            n for c in self.annotations.claims for n in c.notes
        )

    @cached_property
    def evidence(self) -> Evidence:
        """What every export carries of the figures and notes: the document's own (used or not)
        and the shared ones it uses, never the rest of the library's shared evidence."""
        annotations = self.annotations
        return Evidence(
            {
                i: f
                for i, f in annotations.figures.items()
                if i in self.used_figures or not annotations.is_shared(f)
            },
            {
                i: n
                for i, n in annotations.notes.items()
                if i in self.used_notes or not annotations.is_shared(n)
            },
        )

    def spans_with_id(self, annotation_id: str) -> list[Span]:
        """Spans of a claim, an entity, or every mention of a note."""
        return [
            s
            for s in self.spans
            if s.id == annotation_id or (s.layer == "notes" and s.note == annotation_id)
        ]


def open_reading(
    root: Root,
    slug: str,
    *,
    with_model: bool = True,
    settings: Settings | None = None,
    shared: tuple[Annotations, list[Problem]] | None = None,
    cached_model_only: bool = False,
) -> Reading:
    """Read a document and its annotations from a root. Never raises for bad files.

    The model's entities come from the model and cache the settings name (the defaults: the
    installed small English model, the user's cache folder); `with_model=False` skips them, and
    `cached_model_only` takes them only from the cache (never loads the model).
    ``shared``: annotations/_shared.yaml as reader.sources.annotations.load_shared read it (read
    here when not given); its problems are the reading's too, so every document shows them.
    """
    document, problems = load_document(root, slug)
    if document is None:
        document = _placeholder(slug, display_path(root.article_path(slug)))
    with gc_paused():  # a book's annotations and spans: many objects, no cycles
        shared_annotations, shared_problems = shared if shared is not None else load_shared(root)
        annotations, annotation_problems = load_annotations(
            root.annotations_path(slug), shared=shared_annotations
        )
        hosts = (settings or Settings()).mirror_host_list
        annotation_problems = [*annotation_problems, *mirror_problems(annotations, hosts)]
        if shared is None:  # read here, so its sources are checked here (a caller that passes
            # `shared` checks them once: reader.cli)
            shared_problems = [*shared_problems, *mirror_problems(shared_annotations, hosts)]
        problems = [*problems, *shared_problems]
    found = (
        detect_entities(
            [(b.start, b.text) for b in document.blocks],
            settings=settings,
            cache_only=cached_model_only,
        )
        if with_model
        else ModelEntities((), None)
    )
    with gc_paused():
        return build_reading(document, annotations, [*problems, *annotation_problems], found)


def build_reading(
    document: Document,
    annotations: Annotations,
    problems: list[Problem],
    found: ModelEntities,
    *,
    checkpoint: Callable[[], None] | None = None,
) -> Reading:
    """Anchor every annotation in the document text and build the spans of all layers.

    ``checkpoint`` is called every CHECKPOINT_EVERY quotes and may raise to stop the work (the
    editor's validation does, when newer text has arrived)."""
    text = document.text
    problems = list(problems)
    anchors: dict[str, Anchor] = {}
    orphans: list[Orphan] = []
    spans: list[Span] = []

    def place(item: Quoted, layer: str, name: str, item_id: str) -> tuple[int, int] | None:
        quote = item.quote
        if quote is None:  # nothing to place (callers pass quoted entries only)
            return None
        anchor = resolve_quote(text, quote, prefix=item.prefix, suffix=item.suffix)
        line, column = annotations.place(item, "quote")
        if anchor.kind == "fuzzy":
            landed = shorten(text[anchor.start : anchor.end], MESSAGE_QUOTE_CHARS)
            problems.append(
                Problem(
                    annotations.path,
                    line,
                    column,
                    "warning",
                    (
                        f"{name}: quote not found exactly; anchored approximately (score "
                        f"{anchor.score:.2f}) to “{landed}”"
                    ),
                )
            )
        elif (
            anchor.kind == "exact"
            and anchor.candidates > 1
            and anchor.score < 1.0
            and anchor.start is not None
            and anchor.end is not None
        ):
            around = text[max(0, anchor.start - 30) : anchor.end + 30]
            problems.append(
                Problem(
                    annotations.path,
                    line,
                    column,
                    "warning",
                    f"{name}: quote matches {anchor.candidates} places and the "
                    "prefix/suffix agree only in part "
                    f"(score {anchor.score:.2f}); chose the one in "
                    f"“{shorten(around, MESSAGE_QUOTE_CHARS)}”",
                )
            )
        elif anchor.kind == "ambiguous":
            problems.append(
                Problem(
                    annotations.path,
                    line,
                    column,
                    "error",
                    f"{name}: quote matches {anchor.candidates} places; add a prefix or suffix",
                )
            )
        elif anchor.kind == "orphan":
            problems.append(
                Problem(
                    annotations.path,
                    line,
                    column,
                    "error",
                    (
                        f"{name}: quote not found in the document (orphan): "
                        f"“{shorten(quote, MESSAGE_QUOTE_CHARS)}”"
                    ),
                )
            )
        if anchor.start is None or anchor.end is None:
            reason = "ambiguous" if anchor.kind == "ambiguous" else "not found"
            orphans.append(Orphan(item_id, layer, quote, reason, line, column))
            return None
        anchors[item_id] = anchor
        return anchor.start, anchor.end

    numbers: dict[str, list[NumberResult]] = {}
    for index, claim in enumerate(annotations.claims):
        if checkpoint is not None and index % CHECKPOINT_EVERY == 0:
            checkpoint()
        placed = place(claim, "claims", f"claim '{claim.id}'", claim.id)
        if placed:
            start, end = placed
            spans.append(
                Span(
                    start,
                    end,
                    "claims",
                    claim.id,
                    status=claim.status,
                    preview=_claim_preview(claim),
                )
            )
            found_numbers, issues = check_claim(claim, text[start:end], start, annotations.figures)
            numbers.setdefault(claim.id, found_numbers)
            problems.extend(
                annotations.problem(
                    claim,
                    issue.fields,
                    issue.severity,
                    issue.message
                    if issue.severity == "warning"
                    else f"claim '{claim.id}': {issue.message}",
                )
                for issue in issues
            )

    for note in annotations.notes.values():
        ranges: list[tuple[int, int]] = []
        if note.quote is not None:
            placed = place(note, "notes", f"note '{note.id}'", note.id)
            if placed:
                ranges.append(placed)
        for index, mention in enumerate(note.mentions):
            found_here = find_mentions(text, mention)
            if not found_here and not annotations.is_shared(note):  # shared: other documents
                problems.append(
                    annotations.problem(
                        note,
                        ("mentions", index),
                        "warning",
                        f"note '{note.id}': mention '{mention}' does not occur in the document",
                    )
                )
            ranges.extend(found_here)
        for start, end in sorted(set(ranges)):
            spans.append(
                Span(start, end, "notes", f"{note.id}@{start}", note=note.id, preview=note.title)
            )

    corrections = [
        c
        for c in (
            _resolve_correction(e, annotations, text, place, problems) for e in annotations.entities
        )
        if c
    ]
    entities = apply_corrections(text, found.entities, corrections)
    spans.extend(
        Span(
            e.start,
            e.end,
            "entities",
            e.id,
            label=e.label,
            note=e.note,
            preview=_entity_preview(e, annotations.notes.get(e.note or "")),
        )
        for e in entities
    )

    problems.sort(key=lambda p: (p.path, p.line, p.column))
    return Reading(
        document,
        annotations,
        entities,
        spans,
        anchors,
        orphans,
        problems,
        found.model,
        found.message,
        numbers,
    )


def _resolve_correction(
    correction: EntityCorrection,
    annotations: Annotations,
    text: str,
    place: Callable[[Quoted, str, str, str], tuple[int, int] | None],
    problems: list[Problem],
) -> Correction | None:
    if correction.text is not None:
        ranges = find_mentions(text, correction.text)
        if not ranges and not annotations.is_shared(correction):  # shared: other documents
            problems.append(
                annotations.problem(
                    correction,
                    ("text",),
                    "warning",
                    f"entity correction: '{correction.text}' does not occur in the document",
                )
            )
        by_text = correction.text if correction.remove else None
        return Correction(
            tuple(ranges), correction.label, correction.remove, correction.note, by_text
        )
    placed = place(
        correction,
        "entities",
        f"entity correction '{shorten(correction.quote or '', MESSAGE_QUOTE_CHARS)}'",
        f"entity:{correction.quote}",
    )
    if placed is None:
        return None
    return Correction((placed,), correction.label, correction.remove, correction.note)


def _claim_preview(claim: Claim) -> str:
    status = f"{claim.status.capitalize()}: " if claim.status else ""
    # Plain words: a tooltip shows text, so Markdown would be printed as written (`**2011**`).
    return (
        shorten(status + markdown_text(claim.assessment or ""), PREVIEW_CHARS)
        if (status or claim.assessment)
        else "Claim"
    )


def _entity_preview(entity: Entity, note: Note | None) -> str:
    return f"{entity.label} · {note.title}" if note else entity.label


def _placeholder(slug: str, path: str) -> Document:
    """A document that shows only its slug, for an article that cannot be read at all."""
    return Document(
        slug, path, FrontMatter(title=slug), (Block("title", slug, 0, len(slug), 1),), slug
    )
