"""Name badges of the invitation list: A4 sheets of 8 (2 x 4, with cut lines), each with the
person's name, organization, unsur, table (when assigned) and a personal QR code that joins the
workshop as that person (`{public base}/j/{CODE}?t={ticket}`, services/attendance.badge_url).

Rendered by WeasyPrint like report.pdf, off the live loop (workshop/offload.py): a hundred QR
codes and a PDF hold the CPU for a second or more.
"""
from __future__ import annotations

import base64
import io
from pathlib import Path

import qrcode
import qrcode.image.svg
from flask import current_app, render_template, request

from ..errors import RembukError
from ..models import Workshop
from ..services.attendance import badge_url, invitations_of

PER_PAGE = 8
MAX_IDS = 1000


def parse_ids() -> list[int] | None:
    """The request's `?ids=3,5` (badges to reprint), or None for everyone; 400 when malformed."""
    raw = request.args.get("ids")
    if raw is None or not raw.strip():
        return None
    parts = [part.strip() for part in raw.split(",") if part.strip()]
    if len(parts) > MAX_IDS or not all(part.isascii() and part.isdigit() and len(part) < 19 for part in parts):
        raise RembukError("invalid_input", field="ids", reason="not_ids")
    return [int(part) for part in parts]


def qr_data_uri(url: str) -> str:
    """The QR code of a URL as an SVG data URI (the board's QR style)."""
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, border=2,
                        error_correction=qrcode.constants.ERROR_CORRECT_M)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def badge_pages(workshop: Workshop, ids: list[int] | None) -> list[list[dict]]:
    """The badges in the invitation list's order, PER_PAGE to a page."""
    people = invitations_of(workshop.id, ids=ids)
    if not people:
        raise RembukError("no_invitations", status=404)
    tables = {t.id: t.name for t in workshop.tables}
    badges = []
    for person in people:
        url = badge_url(workshop, person)
        badges.append({"name": person.name, "organization": person.organization, "job_title": person.job_title,
                       "group": person.group.label, "table": tables.get(person.table_id) if person.table_id else None,
                       "url": url, "qr": qr_data_uri(url)})
    return [badges[i:i + PER_PAGE] for i in range(0, len(badges), PER_PAGE)]


def badges_pdf(workshop: Workshop) -> bytes:
    """The badges PDF of the request's `ids` (or everyone)."""
    pages = badge_pages(workshop, parse_ids())
    html = render_template("badges.html", workshop=workshop, pages=pages, per_page=PER_PAGE)
    try:
        import weasyprint
    except (ImportError, OSError) as error:  # OSError: Pango is not installed
        raise RembukError("pdf_unavailable", status=503) from error
    stylesheet = weasyprint.CSS(filename=str(Path(current_app.static_folder) / "badges.css"))
    return weasyprint.HTML(string=html).write_pdf(stylesheets=[stylesheet])
