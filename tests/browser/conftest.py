"""Browser fixtures: the app served by `streamlit run`, and Debian's Chromium driven by Playwright.

Reusable by every browser test:

- ``serve_app(root=None, *, env=None, script=APP, args=()) -> ServedApp``: starts (once per session
  for each root/env/script/args) ``python -m streamlit run <script>`` on a free loopback port with
  READER_ROOT set, waits for ``/_stcore/health`` and returns ``.url`` / ``.link(**params)``; the
  default root is ``SEED_FILES`` copied into a folder of their own: the seed article with the
  shared evidence it uses (the project's root is a library, which opens on the library page);
- ``app_url``: that root, served;
- ``browser``: headless ``/usr/bin/chromium`` (Playwright never downloads a browser);
- ``page``: a fresh context and page that records every request (``requests_log``), refuses every
  request to a host other than 127.0.0.1 (so nothing ever leaves the machine) and records each
  refusal (``outside_requests``: what was asked for, and by which page); the test fails if any
  of them is not in ``known_outside_requests`` (none by default; a test module overrides it to
  name a page it does not own, e.g. the mock sign-in provider's, and the URL that page asks for);
- ``open_reader(page, url)``: load the app and wait until the whole article is in the page.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pytest
from playwright.sync_api import (
    Browser,
    BrowserContext,
    Page,
    Request,
    Route,
    expect,
    sync_playwright,
)

from tests.conftest import PROJECT

APP = PROJECT / "reader" / "app" / "main.py"
#: The seed article's files: a root of their own for the tests that read it in the app.
SEED_FILES = (
    "article/mexico-drug-war.md",
    "annotations/mexico-drug-war.yaml",
    "annotations/_shared.yaml",
)
FIXTURES = PROJECT / "tests" / "fixtures"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LOCAL_HOSTS = frozenset({"127.0.0.1"})  # every server of the tests listens there
STARTUP_SECONDS = 90
VIEWPORT = {"width": 1400, "height": 1000}

# Streamlit renders after a websocket round trip and the first run may start spaCy.
expect.set_options(timeout=30_000)


@dataclass
class ServedApp:
    url: str  # http://127.0.0.1:<port>/
    root: Path
    process: subprocess.Popen
    log: Path
    env: dict[str, str] = field(default_factory=dict)

    def link(self, **params: str) -> str:
        """The app's URL with query parameters, e.g. ``link(doc="x", focus="y")``."""
        return self.url + (f"?{urlencode(params)}" if params else "")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until_healthy(app: ServedApp) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if app.process.poll() is not None:
            pytest.fail(
                f"streamlit exited with {app.process.returncode}:\n"
                f"{app.log.read_text(errors='replace')}"
            )
        try:
            with urllib.request.urlopen(app.url + "_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)
    pytest.fail(
        f"streamlit did not become healthy in {STARTUP_SECONDS}s:\n"
        f"{app.log.read_text(errors='replace')}"
    )


@pytest.fixture(scope="session")
def serve_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[..., ServedApp]]:
    """A factory: ``serve_app(root=None, *, env=None, script=APP, args=())``; one server per
    distinct call. ``args`` are more `streamlit run` options, e.g. ``("--secrets.files", path)``."""
    servers: dict[tuple, ServedApp] = {}
    logs = tmp_path_factory.mktemp("streamlit-logs")
    seed_root = tmp_path_factory.mktemp("seed-root")
    for name in SEED_FILES:
        (seed_root / name).parent.mkdir(exist_ok=True)
        shutil.copyfile(PROJECT / name, seed_root / name)
    cache = tmp_path_factory.getbasetemp() / "entity-cache"

    def serve(
        root: Path | None = None,
        *,
        env: dict[str, str] | None = None,
        script: Path | str = APP,
        args: tuple[str, ...] = (),
    ) -> ServedApp:
        root = Path(root or seed_root).resolve()
        extra = dict(env or {})
        key = (str(root), tuple(sorted(extra.items())), str(script), tuple(args))
        if key in servers:
            return servers[key]
        port = free_port()
        log = logs / f"streamlit-{port}.log"
        environment = {
            **os.environ,
            "READER_ROOT": str(root),
            "READER_CACHE_DIR": str(cache),
            "PYTHONPATH": str(PROJECT),
            **extra,
        }
        command = [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(script),
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
            "--browser.gatherUsageStats",
            "false",
            "--server.fileWatcherType",
            "none",
            *args,
        ]
        with log.open("wb") as out:
            process = subprocess.Popen(
                command, cwd=PROJECT, env=environment, stdout=out, stderr=subprocess.STDOUT
            )
        app = ServedApp(f"http://127.0.0.1:{port}/", root, process, log, extra)
        servers[key] = app
        _wait_until_healthy(app)
        return app

    yield serve
    for app in servers.values():
        app.process.terminate()
    for app in servers.values():
        try:
            app.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            app.process.kill()
            app.process.wait(timeout=5)


@pytest.fixture(scope="session")
def app_url(serve_app: Callable[..., ServedApp]) -> str:
    """The reader serving the seed article (alone, with the shared evidence it uses)."""
    return serve_app().url


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    # Module scope: one Playwright at a time, so test modules with their own stay compatible.
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


def is_local(url: str) -> bool:
    """True for loopback http(s)/ws(s) and for in-page URLs (data:, blob:, about:)."""
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about", "chrome-extension", "devtools"):
        return True
    return parts.hostname in LOCAL_HOSTS


@pytest.fixture
def requests_log() -> list[str]:
    """Every URL the page requested (HTTP and websockets), in order."""
    return []


@dataclass(frozen=True)
class OutsideRequest:
    """A request for another host than 127.0.0.1, refused: its URL and the page (frame) that
    asked."""

    url: str
    page: str


@pytest.fixture
def outside_requests() -> list[OutsideRequest]:
    """Every request the page made to another host, in order (each was refused)."""
    return []


@pytest.fixture
def known_outside_requests() -> dict[str, str]:
    """URL -> the start of the page URLs that may ask for it (and be refused). None by default: the
    reader's pages never ask for anything from another host."""
    return {}


def _frame_url(request: Request) -> str:
    try:
        return request.frame.url
    except Exception:  # noqa: BLE001 - a service worker's request has no frame: it is named as such
        return "(no frame)"


def refuse_outside(
    context: BrowserContext, outside: list[OutsideRequest]
) -> Callable[[], list[str]]:
    """Refuse and record every request `context` makes to another host. Returns a check, to call
    when the context is closed: the outside requests that were seen but not refused (none, unless
    something got past the route, e.g. a websocket)."""
    seen: list[str] = []

    def refuse(route: Route) -> None:
        outside.append(OutsideRequest(route.request.url, _frame_url(route.request)))
        route.abort()

    context.route(lambda url: not is_local(url), refuse)
    context.on(
        "request", lambda request: None if is_local(request.url) else seen.append(request.url)
    )
    context.on(
        "page",
        lambda page: page.on(
            "websocket", lambda socket_: None if is_local(socket_.url) else seen.append(socket_.url)
        ),
    )
    return lambda: [url for url in seen if url not in {r.url for r in outside}]


def unexpected_outside(
    outside: list[OutsideRequest], known: dict[str, str]
) -> list[OutsideRequest]:
    """The outside requests that are not a known URL asked for by the page named for it."""
    return [r for r in outside if not (r.url in known and r.page.startswith(known[r.url]))]


@pytest.fixture
def page(
    browser: Browser,
    requests_log: list[str],
    outside_requests: list[OutsideRequest],
    known_outside_requests: dict[str, str],
) -> Iterator[Page]:
    context = browser.new_context(viewport=VIEWPORT)
    not_refused = refuse_outside(context, outside_requests)
    context.on("request", lambda request: requests_log.append(request.url))
    new_page = context.new_page()
    new_page.on("websocket", lambda socket_: requests_log.append(socket_.url))
    errors: list[str] = []
    new_page.on("pageerror", lambda error: errors.append(str(error)))
    yield new_page
    context.close()
    assert not not_refused(), f"requests left the machine: {not_refused()}"
    unexpected = unexpected_outside(outside_requests, known_outside_requests)
    assert not unexpected, f"requests for other hosts (refused): {unexpected}"
    assert not errors, f"errors in the page: {errors}"


def open_reader(page: Page, url: str) -> None:
    """Go to the app and wait until every page of the article has been put in the document."""
    page.goto(url)
    expect(page.locator(".reader-view")).to_have_attribute("data-rendered", "complete")
