"""The group-balanced ranking and the widest disagreements, on a worked example."""
from workshop.voting import Rules, balanced_ranking, disagreements, tally


def test_forty_opd_do_not_drown_five_umkm():
    # 40 OPD staff put 1 dot each on proposal A; 5 UMKM owners put 5 dots each on proposal B.
    rows = [(1, f"opd{i}", "opd", "", 1) for i in range(40)] + [(2, f"umkm{i}", "umkm", "", 5) for i in range(5)]
    outcome = tally([1, 2], rows, ["opd", "umkm"], Rules("dots", 5, 5))
    overall = [(r["proposal_id"], r["score"]) for r in outcome["results"]]
    assert overall == [(1, 40), (2, 25)]
    balanced = balanced_ranking(outcome["results"], outcome["group_voters"], "dots")
    # Per voter: A gets 1.0 from OPD and 0 from UMKM -> mean 0.5; B gets 0 and 5.0 -> 2.5.
    # In dots, as if both groups had sent the same number of the 45 voters: A 22.5, B 112.5.
    assert [(r["proposal_id"], r["score"], r["rank"]) for r in balanced] == [(2, 112.5, 1), (1, 22.5, 2)]
    assert balanced[0]["by_group"] == {"opd": 0.0, "umkm": 5.0}
    widest = disagreements(outcome["results"], outcome["group_voters"], "dots")
    assert [(d["proposal_id"], d["spread"]) for d in widest] == [(2, 5.0), (1, 1.0)]


def test_score_balance_uses_group_means():
    rules = Rules("score", criteria=(("dampak", 1.0),))
    rows = [(1, "a", "opd", "dampak", 5), (1, "b", "opd", "dampak", 5), (1, "c", "opd", "dampak", 5),
            (1, "d", "umkm", "dampak", 1)]
    outcome = tally([1], rows, ["opd", "umkm", "desa"], rules)
    assert outcome["results"][0]["score"] == 4.0
    balanced = balanced_ranking(outcome["results"], outcome["group_voters"], "score")
    assert balanced[0]["score"] == 3.0  # (5 + 1) / 2: groups that did not vote are left out


def test_no_disagreement_with_one_group():
    outcome = tally([1], [(1, "a", "opd", "", 2)], ["opd", "umkm"], Rules("dots"))
    assert disagreements(outcome["results"], outcome["group_voters"], "dots") == []
