"""The board's cheaper paths show what the full results show.

A board flush ranks from `session_results(session, matrix_groups=False)`: the proposals read as
plain rows, the ballots summed over a select of the active ids instead of a list, and a `score`
session's matrix from the per-criterion sums already summed for the ranking, without the
groups' points. Here each is held equal to the full path on the seeded demo, with a `score`
session whose merged ballots carry averaged (fractional) scores and unusual criterion weights.
"""
import pytest
from sqlalchemy import select

from workshop.demo import build_demo
from workshop.extensions import db
from workshop.models import Criterion, Proposal
from workshop.services import accounts, moderation
from workshop.services import workshops as workshop_service
from workshop.services.results import active_ids, board_payload, moderation_list, session_results, stored_aggregates
from workshop.services.workshops import session_rules


def _active(session_id: int) -> list[int]:
    return list(db.session.scalars(select(Proposal.id).where(
        Proposal.session_id == session_id, Proposal.status == "active").order_by(Proposal.id)))


@pytest.mark.parametrize("seed", [2024, 7])
def test_the_board_path_equals_the_full_results(app, seed):
    with app.app_context():
        owner = accounts.create_facilitator("paths@kominfo.go.id", "rahasia-panjang")
        workshop = build_demo(owner, participants=45, proposals=24, seed=seed)
        score = next(s for s in workshop.sessions if s.method == "score")
        # Unusual weights, then a merge in `review`: averaged scores on the survivor.
        for criterion, weight in zip(db.session.scalars(select(Criterion).where(Criterion.session_id == score.id)
                                                         .order_by(Criterion.position)), (0.3, 1.7, 2.5, 0.1)):
            criterion.weight = weight
        db.session.commit()
        workshop_service.change_phase(owner, score.id, {"phase": "review"})
        first, second, *_ = _active(score.id)
        moderation.merge_proposal(owner, second, {"into": first})
        workshop_service.change_phase(owner, score.id, {"phase": "closed"})
        checked = set()
        for session in workshop.sessions:
            rules = session_rules(session)
            listed = _active(session.id)
            by_list = stored_aggregates(session.id, listed, workshop.groups, rules)
            by_select = stored_aggregates(session.id, active_ids(session.id), workshop.groups, rules)
            assert by_select.group_voters == by_list.group_voters
            assert by_select.cells == by_list.cells
            assert by_select.criteria == by_list.criteria
            full = session_results(session)
            lean = session_results(session, matrix_groups=False)
            if session.method == "score":
                assert full["matrix"]["groups"]
                assert lean["matrix"] == {k: v for k, v in full["matrix"].items() if k != "groups"}
                assert board_payload(workshop, session)["matrix"] == lean["matrix"]
            assert {k: v for k, v in lean.items() if k != "matrix"} == {k: v for k, v in full.items() if k != "matrix"}
            # The proposals' own fields, read as rows, are what the ORM objects hold.
            shown = {p["id"]: p for p in moderation_list(session)}
            for row in full["results"]:
                proposal = shown[row["proposal_id"]]
                for key in ("description", "dimension", "goal", "target", "indicator", "responsible_agency",
                            "horizon", "quick_win", "group", "organization", "merged_count"):
                    assert row[key] == proposal[key], key
                assert row["title"] == proposal["title"]
                assert row.get("origin_table") == proposal.get("origin_table")
            checked.add(session.method)
        assert checked == {"dots", "points", "score", "rank"}
