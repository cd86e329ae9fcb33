"""The Quick Win matrix over the API: `matrix` in a score session's results, `PATCH matrix_axes`, refusals,
and the board's payload."""
from ..contract.contract import problems
from ..conftest import events
from ..live.test_methods import cast, voting

CUSTOM = [{"key": "manfaat", "label": "Manfaat", "weight": 2}, {"key": "dukungan", "label": "Dukungan", "weight": 1},
          {"key": "mudah", "label": "Kemudahan", "weight": 1}, {"key": "murah", "label": "Murah", "weight": 1}]


def _patch(api, sid, body):
    return api.client.patch(f"/api/v1/sessions/{sid}", json=body, headers=api.headers)


def test_score_results_carry_the_matrix_overall_and_per_group(api, connect):
    sid, (a, b, c), s_io, a_io = voting(api, connect, "score")
    # Siti (umkm): a is valuable and easy, b valuable and hard. Agus (opd): a hard.
    cast(s_io, sid, {"scores": {str(a): {"dampak": 5, "urgensi": 5, "kelayakan": 5, "biaya": 5},
                                str(b): {"dampak": 5, "urgensi": 4, "kelayakan": 1, "biaya": 2}}})
    cast(a_io, sid, {"scores": {str(a): {"dampak": 4, "urgensi": 4, "kelayakan": 2, "biaya": 2}}})
    body = api.results(sid)
    assert not problems("Results", body)
    matrix = body["matrix"]
    assert matrix["x"] == ["kelayakan", "biaya"] and matrix["y"] == ["dampak", "urgensi"]
    assert matrix["midpoint"] == 3 and (matrix["min"], matrix["max"]) == (1, 5)
    points = {p["proposal_id"]: p for p in matrix["points"]}
    ranks = {r["proposal_id"]: r["rank"] for r in body["results"]}
    assert points[a] == {"proposal_id": a, "rank": ranks[a], "x": 3.5, "y": 4.5, "quadrant": "quick_win"}
    assert points[b] == {"proposal_id": b, "rank": ranks[b], "x": 1.5, "y": 4.5, "quadrant": "major_project"}
    assert points[c]["quadrant"] is None and points[c]["x"] is None
    umkm = {p["proposal_id"]: p for p in matrix["groups"]["umkm"]}
    opd = {p["proposal_id"]: p for p in matrix["groups"]["opd"]}
    assert umkm[a]["quadrant"] == "quick_win" and opd[a]["quadrant"] == "major_project"
    assert set(matrix["groups"]) == set(body["group_voters"])


def test_other_methods_have_no_matrix(api, connect):
    sid, _ids, _s, _a = voting(api, connect, "dots")
    body = api.results(sid)
    assert "matrix" not in body and not problems("Results", body)


def test_patch_matrix_axes_in_any_phase_even_after_ballots(api, connect):
    sid, (a, _b, _c), s_io, _a_io = voting(api, connect, "score")
    cast(s_io, sid, {"scores": {str(a): {"dampak": 2, "urgensi": 2, "kelayakan": 5, "biaya": 1}}})
    response = _patch(api, sid, {"matrix_axes": {"x": ["kelayakan"], "y": ["dampak"]}})
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["matrix_axes"] == {"x": ["kelayakan"], "y": ["dampak"]}
    matrix = api.results(sid)["matrix"]
    assert (matrix["x"], matrix["y"]) == (["kelayakan"], ["dampak"])
    assert {p["proposal_id"]: p for p in matrix["points"]}[a]["quadrant"] == "fill_in"  # ease 5, value 2
    # Other settings stay locked while voting.
    assert _patch(api, sid, {"rank_size": 3}).get_json()["error"]["code"] == "wrong_phase"
    reset = _patch(api, sid, {"matrix_axes": None})
    assert reset.status_code == 200 and reset.get_json()["matrix_axes"] == {"x": ["kelayakan", "biaya"],
                                                                            "y": ["dampak", "urgensi"]}
    api.phase(sid, "closed")
    assert _patch(api, sid, {"matrix_axes": {"x": ["biaya"], "y": ["urgensi"]}}).status_code == 200


def test_matrix_axes_refusals(api):
    workshop = api.workshop()
    session = api.session(workshop["id"], method="score")
    for bad in [{"x": ["kelayakan"]}, {"x": [], "y": ["dampak"]}, {"x": ["manfaat"], "y": ["dampak"]},
                {"x": ["dampak"], "y": ["dampak"]}, "dampak", [1], {"x": "biaya", "y": ["dampak"]},
                {"x": [None], "y": ["dampak"]}]:
        response = _patch(api, session["id"], {"matrix_axes": bad})
        assert response.status_code == 400, bad
        error = response.get_json()["error"]
        assert error["code"] == "invalid_matrix_axes" and error["field"] == "matrix_axes" and error["message"]


def test_default_axes_halve_other_criteria_and_follow_new_criteria(api):
    workshop = api.workshop()
    session = api.session(workshop["id"], method="score", criteria=CUSTOM)
    assert session["matrix_axes"] == {"x": ["mudah", "murah"], "y": ["manfaat", "dukungan"]}
    chosen = _patch(api, session["id"], {"matrix_axes": {"x": ["murah"], "y": ["manfaat"]}}).get_json()
    assert chosen["matrix_axes"] == {"x": ["murah"], "y": ["manfaat"]}
    # Criteria replaced: the stored choice names keys that are gone, so the defaults apply again.
    after = _patch(api, session["id"], {"criteria": [{"key": "dampak", "label": "Dampak"},
                                                     {"key": "biaya", "label": "Biaya"}]}).get_json()
    assert after["matrix_axes"] == {"x": ["biaya"], "y": ["dampak"]}
    # Criteria and axes in one request: the axes are checked against the new criteria.
    both = _patch(api, session["id"], {"criteria": CUSTOM[:2], "matrix_axes": {"x": ["dukungan"], "y": ["manfaat"]}})
    assert both.status_code == 200 and both.get_json()["matrix_axes"] == {"x": ["dukungan"], "y": ["manfaat"]}


def test_board_payload_carries_the_overall_matrix(api, connect):
    sid, (a, _b, _c), s_io, _a_io = voting(api, connect, "score")
    cast(s_io, sid, {"scores": {str(a): {"dampak": 5, "urgensi": 5, "kelayakan": 5, "biaya": 5}}})
    board = connect(api.token)
    update = board.emit("board:watch", {"session_id": sid}, callback=True)["update"]
    assert update["matrix"]["x"] == ["kelayakan", "biaya"] and "groups" not in update["matrix"]
    assert {p["proposal_id"]: p["quadrant"] for p in update["matrix"]["points"]}[a] == "quick_win"
    # Hidden results hide the matrix too.
    api.post(f"/api/v1/sessions/{sid}/reveal", {"revealed": False, "board_hidden": True})
    hidden = board.emit("board:watch", {"session_id": sid}, callback=True)["update"]
    assert hidden["results_hidden"] and hidden["matrix"] is None
    events(board, "board:update")
