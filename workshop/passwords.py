"""Password hashing on an operating-system thread, so a log-in never stops the server.

werkzeug hashes with hashlib's scrypt (or PBKDF2 for older hashes), about 0.1 s of CPU, and both
release the GIL while they run (measured: the calling thread's neighbours keep running). Under
eventlet or gevent the server is one OS thread, so a hash called directly stops every phone and
board for that time; 8 clients guessing passwords raised unrelated requests from 14 ms to 1.4 s.
Here the hash runs on the async library's own pool of real threads (eventlet's tpool, gevent's
hub threadpool) while the event loop goes on; under plain threading each request already has its
own thread. The library is imported only when the server runs under it (run.py chose it).

An unknown e-mail address is checked against a dummy hash of the same kind, so that a log-in
takes as long whether or not the account exists.
"""
from __future__ import annotations

import functools
import importlib

from flask import current_app
from werkzeug.security import check_password_hash, generate_password_hash

# Counts every password check, dummy ones included (tests read it to see that an unknown e-mail
# costs a hash too).
checks = {"count": 0}


def _in_os_thread(function, *args):
    mode = current_app.config.get("ASYNC_MODE", "threading")
    if mode == "eventlet":
        return importlib.import_module("eventlet.tpool").execute(function, *args)
    if mode == "gevent":
        return importlib.import_module("gevent").get_hub().threadpool.apply(function, args)
    return function(*args)


@functools.cache
def _dummy_hash() -> str:
    return generate_password_hash("no account has this password")


def _check_dummy(password: str) -> bool:
    return check_password_hash(_dummy_hash(), password)


def hash_password(password: str) -> str:
    """A new salted hash of `password` (werkzeug's default method), computed off the event loop."""
    return _in_os_thread(generate_password_hash, password)


def check_password(stored_hash: str | None, password: str) -> bool:
    """Whether `password` matches `stored_hash`; None (no such account) checks a dummy hash and
    answers False, in the same time as a real check."""
    checks["count"] += 1
    if stored_hash is None:
        _in_os_thread(_check_dummy, password)
        return False
    return _in_os_thread(check_password_hash, stored_hash, password)
