"""Safe YAML loading that remembers where every key and value came from.

We turn YAML into plain Python values ourselves, with the place of each, so that aliases (alias
bombs), non-standard tags (``!!python/object``) and duplicate keys are refused with a line and
column instead of being expanded, constructed or silently overwritten. Files are read from
libyaml's events in one pass (`_Builder`): no nodes are composed, so nothing is built before
the limits below can say no.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

__all__ = [
    "MAX_DEPTH",
    "MAX_FILE_BYTES",
    "MAX_NODES",
    "Path_",
    "Positions",
    "SourceError",
    "decode_utf8",
    "load_yaml",
    "read_source",
]

MAX_FILE_BYTES = 10 * 1024 * 1024  # annotation files and articles; docs/annotation-format.md#limits
#: Lists and mappings inside each other (real files need fewer than 10). Deeper input is refused
#: where it passes the limit: the builder recurses once per level, so otherwise the outcome would
#: depend on Python's recursion limit and on how deep the caller's stack already is.
MAX_DEPTH = 100
#: Keys, values, lists and mappings in one file: 10 MB of small rows (over a million) would take
#: seconds and gigabytes; the cap refuses them where it is passed. Real files hold a few thousand.
MAX_NODES = 100_000

Path_ = tuple[str | int, ...]

_PLAIN_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
}
_TIMESTAMP = "tag:yaml.org,2002:timestamp"


class SourceError(Exception):
    """A problem that stops a file from being read at all, with its 1-based place."""

    def __init__(self, line: int, column: int, message: str):
        super().__init__(message)
        self.line, self.column, self.message = line, column, message


@dataclass
class Positions:
    """1-based (line, column) of each value and each mapping key, by path from the root."""

    values: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path_, tuple[int, int]] = field(default_factory=dict)

    def of(self, path: Path_, *, key: bool = False) -> tuple[int, int]:
        """The place of ``path``, or of its nearest ancestor that has one."""
        table = self.keys if key else self.values
        path = tuple(path)
        while path:
            if path in table:
                return table[path]
            if not key and path in self.keys:
                return self.keys[path]
            path = path[:-1]
        return self.values.get((), (1, 1))


def read_source(path: Path | str) -> bytes:
    """A file's bytes, read only if it is a regular file and at most MAX_FILE_BYTES (+1, to tell).

    Raises OSError (e.g. FileNotFoundError) as opening does, and SourceError for a pipe or device
    (reading would block or never end) or a file over the limit (never read into memory whole).
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise SourceError(
                1, 1, "not a regular file (a pipe, device or folder); nothing was read"
            )
        if info.st_size > MAX_FILE_BYTES:
            raise SourceError(
                1, 1, f"file is {info.st_size:,} bytes; the limit is {MAX_FILE_BYTES:,}"
            )
        return handle.read(MAX_FILE_BYTES + 1)


def decode_utf8(data: bytes) -> str:
    """Decode UTF-8 (dropping a BOM, normalising CRLF) or fail with the bad byte's place."""
    if len(data) > MAX_FILE_BYTES:
        raise SourceError(1, 1, f"file is {len(data):,} bytes; the limit is {MAX_FILE_BYTES:,}")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        column = (
            len(before[before.rfind(b"\n") + 1 :].decode("utf-8", errors="replace")) + 1
        )  # characters, not bytes
        raise SourceError(
            line, column, f"not valid UTF-8 (byte 0x{data[exc.start]:02x}); save the file as UTF-8"
        ) from None
    return text.removeprefix("\ufeff").replace("\r\n", "\n")


# libyaml's parser (PyYAML's wheels carry it); PyYAML's pure-Python one is too slow for `check`.
_Parser = yaml.CBaseLoader
_RESOLVER = yaml.resolver.Resolver()
_CONSTRUCTOR = yaml.constructor.SafeConstructor()
_STR = "tag:yaml.org,2002:str"
_EMPTY: dict[str, type] = {"tag:yaml.org,2002:map": dict, "tag:yaml.org,2002:seq": list}
_BAD_ESCAPE = "found invalid Unicode character escape code"


def load_yaml(text: str, *, line_offset: int = 0) -> tuple[Any, Positions]:
    """Parse one YAML document into plain values (dict/list/str/int/float/bool/None) and positions.

    ``line_offset`` shifts reported lines, for YAML embedded in a larger file (front matter).
    Raises SourceError for anything that stops the file from being read: the first problem in it.
    """
    _check_tabs(text, line_offset)
    positions = Positions()
    try:
        events = _Parser(text)
    except UnicodeEncodeError as exc:  # a lone surrogate: libyaml reads UTF-8
        raise _character_error(text, exc.start, line_offset) from None
    try:
        return _Builder(events, positions, line_offset).document(), positions
    except yaml.reader.ReaderError as exc:  # an unprintable character; libyaml counts bytes
        at = len(text.encode("utf-8")[: exc.position].decode("utf-8", errors="replace"))
        raise _character_error(text, at, line_offset) from None
    except yaml.MarkedYAMLError as exc:
        raise _syntax_error(text, exc, line_offset) from None
    except yaml.YAMLError as exc:
        raise SourceError(1 + line_offset, 1, f"YAML: {exc}") from None
    finally:
        events.dispose()


class _Builder:
    """Plain values and positions from libyaml's events, in one pass. Aliases, nesting past
    MAX_DEPTH, more than MAX_NODES nodes and every problem of a value stop it where they happen."""

    def __init__(self, events: Any, positions: Positions, line_offset: int) -> None:
        self.events = events
        self.positions, self.line_offset = positions, line_offset
        self.nodes, self.depth = 0, 0
        self.anchors: set[str] = set()

    def document(self) -> Any:
        get, check = self.events.get_event, self.events.check_event
        get()  # stream start
        if check(yaml.StreamEndEvent):
            return None
        get()  # document start
        value = self.value(())
        get()  # document end
        if not check(yaml.StreamEndEvent):
            raise SourceError(
                *self._place(self.events.peek_event()),
                "YAML syntax: expected a single document in the stream but found another document",
            )
        return value

    def _place(self, event: yaml.Event) -> tuple[int, int]:
        mark = event.start_mark
        return mark.line + 1 + self.line_offset, mark.column + 1

    def _start(self) -> tuple[yaml.Event, tuple[int, int]]:
        """The next node's event and place, counted and checked."""
        event = self.events.get_event()
        place = self._place(event)
        if isinstance(event, yaml.AliasEvent):
            raise SourceError(*place, "aliases (*name) are not allowed in annotation files")
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise SourceError(
                *place,
                f"the file holds more than {MAX_NODES:,} YAML keys and values; the rest is not "
                "read (split the document's annotations, or trim figure data)",
            )
        if event.anchor is not None:
            if event.anchor in self.anchors:
                raise SourceError(*place, f"YAML syntax: found duplicate anchor '{event.anchor}'")
            self.anchors.add(event.anchor)
        if isinstance(event, yaml.CollectionStartEvent) and self.depth >= MAX_DEPTH:
            raise SourceError(
                *place,
                f"YAML nesting is too deep: more than {MAX_DEPTH} lists or mappings inside each "
                "other",
            )
        return event, place

    def value(self, path: Path_) -> Any:
        event, place = self._start()
        self.positions.values[path] = place
        if isinstance(event, yaml.ScalarEvent):
            tag = _scalar_tag(event)
            if tag == _TIMESTAMP:
                return event.value  # dates stay text: they travel to JSON and charts unchanged
            if tag not in _PLAIN_TAGS:
                raise SourceError(
                    *place, f"the tag {tag!r} is not allowed (plain YAML values only)"
                )
            return _construct(tag, event, place)
        kind = yaml.MappingNode if isinstance(event, yaml.MappingStartEvent) else yaml.SequenceNode
        tag = (
            event.tag
            if event.tag not in (None, "!")
            else _RESOLVER.resolve(kind, None, event.implicit)
        )
        if tag not in _PLAIN_TAGS:
            raise SourceError(*place, f"the tag {tag!r} is not allowed (plain YAML values only)")
        self.depth += 1
        result: Any = self._mapping(path) if kind is yaml.MappingNode else self._sequence(path)
        self.depth -= 1
        return result

    def _sequence(self, path: Path_) -> list[Any]:
        items: list[Any] = []
        check = self.events.check_event
        while not check(yaml.SequenceEndEvent):
            items.append(self.value(path + (len(items),)))
        self.events.get_event()
        return items

    def _mapping(self, path: Path_) -> dict[str, Any]:
        result: dict[str, Any] = {}
        check = self.events.check_event
        while not check(yaml.MappingEndEvent):
            if not check(yaml.ScalarEvent):
                raise SourceError(
                    *self._place(self.events.peek_event()), "mapping keys must be plain text"
                )
            event, key_place = self._start()
            tag = _scalar_tag(event)
            key = str(_construct(tag, event, key_place)) if tag in _PLAIN_TAGS else event.value
            if key in result:
                raise SourceError(*key_place, f"duplicate key '{key}'")
            self.positions.keys[path + (key,)] = key_place
            result[key] = self.value(path + (key,))
        self.events.get_event()
        return result


def _scalar_tag(event: yaml.ScalarEvent) -> str:
    tag: str = (
        event.tag
        if event.tag not in (None, "!")
        else _RESOLVER.resolve(yaml.ScalarNode, event.value, event.implicit)
    )
    return tag


def _construct(tag: str, event: yaml.ScalarEvent, place: tuple[int, int]) -> Any:
    if tag == _STR:
        return event.value
    if tag in _EMPTY:  # `!!map text`: PyYAML's constructor gives the empty collection
        return _EMPTY[tag]()
    try:
        return _CONSTRUCTOR.yaml_constructors[tag](_CONSTRUCTOR, yaml.ScalarNode(tag, event.value))
    except (ValueError, OverflowError):  # e.g. an integer of more than 4,300 digits
        raise SourceError(
            *place,
            "cannot read this value (numbers are limited to 4,300 digits); quote it if it is text",
        ) from None


def _syntax_error(text: str, exc: yaml.MarkedYAMLError, line_offset: int) -> SourceError:
    if exc.problem == _BAD_ESCAPE and exc.context_mark is not None:
        # libyaml places it after the escape and says not why: name it, at the text that holds it.
        mark = exc.context_mark
        return SourceError(
            mark.line + 1 + line_offset,
            mark.column + 1,
            "text contains an invalid Unicode escape (a lone surrogate, or past U+10FFFF)",
        )
    mark = exc.problem_mark or exc.context_mark
    message = " ".join(str(part) for part in (exc.context, exc.problem) if part)
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    if line > text.count("\n") + 1:  # libyaml's end of a text with no last newline: its end
        line, column = line - 1, len(text) - text.rfind("\n")
    return SourceError(line + line_offset, column, f"YAML syntax: {message}")


def _character_error(text: str, at: int, line_offset: int) -> SourceError:
    before = text[:at]
    line, column = before.count("\n") + 1, at - (before.rfind("\n") + 1) + 1
    return SourceError(
        line + line_offset,
        column,
        f"character U+{ord(text[at]):04X} is not allowed in YAML; remove it",
    )


def _check_tabs(text: str, line_offset: int) -> None:
    for number, line in enumerate(text.split("\n"), start=1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent:
            raise SourceError(
                number + line_offset,
                indent.index("\t") + 1,
                "tab character in indentation; YAML indents with spaces",
            )
