"""Dot voting rules: ballot validation and tallies, as pure functions."""
import pytest
from hypothesis import given
from hypothesis import strategies as st

from workshop.errors import RembukError
from workshop.voting import DotRules, competition_ranks, normalize_dots_ballot, tally_dots
from workshop.voting.dots import dots_remaining

RULES = DotRules(dots_per_participant=5, max_dots_per_proposal=3)


def refused(raw, ids=(1, 2, 3), rules=RULES) -> str:
    with pytest.raises(RembukError) as info:
        normalize_dots_ballot(raw, ids, rules)
    return info.value.code


def test_ballot_keys_become_ints_and_zeros_drop():
    assert normalize_dots_ballot({"1": 2, "2": 0, 3: 3}, [1, 2, 3], RULES) == {1: 2, 3: 3}


def test_empty_ballot_is_valid():
    assert normalize_dots_ballot({}, [1], RULES) == {}


def test_full_budget_is_allowed():
    assert normalize_dots_ballot({"1": 3, "2": 2}, [1, 2], RULES) == {1: 3, 2: 2}


@pytest.mark.parametrize("raw, code", [
    ({"1": 3, "2": 3}, "over_budget"),
    ({"1": 4}, "over_cap"),
    ({"9": 1}, "unknown_proposal"),
    ({"1": -1}, "invalid_ballot"),
    ({"1": 1.5}, "invalid_ballot"),
    ({"1": "2"}, "invalid_ballot"),
    ({"1": True}, "invalid_ballot"),
    ({"abc": 1}, "invalid_ballot"),
    ({"-1": 1}, "invalid_ballot"),
    ([1, 2], "invalid_ballot"),
    (None, "invalid_ballot"),
])
def test_refusals(raw, code):
    assert refused(raw) == code


def test_same_proposal_as_int_and_string_counts_against_the_cap():
    assert refused({"1": 2, 1: 2}) == "over_cap"


def test_dots_remaining():
    assert dots_remaining({1: 3, 2: 1}, RULES) == 1


def test_tally_ranks_by_dots_with_groups_and_voters():
    entries = [
        (10, 1, "opd", 3), (11, 1, "opd", 2),
        (11, 2, "umkm", 3), (12, 2, "umkm", 1),
        (12, 3, "desa", 2),
    ]
    results = tally_dots([10, 11, 12, 13], entries, ["opd", "desa", "umkm"])
    # 12 and 10 tie on dots and share rank 2; 12 is listed first for having more voters.
    assert [(r["proposal_id"], r["rank"], r["score"], r["voters"]) for r in results] == [
        (11, 1, 5, 2), (12, 2, 3, 2), (10, 2, 3, 1), (13, 4, 0, 0)]
    assert results[0]["by_group"] == {"opd": 2, "desa": 0, "umkm": 3}


def test_tally_ignores_entries_for_other_proposals():
    assert tally_dots([1], [(2, 1, "opd", 3)], ["opd"])[0]["score"] == 0


def test_competition_ranks():
    assert competition_ranks([9, 7, 7, 4, 4, 4, 1]) == [1, 2, 2, 4, 4, 4, 7]
    assert competition_ranks([]) == []


ballots = st.dictionaries(st.sampled_from([1, 2, 3, 4]), st.integers(0, 3), max_size=4)


@given(st.lists(st.tuples(st.integers(1, 20), st.sampled_from(["opd", "umkm"]), ballots), max_size=30))
def test_tally_conserves_dots_and_group_split(casts):
    # The last cast of each participant is their ballot (replace-whole).
    final = {}
    for participant, group, ballot in casts:
        final[participant] = (group, ballot)
    entries = [(pid, participant, group, n) for participant, (group, ballot) in final.items()
               for pid, n in ballot.items()]
    results = tally_dots([1, 2, 3, 4], entries, ["opd", "umkm"])
    assert sum(r["score"] for r in results) == sum(n for *_, n in entries)
    for row in results:
        assert sum(row["by_group"].values()) == row["score"]
    scores = [r["score"] for r in results]
    assert scores == sorted(scores, reverse=True)


@given(ballots)
def test_replaying_a_ballot_changes_nothing(ballot):
    raw = {str(k): v for k, v in ballot.items()}
    rules = DotRules(12, 3)
    once = normalize_dots_ballot(raw, [1, 2, 3, 4], rules)
    assert normalize_dots_ballot({str(k): v for k, v in once.items()}, [1, 2, 3, 4], rules) == once
