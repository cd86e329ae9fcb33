"""Rate limits on join, proposal submission and ballot casting, per token and per address.

A whole hall sits behind one Wi-Fi router, so per-address limits are generous (1,000 phones
from one address can join within two minutes); per-token limits stop one phone flooding.

Limits use the `limits` notation and fixed windows. With a Redis message queue the counters
live in Redis (`limits`' storage), shared by every process. Otherwise they are plain
in-process counters: `limits`' MemoryStorage re-arms a 10 ms expiry timer that walks every
key, which took 19 % (eventlet) to 66 % (gevent) of the server's CPU in the 1,000-phone burst
(docs/performance.md); counting in a dict costs nothing measurable.
"""
from __future__ import annotations

import logging
import threading
import time

import redis

from flask import Flask, current_app, request
from limits import RateLimitItem, parse_many
from limits.storage import storage_from_string
from limits.strategies import FixedWindowRateLimiter

from .errors import RembukError

DEFAULT_LIMITS = {
    # Action -> {"address": ..., "token": ...} in the `limits` notation.
    "join": {"address": "1200/minute"},
    "proposal": {"token": "20/minute", "address": "3000/minute"},
    "ballot": {"token": "120/minute;15/second", "address": "20000/minute"},
}


class LocalFixedWindows:
    """In-process fixed-window counters with the `hit()` call of `limits`' rate limiters."""

    MAX_KEYS = 200_000  # past this, counters of finished windows are dropped

    def __init__(self):
        self._lock = threading.Lock()
        self._counts: dict[tuple, list[int]] = {}

    def hit(self, item: RateLimitItem, *identifiers: str) -> bool:
        """Count one hit; False when the window's amount is exceeded."""
        expiry = item.get_expiry()
        window = int(time.monotonic() // expiry)
        key = (item.amount, expiry, *identifiers)
        with self._lock:
            if len(self._counts) > self.MAX_KEYS:
                self._counts = {k: v for k, v in self._counts.items() if v[0] == int(time.monotonic() // k[1])}
            counter = self._counts.get(key)
            if counter is None or counter[0] != window:
                counter = self._counts[key] = [window, 0]
            counter[1] += 1
            return counter[1] <= item.amount


class FailOpen:
    """Shared counters in Redis, and the process's own while Redis cannot be reached.

    A rate limit is a guard, not a record: when Redis is down (restarting, say), a cast or a
    join must not fail because its counter cannot be read. Each process then counts on its own
    until Redis answers again.
    """

    def __init__(self, shared):
        self._shared = shared
        self._local = LocalFixedWindows()
        self._warned_at = 0.0

    def hit(self, item: RateLimitItem, *identifiers: str) -> bool:
        try:
            return self._shared.hit(item, *identifiers)
        except (redis.RedisError, OSError):
            if time.monotonic() - self._warned_at > 10:
                self._warned_at = time.monotonic()
                logging.getLogger(__name__).warning("rate limits: Redis unreachable, counting in this process")
            return self._local.hit(item, *identifiers)


class RateLimits:
    """Checks actions against their limits; raises RembukError `rate_limited` (429)."""

    def init_app(self, app: Flask) -> None:
        """Choose the storage and parse the configured limits."""
        queue = app.config.get("MESSAGE_QUEUE") or ""
        if queue.startswith(("redis://", "rediss://")):
            # A burst has more greenlets checking limits at once than redis-py's default pool
            # holds (it raises MaxConnectionsError, refusing 74-90 % of casts: deployment.md);
            # a blocking pool makes them wait their turn for a connection instead.
            pool = redis.BlockingConnectionPool.from_url(queue, max_connections=100, timeout=20)
            limiter = FailOpen(FixedWindowRateLimiter(storage_from_string(queue, connection_pool=pool)))
        else:
            limiter = LocalFixedWindows()
        configured = app.config.get("RATE_LIMITS") or {}
        limits = {action: {scope: parse_many(text) for scope, text in {**scopes, **configured.get(action, {})}.items()}
                  for action, scopes in DEFAULT_LIMITS.items()}
        app.extensions["rembuk_ratelimits"] = (limiter, limits)

    def check(self, action: str, token_key: str | None = None) -> None:
        """Count one `action` for this address (and token); refuse it when over a limit."""
        if not current_app.config.get("RATE_LIMITS_ENABLED", True):
            return
        limiter, limits = current_app.extensions["rembuk_ratelimits"]
        keys = {"address": request.remote_addr or "unknown", "token": token_key}
        for scope, items in limits[action].items():
            if keys.get(scope) is None:
                continue
            for item in items:
                if not limiter.hit(item, action, scope, keys[scope]):
                    raise RembukError("rate_limited", status=429)


rate_limits = RateLimits()
