"""Organizer outputs of a workshop (workbook, CSV, JSON, printable report, PDF) and the results
lock that makes them final."""
from flask import Response, g, jsonify, redirect, render_template, request, url_for

from ..exports.csv_export import table_csv
from ..exports.dataset import iso, workshop_dataset
from ..exports.report import report_context, report_pdf
from ..exports.tables import local_time, program_table
from ..exports.xlsx import workshop_xlsx
from ..redirects import safe_next
from ..services import workshops as service
from . import bp, facilitator_required

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def filename(workshop, extension: str) -> str:
    """`rembuk-<code>.<ext>`, or `rembuk-<code>-final-<lock time>.<ext>` once results are locked."""
    stem = f"rembuk-{workshop.join_code}"
    if workshop.closed_at is not None:
        stem += "-final-" + local_time(iso(workshop.closed_at)).strftime("%Y%m%d-%H%M")
    return f"{stem}.{extension}"


def _download(body, mimetype: str, name: str) -> Response:
    # Exports carry names (the attendance list): browsers and proxies must not keep copies.
    return Response(body, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{name}"',
                                                      "Cache-Control": "no-store"})


def _dataset(workshop_id: int):
    workshop = service.owned_workshop(g.facilitator, workshop_id)
    return workshop, workshop_dataset(workshop)


@bp.get("/workshops/<int:workshop_id>/export.xlsx")
@facilitator_required
def export_xlsx(workshop_id: int):
    """The Excel workbook: Program Prioritas, Per Dimensi, Per Unsur, Daftar Hadir, Log Moderasi, Suara."""
    workshop, data = _dataset(workshop_id)
    return _download(workshop_xlsx(data), XLSX_MIMETYPE, filename(workshop, "xlsx"))


@bp.get("/workshops/<int:workshop_id>/export.csv")
@facilitator_required
def export_workshop_csv(workshop_id: int):
    """Every session's ranked programs in one CSV, the workbook's first sheet."""
    workshop, data = _dataset(workshop_id)
    return _download(table_csv(program_table(data)), "text/csv", filename(workshop, "csv"))


@bp.get("/workshops/<int:workshop_id>/export.json")
@facilitator_required
def export_json(workshop_id: int):
    """The whole dataset behind the workbook and the report, as JSON (times in UTC)."""
    workshop, data = _dataset(workshop_id)
    response = jsonify(data)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename(workshop, "json")}"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/workshops/<int:workshop_id>/report.html")
@facilitator_required
def report_page(workshop_id: int):
    """The printable report (A4): print it from the browser, or download the PDF."""
    workshop, data = _dataset(workshop_id)
    response = Response(render_template("report.html", for_pdf=False, pdf_name=filename(workshop, "pdf"),
                                        **report_context(data)))
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/workshops/<int:workshop_id>/report.pdf")
@facilitator_required
def report_download(workshop_id: int):
    """The printable report rendered to PDF on the server."""
    workshop, data = _dataset(workshop_id)
    html = render_template("report.html", for_pdf=True, pdf_name="", **report_context(data))
    return _download(report_pdf(html), "application/pdf", filename(workshop, "pdf"))


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
