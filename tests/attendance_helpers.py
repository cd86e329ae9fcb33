"""Invitation rows made directly in the database, for tests that need an invitation list without
going through the import (services/invitations.py's import is another change)."""
from __future__ import annotations

from sqlalchemy import select

from workshop.extensions import db
from workshop.models import Invitation, StakeholderGroup
from workshop.services.invitations import badge_ticket, issue_ticket


def invite(app, workshop_id: int, people) -> list[dict]:
    """Add invitations `(name, group key, organization[, table_id[, job_title]])` in this order;
    returns `{id, name, ticket}` for each (the badge's ticket as its QR carries it)."""
    made = []
    with app.app_context():
        groups = {g.key: g.id for g in db.session.scalars(
            select(StakeholderGroup).where(StakeholderGroup.workshop_id == workshop_id))}
        start = len(db.session.scalars(select(Invitation.id).where(Invitation.workshop_id == workshop_id)).all())
        rows = []
        for index, person in enumerate(people):
            name, group, organization, table_id, job_title = (tuple(person) + (None, None, ""))[:5]
            row = Invitation(workshop_id=workshop_id, position=start + index, name=name,
                             match_key=f"{name}|{organization}".casefold(), group_id=groups[group],
                             organization=organization, table_id=table_id, job_title=job_title or "")
            db.session.add(row)
            db.session.flush()
            issue_ticket(row)
            rows.append(row)
        made = [{"id": r.id, "name": r.name, "ticket": badge_ticket(r)} for r in rows]
        db.session.commit()
    return made
