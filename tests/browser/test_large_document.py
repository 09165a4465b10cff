"""A book-length document (~1 MB, 1,000 annotations) in the browser, on a warm entity cache.

Prints the time to the first highlight (and to the whole book, and for a layer toggle) and the
bytes the server sends; asserts that the first section shows with its highlights, that a deep
link to the last page opens there, and that live reload keeps the reader's place. Never fails
on time.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from benchmarks.bench import generate_corpus
from reader.app.views.loading import paginate
from reader.reading import open_reading
from reader.sources.documents import Root, load_document
from tests.browser.conftest import ServedApp
from tests.conftest import PROJECT

SIZE_KB = 1024
ANNOTATIONS = 1000


@pytest.fixture(scope="module")
def book(
    tmp_path_factory: pytest.TempPathFactory, serve_app: Callable[..., ServedApp]
) -> tuple[ServedApp, str]:
    """The generated book, its entities cached with `annotate` where the served app looks, and the
    app serving it."""
    corpus = generate_corpus(
        tmp_path_factory.mktemp("large-root"), size_kb=SIZE_KB, annotations=ANNOTATIONS
    )
    cache = (
        tmp_path_factory.getbasetemp() / "entity-cache"
    )  # the serve_app fixture's READER_CACHE_DIR
    env = {**os.environ, "PYTHONPATH": str(PROJECT), "READER_CACHE_DIR": str(cache)}
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "reader", "annotate", "--root", str(corpus.root), "--no-progress"],
        check=True,
        env=env,
        capture_output=True,
        timeout=900,
    )
    print(
        f"\n[large document] {corpus.chars:,} characters, {corpus.paragraphs:,} paragraphs, "
        f"{corpus.annotations:,} annotations; annotate (cold NER) took "
        f"{time.perf_counter() - started:.1f} s"
    )
    return serve_app(corpus.root), corpus.slug


def _time_to_first_highlight(page: Page, url: str, selector: str = ".reader-view mark.hl") -> float:
    started = time.perf_counter()
    page.goto(url)
    page.locator(selector).first.wait_for(state="visible", timeout=120_000)
    return time.perf_counter() - started


def _record_frames(page: Page) -> list[int]:
    """Sizes of the websocket frames the server sends from now on (register before page.goto)."""
    received: list[int] = []
    page.on(
        "websocket", lambda ws: ws.on("framereceived", lambda frame: received.append(len(frame)))
    )
    return received


def _top(page: Page, selector: str) -> float | None:
    """Where the first match is on the screen (px from the top of the window), None if absent."""
    return page.evaluate(
        "(s) => document.querySelector(s)?.getBoundingClientRect().top ?? null", selector
    )


# Waits run in the page: Playwright's `expect` on the view would, on every retry, walk the whole
# book's DOM (an accessibility snapshot for its message), which takes seconds and is not the app.
def _wait_complete(page: Page) -> None:
    page.wait_for_function(
        "() => document.querySelector('.reader-view')?.dataset.rendered === 'complete'",
        timeout=120_000,
    )


def _wait_class(page: Page, name: str, *, present: bool) -> None:
    page.wait_for_function(
        (
            "([name, present]) => "
            "document.querySelector('.reader-view')?.classList.contains(name) === present"
        ),
        arg=[name, present],
        timeout=60_000,
    )


def test_time_to_first_highlight_of_a_book(page: Page, book: tuple[ServedApp, str]) -> None:
    app, slug = book
    document, _ = load_document(Root(app.root), slug)
    url = app.link(doc=slug)

    frames = _record_frames(page)
    first_visit = _time_to_first_highlight(page, url)
    first_screen_bytes = sum(frames)
    view = page.locator(".reader-view")
    # The first section: the title and the first paragraph, highlighted.
    first_paragraph = next(b for b in document.blocks if b.kind == "paragraph")
    expect(view.locator("h1.title")).to_have_text(document.title)
    expect(view.locator(f'p[data-start="{first_paragraph.start}"]')).to_have_text(
        first_paragraph.text
    )
    expect(view.locator(f'p[data-start="{first_paragraph.start}"] mark.hl').first).to_be_visible()
    started = time.perf_counter()
    _wait_complete(page)
    whole = first_visit + (time.perf_counter() - started)
    marks = view.locator("mark.hl-entities").count()
    html_bytes = len(view.locator("article").first.inner_html().encode())
    assert marks > 1_000

    second_visit = _time_to_first_highlight(page, url + "&again=1")
    _wait_complete(page)

    received: list[int] = []  # bytes the server sends over the websocket during the toggle
    page.on(
        "websocket", lambda ws: ws.on("framereceived", lambda frame: received.append(len(frame)))
    )
    page.reload()  # so the listener sees the app's websocket
    _wait_complete(page)
    page.wait_for_timeout(1_000)
    received.clear()
    toggle = page.locator(".st-key-layer-entities label")
    started = time.perf_counter()
    toggle.click()  # layers are hidden by a class on the view
    _wait_class(page, "hide-entities", present=True)
    toggled = time.perf_counter() - started
    page.wait_for_timeout(1_000)
    toggle_bytes = sum(received)
    started = time.perf_counter()
    toggle.click()
    _wait_class(page, "hide-entities", present=False)
    toggled_back = time.perf_counter() - started
    _wait_complete(page)

    print(
        f"\n[large document] time to first highlight: {first_visit:.2f} s (first "
        "visit, server already up), "
        f"{second_visit:.2f} s (second visit); {first_screen_bytes:,} bytes sent by "
        "the server until then; "
        f"whole book in the page: {whole:.2f} s; "
        f"{marks:,} entity highlights; entities layer off: {toggled:.2f} s, on again: "
        f"{toggled_back:.2f} s; {toggle_bytes:,} bytes sent by the server "
        f"for the toggle (the book's HTML is {html_bytes:,} bytes)"
    )


def _last_claim(app: ServedApp, slug: str) -> tuple[str, int]:
    """The claim that starts last in the book, and its page (as the app pages the book)."""
    reading = open_reading(Root(app.root), slug, with_model=False)
    span = max((s for s in reading.spans if s.layer == "claims"), key=lambda s: s.start)
    pages = paginate(reading.document.blocks)
    return span.id, max(i for i, blocks in enumerate(pages) if blocks[0].start <= span.start)


def test_a_deep_link_opens_on_a_claim_at_the_end_of_the_book(
    page: Page, book: tuple[ServedApp, str]
) -> None:
    app, slug = book
    claim, claim_page = _last_claim(app, slug)
    assert claim_page > 10  # far from the first page
    selector = f'.reader-view mark.hl-claims[data-ids~="{claim}"]'
    opened = _time_to_first_highlight(page, app.link(doc=slug, focus=claim), selector)
    height = page.viewport_size["height"]
    top = _top(page, selector)
    assert (
        top is not None and 0 <= top <= height
    )  # on the screen at once, before the pages above it came
    started = time.perf_counter()
    _wait_complete(page)
    whole = time.perf_counter() - started
    # The pages that came in above it did not push it off the screen.
    after = _top(page, selector)
    assert after is not None and abs(after - top) < 2, (top, after)
    assert "is-selected" in (page.locator(selector).first.get_attribute("class") or "")
    print(
        f"\n[large document] deep link to {claim} (page {claim_page}): on the screen "
        f"in {opened:.2f} s; "
        f"the {claim_page} pages above it came in {whole:.2f} s more without moving it"
    )


def test_live_reload_keeps_the_reader_s_place_in_a_book(
    page: Page, book: tuple[ServedApp, str]
) -> None:
    app, slug = book
    page.goto(app.link(doc=slug))
    _wait_complete(page)
    # A paragraph far down the book at the top of the screen.
    block = page.locator(".reader-page[data-page='10'] > p").nth(4)
    block.evaluate("(b) => b.scrollIntoView({block: 'start'})")
    page.wait_for_timeout(500)
    block.evaluate("(b) => b.scrollIntoView({block: 'start'})")
    start = block.get_attribute("data-start")
    before = block.evaluate("(b) => b.getBoundingClientRect().top")
    # A claim on the first page changes status on disk: the whole book is sent anew.
    annotations = app.root / "annotations" / f"{slug}.yaml"
    original = annotations.read_text(encoding="utf-8")
    first_claim = next(
        s for s in open_reading(Root(app.root), slug, with_model=False).spans if s.layer == "claims"
    )
    status = page.locator(
        f'.reader-view mark.hl-claims[data-ids~="{first_claim.id}"]'
    ).first.get_attribute("data-status")
    head, _, tail = original.partition(f"- id: {first_claim.id}\n")
    changed = tail.replace(
        f"status: {status}", "status: disputed" if status != "disputed" else "status: supported", 1
    )
    try:
        annotations.write_text(head + f"- id: {first_claim.id}\n" + changed, encoding="utf-8")
        page.wait_for_function(
            "([id, old]) => document.querySelector(`.reader-view "
            "mark.hl-claims[data-ids~='${id}']`)"
            "?.dataset.status !== old",
            arg=[first_claim.id, status],
            timeout=60_000,
        )
        page.wait_for_timeout(500)
        after = _top(page, f'.reader-view .reader-page > p[data-start="{start}"]')
        assert after is not None and abs(after - before) < 2, (before, after)
        _wait_complete(page)
        assert (
            abs((_top(page, f'.reader-view .reader-page > p[data-start="{start}"]') or 0) - before)
            < 2
        )
    finally:
        annotations.write_text(original, encoding="utf-8")
