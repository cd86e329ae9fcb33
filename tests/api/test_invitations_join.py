"""Joining with a badge's QR: the invitation's ticket joins as that person, once, and checks them in."""
import concurrent.futures
import json
import urllib.error
import urllib.request
from types import SimpleNamespace

import pytest
from flask import Flask

from workshop.extensions import db
from workshop.models import Invitation, Participant
from workshop.services.invitations import badge_ticket

from ..servers import RembukServer, call
from .test_invitations_import import listing, upload, xlsx

ROWS = [["Nama", "Unsur", "Instansi", "Meja"], ["Budi Santoso", "OPD", "Dinkominfo", "Meja 1"],
        ["Siti Aminah", "UMKM", "Batik Purbalingga", ""]]


def imported(app, api, **workshop):
    """A workshop with a table and the two invitations of ROWS; returns it and {name: badge ticket}."""
    created = api.workshop(**workshop)
    table = api.post(f"/api/v1/workshops/{created['id']}/tables", {"name": "Meja 1"}).get_json()
    assert upload(api, created["id"], xlsx(ROWS)).status_code == 201
    with app.app_context():
        tickets = {inv.name: badge_ticket(inv) for inv in db.session.query(Invitation)}
    return created, table, tickets


@pytest.mark.parametrize("strict", [False, True])
def test_a_badge_joins_as_the_invited_person_without_typing(app, api, strict):
    workshop, table, tickets = imported(app, api, strict=strict)
    phone = app.test_client()
    response = phone.post("/api/v1/join", json={"join_code": workshop["join_code"], "ticket": tickets["Budi Santoso"]})
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["participant"] == {"id": body["participant_id"], "name": "Budi Santoso", "group": "opd",
                                   "organization": "Dinkominfo", "workshop_id": workshop["id"]}
    people = api.get(f"/api/v1/workshops/{workshop['id']}/participants").get_json()["participants"]
    assert [(p["name"], p["table_id"]) for p in people] == [("Budi Santoso", table["id"])]
    invitations = listing(api, workshop["id"])
    assert invitations[0]["present"] is True and invitations[0]["checked_in_at"].endswith("Z")
    assert invitations[0]["participant_id"] == body["participant_id"]
    assert invitations[1]["present"] is False
    # The badge works once; what the phone typed does not change who the badge is.
    again = app.test_client().post("/api/v1/join", json={"join_code": workshop["join_code"], "name": "Penyusup",
                                                          "group": "umkm", "ticket": tickets["Budi Santoso"]})
    assert again.status_code == 409 and again.get_json()["error"]["code"] == "ticket_used"
    typed = app.test_client().post("/api/v1/join", json={
        "join_code": workshop["join_code"], "name": "Nama Lain", "group": "akademisi",
        "ticket": tickets["Siti Aminah"].lower()[:4] + "-" + tickets["Siti Aminah"][4:]})
    assert typed.status_code == 201 and typed.get_json()["participant"]["name"] == "Siti Aminah"
    with app.app_context():
        assert db.session.query(Participant).count() == 2


def test_an_open_workshop_refuses_a_ticket_it_relies_on_and_keeps_the_walk_in_form(app, api):
    workshop, _table, _tickets = imported(app, api)
    code = workshop["join_code"]
    unknown = app.test_client().post("/api/v1/join", json={"join_code": code, "ticket": "ZZZZ-ZZZZ"})
    assert unknown.status_code == 400 and unknown.get_json()["error"]["code"] == "invalid_ticket"
    walk_in = app.test_client().post("/api/v1/join", json={"join_code": code, "name": "Tamu", "group": "lainnya"})
    assert walk_in.status_code == 201
    # A printed ticket works in an open workshop too, and only once.
    printed = api.post(f"/api/v1/workshops/{workshop['id']}/tickets", {"labels": ["Ani"]}).get_json()["tickets"][0]
    body = {"join_code": code, "name": "Ani", "group": "umkm", "ticket": printed["code"]}
    assert app.test_client().post("/api/v1/join", json=body).status_code == 201
    assert app.test_client().post("/api/v1/join", json=body).status_code == 409


def test_a_strict_workshop_still_needs_a_ticket(app, api):
    workshop, _table, _tickets = imported(app, api, strict=True)
    response = app.test_client().post("/api/v1/join", json={"join_code": workshop["join_code"], "name": "Tamu",
                                                            "group": "opd"})
    assert response.status_code == 400 and response.get_json()["error"]["code"] == "invalid_ticket"


def test_a_facilitators_earlier_tick_keeps_its_time(app, api):
    workshop, _table, tickets = imported(app, api)
    import datetime as dt
    with app.app_context():
        invitation = db.session.query(Invitation).filter_by(name="Siti Aminah").one()
        invitation.checked_in_at = dt.datetime(2026, 11, 30, 1, 0)
        db.session.commit()
    app.test_client().post("/api/v1/join", json={"join_code": workshop["join_code"], "ticket": tickets["Siti Aminah"]})
    assert listing(api, workshop["id"])[1]["checked_in_at"] == "2026-11-30T01:00:00Z"


def test_a_badge_wins_only_once_under_a_race_on_the_real_server(tmp_path):
    """Many phones scan one badge at the same moment: exactly one joins (eventlet, SQLite)."""
    server = RembukServer(tmp_path)
    try:
        token = server.api_token("fasilitator@kominfo.go.id", "rahasia123")
        workshop = call(server, "POST", "/api/v1/workshops", {"title": "Bimtek", "strict": True}, token)
        boundary = "rembuk"
        text = "Nama;Unsur;Instansi\r\nBudi;OPD;Dinkominfo\r\n"
        body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"u.csv\"\r\n"
                f"Content-Type: text/csv\r\n\r\n{text}\r\n--{boundary}--\r\n").encode()
        request = urllib.request.Request(f"{server.url}/api/v1/workshops/{workshop['id']}/invitations", data=body,
                                         method="POST", headers={"Authorization": f"Bearer {token}",
                                                                 "Content-Type": f"multipart/form-data; boundary={boundary}"})
        with urllib.request.urlopen(request, timeout=30) as response:
            assert response.status == 201
        # The badge's ticket as the badge prints it: derived from the server's secret key.
        invited = call(server, "GET", f"/api/v1/workshops/{workshop['id']}/invitations", token=token)["invitations"]
        secret = (tmp_path / "instance" / "secret_key").read_text().strip()
        with Flask(__name__).app_context() as context:
            context.app.config["SECRET_KEY"] = secret
            ticket = badge_ticket(SimpleNamespace(workshop_id=workshop["id"], id=invited[0]["id"], ticket_issue=1))

        def attempt(_i):
            join = urllib.request.Request(server.url + "/api/v1/join", method="POST", data=json.dumps(
                {"join_code": workshop["join_code"], "ticket": ticket}).encode(),
                headers={"Content-Type": "application/json"})
            try:
                with urllib.request.urlopen(join, timeout=30) as answer:
                    return answer.status
            except urllib.error.HTTPError as refused:
                assert json.loads(refused.read())["error"]["code"] == "ticket_used"
                return refused.code

        with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
            statuses = sorted(pool.map(attempt, range(16)))
        assert statuses.count(201) == 1 and set(statuses) == {201, 409}
        people = call(server, "GET", f"/api/v1/workshops/{workshop['id']}/participants", token=token)["participants"]
        assert [p["name"] for p in people] == ["Budi"]
        invited = call(server, "GET", f"/api/v1/workshops/{workshop['id']}/invitations", token=token)["invitations"]
        assert invited[0]["present"] is True and invited[0]["participant_id"] == people[0]["id"]
    finally:
        server.stop()


def test_a_badge_link_keeps_its_ticket_through_the_code_redirect(app, api):
    workshop = api.workshop()
    response = app.test_client().get(f"/j/{workshop['join_code'].lower()}?t=ABCD-EFGH&code=x")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/j/{workshop['join_code']}?t=ABCD-EFGH")
