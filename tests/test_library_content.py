"""The project's library: two documents that share their evidence through annotations/_shared.yaml.

Pins rules, not verdicts: the whole root checks clean; the explainer binds every number it
states to a shared figure and each one matches the data; the notes both documents lean on are
written once and mentioned in both.
"""

from __future__ import annotations

import subprocess
import sys

import pytest
import yaml

from reader.library.evidence import library_readings, note_page
from reader.reading import Reading
from reader.sources.documents import Root
from tests.conftest import PROJECT

EXPLAINER = "mexico-security-strategies"
SEED = "mexico-drug-war"


@pytest.fixture(scope="module")
def readings() -> dict[str, Reading]:
    return {r.document.slug: r for r in library_readings(Root(PROJECT))}


def test_check_of_the_whole_library_reports_nothing() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "reader", "check"],
        check=False,
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""
    assert result.stderr.strip() == "2 documents checked: all clear"


def test_every_number_of_the_explainer_is_bound_to_shared_data_and_matches(
    readings: dict[str, Reading],
) -> None:
    reading = readings[EXPLAINER]
    shared = reading.annotations.shared
    assert shared is not None
    checked = 0
    for claim in reading.annotations.claims:
        for result in reading.numbers.get(claim.id, []):
            if result.check is None:  # a year
                continue
            checked += 1
            assert (result.check.source, result.check.verdict) == ("bound", "match"), (
                claim.id,
                result.text,
                result.check.reason,
            )
            assert result.check.figure in shared.figures, (claim.id, result.check.figure)
    assert checked >= 10


@pytest.mark.parametrize("note_id", ["amlo", "merida-initiative", "national-guard", "calderon"])
def test_a_shared_note_is_written_once_and_mentioned_in_both_documents(
    readings: dict[str, Reading], note_id: str
) -> None:
    for slug in (SEED, EXPLAINER):
        own = yaml.safe_load((PROJECT / "annotations" / f"{slug}.yaml").read_text("utf-8"))
        assert note_id not in {n["id"] for n in own.get("notes") or []}, slug
    page = note_page(list(readings.values()), note_id)
    assert page is not None and page.shared
    assert {p.slug for p in page.places} == {SEED, EXPLAINER}


def test_the_explainer_has_the_library_front_matter(readings: dict[str, Reading]) -> None:
    meta = readings[EXPLAINER].document.meta
    assert (meta.authors, meta.published, meta.section) == (
        ["The Reader Desk"],
        "2026-12-07",
        "Explainers",
    )
    assert "Mexico" in meta.tags
