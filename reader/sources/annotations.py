"""Loading and validating ``annotations/<slug>.yaml``: models from reader.sources.schema, places
from the YAML.

Each entry is validated on its own, so one broken entry is reported and the rest still show.
Cross-references (ids, figure rows) are checked here; anchoring quotes needs the document and
happens in reader.reading.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from pydantic import BaseModel, TypeAdapter, ValidationError

from reader.sources.characters import suspicious_characters, suspicious_in_values
from reader.sources.documents import Root, display_path
from reader.sources.problems import Problem, Severity, did_you_mean
from reader.sources.schema import OPS, SECTIONS, Claim, EntityCorrection, Figure, Note
from reader.sources.yamlsource import (
    Path_,
    Positions,
    SourceError,
    decode_utf8,
    load_yaml,
    read_source,
)
from reader.vocabulary import STATUSES

__all__ = [
    "KIND",
    "MAX_ENTRIES",
    "MAX_FIGURE_ROWS",
    "MAX_STAT_ROWS",
    "SHARED_SECTIONS",
    "Annotations",
    "load_annotations",
    "load_shared",
    "parse_annotations",
    "parse_shared",
]

#: Entries (claims, figures, notes, entity corrections together) in one file, and rows in one
#: figure: caps that keep every accepted file quick to check, open and export
#: (docs/annotation-format.md#limits).
MAX_ENTRIES = 5_000
MAX_FIGURE_ROWS = 5_000
MAX_STAT_ROWS = 50  # a stat figure is a few labelled numbers shown as cards
KIND = {"claims": "claim", "figures": "figure", "notes": "note", "entities": "entity correction"}
#: The lists annotations/_shared.yaml may hold (a claim belongs to one document's text).
SHARED_SECTIONS = ("figures", "notes", "entities")
_ADAPTERS = {section: TypeAdapter(model) for section, model in SECTIONS.items()}
# Messages for fields whose type is a union (pydantic reports one error per member).
_UNION_TYPES = {
    "y": "text or a list of text",
    "highlight": "a number, text, true/false or empty",
    "data": "a number, text, true/false or empty",
}
_PATTERN_HINTS = {
    "string_pattern_mismatch": {
        "id": "must be letters, digits, '-' or '_', starting with a letter or digit",
        "figures": "must be figure ids (letters, digits, '-' or '_')",
        "notes": "must be note ids (letters, digits, '-' or '_')",
        "note": "must be a note id (letters, digits, '-' or '_')",
        "label": "must be an upper-case entity label, like PERSON, ORG or GPE",
    }
}


@dataclass
class Annotations:
    path: str
    claims: list[Claim] = field(default_factory=list)
    figures: dict[str, Figure] = field(default_factory=dict)
    notes: dict[str, Note] = field(default_factory=dict)
    entities: list[EntityCorrection] = field(default_factory=list)
    positions: Positions = field(default_factory=Positions)
    # Every valid entry in file order, duplicates included (the dicts keep only the first of an id).
    entries: list[tuple[str, int, BaseModel]] = field(default_factory=list, repr=False)
    _origin: dict[int, tuple[str, int]] = field(default_factory=dict, repr=False)
    # Ids of entries that failed validation: links to them are not reported twice.
    broken_ids: set[str] = field(default_factory=set, repr=False)
    #: annotations/_shared.yaml as read, when this document's file was read with it: its figures,
    #: notes and entity corrections are in the lists above too (shared ones first).
    shared: Annotations | None = field(default=None, repr=False)

    def is_shared(self, item: BaseModel) -> bool:
        """Whether an entry comes from the shared file (not from this document's own file)."""
        return self.shared is not None and id(item) in self.shared._origin

    def _owner(self, item: BaseModel) -> Annotations:
        return self.shared if self.shared is not None and self.is_shared(item) else self

    def place(self, item: BaseModel, *fields: str | int) -> tuple[int, int]:
        """Line and column of an entry (or of one of its fields) in the YAML file that defines
        it."""
        owner = self._owner(item)
        section, index = owner._origin.get(id(item), ("", 0))
        return owner.positions.of((section, index, *fields))

    def problem(
        self, item: BaseModel, fields: tuple[str | int, ...], severity: str, message: str
    ) -> Problem:
        path = self._owner(item).path
        return Problem(path, *self.place(item, *fields), severity, message)  # type: ignore[arg-type]

    @property
    def is_empty(self) -> bool:
        return not (self.claims or self.figures or self.notes or self.entities)


def load_annotations(
    path: Path, *, shared: Annotations | None = None
) -> tuple[Annotations, list[Problem]]:
    """Read an annotation file; a missing file is an empty one (a document may have no annotations).

    ``shared``: annotations/_shared.yaml as read by load_shared, whose entries the document sees."""
    return _load(path, shared=shared, shared_file=False)


def load_shared(root: Root) -> tuple[Annotations, list[Problem]]:
    """Read annotations/_shared.yaml (missing: empty), validated on its own, once for every
    document."""
    return _load(root.shared_path(), shared=None, shared_file=True)


def _load(
    path: Path, *, shared: Annotations | None, shared_file: bool
) -> tuple[Annotations, list[Problem]]:
    shown = display_path(path)
    try:
        text = decode_utf8(read_source(path))
    except FileNotFoundError:
        return _empty(shown, shared), []
    except OSError as exc:
        return _empty(shown, shared), [
            Problem(
                shown,
                1,
                1,
                "error",
                f"cannot read the file: {exc.strerror or exc}",
                unreadable=True,
            )
        ]
    except SourceError as exc:
        return _empty(shown, shared), [
            Problem(shown, exc.line, exc.column, "error", exc.message, unreadable=True)
        ]
    if shared_file:
        return parse_shared(text, shown)
    return parse_annotations(text, shown, shared=shared)


def _empty(path: str, shared: Annotations | None) -> Annotations:
    """A file with no entries of its own; it still sees the shared ones."""
    annotations = Annotations(path, shared=shared)
    if shared is not None:
        annotations.figures.update(shared.figures)
        annotations.notes.update(shared.notes)
        annotations.entities.extend(shared.entities)
    return annotations


def parse_shared(text: str, path: str) -> tuple[Annotations, list[Problem]]:
    """Validate annotations/_shared.yaml's text: the document format without claims, and notes
    and entity corrections without quotes (a quote belongs to one document)."""
    return _parse(text, path, shared=None, shared_file=True)


def parse_annotations(
    text: str, path: str, *, shared: Annotations | None = None
) -> tuple[Annotations, list[Problem]]:
    """Validate annotation YAML text. Never raises; returns what is valid plus every problem found.

    With ``shared`` (annotations/_shared.yaml as read), claims may link its figures and notes,
    and an id defined in both files is an error here, naming the shared definition's place."""
    return _parse(text, path, shared=shared, shared_file=False)


def _parse(
    text: str, path: str, *, shared: Annotations | None, shared_file: bool
) -> tuple[Annotations, list[Problem]]:
    try:
        data, positions = load_yaml(text)
    except SourceError as exc:
        return _empty(path, shared), [
            Problem(path, exc.line, exc.column, "error", exc.message, unreadable=True)
        ]
    annotations = _empty(path, shared)
    annotations.positions = positions
    problems: list[Problem] = _hidden_characters(text, path, data, positions)
    counted = 0
    if data is None:
        return annotations, problems
    if not isinstance(data, dict):
        what = "a list" if isinstance(data, list) else "a single value"
        return annotations, [
            Problem(
                path,
                *positions.of(()),
                "error",
                f"the file must be a mapping with the lists {', '.join(SECTIONS)}, not {what}",
                unreadable=True,
            )
        ]
    for key, entries in data.items():
        if shared_file and key == "claims":
            problems.append(
                Problem(
                    path,
                    *positions.of((key,), key=True),
                    "error",
                    "the shared file cannot hold claims: a claim belongs to one document's text "
                    "(move it to that document's annotations/<slug>.yaml)",
                )
            )
        elif key not in SECTIONS:
            known = SHARED_SECTIONS if shared_file else SECTIONS
            problems.append(
                Problem(
                    path,
                    *positions.of((key,), key=True),
                    "error",
                    f"unknown top-level key '{key}'{did_you_mean(key, known)}",
                )
            )
        elif entries is None:
            continue
        elif not isinstance(entries, list):
            problems.append(
                Problem(path, *positions.of((key,)), "error", f"'{key}' must be a list of entries")
            )
        else:
            for index, entry in enumerate(entries):
                if counted >= MAX_ENTRIES:
                    problems.append(
                        Problem(
                            path,
                            *positions.of((key, index)),
                            "error",
                            f"more than {MAX_ENTRIES:,} entries in one file: this "
                            f"{KIND[key]} and the "
                            "ones after it are not read (split the annotations, or drop some)",
                        )
                    )
                    break
                counted += 1
                _add_entry(annotations, key, index, entry, problems, shared_file=shared_file)
    problems.extend(_check_references(annotations, shared_file=shared_file))
    return annotations, sorted(problems, key=lambda p: (p.line, p.column))


def _hidden_characters(text: str, path: str, data: Any, positions: Positions) -> list[Problem]:
    """Bidi controls and NUL: where the text has them, and in values that spell them as escapes."""
    problems = suspicious_characters(text, path, what="the file")
    if "\\" in text:  # only double-quoted escapes ("\u202E", "\0") hide them from the raw text

        def strings(value: Any, at: Path_) -> Iterator[tuple[str, tuple[int, int]]]:
            if isinstance(value, str):
                yield value, positions.of(at)
            elif isinstance(value, dict):
                for key, item in value.items():
                    yield from strings(key, at + (key,))
                    yield from strings(item, at + (key,))
            elif isinstance(value, list):
                for index, item in enumerate(value):
                    yield from strings(item, at + (index,))

        problems += suspicious_in_values(strings(data, ()), {p.line for p in problems}, path)
    return problems


def _add_entry(
    annotations: Annotations,
    section: str,
    index: int,
    entry: Any,
    problems: list[Problem],
    *,
    shared_file: bool = False,
) -> None:
    path, positions = annotations.path, annotations.positions
    kind = KIND[section]
    name = (
        f"{kind} '{entry['id']}'"
        if isinstance(entry, dict) and isinstance(entry.get("id"), str)
        else f"{kind} #{index + 1}"
    )
    if not isinstance(entry, dict):
        problems.append(
            Problem(
                path,
                *positions.of((section, index)),
                "error",
                f"{name} must be a mapping of keys to values",
            )
        )
        return
    rows = entry.get("data") if section == "figures" else None
    stat = entry.get("type") == "stat"
    limit = MAX_STAT_ROWS if stat else MAX_FIGURE_ROWS
    if isinstance(rows, list) and len(rows) > limit:
        message = (
            f"{name} has {len(rows):,} rows; a stat figure shows at most {MAX_STAT_ROWS} numbers "
            "(draw more as a line or bar chart)"
            if stat
            else f"{name} has {len(rows):,} data rows; the limit is {MAX_FIGURE_ROWS:,} per figure "
            "(a chart shows about a thousand points: aggregate the data, e.g. by month or year)"
        )
        problems.append(
            Problem(path, *positions.of((section, index, "data", limit)), "error", message)
        )
        if isinstance(entry.get("id"), str):
            annotations.broken_ids.add(entry["id"])
        return
    try:
        item = _ADAPTERS[section].validate_python(entry)
    except ValidationError as exc:
        problems.extend(
            _validation_problems(exc, section, index, name, SECTIONS[section], annotations)
        )
        if isinstance(entry.get("id"), str):
            annotations.broken_ids.add(entry["id"])
        return
    entry_problems = _check_entry(item, name, lambda *f: positions.of((section, index, *f)), path)
    if shared_file and getattr(item, "quote", None) is not None:
        entry_problems.append(
            Problem(
                path,
                *positions.of((section, index, "quote"), key=True),
                "error",
                f"{name}: a shared {kind} cannot use 'quote' (a quote belongs to one document; "
                "use 'mentions'/'text' here, or move it to that document's file)",
            )
        )
    problems.extend(entry_problems)
    if any(p.is_error for p in entry_problems):
        annotations.broken_ids.add(getattr(item, "id", ""))
        return
    annotations.entries.append((section, index, item))
    annotations._origin[id(item)] = (section, index)
    # Each section's adapter makes its own model; duplicates are reported by _check_references.
    if isinstance(item, Claim):
        annotations.claims.append(item)
    elif isinstance(item, EntityCorrection):
        annotations.entities.append(item)
    elif isinstance(item, Figure):
        annotations.figures.setdefault(item.id, item)
    elif isinstance(item, Note):
        annotations.notes.setdefault(item.id, item)


def _validation_problems(
    exc: ValidationError,
    section: str,
    index: int,
    name: str,
    model: type[BaseModel],
    annotations: Annotations,
) -> list[Problem]:
    positions, seen, problems = annotations.positions, set(), []
    for error in exc.errors():
        loc = tuple(error["loc"])
        # Keep the part of loc that names real places in the file (drops union member tags).
        real = loc
        while (
            real
            and (section, index, *real) not in positions.values
            and (section, index, *real) not in positions.keys
        ):
            real = real[:-1]
        if error["type"] == "missing":
            real = loc
        if real in seen:
            continue
        seen.add(real)
        field_name = ".".join(str(part) for part in real) or "entry"
        if error["type"] == "extra_forbidden":
            known = _fields_at(model, real[:-1])
            line, column = positions.of((section, index, *real), key=True)
            message = f"unknown key '{real[-1]}' in {name}{did_you_mean(str(real[-1]), known)}"
        elif error["type"] == "missing":
            line, column = positions.of((section, index, *real[:-1]))
            message = f"{name} is missing '{field_name}'"
        elif error["type"] == "literal_error" and real and real[-1] == "status":
            line, column = positions.of((section, index, *real))
            value = error.get("input")
            message = (
                f"{name}: status '{value}' is not one of "
                f"{', '.join(STATUSES)}{did_you_mean(str(value), STATUSES)}"
            )
        elif error["type"] == "literal_error" and real and real[-1] == "op":
            line, column = positions.of((section, index, *real))
            value = error.get("input")
            message = (
                f"{name}: op '{value}' is not one of "
                f"{', '.join(OPS)}{did_you_mean(str(value), OPS)}"
            )
        else:
            line, column = positions.of((section, index, *real))
            top = next((p for p in real if isinstance(p, str)), "")
            union = _UNION_TYPES.get(top) if len(loc) > len(real) else None
            detail = (
                f"must be {union}"
                if union
                else _PATTERN_HINTS.get(error["type"], {}).get(top)
                or error["msg"].replace("Input should", "should")
            )
            message = f"{name}: '{field_name}' {detail}"
        problems.append(Problem(annotations.path, line, column, "error", message))
    return problems


def _fields_at(model: type[BaseModel], loc: tuple[int | str, ...]) -> list[str]:
    """Field names of the (nested) model at loc, for did-you-mean hints."""
    for part in loc:
        if isinstance(part, int):
            continue
        annotation = model.model_fields.get(part)
        nested = getattr(annotation, "annotation", None) if annotation else None
        candidates = [nested, *getattr(nested, "__args__", ())]
        model = next(
            (c for c in candidates if isinstance(c, type) and issubclass(c, BaseModel)), model
        )
    return list(model.model_fields)


class _Add(Protocol):
    """Reports a problem at ``fields`` inside the entry being checked."""

    def __call__(self, fields: Path_, message: str, severity: Severity = "error") -> None: ...


def _check_entry(
    item: BaseModel, name: str, at: Callable[..., tuple[int, int]], path: str
) -> list[Problem]:
    problems: list[Problem] = []

    def add(fields: Path_, message: str, severity: Severity = "error") -> None:
        line, column = at(*fields)
        problems.append(Problem(path, line, column, severity, f"{name}: {message}"))

    quote = getattr(item, "quote", None)
    if isinstance(quote, str) and not quote.strip():
        add(("quote",), "the quote is only whitespace; give the exact words to anchor to")
    if isinstance(item, Figure):
        _check_figure(item, add)
    elif isinstance(item, Note):
        if item.quote is None and (item.prefix or item.suffix):
            add(("prefix" if item.prefix else "suffix",), "prefix and suffix only go with a quote")
    elif isinstance(item, EntityCorrection):
        if (item.text is None) == (item.quote is None):
            add(
                (),
                (
                    "give either 'text' (every occurrence) or 'quote' (one occurrence), "
                    "not both or neither"
                ),
            )
        if item.text is not None and (item.prefix or item.suffix):
            add(("prefix" if item.prefix else "suffix",), "prefix and suffix only go with a quote")
        if item.remove and (item.label or item.note):
            add(("remove",), "'remove: true' drops the entity; it cannot also have a label or note")
        if not (item.remove or item.label or item.note):
            add((), "say what to do: a 'label', 'remove: true', or a 'note' to link")
    return problems


def _check_figure(figure: Figure, add: _Add) -> None:
    def is_number(value: Any) -> bool:
        return isinstance(value, int | float) and not isinstance(value, bool)

    if figure.type == "stat":
        for row_index, row in enumerate(figure.data):
            if not isinstance(row.get("label"), str):
                add(("data", row_index), f"row {row_index + 1} needs a 'label' (text)")
            if not is_number(row.get("value")):
                field = ("data", row_index, "value") if "value" in row else ("data", row_index)
                add(field, f"row {row_index + 1} needs a numeric 'value', got {row.get('value')!r}")
        return
    if not figure.x or not figure.y_fields:
        add((), f"a {figure.type} chart needs 'x' and 'y' (the fields to plot)")
        return
    for row_index, row in enumerate(figure.data):
        for needed in (figure.x, *figure.y_fields):
            if needed not in row:
                add(("data", row_index), f"row {row_index + 1} has no '{needed}'")
        for y_field in figure.y_fields:
            if y_field in row and row[y_field] is not None and not is_number(row[y_field]):
                add(
                    ("data", row_index, y_field),
                    f"row {row_index + 1}: '{y_field}' must be a number, got {row[y_field]!r}",
                )
    x_values = {row.get(figure.x) for row in figure.data}
    for h_index, value in enumerate(figure.highlight):
        if value not in x_values:
            add(
                ("highlight", h_index),
                f"highlight {value!r} is not an x value of the data",
                "warning",
            )


def _check_references(annotations: Annotations, *, shared_file: bool = False) -> list[Problem]:
    problems: list[Problem] = []
    first_seen: dict[str, tuple[str, BaseModel]] = {}
    named = [
        (KIND[section], item) for section, _, item in annotations.entries if section != "entities"
    ]
    shared = annotations.shared
    shared_ids = _named_entries(shared) if shared is not None else {}
    for kind, item in named:
        item_id = item.id  # type: ignore[attr-defined]
        if shared is not None and item_id in shared_ids:
            other_kind, other = shared_ids[item_id]
            line, column = shared.place(other, "id")
            problems.append(
                annotations.problem(
                    item,
                    ("id",),
                    "error",
                    f"id '{item_id}' is already defined in the shared file, by the {other_kind} at "
                    f"{shared.path}:{line}:{column} (every document sees it: link it, "
                    "or rename this one)",
                )
            )
        elif item_id in first_seen:
            line, _ = annotations.place(first_seen[item_id][1], "id")
            problems.append(
                annotations.problem(
                    item,
                    ("id",),
                    "error",
                    (
                        f"duplicate id '{item_id}' (already used by the "
                        f"{first_seen[item_id][0]} at line {line})"
                    ),
                )
            )
        else:
            first_seen[item_id] = (kind, item)

    def link(item: BaseModel, fields: Path_, owner: str, wanted: str, target: str) -> None:
        table = annotations.figures if wanted == "figure" else annotations.notes
        if target in table or target in annotations.broken_ids:
            return
        if shared is not None and target in shared.broken_ids:
            return  # the shared file reports its own broken entry
        other = first_seen.get(target) or shared_ids.get(target)
        hint = f" ('{target}' is a {other[0]})" if other else did_you_mean(target, table)
        problems.append(
            annotations.problem(
                item,
                fields,
                "error",
                f"{owner} links to {wanted} '{target}', which does not exist{hint}",
            )
        )

    for claim in annotations.claims:
        for i, figure_id in enumerate(claim.figures):
            link(claim, ("figures", i), f"claim '{claim.id}'", "figure", figure_id)
        for i, note_id in enumerate(claim.notes):
            link(claim, ("notes", i), f"claim '{claim.id}'", "note", note_id)
    for correction in annotations.entities:
        if correction.note and not annotations.is_shared(correction):
            link(
                correction,
                ("note",),
                f"entity correction '{correction.text or correction.quote}'",
                "note",
                correction.note,
            )

    if shared_file:
        return problems  # a shared note is linked from the documents' files
    linked = {n for c in annotations.claims for n in c.notes} | {
        e.note for e in annotations.entities if e.note
    }
    for note in annotations.notes.values():
        if annotations.is_shared(note):
            continue
        if not note.mentions and note.quote is None and note.id not in linked:
            problems.append(
                annotations.problem(
                    note,
                    ("id",),
                    "warning",
                    (
                        f"note '{note.id}' is attached to nothing: add 'mentions', a "
                        "'quote', or link it from a claim"
                    ),
                )
            )
    return problems


def _named_entries(annotations: Annotations) -> dict[str, tuple[str, BaseModel]]:
    """id -> (kind, entry) of a file's figures and notes (the first of an id)."""
    named: dict[str, tuple[str, BaseModel]] = {}
    for section, _, item in annotations.entries:
        if section != "entities":
            named.setdefault(item.id, (KIND[section], item))  # type: ignore[attr-defined]
    return named
