"""Shared fixtures: an app on a fresh migrated SQLite database per test, and API helpers."""
from __future__ import annotations

import shutil

import pytest

from workshop import create_app
from workshop.extensions import db, socketio

# Every Socket.IO event and ack a test sees is checked against the AsyncAPI schemas.
pytest_plugins = ["tests.contract.socket_contract"]

PUBLIC_URL = "http://127.0.0.1:5999"


def _test_config(database: str) -> dict:
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}",
        "ASYNC_MODE": "threading",
        "MESSAGE_QUEUE": None,
        "PUBLIC_URL": PUBLIC_URL,
        # Tests flush board updates by hand, so no background task runs.
        "BOARD_FLUSH_SECONDS": 0,
        "TIMER_CHECK_SECONDS": 0,
        # Exports render in this process; tests/api/test_offload.py starts real export workers.
        "EXPORT_WORKERS": 0,
    }


@pytest.fixture(scope="session")
def migrated_database(tmp_path_factory):
    """A SQLite file with every migration applied, copied by each test."""
    from flask_migrate import upgrade
    folder = tmp_path_factory.mktemp("template")
    path = folder / "template.db"
    app = create_app(_test_config(str(path)), instance_path=str(folder))
    with app.app_context():
        upgrade()
        db.engine.dispose()
    return path


@pytest.fixture
def app(tmp_path, migrated_database):
    """A fresh app and database for one test."""
    database = tmp_path / "rembuk.db"
    shutil.copy(migrated_database, database)
    app = create_app(_test_config(str(database)), instance_path=str(tmp_path / "instance"))
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app):
    """Flask test client."""
    return app.test_client()


@pytest.fixture
def runner(app):
    """Flask CLI runner."""
    return app.test_cli_runner()


class Api:
    """Drives the JSON API as a facilitator with a bearer token, and joins phones."""

    def __init__(self, app, client, email="fasilitator@kominfo.go.id"):
        self.app = app
        self.client = client
        runner = app.test_cli_runner()
        result = runner.invoke(args=["facilitator", "create", email, "--password", "rahasia123", "--name", "Budi"])
        assert result.exit_code == 0, result.output
        result = runner.invoke(args=["facilitator", "token", email])
        assert result.exit_code == 0, result.output
        self.email = email
        self.token = result.output.strip().splitlines()[-1]
        self.headers = {"Authorization": f"Bearer {self.token}"}

    def post(self, url, json=None, **kwargs):
        return self.client.post(url, json=json, headers=self.headers, **kwargs)

    def get(self, url, **kwargs):
        return self.client.get(url, headers=self.headers, **kwargs)

    def workshop(self, title="Bimtek Smart City Tahap I", **extra) -> dict:
        response = self.post("/api/v1/workshops", {"title": title, **extra})
        assert response.status_code == 201, response.get_json()
        return response.get_json()

    def session(self, workshop_id, title="Prioritas program", **extra) -> dict:
        response = self.post(f"/api/v1/workshops/{workshop_id}/sessions", {"title": title, "method": "dots", **extra})
        assert response.status_code == 201, response.get_json()
        return response.get_json()

    def phase(self, session_id, phase):
        response = self.post(f"/api/v1/sessions/{session_id}/phase", {"phase": phase})
        assert response.status_code == 200, response.get_json()
        return response.get_json()

    def join(self, join_code, name="Siti", group="umkm", organization="Batik Purbalingga") -> dict:
        response = self.app.test_client().post("/api/v1/join", json={
            "join_code": join_code, "name": name, "group": group, "organization": organization})
        assert response.status_code == 201, response.get_json()
        return response.get_json()

    def results(self, session_id) -> dict:
        response = self.get(f"/api/v1/sessions/{session_id}/results")
        assert response.status_code == 200, response.get_json()
        return response.get_json()


@pytest.fixture
def api(app, client):
    """A facilitator with an API token."""
    return Api(app, client)


@pytest.fixture
def connect(app):
    """Open Socket.IO test clients; all are disconnected at the end."""
    opened = []

    def open_client(token=None, flask_client=None, shared=False):
        auth = {"token": token} if token else None
        if shared:  # the phone's opt-in to the shared proposal list (protocol §7.2a)
            auth = {**(auth or {}), "shared_proposals": 1}
        sio = socketio.test_client(app, auth=auth, flask_test_client=flask_client)
        opened.append(sio)
        return sio

    yield open_client
    for sio in opened:
        if sio.is_connected():
            sio.disconnect()


def events(sio, name):
    """The payloads of the received events called `name`, oldest first."""
    return [packet["args"][0] for packet in sio.get_received() if packet["name"] == name]

