"""axe-core in the browser tests: the WCAG 2.0/2.1/2.2 A and AA rules, run on a page as it stands.

axe-core comes from npm (pinned in package.json) and is vendored, with its licence, in
tests/data/axe-core/ (see tests/data/README.md), so the tests need no npm at run time. It is
evaluated through the DevTools protocol, which a page's Content-Security-Policy does not block
(the standalone export allows no script but its own).
"""

from __future__ import annotations

import json
from functools import cache

from playwright.sync_api import Page

from tests.conftest import PROJECT

AXE = PROJECT / "tests" / "data" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@cache
def axe_source() -> str:
    return AXE.read_text(encoding="utf-8")


def axe_violations(page: Page, include: str | None = None) -> list[dict]:
    """axe's violations of the WCAG A and AA rules on the page (or inside the `include`
    selector)."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(axe_source())
    context = json.dumps({"include": [include]} if include else {"exclude": []})
    options = json.dumps(
        {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
    )
    return page.evaluate(f"() => axe.run({context}, {options}).then(r => r.violations)")


def report(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(
            f"{violation['id']} ({violation['impact']}): {violation['help']} — "
            f"{len(violation['nodes'])} nodes"
        )
        for node in violation["nodes"][:6]:
            lines.append(
                f"    {', '.join(map(str, node['target']))}: "
                f"{node['failureSummary'].splitlines()[-1].strip()}"
                f"  {node['html'][:160]}"
            )
    return "\n".join(lines)


def assert_no_violations(page: Page, include: str | None = None) -> None:
    violations = axe_violations(page, include)
    assert not violations, "axe-core found WCAG violations:\n" + report(violations)
