"""Hostile documents in a real browser: the app and the standalone export, every highlight and link
hovered and clicked, and no script from the input ever runs.

The document (tests/hostile/payloads.py) has `<script>`, `<img onerror>`, `<svg onload>`,
`javascript:` links and `data:` URLs in every text field and every source. Each payload tries to set
``window.__pwned = true`` or to open a dialog. An init script in every frame sets the flag to false
and wraps alert/confirm/prompt/print; Playwright also listens for dialogs. The app's ``page``
fixture (tests/browser/conftest.py) additionally fails on page errors and on any request off
127.0.0.1.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from playwright.sync_api import Error as PlaywrightError

from reader.html.sanitize import safe_url
from tests.browser.conftest import ServedApp, open_reader
from tests.conftest import PROJECT
from tests.hostile.payloads import MARKER, SLUG, hostile_document

pytestmark = pytest.mark.timeout(300)

TRAP = """
window.__pwned = false;
window.__dialogs = [];
for (const name of ["alert", "confirm", "prompt", "print"]) {
    const original = window[name];
    window[name] = function (...args) {
        window.__dialogs.push(name + ":" + String(args[0]));
        return null;
    };
}
// Ordinary web links must not navigate away in the test (they would leave the machine); a link
// whose URL is anything else is left alone, so a javascript: or data: URL would run and be caught.
document.addEventListener("click", (event) => {
    const link = event.target instanceof Element ? event.target.closest("a[href]") : null;
    if (link && /^(https?|mailto):/i.test(link.href)) event.preventDefault();
}, true);
"""

#: Live markup from the input, looked for in every frame's DOM after every interaction.
LIVE_MARKUP = """(marker) => {
    const isInertJson = (text) => {
        if (text.includes("<")) return false;
        try { JSON.parse(text); return true; } catch (error) { return false; }
    };
    const found = [];
    for (const el of document.querySelectorAll("*")) {
        const tag = el.tagName.toLowerCase();
        // Charts may draw the input's labels as SVG text; a script element may never carry input.
        // A JSON-LD data block (the ClaimReview) may carry input as data: it never runs, and it
        // must parse as JSON with no raw "<" that could close it; any other script may not.
        const dataBlock = tag === "script" && el.type === "application/ld+json"
            && isInertJson(el.textContent);
        const carries = el.textContent.includes(marker) || el.textContent.includes("__pwned");
        if (tag === "script" && !dataBlock && carries) {
            found.push(el.outerHTML.slice(0, 200));
        }
        for (const attr of el.attributes) {
            const name = attr.name.toLowerCase();
            const value = attr.value.replace(/[\\s\\u0000-\\u001f]/g, "").toLowerCase();
            if (name.startsWith("on") && attr.value.includes("__pwned")) {
                found.push(tag + " " + name);
            }
            const runs = ["javascript:", "vbscript:", "data:text/html"]
                .some((scheme) => value.startsWith(scheme));
            const url = ["href", "src", "action", "formaction", "xlink:href", "data"]
                .includes(name);
            if (url && runs) {
                found.push(tag + " " + name + "=" + attr.value.slice(0, 80));
            }
        }
    }
    return found;
}"""


@pytest.fixture(scope="module")
def hostile_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return hostile_document().write(tmp_path_factory.mktemp("hostile-browser-root"))


@pytest.fixture
def dialogs(page: Page) -> list[str]:
    seen: list[str] = []

    def on_dialog(dialog) -> None:
        seen.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.context.add_init_script(TRAP)
    return seen


def assert_nothing_ran(page: Page, dialogs: list[str]) -> None:
    assert dialogs == []
    for frame in page.frames:
        if frame.is_detached():
            continue
        state = frame.evaluate("() => [window.__pwned, window.__dialogs || []]")
        assert state[0] is False, f"a payload ran in {frame.url}"
        assert state[1] == [], state[1]
        assert frame.evaluate(LIVE_MARKUP, MARKER) == []


def hover_and_click_all(page: Page, selector: str, dialogs: list[str], *, limit: int = 60) -> int:
    """Hover and click every element matching ``selector`` (as a reader would), checking after each.

    Streamlit may redraw the panel meanwhile; an element that went away is looked up again once.
    """
    done = 0
    for index in range(min(page.locator(selector).count(), limit)):
        for _attempt in range(2):
            target = page.locator(selector).nth(index)
            try:
                if not target.is_visible():
                    break
                target.scroll_into_view_if_needed(timeout=5_000)
                target.hover(timeout=5_000)
                target.click(timeout=5_000)
                done += 1
                break
            except PlaywrightError:
                page.wait_for_timeout(500)  # redrawn: try the element now at this index
        page.wait_for_timeout(150)
        assert_nothing_ran(page, dialogs)
    return done


#: The panel's own link to a note's page in the library (?note=ID), which leaves the article.
APP_NOTE_LINK = re.compile(r"\?note=[A-Za-z0-9_%-]+")
#: Links the app makes to its own pages (?note=, ?entity=, ?doc=…&focus=…): a query on the same
#: page, never a scheme of its own.
APP_LINK = re.compile(r"\?(note|entity|doc)=\S*")
#: The panel's links to the web (its sources), which open in a new tab.
WEB_LINKS = ".st-key-reader-panel a[href]:not([href^='?'])"


def panel_links(page: Page) -> list[str]:
    return page.locator(".st-key-reader-panel a[href]").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )


def test_the_app_shows_a_hostile_document_as_text(
    page: Page, dialogs: list[str], hostile_root: Path, serve_app: Callable[..., ServedApp]
) -> None:
    app = serve_app(hostile_root)
    open_reader(page, app.link(doc=SLUG))
    view = page.locator(".reader-view")
    expect(view.locator("h1.title")).to_have_text(hostile_document().shown["title"])
    texts = view.locator("article.article [data-start]:not(.hl)").all_text_contents()
    assert any(hostile_document().shown["body"] in text for text in texts)
    # The problems (which quote the hostile values) are listed as text too.
    expect(page.get_by_text(f'alert("{MARKER}-status")').first).to_be_attached()
    assert_nothing_ran(page, dialogs)

    marks = ".reader-view mark.hl"
    assert page.locator(marks).count() >= 6
    clicked = 0
    for index in range(page.locator(marks).count()):
        mark = page.locator(marks).nth(index)
        mark.scroll_into_view_if_needed()
        mark.hover()
        mark.click()
        page.wait_for_timeout(300)
        assert_nothing_ran(page, dialogs)
        # Whatever the panel now shows: every link in it is a web link, and hovering/clicking it
        # runs nothing.
        assert all(
            safe_url(href) == href or APP_NOTE_LINK.fullmatch(href) for href in panel_links(page)
        ), panel_links(page)
        hover_and_click_all(page, WEB_LINKS, dialogs)
        clicked += 1
    assert clicked >= 6

    # The claim's panel came up with the hostile assessment as text and its sources' names as text.
    page.locator('.reader-view mark.hl-claims[data-ids~="hostile-claim"]').first.click()
    panel = page.locator(".st-key-reader-panel")
    expect(panel.locator(".rd-quote").first).to_have_text(hostile_document().shown["claim-quote"])
    expect(panel.get_by_text(f'alert("{MARKER}-assessment")').first).to_be_attached()
    expect(panel.get_by_text(f"{MARKER}-figure-title").first).to_be_attached()
    hover_and_click_all(page, WEB_LINKS, dialogs)
    hover_and_click_all(page, ".st-key-reader-panel button", dialogs, limit=20)
    assert_nothing_ran(page, dialogs)


def test_the_note_page_shows_a_hostile_note_as_text(
    page: Page, dialogs: list[str], hostile_root: Path, serve_app: Callable[..., ServedApp]
) -> None:
    app = serve_app(hostile_root)
    page.goto(app.link(note="hostile-note"))
    article = page.locator("article.rd-library-page")
    expect(article.get_by_role("heading", level=1)).to_contain_text(MARKER)
    page.wait_for_timeout(500)
    assert_nothing_ran(page, dialogs)
    links = article.locator("a[href]").evaluate_all("a => a.map(x => x.getAttribute('href'))")
    assert all(safe_url(h) == h or APP_LINK.fullmatch(h) for h in links), links
    hover_and_click_all(page, "article.rd-library-page a[href^='http']", dialogs)


def test_the_edit_view_shows_hostile_problems_and_preview_as_text(
    page: Page, dialogs: list[str], hostile_root: Path, serve_app: Callable[..., ServedApp]
) -> None:
    app = serve_app(hostile_root)
    open_reader(page, app.link(doc=SLUG))
    page.locator('[data-testid="stSidebar"]').get_by_text("Edit", exact=True).click()
    expect(page.locator(".st-key-editor-problems")).to_contain_text(f"{MARKER}-status")
    page.wait_for_timeout(500)
    assert_nothing_ran(page, dialogs)
    hover_and_click_all(page, ".st-key-editor-preview mark.hl", dialogs, limit=20)


# --------------------------------------------------------------------------- the standalone export


@pytest.fixture(scope="module")
def exported(hostile_root: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("hostile-export") / f"{SLUG}.html"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "reader",
            "export",
            SLUG,
            "--format",
            "html",
            "-o",
            str(out),
            "--root",
            str(hostile_root),
        ],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    return out


@pytest.fixture
def file_page(browser: Browser, exported: Path) -> Iterator[tuple[Page, list[str], list[str]]]:
    context = browser.new_context()
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    context.add_init_script(TRAP)
    page = context.new_page()
    dialogs: list[str] = []
    errors: list[str] = []
    page.on(
        "dialog",
        lambda dialog: (dialogs.append(f"{dialog.type}: {dialog.message}"), dialog.dismiss()),
    )
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(exported.as_uri())
    page.wait_for_load_state("load")
    yield page, dialogs, requests
    context.close()
    assert errors == []
    # Only the file itself was loaded: no image, script, frame or link target from the input.
    assert requests == [exported.as_uri()], requests


def test_the_standalone_export_runs_nothing_from_the_input(
    file_page: tuple[Page, list[str], list[str]],
) -> None:
    page, dialogs, _ = file_page
    assert hostile_document().shown["title"] in page.title()
    # The ClaimReview block carries the hostile quotes as data, escaped: the check below lets it
    # through only so.
    reviews = page.locator('script[type="application/ld+json"]').all_text_contents()
    assert len(reviews) == 1 and MARKER in reviews[0] and "<" not in reviews[0]
    assert_nothing_ran(page, dialogs)
    clicked = hover_and_click_all(page, "mark.hl", dialogs, limit=200)
    assert clicked >= 6
    links = page.locator("a[href]").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert all(href.startswith("#") or safe_url(href) == href for href in links), links
    hover_and_click_all(page, "a[href]", dialogs, limit=200)
    hover_and_click_all(page, "button, summary, label", dialogs, limit=100)
    assert_nothing_ran(page, dialogs)


def test_the_trap_itself_catches_a_script_that_runs(browser: Browser, tmp_path: Path) -> None:
    """The check above can fail: a page whose payload does run is caught by it."""
    live = tmp_path / "live.html"
    live.write_text(
        f'<p>{MARKER}</p><img src="x" onerror="window.__pwned = true; alert(1)">', encoding="utf-8"
    )
    context = browser.new_context()
    context.add_init_script(TRAP)
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(live.as_uri())
    page.wait_for_function("window.__pwned === true")
    with pytest.raises(AssertionError):
        assert_nothing_ran(page, dialogs)
    context.close()


def test_hostile_query_parameters_are_shown_as_text(
    page: Page, dialogs: list[str], hostile_root: Path, serve_app: Callable[..., ServedApp]
) -> None:
    app = serve_app(hostile_root)
    focus = f'<img src=x onerror="window.__pwned=true">[{MARKER}](javascript:window.__pwned=true)'
    open_reader(
        page,
        app.link(
            doc="../../../../etc/passwd",
            focus=focus,
            hide="<script>window.__pwned=true</script>",
            layers="claims,<svg onload=window.__pwned=true>",
        ),
    )
    expect(page.locator(".reader-view h1.title")).to_have_text(hostile_document().shown["title"])
    expect(page.get_by_text(focus).first).to_be_attached()  # the unknown focus is named, as text
    assert "root:x:0:0" not in page.content()
    hover_and_click_all(
        page, '[data-testid="stAlert"] a[href], .st-key-reader-panel a[href]', dialogs
    )
    assert_nothing_ran(page, dialogs)
