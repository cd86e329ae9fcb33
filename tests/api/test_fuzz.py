"""Fuzzing: generated payloads against every socket event and API endpoint.

Over 10,000 payloads in all (PAYLOADS): no server error, no dropped connection for anyone else, and a
refused input never changes stored data.
"""
import hashlib
import math
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workshop.extensions import db

from ..attendance_helpers import invite
from ..conftest import Api

EVENTS = ("proposal:submit", "ballot:cast", "board:watch", "board:unwatch", "table:choose", "question:ask",
          "question:vote", "question:list")
TABLES = ("workshops", "sessions", "criteria", "participants", "proposals", "ballot_entries", "stakeholder_groups",
          "workshop_tables", "workshop_facilitators", "invitations", "join_tickets")
# Generated payloads in all, over every event and route (the number of examples follows from it).
PAYLOADS = 12_000

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-2**63, 2**63) | st.floats(allow_nan=False) | st.text(max_size=40),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4),
    max_leaves=12)
FIELDS = ["session_id", "workshop_id", "title", "description", "dimension", "client_id", "ballot", "dots",
          "points", "scores", "ranking", "phase", "into", "hidden", "revealed", "action", "seconds", "join_code",
          "name", "group", "organization", "method", "criteria", "from_session_ids", "top_n", "horizon", "quick_win",
          "question_id", "text", "anonymous", "up", "status", "board"]
# Payloads shaped like the real ones, with wrong or extreme values in the right places.
shaped = st.dictionaries(st.sampled_from(FIELDS), json_values, max_size=6)
payloads = st.one_of(json_values, shaped)


def fingerprint(app) -> str:
    """A digest of everything stored that a refused call must not touch."""
    digest = hashlib.sha256()
    with app.app_context():
        # The driver's own cursor: building SQLAlchemy rows made this most of the test's time.
        cursor = db.session.connection().connection.dbapi_connection.cursor()
        for table in TABLES:
            cursor.execute(f"SELECT * FROM {table} ORDER BY 1")
            digest.update(repr(cursor.fetchall()).encode())
        cursor.close()
        db.session.remove()
    return digest.hexdigest()


def test_generated_payloads_never_break_anything(app, api, connect):
    app.config["RATE_LIMITS_ENABLED"] = False
    workshop = api.workshop()
    session = api.session(workshop["id"])
    api.phase(session["id"], "collect")
    bystander_token = api.join(workshop["join_code"], name="Penonton")["token"]
    bystander = connect(bystander_token)
    fuzzer = connect(api.join(workshop["join_code"], name="Fuzzer")["token"])
    board = connect(api.token)
    pid = fuzzer.emit("proposal:submit", {"session_id": session["id"], "title": "Program dasar", "dimension": "living",
                                          "client_id": "base"}, callback=True)["proposal"]["id"]
    api.phase(session["id"], "vote")
    doomed = api.join(workshop["join_code"], name="Akan dihapus")["participant_id"]
    qid = fuzzer.emit("question:ask", {"workshop_id": workshop["id"], "text": "Pertanyaan dasar?"},
                      callback=True)["question"]["id"]
    table_id = api.post(f"/api/v1/workshops/{workshop['id']}/tables", {"name": "Meja 1"}).get_json()["id"]
    helper = Api(app, app.test_client(), email="meja@kominfo.go.id")
    helper_id = api.post(f"/api/v1/workshops/{workshop['id']}/facilitators",
                         {"email": helper.email}).get_json()["facilitator_id"]
    ids = {"workshop_id": workshop["id"], "session_id": session["id"], "proposal_id": pid, "participant_id": doomed,
           "table_id": table_id, "facilitator_id": helper_id, "question_id": qid,
           "invitation_id": invite(app, workshop["id"], [("Undangan", "opd", "Dinas")])[0]["id"]}
    routes = [(method, re.sub(r"<(?:int:)?(\w+)>", lambda m: str(ids[m.group(1)]), rule.rule))
              for rule in app.url_map.iter_rules() if rule.rule.startswith("/api/v1/")
              for method in sorted(rule.methods - {"HEAD", "OPTIONS"}) if method != "GET"]
    sent = {"count": 0}
    # Each call is compared with the state after the call before it: one fingerprint per call.
    last = {"state": fingerprint(app)}

    def check(refused: bool, what) -> None:
        after = fingerprint(app)
        if refused:
            assert after == last["state"], what
        last["state"] = after

    examples = math.ceil(PAYLOADS / (2 * len(EVENTS) + len(routes)))

    @settings(max_examples=examples, deadline=None, database=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
    @given(payload=payloads)
    def attack(payload):
        for sio in (fuzzer, board):
            for event in EVENTS:
                ack = sio.emit(event, payload, callback=True)
                sent["count"] += 1
                assert isinstance(ack, dict) and "ok" in ack, (event, payload, ack)
                if not ack["ok"]:
                    assert ack["error"]["code"] != "server_error", (event, payload)
                check(not ack["ok"], (event, payload))
        for method, url in routes:
            response = getattr(api.client, method.lower())(url, json=payload, headers=api.headers)
            sent["count"] += 1
            assert response.status_code < 500, (method, url, payload, response.get_data(as_text=True)[:300])
            check(response.status_code >= 400, (method, url, payload))

    attack()
    assert sent["count"] >= 10_000
    assert bystander.is_connected() and fuzzer.is_connected() and board.is_connected()
    # A generated {"hidden": true} is a valid PATCH of the base proposal: show it again, so the
    # cast below tests that the server still answers, not what the last payload happened to be.
    assert api.client.patch(f"/api/v1/proposals/{pid}", json={"hidden": False}, headers=api.headers).status_code == 200
    ack = bystander.emit("ballot:cast", {"session_id": session["id"], "ballot": {"dots": {str(pid): 1}}}, callback=True)
    assert ack["ok"], ack
