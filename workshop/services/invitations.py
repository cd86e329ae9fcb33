"""The invitation list (daftar undangan): who was invited, their badges' tickets, who came.

A badge's QR carries a strict-mode ticket. The ticket is not stored: it is derived from the app's
secret key, the invitation and its `ticket_issue`, so badges can be printed again at any time,
while the database keeps only its hash (a `JoinTicket`, as for tickets printed by hand). A reissue
bumps `ticket_issue` and replaces the JoinTicket, which voids the old QR.
"""
from __future__ import annotations

import hashlib
import hmac

from flask import current_app

from ..extensions import db
from ..models import Invitation, JoinTicket
from .tickets import TICKET_LENGTH, _ticket_hash
from .workshops import JOIN_CODE_ALPHABET


def badge_ticket(invitation: Invitation) -> str:
    """The ticket code (8 letters, unformatted) the invitation's current badge carries."""
    key = current_app.config["SECRET_KEY"]
    key = key.encode() if isinstance(key, str) else key
    digest = hmac.new(key, f"badge:{invitation.workshop_id}:{invitation.id}:{invitation.ticket_issue}".encode(),
                      hashlib.sha256).digest()
    base = len(JOIN_CODE_ALPHABET)
    number = int.from_bytes(digest, "big")
    letters = []
    for _ in range(TICKET_LENGTH):
        number, digit = divmod(number, base)
        letters.append(JOIN_CODE_ALPHABET[digit])
    return "".join(letters)


def issue_ticket(invitation: Invitation) -> None:
    """Give the invitation (already flushed, so it has an id) a JoinTicket for its current badge,
    replacing any earlier one; in the caller's transaction."""
    if invitation.ticket_id is not None:
        old = db.session.get(JoinTicket, invitation.ticket_id)
        invitation.ticket_id = None
        if old is not None:
            db.session.delete(old)
        db.session.flush()
    ticket = JoinTicket(workshop_id=invitation.workshop_id, label=invitation.name,
                        code_hash=_ticket_hash(invitation.workshop_id, badge_ticket(invitation)))
    db.session.add(ticket)
    db.session.flush()
    invitation.ticket_id = ticket.id
