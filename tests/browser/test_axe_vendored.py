"""The vendored axe-core is the one package.json pins, with its licence header and files."""

import json
import re

from tests.browser.axe import AXE
from tests.conftest import PROJECT


def test_the_vendored_axe_core_is_the_pinned_version_with_its_licence():
    pinned = json.loads((PROJECT / "package.json").read_text(encoding="utf-8"))["devDependencies"][
        "axe-core"
    ]
    head = AXE.read_text(encoding="utf-8")[:600]
    assert re.match(rf"/\*! axe v{re.escape(pinned)}\n", head), head[:40]
    assert "Mozilla Public" in head and "License, v. 2.0" in head
    assert "Mozilla Public License, version 2.0" in (AXE.parent / "LICENSE").read_text(
        encoding="utf-8"
    )
