"""The shared proposal list (protocol §7.2a): phones that opt in get a small `session:state` and
the list once per change, encoded once for all of them; phones that do not keep the old shape."""
import json

import pytest

from workshop.services import results as results_service

from ..conftest import events


def submit(sio, session_id, k, long=False):
    return sio.emit("proposal:submit", {"session_id": session_id, "title": f"Usulan nomor {k}" + (" x" * 50 if long else ""),
                                        "description": "y" * (900 if long else 10), "dimension": "governance",
                                        "client_id": f"c{k}"}, callback=True)


def size(payload) -> int:
    return len(json.dumps(payload, separators=(",", ":")))


def merged(state: dict, shared: dict) -> dict:
    """What the phone puts together (static/js/phone/link.js `complete`): the old shape."""
    assert shared["session_id"] == state["session_id"] and shared["version"] == state["proposals_version"]
    own = {p["id"]: p for p in state["proposals"]}
    listed = {p["id"]: {**p, "mine": False} for p in shared["proposals"]}
    listed.update(own)
    whole = {k: v for k, v in state.items() if k != "proposals_version"}
    whole["proposals"] = [listed[i] for i in sorted(listed)]
    if "results" in shared:
        whole["results"] = shared["results"]
    return whole


@pytest.fixture
def hall(api, connect):
    """A session in collect, 2 flooders (8 long proposals each), 6 quiet phones: 4 opted in, 4 old."""
    workshop = api.workshop()
    session = api.session(workshop["id"])
    api.phase(session["id"], "collect")
    people = [api.join(workshop["join_code"], name=f"Tamu {i}", group="umkm") for i in range(8)]
    shared = [connect(p["token"], shared=True) for p in people[:4]]
    old = [connect(p["token"]) for p in people[4:]]
    for sio in (shared[0], old[0]):
        assert all(submit(sio, session["id"], k, long=True)["ok"] for k in range(8))
    for sio in shared + old:
        sio.get_received()
    return {"workshop": workshop, "session": session, "people": people, "shared": shared, "old": old}


def test_a_phase_change_sends_opted_in_phones_a_small_state_and_the_list_once(app, api, hall):
    sid = hall["session"]["id"]
    before = dict(results_service.push_counts)
    api.phase(sid, "review")
    counts = {k: results_service.push_counts[k] - before.get(k, 0) for k in results_service.push_counts}
    received = [sio.get_received() for sio in hall["shared"]]
    lists = [[p["args"][0] for p in got if p["name"] == "session:proposals"] for got in received]
    states = [[p["args"][0] for p in got if p["name"] == "session:state"] for got in received]
    assert [len(x) for x in lists] == [1] * 4 and [len(x) for x in states] == [1] * 4
    # The list: every proposal, none marked as anyone's, the same for all, encoded once per push.
    shared = lists[0][0]
    assert all(x[0] == shared for x in lists)
    assert len(shared["proposals"]) == 16
    assert all("mine" not in p and "client_id" not in p for p in shared["proposals"])
    assert counts["lists_encoded"] == 1
    # Each state: the session's part, the phone's own proposals only, and the list's version.
    flooder, *quiet = [x[0] for x in states]
    assert flooder["proposals_version"] == shared["version"] and flooder["phase"] == "review"
    assert len(flooder["proposals"]) == 8 and all(p["mine"] and p["client_id"] for p in flooder["proposals"])
    assert all(s["proposals"] == [] and s["proposals_version"] == shared["version"] for s in quiet)
    assert all(size(s) < 1000 for s in quiet) and size(shared) > 10 * size(quiet[0])
    # Put together, each is exactly the old snapshot an old phone would have had.
    old = [events(sio, "session:state")[-1] for sio in hall["old"]]
    assert merged(quiet[0], shared) == {**old[1], "my_table": quiet[0]["my_table"]} == old[1]
    with app.app_context():
        flooder_old = results_service.phone_state(_participant(hall["people"][0]["participant_id"]))
    assert merged(flooder, shared) == flooder_old
    # A change that leaves the list as it was (the vote opens) sends no list again, only states.
    api.phase(sid, "vote")
    for sio in hall["shared"]:
        got = sio.get_received()
        assert [p["name"] for p in got] == ["session:state"]
        assert got[0]["args"][0]["proposals_version"] == shared["version"]


def _participant(pid):
    from workshop.extensions import db
    from workshop.models import Participant
    return db.session.get(Participant, pid)


def test_old_clients_keep_the_whole_snapshot(api, hall):
    api.phase(hall["session"]["id"], "review")
    for index, sio in enumerate(hall["old"]):
        got = sio.get_received()
        assert [p["name"] for p in got] == ["session:state"]
        state = got[0]["args"][0]
        assert "proposals_version" not in state and len(state["proposals"]) == 16
        assert sum(p["mine"] for p in state["proposals"]) == (8 if index == 0 else 0)


def test_a_phone_that_connects_gets_the_list_then_its_state_and_may_ask_again(api, hall, connect):
    sid = hall["session"]["id"]
    api.phase(sid, "review")
    api.post(f"/api/v1/sessions/{sid}/reveal", json={})
    again = connect(hall["people"][1]["token"], shared=True)
    got = again.get_received()
    assert [p["name"] for p in got] == ["session:proposals", "session:state"]
    shared, state = got[0]["args"][0], got[1]["args"][0]
    assert state["proposals_version"] == shared["version"] and "results" not in state
    ack = again.emit("proposals:list", {}, callback=True)
    assert ack == {"ok": True, "shared": shared}


def test_a_phone_without_a_session_has_no_list(api, connect):
    workshop = api.workshop()
    person = api.join(workshop["join_code"], name="Rina", group="desa")
    sio = connect(person["token"], shared=True)
    got = sio.get_received()
    assert [p["name"] for p in got] == ["session:state"]
    assert got[0]["args"][0]["proposals_version"] is None
    assert sio.emit("proposals:list", {}, callback=True) == {"ok": True, "shared": None}


def test_which_participants_opted_in_follows_their_connections(app, api, connect):
    from workshop.live.broadcast import phone_shapes

    workshop = api.workshop()
    siti, agus = (api.join(workshop["join_code"], name=n, group="umkm") for n in ("Siti", "Agus"))
    ids = [siti["participant_id"], agus["participant_id"]]

    def split():
        with app.app_context():
            return phone_shapes().split(workshop["id"], ids)

    assert split() == (set(), set(ids))  # nobody connected: the old shape, as before
    first = connect(siti["token"], shared=True)
    assert split() == ({ids[0]}, {ids[1]})
    second = connect(siti["token"])  # another tab of Siti's, an old page: she needs both
    assert split() == ({ids[0]}, set(ids))
    second.disconnect()
    assert split() == ({ids[0]}, {ids[1]})
    first.disconnect()
    assert split() == (set(), set(ids))


def test_phones_that_reconnect_share_one_list_built_once_per_change(app, api, hall, connect):
    """After the venue's Wi-Fi drops every phone reconnects: the list is built once, not once per
    phone; a change (a hide) builds it again, ballots do not until the results are revealed."""
    sid, people = hall["session"]["id"], hall["people"]

    def reconnect_all():
        before = results_service.push_counts["lists_encoded"]
        got = [connect(p["token"], shared=True).get_received() for p in people]
        lists = [next(e["args"][0] for e in g if e["name"] == "session:proposals") for g in got]
        assert all(x == lists[0] for x in lists)
        return lists[0], results_service.push_counts["lists_encoded"] - before

    api.phase(sid, "review")
    shown, built = reconnect_all()
    assert len(shown["proposals"]) == 16 and built == 0  # the phase change's push built it
    ids = [p["id"] for p in shown["proposals"]]
    assert api.client.patch(f"/api/v1/proposals/{ids[0]}", json={"hidden": True},
                            headers=api.headers).status_code == 200
    shown, built = reconnect_all()
    assert [p["id"] for p in shown["proposals"]] == ids[1:] and built <= 1
    api.phase(sid, "vote")
    voter = hall["shared"][1]
    assert voter.emit("ballot:cast", {"session_id": sid, "ballot": {"dots": {str(ids[1]): 1}}}, callback=True)["ok"]
    again, built = reconnect_all()
    assert again == shown and built == 0  # a ballot changes nothing phones list
    api.phase(sid, "closed")
    api.post(f"/api/v1/sessions/{sid}/reveal", json={})
    revealed, _built = reconnect_all()
    assert revealed["results"] and revealed["version"] != shown["version"]


def test_a_list_read_inside_an_uncommitted_change_is_not_kept(app, api, hall):
    """A list built in a transaction that noted a change (it may roll back) is not cached."""
    from workshop import changes
    from workshop.extensions import db
    from workshop.models import Workshop, WorkshopSession

    sid = hall["session"]["id"]
    api.phase(sid, "review")
    with app.app_context():
        workshop = db.session.get(Workshop, hall["workshop"]["id"])
        session = db.session.get(WorkshopSession, sid)
        cached = results_service._cached_list(workshop, session)
        assert results_service._cached_list(workshop, session) is cached  # the same entry
        changes.changed(workshop.id, sid, phones=True)
        assert results_service._cached_list(workshop, session) is not cached
        db.session.rollback()
        assert results_service._cached_list(workshop, session) is cached


def test_a_push_bigger_than_the_pacing_bucket_is_queued_and_keeps_each_phones_order(app, api, hall, connect):
    """A list too big to write at once (1,000 phones x 1 MB in a flooded hall) goes out from a
    background task, a run of phones at a time: the facilitator's call answers first, each phone
    still gets its list before its state, and a later push comes after it, never before."""
    import time

    from workshop.live import sender as sender_module

    sid = hall["session"]["id"]
    app.config["PUSH_BYTES_PER_SLICE"] = 20_000  # one list (16 long proposals) per phone per slice
    app.extensions.pop("rembuk_push_sender", None)
    api.phase(sid, "review")
    api.phase(sid, "vote")
    late = connect(hall["people"][5]["token"], shared=True)  # while the queue drains: joins it
    with app.app_context():
        sender = sender_module.push_sender()
    assert sender.queued >= 1
    deadline = time.time() + 20
    got = [[] for _ in hall["shared"]]
    while time.time() < deadline and not all(len([e for e in g if e["name"] == "session:state"]) >= 2 for g in got):
        for index, sio in enumerate(hall["shared"]):
            got[index] += sio.get_received()
        time.sleep(0.05)
    for events_of_phone in got:
        names = [e["name"] for e in events_of_phone]
        assert names == ["session:proposals", "session:state", "session:state"], names
        listed, review, vote = (e["args"][0] for e in events_of_phone)
        assert review["phase"] == "review" and vote["phase"] == "vote"
        assert review["proposals_version"] == vote["proposals_version"] == listed["version"]
    assert sender.pacer.waited > 0  # the runs were spread out
    mine = []
    while time.time() < deadline and not any(e["name"] == "session:state" for e in mine):
        mine += late.get_received()
        time.sleep(0.05)
    assert [e["name"] for e in mine] == ["session:proposals", "session:state"]
    assert mine[1]["args"][0]["phase"] == "vote"
