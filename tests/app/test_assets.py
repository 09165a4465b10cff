"""The committed front-end bundles are built from the committed sources (`make assets`)."""

from __future__ import annotations

import hashlib
import re

from tests.conftest import PROJECT

BUNDLES = {"frontend/editor/index.js": PROJECT / "reader" / "assets" / "editor.js"}
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
