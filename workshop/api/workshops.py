"""Workshops and their sessions."""
from flask import g, jsonify, request, url_for

from ..errors import RembukError

from ..publicurl import join_url
from ..services import log, moderation, tickets
from ..services import workshops as service
from . import bp, facilitator_required, json_body


def workshop_view(workshop) -> dict:
    """A workshop as the API shows it."""
    return {
        "id": workshop.id, "title": workshop.title, "venue": workshop.venue,
        "date": workshop.date.isoformat() if workshop.date else None,
        "join_code": workshop.join_code, "join_url": join_url(workshop.join_code, workshop.public_base_url),
        "strict": workshop.strict, "public_base_url": workshop.public_base_url,
        "closed_at": workshop.closed_at.isoformat() + "Z" if workshop.closed_at else None,
        "board_url": url_for("web.board", workshop_id=workshop.id, _external=True),
        "current_session_id": workshop.current_session_id,
        "groups": service.groups_list(workshop),
        "sessions": [service.session_dict(s) for s in workshop.sessions],
    }


@bp.post("/workshops")
@facilitator_required
def create_workshop():
    """Create a workshop with the default stakeholder groups."""
    workshop = service.create_workshop(g.facilitator, json_body())
    return jsonify(workshop_view(workshop)), 201


@bp.get("/workshops")
@facilitator_required
def list_workshops():
    """The caller's workshops, newest first."""
    return jsonify({"workshops": [workshop_view(w) for w in service.workshops_of(g.facilitator)]})


@bp.get("/workshops/<int:workshop_id>")
@facilitator_required
def get_workshop(workshop_id: int):
    """One workshop with its groups and sessions."""
    return jsonify(workshop_view(service.owned_workshop(g.facilitator, workshop_id)))


@bp.get("/workshops/<int:workshop_id>/moderation-log")
@facilitator_required
def moderation_log(workshop_id: int):
    """Every facilitator action in the workshop: who, when, what."""
    workshop = service.owned_workshop(g.facilitator, workshop_id)
    return jsonify({"workshop_id": workshop.id, "entries": log.entries(workshop.id)})


@bp.patch("/workshops/<int:workshop_id>")
@facilitator_required
def update_workshop(workshop_id: int):
    """Change title, venue, date, strict mode or the address phones use (the QR code follows)."""
    workshop = service.update_workshop(g.facilitator, workshop_id, json_body())
    return jsonify(workshop_view(workshop))


@bp.post("/workshops/<int:workshop_id>/tickets")
@facilitator_required
def create_tickets(workshop_id: int):
    """One-time join codes for strict mode; the codes are shown in this answer only."""
    return jsonify({"tickets": tickets.create_tickets(g.facilitator, workshop_id, json_body())}), 201


@bp.get("/workshops/<int:workshop_id>/tickets")
@facilitator_required
def list_tickets(workshop_id: int):
    """The workshop's tickets (without codes) and whether each has been used."""
    return jsonify({"tickets": tickets.ticket_list(g.facilitator, workshop_id)})


@bp.get("/workshops/<int:workshop_id>/participants")
@facilitator_required
def participants(workshop_id: int):
    """Who joined, with their group and organization."""
    return jsonify({"workshop_id": workshop_id,
                    "participants": moderation.workshop_participants(g.facilitator, workshop_id)})


@bp.post("/participants/<int:participant_id>/hide-proposals")
@facilitator_required
def hide_participant_proposals(participant_id: int):
    """Hide every active proposal of one participant, in one change (one push to phones)."""
    hidden = moderation.hide_participant_proposals(g.facilitator, participant_id, json_body())
    return jsonify({"participant_id": participant_id, "hidden": hidden})


@bp.delete("/participants/<int:participant_id>")
@facilitator_required
def remove_participant(participant_id: int):
    """Remove a participant and their ballots (logged); `?proposals=hide` hides their proposals too."""
    option = request.args.get("proposals", "keep")
    if option not in ("keep", "hide"):
        raise RembukError("invalid_input", field="proposals", reason="not_one_of", choices="keep, hide")
    _participant, hidden = moderation.remove_participant(g.facilitator, participant_id, hide_proposals=option == "hide")
    return jsonify({"removed": participant_id, "proposals_hidden": hidden})


@bp.post("/workshops/<int:workshop_id>/sessions")
@facilitator_required
def create_session(workshop_id: int):
    """Add a session (in draft) to a workshop."""
    session = service.create_session(g.facilitator, workshop_id, json_body())
    return jsonify({**service.session_dict(session), "timer": None, "seq": session.workshop.revision}), 201
