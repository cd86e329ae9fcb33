"""The facilitator's console and the board page."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required
from wtforms import SelectChoice

from ..domain import dimensions
from ..errors import RembukError
from ..exports.tables import export_panel
from ..messages import error_body, phase_label
from ..models import PHASES
from ..publicurl import join_url, lan_addresses
from ..services import access
from ..services import tickets as tickets_service
from ..services import workshops as service
from ..services.pace import timer_state
from . import bp
from .forms import (METHOD_LABELS, PhaseForm, SessionForm, TicketsForm, WorkshopForm, WorkshopSettingsForm,
                    default_criteria)
from .pagedata import page_constants


def _owned_or_abort(workshop_id: int, need: str = service.RUN):
    """The workshop if the logged-in facilitator's role covers `need` (services/access.py), else 403/404."""
    try:
        return service.owned_workshop(current_user, workshop_id, need)
    except RembukError as error:
        abort(error.status)


@bp.get("/")
def index():
    """Send facilitators to their console."""
    return redirect(url_for("web.console"))


@bp.route("/console", methods=["GET", "POST"])
@login_required
def console():
    """The facilitator's workshops and a form for a new one."""
    form = WorkshopForm()
    if form.validate_on_submit():
        date = form.date.data.isoformat() if form.date.data else None
        try:
            workshop = service.create_workshop(current_user, {"title": form.title.data,
                                                               "venue": form.venue.data, "date": date})
        except RembukError as error:
            flash(error_body(error)["message"], "error")
        else:
            return redirect(url_for("web.workshop", workshop_id=workshop.id))
    return render_template("console/index.html", form=form, workshops=service.workshops_of(current_user))


@bp.route("/console/workshops/<int:workshop_id>", methods=["GET", "POST"])
@login_required
def workshop(workshop_id: int):
    """One workshop: its sessions with their live controls, board link, exports; the form adds a session.

    A workshop with tables is shown one part at a time: the plenary (with the all-tables overview
    and the tables, people and co-facilitators panels) or one table (`?table=<id>`, its sessions
    only). A table's co-facilitator always lands on their own table and sees only what they may do.
    """
    try:
        role = access.workshop_access(current_user, workshop_id)
    except RembukError as error:
        abort(error.status)
    workshop = role.workshop
    table = _table_or_abort(workshop, request.args.get("table"))
    if role.role == access.TABLE and (table is None or table.id != role.table_id):
        return redirect(url_for("web.workshop", workshop_id=workshop.id, table=role.table_id))
    table_id = table.id if table else None
    form = SessionForm() if request.method == "POST" else SessionForm(criteria=default_criteria(), table_id=str(table_id or ""))
    form.table_id.choices = [SelectChoice("", _("Plenary (everyone)"))] * role.allows(access.RUN) + [
        SelectChoice(str(t.id), t.name) for t in workshop.tables if role.covers_table(t.id)]
    if form.validate_on_submit():
        try:
            session = service.create_session(current_user, workshop.id, form.settings())
        except RembukError as error:
            flash(error_body(error)["message"], "error")
        else:
            return redirect(url_for("web.workshop", workshop_id=workshop.id, table=session.table_id)
                            + f"#session-{session.id}")
    shown = [s for s in workshop.sessions if s.table_id == table_id]
    names = {t.id: t.name for t in workshop.tables}
    return render_template("console/workshop.html", workshop=workshop, form=form, phase_form=PhaseForm(),
                           phases=[(p, phase_label(p)) for p in PHASES],
                           join_url=join_url(workshop.join_code, workshop.public_base_url),
                           address_choices=_address_choices(), methods=METHOD_LABELS,
                           export_panel=export_panel(workshop) if role.allows(access.RUN) else None,
                           role=role, can_run=role.allows(access.RUN), is_lead=role.allows(access.LEAD),
                           table=table, sessions=shown, carry_sources=_carry_sources(workshop, shown, names),
                           current_session_id=table.current_session_id if table else workshop.current_session_id,
                           table_names=names, dimension_labels={d["key"]: d["label"] for d in dimensions()},
                           page_data=_console_data(workshop, role, table))


def _carry_sources(workshop, shown, names) -> dict:
    """For each shown session, the sessions it may carry proposals from, labelled ("Meja 1 · 2. Judul").

    A table's session carries from its table's earlier sessions; a plenary session from every
    earlier session, the tables' included (the plenary gathers the tables' top programs).
    """
    numbers, seen = {}, {}
    for s in workshop.sessions:
        seen[s.table_id] = seen.get(s.table_id, 0) + 1
        numbers[s.id] = seen[s.table_id]
    sources = {}
    for s in shown:
        earlier = [x for x in workshop.sessions if x.position < s.position
                   and (s.table_id is None or x.table_id == s.table_id)]
        sources[s.id] = [(x.id, (names[x.table_id] + " · " if x.table_id in names and s.table_id is None else "")
                          + f"{numbers[x.id]}. {x.title}") for x in earlier]
    return sources


def _address_choices() -> list[str]:
    """Base URLs phones could use: one per LAN address of this laptop, on the console's port."""
    port = request.host.rsplit(":", 1)[-1] if ":" in request.host.rsplit("]", 1)[-1] else "80"
    suffix = "" if port == "80" else f":{port}"
    return [f"http://{address}{suffix}" for address in lan_addresses()]


@bp.post("/console/workshops/<int:workshop_id>/settings")
@login_required
def workshop_settings(workshop_id: int):
    """Strict mode and the address the QR code encodes."""
    workshop = _owned_or_abort(workshop_id)
    form = WorkshopSettingsForm()
    if form.validate_on_submit():
        try:
            service.update_workshop(current_user, workshop.id, {
                "strict": bool(form.strict.data), "public_base_url": form.public_base_url.data or None})
        except RembukError as error:
            flash(error_body(error)["message"], "error")
        else:
            flash(_("Saved."), "info")
    else:
        flash(error_body(RembukError("csrf_failed"))["message"], "error")
    return redirect(url_for("web.workshop", workshop_id=workshop.id) + "#workshop-settings")


@bp.route("/console/workshops/<int:workshop_id>/tickets", methods=["GET", "POST"])
@login_required
def workshop_tickets(workshop_id: int):
    """Strict mode's personal codes: make them (shown once, printable) and see which were used."""
    workshop = _owned_or_abort(workshop_id)
    form = TicketsForm()
    made = []
    if form.validate_on_submit():
        names = [line.strip() for line in (form.names.data or "").splitlines() if line.strip()]
        request_body = {"labels": names} if names else {"count": form.count.data or 1}
        try:
            made = tickets_service.create_tickets(current_user, workshop.id, request_body)
        except RembukError as error:
            flash(error_body(error)["message"], "error")
    return render_template("console/tickets.html", workshop=workshop, form=form, made=made,
                           join_url=join_url(workshop.join_code, workshop.public_base_url),
                           tickets=tickets_service.ticket_list(current_user, workshop.id))


def _console_data(workshop, role, table) -> dict:
    """What static/js/console/ starts from; everything after comes from the API and board:update."""
    return {
        "workshop_id": workshop.id,
        "current_session_id": table.current_session_id if table else workshop.current_session_id,
        # Every session the caller may run (the log names them); the page shows those of `table_id`.
        "sessions": [{**service.session_dict(s), "timer": timer_state(s)} for s in workshop.sessions
                     if role.covers_table(s.table_id)],
        # Tables: the part of the workshop shown (None: the plenary), the caller's role, the tables.
        "table_id": table.id if table else None, "mode": workshop.mode,
        "role": role.role, "can_run": role.allows(access.RUN), "is_lead": role.allows(access.LEAD),
        "tables": [{"id": t.id, "name": t.name, "dimension": t.dimension,
                    "current_session_id": t.current_session_id,
                    "console_url": url_for("web.workshop", workshop_id=workshop.id, table=t.id),
                    "board_url": url_for("web.board", workshop_id=workshop.id, table=t.id)}
                   for t in workshop.tables if role.covers_table(t.id)],
        "groups": service.groups_list(workshop), "dimensions": dimensions(),
        "phases": {p: phase_label(p) for p in PHASES},
        "methods": {key: str(label) for key, label in METHOD_LABELS.items()},
        "lang": str(get_locale()), "constants": page_constants(),
    }


@bp.post("/console/sessions/<int:session_id>/phase")
@login_required
def change_phase(session_id: int):
    """One click moves a session to a phase; phones and board follow."""
    form = PhaseForm()
    try:
        if not form.validate_on_submit():
            raise RembukError("invalid_phase")
        session = service.change_phase(current_user, session_id, {"phase": form.phase.data})
    except RembukError as error:
        if error.status in (403, 404):
            abort(error.status)
        flash(error_body(error)["message"], "error")
        return redirect(url_for("web.console"))
    return redirect(url_for("web.workshop", workshop_id=session.workshop_id, table=session.table_id)
                    + f"#session-{session.id}")


def _table_or_abort(workshop, raw):
    """The workshop's table named by a `?table=` argument (None without one); 404 for anything else."""
    if raw is None or raw == "":
        return None
    table = next((t for t in workshop.tables if raw.isdigit() and t.id == int(raw)), None)
    if table is None:
        abort(404)
    return table


@bp.get("/board/<int:workshop_id>")
@login_required
def board(workshop_id: int):
    """The projector board of a workshop; it follows the current session live."""
    try:
        role = access.workshop_access(current_user, workshop_id)
    except RembukError as error:
        abort(error.status)
    workshop = role.workshop
    table = _table_or_abort(workshop, request.args.get("table"))
    if not role.covers_table(table.id if table else None):
        # A table's co-facilitator opens their own table's board.
        if table is None and role.table_id is not None:
            return redirect(url_for("web.board", workshop_id=workshop.id, table=role.table_id))
        abort(403)
    url = join_url(workshop.join_code, workshop.public_base_url)
    labels = {d["key"]: d["label"] for d in dimensions()}
    context = {
        "workshop": {"id": workshop.id, "title": workshop.title, "join_code": workshop.join_code},
        "join_url": url, "short_url": url.split("://", 1)[-1],
        # A table's board: its QR link seats whoever scans it at that table (/j/<code>?table=<id>).
        "qr_url": url_for("web.qr_code", code=workshop.join_code, table=table.id if table else None),
        "groups": service.groups_list(workshop), "dimensions": dimensions(),
        "table": {"id": table.id, "name": table.name, "dimension": table.dimension,
                  "dimension_label": labels.get(table.dimension)} if table else None,
    }
    return render_template("board.html", page_data={**context, "lang": str(get_locale()), "constants": page_constants()},
                           **context)

