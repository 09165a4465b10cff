"""Editing in a real browser: the code editor (problems in place, completion, Ctrl+S), saving,
conflicts, a disk that refuses, live reload, annotating a selection.

The module serves its own copy of a small root, so the project's files are never touched; each
test starts from the original files with no history, on the module's servers (one per
environment), so a server starts once rather than once per test.
"""

from __future__ import annotations

import re
import shutil
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


@pytest.fixture(scope="module")
def module_root(tmp_path_factory: pytest.TempPathFactory) -> Root:
    return Root(make_root(tmp_path_factory.mktemp("editing"), {SLUG: ARTICLE}, {SLUG: ORIGINAL}))


@pytest.fixture
def root(module_root: Root) -> Root:
    """The module's root as it started: the original files, no history."""
    shutil.rmtree(module_root.path / "annotations" / ".history", ignore_errors=True)
    make_root(module_root.path, {SLUG: ARTICLE}, {SLUG: ORIGINAL})
    return module_root


@pytest.fixture
def app(serve_app: Callable[..., ServedApp], root: Root) -> ServedApp:
    return serve_app(root.path)


def on_disk(root: Root) -> bytes:
    return root.annotations_path(SLUG).read_bytes()


def sidebar(page: Page) -> Locator:
    return page.locator('[data-testid="stSidebar"]')


def editor(page: Page) -> Locator:
    return page.get_by_role("textbox", name="Annotations (YAML)")


_VIEW = "document.querySelector('.reader-code-editor').editorView"


def editor_text(page: Page) -> str:
    return page.evaluate(f"() => {_VIEW}.state.doc.toString()")


def wait_for_text(page: Page, text: str) -> None:
    """Until the code editor holds exactly `text` (it normalises line breaks to \\n)."""
    page.wait_for_function(
        """expected => {
        const host = document.querySelector('.reader-code-editor');
        return !!host && !!host.editorView && host.editorView.state.doc.toString() === expected;
    }""",
        arg=text,
        timeout=30_000,
    )


def cursor_line(page: Page) -> int:
    return page.evaluate(
        f"() => {{ const v = {_VIEW}; return "
        "v.state.doc.lineAt(v.state.selection.main.head).number; }"
    )


def line_of(page: Page, locator: Locator) -> int:
    """The editor line a rendered element (an underline, a gutter marker) is drawn on, from where it
    is on screen."""
    return locator.evaluate(f"""el => {{
        const v = {_VIEW}, box = el.getBoundingClientRect();
        const middle = box.top + box.height / 2 - v.documentTop;
        return v.state.doc.lineAt(v.lineBlockAtHeight(middle).from).number;
    }}""")


def problems(page: Page) -> Locator:
    return page.locator(".st-key-editor-problems")


def open_editor(page: Page, app: ServedApp) -> Locator:
    open_reader(page, app.url)
    sidebar(page).get_by_text("Edit", exact=True).click()
    expect(editor(page)).to_be_visible()
    wait_for_text(page, on_disk_text(app))
    return editor(page)


def on_disk_text(app: ServedApp) -> str:
    return (app.root / "annotations" / f"{SLUG}.yaml").read_text(encoding="utf-8")


def type_at_end(page: Page, text: str) -> None:
    """Put `text` at the end as it is (no auto-indent), as a paste would."""
    editor(page).click()
    page.keyboard.press("Control+End")
    page.keyboard.insert_text(text)


def type_lines(page: Page, *lines: str) -> None:
    """Type lines at the end key by key; the editor indents each new line as the one above, so
    `lines` hold only what follows that indentation."""
    editor(page).click()
    page.keyboard.press("Control+End")
    for index, line in enumerate(lines):
        if index:
            page.keyboard.press("Enter")
        page.keyboard.type(line)


def claim_mark(page: Page, claim_id: str) -> Locator:
    return page.locator(f'.reader-view mark.hl-claims[data-ids~="{claim_id}"]')


def test_a_broken_key_is_underlined_at_its_line_with_the_message_on_hover(
    page: Page, app: ServedApp, root: Root
):
    open_editor(page, app)
    type_lines(
        page, "  - id: shivers", "qoute: The cluster shivers"
    )  # typed key by key; no blur, no Ctrl+Enter
    assert editor_text(page) == ORIGINAL + "  - id: shivers\n    qoute: The cluster shivers"
    underlines = page.locator(".cm-lintRange-error")
    expect(underlines).to_have_text(
        ["id", "qoute"]
    )  # line 6: the claim has no quote; line 7: the unknown key
    underline = underlines.nth(1)
    assert [line_of(page, underlines.nth(0)), line_of(page, underline)] == [6, 7]
    marker = page.locator(".cm-gutter-lint .cm-lint-marker-error")
    expect(marker).to_have_count(2)
    assert [line_of(page, marker.nth(0)), line_of(page, marker.nth(1))] == [6, 7]
    underline.hover()
    expect(page.locator(".cm-tooltip-lint")).to_contain_text(
        "unknown key 'qoute' in claim 'shivers' (did you mean 'quote'?)"
    )
    # The list under the editor stays, and Save stays off.
    expect(problems(page)).to_contain_text("7:5")
    expect(problems(page)).to_contain_text("6:5")
    expect(page.get_by_role("button", name="Save", exact=True)).to_be_disabled()
    assert on_disk(root) == ORIGINAL.encode()


def test_clicking_a_problem_puts_the_cursor_on_its_line(page: Page, app: ServedApp):
    open_editor(page, app)
    type_at_end(page, "  - id: shivers\n    qoute: The cluster shivers\n")
    expect(problems(page)).to_contain_text("7:5")
    page.keyboard.press("Control+Home")
    assert cursor_line(page) == 1
    problems(page).get_by_text("7:5", exact=True).click()
    page.wait_for_function(
        f"() => {{ const v = {_VIEW}; return "
        "v.state.doc.lineAt(v.state.selection.main.head).number === 7; }"
    )
    assert (
        page.evaluate(
            f"() => {{ const v = {_VIEW}; const h = v.state.selection.main.head; "
            "return h - v.state.doc.lineAt(h).from; }"
        )
        == 4
    )
    expect(page.locator(".reader-editor-caret")).to_have_text("Ln 7, Col 5")
    # The whole problem is a button: a click on its message, or Enter from the keyboard.
    page.keyboard.press("Control+Home")
    problems(page).get_by_text("unknown key 'qoute'", exact=False).click()
    expect(page.locator(".reader-editor-caret")).to_have_text("Ln 7, Col 5")
    page.keyboard.press("Control+Home")
    expect(page.locator(".reader-editor-caret")).to_have_text("Ln 1, Col 1")
    problems(page).get_by_role("button", name=re.compile(r"^7:5 error")).focus()
    page.keyboard.press("Shift+Tab")  # the problem before it in the tab order
    expect(problems(page).get_by_role("button", name=re.compile(r"^6:5 error"))).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator(".reader-editor-caret")).to_have_text("Ln 6, Col 5")


def test_the_undo_history_survives_the_reruns_that_check_the_text(page: Page, app: ServedApp):
    open_editor(page, app)
    type_lines(page, "# one")
    expect(
        page.get_by_text(re.compile(r"^unsaved changes"))
    ).to_be_visible()  # the text reached Python: a rerun
    page.keyboard.press("Control+z")
    wait_for_text(page, ORIGINAL)
    page.keyboard.press("Control+Shift+z")
    wait_for_text(page, ORIGINAL + "# one")


def test_ctrl_s_saves_through_the_same_safe_save(page: Page, app: ServedApp, root: Root):
    open_editor(page, app)
    type_at_end(page, SHIVERS)
    page.keyboard.press("Control+s")  # at once: the text goes with the save, not after a pause
    expect(page.get_by_text(re.compile(r"^Saved annotations/bees\.yaml"))).to_be_visible()
    assert on_disk(root) == (ORIGINAL + SHIVERS).encode()
    assert [
        p.read_bytes() for p in (root.path / "annotations" / ".history" / SLUG).glob("*.yaml")
    ] == [ORIGINAL.encode()]


def test_ctrl_s_with_an_error_writes_nothing(page: Page, app: ServedApp, root: Root):
    open_editor(page, app)
    type_at_end(page, "  - id: shivers\n")
    page.keyboard.press("Control+s")
    expect(
        page.get_by_text("Not saved: the text has 1 error; the file on disk is unchanged")
    ).to_be_visible()
    assert on_disk(root) == ORIGINAL.encode()
    assert editor_text(page) == ORIGINAL + "  - id: shivers\n"


def test_a_valid_edit_with_a_new_comment_is_saved_byte_for_byte_and_shows_in_the_reader(
    page: Page, app: ServedApp, root: Root
):
    open_editor(page, app)
    added = "  # added in the browser; trailing spaces kept   \n" + SHIVERS
    type_at_end(page, added)
    expect(problems(page)).to_contain_text("No problems.")
    expect(
        page.locator(".st-key-editor-preview mark.hl-claims[data-ids~='shivers']")
    ).to_be_visible()  # preview
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
    expect(
        page.get_by_text(re.compile(r"^unsaved changes"))
    ).to_be_visible()  # the typing reached the server
    external = ORIGINAL + "# theirs, from another editor\n"
    root.annotations_path(SLUG).write_text(external, encoding="utf-8")
    expect(page.locator(".st-key-editor-disk-changed")).to_contain_text(
        "changed on disk since you opened it"
    )

    page.get_by_role("button", name="Save", exact=True).click()
    conflict = page.locator(".st-key-editor-conflict")
    expect(conflict).to_contain_text("changed on disk since you opened it")
    expect(conflict.locator("code")).to_contain_text("-# theirs, from another editor")
    expect(conflict.locator("code")).to_contain_text("+# mine")
    assert on_disk(root) == external.encode()
    assert editor_text(page) == ORIGINAL + "# mine\n"  # the curator's text is still there

    conflict.get_by_role("button", name="Reload from disk").click()
    wait_for_text(page, external)
    expect(page.get_by_text("Your text from before the reload")).to_be_visible()
    assert on_disk(root) == external.encode()


def test_an_external_change_appears_in_an_open_reader_by_itself(
    page: Page, app: ServedApp, root: Root
):
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
    point = page.evaluate(
        """([word, occurrence]) => {
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
    }""",
        [word, occurrence],
    )
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
    wait_for_text(page, ORIGINAL + entry)
    expect(page.get_by_text("Added a claim 'cluster' at line 6")).to_be_visible()
    page.wait_for_function(
        f"() => {{ const v = {_VIEW}; const s = v.state.selection.main; "
        "return v.state.sliceDoc(s.from, s.to) === '  - id: cluster'; }"
    )  # its first line selected
    assert on_disk(root) == ORIGINAL.encode()  # the curator finishes it, then saves
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text(re.compile(r"^Saved annotations/bees\.yaml"))).to_be_visible()
    assert on_disk(root) == (ORIGINAL + entry).encode()


def test_read_only_mode_offers_no_editing(
    page: Page, serve_app: Callable[..., ServedApp], root: Root
):
    app = serve_app(root.path, env={"READER_READ_ONLY": "1"})
    open_reader(page, app.url)
    expect(claim_mark(page, "twenty-kilos")).to_be_visible()
    expect(sidebar(page).get_by_text("Edit", exact=True)).to_have_count(0)
    expect(page.locator(".reader-code-editor")).to_have_count(0)
    select_word(page, "shivers", 0)
    expect(sidebar(page).get_by_role("button", name="New claim")).to_have_count(0)
    assert on_disk(root) == ORIGINAL.encode()
    assert not (root.path / "annotations" / ".history").exists()


# --------------------------------------------------------------------------- completion

DANCE = """\
---
title: The waggle dance
---
A forager’s “waggle dance” — a bee’s map — points the hive to food 2 kilometres away.

Bees visit about 100 flowers on one trip.
"""
WITH_FIGURE = """\
claims:
  - id: two-km
    quote: food 2 kilometres away
figures:
  - id: foraging-range
    title: How far foragers fly
    type: stat
    data: [{label: median, value: 2}]
    source: {name: A bee survey, url: "https://example.org/bees/range"}
"""


@pytest.fixture(scope="module")
def dance_app(
    serve_app: Callable[..., ServedApp], tmp_path_factory: pytest.TempPathFactory
) -> ServedApp:
    # These tests type in the editor but never save: one root serves them all.
    dance = make_root(tmp_path_factory.mktemp("dance"), {"dance": DANCE}, {"dance": WITH_FIGURE})
    return serve_app(dance)


def completion(page: Page) -> Locator:
    return page.locator(".cm-tooltip-autocomplete")


def accept(page: Page) -> None:
    """Enter on the offered completion (CodeMirror ignores keys for 75 ms after the list opens, so a
    fast typist does not accept by accident; a person takes longer than that to read it)."""
    page.wait_for_timeout(200)
    page.keyboard.press("Enter")


def new_line_in_the_first_claim(page: Page, app: ServedApp) -> None:
    """Open the editor on WITH_FIGURE and start a line below its third (inside the first claim)."""
    open_reader(page, app.url)
    sidebar(page).get_by_text("Edit", exact=True).click()
    wait_for_text(page, WITH_FIGURE)
    editor(page).click()
    page.evaluate(
        f"() => {{ const v = {_VIEW}; v.dispatch({{selection: {{anchor: "
        "v.state.doc.line(3).to}}); }"
    )
    page.keyboard.press("Enter")


def test_a_figure_id_completes_inside_figures_brackets(page: Page, dance_app: ServedApp):
    new_line_in_the_first_claim(page, dance_app)
    page.keyboard.type("figures: [for")
    expect(completion(page)).to_contain_text("foraging-range")
    expect(completion(page)).to_contain_text("How far foragers fly")
    accept(page)
    assert page.evaluate(f"() => {_VIEW}.state.doc.line(4).text") == "    figures: [foraging-range]"
    expect(problems(page)).to_contain_text("No problems.")


def test_a_quote_completes_to_the_exact_sentence_with_its_curly_quotes_and_dashes(
    page: Page, dance_app: ServedApp
):
    new_line_in_the_first_claim(page, dance_app)
    page.keyboard.press("Shift+Tab")  # out to the list's indentation: a new entry
    page.keyboard.type("- id: dance")
    page.keyboard.press("Enter")
    page.keyboard.type('quote: waggle dance" - a bee')  # straight quote, a hyphen for the dash
    sentence = (
        "A forager’s “waggle dance” — a bee’s map — points the hive to food 2 kilometres away."
    )
    expect(completion(page)).to_contain_text(sentence)
    accept(page)
    assert page.evaluate(f"() => {_VIEW}.state.doc.line(5).text") == f"    quote: {sentence}"
    expect(problems(page)).not_to_contain_text("error")


def test_a_key_completes_from_the_schema_and_a_status_from_its_values(
    page: Page, dance_app: ServedApp
):
    new_line_in_the_first_claim(page, dance_app)
    page.keyboard.type("sta")
    expect(completion(page)).to_contain_text("status")
    accept(page)
    page.keyboard.type("mis")
    expect(completion(page)).to_contain_text("misdated")
    accept(page)
    assert page.evaluate(f"() => {_VIEW}.state.doc.line(4).text") == "    status: misdated"


# --------------------------------------------------------------------------- a disk that refuses

FULL_DISK_APP = Path(__file__).parent / "full_disk_app.py"


def test_a_full_disk_shows_a_plain_message_and_keeps_the_text(
    page: Page, serve_app: Callable[..., ServedApp], root: Root
):
    app = serve_app(root.path, script=FULL_DISK_APP)
    open_editor(page, app)
    type_at_end(page, SHIVERS)
    expect(problems(page)).to_contain_text("No problems.")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(
        page.get_by_text("Not saved: could not save annotations/bees.yaml: the disk is full")
    ).to_be_visible()
    expect(page.get_by_text("The file and its history are unchanged.")).to_be_visible()
    expect(page.get_by_text("Traceback")).to_have_count(0)
    assert editor_text(page) == ORIGINAL + SHIVERS
    assert on_disk(root) == ORIGINAL.encode()
    assert not (root.path / "annotations" / ".history").exists() or not list(
        (root.path / "annotations" / ".history").rglob("*.yaml")
    )


# --------------------------------------------------------------------------- themes


def test_the_editor_follows_a_dark_reader(
    page: Page, serve_app: Callable[..., ServedApp], root: Root
):
    app = serve_app(root.path, env={"STREAMLIT_THEME_BASE": "dark"})
    open_editor(page, app)
    background = page.locator(".cm-editor").evaluate("el => getComputedStyle(el).backgroundColor")
    assert background == "rgb(22, 24, 29)"


# --------------------------------------------------------------------------- a code editor's basics


def test_sections_and_entries_fold_and_ctrl_f_searches(page: Page, dance_app: ServedApp):
    open_reader(page, dance_app.url)
    sidebar(page).get_by_text("Edit", exact=True).click()
    wait_for_text(page, WITH_FIGURE)
    expect(page.locator(".cm-content .cm-line")).to_have_count(WITH_FIGURE.count("\n") + 1)
    # the fold arrows of "figures:" (line 4) and of its entry (line 5)
    folds = page.locator(".cm-foldGutter .cm-gutterElement span[title='Fold line']")
    expect(folds).to_have_count(4)  # claims:, its entry, figures:, its entry
    folds.nth(3).click()  # the figure entry: its lines after the first are hidden
    expect(page.locator(".cm-foldPlaceholder")).to_have_count(1)
    assert page.locator(".cm-content .cm-line").count() == 6
    page.locator(".cm-foldPlaceholder").click()  # unfolds
    expect(page.locator(".cm-foldPlaceholder")).to_have_count(0)
    assert page.locator(".cm-content .cm-line").count() == WITH_FIGURE.count("\n") + 1

    editor(page).click()
    page.keyboard.press("Control+f")
    search = page.get_by_role("textbox", name="Find")
    expect(search).to_be_focused()
    page.keyboard.type("foraging")
    page.keyboard.press("Enter")
    selected = page.evaluate(
        f"() => {{ const v = {_VIEW}; const s = v.state.selection.main; return "
        "v.state.sliceDoc(s.from, s.to); }"
    )
    assert selected == "foraging"
