"""Everything an organizer takes home from a workshop, gathered once as plain data.

The workbook, the CSV, the JSON export and the printable report are all views of this one
dataset, so they cannot disagree with each other or with the results API: each session's
results come from `services.results.session_results`, unchanged.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import hmac

from flask import current_app
from sqlalchemy import select

from ..extensions import db
from ..models import BallotEntry, Participant, Proposal, StakeholderGroup, Workshop, utcnow
from ..services import log
from ..services.results import session_results
from ..services.workshops import groups_list, session_settings

# Voter numbers are five digits: short enough to read aloud, roomy enough that a collision
# (resolved by taking the next free number) is rare.
VOTER_NUMBERS = (10000, 99999)


def iso(moment: dt.datetime | None) -> str | None:
    """A stored naive-UTC time as the API writes it (ISO 8601 with Z), or None."""
    return moment.isoformat() + "Z" if moment else None


def workshop_dataset(workshop: Workshop) -> dict:
    """The workshop, its sessions' results, attendance, moderation log and raw ballots.

    Times are ISO 8601 strings in UTC (`...Z`), as everywhere in the API. Participants' names
    appear only in `attendance`; `ballots` name voters by a pseudonymous number.
    """
    sessions = list(workshop.sessions)
    position = {s.id: s.position + 1 for s in sessions}
    participants = list(db.session.execute(
        select(Participant.id, Participant.name, Participant.organization, Participant.kind,
               Participant.joined_at, StakeholderGroup.key)
        .join(StakeholderGroup, Participant.group_id == StakeholderGroup.id)
        .where(Participant.workshop_id == workshop.id).order_by(Participant.id)))
    voter_numbers = pseudonyms(workshop.id, [p.id for p in participants])
    entries = _active_entries([s.id for s in sessions])
    voted_in: dict[int, set[int]] = {}
    for session_id, participant_id, *_rest in entries:
        voted_in.setdefault(participant_id, set()).add(position[session_id])
    group_order = {g.key: i for i, g in enumerate(workshop.groups)}
    attendance = [{"name": p.name, "group": p.key, "organization": p.organization, "kind": p.kind,
                   "joined_at": iso(p.joined_at), "sessions_voted": sorted(voted_in.get(p.id, ()))}
                  for p in sorted(participants, key=lambda p: (group_order.get(p.key, 99), p.name.casefold(), p.id))]
    group_of = {p.id: p.key for p in participants}
    origins = dict(db.session.execute(
        select(Proposal.id, Proposal.origin_proposal_id)
        .where(Proposal.session_id.in_([s.id for s in sessions]), Proposal.origin_proposal_id.is_not(None))).all())
    return {
        "workshop": {"id": workshop.id, "title": workshop.title, "venue": workshop.venue,
                     "date": workshop.date.isoformat() if workshop.date else None,
                     "join_code": workshop.join_code, "created_at": iso(workshop.created_at),
                     "closed_at": iso(workshop.closed_at), "facilitator": workshop.owner.name or workshop.owner.email},
        "generated_at": iso(utcnow()),
        "groups": groups_list(workshop),
        "sessions": [_session(s, origins) for s in sessions],
        "attendance": attendance,
        "moderation_log": log.entries(workshop.id),
        "ballots": _ballots(entries, position, voter_numbers, group_of),
    }


def _session(session, origins: dict[int, int]) -> dict:
    outcome = session_results(session)
    for row in outcome["results"]:
        row["origin_proposal_id"] = origins.get(row["proposal_id"])
    found = {"id": session.id, "number": session.position + 1, "title": session.title, "method": session.method,
             "phase": session.phase, "settings": session_settings(session), "voters": outcome["voters"],
             "group_voters": outcome["group_voters"], "results": outcome["results"],
             "disagreements": outcome["disagreements"]}
    if "matrix" in outcome:  # score sessions: the Quick Win matrix (docs/voting.md)
        found["matrix"] = outcome["matrix"]
    return found


def _active_entries(session_ids: list[int]) -> list[tuple]:
    """(session_id, participant_id, proposal_id, criterion, value) on proposals that count.

    Entries left on hidden proposals are not counted by the results, so they are not listed
    either: the ballots add up to the results.
    """
    if not session_ids:
        return []
    return list(db.session.execute(
        select(BallotEntry.session_id, BallotEntry.participant_id, BallotEntry.proposal_id,
               BallotEntry.criterion, BallotEntry.value)
        .join(Proposal, BallotEntry.proposal_id == Proposal.id)
        .where(BallotEntry.session_id.in_(session_ids), Proposal.status == "active", BallotEntry.value > 0)
        .order_by(BallotEntry.session_id, BallotEntry.participant_id, BallotEntry.proposal_id)))


def _ballots(entries, position: dict[int, int], voter_numbers: dict[int, int], group_of: dict[int, str]) -> list[dict]:
    """One row per participant per proposal per session; a score ballot's criteria side by side."""
    rows: dict[tuple[int, int, int], dict] = {}
    for session_id, participant_id, proposal_id, criterion, value in entries:
        key = (session_id, participant_id, proposal_id)
        row = rows.get(key)
        if row is None:
            row = rows[key] = {"session_id": session_id, "session": position[session_id],
                               "voter": voter_numbers[participant_id], "group": group_of[participant_id],
                               "proposal_id": proposal_id, "value": None, "scores": {}}
        number = int(value) if float(value).is_integer() else value
        if criterion:
            row["scores"][criterion] = number
        else:
            row["value"] = number
    return sorted(rows.values(), key=lambda r: (r["session"], r["voter"], r["proposal_id"]))


def pseudonyms(workshop_id: int, participant_ids: list[int]) -> dict[int, int]:
    """A stable five-digit voter number per participant, that reveals neither name nor join order.

    The number is a keyed hash of the participant (the app's secret key), so nobody can line the
    ballots up with the attendance list. Participants are numbered oldest first and a collision
    takes the next free number, so a later join never changes anyone's number.
    """
    key = str(current_app.config["SECRET_KEY"]).encode()
    low, high = VOTER_NUMBERS
    span = high - low + 1
    taken: set[int] = set()
    numbers = {}
    for participant_id in sorted(participant_ids):
        digest = hmac.new(key, f"rembuk-voter:{workshop_id}:{participant_id}".encode(), hashlib.sha256).digest()
        slot = int.from_bytes(digest[:8], "big") % span
        while low + slot in taken:
            slot = (slot + 1) % span
        numbers[participant_id] = low + slot
        taken.add(low + slot)
    return numbers
