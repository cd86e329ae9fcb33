"""HTML pages: facilitator console and auth, the board, the phone."""
from flask import Blueprint, abort, redirect, request, url_for

from ..redirects import safe_next

bp = Blueprint("web", __name__)


@bp.get("/lang/<code>")
def set_language(code: str):
    """Switch the UI language; the choice persists in a cookie."""
    from flask import current_app
    if code not in current_app.config["LANGUAGES"]:
        abort(404)
    response = redirect(safe_next(request.args.get("next"), url_for("web.index")))
    response.set_cookie("lang", code, max_age=365 * 24 * 3600, samesite="Lax", httponly=True)
    return response


from . import auth, console, participant  # noqa: E402,F401  (routes register on bp)
