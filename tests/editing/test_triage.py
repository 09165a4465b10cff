"""The curator's triage list (reader.editing.triage): literal articles and annotation files in,
suggestions out."""

from __future__ import annotations

from reader.editing.triage import is_home_page, triage
from reader.layers.entities import ModelEntities
from reader.reading import build_reading
from reader.sources.annotations import parse_annotations
from reader.sources.documents import parse_document

ARTICLE = """\
---
title: Bees in winter
---
Honey bees cluster to keep warm. The cluster shivers.

A colony eats about 20 kilos of honey over the winter. In 2019 the losses
reached 40%, costing beekeepers $2 million.

## Spring, 2020

Foragers fly out again.
"""


NO_MODEL = ModelEntities((), None)


def suggestions(annotations_yaml: str, found: ModelEntities = NO_MODEL) -> list[str]:
    document, problems = parse_document("bees", ARTICLE, "article/bees.md")
    annotations, more = parse_annotations(annotations_yaml, "annotations/bees.yaml")
    reading = build_reading(document, annotations, [*problems, *more], found)
    return [str(s) for s in triage(reading)]


def test_sentences_with_numbers_no_claim_covers_are_listed_with_their_place_in_the_article():
    assert suggestions(
        "claims:\n  - id: kilos\n    quote: about 20 kilos of honey\n    figures: [f]\n"
        "figures:\n  - id: f\n    title: Honey\n    type: stat\n    data: [{label: a, value: 20}]\n"
        "    source: {name: A survey, url: 'https://example.org/survey/2019'}\n"
    ) == [
        (
            "article/bees.md:6:56: suggestion: no claim covers “In 2019 the losses "
            "reached 40%, costing beekeepers "
            "$2 million.” (numbers: 40%, $2 million)"
        ),
    ]


def test_a_sentence_with_only_a_year_needs_no_claim_and_every_uncovered_one_can_become_a_claim():
    document, _ = parse_document("bees", ARTICLE, "article/bees.md")
    annotations, _ = parse_annotations("", "annotations/bees.yaml")
    listed = triage(build_reading(document, annotations, [], NO_MODEL))
    assert [document.text[s.start : s.end] for s in listed] == [
        "A colony eats about 20 kilos of honey over the winter.",
        "In 2019 the losses\nreached 40%, costing beekeepers $2 million.",
    ]  # not "Spring, 2020" (a year) nor the sentences without numbers
    assert [s.line for s in listed] == [6, 6]


def test_the_models_money_and_percent_entities_count_as_numbers():
    document, _ = parse_document("bees", ARTICLE, "article/bees.md")
    annotations, _ = parse_annotations("", "annotations/bees.yaml")
    at = document.text.index("Foragers")
    found = ModelEntities(((at, at + len("Foragers"), "QUANTITY"),), "test 1")
    listed = triage(build_reading(document, annotations, [], found))
    assert [s.message for s in listed][
        -1
    ] == "no claim covers “Foragers fly out again.” (numbers: Foragers)"


def test_sources_that_cite_a_home_page_or_nothing_are_listed_at_their_line():
    text = """\
figures:
  - id: honey
    title: Honey eaten
    type: stat
    data: [{label: a, value: 20}]
    source: {name: INEGI, url: "https://www.inegi.org.mx/"}
  - id: losses
    title: Losses
    type: stat
    data: [{label: a, value: 40}]
    source: {name: A survey}
notes:
  - id: bees
    title: Bees
    body: Insects.
    mentions: [Honey bees]
    sources:
      - {name: Deep page, url: "https://example.org/bees?id=3"}
      - {name: Site, url: "http://example.org"}
"""
    listed = [s for s in suggestions(text) if "article/" not in s]
    assert listed == [
        (
            "annotations/bees.yaml:6:32: suggestion: figure 'honey': the source url "
            "https://www.inegi.org.mx/ "
            "is a site's home page: cite the page, not the site"
        ),
        (
            "annotations/bees.yaml:11:13: suggestion: figure 'losses': the source has no "
            "url (cite the page, not the site)"
        ),
        (
            "annotations/bees.yaml:19:27: suggestion: note 'bees': the source url "
            "http://example.org is a site's home page: "
            "cite the page, not the site"
        ),
    ]


def test_home_pages_are_an_empty_or_root_path_with_no_query():
    assert is_home_page("https://www.inegi.org.mx/") and is_home_page("http://example.org")
    assert not is_home_page("https://www.inegi.org.mx/temas/homicidios/")
    assert not is_home_page("https://example.org/?report=2019")
    assert not is_home_page("not a url")


def test_a_claim_with_numbers_but_no_figure_is_listed_and_one_without_numbers_is_not():
    text = """\
claims:
  - id: kilos
    quote: about 20 kilos of honey
  - id: shivers
    quote: The cluster shivers
  - id: losses
    quote: In 2019 the losses
"""
    listed = [s for s in suggestions(text) if s.startswith("annotations/")]
    assert listed == [
        (
            "annotations/bees.yaml:2:9: suggestion: claim 'kilos' has numbers (about "
            "20 kilos) but no figure "
            "to check them against"
        )
    ]  # "In 2019" is a year: nothing to check
