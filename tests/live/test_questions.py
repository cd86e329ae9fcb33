"""Questions for the speakers over Socket.IO: ask, upvote, list, the pushes, and every refusal."""
import pytest

from workshop.live.broadcast import broadcaster

from ..conftest import Api, events


@pytest.fixture
def hall(api, connect):
    workshop = api.workshop()  # no session at all: questions need none
    siti = connect(api.join(workshop["join_code"], name="Siti")["token"])
    agus = connect(api.join(workshop["join_code"], name="Agus", group="opd")["token"])
    return {"workshop": workshop, "wid": workshop["id"], "siti": siti, "agus": agus}


def ask(sio, wid, text="Kapan aplikasi SPBE daerah bisa dipakai desa?", **extra):
    return sio.emit("question:ask", {"workshop_id": wid, "text": text, **extra}, callback=True)


def vote(sio, question_id, up=True):
    return sio.emit("question:vote", {"question_id": question_id, "up": up}, callback=True)


def test_a_question_is_asked_without_any_session_and_pushed_to_every_phone(hall):
    hall["agus"].get_received()
    ack = ask(hall["siti"], hall["wid"], client_id="q1")
    assert ack["ok"] is True
    question = ack["question"]
    assert question["text"].startswith("Kapan") and question["author"] == "Siti" and question["group"] == "umkm"
    assert question["votes"] == 0 and question["status"] == "open" and question["anonymous"] is False
    pushed = events(hall["agus"], "questions:update")
    assert pushed and pushed[-1]["questions"][0]["id"] == question["id"]


def test_an_anonymous_question_shows_no_name(hall):
    question = ask(hall["siti"], hall["wid"], anonymous=True)["question"]
    assert question["anonymous"] is True and question["author"] is None
    listed = hall["agus"].emit("question:list", {"workshop_id": hall["wid"]}, callback=True)
    assert listed["questions"][0]["author"] is None


def test_a_replay_with_the_same_client_id_returns_the_same_question(hall):
    first = ask(hall["siti"], hall["wid"], client_id="abc")["question"]
    again = ask(hall["siti"], hall["wid"], text="Teks lain sama sekali", client_id="abc")["question"]
    assert again["id"] == first["id"] and again["text"] == first["text"]
    listed = hall["siti"].emit("question:list", {"workshop_id": hall["wid"]}, callback=True)
    assert len(listed["questions"]) == 1 and listed["mine"] == [first["id"]]


def test_questions_are_asked_in_every_phase(api, hall):
    session = api.session(hall["wid"])
    for phase in ("collect", "review", "vote", "closed"):
        api.phase(session["id"], phase)
        assert ask(hall["siti"], hall["wid"], text=f"Pertanyaan saat {phase}")["ok"] is True


def test_upvoting_twice_counts_once_and_up_false_withdraws(hall):
    qid = ask(hall["siti"], hall["wid"])["question"]["id"]
    assert vote(hall["agus"], qid) == {"ok": True, "votes": 1}
    assert vote(hall["agus"], qid) == {"ok": True, "votes": 1}
    assert vote(hall["siti"], qid) == {"ok": True, "votes": 2}
    listed = hall["agus"].emit("question:list", {"workshop_id": hall["wid"]}, callback=True)
    assert listed["voted"] == [qid] and listed["mine"] == [] and listed["questions"][0]["votes"] == 2
    assert vote(hall["agus"], qid, up=False) == {"ok": True, "votes": 1}
    assert vote(hall["agus"], qid, up=False) == {"ok": True, "votes": 1}


def test_phones_list_most_upvoted_first(hall):
    first = ask(hall["siti"], hall["wid"], text="Pertama")["question"]["id"]
    second = ask(hall["siti"], hall["wid"], text="Kedua")["question"]["id"]
    vote(hall["agus"], second)
    hall["siti"].get_received()
    vote(hall["siti"], second)
    pushed = events(hall["siti"], "questions:update")[-1]
    assert [q["id"] for q in pushed["questions"]] == [second, first]
    assert pushed["questions"][0]["votes"] == 2


@pytest.mark.parametrize("text, reason", [("", "required"), ("   ", "required"), ("x" * 281, "too_long"),
                                          (42, "not_text"), (None, "required")])
def test_an_empty_or_too_long_question_is_refused(hall, text, reason):
    ack = hall["siti"].emit("question:ask", {"workshop_id": hall["wid"], "text": text}, callback=True)
    assert ack["ok"] is False and ack["error"]["code"] == "invalid_input" and ack["error"]["field"] == "text"
    listed = hall["siti"].emit("question:list", {"workshop_id": hall["wid"]}, callback=True)
    assert listed["questions"] == []


def test_280_characters_are_accepted(hall):
    assert ask(hall["siti"], hall["wid"], text="y" * 280)["ok"] is True


@pytest.mark.parametrize("payload, field", [({"workshop_id": None}, "workshop_id"), ({"anonymous": "ya"}, "anonymous"),
                                            ({"client_id": "c" * 65}, "client_id")])
def test_bad_ask_fields_are_refused(hall, payload, field):
    ack = hall["siti"].emit("question:ask", {"workshop_id": hall["wid"], "text": "Apa?", **payload}, callback=True)
    assert ack["error"]["code"] == "invalid_input" and ack["error"]["field"] == field


def test_another_workshop_is_not_found(api, connect, hall):
    other = api.workshop(title="Bimtek lain")
    stranger = connect(api.join(other["join_code"], name="Rina")["token"])
    assert ask(stranger, hall["wid"])["error"]["code"] == "not_found"
    qid = ask(hall["siti"], hall["wid"])["question"]["id"]
    assert vote(stranger, qid)["error"]["code"] == "not_found"
    listed = stranger.emit("question:list", {"workshop_id": hall["wid"]}, callback=True)
    assert listed["error"]["code"] == "not_found"
    # ... and the other workshop's phones hear nothing of this one's questions
    assert events(stranger, "questions:update") == []


def test_an_unknown_question_is_not_found(hall):
    assert vote(hall["siti"], 987654)["error"]["code"] == "not_found"
    ack = hall["siti"].emit("question:vote", {"question_id": "satu"}, callback=True)
    assert ack["error"]["code"] == "invalid_input" and ack["error"]["field"] == "question_id"
    ack = hall["siti"].emit("question:vote", {"question_id": 1, "up": "ya"}, callback=True)
    assert ack["error"]["code"] == "invalid_input" and ack["error"]["field"] == "up"


def test_a_hidden_or_answered_question_takes_no_votes(api, hall):
    qid = ask(hall["siti"], hall["wid"])["question"]["id"]
    for status in ("hidden", "answered"):
        assert api.client.patch(f"/api/v1/questions/{qid}", json={"status": status},
                                headers=api.headers).status_code == 200
        assert vote(hall["agus"], qid)["error"]["code"] == "question_closed"


def test_a_participant_cannot_change_a_question_status(app, api, hall):
    qid = ask(hall["siti"], hall["wid"])["question"]["id"]
    # No socket event changes a status, and the API refuses a phone's token and cookie alike.
    phone = api.join(hall["workshop"]["join_code"], name="Dewi")
    refused = app.test_client().patch(f"/api/v1/questions/{qid}", json={"status": "hidden"},
                                      headers={"Authorization": f"Bearer {phone['token']}"})
    assert refused.status_code == 401 and refused.get_json()["error"]["code"] == "unauthorized"
    with_cookie = app.test_client()
    with_cookie.post("/api/v1/join", json={"join_code": hall["workshop"]["join_code"], "name": "Eko",
                                           "group": "umkm"})
    refused = with_cookie.patch(f"/api/v1/questions/{qid}", json={"status": "hidden"})
    assert refused.status_code == 401
    listed = hall["siti"].emit("question:list", {"workshop_id": hall["wid"]}, callback=True)
    assert listed["questions"][0]["status"] == "open"


def test_a_facilitator_connection_cannot_ask(api, connect, hall):
    board = connect(api.token)
    assert ask(board, hall["wid"])["error"]["code"] == "forbidden"


def test_hidden_questions_leave_the_phones_and_on_board_ones_stay(api, hall):
    keep = ask(hall["siti"], hall["wid"], text="Tetap")["question"]["id"]
    hide = ask(hall["siti"], hall["wid"], text="Sembunyikan")["question"]["id"]
    hall["agus"].get_received()
    api.client.patch(f"/api/v1/questions/{hide}", json={"status": "hidden"}, headers=api.headers)
    api.client.patch(f"/api/v1/questions/{keep}", json={"status": "on_board"}, headers=api.headers)
    pushed = events(hall["agus"], "questions:update")[-1]
    assert [(q["id"], q["status"]) for q in pushed["questions"]] == [(keep, "on_board")]


def test_the_board_carries_questions_only_when_it_shows_them(api, connect, hall):
    board = connect(api.token)
    update = board.emit("board:watch", {"workshop_id": hall["wid"]}, callback=True)["update"]
    assert "questions" not in update and "questions_mode" not in update
    first = ask(hall["siti"], hall["wid"], text="Pertama")["question"]["id"]
    second = ask(hall["siti"], hall["wid"], text="Kedua")["question"]["id"]
    vote(hall["agus"], second)
    # Putting one on the board shows it (beside the session), first whatever its votes.
    api.client.patch(f"/api/v1/questions/{first}", json={"status": "on_board"}, headers=api.headers)
    board.get_received()
    broadcaster.flush()
    update = events(board, "board:update")[-1]
    assert update["questions_mode"] == "beside" and [q["id"] for q in update["questions"]] == [first, second]
    # Instead of the session.
    answer = api.client.patch(f"/api/v1/workshops/{hall['wid']}/questions", json={"board": "instead"},
                              headers=api.headers)
    assert answer.status_code == 200 and answer.get_json()["board"] == "instead"
    broadcaster.flush()
    assert events(board, "board:update")[-1]["questions_mode"] == "instead"
    # Off, and nothing on the board: no questions.
    api.client.patch(f"/api/v1/workshops/{hall['wid']}/questions", json={"board": "off"}, headers=api.headers)
    api.client.patch(f"/api/v1/questions/{first}", json={"status": "answered"}, headers=api.headers)
    broadcaster.flush()
    assert "questions" not in events(board, "board:update")[-1]


def test_a_closed_workshop_takes_no_questions(api, hall):
    qid = ask(hall["siti"], hall["wid"])["question"]["id"]
    assert api.post(f"/api/v1/workshops/{hall['wid']}/close").status_code == 200
    assert ask(hall["siti"], hall["wid"], text="Lagi")["error"]["code"] == "workshop_closed"
    assert vote(hall["agus"], qid)["error"]["code"] == "workshop_closed"


def test_removing_a_participant_drops_their_upvotes_and_unsigns_their_questions(api, hall):
    qid = ask(hall["siti"], hall["wid"])["question"]["id"]
    vote(hall["siti"], qid)
    vote(hall["agus"], qid)
    siti_id = api.get(f"/api/v1/workshops/{hall['wid']}/participants").get_json()["participants"][0]["id"]
    assert api.client.delete(f"/api/v1/participants/{siti_id}", headers=api.headers).status_code == 200
    listed = api.get(f"/api/v1/workshops/{hall['wid']}/questions").get_json()["questions"]
    assert listed[0]["votes"] == 1 and listed[0]["author"] is None


def test_questions_are_the_plenary_s_runners_not_a_table_co_facilitator_s(app, api, connect, hall):
    """Questions are workshop-wide (RUN): the lead and a whole-workshop co-facilitator read and
    moderate them; a table co-facilitator gets 403, and a table's board never shows them."""
    wid = hall["wid"]
    qid = ask(hall["siti"], wid)["question"]["id"]
    table = api.post(f"/api/v1/workshops/{wid}/tables", {"name": "Meja A"}).get_json()
    whole = Api(app, app.test_client(), email="wakil@kominfo.go.id")
    at_table = Api(app, app.test_client(), email="meja.a@kominfo.go.id")
    for account, table_id in ((whole, None), (at_table, table["id"])):
        added = api.post(f"/api/v1/workshops/{wid}/facilitators", {"email": account.email, "table_id": table_id})
        assert added.status_code == 201, added.get_json()
    assert whole.get(f"/api/v1/workshops/{wid}/questions").status_code == 200
    assert whole.client.patch(f"/api/v1/questions/{qid}", json={"status": "on_board"},
                              headers=whole.headers).get_json()["status"] == "on_board"
    for answer in (at_table.get(f"/api/v1/workshops/{wid}/questions"),
                   at_table.client.patch(f"/api/v1/questions/{qid}", json={"status": "hidden"},
                                         headers=at_table.headers),
                   at_table.client.patch(f"/api/v1/workshops/{wid}/questions", json={"board": "instead"},
                                         headers=at_table.headers)):
        assert answer.status_code == 403 and answer.get_json()["error"]["code"] == "forbidden"
    # A question is on the board: the plenary's board shows it, the table's board does not.
    plenary = connect(api.token).emit("board:watch", {"workshop_id": wid}, callback=True)["update"]
    assert [q["id"] for q in plenary["questions"]] == [qid]
    at_a = connect(at_table.token).emit("board:watch", {"table_id": table["id"]}, callback=True)
    assert at_a["ok"] and "questions" not in at_a["update"] and "questions_mode" not in at_a["update"]
