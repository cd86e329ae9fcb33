"""Pushing changes out: coalesced board updates and per-phone session snapshots.

Board updates are coalesced per workshop: a change only marks the workshop dirty, and at most
one `board:update` per interval is sent, computed from the database.
A burst of 500 ballots therefore becomes a handful of redraws, and every process (and every
restart) computes the same payload from the same stored ballots.
"""
from __future__ import annotations

import logging
import threading
import time

from flask import Flask

from .. import metrics
from ..extensions import db, socketio
from ..models import Workshop, WorkshopSession
from ..services import results as results_service

log = logging.getLogger(__name__)


def session_room(session_id: int) -> str:
    """Room of boards watching one session."""
    return f"board:session:{session_id}"


def workshop_room(workshop_id: int) -> str:
    """Room of boards following a workshop's current session."""
    return f"board:workshop:{workshop_id}"


def table_room(table_id: int) -> str:
    """Room of boards following one table's current session."""
    return f"board:table:{table_id}"


# In a workshop's dirty set: a change of the whole workshop (people joined, a table added), which
# every board of the workshop shows (participant counts), not only the sessions named.
WHOLE = 0


def participant_room(participant_id: int) -> str:
    """Room of one participant's connections (a phone may reconnect, or use two tabs)."""
    return f"participant:{participant_id}"


class FlushClaims:
    """One board flush per workshop per interval across all processes sharing a Redis.

    Every process flushes the changes it handled, and each flush recomputes the same payload
    from the same database: with N processes a board would get N updates per interval and the
    cluster would pay N times for them. A process flushes a workshop only if it claims it for
    the interval (SET NX PX); otherwise it keeps the workshop dirty and tries again next
    interval. A claim taken before our change committed expires one interval later, and the next
    claimant, whoever it is, computes after our commit, so the board still shows every change
    within about two intervals; the process that made the change flushes itself at the latest
    when the others stop claiming.
    """

    def __init__(self, url: str, interval: float):
        import redis
        self._redis = redis.Redis.from_url(url)
        # A little shorter than the interval, so that a process's own last claim has always
        # expired when its next flush is due.
        self._ttl_ms = max(1, int(interval * 800))

    def claim(self, workshop_id: int) -> bool:
        """Whether this process flushes the workshop now; a Redis failure means yes."""
        try:
            return bool(self._redis.set(f"rembuk:board-flush:{workshop_id}", b"1", nx=True, px=self._ttl_ms))
        except Exception:  # a missed dedupe costs one extra update, a missed flush a stale board
            log.warning("board flush claim failed; flushing anyway", exc_info=True)
            return True


# A flush may take at most this share of the loop: after a flush of d seconds the next waits at
# least d * (1 - share) / share. A 1,000-phone board takes tens of milliseconds to recompute from
# the stored ballots, and at a 0.1 s interval a burst would spend a third of the loop on it.
FLUSH_SHARE = 0.2


def gap_after(took: float, interval: float, share: float = FLUSH_SHARE) -> float:
    """The time from one flush's start to the next after a flush that took `took` seconds."""
    return max(interval, took / share)


class BoardBroadcaster:
    """Collects dirty (workshop, session) marks and flushes them at most once per interval.

    A flush is due once the interval has passed since the last one. The change that finds it
    due flushes at once, in its own handler: under a burst, a background task would wait behind
    every queued ballot (eventlet and gevent run ready work first come, first served) and the
    board would fall seconds behind. The background task only sends the trailing changes of a
    quiet moment.
    """

    def __init__(self):
        self._lock = threading.Lock()
        self._dirty: dict[int, set[int]] = {}
        self._app: Flask | None = None
        self._interval = 0.1
        self._started = False
        self._flushing = False
        self._last_flush = 0.0
        self._gap = 0.1  # the interval, or longer after a slow flush (gap_after)
        self._claims: FlushClaims | None = None

    def init_app(self, app: Flask) -> None:
        """Bind to the app whose database the flusher reads."""
        self._app = app
        self._interval = self._gap = app.config["BOARD_FLUSH_SECONDS"]
        queue = app.config.get("MESSAGE_QUEUE") or ""
        shared = queue.startswith(("redis://", "rediss://", "unix://")) and self._interval > 0
        self._claims = FlushClaims(queue, self._interval) if shared else None
        app.extensions["rembuk_broadcaster"] = self

    def mark(self, workshop_id: int, session_id: int | None = None) -> None:
        """Note that a workshop's board (and a given session's) must be redrawn; without a session,
        every board of the workshop (the tables' too)."""
        with self._lock:
            self._dirty.setdefault(workshop_id, set()).add(WHOLE if session_id is None else session_id)
            start = not self._started and self._interval > 0
            self._started = self._started or start
        if start:
            socketio.start_background_task(self._run)
        elif self._interval > 0:
            self.flush_if_due()

    def redraw_all(self) -> None:
        """Mark every workshop whose board is connected to this process (after the message
        queue lost updates, e.g. while Redis restarted)."""
        for workshop_id in metrics.connections.watched_workshops():
            self.mark(workshop_id)

    def _run(self) -> None:
        while True:
            idle = not self._dirty
            wait = self._interval if idle else self._gap - (time.monotonic() - self._last_flush)
            socketio.sleep(max(wait, 0.005))
            try:
                self.flush_if_due()
            except Exception:  # the loop must outlive any one bad flush
                log.exception("board flush failed")

    def flush_if_due(self) -> int:
        """Flush if something changed and the interval has passed since the last flush."""
        with self._lock:
            now = time.monotonic()
            due = bool(self._dirty) and not self._flushing and now - self._last_flush >= self._gap
            if due:
                self._flushing, self._last_flush = True, now
        if not due:
            return 0
        try:
            return self.flush()
        finally:
            self._flushing = False

    def flush(self) -> int:
        """Send one update per dirty board now; returns how many were sent."""
        with self._lock:
            dirty, self._dirty = self._dirty, {}
        if self._claims is not None:
            deferred = {w: s for w, s in dirty.items() if not self._claims.claim(w)}
            if deferred:
                with self._lock:
                    for workshop_id, session_ids in deferred.items():
                        self._dirty.setdefault(workshop_id, set()).update(session_ids)
                dirty = {w: s for w, s in dirty.items() if w not in deferred}
        if not dirty:
            return 0
        sent = 0
        started = time.perf_counter()
        with self._app.app_context():
            try:
                for workshop_id, session_ids in dirty.items():
                    sent += self._flush_workshop(workshop_id, session_ids)
            finally:
                db.session.remove()
        took = time.perf_counter() - started
        metrics.flush_seconds.observe(took)
        self._gap = gap_after(took, self._interval)
        return sent

    def _flush_workshop(self, workshop_id: int, session_ids: set[int]) -> int:
        workshop = db.session.get(Workshop, workshop_id)
        if workshop is None:
            return 0
        current = workshop.current_session_id
        whole = WHOLE in session_ids
        session_ids = session_ids - {WHOLE}
        # A table's board follows the table's current session: redrawn when that session changed,
        # or the whole workshop did. Workshops without tables skip this (no query: the list is
        # loaded once per flush).
        tables = workshop.tables
        following = {t.current_session_id: t for t in tables if t.current_session_id}
        if whole:
            session_ids |= set(following)
        sent = 0
        for session_id in session_ids | ({current} if current else set()):
            session = db.session.get(WorkshopSession, session_id)
            if session is None:
                continue
            table = following.get(session_id)
            payload = results_service.board_payload(workshop, session, table)
            # One emit to every room that shows it: the payload is encoded once, and a board in
            # several rooms gets it once. A table's room only ever gets its own table's session.
            rooms = [session_room(session_id)]
            if session_id == current:
                rooms.append(workshop_room(workshop_id))
            if table is not None and table.id == session.table_id:
                rooms.append(table_room(table.id))
            socketio.emit("board:update", payload, to=rooms if len(rooms) > 1 else rooms[0])
            sent += 1
        if whole:
            for table in tables:
                if not table.current_session_id:
                    socketio.emit("board:update", results_service.board_payload(workshop, None, table),
                                  to=table_room(table.id))
                    sent += 1
        if not current:
            socketio.emit("board:update", results_service.board_payload(workshop, None),
                          to=workshop_room(workshop_id))
            sent += 1
        return sent


broadcaster = BoardBroadcaster()


def push_phone_states(workshop: Workshop, table_ids=None, participant_ids=None) -> None:
    """Send participants of the workshop their own full `session:state` snapshot: everyone, or
    those seated at `table_ids`, or those named in `participant_ids`.

    The snapshots come encoded and grouped (results.phone_pushes): one emit per distinct payload,
    to the rooms of every participant it is for, so Socket.IO encodes each payload once too.
    """
    participants = results_service.workshop_participants(workshop.id, table_ids, participant_ids)
    pushes = results_service.phone_pushes(workshop, participants)
    log.info("session:state push: workshop %d, %d phones, %d payloads, %d bytes", workshop.id,
             sum(len(ids) for ids, _ in pushes), len(pushes), sum(len(p.text) for _, p in pushes))
    for index, (ids, payload) in enumerate(pushes):
        socketio.emit("session:state", payload, to=[participant_room(p) for p in ids])
        if index % 32 == 31:
            # Let the connections' writers send (and free) what is queued before queueing more.
            socketio.sleep(0)
