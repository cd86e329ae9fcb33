"""Log-in hardening seen from inside: dummy hashes, limits, log-ins as rows, the setup link."""
import re

import pytest

from workshop import passwords
from workshop.errors import RembukError
from workshop.extensions import db
from workshop.models import FacilitatorLogin
from workshop.services import accounts


def csrf_token(html: str) -> str:
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)


def post_login(app, client, email, password):
    page = client.get("/login").get_data(as_text=True)
    return client.post("/login", data={"csrf_token": csrf_token(page), "email": email, "password": password})


def test_an_unknown_e_mail_costs_a_password_hash_too(app, api):
    client = app.test_client()
    before = passwords.checks["count"]
    post_login(app, client, "tidak-ada@kominfo.go.id", "rahasia123")
    post_login(app, client, api.email, "salah-salah")
    assert passwords.checks["count"] - before == 2


def test_too_many_failures_answer_429_with_a_message_in_the_users_language(app, api):
    client = app.test_client()
    client.set_cookie("lang", "en")
    for i in range(10):
        assert post_login(app, client, api.email, f"salah-{i}").status_code == 200
    before = passwords.checks["count"]
    answer = post_login(app, client, api.email, "rahasia123")
    assert answer.status_code == 429
    assert "Too many failed log-ins from this device or for this account" in answer.get_data(as_text=True)
    assert passwords.checks["count"] == before  # refused before any hash


def test_each_log_in_is_a_row_and_log_out_deletes_it(app, api):
    client = app.test_client()
    assert post_login(app, client, api.email, "rahasia123").status_code == 302
    assert post_login(app, app.test_client(), api.email, "rahasia123").status_code == 302
    with app.app_context():
        assert db.session.query(FacilitatorLogin).count() == 2
    page = client.get("/console").get_data(as_text=True)
    client.post("/logout", data={"csrf_token": csrf_token(page)})
    with app.app_context():
        assert db.session.query(FacilitatorLogin).count() == 1


def test_a_refused_setup_keeps_the_link(app):
    with app.app_context():
        token = accounts.setup_token(app.instance_path)
        with pytest.raises(RembukError) as refused:
            accounts.finish_setup(app.instance_path, token, "a@kominfo.go.id", "pendek", "")
        assert refused.value.code == "invalid_input"
        assert accounts.setup_token(app.instance_path) == token
        accounts.finish_setup(app.instance_path, token, "a@kominfo.go.id", "cukup-panjang", "")
        assert accounts.setup_token(app.instance_path) is None
