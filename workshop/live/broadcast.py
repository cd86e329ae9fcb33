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
from ..extensions import db, per_app, socketio
from ..models import Workshop, WorkshopSession
from ..jsontext import JSONText
from ..services import results as results_service
from .sender import RECIPIENT_COST, Parcel, chunked, push_sender

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
        self._local = False

    def init_app(self, app: Flask) -> None:
        """Bind to the app whose database the flusher reads."""
        self._app = app
        self._interval = self._gap = app.config["BOARD_FLUSH_SECONDS"]
        queue = app.config.get("MESSAGE_QUEUE") or ""
        shared = queue.startswith(("redis://", "rediss://", "unix://")) and self._interval > 0
        self._claims = FlushClaims(queue, self._interval) if shared else None
        self._local = not queue  # one process: it knows every board there is
        app.extensions["rembuk_broadcaster"] = self

    def mark(self, workshop_id: int, session_id: int | None = None, flush: bool = True) -> None:
        """Note that a workshop's board (and a given session's) must be redrawn; without a session,
        every board of the workshop (the tables' too). With `flush`, a flush that is due happens
        now, in the caller (a cast: see the class); without, the background task sends it."""
        with self._lock:
            self._dirty.setdefault(workshop_id, set()).add(WHOLE if session_id is None else session_id)
            start = not self._started and self._interval > 0
            self._started = self._started or start
        if start:
            socketio.start_background_task(self._run)
        elif self._interval > 0 and flush:
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
        if self._local and workshop_id not in metrics.connections.watched_workshops():
            # No board shows it (a board that starts watching gets the update in its ack): with
            # 800 proposals an update costs the loop 40-80 ms for nobody. With a message queue a
            # board may be on another process, so it is always built.
            return 0
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


def shared_room(participant_id: int) -> str:
    """Room of one participant's connections that opted in to the shared proposal list (§7.2a);
    they are in `participant_room` too, so a whole snapshot still reaches them."""
    return f"participant:{participant_id}:shared"


class PhoneShapes:
    """Which participants have connections that opted in to the shared list, and which have
    connections that did not (protocol §7.2a), so a push builds the whole old-shape snapshot only
    for those who may need it.

    Counts per participant, in this process, or in a Redis hash per workshop when a message queue
    joins several processes (a connection may be on any of them). A participant with no opted-in
    connection, connected or not, counts as old-shape: nothing changes for anyone who did not opt
    in. When the registry cannot be read (Redis down), everyone counts as old-shape: the old cost,
    but every phone still gets a whole snapshot in its `participant_room`.
    """

    def __init__(self, app: Flask):
        self._lock = threading.Lock()
        self._local: dict[int, dict[str, int]] = {}
        self._redis = None
        # The last shared list emitted to each audience: (workshop id, table id or None for the
        # plenary) -> (session id, version); in Redis too with a message queue, so that another
        # process's list counts. A list is emitted to a whole audience only when it differs; a
        # phone that missed one (it raced a change) asks with `proposals:list`.
        self._sent: dict[tuple[int, int | None], str] = {}
        queue = app.config.get("MESSAGE_QUEUE") or ""
        if queue.startswith(("redis://", "rediss://", "unix://")):
            import redis
            self._redis = redis.Redis.from_url(queue)

    @staticmethod
    def _field(participant_id: int, shared: bool) -> str:
        return f"{'s' if shared else 'o'}{participant_id}"

    def add(self, workshop_id: int, participant_id: int, shared: bool, by: int = 1) -> None:
        """Count a connection of this shape in (`by` 1) or out (`by` -1)."""
        field = self._field(participant_id, shared)
        if self._redis is not None:
            try:
                self._redis.hincrby(f"rembuk:phone-shapes:{workshop_id}", field, by)
            except Exception:
                log.warning("phone shape registry update failed", exc_info=True)
            return
        with self._lock:
            counts = self._local.setdefault(workshop_id, {})
            counts[field] = counts.get(field, 0) + by
            if counts[field] <= 0:
                del counts[field]

    def list_sent(self, workshop_id: int, table_id: int | None, session_id: int, version: str) -> bool:
        """Whether this list was the last one emitted to the audience; notes it as such if not."""
        key, value = (workshop_id, table_id), f"{session_id}:{version}"
        if self._redis is not None:
            name = f"rembuk:list-sent:{workshop_id}:{table_id or 0}"
            try:
                previous = self._redis.getset(name, value)
                self._redis.expire(name, 86400)
                return previous is not None and previous.decode() == value
            except Exception:
                log.warning("shared list registry failed; sending the list", exc_info=True)
                return False
        previous, self._sent[key] = self._sent.get(key), value
        return previous == value

    def split(self, workshop_id: int, participant_ids: list[int]) -> tuple[set[int], set[int]]:
        """(participants with an opted-in connection, participants who need the old shape)."""
        if self._redis is not None:
            try:
                raw = self._redis.hgetall(f"rembuk:phone-shapes:{workshop_id}")
                counts = {k.decode(): int(v) for k, v in raw.items()}
            except Exception:
                log.warning("phone shape registry read failed; pushing the old shape to everyone", exc_info=True)
                return set(), set(participant_ids)
        else:
            with self._lock:
                counts = dict(self._local.get(workshop_id, {}))
        shared = {p for p in participant_ids if counts.get(self._field(p, True), 0) > 0}
        old = {p for p in participant_ids if p not in shared or counts.get(self._field(p, False), 0) > 0}
        return shared, old


def phone_shapes() -> PhoneShapes:
    """The current app's registry."""
    return per_app("rembuk_phone_shapes", PhoneShapes)


def _states_of(phones: set[int], states: list[tuple[list[int], JSONText]]) -> Parcel:
    """The `session:state` sends of these phones, one per payload."""
    sends = []
    for ids, payload in states:
        to = [shared_room(p) for p in ids if p in phones]
        if to:
            sends.append(("session:state", payload, to))
    return sends


def push_phone_states(workshop: Workshop, table_ids=None, participant_ids=None) -> None:
    """Send participants of the workshop their `session:state`: everyone, or those seated at
    `table_ids`, or those named in `participant_ids`.

    Phones that opted in to the shared list (§7.2a) get the session's `session:proposals` once,
    when it changed (or always, when participants are named: they changed table), then their
    small state; the others get their own full snapshot as before. Both come encoded and grouped
    (results.shared_pushes, results.phone_pushes): one emit per distinct payload, to the rooms of
    every participant it is for, so Socket.IO encodes each payload once too.
    """
    participants = results_service.workshop_participants(workshop.id, table_ids, participant_ids)
    shapes = phone_shapes()
    shared, old = shapes.split(workshop.id, [p.id for p in participants])
    if shared:
        started = time.perf_counter()
        lists, states = results_service.shared_pushes(workshop, [p for p in participants if p.id in shared])
        built = (time.perf_counter() - started) * 1000
        sender = push_sender()
        parcels: list[Parcel] = []
        listed: set[int] = set()
        sent = 0
        state_cost = RECIPIENT_COST + max((len(payload.text) for _ids, payload in states), default=0)
        for table_id, session_id, version, payload, ids in lists:
            # Named participants (they changed table) get it whatever the others last got.
            if participant_ids is None and shapes.list_sent(workshop.id, table_id, session_id, version):
                continue
            sent += len(payload.text)
            # Each run of phones gets the list, then its states (§7.2a), a run at a time (sender.py).
            for run in chunked(ids, RECIPIENT_COST + len(payload.text) + state_cost, sender.run_budget):
                parcels.append([("session:proposals", payload, [shared_room(p) for p in run]),
                                *_states_of(set(run), states)])
                listed.update(run)
        # Phones whose list did not change get their small state first: they wait for nothing.
        unlisted = [p for ids, _payload in states for p in ids if p not in listed]
        parcels[:0] = [_states_of(set(run), states) for run in chunked(unlisted, state_cost, sender.run_budget)]
        log.info("session:state shared push: workshop %d, %d phones, %d payloads, %d bytes; "
                 "session:proposals: %d bytes; built in %.0f ms", workshop.id, len(shared), len(states),
                 sum(len(p.text) for _, p in states), sent, built)
        sender.send(parcels)
    if not old:
        return
    pushes = results_service.phone_pushes(workshop, [p for p in participants if p.id in old])
    log.info("session:state push: workshop %d, %d phones, %d payloads, %d bytes", workshop.id,
             sum(len(ids) for ids, _ in pushes), len(pushes), sum(len(p.text) for _, p in pushes))
    for index, (ids, payload) in enumerate(pushes):
        socketio.emit("session:state", payload, to=[participant_room(p) for p in ids])
        if index % 32 == 31:
            # Let the connections' writers send (and free) what is queued before queueing more.
            socketio.sleep(0)
