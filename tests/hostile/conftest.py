"""The hostile-guest suite: each test is one finding of issue 15, played from the attacker's side
against the real server (run.py in a subprocess on 127.0.0.1, eventlet unless said otherwise).

The attacker holds what anyone in the hall holds: the join code on the projector, a phone or a
laptop on the venue's Wi-Fi. Tests that use up a per-address limit get a server of their own;
the others share one. Other client addresses are other loopback addresses (127.0.0.2, ...),
which Linux routes to the same server. No test measures time: where the finding is about the
event loop, the test checks which of two answers comes first.
"""
from __future__ import annotations

import hashlib
import re
import secrets
import sqlite3

import pytest
import requests
from requests.adapters import HTTPAdapter
from werkzeug.security import generate_password_hash

from ..servers import RembukServer, call

PASSWORD = "rahasia-bimtek"
EMAIL = "fasilitator@purbalinggakab.go.id"


class HostileServer(RembukServer):
    """A server with one facilitator account (EMAIL/PASSWORD) and its API token."""

    def __init__(self, folder, **kwargs):
        super().__init__(folder, **kwargs)
        self.email = EMAIL
        self.token = secrets.token_urlsafe(32)
        facilitator = self.add_facilitator(EMAIL, generate_password_hash(PASSWORD))
        self.sql("INSERT INTO api_tokens (facilitator_id, token_hash, created_at) VALUES (?, ?, ?)",
                 facilitator, hashlib.sha256(self.token.encode()).hexdigest(), "2026-01-01 00:00:00")

    def sql(self, statement: str, *parameters) -> int:
        """Run one statement on the server's database (the laptop's view: it is a file); the row id."""
        with sqlite3.connect(self.folder / "rembuk.db") as db:
            rowid = db.execute(statement, parameters).lastrowid
        db.close()
        return rowid

    def add_facilitator(self, email: str, password_hash: str) -> int:
        """An account written straight into the database (quicker than `flask facilitator create`)."""
        return self.sql("INSERT INTO facilitators (email, name, password_hash, created_at) VALUES (?, ?, ?, ?)",
                        email, "", password_hash, "2026-01-01 00:00:00")

    def api(self, method: str, path: str, body=None):
        """A JSON API call as the facilitator (Bearer token)."""
        return call(self, method, path, body, token=self.token)

    def workshop(self, **extra) -> dict:
        """A new workshop with one session (in `phase`, default draft)."""
        phase = extra.pop("phase", None)
        workshop = self.api("POST", "/api/v1/workshops", {"title": "Bimtek Smart City", **extra})
        workshop["session"] = self.api("POST", f"/api/v1/workshops/{workshop['id']}/sessions",
                                       {"title": "Prioritas program"})
        if phase:
            self.api("POST", f"/api/v1/sessions/{workshop['session']['id']}/phase", {"phase": phase})
        return workshop


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    """The shared server, for findings that use up no per-address limit."""
    running = HostileServer(tmp_path_factory.mktemp("hostile"))
    yield running
    running.stop()


@pytest.fixture
def own_server(tmp_path):
    """A server of this test's own (its limits start from zero)."""
    running = HostileServer(tmp_path)
    yield running
    running.stop()


class _SourceAddress(HTTPAdapter):
    def __init__(self, address: str):
        self.address = address
        super().__init__()

    def init_poolmanager(self, *args, **kwargs):
        kwargs["source_address"] = (self.address, 0)
        super().init_poolmanager(*args, **kwargs)


def browser(address: str = "127.0.0.1") -> requests.Session:
    """A cookie-keeping HTTP client that connects from `address` (a loopback address)."""
    session = requests.Session()
    adapter = _SourceAddress(address)
    session.mount("http://", adapter)
    return session


def csrf_token(html: str) -> str:
    """The CSRF token a page's form carries."""
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)


def log_in(server: RembukServer, client: requests.Session, password: str = PASSWORD, email: str = EMAIL,
           next_: str | None = None) -> requests.Response:
    """Post the log-in form as a browser does (no redirect followed)."""
    page = client.get(server.url + "/login", timeout=30)
    return client.post(server.url + "/login", params={"next": next_} if next_ is not None else None, data={"csrf_token": csrf_token(page.text), "email": email, "password": password},
                       allow_redirects=False, timeout=60)
