"""Workshops, their sessions and the facilitator's phase changes."""
from __future__ import annotations

import json
import re
import secrets

from sqlalchemy import bindparam, select, update

from .. import validation as v
from ..changes import changed
from ..domain import DEFAULT_GROUPS
from ..errors import RembukError
from ..extensions import db
from ..models import (LIVE_PHASES, METHODS, PHASES, BallotEntry, Criterion, Facilitator, Proposal, StakeholderGroup,
                      Table, Workshop, WorkshopSession, utcnow)
from ..voting import Rules
from ..voting.methods import MAX_WORDS_LIMIT, POLL_LABEL_MAX, POLL_OPTIONS_MAX, POLL_OPTIONS_MIN
from ..voting.matrix import resolve_axes, validate_axes
from .access import LEAD, RUN, VIEW, owned_session, owned_workshop, workshop_access, workshops_of  # noqa: F401
from .log import record

# No look-alikes: 0/O, 1/I/L are left out so a code read off a projector is typed right.
JOIN_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
JOIN_CODE_LENGTH = 6


def normalize_join_code(raw) -> str:
    """Upper-case, strip separators; returns '' for anything that cannot be a code."""
    if not isinstance(raw, str) or len(raw) > 32:
        return ""
    return "".join(ch for ch in raw.upper() if ch.isalnum())


def new_join_code() -> str:
    """A join code not used by any workshop yet."""
    while True:
        code = "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))
        if not db.session.scalar(select(Workshop.id).where(Workshop.join_code == code)):
            return code


_workshops = Workshop.__table__
# Built once: every ballot runs the second (see participation.cast_ballots). Ballots count in
# `revision` only; every other change in `content_revision` too (what phones list, see Workshop).
_COUNT = update(_workshops).where(_workshops.c.id == bindparam("workshop_id")).values(
    revision=_workshops.c.revision + bindparam("by"))
_COUNT_CONTENT = _COUNT.values(content_revision=_workshops.c.content_revision + 1)
_OPEN_AND_COUNT = _COUNT.where(_workshops.c.closed_at.is_(None))
_OPEN_AND_COUNT_CONTENT = _COUNT_CONTENT.where(_workshops.c.closed_at.is_(None))


def bump_revision(workshop_id: int, by: int = 1) -> None:
    """Count a change the board must show, for changes that do not go through ensure_open().

    A negative `by` takes back ballots counted but refused: no content changed.
    """
    # No ORM synchronisation: nothing in the session holds a revision it would need to update.
    db.session.connection().execute(_COUNT_CONTENT if by > 0 else _COUNT, {"workshop_id": workshop_id, "by": by})


def create_workshop(owner: Facilitator, data) -> Workshop:
    """Create a workshop with the default stakeholder groups."""
    data = v.require_object(data)
    workshop = Workshop(
        owner_id=owner.id,
        title=v.text(data, "title", max_len=200, min_len=3),
        venue=v.text(data, "venue", max_len=200, required=False),
        date=v.optional_date(data, "date"),
        join_code=new_join_code(),
        strict=v.boolean(data, "strict"),
    )
    workshop.groups = [StakeholderGroup(key=key, label=label, position=i)
                       for i, (key, label) in enumerate(DEFAULT_GROUPS)]
    db.session.add(workshop)
    db.session.commit()
    return workshop


def update_workshop(facilitator: Facilitator, workshop_id: int, data) -> Workshop:
    """Change title, venue, date, strict mode, or the address the QR code encodes."""
    workshop = owned_workshop(facilitator, workshop_id)
    ensure_open(workshop.id)
    data = v.require_object(data)
    before = {k: getattr(workshop, k) for k in ("title", "venue", "date", "strict", "public_base_url")}
    if "title" in data:
        workshop.title = v.text(data, "title", max_len=200, min_len=3)
    if "venue" in data:
        workshop.venue = v.text(data, "venue", max_len=200, required=False)
    if "date" in data:
        workshop.date = v.optional_date(data, "date")
    if "strict" in data:
        workshop.strict = v.boolean(data, "strict")
    if "public_base_url" in data:
        workshop.public_base_url = _base_url(data)
    after = {k: getattr(workshop, k) for k in before}
    record(workshop.id, facilitator, "workshop_updated",
           changes={k: {"before": before[k], "after": after[k]} for k in before if before[k] != after[k]})
    changed(workshop.id)
    db.session.commit()
    return workshop


def _base_url(data: dict) -> str | None:
    """An http(s) base URL without a trailing slash, or None to use the default."""
    raw = data.get("public_base_url")
    if raw in (None, ""):
        return None
    value = v.text(data, "public_base_url", max_len=200).rstrip("/")
    if not re.fullmatch(r"https?://[^\s/?#]+(/[^\s?#]*)?", value):
        raise RembukError("invalid_url", field="public_base_url")
    return value


def ensure_open(workshop_id: int, changes: int = 1, ballots: bool = False) -> None:
    """Refuse a change to a closed workshop (409 workshop_closed), and count the change.

    Every service that changes a workshop calls this first in its transaction. It is a guarded
    UPDATE rather than a read, so it holds the workshop row until the caller commits: a close
    cannot slip in between the check and the change, and no ballot lands after the lock. The
    same statement bumps the revision (the board's `seq`) by `changes` (a batch of ballots is
    several), so a change costs one UPDATE of the workshop row, not two. Changes other than
    `ballots` bump the content revision as well.
    """
    # Built once and run on the session's connection: every ballot pays this (see participation).
    statement = _OPEN_AND_COUNT if ballots else _OPEN_AND_COUNT_CONTENT
    still_open = db.session.connection().execute(statement, {"workshop_id": workshop_id, "by": changes}).rowcount
    if not still_open:
        raise RembukError("workshop_closed", status=409)


def close_workshop(facilitator: Facilitator, workshop_id: int) -> Workshop:
    """Lock a workshop's results (logged): nothing in it changes until it is reopened (lead only).

    Closing a closed workshop changes nothing and keeps the first lock time.
    """
    workshop = owned_workshop(facilitator, workshop_id, LEAD)
    locked = db.session.execute(
        update(Workshop).where(Workshop.id == workshop.id, Workshop.closed_at.is_(None))
        .values(closed_at=utcnow()).execution_options(synchronize_session=False)).rowcount
    if locked:
        record(workshop.id, facilitator, "workshop_closed")
        bump_revision(workshop.id)
        changed(workshop.id)
    db.session.commit()
    return workshop


def reopen_workshop(facilitator: Facilitator, workshop_id: int) -> Workshop:
    """Lift the lock (logged, with the lock time it ends; lead only); reopening an open one does nothing."""
    workshop = owned_workshop(facilitator, workshop_id, LEAD)
    if workshop.closed_at is not None:
        record(workshop.id, facilitator, "workshop_reopened", closed_at=workshop.closed_at.isoformat() + "Z")
        workshop.closed_at = None
        bump_revision(workshop.id)
        changed(workshop.id)
    db.session.commit()
    return workshop


def workshop_by_code(raw_code) -> Workshop:
    """The workshop with this join code, or 404 unknown_join_code."""
    code = normalize_join_code(raw_code)
    workshop = db.session.scalar(select(Workshop).where(Workshop.join_code == code)) if code else None
    if workshop is None:
        raise RembukError("unknown_join_code", status=404)
    return workshop


DEFAULT_CRITERIA = (
    ("dampak", "Dampak", 1.0),
    ("urgensi", "Urgensi", 1.0),
    ("kelayakan", "Kelayakan", 1.0),
    ("biaya", "Efisiensi biaya", 1.0),
)
# Settings may change until voting starts; afterwards they would change what ballots mean.
EDITABLE_PHASES = ("draft", "collect", "review")
# Proposals one participant may send in a session: the default, and the most a facilitator may allow.
PROPOSALS_DEFAULT, PROPOSALS_MAX = 10, 200


def create_session(facilitator: Facilitator, workshop_id: int, data) -> WorkshopSession:
    """Add a session in draft to the end of the workshop's list, with its method's settings.

    `table_id` makes it a table's session (a table co-facilitator may create only those of their
    table); absent or null, a plenary session.
    """
    access = workshop_access(facilitator, workshop_id)
    workshop = access.workshop
    data = v.require_object(data)
    table_id = data.get("table_id")
    if table_id is None:
        access.require(RUN)
    else:
        table = db.session.get(Table, v.identifier(data, "table_id"))
        if table is None or table.workshop_id != workshop.id:
            raise RembukError("unknown_table", field="table_id")
        access.require_table(table.id)
        table_id = table.id
    ensure_open(workshop.id)
    session = WorkshopSession(workshop_id=workshop.id, position=len(workshop.sessions), table_id=table_id,
                              title=v.text(data, "title", max_len=200, min_len=1))
    options = _apply_settings(session, {"method": "dots", **data})
    if not session.criteria:
        session.criteria = [Criterion(key=k, label=label, weight=w, position=i)
                            for i, (k, label, w) in enumerate(DEFAULT_CRITERIA)]
    db.session.add(session)
    db.session.flush()
    _set_options(session, options)
    record(workshop.id, facilitator, "session_created", session_id=session.id, title=session.title,
           method=session.method, table_id=session.table_id)
    changed(workshop.id)
    db.session.commit()
    return session


def update_session(facilitator: Facilitator, session_id: int, data) -> WorkshopSession:
    """Change a session's title, method or settings (criteria included) before voting starts."""
    session = owned_session(facilitator, session_id)
    ensure_open(session.workshop_id)
    data = v.require_object(data)
    # The title, the proposal cap and the matrix's axes change nothing about ballots already cast.
    if set(data) - {"title", "max_proposals_per_participant", "matrix_axes"}:
        if session.phase not in EDITABLE_PHASES:
            raise RembukError("wrong_phase", phase=session.phase)
        # Ballots already cast were cast under these rules; changing them would change their meaning.
        if db.session.scalar(select(BallotEntry.session_id).where(BallotEntry.session_id == session.id).limit(1)):
            raise RembukError("settings_locked", status=409)
    before = session_dict(session)
    if "title" in data:
        session.title = v.text(data, "title", max_len=200, min_len=1)
    was_poll = session.method == "poll"
    options = _apply_settings(session, data)
    if options is None and was_poll and session.method != "poll":
        options = []  # no longer a poll: its options leave the vote
    _set_options(session, options)
    if "matrix_axes" in data:
        set_matrix_axes(session, data["matrix_axes"])
    record(session.workshop_id, facilitator, "session_updated", session_id=session.id,
           before=before, after=session_dict(session))
    changed(session.workshop_id, session.id, phones=True)
    db.session.commit()
    return session


def _apply_settings(session: WorkshopSession, data: dict) -> list[tuple[str, str]] | None:
    """Validate and set the method and its settings present in `data`.

    Returns a poll's new options `[(key, label)]` for `_set_options` once the session has an id,
    or None when they do not change.
    """
    if "method" in data:
        if data["method"] not in METHODS:
            raise RembukError("unknown_method", field="method")
        becomes_poll = data["method"] == "poll" and session.method != "poll"
        session.method = data["method"]
        if becomes_poll and "options" not in data:
            raise RembukError("invalid_input", field="options", reason="required")
    dots = v.integer(data, "dots_per_participant", default=session.dots_per_participant or 5, lo=1, hi=100)
    cap_default = session.max_dots_per_proposal or min(3, dots)
    cap = v.integer(data, "max_dots_per_proposal", default=min(cap_default, dots), lo=1, hi=100)
    if cap > dots:
        raise RembukError("invalid_input", field="max_dots_per_proposal", reason="out_of_range", min=1, max=dots)
    session.dots_per_participant, session.max_dots_per_proposal = dots, cap
    session.points_budget = v.integer(data, "points_budget", default=session.points_budget or 100, lo=1, hi=10000)
    session.rank_size = v.integer(data, "rank_size", default=session.rank_size or 5, lo=1, hi=50)
    session.max_words = v.integer(data, "max_words", default=session.max_words or 3, lo=1, hi=MAX_WORDS_LIMIT)
    options = _options(data["options"]) if "options" in data and session.method == "poll" else None
    count = len(options) if options is not None else len(_current_options(session))
    # A poll with fewer options than its answers per person would refuse nothing but mean nothing.
    session.max_choices = v.integer(data, "max_choices", default=min(session.max_choices or 1, max(count, 1)),
                                    lo=1, hi=max(count, 1) if session.method == "poll" else POLL_OPTIONS_MAX)
    session.max_proposals_per_participant = v.integer(
        data, "max_proposals_per_participant", default=session.max_proposals_per_participant or PROPOSALS_DEFAULT,
        lo=1, hi=PROPOSALS_MAX)
    if "criteria" in data:
        criteria = _criteria(data["criteria"])
        if session.id is not None:
            # Delete the old rows first: keys are unique per session.
            session.criteria.clear()
            db.session.flush()
        session.criteria = criteria
    return options


def _options(raw) -> list[tuple[str, str]]:
    """A poll's options from `[{key, label}]`: 2-20 of them, keys unique (a missing key is its number)."""
    if not isinstance(raw, list) or not POLL_OPTIONS_MIN <= len(raw) <= POLL_OPTIONS_MAX:
        raise RembukError("invalid_input", field="options", reason="out_of_range", min=POLL_OPTIONS_MIN,
                          max=POLL_OPTIONS_MAX)
    options, keys = [], set()
    for i, item in enumerate(raw):
        item = v.require_object(item)
        key = v.text(item, "key", max_len=40, min_len=1) if item.get("key") is not None else str(i + 1)
        if not re.fullmatch(r"[a-z0-9_]+", key) or key in keys:
            raise RembukError("invalid_input", field="options", reason="not_key")
        keys.add(key)
        options.append((key, v.text(item, "label", max_len=POLL_LABEL_MAX, min_len=1)))
    return options


def _current_options(session: WorkshopSession) -> list[Proposal]:
    """A poll's options that can be chosen, in order (the proposals with a key, still active)."""
    if session.id is None or session.method != "poll":
        return []
    return list(db.session.scalars(select(Proposal).where(
        Proposal.session_id == session.id, Proposal.option_key.is_not(None), Proposal.status == "active")
        .order_by(Proposal.id)))


def _set_options(session: WorkshopSession, options: list[tuple[str, str]] | None) -> None:
    """Make a poll's options its proposals: keys kept, labels updated, new keys added in order.

    A removed option is hidden, not deleted (its key may come back, the log keeps its id); settings
    only change before the first ballot, so no vote is lost.
    """
    if options is None:
        return
    existing = {p.option_key: p for p in db.session.scalars(select(Proposal).where(
        Proposal.session_id == session.id, Proposal.option_key.is_not(None)))}
    wanted = dict(options)
    for key, proposal in existing.items():
        if key not in wanted and proposal.status == "active":
            proposal.status, proposal.hidden_reason = "hidden", "option removed"
    for key, label in options:
        proposal = existing.get(key)
        if proposal is None:
            db.session.add(Proposal(session_id=session.id, option_key=key, title=label, dimension=""))
        else:
            proposal.title, proposal.status, proposal.hidden_reason = label, "active", ""
            proposal.merged_into_id = None
    db.session.flush()


def _criteria(raw) -> list[Criterion]:
    """Scoring criteria from `[{key, label, weight}]`: 1-10 of them, keys unique."""
    if not isinstance(raw, list) or not 1 <= len(raw) <= 10:
        raise RembukError("invalid_input", field="criteria", reason="out_of_range", min=1, max=10)
    criteria, keys = [], set()
    for i, item in enumerate(raw):
        item = v.require_object(item)
        key = v.text(item, "key", max_len=40, min_len=1)
        if not re.fullmatch(r"[a-z0-9_]+", key) or key in keys:
            raise RembukError("invalid_input", field="criteria", reason="not_key")
        keys.add(key)
        weight = item.get("weight", 1)
        if isinstance(weight, bool) or not isinstance(weight, (int, float)) or not 0 < weight <= 100:
            raise RembukError("invalid_input", field="criteria", reason="out_of_range", min=0, max=100)
        criteria.append(Criterion(key=key, label=v.text(item, "label", max_len=80, min_len=1),
                                  weight=float(weight), position=i))
    return criteria


def session_rules(session) -> Rules:
    """A session's method and settings as a voting rule value.

    `session` is a WorkshopSession or a row with the same column names (the cast reads only
    the columns it needs).
    """
    criteria = options = ()
    if session.method == "score":  # a query, so only score ballots pay for it (hot path: casting)
        criteria = tuple(db.session.execute(select(Criterion.key, Criterion.weight)
                                            .where(Criterion.session_id == session.id).order_by(Criterion.position)))
    if session.method == "poll":
        options = tuple(db.session.execute(select(Proposal.option_key, Proposal.id).where(
            Proposal.session_id == session.id, Proposal.option_key.is_not(None), Proposal.status == "active")
            .order_by(Proposal.id)))
    return Rules(method=session.method, dots_per_participant=session.dots_per_participant,
                 max_dots_per_proposal=session.max_dots_per_proposal, points_budget=session.points_budget,
                 criteria=tuple((key, weight) for key, weight in criteria), rank_size=session.rank_size,
                 max_choices=session.max_choices, options=tuple((key, pid) for key, pid in options),
                 max_words=session.max_words)


def change_phase(facilitator: Facilitator, session_id: int, data) -> WorkshopSession:
    """Move a session to any phase; a live phase also makes it the current session of the
    workshop (a plenary session) or of its table (a table's session)."""
    session = owned_session(facilitator, session_id)
    ensure_open(session.workshop_id)
    phase = v.require_object(data).get("phase")
    if phase not in PHASES:
        raise RembukError("invalid_phase")
    record(session.workshop_id, facilitator, "phase", session_id=session.id, before=session.phase, after=phase)
    apply_phase(session, phase)
    changed(session.workshop_id, session.id, phones=True)
    db.session.commit()
    return session


def apply_phase(session: WorkshopSession, phase: str) -> None:
    """Set a phase in the caller's transaction: live phases take over the phones (the plenary's, or
    the table's for a table session), closing reveals."""
    if session.phase == "closed" and phase != "closed":
        # Reopened: live results would steer the new votes, so they are hidden again.
        session.revealed = False
    session.phase = phase
    session.phase_changed_at = utcnow()
    if phase in LIVE_PHASES:
        if session.table_id is None:
            session.workshop.current_session_id = session.id
        else:
            db.session.get(Table, session.table_id).current_session_id = session.id
    if phase == "closed":
        # Closing shows the final results; the facilitator may hide them again.
        session.revealed = True
    # The timer belongs to a phase: a new phase starts without one.
    session.timer_duration = session.timer_ends_at = session.timer_remaining = None
    session.timer_auto_close = False


def current_session_id_of(session: WorkshopSession) -> int | None:
    """The current session of the stream a session belongs to: its table's, or the plenary's."""
    if session.table_id is None:
        return session.workshop.current_session_id
    return db.session.get(Table, session.table_id).current_session_id


def current_session(workshop: Workshop) -> WorkshopSession | None:
    """The session phones follow now, if any."""
    return db.session.get(WorkshopSession, workshop.current_session_id) if workshop.current_session_id else None


def session_settings(session: WorkshopSession) -> dict:
    """The method's settings as sent to clients."""
    return {"dots_per_participant": session.dots_per_participant,
            "max_dots_per_proposal": session.max_dots_per_proposal,
            "points_budget": session.points_budget, "rank_size": session.rank_size,
            "criteria": [{"key": c.key, "label": c.label, "weight": c.weight} for c in session.criteria],
            "max_choices": session.max_choices, "max_words": session.max_words,
            "options": [{"key": p.option_key, "label": p.title, "proposal_id": p.id}
                        for p in _current_options(session)]}


def set_matrix_axes(session: WorkshopSession, raw) -> None:
    """Store the Quick Win matrix's axes (criteria keys of the session); null goes back to the defaults."""
    axes = validate_axes(raw, [c.key for c in session.criteria])
    session.matrix_axes = json.dumps(axes) if axes else None


def matrix_axes(session: WorkshopSession) -> dict:
    """The Quick Win matrix's axes in force for a session: `{x: [keys], y: [keys]}`."""
    stored = None
    if session.matrix_axes:
        try:
            stored = json.loads(session.matrix_axes)
        except ValueError:
            stored = None
    return resolve_axes([c.key for c in session.criteria], stored if isinstance(stored, dict) else None)


def session_dict(session: WorkshopSession) -> dict:
    """A session as the API shows it."""
    return {"id": session.id, "workshop_id": session.workshop_id, "table_id": session.table_id,
            "title": session.title,
            "phase": session.phase, "method": session.method, "position": session.position,
            "revealed": session.revealed, "board_hidden": session.board_hides_results,
            "board_hides_results": session.board_hides_results,
            # The first release's clients read these at the top level.
            "dots_per_participant": session.dots_per_participant,
            "max_dots_per_proposal": session.max_dots_per_proposal,
            "max_proposals_per_participant": session.max_proposals_per_participant,
            "settings": session_settings(session), "matrix_axes": matrix_axes(session)}


def groups_list(workshop: Workshop) -> list[dict]:
    """The workshop's stakeholder groups in display order."""
    return [{"key": g.key, "label": g.label} for g in workshop.groups]
