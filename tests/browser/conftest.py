"""Browser tests: the real server (run.py, eventlet) in a subprocess, driven by Debian's Chromium.

The test process itself is never monkey-patched; Playwright's sync API runs here.
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
PASSWORD = "rahasia-bimtek"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """A running Rembuk server on loopback with its own database and instance folder."""

    def __init__(self, folder: Path, async_mode: str = "eventlet"):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.folder = folder
        self.env = {**os.environ, "REMBUK_DATABASE_URL": f"sqlite:///{folder / 'rembuk.db'}",
                    "REMBUK_INSTANCE_PATH": str(folder / "instance"), "REMBUK_PUBLIC_URL": self.url,
                    "REMBUK_ASYNC_MODE": async_mode, "PYTHONUNBUFFERED": "1"}
        self.log = open(folder / "server.log", "a")
        self.process = subprocess.Popen([sys.executable, "run.py", "--host", "127.0.0.1", "--port", str(self.port)],
                                        cwd=ROOT, env=self.env, stdout=self.log, stderr=subprocess.STDOUT)
        self._wait_ready()

    def _wait_ready(self, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("server exited:\n" + self.output())
            try:
                with urllib.request.urlopen(self.url + "/login", timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("server did not start:\n" + self.output())

    def output(self) -> str:
        self.log.flush()
        return (self.folder / "server.log").read_text()

    def flask(self, *args: str) -> str:
        """Run a `flask --app workshop` command against this server's database."""
        result = subprocess.run([sys.executable, "-m", "flask", "--app", "workshop", *args], cwd=ROOT,
                                env={**self.env, "REMBUK_ASYNC_MODE": "threading"},
                                capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


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
