"""Questions for the speakers (tanya jawab): the console's list, its moderation, the board's mode."""
from flask import g, jsonify

from ..services import questions as service
from . import bp, facilitator_required, json_body


@bp.get("/workshops/<int:workshop_id>/questions")
@facilitator_required
def list_questions(workshop_id: int):
    """Every question of the workshop, most upvoted first, and where the board shows them."""
    return jsonify(service.workshop_questions(g.facilitator, workshop_id))


@bp.patch("/workshops/<int:workshop_id>/questions")
@facilitator_required
def questions_board(workshop_id: int):
    """Show the top questions on the board beside the session, instead of it, or not at all."""
    return jsonify(service.set_board(g.facilitator, workshop_id, json_body()))


@bp.patch("/questions/<int:question_id>")
@facilitator_required
def question_status(question_id: int):
    """Open, hide, mark answered or put a question on the board."""
    return jsonify(service.set_status(g.facilitator, question_id, json_body()))
