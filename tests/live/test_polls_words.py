"""Quick polls and word clouds over Socket.IO: settings, ballots, every refusal, results, hiding a word."""
from ..conftest import events

OPTIONS = [{"key": "pagi", "label": "Pagi"}, {"key": "siang", "label": "Siang"}, {"key": "sore", "label": "Sore"}]


def live(api, connect, **settings):
    workshop = api.workshop()
    session = api.session(workshop["id"], **settings)
    api.phase(session["id"], "vote")
    siti = api.join(workshop["join_code"], name="Siti", group="umkm")
    agus = api.join(workshop["join_code"], name="Agus", group="opd")
    return session, connect(siti["token"]), connect(agus["token"])


def cast(sio, sid, ballot):
    return sio.emit("ballot:cast", {"session_id": sid, "ballot": ballot}, callback=True)


def test_poll_settings_options_are_the_sessions_proposals(api, connect):
    session, s_io, _ = live(api, connect, method="poll", options=OPTIONS, max_choices=2)
    settings = session["settings"]
    assert settings["max_choices"] == 2
    assert [(o["key"], o["label"]) for o in settings["options"]] == [("pagi", "Pagi"), ("siang", "Siang"),
                                                                      ("sore", "Sore")]
    state = events(s_io, "session:state")[-1]
    assert state["method"] == "poll" and state["ballot"] == {"choices": []} and state["remaining"] == 2
    assert [p["title"] for p in state["proposals"]] == ["Pagi", "Siang", "Sore"]


def test_poll_settings_refused(api):
    workshop = api.workshop()
    url = f"/api/v1/workshops/{workshop['id']}/sessions"
    for body, field in [({"method": "poll"}, "options"),
                        ({"method": "poll", "options": OPTIONS[:1]}, "options"),
                        ({"method": "poll", "options": OPTIONS + [{"key": "pagi", "label": "x"}]}, "options"),
                        ({"method": "poll", "options": [{"key": "a", "label": "x" * 121}, {"key": "b", "label": "y"}]},
                         "label"),
                        ({"method": "poll", "options": OPTIONS, "max_choices": 4}, "max_choices"),
                        ({"method": "words", "max_words": 0}, "max_words")]:
        response = api.post(url, {"title": "Polling", **body})
        assert response.status_code == 400 and response.get_json()["error"]["field"] == field, body


def test_poll_ballots_and_refusals(api, connect):
    session, s_io, a_io = live(api, connect, method="poll", options=OPTIONS, max_choices=2)
    sid = session["id"]
    assert cast(s_io, sid, {"choices": ["sore", "pagi"]}) == {"ok": True, "ballot": {"choices": ["pagi", "sore"]},
                                                              "remaining": 0}
    for bad, code in [({"choices": ["malam"]}, "unknown_option"), ({"choices": ["pagi", "pagi"]}, "duplicate_choice"),
                      ({"choices": ["pagi", "siang", "sore"]}, "too_many_choices"), ({"choices": [1]}, "unknown_option"),
                      ({"choices": "pagi"}, "invalid_ballot"), ({"words": ["pagi"]}, "wrong_method")]:
        ack = cast(s_io, sid, bad)
        assert ack["ok"] is False and ack["error"]["code"] == code, bad
    # Replaying a ballot changes nothing.
    assert cast(s_io, sid, {"choices": ["sore", "pagi"]})["ballot"] == {"choices": ["pagi", "sore"]}
    cast(a_io, sid, {"choices": ["pagi"]})
    results = api.results(sid)
    assert [(r["title"], r["score"], r["voters"], r["by_group"]["opd"], r["by_group"]["umkm"])
            for r in results["results"]] == [("Pagi", 2, 2, 1, 1), ("Sore", 1, 1, 0, 1), ("Siang", 0, 0, 0, 0)]
    balanced = api.get(f"/api/v1/sessions/{sid}/results?balance=groups").get_json()
    assert balanced["results"][0]["title"] == "Pagi"


def test_a_hidden_option_cannot_be_chosen(api, connect):
    session, s_io, _ = live(api, connect, method="poll", options=OPTIONS)
    siang = session["settings"]["options"][1]["proposal_id"]
    assert api.client.patch(f"/api/v1/proposals/{siang}", json={"hidden": True},
                            headers=api.headers).status_code == 200
    assert cast(s_io, session["id"], {"choices": ["siang"]})["error"]["code"] == "unknown_option"
    assert cast(s_io, session["id"], {"choices": ["sore"]})["ok"] is True


def test_no_proposals_are_submitted_to_a_poll_or_word_cloud(api, connect):
    for settings in ({"method": "poll", "options": OPTIONS}, {"method": "words"}):
        workshop = api.workshop()
        session = api.session(workshop["id"], **settings)
        api.phase(session["id"], "collect")
        sio = connect(api.join(workshop["join_code"])["token"])
        ack = sio.emit("proposal:submit", {"session_id": session["id"], "title": "Program baru",
                                           "dimension": "living"}, callback=True)
        assert ack["error"]["code"] == "no_proposals_here"


def test_words_ballots_refusals_and_cloud(api, connect):
    session, s_io, a_io = live(api, connect, method="words", max_words=3)
    sid = session["id"]
    state = events(s_io, "session:state")[-1]
    assert state["ballot"] == {"words": []} and state["remaining"] == 3 and state["settings"]["max_words"] == 3
    ack = cast(s_io, sid, {"words": ["  Pelayanan ", "banjir", "dan"]})
    # The stop word is dropped; the rest kept as written (trimmed).
    assert ack == {"ok": True, "ballot": {"words": ["Pelayanan", "banjir"]}, "remaining": 1}
    for bad, code in [({"words": ["a", "b", "c", "d"]}, "too_many_words"), ({"words": ["   "]}, "empty_word"),
                      ({"words": [""]}, "empty_word"), ({"words": ["x" * 41]}, "word_too_long"),
                      ({"words": [3]}, "invalid_ballot"), ({"choices": ["a"]}, "wrong_method")]:
        ack = cast(s_io, sid, bad)
        assert ack["ok"] is False and ack["error"]["code"] == code, bad
    # Case and affixes do not split a word; the most common spelling is shown.
    assert cast(a_io, sid, {"words": ["LAYANAN", "kebanjiran", "Banjir!"]})["ballot"] == {"words": ["LAYANAN",
                                                                                                   "kebanjiran"]}
    cast(connect(api.join(api.get("/api/v1/workshops").get_json()["workshops"][0]["join_code"],
                          name="Wati", group="opd")["token"]), sid, {"words": ["banjir"]})
    results = api.results(sid)["results"]
    # A tie between spellings shows the first in sort order ("LAYANAN" before "Pelayanan").
    assert [(r["title"], r["score"], r["voters"]) for r in results] == [("banjir", 3, 3), ("LAYANAN", 2, 2)]
    assert results[0]["by_group"] == {**{g: 0 for g in results[0]["by_group"]}, "opd": 2, "umkm": 1}
    # Replaying a ballot changes nothing.
    cast(s_io, sid, {"words": ["Pelayanan", "banjir"]})
    assert [(r["score"]) for r in api.results(sid)["results"]] == [3, 2]


def test_a_hidden_word_leaves_the_cloud(api, connect):
    session, s_io, a_io = live(api, connect, method="words")
    sid = session["id"]
    cast(s_io, sid, {"words": ["korupsi", "jalan"]})
    cast(a_io, sid, {"words": ["Korupsi"]})
    word = api.results(sid)["results"][0]
    assert word["title"].lower() == "korupsi"
    response = api.client.patch(f"/api/v1/proposals/{word['proposal_id']}", json={"hidden": True},
                                headers=api.headers)
    assert response.status_code == 200
    assert [r["title"] for r in api.results(sid)["results"]] == ["jalan"]
    # Sending the hidden word again is not refused; it stays out of the cloud.
    assert cast(a_io, sid, {"words": ["korupsi", "jalan"]})["ok"] is True
    assert [(r["title"], r["score"]) for r in api.results(sid)["results"]] == [("jalan", 2)]


def test_programs_are_not_carried_into_or_out_of_a_poll_or_word_cloud(api):
    workshop = api.workshop()
    dots = api.session(workshop["id"], title="Program")
    poll = api.session(workshop["id"], title="Polling", method="poll", options=OPTIONS)
    cloud = api.session(workshop["id"], title="Kata", method="words")
    for target, source in [(poll, dots), (dots, cloud)]:
        response = api.post(f"/api/v1/sessions/{target['id']}/carry", {"from_session_ids": [source["id"]]})
        assert response.status_code == 400 and response.get_json()["error"]["code"] == "no_proposals_here"
