"""The library page in Chromium: a root of two documents opens on it, and a search for “merida”
shows marked hits that open the document focused on the hit. In a library too large for the
sidebar's picker, its finder finds a document by a word of its title and opens it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, expect

from reader.app.views.sidebar import PICKER_LIMIT
from tests.browser.axe import assert_no_violations
from tests.browser.conftest import ServedApp, open_reader
from tests.library.fixtures import library_root, many_documents_root


def test_two_documents_open_on_the_library_and_a_search_opens_a_hit(
    page: Page, serve_app: Callable[..., ServedApp], tmp_path: Path
) -> None:
    app = serve_app(library_root(tmp_path / "root"))
    page.goto(app.url)
    docs = page.locator(".rd-lib-doc")
    expect(docs).to_have_count(2)
    # Newest first: Mérida (2024) before the bees (2023), each with its claims drawn.
    expect(docs.nth(0).locator(".rd-lib-doc-title")).to_have_text("Aid under the Mérida Initiative")
    expect(docs.nth(0).locator(".rd-lib-bar-part")).to_have_count(2)
    expect(docs.nth(0).locator(".rd-lib-bar")).to_have_attribute(
        "aria-label", "2 claims: 1 supported, 1 disputed"
    )
    expect(docs.nth(1).locator(".rd-lib-problem")).to_have_text(["1 orphan"])
    page.screenshot(path=tmp_path / "library.png", full_page=True)

    search = page.get_by_role("textbox", name="Search the library")
    search.fill("merida")
    search.press("Enter")
    hits = page.locator(".rd-lib-hit")
    expect(hits.first).to_be_visible()
    expect(page.locator(".rd-lib-snippet mark").first).to_have_text("Mérida")
    expect(page).to_have_url(f"{app.url}?q=merida")
    page.screenshot(path=tmp_path / "library-search.png", full_page=True)  # to look at

    claim = page.locator('.rd-lib-hit[data-kind="claim"]', has_text="helicopters")
    search.fill("helicopters")
    search.press("Enter")
    expect(claim.locator("mark")).to_have_text("helicopters")
    claim.locator("a").click()
    expect(page).to_have_url(f"{app.url}?doc=merida&focus=helicopters")
    expect(page.locator(".reader-view")).to_have_attribute("data-rendered", "complete")
    expect(page.locator('.reader-view mark[data-ids~="helicopters"]').first).to_be_visible()


def test_a_large_librarys_sidebar_finds_a_document_by_its_title(
    page: Page, serve_app: Callable[..., ServedApp], tmp_path: Path
) -> None:
    app = serve_app(many_documents_root(tmp_path / "large", PICKER_LIMIT + 1))
    open_reader(page, app.link(doc="bees"))
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar.get_by_text("Bees in winter")).to_be_visible()  # the open document's title
    expect(sidebar.locator("[data-testid=stSelectbox]")).to_have_count(0)
    expect(sidebar.get_by_role("link", name="← Library")).to_have_attribute("href", "?")
    finder = sidebar.get_by_role("textbox", name="Find a document")
    finder.fill("MERIDA")
    finder.press("Enter")
    found = sidebar.locator("a.rd-find-doc")
    expect(found).to_have_count(1)
    expect(found).to_have_text("Aid under the Mérida Initiative")
    expect(found).to_have_attribute("href", "?doc=merida")
    expect(sidebar.get_by_role("status")).to_have_text("1 title with “MERIDA”:")
    assert_no_violations(page, include=".rd-find")
    sidebar.screenshot(path=tmp_path / "finder.png")  # to look at
    found.click()
    expect(page).to_have_url(app.link(doc="merida"))
    expect(page.locator(".reader-view")).to_have_attribute("data-rendered", "complete")
    expect(sidebar.get_by_text("Aid under the Mérida Initiative")).to_be_visible()
