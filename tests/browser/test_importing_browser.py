"""Bringing an article in and triaging its suggested claims, in a real browser: upload a saved
page, correct what was extracted, land in the Edit view; Add as claim and Dismiss there."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from reader.editing.dismissed import dismissed
from reader.sources.documents import Root
from tests.browser.conftest import ServedApp, open_reader
from tests.browser.test_editing import editor, editor_text, sidebar
from tests.conftest import BEES_IN_WINTER, make_root
from tests.importing.test_web import NEWS_PAGE

SLUG = "murders-rise-24-in-sinaloa"


@pytest.fixture
def root(tmp_path: Path) -> Root:
    return Root(make_root(tmp_path / "root", {"bees": BEES_IN_WINTER}, {"bees": ""}))


@pytest.fixture
def app(serve_app: Callable[..., ServedApp], root: Root) -> ServedApp:
    return serve_app(root.path)


def _add_news_page(page: Page, app: ServedApp, tmp_path: Path) -> None:
    saved = tmp_path / "saved page.html"
    saved.write_text(NEWS_PAGE, encoding="utf-8")
    open_reader(page, app.url)
    sidebar(page).get_by_role("button", name="Add a document").click()
    dialog = page.get_by_role("dialog")
    dialog.locator('input[type="file"]').set_input_files(saved)
    expect(dialog.get_by_label("Title")).to_have_value("Murders rise 24% in Sinaloa")
    expect(dialog.get_by_label("Author (several: separated by ;)")).to_have_value("María López")
    expect(dialog.get_by_label("Published (YYYY-MM-DD)")).to_have_value("2024-03-05")
    page.screenshot(path=tmp_path / "add-dialog.png")  # to look at
    dialog.get_by_label("Author (several: separated by ;)").fill("María López; Juan Pérez")
    dialog.get_by_role("button", name="Add the document").click()
    expect(editor(page)).to_be_visible(timeout=90_000)  # the model reads the new article first
    expect(page).to_have_url(re.compile(f"doc={SLUG}"))
    expect(page.locator(".st-key-editor-suggested")).to_have_count(1)  # the run has settled


def test_an_uploaded_page_is_corrected_added_and_opened_with_its_suggestions(
    page: Page, app: ServedApp, root: Root, tmp_path: Path
):
    _add_news_page(page, app, tmp_path)
    written = root.article_path(SLUG).read_text("utf-8")
    assert written.startswith(
        "---\ntitle: Murders rise 24% in Sinaloa\nauthor:\n- María López\n- Juan Pérez\n"
    )
    assert "“It’s a crisis,” said the state’s governor, Rubén Rocha." in written
    suggestions = page.locator(".st-key-editor-suggested")
    first = suggestions.locator(".suggested-quote").first
    expect(first).to_contain_text("The number of murders in Sinaloa rose by 24% in 2023")
    expect(suggestions.locator(".suggested-reasons").first).to_have_text(
        re.compile(r"^a number \(24%\); attributed to a named source \(“according to”\)")
    )
    suggestions.screenshot(path=tmp_path / "suggestions.png")  # to look at


def test_add_as_claim_and_dismiss_in_the_edit_view(
    page: Page, app: ServedApp, root: Root, tmp_path: Path
):
    _add_news_page(page, app, tmp_path)
    suggestions = page.locator(".st-key-editor-suggested")
    quote = "The number of murders in Sinaloa rose by 24% in 2023"
    suggestions.get_by_role("button", name="Add as claim").first.click()
    expect(page.get_by_text("Added claim 'the-number-of-murders-in-sinaloa'")).to_be_visible()
    text = editor_text(page)
    assert f'    quote: "{quote}, according to INEGI' in text
    assert "    status: unconfirmed\n" in text
    expect(suggestions.locator(".suggested-quote").first).not_to_contain_text(quote)
    second = suggestions.locator(".suggested-quote").first.inner_text()
    suggestions.get_by_role("button", name="Dismiss").first.click()
    expect(suggestions.locator(".suggested-quote").first).not_to_have_text(second)
    assert len(dismissed(root, SLUG)) == 1
    page.screenshot(path=tmp_path / "after-dismiss.png")  # to look at
