"""The committed front-end bundles are built from the committed sources (`make assets`)."""

from __future__ import annotations

import hashlib
import re

from tests.conftest import PROJECT

ASSETS = PROJECT / "reader" / "assets"
BUNDLES = {
    "frontend/article/index.js": ASSETS / "article.js",
    "frontend/article/state.js": ASSETS / "state.js",
    "frontend/editor/index.js": ASSETS / "editor.js",
    "frontend/standalone/index.js": ASSETS / "standalone.js",
}
HEADER = re.compile(
    r"/\* Built by `make assets` from (\S+) \(do not edit\); sources sha256: ([0-9a-f]{64}) \*/\n"
)


def sources_digest() -> str:
    """As frontend/build.mjs computes it: every file under frontend/, package.json and the
    lockfile."""
    paths = [
        p.relative_to(PROJECT).as_posix() for p in (PROJECT / "frontend").rglob("*") if p.is_file()
    ]
    digest = hashlib.sha256()
    for path in sorted([*paths, "package.json", "package-lock.json"]):
        digest.update(f"{path}\0".encode())
        digest.update((PROJECT / path).read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


def test_every_bundle_records_the_digest_of_the_current_sources():
    expected = sources_digest()
    for entry, bundle in BUNDLES.items():
        header = HEADER.match(bundle.read_text(encoding="utf-8")[:300])
        assert header, f"{bundle} has no build header: run `make assets`"
        assert header.group(1) == entry
        assert header.group(2) == expected, (
            f"{bundle} is stale: run `make assets` and commit the result"
        )


def test_the_bundle_list_matches_the_build_script():
    script = (PROJECT / "frontend" / "build.mjs").read_text(encoding="utf-8")
    listed = dict(re.findall(r'"(frontend/[^"]+)": "([^"]+)"', script))
    assert {entry: (PROJECT / out) for entry, out in listed.items()} == BUNDLES


def test_node_modules_is_never_committed():
    assert "node_modules/" in (PROJECT / ".gitignore").read_text(encoding="utf-8").split()


def test_every_script_of_the_browser_is_a_bundle_built_from_frontend():
    """No hand-written script is left in the app's assets: each .js there is a bundle above."""
    assert set(ASSETS.rglob("*.js")) == set(BUNDLES.values())


def test_no_bundle_hands_state_over_through_window_globals():
    # The article and its state component talk through frontend/article/channel.js's events.
    for bundle in BUNDLES.values():
        assert "window.__reader" not in bundle.read_text(encoding="utf-8"), bundle


def test_the_app_and_the_standalone_page_share_the_click_resolution():
    for entry in ("frontend/article/marks.js", "frontend/standalone/index.js"):
        source = (PROJECT / entry).read_text(encoding="utf-8")
        assert 'from "../highlights.js"' in source and "highlightTargets," in source, entry
