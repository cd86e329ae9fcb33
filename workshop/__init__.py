"""Rembuk: live facilitation for participatory planning workshops (bimtek)."""
from __future__ import annotations

import logging
import os
from pathlib import Path

from flask import Flask, jsonify, request
from sqlalchemy import event
from sqlalchemy.engine import Engine
from werkzeug.middleware.proxy_fix import ProxyFix

from . import config as config_module
from . import jsontext, metrics, offload
from .extensions import babel, compress, csrf, db, login, migrate, socketio
from .ratelimit import rate_limits

ROOT = Path(__file__).resolve().parent.parent
_lag_probe = None  # one per process, started by the first app a server creates
_server_settled = False
# Extra PRAGMAs for every SQLite connection of this process (a server sets wal_autocheckpoint).
_SQLITE_PRAGMAS: dict[str, int] = {}


def select_locale() -> str:
    """Indonesian unless the user switched to English (kept in the `lang` cookie)."""
    from flask import current_app
    chosen = request.cookies.get("lang") if request else None
    return chosen if chosen in current_app.config["LANGUAGES"] else current_app.config["BABEL_DEFAULT_LOCALE"]


def create_app(test_config: dict | None = None, instance_path: str | None = None,
               async_mode: str | None = None) -> Flask:
    """Application factory: config from REMBUK_* variables, then `test_config` on top.

    `async_mode` (eventlet, gevent or threading) is the entry point's, which has patched for it
    (run.py); without one the app runs threaded and imports neither eventlet nor gevent.
    """
    instance_path = instance_path or os.environ.get("REMBUK_INSTANCE_PATH") or str(ROOT / "instance")
    app = Flask(__name__, instance_path=instance_path,
                template_folder=str(ROOT / "templates"), static_folder=str(ROOT / "static"))
    # The instance folder holds the secret key, the setup link and (by default) the database.
    Path(app.instance_path).mkdir(mode=0o700, parents=True, exist_ok=True)
    try:
        os.chmod(app.instance_path, 0o700)
    except PermissionError:
        pass
    app.config.from_mapping(config_module.from_environment(app.instance_path))
    if async_mode:
        app.config["ASYNC_MODE"] = async_mode
    if test_config:
        app.config.update(test_config)
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        # The driver's timeout is SQLite's busy timeout: how long a write waits for the lock.
        options = app.config.setdefault("SQLALCHEMY_ENGINE_OPTIONS", {})
        options.setdefault("connect_args", {}).setdefault("timeout", app.config["SQLITE_TIMEOUT"])
        # A file has no server connection to go stale: no ping before every transaction.
        options["pool_pre_ping"] = False
    from .backup import make_private, sqlite_file_of
    database_file = sqlite_file_of(app.config["SQLALCHEMY_DATABASE_URI"])
    if database_file is not None:
        make_private(database_file)
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = str(Path(__file__).parent / "translations")

    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"))
    login.init_app(app)
    login.login_view = "web.login"
    babel.init_app(app, locale_selector=select_locale)
    csrf.init_app(app)
    compress.init_app(app)
    # Handlers must be imported before the first init_app: Flask-SocketIO keeps decorators seen
    # before it and re-applies them to the server each app gets (tests build many apps).
    from .live import broadcast, casting, handlers, notify, timers  # noqa: F401
    from .live.session import SocketEventSessions
    # jsontext: payloads encoded once for many phones pass through as they are (live/broadcast.py).
    queue = app.config["MESSAGE_QUEUE"]
    if queue and queue.startswith(("redis://", "rediss://")):
        from .live.queue import RedisQueue
        manager = RedisQueue(queue, on_reconnect=broadcast.broadcaster.redraw_all)
        socketio.init_app(app, async_mode=app.config["ASYNC_MODE"], client_manager=manager,
                          logger=False, engineio_logger=False, json=jsontext)
    else:
        socketio.server_options.pop("client_manager", None)  # an earlier app's, in this process
        socketio.init_app(app, async_mode=app.config["ASYNC_MODE"], message_queue=queue,
                          logger=False, engineio_logger=False, json=jsontext)
    app.session_interface = SocketEventSessions()
    app.wsgi_app = SocketHeaders(app.wsgi_app)
    if app.config["PROXY_HOPS"]:
        # Outermost, so that Socket.IO's origin check and the rate limits see the client too.
        hops = app.config["PROXY_HOPS"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops, x_port=hops)
    broadcast.broadcaster.init_app(app)
    casting.init_app(app)
    rate_limits.init_app(app)
    timers.timer_watch.init_app(app)
    notify.init_app(app)
    metrics.init_app(app)
    offload.init_app(app)
    if async_mode:
        _settle_server(app)
    if async_mode and app.config["LOOP_LAG_SECONDS"] > 0:
        # Only servers (run.py names its async mode) watch their loop; `flask` commands and tests do not.
        from .lag import LagProbe
        global _lag_probe
        if _lag_probe is None:
            _lag_probe = LagProbe(metrics.record_lag, app.config["LOOP_LAG_SECONDS"], sleep=socketio.sleep)
            _lag_probe.start(socketio.start_background_task)

    from . import api, web
    from .converters import IdConverter
    app.url_map.converters["int"] = IdConverter  # before the routes are added: they bind it then
    app.register_blueprint(api.bp)
    app.register_blueprint(web.bp)

    from .cli import register_commands
    register_commands(app)

    _register_error_pages(app)
    _register_template_globals(app)
    app.after_request(_security_headers)
    return app


def _settle_server(app: Flask) -> None:
    """What a serving process does once against pauses of its loop (docs/performance.md)."""
    global _server_settled
    if _server_settled:
        return
    _server_settled = True
    uri = app.config["SQLALCHEMY_DATABASE_URI"]
    if uri.startswith("sqlite:///") and ":memory:" not in uri:
        from . import checkpoint
        from .backup import sqlite_path
        if checkpoint.start(str(sqlite_path(uri))) is not None:
            _SQLITE_PRAGMAS["wal_autocheckpoint"] = checkpoint.WAL_SAFETY_PAGES

    def freeze_start_up_objects():
        # Everything alive once the server runs (modules, the app, SQLAlchemy's and Babel's
        # tables: some 170,000 objects) lives until the end: a full garbage collection scanned
        # all of it every time, for most of its pause. Frozen, later collections skip it.
        import gc
        gc.collect()
        gc.freeze()

    socketio.start_background_task(freeze_start_up_objects)


# Pages load only their own scripts and styles (no inline code), so user text can never run.
CONTENT_SECURITY_POLICY = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                           "connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'")


def _security_headers(response):
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    return response


@login.user_loader
def _load_facilitator(user_id: str):
    # The session and the remember cookie name a log-in by its secret (FacilitatorLogin), not the
    # account: a log-in that was ended (log-out) or has expired opens nothing.
    from .services.accounts import facilitator_for_login
    return facilitator_for_login(user_id)


@login.unauthorized_handler
def _unauthorized():
    from flask import redirect, url_for
    if request.path.startswith("/api/"):
        from .api import error_response
        from .errors import RembukError
        return error_response(RembukError("unauthorized", status=401))
    return redirect(url_for("web.login", next=request.full_path.rstrip("?")))


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, _record):
    """WAL lets readers (board refreshes) run beside the writer; the busy timeout that rides out
    bursts is the driver's `timeout` (config SQLITE_TIMEOUT)."""
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        for name, value in _SQLITE_PRAGMAS.items():
            cursor.execute(f"PRAGMA {name}={int(value)}")
        cursor.close()


def _register_error_pages(app: Flask) -> None:
    from flask import render_template
    from .errors import RembukError
    from .messages import error_body

    codes = {400: "invalid_input", 401: "unauthorized", 403: "forbidden", 404: "not_found",
             405: "method_not_allowed", 413: "too_large", 415: "invalid_json"}

    def handle(error):
        status = getattr(error, "code", 500) or 500
        body = error_body(RembukError(codes.get(status, "server_error"), status=status))
        if request.path.startswith("/api/"):
            return jsonify({"error": body}), status
        return render_template("error.html", message=body["message"]), status

    for status in codes:
        app.register_error_handler(status, handle)

    @app.errorhandler(500)
    def server_error(error):
        logging.getLogger(__name__).error("server error on %s", request.path)
        db.session.rollback()
        body = error_body(RembukError("server_error", status=500))
        if request.path.startswith("/api/"):
            return jsonify({"error": body}), 500
        return render_template("error.html", message=body["message"]), 500


def _register_template_globals(app: Flask) -> None:
    from flask_babel import get_locale

    from .web.modules import module_preloads

    app.jinja_env.globals["module_preloads"] = module_preloads

    @app.context_processor
    def _globals():
        return {"current_locale": str(get_locale())}


class SocketHeaders:
    """WSGI middleware for `/socket.io/`: Engine.IO answers those requests itself, before Flask,
    so they miss the headers `_security_headers` gives every Flask response; and Engine.IO still
    speaks the JSONP form of long-polling (`?j=<n>`: the payload wrapped in a script another site
    could include), which no Rembuk client uses. This adds the headers and refuses JSONP."""

    HEADERS = (("Content-Security-Policy", CONTENT_SECURITY_POLICY), ("X-Content-Type-Options", "nosniff"),
               ("Referrer-Policy", "same-origin"))

    def __init__(self, app, path: str = "/socket.io"):
        self.app = app
        self.path = path.rstrip("/") + "/"

    def __call__(self, environ, start_response):
        if not (environ.get("PATH_INFO") or "/").startswith(self.path):
            return self.app(environ, start_response)
        from urllib.parse import parse_qs
        if "j" in parse_qs(environ.get("QUERY_STRING") or "", keep_blank_values=True):
            start_response("400 Bad Request", [("Content-Type", "text/plain; charset=utf-8"), *self.HEADERS])
            return [b"JSONP polling is not supported."]

        def with_headers(status, headers, exc_info=None):
            present = {name.lower() for name, _ in headers}
            headers = list(headers) + [(name, value) for name, value in self.HEADERS if name.lower() not in present]
            return start_response(status, headers, exc_info) if exc_info else start_response(status, headers)
        return self.app(environ, with_headers)
