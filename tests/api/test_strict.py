"""Strict mode (one person, one voice) and the address the QR code encodes."""
import concurrent.futures

from ..conftest import PUBLIC_URL


def test_strict_workshop_needs_a_one_time_code(app, api):
    workshop = api.workshop()
    assert workshop["strict"] is False
    response = api.client.patch(f"/api/v1/workshops/{workshop['id']}", headers=api.headers, json={"strict": True})
    assert response.status_code == 200 and response.get_json()["strict"] is True
    made = api.post(f"/api/v1/workshops/{workshop['id']}/tickets", {"labels": ["Siti Aminah", "Agus Salim"]})
    assert made.status_code == 201
    tickets = made.get_json()["tickets"]
    assert [t["label"] for t in tickets] == ["Siti Aminah", "Agus Salim"]
    assert all(len(t["code"]) == 9 and t["code"][4] == "-" for t in tickets)
    phone = app.test_client()
    body = {"join_code": workshop["join_code"], "name": "Siti", "group": "umkm"}
    missing = phone.post("/api/v1/join", json=body)
    assert missing.status_code == 400 and missing.get_json()["error"]["code"] == "invalid_ticket"
    wrong = phone.post("/api/v1/join", json={**body, "ticket": "AAAA-BBBB"})
    assert wrong.get_json()["error"] == {**wrong.get_json()["error"], "code": "invalid_ticket", "field": "ticket"}
    ok = phone.post("/api/v1/join", json={**body, "ticket": tickets[0]["code"].lower().replace("-", " ")})
    assert ok.status_code == 201
    again = app.test_client().post("/api/v1/join", json={**body, "name": "Penyusup", "ticket": tickets[0]["code"]})
    assert again.status_code == 409 and again.get_json()["error"]["code"] == "ticket_used"
    listing = api.get(f"/api/v1/workshops/{workshop['id']}/tickets").get_json()["tickets"]
    assert [(t["label"], t["used"]) for t in listing] == [("Siti Aminah", True), ("Agus Salim", False)]
    assert listing[0]["participant_id"] == ok.get_json()["participant_id"] and "code" not in listing[0]
    people = api.get(f"/api/v1/workshops/{workshop['id']}/participants").get_json()["participants"]
    assert [p["name"] for p in people] == ["Siti"]  # the refused joins wrote nothing


def test_a_code_wins_only_once_under_a_race(app, api):
    workshop = api.workshop(strict=True)
    code = api.post(f"/api/v1/workshops/{workshop['id']}/tickets", {"count": 1}).get_json()["tickets"][0]["code"]

    def attempt(i):
        return app.test_client().post("/api/v1/join", json={"join_code": workshop["join_code"], "name": f"P{i}",
                                                             "group": "opd", "ticket": code}).status_code

    with concurrent.futures.ThreadPoolExecutor(max_workers=6) as pool:
        statuses = sorted(pool.map(attempt, range(6)))
    assert statuses.count(201) == 1 and set(statuses) == {201, 409}


def test_open_workshops_ignore_tickets(app, api):
    workshop = api.workshop()
    response = app.test_client().post("/api/v1/join", json={"join_code": workshop["join_code"], "name": "A",
                                                            "group": "opd", "ticket": "whatever"})
    assert response.status_code == 201


def test_chosen_address_goes_into_the_join_url_and_qr(app, api):
    workshop = api.workshop()
    assert workshop["join_url"] == f"{PUBLIC_URL}/j/{workshop['join_code']}"
    response = api.client.patch(f"/api/v1/workshops/{workshop['id']}", headers=api.headers,
                                json={"public_base_url": "http://10.42.0.1:5000/"})
    assert response.get_json()["join_url"] == f"http://10.42.0.1:5000/j/{workshop['join_code']}"
    svg = app.test_client().get(f"/j/{workshop['join_code']}/qr.svg")
    assert svg.status_code == 200
    bad = api.client.patch(f"/api/v1/workshops/{workshop['id']}", headers=api.headers,
                           json={"public_base_url": "javascript:alert(1)"})
    assert bad.status_code == 400 and bad.get_json()["error"]["code"] == "invalid_url"
    cleared = api.client.patch(f"/api/v1/workshops/{workshop['id']}", headers=api.headers, json={"public_base_url": None})
    assert cleared.get_json()["join_url"] == f"{PUBLIC_URL}/j/{workshop['join_code']}"
