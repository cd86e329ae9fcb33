"""A table's quick poll or word cloud works like any table session: its phones follow it in tables
mode, other tables' phones are refused (wrong_table) before anything is written (no word becomes a
proposal from a refused ballot), and the group commit's shared statements keep each cast apart."""
from sqlalchemy import func, select

from workshop.extensions import db
from workshop.models import BallotEntry, Proposal, Workshop
from workshop.services.participation import Cast, cast_ballots

from ..conftest import events

OPTIONS = [{"key": "pagi", "label": "Pagi"}, {"key": "siang", "label": "Siang"}, {"key": "sore", "label": "Sore"}]


def _setup(api, connect):
    workshop = api.workshop()
    wid = workshop["id"]
    tables = [api.post(f"/api/v1/workshops/{wid}/tables", {"name": name, "dimension": dimension}).get_json()
              for name, dimension in (("Meja A", "economy"), ("Meja B", "society"))]
    poll = api.session(wid, "Jajak meja A", table_id=tables[0]["id"], method="poll", options=OPTIONS, max_choices=2)
    cloud = api.session(wid, "Awan kata meja B", table_id=tables[1]["id"], method="words", max_words=2)
    for session in (poll, cloud):
        api.phase(session["id"], "vote")
    phones = {}
    for name, table in (("ana", tables[0]), ("budi", tables[1])):
        joined = api.client.post("/api/v1/join", json={"join_code": workshop["join_code"], "name": name,
                                                       "group": "umkm", "table_id": table["id"]})
        assert joined.status_code == 201, joined.get_json()
        phones[name] = {**joined.get_json(), "io": connect(joined.get_json()["token"])}
    response = api.post(f"/api/v1/workshops/{wid}/mode", {"mode": "tables"})
    assert response.status_code == 200
    return {"workshop": workshop, "tables": tables, "poll": poll, "cloud": cloud, "phones": phones}


def _cast(sio, sid, ballot):
    return sio.emit("ballot:cast", {"session_id": sid, "ballot": ballot}, callback=True)


def _words(sid):
    return db.session.scalar(select(func.count()).select_from(Proposal).where(Proposal.session_id == sid))


def test_a_tables_poll_and_word_cloud_take_only_their_tables_phones(api, connect):
    room = _setup(api, connect)
    ana, budi = room["phones"]["ana"]["io"], room["phones"]["budi"]["io"]
    poll, cloud = room["poll"]["id"], room["cloud"]["id"]
    ana_state, budi_state = events(ana, "session:state")[-1], events(budi, "session:state")[-1]
    assert (ana_state["session_id"], ana_state["method"], ana_state["table_id"]) == (poll, "poll",
                                                                                     room["tables"][0]["id"])
    assert [o["key"] for o in ana_state["settings"]["options"]] == ["pagi", "siang", "sore"]
    assert ana_state["ballot"] == {"choices": []} and ana_state["remaining"] == 2
    assert (budi_state["session_id"], budi_state["method"]) == (cloud, "words")
    assert budi_state["ballot"] == {"words": []} and budi_state["remaining"] == 2
    # Another table's phone is refused, and a refused word makes no proposal.
    refused = _cast(budi, poll, {"choices": ["pagi"]})
    assert refused["ok"] is False and refused["error"]["code"] == "wrong_table"
    refused = _cast(ana, cloud, {"words": ["Jembatan"]})
    assert refused["ok"] is False and refused["error"]["code"] == "wrong_table"
    with api.app.app_context():
        assert _words(cloud) == 0
    assert _cast(ana, poll, {"choices": ["sore", "pagi"]}) == {"ok": True, "ballot": {"choices": ["pagi", "sore"]},
                                                               "remaining": 0}
    assert _cast(budi, cloud, {"words": ["Banjir", "jalan"]})["ok"] is True
    results = api.results(poll)
    assert results["table_id"] == room["tables"][0]["id"]
    assert [(r["title"], r["score"]) for r in results["results"]] == [("Pagi", 1), ("Sore", 1), ("Siang", 0)]
    cloud_results = api.results(cloud)
    assert cloud_results["table_id"] == room["tables"][1]["id"]
    assert sorted(r["title"] for r in cloud_results["results"]) == ["Banjir", "jalan"]


def test_one_batch_mixes_table_polls_and_clouds_and_refuses_only_the_wrong_table(app, api, connect):
    room = _setup(api, connect)
    ana, budi = room["phones"]["ana"]["participant_id"], room["phones"]["budi"]["participant_id"]
    wid, poll, cloud = room["workshop"]["id"], room["poll"]["id"], room["cloud"]["id"]
    with app.app_context():
        start = db.session.scalar(select(Workshop.revision).where(Workshop.id == wid))
        casts = [
            Cast(ana, wid, {"session_id": poll, "ballot": {"choices": ["siang"]}}),
            Cast(budi, wid, {"session_id": poll, "ballot": {"choices": ["pagi"]}}),  # wrong table
            Cast(budi, wid, {"session_id": cloud, "ballot": {"words": ["Pasar", "banjir"]}}),
            Cast(ana, wid, {"session_id": cloud, "ballot": {"words": ["Sekolah"]}}),  # wrong table
            Cast(budi, wid, {"session_id": cloud, "ballot": {"words": ["pasar", "Sekolah"]}}),  # replaces budi's
            Cast(ana, wid, {"session_id": poll, "ballot": {"choices": ["pagi", "siang"]}}),  # replaces ana's
        ]
        cast_ballots(casts)
        assert [c.error.code if c.error else None for c in casts] == [
            None, "wrong_table", None, "wrong_table", None, None]
        assert casts[4].outcome == {"ballot": {"words": ["pasar", "Sekolah"]}, "remaining": 0}
        assert db.session.scalar(select(Workshop.revision).where(Workshop.id == wid)) == start + 4
        stored = {(participant, session) for participant, session in db.session.execute(
            select(BallotEntry.participant_id, BallotEntry.session_id))}
        assert stored == {(ana, poll), (budi, cloud)}
        # Pasar, banjir (from budi's first ballot, made in the same transaction) and Sekolah: the
        # refused ballot's "Sekolah" made nothing, budi's later one did.
        titles = set(db.session.scalars(select(Proposal.title).where(Proposal.session_id == cloud)))
        assert titles == {"Pasar", "banjir", "Sekolah"}
        db.session.remove()
    results = api.results(poll)
    assert [(r["title"], r["score"]) for r in results["results"]] == [("Pagi", 1), ("Siang", 1), ("Sore", 0)]
    # A word shows as its most common spelling in the stored ballots: budi's later "pasar".
    cloud_results = {r["title"]: r["score"] for r in api.results(cloud)["results"] if r["score"]}
    assert cloud_results == {"pasar": 1, "Sekolah": 1}


def test_the_reports_tables_part_shows_a_tables_poll_and_cloud_as_answers_and_words(api, connect):
    room = _setup(api, connect)
    ana, budi = room["phones"]["ana"]["io"], room["phones"]["budi"]["io"]
    assert _cast(ana, room["poll"]["id"], {"choices": ["siang"]})["ok"] is True
    assert _cast(budi, room["cloud"]["id"], {"words": ["Banjir"]})["ok"] is True
    html = api.get(f"/api/v1/workshops/{room['workshop']['id']}/report.html").get_data(as_text=True)
    tables_part = html[html.index('id="tables"'):html.index("</section>", html.index('id="tables"'))]
    for text in ("Jajak meja A", "Awan kata meja B", "Siang", "Sore", "Banjir"):
        assert text in tables_part, text
    assert 'class="ranking poll"' in tables_part and 'class="ranking words"' in tables_part
    exported = api.get(f"/api/v1/workshops/{room['workshop']['id']}/export.json").get_json()
    assert [t["session_ids"] for t in exported["tables"]] == [[room["poll"]["id"]], [room["cloud"]["id"]]]
