"""The participant's only REST call: joining a workshop."""
from urllib.parse import urlsplit

from flask import current_app, jsonify, request

from .. import lag
from ..errors import RembukError
from ..participant_cookie import remember_participant
from ..ratelimit import rate_limits
from ..services import participation
from . import bp, json_body


def _origin(url: str | None) -> str | None:
    """`scheme://host[:port]` of a URL, lower-cased, without the scheme's default port."""
    try:
        parts = urlsplit(url or "")
        port = parts.port
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
    if port and port != {"http": 80, "https": 443}[parts.scheme]:
        host += f":{port}"
    return f"{parts.scheme}://{host}"


def check_cross_site() -> None:
    """Refuse what a page of another site could make a phone's browser send.

    A cross-site form can post `text/plain` or a urlencoded body without a preflight; only
    `application/json` needs one (which the server never grants: it sends no CORS headers). A
    browser also names the page's origin on every POST: when it does, it must be this server
    (as the request reached it) or the configured public URL.
    """
    if request.mimetype != "application/json":
        raise RembukError("json_required", status=415)
    origin = request.headers.get("Origin")
    if origin is None:
        return  # not a browser (scripts, curl, the benchmark): nothing to forge
    allowed = {_origin(request.host_url), _origin(current_app.config.get("PUBLIC_URL"))}
    if _origin(origin) not in allowed - {None}:
        raise RembukError("cross_origin", status=403)


@bp.post("/join")
def join():
    """Join by code; answers the participant's token and remembers it in a cookie."""
    lag.take_turn()  # a hall joining at once takes turns with everything else (workshop/lag.py)
    check_cross_site()
    rate_limits.check("join")
    rate_limits.guard("code_miss")
    try:
        participant, token = participation.join(json_body())
    except RembukError as error:
        if error.code in ("unknown_join_code", "invalid_ticket"):
            rate_limits.failed("code_miss")
        raise
    response = jsonify({"participant_id": participant.id, "token": token,
                        "workshop_id": participant.workshop_id,
                        "participant": participation.participant_dict(participant)})
    remember_participant(response, token)
    return response, 201
