"""Appending new entries to an annotation file as text, so that every existing byte stays.

Two features add entries to a hand-curated annotation file: annotating from the page
(reader.editing.authoring) and importing Web Annotations (reader.interop.w3c_import). Neither may
load and re-dump the YAML, which would lose its comments, order and formatting. Instead both write
new YAML lines into the existing text and then check that the result reads back as intended. This
module holds what they share, so the two cannot drift apart:

- ``append_lines`` puts entry lines at the end of a section, or under a new section key;
- ``misread_section`` is the read-back check that runs after appending;
- ``yaml_scalar`` and ``block_scalar`` write values that read back exactly;
- ``slugify`` and ``unused_id`` make an id from a quote's words that no other entry uses;
- ``choose_context`` finds the prefix and/or suffix that tell a repeated quote apart.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from typing import Any

import yaml

from reader.anchoring import resolve_quote

__all__ = [
    "MAX_CONTEXT_CHARS",
    "NotABlockList",
    "append_lines",
    "block_scalar",
    "choose_context",
    "misread_section",
    "quote_lands",
    "slugify",
    "unused_id",
    "yaml_scalar",
]

MAX_CONTEXT_CHARS = 500  # the schema's limit for prefix and suffix
MAX_CONTEXT_WORDS = 24  # context is looked for up to this many words either side
ID_WORDS = 6
ID_CHARS = 48


class NotABlockList(ValueError):
    """The section is written in a form that entries cannot be appended to as text, e.g. ``[a, b]``.

    The message says only what is wrong, because the advice depends on where the entries come from.
    """

    def __init__(self, section: str) -> None:
        super().__init__(f"'{section}' is not written as a block list ('- ' entries)")
        self.section = section


# --------------------------------------------------------------------------- where the lines go


def append_lines(
    text: str, section: str, lines: list[str], *, gap: bool = False
) -> tuple[str, int]:
    """``text`` with ``lines`` at the end of the top-level ``section``, and the 1-based line where
    they start.

    ``lines`` are relative to the list's indent ("- key: …", "  key: …", or "# …"). Each one gets
    the list's indent and the file's line break, and every existing byte stays as it is. If the
    section is missing, it is added at the end of the file. If its value is left empty
    (``claims:``), the lines go right under the key's line. If its value is null or ``[]``, the
    value is replaced by a block list. With ``gap``, a blank line goes before lines that follow
    other content (the last entry, or the end of the file when a section is added). Any other value
    raises NotABlockList. The caller must refuse a file that is not a mapping. Such a root counts as
    having no sections here.
    """
    nl = newline(text)
    key, value = _section(text, section)
    if key is None:
        lead = "" if not text or text.endswith("\n") else nl
        before = text + lead + (nl if gap and text.strip() else "") + f"{section}:{nl}"
        return before + _indented(lines, "  ", nl), before.count("\n") + 1
    if _written_as_nothing(value):
        # "claims:" with nothing after it: the entries go right under the key's line (its comment
        # stays).
        insert_at = line_end(text, key.start_mark.line)
        before = text[:insert_at] + ("" if text[:insert_at].endswith("\n") else nl)
        return before + _indented(lines, "  ", nl) + text[insert_at:], before.count("\n") + 1
    if (
        isinstance(value, yaml.ScalarNode) and value.value in ("~", "null") and value.style is None
    ) or (isinstance(value, yaml.SequenceNode) and value.flow_style and not value.value):
        # "claims: ~" or "claims: []": the value gives way to a block list. Whatever followed it on
        # its line (a comment) moves below the new entries, so no entry line ends in a comment.
        before = text[: value.start_mark.index].rstrip(" ") + nl
        rest = text[value.end_mark.index :].lstrip(" ")
        rest = rest[2:] if rest.startswith("\r\n") else rest.removeprefix("\n")
        return before + _indented(lines, "  ", nl) + rest, before.count("\n") + 1
    if isinstance(value, yaml.SequenceNode) and not value.flow_style:
        insert_at = line_end(text, last_content_line(value.value[-1]))
        before = (
            text[:insert_at] + ("" if text[:insert_at].endswith("\n") else nl) + (nl if gap else "")
        )
        return before + _indented(lines, " " * value.start_mark.column, nl) + text[
            insert_at:
        ], before.count("\n") + 1
    raise NotABlockList(section)


def newline(text: str) -> str:
    """The file's line break: CRLF if every line ends with one, else LF. New lines follow the
    file."""
    return "\r\n" if "\r\n" in text and text.count("\n") == text.count("\r\n") else "\n"


def _indented(lines: list[str], indent: str, nl: str) -> str:
    return "".join(f"{indent}{line}{nl}" for line in lines)


def _section(text: str, section: str) -> tuple[yaml.Node | None, yaml.Node | None]:
    """The key node and value node of a top-level section (the last one, as a loader reads it)."""
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    found: tuple[yaml.Node | None, yaml.Node | None] = (None, None)
    if isinstance(root, yaml.MappingNode):
        for key, value in root.value:
            if isinstance(key, yaml.ScalarNode) and key.value == section:
                found = key, value
    return found


def _written_as_nothing(node: yaml.Node | None) -> bool:
    """A value written as nothing at all (``key:`` alone). Its marks point at the next token, not at
    itself."""
    return isinstance(node, yaml.ScalarNode) and node.value == "" and node.style is None


def last_content_line(node: yaml.Node) -> int:
    """The 0-based line of the last character of a block node's content, i.e. where an entry really
    ends.

    A node's end mark can lie past its content, after blank lines and comments that belong to
    what follows. New entries must go before those lines.
    """
    key = None
    while (
        isinstance(node, yaml.MappingNode | yaml.SequenceNode)
        and not node.flow_style
        and node.value
    ):
        if isinstance(node, yaml.MappingNode):
            key, node = node.value[-1]
        else:
            key, node = None, node.value[-1]
    if _written_as_nothing(node):
        line: int = key.end_mark.line if key is not None else node.start_mark.line
        return line
    end = node.end_mark
    end_line: int = end.line
    if isinstance(node, yaml.ScalarNode) and node.style in ("|", ">"):
        # A block scalar ends at the start of the line after its last line (or later, past blank
        # lines).
        buffer: str = end.buffer
        return buffer[: end.index].rstrip(" \r\n\0").count("\n")
    return end_line if end.column > 0 or end_line == node.start_mark.line else end_line - 1


def line_end(text: str, line: int) -> int:
    """The index just after the line break that ends 0-based ``line``, or the end of the text."""
    index = 0
    for _ in range(line + 1):
        found = text.find("\n", index)
        if found == -1:
            return len(text)
        index = found + 1
    return index


# --------------------------------------------------------------------------- reading back


def misread_section(before: object, after_text: str, added: Mapping[str, list[Any]]) -> str | None:
    """The first section of ``after_text`` that does not read back as intended, or None if all do.

    Intended means that every section equals ``before`` (the file as loaded before appending),
    except that the sections in ``added`` also end with those entries. This is the safety net for
    appending as text: a caller must never return a file that changed in any other way. Raises
    yaml.YAMLError if ``after_text`` does not parse.
    """
    after = yaml.safe_load(after_text)
    old = {} if before is None else before
    new = {} if after is None else after
    if not isinstance(old, dict) or not isinstance(new, dict):
        return next(iter(added), "")
    for section in dict.fromkeys([*old, *new, *added]):
        extra = added.get(section)
        expected = (old.get(section) or []) + extra if extra else old.get(section)
        if new.get(section) != expected:
            return str(section)
    return None


# --------------------------------------------------------------------------- YAML scalars

_PLAIN = re.compile(
    r"[A-Za-z(\u00c0-\uffff][^\n\r\t#:\"'\[\]{},&*!|>%@`\\\u0085\u2028\u2029\ufeff]*"
)
_PRINTABLE = re.compile("[\t\n\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r", "\0": "\\0"}


def yaml_scalar(value: Any, *, flow: bool = False) -> str:
    """``value`` as a YAML scalar that reads back exactly, also inside a flow list when ``flow`` is
    set.

    The scalar is plain when that is safe (it reads best in a hand-curated file), else
    double-quoted with escapes.
    """
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value)
    if _PLAIN.fullmatch(text) and text == text.strip() and _reads_back(text, text, flow):
        return text
    out = []
    for ch in text:
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif _PRINTABLE.fullmatch(ch) and ch not in "\u2028\u2029\ufeff":
            out.append(ch)
        elif ord(ch) <= 0xFF:
            out.append(f"\\x{ord(ch):02x}")
        elif ord(ch) <= 0xFFFF:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(f"\\U{ord(ch):08x}")
    return '"' + "".join(out) + '"'


def _reads_back(written: str, value: Any, flow: bool = False) -> bool:
    try:
        if flow:
            in_list: object = yaml.safe_load(f"k: [{written}, {{k: {written}}}]\n")
            return in_list == {"k": [value, {"k": value}]}
        alone: object = yaml.safe_load(f"k: {written}\n")
        return alone == {"k": value}
    except yaml.YAMLError:
        return False


def block_scalar(value: str, indent: str) -> str | None:
    """A literal block scalar (``|``) for multi-line Markdown, or None if it would not read back
    exactly."""
    if "\n" not in value.strip() or not all(
        _PRINTABLE.fullmatch(c) and c not in "\t\u2028\u2029\ufeff\x85" for c in value
    ):
        return None
    if value[:1].isspace() or any(line != line.rstrip(" ") for line in value.split("\n")):
        return None
    chomp = (
        ""
        if value.endswith("\n") and not value.endswith("\n\n")
        else ("-" if not value.endswith("\n") else None)
    )
    if chomp is None:
        return None
    lines = value.removesuffix("\n").split("\n")
    return "|" + chomp + "".join("\n" + (indent + line if line else "") for line in lines)


# --------------------------------------------------------------------------- ids


def slugify(text: str) -> str:
    """An id made from the first words of ``text`` (ASCII, lower case, joined by hyphens). It may be
    empty."""
    # Accents fold away (é -> e) but other non-ASCII marks (’ – …) still part words.
    folded = "".join(
        c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)
    ).lower()
    words = re.findall(r"[a-z0-9]+", folded)[:ID_WORDS]
    return "-".join(words)[:ID_CHARS].strip("-")


def unused_id(base: str, taken: set[str]) -> str:
    """``base``, or ``base-2``, ``base-3``, … : the first one not in ``taken``. ``taken`` is not
    changed."""
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


# --------------------------------------------------------------------------- the quote's context


def quote_lands(text: str, quote: str, prefix: str | None, suffix: str | None, start: int) -> bool:
    """Whether the quote and its context resolve exactly to ``start``, as the reader will anchor
    them."""
    anchor = resolve_quote(text, quote, prefix=prefix, suffix=suffix)
    return anchor.kind == "exact" and anchor.start == start


def _cuts_before(text: str, start: int) -> list[int]:
    """Prefix lengths that begin at a word start, shortest first (and the start of the text)."""
    cuts = []
    lowest = max(0, start - MAX_CONTEXT_CHARS)
    for i in range(start - 1, lowest - 1, -1):
        if i == 0 or (not text[i].isspace() and text[i - 1].isspace()):
            cuts.append(start - i)
    return cuts


def _cuts_after(text: str, end: int) -> list[int]:
    """Suffix lengths that end at a word end, shortest first (and the end of the text)."""
    cuts = []
    highest = min(len(text), end + MAX_CONTEXT_CHARS)
    for j in range(end + 1, highest + 1):
        if j == len(text) or (not text[j - 1].isspace() and text[j].isspace()):
            cuts.append(j - end)
    return cuts


def choose_context(text: str, start: int, end: int) -> tuple[str | None, str | None] | None:
    """The shortest whole-word prefix and/or suffix that make ``text[start:end]`` resolve to
    ``start``.

    Returns (None, None) when the quote occurs once, and None when no context within
    MAX_CONTEXT_WORDS words either side tells it apart. Candidates are tried by total length, those
    without a line break first. A prefix alone wins a tie, because it reads naturally before the
    quote.
    """
    quote = text[start:end]
    if quote_lands(text, quote, None, None, start):
        return None, None
    # Whole words read better than cut ones; the word count bounds the work on repetitive text.
    before = [0, *_cuts_before(text, start)[:MAX_CONTEXT_WORDS]]
    after = [0, *_cuts_after(text, end)[:MAX_CONTEXT_WORDS]]
    pairs = [
        (text[start - b : start] if b else None, text[end : end + a] if a else None)
        for b in before
        for a in after
        if b or a
    ]
    # Context within the quote's own paragraph first (a line break in a prefix reads badly).
    pairs.sort(
        key=lambda ps: (
            "\n" in (ps[0] or "") + (ps[1] or ""),
            len(ps[0] or "") + len(ps[1] or ""),
            ps[1] is not None,
            len(ps[1] or ""),
        )
    )
    for prefix, suffix in pairs:
        if quote_lands(text, quote, prefix, suffix, start):
            return prefix, suffix
    return None
