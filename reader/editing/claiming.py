"""A suggested sentence made a claim: the entry appended to the annotation file as text (comments
and formatting kept), with ``status: unconfirmed``, the quote exactly as the document has it, the
figures and notes a similar claim elsewhere links (when this document can see them), and a
``checks:`` binding for each number the number check's suggestion matches in those figures, or,
when there are none, in any figure the document has.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from reader.editing.appending import append_lines, misread_section, slugify, unused_id, yaml_scalar
from reader.editing.authoring import AuthoringError, _ids, _load, _trim, choose_context
from reader.numbers import find_numbers
from reader.numbers.check import suggest
from reader.sources.schema import MAX_QUOTE_CHARS, Figure

__all__ = ["NewClaim", "link_evidence", "new_claim"]


@dataclass(frozen=True)
class NewClaim:
    text: str  # the whole new YAML text
    claim_id: str
    line: int  # where the entry starts
    figures: tuple[str, ...]
    checks: int  # numbers bound to a figure's rows


def new_claim(
    existing_yaml: str,
    document_text: str,
    start: int,
    end: int,
    *,
    figures: Mapping[str, Figure],
    link_figures: Sequence[str] = (),
    link_notes: Sequence[str] = (),
    notes: Sequence[str] = (),
) -> NewClaim:
    """The YAML with a claim for ``document_text[start:end]`` appended.

    ``figures``: every figure the document sees (its own and the shared ones); ``notes`` the note
    ids it sees. ``link_figures``/``link_notes`` are linked where the document sees them.
    """
    start, end = _trim(document_text, start, end)
    quote = document_text[start:end]
    if len(quote) > MAX_QUOTE_CHARS:
        raise AuthoringError(f"the sentence is over {MAX_QUOTE_CHARS:,} characters")
    prefix, suffix = choose_context(document_text, start, end)
    data = _load(existing_yaml)
    claim_id = unused_id(slugify(quote) or "claim", _ids(data, existing_yaml))
    linked = [f for f in dict.fromkeys(link_figures) if f in figures]
    checks = _bindings(quote, [figures[f] for f in linked] or list(figures.values()))
    for check in checks:
        if str(check["figure"]) not in linked:
            linked.append(str(check["figure"]))
    if len(linked) == 1:  # the figure is the claim's only one: checks need not name it
        checks = [{k: v for k, v in c.items() if k != "figure"} for c in checks]
    entry: dict[str, object] = {"id": claim_id, "quote": quote}
    if prefix is not None:
        entry["prefix"] = prefix
    if suffix is not None:
        entry["suffix"] = suffix
    entry["status"] = "unconfirmed"
    if linked:
        entry["figures"] = linked
    if kept_notes := [n for n in dict.fromkeys(link_notes) if n in set(notes)]:
        entry["notes"] = kept_notes
    if checks:
        entry["checks"] = checks
    text, line = append_lines(existing_yaml, "claims", _lines(entry))
    if misread_section(data, text, {"claims": [entry]}) is not None:
        raise AuthoringError("the new claim would not read back as written; nothing was added")
    return NewClaim(text, claim_id, line, tuple(linked), len(checks))


def _bindings(quote: str, figures: list[Figure]) -> list[dict[str, object]]:
    """A check for each number of the quote that the number check's suggestion matches."""
    if not figures:
        return []
    phrases = find_numbers(quote)
    years = [y for p in phrases if p.kind == "year" for y in p.years]
    found = []
    for phrase in phrases:
        if phrase.kind == "year":
            continue
        verdict = suggest(phrase, figures, years)
        if verdict.verdict != "match" or verdict.figure is None:
            continue
        check: dict[str, object] = {"number": phrase.text}
        if quote.count(phrase.text) > 1:  # which one, as the format counts them
            check["occurrence"] = quote.count(phrase.text, 0, phrase.start) + 1
        check["figure"] = verdict.figure
        check["x"] = list(verdict.x) if isinstance(verdict.x, tuple) else verdict.x
        if verdict.y is not None:
            check["y"] = verdict.y
        if verdict.op not in (None, "value"):
            check["op"] = verdict.op
        found.append(check)
    return found


def _lines(entry: Mapping[str, object]) -> list[str]:
    lines: list[str] = []
    for key, value in entry.items():
        lead = "- " if not lines else "  "
        if isinstance(value, list) and value and isinstance(value[0], dict):
            lines.append(f"{lead}{key}:")
            for item in value:
                for i, (k, v) in enumerate(item.items()):
                    lines.append(("    - " if i == 0 else "      ") + f"{k}: {_value(v)}")
        else:
            lines.append(f"{lead}{key}: {_value(value)}")
    return lines


def _value(value: object, *, flow: bool = False) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(_value(v, flow=True) for v in value) + "]"
    if isinstance(value, int | float) and not isinstance(value, bool):
        return repr(value)
    return yaml_scalar(value, flow=flow)


def link_evidence(
    existing_yaml: str, claim_id: str, *, figures: Sequence[str], notes: Sequence[str]
) -> tuple[str, int]:
    """The YAML with ``figures`` and ``notes`` added to claim ``claim_id``'s lists (as text: the
    rest of the file byte for byte), and the 1-based line of the claim."""
    import yaml

    from reader.editing.appending import _section, last_content_line, line_end

    data = _load(existing_yaml)
    _, claims = _section(existing_yaml, "claims")
    entry = next(
        (
            node
            for node in (claims.value if isinstance(claims, yaml.SequenceNode) else [])
            if isinstance(node, yaml.MappingNode)
            and not node.flow_style
            and any(k.value == "id" and v.value == claim_id for k, v in node.value)
        ),
        None,
    )
    if entry is None:
        raise AuthoringError(f"no claim '{claim_id}' written as a block entry in the file")
    fields = {k.value: v for k, v in entry.value}
    edits: list[tuple[int, int, str]] = []  # (start, end, new text), applied from the end
    wanted: dict[str, list[str]] = {}
    indent = " " * entry.value[0][0].start_mark.column
    for key, add in (("figures", figures), ("notes", notes)):
        node = fields.get(key)
        have = [n.value for n in node.value] if isinstance(node, yaml.SequenceNode) else []
        merged = list(dict.fromkeys([*have, *add]))
        wanted[key] = merged
        if merged == have:
            continue
        if isinstance(node, yaml.SequenceNode) and node.flow_style:
            written = "[" + ", ".join(yaml_scalar(v, flow=True) for v in merged) + "]"
            edits.append((node.start_mark.index, node.end_mark.index, written))
        elif node is None:
            at = line_end(existing_yaml, last_content_line(entry))
            written = "[" + ", ".join(yaml_scalar(v, flow=True) for v in merged) + "]"
            edits.append((at, at, f"{indent}{key}: {written}\n"))
        else:
            raise AuthoringError(
                f"claim '{claim_id}' writes {key} as a block list; edit it by hand"
            )
    text = existing_yaml
    for start, end, new in sorted(edits, reverse=True):
        text = text[:start] + new + text[end:]
    before: dict[str, Any] = data if isinstance(data, dict) else {}
    after: dict[str, Any] = yaml.safe_load(text)
    expected = [
        {**c, **{k: v for k, v in wanted.items() if v}} if c.get("id") == claim_id else c
        for c in before.get("claims") or []
    ]
    if after.get("claims") != expected or {k: v for k, v in after.items() if k != "claims"} != {
        k: v for k, v in before.items() if k != "claims"
    }:
        raise AuthoringError("the claim would not read back as intended; nothing was changed")
    return text, entry.start_mark.line + 1
