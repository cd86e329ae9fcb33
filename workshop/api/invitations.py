"""The invitation list: importing the organizer's Excel or CSV file, and reading the list."""
import functools

from flask import g, jsonify, request

from ..errors import RembukError
from ..messages import error_body, import_error_body
from ..services import invitations as service
from . import bp, facilitator_required

# An organizer's workbook may carry a logo or two; the list itself is far smaller.
MAX_UPLOAD_BYTES = 5 * 1024 * 1024


def upload_limit(view):
    """Let this route's body be up to MAX_UPLOAD_BYTES (the app's limit for other bodies is 1 MiB);
    set before anything (the CSRF check too) reads the form."""
    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        request.max_content_length = MAX_UPLOAD_BYTES
        return view(*args, **kwargs)
    return wrapper


def _uploaded() -> tuple[bytes, str]:
    """The `file` part of the form: an uploaded file, or (for scripts) the list's text itself."""
    if request.mimetype != "multipart/form-data":
        raise RembukError("invalid_input", field="file", reason="required")
    upload = request.files.get("file")
    if upload is not None:
        return upload.read(MAX_UPLOAD_BYTES + 1), upload.filename or ""
    text = request.form.get("file")
    if text is None:
        raise RembukError("invalid_input", field="file", reason="required")
    return text.encode("utf-8"), ""


def _flag(name: str) -> bool:
    return request.args.get(name, "").strip().lower() in ("1", "true", "yes")


@bp.post("/workshops/<int:workshop_id>/invitations")
@upload_limit
@facilitator_required
def import_invitations(workshop_id: int):
    """Import the invitation list (multipart `file`, optional `mapping`), all or nothing; `?dry_run=1` previews."""
    service.owned_workshop(g.facilitator, workshop_id)  # who may, before the file is even read
    content, filename = _uploaded()
    report, stored = service.import_list(g.facilitator, workshop_id, content, filename, request.form.get("mapping"),
                                         dry_run=_flag("dry_run"))
    problems = report["errors"]
    report["errors"] = [import_error_body(problem) for problem in problems]
    if stored:
        return jsonify(report), 201 if report["created"] else 200
    if report["dry_run"]:
        return jsonify(report), 200
    code = "missing_column" if any(p["code"] == "missing_column" for p in problems) else "import_refused"
    report["error"] = error_body(RembukError(code, status=409, count=report["error_count"]))
    return jsonify(report), 409


@bp.get("/workshops/<int:workshop_id>/invitations")
@facilitator_required
def list_invitations(workshop_id: int):
    """The invitation list in its order, with who is present."""
    return jsonify({"workshop_id": workshop_id, "invitations": service.invitation_list(g.facilitator, workshop_id)})
