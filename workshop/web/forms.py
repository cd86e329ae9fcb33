"""WTForms for the console and auth pages (CSRF comes with FlaskForm)."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, EmailField, HiddenField, IntegerField, PasswordField, StringField
from wtforms.validators import DataRequired, Email, Length, NumberRange, Optional


class LoginForm(FlaskForm):
    """Facilitator log-in."""

    email = EmailField(_l("E-mail"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=200)])


class SetupForm(FlaskForm):
    """The first facilitator account, from the one-time setup link."""

    name = StringField(_l("Name"), validators=[Optional(), Length(max=120)])
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Email(check_deliverability=False), Length(max=254)])
    password = PasswordField(_l("Password (at least 8 characters)"), validators=[DataRequired(), Length(min=8, max=200)])


class WorkshopForm(FlaskForm):
    """A new workshop."""

    title = StringField(_l("Title"), validators=[DataRequired(), Length(min=3, max=200)])
    venue = StringField(_l("Venue"), validators=[Optional(), Length(max=200)])
    date = DateField(_l("Date"), validators=[Optional()])


class SessionForm(FlaskForm):
    """A new session of a workshop."""

    title = StringField(_l("Session title"), validators=[DataRequired(), Length(max=200)])
    dots_per_participant = IntegerField(_l("Dots per participant"), default=5,
                                        validators=[DataRequired(), NumberRange(1, 100)])
    max_dots_per_proposal = IntegerField(_l("Most dots on one proposal"), default=3,
                                         validators=[DataRequired(), NumberRange(1, 100)])


class PhaseForm(FlaskForm):
    """One click on a phase button."""

    phase = HiddenField(validators=[DataRequired()])
