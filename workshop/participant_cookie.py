"""The HttpOnly cookie that remembers a participant on their phone."""
from flask import Response, request

from .models import Participant
from .services.accounts import participant_for_token

COOKIE_NAME = "rembuk_participant"
# A workshop lasts a day or a few; a month covers a Tahap series without re-joining.
MAX_AGE = 30 * 24 * 3600


def remember_participant(response: Response, token: str) -> None:
    """Set the participant cookie on a response."""
    response.set_cookie(COOKIE_NAME, token, max_age=MAX_AGE, httponly=True, samesite="Lax",
                        secure=request.is_secure)


def participant_from_cookie() -> Participant | None:
    """The participant the current request's cookie names, if any."""
    token = request.cookies.get(COOKIE_NAME)
    return participant_for_token(token) if token else None
