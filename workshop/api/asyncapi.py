"""The AsyncAPI 3.0 description of the Socket.IO events, as data, served at /api/v1/asyncapi.json.

The application described is the Rembuk server: `send` operations are events it emits
(`session:state`, `board:update`), `receive` operations are events clients emit, with the ack
as the reply. Payload schemas are the shared ones of `schemas.py`; tests/contract validates
every event and ack the Socket.IO test flows produce against them.
"""
from .schemas import SCHEMAS

CHANNEL = {"$ref": "#/channels/default"}


def _message(event: str, schema: str, summary: str) -> dict:
    return {"name": event, "title": event, "summary": summary, "contentType": "application/json",
            "payload": {"$ref": f"#/components/schemas/{schema}"}}


MESSAGES = {
    "sessionState": _message("session:state", "SessionState",
                             "A phone's full snapshot; each replaces the last (protocol §7.2)."),
    "sessionProposals": _message("session:proposals", "SessionProposals",
                                 "The shared proposal list of the session phones follow, to phones that opted in, "
                                 "when it changed (protocol §7.2a)."),
    "proposalsList": _message("proposals:list", "ProposalsListRequest",
                              "A phone that opted in asks for the shared list again (protocol §7.2a)."),
    "proposalsListAck": _message("proposals:list ack", "ProposalsListAck",
                                 "The shared list of the session the phone follows (null: none), or the error."),
    "boardUpdate": _message("board:update", "BoardUpdate",
                            "A watching board's full payload, coalesced (protocol §7.6)."),
    "proposalSubmit": _message("proposal:submit", "ProposalSubmit", "A phone sends a proposal (protocol §7.3)."),
    "proposalSubmitAck": _message("proposal:submit ack", "ProposalSubmitAck", "The stored proposal, or the error."),
    "proposalSimilar": _message("proposal:similar", "ProposalSimilar",
                                "A phone asks which proposals are like its draft (protocol §7.3a)."),
    "proposalSimilarAck": _message("proposal:similar ack", "ProposalSimilarAck",
                                   "Up to three similar visible proposals, most similar first, or the error."),
    "ballotCast": _message("ballot:cast", "BallotCast", "A phone replaces its whole ballot (protocol §7.4)."),
    "ballotCastAck": _message("ballot:cast ack", "BallotCastAck",
                              "The stored ballot, committed before this ack, or the error."),
    "tableChoose": _message("table:choose", "TableChoose",
                            "A phone picks its table; a fresh `session:state` follows (protocol §7.7)."),
    "tableChooseAck": _message("table:choose ack", "TableChooseAck", "The table now chosen, or the error."),
    "boardWatch": _message("board:watch", "BoardWatch",
                           "A board follows a session, a table or a workshop (protocol §7.5)."),
    "boardWatchAck": _message("board:watch ack", "BoardWatchAck", "The current board payload, or the error."),
    "boardUnwatch": _message("board:unwatch", "BoardWatch", "A board stops following (no ownership check)."),
    "boardUnwatchAck": _message("board:unwatch ack", "BoardUnwatchAck", "`{ok: true}`, or the error."),
    "questionsUpdate": _message("questions:update", "QuestionsUpdate",
                                "The workshop's open questions with their votes, to every phone (protocol §7.8)."),
    "questionAsk": _message("question:ask", "QuestionAsk", "A phone asks the speakers a question (protocol §7.8)."),
    "questionAskAck": _message("question:ask ack", "QuestionAskAck", "The stored question, or the error."),
    "questionVote": _message("question:vote", "QuestionVote", "A phone upvotes a question or withdraws (§7.8)."),
    "questionVoteAck": _message("question:vote ack", "QuestionVoteAck", "The question's votes, or the error."),
    "questionList": _message("question:list", "QuestionListRequest",
                             "A phone opens its Tanya tab (protocol §7.8)."),
    "questionListAck": _message("question:list ack", "QuestionListAck",
                                "The open questions and which the phone asked or upvoted, or the error."),
    "connectError": _message("connect_error", "ConnectError",
                             "A refused connection: `unauthorized` (bad credentials) or `server_error` (try again, "
                             "keep the token)."),
}


def _ref(name: str) -> dict:
    return {"$ref": f"#/channels/default/messages/{name}"}


def _receive(name: str, summary: str, security: list[str]) -> dict:
    return {"action": "receive", "channel": CHANNEL, "summary": summary, "messages": [_ref(name)],
            "security": [{"$ref": f"#/components/securitySchemes/{scheme}"} for scheme in security],
            "reply": {"channel": CHANNEL, "messages": [_ref(name + "Ack")]}}


PHONE = ["participantToken", "participantCookie"]
BOARD = ["facilitatorToken", "consoleSession"]

ASYNCAPI = {
    "asyncapi": "3.0.0",
    "info": {
        "title": "Rembuk live events", "version": "1",
        "description": "Socket.IO (Engine.IO 4) on the default namespace `/`, path `/socket.io/`. Every client "
                       "event takes one JSON object and is answered by an ack `{ok: true, ...}` or "
                       "`{ok: false, error: {code, message, field?}}`; a refused event never closes the "
                       "connection. Who a connection is (phone or board) is decided once, at connect, from "
                       "`auth.token` or the cookies. The prose contract is docs/protocol.md §6-§7; the REST API "
                       "is described at /api/v1/openapi.json.",
    },
    "defaultContentType": "application/json",
    "servers": {
        "rembuk": {"host": "localhost:5000", "protocol": "ws", "pathname": "/socket.io/",
                   "description": "Socket.IO over WebSocket, falling back to HTTP long-polling.",
                   "security": [{"$ref": f"#/components/securitySchemes/{scheme}"} for scheme in PHONE + BOARD]},
    },
    "channels": {"default": {"address": "/", "title": "Default namespace", "messages": MESSAGES}},
    "operations": {
        "sendSessionState": {"action": "send", "channel": CHANNEL, "messages": [_ref("sessionState")],
                             "summary": "To a phone right after it connects, after every change to the "
                                        "session it follows that phones must see (the plenary's current session, "
                                        "or in `tables` mode its table's), after a mode switch, and after it "
                                        "changes table."},
        "sendSessionProposals": {"action": "send", "channel": CHANNEL, "messages": [_ref("sessionProposals")],
                                 "summary": "To phones that opted in (`auth.shared_proposals: 1`): right after "
                                            "connecting (before their `session:state`), after a change whenever the "
                                            "list (or what phones may see of it) changed, and after changing table. "
                                            "Emitted once to all phones of a session."},
        "sendBoardUpdate": {"action": "send", "channel": CHANNEL, "messages": [_ref("boardUpdate")],
                            "summary": "To the boards watching a session, a table or a workshop, at most once "
                                       "per flush interval."},
        "sendQuestionsUpdate": {"action": "send", "channel": CHANNEL, "messages": [_ref("questionsUpdate")],
                                "summary": "To every phone of the workshop after its questions change, at most "
                                           "once per flush interval."},
        "sendConnectError": {"action": "send", "channel": CHANNEL, "messages": [_ref("connectError")],
                             "summary": "Refuses a connection."},
        "receiveProposalSubmit": _receive("proposalSubmit", "Phones only; idempotent by `client_id`.", PHONE),
        "receiveProposalSimilar": _receive("proposalSimilar", "Phones only, in `collect`; rate-limited.",
                                           PHONE),
        "receiveBallotCast": _receive("ballotCast", "Phones only, in `vote`; a table's session only from its "
                                                    "table (`wrong_table`).", PHONE),
        "receiveProposalsList": _receive("proposalsList", "Phones only; rate-limited.", PHONE),
        "receiveTableChoose": _receive("tableChoose", "Phones only.", PHONE),
        "receiveQuestionAsk": _receive("questionAsk", "Phones only, in any phase; idempotent by `client_id`; "
                                                      "rate-limited like proposals.", PHONE),
        "receiveQuestionVote": _receive("questionVote", "Phones only; upvoting twice counts once.", PHONE),
        "receiveQuestionList": _receive("questionList", "Phones only, their own workshop.", PHONE),
        "receiveBoardWatch": _receive("boardWatch", "Facilitators only: the lead and whole-workshop "
                                                    "co-facilitators anything of the workshop, a table "
                                                    "co-facilitator their table's board and sessions.", BOARD),
        "receiveBoardUnwatch": _receive("boardUnwatch", "Facilitators only.", BOARD),
    },
    "components": {
        "schemas": SCHEMAS,
        "securitySchemes": {
            "participantToken": {"type": "httpApiKey", "in": "query", "name": "auth.token",
                                 "description": "The `token` of `POST /api/v1/join`, sent as Socket.IO's "
                                                "`auth: {token}` in the CONNECT packet (not in the URL)."},
            "participantCookie": {"type": "httpApiKey", "in": "cookie", "name": "rembuk_participant",
                                  "description": "The cookie `POST /api/v1/join` sets."},
            "facilitatorToken": {"type": "httpApiKey", "in": "query", "name": "auth.token",
                                 "description": "A facilitator API token (`flask facilitator token`), sent as "
                                                "`auth: {token}` in the CONNECT packet."},
            "consoleSession": {"type": "httpApiKey", "in": "cookie", "name": "session",
                               "description": "The console's login cookie."},
        },
    },
}
