"""Points, score and rank sessions over Socket.IO: ballots, refusals, results."""
import pytest

from ..conftest import events


def voting(api, connect, method, n_proposals=3, **settings):
    workshop = api.workshop()
    session = api.session(workshop["id"], method=method, **settings)
    api.phase(session["id"], "collect")
    siti = api.join(workshop["join_code"], name="Siti", group="umkm")
    agus = api.join(workshop["join_code"], name="Agus", group="opd")
    s_io, a_io = connect(siti["token"]), connect(agus["token"])
    ids = [s_io.emit("proposal:submit", {"session_id": session["id"], "title": f"Program {n}", "dimension": "living",
                                         "client_id": str(n)}, callback=True)["proposal"]["id"] for n in range(n_proposals)]
    api.phase(session["id"], "vote")
    return session["id"], ids, s_io, a_io


def cast(sio, sid, ballot):
    return sio.emit("ballot:cast", {"session_id": sid, "ballot": ballot}, callback=True)


def test_points_session(api, connect):
    sid, (a, b, c), s_io, a_io = voting(api, connect, "points", points_budget=10)
    state = events(s_io, "session:state")[-1]
    assert state["method"] == "points" and state["ballot"] == {"points": {}} and state["remaining"] == 10
    assert cast(s_io, sid, {"points": {str(a): 7, str(b): 3}}) == {
        "ok": True, "ballot": {"points": {str(a): 7, str(b): 3}}, "remaining": 0}
    assert cast(s_io, sid, {"points": {str(a): 7, str(b): 4}})["error"]["code"] == "over_budget"
    cast(a_io, sid, {"points": {str(b): 10}})
    results = api.results(sid)["results"]
    assert [(r["proposal_id"], r["score"], r["detail"]) for r in results][:2] == [
        (b, 13, {"points": 13}), (a, 7, {"points": 7})]


def test_score_session_with_criteria_and_refusals(api, connect):
    criteria = [{"key": "dampak", "label": "Dampak", "weight": 3}, {"key": "biaya", "label": "Biaya", "weight": 1}]
    sid, (a, b, _), s_io, a_io = voting(api, connect, "score", criteria=criteria)
    state = events(s_io, "session:state")[-1]
    assert [c["key"] for c in state["settings"]["criteria"]] == ["dampak", "biaya"]
    assert state["ballot"] == {"scores": {}} and state["remaining"] is None
    ack = cast(s_io, sid, {"scores": {str(a): {"dampak": 5, "biaya": 1}, str(b): {"biaya": 4}}})
    assert ack == {"ok": True, "ballot": {"scores": {str(a): {"biaya": 1, "dampak": 5}, str(b): {"biaya": 4}}},
                   "remaining": None}
    for bad, code in [({"scores": {str(a): {"dampak": 6}}}, "score_out_of_range"),
                      ({"scores": {str(a): {"dampak": 0}}}, "score_out_of_range"),
                      ({"scores": {str(a): {"manfaat": 3}}}, "unknown_criterion"),
                      ({"dots": {str(a): 1}}, "wrong_method"), ({"ranking": [a]}, "wrong_method")]:
        assert cast(s_io, sid, bad)["error"]["code"] == code
    cast(a_io, sid, {"scores": {str(a): {"dampak": 3, "biaya": 3}}})
    results = api.results(sid)
    top = results["results"][0]
    # Siti on a: (3*5 + 1*1) / 4 = 4.0; Agus: 3.0; mean 3.5. b: Siti biaya 4 -> 4.0.
    assert [(r["proposal_id"], r["score"], r["voters"]) for r in results["results"][:2]] == [(b, 4.0, 1), (a, 3.5, 2)]
    assert results["results"][1]["detail"] == {"criteria_means": {"dampak": 4.0, "biaya": 2.0}}
    assert top["by_group"]["umkm"] == 4.0 and top["by_group"]["opd"] is None


def test_rank_session_borda(api, connect):
    sid, (a, b, c), s_io, a_io = voting(api, connect, "rank", rank_size=2)
    assert events(s_io, "session:state")[-1]["remaining"] == 2
    assert cast(s_io, sid, {"ranking": [b, a]}) == {"ok": True, "ballot": {"ranking": [b, a]}, "remaining": 0}
    assert cast(s_io, sid, {"ranking": [a, b, c]})["error"]["code"] == "ranking_too_long"
    assert cast(s_io, sid, {"ranking": [a, a]})["error"]["code"] == "duplicate_in_ranking"
    cast(a_io, sid, {"ranking": [b]})
    results = api.results(sid)["results"]
    assert [(r["proposal_id"], r["score"], r["detail"]) for r in results] == [
        (b, 4, {"borda": 4, "first_choices": 2}), (a, 1, {"borda": 1, "first_choices": 0}),
        (c, 0, {"borda": 0, "first_choices": 0})]


def test_balanced_results_endpoint(api, connect):
    sid, (a, b, _), s_io, a_io = voting(api, connect, "dots")
    join_code = api.get("/api/v1/workshops").get_json()["workshops"][0]["join_code"]
    extra = [api.join(join_code, name=f"OPD {i}", group="opd") for i in range(3)]
    for joined in extra:
        cast(connect(joined["token"]), sid, {"dots": {str(a): 1}})
    cast(a_io, sid, {"dots": {str(a): 1}})
    cast(s_io, sid, {"dots": {str(b): 3}})
    overall = api.results(sid)
    assert [(r["proposal_id"], r["score"]) for r in overall["results"][:2]] == [(a, 4), (b, 3)]
    balanced = api.get(f"/api/v1/sessions/{sid}/results?balance=groups").get_json()
    assert balanced["balanced"] is True
    # OPD: 4 voters, 4 dots on a -> 1.0 per voter; UMKM: 1 voter, 3 dots on b -> 3.0.
    # Means over the two groups (0.5 and 1.5) times the 5 voters, in dots.
    assert [(r["proposal_id"], r["score"], r["overall_rank"]) for r in balanced["results"][:2]] == [
        (b, 7.5, 2), (a, 2.5, 1)]
    assert balanced["disagreements"][0]["proposal_id"] == b
    assert api.get(f"/api/v1/sessions/{sid}/results?balance=nope").status_code == 400


@pytest.mark.parametrize("method", ["points", "score", "rank"])
def test_session_creation_validates_method_settings(api, method):
    workshop = api.workshop()
    bad = {"points": {"points_budget": 0}, "score": {"criteria": [{"key": "Bad Key", "label": "x"}]},
           "rank": {"rank_size": 0}}[method]
    response = api.post(f"/api/v1/workshops/{workshop['id']}/sessions", {"title": "x", "method": method, **bad})
    assert response.status_code == 400 and response.get_json()["error"]["code"] == "invalid_input"
