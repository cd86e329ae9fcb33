"""Merging duplicates: ballots move to the survivor without counting anyone twice."""
from hypothesis import given
from hypothesis import strategies as st

from workshop.voting import Rules, merge_entries, tally

DOTS = Rules("dots", dots_per_participant=5, max_dots_per_proposal=3)


def test_dots_add_up_within_the_cap():
    # 2 dots on the duplicate (9) and 2 on the survivor (1): 4 capped to 3, one dot comes back.
    assert merge_entries({(9, ""): 2, (1, ""): 2, (5, ""): 1}, 9, 1, DOTS) == {(1, ""): 3, (5, ""): 1}
    assert merge_entries({(9, ""): 2}, 9, 1, DOTS) == {(1, ""): 2}
    assert merge_entries({(5, ""): 2}, 9, 1, DOTS) == {(5, ""): 2}


def test_points_add_up():
    assert merge_entries({(9, ""): 30, (1, ""): 50}, 9, 1, Rules("points")) == {(1, ""): 80}


def test_scores_on_both_are_averaged_per_criterion():
    rules = Rules("score", criteria=(("dampak", 1.0), ("biaya", 1.0)))
    merged = merge_entries({(9, "dampak"): 5, (9, "biaya"): 2, (1, "dampak"): 4}, 9, 1, rules)
    assert merged == {(1, "dampak"): 4.5, (1, "biaya"): 2}


def test_ranking_keeps_the_better_place_and_closes_the_gap():
    rules = Rules("rank", rank_size=4)
    # Ranking 3, 9, 1, 7 -> 9 merges into 1: 1 takes place 2, then 7 moves up to 3.
    merged = merge_entries({(3, ""): 1, (9, ""): 2, (1, ""): 3, (7, ""): 4}, 9, 1, rules)
    assert merged == {(3, ""): 1, (1, ""): 2, (7, ""): 3}


def test_overlapping_voters_count_once_on_the_survivor():
    # Ani voted for both duplicates, Budi only for the duplicate, Citra only for the survivor.
    ballots = {"ani": {(1, ""): 2, (9, ""): 2}, "budi": {(9, ""): 3}, "citra": {(1, ""): 1}}
    groups = {"ani": "opd", "budi": "umkm", "citra": "opd"}
    merged = {who: merge_entries(entries, 9, 1, DOTS) for who, entries in ballots.items()}
    rows = [(pid, who, groups[who], crit, v) for who, entries in merged.items() for (pid, crit), v in entries.items()]
    survivor = tally([1], rows, ["opd", "umkm"], DOTS)["results"][0]
    assert survivor["voters"] == 3 and survivor["score"] == 3 + 3 + 1
    assert survivor["by_group"] == {"opd": 4, "umkm": 3}


ballot = st.dictionaries(st.sampled_from([1, 2, 3]), st.integers(1, 50), max_size=3)


@given(st.lists(ballot, max_size=20))
def test_points_totals_are_conserved_under_merge(ballots):
    rules = Rules("points", points_budget=1000)
    before = sum(sum(b.values()) for b in ballots)
    after = sum(sum(merge_entries({(pid, ""): v for pid, v in b.items()}, 3, 1, rules).values()) for b in ballots)
    assert after == before


@given(st.lists(st.dictionaries(st.sampled_from([1, 2, 3]), st.integers(1, 3), max_size=3), max_size=20))
def test_dots_never_exceed_the_cap_and_never_grow(ballots):
    for b in ballots:
        merged = merge_entries({(pid, ""): v for pid, v in b.items()}, 3, 1, DOTS)
        assert all(v <= DOTS.max_dots_per_proposal for v in merged.values())
        assert sum(merged.values()) <= sum(b.values())
        assert (3, "") not in merged
        # Nothing lost unless the cap forced it.
        if b.get(1, 0) + b.get(3, 0) <= 3:
            assert sum(merged.values()) == sum(b.values())
