"""The annotation file's models: one place that defines what a valid file is.

Validation, the JSON Schema shipped for editors and the exports all come from these classes.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictFloat,
    StrictInt,
    StrictStr,
    StringConstraints,
)

from reader.vocabulary import ID_PATTERN, LABEL_PATTERN, Status

__all__ = [
    "FIGURE_TYPES",
    "MAX_QUOTE_CHARS",
    "OPS",
    "SECTIONS",
    "AnnotationFile",
    "Claim",
    "Context",
    "DataValue",
    "EntityCorrection",
    "Figure",
    "Id",
    "Label",
    "Note",
    "NumberCheck",
    "QuoteText",
    "Source",
    "Text",
]

MAX_QUOTE_CHARS = 2_000  # a quote is a sentence or two, not a chapter

Id = Annotated[str, StringConstraints(pattern=f"^{ID_PATTERN}$", max_length=120)]
Text = Annotated[str, StringConstraints(min_length=1, max_length=20_000)]
QuoteText = Annotated[str, StringConstraints(min_length=1, max_length=MAX_QUOTE_CHARS)]
Context = Annotated[str, StringConstraints(max_length=500)]
Label = Annotated[str, StringConstraints(pattern=f"^{LABEL_PATTERN}$", max_length=40)]
DataValue = StrictInt | StrictFloat | StrictStr | StrictBool | None

FIGURE_TYPES = ("line", "bar", "stat")


class _Model(BaseModel):
    # Unknown keys are errors so a typo never silently drops data; no coercion of wrong types.
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Source(_Model):
    name: Text
    url: Text | None = None


OPS = ("value", "change", "ratio", "percent_change", "sum")


class NumberCheck(_Model):
    """One number of a claim's quote checked against a figure's rows (or marked unverifiable)."""

    number: QuoteText = Field(
        description=(
            "text of the quote inside exactly one number phrase, e.g. '24' or 'more than 1,500'"
        )
    )
    occurrence: Annotated[StrictInt, Field(ge=1)] | None = Field(
        None,
        description=(
            "which occurrence of 'number' in the quote (1-based), when it occurs more than once"
        ),
    )
    figure: Id | None = Field(
        None, description="one of the claim's figures (may be left out when the claim links one)"
    )
    x: DataValue | list[DataValue] = Field(
        None,
        description="the row: the value of the figure's x field (a stat "
        "figure's label); [from, to] for change/ratio/percent_change; a list for sum",
    )
    y: StrictStr | None = Field(None, description="the series; optional when the figure has one")
    op: Literal["value", "change", "ratio", "percent_change", "sum"] | None = Field(
        None, description="value (default) | change | ratio | percent_change | sum"
    )
    unverifiable: Text | None = Field(
        None, description="in place of figure/x: why no data can test this number"
    )


class Claim(_Model):
    """A statement in the text that rests on numbers or checkable facts."""

    id: Id
    quote: QuoteText
    prefix: Context | None = None
    suffix: Context | None = None
    figures: list[Id] = Field(
        default_factory=list, description="ids of figures that back the claim"
    )
    notes: list[Id] = Field(default_factory=list, description="ids of background notes")
    assessment: Text | None = Field(None, description="Markdown: what the sources say")
    status: Status | None = None
    checks: list[NumberCheck] = Field(
        default_factory=list, description="numbers of the quote checked against the figures' data"
    )


class Figure(_Model):
    """Data a claim points to, drawn as a chart (line, bar) or shown as numbers (stat)."""

    id: Id
    title: Text
    type: Literal["line", "bar", "stat"]
    x: StrictStr | None = Field(None, description="line/bar: the field on the x axis")
    y: StrictStr | list[StrictStr] | None = Field(
        None, description="line/bar: a field, or a list of fields"
    )
    unit: Text | None = None
    data: list[dict[str, DataValue]] = Field(min_length=1)
    highlight: list[DataValue] = Field(default_factory=list, description="x values to emphasise")
    caption: Text | None = Field(None, description="Markdown under the chart")
    source: Source

    @property
    def y_fields(self) -> list[str]:
        return [self.y] if isinstance(self.y, str) else list(self.y or [])


class Note(_Model):
    """Brief background on a person, body, event or term."""

    id: Id
    title: Text
    body: Text = Field(description="Markdown; raw HTML is shown as text")
    mentions: list[Text] = Field(
        default_factory=list, description="every whole-word occurrence links here"
    )
    quote: QuoteText | None = None
    prefix: Context | None = None
    suffix: Context | None = None
    sources: list[Source] = Field(default_factory=list)


class EntityCorrection(_Model):
    """A curated correction of the model's entities: by text (each occurrence) or by quote (one)."""

    text: Text | None = None
    quote: QuoteText | None = None
    prefix: Context | None = None
    suffix: Context | None = None
    label: Label | None = None
    remove: StrictBool = False
    note: Id | None = None


class AnnotationFile(_Model):
    """annotations/<slug>.yaml"""

    model_config = ConfigDict(title="Reader annotation file")
    claims: list[Claim] = Field(default_factory=list)
    figures: list[Figure] = Field(default_factory=list)
    notes: list[Note] = Field(default_factory=list)
    entities: list[EntityCorrection] = Field(default_factory=list)


SECTIONS: dict[str, type[_Model]] = {
    "claims": Claim,
    "figures": Figure,
    "notes": Note,
    "entities": EntityCorrection,
}
