"""What one server process is doing, for operators: `GET /metrics` in Prometheus' text format.

Every figure is this process's own (each Rembuk process serves its own `/metrics`: scrape each
process's port, see docs/deployment.md). The live layer and the export workers record into the
metrics below; this module imports nothing of them.

Who may read it: requests from the machine itself (loopback, and not relayed by a proxy),
anyone with a facilitator's API token (`Authorization: Bearer ...`), or everyone when
REMBUK_METRICS_PUBLIC=1. Everyone else gets 403.
"""
from __future__ import annotations

import gc
import ipaddress
import threading
import time

from flask import Flask, Response, current_app, request
from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client import CONTENT_TYPE_LATEST
from prometheus_client.core import GaugeMetricFamily

# One registry per process: tests build many apps in one process, metrics are created once.
registry = CollectorRegistry(auto_describe=True)

LAG_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)
loop_lag = Histogram("rembuk_loop_lag_seconds",
                     "How late the event loop ran a task due now (the lag probe's tick every 10 ms)",
                     buckets=LAG_BUCKETS, registry=registry)
gc_pause = Histogram("rembuk_gc_pause_seconds", "Time spent in one garbage collection, by generation",
                     ["generation"], buckets=LAG_BUCKETS, registry=registry)
casts = Counter("rembuk_casts_total", "ballot:cast requests answered: accepted, or refused by error code",
                ["outcome"], registry=registry)
batch_size = Histogram("rembuk_cast_batch_size", "Casts stored together in one transaction (group commit)",
                       buckets=(1, 2, 5, 10, 20, 50, 100, 200), registry=registry)
flush_seconds = Histogram("rembuk_board_flush_seconds", "Time to compute and send one board flush",
                          buckets=LAG_BUCKETS, registry=registry)
export_seconds = Histogram("rembuk_export_seconds", "Time from an export request to its body, by kind and where it ran",
                           ["kind", "where"], buckets=(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60),
                           registry=registry)
export_workers = Gauge("rembuk_export_worker", "Export worker processes alive (label: their process id)",
                       ["pid"], registry=registry)
server_info = Gauge("rembuk_server_process", "This serving process (label: its process id)", ["pid"],
                    registry=registry)


class _Connections:
    """Phones and boards connected to this process, per workshop (a scrape-time collector)."""

    def __init__(self):
        self._lock = threading.Lock()
        self._phones: dict[str, int] = {}        # sid -> workshop id
        self._boards: dict[str, set[int]] = {}   # sid -> workshops watched

    def phone(self, sid: str, workshop_id: int) -> None:
        with self._lock:
            self._phones[sid] = workshop_id

    def board(self, sid: str, workshop_id: int) -> None:
        with self._lock:
            self._boards.setdefault(sid, set()).add(workshop_id)

    def unboard(self, sid: str, workshop_id: int) -> None:
        with self._lock:
            self._boards.get(sid, set()).discard(workshop_id)

    def gone(self, sid: str) -> None:
        with self._lock:
            self._phones.pop(sid, None)
            self._boards.pop(sid, None)

    def watched_workshops(self) -> set[int]:
        """Workshops with a board connected to this process."""
        with self._lock:
            return {w for watched in self._boards.values() for w in watched}

    def collect(self):
        family = GaugeMetricFamily("rembuk_connected", "Connections to this process, per workshop and kind",
                                   labels=["workshop", "kind"])
        counts: dict[tuple[str, str], int] = {}
        with self._lock:
            for workshop_id in self._phones.values():
                key = (str(workshop_id), "phone")
                counts[key] = counts.get(key, 0) + 1
            for watched in self._boards.values():
                for workshop_id in watched:
                    key = (str(workshop_id), "board")
                    counts[key] = counts.get(key, 0) + 1
        for (workshop_id, kind), n in sorted(counts.items()):
            family.add_metric([workshop_id, kind], n)
        yield family

    def describe(self):
        return []


connections = _Connections()
registry.register(connections)


class _RecentMax:
    """The largest loop lag of the last few seconds, kept per second, as a gauge."""

    def __init__(self, seconds: int = 60):
        self._seconds = seconds
        self._slots: dict[int, float] = {}
        self._lock = threading.Lock()

    def record(self, value: float) -> None:
        now = int(time.monotonic())
        with self._lock:
            if value > self._slots.get(now, 0.0):
                self._slots[now] = value
            if len(self._slots) > self._seconds * 2:
                self._slots = {s: v for s, v in self._slots.items() if s > now - self._seconds}

    def value(self) -> float:
        horizon = int(time.monotonic()) - self._seconds
        with self._lock:
            return max((v for s, v in self._slots.items() if s > horizon), default=0.0)


lag_recent_max = _RecentMax(10)
Gauge("rembuk_loop_lag_max_seconds", "Largest loop lag in the last 10 s", registry=registry) \
    .set_function(lag_recent_max.value)


def record_lag(seconds: float) -> None:
    """One lag probe tick."""
    loop_lag.observe(seconds)
    lag_recent_max.record(seconds)


_gc_started: dict[int, float] = {}


def _gc_callback(phase: str, info: dict) -> None:
    if phase == "start":
        _gc_started[info["generation"]] = time.perf_counter()
    else:
        started = _gc_started.pop(info["generation"], None)
        if started is not None:
            gc_pause.labels(generation=str(info["generation"])).observe(time.perf_counter() - started)


def watch_gc() -> None:
    """Time every garbage collection (once per process)."""
    if _gc_callback not in gc.callbacks:
        gc.callbacks.append(_gc_callback)


def _loopback() -> bool:
    """The request comes from this machine and was not relayed by a proxy."""
    if request.headers.get("X-Forwarded-For") or request.headers.get("Forwarded"):
        return False
    try:
        return ipaddress.ip_address((request.remote_addr or "").split("%")[0]).is_loopback
    except ValueError:
        return False


def _facilitator_token() -> bool:
    header = request.headers.get("Authorization", "")
    if not header.startswith("Bearer "):
        return False
    from .services.accounts import facilitator_for_token
    from .extensions import db
    try:
        return facilitator_for_token(header[len("Bearer "):].strip()) is not None
    finally:
        db.session.remove()


def metrics_view():
    """The process's metrics, or 403."""
    if not (current_app.config["METRICS_PUBLIC"] or _loopback() or _facilitator_token()):
        return Response("forbidden\n", status=403, mimetype="text/plain")
    response = Response(generate_latest(registry), content_type=CONTENT_TYPE_LATEST)
    response.headers["Cache-Control"] = "no-store"
    return response


def init_app(app: Flask) -> None:
    """Serve /metrics (outside the API: it is for operators, not part of the contract)."""
    import os
    server_info.labels(pid=str(os.getpid())).set(1)
    watch_gc()
    app.add_url_rule("/metrics", "metrics", metrics_view, methods=["GET"])
