"""Who may do what in a workshop: every facilitator permission is decided here, in one place.

A workshop has one **lead** (its owner) and any number of **co-facilitators**
(`WorkshopFacilitator`), each either for the whole workshop or for one table.

| need | lead | whole-workshop co-facilitator | table co-facilitator |
|---|---|---|---|
| `VIEW`: see the workshop (its tables, its own sessions) | yes | yes | yes |
| `RUN`: settings, tables, mode, people (list, seat), tickets, plenary sessions, the log, exports, the questions for the speakers (list, moderate, board mode) | yes | yes | 403 |
| `LEAD`: co-facilitators, lock/reopen, removing people | yes | 403 | 403 |
| a session (create, phases, timer, reveal, moderation, paper ballots, carry-over, results, board) | every one | every one | only their table's |
| the invitation list: import | yes | yes | 403 |
| the invitation list: read | all of it | all of it | the people invited to their table, without phone numbers |

The questions for the speakers belong to the whole workshop (the plenary's speakers, its board),
and they name their askers like the attendance list: a table co-facilitator neither reads nor
moderates them.

A facilitator who is neither lead nor co-facilitator gets 403 `forbidden` for anything of the
workshop; a workshop, session, table or proposal that does not exist is 404 `not_found`.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import or_, select

from ..errors import RembukError
from ..extensions import db
from ..models import Facilitator, Table, Workshop, WorkshopFacilitator, WorkshopSession

LEAD, WHOLE, TABLE = "lead", "workshop", "table"
VIEW, RUN = "view", "run"  # and LEAD, as a need: the lead only
ROLES_FOR = {VIEW: (LEAD, WHOLE, TABLE), RUN: (LEAD, WHOLE), LEAD: (LEAD,)}


@dataclass(frozen=True)
class Access:
    """A facilitator's role in one workshop; `table_id` is the table of a table co-facilitator."""

    workshop: Workshop
    role: str
    table_id: int | None = None

    def allows(self, need: str) -> bool:
        """Whether the role covers a workshop-wide need (VIEW, RUN or LEAD)."""
        return self.role in ROLES_FOR[need]

    def covers_table(self, table_id: int | None) -> bool:
        """Whether the role may run the sessions of a table (None: the plenary's)."""
        return self.role != TABLE or (table_id is not None and table_id == self.table_id)

    def require(self, need: str) -> Access:
        """This access, or 403 forbidden."""
        if not self.allows(need):
            raise RembukError("forbidden", status=403)
        return self

    def require_table(self, table_id: int | None) -> Access:
        """This access if it covers the table (None: plenary), or 403 forbidden."""
        if not self.covers_table(table_id):
            raise RembukError("forbidden", status=403)
        return self


def access_to(facilitator: Facilitator, workshop: Workshop) -> Access:
    """The facilitator's role in an existing workshop, or 403 forbidden."""
    if workshop.owner_id == facilitator.id:
        return Access(workshop, LEAD)
    membership = db.session.scalar(select(WorkshopFacilitator).where(
        WorkshopFacilitator.workshop_id == workshop.id, WorkshopFacilitator.facilitator_id == facilitator.id))
    if membership is None:
        raise RembukError("forbidden", status=403)
    if membership.table_id is None:
        return Access(workshop, WHOLE)
    return Access(workshop, TABLE, membership.table_id)


def workshop_access(facilitator: Facilitator, workshop_id: int) -> Access:
    """The facilitator's role in a workshop (404 if there is none, 403 if they have none)."""
    workshop = db.session.get(Workshop, workshop_id)
    if workshop is None:
        raise RembukError("not_found", status=404)
    return access_to(facilitator, workshop)


def owned_workshop(facilitator: Facilitator, workshop_id: int, need: str = RUN) -> Workshop:
    """The workshop if the facilitator's role covers `need` (RUN by default: the whole workshop)."""
    return workshop_access(facilitator, workshop_id).require(need).workshop


def session_access(facilitator: Facilitator, session: WorkshopSession) -> Access:
    """The facilitator's access to an existing session, or 403 (another table's, or not theirs)."""
    return access_to(facilitator, session.workshop).require_table(session.table_id)


def owned_session(facilitator: Facilitator, session_id: int) -> WorkshopSession:
    """The session if it exists (404) and the facilitator may run it (403): lead and whole-workshop
    co-facilitators every session, a table co-facilitator their table's."""
    session = db.session.get(WorkshopSession, session_id)
    if session is None:
        raise RembukError("not_found", status=404)
    session_access(facilitator, session)
    return session


def owned_table(facilitator: Facilitator, table_id: int, need: str = RUN) -> Table:
    """The table if it exists (404) and the facilitator's role covers `need` in its workshop; a
    table co-facilitator may VIEW their own table only."""
    table = db.session.get(Table, table_id)
    if table is None:
        raise RembukError("not_found", status=404)
    access = access_to(facilitator, db.session.get(Workshop, table.workshop_id)).require(need)
    access.require_table(table.id)
    return table


def workshops_of(facilitator: Facilitator) -> list[Workshop]:
    """Workshops the facilitator leads or co-facilitates, newest first."""
    member = select(WorkshopFacilitator.workshop_id).where(WorkshopFacilitator.facilitator_id == facilitator.id)
    return list(db.session.scalars(select(Workshop).where(
        or_(Workshop.owner_id == facilitator.id, Workshop.id.in_(member))).order_by(Workshop.id.desc())))
