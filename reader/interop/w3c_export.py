"""W3C Web Annotation (JSON-LD) export.

Export: ``to_w3c(reading)`` is an AnnotationCollection (https://www.w3.org/TR/annotation-model/)
with one embedded AnnotationPage holding every anchored annotation of the reading:

- claim           -> motivation ``assessing``; bodies: the assessment (TextualBody, purpose
                     ``assessing``, text/markdown), the status (TextualBody, purpose
                     ``classifying``), links to its figures and notes (SpecificResource, purpose
                     ``linking``);
- note mention    -> motivation ``linking``: a link to the note and the note's text
  (``describing``),
                     plus its sources (``linking`` to their URLs);
- note quote      -> motivation ``commenting``: the note's text (``commenting``) and the same links;
- entity          -> motivation ``tagging``: the label (TextualBody, purpose ``tagging``) and, when
  it
                     links to a note, a link to it (``identifying``). Entities found by the model
                     carry ``creator: {type: Software, name: <model>}``; curated ones have no
                     creator.

Every target is a SpecificResource on the document with a TextQuoteSelector (exact, and up to
32 characters of prefix/suffix, like web annotation clients) and a TextPositionSelector. Orphans
(claims and quote-anchored notes whose quote is not in the text) are kept, last, with only a
TextQuoteSelector made of the file's quote/prefix/suffix. The
document is the article's published ``source`` URL when its front matter has one (so clients
that key on the page find the annotations), else ``urn:reader:<slug>``; either way positions
count characters of the reader's document text (title, dek, caption, credit, then the body, joined
by blank lines), so other clients should treat them as a hint and anchor by the quote.

IRIs (all under ``urn:reader:<slug>:``): annotations ``claims:<id>``, ``notes:<note-id>@<start>``,
``entities:<id>``; linked resources ``figures:<id>`` and ``notes:<id>`` (with a ``label``: the
title).

Import is ``reader.interop.w3c_import``.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote as _pct

from reader.html.sanitize import safe_url
from reader.reading import Reading

__all__ = [
    "ANNO_CONTEXT",
    "CONTEXT_CHARS",
    "MARKDOWN",
    "as_uri",
    "base_iri",
    "document_iri",
    "iri",
    "to_w3c",
]

ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
CONTEXT_CHARS = 32  # prefix/suffix length in exported TextQuoteSelectors (as the Hypothesis client)
MARKDOWN = "text/markdown"


def base_iri(slug: str) -> str:
    return f"urn:reader:{slug}"


def iri(slug: str, kind: str, ident: str) -> str:
    """``urn:reader:<slug>:<kind>:<id>``, percent-encoding anything an IRI cannot hold."""
    return f"{base_iri(slug)}:{kind}:{_pct(ident, safe='-_.~@')}"


def as_uri(url: str) -> str:
    """An IRI as a URI (RFC 3987 3.1): non-ASCII characters percent-encoded as UTF-8, nothing else
    touched."""
    return _pct(url, safe="".join(chr(c) for c in range(0x21, 0x7F)))


def document_iri(reading: Reading) -> str:
    url = safe_url(reading.document.meta.source)
    return as_uri(url) if url else base_iri(reading.document.slug)


def to_w3c(reading: Reading) -> dict[str, Any]:
    """The reading's anchored annotations as a W3C AnnotationCollection (one embedded page)."""
    slug = reading.document.slug
    items = [*_claims(reading), *_notes(reading), *_entities(reading)]
    items.sort(key=lambda a: (_position(a)[0], _position(a)[1], a["id"]))
    collection_id = f"{base_iri(slug)}:annotations"
    return {
        "@context": ANNO_CONTEXT,
        "id": collection_id,
        "type": "AnnotationCollection",
        "label": f"Reader annotations: {reading.document.title}",
        "total": len(items),
        "first": {
            "@context": ANNO_CONTEXT,
            "id": f"{collection_id}:page-1",
            "type": "AnnotationPage",
            "startIndex": 0,
            "items": items,
        },
    }


def _position(annotation: dict[str, Any]) -> tuple[float, float]:
    """Where an annotation sits, for ordering; orphans (no TextPositionSelector) go last."""
    for selector in annotation["target"]["selector"]:
        if selector["type"] == "TextPositionSelector":
            return selector["start"], selector["end"]
    return float("inf"), float("inf")


def _target(reading: Reading, start: int, end: int) -> dict[str, Any]:
    text = reading.text
    quote: dict[str, Any] = {"type": "TextQuoteSelector", "exact": text[start:end]}
    if start > 0:
        quote["prefix"] = text[max(0, start - CONTEXT_CHARS) : start]
    if end < len(text):
        quote["suffix"] = text[end : end + CONTEXT_CHARS]
    return {
        "type": "SpecificResource",
        "source": document_iri(reading),
        "selector": [quote, {"type": "TextPositionSelector", "start": start, "end": end}],
    }


def _orphan_target(
    reading: Reading, quote: str, prefix: str | None, suffix: str | None
) -> dict[str, Any]:
    """An orphan's target: its quote and context as written in the file, no position (it has
    none)."""
    selector: dict[str, Any] = {"type": "TextQuoteSelector", "exact": quote}
    if prefix:
        selector["prefix"] = prefix
    if suffix:
        selector["suffix"] = suffix
    return {"type": "SpecificResource", "source": document_iri(reading), "selector": [selector]}


def _annotation(
    ident: str, motivation: str, bodies: list[dict[str, Any]], target: dict[str, Any], **extra: Any
) -> dict[str, Any]:
    annotation: dict[str, Any] = {
        "@context": ANNO_CONTEXT,
        "id": ident,
        "type": "Annotation",
        "motivation": motivation,
    }
    annotation.update(extra)
    if bodies:
        annotation["body"] = bodies
    annotation["target"] = target
    return annotation


def _text_body(value: str, purpose: str, fmt: str | None = None) -> dict[str, Any]:
    body = {"type": "TextualBody", "purpose": purpose, "value": value}
    if fmt:
        body["format"] = fmt
    return body


def _link(source: str | dict[str, Any], purpose: str = "linking") -> dict[str, Any]:
    return {"type": "SpecificResource", "purpose": purpose, "source": source}


def _note_link(reading: Reading, note_id: str, purpose: str = "linking") -> dict[str, Any]:
    note = reading.evidence.notes.get(note_id)
    resource: dict[str, Any] = {"id": iri(reading.document.slug, "notes", note_id), "type": "Text"}
    if note is not None:
        resource["label"] = note.title
    return _link(resource, purpose)


def _claims(reading: Reading) -> list[dict[str, Any]]:
    slug = reading.document.slug
    out = []
    for claim in reading.annotations.claims:
        anchor = reading.anchors.get(claim.id)
        bodies = []
        if claim.assessment:
            bodies.append(_text_body(claim.assessment, "assessing", MARKDOWN))
        if claim.status:
            bodies.append(_text_body(claim.status, "classifying"))
        for figure_id in claim.figures:
            figure = reading.evidence.figures.get(figure_id)
            resource: dict[str, Any] = {"id": iri(slug, "figures", figure_id), "type": "Dataset"}
            if figure is not None:
                resource["label"] = figure.title
            bodies.append(_link(resource))
        bodies.extend(_note_link(reading, note_id) for note_id in claim.notes)
        if anchor is None or anchor.start is None or anchor.end is None:
            target = _orphan_target(reading, claim.quote, claim.prefix, claim.suffix)
        else:
            target = _target(reading, anchor.start, anchor.end)
        out.append(_annotation(iri(slug, "claims", claim.id), "assessing", bodies, target))
    return out


def _notes(reading: Reading) -> list[dict[str, Any]]:
    slug = reading.document.slug
    out = []
    for span in reading.spans:
        if span.layer != "notes" or not span.note:
            continue
        note = reading.evidence.notes.get(span.note)
        if note is None:
            continue
        anchor = reading.anchors.get(note.id)
        by_quote = anchor is not None and (anchor.start, anchor.end) == (span.start, span.end)
        motivation = "commenting" if by_quote else "linking"
        out.append(
            _annotation(
                iri(slug, "notes", span.id),
                motivation,
                _note_bodies(reading, note, by_quote),
                _target(reading, span.start, span.end),
            )
        )
    for orphan in reading.orphans:
        note = reading.evidence.notes.get(orphan.id) if orphan.layer == "notes" else None
        if note is not None and note.quote:
            out.append(
                _annotation(
                    iri(slug, "notes", f"{note.id}@orphan"),
                    "commenting",
                    _note_bodies(reading, note, True),
                    _orphan_target(reading, note.quote, note.prefix, note.suffix),
                )
            )
    return out


def _note_bodies(reading: Reading, note: Any, by_quote: bool) -> list[dict[str, Any]]:
    bodies = [
        _note_link(reading, note.id),
        _text_body(note.body, "commenting" if by_quote else "describing", MARKDOWN),
    ]
    for source in note.sources:
        url = safe_url(source.url)
        if url:
            bodies.append(_link({"id": as_uri(url), "label": source.name}))
    return bodies


def _entities(reading: Reading) -> list[dict[str, Any]]:
    slug = reading.document.slug
    out = []
    for entity in reading.entities:
        bodies = [_text_body(entity.label, "tagging")]
        if entity.note:
            bodies.append(_note_link(reading, entity.note, "identifying"))
        extra = {}
        if entity.origin == "model":
            extra["creator"] = {"type": "Software", "name": reading.model or "entity model"}
        out.append(
            _annotation(
                iri(slug, "entities", entity.id),
                "tagging",
                bodies,
                _target(reading, entity.start, entity.end),
                **extra,
            )
        )
    return out
