"""Behind nginx with TLS: REMBUK_PROXY_HOPS trusts the proxy's X-Forwarded-* headers, and only then."""
import shutil

import pytest

from workshop import create_app
from workshop.extensions import db
from workshop.participant_cookie import COOKIE_NAME

from ..conftest import Api, _test_config

FORWARDED = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "rembuk.purbalinggakab.go.id",
             "X-Forwarded-For": "192.168.1.57"}


@pytest.fixture
def proxied_app(tmp_path, migrated_database):
    """An app told it sits behind one proxy (REMBUK_PROXY_HOPS=1)."""
    database = tmp_path / "rembuk.db"
    shutil.copy(migrated_database, database)
    app = create_app({**_test_config(str(database)), "PROXY_HOPS": 1}, instance_path=str(tmp_path / "instance"))
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def join_cookie(app, workshop) -> str:
    response = app.test_client().post("/api/v1/join", headers=FORWARDED, json={
        "join_code": workshop["join_code"], "name": "Siti", "group": "umkm"})
    assert response.status_code == 201
    return next(h for h in response.headers.getlist("Set-Cookie") if h.startswith(COOKIE_NAME + "="))


def board_url(api, workshop) -> str:
    return api.client.get(f"/api/v1/workshops/{workshop['id']}", headers={**api.headers, **FORWARDED}).get_json()["board_url"]


def test_one_trusted_hop_makes_the_cookie_secure_and_urls_https(proxied_app):
    api = Api(proxied_app, proxied_app.test_client())
    workshop = api.workshop()
    assert "Secure" in join_cookie(proxied_app, workshop)
    assert board_url(api, workshop) == f"https://rembuk.purbalinggakab.go.id/board/{workshop['id']}"


def test_without_trusted_hops_the_headers_are_ignored(app, api):
    assert app.config["PROXY_HOPS"] == 0
    workshop = api.workshop()
    assert "Secure" not in join_cookie(app, workshop)
    assert board_url(api, workshop) == f"http://localhost/board/{workshop['id']}"


def test_proxy_hops_come_from_the_environment(monkeypatch, tmp_path):
    from workshop.config import from_environment
    monkeypatch.setenv("REMBUK_SECRET_KEY", "x")
    monkeypatch.setenv("REMBUK_PROXY_HOPS", "2")
    assert from_environment(str(tmp_path))["PROXY_HOPS"] == 2
    monkeypatch.setenv("REMBUK_PROXY_HOPS", "ja")
    with pytest.raises(ValueError, match="REMBUK_PROXY_HOPS"):
        from_environment(str(tmp_path))
