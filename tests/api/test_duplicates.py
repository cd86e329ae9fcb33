"""GET /api/v1/sessions/{id}/duplicates: who may ask, what the groups hold, and merging one."""
import pytest


def _submit(sio, session_id, title, description="", n=[0]):  # noqa: B006 - a counter for client ids
    n[0] += 1
    ack = sio.emit("proposal:submit", {"session_id": session_id, "title": title, "description": description,
                                       "dimension": "governance", "client_id": f"d{n[0]}"}, callback=True)
    assert ack["ok"], ack
    return ack["proposal"]["id"]


@pytest.fixture
def collecting(api, connect):
    workshop = api.workshop()
    session = api.session(workshop["id"])
    api.phase(session["id"], "collect")
    siti = connect(api.join(workshop["join_code"], name="Siti")["token"])
    agus = connect(api.join(workshop["join_code"], name="Agus", group="opd")["token"])
    sid = session["id"]
    ids = {
        "short": _submit(siti, sid, "Pelayanan terpadu satu pintu"),
        "long": _submit(agus, sid, "Layanan online terpadu satu pintu",
                        "Warga mengurus izin usaha dan dokumen kependudukan dari rumah, tanpa antre di banyak kantor"),
        "abbr": _submit(siti, sid, "PTSP online"),
        "sampah": _submit(siti, sid, "Bank sampah digital"),
        "sampah2": _submit(agus, sid, "Aplikasi bank sampah"),
        "cctv": _submit(agus, sid, "Pemasangan CCTV di titik rawan"),
    }
    return {"workshop": workshop, "session": session, "ids": ids}


def test_groups_list_likely_duplicates_best_written_first(api, collecting):
    ids = collecting["ids"]
    response = api.get(f"/api/v1/sessions/{collecting['session']['id']}/duplicates")
    assert response.status_code == 200
    body = response.get_json()
    assert body["session_id"] == collecting["session"]["id"]
    groups = body["groups"]
    assert [sorted(g["proposal_ids"]) for g in groups] == [sorted([ids["short"], ids["long"], ids["abbr"]]),
                                                         sorted([ids["sampah"], ids["sampah2"]])]
    assert groups[0]["proposal_ids"][0] == ids["long"]       # the one with a description
    assert groups[1]["proposal_ids"][0] == ids["sampah"]     # a tie: the oldest
    assert all(0 < g["score"] <= 1 for g in groups)


def test_hidden_and_merged_proposals_leave_the_groups(api, collecting):
    ids, sid = collecting["ids"], collecting["session"]["id"]
    assert api.client.patch(f"/api/v1/proposals/{ids['sampah2']}", json={"hidden": True, "hidden_reason": "dobel"},
                            headers=api.headers).status_code == 200
    for other in (ids["short"], ids["abbr"]):  # the console's one-click merge: each into the first
        assert api.post(f"/api/v1/proposals/{other}/merge", {"into": ids["long"]}).status_code == 200
    assert api.get(f"/api/v1/sessions/{sid}/duplicates").get_json()["groups"] == []


def test_an_empty_session_has_no_groups(api):
    workshop = api.workshop()
    session = api.session(workshop["id"])
    assert api.get(f"/api/v1/sessions/{session['id']}/duplicates").get_json() == {"session_id": session["id"],
                                                                               "groups": []}


def test_only_the_owner_may_ask(app, api, client, collecting):
    sid = collecting["session"]["id"]
    assert client.get(f"/api/v1/sessions/{sid}/duplicates").status_code == 401
    from ..conftest import Api
    other = Api(app, app.test_client(), email="lain@kominfo.go.id")
    response = other.get(f"/api/v1/sessions/{sid}/duplicates")
    assert response.status_code == 403 and response.get_json()["error"]["code"] == "forbidden"
    assert api.get("/api/v1/sessions/999999/duplicates").status_code == 404
