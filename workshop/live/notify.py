"""The live layer's ear on workshop.changes: after a commit, tell the rooms what changed.

Boards are marked for the coalesced flush (broadcast.py; with REMBUK_MESSAGE_QUEUE the flush is
claimed through Redis), phones of the current session get their `session:state` at once, and a
running phase timer gets its watch. Phone casts are the one change not told through here: the
group-commit writer must not stop to tell anyone, so each cast's handler marks the board itself
(handlers.py).
"""
from __future__ import annotations

from flask import Flask

from ..changes import Change, subscribe
from ..extensions import db
from ..models import Workshop
from .broadcast import broadcaster, push_phone_states
from .questions import question_pusher
from .timers import timer_watch


def tell_rooms(app: Flask, changes: list[Change]) -> None:
    """Mark boards, push phones and watch timers for a commit's changes."""
    phones: dict[int, set[int | None]] = {}
    people: dict[int, set[int]] = {}
    for change in changes:
        # Sent by the flusher's task, not in the request that changed it (a phase change answers
        # without waiting for the board's 40-80 ms of a flooded session).
        broadcaster.mark(change.workshop_id, change.session_id, flush=False)
        if change.phones:
            phones.setdefault(change.workshop_id, set()).add(change.session_id)
        if change.participant is not None:
            people.setdefault(change.workshop_id, set()).add(change.participant)
        if change.timer:
            timer_watch.ensure_started()
        if change.questions:
            question_pusher.mark(change.workshop_id)
    if not phones and not people:
        return
    # Called from the committing session's after_commit, which can run no more SQL: read in a
    # context (and a database session) of our own.
    with app.app_context():
        try:
            for workshop_id in phones.keys() | people.keys():
                workshop = db.session.get(Workshop, workshop_id)
                if workshop is None:
                    continue
                everyone, tables = _followers(workshop, phones.get(workshop_id, set()))
                if everyone:
                    push_phone_states(workshop)
                    continue
                if tables:
                    push_phone_states(workshop, table_ids=tables)
                if workshop_id in people:
                    push_phone_states(workshop, participant_ids=people[workshop_id])
        finally:
            db.session.remove()


def _followers(workshop: Workshop, session_ids: set[int | None]) -> tuple[bool, set[int]]:
    """Whose phones show one of these sessions: (everyone, or the people of which tables).

    Phones follow a current session only: the plenary's in `plenary` mode, their table's in
    `tables` mode. None stands for the whole workshop (everyone).
    """
    if None in session_ids:
        return True, set()
    if workshop.mode != "tables":
        return workshop.current_session_id in session_ids, set()
    return False, {t.id for t in workshop.tables if t.current_session_id in session_ids}


def init_app(app: Flask) -> None:
    """Subscribe this app's live layer to its committed changes."""
    question_pusher.init_app(app)
    subscribe(app, lambda changes: tell_rooms(app, changes))
