"""The database's tally (grouped SQL) equals the pure tally over every stored row.

The board, the results API and the exports rank from `stored_aggregates`, which sums ballots in
SQL; `voting.aggregate` does the same in Python from the raw rows and is what the worked
examples in tests/unit pin. Here both run on the seeded demo (dots, points, score with
weighted criteria, rank; a merge, a hidden proposal, paper ballots) and must agree.
"""
import pytest
from sqlalchemy import select

from workshop.demo import build_demo
from workshop.extensions import db
from workshop.models import BallotEntry, Participant, Proposal, StakeholderGroup
from workshop.services import accounts
from workshop.services.results import session_results, stored_aggregates
from workshop.services.workshops import session_rules
from workshop.voting import aggregate, tally


def _stored_rows(session_id: int, proposal_ids: list[int]):
    return db.session.execute(
        select(BallotEntry.proposal_id, BallotEntry.participant_id, StakeholderGroup.key, BallotEntry.criterion,
               BallotEntry.value)
        .join(Participant, BallotEntry.participant_id == Participant.id)
        .join(StakeholderGroup, Participant.group_id == StakeholderGroup.id)
        .where(BallotEntry.session_id == session_id, BallotEntry.proposal_id.in_(proposal_ids))).all()


@pytest.mark.parametrize("seed", [2024, 7])
def test_sql_aggregates_equal_the_pure_tally(app, seed):
    with app.app_context():
        owner = accounts.create_facilitator("agg@kominfo.go.id", "rahasia-panjang")
        workshop = build_demo(owner, participants=45, proposals=24, seed=seed)
        groups = workshop.groups
        methods = set()
        for session in workshop.sessions:
            active = list(db.session.scalars(select(Proposal.id).where(
                Proposal.session_id == session.id, Proposal.status == "active").order_by(Proposal.id)))
            rules = session_rules(session)
            rows = _stored_rows(session.id, active)
            if not rows:
                continue
            methods.add(session.method)
            expected = aggregate(rows, rules)
            found = stored_aggregates(session.id, active, groups, rules)
            assert found.group_voters == expected.group_voters
            assert found.cells.keys() == expected.cells.keys()
            for key, cell in expected.cells.items():
                assert found.cells[key].voters == cell.voters, key
                assert found.cells[key].firsts == cell.firsts, key
                assert found.cells[key].total == pytest.approx(cell.total), key
            assert found.criteria.keys() == expected.criteria.keys()
            for key, (total, count) in expected.criteria.items():
                assert found.criteria[key][1] == count and found.criteria[key][0] == pytest.approx(total)
            # And what everybody sees: the ranked results.
            reference = tally(active, rows, [g.key for g in groups], rules)
            shown = session_results(session)
            assert shown["voters"] == reference["voters"] > 0
            assert shown["group_voters"] == reference["group_voters"]
            assert [(r["proposal_id"], r["rank"], r["score"], r["voters"], r["by_group"], r["detail"])
                    for r in shown["results"]] == \
                   [(r["proposal_id"], r["rank"], r["score"], r["voters"], r["by_group"], r["detail"])
                    for r in reference["results"]]
        assert methods == {"dots", "points", "score", "rank"}
