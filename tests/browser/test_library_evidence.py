"""The note page in the browser: mentions from every document, and a link that opens one focused."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.axe import assert_no_violations
from tests.browser.conftest import ServedApp, open_reader
from tests.conftest import make_root
from tests.library.test_evidence import WINTER_ANNOTATIONS
from tests.sources.test_shared import HARVEST, HARVEST_ANNOTATIONS, SHARED, WINTER


@pytest.fixture(scope="module")
def library_app(
    serve_app: Callable[..., ServedApp], tmp_path_factory: pytest.TempPathFactory
) -> ServedApp:
    files = {"harvest": HARVEST_ANNOTATIONS, "winter": WINTER_ANNOTATIONS, "_shared": SHARED}
    root = make_root(
        tmp_path_factory.mktemp("library"), {"harvest": HARVEST, "winter": WINTER}, files
    )
    return serve_app(root)


def test_the_note_page_lists_both_documents_and_opens_one_focused(
    page: Page, library_app: ServedApp, tmp_path: Path
) -> None:
    page.goto(library_app.link(note="beekeeping"))
    article = page.locator("article.rd-library-page")
    expect(article.get_by_role("heading", level=1)).to_have_text("Migratory beekeeping")
    groups = article.locator("section.rd-place-group")
    expect(groups.get_by_role("heading", level=3)).to_have_text(
        ["The almond harvest", "Bees in winter"]
    )
    expect(groups.nth(0).locator("li")).to_have_text(
        re.compile(r"Beekeepers rented about two million colonies to almond growers in 2024\.")
    )
    expect(groups.nth(1).locator("li mark")).to_have_text("Beekeepers")
    expect(article.locator(".rd-claim-refs li")).to_have_text(
        [re.compile("Supported.*about two million colonies"), re.compile("Disputed.*sugar")]
    )
    expect(page.locator(".stVegaLiteChart, [data-testid='stVegaLiteChart']").first).to_be_visible()
    page.screenshot(path=str(tmp_path / "note-page.png"), full_page=True)

    groups.nth(1).get_by_role("link", name="Open in the document").click()
    expect(page).to_have_url(re.compile(r"\?doc=winter&focus=beekeeping"))
    open_reader(page, page.url)
    mention = page.locator('.reader-view mark.hl-notes[data-note~="beekeeping"]').first
    expect(mention).to_have_class(re.compile(r"\bis-selected\b"))
    expect(page.locator(".st-key-reader-panel .rd-note-title")).to_have_text("Migratory beekeeping")
    expect(page.locator(".reader-view")).to_contain_text("feed their colonies sugar")
    page.screenshot(path=str(tmp_path / "focused.png"), full_page=True)

    # and back: the note's panel links to its page in the library
    page.locator(".st-key-reader-panel").get_by_role(
        "link", name="Every mention in the library"
    ).click()
    expect(page).to_have_url(re.compile(r"\?note=beekeeping$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Migratory beekeeping")


@pytest.mark.parametrize(
    "params",
    [{"note": "beekeeping"}, {"entity": "Beekeepers"}, {"view": "dashboard"}],
    ids=["note", "entity", "dashboard"],
)
def test_the_evidence_pages_meet_wcag_a_and_aa(
    page: Page, library_app: ServedApp, params: dict[str, str]
) -> None:
    page.goto(library_app.link(**params))
    expect(page.locator(".rd-library-page")).to_be_visible()
    page.wait_for_timeout(500)  # let the charts draw
    assert_no_violations(page)
