"""W3C Web Annotation (JSON-LD) import.

``from_w3c(data, text, existing=...)`` turns Web Annotations into annotation-file entries:

- input: an AnnotationCollection (its embedded ``first`` page and any embedded ``next`` pages, or
  ``items``), an AnnotationPage, a list of annotations, a single Annotation, or a Hypothesis API
  search result (``{"rows": [...]}``, whose annotations carry ``text`` and ``tags``);
- the place: the first target with a TextQuoteSelector (exact/prefix/suffix, also inside
  ``refinedBy``), anchored with reader.anchoring.match_quote, the TextPositionSelector's start as a
  hint; a target with only a TextPositionSelector takes its text from the document. Other
  selectors (RangeSelector, XPath, CSS) cannot be resolved against plain text and are ignored;
- the kind, by motivation: ``tagging``/``identifying``/``classifying`` -> an entity correction
  (the tag is the label, upper-cased; tags made by software, i.e. the model's entities in a reader
  export, are skipped: the model finds them again); ``commenting``/``linking``/``describing``/
  ``replying`` -> a note (body: the comment; title: the linked note's label or the comment's first
  words); ``assessing``/``questioning``/``highlighting``/``bookmarking``/``editing`` -> a claim
  (assessment: the text bodies; status: a ``classifying`` body that names a status). Without a
  motivation: a note when it has text, else a claim;
- a reader export round-trips: annotations that link the same ``urn:reader:…:notes:<id>`` become
  one note (``linking`` ones its ``mentions``, the ``commenting`` one its ``quote``), ids come from
  the IRIs, and links to figures and notes are kept when those exist in the file (or arrive in the
  same import).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

from reader.anchoring import find_mentions, match_quote, resolve_quote
from reader.editing.appending import (
    MAX_CONTEXT_CHARS,
    choose_context,
    quote_lands,
    slugify,
    unused_id,
)
from reader.html.sanitize import safe_url
from reader.sources.annotations import Annotations
from reader.sources.schema import MAX_QUOTE_CHARS, EntityCorrection
from reader.text import shorten
from reader.vocabulary import ID, LABEL, SLUG_PATTERN, STATUSES

__all__ = [
    "CLAIM_MOTIVATIONS",
    "ENTITY_MOTIVATIONS",
    "MESSAGE_QUOTE_CHARS",
    "NOTE_MOTIVATIONS",
    "Imported",
    "W3CImportError",
    "annotations_in",
    "from_w3c",
]

ENTITY_MOTIVATIONS = {"tagging", "identifying", "classifying"}
NOTE_MOTIVATIONS = {"commenting", "linking", "describing", "replying"}
CLAIM_MOTIVATIONS = {
    "assessing",
    "questioning",
    "highlighting",
    "bookmarking",
    "editing",
    "moderating",
}
MESSAGE_QUOTE_CHARS = 60  # a quote as warnings show it
_READER_IRI = re.compile(rf"urn:reader:{SLUG_PATTERN}:(claims|notes|entities|figures):(.+)")
_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:\S+")


@dataclass
class Imported:
    """Entries to append, per section, and what was left out (one message per annotation)."""

    claims: list[dict[str, Any]] = field(default_factory=list)
    notes: list[dict[str, Any]] = field(default_factory=list)
    entities: list[dict[str, Any]] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.claims) + len(self.notes) + len(self.entities)


@dataclass
class _Selection:
    exact: str | None = None
    prefix: str | None = None
    suffix: str | None = None
    start: int | None = None
    end: int | None = None


@dataclass
class _Body:
    value: str | None = None  # a TextualBody's text
    link: str | None = None  # a linked resource's IRI
    label: str | None = None
    purpose: str | None = None


@dataclass
class _Place:
    start: int
    end: int
    quote: str
    prefix: str | None
    suffix: str | None


class W3CImportError(ValueError):
    """The input is not Web Annotation JSON the importer understands."""


def annotations_in(data: Any) -> list[dict[str, Any]]:
    """The annotation objects in a collection, page, list, single annotation or Hypothesis search
    result."""
    if isinstance(
        data, list
    ):  # nested lists are flattened without recursion (hostile files nest deep)
        found_in_list: list[dict[str, Any]] = []
        pending = list(reversed(data))
        while pending:
            item = pending.pop()
            if isinstance(item, list):
                pending.extend(reversed(item))
            else:
                found_in_list.extend(annotations_in(item))
        return found_in_list
    if not isinstance(data, dict):
        raise W3CImportError("expected a JSON object or list of Web Annotations")
    types = _strings(data.get("type"))
    if "rows" in data and isinstance(data["rows"], list):
        return [a for a in data["rows"] if isinstance(a, dict)]
    if (
        "AnnotationCollection" in types
        or "AnnotationPage" in types
        or ("items" in data and "target" not in data)
    ):
        found: list[dict[str, Any]] = []
        page: Any = data if "AnnotationPage" in types or "items" in data else data.get("first")
        seen = 0
        while isinstance(page, dict) and seen < 10_000:
            items = page.get("items")
            found.extend(
                a for a in (items if isinstance(items, list) else []) if isinstance(a, dict)
            )
            page, seen = page.get("next"), seen + 1
        return found
    if "target" in data:
        return [data]
    raise W3CImportError(
        "no annotations found: expected an AnnotationCollection, AnnotationPage or Annotation"
    )


def from_w3c(data: Any, text: str, *, existing: Annotations | None = None) -> Imported:
    """Entries for the annotations in ``data`` on the document ``text``, new to ``existing``."""
    existing = existing or Annotations("")
    result = Imported()
    taken = {item.id for _, _, item in existing.entries if hasattr(item, "id")} | set(
        existing.broken_ids
    )
    known_figures = set(existing.figures)
    known_notes = set(existing.notes)
    present = _existing_places(existing, text)
    claims: list[tuple[dict[str, Any], list[_Body], str | None]] = []
    notes: dict[str, dict[str, Any]] = {}  # group key -> note being built
    tags: dict[tuple[str, str, str | None], list[_Place]] = {}
    model_entities = 0

    for number, annotation in enumerate(annotations_in(data), start=1):
        name = f"annotation {annotation.get('id') or f'#{number}'}"
        bodies = _bodies(annotation)
        motivations = {m.removeprefix("oa:") for m in _strings(annotation.get("motivation"))}
        kind = _kind(motivations, bodies)
        selection = _selection(annotation.get("target"))
        place = _place(text, selection) if selection else None
        if place is None:
            reason = (
                "its quote does not occur in the document"
                if selection
                else "it has no text quote or position selector"
            )
            result.skipped.append(f"{name}: skipped, {reason}")
            continue
        if len(place.quote) > MAX_QUOTE_CHARS:
            result.skipped.append(
                f"{name}: skipped, the quote is longer than {MAX_QUOTE_CHARS:,} characters"
            )
            continue
        if selection is not None and selection.exact is not None and place.quote != selection.exact:
            result.warnings.append(
                f"{name}: quote not found exactly; anchored approximately to "
                f"“{shorten(place.quote, MESSAGE_QUOTE_CHARS)}”"
            )
        own = _reader_id(annotation.get("id"))
        if kind == "entity":
            if _made_by_software(annotation):
                model_entities += 1
                continue
            label = _label(
                next(
                    (
                        b.value
                        for b in bodies
                        if b.value and b.purpose in (None, "tagging", "classifying", "identifying")
                    ),
                    None,
                )
            )
            if label is None:
                result.skipped.append(f"{name}: skipped, no tag to use as an entity label")
                continue
            note = next(
                (_reader_id(b.link, "notes") for b in bodies if _reader_id(b.link, "notes")), None
            )
            tags.setdefault((place.quote, label, note), []).append(place)
        elif kind == "note":
            note_link = next((b for b in bodies if _reader_id(b.link, "notes")), None)
            note_id = _reader_id(note_link.link, "notes") if note_link else None
            key = f"iri:{note_id}" if note_id else f"#{number}"
            group = notes.setdefault(
                key,
                {
                    "id": note_id,
                    "title": note_link.label if note_link else None,
                    "body": None,
                    "quote": None,
                    "mentions": [],
                    "sources": [],
                    "name": name,
                },
            )
            comment = _joined(
                b.value
                for b in bodies
                if b.value is not None and b.purpose not in ("tagging", "classifying")
            )
            group["body"] = group["body"] or comment
            group["sources"] = group["sources"] or [
                b for b in bodies if b.link and safe_url(b.link)
            ]
            if "linking" in motivations and note_id:
                if place.quote not in group["mentions"] and find_mentions(text, place.quote):
                    group["mentions"].append(place.quote)
            elif group["quote"] is None:
                group["quote"] = place
            else:
                result.skipped.append(f"{name}: skipped, note '{note_id}' already has a quote")
        else:
            if (place.start, place.end) in present["claims"]:
                result.skipped.append(
                    f"{name}: skipped, a claim on "
                    f"“{shorten(place.quote, MESSAGE_QUOTE_CHARS)}” is already in the "
                    "file"
                )
                continue
            present["claims"].add((place.start, place.end))
            claims.append(
                (
                    _claim_entry(place, bodies),
                    bodies,
                    own[1] if own and own[0] == "claims" else None,
                )
            )

    if model_entities:
        result.skipped.append(
            f"{model_entities} entities tagged by software (the entity model) were skipped: "
            "the model finds them again"
        )
    # Notes first: claims may link them.
    for group in notes.values():
        note_id = group["id"]
        if note_id and note_id in known_notes:
            result.skipped.append(
                f"{group['name']}: skipped, note '{note_id}' is already in the file"
            )
            continue
        quote: _Place | None = group["quote"]
        if quote is None and not group["mentions"]:
            result.skipped.append(
                f"{group['name']}: skipped, its mentions do not occur as whole words"
            )
            continue
        if quote is not None and (quote.start, quote.end) in present["notes"] and not note_id:
            result.skipped.append(
                f"{group['name']}: skipped, a note on "
                f"“{shorten(quote.quote, MESSAGE_QUOTE_CHARS)}” is already in the file"
            )
            continue
        body = group["body"] or group["title"] or (quote.quote if quote else group["mentions"][0])
        title = group["title"] or _title(body)
        new_id = unused_id(
            note_id if note_id and ID.fullmatch(note_id) else slugify(title) or "note", taken
        )
        taken.add(new_id)
        entry: dict[str, Any] = {"id": new_id, "title": title, "body": body}
        if group["mentions"]:
            entry["mentions"] = group["mentions"]
        if quote is not None:
            entry.update(_quote_fields(quote))
        sources = [{"name": b.label or b.link, "url": b.link} for b in group["sources"]]
        if sources:
            entry["sources"] = sources
        known_notes.add(new_id)
        result.notes.append(entry)

    for entry, bodies, wanted_id in claims:
        entry["id"] = unused_id(
            wanted_id
            if wanted_id and ID.fullmatch(wanted_id)
            else slugify(entry["quote"]) or "claim",
            taken,
        )
        taken.add(entry["id"])
        figures = [i for b in bodies if (i := _reader_id(b.link, "figures"))]
        linked_notes = [i for b in bodies if (i := _reader_id(b.link, "notes"))]
        for kind, ids, known in (
            ("figures", figures, known_figures),
            ("notes", linked_notes, known_notes),
        ):
            kept = [i for i in dict.fromkeys(ids) if i in known]
            if kept:
                entry[kind] = kept
            if len(kept) < len(set(ids)):
                missing = ", ".join(i for i in dict.fromkeys(ids) if i not in known)
                result.warnings.append(
                    f"claim '{entry['id']}': left out links to {kind} not in the file: {missing}"
                )
        result.claims.append(
            {
                k: entry[k]
                for k in (
                    "id",
                    "quote",
                    "prefix",
                    "suffix",
                    "figures",
                    "notes",
                    "assessment",
                    "status",
                )
                if k in entry
            }
        )

    for (tag_text, label, note), places in tags.items():
        note = note if note in known_notes else None
        places = [p for p in places if (p.start, p.end, label) not in present["entities"]]
        if not places:
            continue
        everywhere = sorted(find_mentions(text, tag_text))
        if len(places) > 1 and sorted((p.start, p.end) for p in places) == everywhere:
            entry = {"text": tag_text, "label": label}
            result.entities.append({**entry, "note": note} if note else entry)
            continue
        for place in places:
            entry = {**_quote_fields(place), "label": label}
            result.entities.append({**entry, "note": note} if note else entry)
    return result


def _kind(motivations: set[str], bodies: list[_Body]) -> str:
    if motivations & ENTITY_MOTIVATIONS and not motivations & (
        NOTE_MOTIVATIONS | CLAIM_MOTIVATIONS
    ):
        # A classifying body that names a status is a claim's, not a tag.
        return "entity"
    if motivations & CLAIM_MOTIVATIONS:
        return "claim"
    if motivations & NOTE_MOTIVATIONS:
        return (
            "note"
            if any(b.value for b in bodies if b.purpose not in ("tagging",))
            or any(_reader_id(b.link, "notes") for b in bodies)
            else "claim"
        )
    texts = [b for b in bodies if b.value]
    if texts and all(b.purpose == "tagging" for b in texts):
        return "entity"
    return "note" if texts else "claim"


def _claim_entry(place: _Place, bodies: list[_Body]) -> dict[str, Any]:
    entry: dict[str, Any] = _quote_fields(place)
    status = next(
        (
            b.value.strip()
            for b in bodies
            if b.value and b.purpose == "classifying" and b.value.strip() in STATUSES
        ),
        None,
    )
    assessment = _joined(
        b.value for b in bodies if b.value and b.purpose not in ("classifying", "tagging")
    )
    if assessment:
        entry["assessment"] = assessment
    if status:
        entry["status"] = status
    return entry


def _quote_fields(place: _Place) -> dict[str, Any]:
    fields: dict[str, Any] = {"quote": place.quote}
    if place.prefix:
        fields["prefix"] = place.prefix
    if place.suffix:
        fields["suffix"] = place.suffix
    return fields


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str)]
    return []


def _bodies(annotation: dict[str, Any]) -> list[_Body]:
    out: list[_Body] = []
    if isinstance(annotation.get("bodyValue"), str):
        out.append(_Body(value=annotation["bodyValue"]))

    def add(body: Any, purpose: str | None = None) -> None:
        if isinstance(body, str):
            # A string body is an IRI in the model; clients also write plain comments that way.
            out.append(
                _Body(link=body, purpose=purpose)
                if _IRI.fullmatch(body)
                else _Body(value=body, purpose=purpose)
            )
        elif isinstance(body, list):
            for item in body:
                add(item, purpose)
        elif isinstance(body, dict):
            own = next(iter(_strings(body.get("purpose"))), purpose)
            own = own.removeprefix("oa:") if own else own
            types = _strings(body.get("type"))
            if (
                "Choice" in types
                or "Composite" in types
                or "List" in types
                or "Independents" in types
            ):
                items: list[Any] = body["items"] if isinstance(body.get("items"), list) else []
                add(items[:1] if "Choice" in types else items, own)
            elif isinstance(body.get("value"), str):
                out.append(_Body(value=body["value"], purpose=own))
            elif "source" in body:
                source = body["source"]
                if isinstance(source, dict):
                    out.append(
                        _Body(
                            link=source.get("id") if isinstance(source.get("id"), str) else None,
                            label=_label_text(source.get("label")),
                            purpose=own,
                        )
                    )
                elif isinstance(source, str):
                    out.append(_Body(link=source, purpose=own))
            elif isinstance(body.get("id"), str):
                out.append(
                    _Body(link=body["id"], label=_label_text(body.get("label")), purpose=own)
                )

    add(annotation.get("body"))
    # Hypothesis API rows: the comment in "text", tags in "tags".
    if isinstance(annotation.get("text"), str) and annotation["text"].strip():
        out.append(_Body(value=annotation["text"], purpose="commenting"))
    out.extend(_Body(value=tag, purpose="tagging") for tag in _strings(annotation.get("tags")))
    return out


def _label_text(value: Any) -> str | None:
    labels = _strings(value)
    return labels[0] if labels else None


def _selection(target: Any) -> _Selection | None:
    """The first target's text quote / position, looking into selector lists and refinedBy
    chains."""
    targets = target if isinstance(target, list) else [target]
    for item in targets:
        if not isinstance(item, dict):
            continue
        found = _Selection()
        pending = (
            list(item["selector"])
            if isinstance(item.get("selector"), list)
            else [item.get("selector")]
        )
        for _ in range(100):  # selectors nest through refinedBy; bounded
            if not pending:
                break
            selector = pending.pop(0)
            if not isinstance(selector, dict):
                continue
            types = _strings(selector.get("type"))
            if (
                "TextQuoteSelector" in types
                and isinstance(selector.get("exact"), str)
                and found.exact is None
            ):
                found.exact = selector["exact"]
                found.prefix = (
                    selector.get("prefix") if isinstance(selector.get("prefix"), str) else None
                )
                found.suffix = (
                    selector.get("suffix") if isinstance(selector.get("suffix"), str) else None
                )
            elif "TextPositionSelector" in types and found.start is None:
                start, end = selector.get("start"), selector.get("end")
                if (
                    isinstance(start, int)
                    and isinstance(end, int)
                    and not isinstance(start, bool)
                    and not isinstance(end, bool)
                    and 0 <= start < end
                ):
                    found.start, found.end = start, end
            if isinstance(selector.get("refinedBy"), dict | list):
                refined = selector["refinedBy"]
                pending.extend(refined if isinstance(refined, list) else [refined])
        if found.exact is not None or found.start is not None:
            return found
    return None


def _place(text: str, selection: _Selection) -> _Place | None:
    """Where the selection lands in ``text``, with a quote, prefix and suffix that land there
    again."""
    if selection.exact:
        match = match_quote(
            text,
            selection.exact,
            prefix=selection.prefix,
            suffix=selection.suffix,
            hint=selection.start,
        )
        if match is None:
            return None
        start, end = match.start, match.end
    elif selection.start is not None and selection.end is not None and selection.end <= len(text):
        start, end = selection.start, selection.end
    else:
        return None
    quote = text[start:end]
    if not quote.strip():
        return None
    # Keep the client's context where it agrees with the document (it helps re-anchoring after
    # edits).
    prefix = (
        selection.prefix[-MAX_CONTEXT_CHARS:]
        if selection.prefix and text[:start].endswith(selection.prefix)
        else None
    )
    suffix = (
        selection.suffix[:MAX_CONTEXT_CHARS]
        if selection.suffix and text[end:].startswith(selection.suffix)
        else None
    )
    if not quote_lands(text, quote, prefix, suffix, start):
        context = choose_context(
            text, start, end
        )  # the same whole-word context as annotating from the page
        if context is None:
            return None
        prefix, suffix = context
    return _Place(start, end, quote, prefix, suffix)


#: Where the file's entries already are: (start, end) for claims and notes, (start, end, label)
#: for entities.
_Places = dict[str, set[tuple[int, int] | tuple[int, int, str]]]


def _existing_places(existing: Annotations, text: str) -> _Places:
    places: _Places = {"claims": set(), "notes": set(), "entities": set()}
    for section, _, item in existing.entries:
        quote: str | None = getattr(item, "quote", None)
        if quote:
            prefix: str | None = getattr(item, "prefix", None)
            suffix: str | None = getattr(item, "suffix", None)
            anchor = resolve_quote(text, quote, prefix=prefix, suffix=suffix)
            if anchor.start is not None and anchor.end is not None:
                if section == "entities":
                    places[section].add((anchor.start, anchor.end, getattr(item, "label", "")))
                else:
                    places[section].add((anchor.start, anchor.end))
        elif isinstance(item, EntityCorrection) and item.text and item.label:
            label = item.label
            places["entities"].update((s, e, label) for s, e in find_mentions(text, item.text))
    return places


def _reader_id(value: Any, kind: str | None = None) -> Any:
    """For ``urn:reader:<slug>:<kind>:<id>``: (kind, id), or just the id when ``kind`` is given and
    matches."""
    if not isinstance(value, str):
        return None
    match = _READER_IRI.fullmatch(value)
    if not match:
        return None

    found_kind, ident = match.group(1), unquote(match.group(2))
    if kind is None:
        return found_kind, ident
    return ident if found_kind == kind else None


def _made_by_software(annotation: dict[str, Any]) -> bool:
    creators = annotation.get("creator")
    creators = creators if isinstance(creators, list) else [creators]
    return any(isinstance(c, dict) and "Software" in _strings(c.get("type")) for c in creators)


def _label(tag: str | None) -> str | None:
    if not tag:
        return None
    if LABEL.fullmatch(tag) and len(tag) <= 40:
        return tag
    ascii_tag = unicodedata.normalize("NFKD", tag).encode("ascii", "ignore").decode("ascii")
    label = re.sub(r"[^A-Z0-9]+", "_", ascii_tag.upper()).strip("_")[:40].rstrip("_")
    return label if LABEL.fullmatch(label) else None


def _joined(values: Any) -> str | None:
    parts = [v.strip() for v in values if isinstance(v, str) and v.strip()]
    return "\n\n".join(dict.fromkeys(parts)) or None


def _title(body: str, words: int = 8) -> str:
    first = " ".join(body.split())
    cut = " ".join(first.split(" ")[:words])
    return cut if cut == first else cut.rstrip(",.;:") + "…"
