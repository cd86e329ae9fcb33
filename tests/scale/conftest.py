"""Fixtures for the scale-out test: real Redis and PostgreSQL servers, Rembuk processes on them.

Everything listens on 127.0.0.1. Missing server binaries fail the test with the command that
installs them: CI must not pass by skipping the cross-process path.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from bench.backends import MissingBinary, Postgres, Redis

from ..servers import ROOT, RembukServer  # noqa: F401  (ROOT re-exported for the test)


class RembukProcess(RembukServer):
    """One `run.py` server process on the shared database and message queue."""

    def __init__(self, folder: Path, name: str, env: dict):
        super().__init__(folder, name=name, env={"REMBUK_INSTANCE_PATH": str(folder / name), **env})


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
