"""Sessions: settings, phases, reveal, timer, carry-over, paper ballots, results, CSV."""
from flask import Response, g, jsonify, request

from ..exports.csv_export import session_csv
from ..services import duplicates, moderation, pace, participation
from ..services import results as results_service
from ..services import workshops as service
from ..services.pace import timer_state
from . import bp, facilitator_required, json_body


def _session_view(session) -> dict:
    return {**service.session_dict(session), "timer": timer_state(session), "seq": session.workshop.revision}


@bp.get("/sessions/<int:session_id>")
@facilitator_required
def get_session(session_id: int):
    """One session."""
    return jsonify(_session_view(service.owned_session(g.facilitator, session_id)))


@bp.patch("/sessions/<int:session_id>")
@facilitator_required
def update_session(session_id: int):
    """Change title, method or settings (e.g. the scoring criteria) before voting."""
    session = service.update_session(g.facilitator, session_id, json_body())
    return jsonify(_session_view(session))


@bp.post("/sessions/<int:session_id>/phase")
@facilitator_required
def change_phase(session_id: int):
    """Move a session to a phase; phones and boards follow at once."""
    session = service.change_phase(g.facilitator, session_id, json_body())
    # The current session of the session's own stream: its table's, or the plenary's.
    current = service.current_session_id_of(session)
    return jsonify({"id": session.id, "phase": session.phase, "revealed": session.revealed,
                    "current_session_id": current, "seq": session.workshop.revision})


@bp.post("/sessions/<int:session_id>/reveal")
@facilitator_required
def reveal(session_id: int):
    """Show (or hide again) the results on phones; `board_hidden` keeps them off the board too."""
    session = pace.reveal(g.facilitator, session_id, json_body())
    return jsonify(_session_view(session))


@bp.post("/sessions/<int:session_id>/timer")
@facilitator_required
def timer(session_id: int):
    """Start, pause, resume, extend or reset the phase timer."""
    session = pace.control_timer(g.facilitator, session_id, json_body())
    return jsonify(_session_view(session))


@bp.post("/sessions/<int:session_id>/carry")
@facilitator_required
def carry_over(session_id: int):
    """Copy the top N of earlier sessions into this session as its proposals."""
    copied = moderation.carry_over(g.facilitator, session_id, json_body(), results_service.session_results)
    return jsonify({"copied": [results_service.proposal_view(p) for p in copied]}), 201


@bp.post("/sessions/<int:session_id>/paper-ballots")
@facilitator_required
def paper_ballot(session_id: int):
    """Enter a paper ballot as a named or anonymous participant of a group."""
    outcome = participation.cast_paper_ballot(g.facilitator, session_id, json_body())
    return jsonify(outcome), 201


@bp.get("/sessions/<int:session_id>/proposals")
@facilitator_required
def proposals(session_id: int):
    """Every proposal of the session for moderation, hidden and merged ones included."""
    session = service.owned_session(g.facilitator, session_id)
    return jsonify({"session_id": session.id, "proposals": results_service.moderation_list(session)})


@bp.get("/sessions/<int:session_id>/duplicates")
@facilitator_required
def duplicate_groups(session_id: int):
    """Groups of likely duplicates among the visible proposals, each best-written first."""
    return jsonify(duplicates.session_duplicates(g.facilitator, session_id))


@bp.get("/sessions/<int:session_id>/results")
@facilitator_required
def results(session_id: int):
    """Ranked results computed from the stored ballots; `?balance=groups` weighs groups equally."""
    session = service.owned_session(g.facilitator, session_id)
    balance = request.args.get("balance")
    if balance not in (None, "", "groups", "none"):
        from ..errors import RembukError
        raise RembukError("invalid_input", field="balance", reason="not_one_of", choices="groups, none")
    return jsonify(results_service.session_results(session, balance=balance == "groups"))


@bp.get("/sessions/<int:session_id>/export.csv")
@facilitator_required
def export_csv(session_id: int):
    """The session's ranked programs as CSV."""
    session = service.owned_session(g.facilitator, session_id)
    body = session_csv(results_service.session_results(session), service.groups_list(session.workshop))
    filename = f"rembuk-{session.workshop.join_code}-sesi-{session.position + 1}.csv"
    return Response(body, mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"',
                             "Cache-Control": "no-store"})
