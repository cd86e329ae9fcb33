"""Read models derived from stored ballots: results, the board's payload, each phone's state.

Nothing here is cached in process memory, so a restart or a second process computes the same.
"""
from __future__ import annotations

from collections import defaultdict
from typing import Iterable

from sqlalchemy import func, select

from ..extensions import db
from ..models import BallotEntry, Participant, Proposal, StakeholderGroup, Workshop, WorkshopSession
from ..voting import tally_dots
from .participation import dot_rules
from .workshops import session_settings


def _proposals(session_id: int) -> list[Proposal]:
    return list(db.session.scalars(
        select(Proposal).where(Proposal.session_id == session_id).order_by(Proposal.id)))


def _proposer_groups(session_id: int) -> dict[int, tuple[str | None, str]]:
    """proposal_id -> (proposer's group key, organization)."""
    rows = db.session.execute(
        select(Proposal.id, StakeholderGroup.key, Participant.organization)
        .join(Participant, Proposal.participant_id == Participant.id)
        .join(StakeholderGroup, Participant.group_id == StakeholderGroup.id)
        .where(Proposal.session_id == session_id))
    return {pid: (key, org) for pid, key, org in rows}


def proposal_dict(proposal: Proposal, proposer: tuple[str | None, str] = (None, "")) -> dict:
    """A proposal as phones and API clients see it (the proposer's name is not shown)."""
    return {"id": proposal.id, "session_id": proposal.session_id, "title": proposal.title,
            "description": proposal.description, "dimension": proposal.dimension,
            "group": proposer[0], "organization": proposer[1],
            "created_at": proposal.created_at.isoformat() + "Z"}


def proposal_view(proposal: Proposal) -> dict:
    """One proposal as phones see it, with its proposer's group."""
    participant = proposal.participant
    proposer = (participant.group.key, participant.organization) if participant else (None, "")
    return proposal_dict(proposal, proposer)


def session_results(session: WorkshopSession) -> dict:
    """Ranked results of a session, computed from its stored ballots."""
    proposals = _proposals(session.id)
    proposers = _proposer_groups(session.id)
    group_keys = [g.key for g in session.workshop.groups]
    entries = db.session.execute(
        select(BallotEntry.proposal_id, BallotEntry.participant_id, StakeholderGroup.key, BallotEntry.value)
        .join(Participant, BallotEntry.participant_id == Participant.id)
        .join(StakeholderGroup, Participant.group_id == StakeholderGroup.id)
        .where(BallotEntry.session_id == session.id)).all()
    by_id = {p.id: p for p in proposals}
    ranked = tally_dots(by_id, entries, group_keys)
    results = []
    for row in ranked:
        proposal = by_id[row["proposal_id"]]
        group, organization = proposers.get(proposal.id, (None, ""))
        results.append({**row, "title": proposal.title, "description": proposal.description,
                        "dimension": proposal.dimension, "group": group, "organization": organization})
    voters = len({participant_id for _, participant_id, _, value in entries if value > 0})
    return {"session_id": session.id, "method": session.method, "voters": voters, "results": results}


def participant_counts(workshop: Workshop) -> dict:
    """Participants joined, in total and per group key (every group present)."""
    rows = dict(db.session.execute(
        select(StakeholderGroup.key, func.count(Participant.id))
        .join(Participant, Participant.group_id == StakeholderGroup.id)
        .where(StakeholderGroup.workshop_id == workshop.id)
        .group_by(StakeholderGroup.key)).all())
    by_group = {g.key: rows.get(g.key, 0) for g in workshop.groups}
    return {"total": sum(by_group.values()), "by_group": by_group}


def board_payload(workshop: Workshop, session: WorkshopSession | None) -> dict:
    """The `board:update` payload for a workshop's board showing `session` (or none yet)."""
    payload = {"workshop_id": workshop.id, "session_id": None, "title": None, "phase": None,
               "method": None, "settings": {}, "participants": participant_counts(workshop),
               "proposals_count": 0, "proposals": [], "voters": 0, "results": [],
               "seq": workshop.revision}
    if session is None:
        return payload
    outcome = session_results(session)
    newest_first = sorted(outcome["results"], key=lambda r: -r["proposal_id"])
    payload.update(
        session_id=session.id, title=session.title, phase=session.phase, method=session.method,
        settings=session_settings(session), proposals_count=len(newest_first),
        proposals=[{"id": r["proposal_id"], "title": r["title"], "dimension": r["dimension"],
                    "group": r["group"]} for r in newest_first],
        voters=outcome["voters"],
        results=[{"rank": r["rank"], "proposal_id": r["proposal_id"], "title": r["title"],
                  "dimension": r["dimension"], "score": r["score"], "voters": r["voters"]}
                 for r in outcome["results"]])
    return payload


def phone_states(workshop: Workshop, participants: Iterable[Participant]) -> dict[int, dict]:
    """The `session:state` snapshot for each given participant of the workshop, in bulk."""
    participants = list(participants)
    session = db.session.get(WorkshopSession, workshop.current_session_id) if workshop.current_session_id else None
    if session is None:
        empty = {"session_id": None, "title": None, "phase": None, "method": None, "settings": {},
                 "proposals": [], "ballot": None, "remaining": None}
        return {p.id: dict(empty) for p in participants}
    proposals = _proposals(session.id)
    proposers = _proposer_groups(session.id)
    shown = [(p.participant_id, p.client_id, proposal_dict(p, proposers.get(p.id, (None, "")))) for p in proposals]
    ids = [p.id for p in participants]
    ballots: dict[int, dict[str, int]] = defaultdict(dict)
    for participant_id, pid, value in db.session.execute(
            select(BallotEntry.participant_id, BallotEntry.proposal_id, BallotEntry.value)
            .where(BallotEntry.session_id == session.id, BallotEntry.participant_id.in_(ids))):
        ballots[participant_id][str(pid)] = value
    common = {"session_id": session.id, "title": session.title, "phase": session.phase,
              "method": session.method, "settings": session_settings(session)}
    if session.phase == "closed":
        common["results"] = [
            {k: r[k] for k in ("rank", "proposal_id", "title", "dimension", "score", "voters")}
            for r in session_results(session)["results"]]
    budget = dot_rules(session).dots_per_participant
    states = {}
    for participant in participants:
        # While collecting, a phone lists only what its owner sent; afterwards, everything.
        own_only = session.phase in ("draft", "collect")
        listed = []
        for author, client_id, shown_proposal in shown:
            mine = author == participant.id
            if mine:
                # The phone matches its queued submits to stored proposals by client_id.
                listed.append({**shown_proposal, "mine": True, "client_id": client_id})
            elif not own_only:
                listed.append({**shown_proposal, "mine": False})
        ballot = ballots.get(participant.id, {})
        states[participant.id] = {**common, "proposals": listed, "ballot": {"dots": ballot},
                                  "remaining": budget - sum(ballot.values())}
    return states


def phone_state(participant: Participant) -> dict:
    """The `session:state` snapshot for one participant."""
    workshop = db.session.get(Workshop, participant.workshop_id)
    return phone_states(workshop, [participant])[participant.id]


def workshop_participants(workshop_id: int) -> list[Participant]:
    """All participants of a workshop."""
    return list(db.session.scalars(select(Participant).where(Participant.workshop_id == workshop_id)))
