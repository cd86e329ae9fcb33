"""Strict mode: one-time join codes printed on the attendance list, one per person.

Codes are shown once, when made, and stored only as hashes. Joining a strict workshop spends
a code: an atomic conditional update, so two phones racing with the same code cannot both win.
"""
from __future__ import annotations

import secrets

from sqlalchemy import select, update

from .. import validation as v
from ..errors import RembukError
from ..extensions import db
from ..models import Facilitator, JoinTicket, Workshop, utcnow
from .accounts import hash_token
from .log import record
from .workshops import JOIN_CODE_ALPHABET, ensure_open, normalize_join_code, owned_workshop

TICKET_LENGTH = 8  # 31^8 ≈ 8.5e11 codes: not guessable in the minutes a workshop lasts
MAX_TICKETS = 2000


def _ticket_hash(workshop_id: int, code: str) -> str:
    return hash_token(f"ticket:{workshop_id}:{code}")


def format_code(code: str) -> str:
    """ABCD-EFGH, easier to copy from paper."""
    return f"{code[:4]}-{code[4:]}"


def create_tickets(facilitator: Facilitator, workshop_id: int, data) -> list[dict]:
    """Make `count` codes (or one per name in `labels`); returns them, the only time they are shown."""
    workshop = owned_workshop(facilitator, workshop_id)
    ensure_open(workshop.id)
    data = v.require_object(data)
    labels = data.get("labels")
    if labels is not None:
        if not isinstance(labels, list) or not 1 <= len(labels) <= MAX_TICKETS:
            raise RembukError("invalid_input", field="labels", reason="not_list")
        labels = [v.text({"label": item}, "label", max_len=120, required=False) for item in labels]
    else:
        labels = [""] * v.integer(data, "count", default=50, lo=1, hi=MAX_TICKETS)
    made = []
    for label in labels:
        code = "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(TICKET_LENGTH))
        db.session.add(JoinTicket(workshop_id=workshop.id, code_hash=_ticket_hash(workshop.id, code), label=label))
        made.append({"code": format_code(code), "label": label})
    record(workshop.id, facilitator, "tickets_created", count=len(made))
    db.session.commit()
    return made


def ticket_list(facilitator: Facilitator, workshop_id: int) -> list[dict]:
    """The workshop's tickets without their codes: who has joined with one."""
    workshop = owned_workshop(facilitator, workshop_id)
    rows = db.session.scalars(select(JoinTicket).where(JoinTicket.workshop_id == workshop.id).order_by(JoinTicket.id))
    return [{"id": t.id, "label": t.label, "used": t.used_at is not None,
             "used_at": t.used_at.isoformat() + "Z" if t.used_at else None, "participant_id": t.participant_id}
            for t in rows]


def find_ticket(workshop: Workshop, raw_code) -> JoinTicket:
    """The workshop's ticket with this code (printed or a badge's), or 400 invalid_ticket."""
    code = normalize_join_code(raw_code)
    if len(code) != TICKET_LENGTH:
        raise RembukError("invalid_ticket", field="ticket")
    ticket = db.session.scalar(select(JoinTicket).where(JoinTicket.code_hash == _ticket_hash(workshop.id, code)))
    if ticket is None:
        raise RembukError("invalid_ticket", field="ticket")
    return ticket


def use_ticket(ticket: JoinTicket, participant_id: int) -> None:
    """Use up a ticket, in the caller's transaction: a conditional update, so of two phones racing
    with one ticket exactly one wins (the other: 409 ticket_used)."""
    spent = db.session.execute(update(JoinTicket).where(JoinTicket.id == ticket.id, JoinTicket.used_at.is_(None))
                               .values(used_at=utcnow(), participant_id=participant_id)).rowcount
    if not spent:
        raise RembukError("ticket_used", status=409, field="ticket")

