"""What changed: a service says so as it writes, and whoever listens hears it after the commit.

A service that changes what boards or phones show calls `changed(...)` in its transaction. The
note rides on the SQLAlchemy session (`session.info`): a commit hands the notes to the app's
listeners, a rollback (or a session closed without a commit) drops them. So no HTTP or socket
handler has to remember to tell anyone, nobody hears of a change that was not stored, and the
services know nothing of Socket.IO: the live layer subscribes in create_app (workshop/live/notify.py).

Listeners run inside SQLAlchemy's `after_commit` event, when the committing session can no longer
run SQL: one that reads the database opens its own app context (and so its own session).
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from flask import Flask, current_app, has_app_context
from sqlalchemy import event

from .extensions import db

log = logging.getLogger(__name__)

_PENDING = "rembuk_changes"  # key in session.info: the notes of the open transaction
_LISTENERS = "rembuk_change_listeners"  # key in app.extensions


@dataclass(frozen=True)
class Change:
    """One change: which workshop's boards redraw (and which session's), and what else follows."""

    workshop_id: int
    session_id: int | None = None
    # The workshop's phones get a fresh `session:state` at once, if the session is the current one
    # (phases, settings, reveal, timer, moderation); otherwise only boards redraw, coalesced.
    phones: bool = False
    # A phase timer may be running: something must watch it run out.
    timer: bool = False
    # One participant's phones get a fresh `session:state` (they changed table).
    participant: int | None = None
    # The questions for the speakers changed: the workshop's phones get the open ones (coalesced).
    questions: bool = False


def changed(workshop_id: int, session_id: int | None = None, *, phones: bool = False, timer: bool = False,
            participant: int | None = None, questions: bool = False) -> None:
    """Note a change in the current transaction; the app's listeners hear of it once it commits."""
    db.session.info.setdefault(_PENDING, []).append(
        Change(workshop_id, session_id, phones, timer, participant, questions))


def noted() -> bool:
    """Whether the current transaction has noted changes it has not committed yet."""
    return bool(db.session.info.get(_PENDING))


def subscribe(app: Flask, listener: Callable[[list[Change]], None]) -> None:
    """Call `listener(changes)` after every commit of `app`'s database session that noted changes."""
    app.extensions.setdefault(_LISTENERS, []).append(listener)


@event.listens_for(db.session, "after_commit")
def _tell_listeners(session) -> None:
    notes = session.info.pop(_PENDING, None)
    if not notes or not has_app_context():
        return
    for listener in current_app.extensions.get(_LISTENERS, ()):
        try:
            listener(notes)
        except Exception:  # the change is stored: a failed notification must not fail it
            log.exception("telling %r about %d changes failed", listener, len(notes))


@event.listens_for(db.session, "after_transaction_end")
def _drop_untold(session, transaction) -> None:
    # After a commit the notes are already gone; after a rollback or a close they never happened.
    if transaction.parent is None:
        session.info.pop(_PENDING, None)
