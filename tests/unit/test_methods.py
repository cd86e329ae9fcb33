"""Voting methods as pure functions: ballot validation and tallies on small worked examples."""
import pytest
from hypothesis import given
from hypothesis import strategies as st

from workshop.errors import RembukError
from workshop.voting import Rules, ballot_view, competition_ranks, normalize_ballot, remaining, tally

DOTS = Rules("dots", dots_per_participant=5, max_dots_per_proposal=3)
POINTS = Rules("points", points_budget=100)
SCORE = Rules("score", criteria=(("dampak", 2.0), ("urgensi", 1.0), ("kelayakan", 1.0), ("biaya", 1.0)))
RANK = Rules("rank", rank_size=3)
GROUPS = ["opd", "desa", "umkm"]


def refused(raw, rules, ids=(1, 2, 3, 4)) -> str:
    with pytest.raises(RembukError) as info:
        normalize_ballot(raw, ids, rules)
    return info.value.code


# --- dots -------------------------------------------------------------------------------------

def test_dots_ballot_keys_become_ints_and_zeros_drop():
    entries = normalize_ballot({"dots": {"1": 2, "2": 0, 3: 3}}, [1, 2, 3], DOTS)
    assert entries == {(1, ""): 2, (3, ""): 3}
    assert ballot_view(entries, DOTS) == {"dots": {"1": 2, "3": 3}}
    assert remaining(entries, DOTS) == 0


@pytest.mark.parametrize("dots, code", [
    ({"1": 3, "2": 3}, "over_budget"), ({"1": 4}, "over_cap"), ({"9": 1}, "unknown_proposal"),
    ({"1": -1}, "invalid_ballot"), ({"1": 1.5}, "invalid_ballot"), ({"1": "2"}, "invalid_ballot"),
    ({"1": True}, "invalid_ballot"), ({"abc": 1}, "invalid_ballot"), ({"-1": 1}, "invalid_ballot"),
    ([1, 2], "invalid_ballot"), (None, "invalid_ballot"), ({"1": 2, 1: 2}, "over_cap"),
])
def test_dots_refusals(dots, code):
    assert refused({"dots": dots}, DOTS) == code


@pytest.mark.parametrize("raw, code", [
    ({"points": {"1": 1}}, "wrong_method"), ({"ranking": [1]}, "wrong_method"), ({}, "invalid_ballot"),
    ({"dots": {}, "extra": 1}, "invalid_ballot"), ([1], "invalid_ballot"), ({"votes": {}}, "invalid_ballot"),
])
def test_wrong_shapes(raw, code):
    assert refused(raw, DOTS) == code


def test_dots_tally_ranks_by_dots_with_groups_and_voters():
    rows = [(10, 1, "opd", "", 3), (11, 1, "opd", "", 2), (11, 2, "umkm", "", 3), (12, 2, "umkm", "", 1),
            (12, 3, "desa", "", 2)]
    outcome = tally([10, 11, 12, 13], rows, GROUPS, DOTS)
    # 12 and 10 tie on dots and share rank 2; 12 is listed first for having more voters.
    assert [(r["proposal_id"], r["rank"], r["score"], r["voters"]) for r in outcome["results"]] == [
        (11, 1, 5, 2), (12, 2, 3, 2), (10, 2, 3, 1), (13, 4, 0, 0)]
    assert outcome["results"][0]["by_group"] == {"opd": 2, "desa": 0, "umkm": 3}
    assert outcome["results"][0]["detail"] == {"dots": 5}
    assert outcome["voters"] == 3 and outcome["group_voters"] == {"opd": 1, "desa": 1, "umkm": 1}


# --- points -----------------------------------------------------------------------------------

def test_points_budget():
    entries = normalize_ballot({"points": {"1": 60, "2": 40}}, [1, 2], POINTS)
    assert remaining(entries, POINTS) == 0 and ballot_view(entries, POINTS) == {"points": {"1": 60, "2": 40}}
    assert refused({"points": {"1": 60, "2": 41}}, POINTS) == "over_budget"
    assert remaining(normalize_ballot({"points": {"1": 30}}, [1], POINTS), POINTS) == 70


def test_points_tally():
    rows = [(1, 1, "opd", "", 70), (2, 1, "opd", "", 30), (2, 2, "umkm", "", 100)]
    results = tally([1, 2], rows, GROUPS, POINTS)["results"]
    assert [(r["proposal_id"], r["score"], r["detail"]) for r in results] == [
        (2, 130, {"points": 130}), (1, 70, {"points": 70})]


# --- score ------------------------------------------------------------------------------------

def test_score_ballot_partial_and_view():
    entries = normalize_ballot({"scores": {"1": {"dampak": 5, "biaya": 2}, "2": {"urgensi": None}}}, [1, 2], SCORE)
    assert entries == {(1, "dampak"): 5, (1, "biaya"): 2}
    assert ballot_view(entries, SCORE) == {"scores": {"1": {"biaya": 2, "dampak": 5}}}
    assert remaining(entries, SCORE) is None


@pytest.mark.parametrize("scores, code", [
    ({"1": {"dampak": 6}}, "score_out_of_range"), ({"1": {"dampak": 0}}, "score_out_of_range"),
    ({"1": {"manfaat": 3}}, "unknown_criterion"), ({"1": {"dampak": 2.5}}, "invalid_ballot"),
    ({"1": [3]}, "invalid_ballot"), ({"7": {"dampak": 3}}, "unknown_proposal"),
])
def test_score_refusals(scores, code):
    assert refused({"scores": scores}, SCORE) == code


def test_score_tally_is_the_weighted_mean_over_people_who_scored():
    # Person 1 (opd): dampak 5 (w2), urgensi 2 (w1) -> (10 + 2) / 3 = 4.0
    # Person 2 (umkm): dampak 2 (w2), kelayakan 5, biaya 5 -> (4 + 5 + 5) / 4 = 3.5
    # Proposal 1 = mean(4.0, 3.5) = 3.75. Proposal 2: only person 2, urgensi 4 -> 4.0.
    rows = [(1, 1, "opd", "dampak", 5), (1, 1, "opd", "urgensi", 2),
            (1, 2, "umkm", "dampak", 2), (1, 2, "umkm", "kelayakan", 5), (1, 2, "umkm", "biaya", 5),
            (2, 2, "umkm", "urgensi", 4)]
    results = tally([1, 2], rows, GROUPS, SCORE)["results"]
    assert [(r["proposal_id"], r["score"], r["voters"]) for r in results] == [(2, 4.0, 1), (1, 3.75, 2)]
    one = results[1]
    assert one["by_group"] == {"opd": 4.0, "desa": None, "umkm": 3.5}
    assert one["detail"]["criteria_means"] == {"dampak": 3.5, "urgensi": 2.0, "kelayakan": 5.0, "biaya": 5.0}


# --- rank -------------------------------------------------------------------------------------

def test_ranking_ballot():
    entries = normalize_ballot({"ranking": [3, "1"]}, [1, 2, 3], RANK)
    assert entries == {(3, ""): 1, (1, ""): 2}
    assert ballot_view(entries, RANK) == {"ranking": [3, 1]} and remaining(entries, RANK) == 1
    assert refused({"ranking": [1, 1]}, RANK) == "duplicate_in_ranking"
    assert refused({"ranking": [1, 2, 3, 4]}, RANK) == "ranking_too_long"
    assert refused({"ranking": {"1": 1}}, RANK) == "invalid_ballot"


def test_borda_count():
    # K = 3: first place 3 points, second 2, third 1.
    rows = [(1, 1, "opd", "", 1), (2, 1, "opd", "", 2), (3, 1, "opd", "", 3),
            (2, 2, "desa", "", 1), (1, 2, "desa", "", 2)]
    results = tally([1, 2, 3], rows, GROUPS, RANK)["results"]
    assert [(r["proposal_id"], r["score"], r["rank"]) for r in results] == [(1, 5, 1), (2, 5, 1), (3, 1, 3)]
    assert results[0]["detail"] == {"borda": 5, "first_choices": 1}
    assert results[0]["by_group"] == {"opd": 3, "desa": 2, "umkm": 0}


def test_competition_ranks():
    assert competition_ranks([9, 7, 7, 4, 4, 4, 1]) == [1, 2, 2, 4, 4, 4, 7]
    assert competition_ranks([]) == []


# --- properties -------------------------------------------------------------------------------

dot_ballots = st.dictionaries(st.sampled_from([1, 2, 3, 4]), st.integers(0, 3), max_size=4)


@given(st.lists(st.tuples(st.integers(1, 20), st.sampled_from(GROUPS), dot_ballots), max_size=30))
def test_tally_conserves_dots_and_group_split(casts):
    final = {participant: (group, ballot) for participant, group, ballot in casts}  # replace-whole
    rows = [(pid, participant, group, "", n) for participant, (group, ballot) in final.items()
            for pid, n in ballot.items()]
    results = tally([1, 2, 3, 4], rows, GROUPS, Rules("dots", 12, 3))["results"]
    assert sum(r["score"] for r in results) == sum(row[4] for row in rows)
    for row in results:
        assert sum(row["by_group"].values()) == row["score"]
    scores = [r["score"] for r in results]
    assert scores == sorted(scores, reverse=True)


@given(st.sampled_from([
    (Rules("dots", 12, 3), st.builds(lambda d: {"dots": d}, dot_ballots)),
    (POINTS, st.builds(lambda d: {"points": d}, st.dictionaries(st.sampled_from([1, 2, 3, 4]), st.integers(0, 25)))),
    (SCORE, st.builds(lambda d: {"scores": d}, st.dictionaries(
        st.sampled_from([1, 2, 3, 4]), st.dictionaries(st.sampled_from(["dampak", "biaya"]), st.integers(1, 5))))),
    (Rules("rank", rank_size=4), st.builds(lambda d: {"ranking": d}, st.permutations([1, 2, 3, 4]))),
]).flatmap(lambda pair: st.tuples(st.just(pair[0]), pair[1])))
def test_replaying_a_ballot_changes_nothing(case):
    rules, raw = case
    once = normalize_ballot(raw, [1, 2, 3, 4], rules)
    assert normalize_ballot(ballot_view(once, rules), [1, 2, 3, 4], rules) == once
