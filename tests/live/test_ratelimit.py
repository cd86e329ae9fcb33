"""Rate limits: per address on join, per phone on proposals and ballots, with a clear message."""
import pytest


@pytest.fixture
def tight(app):
    app.config["RATE_LIMITS"] = {"join": {"address": "3/minute"}, "proposal": {"token": "2/minute"},
                                 "ballot": {"token": "3/minute"}}
    from workshop.ratelimit import rate_limits
    rate_limits.init_app(app)
    return app


def test_join_flood_from_one_address_is_refused(tight, api):
    code = api.workshop()["join_code"]
    client = tight.test_client()
    statuses = [client.post("/api/v1/join", json={"join_code": code, "name": f"P{i}", "group": "opd"}).status_code
                for i in range(4)]
    assert statuses == [201, 201, 201, 429]
    body = client.post("/api/v1/join", json={"join_code": code, "name": "P", "group": "opd"}).get_json()
    assert body["error"]["code"] == "rate_limited" and body["error"]["message"]


def test_one_phone_cannot_flood_proposals_or_ballots(tight, api, connect):
    workshop = api.workshop()
    session = api.session(workshop["id"])
    api.phase(session["id"], "collect")
    phone = connect(api.join(workshop["join_code"])["token"])
    other = connect(api.join(workshop["join_code"], name="Lain")["token"])
    acks = [phone.emit("proposal:submit", {"session_id": session["id"], "title": f"Program {i}", "dimension": "living",
                                           "client_id": str(i)}, callback=True) for i in range(3)]
    assert [a["ok"] for a in acks] == [True, True, False] and acks[2]["error"]["code"] == "rate_limited"
    # The limit is per phone: someone else at the same address still gets through.
    assert other.emit("proposal:submit", {"session_id": session["id"], "title": "Program lain", "dimension": "living",
                                          "client_id": "o"}, callback=True)["ok"]
    api.phase(session["id"], "vote")
    casts = [phone.emit("ballot:cast", {"session_id": session["id"], "ballot": {"dots": {}}}, callback=True)
             for _ in range(4)]
    assert [c["ok"] for c in casts] == [True, True, True, False]
    assert phone.is_connected()


def test_a_whole_hall_behind_one_router_can_join(app, api):
    # Default limits: 1,000 phones from one address join within the same two minutes.
    code = api.workshop()["join_code"]
    client = app.test_client()
    statuses = {client.post("/api/v1/join", json={"join_code": code, "name": f"Peserta {i}", "group": "desa"},
                            environ_base={"REMOTE_ADDR": "10.10.0.1"}).status_code for i in range(1000)}
    assert statuses == {201}
