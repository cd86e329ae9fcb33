"""Pytest plugin: every Socket.IO event and ack that a test sees is checked against the AsyncAPI schemas.

Loaded for the whole suite from tests/conftest.py, it wraps flask_socketio's test client: each ack
of a client event must match that event's ack schema, an event accepted (`ok: true`) must have
matched its request schema, and every `session:state` and `board:update` a test reads must match
theirs. A mismatch fails the test that produced it, so the flows of tests/live and tests/api are
the examples the description is checked with.
"""
from __future__ import annotations

import pytest
from flask_socketio import SocketIOTestClient

from .contract import problems

CLIENT_EVENTS = {"proposal:submit": ("ProposalSubmit", "ProposalSubmitAck"),
                 "proposal:similar": ("ProposalSimilar", "ProposalSimilarAck"),
                 "ballot:cast": ("BallotCast", "BallotCastAck"),
                 "board:watch": ("BoardWatch", "BoardWatchAck"),
                 "board:unwatch": ("BoardWatch", "BoardUnwatchAck"),
                 "question:ask": ("QuestionAsk", "QuestionAskAck"),
                 "question:vote": ("QuestionVote", "QuestionVoteAck"),
                 "question:list": ("QuestionListRequest", "QuestionListAck"),
                 "proposals:list": ("ProposalsListRequest", "ProposalsListAck")}
SERVER_EVENTS = {"session:state": "SessionState", "session:proposals": "SessionProposals",
                 "board:update": "BoardUpdate",
                 "questions:update": "QuestionsUpdate"}

checked: dict[str, int] = {}


def check(schema: str, instance, what: str) -> None:
    """Fail with the reasons when `instance` does not match `schema`."""
    found = problems(schema, instance)
    assert not found, f"{what} does not match the AsyncAPI schema {schema}:\n" + "\n".join(found[:10])
    checked[schema] = checked.get(schema, 0) + 1


def _replayed(client, event: str, ack: dict) -> bool:
    """A `proposal:submit` answered with a proposal this client already had: a `client_id` replay, which
    is accepted whatever its other fields say (protocol §7.3), so it is no example of the request."""
    if event not in ("proposal:submit", "question:ask"):
        return False
    seen = client.__dict__.setdefault("_contract_" + event, set())
    key = ack["proposal" if event == "proposal:submit" else "question"]["id"]
    if key in seen:
        return True
    seen.add(key)
    return False


@pytest.fixture(autouse=True, scope="session")
def socket_contract():
    """Wrap the Socket.IO test client for the whole session."""
    emit, get_received = SocketIOTestClient.emit, SocketIOTestClient.get_received

    def checked_emit(self, event, *args, **kwargs):
        ack = emit(self, event, *args, **kwargs)
        if kwargs.get("callback") and event in CLIENT_EVENTS:
            request, reply = CLIENT_EVENTS[event]
            check(reply, ack, f"the ack of {event}")
            if isinstance(ack, dict) and ack.get("ok") and args and not _replayed(self, event, ack):
                check(request, args[0], f"the accepted {event} payload")
        return ack

    def checked_get_received(self, namespace=None):
        packets = get_received(self, namespace)
        for packet in packets:
            if packet["name"] in SERVER_EVENTS:
                check(SERVER_EVENTS[packet["name"]], packet["args"][0], packet["name"])
        return packets

    SocketIOTestClient.emit, SocketIOTestClient.get_received = checked_emit, checked_get_received
    yield checked
    SocketIOTestClient.emit, SocketIOTestClient.get_received = emit, get_received
