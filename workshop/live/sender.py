"""Big pushes spread over the loop, in order.

Writing a payload to a connection costs the loop a few copies of it (Engine.IO's packet, the
WebSocket frame, the socket): about 0.6 ms per MB here. A flooded session's shared list is over
1 MB; sent to 1,000 phones at once, the writers held the loop for 650 ms, and every ack, board and
timer of the hall waited (docs/performance.md, the spam scenario). So what phones are sent goes
out in *parcels* (a run of phones: each one's list, then its state, the order protocol §7.2a
asks), and a token bucket lets through about `PUSH_BYTES_PER_SLICE` bytes per 10 ms: the writers
take about half of the loop, and whatever else is waiting runs in between. Each recipient counts
too (RECIPIENT_COST): a small state to 1,000 phones is paced as well.

A push small enough to fit the bucket goes out at once, as before. A bigger one is queued and a
background task sends it, so the facilitator's request that caused it answers without waiting
for a thousand phones. While anything is queued, every later push (and a connecting phone's
first snapshot) joins the queue behind it, so no phone ever gets an older list or state after a
newer one.

With a message queue (several processes) a push is one publish to Redis that every process
delivers to its own connections: it is sent at once and whole (pacing it here would publish the
payload once per parcel).
"""
from __future__ import annotations

import logging
import sys
import threading
import time
from collections import deque
from typing import Callable, Iterable

from flask import Flask

from ..extensions import per_app, socketio
from ..jsontext import JSONText

log = logging.getLogger(__name__)

SLICE_SECONDS = 0.01

# (event, payload, recipients: rooms or sids); a parcel is sent whole, its sends in order.
Send = tuple[str, JSONText, list[str]]
Parcel = list[Send]


# A send costs each recipient's connection about 0.1 ms besides its bytes (waking its writer,
# framing, the system call): 1,000 small states at once held the loop about 130 ms. Counted as
# bytes at the rate above.
RECIPIENT_COST = 128 << 10


def parcel_bytes(parcel: Parcel) -> int:
    """What writing the parcel costs, in bytes: its payload and RECIPIENT_COST per recipient."""
    return sum((len(payload.text) + RECIPIENT_COST) * len(to) for _event, payload, to in parcel)


class Pacer:
    """A token bucket of bytes: `take(n)` returns once n bytes may be written (sleeping if not)."""

    def __init__(self, bytes_per_slice: int, sleep: Callable[[float], None],
                 clock: Callable[[], float] = time.monotonic, slice_seconds: float = SLICE_SECONDS):
        self.burst = max(1, bytes_per_slice)
        self.rate = self.burst / slice_seconds
        self._sleep, self._clock = sleep, clock
        self._tokens = float(self.burst)
        self._at = clock()
        self._lock = threading.Lock()
        self.waited = 0.0  # seconds spent waiting, in all

    def take(self, size: int) -> float:
        """Wait until `size` bytes may go (a parcel larger than the bucket waits for a full one),
        then spend them; returns the seconds waited."""
        waited = 0.0
        while True:
            with self._lock:
                now = self._clock()
                self._tokens = min(self.burst, self._tokens + (now - self._at) * self.rate)
                self._at = now
                need = min(size, self.burst)
                if self._tokens + 1 >= need:  # within a byte: clock rounding must not spin
                    self._tokens -= size  # may go below zero: the next parcel waits longer
                    self.waited += waited
                    return waited
                pause = (need - self._tokens) / self.rate
            self._sleep(pause)
            waited += pause


class PushSender:
    """Sends parcels in order, paced; see the module's docstring."""

    def __init__(self, app: Flask):
        self.paced = not app.config.get("MESSAGE_QUEUE")
        self.pacer = Pacer(app.config["PUSH_BYTES_PER_SLICE"], socketio.sleep)
        self._queue: deque[list[Parcel]] = deque()
        self._lock = threading.Lock()
        self._busy = False  # a task is sending what is queued
        self.queued = 0  # pushes that went through the queue, in all (tests, logs)

    @property
    def run_budget(self) -> int:
        """What one parcel may cost: a slice of the bucket, or (with a message queue, where a
        push is one publish) no limit, so that a push is a single parcel."""
        return self.pacer.burst if self.paced else sys.maxsize

    def send(self, parcels: list[Parcel]) -> None:
        """Send these parcels after everything sent before: now, or from the queue."""
        if not parcels:
            return
        if not self.paced:
            for parcel in parcels:
                _emit(parcel)
            return
        with self._lock:
            direct = not self._busy and sum(map(parcel_bytes, parcels)) <= self.pacer.burst
            if not direct:
                self._queue.append(parcels)
                self.queued += 1
                start, self._busy = not self._busy, True
        if direct:
            for parcel in parcels:
                self.pacer.take(parcel_bytes(parcel))
                _emit(parcel)
        elif start:
            socketio.start_background_task(self._drain)

    def _drain(self) -> None:
        while True:
            with self._lock:
                if not self._queue:
                    self._busy = False
                    return
                parcels = self._queue.popleft()
            started, waited = time.perf_counter(), self.pacer.waited
            for parcel in parcels:
                try:
                    self.pacer.take(parcel_bytes(parcel))
                    _emit(parcel)
                except Exception:  # one failed parcel must not stop the rest, nor the queue
                    log.exception("sending a parcel failed")
            log.info("paced push: %d parcels, %d bytes in %.0f ms (%.0f ms of it waiting)", len(parcels),
                     sum(map(parcel_bytes, parcels)), (time.perf_counter() - started) * 1000,
                     (self.pacer.waited - waited) * 1000)


def _emit(parcel: Parcel) -> None:
    for event, payload, to in parcel:
        if to:
            socketio.emit(event, payload, to=to)


def push_sender() -> PushSender:
    """The current app's sender."""
    return per_app("rembuk_push_sender", PushSender)


def chunked(ids: list[int], per_phone: int, budget: int) -> Iterable[list[int]]:
    """`ids` in runs of phones that fit `budget`, each phone costing `per_phone` bytes to send to
    (RECIPIENT_COST per send is the caller's to count)."""
    step = max(1, budget // max(1, per_phone))
    for start in range(0, len(ids), step):
        yield ids[start:start + step]
