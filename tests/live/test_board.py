"""The board's subscription and its coalesced updates."""
from workshop.live.broadcast import broadcaster

from ..conftest import Api, events


def setup_vote(api, connect):
    workshop = api.workshop()
    session = api.session(workshop["id"])
    api.phase(session["id"], "collect")
    phone = api.join(workshop["join_code"], group="akademisi")
    sio = connect(phone["token"])
    ids = [sio.emit("proposal:submit", {"session_id": session["id"], "title": f"Program {n}",
                                        "dimension": "economy", "client_id": str(n)}, callback=True)["proposal"]["id"]
           for n in range(3)]
    api.phase(session["id"], "vote")
    return workshop, session, sio, ids


def test_watch_by_workshop_acks_the_current_payload(api, connect):
    workshop, session, _, ids = setup_vote(api, connect)
    board = connect(api.token)
    ack = board.emit("board:watch", {"workshop_id": workshop["id"]}, callback=True)
    update = ack["update"]
    assert ack["ok"] and update["session_id"] == session["id"] and update["phase"] == "vote"
    assert update["participants"] == {"total": 1, "by_group": {"opd": 0, "desa": 0, "relawan_tik": 0, "umkm": 0,
                                                               "akademisi": 1, "lainnya": 0}}
    assert update["proposals_count"] == 3 and update["voters"] == 0
    assert [p["id"] for p in update["proposals"]] == ids[::-1]
    assert {r["proposal_id"] for r in update["results"]} == set(ids) and isinstance(update["seq"], int)


def test_watch_by_session(api, connect):
    workshop, session, _, _ = setup_vote(api, connect)
    ack = connect(api.token).emit("board:watch", {"session_id": session["id"]}, callback=True)
    assert ack["ok"] and ack["update"]["session_id"] == session["id"]


def test_burst_of_ballots_becomes_one_update_per_flush(api, connect):
    workshop, session, sio, ids = setup_vote(api, connect)
    board = connect(api.token)
    first = board.emit("board:watch", {"workshop_id": workshop["id"]}, callback=True)["update"]
    board.get_received()
    for n in (1, 2, 3, 2, 3):
        assert sio.emit("ballot:cast", {"session_id": session["id"], "ballot": {"dots": {str(ids[1]): n}}},
                        callback=True)["ok"]
    broadcaster.flush()
    updates = events(board, "board:update")
    assert len(updates) == 1
    assert updates[0]["seq"] > first["seq"] and updates[0]["voters"] == 1
    assert updates[0]["results"][0] == {"rank": 1, "proposal_id": ids[1], "title": "Program 1",
                                        "dimension": "economy", "score": 3, "voters": 1,
                                        "detail": {"dots": 3}, "merged_count": 0}
    broadcaster.flush()
    assert events(board, "board:update") == []  # nothing changed, nothing sent


def test_joins_and_new_proposals_reach_the_board(api, connect):
    workshop = api.workshop()
    session = api.session(workshop["id"])
    board = connect(api.token)
    ack = board.emit("board:watch", {"workshop_id": workshop["id"]}, callback=True)
    assert ack["update"]["session_id"] is None and ack["update"]["participants"]["total"] == 0
    phone = api.join(workshop["join_code"], group="opd")
    broadcaster.flush()
    assert events(board, "board:update")[-1]["participants"]["by_group"]["opd"] == 1
    api.phase(session["id"], "collect")
    connect(phone["token"]).emit("proposal:submit", {"session_id": session["id"], "title": "Smart parking",
                                                     "dimension": "living", "client_id": "p"}, callback=True)
    broadcaster.flush()
    update = events(board, "board:update")[-1]
    assert update["phase"] == "collect" and update["proposals"][0]["title"] == "Smart parking"
    assert update["proposals"][0]["group"] == "opd"


def test_board_follows_the_current_session(api, connect):
    workshop, first, _, _ = setup_vote(api, connect)
    board = connect(api.token)
    board.emit("board:watch", {"workshop_id": workshop["id"]}, callback=True)
    second = api.session(workshop["id"], title="Quick Win")
    api.phase(second["id"], "collect")
    broadcaster.flush()
    update = events(board, "board:update")[-1]
    assert update["session_id"] == second["id"] and update["title"] == "Quick Win"


def test_other_facilitator_and_participants_cannot_watch(app, api, connect):
    workshop, session, sio, _ = setup_vote(api, connect)
    other = Api(app, app.test_client(), email="lain@kominfo.go.id")
    board = connect(other.token)
    for body in ({"workshop_id": workshop["id"]}, {"session_id": session["id"]}):
        ack = board.emit("board:watch", body, callback=True)
        assert ack["ok"] is False and ack["error"]["code"] == "forbidden"
    assert sio.emit("board:watch", {"session_id": session["id"]}, callback=True)["error"]["code"] == "forbidden"
    missing = board.emit("board:watch", {"workshop_id": 4242}, callback=True)
    assert missing["error"]["code"] == "not_found"


def test_facilitator_cannot_use_phone_events(api, connect):
    workshop, session, _, ids = setup_vote(api, connect)
    board = connect(api.token)
    ack = board.emit("ballot:cast", {"session_id": session["id"], "ballot": {"dots": {str(ids[0]): 1}}},
                     callback=True)
    assert ack["ok"] is False and ack["error"]["code"] == "forbidden"


def test_logged_in_console_cookie_authenticates_the_board_socket(app, api, connect):
    workshop = api.workshop()
    browser = app.test_client()
    app.config["WTF_CSRF_ENABLED"] = False
    browser.post("/login", data={"email": api.email, "password": "rahasia123"})
    board = connect(flask_client=browser)
    assert board.is_connected()
    assert board.emit("board:watch", {"workshop_id": workshop["id"]}, callback=True)["ok"]


def test_each_accepted_ballot_counts_once_in_seq(api, connect):
    # The load benchmark's freshness figure relies on this: one accepted cast, one revision.
    workshop, session, sio, ids = setup_vote(api, connect)
    board = connect(api.token)
    before = board.emit("board:watch", {"workshop_id": workshop["id"]}, callback=True)["update"]["seq"]
    for n in (1, 2, 3):
        assert sio.emit("ballot:cast", {"session_id": session["id"], "ballot": {"dots": {str(ids[0]): n}}},
                        callback=True)["ok"]
    refused = sio.emit("ballot:cast", {"session_id": session["id"], "ballot": {"dots": {str(ids[0]): 9}}},
                       callback=True)
    assert refused["ok"] is False
    after = board.emit("board:watch", {"workshop_id": workshop["id"]}, callback=True)["update"]["seq"]
    assert after == before + 3


def test_no_board_watching_means_no_update_is_built(api, connect):
    """One process knows every board: a workshop nobody projects costs no board:update (with 800
    proposals one costs the loop 40-80 ms); a board that starts watching gets it in its ack, and
    the flushes from then on."""
    from workshop import metrics
    from workshop.services import results as results_service

    workshop, session, sio, ids = setup_vote(api, connect)
    broadcaster.flush()  # what the setup marked, whoever watches
    built = []
    original = results_service.board_payload
    results_service.board_payload = lambda *args, **kwargs: built.append(args) or original(*args, **kwargs)
    try:
        assert sio.emit("ballot:cast", {"session_id": session["id"], "ballot": {"dots": {str(ids[0]): 1}}},
                        callback=True)["ok"]
        assert workshop["id"] not in metrics.connections.watched_workshops()
        assert broadcaster.flush() == 0 and built == []
        board = connect(api.token)
        assert board.emit("board:watch", {"workshop_id": workshop["id"]}, callback=True)["update"]["voters"] == 1
        board.get_received()
        assert sio.emit("ballot:cast", {"session_id": session["id"], "ballot": {"dots": {str(ids[1]): 1}}},
                        callback=True)["ok"]
        assert broadcaster.flush() == 1
        assert events(board, "board:update")[-1]["results"]
    finally:
        results_service.board_payload = original


def test_a_change_other_than_a_ballot_leaves_the_board_to_the_flusher(app, api, connect, monkeypatch):
    """A phase change answers without building the board (the flusher's task sends it); a ballot
    that finds a flush due sends it at once (under a burst the task would wait behind the ballots)."""
    workshop, session, sio, ids = setup_vote(api, connect)
    board = connect(api.token)
    board.emit("board:watch", {"workshop_id": workshop["id"]}, callback=True)
    broadcaster.flush()
    board.get_received()
    monkeypatch.setattr(broadcaster, "_interval", 0.001)  # a flush is due at every change
    monkeypatch.setattr(broadcaster, "_gap", 0.001)
    monkeypatch.setattr(broadcaster, "_started", True)  # no background task: what runs inline shows
    api.phase(session["id"], "closed")
    assert events(board, "board:update") == []
    api.phase(session["id"], "vote")
    board.get_received()
    import time
    time.sleep(0.01)
    assert sio.emit("ballot:cast", {"session_id": session["id"], "ballot": {"dots": {str(ids[0]): 1}}},
                    callback=True)["ok"]
    assert events(board, "board:update")[-1]["phase"] == "vote"
