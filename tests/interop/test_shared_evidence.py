"""Every export of one document carries the shared evidence (annotations/_shared.yaml) that the
document uses, and none of the rest of the library's; its own figures and notes stay, used or not.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.interop import export
from reader.interop.claimreview import to_claimreview
from reader.interop.w3c_export import to_w3c
from reader.reading import Reading, open_reading
from reader.sources.documents import Root
from tests.conftest import make_root

HIVES = """\
---
title: Hives for hire
---
Beekeepers rented about two million colonies to almond growers in 2024.

The Almond Board pays for research on pollination.
"""

# Two figures and four notes every document of the library sees; this document binds one figure,
# links one note from a claim, mentions one and names one through an entity correction.
SHARED = """\
figures:
  - id: colonies
    title: Colonies rented for almond pollination
    type: bar
    x: year
    y: colonies
    unit: million
    data: [{year: 2023, colonies: 1.9}, {year: 2024, colonies: 2.0}]
    source: {name: USDA, url: "https://www.nass.usda.gov/"}
  - id: winter-losses
    title: Colonies lost over the winter
    type: line
    x: year
    y: percent
    data: [{year: 2022, percent: 39}, {year: 2023, percent: 48}]
    source: {name: Bee Informed Partnership, url: "https://beeinformed.org/"}
notes:
  - id: rental
    title: Paying for pollination
    body: Growers rent hives by the week while the trees bloom.
  - id: clustering
    title: The winter cluster
    body: Bees huddle around the queen and shiver to keep warm.
    mentions: [winter cluster]
  - id: beekeeping
    title: Migratory beekeeping
    body: Hives travel with the bloom.
    mentions: [Beekeepers]
  - id: almond-board
    title: The Almond Board of California
    body: A marketing order that funds research.
entities:
  - text: Almond Board
    label: ORG
    note: almond-board
"""

OWN = """\
claims:
  - id: two-million
    quote: about two million colonies
    figures: [colonies]
    notes: [rental]
    status: supported
    checks:
      - {number: about two million, x: 2024}
figures:
  - id: own-acres
    title: Almond acres in California
    type: stat
    data: [{label: "Bearing acres, 2024", value: 1380000}]
    source: {name: USDA NASS, url: "https://www.nass.usda.gov/"}
notes:
  - id: own-orchards
    title: Orchards of the Central Valley
    body: Most of the world's almonds grow there.
    mentions: [Central Valley]
"""

USED = ("Colonies rented for almond pollination", "Paying for pollination")
UNUSED = (
    "winter-losses",
    "Colonies lost over the winter",
    "clustering",
    "The winter cluster",
    "shiver to keep warm",
)


@pytest.fixture
def reading(tmp_path: Path) -> Reading:
    root = make_root(tmp_path, {"hives": HIVES}, {"hives": OWN, "_shared": SHARED})
    return open_reading(Root(root), "hives", with_model=False)


def test_the_reading_knows_the_shared_evidence_the_document_uses(reading: Reading) -> None:
    assert [p.message for p in reading.problems if p.is_error] == []
    assert list(reading.evidence.figures) == ["colonies", "own-acres"]
    # linked by the claim, mentioned in the text, named by an entity correction; then its own
    assert list(reading.evidence.notes) == ["rental", "beekeeping", "almond-board", "own-orchards"]


def test_the_json_export_has_the_used_shared_figure_and_notes_and_not_the_others(
    reading: Reading,
) -> None:
    data = export.to_json(reading)
    assert list(data["figures"]) == ["colonies", "own-acres"]
    assert data["figures"]["colonies"]["title"] == "Colonies rented for almond pollination"
    assert list(data["notes"]) == ["rental", "beekeeping", "almond-board", "own-orchards"]
    assert data["notes"]["rental"]["body"] == (
        "Growers rent hives by the week while the trees bloom."
    )
    written = json.dumps(data, ensure_ascii=False)
    for words in UNUSED:
        assert words not in written, words
    # Everything an annotation of the export points at is in the export.
    linked = {n for a in data["annotations"] for n in [*a.get("notes", []), a.get("note")] if n}
    assert linked <= set(data["notes"])
    assert {f for a in data["annotations"] for f in a.get("figures", [])} <= set(data["figures"])


def test_the_standalone_page_shows_the_used_shared_evidence_and_not_the_others(
    reading: Reading,
) -> None:
    page = export.to_html(reading)
    for words in (*USED, "Migratory beekeeping", "The Almond Board of California"):
        assert words in page, words
    assert '<div class="figure-store" id="figure-colonies' in page  # drawn for the claim
    assert '<section class="view" id="view-note-rental" hidden>' in page
    assert "Orchards of the Central Valley" in page  # its own note stays, though nothing links it
    for words in UNUSED:
        assert words not in page, words


def test_the_w3c_export_links_the_used_shared_evidence_and_not_the_others(
    reading: Reading,
) -> None:
    collection = to_w3c(reading)
    written = json.dumps(collection, ensure_ascii=False)
    assert "urn:reader:hives:figures:colonies" in written
    assert "urn:reader:hives:notes:rental" in written
    for words in (*USED, "Migratory beekeeping", "The Almond Board of California"):
        assert words in written, words
    for words in UNUSED:
        assert words not in written, words


def test_the_claimreview_export_carries_no_unused_shared_evidence(reading: Reading) -> None:
    reviews = to_claimreview(reading)
    assert [r["claimReviewed"] for r in reviews] == ["about two million colonies"]
    written = json.dumps(reviews, ensure_ascii=False)
    for words in UNUSED:
        assert words not in written, words
