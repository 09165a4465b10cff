"""Editing in a real browser: the Edit view, saving, conflicts, live reload, annotating a selection.

Every test serves its own copy of a small root, so the project's files are never touched.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from reader.sources.documents import Root
from tests.browser.conftest import ServedApp, open_reader
from tests.conftest import BEES_IN_WINTER, make_root

SLUG = "bees"
ARTICLE = BEES_IN_WINTER
ORIGINAL = """\
# Curated by hand: keep this comment.
claims:
  - id: twenty-kilos
    quote: about 20 kilos of honey   # the survey's figure
    status: supported
"""
SHIVERS = "  - id: shivers\n    quote: The cluster shivers\n"


@pytest.fixture
def root(tmp_path: Path) -> Root:
    return Root(make_root(tmp_path / "root", {SLUG: ARTICLE}, {SLUG: ORIGINAL}))


@pytest.fixture
def app(serve_app: Callable[..., ServedApp], root: Root) -> ServedApp:
    return serve_app(root.path)


def on_disk(root: Root) -> bytes:
    return root.annotations_path(SLUG).read_bytes()


def sidebar(page: Page) -> Locator:
    return page.locator('[data-testid="stSidebar"]')


def editor(page: Page) -> Locator:
    return page.get_by_role("textbox", name="Annotations (YAML)")


def problems(page: Page) -> Locator:
    return page.locator(".st-key-editor-problems")


def open_editor(page: Page, app: ServedApp) -> Locator:
    open_reader(page, app.url)
    sidebar(page).get_by_text("Edit", exact=True).click()
    expect(editor(page)).to_have_value(on_disk_text(app))
    return editor(page)


def on_disk_text(app: ServedApp) -> str:
    return (app.root / "annotations" / f"{SLUG}.yaml").read_text(encoding="utf-8")


def type_at_end(page: Page, text: str) -> None:
    editor(page).click()
    page.keyboard.press("Control+End")
    page.keyboard.type(text)


def claim_mark(page: Page, claim_id: str) -> Locator:
    return page.locator(f'.reader-view mark.hl-claims[data-ids~="{claim_id}"]')


def test_an_error_appears_with_its_line_and_save_leaves_the_file_unchanged(page: Page, app: ServedApp, root: Root):
    open_editor(page, app)
    type_at_end(page, "  - id: shivers\n    qoute: The cluster shivers\n")
    # Validated while typing: no blur, no Ctrl+Enter.
    expect(problems(page)).to_contain_text("7:5")
    expect(problems(page)).to_contain_text("unknown key 'qoute' in claim 'shivers' (did you mean 'quote'?)")
    expect(problems(page)).to_contain_text("6:5")
    save = page.get_by_role("button", name="Save", exact=True)
    expect(save).to_be_disabled()
    assert on_disk(root) == ORIGINAL.encode()
    expect(editor(page)).to_have_value(ORIGINAL + "  - id: shivers\n    qoute: The cluster shivers\n")

    # Clicking the line:col moves the caret to the fault.
    problems(page).get_by_text("7:5", exact=True).click()
    assert editor(page).evaluate("e => e.value.slice(0, e.selectionStart).split('\\n').length") == 7


def test_a_valid_edit_with_a_new_comment_is_saved_byte_for_byte_and_shows_in_the_reader(
        page: Page, app: ServedApp, root: Root):
    open_editor(page, app)
    added = "  # added in the browser; trailing spaces kept   \n" + SHIVERS
    type_at_end(page, added)
    expect(problems(page)).to_contain_text("No problems.")
    expect(page.locator(".st-key-editor-preview mark.hl-claims[data-ids~='shivers']")).to_be_visible()  # preview
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text(re.compile(r"^Saved annotations/bees\.yaml"))).to_be_visible()
    assert on_disk(root) == (ORIGINAL + added).encode("utf-8")
    kept = list((root.path / "annotations" / ".history" / SLUG).glob("*.yaml"))  # beside log.jsonl
    assert [p.read_bytes() for p in kept] == [ORIGINAL.encode()]

    sidebar(page).get_by_text("Read", exact=True).click()
    expect(claim_mark(page, "shivers")).to_have_text("The cluster shivers")


def test_a_stale_editor_cannot_save_over_an_external_change(page: Page, app: ServedApp, root: Root):
    open_editor(page, app)
    type_at_end(page, "# mine\n")
    expect(page.get_by_text(re.compile(r"^unsaved changes"))).to_be_visible()  # the typing reached the server
    external = ORIGINAL + "# theirs, from another editor\n"
    root.annotations_path(SLUG).write_text(external, encoding="utf-8")
    expect(page.locator(".st-key-editor-disk-changed")).to_contain_text("changed on disk since you opened it")

    page.get_by_role("button", name="Save", exact=True).click()
    conflict = page.locator(".st-key-editor-conflict")
    expect(conflict).to_contain_text("changed on disk since you opened it")
    expect(conflict.locator("code")).to_contain_text("-# theirs, from another editor")
    expect(conflict.locator("code")).to_contain_text("+# mine")
    assert on_disk(root) == external.encode()
    expect(editor(page)).to_have_value(ORIGINAL + "# mine\n")  # the curator's text is still there

    conflict.get_by_role("button", name="Reload from disk").click()
    expect(editor(page)).to_have_value(external)
    expect(page.get_by_text("Your text from before the reload")).to_be_visible()
    assert on_disk(root) == external.encode()


def test_an_external_change_appears_in_an_open_reader_by_itself(page: Page, app: ServedApp, root: Root):
    open_reader(page, app.url)
    claim_mark(page, "twenty-kilos").first.click()
    expect(claim_mark(page, "twenty-kilos").first).to_have_class(re.compile(r"\bis-selected\b"))
    assert claim_mark(page, "shivers").count() == 0

    root.annotations_path(SLUG).write_text(ORIGINAL + SHIVERS, encoding="utf-8")
    expect(claim_mark(page, "shivers")).to_have_text("The cluster shivers")
    # The reader kept its place: the selected claim is still selected.
    expect(claim_mark(page, "twenty-kilos").first).to_have_class(re.compile(r"\bis-selected\b"))


def select_word(page: Page, word: str, occurrence: int) -> None:
    """Double-click a word in the article, as a reader would to select it."""
    point = page.evaluate("""([word, occurrence]) => {
        const article = document.querySelector('.reader-view article');
        const walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT);
        let seen = 0, node;
        while ((node = walker.nextNode())) {
            let at = node.textContent.indexOf(word);
            while (at >= 0) {
                if (seen++ === occurrence) {
                    const range = document.createRange();
                    range.setStart(node, at);
                    range.setEnd(node, at + word.length);
                    range.startContainer.parentElement.scrollIntoView({block: 'center'});
                    const box = range.getBoundingClientRect();
                    return [box.x + box.width / 2, box.y + box.height / 2];
                }
                at = node.textContent.indexOf(word, at + 1);
            }
        }
        return null;
    }""", [word, occurrence])
    assert point, f"{word!r} #{occurrence} is not in the article"
    page.mouse.dblclick(*point)


def test_selecting_text_creates_a_claim_entry(page: Page, app: ServedApp, root: Root):
    open_reader(page, app.url)
    select_word(page, "cluster", 1)  # the second "cluster": the entry needs context to find it
    new_claim = sidebar(page).get_by_role("button", name="New claim")
    expect(new_claim).to_be_visible()
    expect(sidebar(page).get_by_role("button", name="New note")).to_be_visible()
    expect(sidebar(page).get_by_role("button", name="Mark entity")).to_be_visible()
    new_claim.click()

    entry = '  - id: cluster\n    quote: cluster\n    prefix: "The "\n'
    expect(editor(page)).to_have_value(ORIGINAL + entry)
    expect(page.get_by_text("Added a claim 'cluster' at line 6")).to_be_visible()
    assert on_disk(root) == ORIGINAL.encode()  # the curator finishes it, then saves
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text(re.compile(r"^Saved annotations/bees\.yaml"))).to_be_visible()
    assert on_disk(root) == (ORIGINAL + entry).encode()


def test_read_only_mode_offers_no_editing(page: Page, serve_app: Callable[..., ServedApp], root: Root):
    app = serve_app(root.path, env={"READER_READ_ONLY": "1"})
    open_reader(page, app.url)
    expect(claim_mark(page, "twenty-kilos")).to_be_visible()
    expect(sidebar(page).get_by_text("Edit", exact=True)).to_have_count(0)
    select_word(page, "shivers", 0)
    expect(sidebar(page).get_by_role("button", name="New claim")).to_have_count(0)
    assert on_disk(root) == ORIGINAL.encode()
    assert not (root.path / "annotations" / ".history").exists()
