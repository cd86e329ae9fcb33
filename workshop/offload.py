"""Heavy work off the live loop: exports rendered by worker processes.

A PDF of a 500-person workshop holds the CPU for seconds, the workbook for most of a second.
In the serving process (eventlet, gevent) nothing else runs meanwhile: no ack, no board update,
no timer. So exports are rendered by *export workers*: plain Python processes (no monkey
patching) started on first use (`offload.main`), each of which builds the app
once and then renders one export after another (`exports/render.py`, the same code the server
would run, in a request context with the organizer's language).

The serving side talks to a worker over a socket pair: it sends the job and reads the reply
from its end of the socket. Under eventlet and gevent that socket is the async mode's green
socket (run.py monkey-patches before anything is imported), so a waiting request is just one
more greenlet parked on a socket, and the hub keeps serving everyone else; under threading
it is an ordinary blocking read in the request's own thread. No async-mode-specific code here.

At most EXPORT_WORKERS jobs run at once (more requests wait their turn); a worker that dies is
replaced on the next job, and one that takes longer than EXPORT_TIMEOUT is stopped (503).
Workers leave when the server does: they exit when their socket closes.

Besides exports, the workers do *pure jobs* (`compute`, `JOBS`): a function of plain data that
needs no database and no request, such as reading an uploaded invitation list into rows. Their
durations are in the same metric, `rembuk_export_seconds{kind=...}`.
"""
from __future__ import annotations

import logging
import os
import pickle
import socket
import struct
import subprocess
import sys
import threading
import time
from pathlib import Path

from flask import Flask, current_app, request

from . import metrics
from .errors import RembukError

log = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parent.parent
HEADER = struct.Struct("!Q")
# Lower its priority before importing the app: the import alone is a second or two of CPU.
WORKER_COMMAND = ("import os, sys\ntry:\n    os.nice(10)\nexcept (AttributeError, OSError):\n    pass\n"
                  "from workshop.offload import main\nmain(sys.argv[1:])")
# What a worker's app must not do: serve, watch its loop, talk to Redis, start more workers.
WORKER_CONFIG = {"ASYNC_MODE": "threading", "MESSAGE_QUEUE": None, "BOARD_FLUSH_SECONDS": 0,
                 "TIMER_CHECK_SECONDS": 0, "LOOP_LAG_SECONDS": 0, "EXPORT_WORKERS": 0}


class WorkerLost(Exception):
    """The worker went away before it answered."""


def _send(sock: socket.socket, message) -> None:
    payload = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    sock.sendall(HEADER.pack(len(payload)) + payload)


def _recv_exact(sock: socket.socket, size: int) -> bytes:
    chunks, left = [], size
    while left:
        chunk = sock.recv(min(left, 1 << 20))
        if not chunk:
            raise WorkerLost("connection closed")
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def _recv(sock: socket.socket):
    (size,) = HEADER.unpack(_recv_exact(sock, HEADER.size))
    return pickle.loads(_recv_exact(sock, size))


def worker_config(app: Flask) -> dict:
    """The serving app's configuration, as far as it can be sent to a worker."""
    config = {}
    for key, value in app.config.items():
        try:
            pickle.dumps(value)
        except Exception:
            continue
        config[key] = value
    config.update(WORKER_CONFIG)
    return config


class Worker:
    """One export worker process and the serving end of its socket."""

    def __init__(self, config: dict, instance_path: str):
        ours, theirs = socket.socketpair()
        try:
            self.process = subprocess.Popen(
                [sys.executable, "-c", WORKER_COMMAND,
                 str(theirs.fileno())], cwd=str(ROOT),
                pass_fds=(theirs.fileno(),), stdin=subprocess.DEVNULL)
        finally:
            theirs.close()
        self.pid = self.process.pid
        self.sock = ours
        _send(ours, (config, instance_path))
        metrics.export_workers.labels(pid=str(self.pid)).set(1)

    def call(self, job, timeout: float):
        """Send one job and wait for its reply (cooperatively under eventlet and gevent)."""
        self.sock.settimeout(timeout)
        _send(self.sock, job)
        return _recv(self.sock)

    def stop(self) -> None:
        """Close the socket (the worker exits), and make sure it did."""
        try:
            self.sock.close()
        finally:
            try:
                metrics.export_workers.remove(str(self.pid))
            except KeyError:
                pass
            if self.process.poll() is None:
                self.process.kill()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                pass


class ExportPool:
    """Up to `size` workers for one app, started on first use."""

    def __init__(self, app: Flask, size: int, timeout: float):
        self._app = app
        self._timeout = timeout
        self._slots = threading.BoundedSemaphore(size)
        self._lock = threading.Lock()
        self._idle: list[Worker] = []
        self._config: dict | None = None

    def _take(self) -> Worker:
        with self._lock:
            if self._idle:
                return self._idle.pop()
            if self._config is None:
                self._config = worker_config(self._app)
        return Worker(self._config, self._app.instance_path)

    def run(self, job):
        """A job's reply from a worker; a worker lost before answering is replaced once."""
        with self._slots:
            for attempt in (1, 2):
                worker = self._take()
                try:
                    reply = worker.call(job, self._timeout)
                except socket.timeout:
                    worker.stop()
                    log.error("export worker %s took longer than %s s; stopped", worker.pid, self._timeout)
                    raise RembukError("export_failed", status=503) from None
                except (WorkerLost, OSError, EOFError, pickle.UnpicklingError):
                    worker.stop()
                    log.warning("export worker %s was lost (attempt %d)", worker.pid, attempt, exc_info=True)
                    if attempt == 2:
                        raise RembukError("export_failed", status=503) from None
                    continue
                with self._lock:
                    self._idle.append(worker)
                return reply

    def close(self) -> None:
        """Stop every idle worker (tests; a server's workers leave with it)."""
        with self._lock:
            idle, self._idle = self._idle, []
        for worker in idle:
            worker.stop()


def init_app(app: Flask) -> None:
    """Give the app its export pool (none with EXPORT_WORKERS=0 or an in-memory database)."""
    size = app.config["EXPORT_WORKERS"]
    uri = app.config["SQLALCHEMY_DATABASE_URI"]
    in_memory = uri.startswith("sqlite") and (uri in ("sqlite://", "sqlite:///:memory:") or "mode=memory" in uri)
    app.extensions["rembuk_exports"] = ExportPool(app, size, app.config["EXPORT_TIMEOUT"]) \
        if size > 0 and not in_memory else None


def _request_context() -> dict:
    """What the worker needs to render as this request would: its URL and the language."""
    # The query string as text: werkzeug's test request builder takes a str (bytes would be read
    # as a mapping and kill the worker), and latin-1 gives the raw bytes back unchanged.
    return {"path": request.path, "query_string": request.query_string.decode("latin-1"), "base_url": request.root_url,
            "lang": request.cookies.get("lang")}


def render(kind: str, workshop_id: int) -> bytes | str:
    """One export's body, rendered by a worker when the app has them (else here)."""
    def here():
        from .exports.render import render as render_here
        return render_here(kind, workshop_id)
    return _run(kind, here, (kind, workshop_id, _request_context()), f"export {kind} of workshop {workshop_id}")


def _run(kind: str, here, job: tuple, what: str):
    """`job`'s result from a worker, or `here()` when the app has no workers; timed by kind and place."""
    pool = current_app.extensions.get("rembuk_exports")
    started = time.perf_counter()
    if pool is None:
        result = here()
        metrics.export_seconds.labels(kind=kind, where="server").observe(time.perf_counter() - started)
        return result
    status, *rest = pool.run(job)
    metrics.export_seconds.labels(kind=kind, where="worker").observe(time.perf_counter() - started)
    return _answer(status, rest, what)


# Jobs that need neither the database nor a request, only their arguments (plain data both
# ways): by kind, the function that does them, as "module:function".
JOBS = {"invitations": "workshop.services.invitations:parse_list"}
COMPUTE = "compute"  # a job's first element: a pure job (else the kind of an export)


def _job(kind: str):
    import importlib
    module, name = JOBS[kind].split(":")
    return getattr(importlib.import_module(module), name)


def compute(kind: str, *args):
    """A pure job's result (JOBS), from a worker when the app has them (else here).

    A RembukError the job raises is raised here, as if it had run in this process."""
    return _run(kind, lambda: _job(kind)(*args), (COMPUTE, kind, args), f"job {kind}")


def _answer(status: str, rest: list, what: str):
    if status == "ok":
        return rest[0]
    if status == "refused":
        code, http_status, params = rest
        raise RembukError(code, status=http_status, **params)
    log.error("%s failed in the worker:\n%s", what, rest[0])
    raise RembukError("export_failed", status=503)


# --- the worker process -------------------------------------------------------------------------

WORKER_NICENESS = 10


def lower_priority() -> None:
    """Yield the CPU to the serving processes: an export may wait, the hall may not.

    On a laptop with two cores a PDF takes one core for seconds; at equal priority the serving
    process then gets half the CPU it had, and every ack waits. At niceness 10 the scheduler
    gives it about ten times the worker's share when both want to run.
    """
    try:
        os.nice(WORKER_NICENESS)
    except (AttributeError, OSError):  # not on POSIX
        pass


def _serve(sock: socket.socket) -> None:
    import gc

    from . import create_app
    from .exports.render import render as render_here
    from .extensions import db

    config, instance_path = _recv(sock)
    app = create_app(config, instance_path=instance_path)
    gc.freeze()  # the app's own objects are never garbage: later collections skip them
    while True:
        try:
            job = _recv(sock)
        except WorkerLost:
            return
        if job[0] == COMPUTE:
            _, kind, args = job
            with app.app_context():
                _send(sock, _reply(lambda: _job(kind)(*args)))
            continue
        kind, workshop_id, context = job
        cookie = {"Cookie": f"lang={context['lang']}"} if context.get("lang") else {}
        with app.test_request_context(context["path"], base_url=context["base_url"],
                                      query_string=context["query_string"], headers=cookie):
            try:
                reply = _reply(lambda: render_here(kind, workshop_id))
            finally:
                db.session.remove()
        _send(sock, reply)


def _reply(work) -> tuple:
    """What the worker answers for a job: ("ok", result), ("refused", code, status, params) for a
    RembukError, or ("failed", traceback)."""
    import traceback

    try:
        return ("ok", work())
    except RembukError as error:
        return ("refused", error.code, error.status, error.params)
    except Exception:
        return ("failed", traceback.format_exc())


def main(argv: list[str]) -> None:
    """The worker process: serve export jobs on the inherited socket whose descriptor is argv[0]."""
    sock = socket.socket(fileno=int(argv[0]))
    # The descriptor comes from a socket pair made in a green (eventlet/gevent) server, which made
    # it non-blocking; Python then gives the socket a zero timeout, and the worker would fail with
    # EAGAIN on its second job's wait or on a reply larger than the socket's buffer.
    sock.setblocking(True)
    try:
        _serve(sock)
    except (KeyboardInterrupt, BrokenPipeError, ConnectionResetError):
        pass
    finally:
        sock.close()

