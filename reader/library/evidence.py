"""Evidence across a library: where a note is mentioned and linked, where a curated entity occurs,
and the dashboard's tallies (claims by status, mismatched numbers, orphans, busiest figures,
sources by site). Pure: readings in, plain records out; reader.library.pages renders them.

A library is every document of a root read with its curated layers and annotations/_shared.yaml
(no model entities: the pages list what curators wrote), so one note or figure defined once in
the shared file is found in every document that uses it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

from reader.editing.completion import sentence_spans
from reader.reading import Orphan, Reading, open_reading
from reader.settings import Settings
from reader.sources.annotations import Annotations, load_shared
from reader.sources.documents import Root
from reader.sources.problems import Problem
from reader.sources.schema import Claim, Figure, Note, Source
from reader.vocabulary import STATUSES

__all__ = [
    "NOT_ASSESSED",
    "ClaimRef",
    "Dashboard",
    "EntityGroup",
    "EntityPage",
    "Mismatch",
    "NotePage",
    "Place",
    "curated_entities",
    "dashboard",
    "entity_page",
    "library_readings",
    "link",
    "note_page",
    "unattached_shared_notes",
]

NOT_ASSESSED = "not assessed"  # the dashboard's key for claims without a status
TOP_FIGURES = 10
TOP_SITES = 15


def link(**params: str) -> str:
    """An app link, ``?doc=SLUG&focus=ID`` and the like (query values encoded)."""
    return "?" + urlencode(params)


def unattached_shared_notes(shared: Annotations, used: set[str]) -> list[Problem]:
    """A warning for each shared note no document uses (``used``: every reading's used_notes),
    at its id: the library's form of a document's "attached to nothing"."""
    return [
        shared.problem(
            note,
            ("id",),
            "warning",
            f"shared note '{note.id}' is attached to nothing in any document: no document "
            "mentions it, and no claim or entity correction links it",
        )
        for note in shared.notes.values()
        if note.id not in used
    ]


def library_readings(root: Root, settings: Settings | None = None) -> list[Reading]:
    """Every document of the root with its curated layers, the shared file read once for all."""
    shared = load_shared(root)
    return [
        open_reading(root, slug, with_model=False, settings=settings, shared=shared)
        for slug in root.slugs()
    ]


@dataclass(frozen=True, slots=True)
class Place:
    """A sentence of a document that mentions a note or an entity, in pieces: each piece's text and
    whether it is a mention (a sentence that mentions it twice is one place with two marks)."""

    slug: str
    title: str  # the document's
    pieces: tuple[tuple[str, bool], ...]
    link: str  # ?doc=SLUG&focus=…

    @property
    def sentence(self) -> str:
        return "".join(text for text, _ in self.pieces)

    @property
    def marked(self) -> list[str]:
        """The words of each mention in the sentence."""
        return [text for text, mark in self.pieces if mark]


@dataclass(frozen=True, slots=True)
class ClaimRef:
    slug: str
    title: str  # the document's
    id: str
    quote: str
    status: str | None
    link: str


@dataclass(frozen=True)
class NotePage:
    note: Note
    shared: bool  # defined in annotations/_shared.yaml
    defined_in: list[str]  # titles of the documents whose own file defines it (when not shared)
    places: list[Place]
    claims: list[ClaimRef]
    figures: list[Figure]  # those of the claims that link it, as their panels show them
    names: list[str]  # the words of the curated entities linked to it (their ?entity= pages)

    @property
    def places_by_document(self) -> list[tuple[str, list[Place]]]:
        return _by_document(self.places)

    @property
    def documents(self) -> list[str]:
        """The titles of the documents that mention or link the note, in library order."""
        return list(dict.fromkeys([p.title for p in self.places] + [c.title for c in self.claims]))


def _sentence(reading: Reading, start: int) -> tuple[int, int]:
    """The document offsets of the sentence that holds ``start`` (within its block)."""
    block = next((b for b in reading.document.blocks if b.start <= start < b.end), None)
    if block is None:
        return start, start
    local = start - block.start
    first, last = next(((s, e) for s, e in sentence_spans(block.text) if s <= local < e), (0, 0))
    return block.start + first, block.start + (last or len(block.text))


def _places(reading: Reading, ranges: Iterable[tuple[int, int]], target: str) -> list[Place]:
    """One place per sentence that holds some of ``ranges`` (merged where they overlap), with
    each range marked; every place links to ``target``."""
    by_sentence: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for start, end in _merged(ranges):
        by_sentence.setdefault(_sentence(reading, start), []).append((start, end))
    places = []
    for (first, last), marks in by_sentence.items():
        pieces: list[tuple[str, bool]] = []
        at = first
        for start, end in marks:
            end = min(end, max(last, start))  # a mention never runs past its sentence's end
            if start > at:
                pieces.append((reading.text[at:start], False))
            pieces.append((reading.text[start:end], True))
            at = end
        if last > at:
            pieces.append((reading.text[at:last], False))
        places.append(Place(reading.document.slug, reading.document.title, tuple(pieces), target))
    return places


def _claim_ref(reading: Reading, claim: Claim) -> ClaimRef:
    anchor = reading.anchors.get(claim.id)
    quote = reading.text[anchor.start : anchor.end] if anchor is not None else claim.quote
    slug = reading.document.slug
    return ClaimRef(
        slug,
        reading.document.title,
        claim.id,
        quote,
        claim.status,
        link(doc=slug, focus=claim.id),
    )


def note_page(readings: Sequence[Reading], note_id: str) -> NotePage | None:
    """The note and every place in the library that mentions or links it; None: no such note."""
    note: Note | None = None
    shared = False
    defined_in: list[str] = []
    places: list[Place] = []
    claims: list[ClaimRef] = []
    figures: dict[str, Figure] = {}
    for reading in readings:
        found = reading.annotations.notes.get(note_id)
        if found is None:
            continue
        if reading.annotations.is_shared(found):
            shared = True
        else:
            defined_in.append(reading.document.title)
        note = note or found
        ranges = [(s.start, s.end) for s in reading.spans if s.note == note_id]
        places.extend(_places(reading, ranges, link(doc=reading.document.slug, focus=note_id)))
        for claim in reading.annotations.claims:
            if note_id in claim.notes:
                claims.append(_claim_ref(reading, claim))
                for figure_id in claim.figures:
                    figure = reading.annotations.figures.get(figure_id)
                    if figure is not None:
                        figures.setdefault(figure_id, figure)
    if note is None:
        return None
    names = [g.text for g in curated_entities(readings).values() if g.note == note_id]
    return NotePage(
        note, shared, defined_in, places, claims, list(figures.values()), list(dict.fromkeys(names))
    )


@dataclass
class EntityGroup:
    """One curated entity's words across the library: how often, under which labels."""

    text: str
    note: str | None
    labels: Counter[str]
    count: int = 0


def curated_entities(readings: Sequence[Reading]) -> dict[tuple[str, str | None], EntityGroup]:
    """Every curated entity of the library by its words (case and spacing aside) and its note."""
    groups: dict[tuple[str, str | None], EntityGroup] = {}
    for reading in readings:
        for entity in reading.entities:
            if entity.origin != "curated":
                continue
            words = reading.text[entity.start : entity.end]
            key = (_fold(words), entity.note)
            group = groups.setdefault(key, EntityGroup(words, entity.note, Counter()))
            group.labels[entity.label] += 1
            group.count += 1
    return groups


def _merged(ranges: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping ranges as one (a note's mention inside an entity linked to the same note,
    "Sheinbaum" in "Claudia Sheinbaum", is one place)."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(ranges):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _by_document(places: Iterable[Place]) -> list[tuple[str, list[Place]]]:
    """Places grouped under their document's title, in library order."""
    groups: dict[str, list[Place]] = {}
    for place in places:
        groups.setdefault(place.title, []).append(place)
    return list(groups.items())


@dataclass(frozen=True)
class EntityPage:
    text: str
    labels: list[str]  # the labels the curators gave it, most used first
    notes: list[Note]  # notes its corrections link
    places: list[Place]

    @property
    def places_by_document(self) -> list[tuple[str, list[Place]]]:
        return _by_document(self.places)


def entity_page(readings: Sequence[Reading], text: str) -> EntityPage | None:
    """Every curated entity whose words are ``text`` (case and spacing aside), across the library;
    None when no curated entity has those words."""
    wanted = _fold(text)
    labels: Counter[str] = Counter()
    notes: dict[str, Note] = {}
    places: list[Place] = []
    shown = text
    for reading in readings:
        ranges: dict[str | None, list[tuple[int, int]]] = {}  # by the note they link
        for entity in reading.entities:
            words = reading.text[entity.start : entity.end]
            if entity.origin != "curated" or _fold(words) != wanted:
                continue
            shown = words
            labels[entity.label] += 1
            note = reading.annotations.notes.get(entity.note or "")
            if note is not None:
                notes.setdefault(note.id, note)
            ranges.setdefault(note.id if note else None, []).append((entity.start, entity.end))
        slug = reading.document.slug
        for note_id, found in ranges.items():
            target = link(doc=slug, focus=note_id) if note_id else link(doc=slug)
            places.extend(_places(reading, found, target))
    if not places:
        return None
    return EntityPage(
        shown, [label for label, _ in labels.most_common()], list(notes.values()), places
    )


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


@dataclass(frozen=True, slots=True)
class Mismatch:
    slug: str
    title: str
    claim: str
    number: str  # the words of the quote that were checked
    detail: str  # what the data says
    link: str


@dataclass(frozen=True, slots=True)
class OrphanRef:
    slug: str
    title: str
    orphan: Orphan
    path: str  # the annotation file, as problems show it


@dataclass(frozen=True)
class Dashboard:
    documents: int
    claims: int
    by_status: dict[str, int]  # every status in STATUSES order, then NOT_ASSESSED
    by_document: list[tuple[str, str, dict[str, int]]]  # (slug, title, counts by status)
    mismatches: list[Mismatch]
    orphans: list[OrphanRef]
    unused: list[tuple[str, str, str]]  # (kind, id, title) of shared figures and notes no one uses
    top_figures: list[tuple[Figure, int]]  # figures used by the most claims, with the count
    sites: list[tuple[str, int]]  # sources by site (host name), most cited first
    #: curated entities grouped by their note ((id, title), or None for those without one)
    entities: list[tuple[tuple[str, str] | None, list[EntityGroup]]]


def dashboard(readings: Sequence[Reading]) -> Dashboard:
    """The library at a glance, from every document's reading."""
    keys = [*STATUSES, NOT_ASSESSED]
    total: Counter[str] = Counter()
    by_document = []
    mismatches: list[Mismatch] = []
    orphans: list[OrphanRef] = []
    figure_uses: Counter[str] = Counter()
    figures: dict[str, Figure] = {}
    used: set[str] = set()
    sources: dict[tuple[str, str], Source] = {}
    for reading in readings:
        slug, title, annotations = (
            reading.document.slug,
            reading.document.title,
            reading.annotations,
        )
        counts = Counter(c.status or NOT_ASSESSED for c in annotations.claims)
        total.update(counts)
        by_document.append((slug, title, {key: counts.get(key, 0) for key in keys}))
        for claim in annotations.claims:
            bound = {check.figure for check in claim.checks if check.figure}
            for figure_id in dict.fromkeys([*claim.figures, *bound]):
                if figure_id in annotations.figures:
                    figure_uses[figure_id] += 1
                    figures.setdefault(figure_id, annotations.figures[figure_id])
            for result in reading.numbers.get(claim.id, []):
                if result.check is not None and result.check.verdict == "mismatch":
                    mismatches.append(
                        Mismatch(
                            slug,
                            title,
                            claim.id,
                            result.text,
                            result.check.reason or "",
                            link(doc=slug, focus=claim.id),
                        )
                    )
        used |= reading.used_figures | reading.used_notes  # what its exports carry, too
        orphans.extend(OrphanRef(slug, title, o, annotations.path) for o in reading.orphans)
        for figure in annotations.figures.values():
            sources.setdefault(("figure", figure.id), figure.source)
        for note in annotations.notes.values():
            for index, source in enumerate(note.sources):
                sources.setdefault((f"note {note.id}", str(index)), source)
    shared = next((r.annotations.shared for r in readings if r.annotations.shared), None)
    unused = (
        [("figure", f.id, f.title) for f in shared.figures.values() if f.id not in used]
        + [("note", n.id, n.title) for n in shared.notes.values() if n.id not in used]
        if shared is not None
        else []
    )
    sites = Counter(_site(s.url) for s in sources.values())
    return Dashboard(
        documents=len(readings),
        claims=sum(total.values()),
        by_status={key: total.get(key, 0) for key in keys},
        by_document=by_document,
        mismatches=mismatches,
        orphans=orphans,
        unused=unused,
        top_figures=[(figures[i], n) for i, n in figure_uses.most_common(TOP_FIGURES)],
        sites=sites.most_common(TOP_SITES),
        entities=_entities_by_note(readings),
    )


def _entities_by_note(
    readings: Sequence[Reading],
) -> list[tuple[tuple[str, str] | None, list[EntityGroup]]]:
    """Curated entities under the note they link (by its title), then those with no note."""
    titles = {n.id: n.title for r in readings for n in r.annotations.notes.values()}
    by_note: dict[str | None, list[EntityGroup]] = {}
    for group in curated_entities(readings).values():
        by_note.setdefault(group.note if group.note in titles else None, []).append(group)
    ordered = sorted((k for k in by_note if k is not None), key=lambda k: titles[k].casefold())
    result: list[tuple[tuple[str, str] | None, list[EntityGroup]]] = [
        ((k, titles[k]), sorted(by_note[k], key=lambda g: g.text.casefold())) for k in ordered
    ]
    if None in by_note:
        result.append((None, sorted(by_note[None], key=lambda g: g.text.casefold())))
    return result


def _site(url: str | None) -> str:
    """A source's site: its host name without 'www.', or 'no link'."""
    host = (urlsplit(url).hostname or "") if url else ""
    return host.removeprefix("www.") or "no link"
