"""Configuration read from REMBUK_* environment variables, with safe defaults."""
import datetime
import os
import secrets
from pathlib import Path


def instance_secret_key(instance_path: str) -> str:
    """Return the secret key kept in `instance/secret_key`, creating it on first run."""
    path = Path(instance_path) / "secret_key"
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    # Written with owner-only permissions: whoever reads it can forge sessions.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(key)
    return key


def sqlalchemy_url(raw: str) -> str:
    """The SQLAlchemy URL; a driverless PostgreSQL URL gets psycopg 3, the driver we install.

    SQLAlchemy reads a bare `postgresql://` as psycopg2, which is not installed.
    """
    for scheme in ("postgresql://", "postgres://"):
        if raw.startswith(scheme):
            return "postgresql+psycopg://" + raw[len(scheme):]
    return raw


def _count(name: str, default: int = 0) -> int:
    raw = os.environ.get(name) or str(default)
    if not raw.isdigit():
        raise ValueError(f"{name} must be a whole number (0 or more)")
    return int(raw)


def from_environment(instance_path: str) -> dict:
    """Build the Flask config mapping from the environment."""
    database_url = sqlalchemy_url(os.environ.get("REMBUK_DATABASE_URL") or (
        "sqlite:///" + str(Path(instance_path) / "rembuk.db")
    ))
    public_url = (os.environ.get("REMBUK_PUBLIC_URL") or "").rstrip("/") or None
    # Behind TLS (e.g. nginx with a certificate), cookies must never travel over plain http.
    secure = bool(public_url and public_url.startswith("https://"))
    return {
        "SESSION_COOKIE_SECURE": secure,
        "REMEMBER_COOKIE_SECURE": secure,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SECRET_KEY": os.environ.get("REMBUK_SECRET_KEY") or instance_secret_key(instance_path),
        "PUBLIC_URL": public_url,
        # eventlet, gevent or threading: the entry point that patched for it says which, through
        # create_app(async_mode=...) (run.py reads REMBUK_ASYNC_MODE). The app never picks
        # eventlet itself, so `flask` commands do not import it.
        "ASYNC_MODE": "threading",
        # Behind a reverse proxy (nginx): how many hops of X-Forwarded-For/-Proto/-Host/-Port to
        # trust. 0 ignores those headers, which anyone could send.
        "PROXY_HOPS": _count("REMBUK_PROXY_HOPS"),
        "MESSAGE_QUEUE": os.environ.get("REMBUK_MESSAGE_QUEUE") or None,
        # Port the server listens on; run.py sets it so join URLs name the right port.
        "SERVER_PORT": int(os.environ.get("REMBUK_PORT", "5000")),
        # Board updates are coalesced: at most one per workshop per interval (0: no background
        # flusher; tests call broadcaster.flush() themselves).
        "BOARD_FLUSH_SECONDS": float(os.environ.get("REMBUK_BOARD_FLUSH_SECONDS", "0.1")),
        # What pushes to phones may write per 10 ms (workshop/live/sender.py): about half the loop.
        "PUSH_BYTES_PER_SLICE": 8 << 20,
        # How often running phase timers are checked for expiry (0: tests check by hand).
        "TIMER_CHECK_SECONDS": float(os.environ.get("REMBUK_TIMER_CHECK_SECONDS", "1")),
        # Rate limits on join/proposal/ballot (see workshop/ratelimit.py); "off" only for experiments.
        "RATE_LIMITS_ENABLED": os.environ.get("REMBUK_RATE_LIMITS", "on") != "off",
        # Phones on a busy hotspot: compress every text response, static files included. Browsers
        # offer only gzip and deflate over plain http; Flask-Compress streams static files, and
        # its streaming path has no gzip, so those go out deflated.
        "COMPRESS_ALGORITHM": ["br", "gzip", "deflate"],
        "COMPRESS_ALGORITHM_STREAMING": ["br", "deflate"],
        "COMPRESS_MIMETYPES": ["text/html", "text/css", "text/javascript", "application/javascript",
                               "application/json", "image/svg+xml", "text/csv"],
        "BABEL_DEFAULT_LOCALE": "id",
        "LANGUAGES": ("id", "en"),
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        # As long as a log-in lasts on the server (services/accounts.py LOGIN_DAYS), not a year.
        "REMEMBER_COOKIE_DURATION": datetime.timedelta(days=14),
        "REMEMBER_COOKIE_HTTPONLY": True,
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        # Operators' figures at GET /metrics: loopback and facilitator tokens only, unless this is on.
        "METRICS_PUBLIC": os.environ.get("REMBUK_METRICS_PUBLIC", "0") == "1",
        # The loop lag probe's tick (seconds; 0: off). It runs in servers started by run.py.
        "LOOP_LAG_SECONDS": float(os.environ.get("REMBUK_LOOP_LAG_SECONDS", "0.01")),
        # Worker processes that render exports (workbook, CSV, JSON, report, PDF) off the live
        # loop; 0 renders them in the serving process (tests, or a machine short of memory).
        "EXPORT_WORKERS": _count("REMBUK_EXPORT_WORKERS", 2),
        # Seconds an export may take in a worker before the worker is stopped and 503 answered.
        "EXPORT_TIMEOUT": float(os.environ.get("REMBUK_EXPORT_TIMEOUT", "300")),
        # Seconds a SQLite write waits for the database lock before failing.
        "SQLITE_TIMEOUT": float(os.environ.get("REMBUK_SQLITE_TIMEOUT", "10")),
        "WTF_CSRF_TIME_LIMIT": None,
        # No legitimate request is near this; it bounds what a bad client can make us parse.
        "MAX_CONTENT_LENGTH": 1024 * 1024,
    }
