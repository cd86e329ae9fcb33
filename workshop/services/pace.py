"""Reveal and pace: showing results when the facilitator decides, and the phase timer."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select, update

from .. import validation as v
from ..changes import changed
from ..errors import RembukError
from ..extensions import db
from ..models import Facilitator, WorkshopSession, utcnow
from .log import record
from .workshops import apply_phase, bump_revision, ensure_open, owned_session

TIMER_ACTIONS = ("start", "pause", "resume", "extend", "reset", "set")
MAX_TIMER_SECONDS = 4 * 3600
# Where "close automatically" leads from each phase.
NEXT_PHASE = {"collect": "review", "review": "vote", "vote": "closed"}


def reveal(facilitator: Facilitator, session_id: int, data) -> WorkshopSession:
    """Show or hide a session's results on phones (and, with board_hidden, on the board)."""
    session = owned_session(facilitator, session_id)
    ensure_open(session.workshop_id)
    data = v.require_object(data)
    if "revealed" not in data:
        raise RembukError("invalid_input", field="revealed", reason="required")
    session.revealed = v.boolean(data, "revealed")
    if "board_hidden" in data:
        session.board_hides_results = v.boolean(data, "board_hidden")
    record(session.workshop_id, facilitator, "reveal", session_id=session.id, revealed=session.revealed,
           board_hidden=session.board_hides_results)
    changed(session.workshop_id, session.id, phones=True)
    db.session.commit()
    return session


def timer_state(session: WorkshopSession, now: dt.datetime | None = None) -> dict | None:
    """`{running, remaining, duration, auto_close, ends_at}`, or None when no timer is set.

    Clients count down from `remaining` (seconds when sent) with their own clock, so a phone
    whose clock is wrong still shows the right time.
    """
    if session.timer_duration is None:
        return None
    now = now or utcnow()
    running = session.timer_ends_at is not None
    if running:
        left = max(0.0, (session.timer_ends_at - now).total_seconds())
    else:
        left = float(session.timer_remaining if session.timer_remaining is not None else session.timer_duration)
    return {"running": running, "remaining": round(left, 1), "duration": session.timer_duration,
            "auto_close": session.timer_auto_close,
            "ends_at": session.timer_ends_at.isoformat() + "Z" if running else None}


def control_timer(facilitator: Facilitator, session_id: int, data) -> WorkshopSession:
    """start {seconds, auto_close?} | pause | resume | extend {seconds} | reset | set {auto_close}.

    Without an action, `{auto_close}` alone is a `set`.
    """
    session = owned_session(facilitator, session_id)
    ensure_open(session.workshop_id)
    data = v.require_object(data)
    action = data.get("action", "set" if "auto_close" in data else None)
    if action not in TIMER_ACTIONS:
        raise RembukError("invalid_input", field="action", reason="not_one_of", choices=", ".join(TIMER_ACTIONS))
    now = utcnow()
    if action == "start":
        seconds = v.integer(data, "seconds", default=300, lo=1, hi=MAX_TIMER_SECONDS)
        session.timer_duration = seconds
        session.timer_ends_at = now + dt.timedelta(seconds=seconds)
        session.timer_remaining = None
        session.timer_auto_close = v.boolean(data, "auto_close")
    elif session.timer_duration is None and action != "reset":
        raise RembukError("no_timer")
    elif action == "pause" and session.timer_ends_at is not None:
        session.timer_remaining = max(0, round((session.timer_ends_at - now).total_seconds()))
        session.timer_ends_at = None
    elif action == "resume" and session.timer_ends_at is None:
        left = session.timer_remaining if session.timer_remaining is not None else session.timer_duration
        session.timer_ends_at = now + dt.timedelta(seconds=left)
        session.timer_remaining = None
    elif action == "extend":
        seconds = v.integer(data, "seconds", default=60, lo=1, hi=MAX_TIMER_SECONDS)
        session.timer_duration += seconds
        if session.timer_ends_at is not None:
            session.timer_ends_at = max(session.timer_ends_at, now) + dt.timedelta(seconds=seconds)
        else:
            session.timer_remaining = (session.timer_remaining or 0) + seconds
    elif action == "reset":
        session.timer_duration = session.timer_ends_at = session.timer_remaining = None
        session.timer_auto_close = False
    if "auto_close" in data and action != "start" and session.timer_duration is not None:
        session.timer_auto_close = v.boolean(data, "auto_close")
    record(session.workshop_id, facilitator, "timer", session_id=session.id, timer_action=action,
           timer=timer_state(session, now))
    changed(session.workshop_id, session.id, phones=True, timer=True)
    db.session.commit()
    return session


def expire_timers(now: dt.datetime | None = None) -> list[tuple[WorkshopSession, bool]]:
    """Stop timers that ran out; those set to close automatically move their phase on.

    Returns (session, phase_changed) for each timer stopped.

    Safe with several processes: each session is claimed by a conditional UPDATE, so only
    one process acts on it.
    """
    now = now or utcnow()
    due = list(db.session.scalars(select(WorkshopSession).where(WorkshopSession.timer_ends_at.is_not(None),
                                                                WorkshopSession.timer_ends_at <= now)))
    advanced = []
    for session in due:
        claimed = db.session.execute(
            update(WorkshopSession).where(WorkshopSession.id == session.id,
                                          WorkshopSession.timer_ends_at == session.timer_ends_at)
            .values(timer_ends_at=None, timer_remaining=0)).rowcount
        if not claimed:
            continue
        db.session.refresh(session)
        next_phase = NEXT_PHASE.get(session.phase)
        # A closed workshop keeps its phases: the timer just stops.
        if session.timer_auto_close and next_phase and session.workshop.closed_at is None:
            record(session.workshop_id, None, "phase", session_id=session.id, before=session.phase,
                   after=next_phase, by_timer=True)
            apply_phase(session, next_phase)
            advanced.append((session, True))
        else:
            advanced.append((session, False))
        bump_revision(session.workshop_id)
        changed(session.workshop_id, session.id, phones=True)
    db.session.commit()
    return advanced
