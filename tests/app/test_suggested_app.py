"""Suggested claims in the Edit view, and Add a document, driven with Streamlit's AppTest."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from reader.editing.dismissed import dismissed
from reader.sources.documents import Root
from tests.app.test_editor_app import editor, editor_app, start
from tests.conftest import APP, make_root

ARTICLE = """---
title: Bees in winter
---
Honey bees cluster to keep warm. Beekeepers say colonies lost 48% of their hives in 2023.

Do bees sleep?
"""
HONEY = """claims:
  - id: colonies-lost
    quote: colonies lost 45% of their hives in 2022
    status: supported
"""


def _quotes(at: AppTest) -> list[str]:
    return [h.proto.body for h in at.get("html") if "suggested-quote" in h.proto.body]


def test_the_suggestions_are_ranked_with_reasons_and_what_was_seen_before(tmp_path):
    root = Root(
        make_root(tmp_path, {"bees": ARTICLE, "honey": ARTICLE}, {"bees": "", "honey": HONEY})
    )
    at = start(root)
    assert not at.exception
    assert "Suggested claims: 4" in [e.label for e in at.expander]
    shown = _quotes(at)
    assert "“Beekeepers say colonies lost 48% of their hives in 2023.”" in shown[0]
    assert "a number (48%)" in shown[0]
    assert "Seen before in honey: claim colonies-lost (supported), similarity 1.00" in shown[0]
    assert "Do bees sleep?" in shown[-1] and "lower: a question" in shown[-1]


def test_add_as_claim_appends_an_unconfirmed_claim_and_selects_it(tmp_path):
    root = Root(make_root(tmp_path, {"bees": ARTICLE}, {"bees": "# no claims yet\n"}))
    at = start(root)
    [first, *_] = [b for b in at.button if b.label == "Add as claim"]
    first.click().run()
    assert not at.exception
    assert editor(at).value == (
        "# no claims yet\nclaims:\n  - id: beekeepers-say-colonies-lost-48-of\n"
        '    quote: "Beekeepers say colonies lost 48% of their hives in 2023."\n'
        "    status: unconfirmed\n"
    )
    assert editor(at).data["focus"]["line"] == 3
    assert "Suggested claims: 3" in [e.label for e in at.expander]
    assert root.annotations_path("bees").read_text("utf-8") == "# no claims yet\n"  # not saved


def test_dismiss_hides_a_suggestion_for_everyone(tmp_path):
    root = Root(make_root(tmp_path, {"bees": ARTICLE}, {"bees": ""}))
    at = start(root)
    [button] = [b for b in at.button if b.key == "suggested-dismiss-0"]
    button.click().run()
    assert not at.exception
    assert dismissed(root, "bees") == {"Beekeepers say colonies lost 48% of their hives in 2023."}
    again = AppTest.from_function(editor_app, args=(str(root.path), "bees")).run()
    assert "Suggested claims: 3" in [e.label for e in again.expander]
    assert all("Beekeepers" not in q for q in _quotes(again))


def adding_app(root_path: str) -> None:
    from pathlib import Path

    from reader.app.views.adding import add_document
    from reader.sources.documents import Root

    add_document(Root(Path(root_path)))


def test_pasted_text_is_read_corrected_and_added(tmp_path):
    root = Root(make_root(tmp_path, {}))
    at = AppTest.from_function(adding_app, args=(str(root.path),), default_timeout=60).run()
    at.button(key="add-document").click().run()
    at.text_area(key="add-paste").input(
        "Bees in winter\n\nHoney bees cluster to keep warm, and a colony eats about 20 kilos "
        "of honey over the winter.\n"
    )
    at.button(key="add-read").click().run()
    assert not at.exception
    assert at.text_input(key="add-title").value == "Bees in winter"
    assert at.text_area(key="add-body").value == (
        "Honey bees cluster to keep warm, and a colony eats about 20 kilos of honey over the "
        "winter."
    )
    at.text_input(key="add-title").input("Bees in a cold winter")
    at.text_input(key="add-published").input("2024-01-15")
    at.text_input(key="add-slug").input("cold-bees")
    at.button(key="add-save").click().run()
    assert not at.exception
    assert (Path(root.path) / "article" / "cold-bees.md").read_text("utf-8") == (
        "---\ntitle: Bees in a cold winter\npublished: '2024-01-15'\n---\n\n"
        "Honey bees cluster to keep warm, and a colony eats about 20 kilos of honey over the "
        "winter.\n"
    )


def test_a_bad_paste_says_why_and_adds_nothing(tmp_path):
    root = Root(make_root(tmp_path, {}))
    at = AppTest.from_function(adding_app, args=(str(root.path),), default_timeout=60).run()
    at.button(key="add-document").click().run()
    at.text_area(key="add-paste").input("Too short.")
    at.button(key="add-read").click().run()
    assert [e.value for e in at.error] == [
        "Nothing added: no article text in this text "
        "(under 12 words in paragraphs of 6 words or more)."
    ]
    assert list((Path(root.path) / "article").iterdir()) == []


def test_cancel_closes_the_dialog_and_adds_nothing(tmp_path):
    root = Root(make_root(tmp_path, {}))
    at = AppTest.from_function(adding_app, args=(str(root.path),), default_timeout=60).run()
    at.button(key="add-document").click().run()
    assert [t.key for t in at.text_area] == ["add-paste"]
    at.button(key="add-cancel").click().run()
    assert not at.exception and [t.key for t in at.text_area] == []
    assert list((Path(root.path) / "article").iterdir()) == []


SHARED = """figures:
  - id: losses
    title: Hive losses
    type: bar
    x: year
    y: lost
    unit: "%"
    data: [{year: 2022, lost: 45}, {year: 2023, lost: 48}]
    source: {name: Survey, url: "https://example.org/survey"}
"""


def test_the_claim_panel_shows_where_else_it_was_checked_and_links_the_same_figures(
    tmp_path, monkeypatch
):
    bees_claim = "claims:\n  - id: lost-48\n    quote: colonies lost 48% of their hives in 2023\n"
    honey = HONEY.replace(
        "    status: supported\n", "    status: supported\n    figures: [losses]\n"
    )
    root = make_root(
        tmp_path,
        {"bees": ARTICLE, "honey": ARTICLE.replace("Bees in winter", "Honey")},  # two titles
        {"bees": bees_claim, "honey": honey, "_shared": SHARED},
    )
    monkeypatch.setenv("READER_ROOT", str(root))
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["doc"] = "bees"
    at.query_params["focus"] = "lost-48"
    at.run()
    assert not at.exception
    [also] = [h.proto.body for h in at.get("html") if "also-checked" in h.proto.body]
    assert "Also checked in …" in also
    assert (
        '<a href="?doc=honey&amp;focus=colonies-lost" target="_self">honey</a>: Supported' in also
    )
    assert "figures losses (similarity 1.00)" in also
    at.button(key="link-seen-lost-48-0").click().run()
    assert not at.exception
    assert editor(at).value == bees_claim + "    figures: [losses]\n"
