"""Browser tests: the real server (run.py, eventlet) in a subprocess, driven by Debian's Chromium.

The test process itself is never monkey-patched; Playwright's sync API runs here. `axe(page, label)`
checks the page as it is now with axe-core (WCAG 2.1 A and AA); the tests call it at every page and
state they reach.
"""
from __future__ import annotations

import os
import time
from functools import cache
from pathlib import Path

import pytest

from ..servers import ROOT, RembukServer  # noqa: F401  (ROOT re-exported for tests)

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
PASSWORD = "rahasia-bimtek"
# scripts/test installs the pinned axe-core here (npm, outside the repository's files).
NODE_PREFIX = Path(os.environ.get("REMBUK_NODE_PREFIX") or ROOT / ".venv" / "node")
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_TIMINGS: list[float] = []


class Server(RembukServer):
    """The browser tests' server: eventlet, SQLite in the test's folder."""


@pytest.fixture
def server(tmp_path):
    """A fresh server with one facilitator account (email in .email)."""
    running = Server(tmp_path)
    running.email = "fasilitator@purbalinggakab.go.id"
    running.flask("facilitator", "create", running.email, "--password", PASSWORD, "--name", "Fasilitator")
    yield running
    running.stop()


@pytest.fixture(scope="session")
def chromium():
    """Debian's Chromium, headless, through Playwright."""
    from playwright.sync_api import sync_playwright
    if not os.path.exists(CHROMIUM):
        pytest.fail("Debian's chromium is not installed (scripts/test installs it)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@cache
def axe_source() -> str:
    path = NODE_PREFIX / "node_modules" / "axe-core" / "axe.min.js"
    if not path.is_file():
        pytest.fail(f"axe-core is not installed at {path} (scripts/test installs it with npm)")
    # A trailing expression so that page.evaluate() runs the file as a script and returns a plain value.
    return path.read_text(encoding="utf-8") + "\n;typeof window.axe"


def axe(page, label: str, *, exclude: tuple[str, ...] = ()) -> None:
    """Fail unless axe-core finds no WCAG 2.1 A/AA violation on `page` as it is now.

    axe.min.js goes in through page.evaluate(), which runs over the DevTools protocol and is not
    subject to the page's Content-Security-Policy, so the page is checked under its real, strict
    policy (a <script> tag would need the policy loosened). `exclude` takes CSS selectors of nodes
    to leave out; every use must say why next to it.
    """
    started = time.perf_counter()
    if page.evaluate("typeof window.axe") == "undefined":
        assert page.evaluate(axe_source()) == "object", f"{label}: axe-core did not load"
    violations = page.evaluate("""async ([tags, exclude]) => {
        const context = exclude.length ? {include: [document], exclude: exclude.map((s) => [s])} : document;
        const result = await window.axe.run(context, {runOnly: {type: 'tag', values: tags},
                                                      resultTypes: ['violations']});
        return result.violations.map((v) => ({
            id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.map((n) => ({target: n.target.join(' '), summary: n.failureSummary || ''})),
        }));
    }""", [AXE_TAGS, list(exclude)])
    AXE_TIMINGS.append(time.perf_counter() - started)
    if violations:
        lines = [f"axe-core: {len(violations)} accessibility violation(s) on {label} ({page.url}):"]
        for v in violations:
            lines.append(f"- {v['id']} ({v['impact']}): {v['help']}")
            for node in v["nodes"]:
                summary = " ".join(node["summary"].split())
                lines.append(f"    {node['target']}: {summary}")
        pytest.fail("\n".join(lines), pytrace=False)


def pytest_terminal_summary(terminalreporter):
    if AXE_TIMINGS:
        terminalreporter.write_line(f"axe-core: {len(AXE_TIMINGS)} page checks took {sum(AXE_TIMINGS):.1f} s")
