"""Annotating from the page: turn a text selection into a new entry appended to the YAML as text.

The entry is written by hand-made YAML lines, never by re-dumping the file, so every existing
byte (comments, order, formatting) stays where it was. It goes after the last entry of its
section (``claims``, ``notes`` or ``entities``), or under a new section key at the end of the
file. A quote that occurs more than once gets the shortest whole-word ``prefix`` and/or
``suffix`` that makes it resolve to the selected place (checked with reader.anchoring).
The text editing, ids, context and read-back check are shared with the W3C import: they live
in reader.editing.appending.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from typing import Literal

import yaml

from reader.editing import appending
from reader.editing.appending import (
    NotABlockList,
    append_lines,
    misread_section,
    slugify,
    unused_id,
)
from reader.editing.appending import yaml_scalar as yaml_string
from reader.sources.schema import MAX_QUOTE_CHARS
from reader.vocabulary import LABEL

__all__ = [
    "ENTITY_LABEL_PLACEHOLDER",
    "NOTE_BODY_PLACEHOLDER",
    "AuthoringError",
    "NewEntry",
    "choose_context",
    "new_entry",
    "new_entry_text",
    "yaml_string",
]

Kind = Literal["claim", "note", "entity"]
SECTION = {"claim": "claims", "note": "notes", "entity": "entities"}
ENTITY_LABEL_PLACEHOLDER = "TODO"  # valid, obvious, and listed in the reader until changed
NOTE_BODY_PLACEHOLDER = "TODO: write the note."


class AuthoringError(ValueError):
    """The selection cannot become an entry (empty, too long, or the YAML cannot take one)."""


@dataclass(frozen=True)
class NewEntry:
    text: str  # the whole new YAML text
    entry_id: str | None  # the new claim's or note's id; None for an entity correction
    line: int  # 1-based line where the new entry starts in ``text``
    quote: str
    prefix: str | None
    suffix: str | None


def new_entry_text(
    kind: Kind,
    document_text: str,
    start: int,
    end: int,
    existing_yaml: str,
    *,
    label: str | None = None,
    taken: Collection[str] = (),
) -> tuple[str, str | None]:
    """The YAML with a new entry for ``document_text[start:end]``, and the entry's id (None for
    entities)."""
    entry = new_entry(kind, document_text, start, end, existing_yaml, label=label, taken=taken)
    return entry.text, entry.entry_id


def new_entry(
    kind: Kind,
    document_text: str,
    start: int,
    end: int,
    existing_yaml: str,
    *,
    label: str | None = None,
    taken: Collection[str] = (),
) -> NewEntry:
    """``existing_yaml`` with an entry for ``document_text[start:end]`` appended as text; a new id
    is unused in that file and in ``taken`` (the shared file's ids, which share its namespace)."""
    if kind not in SECTION:
        raise AuthoringError(f"unknown kind of entry {kind!r}: use claim, note or entity")
    start, end = _trim(document_text, start, end)
    quote = document_text[start:end]
    if len(quote) > MAX_QUOTE_CHARS:
        raise AuthoringError(
            f"the selection is {len(quote):,} characters; a quote is at most {MAX_QUOTE_CHARS:,}"
        )
    prefix, suffix = choose_context(document_text, start, end)
    data = _load(existing_yaml)
    section = SECTION[kind]
    entry_id = (
        None
        if kind == "entity"
        else unused_id(slugify(quote) or kind, _ids(data, existing_yaml) | set(taken))
    )
    entry = _entry(kind, entry_id, quote, prefix, suffix, label)
    lines = _entry_lines(entry, placeholder_label=kind == "entity" and not label)
    text, line = _append(existing_yaml, data, section, lines)
    _check(text, data, section, entry)
    return NewEntry(text, entry_id, line, quote, prefix, suffix)


# ------------------------------------------------------------------------ the quote and its context


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """The selection without surrounding white space (browsers often include a trailing space)."""
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in (start, end)):
        raise AuthoringError("the selection must be given as two character offsets")
    if not 0 <= start < end <= len(text):
        raise AuthoringError(
            f"the selection {start}–{end} is not inside the document (0–{len(text)})"
        )
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start == end:
        raise AuthoringError("the selection is only white space")
    return start, end


def choose_context(text: str, start: int, end: int) -> tuple[str | None, str | None]:
    """The shortest whole-word prefix and/or suffix that make ``text[start:end]`` resolve to
    ``start``.

    Returns (None, None) when the quote occurs once. Raises AuthoringError when nearby text cannot
    tell it apart. The search itself is reader.editing.appending.choose_context.
    """
    context = appending.choose_context(text, start, end)
    if context is None:
        quote = text[start:end]
        raise AuthoringError(
            f"“{quote}” occurs {text.count(quote)} times and no nearby text tells this one apart; "
            "select a longer passage"
        )
    return context


# --------------------------------------------------------------------------- ids


def _ids(data: object, text: str) -> set[str]:
    """Every id in the file: the parsed ones, and any ``id:`` written in the text (even in a broken
    entry)."""
    found = {m.group(1).strip("'\"") for m in re.finditer(r"""\bid:\s*([^\s,}#]+)""", text)}
    if isinstance(data, dict):
        for entries in data.values():
            for entry in entries if isinstance(entries, list) else []:
                if isinstance(entry, dict) and isinstance(entry.get("id"), str):
                    found.add(entry["id"])
    return found


# --------------------------------------------------------------------------- YAML text


def _entry(
    kind: Kind,
    entry_id: str | None,
    quote: str,
    prefix: str | None,
    suffix: str | None,
    label: str | None,
) -> dict[str, str]:
    """The new entry's fields in the order they are written. The read-back check compares against
    them."""
    entry: dict[str, str] = {}
    if entry_id is not None:
        entry["id"] = entry_id
    if kind == "note":
        title = " ".join(quote.split())
        entry["title"] = title if len(title) <= 80 else title[:79].rstrip() + "…"
    entry["quote"] = quote
    if prefix is not None:
        entry["prefix"] = prefix
    if suffix is not None:
        entry["suffix"] = suffix
    if kind == "note":
        entry["body"] = NOTE_BODY_PLACEHOLDER
    if kind == "entity":
        if label is not None and not LABEL.fullmatch(label):
            raise AuthoringError(
                f"'{label}' is not an entity label (upper case, like PERSON, ORG or GPE)"
            )
        entry["label"] = label or ENTITY_LABEL_PLACEHOLDER
    return entry


def _entry_lines(entry: dict[str, str], *, placeholder_label: bool) -> list[str]:
    """The entry's lines, relative to the list's indent: "- first: …" then "  key: …".

    Every value stays on its key's line: a selection's line breaks are escaped (``\\n``), not
    written as a block scalar. A placeholder label carries a comment that lists the usual labels.
    """
    lines = [
        ("- " if i == 0 else "  ") + f"{key}: {yaml_string(value)}"
        for i, (key, value) in enumerate(entry.items())
    ]
    if placeholder_label:
        lines[-1] += "   # PERSON, ORG, GPE, DATE, …"
    return lines


def _load(text: str) -> object:
    try:
        return yaml.safe_load(text) if text.strip() else None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark else ""
        raise AuthoringError(
            f"the YAML has a syntax error{where}; fix it before adding an entry"
        ) from None


def _append(text: str, data: object, section: str, lines: list[str]) -> tuple[str, int]:
    """Insert the entry's lines as text; returns the new text and the 1-based line of the entry."""
    if data is not None and not isinstance(data, dict):
        raise AuthoringError(
            "the file is not a mapping of sections (claims, figures, notes, entities); fix it first"
        )
    try:
        return append_lines(text, section, lines)
    except NotABlockList as exc:
        raise AuthoringError(f"{exc}; rewrite it that way to add entries from the page") from None


def _check(text: str, before: object, section: str, entry: dict[str, str]) -> None:
    """The new text must hold every old entry unchanged plus the new one at the end of its
    section."""
    try:
        wrong = misread_section(before, text, {section: [entry]})
    except (
        yaml.YAMLError
    ) as exc:  # pragma: no cover - a bug in append_lines; never hand back broken YAML
        raise AuthoringError(f"could not add the entry as text ({exc}); add it by hand") from None
    if wrong is not None:
        raise AuthoringError(
            "could not add the entry as text without disturbing the file; add it by hand"
        )
