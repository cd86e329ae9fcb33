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
from ..models import BallotEntry, Invitation, Participant, Proposal, StakeholderGroup, Workshop, utcnow
from ..models import Table as DiscussionTable
from ..services import log, questions
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

    A workshop with tables (discussion groups) also carries `tables`, each session's `table_id`,
    each result row's `table` (the table the proposal was collected at, followed back through
    carry-over) and each person's `table` in `attendance`; a workshop without tables has none of
    these keys, so its exports are exactly those of a one-room workshop.

    A workshop with an invitation list also carries `invitations` (the list, in its order, with who
    is present), each session's `representation` (per group: invited, present, voted) and each
    person's `invited` in `attendance`; without one, none of these keys.
    """
    sessions = list(workshop.sessions)
    position = {s.id: s.position + 1 for s in sessions}
    tables = _tables(workshop.id)
    participants = list(db.session.execute(
        select(Participant.id, Participant.name, Participant.organization, Participant.kind,
               Participant.joined_at, StakeholderGroup.key, Participant.table_id)
        .join(StakeholderGroup, Participant.group_id == StakeholderGroup.id)
        .where(Participant.workshop_id == workshop.id).order_by(Participant.id)))
    voter_numbers = pseudonyms(workshop.id, [p.id for p in participants])
    entries = _active_entries([s.id for s in sessions])
    voted_in: dict[int, set[int]] = {}
    for session_id, participant_id, *_rest in entries:
        voted_in.setdefault(participant_id, set()).add(position[session_id])
    group_order = {g.key: i for i, g in enumerate(workshop.groups)}
    invited = _invitations(workshop, tables)
    linked = {person["participant_id"] for person in invited if person["participant_id"]}
    attendance = [{"name": p.name, "group": p.key, "organization": p.organization, "kind": p.kind,
                   "joined_at": iso(p.joined_at), "sessions_voted": sorted(voted_in.get(p.id, ()))}
                  | ({"table": _table_ref(tables, p.table_id)} if tables else {})
                  | ({"invited": p.id in linked} if invited else {})
                  for p in sorted(participants, key=lambda p: (group_order.get(p.key, 99), p.name.casefold(), p.id))]
    group_of = {p.id: p.key for p in participants}
    origins = dict(db.session.execute(
        select(Proposal.id, Proposal.origin_proposal_id)
        .where(Proposal.session_id.in_([s.id for s in sessions]), Proposal.origin_proposal_id.is_not(None))).all())
    sessions_data = [_session(s, origins) for s in sessions]
    if tables:
        _add_tables(sessions, sessions_data, tables)
    data = {
        "workshop": {"id": workshop.id, "title": workshop.title, "venue": workshop.venue,
                     "date": workshop.date.isoformat() if workshop.date else None,
                     "join_code": workshop.join_code, "created_at": iso(workshop.created_at),
                     "closed_at": iso(workshop.closed_at), "facilitator": workshop.owner.name or workshop.owner.email},
        "generated_at": iso(utcnow()),
        "groups": groups_list(workshop),
        "sessions": sessions_data,
        "attendance": attendance,
        "moderation_log": log.entries(workshop.id),
        "ballots": _ballots(entries, position, voter_numbers, group_of,
                            {s.id for s in sessions if s.method == "words"}),
        # Questions for the speakers, most upvoted first; anonymous ones without a name.
        "questions": questions.export_rows(workshop.id),
    }
    if invited:
        _add_representation(data, workshop, sessions, invited, participants, voted_in)
    if tables:
        seated: dict[int, int] = {}
        for p in participants:
            if p.table_id is not None:
                seated[p.table_id] = seated.get(p.table_id, 0) + 1
        data["tables"] = [{**table, "people": seated.get(table["id"], 0),
                           "session_ids": [s.id for s in sessions if s.table_id == table["id"]]}
                          for table in tables.values()]
    return data


def _invitations(workshop: Workshop, tables: dict[int, dict]) -> list[dict]:
    """The invitation list in its order (empty when the workshop has none)."""
    rows = db.session.execute(
        select(Invitation.name, Invitation.job_title, Invitation.organization, StakeholderGroup.key,
               Invitation.table_id, Invitation.checked_in_at, Invitation.participant_id)
        .join(StakeholderGroup, Invitation.group_id == StakeholderGroup.id)
        .where(Invitation.workshop_id == workshop.id).order_by(Invitation.position, Invitation.id))
    return [{"name": r.name, "job_title": r.job_title, "organization": r.organization, "group": r.key,
             "table": _table_ref(tables, r.table_id), "table_id": r.table_id,
             "present": r.checked_in_at is not None, "checked_in_at": iso(r.checked_in_at),
             "participant_id": r.participant_id}
            for r in rows]


def _add_representation(data: dict, workshop: Workshop, sessions, invited: list[dict], participants,
                        voted_in: dict[int, set[int]]) -> None:
    """With an invitation list: the list itself (`invitations`, in its order, with the sessions each
    badge-joined person voted in) and each
    session's `representation` per group: invited, present and voted.

    Present = invited people checked in + phones that joined without an invitation (walk-ins); a
    table's session counts the people invited to that table and the walk-ins seated there. Voted
    = the session's voters of the group (paper ballots included). Presence is as it stands when
    the export is made (a check-in has no session).
    """
    linked = {person["participant_id"] for person in invited if person["participant_id"]}
    for person in invited:
        pid = person.pop("participant_id")
        person["sessions_voted"] = sorted(voted_in.get(pid, ())) if pid else []
    walk_ins = [p for p in participants if p.id not in linked and p.kind == "phone"]
    keys = [g.key for g in workshop.groups]
    for session, found in zip(sessions, data["sessions"]):
        table_id = session.table_id
        counts = {key: {"group": key, "invited": 0, "present": 0, "voted": found["group_voters"].get(key, 0)}
                  for key in keys}
        for person in invited:
            if table_id is None or person["table_id"] == table_id:
                row = counts.get(person["group"])
                if row is not None:
                    row["invited"] += 1
                    row["present"] += person["present"]
        for p in walk_ins:
            if (table_id is None or p.table_id == table_id) and p.key in counts:
                counts[p.key]["present"] += 1
        found["representation"] = [row for row in counts.values() if row["invited"] or row["present"] or row["voted"]]
    for person in invited:
        person.pop("table_id")
        if not data.get("tables") and person["table"] is None:
            person.pop("table")
    data["invitations"] = invited


def _tables(workshop_id: int) -> dict[int, dict]:
    """The workshop's tables in their order: id -> {id, name, dimension}."""
    rows = db.session.scalars(select(DiscussionTable).where(DiscussionTable.workshop_id == workshop_id)
                              .order_by(*_table_order()))
    return {t.id: {"id": t.id, "name": t.name, "dimension": t.dimension} for t in rows}


def _table_order():
    position = getattr(DiscussionTable, "position", None)
    return (position, DiscussionTable.id) if position is not None else (DiscussionTable.id,)


def _table_ref(tables: dict[int, dict], table_id: int | None) -> dict | None:
    """`{id, name}` of a table, or None (not seated / a plenary proposal)."""
    table = tables.get(table_id) if table_id is not None else None
    return {"id": table["id"], "name": table["name"]} if table else None


def _add_tables(sessions, sessions_data: list[dict], tables: dict[int, dict]) -> None:
    """Each session's `table_id`, and each result row's `table`: where the proposal was collected.

    A proposal of a table session belongs to that table; a carried copy (in the plenary, or in
    a later session) keeps the table of the proposal it was carried from, however many times
    it was carried.
    """
    table_of_session = {s.id: s.table_id for s in sessions}
    for session in sessions_data:
        session["table_id"] = table_of_session.get(session["id"])
    proposals = {pid: (session_id, origin, origin_table) for pid, session_id, origin, origin_table
                 in db.session.execute(
                     select(Proposal.id, Proposal.session_id, Proposal.origin_proposal_id, Proposal.origin_table_id)
                     .where(Proposal.session_id.in_(list(table_of_session))))}

    def collected_at(proposal_id: int | None) -> int | None:
        # A carried copy names its first table (origin_table_id); else its own session's
        # table; else the table of the proposal it was copied from.
        seen = set()
        while proposal_id is not None and proposal_id in proposals and proposal_id not in seen:
            seen.add(proposal_id)
            session_id, origin, origin_table = proposals[proposal_id]
            for table_id in (origin_table, table_of_session.get(session_id)):
                if table_id is not None and table_id in tables:
                    return table_id
            proposal_id = origin
        return None

    for session in sessions_data:
        for row in session["results"]:
            row["table"] = _table_ref(tables, collected_at(row["proposal_id"]))


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


def _ballots(entries, position: dict[int, int], voter_numbers: dict[int, int], group_of: dict[int, str],
             word_sessions: set[int] = frozenset()) -> list[dict]:
    """One row per participant per proposal per session; a score ballot's criteria side by side.

    A word cloud's row has the word's place in the ballot as `value` and the word as its sender
    wrote it as `word`.
    """
    rows: dict[tuple[int, int, int], dict] = {}
    for session_id, participant_id, proposal_id, criterion, value in entries:
        key = (session_id, participant_id, proposal_id)
        row = rows.get(key)
        if row is None:
            row = rows[key] = {"session_id": session_id, "session": position[session_id],
                               "voter": voter_numbers[participant_id], "group": group_of[participant_id],
                               "proposal_id": proposal_id, "value": None, "scores": {}}
        number = int(value) if float(value).is_integer() else value
        if session_id in word_sessions:
            row["value"], row["word"] = number, criterion
        elif criterion:
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
