"""What the editor offers to complete in an annotation file: plain data from the schema, the file
and the document, which the browser filters as the curator types (frontend/editor/complete.js).

``vocabulary`` returns::

    {"keys":   {"": [{label, detail, info}], "claims": [...], "figures.source": [...], ...},
     "values": {"claims.status": [{label, detail}], "figures.type": [...], "entities.label": [...],
                "claims.figures": [figure ids], "claims.notes": [note ids], "entities.note": [note
                ids]},
     "text_paths": ["claims.quote", "claims.prefix", ...],
     "sentences": [[exact sentence, the same as a YAML scalar], ...],
     "fold": {"’": "'", ...}}

A path is the chain of keys above a place in the file (list entries add nothing): the fields of
a figure's source are at ``figures.source``. Keys and the values of fixed-choice fields come from
the pydantic models in reader.sources.schema, so the completion cannot drift from what validation
accepts.
"""

from __future__ import annotations

import re
import types
import typing
from collections.abc import Iterable, Mapping
from typing import Annotated, Any, Literal, get_args, get_origin

from pydantic import BaseModel

from reader.editing.appending import yaml_scalar
from reader.sources.annotations import Annotations
from reader.sources.schema import MAX_QUOTE_CHARS, AnnotationFile

__all__ = [
    "FOLD",
    "REFERENCES",
    "TEXT_FIELDS",
    "schema_paths",
    "sentence_spans",
    "sentences",
    "vocabulary",
]

#: Fields that hold ids of other entries: (path of the field) -> the section the ids come from.
REFERENCES: dict[str, str] = {
    "claims.figures": "figures",
    "claims.notes": "notes",
    "entities.note": "notes",
}
#: Fields whose value is text of the document (completed from its sentences).
TEXT_FIELDS = ("quote", "prefix", "suffix")
#: Characters a curator types plainly for the typographic ones in the text (compared lower-cased).
FOLD: dict[str, str] = {
    "\u2018": "'",
    "\u2019": "'",
    "\u201a": "'",
    "\u2032": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u2033": '"',
    "\u2010": "-",
    "\u2011": "-",
    "\u2012": "-",
    "\u2013": "-",
    "\u2014": "-",
    "\u2212": "-",
    "\u2026": "...",
    "\u00a0": " ",
    "\u202f": " ",
}

# A sentence ends at . ! ? or … (and any closing quotes or brackets) before a space and a capital,
# a digit or an opening quote.
_SENTENCE_END = re.compile(
    r"(?<=[.!?\u2026])([\u201d\u2019\"')\]]*)\s+(?=[\"\u201c\u2018'(\[]?[A-Z0-9\u00c0-\u00de])"
)


def _unwrap(annotation: Any) -> list[Any]:
    """The member types of an annotation: Optional, unions, lists and Annotated taken apart."""
    origin = get_origin(annotation)
    if origin is Annotated:
        return _unwrap(get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        return [t for arg in get_args(annotation) for t in _unwrap(arg)]
    if origin is list:
        return _unwrap(get_args(annotation)[0])
    return [annotation]


def schema_paths(
    model: type[BaseModel] = AnnotationFile, path: str = ""
) -> tuple[dict[str, list[dict[str, str]]], dict[str, list[dict[str, str]]]]:
    """(keys, fixed values) for every path of ``model``: the keys of each entry and each
    sub-mapping, and the choices of every Literal field (statuses, figure types)."""
    keys: dict[str, list[dict[str, str]]] = {path: []}
    values: dict[str, list[dict[str, str]]] = {}
    for name, field in model.model_fields.items():
        members = _unwrap(field.annotation)
        nested = [m for m in members if isinstance(m, type) and issubclass(m, BaseModel)]
        choices = [c for m in members if get_origin(m) is Literal for c in get_args(m)]
        # A docstring's first paragraph, unwrapped: its summary.
        summary = " ".join((nested[0].__doc__ or "").split("\n\n")[0].split()) if nested else ""
        keys[path].append(
            {
                "label": name,
                "detail": "required" if field.is_required() else "",
                "info": field.description or summary,
            }
        )
        child = f"{path}.{name}" if path else name
        if nested:
            more_keys, more_values = schema_paths(nested[0], child)
            keys.update(more_keys)
            values.update(more_values)
        if choices:
            values[child] = [{"label": str(c), "detail": ""} for c in choices]
    return keys, values


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of one block of text, surrounding spaces left out."""
    spans, start = [], 0
    for match in [*_SENTENCE_END.finditer(text), None]:
        end = match.end(1) if match else len(text)
        piece = text[start:end]
        lead = len(piece) - len(piece.lstrip())
        if piece.strip():
            spans.append((start + lead, start + len(piece.rstrip())))
        if match:
            start = match.end()
    return spans


def sentences(blocks: Iterable[str]) -> list[str]:
    """Each block's sentences, exactly as written (curly quotes, dashes), in order, without
    repeats."""
    seen: dict[str, None] = {}
    for text in blocks:
        for start, end in sentence_spans(text):
            seen.setdefault(text[start:end], None)
    return [s for s in seen if len(s) <= MAX_QUOTE_CHARS]


def _entry_values(annotations: Annotations) -> dict[str, list[dict[str, str]]]:
    tables: dict[str, Mapping[str, Any]] = {
        "figures": annotations.figures,
        "notes": annotations.notes,
    }
    return {
        path: [
            {"label": item_id, "detail": item.title} for item_id, item in tables[section].items()
        ]
        for path, section in REFERENCES.items()
    }


def vocabulary(
    document_blocks: Iterable[str], annotations: Annotations, labels: Mapping[str, str]
) -> dict[str, Any]:
    """Everything the editor completes, for one document (its blocks' text) and its annotations.

    ``labels`` maps each entity label to what it means (the reader's legend); labels the file
    already uses are offered too.
    """
    keys, values = schema_paths()
    used = {e.label for e in annotations.entities if e.label}
    values["entities.label"] = [
        {"label": label, "detail": labels.get(label, "")} for label in sorted(set(labels) | used)
    ]
    values.update(_entry_values(annotations))
    text_paths = [
        f"{section}.{name}"
        for section, names in keys.items()
        if section
        for name in (k["label"] for k in names)
        if name in TEXT_FIELDS
    ]
    return {
        "keys": keys,
        "values": values,
        "text_paths": text_paths,
        "sentences": [[s, yaml_scalar(s)] for s in sentences(document_blocks)],
        "fold": FOLD,
    }
