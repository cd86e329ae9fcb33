"""The AsyncAPI description of the Socket.IO events: well formed, and true of real traffic.

Every event and ack of the whole suite is checked by the `socket_contract` plugin
(tests/contract/socket_contract.py); the flow here makes sure the shapes the other tests may not
reach are seen too: all four methods, revealed and board-hidden results, merges, a timer, no
current session, refusals.
"""
import json

import pytest
from jsonschema import Draft202012Validator

from workshop.api.asyncapi import ASYNCAPI
from workshop.errors import RembukError
from workshop.extensions import socketio
from workshop.live import handlers
from workshop.live.broadcast import broadcaster

from ..conftest import events
from .contract import problems
from .socket_contract import check, checked


def _refs(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref":
                yield value
            else:
                yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


def _resolve(pointer: str):
    node = ASYNCAPI
    for part in pointer.removeprefix("#/").split("/"):
        node = node[part]
    return node


def test_the_document_is_asyncapi_3_with_every_reference_resolved():
    assert ASYNCAPI["asyncapi"] == "3.0.0"
    for pointer in set(_refs(ASYNCAPI)):
        assert pointer.startswith("#/") and _resolve(pointer) is not None, pointer
    channel = ASYNCAPI["channels"]["default"]
    names = {message["name"] for message in channel["messages"].values()}
    assert {"session:state", "board:update", "proposal:submit", "ballot:cast", "board:watch",
            "board:unwatch"} <= names
    for operation in ASYNCAPI["operations"].values():
        assert operation["action"] in ("send", "receive")
        assert operation["channel"] == {"$ref": "#/channels/default"}
    for name, schema in ASYNCAPI["components"]["schemas"].items():
        Draft202012Validator.check_schema(schema)
    json.dumps(ASYNCAPI)  # plain data


def test_every_handled_event_is_described():
    handled = {handler[0] for handler in socketio.handlers}  # (event, function, namespace)
    described = {message["name"] for message in ASYNCAPI["channels"]["default"]["messages"].values()}
    assert handled - {"connect", "disconnect"} <= described


def test_the_checker_refuses_a_wrong_payload():
    with pytest.raises(AssertionError, match="SessionState"):
        check("SessionState", {"session_id": None, "title": None}, "a broken snapshot")
    assert problems("BallotCastAck", {"ok": True, "ballot": {"dots": {"1": 2}}, "remaining": 3}) == []
    assert problems("BallotCastAck", {"ok": True, "ballot": {"dots": {"1": -2}}, "remaining": 3})


def test_a_refused_connection_matches_connect_error():
    refusal = handlers._refuse()
    check("ConnectError", {"message": refusal.error_args["message"], "data": refusal.error_args["data"]},
          "connect_error")
    refusal = handlers._refuse("server_error")
    check("ConnectError", {"message": refusal.error_args["message"], "data": refusal.error_args["data"]},
          "connect_error")


@pytest.mark.parametrize("method, ballot_of", [
    ("dots", lambda ids: {"dots": {str(ids[0]): 2, str(ids[1]): 1}}),
    ("points", lambda ids: {"points": {str(ids[0]): 60, str(ids[1]): 40}}),
    ("score", lambda ids: {"scores": {str(ids[0]): {"dampak": 5, "urgensi": None}, str(ids[1]): {"biaya": 2}}}),
    ("rank", lambda ids: {"ranking": [ids[1], ids[0]]}),
])
def test_a_whole_session_produces_only_described_payloads(app, api, connect, method, ballot_of):
    before = dict(checked)
    workshop = api.workshop()
    phone = connect(api.join(workshop["join_code"])["token"])
    # A phone that opted in to the shared proposal list (protocol §7.2a): its small states, the lists.
    shared = connect(api.join(workshop["join_code"], name="Rina")["token"], shared=True)
    board = connect(api.token)
    assert board.emit("board:watch", {"workshop_id": workshop["id"]}, callback=True)["ok"]  # no current session
    session = api.session(workshop["id"], method=method)
    api.phase(session["id"], "collect")
    ids = []
    for number, title in enumerate(("Wifi gratis di balai desa", "Pasar daring UMKM", "Layanan izin daring")):
        ack = phone.emit("proposal:submit", {"session_id": session["id"], "title": title, "dimension": "living",
                                             "client_id": f"c{number}", "horizon": 5, "quick_win": True},
                         callback=True)
        ids.append(ack["proposal"]["id"])
    assert phone.emit("proposal:submit", {"session_id": session["id"], "title": "x"}, callback=True)["ok"] is False
    assert shared.emit("proposal:submit", {"session_id": session["id"], "title": "Bank sampah digital",
                                           "dimension": "environment", "client_id": "r1"}, callback=True)["ok"]
    shared.get_received()
    api.phase(session["id"], "review")
    assert api.post(f"/api/v1/proposals/{ids[2]}/merge", {"into": ids[0]}).status_code == 200
    assert api.post(f"/api/v1/sessions/{session['id']}/reveal", {"revealed": False, "board_hidden": True}).status_code == 200
    api.phase(session["id"], "vote")
    assert api.post(f"/api/v1/sessions/{session['id']}/timer", {"action": "start", "seconds": 60}).status_code == 200
    assert phone.emit("ballot:cast", {"session_id": session["id"], "ballot": ballot_of(ids)}, callback=True)["ok"]
    assert phone.emit("ballot:cast", {"session_id": session["id"], "ballot": {"nope": {}}}, callback=True)["ok"] is False
    assert board.emit("board:watch", {"session_id": session["id"]}, callback=True)["update"]["results_hidden"]
    with app.app_context():
        broadcaster.flush()
    api.phase(session["id"], "closed")  # revealed: phones get results
    with app.app_context():
        broadcaster.flush()
    assert board.emit("board:unwatch", {"session_id": session["id"]}, callback=True) == {"ok": True}
    states = events(phone, "session:state")
    assert any("results" in state for state in states)
    received = shared.get_received()
    assert any("results" in p["args"][0] for p in received if p["name"] == "session:proposals")
    assert all("proposals_version" in p["args"][0] for p in received if p["name"] == "session:state")
    assert shared.emit("proposals:list", {}, callback=True)["shared"]["results"]
    assert events(board, "board:update")
    for schema in ("SessionState", "BoardUpdate", "ProposalSubmitAck", "BallotCastAck", "BoardWatchAck",
                   "BoardUnwatchAck", "ProposalSubmit", "BallotCast", "SessionProposals", "ProposalsListAck"):
        assert checked.get(schema, 0) > before.get(schema, 0), schema


def test_refusals_of_the_wrong_kind_of_client_match_the_ack_schema(api, connect):
    workshop = api.workshop()
    board = connect(api.token)
    ack = board.emit("proposal:submit", {"session_id": 1, "title": "Program", "dimension": "living"}, callback=True)
    assert ack["error"]["code"] == RembukError("forbidden").code
    phone = connect(api.join(workshop["join_code"])["token"])
    assert phone.emit("board:watch", {"workshop_id": workshop["id"]}, callback=True)["ok"] is False
    assert phone.emit("board:unwatch", "not an object", callback=True)["ok"] is False
