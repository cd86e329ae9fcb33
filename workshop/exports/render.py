"""Each organizer export as one call, from a workshop id to the response body.

The same functions run in the serving process (EXPORT_WORKERS=0) and in an export worker
(workshop/offload.py), inside a request context that carries the organizer's language, so the
two give the same bytes.
"""
from __future__ import annotations

from flask import current_app, render_template

from ..errors import RembukError
from ..extensions import db
from ..models import Workshop
from .badges import badges_pdf
from .csv_export import table_csv
from .dataset import iso, workshop_dataset
from .report import report_context, report_pdf
from .tables import local_time, program_table
from .xlsx import workshop_xlsx

KINDS = ("xlsx", "csv", "json", "html", "pdf", "badges")


def filename(workshop, extension: str) -> str:
    """`rembuk-<code>.<ext>`, or `rembuk-<code>-final-<lock time>.<ext>` once results are locked."""
    stem = f"rembuk-{workshop.join_code}"
    if workshop.closed_at is not None:
        stem += "-final-" + local_time(iso(workshop.closed_at)).strftime("%Y%m%d-%H%M")
    return f"{stem}.{extension}"


def render(kind: str, workshop_id: int) -> bytes | str:
    """The body of one export of a workshop (the caller has checked who may have it)."""
    workshop = db.session.get(Workshop, workshop_id)
    if workshop is None or kind not in KINDS:
        raise RembukError("not_found", status=404)
    if kind == "badges":
        return badges_pdf(workshop)
    data = workshop_dataset(workshop)
    if kind == "xlsx":
        return workshop_xlsx(data)
    if kind == "csv":
        return table_csv(program_table(data))
    if kind == "json":
        return current_app.json.response(data).get_data()
    if kind == "html":
        return render_template("report.html", for_pdf=False, pdf_name=filename(workshop, "pdf"),
                               **report_context(data))
    html = render_template("report.html", for_pdf=True, pdf_name="", **report_context(data))
    return report_pdf(html)
