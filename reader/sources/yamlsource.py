"""Safe YAML loading that remembers where every key and value came from.

We turn YAML into plain Python values ourselves, with the place of each, so that aliases (alias
bombs), non-standard tags (``!!python/object``) and duplicate keys are refused with a line and
column instead of being expanded, constructed or silently overwritten. Files are read from
libyaml's events in one pass (`_EventBuilder`); anything it leaves to the pure-Python path
(PyYAML's composer, then `_to_python`) is read again there, whose messages users see.
"""

from __future__ import annotations

import os
import re
import stat
from contextlib import contextmanager
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
#: where it passes the limit, before it is composed: the composer and `_to_python` recurse once per
#: level, so otherwise the outcome would depend on Python's recursion limit and on how deep the
#: caller's stack already is (with a raised limit 5,000 levels went through), and the RecursionError
#: could be raised inside libyaml's Cython methods (they build PyYAML's event objects).
MAX_DEPTH = 100
#: Keys, values, lists and mappings in one file. Composing costs ~15 µs and ~1 KB each, so 10 MB of
#: small rows (1.5 million of them) took 20 s and 1.5 GB before anything could say no; at this cap a
#: file parses in about a second. Real files have a few thousand (the seed file: ~2,000).
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
_SURROGATE = re.compile("[\ud800-\udfff]")


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


class _PlacedError(SourceError):
    """A problem placed within the YAML text (load_yaml adds the line offset)."""


class _AliasError(_PlacedError):
    """An alias (*name)."""


class _DepthError(_PlacedError):
    """A node nested deeper than MAX_DEPTH."""


class _SizeError(_PlacedError):
    """More than MAX_NODES nodes."""


class _DepthGuard:
    """Composer mixin: refuses aliases, nesting past MAX_DEPTH and more than MAX_NODES nodes, each
    where it happens and before composing further."""

    _depth = 0
    _nodes = 0

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            mark = self.peek_event().start_mark
            raise _AliasError(
                mark.line + 1,
                mark.column + 1,
                "aliases (*name) are not allowed in annotation files",
            )
        self._nodes += 1
        if self._nodes > MAX_NODES:
            mark = self.peek_event().start_mark
            raise _SizeError(
                mark.line + 1,
                mark.column + 1,
                f"the file holds more than {MAX_NODES:,} YAML keys and values; the "
                "rest is not read "
                "(split the document's annotations, or trim figure data)",
            )
        return super().compose_node(parent, index)

    def compose_sequence_node(self, anchor):
        with self._nested():
            return super().compose_sequence_node(anchor)

    def compose_mapping_node(self, anchor):
        with self._nested():
            return super().compose_mapping_node(anchor)

    @contextmanager
    def _nested(
        self,
    ):  # untyped like the mixin's other methods: peek_event comes from the composer it joins
        if self._depth >= MAX_DEPTH:
            mark = self.peek_event().start_mark
            raise _DepthError(
                mark.line + 1,
                mark.column + 1,
                (
                    f"YAML nesting is too deep: more than {MAX_DEPTH} lists or mappings "
                    "inside each other"
                ),
            )
        self._depth += 1
        try:
            yield
        finally:
            self._depth -= 1


class _Loader(_DepthGuard, yaml.SafeLoader):
    pass


# libyaml's scanner and parser; values are built from its events here (so aliases are still caught)
try:
    from yaml._yaml import CParser as _CParser
except ImportError:  # PyYAML built without libyaml
    _CParser = None

_RESOLVER = yaml.resolver.Resolver()
_CONSTRUCTOR = yaml.constructor.SafeConstructor()
_STR = "tag:yaml.org,2002:str"
_EMPTY: dict[str, type] = {"tag:yaml.org,2002:map": dict, "tag:yaml.org,2002:seq": list}


class _Fallback(Exception):
    """Something the pure-Python path reports in its own words (syntax, an alias, a second
    document)."""


class _EventBuilder:
    """Plain values and positions straight from libyaml's events, in one pass: no nodes composed
    and walked again, about 3 times faster than composing (the seed file: 14 ms → 5 ms).

    It gives what `_Loader` + `_to_python` give, problem for problem: aliases, nesting past
    MAX_DEPTH and more than MAX_NODES nodes stop it where they happen, as they stop the composer;
    a problem of a value (a tag, a duplicate key, a lone surrogate) is kept, the events are read
    to the end, and it is raised only if nothing stopped the reading first, because the composer
    reads the whole stream before `_to_python` looks at a value."""

    def __init__(self, text: str, positions: Positions, line_offset: int) -> None:
        self.events = _CParser(text)
        self.positions, self.line_offset = positions, line_offset
        self.nodes, self.depth = 0, 0
        self.anchors: set[str] = set()
        self.problem: SourceError | None = None

    def document(self) -> Any:
        get, check = self.events.get_event, self.events.check_event
        get()  # stream start
        if check(yaml.StreamEndEvent):
            return None
        get()  # document start
        value = self.value(())
        get()  # document end
        if not check(yaml.StreamEndEvent):
            raise _Fallback
        if self.problem is not None:
            raise self.problem
        return value

    def _start(self) -> tuple[yaml.Event, tuple[int, int]]:
        """The next node's event and place, counted and checked as `_DepthGuard` checks them."""
        event = self.events.get_event()
        if isinstance(event, yaml.AliasEvent):
            raise _Fallback
        mark = event.start_mark
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise _SizeError(
                mark.line + 1,
                mark.column + 1,
                f"the file holds more than {MAX_NODES:,} YAML keys and values; the "
                "rest is not read "
                "(split the document's annotations, or trim figure data)",
            )
        if event.anchor is not None:
            if event.anchor in self.anchors:
                raise _Fallback  # a repeated anchor: the composer's own error
            self.anchors.add(event.anchor)
        if isinstance(event, yaml.CollectionStartEvent) and self.depth >= MAX_DEPTH:
            raise _DepthError(
                mark.line + 1,
                mark.column + 1,
                (
                    f"YAML nesting is too deep: more than {MAX_DEPTH} lists or mappings "
                    "inside each other"
                ),
            )
        return event, (mark.line + 1 + self.line_offset, mark.column + 1)

    def _keep(self, line: int, column: int, message: str) -> None:
        if self.problem is None:
            self.problem = SourceError(line, column, message)

    def value(self, path: Path_) -> Any:
        event, place = self._start()
        self.positions.values[path] = place
        if isinstance(event, yaml.ScalarEvent):
            tag = _scalar_tag(event)
            if tag == _TIMESTAMP:
                return event.value  # dates stay text: they travel to JSON and charts unchanged
            if tag not in _PLAIN_TAGS:
                self._keep(*place, f"the tag {tag!r} is not allowed (plain YAML values only)")
                return None
            value = self._construct(tag, event, place)
            if isinstance(value, str) and _SURROGATE.search(value):
                self._keep(*place, "text contains an invalid Unicode escape (a lone surrogate)")
            return value
        kind = yaml.MappingNode if isinstance(event, yaml.MappingStartEvent) else yaml.SequenceNode
        tag = (
            event.tag
            if event.tag not in (None, "!")
            else _RESOLVER.resolve(kind, None, event.implicit)
        )
        if tag not in _PLAIN_TAGS:
            self._keep(*place, f"the tag {tag!r} is not allowed (plain YAML values only)")
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
            if not check(yaml.ScalarEvent):  # a list or mapping as a key: read it, to report it
                key_place = self._peek_place()
                self._keep(*key_place, "mapping keys must be plain text")
                self.value(path + ("",))
                self.value(path + ("",))
                continue
            event, key_place = self._start()
            tag = _scalar_tag(event)
            key = str(self._construct(tag, event, key_place)) if tag in _PLAIN_TAGS else event.value
            if _SURROGATE.search(key):
                self._keep(*key_place, "key contains an invalid Unicode escape (a lone surrogate)")
            elif key in result:
                self._keep(*key_place, f"duplicate key '{key}'")
            self.positions.keys[path + (key,)] = key_place
            result[key] = self.value(path + (key,))
        self.events.get_event()
        return result

    def _peek_place(self) -> tuple[int, int]:
        mark = self.events.peek_event().start_mark
        return mark.line + 1 + self.line_offset, mark.column + 1

    def _construct(self, tag: str, event: yaml.ScalarEvent, place: tuple[int, int]) -> Any:
        if tag == _STR:
            return event.value
        if tag in _EMPTY:  # `!!map text`: PyYAML's constructor gives the empty collection
            return _EMPTY[tag]()
        try:
            return _CONSTRUCTOR.yaml_constructors[tag](
                _CONSTRUCTOR, yaml.ScalarNode(tag, event.value)
            )
        except (ValueError, OverflowError):  # e.g. an integer of more than 4,300 digits
            self._keep(
                *place,
                (
                    "cannot read this value (numbers are limited to 4,300 digits); quote "
                    "it if it is text"
                ),
            )
            return None


def _scalar_tag(event: yaml.ScalarEvent) -> str:
    if event.tag not in (None, "!"):
        return event.tag
    return _RESOLVER.resolve(yaml.ScalarNode, event.value, event.implicit)


def _fast_load(text: str, positions: Positions, line_offset: int) -> tuple[bool, Any]:
    """(True, value) from libyaml's events, or (False, None) when libyaml is missing or has anything
    to object to: then the pure-Python loader parses again and reports the problem in its own words.

    Too deep a nesting and too many nodes are reported from here (the same words and place as the
    pure-Python path, whose scanner would take a second to get there through thousands of open
    brackets), and so is a problem of a value."""
    if _CParser is None:
        return False, None
    builder = None
    try:
        builder = _EventBuilder(
            text, positions, line_offset
        )  # libyaml refuses lone surrogates here
        return True, builder.document()
    except (_DepthError, _SizeError) as exc:
        raise SourceError(exc.line + line_offset, exc.column, exc.message) from None
    except SourceError:
        raise
    except Exception:  # noqa: BLE001 - any complaint is reported by the pure-Python path
        return False, None
    finally:
        if builder is not None:
            builder.events.dispose()


def _check_tabs(text: str, line_offset: int) -> None:
    for number, line in enumerate(text.split("\n"), start=1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent:
            raise SourceError(
                number + line_offset,
                indent.index("\t") + 1,
                "tab character in indentation; YAML indents with spaces",
            )


def load_yaml(text: str, *, line_offset: int = 0) -> tuple[Any, Positions]:
    """Parse one YAML document into plain values (dict/list/str/int/float/bool/None) and positions.

    ``line_offset`` shifts reported lines, for YAML embedded in a larger file (front matter).
    Raises SourceError for anything that stops the file from being read.
    """
    _check_tabs(text, line_offset)
    positions = Positions()
    built, value = _fast_load(text, positions, line_offset)
    if built:
        return value, positions
    return _composed_load(text, line_offset)


def _composed_load(text: str, line_offset: int) -> tuple[Any, Positions]:
    """The pure-Python path: PyYAML composes nodes, `_to_python` walks them; its messages are the
    ones users see for syntax errors, aliases and the rest that the fast path leaves to it."""
    positions = Positions()
    try:
        # The reader checks for unprintable characters (NUL, …) as soon as it is built.
        loader = _Loader(text)
    except yaml.reader.ReaderError as exc:
        before = text[: exc.position]
        line, column = before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1
        raise SourceError(
            line + line_offset,
            column,
            f"character U+{exc.character:04X} is not allowed in YAML; remove it",
        ) from None
    try:
        node = loader.get_single_node()
        if node is None:
            return None, positions
        return _to_python(loader, node, (), positions, line_offset), positions
    except _PlacedError as exc:
        raise SourceError(exc.line + line_offset, exc.column, exc.message) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = " ".join(str(part) for part in (exc.context, exc.problem) if part)
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise SourceError(line + line_offset, column, f"YAML syntax: {message}") from None
    except yaml.YAMLError as exc:
        raise SourceError(1 + line_offset, 1, f"YAML: {exc}") from None
    except RecursionError:
        raise SourceError(1 + line_offset, 1, "YAML nesting is too deep") from None
    finally:
        loader.dispose()


def _to_python(
    loader: _Loader, node: yaml.Node, path: Path_, positions: Positions, line_offset: int
) -> Any:
    place = (node.start_mark.line + 1 + line_offset, node.start_mark.column + 1)
    positions.values[path] = place
    if node.tag not in _PLAIN_TAGS and node.tag != _TIMESTAMP:
        raise SourceError(*place, f"the tag {node.tag!r} is not allowed (plain YAML values only)")
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key_place = (key_node.start_mark.line + 1 + line_offset, key_node.start_mark.column + 1)
            if not isinstance(key_node, yaml.ScalarNode):
                raise SourceError(*key_place, "mapping keys must be plain text")
            key = (
                str(_construct(loader, key_node, key_place))
                if key_node.tag in _PLAIN_TAGS
                else key_node.value
            )
            if _SURROGATE.search(key):
                raise SourceError(
                    *key_place, "key contains an invalid Unicode escape (a lone surrogate)"
                )
            if key in result:
                raise SourceError(*key_place, f"duplicate key '{key}'")
            positions.keys[path + (key,)] = key_place
            result[key] = _to_python(loader, value_node, path + (key,), positions, line_offset)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [
            _to_python(loader, item, path + (i,), positions, line_offset)
            for i, item in enumerate(node.value)
        ]
    if node.tag == _TIMESTAMP:
        return node.value  # dates stay text: they travel to JSON and charts unchanged
    value = _construct(loader, node, place)
    if isinstance(value, str) and _SURROGATE.search(value):
        raise SourceError(*place, "text contains an invalid Unicode escape (a lone surrogate)")
    return value


def _construct(loader: _Loader, node: yaml.ScalarNode, place: tuple[int, int]) -> Any:
    try:
        return loader.construct_object(node)
    except (ValueError, OverflowError):  # e.g. an integer of more than 4,300 digits
        raise SourceError(
            *place,
            "cannot read this value (numbers are limited to 4,300 digits); quote it if it is text",
        ) from None
