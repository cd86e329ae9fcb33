"""The moderation log: every facilitator action with who, when and what."""
from __future__ import annotations

import json

from sqlalchemy import select

from ..extensions import db
from ..models import Facilitator, ModerationEntry


def record(workshop_id: int, facilitator: Facilitator | None, action: str, *, session_id: int | None = None,
           proposal_id: int | None = None, **detail) -> None:
    """Add a log entry to the caller's transaction."""
    db.session.add(ModerationEntry(workshop_id=workshop_id, session_id=session_id, proposal_id=proposal_id,
                                   facilitator_id=facilitator.id if facilitator else None, action=action,
                                   detail=json.dumps(detail, ensure_ascii=False, default=str)))


def entries(workshop_id: int) -> list[dict]:
    """The workshop's log, oldest first."""
    rows = db.session.scalars(select(ModerationEntry).where(ModerationEntry.workshop_id == workshop_id)
                              .order_by(ModerationEntry.id))
    return [{"id": e.id, "at": e.created_at.isoformat() + "Z", "action": e.action, "session_id": e.session_id,
             "proposal_id": e.proposal_id,
             "by": e.facilitator.email if e.facilitator else None,
             # Who did it, as people read it: the account's name (its e-mail when it has none).
             "by_name": (e.facilitator.name or e.facilitator.email) if e.facilitator else None,
             "detail": json.loads(e.detail)}
            for e in rows]
