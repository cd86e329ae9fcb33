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
    for change in changes:
        broadcaster.mark(change.workshop_id, change.session_id)
        if change.phones:
            phones.setdefault(change.workshop_id, set()).add(change.session_id)
        if change.timer:
            timer_watch.ensure_started()
        if change.questions:
            question_pusher.mark(change.workshop_id)
    if not phones:
        return
    # Called from the committing session's after_commit, which can run no more SQL: read in a
    # context (and a database session) of our own.
    with app.app_context():
        try:
            for workshop_id, session_ids in phones.items():
                workshop = db.session.get(Workshop, workshop_id)
                # Phones follow the current session only; None stands for the whole workshop.
                if workshop is not None and ({None, workshop.current_session_id} & session_ids):
                    push_phone_states(workshop)
        finally:
            db.session.remove()


def init_app(app: Flask) -> None:
    """Subscribe this app's live layer to its committed changes."""
    question_pusher.init_app(app)
    subscribe(app, lambda changes: tell_rooms(app, changes))
