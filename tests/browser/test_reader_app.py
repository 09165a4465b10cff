"""The reader in a real browser: the served app, headless Chromium, nothing leaving the machine."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from reader.reading import Reading, open_reading
from reader.sources.documents import Root
from tests.browser.conftest import (
    FIXTURES,
    PROJECT,
    OutsideRequest,
    ServedApp,
    is_local,
    open_reader,
)
from tests.browser.drawn import PLAIN, drawing, looks

SLUG = "mexico-drug-war"
CLAIM = "homicides-tripled"  # a claim with a line chart and notes
DEEP_CLAIM = "merida-2-billion"  # far down the article
OTHER_ROOT = FIXTURES / "other-root"
TRANSPARENT = "rgba(0, 0, 0, 0)"


@pytest.fixture(scope="module")
def mexico() -> Reading:
    # What the page should show comes from the same files the server reads.
    return open_reading(Root(PROJECT), SLUG, with_model=False)


def claim_marks(page: Page, claim_id: str):
    return page.locator(f'.reader-view mark.hl-claims[data-ids~="{claim_id}"]')


def claim_button(page: Page, claim_id: str):
    """The claim's button: its first piece with text of its own (a claim that begins with a note's
    mention is split around it, frontend/highlights.js)."""
    return page.locator(f'.reader-view mark.hl-claims[data-ids~="{claim_id}"][data-target]').first


def own_text_point(mark) -> tuple[float, float]:
    """A point on the mark's own text, not on a highlight nested in it (which may open a note)."""
    mark.scroll_into_view_if_needed()
    # Blocks near the screen get their real height (content-visibility): wait until the mark stays
    # put.
    mark.evaluate("""m => new Promise(resolve => {
        let last = null, still = 0;
        const look = () => {
            const top = m.getBoundingClientRect().top;
            still = top === last ? still + 1 : 0;
            last = top;
            if (still >= 3) resolve(); else requestAnimationFrame(look);
        };
        requestAnimationFrame(look);
    })""")
    point = mark.evaluate("""m => {
        for (const node of m.childNodes) {
            if (node.nodeType !== Node.TEXT_NODE || !node.textContent.trim()) continue;
            const range = document.createRange();
            range.selectNodeContents(node);
            const box = range.getClientRects()[0];
            return [box.x + box.width / 2, box.y + box.height / 2];
        }
        const box = m.getClientRects()[0];
        return [box.x + box.width / 2, box.y + box.height / 2];
    }""")
    return point[0], point[1]


def click_claim(page: Page, claim_id: str) -> None:
    page.mouse.click(*own_text_point(claim_button(page, claim_id)))


def panel(page: Page):
    return page.locator(".st-key-reader-panel")


def background(locator) -> str:
    return locator.evaluate("m => getComputedStyle(m).backgroundColor")


def test_the_article_shows_with_every_layer_highlighted(
    page: Page, app_url: str, mexico: Reading
) -> None:
    open_reader(page, app_url)
    view = page.locator(".reader-view")
    expect(view.locator("h1.title")).to_have_text(mexico.document.title)
    expect(view.locator(".reader-kicker")).to_have_text(mexico.document.meta.section or "")
    expect(view.locator("figure.photo figcaption .credit")).to_have_text(
        mexico.document.meta.image.credit
    )
    # The page's text is the document's text, block by block.
    texts = view.locator("article.article [data-start]:not(.hl)").all_text_contents()
    assert texts == [block.text for block in mexico.document.blocks]
    shown = {
        i
        for ids in view.locator("mark.hl-claims").evaluate_all("ms => ms.map(m => m.dataset.ids)")
        for i in ids.split()
    }
    assert (
        shown
        == {claim.id for claim in mexico.annotations.claims if claim.id in mexico.anchors}
        != set()
    )
    assert view.locator("mark.hl-notes").count() > 0
    assert view.locator("mark.hl-entities").count() > 0
    entity = view.locator("mark.hl-entities[data-label-end]").first
    assert background(entity) != TRANSPARENT
    # The badge shows the label, with an empty alternative text: seen, not read inside a highlight's
    # name.
    label = entity.get_attribute("data-label-end")
    assert entity.evaluate("m => getComputedStyle(m, '::after').content") == f'"{label}" / ""'
    expect(page).to_have_url(re.compile(rf"\?doc={SLUG}$"))


def test_turning_entities_off_hides_them_and_on_restores_them(page: Page, app_url: str) -> None:
    open_reader(page, app_url)
    view = page.locator(".reader-view")
    entity = view.locator("mark.hl-entities[data-label-end]").first
    tint = background(entity)
    assert tint != TRANSPARENT
    page.locator(".st-key-layer-entities label").click()
    expect(view).to_have_class(re.compile(r"\bhide-entities\b"))
    assert background(entity) == TRANSPARENT
    assert entity.evaluate("m => getComputedStyle(m, '::after').content") == "none"
    expect(page).to_have_url(re.compile(r"layers=claims(%2C|,)notes"))
    # The claims are untouched, and the article was not rebuilt.
    assert (
        claim_marks(page, CLAIM).first.evaluate("m => getComputedStyle(m).textDecorationLine")
        == "underline"
    )
    page.locator(".st-key-layer-entities label").click()
    expect(view).not_to_have_class(re.compile(r"\bhide-entities\b"))
    assert background(entity) == tint
    expect(page).not_to_have_url(re.compile("layers="))


def test_hiding_a_label_hides_only_that_label(page: Page, app_url: str) -> None:
    open_reader(page, app_url)
    person = page.locator('.reader-view mark.hl-entities[data-label="PERSON"]').first
    place = page.locator('.reader-view mark.hl-entities[data-label="GPE"]').first
    page.locator(".st-key-label-PERSON label").click()
    expect(page.locator(".reader-view")).to_have_attribute("data-hidden-labels", "PERSON")
    assert background(person) == TRANSPARENT and background(place) != TRANSPARENT
    expect(page).to_have_url(re.compile("hide=PERSON"))


@pytest.mark.parametrize("layer", ["entities", "claims", "notes"])
def test_a_hidden_layer_draws_nothing_and_comes_back_as_it_was(
    page: Page, app_url: str, layer: str
) -> None:
    open_reader(page, app_url)
    view = page.locator(".reader-view")
    marks = view.locator(f"mark.hl-{layer}")
    others = view.locator(f"mark.hl:not(.hl-{layer})")
    shown, other_looks = looks(marks), looks(others)
    assert len(drawing(marks)) == len(shown) > 0  # each of them draws while its layer is on
    toggle = page.locator(f".st-key-layer-{layer} label")
    toggle.click()
    expect(view).to_have_class(re.compile(rf"\bhide-{layer}\b"))
    # No tint, underline, border, ring or badge: every highlight of the layer is plain text.
    assert drawing(marks) == []
    assert looks(others) == other_looks
    toggle.click()
    expect(view).not_to_have_class(re.compile(rf"\bhide-{layer}\b"))
    assert looks(marks) == shown


def test_each_hidden_label_draws_nothing_and_comes_back_as_it_was(page: Page, app_url: str) -> None:
    open_reader(page, app_url)
    view = page.locator(".reader-view")
    marks = view.locator("mark.hl")
    shown = looks(marks)
    labels = marks.evaluate_all(
        "ms => ms.map(m => m.classList.contains('hl-entities') ? m.dataset.label : null)"
    )
    assert len(set(labels) - {None}) > 1
    for label in sorted(set(labels) - {None}):
        toggle = page.locator(f".st-key-label-{label} label")
        toggle.click()
        expect(view).to_have_attribute("data-hidden-labels", label)
        hidden = looks(marks)
        mine = [look for look, of in zip(hidden, labels, strict=True) if of == label]
        assert mine == [PLAIN] * len(mine) != [], label
        assert [look for look, of in zip(hidden, labels, strict=True) if of != label] == [
            look for look, of in zip(shown, labels, strict=True) if of != label
        ], label
        toggle.click()
        expect(view).to_have_attribute("data-hidden-labels", "")
        assert looks(marks) == shown, label


@pytest.mark.parametrize("kind", ["claim", "note"])
def test_the_close_button_covers_nothing_in_the_panel(page: Page, app_url: str, kind: str) -> None:
    open_reader(page, app_url)
    if kind == "claim":
        click_claim(page, CLAIM)
    else:
        page.mouse.click(
            *own_text_point(page.locator(".reader-view mark.hl-notes[data-target]").first)
        )
    close = page.get_by_role("button", name="Close ✕")
    expect(close).to_be_visible()
    expect(panel(page).locator(".rd").first).to_be_visible()
    page.wait_for_timeout(300)  # the panel's charts and cards settle
    # Each box drawn in the panel (its heading, cards, lists) is clear of the button.
    boxes = panel(page).evaluate("""p => {
        const close = p.querySelector('.st-key-reader-panel-close button').getBoundingClientRect();
        const hits = [];
        for (const child of p.children) {
            if (child.matches('.st-key-reader-panel-close')) continue;
            for (const el of [child, ...child.querySelectorAll('*')]) {
                const r = el.getBoundingClientRect();
                if (!r.width || !r.height || !(el.textContent || '').trim()) continue;
                const across = r.left < close.right && close.left < r.right;
                if (across && r.top < close.bottom && close.top < r.bottom)
                    hits.push(el.textContent.trim().slice(0, 40));
            }
        }
        const panelBox = p.getBoundingClientRect();
        return {hits, right: panelBox.right - close.right};
    }""")
    assert boxes["hits"] == []
    assert abs(boxes["right"]) < 1  # at the panel's right edge


def test_clicking_a_claim_shows_its_chart_and_notes(
    page: Page, app_url: str, mexico: Reading
) -> None:
    open_reader(page, app_url)
    mark = claim_marks(page, CLAIM).first
    click_claim(page, CLAIM)
    claim = mexico.claim(CLAIM)
    expect(panel(page).locator(".rd-quote")).to_have_text(
        mexico.text[mexico.anchors[CLAIM].start : mexico.anchors[CLAIM].end]
    )
    expect(panel(page).locator(f'.rd-status[data-status="{claim.status}"]')).to_be_visible()
    figure = mexico.annotations.figures[claim.figures[0]]
    expect(panel(page).locator(".rd-figure-title").first).to_have_text(figure.title)
    chart = panel(page).locator('[data-testid="stVegaLiteChart"]').first
    expect(chart.locator("canvas, svg").first).to_be_visible()
    for note_id in claim.notes:
        expect(
            panel(page).locator(".rd-note-title", has_text=mexico.annotations.notes[note_id].title)
        ).to_be_visible()
    expect(mark).to_have_class(re.compile(r"\bis-selected\b"))
    expect(page).to_have_url(re.compile(rf"focus={CLAIM}"))


def test_a_note_mention_opens_its_note(page: Page, app_url: str, mexico: Reading) -> None:
    open_reader(page, app_url)
    mention = page.locator(".reader-view mark.hl-notes").first
    note_id = mention.get_attribute("data-note").split()[0]
    mention.click()
    expect(panel(page).locator(".rd-note-title")).to_have_text(
        mexico.annotations.notes[note_id].title
    )
    expect(page).to_have_url(re.compile(rf"focus={note_id}"))


def test_a_note_inside_a_claim_opens_the_note_and_offers_the_claim(
    page: Page, app_url: str, mexico: Reading
) -> None:
    open_reader(page, app_url)
    mention = claim_marks(page, CLAIM).first.locator("mark.hl-notes").first
    note_id = mention.get_attribute("data-note").split()[0]
    mention.click()
    expect(panel(page).locator(".rd-note-title")).to_have_text(
        mexico.annotations.notes[note_id].title
    )
    page.locator(f".st-key-around-claim-{CLAIM} button").click()
    expect(panel(page).locator(".rd-quote")).to_be_visible()
    expect(page).to_have_url(re.compile(rf"focus={CLAIM}"))


def test_hovering_a_claim_shows_a_preview(page: Page, app_url: str) -> None:
    open_reader(page, app_url)
    page.mouse.move(*own_text_point(claim_button(page, CLAIM)))
    tip = page.locator(".reader-view .reader-tip")
    expect(tip).to_be_visible()
    expect(tip).to_contain_text("Claim · Misdated")


def test_a_deep_link_opens_on_its_claim(
    page: Page, serve_app: Callable[..., ServedApp], mexico: Reading
) -> None:
    open_reader(page, serve_app().link(doc=SLUG, focus=DEEP_CLAIM))
    mark = claim_marks(page, DEEP_CLAIM).first
    expect(mark).to_have_class(re.compile(r"\bis-selected\b"))
    expect(mark).to_be_in_viewport()
    expect(panel(page).locator(".rd-quote")).to_contain_text(mexico.claim(DEEP_CLAIM).quote[:20])
    expect(page).to_have_url(re.compile(rf"focus={DEEP_CLAIM}"))


def test_the_claim_list_jumps_to_a_claim(page: Page, app_url: str) -> None:
    open_reader(page, app_url)
    page.locator(f".st-key-claim-{DEEP_CLAIM} button").click()
    mark = claim_marks(page, DEEP_CLAIM).first
    expect(mark).to_have_class(re.compile(r"\bis-selected\b"))
    expect(mark).to_be_in_viewport()


def test_a_layers_link_restores_the_toggles(
    page: Page, serve_app: Callable[..., ServedApp]
) -> None:
    open_reader(page, serve_app().link(layers="claims"))
    view = page.locator(".reader-view")
    expect(view).to_have_class(
        re.compile(r"\bhide-entities\b.*\bhide-notes\b|\bhide-notes\b.*\bhide-entities\b")
    )
    expect(view).not_to_have_class(re.compile(r"\bhide-claims\b"))
    expect(page.locator(".st-key-layer-entities input")).not_to_be_checked()


def test_another_root_renders(page: Page, serve_app: Callable[..., ServedApp]) -> None:
    other = open_reading(Root(OTHER_ROOT), "tides", with_model=False)
    open_reader(page, serve_app(OTHER_ROOT).url)
    expect(page.locator(".reader-view h1.title")).to_have_text(other.document.title)
    expect(page.locator(".reader-view .reader-source a")).to_have_attribute(
        "href", other.document.meta.source
    )
    expect(page.locator(".reader-view .reader-source a")).to_have_text("en.wikipedia.org")
    click_claim(page, "annapolis-years")
    expect(panel(page).locator('[data-testid="stMetric"]')).to_have_count(2)
    expect(panel(page).locator('[data-testid="stMetricValue"]').first).to_have_text("35")
    click_claim(page, "sixteen-metres")
    expect(panel(page).locator('[data-testid="stVegaLiteChart"]')).to_have_count(1)
    expect(panel(page).locator(".rd-note-title")).to_have_text("Burntcoat Head")


def test_no_request_leaves_the_machine(
    page: Page, app_url: str, requests_log: list[str], outside_requests: list[OutsideRequest]
) -> None:
    open_reader(page, app_url)
    click_claim(page, CLAIM)
    expect(panel(page).locator('[data-testid="stVegaLiteChart"]').first).to_be_visible()
    assert any(url.startswith(app_url) for url in requests_log)
    assert any(
        url.startswith("ws://127.0.0.1") for url in requests_log
    )  # the app's websocket was seen too
    assert [
        url for url in requests_log if not is_local(url)
    ] == []  # the page fixture checks this for every test
    assert (
        outside_requests == []
    )  # none was even asked for (and refused); the page fixture checks this too


def test_selecting_text_reports_document_offsets(
    page: Page, serve_app: Callable[..., ServedApp]
) -> None:
    events = serve_app(OTHER_ROOT, script=Path(__file__).with_name("events_app.py"))
    open_reader(page, events.url)
    # Select from inside one highlight in the first paragraph to the middle of the next block.
    page.evaluate("""() => {
        const blocks = [...document.querySelectorAll('.reader-view article [data-start]:not(.hl)')];
        const first = blocks.find(b => b.tagName === 'P' && !b.classList.contains('dek'));
        const next = blocks[blocks.indexOf(first) + 1];
        const walker = node => document.createTreeWalker(node, NodeFilter.SHOW_TEXT);
        const a = walker(first); a.nextNode(); a.nextNode();
        const b = walker(next); b.nextNode();
        const range = document.createRange();
        range.setStart(a.currentNode, 2);
        range.setEnd(b.currentNode, 5);
        const selection = document.getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
        first.dispatchEvent(new MouseEvent('mouseup', {bubbles: true}));
    }""")
    shown = page.locator('[data-testid="stCode"] code')
    expect(shown).to_contain_text('"matches": true')
    selection = json.loads(shown.text_content())["selection"]
    assert "\n\n" in selection["text"] and selection["end"] - selection["start"] == len(
        selection["text"]
    )
