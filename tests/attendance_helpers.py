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


def invite_on_server(server, workshop_id: int, people) -> list[dict]:
    """`invite` in the database of a running test server (tests/servers.py), from a short-lived
    process with the server's configuration (its secret key too, so the tickets are the badges')."""
    import json
    import subprocess
    import sys

    from .servers import ROOT
    code = ("import json, sys\nfrom workshop import create_app\nfrom tests.attendance_helpers import invite\n"
            "print(json.dumps(invite(create_app(), int(sys.argv[1]), json.loads(sys.argv[2]))))")
    done = subprocess.run([sys.executable, "-c", code, str(workshop_id), json.dumps([list(p) for p in people])],
                          env={**server.env, "REMBUK_ASYNC_MODE": "threading"}, cwd=str(ROOT),
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])
