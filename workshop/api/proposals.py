"""Moderation of single proposals: edit, hide, merge."""
from flask import g, jsonify

from ..services import moderation
from ..services import results as results_service
from . import bp, facilitator_required, json_body


@bp.patch("/proposals/<int:proposal_id>")
@facilitator_required
def edit_proposal(proposal_id: int):
    """Edit a proposal's text, dimension and masterplan fields, or hide it with a reason."""
    proposal = moderation.edit_proposal(g.facilitator, proposal_id, json_body())
    return jsonify({**results_service.proposal_view(proposal), "status": proposal.status,
                    "hidden_reason": proposal.hidden_reason})


@bp.post("/proposals/<int:proposal_id>/merge")
@facilitator_required
def merge_proposal(proposal_id: int):
    """Merge this proposal into `into`; answers the surviving proposal."""
    survivor = moderation.merge_proposal(g.facilitator, proposal_id, json_body())
    return jsonify(results_service.proposal_view(survivor))
