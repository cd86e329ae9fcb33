"""What participants do from their phones: join, submit proposals, cast ballots."""
from __future__ import annotations

from sqlalchemy import delete, insert, select
from sqlalchemy.exc import IntegrityError

from .. import validation as v
from ..errors import RembukError
from ..extensions import db
from ..models import DIMENSIONS, BallotEntry, Participant, Proposal, WorkshopSession
from ..voting import DotRules, dots_remaining, normalize_dots_ballot
from .accounts import hash_token, new_token
from .workshops import bump_revision, workshop_by_code


def join(data) -> tuple[Participant, str]:
    """Register a participant in the workshop named by join_code; returns it and its token."""
    data = v.require_object(data)
    workshop = workshop_by_code(data.get("join_code"))
    name = v.text(data, "name", max_len=120, min_len=1)
    group_key = data.get("group")
    group = next((g for g in workshop.groups if g.key == group_key), None)
    if group is None:
        raise RembukError("unknown_group", field="group")
    organization = v.text(data, "organization", max_len=160, required=False)
    token = new_token()
    participant = Participant(workshop_id=workshop.id, group_id=group.id, name=name,
                              organization=organization, token_hash=hash_token(token))
    db.session.add(participant)
    bump_revision(workshop.id)
    db.session.commit()
    return participant, token


def participant_dict(participant: Participant) -> dict:
    """The participant as shown to themselves."""
    return {"id": participant.id, "name": participant.name, "group": participant.group.key,
            "organization": participant.organization, "workshop_id": participant.workshop_id}


def _session_of(participant: Participant, data) -> WorkshopSession:
    """The session named in a payload, which must be in the participant's workshop."""
    session = db.session.get(WorkshopSession, v.identifier(data, "session_id"))
    # Another workshop's session is reported as missing: its existence is not theirs to know.
    if session is None or session.workshop_id != participant.workshop_id:
        raise RembukError("not_found", status=404)
    return session


def submit_proposal(participant: Participant, data) -> tuple[Proposal, bool]:
    """Store a proposal; a replay with the same client_id returns the first one.

    Returns (proposal, created).
    """
    data = v.require_object(data)
    session = _session_of(participant, data)
    client_id = v.text(data, "client_id", max_len=64, required=False) or None
    if client_id:
        existing = _proposal_by_client_id(session.id, participant.id, client_id)
        if existing is not None:
            return existing, False
    if session.phase != "collect":
        raise RembukError("wrong_phase", phase=session.phase)
    title = v.text(data, "title", max_len=120, min_len=3)
    description = v.text(data, "description", max_len=1000, required=False)
    dimension = data.get("dimension")
    if dimension not in DIMENSIONS:
        raise RembukError("unknown_dimension", field="dimension")
    proposal = Proposal(session_id=session.id, participant_id=participant.id, client_id=client_id,
                        title=title, description=description, dimension=dimension)
    db.session.add(proposal)
    bump_revision(session.workshop_id)
    try:
        db.session.commit()
    except IntegrityError:
        # Two copies of the same submit raced; the other one won.
        db.session.rollback()
        existing = _proposal_by_client_id(session.id, participant.id, client_id) if client_id else None
        if existing is None:
            raise
        return existing, False
    return proposal, True


def _proposal_by_client_id(session_id: int, participant_id: int, client_id: str) -> Proposal | None:
    return db.session.scalar(select(Proposal).where(
        Proposal.session_id == session_id, Proposal.participant_id == participant_id, Proposal.client_id == client_id))


def dot_rules(session: WorkshopSession) -> DotRules:
    """The session's dot settings as a voting rule value."""
    return DotRules(session.dots_per_participant, session.max_dots_per_proposal)


def cast_ballot(participant: Participant, data) -> dict:
    """Replace the participant's ballot in a voting session; committed before returning.

    Returns `{"ballot": {"dots": {"<pid>": n}}, "remaining": n}`.
    """
    data = v.require_object(data)
    session = _session_of(participant, data)
    if session.phase != "vote":
        raise RembukError("wrong_phase", phase=session.phase)
    raw = data.get("ballot")
    if not isinstance(raw, dict) or set(raw) != {"dots"}:
        raise RembukError("invalid_ballot")
    proposal_ids = db.session.scalars(select(Proposal.id).where(Proposal.session_id == session.id))
    rules = dot_rules(session)
    ballot = normalize_dots_ballot(raw["dots"], proposal_ids, rules)
    for attempt in (1, 2):
        db.session.execute(delete(BallotEntry).where(BallotEntry.session_id == session.id,
                                                     BallotEntry.participant_id == participant.id))
        if ballot:
            db.session.execute(insert(BallotEntry), [
                {"session_id": session.id, "participant_id": participant.id, "proposal_id": pid, "value": n}
                for pid, n in ballot.items()])
        bump_revision(session.workshop_id)
        try:
            db.session.commit()
            break
        except IntegrityError:
            # Another cast by the same person landed between our delete and insert.
            db.session.rollback()
            if attempt == 2:
                raise
    return {"ballot": {"dots": {str(pid): n for pid, n in ballot.items()}},
            "remaining": dots_remaining(ballot, rules)}


def stored_ballot(session_id: int, participant_id: int) -> dict[int, int]:
    """The participant's stored dots in a session."""
    rows = db.session.execute(select(BallotEntry.proposal_id, BallotEntry.value).where(
        BallotEntry.session_id == session_id, BallotEntry.participant_id == participant_id))
    return {pid: value for pid, value in rows}

