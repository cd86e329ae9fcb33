"""Duplicate hints: likely duplicate groups for the console, similar proposals for a phone's draft.

Read-only: nothing is written, nothing changes. The comparison itself is voting/similarity.py;
each proposal's normalised text is cached there by (id, title, description), so a session's
grouping stems only what is new or edited since the last call.
"""
from __future__ import annotations

from sqlalchemy import func, select

from .. import validation as v
from ..errors import RembukError
from ..extensions import db
from ..models import Facilitator, Participant, Proposal
from ..voting import similarity
from .participation import DESCRIPTION_MAX, TITLE_MAX, _session_of
from .workshops import owned_session

_PLAN_FIELDS = ("goal", "target", "indicator", "responsible_agency")


def _visible(session_id: int) -> list[Proposal]:
    """The session's visible (active: neither hidden nor merged) proposals, oldest first."""
    return list(db.session.scalars(select(Proposal).where(Proposal.session_id == session_id,
                                                          Proposal.status == "active").order_by(Proposal.id)))


def _normalised(proposal: Proposal) -> similarity.Normalised:
    return similarity.normalised(proposal.id, proposal.title, proposal.description or "")


def _completeness(proposal: Proposal, merged: int) -> tuple:
    filled = sum(1 for name in _PLAN_FIELDS if (getattr(proposal, name) or "").strip())
    filled += proposal.horizon is not None
    return similarity.completeness(proposal.title, proposal.description, filled, merged)


def session_duplicates(facilitator: Facilitator, session_id: int) -> dict:
    """Groups of likely duplicates among the session's visible proposals.

    Each group lists its proposals best-written first (`similarity.completeness`; then the
    oldest), so the first id is the one to merge the others into. Biggest groups first.
    """
    session = owned_session(facilitator, session_id)
    proposals = _visible(session.id)
    merged = dict(db.session.execute(
        select(Proposal.merged_into_id, func.count(Proposal.id))
        .where(Proposal.session_id == session.id, Proposal.status == "merged")
        .group_by(Proposal.merged_into_id)).all())
    groups = []
    for members, score in similarity.group_duplicates([_normalised(p) for p in proposals]):
        chosen = [proposals[i] for i in members]
        chosen.sort(key=lambda p: (tuple(-x for x in _completeness(p, merged.get(p.id, 0))), p.id))
        groups.append({"proposal_ids": [p.id for p in chosen], "score": round(score, 3)})
    return {"session_id": session.id, "groups": groups}


def similar_proposals(participant: Participant, data) -> list[dict]:
    """Up to three visible proposals of the session similar to a draft (a phone, while collecting)."""
    data = v.require_object(data)
    session = _session_of(participant, data)
    title = v.text(data, "title", max_len=TITLE_MAX, min_len=3)
    description = v.text(data, "description", max_len=DESCRIPTION_MAX, required=False)
    if session.phase != "collect":
        raise RembukError("wrong_phase", phase=session.phase)
    proposals = _visible(session.id)
    query = similarity.Normalised.of(title, description)
    found = similarity.most_similar(query, [_normalised(p) for p in proposals])
    return [{"id": proposals[i].id, "title": proposals[i].title, "score": round(score, 3)} for i, score in found]
