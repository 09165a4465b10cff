"""The standalone HTML export in a real browser: opened from disk, no network, toggles and the claim
panel."""

import pytest
from playwright.sync_api import sync_playwright

from tests.browser.drawn import drawing, looks
from tests.conftest import export_seed_html

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def chromium():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    out = tmp_path_factory.mktemp("export") / "mexico-drug-war.html"
    export_seed_html(out)
    return out


@pytest.fixture
def page(chromium, exported):
    context = chromium.new_context()
    page = context.new_page()
    requests, errors = [], []
    page.on("request", lambda request: requests.append(request.url))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    page.goto(exported.as_uri())
    page.wait_for_function("document.getElementById('panel-body').dataset.showing === 'home'")
    yield page
    # Nothing but the file itself was ever requested, and the CSP refused nothing (no console
    # errors).
    assert requests == [exported.as_uri()]
    assert errors == []
    context.close()


def test_toggling_a_layer_hides_its_marks_and_shows_them_again(page):
    entity = page.locator("#article mark.hl-entities").first
    visible_tint = entity.evaluate("m => getComputedStyle(m).backgroundColor")
    assert visible_tint not in ("rgba(0, 0, 0, 0)", "transparent")
    page.get_by_role("checkbox", name="Entities").uncheck()
    assert page.locator("#reader.hide-entities").count() == 1
    assert entity.evaluate("m => getComputedStyle(m).backgroundColor") == "rgba(0, 0, 0, 0)"
    claim = page.locator("#article mark.hl-claims").first
    assert claim.evaluate("m => getComputedStyle(m).textDecorationLine") == "underline"
    page.get_by_role("checkbox", name="Claims").uncheck()
    assert claim.evaluate("m => getComputedStyle(m).textDecorationLine") == "none"
    page.get_by_role("checkbox", name="Entities").check()
    assert entity.evaluate("m => getComputedStyle(m).backgroundColor") == visible_tint


@pytest.mark.parametrize("layer", ["entities", "claims", "notes"])
def test_a_hidden_layer_draws_nothing_and_comes_back_as_it_was(page, layer):
    marks = page.locator(f"#article mark.hl-{layer}")
    others = page.locator(f"#article mark.hl:not(.hl-{layer})")
    shown, other_looks = looks(marks), looks(others)
    assert len(drawing(marks)) == len(shown) > 0  # each of them draws while its layer is on
    box = page.get_by_role("checkbox", name=layer.capitalize())
    box.uncheck()
    # No tint, underline, border, ring or badge: every highlight of the layer is plain text.
    assert drawing(marks) == []
    assert looks(others) == other_looks
    box.check()
    assert looks(marks) == shown


FREE_SPOT = """([m, avoidInner]) => {
    const inner = avoidInner ? [...m.querySelectorAll('mark[data-note]')] : [];
    const avoid = inner.flatMap(x => [...x.getClientRects()]);
    for (const r of m.getClientRects()) {
        const y = r.top + r.height / 2;
        for (let x = r.left + 2; x < r.right - 1; x += 3) {
            const inside = a => x >= a.left && x <= a.right && y >= a.top && y <= a.bottom;
            if (!avoid.some(inside)) return {x, y};
        }
    }
    return null;
}"""


def click_mark(page, mark, *, avoid_inner=True):
    """Click a highlight like a reader, on its text (away from notes or linked entities inside
    it)."""
    mark.evaluate("m => m.scrollIntoView({block: 'center'})")
    point = page.evaluate(FREE_SPOT, [mark.element_handle(), avoid_inner])
    assert point, "no free spot on the highlight"
    page.mouse.click(point["x"], point["y"])


def test_clicking_a_claim_shows_its_quote_status_and_assessment(page):
    claim = page.locator("#article mark.hl-claims").first
    claim_id = claim.get_attribute("data-ids").split()[0]
    click_mark(page, claim)
    panel = page.locator("#panel-body")
    assert panel.get_attribute("data-showing") == f"claim:{claim_id}"
    detail = panel.locator(f'article.claim-detail[data-claim="{claim_id}"]')
    assert detail.is_visible() and panel.locator("section.view:visible").count() == 1
    assert detail.locator("blockquote.quote").inner_text().strip()
    assert detail.locator(".status").count() == 1
    assert "is-selected" in claim.get_attribute("class")


def test_clicking_a_claim_with_a_chart_shows_the_figure_as_inline_svg(page):
    claim_id = page.evaluate("""() => {
        for (const view of document.querySelectorAll('section.view[id^="view-claim-"]')) {
            for (const slot of view.querySelectorAll('[data-figure]')) {
                const fig = document.getElementById('figure-' + slot.dataset.figure);
                if (fig && fig.querySelector('svg')) return view.id.slice('view-claim-'.length);
            }
        }
        return null;
    }""")
    assert claim_id
    panel = page.locator("#panel-body")
    assert panel.locator("svg:visible").count() == 0
    click_mark(page, page.locator(f'#article mark.hl-claims[data-ids~="{claim_id}"]').first)
    assert panel.get_attribute("data-showing").startswith("claim:")
    svg = panel.locator("figure.chart svg:visible")
    assert svg.count() >= 1
    assert svg.first.is_visible()
    assert svg.first.bounding_box()["width"] > 100
    # Back to the list, then open the claim from the list.
    panel.locator("section.view:visible").get_by_role("button", name="All claims").click()
    assert panel.get_attribute("data-showing") == "home"
    panel.locator(f'button[data-claim="{claim_id}"]').click()
    assert panel.get_attribute("data-showing") == f"claim:{claim_id}"


def test_a_claim_s_chart_marks_the_rows_its_numbers_were_checked_against(page):
    # homicides-tripled: “triple” (2007 → 2010) and “24 per 100,000” (2010) are checked on
    # homicide-rate.
    page.locator('#panel-body button[data-claim="homicides-tripled"]').click()
    svg = page.locator("#panel-body figure.chart svg:visible").first
    assert (
        "Checked by the claim's numbers: 2007 (“triple”); 2010 (“triple”, “24 per 100,000”)."
        in svg.get_attribute("aria-label")
    )
    assert "checked by: “triple”, “24 per 100,000”" in svg.text_content()  # the legend, drawn


def test_a_note_mention_opens_its_note_with_sources(page):
    mention = page.locator("#article mark.hl-notes:not(.hl-claims mark)").first
    note_id = mention.get_attribute("data-note").split()[0]
    click_mark(page, mention, avoid_inner=False)
    panel = page.locator("#panel-body")
    shown = panel.get_attribute("data-showing")
    assert shown.startswith("note:")  # the mention's note, or the note of an entity inside it
    inner = mention.locator("mark[data-note]")
    assert shown == f"note:{note_id}" or (
        inner.count() and shown == f"note:{inner.first.get_attribute('data-note')}"
    )
    links = panel.locator("section.view:visible ul.sources a")
    for i in range(links.count()):
        assert links.nth(i).get_attribute("href").startswith(("https://", "http://"))
