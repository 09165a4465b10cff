"""A suggested sentence made a claim, as text, with the number check's bindings; dismissals."""

import pytest

from reader.editing.authoring import AuthoringError
from reader.editing.claiming import link_evidence, new_claim
from reader.editing.dismissed import dismiss, dismissed, dismissed_path
from reader.editing.store import ReadOnlyError
from reader.settings import Settings
from reader.sources.annotations import parse_annotations
from reader.sources.documents import Root

ANNOTATIONS = """\
# Curated by hand: this comment stays.
claims:
  - id: warm
    quote: keep warm   # the cluster
figures:
  - id: honey
    title: Honey eaten per colony
    type: bar
    x: year
    y: kilos
    unit: kg
    data: [{year: 2022, kilos: 19}, {year: 2023, kilos: 20}]
    source: {name: USDA}
"""
TEXT = "Bees keep warm. A colony ate about 20 kilos of honey in 2023, and 3 queens died."


def test_a_new_claim_is_appended_unconfirmed_with_its_numbers_bound():
    annotations, _ = parse_annotations(ANNOTATIONS, "a.yaml")
    start = TEXT.index("A colony")
    made = new_claim(ANNOTATIONS, TEXT, start, len(TEXT), figures=annotations.figures)
    assert made.text == ANNOTATIONS.replace(
        "figures:\n",
        "  - id: a-colony-ate-about-20-kilos\n"
        '    quote: "A colony ate about 20 kilos of honey in 2023, and 3 queens died."\n'
        "    status: unconfirmed\n"
        "    figures: [honey]\n"
        "    checks:\n"
        "      - number: about 20 kilos\n"
        "        x: 2023\n"
        "        y: kilos\n"
        "figures:\n",
        1,
    )
    assert (made.claim_id, made.line, made.checks) == ("a-colony-ate-about-20-kilos", 5, 1)
    again, problems = parse_annotations(made.text, "a.yaml")
    assert problems == [] and again.claims[-1].status == "unconfirmed"


def test_without_figures_the_claim_has_none_and_no_checks():
    start = TEXT.index("A colony")
    made = new_claim("claims:\n", TEXT, start, len(TEXT), figures={})
    assert "figures:" not in made.text and "checks:" not in made.text
    assert made.text.endswith("    status: unconfirmed\n")


def test_only_figures_and_notes_the_document_sees_are_linked():
    annotations, _ = parse_annotations(ANNOTATIONS, "a.yaml")
    start = TEXT.index("Bees")
    made = new_claim(
        ANNOTATIONS,
        TEXT,
        start,
        TEXT.index(".") + 1,
        figures=annotations.figures,
        link_figures=["elsewhere", "honey"],
        link_notes=["hives", "nowhere"],
        notes=["hives"],
    )
    assert "    figures: [honey]\n    notes: [hives]\n" in made.text


def test_dismissed_quotes_are_kept_beside_the_annotations_for_everyone(tmp_path):
    root = Root(tmp_path)
    (tmp_path / "annotations").mkdir()
    assert dismissed(root, "bees") == frozenset()
    dismiss(root, "bees", "The town sits in a “green” valley.", Settings())
    dismiss(root, "bees", "Bees keep warm.", Settings())
    dismiss(root, "bees", "Bees keep warm.", Settings())
    assert dismissed(root, "bees") == {"The town sits in a “green” valley.", "Bees keep warm."}
    assert dismissed_path(root, "bees") == tmp_path / "annotations" / ".dismissed" / "bees.yaml"
    assert Root(tmp_path).slugs() == []  # not taken for a document


def test_nothing_is_dismissed_in_a_read_only_reader(tmp_path):
    with pytest.raises(ReadOnlyError):
        dismiss(Root(tmp_path), "bees", "Bees keep warm.", Settings(read_only=True))
    assert not (tmp_path / "annotations").exists()


def test_a_seen_claims_figures_and_notes_are_linked_into_an_existing_claim_as_text():
    text = (
        "claims:\n  - id: warm   # the cluster\n    quote: keep warm\n    figures: [honey]\n"
        "  - id: cold\n    quote: the cold\n\n  # kept where it is\nfigures: []\n"
    )
    linked, line = link_evidence(text, "warm", figures=["honey", "hives"], notes=["winter"])
    assert (linked, line) == (
        text.replace("figures: [honey]\n", "figures: [honey, hives]\n    notes: [winter]\n"),
        2,
    )
    linked, line = link_evidence(text, "cold", figures=["hives"], notes=[])
    assert linked == text.replace("quote: the cold\n", "quote: the cold\n    figures: [hives]\n")
    with pytest.raises(AuthoringError, match="no claim 'missing'"):
        link_evidence(text, "missing", figures=["hives"], notes=[])
