"""What participants do from their phones: join, submit proposals, cast ballots.

Paper ballots, typed in by the facilitator, go through the same casting rule.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import bindparam, delete, func, insert, select
from sqlalchemy.exc import IntegrityError

from .. import validation as v
from ..changes import changed
from ..errors import RembukError
from ..extensions import db
from ..models import (DIMENSIONS, HORIZONS, BallotEntry, Facilitator, Participant, Proposal, Table, Workshop,
                      WorkshopSession, utcnow)
from ..voting import PROPOSAL_SOURCES, ballot_view, normalize_ballot, remaining
from .accounts import hash_token, new_token
from .log import record
from .invitations import check_in_badge, invitation_for_ticket, invitation_for_walk_in
from .tables import table_of_workshop
from .tickets import find_ticket, use_ticket
from .workshops import bump_revision, ensure_open, owned_session, session_rules, workshop_by_code

# Longest texts a participant may send (the pages read these through web/pagedata.py).
NAME_MAX, ORGANIZATION_MAX, TITLE_MAX, DESCRIPTION_MAX = 120, 160, 120, 1000
MASTERPLAN_TEXT_FIELDS = (("goal", 1000), ("target", 1000), ("indicator", 1000), ("responsible_agency", 160))


def join(data) -> tuple[Participant, str]:
    """Register a participant in the workshop named by join_code; returns it and its token.

    A strict workshop spends a ticket (`ticket`). A badge's ticket, in any workshop, joins as the
    invited person (name, group, organization and table from the invitation list, nothing typed)
    and checks them in. An open workshop ignores a ticket that names nothing when the phone gave
    a name (the walk-in form), and refuses it (invalid_ticket) when it relied on it.
    """
    data = v.require_object(data)
    workshop = workshop_by_code(data.get("join_code"))
    table = table_of_workshop(workshop.id, data)
    ensure_open(workshop.id)
    raw_ticket = data.get("ticket")
    ticket = invitation = None
    if workshop.strict or (isinstance(raw_ticket, str) and raw_ticket.strip()):
        try:
            ticket = find_ticket(workshop, raw_ticket)
        except RembukError:
            # An open workshop's walk-in form (a name was typed) goes on without the ticket.
            if workshop.strict or data.get("name") is None:
                raise
        invitation = invitation_for_ticket(ticket) if ticket is not None else None
    if invitation is not None:
        data = {"name": invitation.name, "group": invitation.group.key, "organization": invitation.organization}
        if invitation.table_id is not None:
            table = db.session.get(Table, invitation.table_id) or table
    participant, token = _new_participant(workshop, data, kind="phone")
    participant.table_id = table.id if table else None
    if ticket is not None:
        db.session.flush()
        use_ticket(ticket, participant.id)
        if invitation is not None:
            check_in_badge(invitation, participant.id)
    elif not workshop.strict:
        # An invited person who typed their own name, unsur and instansi instead of scanning the
        # badge (perhaps after a facilitator ticked them at the door) is that invitation, not a
        # walk-in: otherwise they would count twice in the attendance and representation figures.
        invited = invitation_for_walk_in(workshop.id, participant.group_id, participant.name,
                                         participant.organization)
        if invited is not None:
            db.session.flush()
            check_in_badge(invited, participant.id)
    changed(workshop.id)
    db.session.commit()
    return participant, token


def check_table(session_table_id: int | None, participant_table_id: int | None) -> None:
    """A table's session takes only the people seated at that table (403 wrong_table); the plenary's
    takes everyone."""
    if session_table_id is not None and session_table_id != participant_table_id:
        raise RembukError("wrong_table", status=403)


def _new_participant(workshop: Workshop, data: dict, *, kind: str, name_required: bool = True):
    name = v.text(data, "name", max_len=NAME_MAX, min_len=1 if name_required else 0, required=name_required)
    group = next((g for g in workshop.groups if g.key == data.get("group")), None)
    if group is None:
        raise RembukError("unknown_group", field="group")
    organization = v.text(data, "organization", max_len=ORGANIZATION_MAX, required=False)
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
    check_table(session.table_id, participant.table_id)
    if session.phase != "collect":
        raise RembukError("wrong_phase", phase=session.phase)
    if PROPOSAL_SOURCES[session.method] != "participants":  # a poll's options, a word cloud's words
        raise RembukError("no_proposals_here", method=session.method)
    # Every proposal the phone sent counts (hidden and merged ones too); copies the facilitator
    # carried over do not.
    sent = db.session.scalar(select(func.count()).select_from(Proposal).where(
        Proposal.session_id == session.id, Proposal.participant_id == participant.id,
        Proposal.origin_proposal_id.is_(None)))
    if sent >= session.max_proposals_per_participant:
        raise RembukError("proposal_limit", status=409, max=session.max_proposals_per_participant)
    title = v.text(data, "title", max_len=TITLE_MAX, min_len=3)
    description = v.text(data, "description", max_len=DESCRIPTION_MAX, required=False)
    dimension = data.get("dimension")
    if dimension not in DIMENSIONS:
        raise RembukError("unknown_dimension", field="dimension")
    proposal = Proposal(session_id=session.id, participant_id=participant.id, client_id=client_id,
                        title=title, description=description, dimension=dimension, **masterplan_fields(data))
    db.session.add(proposal)
    changed(session.workshop_id, session.id)  # dropped if a replay wins the race below
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


# Casting is the hot path of a vote (a thousand a second in a burst), so its statements are
# built once, with bound parameters, and run on the session's connection: building and caching a
# statement per call cost SQLAlchemy more than SQLite spends running it.
_ballots = BallotEntry.__table__
_proposals = Proposal.__table__
_sessions = WorkshopSession.__table__
_participants = Participant.__table__
_VOTERS = select(_participants.c.id, _participants.c.workshop_id, _participants.c.table_id).where(
    _participants.c.id.in_(bindparam("ids", expanding=True)))
_VOTING_SESSIONS = select(*(_sessions.c[name] for name in (
    "id", "workshop_id", "table_id", "phase", "method", "dots_per_participant", "max_dots_per_proposal", "points_budget",
    "rank_size", "max_choices", "max_words"))).where(_sessions.c.id.in_(bindparam("ids", expanding=True)))
_ACTIVE_PROPOSALS = select(_proposals.c.session_id, _proposals.c.id).where(
    _proposals.c.session_id.in_(bindparam("ids", expanding=True)), _proposals.c.status == "active")
_DELETE_BALLOTS = delete(_ballots).where(_ballots.c.session_id == bindparam("session_id"),
                                         _ballots.c.participant_id.in_(bindparam("ids", expanding=True)))
_INSERT_ENTRIES = insert(_ballots)


def active_proposal_ids(session_id: int) -> list[int]:
    """Proposals that can be voted on: not hidden, not merged away."""
    return [pid for _session, pid in db.session.connection().execute(_ACTIVE_PROPOSALS, {"ids": [session_id]})]


@dataclass
class Cast:
    """One `ballot:cast` from a phone: who sent what; then its outcome or its refusal."""

    participant_id: int
    workshop_id: int
    data: object
    outcome: dict | None = None
    error: RembukError | None = None
    # Read from `data` once it is known to be an object.
    session_id: int = 0
    ballot: object = None


def cast_ballot(participant_id: int, workshop_id: int, data) -> dict:
    """Replace a participant's ballot in a voting session; committed before returning.

    Returns `{"ballot": <the method's wire shape>, "remaining": n or None}`.
    """
    cast = Cast(participant_id, workshop_id, data)
    cast_ballots([cast])
    if cast.error is not None:
        raise cast.error
    return cast.outcome


def cast_ballots(casts: list[Cast]) -> None:
    """Store many casts in one transaction (group commit); committed before returning.

    Each cast ends with its `outcome` or its `error`, the same as if they had been cast one
    after the other in list order: a refused cast writes nothing, a later cast by the same
    person replaces an earlier one, and each accepted cast adds one to its workshop's revision.
    A database failure raises, and then none of them is stored.

    Unlike the other services it notes no change (workshop.changes): the group-commit writer runs
    this, and the cast's own handler marks the board once it has its outcome (live/handlers.py).
    """
    checked = []
    for cast in casts:
        try:
            data = v.require_object(cast.data)
            cast.session_id, cast.ballot = v.identifier(data, "session_id"), data.get("ballot")
            checked.append(cast)
        except RembukError as error:
            cast.error = error
    if not checked:
        return
    for attempt in (1, 2):
        try:
            if _store_casts(checked):
                db.session.commit()
            else:  # all refused: nothing to keep, not even the counting
                db.session.rollback()
            return
        except Exception as failure:
            # Nothing was stored: no cast keeps an outcome (or a refusal) from this attempt.
            db.session.rollback()
            for cast in checked:
                cast.outcome, cast.error = None, None
            # IntegrityError: the same person's ballot was written by another process between
            # our delete and insert (two tabs on two servers): once more, on what is stored now.
            if attempt == 2 or not isinstance(failure, IntegrityError):
                raise


def _store_casts(casts: list[Cast]) -> int:
    """Check and write the casts in the current transaction; returns how many were accepted."""
    counted: dict[int, int] = {}
    for cast in casts:
        counted[cast.workshop_id] = counted.get(cast.workshop_id, 0) + 1
    # The workshop rows first: a phase change or a results lock holds the same row until it
    # commits, so none can slip in between the checks below and the write.
    for workshop_id, count in counted.items():
        try:
            ensure_open(workshop_id, changes=count, ballots=True)
        except RembukError as error:
            for cast in casts:
                if cast.workshop_id == workshop_id:
                    cast.error = error
    casts = [cast for cast in casts if cast.error is None]
    if not casts:
        return 0
    connection = db.session.connection()
    # participant -> (workshop, table): the statement already read for the removed-phone check
    # carries the seat too, so the table check costs no query.
    voters = {pid: (workshop_id, table_id) for pid, workshop_id, table_id in
              connection.execute(_VOTERS, {"ids": sorted({c.participant_id for c in casts})})}
    session_ids = sorted({c.session_id for c in casts})
    sessions = {row.id: row for row in connection.execute(_VOTING_SESSIONS, {"ids": session_ids})}
    active: dict[int, list[int]] = {}
    for session_id, pid in connection.execute(_ACTIVE_PROPOSALS, {"ids": session_ids}):
        active.setdefault(session_id, []).append(pid)
    rules = {}
    vocabularies: dict[int, dict[str, int]] = {}  # words sessions: word key -> proposal, read once
    refusals: dict[int, int] = {}
    ballots: dict[int, dict[int, dict]] = {}  # session -> participant -> the last accepted entries
    for cast in casts:
        try:
            voter = voters.get(cast.participant_id)
            if voter is None or voter[0] != cast.workshop_id:  # removed since connecting
                raise RembukError("unauthorized", status=401)
            session = sessions.get(cast.session_id)
            if session is None or session.workshop_id != cast.workshop_id:
                # Another workshop's session is reported as missing: its existence is not theirs to know.
                raise RembukError("not_found", status=404)
            check_table(session.table_id, voter[1])
            if session.phase != "vote":
                raise RembukError("wrong_phase", phase=session.phase)
            if session.id not in rules:
                rules[session.id] = session_rules(session)
            entries = normalize_ballot(cast.ballot, active.get(session.id, ()), rules[session.id],
                                       resolve=word_resolver(connection, session.id, vocabularies))
        except RembukError as error:
            cast.error = error
            refusals[cast.workshop_id] = refusals.get(cast.workshop_id, 0) + 1
            continue
        ballots.setdefault(session.id, {})[cast.participant_id] = entries
        cast.outcome = ballot_outcome(entries, rules[session.id])
    for workshop_id, refused in refusals.items():
        bump_revision(workshop_id, by=-refused)  # counted above, but not changes after all
    for session_id, by_participant in ballots.items():
        _write_ballots(connection, session_id, by_participant)
    return len(casts) - sum(refusals.values())


_WORDS = select(_proposals.c.option_key, _proposals.c.id, _proposals.c.merged_into_id).where(
    _proposals.c.session_id == bindparam("session_id"), _proposals.c.option_key.is_not(None))


def word_resolver(connection, session_id: int, vocabularies: dict[int, dict[str, int]]):
    """The `resolve(key, spelling)` of a words ballot: the word's proposal, made on its first mention.

    A merged word counts on the word it was merged into. A new word is a proposal without an author
    or a dimension, titled as first written. Two processes making the same word at once: the second
    insert breaks the (session, key) constraint and cast_ballots tries again on what is stored.
    """
    def resolve(key: str, spelling: str) -> int:
        words = vocabularies.get(session_id)
        if words is None:
            rows = connection.execute(_WORDS, {"session_id": session_id}).all()
            survivor = {pid: into for _key, pid, into in rows}
            words = vocabularies[session_id] = {}
            for word, pid, into in rows:
                while into is not None:  # merges are re-pointed at the survivor, but be safe
                    pid, into = into, survivor.get(into)
                words[word] = pid
        if key not in words:
            words[key] = connection.execute(insert(_proposals).values(
                session_id=session_id, option_key=key, title=spelling, dimension="", description="",
                status="active", created_at=utcnow())).inserted_primary_key[0]
        return words[key]
    return resolve


def ballot_outcome(entries: dict, rules) -> dict:
    """A stored ballot as phones see it: the method's wire shape and what is left to spend."""
    return {"ballot": ballot_view(entries, rules), "remaining": remaining(entries, rules)}


def _write_ballots(connection, session_id: int, by_participant: dict[int, dict]) -> None:
    """Replace these participants' ballots in a session, in the caller's transaction."""
    connection.execute(_DELETE_BALLOTS, {"session_id": session_id, "ids": list(by_participant)})
    rows = [{"session_id": session_id, "participant_id": participant_id, "proposal_id": pid,
             "criterion": criterion, "value": value}
            for participant_id, entries in by_participant.items() for (pid, criterion), value in entries.items()]
    if rows:
        connection.execute(_INSERT_ENTRIES, rows)


def cast_paper_ballot(facilitator: Facilitator, session_id: int, data) -> dict:
    """A paper ballot typed in from the console, as a named or anonymous participant of a group."""
    session = owned_session(facilitator, session_id)
    ensure_open(session.workshop_id)
    data = v.require_object(data)
    if session.phase != "vote":
        raise RembukError("wrong_phase", phase=session.phase)
    rules = session_rules(session)
    # Validate the ballot before creating anyone, so a refusal writes nothing (a new word is
    # written, but a refusal rolls it back with the rest).
    entries = normalize_ballot(data.get("ballot"), active_proposal_ids(session.id), rules,
                               resolve=word_resolver(db.session.connection(), session.id, {}))
    participant, _token = _new_participant(session.workshop, data, kind="paper", name_required=False)
    participant.table_id = session.table_id  # a paper ballot of a table's session was cast at that table
    db.session.flush()
    record(session.workshop_id, facilitator, "paper_ballot", session_id=session.id,
           participant_id=participant.id, group=participant.group.key, name=participant.name)
    _write_ballots(db.session.connection(), session.id, {participant.id: entries})
    changed(session.workshop_id, session.id)
    db.session.commit()
    return {"participant_id": participant.id, **ballot_outcome(entries, rules)}


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
