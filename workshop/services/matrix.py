"""The Quick Win matrix of a `score` session from its stored ballots (the rules: voting/matrix.py)."""
from __future__ import annotations

from sqlalchemy import func, select

from ..extensions import db
from ..models import BallotEntry, Participant, WorkshopSession
from ..voting.matrix import overall_matrix, session_matrix
from .workshops import matrix_axes


def score_sums(session_id: int, proposal_ids: list[int], groups) -> dict[tuple[int, str, str], tuple[float, int]]:
    """`(sum, count)` of the scores per (proposal, group key, criterion), summed by the database."""
    key_of = {g.id: g.key for g in groups}
    entry = BallotEntry
    rows = db.session.execute(
        select(entry.proposal_id, Participant.group_id, entry.criterion, func.sum(entry.value), func.count())
        .join(Participant, entry.participant_id == Participant.id)
        .where(entry.session_id == session_id, entry.proposal_id.in_(proposal_ids), entry.value > 0)
        .group_by(entry.proposal_id, Participant.group_id, entry.criterion))
    return {(pid, key_of[group_id], criterion): (float(total), count)
            for pid, group_id, criterion, total, count in rows if group_id in key_of}


def results_matrix(session: WorkshopSession, ranked: list[dict],
                   overall: dict[tuple[int, str], tuple[float, int]] | None = None) -> dict:
    """`{x, y, midpoint, min, max, points, groups}` with each point's overall `rank`, in rank order.

    Given `overall`, the `(sum, count)` of the scores per (proposal, criterion) of the ranked
    proposals (`Aggregates.criteria`), the matrix has no `groups`: no grouped query, no points
    per group. The overall points are the same: `score_sums` added up over the groups are
    those sums (scores are whole numbers, or averages of two after a merge: every partial sum
    is exact in a float, whichever order adds them).
    """
    ids = [row["proposal_id"] for row in ranked]
    rank_of = {row["proposal_id"]: row["rank"] for row in ranked}
    weights = {c.key: c.weight for c in session.criteria}
    if overall is not None:
        found = overall_matrix(ids, overall, matrix_axes(session), weights)
        found["points"] = [{**p, "rank": rank_of[p["proposal_id"]]} for p in found["points"]]
        return found
    groups = session.workshop.groups
    found = session_matrix(ids, score_sums(session.id, ids, groups) if ids else {}, [g.key for g in groups],
                           matrix_axes(session), weights)
    found["points"] = [{**p, "rank": rank_of[p["proposal_id"]]} for p in found["points"]]
    found["groups"] = {g: [{**p, "rank": rank_of[p["proposal_id"]]} for p in points]
                       for g, points in found["groups"].items()}
    return found
