"""Fixtures for the scale-out test: real Redis and PostgreSQL servers, Rembuk processes on them.

Everything listens on 127.0.0.1. Missing server binaries fail the test with the command that
installs them: CI must not pass by skipping the cross-process path.
"""
from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from bench.backends import MissingBinary, Postgres, Redis, free_port

ROOT = Path(__file__).resolve().parents[2]


class RembukProcess:
    """One `run.py` server process on the shared database and message queue."""

    def __init__(self, folder: Path, name: str, env: dict):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {**os.environ, **env, "REMBUK_PUBLIC_URL": self.url, "PYTHONUNBUFFERED": "1",
                    "REMBUK_INSTANCE_PATH": str(folder / name)}
        self.log_path = folder / f"{name}.log"
        self.log = open(self.log_path, "w")
        self.process = subprocess.Popen([sys.executable, "run.py", "--host", "127.0.0.1", "--port", str(self.port)],
                                        cwd=ROOT, env=self.env, stdout=self.log, stderr=subprocess.STDOUT)
        self._wait_ready()

    def _wait_ready(self, timeout: float = 60) -> None:
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
        return self.log_path.read_text()

    def flask(self, *args: str) -> str:
        """`flask --app workshop ...` against the shared database."""
        result = subprocess.run([sys.executable, "-m", "flask", "--app", "workshop", *args], cwd=ROOT,
                                env={**self.env, "REMBUK_ASYNC_MODE": "threading"},
                                capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()


@pytest.fixture(scope="module")
def redis():
    """A throwaway redis-server."""
    try:
        server = Redis()
    except MissingBinary as error:
        pytest.fail(str(error))
    yield server
    server.stop()


@pytest.fixture(scope="module")
def postgres():
    """A throwaway PostgreSQL cluster (fsync off: it holds test data only)."""
    try:
        server = Postgres(durable=False)
    except MissingBinary as error:
        pytest.fail(str(error))
    yield server
    server.stop()
