"""Rate limits on join, proposal submission and ballot casting, per token and per address.

A whole hall sits behind one Wi-Fi router, so per-address limits are generous (1,000 phones
from one address can join within two minutes); per-token limits stop one phone flooding.
Counters live in memory, or in Redis when REMBUK_MESSAGE_QUEUE points at one, so that
several server processes share them.
"""
from __future__ import annotations

from flask import Flask, current_app, request
from limits import parse_many
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter

from .errors import RembukError

DEFAULT_LIMITS = {
    # Action -> {"address": ..., "token": ...} in the `limits` notation.
    "join": {"address": "1200/minute"},
    "proposal": {"token": "20/minute", "address": "3000/minute"},
    "ballot": {"token": "120/minute;15/second", "address": "20000/minute"},
}


class RateLimits:
    """Checks actions against their limits; raises RembukError `rate_limited` (429)."""

    def init_app(self, app: Flask) -> None:
        """Choose the storage and parse the configured limits."""
        queue = app.config.get("MESSAGE_QUEUE") or ""
        storage = storage_from_string(queue if queue.startswith(("redis://", "rediss://")) else "memory://")
        configured = app.config.get("RATE_LIMITS") or {}
        limits = {action: {scope: parse_many(text) for scope, text in {**scopes, **configured.get(action, {})}.items()}
                  for action, scopes in DEFAULT_LIMITS.items()}
        app.extensions["rembuk_ratelimits"] = (MovingWindowRateLimiter(storage), limits)

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
