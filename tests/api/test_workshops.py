"""Workshops, sessions and phases over the JSON API, with the facilitator's authorization."""
import re

from workshop.services.workshops import JOIN_CODE_ALPHABET

from ..conftest import PUBLIC_URL, Api


def test_create_workshop_returns_code_urls_and_default_groups(api):
    body = api.workshop(venue="Pendopo Purbalingga", date="2024-06-12")
    assert re.fullmatch(f"[{JOIN_CODE_ALPHABET}]{{6}}", body["join_code"])
    assert not set("0O1IL") & set(body["join_code"])
    assert body["join_url"] == f"{PUBLIC_URL}/j/{body['join_code']}"
    assert body["board_url"].endswith(f"/board/{body['id']}")
    assert [g["key"] for g in body["groups"]] == ["opd", "desa", "relawan_tik", "umkm", "akademisi", "lainnya"]
    assert body["groups"][1]["label"] == "Kecamatan/Desa"
    got = api.get(f"/api/v1/workshops/{body['id']}").get_json()
    assert got["title"] == "Bimtek Smart City Tahap I" and got["date"] == "2024-06-12" and got["sessions"] == []


def test_session_defaults_and_settings(api):
    workshop = api.workshop()
    session = api.session(workshop["id"])
    assert session["phase"] == "draft" and session["method"] == "dots"
    assert {k: session["settings"][k] for k in ("dots_per_participant", "max_dots_per_proposal")} == {"dots_per_participant": 5, "max_dots_per_proposal": 3}
    custom = api.session(workshop["id"], title="Quick Win", dots_per_participant=3, max_dots_per_proposal=1)
    assert {k: custom["settings"][k] for k in ("dots_per_participant", "max_dots_per_proposal")} == {"dots_per_participant": 3, "max_dots_per_proposal": 1}
    assert [s["id"] for s in api.get(f"/api/v1/workshops/{workshop['id']}").get_json()["sessions"]] == [
        session["id"], custom["id"]]


def test_bad_session_settings_are_refused(api):
    workshop = api.workshop()
    response = api.post(f"/api/v1/workshops/{workshop['id']}/sessions", {"title": "x", "method": "ranking"})
    assert response.status_code == 400 and response.get_json()["error"]["code"] == "unknown_method"
    for body, field in [({"title": "x", "dots_per_participant": 0}, "dots_per_participant"),
                        ({"title": "x", "dots_per_participant": 2, "max_dots_per_proposal": 3}, "max_dots_per_proposal"),
                        ({"title": ""}, "title"), ({"title": 5}, "title")]:
        response = api.post(f"/api/v1/workshops/{workshop['id']}/sessions", body)
        assert response.status_code == 400, body
        assert response.get_json()["error"]["code"] == "invalid_input"
        assert response.get_json()["error"]["field"] == field


def test_phase_moves_and_current_session(api):
    workshop = api.workshop()
    first = api.session(workshop["id"])
    second = api.session(workshop["id"], title="Sesi 2")
    assert api.phase(first["id"], "collect")["current_session_id"] == first["id"]
    assert api.phase(first["id"], "vote")["phase"] == "vote"
    # Back again is allowed, e.g. reopening voting after closing it.
    api.phase(first["id"], "closed")
    assert api.phase(first["id"], "vote")["phase"] == "vote"
    assert api.phase(second["id"], "collect")["current_session_id"] == second["id"]
    # Draft and closed do not take over the phones.
    assert api.phase(first["id"], "closed")["current_session_id"] == second["id"]
    response = api.post(f"/api/v1/sessions/{first['id']}/phase", {"phase": "voting"})
    assert response.status_code == 400 and response.get_json()["error"]["code"] == "invalid_phase"


def test_without_credentials_is_401(client, api):
    workshop = api.workshop()
    for method, url in [("post", "/api/v1/workshops"), ("get", f"/api/v1/workshops/{workshop['id']}"),
                        ("post", f"/api/v1/workshops/{workshop['id']}/sessions"),
                        ("post", "/api/v1/sessions/1/phase"), ("get", "/api/v1/sessions/1/results"),
                        ("get", "/api/v1/sessions/1/export.csv")]:
        response = getattr(client, method)(url, json={})
        assert response.status_code == 401, url
        assert response.get_json()["error"]["code"] == "unauthorized"
    bad = client.get(f"/api/v1/workshops/{workshop['id']}", headers={"Authorization": "Bearer nope"})
    assert bad.status_code == 401


def test_another_facilitators_workshop_is_403(app, api):
    workshop = api.workshop()
    session = api.session(workshop["id"])
    other = Api(app, app.test_client(), email="lain@kominfo.go.id")
    for method, url, body in [
            ("get", f"/api/v1/workshops/{workshop['id']}", None),
            ("post", f"/api/v1/workshops/{workshop['id']}/sessions", {"title": "x"}),
            ("post", f"/api/v1/sessions/{session['id']}/phase", {"phase": "collect"}),
            ("get", f"/api/v1/sessions/{session['id']}/results", None),
            ("get", f"/api/v1/sessions/{session['id']}/export.csv", None)]:
        response = other.post(url, body) if method == "post" else other.get(url)
        assert response.status_code == 403, url
        assert response.get_json()["error"]["code"] == "forbidden"
    assert api.get(f"/api/v1/sessions/{session['id']}").get_json()["phase"] == "draft"


def test_participant_token_is_not_a_facilitator_token(api):
    workshop = api.workshop()
    joined = api.join(workshop["join_code"])
    response = api.client.post("/api/v1/workshops", json={"title": "Palsu"},
                               headers={"Authorization": f"Bearer {joined['token']}"})
    assert response.status_code == 401


def test_malformed_json_is_400(api):
    response = api.client.post("/api/v1/workshops", data="{not json", headers={
        **api.headers, "Content-Type": "application/json"})
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "invalid_json"
    response = api.client.post("/api/v1/workshops", data="[1, 2]", headers=api.headers)
    assert response.status_code == 400


def test_wrong_method_and_oversized_body(api):
    response = api.client.delete("/api/v1/workshops", headers=api.headers)
    assert response.status_code == 405 and response.get_json()["error"]["code"] == "method_not_allowed"
    response = api.post("/api/v1/workshops", {"title": "x" * (2 * 1024 * 1024)})
    assert response.status_code == 413 and response.get_json()["error"]["code"] == "too_large"


def test_unknown_api_route_is_json_404(api):
    response = api.get("/api/v1/nothing-here")
    assert response.status_code == 404 and response.get_json()["error"]["code"] == "not_found"
    assert api.get("/api/v1/workshops/999").status_code == 404


def test_errors_are_indonesian_by_default_and_english_on_switch(api):
    response = api.post("/api/v1/workshops", {"title": ""})
    indonesian = response.get_json()["error"]["message"]
    api.client.get("/lang/en")
    english = api.post("/api/v1/workshops", {"title": ""}).get_json()["error"]["message"]
    assert english.startswith("Check the field")
    assert indonesian != english and "wajib" in indonesian.lower()
