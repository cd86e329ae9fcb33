"""Participants joining by code."""
from workshop.extensions import db
from workshop.models import Participant
from workshop.services.accounts import hash_token


def test_join_returns_token_sets_cookie_and_stores_only_a_hash(app, api):
    workshop = api.workshop()
    client = app.test_client()
    response = client.post("/api/v1/join", json={"join_code": workshop["join_code"].lower(),
                                                  "name": "  Siti  Aminah ", "group": "umkm"})
    assert response.status_code == 201
    body = response.get_json()
    assert body["workshop_id"] == workshop["id"] and len(body["token"]) >= 40
    assert body["participant"] == {"id": body["participant_id"], "name": "Siti Aminah", "group": "umkm",
                                   "organization": "", "workshop_id": workshop["id"]}
    cookie = client.get_cookie("rembuk_participant")
    assert cookie is not None and cookie.value == body["token"] and cookie.http_only
    with app.app_context():
        stored = db.session.get(Participant, body["participant_id"])
        assert stored.token_hash == hash_token(body["token"]) and body["token"] not in stored.token_hash


def test_unknown_code_is_404_and_unknown_group_is_400(client, api):
    workshop = api.workshop()
    response = client.post("/api/v1/join", json={"join_code": "ZZZZZZ", "name": "A", "group": "opd"})
    assert response.status_code == 404 and response.get_json()["error"]["code"] == "unknown_join_code"
    response = client.post("/api/v1/join", json={"join_code": workshop["join_code"], "name": "A", "group": "dpr"})
    assert response.status_code == 400 and response.get_json()["error"]["code"] == "unknown_group"


def test_join_validation(client, api):
    code = api.workshop()["join_code"]
    for body, field in [({"name": "", "group": "opd"}, "name"), ({"name": "x" * 121, "group": "opd"}, "name"),
                        ({"name": ["A"], "group": "opd"}, "name"),
                        ({"name": "A", "group": "opd", "organization": "y" * 161}, "organization")]:
        response = client.post("/api/v1/join", json={"join_code": code, **body})
        assert response.status_code == 400
        assert response.get_json()["error"]["field"] == field
    assert client.post("/api/v1/join", json={"join_code": 123, "name": "A", "group": "opd"}).status_code == 404
