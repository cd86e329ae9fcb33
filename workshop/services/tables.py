"""Parallel tables (meja / kelompok diskusi), who sits where, the workshop's mode, and co-facilitators.

A workshop without tables works as before: `plenary` mode, every phone follows the workshop's
current session. With tables, each table has its own sessions and current session; in `tables`
mode each phone follows its own table's current session (a phone with no seat is asked to pick
one). Permissions are decided in `access.py`.
"""
from __future__ import annotations

from sqlalchemy import func, select

from .. import validation as v
from ..changes import changed
from ..errors import RembukError
from ..extensions import db
from ..models import DIMENSIONS, MODES, Facilitator, Participant, Table, Workshop, WorkshopFacilitator
from .access import LEAD, RUN, VIEW, owned_table, workshop_access
from .log import record
from .workshops import ensure_open

NAME_MAX = 80
MAX_TABLES = 50


def table_dict(table: Table) -> dict:
    """A table as the API shows it (board_url is added by the API layer, which knows URLs)."""
    return {"id": table.id, "workshop_id": table.workshop_id, "name": table.name, "dimension": table.dimension,
            "position": table.position, "current_session_id": table.current_session_id}


def table_ref(table: Table | None) -> dict | None:
    """`{id, name, dimension}` of a table, as phones and boards name it; None for none."""
    return {"id": table.id, "name": table.name, "dimension": table.dimension} if table is not None else None


def tables_of(workshop: Workshop) -> list[Table]:
    """The workshop's tables in display order."""
    return list(workshop.tables)


def table_names(workshop_id: int) -> dict[int, dict]:
    """table id -> `{id, name}` for every table of the workshop (for `origin_table`)."""
    return {tid: {"id": tid, "name": name} for tid, name in db.session.execute(
        select(Table.id, Table.name).where(Table.workshop_id == workshop_id))}


def _dimension(data: dict):
    value = data.get("dimension")
    if value is not None and value not in DIMENSIONS:
        raise RembukError("unknown_dimension", field="dimension")
    return value


def list_tables(facilitator: Facilitator, workshop_id: int) -> list[Table]:
    """Every table of the workshop (any of its facilitators may see them)."""
    return tables_of(workshop_access(facilitator, workshop_id).require(VIEW).workshop)


def create_table(facilitator: Facilitator, workshop_id: int, data) -> Table:
    """Add a table `{name, dimension?}` at the end of the workshop's list."""
    workshop = workshop_access(facilitator, workshop_id).require(RUN).workshop
    ensure_open(workshop.id)
    data = v.require_object(data)
    name = v.text(data, "name", max_len=NAME_MAX, min_len=1)
    dimension = _dimension(data)
    count = db.session.scalar(select(func.count(Table.id)).where(Table.workshop_id == workshop.id))
    if count >= MAX_TABLES:
        raise RembukError("invalid_input", field="name", reason="out_of_range", min=1, max=MAX_TABLES)
    table = Table(workshop_id=workshop.id, name=name, dimension=dimension, position=count)
    db.session.add(table)
    db.session.flush()
    record(workshop.id, facilitator, "table_created", table_id=table.id, name=name, dimension=dimension)
    changed(workshop.id, phones=True)  # phones list the tables to pick from
    db.session.commit()
    return table


def update_table(facilitator: Facilitator, table_id: int, data) -> Table:
    """Rename a table or change its dimension."""
    table = owned_table(facilitator, table_id, RUN)
    ensure_open(table.workshop_id)
    data = v.require_object(data)
    before = {"name": table.name, "dimension": table.dimension}
    if "name" in data:
        table.name = v.text(data, "name", max_len=NAME_MAX, min_len=1)
    if "dimension" in data:
        table.dimension = _dimension(data)
    after = {"name": table.name, "dimension": table.dimension}
    record(table.workshop_id, facilitator, "table_updated", table_id=table.id,
           changes={k: {"before": before[k], "after": after[k]} for k in before if before[k] != after[k]})
    changed(table.workshop_id, table.current_session_id, phones=True)
    db.session.commit()
    return table


def set_mode(facilitator: Facilitator, workshop_id: int, data) -> Workshop:
    """Switch between `plenary` and `tables`; every connected phone follows at once."""
    workshop = workshop_access(facilitator, workshop_id).require(RUN).workshop
    ensure_open(workshop.id)
    mode = v.require_object(data).get("mode")
    if mode not in MODES:
        raise RembukError("invalid_input", field="mode", reason="not_one_of", choices=", ".join(MODES))
    if mode != workshop.mode:
        record(workshop.id, facilitator, "mode", before=workshop.mode, after=mode)
        workshop.mode = mode
    changed(workshop.id, phones=True)
    db.session.commit()
    return workshop


def table_of_workshop(workshop_id: int, data: dict, field: str = "table_id") -> Table | None:
    """The table named by `data[field]` (null: none), which must be the workshop's (400 unknown_table)."""
    if data.get(field) is None:
        return None
    table = db.session.get(Table, v.identifier(data, field))
    if table is None or table.workshop_id != workshop_id:
        raise RembukError("unknown_table", field=field)
    return table


def choose_table(participant: Participant, data) -> Participant:
    """A phone picks (or changes) its table; its phones get a fresh `session:state`."""
    data = v.require_object(data)
    if "table_id" not in data:
        raise RembukError("invalid_input", field="table_id", reason="required")
    table = table_of_workshop(participant.workshop_id, data)
    ensure_open(participant.workshop_id)
    participant.table_id = table.id if table else None
    changed(participant.workshop_id, participant=participant.id)
    db.session.commit()
    return participant


def seat_participant(facilitator: Facilitator, participant_id: int, data) -> Participant:
    """The facilitator moves a person to a table (`{table_id}`; null unseats); logged."""
    participant = db.session.get(Participant, participant_id)
    if participant is None:
        raise RembukError("not_found", status=404)
    workshop_access(facilitator, participant.workshop_id).require(RUN)
    data = v.require_object(data)
    if "table_id" not in data:
        raise RembukError("invalid_input", field="table_id", reason="required")
    table = table_of_workshop(participant.workshop_id, data)
    ensure_open(participant.workshop_id)
    before, participant.table_id = participant.table_id, table.id if table else None
    if before != participant.table_id:
        record(participant.workshop_id, facilitator, "seat", participant_id=participant.id, name=participant.name,
               before=before, after=participant.table_id)
    changed(participant.workshop_id, participant=participant.id)
    db.session.commit()
    return participant


# -- co-facilitators -----------------------------------------------------------------------


def membership_dict(membership: WorkshopFacilitator) -> dict:
    """A co-facilitator as the API shows it."""
    return {"facilitator_id": membership.facilitator_id, "email": membership.facilitator.email,
            "name": membership.facilitator.name, "table_id": membership.table_id}


def list_facilitators(facilitator: Facilitator, workshop_id: int) -> list[WorkshopFacilitator]:
    """The workshop's co-facilitators, in the order they were added (any of its facilitators may see)."""
    workshop = workshop_access(facilitator, workshop_id).require(VIEW).workshop
    return list(db.session.scalars(select(WorkshopFacilitator).where(WorkshopFacilitator.workshop_id == workshop.id)
                                   .order_by(WorkshopFacilitator.id)))


def add_facilitator(facilitator: Facilitator, workshop_id: int, data) -> WorkshopFacilitator:
    """Make an existing account a co-facilitator (`{email, table_id?}`; lead only). Adding someone
    again changes their table."""
    workshop = workshop_access(facilitator, workshop_id).require(LEAD).workshop
    data = v.require_object(data)
    email = v.email(data)
    table = table_of_workshop(workshop.id, data)
    ensure_open(workshop.id)
    account = db.session.scalar(select(Facilitator).where(Facilitator.email == email))
    if account is None:
        raise RembukError("not_found", status=404, field="email")
    if account.id == workshop.owner_id:
        raise RembukError("already_lead", field="email")
    membership = db.session.scalar(select(WorkshopFacilitator).where(
        WorkshopFacilitator.workshop_id == workshop.id, WorkshopFacilitator.facilitator_id == account.id))
    if membership is None:
        membership = WorkshopFacilitator(workshop_id=workshop.id, facilitator_id=account.id)
        db.session.add(membership)
    membership.table_id = table.id if table else None
    db.session.flush()
    record(workshop.id, facilitator, "facilitator_added", facilitator_id=account.id, email=account.email,
           table_id=membership.table_id)
    changed(workshop.id)
    db.session.commit()
    return membership


def remove_facilitator(facilitator: Facilitator, workshop_id: int, facilitator_id: int) -> None:
    """Take a co-facilitator off the workshop (lead only); 404 if they are not one."""
    workshop = workshop_access(facilitator, workshop_id).require(LEAD).workshop
    membership = db.session.scalar(select(WorkshopFacilitator).where(
        WorkshopFacilitator.workshop_id == workshop.id, WorkshopFacilitator.facilitator_id == facilitator_id))
    if membership is None:
        raise RembukError("not_found", status=404)
    ensure_open(workshop.id)
    record(workshop.id, facilitator, "facilitator_removed", facilitator_id=facilitator_id,
           email=membership.facilitator.email, table_id=membership.table_id)
    db.session.delete(membership)
    changed(workshop.id)
    db.session.commit()
