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

    def tick(self) -> float:
        """One sleep; returns (and records) how late it woke, never below 0."""
        before = self._clock()
        self._sleep(self.interval)
        lag = max(0.0, self._clock() - before - self.interval)
        self._record(lag)
        return lag

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
        start_background_task(self.run)
        return True
