"""JSON API v1 under /api/v1: facilitator endpoints and the participant join."""
import functools
import json

from flask import Blueprint, g, jsonify, request
from flask_login import current_user
from flask_wtf.csrf import CSRFError

from ..errors import RembukError
from ..extensions import csrf, db
from ..messages import error_body
from ..services import accounts
from ..validation import MAX_DEPTH

bp = Blueprint("api", __name__, url_prefix="/api/v1")
# Bearer-token clients carry no cookie to forge; cookie callers are checked in facilitator_required.
csrf.exempt(bp)


def error_response(error: RembukError):
    """The JSON error envelope for a RembukError."""
    return jsonify({"error": error_body(error)}), error.status


@bp.errorhandler(RembukError)
def _rembuk_error(error: RembukError):
    db.session.rollback()
    return error_response(error)


@bp.errorhandler(CSRFError)
def _csrf_error(_error):
    return error_response(RembukError("csrf_failed", status=403))


def json_body() -> dict:
    """The request's JSON object; malformed JSON is a 400 `invalid_json`."""
    raw = request.get_data(cache=True)
    if not raw.strip():
        return {}
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise RembukError("invalid_json") from None
    except RecursionError:  # valid JSON, but nested deeper than the parser goes
        raise RembukError("invalid_input", field="body", reason="too_deep", max=MAX_DEPTH) from None
    if not isinstance(data, dict):
        raise RembukError("invalid_json")
    return data


def facilitator_required(view):
    """Require `Authorization: Bearer <api token>` or a logged-in facilitator; sets g.facilitator."""
    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        header = request.headers.get("Authorization", "")
        if header.startswith("Bearer "):
            facilitator = accounts.facilitator_for_token(header[len("Bearer "):].strip())
            if facilitator is None:
                raise RembukError("unauthorized", status=401)
        elif current_user.is_authenticated:
            facilitator = current_user
            if request.method not in ("GET", "HEAD", "OPTIONS"):
                csrf.protect()
        else:
            raise RembukError("unauthorized", status=401)
        g.facilitator = facilitator
        return view(*args, **kwargs)
    return wrapper


from . import attendance, exports, invitations, participants, proposals, questions, sessions, workshops  # noqa: E402,F401  (routes register on bp)
from . import contract  # noqa: E402,F401  (the OpenAPI and AsyncAPI documents, on bp)
