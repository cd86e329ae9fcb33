"""Pushing the questions for the speakers to phones: one `questions:update` per workshop, coalesced.

Every phone of a workshop sees the same list, so it is computed and encoded once and sent to the
workshop's phone room. A burst of upvotes becomes at most one push per flush interval
(BOARD_FLUSH_SECONDS): the change that finds the interval passed pushes at once, a later one
leaves a trailing push to a background task. Each process pushes the changes it handled; with a
message queue the emit reaches the phones connected to every process.
"""
from __future__ import annotations

import logging
import threading
import time

from flask import Flask

from ..extensions import db, socketio
from ..services import questions as questions_service

log = logging.getLogger(__name__)


def phones_room(workshop_id: int) -> str:
    """Room of every phone connected to a workshop."""
    return f"phones:{workshop_id}"


class QuestionPusher:
    """At most one `questions:update` per workshop per interval, the last change always sent."""

    def __init__(self):
        self._lock = threading.Lock()
        self._pending: set[int] = set()
        self._last: dict[int, float] = {}
        self._app: Flask | None = None
        self._interval = 0.1

    def init_app(self, app: Flask) -> None:
        """Bind to the app whose database the pushes read."""
        self._app = app
        self._interval = app.config["BOARD_FLUSH_SECONDS"]

    def mark(self, workshop_id: int) -> None:
        """The workshop's questions changed (committed): push now, or once the interval has passed."""
        with self._lock:
            if workshop_id in self._pending:
                return  # a push is already due and will read this change too
            self._pending.add(workshop_id)
            wait = self._last.get(workshop_id, float("-inf")) + self._interval - time.monotonic()
        if wait <= 0:
            self._push(workshop_id)
        else:
            socketio.start_background_task(self._later, workshop_id, wait)

    def _later(self, workshop_id: int, wait: float) -> None:
        socketio.sleep(wait)
        self._push(workshop_id)

    def _push(self, workshop_id: int) -> None:
        with self._lock:
            # Cleared before reading: a change committed from here on marks (and pushes) again.
            self._pending.discard(workshop_id)
            self._last[workshop_id] = time.monotonic()
            if len(self._last) > 10_000:  # forget workshops long quiet
                cutoff = time.monotonic() - 60
                self._last = {w: t for w, t in self._last.items() if t > cutoff}
        try:
            with self._app.app_context():
                try:
                    payload = questions_service.phone_payload(workshop_id)
                finally:
                    db.session.remove()
            socketio.emit("questions:update", payload, to=phones_room(workshop_id))
        except Exception:  # the change is stored; the next one (or the phone's next list) catches up
            log.exception("pushing questions of workshop %s failed", workshop_id)


question_pusher = QuestionPusher()
