"""An invited person who joins with the plain join code, typing their own name, unsur and
instansi instead of scanning the badge, is that invitation, not a walk-in: counted once in the
attendance figures and the representation (open workshops only; strict ones join with tickets)."""
from __future__ import annotations

from workshop.extensions import db
from workshop.models import Invitation

from ..attendance_helpers import invite

PEOPLE = [("Ani Rahayu", "opd", "Dinkominfo"), ("Citra Dewi", "umkm", "Batik Citra")]


def view(api, workshop_id):
    return api.get(f"/api/v1/workshops/{workshop_id}/attendance").get_json()


def test_ticked_then_joined_by_name_counts_once(app, api):
    workshop = api.workshop()
    ani, _citra = invite(app, workshop["id"], PEOPLE)
    ticked = api.post(f"/api/v1/invitations/{ani['id']}/check-in").get_json()
    # Case and spacing aside, as the list's match key compares them.
    phone = api.join(workshop["join_code"], name="ani  rahayu", group="opd", organization="DINKOMINFO")
    figures = view(api, workshop["id"])
    assert (figures["invited"], figures["present"], figures["walk_ins"]) == (2, 1, 0)
    linked = next(p for p in figures["invitations"] if p["id"] == ani["id"])
    assert linked["participant_id"] == phone["participant_id"]
    assert linked["checked_in_at"] == ticked["checked_in_at"]  # the first time is kept
    data = api.get(f"/api/v1/workshops/{workshop['id']}/export.json").get_json()
    assert [p["invited"] for p in data["attendance"]] == [True]  # the phone is the invited person


def test_joined_by_name_without_a_tick_is_present(app, api):
    workshop = api.workshop()
    _ani, citra = invite(app, workshop["id"], PEOPLE)
    phone = api.join(workshop["join_code"], name="Citra Dewi", group="umkm", organization="Batik Citra")
    figures = view(api, workshop["id"])
    assert (figures["present"], figures["walk_ins"]) == (1, 0)
    with app.app_context():
        row = db.session.get(Invitation, citra["id"])
        assert row.participant_id == phone["participant_id"] and row.checked_in_at is not None


def test_anything_else_stays_a_walk_in(app, api):
    workshop = api.workshop()
    ani, _citra = invite(app, workshop["id"], PEOPLE)
    code = workshop["join_code"]
    api.join(code, name="Ani Rahayu", group="umkm", organization="Dinkominfo")    # another unsur
    api.join(code, name="Ani Rahayu", group="opd", organization="Bappeda")        # another instansi
    api.join(code, name="Ani", group="opd", organization="Dinkominfo")            # not the whole name
    first = api.join(code, name="Ani Rahayu", group="opd", organization="Dinkominfo")
    second = api.join(code, name="Ani Rahayu", group="opd", organization="Dinkominfo")  # already linked
    figures = view(api, workshop["id"])
    assert (figures["present"], figures["walk_ins"]) == (1, 4)
    linked = next(p for p in figures["invitations"] if p["id"] == ani["id"])
    assert linked["participant_id"] == first["participant_id"] != second["participant_id"]


def test_a_strict_workshop_links_by_ticket_only(app, api):
    workshop = api.workshop(strict=True)
    ani, _citra = invite(app, workshop["id"], PEOPLE)
    printed = api.post(f"/api/v1/workshops/{workshop['id']}/tickets", {"labels": ["Ani"]}).get_json()["tickets"][0]
    joined = app.test_client().post("/api/v1/join", json={"join_code": workshop["join_code"], "name": "Ani Rahayu",
                                                           "group": "opd", "organization": "Dinkominfo",
                                                           "ticket": printed["code"]})
    assert joined.status_code == 201
    figures = view(api, workshop["id"])
    assert (figures["present"], figures["walk_ins"]) == (0, 1)
