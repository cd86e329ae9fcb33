"""Who came: checking invited people in (a facilitator's tick), reissuing a lost badge, and the
attendance figures (invited / present / absent per unsur and per table) the board, the console
and the exports show.

Present means `Invitation.checked_in_at` is set: by a badge scan (the badge join, services/
participation.py) or by a facilitator's tick here. A tick can be undone (`present: false`), and a
repeated tick keeps the first time.

Who may do what (services/access.py):

| need | lead | whole-workshop co-facilitator | table co-facilitator |
|---|---|---|---|
| see the attendance list and figures | yes | yes | their table's people only |
| check in (tick, undo) | yes | yes | people invited to their table only |
| reissue a badge (voids the old QR) | yes | yes | 403 |
"""
from __future__ import annotations

from sqlalchemy import func, select

from .. import validation as v
from ..changes import changed
from ..errors import RembukError
from ..extensions import db
from ..models import Facilitator, Invitation, Participant, Table, Workshop, utcnow
from ..publicurl import public_base_url
from .access import RUN, TABLE, VIEW, Access, access_to
from .invitations import badge_ticket, issue_ticket
from .log import record
from .workshops import ensure_open


def _iso(moment) -> str | None:
    return moment.isoformat() + "Z" if moment else None


def invitation_dict(invitation: Invitation) -> dict:
    """One invited person as the console and API clients see them (no ticket)."""
    return {"id": invitation.id, "name": invitation.name, "group": invitation.group.key,
            "organization": invitation.organization, "job_title": invitation.job_title,
            "table_id": invitation.table_id, "present": invitation.checked_in_at is not None,
            "checked_in_at": _iso(invitation.checked_in_at), "participant_id": invitation.participant_id}


def badge_url(workshop: Workshop, invitation: Invitation) -> str:
    """The URL an invitation's current badge QR encodes: `{public base}/j/{CODE}?t={ticket}`."""
    base = workshop.public_base_url or public_base_url()
    return f"{base}/j/{workshop.join_code}?t={badge_ticket(invitation)}"


def _invitation(facilitator: Facilitator, invitation_id: int) -> tuple[Invitation, Access]:
    invitation = db.session.get(Invitation, invitation_id)
    if invitation is None:
        raise RembukError("not_found", status=404)
    access = access_to(facilitator, db.session.get(Workshop, invitation.workshop_id)).require(VIEW)
    return invitation, access


def check_in(facilitator: Facilitator, invitation_id: int, data) -> dict:
    """Mark an invited person present now (`present: false` undoes a mistaken tick); a person
    already present keeps their first time. Any facilitator of the workshop; a table's
    co-facilitator only the people invited to their table."""
    invitation, access = _invitation(facilitator, invitation_id)
    if access.role == TABLE and invitation.table_id != access.table_id:
        raise RembukError("forbidden", status=403)
    data = v.require_object(data)
    present = data.get("present", True)
    if not isinstance(present, bool):
        raise RembukError("invalid_input", field="present", reason="not_boolean")
    ensure_open(invitation.workshop_id)
    if present and invitation.checked_in_at is None:
        invitation.checked_in_at = utcnow()
        record(invitation.workshop_id, facilitator, "check_in", invitation={"id": invitation.id,
                                                                             "name": invitation.name})
        changed(invitation.workshop_id)
    elif not present and invitation.checked_in_at is not None:
        record(invitation.workshop_id, facilitator, "check_in_undone",
               invitation={"id": invitation.id, "name": invitation.name},
               checked_in_at=_iso(invitation.checked_in_at))
        invitation.checked_in_at = None
        changed(invitation.workshop_id)
    invitation.updated_at = utcnow()
    db.session.commit()
    return invitation_dict(invitation)


def reissue(facilitator: Facilitator, invitation_id: int) -> dict:
    """A new badge for a lost one: the old QR stops working (its ticket is replaced). Lead and
    whole-workshop co-facilitators. A phone that already joined with the old badge stays joined."""
    invitation, access = _invitation(facilitator, invitation_id)
    access.require(RUN)
    ensure_open(invitation.workshop_id)
    invitation.ticket_issue = (invitation.ticket_issue or 1) + 1
    invitation.updated_at = utcnow()
    issue_ticket(invitation)
    record(invitation.workshop_id, facilitator, "badge_reissued",
           invitation={"id": invitation.id, "name": invitation.name}, issue=invitation.ticket_issue)
    changed(invitation.workshop_id)
    db.session.commit()
    return {"invitation": invitation_dict(invitation), "join_url": badge_url(access.workshop, invitation)}


# --- figures --------------------------------------------------------------------------------------

def _counts(workshop_id: int) -> dict[tuple[int, int | None], tuple[int, int]]:
    """(group id, table id) -> (invited, present), in one grouped query."""
    rows = db.session.execute(
        select(Invitation.group_id, Invitation.table_id, func.count(Invitation.id),
               func.count(Invitation.checked_in_at))
        .where(Invitation.workshop_id == workshop_id).group_by(Invitation.group_id, Invitation.table_id))
    return {(group_id, table_id): (invited, present) for group_id, table_id, invited, present in rows}


def _figure(invited: int, present: int) -> dict:
    return {"invited": invited, "present": present, "absent": invited - present}


def _by_group(workshop: Workshop, counts, table_id=None, *, every_table: bool = True) -> list[dict]:
    """Per group, in the workshop's group order, groups with nobody invited left out."""
    out = []
    for group in workshop.groups:
        invited = present = 0
        for (group_id, seat), (n, p) in counts.items():
            if group_id == group.id and (every_table or seat == table_id):
                invited, present = invited + n, present + p
        if invited:
            out.append({"key": group.key, "label": group.label, **_figure(invited, present)})
    return out


def _total(rows: list[dict]) -> dict:
    return _figure(sum(r["invited"] for r in rows), sum(r["present"] for r in rows))


def board_attendance(workshop: Workshop, table: Table | None = None) -> dict | None:
    """The board's line "Hadir: OPD 28/31 · Desa 12/20": the plenary's (everyone invited) or a
    table's (the people invited to it); None when the workshop has no invitation list."""
    counts = _counts(workshop.id)
    if not counts:
        return None
    groups = _by_group(workshop, counts, table.id if table else None, every_table=table is None)
    return {**_total(groups), "groups": groups}


def attendance_figures(workshop: Workshop) -> dict:
    """Invited / present / absent in total, per unsur (the workshop's group order) and per table
    (the tables' order, then `table_id: null` for people invited to no table, when there are any)."""
    counts = _counts(workshop.id)
    groups = _by_group(workshop, counts)
    tables = []
    seats = [(t.id, t.name) for t in workshop.tables]
    if any(seat is None for _group, seat in counts) and seats:
        seats.append((None, None))
    for table_id, name in seats:
        by_group = _by_group(workshop, counts, table_id, every_table=False)
        tables.append({"id": table_id, "name": name, **_total(by_group), "groups": by_group})
    return {**_total(groups), "groups": groups, "tables": tables}


def invitations_of(workshop_id: int, table_id: int | None = None, ids=None) -> list[Invitation]:
    """The workshop's invitations in the list's order (of one table, or the given ids)."""
    query = select(Invitation).where(Invitation.workshop_id == workshop_id)
    if table_id is not None:
        query = query.where(Invitation.table_id == table_id)
    if ids is not None:
        query = query.where(Invitation.id.in_(list(ids)))
    return list(db.session.scalars(query.order_by(Invitation.position, Invitation.id)))


def attendance_view(facilitator: Facilitator, workshop_id: int) -> dict:
    """The console's attendance panel: the figures and the people to tick, in the list's order.
    A table's co-facilitator sees their table's figures and people only."""
    workshop = db.session.get(Workshop, workshop_id)
    if workshop is None:
        raise RembukError("not_found", status=404)
    access = access_to(facilitator, workshop).require(VIEW)
    figures = attendance_figures(workshop)
    table_id = access.table_id if access.role == TABLE else None
    if table_id is not None:
        figures["tables"] = [t for t in figures["tables"] if t["id"] == table_id]
        mine = figures["tables"][0] if figures["tables"] else {**_figure(0, 0), "groups": []}
        figures.update({k: mine[k] for k in ("invited", "present", "absent", "groups")})
    walk_ins = db.session.scalar(
        select(func.count(Participant.id)).where(
            Participant.workshop_id == workshop.id, Participant.kind == "phone",
            Participant.id.not_in(select(Invitation.participant_id).where(
                Invitation.workshop_id == workshop.id, Invitation.participant_id.is_not(None))),
            *((Participant.table_id == table_id,) if table_id is not None else ())))
    return {"workshop_id": workshop.id, **figures, "walk_ins": walk_ins or 0,
            "can_reissue": access.allows(RUN),
            "invitations": [invitation_dict(i) for i in invitations_of(workshop.id, table_id)]}
