"""Suggested claims: every sentence of a document that no claim covers yet, ranked by how
check-worthy it is, with the reasons in words and a quote/prefix/suffix that anchors it.

The score (0..1) puts together signals the project already reads. Each signal found adds its
weight as an independent chance, ``1 − Π(1 − weight)``; then each weakening sign multiplies it:

- stronger: numbers (``reader.numbers.find_numbers``; money and percentages more), comparisons
  and superlatives, attribution ("said", "according to"; more when a named source is near),
  named people, organisations and places (the model's entities when there are any, cached or
  fresh; else capitalised words inside the sentence), dates and years, cause and effect;
- weaker: questions, first-person experience, opinions ("should", "I think") and predictions
  ("will", "expected to"), very short sentences and headings.

Similar claims elsewhere in the library (``seen``) are filled in by the caller, from
``reader.library.seen``, which sits above this layer.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from reader.anchoring import resolve_quote
from reader.editing.completion import sentence_spans
from reader.reading import Reading
from reader.sources.schema import MAX_QUOTE_CHARS

__all__ = [
    "Seen",
    "Suggestion",
    "anchor_context",
    "score_sentence",
    "suggest_claims",
    "suggestion_lines",
]

CONTEXT = 32  # characters of prefix and suffix, widened until the quote anchors in one place
MAX_CONTEXT = 500  # the annotation format's limit on a prefix or suffix

_NAMED = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC", "LAW", "EVENT", "PRODUCT"})
_W = r"(?<![\w’'])"
_COMPARISON = re.compile(
    _W + r"(more|less|fewer|higher|lower|larger|smaller|bigger|greater|faster|slower|than|"
    r"rose|rise[sn]?|fell|fall(s|en)?|drop(ped|s)?|increased?|decreased?|grew|grow(s|n)?|"
    r"declined?|doubled?|tripled?|halved?|surged?|plunged?|jumped|climbed?|soared?|outnumber\w*)\b",
    re.I,
)
_SUPERLATIVE = re.compile(
    _W + r"(most|least|highest|lowest|largest|smallest|biggest|greatest|worst|best|deadliest|"
    r"record|first|last|only|never|ever|top|fastest|longest)\b",
    re.I,
)
_ATTRIBUTION = re.compile(
    _W + r"(said|says|say|told|according to|reported(ly)?|reports?|announced|estimated?s?|"
    r"found that|showed|shows|data|figures|statistics|survey|study|census|poll|"
    r"accused|claimed|stated|confirmed|denied|testified|wrote|cited)\b",
    re.I,
)
_CAUSE = re.compile(
    _W + r"(led to|caused|causes|resulted in|because of|due to|produces?|triggered|"
    r"contributed to|linked to|blamed)\b",
    re.I,
)
_MONTH = re.compile(
    r"\b(January|February|March|April|May|June|July|August|September|October|November|December)"
    r"( \d{1,2})?\b"
)
_FIRST_PERSON = re.compile(r"(?<![\w’'])(I|I’m|I'm|I’ve|me|my|we|our|us|myself)(?![\w’'])")
_OPINION = re.compile(
    _W + r"(should|must|ought|I think|I believe|we believe|in my view|arguably|perhaps|"
    r"hopefully|unfortunately|clearly|obviously|seems?|appears? to|wonderful|terrible|"
    r"beautiful|great deal|best way|needs? to)\b",
    re.I,
)
_PREDICTION = re.compile(
    _W + r"(will|won’t|won't|would|could|might|may|expects?|expected|likely|forecasts?|"
    r"predicts?|set to|going to|plans? to|aims? to)\b",
    re.I,
)
_CAPITALISED = re.compile(r"(?<=[\w,;:’”)] )[A-Z][\w’'-]+(?: [A-Z][\w’'-]+)*")
_QUOTED = re.compile(r"[“\"][^”\"]*[”\"]")


@dataclass(frozen=True, slots=True)
class Seen:
    """A claim elsewhere in the library that says nearly the same."""

    doc: str
    id: str
    status: str | None
    similarity: float
    quote: str = ""
    figures: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "doc": self.doc,
            "id": self.id,
            "status": self.status,
            "similarity": self.similarity,
            "quote": self.quote,
            "figures": list(self.figures),
            "notes": list(self.notes),
        }


@dataclass(frozen=True, slots=True)
class Suggestion:
    quote: str
    prefix: str
    suffix: str
    start: int  # offsets of the quote in the document text
    end: int
    score: float
    reasons: tuple[str, ...]
    seen: tuple[Seen, ...] = field(default=())

    def to_json(self) -> dict[str, Any]:
        return {
            "quote": self.quote,
            "prefix": self.prefix,
            "suffix": self.suffix,
            "start": self.start,
            "end": self.end,
            "score": self.score,
            "reasons": list(self.reasons),
            "seen": [s.to_json() for s in self.seen],
        }


def _find_numbers() -> Callable[[str], list[Any]]:
    from reader.numbers import find_numbers

    return find_numbers


def score_sentence(
    sentence: str,
    *,
    numbers: Iterable[Any] = (),
    entities: Iterable[tuple[str, str]] = (),
    heading: bool = False,
) -> tuple[float, list[str]]:
    """The check-worthiness of one sentence in 0..1 and its reasons, strongest first.

    ``numbers`` are its ``find_numbers`` phrases; ``entities`` its (text, label) named entities
    (empty without a model: capitalised words inside the sentence stand in for them).
    """
    found: list[tuple[float, str]] = []
    phrases = list(numbers)
    quantities = [p for p in phrases if p.kind != "year"]
    if quantities:
        money_or_share = any(p.kind in ("money", "percent") or p.unit for p in quantities)
        texts = ", ".join(dict.fromkeys(p.text for p in quantities[:3]))
        found.append((0.55 if money_or_share else 0.45, f"a number ({texts})"))
    bare = _QUOTED.sub("", sentence)  # words inside quotation marks are the speaker's, not ours
    if match := _SUPERLATIVE.search(sentence):
        found.append((0.25, f"a superlative (“{match.group()}”)"))
    if match := _COMPARISON.search(sentence):
        found.append((0.25, f"a comparison (“{match.group()}”)"))
    named = [text for text, label in entities if label in _NAMED]
    if not named and not list(entities):
        named = _CAPITALISED.findall(sentence)
    if match := _ATTRIBUTION.search(sentence):
        if named:
            found.append((0.35, f"attributed to a named source (“{match.group()}”)"))
        else:
            found.append((0.2, f"attributed to a source (“{match.group()}”)"))
    if named:
        shown = ", ".join(dict.fromkeys(named[:3]))
        found.append((min(0.3, 0.12 * len(set(named))), f"names {shown}"))
    years = [p for p in phrases if p.kind == "year"]
    if years or _MONTH.search(sentence):
        found.append((0.15, "a date"))
    if match := _CAUSE.search(sentence):
        found.append((0.15, f"cause and effect (“{match.group()}”)"))
    chance = 1.0
    for weight, _ in found:
        chance *= 1 - weight
    score = 1 - chance
    reasons = [reason for _, reason in sorted(found, key=lambda f: -f[0])]
    for factor, reason, present in (
        (0.3, "a question", sentence.rstrip("”’\"' ").endswith("?")),
        (0.5, "first-person experience", bool(_FIRST_PERSON.search(bare))),
        (0.6, "an opinion", bool(_OPINION.search(bare))),
        (0.7, "a prediction", bool(_PREDICTION.search(bare))),
        (0.5, "too short to check", len(sentence.split()) < 5),
        (0.7, "a heading", heading),
    ):
        if present:
            score *= factor
            reasons.append(f"lower: {reason}")
    return round(min(1.0, max(0.0, score)), 3), reasons or ["no sign of a checkable fact"]


def anchor_context(text: str, start: int, end: int) -> tuple[str, str]:
    """A prefix and suffix that make ``text[start:end]`` anchor there and nowhere else."""
    quote = text[start:end]
    width = CONTEXT
    while True:
        prefix, suffix = text[max(0, start - width) : start], text[end : end + width]
        anchor = resolve_quote(text, quote, prefix=prefix, suffix=suffix)
        if anchor.start == start or width >= MAX_CONTEXT:
            return prefix, suffix
        width = min(MAX_CONTEXT, width * 2)


def suggest_claims(
    reading: Reading, *, find_numbers: Callable[[str], list[Any]] | None = None
) -> list[Suggestion]:
    """Every sentence no claim covers, best first (ties in the document's order)."""
    find = find_numbers or _find_numbers()
    text = reading.text
    claims = sorted((s.start, s.end) for s in reading.spans if s.layer == "claims")
    entities = sorted((s for s in reading.spans if s.layer == "entities"), key=lambda s: s.start)
    starts = [e.start for e in entities]
    found: list[Suggestion] = []
    for block in reading.document.blocks:
        if block.kind == "credit":
            continue
        phrases = find(block.text)
        for start, end in sentence_spans(block.text):
            at, to = block.start + start, block.start + end
            if to - at > MAX_QUOTE_CHARS or any(s < to and at < e for s, e in claims):
                continue
            sentence = text[at:to]
            score, reasons = score_sentence(
                sentence,
                numbers=[p for p in phrases if p.start < end and start < p.end],
                entities=[
                    (text[e.start : e.end], e.label or "")
                    for e in entities[bisect_left(starts, at) : bisect_left(starts, to)]
                    if e.end <= to
                ],
                heading=block.kind in ("title", "heading"),
            )
            prefix, suffix = anchor_context(text, at, to)
            found.append(Suggestion(sentence, prefix, suffix, at, to, score, tuple(reasons)))
    found.sort(key=lambda s: (-s.score, s.start))
    return found


def suggestion_lines(suggestions: Iterable[Suggestion]) -> list[str]:
    """``SCORE  “quote”  (reasons)``, then a ``seen:`` line under it for each similar claim."""
    lines = []
    for s in suggestions:
        lines.append(f"{s.score:.2f}  “{s.quote}”  ({'; '.join(s.reasons)})")
        for seen in s.seen:
            status = seen.status or "not assessed"
            figures = f", figures: {', '.join(seen.figures)}" if seen.figures else ""
            lines.append(
                f"      seen: {seen.doc} {seen.id} ({status}{figures}), "
                f"similarity {seen.similarity:.2f}"
            )
    return lines
