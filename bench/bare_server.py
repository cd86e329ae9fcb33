"""The bare-framework baseline: the least a Flask-SocketIO server can do for the same load.

It speaks just enough of Rembuk's protocol for bench/phones.py (join, connect with
`auth.token`, `proposal:submit`, `ballot:cast`, `board:watch`, phase changes, results), keeps
everything in memory, has no database and no checks beyond the ballot's shape, and emits one
`board:update` to the board room per accepted vote. Its figures are the ceiling that the
framework and the async server leave for Rembuk's own work.

Run: `REMBUK_ASYNC_MODE=eventlet python bench/bare_server.py --port 5100` (loopback only).
"""
import argparse
import os
import warnings

MODE = os.environ.get("REMBUK_ASYNC_MODE", "eventlet")
if MODE == "eventlet":
    warnings.filterwarnings("ignore", message=r"\s*Eventlet is deprecated")
    import eventlet
    eventlet.monkey_patch()
elif MODE == "gevent":
    from gevent import monkey
    monkey.patch_all()

import secrets  # noqa: E402
from collections import Counter  # noqa: E402

from flask import Flask, jsonify, request  # noqa: E402
from flask_socketio import ConnectionRefusedError, SocketIO, join_room  # noqa: E402

app = Flask(__name__)
socketio = SocketIO(app, async_mode=MODE, logger=False, engineio_logger=False)

FACILITATOR_TOKEN = "bare-facilitator"
JOIN_CODE = "BARE42"
state = {"phase": "draft", "seq": 0, "proposals": [], "participants": {}, "ballots": {},
         "voters": 0}
scores: Counter = Counter()  # the tally, kept up to date on every vote
voters: Counter = Counter()
identities: dict[str, int | None] = {}  # sid -> participant id (None: the board)


def board_payload() -> dict:
    """Scores per proposal from the in-memory tally."""
    results = [{"proposal_id": pid, "score": scores[pid], "voters": voters[pid]} for pid in state["proposals"]]
    results.sort(key=lambda r: -r["score"])
    return {"session_id": 1, "phase": state["phase"], "seq": state["seq"],
            "voters": state["voters"], "results": results}


@app.get("/ready")
def ready():
    """Readiness probe for the benchmark."""
    return "ok"


@app.post("/api/v1/workshops")
def create_workshop():
    """One fixed workshop."""
    return jsonify({"id": 1, "join_code": JOIN_CODE}), 201


@app.post("/api/v1/workshops/<int:workshop_id>/sessions")
def create_session(workshop_id):
    """One fixed session."""
    return jsonify({"id": 1, "workshop_id": workshop_id}), 201


@app.post("/api/v1/sessions/<int:session_id>/phase")
def change_phase(session_id):
    """Set the phase and tell the board and the phones at once."""
    state["phase"] = request.get_json()["phase"]
    state["seq"] += 1
    socketio.emit("board:update", board_payload(), to="board")
    socketio.emit("session:state", {"session_id": session_id, "phase": state["phase"]})  # every phone, one emit
    return jsonify({"id": session_id, "phase": state["phase"], "current_session_id": 1})


@app.get("/api/v1/sessions/<int:session_id>/results")
def results(session_id):
    """The in-memory tally."""
    payload = board_payload()
    return jsonify({"session_id": session_id, "voters": payload["voters"], "results": payload["results"]})


@app.post("/api/v1/join")
def join():
    """A new participant and token."""
    token = secrets.token_urlsafe(32)
    participant_id = len(state["participants"]) + 1
    state["participants"][token] = participant_id
    state["seq"] += 1
    return jsonify({"participant_id": participant_id, "token": token, "workshop_id": 1}), 201


@socketio.on("connect")
def on_connect(auth=None):
    """Known participant tokens and the facilitator token only."""
    token = (auth or {}).get("token")
    if token == FACILITATOR_TOKEN:
        identities[request.sid] = None
        return
    if token not in state["participants"]:
        raise ConnectionRefusedError("unauthorized")
    identities[request.sid] = state["participants"][token]


@socketio.on("disconnect")
def on_disconnect(*_args):
    """Forget the connection."""
    identities.pop(request.sid, None)


@socketio.on("proposal:submit")
def on_proposal_submit(data):
    """Store a proposal id."""
    proposal_id = len(state["proposals"]) + 1
    state["proposals"].append(proposal_id)
    state["seq"] += 1
    return {"ok": True, "proposal": {"id": proposal_id, "session_id": 1}}


@socketio.on("ballot:cast")
def on_ballot_cast(data):
    """Replace the ballot, emit one board update to the board room."""
    if state["phase"] != "vote":
        return {"ok": False, "error": {"code": "wrong_phase"}}
    dots = {int(k): v for k, v in data["ballot"]["dots"].items() if v}
    previous = state["ballots"].get(identities[request.sid], {})
    scores.subtract(previous)
    voters.subtract(previous.keys())
    scores.update(dots)
    voters.update(dots.keys())
    state["voters"] += bool(dots) - bool(previous)
    state["ballots"][identities[request.sid]] = dots
    state["seq"] += 1
    socketio.emit("board:update", board_payload(), to="board")
    return {"ok": True, "ballot": {"dots": {str(k): v for k, v in dots.items()}}}


@socketio.on("board:watch")
def on_board_watch(data):
    """Join the board room."""
    join_room("board")
    return {"ok": True, "update": board_payload()}


def main():
    """Serve like run.py does: the same listener settings per async mode."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    print(f"bare server ({MODE}) on {args.host}:{args.port}", flush=True)
    if MODE == "eventlet":
        import eventlet.wsgi
        listener = eventlet.listen((args.host, args.port), backlog=2048)
        eventlet.wsgi.server(listener, app, max_size=5000, log_output=False)
    else:
        socketio.run(app, host=args.host, port=args.port, allow_unsafe_werkzeug=True, log_output=False)


if __name__ == "__main__":
    main()
