"""The vocabulary is the one place the statuses, layers and id shapes are written; everything agrees
with it."""

from __future__ import annotations

import re

import pytest
from pydantic import ValidationError

from reader.interop.jsonschema import annotation_json_schema
from reader.sources.schema import Claim, EntityCorrection
from reader.vocabulary import (
    ID,
    LABEL,
    LAYER_NAMES,
    LAYERS,
    SLUG,
    STATUS_COLOR_NAMES,
    STATUS_COLORS,
    STATUS_TEXT,
    STATUSES,
)


def test_every_status_has_words_and_colours() -> None:
    assert STATUSES == (
        "supported",
        "approximate",
        "misdated",
        "disputed",
        "incorrect",
        "unconfirmed",
    )
    assert list(STATUS_TEXT) == list(STATUS_COLORS) == list(STATUS_COLOR_NAMES) == list(STATUSES)
    assert STATUS_TEXT["approximate"] == "Approximately right"
    assert LAYERS == ("entities", "claims", "notes")
    assert list(LAYER_NAMES) == list(LAYERS)


def test_the_schema_accepts_exactly_the_vocabulary_statuses() -> None:
    for status in STATUSES:
        assert Claim(id="c", quote="q", status=status).status == status
    with pytest.raises(ValidationError):
        Claim(id="c", quote="q", status="wrong")
    schema = annotation_json_schema()
    assert (
        "supported, approximate, misdated, disputed, incorrect, unconfirmed"
        in schema["description"]
    )


@pytest.mark.parametrize(
    ("pattern", "good", "bad"),
    [
        (ID, ["a", "Homicides_2010-x", "9lives"], ["", "-a", "_a", "a b", "é"]),
        (SLUG, ["mexico-drug-war", "a1"], ["", "Mexico", "-a", "a_b", "a.b"]),
        (LABEL, ["PERSON", "WORK_OF_ART", "X1"], ["", "person", "1X", "_X", "X-Y"]),
    ],
)
def test_the_patterns(pattern: re.Pattern[str], good: list[str], bad: list[str]) -> None:
    assert all(pattern.fullmatch(word) for word in good)
    assert not any(pattern.fullmatch(word) for word in bad)


def test_the_schema_uses_the_same_patterns() -> None:
    with pytest.raises(ValidationError):
        Claim(id="-bad", quote="q")
    with pytest.raises(ValidationError):
        EntityCorrection(quote="q", label="person")
    assert EntityCorrection(quote="q", label="WORK_OF_ART").label == "WORK_OF_ART"
