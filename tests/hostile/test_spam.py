"""A guest floods the hall with proposals: the server's cost per push stays bounded, the flood is
capped per participant, and the facilitator cleans it up in one step (issue 15).

Against a real server (tests/servers.py) where it matters; never on wall-clock time: the push's
cost is read from what the server reports it built (REMBUK_LOG_LEVEL=info, live/broadcast.py).
"""
from __future__ import annotations

import json
import re
import threading
import time
import urllib.error
import urllib.request

import pytest
import socketio

from tests.servers import RembukServer, call

from ..conftest import events

GROUPS = ("opd", "desa", "relawan_tik", "umkm", "akademisi", "lainnya")
PUSH = re.compile(r"session:state push: workshop (\d+), (\d+) phones, (\d+) payloads, (\d+) bytes")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("spam")
    running = RembukServer(folder, env={"REMBUK_LOG_LEVEL": "info"})
    running.token = running.api_token("fasilitator@kominfo.go.id", "rahasia-panjang-1")
    yield running
    running.stop()


class Phone:
    """A joined participant with a Socket.IO connection that records every session:state."""

    def __init__(self, server, join_code: str, index: int):
        joined = call(server, "POST", "/api/v1/join", {"join_code": join_code, "name": f"Tamu {index}",
                                                        "group": GROUPS[index % 6]})
        self.id, self.token = joined["participant_id"], joined["token"]
        self.states: list[dict] = []
        self._lock = threading.Lock()
        self.sio = socketio.Client(reconnection=False)
        self.sio.on("session:state", self._state)
        self.sio.connect(server.url, auth={"token": self.token}, transports=["websocket"], wait_timeout=20)
        self.wait(lambda states: len(states) >= 1)

    def _state(self, state):
        with self._lock:
            self.states.append(state)

    def wait(self, condition, timeout: float = 30) -> list[dict]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                if condition(self.states):
                    return list(self.states)
            time.sleep(0.05)
        raise AssertionError(f"condition not met; states: {[s.get('phase') for s in self.states]}")

    def submit(self, session_id: int, n: int, prefix: str = "Spam", start: int = 0) -> list[dict]:
        return [self.sio.call("proposal:submit", {"session_id": session_id, "client_id": f"{prefix}-{k}",
                                                  "title": f"{prefix} {k} " + "x" * 100, "description": "y" * 1000,
                                                  "dimension": "governance"}, timeout=20)
                for k in range(start, start + n)]

    def close(self):
        self.sio.disconnect()


def hall(server, phones: int = 3, **session_fields):
    workshop = call(server, "POST", "/api/v1/workshops", {"title": "Bimtek diserbu"}, server.token)
    session = call(server, "POST", f"/api/v1/workshops/{workshop['id']}/sessions",
                   {"title": "Prioritas", **session_fields}, server.token)
    call(server, "POST", f"/api/v1/sessions/{session['id']}/phase", {"phase": "collect"}, server.token)
    return workshop, session, [Phone(server, workshop["join_code"], i) for i in range(phones)]


def pushes_of(server, workshop_id: int) -> list[tuple[int, int, int]]:
    return [(int(p), int(n), int(b)) for w, p, n, b in
            ((m.group(1), m.group(2), m.group(3), m.group(4)) for m in PUSH.finditer(server.output()))
            if int(w) == workshop_id]


def test_a_phase_change_after_a_flood_builds_one_payload_per_distinct_phone_not_one_per_phone(server):
    # 40 guests joined, 3 of them flood (10 long proposals each); the others sent nothing.
    workshop, session, (a, b, c) = hall(server)
    for i in range(37):
        call(server, "POST", "/api/v1/join", {"join_code": workshop["join_code"], "name": f"Diam {i}",
                                              "group": GROUPS[i % 6]})
    for phone in (a, b, c):
        assert all(ack["ok"] for ack in phone.submit(session["id"], 10))
    call(server, "POST", f"/api/v1/sessions/{session['id']}/phase", {"phase": "review"}, server.token)
    states = a.wait(lambda s: s[-1]["phase"] == "review")
    # What a phone receives is unchanged: every proposal, its own marked, with their client_id.
    listed = states[-1]["proposals"]
    assert len(listed) == 30 and [p["id"] for p in listed] == sorted(p["id"] for p in listed)
    assert sum(p["mine"] for p in listed) == 10
    assert all(p["client_id"].startswith("Spam-") for p in listed if p["mine"])
    assert all("client_id" not in p for p in listed if not p["mine"])
    # What it cost: 40 phones, 4 distinct payloads (3 flooders + everyone else), each encoded once.
    phones, payloads, encoded = pushes_of(server, workshop["id"])[-1]
    assert (phones, payloads) == (40, 4)
    size = len(json.dumps(states[-1], separators=(",", ":")))
    assert encoded < 5 * size  # not 40 payloads of the whole list
    for phone in (a, b, c):
        phone.close()


def test_a_participant_cannot_send_more_proposals_than_the_session_allows(server):
    workshop, session, (spammer, other, _) = hall(server)
    acks = spammer.submit(session["id"], 12)
    assert [ack["ok"] for ack in acks] == [True] * 10 + [False] * 2
    error = acks[-1]["error"]
    assert error["code"] == "proposal_limit" and "10" in error["message"]
    assert error["message"].startswith("Anda sudah mengirim")  # Indonesian unless the phone chose English
    # A replay of a stored proposal is still answered, and another participant is not affected.
    assert spammer.submit(session["id"], 1)[0]["ok"]
    assert other.submit(session["id"], 1, prefix="Lain")[0]["ok"]
    # The facilitator may allow more (or fewer) per session, even after ballots.
    updated = call(server, "PATCH", f"/api/v1/sessions/{session['id']}", {"max_proposals_per_participant": 11},
                   server.token)
    assert updated["max_proposals_per_participant"] == 11
    assert [a["ok"] for a in spammer.submit(session["id"], 3, start=10)] == [True, False, False]
    bad = urllib.request.Request(f"{server.url}/api/v1/sessions/{session['id']}", method="PATCH",
                                 data=json.dumps({"max_proposals_per_participant": 0}).encode(),
                                 headers={"Content-Type": "application/json",
                                          "Authorization": f"Bearer {server.token}"})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(bad, timeout=10)
    assert refused.value.code == 400
    refused.value.close()
    for phone in (spammer, other, _):
        phone.close()


def test_hiding_all_of_one_participants_proposals_is_one_action_and_one_push(server):
    workshop, session, (spammer, watcher, _) = hall(server)
    spam = [ack["proposal"]["id"] for ack in spammer.submit(session["id"], 10)]
    kept = watcher.submit(session["id"], 1, prefix="Baik")[0]["proposal"]["id"]
    call(server, "POST", f"/api/v1/sessions/{session['id']}/phase", {"phase": "review"}, server.token)
    before = len(watcher.wait(lambda s: s[-1]["phase"] == "review" and len(s[-1]["proposals"]) == 11))
    pushes_before = len(pushes_of(server, workshop["id"]))
    answer = call(server, "POST", f"/api/v1/participants/{spammer.id}/hide-proposals",
                  {"hidden_reason": "Spam"}, server.token)
    assert answer == {"participant_id": spammer.id, "hidden": spam}
    states = watcher.wait(lambda s: len(s) > before and [p["id"] for p in s[-1]["proposals"]] == [kept])
    time.sleep(0.5)  # anything else the server would send has arrived by now
    assert len(watcher.states) == before + 1  # one push for ten proposals
    assert len(pushes_of(server, workshop["id"])) == pushes_before + 1
    listed = call(server, "GET", f"/api/v1/sessions/{session['id']}/proposals", token=server.token)["proposals"]
    assert {p["id"]: (p["status"], p["hidden_reason"], p["participant_id"]) for p in listed if p["id"] in spam} == \
        {pid: ("hidden", "Spam", spammer.id) for pid in spam}
    log = call(server, "GET", f"/api/v1/workshops/{workshop['id']}/moderation-log", token=server.token)["entries"]
    assert [e["detail"]["proposal_ids"] for e in log if e["action"] == "hide_participant"] == [spam]
    for phone in (spammer, watcher, _):
        phone.close()


def test_removing_a_participant_can_hide_their_proposals_in_the_same_push(server):
    workshop, session, (spammer, watcher, _) = hall(server)
    spam = [ack["proposal"]["id"] for ack in spammer.submit(session["id"], 10)]
    call(server, "POST", f"/api/v1/sessions/{session['id']}/phase", {"phase": "review"}, server.token)
    before = len(watcher.wait(lambda s: s[-1]["phase"] == "review" and len(s[-1]["proposals"]) == 10))
    request = urllib.request.Request(f"{server.url}/api/v1/participants/{spammer.id}?proposals=hide",
                                     method="DELETE", headers={"Authorization": f"Bearer {server.token}"})
    with urllib.request.urlopen(request, timeout=10) as response:
        assert json.loads(response.read()) == {"removed": spammer.id, "proposals_hidden": spam}
    watcher.wait(lambda s: len(s) > before and s[-1]["proposals"] == [])
    time.sleep(0.5)
    assert len(watcher.states) == before + 1
    # Without the option nothing is hidden, as before; a wrong option is refused.
    other = Phone(server, workshop["join_code"], 9)
    request = urllib.request.Request(f"{server.url}/api/v1/participants/{other.id}?proposals=delete",
                                     method="DELETE", headers={"Authorization": f"Bearer {server.token}"})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=10)
    assert refused.value.code == 400
    refused.value.close()
    for phone in (spammer, watcher, _, other):
        phone.close()


# In process: the pushes are the very snapshots `phone_states` describes, in every phase.

def test_pushed_payloads_equal_the_per_phone_snapshots(app, api, connect):
    from workshop.extensions import db
    from workshop.models import Workshop
    from workshop.services import results

    workshop = api.workshop()
    session = api.session(workshop["id"])
    phones = [api.join(workshop["join_code"], name=f"P{i}", group=GROUPS[i % 6]) for i in range(6)]
    clients = [connect(p["token"]) for p in phones]
    api.phase(session["id"], "collect")
    for i, sio in enumerate(clients[:3]):
        for k in range(2):
            assert sio.emit("proposal:submit", {"session_id": session["id"], "client_id": f"c{i}{k}",
                                                "title": f"Usulan {i}-{k} \u00e9\u2603", "dimension": "society"},
                            callback=True)["ok"]

    def compare():
        with app.app_context():
            w = db.session.get(Workshop, workshop["id"])
            expected = results.phone_states(w, results.workshop_participants(w.id))
            got = {pid: json.loads(payload.text) for ids, payload in results.phone_pushes(w) for pid in ids}
            assert got == expected
            db.session.remove()

    compare()
    api.phase(session["id"], "review")
    compare()
    api.phase(session["id"], "vote")
    ids = [p["id"] for p in api.get(f"/api/v1/sessions/{session['id']}/proposals").get_json()["proposals"]]
    for sio, dots in zip(clients, ({ids[0]: 2}, {ids[1]: 1, ids[2]: 3}, {ids[0]: 2})):
        assert sio.emit("ballot:cast", {"session_id": session["id"],
                                        "ballot": {"dots": {str(k): v for k, v in dots.items()}}}, callback=True)["ok"]
    compare()
    api.post(f"/api/v1/sessions/{session['id']}/reveal", {"revealed": True})
    compare()
    api.phase(session["id"], "closed")
    compare()


def test_a_push_encodes_each_proposal_once_per_change_whatever_the_number_of_phones(app, api, connect):
    from workshop.services.results import push_counts

    workshop = api.workshop()
    session = api.session(workshop["id"])
    phones = [api.join(workshop["join_code"], name=f"P{i}", group=GROUPS[i % 6]) for i in range(30)]
    flooders = [connect(p["token"]) for p in phones[:3]]
    listener = connect(phones[3]["token"])
    api.phase(session["id"], "collect")
    for i, sio in enumerate(flooders):
        for k in range(10):
            assert sio.emit("proposal:submit", {"session_id": session["id"], "client_id": f"c{k}",
                                                "title": f"Banjir {i}-{k}", "dimension": "society"},
                            callback=True)["ok"]
    listener.get_received()
    before = dict(push_counts)
    api.phase(session["id"], "review")
    spent = {k: push_counts[k] - before.get(k, 0) for k in ("pushes", "payloads", "proposals_encoded")}
    # 30 proposals: each once as others see it, once as its author sees it; not 30 x 30.
    assert spent == {"pushes": 1, "payloads": 4, "proposals_encoded": 60}
    assert len(events(listener, "session:state")[-1]["proposals"]) == 30


def test_pushed_payloads_equal_the_per_phone_snapshots_with_tables(app, api, connect):
    """In `tables` mode each phone's payload is its table's session (or the picker when unseated),
    still built once per (session followed, own part); in `plenary` mode `my_table` differs."""
    from workshop.extensions import db
    from workshop.models import Workshop
    from workshop.services import results

    workshop = api.workshop()
    wid = workshop["id"]
    tables = [api.post(f"/api/v1/workshops/{wid}/tables", {"name": name}).get_json() for name in ("Meja A", "Meja B")]
    sessions = [api.session(wid, f"Sesi {t['name']}", table_id=t["id"]) for t in tables]
    api.session(wid, "Pleno")
    phones = []
    for i in range(7):
        body = {"join_code": workshop["join_code"], "name": f"P{i}", "group": GROUPS[i % 6]}
        if i < 6:
            body["table_id"] = tables[i % 2]["id"]
        phones.append(api.client.post("/api/v1/join", json=body).get_json())
    clients = [connect(p["token"]) for p in phones]

    def compare(expect_payloads=None):
        with app.app_context():
            w = db.session.get(Workshop, wid)
            people = results.workshop_participants(w.id)
            expected = results.phone_states(w, people)
            pushes = results.phone_pushes(w, people)
            got = {pid: json.loads(payload.text) for ids, payload in pushes for pid in ids}
            assert got == expected
            if expect_payloads is not None:
                assert len(pushes) == expect_payloads
            db.session.remove()

    compare(expect_payloads=3)  # plenary, nothing current: one per own table (A, B, none)
    assert api.post(f"/api/v1/workshops/{wid}/mode", {"mode": "tables"}).status_code == 200
    for session in sessions:
        api.phase(session["id"], "collect")
    compare()
    for i, (sio, phone) in enumerate(zip(clients[:4], phones[:4])):
        assert sio.emit("proposal:submit", {"session_id": sessions[i % 2]["id"], "client_id": f"c{i}",
                                            "title": f"Usulan meja {i}", "dimension": "society"},
                        callback=True)["ok"]
    compare()
    for session in sessions:
        api.phase(session["id"], "review")
    # Per table: one payload for those who sent nothing, one per author; the unseated: one.
    compare(expect_payloads=(1 + 2) * 2 + 1)
    api.phase(sessions[0]["id"], "vote")
    api.post(f"/api/v1/sessions/{sessions[1]['id']}/reveal", {"revealed": True})
    compare()
    assert api.post(f"/api/v1/workshops/{wid}/mode", {"mode": "plenary"}).status_code == 200
    compare()


def test_a_word_cloud_push_lists_no_ones_words_like_the_snapshot(app, api, connect):
    from workshop.extensions import db
    from workshop.models import Workshop
    from workshop.services import results

    workshop = api.workshop()
    session = api.session(workshop["id"], method="words", max_words=3)
    phones = [api.join(workshop["join_code"], name=f"W{i}", group=GROUPS[i % 6]) for i in range(3)]
    clients = [connect(p["token"]) for p in phones]
    api.phase(session["id"], "vote")
    for sio, words in zip(clients, (["Pelayanan", "banjir"], ["layanan"], ["sampah"])):
        assert sio.emit("ballot:cast", {"session_id": session["id"], "ballot": {"words": words}}, callback=True)["ok"]
    with app.app_context():
        w = db.session.get(Workshop, workshop["id"])
        expected = results.phone_states(w, results.workshop_participants(w.id))
        got = {pid: json.loads(payload.text) for ids, payload in results.phone_pushes(w) for pid in ids}
        assert got == expected
        assert all(state["proposals"] == [] for state in got.values())
        db.session.remove()


# The shared proposal list (protocol §7.2a): phones that opt in get a small state and the list once.

def whole(state: dict, lists: dict[int, dict]) -> dict:
    """What the phone puts together (static/js/phone/shared.js `complete`)."""
    if "proposals_version" not in state:
        return state
    whole_state = {k: v for k, v in state.items() if k != "proposals_version"}
    if state["proposals_version"] is None:
        return whole_state
    shared = lists[state["session_id"]]
    assert shared["version"] == state["proposals_version"]
    listed = {p["id"]: {**p, "mine": False} for p in shared["proposals"]}
    listed.update({p["id"]: p for p in state["proposals"]})
    whole_state["proposals"] = [listed[i] for i in sorted(listed)]
    if "results" in shared:
        whole_state["results"] = shared["results"]
    return whole_state


def compare_shared(app, workshop_id, expect_lists=None):
    """The shared pushes, put together, are the very snapshots `phone_states` describes."""
    from workshop.extensions import db
    from workshop.models import Workshop
    from workshop.services import results

    with app.app_context():
        w = db.session.get(Workshop, workshop_id)
        people = results.workshop_participants(w.id)
        expected = results.phone_states(w, people)
        lists, states = results.shared_pushes(w, people)
        by_session = {session_id: json.loads(payload.text) for _t, session_id, _v, payload, _ids in lists}
        got = {pid: whole(json.loads(payload.text), by_session) for ids, payload in states for pid in ids}
        assert got == expected
        if expect_lists is not None:
            assert len(lists) == expect_lists
        for _t, session_id, version, payload, _ids in lists:
            shared = json.loads(payload.text)
            assert shared["version"] == version and shared["session_id"] == session_id
            assert all("mine" not in p and "client_id" not in p for p in shared["proposals"])
        db.session.remove()
        return lists, states


def test_shared_pushes_put_together_equal_the_snapshots_in_every_phase(app, api, connect):
    workshop = api.workshop()
    session = api.session(workshop["id"])
    phones = [api.join(workshop["join_code"], name=f"P{i}", group=GROUPS[i % 6]) for i in range(6)]
    clients = [connect(p["token"], shared=True) for p in phones]
    api.phase(session["id"], "collect")
    for i, sio in enumerate(clients[:3]):
        for k in range(2):
            assert sio.emit("proposal:submit", {"session_id": session["id"], "client_id": f"c{i}{k}",
                                                "title": f"Usulan {i}-{k} \u00e9\u2603", "dimension": "society"},
                            callback=True)["ok"]
    compare_shared(app, workshop["id"], expect_lists=1)
    api.phase(session["id"], "review")
    compare_shared(app, workshop["id"])
    api.phase(session["id"], "vote")
    ids = [p["id"] for p in api.get(f"/api/v1/sessions/{session['id']}/proposals").get_json()["proposals"]]
    for sio, dots in zip(clients, ({ids[0]: 2}, {ids[1]: 1, ids[2]: 3}, {ids[0]: 2})):
        assert sio.emit("ballot:cast", {"session_id": session["id"],
                                        "ballot": {"dots": {str(k): v for k, v in dots.items()}}}, callback=True)["ok"]
    _lists, states = compare_shared(app, workshop["id"])
    # The three who sent proposals (and voted) each have their own; the three others share one.
    assert sorted(len(ids) for ids, _ in states) == [1, 1, 1, 3]
    api.post(f"/api/v1/sessions/{session['id']}/reveal", {"revealed": True})
    compare_shared(app, workshop["id"])
    api.phase(session["id"], "closed")
    compare_shared(app, workshop["id"])


def test_shared_pushes_put_together_equal_the_snapshots_with_tables_and_word_clouds(app, api, connect):
    workshop = api.workshop()
    wid = workshop["id"]
    tables = [api.post(f"/api/v1/workshops/{wid}/tables", {"name": name}).get_json() for name in ("Meja A", "Meja B")]
    sessions = [api.session(wid, f"Sesi {t['name']}", table_id=t["id"]) for t in tables]
    cloud = api.session(wid, "Awan kata", method="words", max_words=3)
    phones = []
    for i in range(7):
        body = {"join_code": workshop["join_code"], "name": f"P{i}", "group": GROUPS[i % 6]}
        if i < 6:
            body["table_id"] = tables[i % 2]["id"]
        phones.append(api.client.post("/api/v1/join", json=body).get_json())
    clients = [connect(p["token"], shared=True) for p in phones]
    compare_shared(app, wid, expect_lists=0)  # nothing current
    assert api.post(f"/api/v1/workshops/{wid}/mode", {"mode": "tables"}).status_code == 200
    for session in sessions:
        api.phase(session["id"], "collect")
    for i, sio in enumerate(clients[:4]):
        assert sio.emit("proposal:submit", {"session_id": sessions[i % 2]["id"], "client_id": f"c{i}",
                                            "title": f"Usulan meja {i}", "dimension": "society"},
                        callback=True)["ok"]
    compare_shared(app, wid, expect_lists=2)
    for session in sessions:
        api.phase(session["id"], "review")
    compare_shared(app, wid, expect_lists=2)
    api.phase(sessions[0]["id"], "vote")
    api.post(f"/api/v1/sessions/{sessions[1]['id']}/reveal", {"revealed": True})
    compare_shared(app, wid)
    assert api.post(f"/api/v1/workshops/{wid}/mode", {"mode": "plenary"}).status_code == 200
    # Carried into the plenary: the copies name their origin table.
    for session in sessions:
        api.phase(session["id"], "closed")
    plenary = api.session(wid, "Pleno")
    carried = api.post(f"/api/v1/sessions/{plenary['id']}/carry",
                       {"from_session_ids": [s["id"] for s in sessions], "top_n": 2})
    assert carried.status_code == 201
    api.phase(plenary["id"], "review")
    lists, _states = compare_shared(app, wid, expect_lists=1)
    assert {p["origin_table"]["name"] for p in json.loads(lists[0][3].text)["proposals"]} == {"Meja A", "Meja B"}
    api.phase(cloud["id"], "vote")
    for sio, words in zip(clients, (["Pelayanan", "banjir"], ["layanan"], ["sampah"])):
        assert sio.emit("ballot:cast", {"session_id": cloud["id"], "ballot": {"words": words}}, callback=True)["ok"]
    lists, _states = compare_shared(app, wid, expect_lists=1)
    assert json.loads(lists[0][3].text)["proposals"] == []
    api.post(f"/api/v1/sessions/{cloud['id']}/reveal", {"revealed": True})
    compare_shared(app, wid, expect_lists=1)


SHARED_PUSH = re.compile(r"session:state shared push: workshop (\d+), (\d+) phones, (\d+) payloads, (\d+) bytes; "
                         r"session:proposals: (\d+) bytes")


class SharedPhone(Phone):
    """A phone that opts in to the shared list, as the phone page does; records lists too."""

    def __init__(self, server, join_code: str, index: int):
        self.lists: list[dict] = []
        joined = call(server, "POST", "/api/v1/join", {"join_code": join_code, "name": f"Tamu {index}",
                                                        "group": GROUPS[index % 6]})
        self.id, self.token = joined["participant_id"], joined["token"]
        self.states = []
        self._lock = threading.Lock()
        self.sio = socketio.Client(reconnection=False)
        self.sio.on("session:state", self._state)
        self.sio.on("session:proposals", self._list)
        self.sio.connect(server.url, auth={"token": self.token, "shared_proposals": 1}, transports=["websocket"],
                         wait_timeout=20)
        self.wait(lambda states: len(states) >= 1)

    def _list(self, shared):
        with self._lock:
            self.lists.append(shared)


def test_after_a_flood_opted_in_phones_get_one_list_and_a_small_state_per_push(server):
    workshop = call(server, "POST", "/api/v1/workshops", {"title": "Bimtek diserbu, ponsel baru"}, server.token)
    session = call(server, "POST", f"/api/v1/workshops/{workshop['id']}/sessions", {"title": "Prioritas"},
                   server.token)
    call(server, "POST", f"/api/v1/sessions/{session['id']}/phase", {"phase": "collect"}, server.token)
    phones = [SharedPhone(server, workshop["join_code"], i) for i in range(6)]
    old = Phone(server, workshop["join_code"], 6)
    for phone in phones[:2]:
        assert all(ack["ok"] for ack in phone.submit(session["id"], 10))
    mark = len(server.output())
    call(server, "POST", f"/api/v1/sessions/{session['id']}/phase", {"phase": "review"}, server.token)
    for phone in phones:
        phone.wait(lambda s: s[-1]["phase"] == "review")
    time.sleep(0.5)
    # Each opted-in phone: the list once (20 long proposals), then a state with its own part only.
    for index, phone in enumerate(phones):
        assert len(phone.lists) == 2  # at connect (empty while collecting) and now
        shared, state = phone.lists[-1], phone.states[-1]
        assert len(shared["proposals"]) == 20 and state["proposals_version"] == shared["version"]
        assert len(state["proposals"]) == (10 if index < 2 else 0)
        if index >= 2:
            assert len(json.dumps(state)) < 1500 < 20 * 1000 < len(json.dumps(shared))
    # The old phone: the whole snapshot, as before.
    assert len(old.wait(lambda s: s[-1]["phase"] == "review")[-1]["proposals"]) == 20
    # What the server built: for the 6 opted-in phones one list and 3 states (2 flooders, the
    # rest); for the old one its own whole snapshot.
    found = [m for m in SHARED_PUSH.finditer(server.output()[mark:]) if int(m.group(1)) == workshop["id"]]
    phones_n, payloads, state_bytes, list_bytes = (int(x) for x in found[-1].groups()[1:])
    assert (phones_n, payloads) == (6, 3)
    assert len(json.dumps(phones[-1].lists[-1], separators=(",", ":"))) == list_bytes
    # Encoded: the list once, and each flooder's own ten again in their state; not six whole lists.
    assert state_bytes + list_bytes < 3 * list_bytes
    assert pushes_of(server, workshop["id"])[-1][:2] == (1, 1)
    # The vote opens: the list is what it was, so only states go out.
    call(server, "POST", f"/api/v1/sessions/{session['id']}/phase", {"phase": "vote"}, server.token)
    for phone in phones:
        phone.wait(lambda s: s[-1]["phase"] == "vote")
    time.sleep(0.5)
    assert all(len(phone.lists) == 2 for phone in phones)
    found = [m for m in SHARED_PUSH.finditer(server.output()[mark:]) if int(m.group(1)) == workshop["id"]]
    assert int(found[-1].group(5)) == 0
    for phone in phones + [old]:
        phone.close()
