"""Watching phase timers: when one runs out, phones and boards hear of it, and a timer set to
close automatically moves its session to the next phase (pace.expire_timers notes the changes;
live/notify.py tells the rooms once they are committed).

The check reads the database (`expire_timers` claims each expired timer with a conditional
update), so with several server processes only one acts on a timer.
"""
from __future__ import annotations

import logging
import threading

from flask import Flask

from ..extensions import db, socketio
from ..services import pace

log = logging.getLogger(__name__)


class TimerWatch:
    """A background task that checks for expired timers every interval."""

    def __init__(self):
        self._lock = threading.Lock()
        self._app: Flask | None = None
        self._interval = 1.0
        self._started = False

    def init_app(self, app: Flask) -> None:
        """Bind to the app; an interval of 0 means tests call tick() themselves."""
        self._app = app
        self._interval = app.config["TIMER_CHECK_SECONDS"]
        self._started = False

    def ensure_started(self) -> None:
        """Start the background check once per process (on the first connection or timer)."""
        with self._lock:
            start = not self._started and self._interval > 0
            self._started = self._started or start
        if start:
            socketio.start_background_task(self._run)

    def _run(self) -> None:
        while True:
            socketio.sleep(self._interval)
            try:
                self.tick()
            except Exception:  # the loop must outlive any one bad check
                log.exception("timer check failed")

    def tick(self) -> int:
        """Handle every expired timer now; returns how many."""
        with self._app.app_context():
            try:
                return len(pace.expire_timers())
            finally:
                db.session.remove()


timer_watch = TimerWatch()
