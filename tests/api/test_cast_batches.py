"""Group commit: casts stored together behave exactly as if cast one after the other.

`participation.cast_ballots` stores a batch in one transaction; `live.casting.CastBatcher`
forms the batches from concurrent `ballot:cast` handlers. A refused cast in a batch must not
touch the others, the same person twice keeps the later ballot, and every accepted cast (only
those) adds one to the workshop's revision, the board's `seq`.
"""
import threading

import pytest
from sqlalchemy import select

from workshop.errors import RembukError
from workshop.extensions import db
from workshop.live.casting import CastBatcher
from workshop.models import BallotEntry, Participant, Workshop
from workshop.services.participation import Cast, cast_ballot, cast_ballots


def _room(api, phones=3, proposals=3, title="Bimtek Smart City Tahap I"):
    workshop = api.workshop(title)
    session = api.session(workshop["id"])
    api.phase(session["id"], "collect")
    people = [api.join(workshop["join_code"], name=f"Warga {i}", group=("opd", "umkm", "desa")[i % 3])
              for i in range(phones)]
    ids = []
    with api.app.app_context():
        from workshop.services.participation import submit_proposal
        for i in range(proposals):
            proposal, _ = submit_proposal(db.session.get(Participant, people[0]["participant_id"]), {
                "session_id": session["id"], "title": f"Usulan program {i}", "dimension": "governance"})
            ids.append(proposal.id)
        db.session.remove()
    api.phase(session["id"], "vote")
    return {"workshop": workshop, "sid": session["id"], "people": [p["participant_id"] for p in people], "ids": ids}


def _dots(sid, dots):
    return {"session_id": sid, "ballot": {"dots": {str(k): v for k, v in dots.items()}}}


def _revision(workshop_id):
    return db.session.scalar(select(Workshop.revision).where(Workshop.id == workshop_id))


def _stored(sid):
    return {(p, pid): v for p, pid, v in db.session.execute(
        select(BallotEntry.participant_id, BallotEntry.proposal_id, BallotEntry.value)
        .where(BallotEntry.session_id == sid))}


def test_a_batch_keeps_each_cast_separate(app, api):
    room = _room(api)
    other = _room(api, phones=1, title="Bimtek Smart City Tahap II")
    sid, (a, b, c), (p1, p2, p3) = room["sid"], room["people"], room["ids"]
    wid = room["workshop"]["id"]
    with app.app_context():
        start, other_start = _revision(wid), _revision(other["workshop"]["id"])
        casts = [
            Cast(a, wid, _dots(sid, {p1: 3, p2: 2})),
            Cast(b, wid, _dots(sid, {p1: 4})),  # over the cap of 3: refused
            Cast(c, wid, _dots(sid, {p3: 1})),
            Cast(a, wid, _dots(sid, {p2: 1})),  # a again: replaces a's first ballot
            Cast(b, wid, {"session_id": "x"}),  # not an id: refused before the database
            Cast(c, wid, _dots(other["sid"], {other["ids"][0]: 1})),  # another workshop's session
            Cast(other["people"][0], other["workshop"]["id"], _dots(other["sid"], {other["ids"][0]: 2})),
            Cast(b, wid, _dots(sid, {9999: 1})),  # no such proposal
        ]
        cast_ballots(casts)
        assert [c.error.code if c.error else None for c in casts] == [
            None, "over_cap", None, None, "invalid_input", "not_found", None, "unknown_proposal"]
        assert casts[0].outcome == {"ballot": {"dots": {str(p1): 3, str(p2): 2}}, "remaining": 0}
        assert casts[3].outcome == {"ballot": {"dots": {str(p2): 1}}, "remaining": 4}
        assert _stored(sid) == {(a, p2): 1, (c, p3): 1}
        assert _stored(other["sid"]) == {(other["people"][0], other["ids"][0]): 2}
        # Three casts accepted in the first workshop, one in the other.
        assert _revision(wid) == start + 3
        assert _revision(other["workshop"]["id"]) == other_start + 1


def test_a_batch_in_a_closed_workshop_or_wrong_phase_writes_nothing(app, api):
    room = _room(api)
    sid, (a, b, _c), (p1, _p2, _p3) = room["sid"], room["people"], room["ids"]
    wid = room["workshop"]["id"]
    api.phase(sid, "review")
    with app.app_context():
        start = _revision(wid)
        casts = [Cast(a, wid, _dots(sid, {p1: 1})), Cast(b, wid, _dots(sid, {p1: 2}))]
        cast_ballots(casts)
        assert {c.error.code for c in casts} == {"wrong_phase"}
        assert _revision(wid) == start and _stored(sid) == {}
        db.session.remove()
    api.phase(sid, "vote")
    assert api.post(f"/api/v1/workshops/{wid}/close").status_code == 200
    with app.app_context():
        casts = [Cast(a, wid, _dots(sid, {p1: 1}))]
        cast_ballots(casts)
        assert casts[0].error.code == "workshop_closed" and _stored(sid) == {}


def test_a_removed_participant_is_refused_within_a_batch(app, api):
    room = _room(api)
    sid, (a, b, _c), (p1, _p2, _p3) = room["sid"], room["people"], room["ids"]
    wid = room["workshop"]["id"]
    assert api.client.delete(f"/api/v1/participants/{b}", headers=api.headers).status_code == 200
    with app.app_context():
        casts = [Cast(b, wid, _dots(sid, {p1: 1})), Cast(a, wid, _dots(sid, {p1: 1}))]
        cast_ballots(casts)
        assert casts[0].error.code == "unauthorized" and casts[1].error is None
        with pytest.raises(RembukError) as refused:
            cast_ballot(b, wid, _dots(sid, {p1: 1}))
        assert refused.value.code == "unauthorized"


def test_concurrent_casts_each_get_their_own_outcome(app, api):
    """Forty threads cast at once through one batcher: batches form, and no outcome goes astray."""
    room = _room(api, phones=40, proposals=5)
    sid, people, ids = room["sid"], room["people"], room["ids"]
    wid = room["workshop"]["id"]
    batcher = CastBatcher(app)
    sizes = []
    original = batcher._store
    batcher._store = lambda batch: (sizes.append(len(batch.casts)), original(batch))
    go = threading.Barrier(len(people))
    outcomes: dict[int, object] = {}

    def phone(i, person):
        # Every fifth phone sends an over-budget ballot; the others spend i % 5 + 1 dots on one proposal.
        dots = {ids[i % 5]: 3, ids[(i + 1) % 5]: 3} if i % 5 == 4 else {ids[i % 5]: i % 3 + 1}
        go.wait()
        try:
            outcomes[person] = batcher.cast(person, wid, _dots(sid, dots))
        except RembukError as error:
            outcomes[person] = error.code

    threads = [threading.Thread(target=phone, args=(i, p)) for i, p in enumerate(people)]
    with app.app_context():
        start = _revision(wid)
        db.session.remove()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert len(outcomes) == len(people)
    for i, person in enumerate(people):
        if i % 5 == 4:
            assert outcomes[person] == "over_budget"
        else:
            assert outcomes[person] == {"ballot": {"dots": {str(ids[i % 5]): i % 3 + 1}},
                                        "remaining": 5 - (i % 3 + 1)}
    with app.app_context():
        accepted = [p for i, p in enumerate(people) if i % 5 != 4]
        assert _stored(sid) == {(p, ids[i % 5]): i % 3 + 1 for i, p in enumerate(people) if i % 5 != 4}
        assert _revision(wid) == start + len(accepted)
    assert sum(sizes) == len(people) and max(sizes) > 1


def test_the_writer_outlives_a_failing_batch(app, api, monkeypatch, caplog):
    """A database failure answers the batch's casts with server_error; the next batch is stored."""
    from workshop.live import casting

    room = _room(api, phones=2)
    sid, (a, b), (p1, _p2, _p3) = room["sid"], room["people"], room["ids"]
    wid = room["workshop"]["id"]
    batcher = CastBatcher(app)
    real = casting.cast_ballots

    def failing_once(casts):
        monkeypatch.setattr(casting, "cast_ballots", real)
        raise RuntimeError("disk I/O error")

    monkeypatch.setattr(casting, "cast_ballots", failing_once)
    with pytest.raises(RembukError) as failed:
        batcher.cast(a, wid, _dots(sid, {p1: 1}))
    assert failed.value.code == "server_error" and "disk I/O error" in caplog.text
    assert batcher.cast(b, wid, _dots(sid, {p1: 2})) == {"ballot": {"dots": {str(p1): 2}}, "remaining": 3}
    with app.app_context():
        assert _stored(sid) == {(b, p1): 2}


def test_a_failed_commit_leaves_no_outcome_behind(app, api, monkeypatch):
    """When the commit fails nothing is stored, so no cast may be acked as if it were."""
    from sqlalchemy.exc import OperationalError

    room = _room(api, phones=2)
    sid, (a, b), (p1, _p2, _p3) = room["sid"], room["people"], room["ids"]
    wid = room["workshop"]["id"]
    with app.app_context():
        def failing_commit():
            raise OperationalError("COMMIT", {}, Exception("disk I/O error"))

        monkeypatch.setattr(db.session, "commit", failing_commit)
        casts = [Cast(a, wid, _dots(sid, {p1: 1})), Cast(b, wid, _dots(sid, {p1: 9})), Cast(b, wid, [])]
        with pytest.raises(OperationalError):
            cast_ballots(casts)
        assert [(c.outcome, c.error) for c in casts[:2]] == [(None, None), (None, None)]
        assert casts[2].error.code == "invalid_input"  # refused before the database: still its own answer
        monkeypatch.undo()
        assert _stored(sid) == {}
