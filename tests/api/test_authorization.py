"""The authorization matrix: every facilitator endpoint and socket event, tried by everyone.

Routes are read from the app's URL map, so an endpoint added later is covered too.
"""
import re

import pytest

from ..attendance_helpers import invite
from ..conftest import Api

PUBLIC = {"/api/v1/join", "/api/v1/openapi.json", "/api/v1/asyncapi.json"}


def api_routes(app):
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/v1/") and rule.rule not in PUBLIC:
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                yield method, rule.rule


@pytest.fixture
def world(app, api, connect):
    workshop = api.workshop()
    session = api.session(workshop["id"])
    api.phase(session["id"], "collect")
    phone = api.join(workshop["join_code"])
    sio = connect(phone["token"])
    proposal = sio.emit("proposal:submit", {
        "session_id": session["id"], "title": "Program uji", "dimension": "society", "client_id": "1"},
        callback=True)["proposal"]
    question = sio.emit("question:ask", {"workshop_id": workshop["id"], "text": "Pertanyaan uji?"},
                        callback=True)["question"]
    table = api.post(f"/api/v1/workshops/{workshop['id']}/tables", {"name": "Meja 1"}).get_json()
    helper = Api(app, app.test_client(), email="meja@kominfo.go.id")
    added = api.post(f"/api/v1/workshops/{workshop['id']}/facilitators", {"email": helper.email})
    assert added.status_code == 201, added.get_json()
    ids = {"workshop_id": workshop["id"], "session_id": session["id"], "proposal_id": proposal["id"],
           "participant_id": phone["participant_id"], "table_id": table["id"],
           "facilitator_id": added.get_json()["facilitator_id"], "question_id": question["id"],
           "invitation_id": invite(app, workshop["id"], [("Undangan", "opd", "Dinas")])[0]["id"]}
    other = Api(app, app.test_client(), email="lain@kominfo.go.id")
    return {"ids": ids, "phone_token": phone["token"], "other": other}


def test_every_facilitator_endpoint_admits_only_the_owner(app, api, world):
    routes = list(api_routes(app))
    assert len(routes) >= 15
    client = app.test_client()
    for method, rule in routes:
        url = re.sub(r"<(?:int:)?(\w+)>", lambda m: str(world["ids"][m.group(1)]), rule)
        call = getattr(client, method.lower())
        body = {} if method != "GET" else None
        assert call(url, json=body).status_code == 401, (method, url, "no token")
        participant = call(url, json=body, headers={"Authorization": f"Bearer {world['phone_token']}"})
        assert participant.status_code == 401, (method, url, "participant token")
        stranger = call(url, json=body, headers=world["other"].headers)
        if "<" in rule:  # a route about someone's workshop, session or proposal
            assert stranger.status_code == 403, (method, url, "another facilitator")
        else:  # creating or listing one's own workshops
            assert stranger.status_code not in (401, 403, 500), (method, url, "another facilitator")
        owner = call(url, json=body, headers=api.headers)
        assert owner.status_code not in (401, 403, 500), (method, url, "owner", owner.get_data(as_text=True)[:200])


def test_socket_events_by_role(api, world, connect):
    ids = world["ids"]
    phone = connect(world["phone_token"])
    stranger = connect(world["other"].token)
    owner = connect(api.token)
    for event, payload in [("board:watch", {"workshop_id": ids["workshop_id"]}),
                           ("board:watch", {"session_id": ids["session_id"]})]:
        assert phone.emit(event, payload, callback=True)["error"]["code"] == "forbidden"
        assert stranger.emit(event, payload, callback=True)["error"]["code"] == "forbidden"
        assert owner.emit(event, payload, callback=True)["ok"] is True
    for event, payload in [("proposal:submit", {"session_id": ids["session_id"], "title": "Program",
                                                "dimension": "society", "client_id": "2"}),
                           ("ballot:cast", {"session_id": ids["session_id"], "ballot": {"dots": {}}})]:
        for facilitator in (stranger, owner):
            assert facilitator.emit(event, payload, callback=True)["error"]["code"] == "forbidden"
    assert connect("made-up-token").is_connected() is False
