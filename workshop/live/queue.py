"""The Redis message queue between server processes, back within a second of Redis.

Flask-SocketIO's Redis manager retries a lost subscription after 1, 2, 4, ... 60 seconds, and
whatever was published while Redis was away is lost: boards would stay stale for up to a
minute after a Redis restart, or until the next vote. This manager retries every half second
and, once subscribed again, tells the app (`on_reconnect`), which redraws every board this
process serves (live/broadcast.py computes the payload from the database, so nothing that
happened meanwhile is missed).
"""
from __future__ import annotations

import logging
import time
from typing import Callable

import socketio

log = logging.getLogger(__name__)

CHANNEL = "flask-socketio"  # Flask-SocketIO's own default: processes must agree on it
RETRY_SECONDS = 0.5


class RedisQueue(socketio.RedisManager):
    """socketio.RedisManager with quick, steady retries and a reconnect hook."""

    def __init__(self, url: str, on_reconnect: Callable[[], None]):
        super().__init__(url, channel=CHANNEL, write_only=False)
        self._on_reconnect = on_reconnect

    def _redis_listen_with_retries(self):  # pragma: no cover (exercised by tests/scale/test_faults.py)
        subscribed, lost = False, False
        while True:
            try:
                if not subscribed:
                    self._redis_connect()
                    self.pubsub.subscribe(self.channel)
                    subscribed = True
                    if lost:
                        lost = False
                        log.warning("message queue: Redis is back; redrawing this process's boards")
                        try:
                            self._on_reconnect()
                        except Exception:
                            log.exception("redrawing boards after Redis came back failed")
                yield from self.pubsub.listen()
            except Exception as exc:
                if not lost:
                    log.error("message queue: cannot receive from Redis (%s); retrying every %s s", exc, RETRY_SECONDS)
                subscribed, lost = False, True
                time.sleep(RETRY_SECONDS)
