"""The phone's Socket.IO flow: snapshots, proposals, ballots and every refusal."""
import pytest

from workshop.live.broadcast import broadcaster

from ..conftest import events


@pytest.fixture
def hall(api, connect):
    """A workshop with one session in draft and two joined phones (connected)."""
    workshop = api.workshop()
    session = api.session(workshop["id"])
    siti = api.join(workshop["join_code"], name="Siti", group="umkm")
    agus = api.join(workshop["join_code"], name="Agus", group="opd", organization="Dinkominfo")
    return {"workshop": workshop, "session": session, "siti": siti, "agus": agus,
            "siti_io": connect(siti["token"]), "agus_io": connect(agus["token"])}


def submit(sio, session_id, title="Digitalisasi layanan perizinan", dimension="governance", client_id="c1", **extra):
    return sio.emit("proposal:submit", {"session_id": session_id, "title": title, "dimension": dimension,
                                        "client_id": client_id, **extra}, callback=True)


def cast(sio, session_id, dots):
    return sio.emit("ballot:cast", {"session_id": session_id, "ballot": {"dots": dots}}, callback=True)


def test_unknown_token_and_no_token_are_refused(connect):
    assert not connect("not-a-token").is_connected()
    assert not connect().is_connected()


def test_a_stale_token_does_not_hide_a_valid_cookie(app, api, connect):
    workshop = api.workshop()
    phone = app.test_client()
    phone.post("/api/v1/join", json={"join_code": workshop["join_code"], "name": "Rina", "group": "desa"})
    assert connect("stale-token", flask_client=phone).is_connected()


def test_connect_sends_a_waiting_snapshot_before_any_session_is_live(hall):
    state = events(hall["siti_io"], "session:state")[-1]
    assert state["session_id"] is None and state["phase"] is None and state["proposals"] == []


def test_phase_change_switches_every_phone(api, hall):
    for sio in (hall["siti_io"], hall["agus_io"]):
        sio.get_received()
    api.phase(hall["session"]["id"], "collect")
    for sio in (hall["siti_io"], hall["agus_io"]):
        state = events(sio, "session:state")[-1]
        assert state["session_id"] == hall["session"]["id"] and state["phase"] == "collect"
        assert {k: state["settings"][k] for k in ("dots_per_participant", "max_dots_per_proposal")} == {"dots_per_participant": 5, "max_dots_per_proposal": 3}
        assert state["method"] == "dots" and "results" not in state


def test_submit_in_collect_and_replay_returns_the_same_proposal(api, hall):
    sid = hall["session"]["id"]
    api.phase(sid, "collect")
    ack = submit(hall["siti_io"], sid, description="Satu pintu, daring")
    assert ack["ok"] and ack["proposal"]["title"] == "Digitalisasi layanan perizinan"
    assert ack["proposal"]["group"] == "umkm" and ack["proposal"]["mine"] is True
    replay = submit(hall["siti_io"], sid, title="changed on replay")
    assert replay["ok"] and replay["proposal"]["id"] == ack["proposal"]["id"]
    # A client_id is the phone's own, per session: others and other sessions may reuse it.
    other = submit(hall["agus_io"], sid)
    assert other["ok"] and other["proposal"]["id"] != ack["proposal"]["id"]
    assert len(api.results(sid)["results"]) == 2


def test_phone_sees_only_its_own_proposals_while_collecting_then_all(api, hall, connect):
    sid = hall["session"]["id"]
    api.phase(sid, "collect")
    submit(hall["siti_io"], sid, client_id="a")
    submit(hall["agus_io"], sid, title="Aplikasi wisata Purbalingga", dimension="branding", client_id="b")
    again = connect(hall["siti"]["token"])
    state = events(again, "session:state")[-1]
    assert [(p["title"], p["client_id"]) for p in state["proposals"]] == [("Digitalisasi layanan perizinan", "a")]
    hall["siti_io"].get_received()
    api.phase(sid, "review")
    state = events(hall["siti_io"], "session:state")[-1]
    assert sorted((p["title"], p["mine"], p.get("client_id")) for p in state["proposals"]) == [
        ("Aplikasi wisata Purbalingga", False, None), ("Digitalisasi layanan perizinan", True, "a")]


@pytest.mark.parametrize("payload, code", [
    ({"title": "ab"}, "invalid_input"),
    ({"title": "x" * 121}, "invalid_input"),
    ({"description": "d" * 1001}, "invalid_input"),
    ({"dimension": "tourism"}, "unknown_dimension"),
    ({"session_id": "1"}, "invalid_input"),
    ({"session_id": 99999}, "not_found"),
])
def test_submit_refusals(api, hall, payload, code):
    sid = hall["session"]["id"]
    api.phase(sid, "collect")
    body = {"session_id": sid, "title": "Judul usulan", "dimension": "living", "client_id": "z", **payload}
    ack = hall["siti_io"].emit("proposal:submit", body, callback=True)
    assert ack["ok"] is False and ack["error"]["code"] == code and ack["error"]["message"]
    assert api.results(sid)["results"] == []


@pytest.mark.parametrize("phase", ["draft", "review", "vote", "closed"])
def test_submit_outside_collect_is_refused(api, hall, phase):
    sid = hall["session"]["id"]
    if phase != "draft":
        api.phase(sid, phase)
    ack = submit(hall["siti_io"], sid)
    assert ack == {"ok": False, "error": ack["error"]} and ack["error"]["code"] == "wrong_phase"


def test_non_object_payloads_get_an_error_ack_and_the_socket_lives(hall):
    for bad in (None, 5, "x", [1, 2]):
        ack = hall["siti_io"].emit("ballot:cast", bad, callback=True)
        assert ack["ok"] is False and ack["error"]["code"] == "invalid_input"
    assert hall["siti_io"].is_connected()


def vote_ready(api, hall, titles=("Satu", "Dua", "Tiga")):
    sid = hall["session"]["id"]
    api.phase(sid, "collect")
    ids = [submit(hall["siti_io"], sid, title=f"Program {t}", client_id=t)["proposal"]["id"] for t in titles]
    api.phase(sid, "vote")
    return sid, ids


def test_cast_replaces_the_ballot_and_results_follow(api, hall):
    sid, (a, b, c) = vote_ready(api, hall)
    state = events(hall["siti_io"], "session:state")[-1]
    assert state["phase"] == "vote" and len(state["proposals"]) == 3 and state["ballot"] == {"dots": {}}
    assert state["remaining"] == 5
    ack = cast(hall["siti_io"], sid, {str(a): 3, str(b): 2})
    assert ack == {"ok": True, "ballot": {"dots": {str(a): 3, str(b): 2}}, "remaining": 0}
    # Moving dots: the new ballot replaces the old one whole.
    ack = cast(hall["siti_io"], sid, {str(c): 1, str(b): 2})
    assert ack["remaining"] == 2
    assert cast(hall["siti_io"], sid, {str(c): 1, str(b): 2}) == ack  # a replay changes nothing
    cast(hall["agus_io"], sid, {str(c): 3})
    results = api.results(sid)
    assert results["voters"] == 2
    assert [(r["proposal_id"], r["score"], r["voters"], r["rank"]) for r in results["results"]] == [
        (c, 4, 2, 1), (b, 2, 1, 2), (a, 0, 0, 3)]
    assert results["results"][0]["by_group"] == {"opd": 3, "desa": 0, "relawan_tik": 0, "umkm": 1,
                                                 "akademisi": 0, "lainnya": 0}


def test_reconnect_brings_back_the_ballot(api, hall, connect):
    sid, (a, b, _) = vote_ready(api, hall)
    cast(hall["siti_io"], sid, {str(a): 1, str(b): 1})
    hall["siti_io"].disconnect()
    state = events(connect(hall["siti"]["token"]), "session:state")[-1]
    assert state["ballot"] == {"dots": {str(a): 1, str(b): 1}} and state["remaining"] == 3


@pytest.mark.parametrize("dots, code", [
    ({"A": 1}, "invalid_ballot"),
    ("3", "invalid_ballot"),
    ({"X": 4}, "over_cap"),
    ({"X": 3, "Y": 3}, "over_budget"),
    ({"999999": 1}, "unknown_proposal"),
    ({"X": -1}, "invalid_ballot"),
])
def test_cast_refusals_leave_the_ballot_unchanged(api, hall, dots, code):
    sid, (a, b, _) = vote_ready(api, hall)
    cast(hall["siti_io"], sid, {str(a): 1})
    if isinstance(dots, dict):
        dots = {str(a) if k == "X" else str(b) if k == "Y" else k: v for k, v in dots.items()}
    ack = cast(hall["siti_io"], sid, dots)
    assert ack["ok"] is False and ack["error"]["code"] == code
    assert api.results(sid)["results"][0]["score"] == 1


def test_cast_with_a_wrong_shape_is_refused(api, hall):
    sid, (a, *_) = vote_ready(api, hall)
    for ballot, code in (({"points": {str(a): 1}}, "wrong_method"), ({}, "invalid_ballot"),
                         ({"dots": {}, "extra": 1}, "invalid_ballot"), ([1], "invalid_ballot")):
        ack = hall["siti_io"].emit("ballot:cast", {"session_id": sid, "ballot": ballot}, callback=True)
        assert ack["ok"] is False and ack["error"]["code"] == code


@pytest.mark.parametrize("phase", ["collect", "review", "closed", "draft"])
def test_cast_outside_vote_is_refused(api, hall, phase):
    sid, (a, *_) = vote_ready(api, hall)
    api.phase(sid, phase)
    ack = cast(hall["siti_io"], sid, {str(a): 1})
    assert ack["ok"] is False and ack["error"]["code"] == "wrong_phase"


def test_proposal_of_another_session_is_refused(api, hall):
    sid, (a, *_) = vote_ready(api, hall)
    other = api.session(hall["workshop"]["id"], title="Sesi lain")
    api.phase(other["id"], "collect")
    foreign = submit(hall["siti_io"], other["id"], client_id="foreign")["proposal"]["id"]
    api.phase(sid, "vote")
    ack = cast(hall["siti_io"], sid, {str(foreign): 1})
    assert ack["ok"] is False and ack["error"]["code"] == "unknown_proposal"


def test_participant_cannot_act_in_another_workshops_session(api, hall, connect):
    sid, (a, *_) = vote_ready(api, hall)
    other_workshop = api.workshop(title="Bimtek kabupaten lain")
    stranger = api.join(other_workshop["join_code"], name="Orang lain", group="opd")
    sio = connect(stranger["token"])
    assert cast(sio, sid, {str(a): 1})["error"]["code"] == "not_found"
    assert submit(sio, sid)["error"]["code"] == "not_found"
    assert api.results(sid)["voters"] == 0


def test_participant_cannot_use_facilitator_events(api, hall):
    ack = hall["siti_io"].emit("board:watch", {"workshop_id": hall["workshop"]["id"]}, callback=True)
    assert ack["ok"] is False and ack["error"]["code"] == "forbidden"


def test_phones_get_results_only_when_closed(api, hall):
    sid, (a, *_) = vote_ready(api, hall)
    cast(hall["agus_io"], sid, {str(a): 2})
    assert "results" not in events(hall["siti_io"], "session:state")[-1]
    api.phase(sid, "closed")
    state = events(hall["siti_io"], "session:state")[-1]
    assert state["results"][0] == {"rank": 1, "proposal_id": a, "title": "Program Satu",
                                   "dimension": "governance", "score": 2, "voters": 1, "detail": {"dots": 2},
                                   "merged_count": 0}


def test_phones_get_no_per_ballot_traffic(api, hall):
    sid, (a, *_) = vote_ready(api, hall)
    hall["agus_io"].get_received()
    for n in (1, 2, 3):
        cast(hall["siti_io"], sid, {str(a): n})
    broadcaster.flush()
    assert hall["agus_io"].get_received() == []


def test_client_id_is_per_session(api, hall):
    sid = hall["session"]["id"]
    api.phase(sid, "collect")
    first = submit(hall["siti_io"], sid, client_id="same")["proposal"]["id"]
    other = api.session(hall["workshop"]["id"], title="Sesi dua")
    api.phase(other["id"], "collect")
    second = submit(hall["siti_io"], other["id"], client_id="same")
    assert second["ok"] and second["proposal"]["id"] != first and second["proposal"]["session_id"] == other["id"]
