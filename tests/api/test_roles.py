"""The permission matrix of issue 11: lead, whole-workshop co-facilitator, table co-facilitator,
another facilitator and a participant, over every route of the URL map and the board events.

The rules live in workshop/services/access.py; this test states them again from the outside.
"""
import re

import pytest

from ..attendance_helpers import invite
from ..conftest import Api
from .test_authorization import api_routes

LEAD_ONLY = {("POST", "/api/v1/workshops/<int:workshop_id>/facilitators"),
             ("DELETE", "/api/v1/workshops/<int:workshop_id>/facilitators/<int:facilitator_id>"),
             ("POST", "/api/v1/workshops/<int:workshop_id>/close"),
             ("POST", "/api/v1/workshops/<int:workshop_id>/reopen"),
             ("DELETE", "/api/v1/participants/<int:participant_id>")}
# Any facilitator of the workshop, a table co-facilitator included.
SEEN_BY_ALL = {("GET", "/api/v1/workshops/<int:workshop_id>"),
               ("GET", "/api/v1/workshops/<int:workshop_id>/tables"),
               ("GET", "/api/v1/workshops/<int:workshop_id>/facilitators"),
               # Their table's people and figures only (test_attendance.py).
               ("GET", "/api/v1/workshops/<int:workshop_id>/attendance"),
               # A table co-facilitator: the people invited to their table (services/invitations.py).
               ("GET", "/api/v1/workshops/<int:workshop_id>/invitations")}
# A table co-facilitator ticks the people invited to their own table.
TABLE_PEOPLE = {("POST", "/api/v1/invitations/<int:invitation_id>/check-in")}


def session_route(rule: str) -> bool:
    """Routes about one session or one of its proposals: a table co-facilitator's if it is their table's."""
    return rule.startswith(("/api/v1/sessions/", "/api/v1/proposals/"))


@pytest.fixture
def tables_world(app, api, connect):
    """A workshop with tables A and B, a plenary session and one session per table (each with a
    proposal from a phone seated there), a whole-workshop and a table-A co-facilitator."""
    workshop = api.workshop()
    wid = workshop["id"]
    table_a = api.post(f"/api/v1/workshops/{wid}/tables", {"name": "Meja A", "dimension": "economy"}).get_json()
    table_b = api.post(f"/api/v1/workshops/{wid}/tables", {"name": "Meja B"}).get_json()
    plenary = api.session(wid, "Pleno")
    ids = {}
    for key, table in (("a", table_a), ("b", table_b)):
        session = api.session(wid, f"Sesi {table['name']}", table_id=table["id"])
        api.phase(session["id"], "collect")
        phone = api.client.post("/api/v1/join", json={"join_code": workshop["join_code"], "name": f"Peserta {key}",
                                                      "group": "opd", "table_id": table["id"]}).get_json()
        ack = connect(phone["token"]).emit("proposal:submit", {
            "session_id": session["id"], "title": f"Program {key}", "dimension": "economy", "client_id": "1"},
            callback=True)
        assert ack["ok"], ack
        ids[key] = {"workshop_id": wid, "session_id": session["id"], "proposal_id": ack["proposal"]["id"],
                    "table_id": table["id"], "participant_id": phone["participant_id"]}
    whole = Api(app, app.test_client(), email="wakil@kominfo.go.id")
    at_a = Api(app, app.test_client(), email="meja.a@kominfo.go.id")
    spare = Api(app, app.test_client(), email="cadangan@kominfo.go.id")
    for account, table_id in ((whole, None), (at_a, table_a["id"]), (spare, None)):
        response = api.post(f"/api/v1/workshops/{wid}/facilitators", {"email": account.email, "table_id": table_id})
        assert response.status_code == 201, response.get_json()
    spare_id = response.get_json()["facilitator_id"]
    doomed = api.join(workshop["join_code"], name="Akan dihapus")["participant_id"]
    # An invited person at each table (issue 14: check-in, badges).
    for key, person in zip(("a", "b"), invite(app, wid, [("Undangan A", "opd", "A", table_a["id"]),
                                                         ("Undangan B", "opd", "B", table_b["id"])])):
        ids[key]["invitation_id"] = person["id"]
    # A question for the speakers: workshop-wide, so the whole-workshop roles' (RUN), not a table's.
    asker = api.join(workshop["join_code"], name="Penanya")
    question = connect(asker["token"]).emit("question:ask", {"workshop_id": wid, "text": "Pertanyaan uji?"},
                                            callback=True)["question"]
    for key in ("a", "b"):
        ids[key].update(facilitator_id=spare_id, participant_id=doomed, question_id=question["id"])
    return {"workshop": workshop, "plenary": plenary, "ids": ids, "whole": whole, "at_a": at_a,
            "stranger": Api(app, app.test_client(), email="lain@kominfo.go.id"), "tables": (table_a, table_b)}


def call(client, method, rule, ids, headers):
    url = re.sub(r"<(?:int:)?(\w+)>", lambda m: str(ids[m.group(1)]), rule)
    return getattr(client, method.lower())(url, json={} if method != "GET" else None, headers=headers)


def test_every_route_by_role(app, api, tables_world):
    w = tables_world
    client = app.test_client()
    routes = list(api_routes(app))
    assert len(routes) >= 35
    for method, rule in routes:
        if "<" not in rule:
            continue
        for key in ("a", "b"):  # the table co-facilitator's own table, then another one
            ids = w["ids"][key]
            if rule in ("/api/v1/tables/<int:table_id>",) or session_route(rule):
                at_a_may = session_route(rule) and key == "a"
            elif (method, rule) in TABLE_PEOPLE:
                at_a_may = key == "a"
            else:
                at_a_may = (method, rule) in SEEN_BY_ALL
            whole_may = (method, rule) not in LEAD_ONLY
            answers = {name: call(client, method, rule, ids, w[name].headers).status_code
                       for name in ("stranger", "at_a", "whole")}
            assert answers["stranger"] == 403, (method, rule, "another facilitator")
            for name, may in (("at_a", at_a_may), ("whole", whole_may)):
                if may:
                    assert answers[name] not in (401, 403, 500), (method, rule, key, name, answers[name])
                else:
                    assert answers[name] == 403, (method, rule, key, name, answers[name])
        lead = call(client, method, rule, ids, api.headers)  # last: it may remove what the others tried
        assert lead.status_code not in (401, 403, 500), (method, rule, "lead", lead.get_data(as_text=True)[:200])


def test_a_table_co_facilitator_runs_their_table_only(app, api, tables_world):
    w = tables_world
    at_a, (table_a, table_b) = w["at_a"], w["tables"]
    wid = w["workshop"]["id"]
    made = at_a.post(f"/api/v1/workshops/{wid}/sessions", {"title": "Putaran 2", "table_id": table_a["id"]})
    assert made.status_code == 201 and made.get_json()["table_id"] == table_a["id"]
    for body in ({"title": "Di meja lain", "table_id": table_b["id"]}, {"title": "Pleno"}):
        refused = at_a.post(f"/api/v1/workshops/{wid}/sessions", body)
        assert refused.status_code == 403 and refused.get_json()["error"]["code"] == "forbidden"
    assert at_a.post(f"/api/v1/sessions/{w['plenary']['id']}/phase", {"phase": "collect"}).status_code == 403
    # Their view of the workshop lists their table's sessions only, and the workshop in their list.
    seen = at_a.get(f"/api/v1/workshops/{wid}").get_json()
    assert {s["table_id"] for s in seen["sessions"]} == {table_a["id"]}
    assert [t["name"] for t in seen["tables"]] == ["Meja A", "Meja B"] and seen["mode"] == "plenary"
    assert [x["id"] for x in at_a.get("/api/v1/workshops").get_json()["workshops"]] == [wid]
    # Carry-over from another table's session into theirs is refused too.
    carried = at_a.post(f"/api/v1/sessions/{made.get_json()['id']}/carry",
                        {"from_session_ids": [w["ids"]["b"]["session_id"]]})
    assert carried.status_code == 403


def test_the_log_names_who_did_what(api, tables_world):
    w = tables_world
    at_a = w["at_a"]
    session_id = w["ids"]["a"]["session_id"]
    assert at_a.post(f"/api/v1/sessions/{session_id}/phase", {"phase": "review"}).status_code == 200
    entries = api.get(f"/api/v1/workshops/{w['workshop']['id']}/moderation-log").get_json()["entries"]
    phase = [e for e in entries if e["action"] == "phase" and e["session_id"] == session_id][-1]
    assert phase["by"] == "meja.a@kominfo.go.id" and phase["by_name"] == "Budi"
    added = [e for e in entries if e["action"] == "facilitator_added"]
    assert len(added) == 3 and all(e["by"] == api.email for e in added)


def test_board_watch_by_role(api, tables_world, connect):
    w = tables_world
    ids_a, ids_b = w["ids"]["a"], w["ids"]["b"]
    lead, whole, at_a, stranger = (connect(x.token) for x in (api, w["whole"], w["at_a"], w["stranger"]))
    cases = [({"workshop_id": ids_a["workshop_id"]}, {lead, whole}),
             ({"table_id": ids_a["table_id"]}, {lead, whole, at_a}),
             ({"table_id": ids_b["table_id"]}, {lead, whole}),
             ({"session_id": ids_a["session_id"]}, {lead, whole, at_a}),
             ({"session_id": ids_b["session_id"]}, {lead, whole}),
             ({"session_id": w["plenary"]["id"]}, {lead, whole})]
    for payload, admitted in cases:
        for sio in (lead, whole, at_a, stranger):
            ack = sio.emit("board:watch", payload, callback=True)
            if sio in admitted:
                assert ack["ok"] is True, (payload, ack)
            else:
                assert ack["error"]["code"] == "forbidden", (payload, ack)
    update = at_a.emit("board:watch", {"table_id": ids_a["table_id"]}, callback=True)["update"]
    assert update["table_id"] == ids_a["table_id"] and update["table"]["name"] == "Meja A"
    assert update["session_id"] == ids_a["session_id"] and update["participants"]["total"] == 1


def test_facilitators_are_managed_by_the_lead(api, tables_world):
    w = tables_world
    wid = w["workshop"]["id"]
    missing = api.post(f"/api/v1/workshops/{wid}/facilitators", {"email": "tidak.ada@kominfo.go.id"})
    assert missing.status_code == 404
    assert api.post(f"/api/v1/workshops/{wid}/facilitators", {"email": api.email}).get_json()["error"]["code"] \
        == "already_lead"
    wrong = api.post(f"/api/v1/workshops/{wid}/facilitators", {"email": w["whole"].email, "table_id": 999})
    assert wrong.status_code == 400 and wrong.get_json()["error"]["code"] == "unknown_table"
    listed = w["whole"].get(f"/api/v1/workshops/{wid}/facilitators").get_json()
    assert listed["lead"]["email"] == api.email
    assert {f["email"]: f["table_id"] for f in listed["facilitators"]} == {
        "wakil@kominfo.go.id": None, "meja.a@kominfo.go.id": w["tables"][0]["id"], "cadangan@kominfo.go.id": None}
    at_a_id = next(f["facilitator_id"] for f in listed["facilitators"] if f["email"] == "meja.a@kominfo.go.id")
    assert w["whole"].client.delete(f"/api/v1/workshops/{wid}/facilitators/{at_a_id}",
                                    headers=w["whole"].headers).status_code == 403
    removed = api.client.delete(f"/api/v1/workshops/{wid}/facilitators/{at_a_id}", headers=api.headers)
    assert removed.status_code == 200 and removed.get_json() == {"removed": at_a_id}
    assert w["at_a"].get(f"/api/v1/workshops/{wid}").status_code == 403
    assert api.client.delete(f"/api/v1/workshops/{wid}/facilitators/{at_a_id}",
                             headers=api.headers).status_code == 404


def test_hiding_a_participants_proposals_follows_the_session_rights(app, api, tables_world):
    """The lead and a whole-workshop co-facilitator hide everywhere; a table co-facilitator only in
    their table's sessions and only for someone of their table; removal stays the lead's."""
    w = tables_world
    a, b = w["ids"]["a"], w["ids"]["b"]
    author_a, author_b = (api.get(f"/api/v1/sessions/{ids['session_id']}/proposals").get_json()["proposals"][0]
                          ["participant_id"] for ids in (a, b))
    # The table-A co-facilitator: table B's author is not theirs.
    refused = w["at_a"].post(f"/api/v1/participants/{author_b}/hide-proposals", {})
    assert refused.status_code == 403 and refused.get_json()["error"]["code"] == "forbidden"
    done = w["at_a"].post(f"/api/v1/participants/{author_a}/hide-proposals", {"hidden_reason": "banjir"})
    assert done.status_code == 200 and done.get_json() == {"participant_id": author_a, "hidden": [a["proposal_id"]]}
    shown = api.get(f"/api/v1/sessions/{a['session_id']}/proposals").get_json()["proposals"][0]
    assert shown["status"] == "hidden" and shown["hidden_reason"] == "banjir"
    # Table B's author moves to table A: now theirs, but the proposal in table B's session is not.
    assert api.client.patch(f"/api/v1/participants/{author_b}", json={"table_id": a["table_id"]},
                            headers=api.headers).status_code == 200
    done = w["at_a"].post(f"/api/v1/participants/{author_b}/hide-proposals", {})
    assert done.status_code == 200 and done.get_json() == {"participant_id": author_b, "hidden": []}
    assert api.get(f"/api/v1/sessions/{b['session_id']}/proposals").get_json()["proposals"][0]["status"] == "active"
    assert w["at_a"].client.delete(f"/api/v1/participants/{author_a}", headers=w["at_a"].headers).status_code == 403
    assert w["whole"].client.delete(f"/api/v1/participants/{author_a}", headers=w["whole"].headers).status_code == 403
    done = w["whole"].post(f"/api/v1/participants/{author_b}/hide-proposals", {})
    assert done.status_code == 200 and done.get_json()["hidden"] == [b["proposal_id"]]
    removed = api.client.delete(f"/api/v1/participants/{author_b}?proposals=hide", headers=api.headers)
    assert removed.status_code == 200 and removed.get_json() == {"removed": author_b, "proposals_hidden": []}
