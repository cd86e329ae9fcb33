"""proposal:similar: a phone's draft gets up to three similar visible proposals, and every refusal."""
import pytest


@pytest.fixture
def hall(api, connect):
    workshop = api.workshop()
    session = api.session(workshop["id"])
    api.phase(session["id"], "collect")
    siti = connect(api.join(workshop["join_code"], name="Siti")["token"])
    agus = connect(api.join(workshop["join_code"], name="Agus", group="opd")["token"])
    ids = []
    for n, title in enumerate(["Layanan online terpadu satu pintu", "Pelayanan terpadu satu pintu", "PTSP daring",
                               "Mal pelayanan publik", "Bank sampah digital"]):
        ack = agus.emit("proposal:submit", {"session_id": session["id"], "title": title, "dimension": "governance",
                                            "client_id": f"s{n}"}, callback=True)
        ids.append(ack["proposal"]["id"])
    return {"workshop": workshop, "session": session, "siti": siti, "agus": agus, "ids": ids}


def similar(sio, session_id, title, **extra):
    return sio.emit("proposal:similar", {"session_id": session_id, "title": title, **extra}, callback=True)


def test_a_draft_gets_up_to_three_similar_proposals_best_first(hall):
    ack = similar(hall["siti"], hall["session"]["id"], "Aplikasi yan terpadu satu pintu online",
                  description="urus izin dari rumah")
    assert ack["ok"] is True
    found = ack["similar"]
    assert 1 <= len(found) <= 3 and {p["id"] for p in found} <= set(hall["ids"][:3])
    assert set(found[0]) == {"id", "title", "score"}
    assert [p["score"] for p in found] == sorted((p["score"] for p in found), reverse=True)


def test_nothing_similar_is_an_empty_list(hall):
    assert similar(hall["siti"], hall["session"]["id"], "Festival budaya tahunan") == {"ok": True, "similar": []}


def test_hidden_proposals_are_not_offered(api, hall):
    sid, ids = hall["session"]["id"], hall["ids"]
    api.client.patch(f"/api/v1/proposals/{ids[4]}", json={"hidden": True}, headers=api.headers)
    assert similar(hall["siti"], sid, "Aplikasi bank sampah")["similar"] == []


def test_a_session_of_another_workshop_is_not_found(api, connect, hall):
    other = api.workshop(title="Bimtek lain")
    stranger = connect(api.join(other["join_code"], name="Rina")["token"])
    ack = similar(stranger, hall["session"]["id"], "Pelayanan terpadu")
    assert ack["ok"] is False and ack["error"]["code"] == "not_found"


def test_an_unknown_session_is_not_found(hall):
    ack = similar(hall["siti"], 987654, "Pelayanan terpadu")
    assert ack["error"]["code"] == "not_found"


@pytest.mark.parametrize("payload, field", [
    ({"session_id": None, "title": "Pelayanan terpadu"}, "session_id"),
    ({"session_id": "satu", "title": "Pelayanan terpadu"}, "session_id"),
    ({"title": "ab"}, "title"),
    ({"title": 42}, "title"),
    ({"title": "x" * 121}, "title"),
    ({"title": "Pelayanan terpadu", "description": ["bukan", "teks"]}, "description"),
])
def test_bad_input_is_refused(hall, payload, field):
    data = {"session_id": hall["session"]["id"], **payload}
    ack = hall["siti"].emit("proposal:similar", data, callback=True)
    assert ack["ok"] is False and ack["error"]["code"] == "invalid_input" and ack["error"]["field"] == field


def test_a_payload_that_is_not_an_object_is_refused(hall):
    ack = hall["siti"].emit("proposal:similar", "Pelayanan terpadu", callback=True)
    assert ack["error"]["code"] == "invalid_input"


def test_outside_collect_it_is_the_wrong_phase(api, hall):
    api.phase(hall["session"]["id"], "review")
    ack = similar(hall["siti"], hall["session"]["id"], "Pelayanan terpadu")
    assert ack["error"]["code"] == "wrong_phase"


def test_a_board_may_not_ask(api, connect, hall):
    board = connect(api.token)
    ack = similar(board, hall["session"]["id"], "Pelayanan terpadu")
    assert ack["error"]["code"] == "forbidden"


def test_it_is_rate_limited_per_phone(app, hall):
    app.config["RATE_LIMITS"] = {"similar": {"token": "2/minute"}}
    from workshop.ratelimit import rate_limits
    rate_limits.init_app(app)
    acks = [similar(hall["siti"], hall["session"]["id"], "Pelayanan terpadu") for _ in range(3)]
    assert [a["ok"] for a in acks] == [True, True, False] and acks[2]["error"]["code"] == "rate_limited"
