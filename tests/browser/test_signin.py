"""Signing in for real: the app's [auth] points at oidc-provider-mock served on 127.0.0.1.

The provider's own form stands in for a company's sign-in page: the test types the subject
(used as the e-mail address) and authorises. Streamlit then holds the identity in its cookie.
A listed editor annotates a selection and saves (the log records them); an unlisted one sees
no editing controls and is told why; an anonymous reader reads and is offered Sign in.
Nothing leaves the machine: the only request for another host is the provider's CDN stylesheet,
from the provider's own pages, refused (the reader's pages ask for none).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from reader.sources.documents import Root
from tests.browser.conftest import OutsideRequest, ServedApp, free_port, open_reader
from tests.browser.test_editing import ORIGINAL, SLUG, claim_mark, on_disk, select_word, sidebar
from tests.conftest import BEES_IN_WINTER, make_root

EDITOR = "ana@example.org"
OUTSIDER = "eve@example.org"
#: What oidc-provider-mock's pages link (its templates' _base.html), refused by the page fixture.
PROVIDER_STYLESHEET = "https://cdn.jsdelivr.net/npm/@picocss/pico@2/css/pico.min.css"


@pytest.fixture(scope="module")
def provider(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """oidc-provider-mock on a free loopback port: its issuer URL."""
    port = free_port()
    log = tmp_path_factory.mktemp("oidc") / "provider.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "oidc_provider_mock",
                "--port",
                str(port),
                "--host",
                "127.0.0.1",
            ],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    issuer = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            with urllib.request.urlopen(
                f"{issuer}/.well-known/openid-configuration", timeout=2
            ) as response:
                if json.load(response).get("issuer"):
                    break
        except (urllib.error.URLError, ConnectionError, TimeoutError, ValueError):
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"oidc-provider-mock did not start:\n{log.read_text(errors='replace')}")
        time.sleep(0.2)
    yield issuer
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def known_outside_requests(provider: str) -> dict[str, str]:
    """The mock provider's pages (its sign-in form, its end-of-session page) link one stylesheet
    from a CDN: the page fixture refuses and records it like any other request off the machine, and
    accepts only that URL, only from the provider's pages (never from the reader's)."""
    return {PROVIDER_STYLESHEET: f"{provider}/"}


def only_the_providers_stylesheet(
    outside: list[OutsideRequest], provider: str, app: ServedApp
) -> None:
    """Every request off the machine was the provider's stylesheet, asked for by a provider page."""
    assert outside, (
        "the provider's pages were shown, so their stylesheet was asked for (and refused)"
    )
    assert {r.url for r in outside} == {PROVIDER_STYLESHEET}, outside
    assert all(
        r.page.startswith(f"{provider}/") and not r.page.startswith(app.url) for r in outside
    ), outside


@pytest.fixture(scope="module")
def secrets(provider: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A secrets.toml of the test's own ([auth] the Streamlit way; never the project's file)."""
    path = tmp_path_factory.mktemp("secrets") / "secrets.toml"
    path.write_text(
        f"""\
[auth]
redirect_uri = "http://127.0.0.1:{{port}}/oauth2callback"
cookie_secret = "a-long-random-test-secret-0123456789"
client_id = "reader-tests"
client_secret = "not-a-secret"
server_metadata_url = "{provider}/.well-known/openid-configuration"
""",
        encoding="utf-8",
    )
    return path


@pytest.fixture(scope="module")
def module_root(tmp_path_factory: pytest.TempPathFactory) -> Root:
    return Root(
        make_root(tmp_path_factory.mktemp("signin"), {SLUG: BEES_IN_WINTER}, {SLUG: ORIGINAL})
    )


@pytest.fixture
def root(module_root: Root) -> Root:
    """The module's root (one server for every test) as it started: the original files, no log."""
    shutil.rmtree(module_root.path / "annotations" / ".history", ignore_errors=True)
    make_root(module_root.path, {SLUG: BEES_IN_WINTER}, {SLUG: ORIGINAL})
    return module_root


@pytest.fixture
def app(serve_app: Callable[..., ServedApp], root: Root, secrets: Path) -> ServedApp:
    # Served as it would be for a newsroom: on every address would be the same; loopback keeps the
    # test local.
    return serve_app(
        root.path,
        env={"READER_EDITORS": f"{EDITOR}, @desk.example.org"},
        args=("--secrets.files", str(secrets)),
    )


def sign_in(page: Page, app: ServedApp, email: str) -> None:
    open_reader(page, app.url)
    sidebar(page).get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"^http://127\.0\.0\.1:\d+/oauth2/authorize"))
    page.get_by_placeholder("sub").fill(email)
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url(re.compile(rf"^{re.escape(app.url)}"))
    expect(sidebar(page).get_by_text(f"Signed in as {email}", exact=True)).to_be_visible()
    expect(page.locator(".reader-view")).to_have_attribute("data-rendered", "complete")


def test_an_anonymous_reader_reads_and_is_offered_sign_in(
    page: Page, app: ServedApp, root: Root, outside_requests: list[OutsideRequest]
):
    open_reader(page, app.url)
    expect(claim_mark(page, "twenty-kilos")).to_be_visible()
    expect(sidebar(page).get_by_role("button", name="Sign in")).to_be_visible()
    expect(sidebar(page).get_by_text("Sign in to edit")).to_be_visible()
    expect(sidebar(page).get_by_text("Edit", exact=True)).to_have_count(0)
    select_word(page, "shivers", 0)
    page.wait_for_timeout(1_000)  # time for a rerun that would show the actions
    expect(sidebar(page).get_by_role("button", name="New claim")).to_have_count(0)
    assert outside_requests == []  # the reader's own pages ask no other host for anything


def test_a_listed_editor_signs_in_annotates_and_saves(
    page: Page, app: ServedApp, root: Root, provider: str, outside_requests: list[OutsideRequest]
):
    sign_in(page, app, EDITOR)
    select_word(page, "cluster", 1)
    sidebar(page).get_by_role("button", name="New claim").click()
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text(re.compile(r"^Saved annotations/bees\.yaml"))).to_be_visible()
    entry = '  - id: cluster\n    quote: cluster\n    prefix: "The "\n'
    assert on_disk(root) == (ORIGINAL + entry).encode()
    log = root.path / "annotations" / ".history" / SLUG / "log.jsonl"
    [record] = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    assert record["editor"] == EDITOR
    page.get_by_text(re.compile(r"^Saved versions")).click()
    expect(page.locator(".st-key-editor-saves")).to_contain_text(EDITOR)
    expect(page.locator(".st-key-editor-saves")).to_contain_text(record["digest"][:12])

    sidebar(page).get_by_role("button", name="Sign out").click()
    page.get_by_role("button", name="End session").click()  # the provider's end-of-session page
    expect(sidebar(page).get_by_role("button", name="Sign in")).to_be_visible()
    expect(sidebar(page).get_by_text("Edit", exact=True)).to_have_count(0)
    only_the_providers_stylesheet(outside_requests, provider, app)


def test_an_unlisted_user_signs_in_and_cannot_edit(
    page: Page, app: ServedApp, root: Root, provider: str, outside_requests: list[OutsideRequest]
):
    sign_in(page, app, OUTSIDER)
    expect(
        sidebar(page).get_by_text(f"Signed in as {OUTSIDER}, which is not one of the editors")
    ).to_be_visible()
    expect(sidebar(page).get_by_text("Edit", exact=True)).to_have_count(0)
    select_word(page, "shivers", 0)
    page.wait_for_timeout(1_000)
    expect(sidebar(page).get_by_role("button", name="New claim")).to_have_count(0)
    assert on_disk(root) == ORIGINAL.encode()
    assert not (root.path / "annotations" / ".history").exists()
    only_the_providers_stylesheet(outside_requests, provider, app)
