"""What participants do from their phones: join, submit proposals, cast ballots.

Paper ballots, typed in by the facilitator, go through the same casting rule.
"""
from __future__ import annotations

from sqlalchemy import and_, bindparam, delete, insert, select
from sqlalchemy.exc import IntegrityError

from .. import validation as v
from ..errors import RembukError
from ..extensions import db
from ..models import (DIMENSIONS, HORIZONS, BallotEntry, Facilitator, Participant, Proposal, Workshop,
                      WorkshopSession)
from ..voting import ballot_view, normalize_ballot, remaining
from .accounts import hash_token, new_token
from .log import record
from .tickets import spend_ticket
from .workshops import ensure_open, owned_session, session_rules, workshop_by_code

MASTERPLAN_TEXT_FIELDS = (("goal", 1000), ("target", 1000), ("indicator", 1000), ("responsible_agency", 160))


def join(data) -> tuple[Participant, str]:
    """Register a participant in the workshop named by join_code; returns it and its token."""
    data = v.require_object(data)
    workshop = workshop_by_code(data.get("join_code"))
    ensure_open(workshop.id)
    participant, token = _new_participant(workshop, data, kind="phone")
    if workshop.strict:
        db.session.flush()
        spend_ticket(workshop, data.get("ticket"), participant.id)
    db.session.commit()
    return participant, token


def _new_participant(workshop: Workshop, data: dict, *, kind: str, name_required: bool = True):
    name = v.text(data, "name", max_len=120, min_len=1 if name_required else 0, required=name_required)
    group = next((g for g in workshop.groups if g.key == data.get("group")), None)
    if group is None:
        raise RembukError("unknown_group", field="group")
    organization = v.text(data, "organization", max_len=160, required=False)
    token = new_token()
    participant = Participant(workshop_id=workshop.id, group_id=group.id, name=name, kind=kind,
                              organization=organization, token_hash=hash_token(token))
    db.session.add(participant)
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


def masterplan_fields(data: dict) -> dict:
    """The masterplan fields present in `data`, validated (tujuan, sasaran, ..., Quick Win)."""
    fields = {}
    for name, limit in MASTERPLAN_TEXT_FIELDS:
        if name in data:
            fields[name] = v.text(data, name, max_len=limit, required=False)
    if "horizon" in data:
        if data["horizon"] is not None and (isinstance(data["horizon"], bool) or data["horizon"] not in HORIZONS):
            raise RembukError("invalid_input", field="horizon", reason="not_horizon")
        fields["horizon"] = data["horizon"]
    if "quick_win" in data:
        fields["quick_win"] = v.boolean(data, "quick_win")
    return fields


def submit_proposal(participant: Participant, data) -> tuple[Proposal, bool]:
    """Store a proposal; a replay with the same client_id (same session) returns the first one.

    Returns (proposal, created).
    """
    data = v.require_object(data)
    session = _session_of(participant, data)
    client_id = v.text(data, "client_id", max_len=64, required=False) or None
    if client_id:
        existing = _proposal_by_client_id(session.id, participant.id, client_id)
        if existing is not None:
            return existing, False
    ensure_open(session.workshop_id)
    if session.phase != "collect":
        raise RembukError("wrong_phase", phase=session.phase)
    title = v.text(data, "title", max_len=120, min_len=3)
    description = v.text(data, "description", max_len=1000, required=False)
    dimension = data.get("dimension")
    if dimension not in DIMENSIONS:
        raise RembukError("unknown_dimension", field="dimension")
    proposal = Proposal(session_id=session.id, participant_id=participant.id, client_id=client_id,
                        title=title, description=description, dimension=dimension, **masterplan_fields(data))
    db.session.add(proposal)
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


# The cast is the hot path of a vote (up to a thousand a second), so its statements are built
# once, with bound parameters, and run on the session's connection: building and caching a
# statement per call cost SQLAlchemy four times what SQLite spends running it.
_ballots = BallotEntry.__table__
_ACTIVE_PROPOSALS = select(Proposal.__table__.c.id).where(
    Proposal.__table__.c.session_id == bindparam("session_id"), Proposal.__table__.c.status == "active")
_sessions = WorkshopSession.__table__
_participants = Participant.__table__
# The participant (still there?) and what the cast needs of the named session, in one query.
_CAST_READ = (select(_participants.c.id.label("participant_id"),
                     *(_sessions.c[name] for name in ("id", "workshop_id", "phase", "method", "dots_per_participant",
                                                      "max_dots_per_proposal", "points_budget", "rank_size")))
              .select_from(_participants.outerjoin(_sessions, and_(
                  _sessions.c.id == bindparam("session_id"), _sessions.c.workshop_id == _participants.c.workshop_id)))
              .where(_participants.c.id == bindparam("participant_id"),
                     _participants.c.workshop_id == bindparam("workshop_id")))
_DELETE_BALLOT = delete(_ballots).where(_ballots.c.session_id == bindparam("session_id"),
                                        _ballots.c.participant_id == bindparam("participant_id"))
_INSERT_ENTRIES = insert(_ballots)


def active_proposal_ids(session_id: int, connection=None) -> list[int]:
    """Proposals that can be voted on: not hidden, not merged away."""
    connection = connection or db.session.connection()
    return list(connection.execute(_ACTIVE_PROPOSALS, {"session_id": session_id}).scalars())


def cast_ballot(participant_id: int, workshop_id: int, data) -> dict:
    """Replace a participant's ballot in a voting session; committed before returning.

    The workshop's guarded UPDATE (ensure_open) comes first, so a phase change or a results lock,
    which hold the same row until they commit, cannot slip in between the checks and the write.
    Then one SELECT of the participant and the session's rules, one of the active proposals, and
    the DELETE and INSERT of the ballot. No ORM objects are loaded.
    Returns `{"ballot": <the method's wire shape>, "remaining": n or None}`.
    """
    data = v.require_object(data)
    session_id = v.identifier(data, "session_id")
    ensure_open(workshop_id)
    connection = db.session.connection()
    found = connection.execute(_CAST_READ, {
        "session_id": session_id, "participant_id": participant_id, "workshop_id": workshop_id}).first()
    if found is None:  # removed since connecting
        raise RembukError("unauthorized", status=401)
    if found.id is None:
        # Another workshop's session is reported as missing: its existence is not theirs to know.
        raise RembukError("not_found", status=404)
    return _replace_ballot(found, participant_id, data.get("ballot"), connection)


def _replace_ballot(session, participant_id: int, raw, connection=None) -> dict:
    """Check and store a ballot in the caller's transaction (which has called ensure_open) and commit.

    `session` is a WorkshopSession or a row of `_CAST_READ`.
    """
    if session.phase != "vote":
        raise RembukError("wrong_phase", phase=session.phase)
    rules = session_rules(session)
    connection = connection or db.session.connection()
    entries = normalize_ballot(raw, active_proposal_ids(session.id, connection), rules)
    for attempt in (1, 2):
        if attempt == 2:
            # The rollback undid the caller's ensure_open(): check the lock and count the change again.
            ensure_open(session.workshop_id)
            connection = db.session.connection()
        connection.execute(_DELETE_BALLOT, {"session_id": session.id, "participant_id": participant_id})
        if entries:
            connection.execute(_INSERT_ENTRIES, [
                {"session_id": session.id, "participant_id": participant_id, "proposal_id": pid,
                 "criterion": criterion, "value": value}
                for (pid, criterion), value in entries.items()])
        try:
            db.session.commit()
            break
        except IntegrityError:
            # Another cast by the same person landed between our delete and insert.
            db.session.rollback()
            if attempt == 2:
                raise
    return {"ballot": ballot_view(entries, rules), "remaining": remaining(entries, rules)}


def cast_paper_ballot(facilitator: Facilitator, session_id: int, data) -> dict:
    """A paper ballot typed in from the console, as a named or anonymous participant of a group."""
    session = owned_session(facilitator, session_id)
    ensure_open(session.workshop_id)
    data = v.require_object(data)
    if session.phase != "vote":
        raise RembukError("wrong_phase", phase=session.phase)
    # Validate the ballot before creating anyone, so a refusal writes nothing.
    normalize_ballot(data.get("ballot"), active_proposal_ids(session.id), session_rules(session))
    participant, _token = _new_participant(session.workshop, data, kind="paper", name_required=False)
    db.session.flush()
    record(session.workshop_id, facilitator, "paper_ballot", session_id=session.id,
           participant_id=participant.id, group=participant.group.key, name=participant.name)
    outcome = _replace_ballot(session, participant.id, data.get("ballot"))
    return {"participant_id": participant.id, **outcome}


def stored_entries(session_id: int, participant_ids=None) -> dict[int, dict[tuple[int, str], float]]:
    """Stored entries on active proposals, per participant (all, or the given ones)."""
    query = (select(BallotEntry.participant_id, BallotEntry.proposal_id, BallotEntry.criterion, BallotEntry.value)
             .join(Proposal, BallotEntry.proposal_id == Proposal.id)
             .where(BallotEntry.session_id == session_id, Proposal.status == "active"))
    if participant_ids is not None:
        query = query.where(BallotEntry.participant_id.in_(list(participant_ids)))
    found: dict[int, dict[tuple[int, str], float]] = {}
    for participant_id, pid, criterion, value in db.session.execute(query):
        found.setdefault(participant_id, {})[(pid, criterion)] = value
    return found
