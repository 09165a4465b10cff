"""Annotating from the page: turn a text selection into a new entry appended to the YAML as text.

The entry is written by hand-made YAML lines, never by re-dumping the file, so every existing
byte (comments, order, formatting) stays where it was. It goes after the last entry of its
section (``claims``, ``notes`` or ``entities``), or under a new section key at the end of the
file. A quote that occurs more than once gets the shortest whole-word ``prefix`` and/or
``suffix`` that makes it resolve to the selected place (checked with reader.anchoring).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

import yaml

from reader.anchoring import resolve_quote
from reader.schema import MAX_QUOTE_CHARS

__all__ = ["AuthoringError", "ENTITY_LABEL_PLACEHOLDER", "NOTE_BODY_PLACEHOLDER", "NewEntry", "choose_context",
           "new_entry", "new_entry_text", "yaml_string"]

Kind = Literal["claim", "note", "entity"]
SECTION = {"claim": "claims", "note": "notes", "entity": "entities"}
ENTITY_LABEL_PLACEHOLDER = "TODO"             # valid, obvious, and listed in the reader until changed
NOTE_BODY_PLACEHOLDER = "TODO: write the note."
MAX_CONTEXT_CHARS = 500                       # the schema's limit for prefix and suffix
MAX_CONTEXT_WORDS = 24                        # context is looked for up to this many words either side
ID_WORDS = 6
ID_CHARS = 48


class AuthoringError(ValueError):
    """The selection cannot become an entry (empty, too long, or the YAML cannot take one)."""


@dataclass(frozen=True)
class NewEntry:
    text: str               # the whole new YAML text
    entry_id: str | None    # the new claim's or note's id; None for an entity correction
    line: int               # 1-based line where the new entry starts in ``text``
    quote: str
    prefix: str | None
    suffix: str | None


def new_entry_text(kind: Kind, document_text: str, start: int, end: int, existing_yaml: str,
                   *, label: str | None = None) -> tuple[str, str | None]:
    """The YAML with a new entry for ``document_text[start:end]``, and the entry's id (None for entities)."""
    entry = new_entry(kind, document_text, start, end, existing_yaml, label=label)
    return entry.text, entry.entry_id


def new_entry(kind: Kind, document_text: str, start: int, end: int, existing_yaml: str,
              *, label: str | None = None) -> NewEntry:
    if kind not in SECTION:
        raise AuthoringError(f"unknown kind of entry {kind!r}: use claim, note or entity")
    start, end = _trim(document_text, start, end)
    quote = document_text[start:end]
    if len(quote) > MAX_QUOTE_CHARS:
        raise AuthoringError(f"the selection is {len(quote):,} characters; a quote is at most {MAX_QUOTE_CHARS:,}")
    prefix, suffix = choose_context(document_text, start, end)
    data = _load(existing_yaml)
    section = SECTION[kind]
    entry_id = None if kind == "entity" else _unused_id(_slugify(quote) or kind, _ids(data, existing_yaml))
    lines = _entry_lines(kind, entry_id, quote, prefix, suffix, label)
    text, line = _append(existing_yaml, data, section, lines)
    _check(text, data, section, entry_id, quote)
    return NewEntry(text, entry_id, line, quote, prefix, suffix)


# --------------------------------------------------------------------------- the quote and its context


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """The selection without surrounding white space (browsers often include a trailing space)."""
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in (start, end)):
        raise AuthoringError("the selection must be given as two character offsets")
    if not 0 <= start < end <= len(text):
        raise AuthoringError(f"the selection {start}–{end} is not inside the document (0–{len(text)})")
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start == end:
        raise AuthoringError("the selection is only white space")
    return start, end


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


def choose_context(text: str, start: int, end: int) -> tuple[str | None, str | None]:
    """The shortest whole-word prefix and/or suffix that make ``text[start:end]`` resolve to ``start``.

    (None, None) when the quote occurs once. Candidates are tried by total length, those without a
    line break first; a prefix alone wins a tie (it reads naturally before the quote).
    """
    quote = text[start:end]

    def lands(prefix: str | None, suffix: str | None) -> bool:
        anchor = resolve_quote(text, quote, prefix=prefix, suffix=suffix)
        return anchor.kind == "exact" and anchor.start == start

    if lands(None, None):
        return None, None
    # Whole words read better than cut ones; the word count bounds the work on repetitive text.
    before = [0, *_cuts_before(text, start)[:MAX_CONTEXT_WORDS]]
    after = [0, *_cuts_after(text, end)[:MAX_CONTEXT_WORDS]]
    pairs = [(text[start - b:start] if b else None, text[end:end + a] if a else None)
             for b in before for a in after if b or a]
    # Context within the quote's own paragraph first (a line break in a prefix reads badly).
    pairs.sort(key=lambda ps: ("\n" in (ps[0] or "") + (ps[1] or ""), len(ps[0] or "") + len(ps[1] or ""),
                               ps[1] is not None, len(ps[1] or "")))
    for prefix, suffix in pairs:
        if lands(prefix, suffix):
            return prefix, suffix
    raise AuthoringError(f"“{quote}” occurs {text.count(quote)} times and no nearby text tells this one apart; "
                         "select a longer passage")


# --------------------------------------------------------------------------- ids


def _slugify(quote: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", quote).encode("ascii", "ignore").decode("ascii").lower()
    words = re.findall(r"[a-z0-9]+", ascii_text)[:ID_WORDS]
    slug = "-".join(words)[:ID_CHARS].strip("-")
    return slug


def _ids(data: object, text: str) -> set[str]:
    """Every id in the file: the parsed ones, and any ``id:`` written in the text (even in a broken entry)."""
    found = {m.group(1).strip("'\"") for m in re.finditer(r"""\bid:\s*([^\s,}#]+)""", text)}
    if isinstance(data, dict):
        for entries in data.values():
            for entry in entries if isinstance(entries, list) else []:
                if isinstance(entry, dict) and isinstance(entry.get("id"), str):
                    found.add(entry["id"])
    return found


def _unused_id(base: str, taken: set[str]) -> str:
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


# --------------------------------------------------------------------------- YAML text

_PRINTABLE = re.compile("[\x09\x0a\x0d\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r", "\0": "\\0"}


def yaml_string(value: str) -> str:
    """``value`` as a YAML scalar that reads back exactly: plain when that is safe, else double-quoted."""
    if re.fullmatch(r"[A-Za-z(\u00c0-\uffff][^\n\r\t#:\"'\[\]{},&*!|>%@`\\\u0085\u2028\u2029\ufeff]*", value) and \
            value == value.strip() and _reads_back(value):
        return value
    out = []
    for ch in value:
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


def _reads_back(value: str) -> bool:
    try:
        return yaml.safe_load(f"k: {value}\n") == {"k": value}
    except yaml.YAMLError:
        return False


def _entry_lines(kind: Kind, entry_id: str | None, quote: str, prefix: str | None, suffix: str | None,
                 label: str | None) -> list[str]:
    """The new entry's lines, relative to the list's indent: "- first: …" then "  key: …"."""
    fields: list[tuple[str, str]] = []
    if entry_id is not None:
        fields.append(("id", entry_id))
    if kind == "note":
        title = " ".join(quote.split())
        fields.append(("title", yaml_string(title if len(title) <= 80 else title[:79].rstrip() + "…")))
    fields.append(("quote", yaml_string(quote)))
    if prefix is not None:
        fields.append(("prefix", yaml_string(prefix)))
    if suffix is not None:
        fields.append(("suffix", yaml_string(suffix)))
    if kind == "note":
        fields.append(("body", yaml_string(NOTE_BODY_PLACEHOLDER)))
    if kind == "entity":
        if label is not None and not re.fullmatch(r"[A-Z][A-Z0-9_]*", label):
            raise AuthoringError(f"'{label}' is not an entity label (upper case, like PERSON, ORG or GPE)")
        fields.append(("label", (label or ENTITY_LABEL_PLACEHOLDER) + ("" if label else "   # PERSON, ORG, GPE, DATE, …")))
    return [("- " if i == 0 else "  ") + f"{key}: {value}" for i, (key, value) in enumerate(fields)]


def _load(text: str) -> object:
    try:
        return yaml.safe_load(text) if text.strip() else None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark else ""
        raise AuthoringError(f"the YAML has a syntax error{where}; fix it before adding an entry") from None


def _newline(text: str) -> str:
    return "\r\n" if "\r\n" in text and text.count("\n") == text.count("\r\n") else "\n"


def _append(text: str, data: object, section: str, entry: list[str]) -> tuple[str, int]:
    """Insert the entry's lines as text; returns the new text and the 1-based line of the entry."""
    nl = _newline(text)
    if data is not None and not isinstance(data, dict):
        raise AuthoringError("the file is not a mapping of sections (claims, figures, notes, entities); fix it first")
    key, node = _section_node(text, section) if isinstance(data, dict) and section in data else (None, None)
    if key is not None and _is_empty(node):
        # "claims:" with nothing after it: the entries go right under the key's line.
        insert_at = _end_of_line_index(text, key.start_mark.line)
        lead = "" if text[:insert_at].endswith("\n") else nl
        block = "".join(f"  {line}{nl}" for line in entry)
        return text[:insert_at] + lead + block + text[insert_at:], key.start_mark.line + 2
    if key is None:
        lead = "" if not text or text.endswith("\n") else nl
        start_line = (text + lead).count("\n") + 2
        return text + lead + f"{section}:{nl}" + "".join(f"  {line}{nl}" for line in entry), start_line
    if isinstance(node, yaml.SequenceNode) and not node.flow_style and node.value:
        indent = node.start_mark.column
        last_line = _last_content_line(node.value[-1])
        insert_at = _end_of_line_index(text, last_line)
        block = "".join(" " * indent + f"{line}{nl}" for line in entry)
        lead = "" if text[:insert_at].endswith("\n") else nl
        return text[:insert_at] + lead + block + text[insert_at:], last_line + 2
    if isinstance(node, yaml.SequenceNode) and node.flow_style and not node.value:
        # "claims: []": the brackets give way to a block list (the only bytes that change).
        start, end = node.start_mark.index, node.end_mark.index
        block = "".join(f"{nl}  {line}" for line in entry)
        return text[:start].rstrip(" ") + block + text[end:], node.start_mark.line + 2
    raise AuthoringError(f"'{section}' is not written as a block list ('- ' entries); "
                         f"rewrite it that way to add entries from the page")


def _section_node(text: str, section: str) -> tuple[yaml.Node | None, yaml.Node | None]:
    """The key node and value node of a top-level section."""
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    if isinstance(root, yaml.MappingNode):
        for key, value in root.value:
            if isinstance(key, yaml.ScalarNode) and key.value == section:
                return key, value
    return None, None


def _is_empty(node: yaml.Node | None) -> bool:
    """A value written as nothing at all (``key:`` alone), whose marks point at the next token."""
    return isinstance(node, yaml.ScalarNode) and node.value == "" and node.style is None


def _last_content_line(node: yaml.Node) -> int:
    """0-based line of the last character of a block node's content."""
    key = None
    while isinstance(node, yaml.MappingNode | yaml.SequenceNode) and not node.flow_style and node.value:
        if isinstance(node, yaml.MappingNode):
            key, node = node.value[-1]
        else:
            key, node = None, node.value[-1]
    if _is_empty(node):
        return key.end_mark.line if key is not None else node.start_mark.line
    end = node.end_mark
    if isinstance(node, yaml.ScalarNode) and node.style in ("|", ">"):
        # A block scalar ends at the start of the line after its last line (or later, past blank lines).
        return end.buffer[:end.index].rstrip(" \r\n\0").count("\n")
    return end.line if end.column > 0 or end.line == node.start_mark.line else end.line - 1


def _end_of_line_index(text: str, line: int) -> int:
    """Index just after the line break ending 0-based ``line`` (or the end of the text)."""
    index = 0
    for _ in range(line + 1):
        found = text.find("\n", index)
        if found == -1:
            return len(text)
        index = found + 1
    return index


def _check(text: str, before: object, section: str, entry_id: str | None, quote: str) -> None:
    """The new text must hold every old entry unchanged plus the new one at the end of its section."""
    try:
        after = yaml.safe_load(text)
    except yaml.YAMLError as exc:  # pragma: no cover - a bug in _append; never hand back broken YAML
        raise AuthoringError(f"could not add the entry as text ({exc}); add it by hand") from None
    old = dict(before) if isinstance(before, dict) else {}
    old_entries = old.get(section) or []
    new_entries = after.get(section) if isinstance(after, dict) else None
    same_rest = isinstance(after, dict) and {k: v for k, v in after.items() if k != section} == \
        {k: v for k, v in old.items() if k != section}
    if not (same_rest and isinstance(new_entries, list) and new_entries[:-1] == old_entries
            and new_entries[-1].get("quote") == quote and new_entries[-1].get("id") == entry_id):
        raise AuthoringError("could not add the entry as text without disturbing the file; add it by hand")
