"""The participant's only REST call: joining a workshop."""
from flask import jsonify

from ..participant_cookie import remember_participant
from ..ratelimit import rate_limits
from ..services import participation
from . import bp, json_body


@bp.post("/join")
def join():
    """Join by code; answers the participant's token and remembers it in a cookie."""
    rate_limits.check("join")
    participant, token = participation.join(json_body())
    response = jsonify({"participant_id": participant.id, "token": token,
                        "workshop_id": participant.workshop_id,
                        "participant": participation.participant_dict(participant)})
    remember_participant(response, token)
    return response, 201
