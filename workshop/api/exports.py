"""Organizer outputs of a workshop (workbook, CSV, JSON, printable report, PDF) and the results
lock that makes them final."""
from flask import Response, g, jsonify, redirect, request, url_for

from .. import offload
from ..exports.dataset import iso
from ..exports.render import filename
from ..redirects import safe_next
from ..services import workshops as service
from . import bp, facilitator_required

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
__all__ = ["filename"]


def _download(body, mimetype: str, name: str) -> Response:
    # Exports carry names (the attendance list): browsers and proxies must not keep copies.
    return Response(body, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{name}"',
                                                      "Cache-Control": "no-store"})


def _rendered(workshop_id: int, kind: str, extension: str):
    """The organizer's workshop checked here, the export itself rendered off the live loop
    (workshop/offload.py); returns (download file name, body)."""
    workshop = service.owned_workshop(g.facilitator, workshop_id)
    name = filename(workshop, extension)
    return name, offload.render(kind, workshop.id)


@bp.get("/workshops/<int:workshop_id>/export.xlsx")
@facilitator_required
def export_xlsx(workshop_id: int):
    """The Excel workbook: Program Prioritas, Per Dimensi, Per Unsur, Daftar Hadir, Log Moderasi, Suara."""
    name, body = _rendered(workshop_id, "xlsx", "xlsx")
    return _download(body, XLSX_MIMETYPE, name)


@bp.get("/workshops/<int:workshop_id>/export.csv")
@facilitator_required
def export_workshop_csv(workshop_id: int):
    """Every session's ranked programs in one CSV, the workbook's first sheet."""
    name, body = _rendered(workshop_id, "csv", "csv")
    return _download(body, "text/csv", name)


@bp.get("/workshops/<int:workshop_id>/export.json")
@facilitator_required
def export_json(workshop_id: int):
    """The whole dataset behind the workbook and the report, as JSON (times in UTC)."""
    name, body = _rendered(workshop_id, "json", "json")
    return _download(body, "application/json", name)


@bp.get("/workshops/<int:workshop_id>/report.html")
@facilitator_required
def report_page(workshop_id: int):
    """The printable report (A4): print it from the browser, or download the PDF."""
    _name, body = _rendered(workshop_id, "html", "pdf")
    response = Response(body)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/workshops/<int:workshop_id>/report.pdf")
@facilitator_required
def report_download(workshop_id: int):
    """The printable report rendered to PDF on the server."""
    name, body = _rendered(workshop_id, "pdf", "pdf")
    return _download(body, "application/pdf", name)


def _lock_response(workshop):
    """JSON for API clients; a redirect back for the console's plain HTML form."""
    if request.mimetype in ("application/x-www-form-urlencoded", "multipart/form-data"):
        fallback = url_for("web.workshop", workshop_id=workshop.id)
        return redirect(safe_next(request.form.get("next"), fallback), code=303)
    return jsonify({"id": workshop.id, "closed": workshop.closed_at is not None,
                    "closed_at": iso(workshop.closed_at)})


@bp.post("/workshops/<int:workshop_id>/close")
@facilitator_required
def close_workshop(workshop_id: int):
    """Lock the results: every change to the workshop is refused until it is reopened."""
    workshop = service.close_workshop(g.facilitator, workshop_id)
    return _lock_response(workshop)


@bp.post("/workshops/<int:workshop_id>/reopen")
@facilitator_required
def reopen_workshop(workshop_id: int):
    """Lift the results lock (recorded in the moderation log)."""
    workshop = service.reopen_workshop(g.facilitator, workshop_id)
    return _lock_response(workshop)
