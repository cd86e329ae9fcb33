"""The participant's phone pages and the join QR code."""
import io

import qrcode
import qrcode.image.svg
from flask import Response, redirect, render_template, request, url_for
from flask_babel import get_locale

from ..domain import dimensions
from ..errors import RembukError
from ..messages import error_body
from ..participant_cookie import participant_from_cookie
from ..publicurl import join_url
from ..ratelimit import rate_limits
from ..services import participation
from ..services import workshops as service
from . import bp
from .pagedata import page_constants


def workshop_by_code(code: str):
    """The workshop with this join code; codes that name nothing are counted per address, and an
    address over that limit is refused (429) whatever it asks, so guessing codes gets nowhere."""
    rate_limits.guard("code_miss")
    try:
        return service.workshop_by_code(code)
    except RembukError as exc:
        if exc.code == "unknown_join_code":
            rate_limits.failed("code_miss")
        raise


@bp.get("/j")
def enter_code():
    """Type the join code by hand; a known code leads to the join screen."""
    code = request.args.get("code", "")
    error = None
    if code:
        try:
            workshop = workshop_by_code(code)
        except RembukError as exc:
            error, status = error_body(exc)["message"], exc.status
        else:
            return redirect(url_for("web.phone", code=workshop.join_code))
    return render_template("phone_code.html", error=error, code=code[:32]), (status if error else 200)


@bp.get("/j/<code>")
def phone(code: str):
    """The phone app for one workshop: join screen, then whatever the current phase asks."""
    try:
        workshop = workshop_by_code(code)
    except RembukError as exc:
        return render_template("phone_code.html", error=error_body(exc)["message"], code=code[:32]), exc.status
    if code != workshop.join_code:  # keeps ?t= (a badge) and ?table= (a table board's QR)
        kept = {key: request.args[key] for key in ("t", "table") if key in request.args}
        return redirect(url_for("web.phone", code=workshop.join_code, **kept))
    participant = participant_from_cookie()
    if participant is not None and participant.workshop_id != workshop.id:
        participant = None
    tables = phone_tables(workshop)
    # A table board's QR link (/j/<code>?table=<id>) preselects that table on the join screen.
    wanted = request.args.get("table", "")
    preselected = next((t["id"] for t in tables if wanted.isdigit() and t["id"] == int(wanted)), None)
    context = {
        "join_code": workshop.join_code,
        "workshop": {"id": workshop.id, "title": workshop.title},
        "strict": workshop.strict,
        "groups": service.groups_list(workshop),
        "dimensions": dimensions(),
        "participant": participation.participant_dict(participant) if participant else None,
        "tables": tables, "mode": workshop.mode, "preselected_table": preselected,
    }
    page_data = {**context, "join_api": url_for("api.join"), "lang": str(get_locale()), "constants": page_constants()}
    return render_template("phone.html", page_data=page_data, **context)


def phone_tables(workshop) -> list[dict]:
    """The workshop's tables as the phone shows them: id, name, dimension and its label."""
    labels = {d["key"]: d["label"] for d in dimensions()}
    return [{"id": t.id, "name": t.name, "dimension": t.dimension, "dimension_label": labels.get(t.dimension)}
            for t in workshop.tables]


def table_join_url(workshop, table_id: int | None) -> str:
    """The join URL, with `?table=<id>` when it seats the person at one of the workshop's tables."""
    url = join_url(workshop.join_code, workshop.public_base_url)
    if table_id is not None and any(t.id == table_id for t in workshop.tables):
        url += f"?table={table_id}"
    return url


@bp.get("/j/<code>/qr.svg")
def qr_code(code: str):
    """The QR code (SVG) that encodes the workshop's join URL (a table board's: with its table)."""
    try:
        workshop = workshop_by_code(code)
    except RembukError as exc:
        return Response(error_body(exc)["message"], status=exc.status, mimetype="text/plain")
    wanted = request.args.get("table", "")
    url = table_join_url(workshop, int(wanted) if wanted.isdigit() and len(wanted) < 10 else None)
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage,
                        border=2, error_correction=qrcode.constants.ERROR_CORRECT_M)
    buffer = io.BytesIO()
    image.save(buffer)
    return Response(buffer.getvalue(), mimetype="image/svg+xml", headers={"Cache-Control": "no-cache"})
