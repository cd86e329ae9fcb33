"""Moderation, reveal, timer, carry-over, masterplan fields and paper ballots."""
import datetime as dt

import pytest

from workshop.extensions import db
from workshop.live.timers import timer_watch
from workshop.models import Participant, WorkshopSession

from ..conftest import Api, events


@pytest.fixture
def room(api, connect):
    """A dots session in collect with three proposals (two near-duplicates) from two phones."""
    workshop = api.workshop()
    session = api.session(workshop["id"])
    api.phase(session["id"], "collect")
    siti = api.join(workshop["join_code"], name="Siti", group="umkm")
    agus = api.join(workshop["join_code"], name="Agus", group="opd")
    s_io, a_io = connect(siti["token"]), connect(agus["token"])

    def submit(sio, title, client_id, **extra):
        return sio.emit("proposal:submit", {"session_id": session["id"], "title": title, "dimension": "governance",
                                            "client_id": client_id, **extra}, callback=True)["proposal"]["id"]

    ids = [submit(s_io, "Digitalisasi layanan perizinan", "1"), submit(a_io, "Layanan perizinan digital", "1"),
           submit(a_io, "Satu data kabupaten", "2")]
    return {"workshop": workshop, "sid": session["id"], "ids": ids, "s_io": s_io, "a_io": a_io}


def cast(sio, sid, dots):
    return sio.emit("ballot:cast", {"session_id": sid, "ballot": {"dots": {str(k): v for k, v in dots.items()}}},
                    callback=True)


def test_merge_moves_dots_without_double_counting(api, room):
    sid, (dup_a, dup_b, other) = room["sid"], room["ids"]
    api.phase(sid, "vote")
    cast(room["s_io"], sid, {dup_a: 2, dup_b: 2, other: 1})
    cast(room["a_io"], sid, {dup_b: 3})
    api.phase(sid, "review")  # merging happens between votes, never during them
    response = api.post(f"/api/v1/proposals/{dup_b}/merge", {"into": dup_a})
    assert response.status_code == 200 and response.get_json()["id"] == dup_a
    assert response.get_json()["merged_count"] == 1
    results = {r["proposal_id"]: r for r in api.results(sid)["results"]}
    assert set(results) == {dup_a, other}
    # Siti: 2 + 2 capped at 3; Agus: 3 moved. Two voters, not three.
    assert (results[dup_a]["score"], results[dup_a]["voters"]) == (6, 2)
    api.phase(sid, "vote")
    state = events(room["s_io"], "session:state")[-1]
    assert state["ballot"] == {"dots": {str(dup_a): 3, str(other): 1}} and state["remaining"] == 1
    assert [p["id"] for p in state["proposals"]] == [dup_a, other]


@pytest.mark.parametrize("case, code", [("same", "invalid_merge"), ("across", "merge_across_sessions"),
                                        ("twice", "invalid_merge"), ("vote", "wrong_phase")])
def test_merge_refusals(api, room, case, code):
    sid, (a, b, c) = room["sid"], room["ids"]
    into = a
    if case == "same":
        b = a
    elif case == "across":
        other = api.session(room["workshop"]["id"], title="Lain")
        api.phase(other["id"], "collect")
        into = room["s_io"].emit("proposal:submit", {"session_id": other["id"], "title": "Program lain",
                                                     "dimension": "living", "client_id": "x"}, callback=True)["proposal"]["id"]
    elif case == "twice":
        api.post(f"/api/v1/proposals/{b}/merge", {"into": a})
        into = c
    elif case == "vote":
        api.phase(sid, "vote")
    response = api.post(f"/api/v1/proposals/{b}/merge", {"into": into})
    assert response.status_code == 400 and response.get_json()["error"]["code"] == code


def test_participants_and_other_facilitators_cannot_moderate(app, api, room):
    sid, (a, b, _) = room["sid"], room["ids"]
    phone_token = api.join(room["workshop"]["join_code"], name="Nakal", group="lainnya")["token"]
    other = Api(app, app.test_client(), email="lain@kominfo.go.id")
    for method, url, body in [("post", f"/api/v1/proposals/{b}/merge", {"into": a}),
                              ("patch", f"/api/v1/proposals/{a}", {"hidden": True}),
                              ("post", f"/api/v1/sessions/{sid}/reveal", {"revealed": True}),
                              ("post", f"/api/v1/sessions/{sid}/timer", {"action": "start", "seconds": 60}),
                              ("post", f"/api/v1/sessions/{sid}/paper-ballots", {"group": "opd", "ballot": {"dots": {}}}),
                              ("patch", f"/api/v1/sessions/{sid}", {"title": "x"}),
                              ("get", f"/api/v1/sessions/{sid}/proposals", None)]:
        as_phone = getattr(api.client, method)(url, json=body, headers={"Authorization": f"Bearer {phone_token}"})
        assert as_phone.status_code == 401, url
        as_other = getattr(other.client, method)(url, json=body, headers=other.headers)
        assert as_other.status_code == 403, url
    assert len(api.results(sid)["results"]) == 3


def test_edit_hide_and_log(api, room):
    sid, (a, b, c) = room["sid"], room["ids"]
    response = api.client.patch(f"/api/v1/proposals/{a}", headers=api.headers, json={
        "title": "Perizinan daring satu pintu", "dimension": "economy", "goal": "Izin usaha selesai 1 hari",
        "target": "UMKM", "indicator": "Waktu proses rata-rata", "responsible_agency": "DPMPTSP",
        "horizon": 1, "quick_win": True})
    body = response.get_json()
    assert response.status_code == 200 and body["title"] == "Perizinan daring satu pintu"
    assert (body["dimension"], body["horizon"], body["quick_win"]) == ("economy", 1, True)
    bad = api.client.patch(f"/api/v1/proposals/{a}", headers=api.headers, json={"horizon": 3})
    assert bad.status_code == 400 and bad.get_json()["error"]["field"] == "horizon"
    hidden = api.client.patch(f"/api/v1/proposals/{c}", headers=api.headers,
                              json={"hidden": True, "hidden_reason": "Bukan kewenangan kabupaten"})
    assert hidden.get_json()["status"] == "hidden"
    listing = {p["id"]: p for p in api.get(f"/api/v1/sessions/{sid}/proposals").get_json()["proposals"]}
    assert listing[c]["status"] == "hidden" and listing[c]["hidden_reason"] == "Bukan kewenangan kabupaten"
    assert c not in {r["proposal_id"] for r in api.results(sid)["results"]}
    api.phase(sid, "vote")
    assert cast(room["s_io"], sid, {c: 1})["error"]["code"] == "unknown_proposal"
    log = api.get(f"/api/v1/workshops/{room['workshop']['id']}/moderation-log").get_json()["entries"]
    actions = [(e["action"], e["proposal_id"]) for e in log if e["proposal_id"]]
    assert ("edit", a) in actions and ("hide", c) in actions
    edit = next(e for e in log if e["action"] == "edit")
    assert edit["by"] == api.email and edit["detail"]["changes"]["title"]["before"] == "Digitalisasi layanan perizinan"


def test_reveal_controls_phones_and_board(api, room, connect):
    sid, (a, *_) = room["sid"], room["ids"]
    api.phase(sid, "vote")
    cast(room["a_io"], sid, {a: 2})
    assert "results" not in events(room["s_io"], "session:state")[-1]
    response = api.post(f"/api/v1/sessions/{sid}/reveal", {"revealed": False, "board_hidden": True})
    assert response.get_json()["board_hides_results"] is True
    board = connect(api.token)
    update = board.emit("board:watch", {"session_id": sid}, callback=True)["update"]
    assert update["results_hidden"] is True and update["results"] == [] and update["voters"] == 1
    api.post(f"/api/v1/sessions/{sid}/reveal", {"revealed": True})
    state = events(room["s_io"], "session:state")[-1]
    assert state["revealed"] is True and state["results"][0]["proposal_id"] == a
    update = board.emit("board:watch", {"session_id": sid}, callback=True)["update"]
    assert update["results_hidden"] is False and update["results"][0]["score"] == 2


def test_timer_start_pause_extend_and_auto_close(app, api, room):
    sid = room["sid"]
    timer = api.post(f"/api/v1/sessions/{sid}/timer", {"action": "start", "seconds": 120}).get_json()["timer"]
    assert timer["running"] and timer["duration"] == 120 and 60 <= timer["remaining"] <= 120
    assert events(room["s_io"], "session:state")[-1]["timer"]["running"] is True
    paused = api.post(f"/api/v1/sessions/{sid}/timer", {"action": "pause"}).get_json()["timer"]
    assert paused["running"] is False and 60 <= paused["remaining"] <= 120
    extended = api.post(f"/api/v1/sessions/{sid}/timer", {"action": "extend", "seconds": 60}).get_json()["timer"]
    assert extended["duration"] == 180 and extended["remaining"] >= 120
    api.post(f"/api/v1/sessions/{sid}/timer", {"action": "resume", "auto_close": True})
    # Time runs out: with "close automatically", collect moves on to review.
    with app.app_context():
        session = db.session.get(WorkshopSession, sid)
        session.timer_ends_at = dt.datetime.utcnow() - dt.timedelta(seconds=1)
        db.session.commit()
    assert timer_watch.tick() == 1
    assert api.get(f"/api/v1/sessions/{sid}").get_json()["phase"] == "review"
    assert api.get(f"/api/v1/sessions/{sid}").get_json()["timer"] is None  # the new phase has none yet
    assert events(room["s_io"], "session:state")[-1]["phase"] == "review"
    assert timer_watch.tick() == 0
    reset = api.post(f"/api/v1/sessions/{sid}/timer", {"action": "reset"}).get_json()
    assert reset["timer"] is None
    assert api.post(f"/api/v1/sessions/{sid}/timer", {"action": "pause"}).get_json()["error"]["code"] == "no_timer"


def test_expired_timer_without_auto_close_keeps_the_phase(app, api, room):
    sid = room["sid"]
    api.post(f"/api/v1/sessions/{sid}/timer", {"action": "start", "seconds": 30})
    with app.app_context():
        session = db.session.get(WorkshopSession, sid)
        session.timer_ends_at = dt.datetime.utcnow() - dt.timedelta(seconds=1)
        db.session.commit()
    assert timer_watch.tick() == 1
    body = api.get(f"/api/v1/sessions/{sid}").get_json()
    assert body["phase"] == "collect" and body["timer"]["running"] is False and body["timer"]["remaining"] == 0


def test_carry_over_top_n_into_a_final(api, room):
    sid, (a, b, c) = room["sid"], room["ids"]
    api.phase(sid, "vote")
    cast(room["s_io"], sid, {c: 3, a: 1})
    api.phase(sid, "closed")
    final = api.session(room["workshop"]["id"], title="Final Quick Win", method="score")
    response = api.post(f"/api/v1/sessions/{final['id']}/carry", {"from_session_ids": [sid], "top_n": 2})
    assert response.status_code == 201
    assert [p["title"] for p in response.get_json()["copied"]] == ["Satu data kabupaten", "Digitalisasi layanan perizinan"]
    again = api.post(f"/api/v1/sessions/{final['id']}/carry", {"from_session_ids": [sid], "top_n": 2})
    assert again.get_json()["copied"] == []
    listing = api.get(f"/api/v1/sessions/{final['id']}/proposals").get_json()["proposals"]
    assert [p["origin_proposal_id"] for p in listing] == [c, a]


def test_paper_ballots_count_like_any_other(app, api, room):
    sid, (a, b, _) = room["sid"], room["ids"]
    api.phase(sid, "vote")
    response = api.post(f"/api/v1/sessions/{sid}/paper-ballots",
                        {"name": "", "group": "desa", "organization": "Desa Kutasari", "ballot": {"dots": {str(b): 3}}})
    assert response.status_code == 201 and response.get_json()["remaining"] == 2
    refused = api.post(f"/api/v1/sessions/{sid}/paper-ballots", {"group": "desa", "ballot": {"dots": {str(b): 9}}})
    assert refused.status_code == 400 and refused.get_json()["error"]["code"] == "over_cap"
    with app.app_context():
        assert db.session.query(Participant).filter_by(kind="paper").count() == 1  # nothing half-written
    results = {r["proposal_id"]: r for r in api.results(sid)["results"]}
    assert results[b]["score"] == 3 and results[b]["by_group"]["desa"] == 3


def test_submit_accepts_masterplan_fields(api, room):
    sio = room["s_io"]
    ack = sio.emit("proposal:submit", {"session_id": room["sid"], "title": "Bank sampah digital",
                                       "dimension": "environment", "client_id": "m", "goal": "Sampah terpilah",
                                       "horizon": 5, "quick_win": True}, callback=True)
    assert ack["ok"] and (ack["proposal"]["goal"], ack["proposal"]["horizon"], ack["proposal"]["quick_win"]) == (
        "Sampah terpilah", 5, True)
    bad = sio.emit("proposal:submit", {"session_id": room["sid"], "title": "Bank sampah", "dimension": "environment",
                                       "client_id": "n", "quick_win": "ya"}, callback=True)
    assert bad["error"]["code"] == "invalid_input"


def test_criteria_are_editable_only_before_voting(api):
    workshop = api.workshop()
    session = api.session(workshop["id"], method="score")
    criteria = [{"key": "dampak", "label": "Dampak", "weight": 2}, {"key": "kecepatan", "label": "Kecepatan"}]
    response = api.client.patch(f"/api/v1/sessions/{session['id']}", headers=api.headers, json={"criteria": criteria})
    assert [(c["key"], c["weight"]) for c in response.get_json()["settings"]["criteria"]] == [
        ("dampak", 2.0), ("kecepatan", 1.0)]
    api.phase(session["id"], "vote")
    late = api.client.patch(f"/api/v1/sessions/{session['id']}", headers=api.headers, json={"criteria": criteria})
    assert late.status_code == 400 and late.get_json()["error"]["code"] == "wrong_phase"


def test_remove_participant_and_their_ballots(api, room):
    sid, (a, b, _) = room["sid"], room["ids"]
    api.phase(sid, "vote")
    cast(room["s_io"], sid, {a: 3})
    cast(room["a_io"], sid, {a: 1, b: 2})
    people = api.get(f"/api/v1/workshops/{room['workshop']['id']}/participants").get_json()["participants"]
    agus = next(p for p in people if p["name"] == "Agus")
    assert (agus["group"], agus["kind"]) == ("opd", "phone")
    response = api.client.delete(f"/api/v1/participants/{agus['id']}", headers=api.headers)
    assert response.status_code == 200
    results = {r["proposal_id"]: r for r in api.results(sid)["results"]}
    assert (results[a]["score"], results[b]["score"], api.results(sid)["voters"]) == (3, 0, 1)
    assert b in results  # their proposals stay
    # The removed phone can no longer act.
    ack = cast(room["a_io"], sid, {a: 1})
    assert ack["ok"] is False and ack["error"]["code"] == "unauthorized"
    log = api.get(f"/api/v1/workshops/{room['workshop']['id']}/moderation-log").get_json()["entries"]
    removal = next(e for e in log if e["action"] == "remove_participant")
    assert removal["detail"]["name"] == "Agus" and removal["detail"]["ballot_entries_removed"] == 2
    assert api.client.delete(f"/api/v1/participants/{agus['id']}", headers=api.headers).status_code == 404


def test_a_phase_change_clears_the_timer(api, room):
    sid = room["sid"]
    api.post(f"/api/v1/sessions/{sid}/timer", {"action": "start", "seconds": 60})
    assert api.phase(sid, "review")
    assert api.get(f"/api/v1/sessions/{sid}").get_json()["timer"] is None


def test_board_hears_of_merges_newest_first(api, room, connect):
    sid, (a, b, c) = room["sid"], room["ids"]
    api.post(f"/api/v1/proposals/{c}/merge", {"into": a})
    api.post(f"/api/v1/proposals/{b}/merge", {"into": a})
    update = connect(api.token).emit("board:watch", {"session_id": sid}, callback=True)["update"]
    assert [(m["proposal_id"], m["into"], m["into_title"]) for m in update["merges"]] == [
        (b, a, "Digitalisasi layanan perizinan"), (c, a, "Digitalisasi layanan perizinan")]
    assert update["proposals"][0]["merged_count"] == 2


def test_auto_close_can_be_set_alone(api, room):
    sid = room["sid"]
    api.post(f"/api/v1/sessions/{sid}/timer", {"action": "start", "seconds": 90})
    timer = api.post(f"/api/v1/sessions/{sid}/timer", {"auto_close": True}).get_json()["timer"]
    assert timer["auto_close"] is True and timer["running"] is True
    log = api.get(f"/api/v1/workshops/{room['workshop']['id']}/moderation-log").get_json()["entries"]
    assert log[-1]["detail"]["timer_action"] == "set"


def test_settings_lock_once_ballots_exist_and_reopening_hides_results(api, room):
    sid, (a, *_) = room["sid"], room["ids"]
    api.phase(sid, "vote")
    cast(room["s_io"], sid, {a: 1})
    api.phase(sid, "closed")
    assert api.get(f"/api/v1/sessions/{sid}").get_json()["revealed"] is True
    api.phase(sid, "review")
    assert api.get(f"/api/v1/sessions/{sid}").get_json()["revealed"] is False  # no live results while re-voting
    late = api.client.patch(f"/api/v1/sessions/{sid}", headers=api.headers, json={"dots_per_participant": 10})
    assert late.status_code == 409 and late.get_json()["error"]["code"] == "settings_locked"
    renamed = api.client.patch(f"/api/v1/sessions/{sid}", headers=api.headers, json={"title": "Sesi ulang"})
    assert renamed.status_code == 200 and renamed.get_json()["title"] == "Sesi ulang"
    merged_away = api.client.patch(f"/api/v1/proposals/{room['ids'][1]}", headers=api.headers, json={"hidden": True})
    assert merged_away.status_code == 200
