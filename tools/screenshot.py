"""docs/screenshot.png from the real app: ``make screenshot`` (``python -m tools.screenshot``).

Serves ``reader/app/main.py`` with ``streamlit run`` on a free 127.0.0.1 port, opens it in Debian's
Chromium (headless, through Playwright), clicks a claim so that its evidence (status, assessment,
chart, notes) shows in the panel, and saves the window. The browser may ask nothing of another host.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from tools.docs import PROJECT

__all__ = ["main", "take"]

CHROMIUM = "/usr/bin/chromium"
SLUG = "mexico-drug-war"
CLAIM = "homicides-tripled"  # a claim with a status, a line chart and notes
STARTUP_SECONDS = 120


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_until_healthy(url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url + "_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.3)
    raise RuntimeError(f"streamlit did not answer in {STARTUP_SECONDS} s")


def take(output: Path, *, slug: str = SLUG, claim: str = CLAIM) -> None:
    """Serve the project's own documents and save the window with `claim`'s evidence open."""
    from playwright.sync_api import expect, sync_playwright

    port = _free_port()
    url = f"http://127.0.0.1:{port}/"
    command = [
        *(sys.executable, "-m", "streamlit", "run", "reader/app/main.py"),
        *("--server.address", "127.0.0.1", "--server.port", str(port)),
        *("--server.headless", "true", "--browser.gatherUsageStats", "false"),
    ]
    with tempfile.TemporaryFile() as log:
        env = {**os.environ, "READER_ROOT": str(PROJECT), "READER_POLL_SECONDS": "0"}
        process = subprocess.Popen(command, cwd=PROJECT, env=env, stdout=log, stderr=log)
        try:
            _wait_until_healthy(url, process)
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=CHROMIUM, headless=True, args=["--no-sandbox"]
                )
                context = browser.new_context(
                    viewport={"width": 1440, "height": 900}, color_scheme="light"
                )
                context.route(
                    lambda u: not u.startswith(("http://127.0.0.1", "ws://127.0.0.1")),
                    lambda route: route.abort(),
                )
                page = context.new_page()
                page.goto(f"{url}?doc={slug}")
                view = page.locator(".reader-view")
                expect(view).to_have_attribute("data-rendered", "complete", timeout=120_000)
                mark = view.locator(f'mark.hl-claims[data-ids~="{claim}"][data-target]').first
                mark.scroll_into_view_if_needed()
                mark.focus()
                page.keyboard.press("Enter")  # opens the evidence, as a click does
                panel = page.locator(".st-key-reader-panel")
                expect(panel.locator(".rd-quote")).to_be_visible(timeout=60_000)
                chart = panel.locator('[data-testid="stVegaLiteChart"]').first
                expect(chart.locator("canvas, svg").first).to_be_visible(timeout=60_000)
                mark.evaluate("m => m.scrollIntoView({block: 'center'})")
                page.wait_for_timeout(1500)  # the chart's transition and the scroll settle
                output.parent.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(output))
                browser.close()
        except Exception:
            log.seek(0)
            sys.stderr.write(log.read().decode(errors="replace")[-4000:])
            raise
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.screenshot", description=__doc__)
    parser.add_argument("-o", "--output", type=Path, default=PROJECT / "docs" / "screenshot.png")
    parser.add_argument("--claim", default=CLAIM, help=f"the claim to open (default: {CLAIM})")
    args = parser.parse_args(argv)
    take(args.output, claim=args.claim)
    print(f"wrote {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
