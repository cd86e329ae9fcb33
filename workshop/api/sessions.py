"""Sessions: phase changes, results and the ranked CSV."""
from flask import Response, g, jsonify

from ..exports.csv_export import session_csv
from ..live.broadcast import session_changed
from ..services import results as results_service
from ..services import workshops as service
from . import bp, facilitator_required, json_body


@bp.get("/sessions/<int:session_id>")
@facilitator_required
def get_session(session_id: int):
    """One session."""
    return jsonify(service.session_dict(service.owned_session(g.facilitator, session_id)))


@bp.post("/sessions/<int:session_id>/phase")
@facilitator_required
def change_phase(session_id: int):
    """Move a session to a phase; phones and boards follow at once."""
    session = service.change_phase(g.facilitator, session_id, json_body())
    session_changed(session, phones=True)
    return jsonify({"id": session.id, "phase": session.phase,
                    "current_session_id": session.workshop.current_session_id})


@bp.get("/sessions/<int:session_id>/results")
@facilitator_required
def results(session_id: int):
    """Ranked results computed from the stored ballots."""
    session = service.owned_session(g.facilitator, session_id)
    outcome = results_service.session_results(session)
    keep = ("rank", "proposal_id", "title", "description", "dimension", "group", "organization",
            "score", "voters", "by_group")
    outcome["results"] = [{k: r[k] for k in keep} for r in outcome["results"]]
    return jsonify(outcome)


@bp.get("/sessions/<int:session_id>/export.csv")
@facilitator_required
def export_csv(session_id: int):
    """The session's ranked programs as CSV."""
    session = service.owned_session(g.facilitator, session_id)
    body = session_csv(results_service.session_results(session), service.groups_list(session.workshop))
    filename = f"rembuk-{session.workshop.join_code}-sesi-{session.position + 1}.csv"
    return Response(body, mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})
