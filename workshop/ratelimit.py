"""Rate limits per token, address and account: joins, proposals, ballots, log-ins, code probes.

A whole hall sits behind one Wi-Fi router, so per-address limits are generous (1,000 phones
from one address can join within two minutes); per-token limits stop one phone flooding.

Limits use the `limits` notation and moving windows: "15/second" means at most 15 in any second,
not 15 per calendar second (fixed windows let 30 through across a boundary). With a Redis message
queue the counters live in Redis (`limits`' moving-window storage), shared by every process.
Otherwise they are plain in-process logs: `limits`' MemoryStorage re-arms a 10 ms expiry timer
that walks every key, which took 19 % (eventlet) to 66 % (gevent) of the server's CPU in the
1,000-phone burst (docs/performance.md); a bounded deque per key costs nothing measurable.

Log-ins and join-code lookups count only failures (a wrong password, a code that names no
workshop) and are checked before the work: once an address or account is over, it is refused
without a password hash or a lookup, whether its next guess is right or wrong.
"""
from __future__ import annotations

import collections
import logging
import threading
import time

import redis

from flask import Flask, current_app, request
from limits import RateLimitItem, parse_many
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter

from .errors import RembukError

DEFAULT_LIMITS = {
    # Action -> {scope: limits} in the `limits` notation; scopes are "address", "token", "account".
    "join": {"address": "1200/minute"},
    "proposal": {"token": "20/minute", "address": "3000/minute"},
    "ballot": {"token": "120/minute;15/second", "address": "20000/minute"},
    # Failed log-ins: a few typos are fine, guessing is not. The account limit also holds for
    # guesses spread over many addresses.
    "login": {"address": "10/minute;50/hour", "account": "20/hour"},
    # Join codes and personal codes that name nothing (on /j, /j/<code>, its QR code and join):
    # a hall mistypes a few; guessing 6 characters out of 31 needs hundreds of millions.
    "code_miss": {"address": "120/minute;1000/hour"},
    # Asked while a title is typed (debounced on the phone): generous, but bounded.
    "similar": {"token": "60/minute;5/second", "address": "6000/minute"},
    # Questions for the speakers: asked like proposals, upvoted like ballots, listed when the tab opens.
    "question": {"token": "20/minute", "address": "3000/minute"},
    "question_vote": {"token": "120/minute;15/second", "address": "20000/minute"},
    "question_list": {"token": "60/minute;5/second", "address": "6000/minute"},
    # The shared proposal list, asked again by a phone that missed it (protocol §7.2a).
    "proposals_list": {"token": "60/minute;5/second", "address": "6000/minute"},
}


class LocalMovingWindows:
    """In-process moving-window logs with the `test()`/`hit()` calls of `limits`' rate limiters.

    Each key keeps the times of its last `amount` attempts (refused ones too, so a steady flood
    stays refused): an attempt is allowed when the oldest of them is a whole window old.
    """

    MAX_KEYS = 200_000  # past this, the logs of keys idle for a whole window are dropped

    def __init__(self):
        self._lock = threading.Lock()
        self._counts: dict[tuple, collections.deque] = {}

    @staticmethod
    def _full(log, amount: int, window: float, now: float) -> bool:
        """Whether a key's log already holds `amount` attempts within the last `window` seconds."""
        return log is not None and len(log) >= amount and log[0] > now - window

    def test(self, item: RateLimitItem, *identifiers: str) -> bool:
        """Whether one more attempt would be allowed (nothing is counted)."""
        key = (item.amount, item.get_expiry(), *identifiers)
        with self._lock:
            return not self._full(self._counts.get(key), key[0], key[1], time.monotonic())

    def hit(self, item: RateLimitItem, *identifiers: str) -> bool:
        """Count one attempt; False when the last window already holds `amount` of them."""
        return self.hit_all([(item, identifiers)])

    def hit_all(self, checks) -> bool:
        """`hit` each `(item, identifiers)` in turn under one lock, stopping at the first refused
        (as a loop of `hit` would): every ballot checks three limits, at thousands a second."""
        now = time.monotonic()
        counts = self._counts
        with self._lock:
            if len(counts) > self.MAX_KEYS:
                counts = self._counts = {k: log for k, log in counts.items() if log and log[-1] > now - k[1]}
            for item, identifiers in checks:
                key = (item.amount, item.get_expiry(), *identifiers)
                log = counts.get(key)
                if log is None:
                    log = counts[key] = collections.deque(maxlen=item.amount)
                full = self._full(log, key[0], key[1], now)
                log.append(now)
                if full:
                    return False
        return True


# The name these counters had while they were fixed windows.
LocalFixedWindows = LocalMovingWindows


class FailOpen:
    """Shared counters in Redis, and the process's own while Redis cannot be reached.

    A rate limit is a guard, not a record: when Redis is down (restarting, say), a cast or a
    join must not fail because its counter cannot be read. Each process then counts on its own
    until Redis answers again.
    """

    def __init__(self, shared):
        self._shared = shared
        self._local = LocalMovingWindows()
        self._warned_at = 0.0

    def _either(self, name: str, item: RateLimitItem, identifiers) -> bool:
        try:
            return getattr(self._shared, name)(item, *identifiers)
        except (redis.RedisError, OSError):
            if time.monotonic() - self._warned_at > 10:
                self._warned_at = time.monotonic()
                logging.getLogger(__name__).warning("rate limits: Redis unreachable, counting in this process")
            return getattr(self._local, name)(item, *identifiers)

    def test(self, item: RateLimitItem, *identifiers: str) -> bool:
        """Whether one more attempt would be allowed (nothing is counted)."""
        return self._either("test", item, identifiers)

    def hit(self, item: RateLimitItem, *identifiers: str) -> bool:
        """Count one attempt; False when over the limit."""
        return self._either("hit", item, identifiers)

    def hit_all(self, checks) -> bool:
        """`hit` each `(item, identifiers)` in turn, stopping at the first refused."""
        return all(self.hit(item, *identifiers) for item, identifiers in checks)


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
            limiter = FailOpen(MovingWindowRateLimiter(storage_from_string(queue, connection_pool=pool)))
        else:
            limiter = LocalMovingWindows()
        configured = app.config.get("RATE_LIMITS") or {}
        limits = {action: {scope: parse_many(text) for scope, text in {**scopes, **configured.get(action, {})}.items()}
                  for action, scopes in DEFAULT_LIMITS.items()}
        app.extensions["rembuk_ratelimits"] = (limiter, limits)

    def _scoped(self, action: str, token_key: str | None = None, account: str | None = None):
        """(limiter, [(item, identifiers...)]) for this request, or None when limits are off."""
        if not current_app.config.get("RATE_LIMITS_ENABLED", True):
            return None
        limiter, limits = current_app.extensions["rembuk_ratelimits"]
        keys = {"address": request.remote_addr or "unknown", "token": token_key, "account": account}
        return limiter, [(item, (action, scope, keys[scope])) for scope, items in limits[action].items()
                         if keys.get(scope) is not None for item in items]

    def check(self, action: str, token_key: str | None = None) -> None:
        """Count one `action` for this address (and token); refuse it when over a limit."""
        scoped = self._scoped(action, token_key)
        if scoped is None:
            return
        limiter, checks = scoped
        if not limiter.hit_all(checks):
            raise RembukError("rate_limited", status=429)

    def guard(self, action: str, *, code: str = "rate_limited", account: str | None = None) -> None:
        """Refuse (429 `code`) when this address (or account) is already over an `action` limit;
        counts nothing: failures are counted by `failed()`."""
        scoped = self._scoped(action, account=account)
        if scoped is None:
            return
        limiter, checks = scoped
        if not all(limiter.test(item, *identifiers) for item, identifiers in checks):
            raise RembukError(code, status=429)

    def failed(self, action: str, *, account: str | None = None) -> None:
        """Count one failure of `action` for this address (and account)."""
        scoped = self._scoped(action, account=account)
        if scoped is None:
            return
        limiter, checks = scoped
        for item, identifiers in checks:
            limiter.hit(item, *identifiers)


rate_limits = RateLimits()
