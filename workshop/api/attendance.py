"""Who came: the attendance list and figures, checking invited people in, reissuing a lost badge,
and the printable badges (the PDF is rendered off the live loop, like the report)."""
from flask import g, jsonify

from .. import offload
from ..exports.badges import parse_ids
from ..exports.render import filename
from ..services import attendance as service
from ..services.access import owned_workshop
from . import bp, facilitator_required, json_body
from .exports import _download


@bp.get("/workshops/<int:workshop_id>/attendance")
@facilitator_required
def attendance(workshop_id: int):
    """Invited / present / absent per unsur and per table, and the people to tick, in list order."""
    return jsonify(service.attendance_view(g.facilitator, workshop_id))


@bp.post("/invitations/<int:invitation_id>/check-in")
@facilitator_required
def check_in(invitation_id: int):
    """Mark an invited person present (`{"present": false}` undoes a mistaken tick)."""
    return jsonify(service.check_in(g.facilitator, invitation_id, json_body()))


@bp.post("/invitations/<int:invitation_id>/reissue")
@facilitator_required
def reissue(invitation_id: int):
    """A new badge QR for a lost one; the old one stops working."""
    return jsonify(service.reissue(g.facilitator, invitation_id))


@bp.get("/workshops/<int:workshop_id>/badges.pdf")
@facilitator_required
def badges(workshop_id: int):
    """A4 sheets of name badges (8 a page) with each person's QR, in the list's order
    (`?ids=3,5`: only those)."""
    workshop = owned_workshop(g.facilitator, workshop_id)
    parse_ids()  # a bad `ids` is refused here, before a worker is asked
    body = offload.render("badges", workshop.id)
    return _download(body, "application/pdf", filename(workshop, "pdf").replace("rembuk-", "badge-", 1))
