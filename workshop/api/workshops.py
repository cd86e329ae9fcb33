"""Workshops and their sessions."""
from flask import g, jsonify, url_for

from ..publicurl import join_url
from ..services import log, moderation, tables, tickets
from ..services import workshops as service
from ..services.access import workshop_access
from . import bp, facilitator_required, json_body


def table_view(table) -> dict:
    """A table as the API shows it, with the address of its board."""
    return {**tables.table_dict(table),
            "board_url": url_for("web.board", workshop_id=table.workshop_id, table=table.id, _external=True)}


def workshop_view(workshop, access=None) -> dict:
    """A workshop as the API shows it; a table co-facilitator (`access`) sees their table's sessions only."""
    sessions = [s for s in workshop.sessions if access is None or access.covers_table(s.table_id)]
    return {
        "id": workshop.id, "title": workshop.title, "venue": workshop.venue,
        "date": workshop.date.isoformat() if workshop.date else None,
        "join_code": workshop.join_code, "join_url": join_url(workshop.join_code, workshop.public_base_url),
        "strict": workshop.strict, "public_base_url": workshop.public_base_url,
        "closed_at": workshop.closed_at.isoformat() + "Z" if workshop.closed_at else None,
        "board_url": url_for("web.board", workshop_id=workshop.id, _external=True),
        "current_session_id": workshop.current_session_id,
        "mode": workshop.mode,
        "tables": [table_view(t) for t in workshop.tables],
        "groups": service.groups_list(workshop),
        "sessions": [service.session_dict(s) for s in sessions],
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
    """The workshops the caller leads or co-facilitates, newest first."""
    listed = []
    for workshop in service.workshops_of(g.facilitator):
        listed.append(workshop_view(workshop, workshop_access(g.facilitator, workshop.id)))
    return jsonify({"workshops": listed})


@bp.get("/workshops/<int:workshop_id>")
@facilitator_required
def get_workshop(workshop_id: int):
    """One workshop with its groups, tables, mode and sessions (a table co-facilitator's only)."""
    access = workshop_access(g.facilitator, workshop_id)
    return jsonify(workshop_view(access.workshop, access))


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


@bp.patch("/participants/<int:participant_id>")
@facilitator_required
def seat_participant(participant_id: int):
    """Move a person to a table (`{table_id}`; null unseats); their phone follows at once."""
    participant = tables.seat_participant(g.facilitator, participant_id, json_body())
    return jsonify({"id": participant.id, "table_id": participant.table_id})


@bp.delete("/participants/<int:participant_id>")
@facilitator_required
def remove_participant(participant_id: int):
    """Remove a participant and their ballots (logged); boards and results follow."""
    moderation.remove_participant(g.facilitator, participant_id)
    return jsonify({"removed": participant_id})


@bp.post("/workshops/<int:workshop_id>/sessions")
@facilitator_required
def create_session(workshop_id: int):
    """Add a session (in draft) to a workshop."""
    session = service.create_session(g.facilitator, workshop_id, json_body())
    return jsonify({**service.session_dict(session), "timer": None, "seq": session.workshop.revision}), 201


@bp.post("/workshops/<int:workshop_id>/tables")
@facilitator_required
def create_table(workshop_id: int):
    """Add a table `{name, dimension?}`."""
    return jsonify(table_view(tables.create_table(g.facilitator, workshop_id, json_body()))), 201


@bp.get("/workshops/<int:workshop_id>/tables")
@facilitator_required
def list_tables(workshop_id: int):
    """The workshop's tables in order."""
    return jsonify({"tables": [table_view(t) for t in tables.list_tables(g.facilitator, workshop_id)]})


@bp.patch("/tables/<int:table_id>")
@facilitator_required
def update_table(table_id: int):
    """Rename a table or change its dimension."""
    return jsonify(table_view(tables.update_table(g.facilitator, table_id, json_body())))


@bp.post("/workshops/<int:workshop_id>/mode")
@facilitator_required
def set_mode(workshop_id: int):
    """`{mode: "plenary" | "tables"}`: every connected phone switches at once."""
    workshop = tables.set_mode(g.facilitator, workshop_id, json_body())
    return jsonify({"id": workshop.id, "mode": workshop.mode})


@bp.post("/workshops/<int:workshop_id>/facilitators")
@facilitator_required
def add_facilitator(workshop_id: int):
    """Make an existing account a co-facilitator, for the whole workshop or one table (lead only)."""
    membership = tables.add_facilitator(g.facilitator, workshop_id, json_body())
    return jsonify(tables.membership_dict(membership)), 201


@bp.get("/workshops/<int:workshop_id>/facilitators")
@facilitator_required
def list_facilitators(workshop_id: int):
    """The workshop's lead and co-facilitators."""
    workshop = service.owned_workshop(g.facilitator, workshop_id, service.VIEW)
    return jsonify({"workshop_id": workshop.id,
                    "lead": {"facilitator_id": workshop.owner.id, "email": workshop.owner.email,
                             "name": workshop.owner.name},
                    "facilitators": [tables.membership_dict(m)
                                     for m in tables.list_facilitators(g.facilitator, workshop_id)]})


@bp.delete("/workshops/<int:workshop_id>/facilitators/<int:facilitator_id>")
@facilitator_required
def remove_facilitator(workshop_id: int, facilitator_id: int):
    """Take a co-facilitator off the workshop (lead only)."""
    tables.remove_facilitator(g.facilitator, workshop_id, facilitator_id)
    return jsonify({"removed": facilitator_id})
