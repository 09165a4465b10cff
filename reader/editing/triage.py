"""The curator's triage list: what an annotation file might still need, as suggestions (never
problems).

- sentences with numbers, money or percentages that no claim covers yet (read by
  ``reader.numbers.find_numbers``; with the model loaded, its MONEY, PERCENT and QUANTITY
  entities too), each with its place in the document so the app can make a claim of it;
- figure and note sources whose ``url`` is missing or a site's home page (an empty or ``/``
  path and no query): cite the page, not the site;
- claims whose quote has numbers but that link no figure to check them against.

Shown in the Edit view and by ``python -m reader check --suggest``; plain ``check`` never shows
them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Literal
from urllib.parse import urlsplit

from reader.editing.completion import sentence_spans
from reader.reading import Reading
from reader.sources.annotations import Annotations
from reader.text import shorten

__all__ = ["ENTITY_NUMBER_LABELS", "Suggestion", "is_home_page", "triage"]

#: Model entity labels that are numbers a claim could rest on (CARDINAL alone is too often "one",
#: "two").
ENTITY_NUMBER_LABELS = frozenset({"MONEY", "PERCENT", "QUANTITY"})
SHORTEN = 90  # characters of a sentence shown in a message

Kind = Literal["uncovered-numbers", "source-url", "claim-without-figure"]


@dataclass(frozen=True, slots=True)
class Suggestion:
    kind: Kind
    path: str  # the file it is about: the article for a sentence, else the annotation file
    line: int
    column: int
    message: str
    start: int | None = None  # uncovered-numbers: the sentence's offsets in the document text
    end: int | None = None

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: suggestion: {self.message}"


def is_home_page(url: str) -> bool:
    """A site's front page (``https://www.inegi.org.mx/``): no path beyond '/', and no query."""
    parts = urlsplit(url.strip())
    return bool(parts.netloc) and parts.path in ("", "/") and not parts.query


def _number_texts(phrases: Sequence[Any]) -> str:
    return ", ".join(dict.fromkeys(p.text if hasattr(p, "text") else str(p) for p in phrases))


def _find_numbers() -> Callable[[str], list[Any]]:
    from reader.numbers import find_numbers  # the number reader (no spaCy)

    return find_numbers


def triage(
    reading: Reading, *, find_numbers: Callable[[str], list[Any]] | None = None
) -> list[Suggestion]:
    """Every suggestion for one document read with its annotations: the file's first, by line, then
    the article's."""
    find = find_numbers or _find_numbers()
    annotations = reading.annotations
    in_file = sorted(
        [*_source_urls(annotations), *_claims_without_figures(annotations, find)],
        key=lambda s: (s.line, s.column),
    )
    return [*in_file, *_uncovered_sentences(reading, find)]


def _uncovered_sentences(
    reading: Reading, find: Callable[[str], list[Any]]
) -> Iterator[Suggestion]:
    document = reading.document
    claims = sorted((s.start, s.end) for s in reading.spans if s.layer == "claims")
    entity_numbers = [
        s for s in reading.spans if s.layer == "entities" and s.label in ENTITY_NUMBER_LABELS
    ]
    for block in document.blocks:
        phrases = [p for p in find(block.text) if p.kind != "year"]
        for start, end in sentence_spans(block.text):
            at, to = block.start + start, block.start + end
            if any(s < to and at < e for s, e in claims):
                continue
            numbers = [p.text for p in phrases if p.start < end and start < p.end]
            numbers += [
                reading.text[s.start : s.end] for s in entity_numbers if s.start < to and at < s.end
            ]
            if not numbers:
                continue
            line, column = _place_in_article(block, start)
            yield Suggestion(
                "uncovered-numbers",
                document.path,
                line,
                column,
                (
                    f"no claim covers “{shorten(block.text[start:end], SHORTEN)}” "
                    f"(numbers: {_number_texts(numbers)})"
                ),
                at,
                to,
            )


def _place_in_article(block: Any, offset: int) -> tuple[int, int]:
    """Line and column in the article file of an offset in a block (front-matter blocks: their
    line)."""
    if block.kind in ("title", "dek", "caption", "credit"):
        return block.line, 1
    before = block.text[:offset]
    line_start = before.rfind("\n") + 1
    return block.line + before.count("\n"), offset - line_start + 1 + (
        3 if block.kind == "heading" else 0
    )


def _source_urls(annotations: Annotations) -> Iterator[Suggestion]:
    def check(
        item: Any, fields: tuple[str | int, ...], owner: str, url: str | None
    ) -> Iterator[Suggestion]:
        if not url or not url.strip():
            line, column = annotations.place(item, *fields)
            yield Suggestion(
                "source-url",
                annotations.path,
                line,
                column,
                f"{owner}: the source has no url (cite the page, not the site)",
            )
        elif is_home_page(url):
            line, column = annotations.place(item, *fields, "url")
            yield Suggestion(
                "source-url",
                annotations.path,
                line,
                column,
                (
                    f"{owner}: the source url {url.strip()} is a site's home page: cite "
                    "the page, not the site"
                ),
            )

    for figure in annotations.figures.values():
        yield from check(figure, ("source",), f"figure '{figure.id}'", figure.source.url)
    for note in annotations.notes.values():
        for index, source in enumerate(note.sources):
            yield from check(note, ("sources", index), f"note '{note.id}'", source.url)


def _claims_without_figures(
    annotations: Annotations, find: Callable[[str], list[Any]]
) -> Iterator[Suggestion]:
    for claim in annotations.claims:
        if claim.figures:
            continue
        numbers = [p for p in find(claim.quote) if p.kind != "year"]
        if numbers:
            line, column = annotations.place(claim, "id")
            yield Suggestion(
                "claim-without-figure",
                annotations.path,
                line,
                column,
                (
                    f"claim '{claim.id}' has numbers ({_number_texts(numbers)}) but no "
                    "figure to check them against"
                ),
            )
