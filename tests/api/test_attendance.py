"""Check-in, badge reissue and the attendance figures (issue 14): the facilitator's tick and its
undo, the reissued badge that voids the old QR, who may do what, and the board's "Hadir" line."""
from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from workshop.live.broadcast import broadcaster

from ..attendance_helpers import invite
from ..conftest import Api, events
from ..contract.contract import problems
from .test_web import login

PEOPLE = [("Ani Rahayu", "opd", "Dinkominfo"), ("Bayu Aji", "opd", "Bappeda"), ("Citra Dewi", "umkm", "Batik Citra"),
          ("Dedi Kurnia", "desa", "Desa Karangreja")]


@pytest.fixture
def listed(app, api):
    workshop = api.workshop()
    return workshop, invite(app, workshop["id"], PEOPLE)


def test_a_tick_marks_present_keeps_the_first_time_and_can_be_undone(api, listed):
    workshop, people = listed
    url = f"/api/v1/invitations/{people[0]['id']}/check-in"
    first = api.post(url)
    assert first.status_code == 200, first.get_json()
    body = first.get_json()
    assert body["present"] is True and body["name"] == "Ani Rahayu" and body["group"] == "opd"
    assert problems("InvitationState", body, "openapi") == []
    again = api.post(url, {"present": True}).get_json()
    assert again["checked_in_at"] == body["checked_in_at"]
    undone = api.post(url, {"present": False}).get_json()
    assert undone["present"] is False and undone["checked_in_at"] is None
    bad = api.post(url, {"present": "ya"})
    assert bad.status_code == 400 and bad.get_json()["error"]["field"] == "present"
    log = api.get(f"/api/v1/workshops/{workshop['id']}/moderation-log").get_json()["entries"]
    assert [e["action"] for e in log if e["action"].startswith("check_in")] == ["check_in", "check_in_undone"]
    assert log[-1]["detail"]["invitation"]["name"] == "Ani Rahayu"


def test_figures_per_group_in_the_workshops_order_and_per_table(app, api):
    workshop = api.workshop()
    wid = workshop["id"]
    table = api.post(f"/api/v1/workshops/{wid}/tables", {"name": "Meja 1"}).get_json()
    people = invite(app, wid, [("Ani", "umkm", "A", table["id"]), ("Bayu", "opd", "B", table["id"]),
                               ("Citra", "opd", "C"), ("Dedi", "opd", "D")])
    for person in people[1:3]:
        assert api.post(f"/api/v1/invitations/{person['id']}/check-in").status_code == 200
    api.join(workshop["join_code"], name="Tamu", group="opd")  # a walk-in
    view = api.get(f"/api/v1/workshops/{wid}/attendance").get_json()
    assert problems("AttendanceView", view, "openapi") == []
    assert (view["invited"], view["present"], view["absent"], view["walk_ins"]) == (4, 2, 2, 1)
    # OPD comes before UMKM in the workshop's group order, whatever the list's order.
    assert [(g["key"], g["invited"], g["present"], g["absent"]) for g in view["groups"]] == [
        ("opd", 3, 2, 1), ("umkm", 1, 0, 1)]
    assert [(t["id"], t["invited"], t["present"]) for t in view["tables"]] == [(table["id"], 2, 1), (None, 2, 1)]
    assert [p["name"] for p in view["invitations"]] == ["Ani", "Bayu", "Citra", "Dedi"]


def test_reissue_voids_the_old_badge_and_the_new_one_joins(app, api, listed):
    workshop, people = listed
    api.client.patch(f"/api/v1/workshops/{workshop['id']}", json={"strict": True}, headers=api.headers)
    old = people[0]["ticket"]
    answer = api.post(f"/api/v1/invitations/{people[0]['id']}/reissue")
    assert answer.status_code == 200, answer.get_json()
    body = answer.get_json()
    assert problems("Reissued", body, "openapi") == []
    url = urlsplit(body["join_url"])
    assert url.path == f"/j/{workshop['join_code']}"
    new = parse_qs(url.query)["t"][0]
    assert new != old and len(new) == 8
    phone = app.test_client()
    refused = phone.post("/api/v1/join", json={"join_code": workshop["join_code"], "name": "Ani", "group": "opd",
                                               "ticket": old})
    assert refused.status_code == 400 and refused.get_json()["error"]["code"] == "invalid_ticket"
    joined = phone.post("/api/v1/join", json={"join_code": workshop["join_code"], "name": "Ani", "group": "opd",
                                              "ticket": new})
    assert joined.status_code == 201, joined.get_json()
    # The others' badges still work.
    other = app.test_client().post("/api/v1/join", json={"join_code": workshop["join_code"], "name": "Bayu",
                                                         "group": "opd", "ticket": people[1]["ticket"]})
    assert other.status_code == 201
    log = api.get(f"/api/v1/workshops/{workshop['id']}/moderation-log").get_json()["entries"]
    assert [e["detail"]["issue"] for e in log if e["action"] == "badge_reissued"] == [2]


def test_who_may_tick_and_reissue(app, api):
    workshop = api.workshop()
    wid = workshop["id"]
    table_a = api.post(f"/api/v1/workshops/{wid}/tables", {"name": "Meja A"}).get_json()
    table_b = api.post(f"/api/v1/workshops/{wid}/tables", {"name": "Meja B"}).get_json()
    at_a, at_b_person, nowhere = invite(app, wid, [("Ani", "opd", "A", table_a["id"]), ("Bayu", "opd", "B", table_b["id"]),
                                                   ("Citra", "umkm", "C")])
    whole = Api(app, app.test_client(), email="wakil@kominfo.go.id")
    coordinator = Api(app, app.test_client(), email="meja.a@kominfo.go.id")
    stranger = Api(app, app.test_client(), email="lain@kominfo.go.id")
    for account, table_id in ((whole, None), (coordinator, table_a["id"])):
        assert api.post(f"/api/v1/workshops/{wid}/facilitators",
                        {"email": account.email, "table_id": table_id}).status_code == 201
    tick = lambda who, person: who.post(f"/api/v1/invitations/{person['id']}/check-in").status_code  # noqa: E731
    reissue = lambda who, person: who.post(f"/api/v1/invitations/{person['id']}/reissue").status_code  # noqa: E731
    # A table's co-facilitator ticks the people of their table only, and reissues nothing.
    assert tick(coordinator, at_a) == 200
    assert tick(coordinator, at_b_person) == 403 and tick(coordinator, nowhere) == 403
    assert reissue(coordinator, at_a) == 403
    assert coordinator.get(f"/api/v1/workshops/{wid}/badges.pdf").status_code == 403
    # ... and sees their table's people and figures.
    seen = coordinator.get(f"/api/v1/workshops/{wid}/attendance").get_json()
    assert [p["name"] for p in seen["invitations"]] == ["Ani"] and seen["present"] == 1
    assert seen["can_reissue"] is False and [t["id"] for t in seen["tables"]] == [table_a["id"]]
    # Whole-workshop co-facilitator and lead: everyone.
    assert tick(whole, at_b_person) == 200 and tick(whole, nowhere) == 200 and reissue(whole, nowhere) == 200
    assert reissue(api, at_a) == 200
    assert tick(stranger, at_a) == 403 and reissue(stranger, at_a) == 403
    assert stranger.get(f"/api/v1/workshops/{wid}/attendance").status_code == 403
    assert api.post("/api/v1/invitations/999999/check-in").status_code == 404
    assert app.test_client().post(f"/api/v1/invitations/{at_a['id']}/check-in").status_code == 401


def test_the_lock_refuses_a_tick(api, listed):
    workshop, people = listed
    assert api.post(f"/api/v1/workshops/{workshop['id']}/close").status_code == 200
    refused = api.post(f"/api/v1/invitations/{people[0]['id']}/check-in")
    assert refused.status_code == 409 and refused.get_json()["error"]["code"] == "workshop_closed"


def test_the_board_shows_who_is_present_per_group(app, api, connect):
    workshop = api.workshop()
    wid = workshop["id"]
    plain = api.workshop("Tanpa undangan")
    table = api.post(f"/api/v1/workshops/{wid}/tables", {"name": "Meja 1"}).get_json()
    people = invite(app, wid, [("Ani", "opd", "A", table["id"]), ("Bayu", "opd", "B"), ("Citra", "umkm", "C")])
    board = connect(api.token)
    first = board.emit("board:watch", {"workshop_id": wid}, callback=True)["update"]
    assert first["attendance"] == {"invited": 3, "present": 0, "absent": 3, "groups": [
        {"key": "opd", "label": "OPD", "invited": 2, "present": 0, "absent": 2},
        {"key": "umkm", "label": "UMKM", "invited": 1, "present": 0, "absent": 1}]}
    at_table = connect(api.token)
    table_first = at_table.emit("board:watch", {"table_id": table["id"]}, callback=True)["update"]
    assert table_first["attendance"]["groups"] == [{"key": "opd", "label": "OPD", "invited": 1, "present": 0,
                                                    "absent": 1}]
    # No invitation list, no line.
    assert "attendance" not in board.emit("board:watch", {"workshop_id": plain["id"]}, callback=True)["update"]
    board.get_received(), at_table.get_received()
    assert api.post(f"/api/v1/invitations/{people[0]['id']}/check-in").status_code == 200
    broadcaster.flush()
    update = [u for u in events(board, "board:update") if u["workshop_id"] == wid][-1]
    assert update["attendance"]["present"] == 1 and update["attendance"]["groups"][0]["present"] == 1
    assert events(at_table, "board:update")[-1]["attendance"]["groups"][0]["present"] == 1


def test_the_console_mounts_the_attendance_panel(app, api, listed):
    workshop, _people = listed
    client = login(app, api)
    html = client.get(f"/console/workshops/{workshop['id']}").get_data(as_text=True)
    assert 'id="attendance-panel"' in html and f"/api/v1/workshops/{workshop['id']}/badges.pdf" in html
    client.set_cookie("lang", "id")
    html = client.get(f"/console/workshops/{workshop['id']}").get_data(as_text=True)
    assert "Cetak badge" in html and "Kehadiran" in html
