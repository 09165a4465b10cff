"""Accessibility in a real browser: axe-core's WCAG 2.0/2.1/2.2 A and AA rules on the app (light and
dark themes, a narrow window, a claim's evidence open) and on the standalone export; the narrow
screen's bottom sheet; the keyboard path (Tab, Enter, Escape, next/previous claim keys)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from reader.reading import Reading, open_reading
from reader.sources.documents import Root
from reader.vocabulary import STATUS_TEXT
from tests.browser.axe import assert_no_violations
from tests.browser.conftest import VIEWPORT, is_local, open_reader
from tests.browser.test_reader_app import own_text_point
from tests.conftest import PROJECT, export_seed_html

CLAIM = "homicides-tripled"  # the claim the issue tried on a phone, with a chart and notes
PHONE = {"width": 390, "height": 844}
NARROWEST = {"width": 320, "height": 640}
HOLDING = (
    "merida-2-billion"  # a claim with a note's mention inside it ("… via the Merida Initiative")
)
HELD = "merida-initiative"
WHOLLY = "zambada-name"  # a claim made only of other highlights: an entity, then a note's mention


@pytest.fixture(scope="module")
def mexico() -> Reading:
    return open_reading(Root(PROJECT), "mexico-drug-war", with_model=False)


def new_page(browser: Browser, *, viewport: dict, scheme: str = "light") -> tuple[Page, list[str]]:
    context = browser.new_context(viewport=viewport, color_scheme=scheme)
    # Nothing leaves the machine: the app is on loopback, the export a file.
    context.route(
        lambda url: not (is_local(url) or url.startswith("file:")), lambda route: route.abort()
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    return page, errors


@pytest.fixture
def open_page(browser: Browser) -> Iterator[Callable[..., Page]]:
    pages: list[tuple[Page, list[str]]] = []

    def make(viewport: dict = VIEWPORT, scheme: str = "light") -> Page:
        page, errors = new_page(browser, viewport=viewport, scheme=scheme)
        pages.append((page, errors))
        return page

    yield make
    for page, errors in pages:
        page.context.close()
        assert not errors, f"errors in the page: {errors}"


def claim_mark(page: Page, claim_id: str = CLAIM):
    return page.locator(f'.reader-view mark.hl-claims[data-ids~="{claim_id}"][data-target]').first


def panel(page: Page):
    return page.locator(".st-key-reader-panel")


def settle(page: Page) -> None:
    """Let Streamlit finish its rerun (charts drawn, no element fading in)."""
    page.wait_for_function("() => !document.querySelector('[data-stale=\"true\"]')")
    page.wait_for_timeout(800)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_app_has_no_wcag_violations(
    open_page: Callable[..., Page], app_url: str, scheme: str
) -> None:
    page = open_page(scheme=scheme)
    open_reader(page, app_url)
    expect(page.locator(".reader-view")).to_have_attribute("data-theme", scheme)
    settle(page)
    assert_no_violations(page)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_app_with_a_claims_evidence_open_has_no_wcag_violations(
    open_page: Callable[..., Page], app_url: str, scheme: str
) -> None:
    page = open_page(scheme=scheme)
    open_reader(page, app_url + f"?focus={CLAIM}")
    expect(panel(page).locator(".rd-quote")).to_be_visible()
    expect(panel(page).locator(".rd-figure-text")).to_have_count(1)
    settle(page)
    assert_no_violations(page)


def test_a_narrow_window_with_the_sheet_open_has_no_wcag_violations(
    open_page: Callable[..., Page], app_url: str
) -> None:
    page = open_page(PHONE)
    open_reader(page, app_url)
    page.mouse.click(*own_text_point(claim_mark(page)))
    expect(panel(page).locator(".rd-quote")).to_be_visible()
    settle(page)
    assert_no_violations(page)


def test_on_a_phone_a_tapped_claim_opens_a_bottom_sheet_on_screen(
    open_page: Callable[..., Page], app_url: str
) -> None:
    page = open_page(PHONE)
    open_reader(page, app_url)
    mark = claim_mark(page)
    mark.scroll_into_view_if_needed()
    page.wait_for_timeout(300)
    before = page.evaluate("() => [window.scrollY, document.scrollingElement.scrollTop]")
    point = own_text_point(mark)
    before = page.evaluate("() => [window.scrollY, document.scrollingElement.scrollTop]")
    top = mark.evaluate("m => m.getBoundingClientRect().top")
    page.mouse.click(*point)
    quote = panel(page).locator(".rd-quote")
    expect(quote).to_be_visible()
    settle(page)
    # The sheet is fixed to the bottom of the screen and wholly on it, and it scrolls by itself.
    sheet = page.locator('[data-testid="stColumn"]:has(.st-key-reader-panel)')
    box = sheet.bounding_box()
    assert (
        box is not None
        and box["y"] >= PHONE["height"] * 0.35
        and box["y"] + box["height"] <= PHONE["height"] + 1
    )
    assert sheet.evaluate("s => getComputedStyle(s).position") == "fixed"
    assert (box["x"], box["width"]) == (0, PHONE["width"])  # the screen's width
    assert sheet.evaluate(
        "s => s.scrollHeight > s.clientHeight && getComputedStyle(s).overflowY === 'auto'"
    )
    quote_box = quote.bounding_box()
    assert quote_box is not None and box["y"] <= quote_box["y"] < PHONE["height"]
    # The hover preview never showed raw Markdown, and the reader's place did not move.
    assert "**" not in (page.locator(".reader-tip").text_content() or "")
    assert page.evaluate("() => [window.scrollY, document.scrollingElement.scrollTop]") == before
    assert abs(mark.evaluate("m => m.getBoundingClientRect().top") - top) < 2
    # Its close button closes it, and the place stays.
    page.get_by_role("button", name="Close ✕").click()
    expect(quote).to_have_count(0)
    expect(sheet).not_to_have_css("position", "fixed")
    # A tap on the text outside it closes it too.
    page.mouse.click(*own_text_point(mark))
    expect(quote).to_be_visible()
    page.locator(".reader-view h1.title").click()
    expect(quote).to_have_count(0)


def test_on_a_phone_the_layer_controls_stay_reachable(
    open_page: Callable[..., Page], app_url: str
) -> None:
    page = open_page(PHONE)
    open_reader(page, app_url)
    page.get_by_test_id("stExpandSidebarButton").or_(
        page.get_by_test_id("stSidebarCollapsedControl")
    ).first.click()
    toggle = page.locator('[data-testid="stSidebar"]').get_by_text("Claims ·")
    expect(toggle).to_be_visible()
    toggle.click()
    expect(page.locator(".reader-view")).to_have_class(re.compile(r"\bhide-claims\b"))


def test_no_horizontal_scrolling_at_320_pixels(
    open_page: Callable[..., Page], app_url: str
) -> None:
    page = open_page(NARROWEST)
    open_reader(page, app_url + f"?focus={CLAIM}")
    expect(panel(page).locator(".rd-quote")).to_be_visible()
    settle(page)
    widths = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.body.scrollWidth, innerWidth]"
    )
    assert max(widths[:2]) <= widths[2], widths


def test_the_keyboard_path(open_page: Callable[..., Page], app_url: str) -> None:
    page = open_page()
    open_reader(page, app_url)
    marks = page.locator(".reader-view mark.hl[data-target]")
    first = marks.first
    # Tab reaches the highlights in reading order; each is one named button, none inside another.
    first.focus()
    order = page.evaluate("""() => {
        const seen = [];
        for (let i = 0; i < 6; i++) {
            const m = document.activeElement;
            seen.push(Number(m.dataset.start));
            const all = [...document.querySelectorAll('.reader-view mark.hl[data-target]')];
            all[all.indexOf(m) + 1].focus();
        }
        return seen;
    }""")
    assert order == sorted(order)
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.matches('mark.hl[data-target]')")
    nested = page.evaluate(
        "() => document.querySelectorAll('.reader-view .hl[data-target] .hl[data-target]').length"
    )
    assert nested == 0
    mark = claim_mark(page)
    label = mark.get_attribute("aria-label") or ""
    assert mark.get_attribute("aria-roledescription") == "claim" and not label
    described = page.evaluate(
        "m => document.getElementById(m.getAttribute('aria-describedby')).textContent",
        mark.element_handle(),
    )
    assert described == "Misdated"
    assert mark.get_attribute("role") == "button"
    # Enter opens the evidence, Escape closes it and gives the focus back.
    mark.focus()
    page.keyboard.press("Enter")
    expect(panel(page).locator(".rd-quote")).to_be_visible()
    expect(page.locator(".reader-live")).to_contain_text(
        "Evidence shown for the claim “homicides to triple"
    )
    page.keyboard.press("Escape")
    expect(panel(page).locator(".rd-quote")).to_have_count(0)
    assert page.evaluate("() => document.activeElement.dataset.ids") == CLAIM
    # Space opens it too.
    page.keyboard.press(" ")
    expect(panel(page).locator(".rd-quote")).to_be_visible()
    page.keyboard.press("Escape")
    expect(panel(page).locator(".rd-quote")).to_have_count(0)
    # j / k go to the next / previous claim, and the focused one is on screen, clear of the header.
    claims = page.evaluate(
        "() => [...document.querySelectorAll('.reader-view "
        "mark.hl-claims[data-target]')].map(m => m.dataset.ids)"
    )
    at = claims.index(CLAIM)
    page.keyboard.press("j")
    assert page.evaluate("() => document.activeElement.dataset.ids") == claims[at + 1]
    top = page.evaluate("() => document.activeElement.getBoundingClientRect().top")
    header = page.evaluate(
        "() => document.querySelector('header')?.getBoundingClientRect().bottom || 0"
    )
    assert header <= top < VIEWPORT["height"]
    page.keyboard.press("k")
    page.keyboard.press("p")
    assert page.evaluate("() => document.activeElement.dataset.ids") == claims[at - 1]
    # The keys are documented in the page and can be turned off (WCAG 2.1.4).
    sidebar = page.locator('[data-testid="stSidebar"]')
    expect(sidebar).to_contain_text("j / n go to the next claim")
    sidebar.get_by_text("Keys j/k: next/previous claim").click()
    page.wait_for_function("() => document.querySelector('.reader-view').dataset.keys === 'off'")
    claim_mark(page).focus()
    page.keyboard.press("j")
    assert page.evaluate("() => document.activeElement.dataset.ids") == CLAIM


def test_toggling_a_layer_is_announced(open_page: Callable[..., Page], app_url: str) -> None:
    page = open_page()
    open_reader(page, app_url)
    page.locator('[data-testid="stSidebar"]').get_by_text("Notes ·").click()
    expect(page.locator(".reader-live")).to_have_text("Notes hidden.")
    expect(page.locator(".reader-live")).to_have_attribute("role", "status")


def test_a_plain_entity_is_heard_with_its_label_and_a_name_never_hears_one(
    open_page: Callable[..., Page], app_url: str
) -> None:
    page = open_page()
    open_reader(page, app_url)
    spoken = """(root) => [...root.querySelectorAll('mark.hl-entities[data-label-end]')]
      .map((m) => ({
        text: m.textContent, label: m.dataset.labelEnd,
        inName: Boolean(m.closest('[data-target]')
                        || m.parentElement.closest('.hl:not(.hl-entities)')),
        content: getComputedStyle(m, '::after').content}))"""
    marks = page.locator(".reader-view").evaluate(spoken)
    plain = [m for m in marks if not m["inName"]]
    named = [m for m in marks if m["inName"]]
    assert plain and named  # the seed article has both
    assert all(m["content"] == f'"{m["label"]}"' for m in plain), plain[:3]
    assert all(m["content"] == f'"{m["label"]}" / ""' for m in named), named[:3]


# -- the standalone export ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("export-a11y") / "mexico-drug-war.html"
    export_seed_html(out)
    return out


def open_export(make: Callable[..., Page], exported: Path, **kwargs: object) -> Page:
    page = make(**kwargs)
    page.goto(exported.as_uri())
    page.wait_for_function("document.getElementById('panel-body').dataset.showing === 'home'")
    return page


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_standalone_export_has_no_wcag_violations(
    open_page: Callable[..., Page], exported: Path, scheme: str
) -> None:
    page = open_export(open_page, exported, scheme=scheme)
    assert_no_violations(page)
    page.mouse.click(
        *own_text_point(page.locator(f'#article mark.hl-claims[data-ids~="{CLAIM}"][data-target]'))
    )
    expect(page.locator(f"#view-claim-{CLAIM}")).to_be_visible()
    assert_no_violations(page)


def test_the_standalone_export_on_a_phone(open_page: Callable[..., Page], exported: Path) -> None:
    page = open_export(open_page, exported, viewport=PHONE)
    mark = page.locator(f'#article mark.hl-claims[data-ids~="{CLAIM}"][data-target]')
    point = own_text_point(mark)
    before = page.evaluate("() => scrollY")
    page.mouse.click(*point)
    view = page.locator(f"#view-claim-{CLAIM}")
    expect(view).to_be_visible()
    box = page.locator("#panel").bounding_box()
    assert box is not None and box["y"] + box["height"] <= PHONE["height"] + 1 and box["y"] > 0
    assert page.evaluate("() => scrollY") == before
    assert_no_violations(page)
    page.keyboard.press("Escape")
    expect(view).to_be_hidden()
    assert page.evaluate("() => document.activeElement.dataset.ids") == CLAIM
    page.keyboard.press("j")
    assert page.evaluate("() => document.activeElement.matches('mark.hl-claims[data-target]')")
    assert page.evaluate("() => document.activeElement.dataset.ids") != CLAIM
    widths = page.evaluate("() => [document.documentElement.scrollWidth, innerWidth]")
    assert widths[0] <= widths[1], widths


# -- Tab through the whole article (app and standalone page) ---------------------------------------

#: What Tab should visit in `article`, worked out from the highlights' layers and ids alone (not
#: from which ones are buttons): each annotation with evidence (claim, note mention, entity linked
#: to a note) once, where it first shows text of its own, i.e. text not inside another annotation's
#: highlight nested in it (an entity linked to the note whose mention holds it belongs to the
#: mention); one with no text of its own (a claim that is exactly a note's mention) where it starts.
EXPECTED_STOPS = """article => {
    const evidence = m =>
        m.dataset.layer === 'claims' || m.dataset.layer === 'notes' || !!m.dataset.note;
    const opens = m => m.dataset.layer === 'claims'
        ? 'claim:' + m.dataset.ids.split(' ')[0] : 'note:' + m.dataset.note.split(' ')[0];
    const key = m => m.dataset.layer + ':' + m.dataset.ids.split(' ')[0];
    // [the highlights with evidence around a text, outermost first; the one it belongs to]
    const texts = [];
    const walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (!/\\S/.test(node.textContent)) continue;
        const chain = [];
        for (let m = node.parentElement.closest('.hl'); m; m = m.parentElement.closest('.hl')) {
            if (evidence(m)) chain.unshift(m);
        }
        let owner = chain.length - 1;
        while (owner > 0 && opens(chain[owner - 1]) === opens(chain[owner])) owner--;
        if (chain.length) texts.push([chain, key(chain[owner])]);
    }
    const owning = new Set(texts.map(([, owner]) => owner));
    const order = [];
    for (const [chain, owner] of texts) {
        chain.forEach((m, i) => {  // a highlight inside one that opens the same note is that one
            if (!owning.has(key(m)) && !order.includes(key(m))
                && !(i && opens(chain[i - 1]) === opens(m))) order.push(key(m));
        });
        if (!order.includes(owner)) order.push(owner);
    }
    return order;
}"""

#: The focused element, if it is in `article`: its highlight key, offset and how it is built.
FOCUSED = """article => {
    const m = document.activeElement;
    if (!m || !article.contains(m)) return null;
    return {key: m.matches('.hl') ? m.dataset.layer + ':' + m.dataset.ids.split(' ')[0]
                                  : 'not a highlight: ' + m.outerHTML.slice(0, 80),
            start: Number(m.dataset.start), role: m.getAttribute('role'),
            nested: !!(m.parentElement.closest('[data-target]')
                       || m.querySelector('[data-target], [tabindex], a, button'))};
}"""

MAX_TABS = 400  # the app's sidebar and header come first; the article has about 80 stops


def tab_through(page: Page, article: str, at_stop: Callable[[str, str], None]) -> list[dict]:
    """Press the real Tab key from the top of the page until the focus has been through `article`
    and left it; what it visited there, in order. `at_stop(key, previous key)` runs at each
    highlight (it may press keys too, as long as the focus is back on that highlight when it
    returns)."""
    handle = page.locator(article).element_handle()
    visited: list[dict] = []
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        now = page.evaluate(FOCUSED, handle)
        if now is None:
            if visited:
                return visited
            continue
        at_stop(now["key"], visited[-1]["key"] if visited else "")
        visited.append(now)
        assert page.evaluate(FOCUSED, handle) == now, f"the focus did not come back to {now}"
    pytest.fail(f"the focus never left the article after {MAX_TABS} Tabs: {visited[-3:]}")


def assert_reading_order(page: Page, article: str, visited: list[dict]) -> None:
    expected = page.evaluate(EXPECTED_STOPS, page.locator(article).element_handle())
    keys = [stop["key"] for stop in visited]
    assert keys == expected
    assert [stop["start"] for stop in visited] == sorted(stop["start"] for stop in visited)
    assert all(stop["role"] == "button" and not stop["nested"] for stop in visited)
    # The claim and the note mentioned inside it are both stops, the claim first.
    claim, note = (
        keys.index(f"claims:{HOLDING}"),
        next(i for i, k in enumerate(keys) if k.startswith(f"notes:{HELD}@")),
    )
    assert note == claim + 1
    assert len(keys) > 40 and sum(k.startswith("notes:") for k in keys) > 10


def assert_names(page: Page, article: str, mexico: Reading) -> None:
    """Each says what it is once: the claim by its whole text (its pieces around the note), the note
    by its own."""
    claim = page.locator(f'{article} .hl-claims[data-ids~="{HOLDING}"][data-target]')
    quote = mexico.claim(HOLDING).quote
    expect(claim).to_have_count(1)
    expect(claim).to_have_accessible_name(quote)
    expect(claim).to_have_attribute("aria-roledescription", "claim")
    expect(claim).to_have_accessible_description(STATUS_TEXT[mexico.claim(HOLDING).status])
    note = page.locator(
        f'{article} .hl-claims[data-ids~="{HOLDING}"] .hl-notes[data-note~="{HELD}"]'
    )
    expect(note).to_have_count(1)
    expect(note).to_have_accessible_name("Merida Initiative")
    expect(note).to_have_attribute("aria-roledescription", "note")
    expect(note).to_have_accessible_description(f"Note: {mexico.annotations.notes[HELD].title}")
    # A claim with no text of its own has an empty button, named by the claim's text.
    wholly = page.locator(f'{article} .hl-claims[data-ids~="{WHOLLY}"][data-target]')
    expect(wholly).to_have_text("")
    expect(wholly).to_have_accessible_name(mexico.claim(WHOLLY).quote)


def announced(key: str, mexico: Reading) -> str:
    """What the live region says when the claim or the note inside it opens."""
    if key.startswith("claims:"):
        return (
            f"Evidence shown for the claim “{mexico.claim(HOLDING).quote}” "
            f"({STATUS_TEXT[mexico.claim(HOLDING).status]})"
        )
    return "Evidence shown for the note “Merida Initiative”"


def check_open_close_back(
    page: Page, key: str, opened: Callable[[str], None], closed: Callable[[], None], before: str
) -> None:
    """At the claim and at the note inside it: Enter opens its panel, Escape closes it and the focus
    is on the same highlight again, Shift+Tab goes back to the one `before` it, Tab returns."""
    if key != f"claims:{HOLDING}" and not key.startswith(f"notes:{HELD}@"):
        return
    focused = (
        "() => document.activeElement.dataset.layer + ':' + "
        "document.activeElement.dataset.ids.split(' ')[0]"
    )
    page.keyboard.press("Enter")
    opened(key)
    page.keyboard.press("Escape")
    closed()
    assert page.evaluate(focused) == key
    page.keyboard.press("Shift+Tab")
    assert page.evaluate(focused) == before
    page.keyboard.press("Tab")
    assert page.evaluate(focused) == key


def check_next_claim_from_the_note(page: Page, article: str) -> None:
    """j / k from the note inside a claim: the first claim after it (the next paragraph's, whose
    button comes after its own first note), and the claim before it (the one holding it)."""
    note = page.locator(f'{article} .hl-notes[data-note~="{HELD}"][data-target]').first
    focused = (
        "() => document.activeElement.dataset.layer + ':' + "
        "document.activeElement.dataset.ids.split(' ')[0]"
    )
    for key, claim in (("j", "homicides-tripled"), ("k", HOLDING)):
        note.focus()
        page.keyboard.press(key)
        assert page.evaluate(focused) == f"claims:{claim}"


def test_tab_goes_through_every_highlight_in_reading_order_in_the_app(
    open_page: Callable[..., Page], app_url: str, mexico: Reading
) -> None:
    page = open_page()
    open_reader(page, app_url)
    article = ".reader-view article.article"
    assert_names(page, article, mexico)

    def opened(key: str) -> None:
        if key.startswith("claims:"):
            expect(panel(page).locator(".rd-quote")).to_contain_text(
                mexico.claim(HOLDING).quote[:30]
            )
        else:
            expect(panel(page).locator(".rd-note-title")).to_have_text(
                mexico.annotations.notes[HELD].title
            )
        expect(page.locator(".reader-live")).to_contain_text(announced(key, mexico))

    def closed() -> None:
        expect(page.locator(".reader-view")).not_to_have_class(re.compile(r"\bis-open\b"))
        expect(panel(page).locator(".rd-quote, .rd-note-title")).to_have_count(0)

    visited = tab_through(
        page, article, lambda key, before: check_open_close_back(page, key, opened, closed, before)
    )
    assert_reading_order(page, article, visited)
    # Shift+Tab from past the article comes back to its last highlight.
    page.keyboard.press("Shift+Tab")
    assert page.evaluate(FOCUSED, page.locator(article).element_handle()) == visited[-1]
    check_next_claim_from_the_note(page, article)


def test_tab_goes_through_every_highlight_in_reading_order_in_the_standalone_export(
    open_page: Callable[..., Page], exported: Path, mexico: Reading
) -> None:
    page = open_export(open_page, exported)
    article = "#article"
    assert_names(page, article, mexico)
    showing = page.locator("#panel-body")

    def opened(key: str) -> None:
        if key.startswith("claims:"):
            expect(showing).to_have_attribute("data-showing", f"claim:{HOLDING}")
            expect(page.locator(f"#view-claim-{HOLDING}")).to_be_visible()
        else:
            expect(showing).to_have_attribute("data-showing", f"note:{HELD}")
            expect(page.locator(f"#view-note-{HELD}")).to_be_visible()
        expect(page.locator("#live")).to_contain_text(announced(key, mexico))

    def closed() -> None:
        expect(showing).to_have_attribute("data-showing", "home")

    visited = tab_through(
        page, article, lambda key, before: check_open_close_back(page, key, opened, closed, before)
    )
    assert_reading_order(page, article, visited)
    page.keyboard.press("Shift+Tab")
    assert page.evaluate(FOCUSED, page.locator(article).element_handle()) == visited[-1]
    check_next_claim_from_the_note(page, article)
