"""Real Rembuk server processes for tests: `run.py` in a subprocess on 127.0.0.1.

Used by the browser, system and scale tests. The test process itself is never monkey-patched.
"""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    """A free TCP port on the loopback interface."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RembukServer:
    """A running `run.py` with its own log; by default on SQLite and an instance folder in `folder`.

    `env` overrides the environment (e.g. REMBUK_DATABASE_URL and REMBUK_MESSAGE_QUEUE for a
    shared PostgreSQL and Redis); starting another server on the same folder reuses its database.
    """

    def __init__(self, folder: Path, *, name: str = "server", env: dict | None = None,
                 async_mode: str = "eventlet", timeout: float = 60):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.folder = folder
        self.env = {**os.environ, "REMBUK_DATABASE_URL": f"sqlite:///{folder / 'rembuk.db'}",
                    "REMBUK_INSTANCE_PATH": str(folder / "instance"), "REMBUK_ASYNC_MODE": async_mode,
                    **(env or {}), "REMBUK_PUBLIC_URL": self.url, "PYTHONUNBUFFERED": "1"}
        self.log_path = folder / f"{name}.log"
        self.log = open(self.log_path, "a")
        self.process = subprocess.Popen([sys.executable, "run.py", "--host", "127.0.0.1", "--port", str(self.port)],
                                        cwd=ROOT, env=self.env, stdout=self.log, stderr=subprocess.STDOUT)
        self._wait_ready(timeout)

    def _wait_ready(self, timeout: float) -> None:
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
        """Everything the server printed so far."""
        self.log.flush()
        return self.log_path.read_text()

    def flask(self, *args: str) -> str:
        """Run a `flask --app workshop` command against this server's database."""
        result = subprocess.run([sys.executable, "-m", "flask", "--app", "workshop", *args], cwd=ROOT,
                                env={**self.env, "REMBUK_ASYNC_MODE": "threading"},
                                capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout

    def api_token(self, email: str, password: str | None = None) -> str:
        """A facilitator's API token (`flask facilitator token`), creating the account first with a password."""
        if password is not None:
            self.flask("facilitator", "create", email, "--password", password)
        return self.flask("facilitator", "token", email).strip().splitlines()[-1]

    def stop(self) -> None:
        """Terminate (or kill) the process and close its log."""
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()


def call(server: RembukServer, method: str, path: str, body=None, token: str | None = None):
    """One JSON API call to a running server (Bearer token when given); returns the decoded body."""
    request = urllib.request.Request(server.url + path, method=method,
                                     data=json.dumps(body).encode() if body is not None else None,
                                     headers={"Content-Type": "application/json",
                                              **({"Authorization": f"Bearer {token}"} if token else {})})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())
