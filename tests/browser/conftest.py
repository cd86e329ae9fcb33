"""Browser tests: the real server (run.py, eventlet) in a subprocess, driven by Debian's Chromium.

The test process itself is never monkey-patched; Playwright's sync API runs here.
"""
from __future__ import annotations

import os

import pytest

from ..servers import ROOT, RembukServer  # noqa: F401  (ROOT re-exported for tests)

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
PASSWORD = "rahasia-bimtek"


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
