"""Facilitator log-in, log-out and the first-run setup link."""
from flask import current_app, flash, g, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user

from ..errors import RembukError
from ..messages import error_body
from ..ratelimit import rate_limits
from ..services import accounts
from ..redirects import safe_next
from . import bp
from .forms import LoginForm, SetupForm


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Log in with e-mail and password."""
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        account = form.email.data.strip().lower()
        try:
            # Over the failed log-in limit (this address or this account): refused before any hash.
            rate_limits.guard("login", code="too_many_logins", account=account)
            facilitator = accounts.authenticate(form.email.data, form.password.data)
        except RembukError as error:
            if error.code == "invalid_credentials":
                rate_limits.failed("login", account=account)
            flash(error_body(error)["message"], "error")
            status = error.status if error.status == 429 else 200
        else:
            sign_in(facilitator)
            return redirect(safe_next(request.args.get("next"), url_for("web.console")))
    return render_template("auth/login.html", form=form), status


def sign_in(facilitator) -> None:
    """Start a new log-in: a fresh secret in the session and the remember cookie, and a fresh
    CSRF token (one read before logging in, by anyone, is worth nothing after)."""
    session.pop("csrf_token", None)
    g.pop("csrf_token", None)
    login_user(accounts.start_login(facilitator), remember=True)


@bp.post("/logout")
@login_required
def logout():
    """Log out: the log-in is forgotten on the server, so copies of its cookies open nothing."""
    accounts.end_login(current_user.login_secret)
    logout_user()
    session.pop("csrf_token", None)
    return redirect(url_for("web.login"))


@bp.route("/setup/<token>", methods=["GET", "POST"])
def setup(token: str):
    """Create the first facilitator account from the link printed at first start."""
    try:
        accounts.check_setup_token(current_app.instance_path, token)
    except RembukError as error:
        if error.code == "setup_done":
            flash(error_body(error)["message"], "info")
            return redirect(url_for("web.login"))
        return render_template("error.html", message=error_body(error)["message"]), error.status
    form = SetupForm()
    if form.validate_on_submit():
        try:
            facilitator = accounts.finish_setup(current_app.instance_path, token, form.email.data,
                                                form.password.data, form.name.data or "")
        except RembukError as error:
            flash(error_body(error)["message"], "error")
        else:
            sign_in(facilitator)
            return redirect(url_for("web.console"))
    return render_template("auth/setup.html", form=form)
