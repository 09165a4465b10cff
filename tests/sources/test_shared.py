"""annotations/_shared.yaml: evidence every document of a root sees (the library contract)."""

from __future__ import annotations

from pathlib import Path

from reader.cli import main as cli_main
from reader.reading import open_reading
from reader.sources.annotations import load_shared, parse_annotations, parse_shared
from reader.sources.documents import Root, display_path, parse_document
from tests.conftest import make_root

HARVEST = """\
---
title: The almond harvest
---
Beekeepers rented about two million colonies to almond growers in 2024.
"""

WINTER = """\
---
title: Bees in winter
---
Beekeepers feed their colonies sugar when the honey runs out.
"""

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
notes:
  - id: beekeeping
    title: Migratory beekeeping
    body: Hives travel with the bloom.
    mentions: [Beekeepers]
entities:
  - text: Beekeepers
    label: NORP
"""

HARVEST_ANNOTATIONS = """\
claims:
  - id: two-million
    quote: about two million colonies
    figures: [colonies]
    notes: [beekeeping]
    status: supported
    checks:
      - number: about two million
        x: 2024
"""


def library(tmp_path: Path, shared: str = SHARED, **annotations: str) -> Root:
    files = {"harvest": HARVEST_ANNOTATIONS, **annotations, "_shared": shared}
    return Root(make_root(tmp_path, {"harvest": HARVEST, "winter": WINTER}, files))


def messages(problems) -> list[str]:
    return [str(p) for p in problems]


def test_a_claim_links_and_checks_a_shared_figure_and_note(tmp_path: Path) -> None:
    reading = open_reading(library(tmp_path), "harvest", with_model=False)
    assert messages(reading.problems) == []
    [result] = reading.numbers["two-million"]
    assert (result.check.verdict, result.check.figure, result.check.data) == (
        "match",
        "colonies",
        2_000_000,
    )
    assert [n.id for n in reading.claim_notes(reading.claim("two-million"))] == ["beekeeping"]


def test_a_shared_note_mention_links_in_every_document(tmp_path: Path) -> None:
    root = library(tmp_path)
    for slug in ("harvest", "winter"):
        reading = open_reading(root, slug, with_model=False)
        mentions = [reading.text[s.start : s.end] for s in reading.spans_with_id("beekeeping")]
        assert mentions == ["Beekeepers"], slug


def test_shared_entity_corrections_apply_first_and_the_documents_own_after(tmp_path: Path) -> None:
    own = "entities:\n  - text: Beekeepers\n    label: ORG\n"
    root = library(tmp_path, winter=own)
    labels = {
        slug: [
            (e.label, open_reading(root, slug, with_model=False).text[e.start : e.end])
            for e in open_reading(root, slug, with_model=False).entities
        ]
        for slug in ("harvest", "winter")
    }
    assert labels == {"harvest": [("NORP", "Beekeepers")], "winter": [("ORG", "Beekeepers")]}


def test_a_shared_mention_absent_from_one_document_is_no_warning(tmp_path: Path) -> None:
    shared = SHARED.replace("mentions: [Beekeepers]", "mentions: [Beekeepers, almond growers]")
    reading = open_reading(library(tmp_path, shared), "winter", with_model=False)
    assert messages(reading.problems) == []


def test_a_claims_list_in_the_shared_file_is_an_error_at_its_key() -> None:
    text = "claims:\n  - id: c\n    quote: bees\nnotes: []\n"
    annotations, problems = parse_shared(text, "annotations/_shared.yaml")
    assert messages(problems) == [
        "annotations/_shared.yaml:1:1: error: the shared file cannot hold claims: a claim belongs "
        "to one document's text (move it to that document's annotations/<slug>.yaml)"
    ]
    assert annotations.claims == []


def test_a_shared_note_may_not_use_a_quote() -> None:
    text = """\
notes:
  - id: winter-feeding
    title: Winter feeding
    body: Sugar syrup.
    quote: sugar when the honey runs out
"""
    annotations, problems = parse_shared(text, "annotations/_shared.yaml")
    assert messages(problems) == [
        "annotations/_shared.yaml:5:5: error: note 'winter-feeding': a shared note cannot use "
        "'quote' (a quote belongs to one document; use 'mentions'/'text' here, or move it to "
        "that document's file)"
    ]
    assert annotations.notes == {}


def test_an_id_defined_in_both_files_is_an_error_in_the_documents_file(tmp_path: Path) -> None:
    own = """\
notes:
  - id: beekeeping
    title: Beekeeping, again
    body: A second definition.
    mentions: [colonies]
"""
    root = library(tmp_path, winter=own)
    reading = open_reading(root, "winter", with_model=False)
    shared_path = display_path(root.shared_path())
    own_path = display_path(root.annotations_path("winter"))
    assert messages(reading.problems) == [
        f"{own_path}:2:9: error: id 'beekeeping' is already defined in the shared file, by the "
        f"note at {shared_path}:11:9 (every document sees it: link it, or rename this one)"
    ]
    assert reading.annotations.notes["beekeeping"].title == "Migratory beekeeping"


def test_a_link_to_a_missing_id_suggests_shared_ids() -> None:
    shared, _ = parse_shared(SHARED, "annotations/_shared.yaml")
    text = "claims:\n  - id: c\n    quote: bees\n    figures: [colonys]\n"
    _, problems = parse_annotations(text, "annotations/winter.yaml", shared=shared)
    assert messages(problems) == [
        "annotations/winter.yaml:4:15: error: claim 'c' links to figure 'colonys', which does not "
        "exist (did you mean 'colonies'?)"
    ]


def test_a_broken_shared_file_shows_its_problems_in_every_document(tmp_path: Path) -> None:
    broken = SHARED.replace(
        "    mentions: [Beekeepers]\n", "    mentions: [Beekeepers]\n    sauce: x\n"
    )
    root = library(tmp_path, broken)
    shared_path = display_path(root.shared_path())
    for slug in ("harvest", "winter"):
        reading = open_reading(root, slug, with_model=False)
        assert messages(reading.problems) == [
            f"{shared_path}:15:5: error: unknown key 'sauce' in note 'beekeeping' (did you mean "
            "'sources'?)"
        ]
        # what could be read still shows: the figure (the note is the broken entry)
        assert "colonies" in reading.annotations.figures


def test_editing_a_shared_figure_rechecks_the_claims_that_bind_it(tmp_path: Path) -> None:
    root = library(tmp_path)
    before = open_reading(root, "harvest", with_model=False).numbers["two-million"][0].check
    root.shared_path().write_text(SHARED.replace("colonies: 2.0}", "colonies: 2.9}"), "utf-8")
    after = open_reading(root, "harvest", with_model=False).numbers["two-million"][0].check
    assert (before.verdict, after.verdict, after.data) == ("match", "mismatch", 2_900_000)


def test_names_starting_with_underscore_or_dot_are_not_documents(tmp_path: Path) -> None:
    root = library(tmp_path)
    (root.path / "article" / "_draft.md").write_text(HARVEST, "utf-8")
    (root.path / "article" / ".hidden.md").write_text(HARVEST, "utf-8")
    (root.path / "annotations" / ".backup.yaml").write_text("notes: []\n", "utf-8")
    assert root.slugs() == ["harvest", "winter"]


def test_check_validates_the_shared_file_once(tmp_path: Path, capsys) -> None:
    root = library(tmp_path, SHARED + "claims: []\n")
    assert cli_main(["check", "--root", str(root.path)]) == 1
    out, err = capsys.readouterr()
    shared_path = display_path(root.shared_path())
    assert out.splitlines() == [
        f"{shared_path}:18:1: error: the shared file cannot hold claims: a claim belongs to one "
        "document's text (move it to that document's annotations/<slug>.yaml)"
    ]
    assert err.strip() == "2 documents checked: 1 error, 0 warnings"


def test_load_shared_of_a_root_without_the_file_is_empty(tmp_path: Path) -> None:
    root = Root(make_root(tmp_path, {"harvest": HARVEST}))
    annotations, problems = load_shared(root)
    assert (annotations.is_empty, problems) == (True, [])


def test_front_matter_author_published_and_tags() -> None:
    source = (
        "---\ntitle: T\nauthor: [Ana Ruiz, Ben Ode]\npublished: 2025-02-03\ntags: [bees]\n"
        "---\nText.\n"
    )
    document, problems = parse_document("t", source, "article/t.md")
    assert problems == []
    assert (document.meta.authors, document.meta.published, document.meta.tags) == (
        ["Ana Ruiz", "Ben Ode"],
        "2025-02-03",
        ["bees"],
    )
    one, _ = parse_document("t", "---\ntitle: T\nauthor: Ana Ruiz\n---\nText.\n", "article/t.md")
    assert one.meta.authors == ["Ana Ruiz"]


def test_a_malformed_published_date_is_an_error_at_its_place() -> None:
    source = "---\ntitle: T\npublished: 2025-13-03\n---\nText.\n"
    _, problems = parse_document("t", source, "article/t.md")
    assert messages(problems) == [
        "article/t.md:3:12: error: front matter 'published': Value error, must be a date written "
        "YYYY-MM-DD, like 2025-01-15"
    ]


def test_check_warns_of_a_shared_note_no_document_uses(tmp_path: Path, capsys) -> None:
    unused = "  - id: wasps\n    title: Wasps\n    body: Not bees.\n    mentions: [wasps]\n"
    root = library(tmp_path, SHARED.replace("entities:\n", unused + "entities:\n"))
    assert cli_main(["check", "--root", str(root.path)]) == 0
    out, err = capsys.readouterr()
    assert out.splitlines() == [
        f"{display_path(root.shared_path())}:15:9: warning: shared note 'wasps' is attached to "
        "nothing in any document: no document mentions it, and no claim or entity correction "
        "links it"
    ]
    assert err.strip() == "2 documents checked: 0 errors, 1 warning"
    assert cli_main(["check", "harvest", "--root", str(root.path)]) == 0  # one document: no say
    assert capsys.readouterr()[0] == ""
