"""Evidence across a library: a note's page, a curated entity's page, the dashboard."""

from __future__ import annotations

from pathlib import Path

from reader.library.evidence import dashboard, entity_page, library_readings, note_page
from reader.library.pages import dashboard_html, note_html, status_sentence
from reader.sources.documents import Root
from tests.conftest import make_root
from tests.sources.test_shared import HARVEST, HARVEST_ANNOTATIONS, SHARED, WINTER

WINTER_ANNOTATIONS = """\
claims:
  - id: sugar
    quote: feed their colonies sugar
    notes: [beekeeping]
    status: disputed
"""


def library(tmp_path: Path, shared: str = SHARED) -> Root:
    files = {"harvest": HARVEST_ANNOTATIONS, "winter": WINTER_ANNOTATIONS, "_shared": shared}
    return Root(make_root(tmp_path, {"harvest": HARVEST, "winter": WINTER}, files))


def test_a_shared_note_lists_its_mentions_in_every_document(tmp_path: Path) -> None:
    page = note_page(library_readings(library(tmp_path)), "beekeeping")
    assert page is not None and page.shared
    assert [(p.title, p.pieces, p.link) for p in page.places] == [
        (
            "The almond harvest",
            (
                ("Beekeepers", True),
                (" rented about two million colonies to almond growers in 2024.", False),
            ),
            "?doc=harvest&focus=beekeeping",
        ),
        (
            "Bees in winter",
            (("Beekeepers", True), (" feed their colonies sugar when the honey runs out.", False)),
            "?doc=winter&focus=beekeeping",
        ),
    ]
    assert [(c.title, c.id, c.quote, c.status, c.link) for c in page.claims] == [
        (
            "The almond harvest",
            "two-million",
            "about two million colonies",
            "supported",
            "?doc=harvest&focus=two-million",
        ),
        (
            "Bees in winter",
            "sugar",
            "feed their colonies sugar",
            "disputed",
            "?doc=winter&focus=sugar",
        ),
    ]
    assert [f.id for f in page.figures] == ["colonies"]
    assert page.documents == ["The almond harvest", "Bees in winter"]
    assert page.names == []  # the shared correction of "Beekeepers" links no note


def test_the_sentence_around_a_mention_is_only_that_sentence(tmp_path: Path) -> None:
    article = "---\ntitle: Hives\n---\nIt was cold. Beekeepers waited. Then spring came.\n"
    root = Root(make_root(tmp_path, {"hives": article}, {"_shared": SHARED}))
    page = note_page(library_readings(root), "beekeeping")
    assert page is not None
    assert [p.pieces for p in page.places] == [(("Beekeepers", True), (" waited.", False))]


def test_a_sentence_that_mentions_a_note_twice_is_one_place_with_two_marks(
    tmp_path: Path,
) -> None:
    article = "---\ntitle: Hives\n---\nBeekeepers met beekeepers. Beekeepers left.\n"
    shared = SHARED.replace("mentions: [Beekeepers]", "mentions: [Beekeepers, beekeepers]")
    root = Root(make_root(tmp_path, {"hives": article}, {"_shared": shared}))
    page = note_page(library_readings(root), "beekeeping")
    assert page is not None
    assert [p.pieces for p in page.places] == [
        (("Beekeepers", True), (" met ", False), ("beekeepers", True), (".", False)),
        (("Beekeepers", True), (" left.", False)),
    ]
    html = note_html(page)
    assert "<mark>Beekeepers</mark> met <mark>beekeepers</mark>." in html


def test_a_note_no_document_defines_has_no_page(tmp_path: Path) -> None:
    assert note_page(library_readings(library(tmp_path)), "nothing") is None


def test_the_note_page_escapes_what_the_files_say(tmp_path: Path) -> None:
    hostile = SHARED.replace(
        "title: Migratory beekeeping", "title: \"<script>alert('x')</script> beekeeping\""
    )
    page = note_page(library_readings(library(tmp_path, hostile)), "beekeeping")
    assert page is not None
    html = note_html(page)
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; beekeeping" in html
    assert '<a href="?doc=winter&amp;focus=sugar" target="_self">Open the claim</a>' in html


def test_an_entity_page_gathers_a_curated_entity_across_documents(tmp_path: Path) -> None:
    page = entity_page(library_readings(library(tmp_path)), "beekeepers")
    assert page is not None
    assert (page.text, page.labels) == ("Beekeepers", ["NORP"])
    assert [(p.title, p.marked, p.link) for p in page.places] == [
        ("The almond harvest", ["Beekeepers"], "?doc=harvest"),
        ("Bees in winter", ["Beekeepers"], "?doc=winter"),
    ]
    assert entity_page(library_readings(library(tmp_path)), "Wasps") is None


def test_the_dashboard_counts_claims_mismatches_figures_and_sites(tmp_path: Path) -> None:
    shared = SHARED.replace("colonies: 2.0}", "colonies: 2.9}").replace(
        "    mentions: [Beekeepers]\n",
        "    mentions: [Beekeepers]\n"
        "    sources: [{name: Bee Press, url: 'https://www.bees.example/a'}]\n"
        "  - id: unused-note\n    title: Nobody links this\n    body: Alone.\n"
        "    mentions: [wasps]\n",
    )
    board = dashboard(library_readings(library(tmp_path, shared)))
    assert (board.documents, board.claims) == (2, 2)
    assert {k: v for k, v in board.by_status.items() if v} == {"supported": 1, "disputed": 1}
    assert [(m.claim, m.number, m.link) for m in board.mismatches] == [
        ("two-million", "about two million colonies", "?doc=harvest&focus=two-million")
    ]
    assert board.mismatches[0].detail
    assert [(f.id, n) for f, n in board.top_figures] == [("colonies", 1)]
    assert board.sites == [("nass.usda.gov", 1), ("bees.example", 1)]
    assert board.unused == [("note", "unused-note", "Nobody links this")]
    assert status_sentence(board) == "2 claims in 2 documents: 1 supported, 1 disputed."
    assert "<q>about two million colonies</q> in claim" in dashboard_html(board)


def test_the_dashboard_lists_orphans_with_their_place(tmp_path: Path) -> None:
    root = library(tmp_path)
    root.annotations_path("winter").write_text(
        WINTER_ANNOTATIONS.replace("feed their colonies sugar", "feed their hives syrup"), "utf-8"
    )
    board = dashboard(library_readings(root))
    assert [(o.slug, o.orphan.id, o.orphan.line, o.orphan.column) for o in board.orphans] == [
        ("winter", "sugar", 3, 12)
    ]


def test_a_mention_inside_an_entity_linked_to_the_same_note_is_one_place(tmp_path: Path) -> None:
    article = "---\ntitle: Hives\n---\nMigratory Beekeepers travel with the bloom.\n"
    own = "entities:\n  - text: Migratory Beekeepers\n    label: ORG\n    note: beekeeping\n"
    root = Root(make_root(tmp_path, {"hives": article}, {"hives": own, "_shared": SHARED}))
    page = note_page(library_readings(root), "beekeeping")
    assert page is not None
    assert [p.pieces for p in page.places] == [
        (("Migratory Beekeepers", True), (" travel with the bloom.", False))
    ]


def test_the_dashboard_groups_curated_entities_by_their_note(tmp_path: Path) -> None:
    own = "entities:\n  - text: almond growers\n    label: NORP\n    note: beekeeping\n"
    root = library(tmp_path)
    root.annotations_path("harvest").write_text(HARVEST_ANNOTATIONS + own, "utf-8")
    readings = library_readings(root)
    board = dashboard(readings)
    assert [
        (note, [(g.text, dict(g.labels), g.count) for g in groups])
        for note, groups in board.entities
    ] == [
        (("beekeeping", "Migratory beekeeping"), [("almond growers", {"NORP": 1}, 1)]),
        (None, [("Beekeepers", {"NORP": 2}, 2)]),
    ]
    html = dashboard_html(board)
    assert '<a href="?entity=almond%20growers" target="_self">almond growers</a>' in html
    page = note_page(readings, "beekeeping")
    assert page is not None and page.names == ["almond growers"]
    assert '<a href="?entity=almond%20growers" target="_self">almond growers</a>' in note_html(page)
