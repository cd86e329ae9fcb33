"""Facilitator log-in, log-out and the first-run setup link."""
from flask import current_app, flash, redirect, render_template, request, url_for
from flask_login import login_required, login_user, logout_user

from ..errors import RembukError
from ..messages import error_body
from ..services import accounts
from ..redirects import safe_next
from . import bp
from .forms import LoginForm, SetupForm


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Log in with e-mail and password."""
    form = LoginForm()
    if form.validate_on_submit():
        try:
            facilitator = accounts.authenticate(form.email.data, form.password.data)
        except RembukError as error:
            flash(error_body(error)["message"], "error")
        else:
            login_user(facilitator, remember=True)
            return redirect(safe_next(request.args.get("next"), url_for("web.console")))
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
@login_required
def logout():
    """Log out."""
    logout_user()
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
            login_user(facilitator, remember=True)
            return redirect(url_for("web.console"))
    return render_template("auth/setup.html", form=form)
