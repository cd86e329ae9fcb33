"""Two Rembuk processes on one PostgreSQL database and one Redis message queue.

A phone joined and connected on process A casts a ballot; the board watching through process B
must see it, and B's REST results must agree: tallies come from the shared database, and
pushes cross processes through Redis. The first process applies the migrations to an empty
PostgreSQL database.
"""
from __future__ import annotations

import json
import queue
import time
import urllib.request

import pytest
import socketio
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect, text

from workshop.config import sqlalchemy_url

from .conftest import ROOT, RembukProcess

EMAIL = "fasilitator@purbalinggakab.go.id"
PASSWORD = "rahasia-bimtek"


def call(method: str, url: str, body: dict | None = None, token: str | None = None) -> dict:
    """A JSON request; returns the decoded body."""
    request = urllib.request.Request(url, method=method, data=json.dumps(body).encode() if body is not None else None,
                                     headers={"Content-Type": "application/json", "Cookie": "lang=en"})
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


def wait_for(received: queue.Queue, accept, timeout: float = 15.0) -> dict:
    """The first payload in `received` that `accept`s, or fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    seen = []
    while time.monotonic() < deadline:
        try:
            payload = received.get(timeout=max(0.01, deadline - time.monotonic()))
        except queue.Empty:
            break
        seen.append(payload)
        if accept(payload):
            return payload
    pytest.fail(f"nothing acceptable arrived within {timeout} s; got {seen!r}")


def assert_migrated(url: str) -> None:
    """Every migration head is applied, with the workshops <-> sessions key cycle closed."""
    heads = set(ScriptDirectory(str(ROOT / "migrations")).get_heads())
    engine = create_engine(sqlalchemy_url(url))
    try:
        with engine.connect() as connection:
            applied = {row[0] for row in connection.execute(text("SELECT version_num FROM alembic_version"))}
            schema = inspect(connection)
            tables = set(schema.get_table_names())
            workshop_keys = {fk["referred_table"] for fk in schema.get_foreign_keys("workshops")}
    finally:
        engine.dispose()
    assert applied == heads
    assert {"facilitators", "workshops", "sessions", "participants", "proposals", "ballot_entries"} <= tables
    assert "sessions" in workshop_keys


@pytest.mark.parametrize("mode", ["eventlet", "gevent"])
def test_a_ballot_cast_on_process_a_reaches_the_board_on_process_b(tmp_path, redis, postgres, mode):
    url = postgres.new_database(f"rembuk_{mode}")
    env = {"REMBUK_DATABASE_URL": url, "REMBUK_MESSAGE_QUEUE": redis.url, "REMBUK_ASYNC_MODE": mode}
    a = RembukProcess(tmp_path, "a", env)  # applies the migrations to the empty database
    b = RembukProcess(tmp_path, "b", env)  # started after A, so it finds them applied
    clients = []
    try:
        assert_migrated(url)
        token = a.api_token(EMAIL, PASSWORD)

        workshop = call("POST", a.url + "/api/v1/workshops", {"title": "Bimtek Smart City"}, token)
        session = call("POST", a.url + f"/api/v1/workshops/{workshop['id']}/sessions", {"title": "Prioritas"}, token)
        call("POST", a.url + f"/api/v1/sessions/{session['id']}/phase", {"phase": "collect"}, token)

        joined = call("POST", a.url + "/api/v1/join",
                      {"join_code": workshop["join_code"], "name": "Siti", "group": "umkm"})
        phone, states = socketio.Client(reconnection=False), queue.Queue()
        phone.on("session:state", states.put)
        phone.connect(a.url, auth={"token": joined["token"]}, transports=["websocket"], wait_timeout=20)
        clients.append(phone)
        wait_for(states, lambda s: s["phase"] == "collect")
        ids = []
        for title, dimension in (("Digitalisasi layanan perizinan", "governance"), ("Pasar daring UMKM", "economy")):
            ack = phone.call("proposal:submit", {"session_id": session["id"], "title": title,
                                                 "dimension": dimension, "client_id": title}, timeout=20)
            assert ack["ok"], ack
            ids.append(ack["proposal"]["id"])

        board, updates = socketio.Client(reconnection=False), queue.Queue()
        board.on("board:update", updates.put)
        board.connect(b.url, auth={"token": token}, transports=["websocket"], wait_timeout=20)
        clients.append(board)
        watch = board.call("board:watch", {"workshop_id": workshop["id"]}, timeout=20)
        assert watch["ok"] and watch["update"]["proposals_count"] == 2, watch

        # The phase change goes through B; the phone on A is told through Redis.
        call("POST", b.url + f"/api/v1/sessions/{session['id']}/phase", {"phase": "vote"}, token)
        wait_for(states, lambda s: s["phase"] == "vote")

        ballot = {str(ids[0]): 2, str(ids[1]): 1}
        ack = phone.call("ballot:cast", {"session_id": session["id"], "ballot": {"dots": ballot}}, timeout=20)
        assert ack["ok"] and ack["ballot"] == {"dots": ballot}, ack

        update = wait_for(updates, lambda u: u["phase"] == "vote" and u["voters"] == 1)
        assert {str(r["proposal_id"]): r["score"] for r in update["results"]} == ballot
        assert update["seq"] > watch["update"]["seq"]

        results = call("GET", b.url + f"/api/v1/sessions/{session['id']}/results", token=token)
        assert results["voters"] == 1
        assert {str(r["proposal_id"]): r["score"] for r in results["results"]} == ballot
    finally:
        for client in clients:
            client.disconnect()
        a.stop()
        b.stop()


def test_the_shared_proposal_list_crosses_processes_once_and_old_phones_keep_the_whole_snapshot(tmp_path, redis,
                                                                                                 postgres):
    """Protocol §7.2a with two processes: which phones opted in, and which list each audience last got,
    are known to both through Redis."""
    url = postgres.new_database("rembuk_shared")
    env = {"REMBUK_DATABASE_URL": url, "REMBUK_MESSAGE_QUEUE": redis.url, "REMBUK_ASYNC_MODE": "eventlet"}
    a = RembukProcess(tmp_path, "a", env)
    b = RembukProcess(tmp_path, "b", env)
    clients = []
    try:
        token = a.api_token(EMAIL, PASSWORD)
        workshop = call("POST", a.url + "/api/v1/workshops", {"title": "Bimtek Smart City"}, token)
        session = call("POST", a.url + f"/api/v1/workshops/{workshop['id']}/sessions", {"title": "Prioritas"}, token)
        call("POST", a.url + f"/api/v1/sessions/{session['id']}/phase", {"phase": "collect"}, token)
        phones = {}
        for name, server, shared in (("Siti", a, True), ("Agus", b, False), ("Rina", b, True)):
            joined = call("POST", a.url + "/api/v1/join", {"join_code": workshop["join_code"], "name": name,
                                                           "group": "umkm"})
            client, states, lists = socketio.Client(reconnection=False), queue.Queue(), queue.Queue()
            client.on("session:state", states.put)
            client.on("session:proposals", lists.put)
            auth = {"token": joined["token"], **({"shared_proposals": 1} if shared else {})}
            client.connect(server.url, auth=auth, transports=["websocket"], wait_timeout=20)
            clients.append(client)
            wait_for(states, lambda s: s["phase"] == "collect")
            phones[name] = (client, states, lists)
        siti = phones["Siti"][0]
        for title in ("Digitalisasi layanan perizinan", "Pasar daring UMKM"):
            assert siti.call("proposal:submit", {"session_id": session["id"], "title": title,
                                                 "dimension": "economy", "client_id": title}, timeout=20)["ok"]

        # The phase change goes through B; Siti's phone on A gets the list and her small state.
        call("POST", b.url + f"/api/v1/sessions/{session['id']}/phase", {"phase": "review"}, token)
        for name in ("Siti", "Rina"):
            _client, states, lists = phones[name]
            shared = wait_for(lists, lambda x: len(x["proposals"]) == 2)
            state = wait_for(states, lambda s: s["phase"] == "review")
            assert state["proposals_version"] == shared["version"]
            assert len(state["proposals"]) == (2 if name == "Siti" else 0)
        old = wait_for(phones["Agus"][1], lambda s: s["phase"] == "review")
        assert "proposals_version" not in old and len(old["proposals"]) == 2
        assert phones["Agus"][2].empty()

        # The vote opens through A: the list is the one B sent, so no process sends it again.
        call("POST", a.url + f"/api/v1/sessions/{session['id']}/phase", {"phase": "vote"}, token)
        for name in ("Siti", "Rina"):
            wait_for(phones[name][1], lambda s: s["phase"] == "vote")
        time.sleep(0.5)
        assert phones["Siti"][2].empty() and phones["Rina"][2].empty()
    finally:
        for client in clients:
            client.disconnect()
        a.stop()
        b.stop()
