"""The event loop's own lag: a task that asks to wake every 10 ms and records how late it woke.

Under eventlet and gevent everything of a process (every phone, the board, the timers) shares
one loop: whatever holds the CPU without yielding (a long SQL statement, a garbage collection,
a PDF) delays every other task by as long as it runs. The probe sees that delay as its own
lateness. It sleeps through `socketio.sleep`, i.e. the async mode's own sleep, so it measures
the loop that actually serves (in threading mode: the scheduler, which rarely lags).
"""
from __future__ import annotations

import logging
import threading
import time
from typing import Callable

log = logging.getLogger(__name__)


class LagProbe:
    """Sleeps `interval` again and again; `record` gets each wake-up's delay beyond the interval."""

    def __init__(self, record: Callable[[float], None], interval: float = 0.01,
                 sleep: Callable[[float], None] | None = None, clock: Callable[[], float] = time.monotonic):
        self.interval = interval
        self._record = record
        self._sleep = sleep
        self._clock = clock
        self._lock = threading.Lock()
        self._started = False
        self.woke = clock()

    def tick(self) -> float:
        """One sleep; returns (and records) how late it woke, never below 0."""
        before = self._clock()
        self._sleep(self.interval)
        self.woke = self._clock()
        lag = max(0.0, self.woke - before - self.interval)
        self._record(lag)
        return lag

    def busy_for(self) -> float:
        """How long since the probe last ran: once past its interval, how long the loop has been
        running other tasks without coming round to it (the pass it is in, about)."""
        return self._clock() - self.woke

    def run(self) -> None:
        """Tick forever (the background task)."""
        while True:
            try:
                self.tick()
            except Exception:  # the probe must outlive any one odd tick
                log.exception("loop lag probe tick failed")
                self._sleep(1.0)

    def start(self, start_background_task: Callable) -> bool:
        """Start the background task once; False if it already runs."""
        with self._lock:
            if self._started:
                return False
            self._started = True
        global _running
        _running = self
        start_background_task(self.run)
        return True


_running: LagProbe | None = None  # the probe of this server process, once started

# A pass of the loop runs every task that became ready in it, one after the other: after the
# venue's Wi-Fi drops, hundreds of phones joining and connecting at once made passes of 100-500 ms,
# and every ack waited that long. Work that costs a few ms per phone takes its turn instead: once
# the loop has run others for TURN_SECONDS without coming round to the probe, it waits for the
# next pass (at most MAX_WAITS times, so that nothing waits forever on a loop that is never idle).
TURN_SECONDS = 0.02
MAX_WAITS = 50


def take_turn(longer_than: float = TURN_SECONDS) -> int:
    """Wait for the next pass of the loop if this one has run `longer_than` (see TURN_SECONDS);
    returns how many times it waited. Does nothing where no probe runs (tests, `flask` commands).

    Before a step that holds the loop for tens of milliseconds anyway, `take_turn(0)` lets the
    pass end first, so that the two do not add up to one long pause."""
    probe = _running
    waits = 0
    while probe is not None and waits < MAX_WAITS and probe.busy_for() > longer_than:
        probe._sleep(0.001)  # a timer due after the probe's: the probe runs first, then this
        waits += 1
    return waits
