"""A book-length document (~1 MB, 1,000 annotations) in the browser, on a warm entity cache.

Prints the time to the first highlight (and to the whole book, and for a layer toggle);
asserts only that the first section shows with its highlights. Never fails on time.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from reader.bench import generate_corpus
from reader.documents import Root, load_document
from tests.browser.conftest import ServedApp
from tests.conftest import PROJECT

SIZE_KB = 1024
ANNOTATIONS = 1000


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory, serve_app: Callable[..., ServedApp]) -> tuple[ServedApp, str]:
    """The generated book, its entities cached with `annotate` where the served app looks, and the app serving it."""
    corpus = generate_corpus(tmp_path_factory.mktemp("large-root"), size_kb=SIZE_KB, annotations=ANNOTATIONS)
    cache = tmp_path_factory.getbasetemp() / "entity-cache"  # the serve_app fixture's READER_CACHE_DIR
    env = {**os.environ, "PYTHONPATH": str(PROJECT), "READER_CACHE_DIR": str(cache)}
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "reader", "annotate", "--root", str(corpus.root), "--no-progress"],
                   check=True, env=env, capture_output=True, timeout=900)
    print(f"\n[large document] {corpus.chars:,} characters, {corpus.paragraphs:,} paragraphs, "
          f"{corpus.annotations:,} annotations; annotate (cold NER) took {time.perf_counter() - started:.1f} s")
    return serve_app(corpus.root), corpus.slug


def _time_to_first_highlight(page: Page, url: str) -> float:
    started = time.perf_counter()
    page.goto(url)
    page.locator(".reader-view mark.hl").first.wait_for(state="visible", timeout=120_000)
    return time.perf_counter() - started


# Waits run in the page: Playwright's `expect` on the view would, on every retry, walk the whole
# book's DOM (an accessibility snapshot for its message), which takes seconds and is not the app.
def _wait_complete(page: Page) -> None:
    page.wait_for_function("() => document.querySelector('.reader-view')?.dataset.rendered === 'complete'",
                           timeout=120_000)


def _wait_class(page: Page, name: str, *, present: bool) -> None:
    page.wait_for_function("([name, present]) => document.querySelector('.reader-view')?.classList.contains(name) === present",
                           arg=[name, present], timeout=60_000)


def test_time_to_first_highlight_of_a_book(page: Page, book: tuple[ServedApp, str]) -> None:
    app, slug = book
    document, _ = load_document(Root(app.root), slug)
    url = app.link(doc=slug)

    first_visit = _time_to_first_highlight(page, url)
    view = page.locator(".reader-view")
    # The first section: the title and the first paragraph, highlighted.
    first_paragraph = next(b for b in document.blocks if b.kind == "paragraph")
    expect(view.locator("h1.title")).to_have_text(document.title)
    expect(view.locator(f'p[data-start="{first_paragraph.start}"]')).to_have_text(first_paragraph.text)
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
    page.on("websocket", lambda ws: ws.on("framereceived", lambda frame: received.append(len(frame))))
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

    print(f"\n[large document] time to first highlight: {first_visit:.2f} s (first visit, server already up), "
          f"{second_visit:.2f} s (second visit); whole book in the page: {whole:.2f} s; "
          f"{marks:,} entity highlights; entities layer off: {toggled:.2f} s, on again: {toggled_back:.2f} s; {toggle_bytes:,} bytes sent by the server "
          f"for the toggle (the book's HTML is {html_bytes:,} bytes)")
