"""Group commit for `ballot:cast`: the casts that arrive together are stored in one transaction.

In a burst, hundreds of phones cast in the same second. Stored one by one, every cast pays a
transaction of its own: the workshop row, the participant, the session, the proposals, the
commit. Here a cast joins the *open batch* and waits; one writer task per app takes the open
batch (up to `MAX_BATCH` casts, the rest stay for the next), stores it with
`participation.cast_ballots` (one transaction, each cast checked on its own as if alone) and
wakes the batch. Each handler then acks its own outcome or refusal, after the commit.

A quiet room sees batches of one: the writer runs as soon as the cast's handler waits. Under a
burst, the casts received while the writer stores a batch form the next one.
This works the same under eventlet, gevent (patched `threading`) and real threads (tests).
"""
from __future__ import annotations

import logging
import threading

from flask import Flask, current_app

from .. import metrics
from ..errors import RembukError
from ..extensions import db, socketio
from ..services.participation import Cast, cast_ballots

log = logging.getLogger(__name__)

MAX_BATCH = 200


class _Batch:
    """Casts stored together, and the event their handlers wait on."""

    __slots__ = ("casts", "done")

    def __init__(self):
        self.casts: list[Cast] = []
        self.done = threading.Event()


class CastBatcher:
    """One per app: the open batch and the writer task that stores batches one after another."""

    def __init__(self, app: Flask, max_batch: int = MAX_BATCH):
        self._app = app
        self._max_batch = max_batch
        self._lock = threading.Lock()
        self._open = _Batch()
        self._full: list[_Batch] = []  # batches that filled up before the writer took them
        self._work = threading.Event()
        self._started = False

    def cast(self, participant_id: int, workshop_id: int, data) -> dict:
        """Store a phone's cast (with whichever casts arrive alongside); its outcome, committed.

        Raises the cast's RembukError if it is refused.
        """
        cast = Cast(participant_id, workshop_id, data)
        with self._lock:
            batch = self._open
            if len(batch.casts) >= self._max_batch:
                self._full.append(batch)
                batch = self._open = _Batch()
            batch.casts.append(cast)
            start, self._started = not self._started, True
        if start:
            socketio.start_background_task(self._write)
        self._work.set()
        batch.done.wait()
        if cast.error is not None:
            raise cast.error
        return cast.outcome

    def _write(self) -> None:
        while True:
            self._work.wait()
            with self._lock:
                self._work.clear()
                ready, self._full = self._full, []
                if self._open.casts:
                    ready.append(self._open)
                    self._open = _Batch()
            for batch in ready:
                self._store(batch)

    def _store(self, batch: _Batch) -> None:
        """Store one batch and wake its handlers, whatever happens: they wait for nothing else."""
        metrics.batch_size.observe(len(batch.casts))
        try:
            with self._app.app_context():
                try:
                    cast_ballots(batch.casts)
                finally:
                    db.session.remove()
        except Exception:  # the writer must outlive any one batch
            # cast_ballots leaves no outcome behind when it fails: every cast it did not refuse
            # before touching the database is answered as a server error (the phone resends it).
            log.exception("storing a batch of %d casts failed", len(batch.casts))
            for cast in batch.casts:
                if cast.outcome is None and cast.error is None:
                    cast.error = RembukError("server_error", status=500)
        finally:
            batch.done.set()


def init_app(app: Flask) -> None:
    """Give the app its batcher."""
    app.extensions["rembuk_casting"] = CastBatcher(app)


def cast(participant_id: int, workshop_id: int, data) -> dict:
    """Store a cast through the current app's batcher."""
    return current_app.extensions["rembuk_casting"].cast(participant_id, workshop_id, data)
