"""Facilitator accounts, API tokens, participant tokens and the first-run setup link."""
from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import os
import secrets
from pathlib import Path

from sqlalchemy import delete, func, select

from ..errors import RembukError
from ..extensions import db
from ..models import ApiToken, Facilitator, FacilitatorLogin, Participant, utcnow
from ..passwords import check_password, hash_password

MIN_PASSWORD = 8
# How long a log-in lasts: the remember cookie's age, and the server-side end of the session.
LOGIN_DAYS = 14


def hash_token(token: str) -> str:
    """SHA-256 of a bearer token: tokens are random, so no salt or slow hash is needed."""
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def new_token() -> str:
    """A random 256-bit URL-safe token."""
    return secrets.token_urlsafe(32)


def check_new_password(password: str) -> None:
    """Refuse a password too short to be an account's."""
    if len(password) < MIN_PASSWORD:
        raise RembukError("invalid_input", field="password", reason="too_short", min=MIN_PASSWORD)


def create_facilitator(email: str, password: str, name: str = "") -> Facilitator:
    """Create a facilitator account with a hashed password."""
    check_new_password(password)
    email = email.strip().lower()
    if db.session.scalar(select(Facilitator).where(Facilitator.email == email)):
        raise RembukError("email_taken", status=409)
    facilitator = Facilitator(email=email, name=name.strip(), password_hash=hash_password(password))
    db.session.add(facilitator)
    db.session.commit()
    return facilitator


def authenticate(email: str, password: str) -> Facilitator:
    """The facilitator with this e-mail and password, or RembukError invalid_credentials."""
    facilitator = db.session.scalar(select(Facilitator).where(Facilitator.email == email.strip().lower()))
    # An unknown address costs a (dummy) hash too: the answer's timing does not tell accounts apart.
    if not check_password(facilitator.password_hash if facilitator else None, password):
        raise RembukError("invalid_credentials", status=401)
    return facilitator


def start_login(facilitator: Facilitator) -> Facilitator:
    """Record a new log-in (one browser) and name it by a fresh secret: `facilitator.get_id()`,
    which Flask-Login puts in the session and the remember cookie."""
    secret = new_token()
    now = utcnow()
    db.session.add(FacilitatorLogin(facilitator_id=facilitator.id, secret_hash=hash_token(secret), created_at=now,
                                    expires_at=now + dt.timedelta(days=LOGIN_DAYS)))
    db.session.execute(delete(FacilitatorLogin).where(FacilitatorLogin.expires_at < now))
    db.session.commit()
    facilitator.login_secret = secret
    return facilitator


def facilitator_for_login(secret: str) -> Facilitator | None:
    """The facilitator of this unexpired log-in, if any (what the session or cookie names)."""
    if not isinstance(secret, str) or not secret or len(secret) > 200:
        return None
    login = db.session.scalar(select(FacilitatorLogin).where(FacilitatorLogin.secret_hash == hash_token(secret)))
    if login is None or login.expires_at < utcnow():
        return None
    facilitator = login.facilitator
    facilitator.login_secret = secret
    return facilitator


def end_login(secret: str | None) -> None:
    """Forget this log-in: its session and remember cookie open nothing any more."""
    if secret:
        db.session.execute(delete(FacilitatorLogin).where(FacilitatorLogin.secret_hash == hash_token(secret)))
        db.session.commit()


def issue_api_token(email: str) -> str:
    """Create a new API token for the facilitator and return it; only its hash is kept."""
    facilitator = db.session.scalar(select(Facilitator).where(Facilitator.email == email.strip().lower()))
    if facilitator is None:
        raise RembukError("not_found", status=404)
    token = new_token()
    db.session.add(ApiToken(facilitator_id=facilitator.id, token_hash=hash_token(token)))
    db.session.commit()
    return token


def facilitator_for_token(token: str) -> Facilitator | None:
    """The facilitator owning this API token, if any."""
    if not isinstance(token, str) or not token or len(token) > 200:
        return None
    return db.session.scalar(
        select(Facilitator).join(ApiToken).where(ApiToken.token_hash == hash_token(token))
    )


def participant_for_token(token: str) -> Participant | None:
    """The participant holding this token, if any."""
    if not isinstance(token, str) or not token or len(token) > 200:
        return None
    return db.session.scalar(select(Participant).where(Participant.token_hash == hash_token(token)))


def has_facilitators() -> bool:
    """Whether any facilitator account exists."""
    return bool(db.session.scalar(select(func.count(Facilitator.id))))


def _setup_path(instance_path: str) -> Path:
    return Path(instance_path) / "setup_token"


def setup_token(instance_path: str) -> str | None:
    """The one-time setup token while no facilitator exists (created on first call), else None."""
    path = _setup_path(instance_path)
    if has_facilitators():
        path.unlink(missing_ok=True)
        return None
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    token = new_token()
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(token)
    return token


def check_setup_token(instance_path: str, token: str) -> None:
    """Raise unless `token` is the pending setup token."""
    path = _setup_path(instance_path)
    if has_facilitators():
        raise RembukError("setup_done", status=410)
    expected = path.read_text().strip() if path.exists() else ""
    if not expected or not hmac.compare_digest(expected.encode(), str(token).encode()):
        raise RembukError("not_found", status=404)


def finish_setup(instance_path: str, token: str, email: str, password: str, name: str) -> Facilitator:
    """Create the first facilitator through the setup link, then retire the link.

    The link is spent before the account is made: renaming its file is atomic, so of requests
    racing on the same link (threads, processes) exactly one goes on; the others find no link.
    """
    check_setup_token(instance_path, token)
    check_new_password(password)
    path = _setup_path(instance_path)
    claimed = path.with_name(f"setup_token.claimed-{secrets.token_hex(8)}")
    try:
        os.rename(path, claimed)
    except FileNotFoundError:
        raise RembukError("setup_done", status=410) from None
    try:
        if has_facilitators():  # an account made meanwhile by `flask facilitator create`
            raise RembukError("setup_done", status=410)
        facilitator = create_facilitator(email, password, name)
    except BaseException:
        db.session.rollback()
        if has_facilitators():
            claimed.unlink(missing_ok=True)
        else:
            os.rename(claimed, path)  # nothing was made: the link still works
        raise
    claimed.unlink(missing_ok=True)
    return facilitator
