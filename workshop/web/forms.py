"""WTForms for the console and auth pages (CSRF comes with FlaskForm)."""
import re

from flask_babel import get_translations, lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (BooleanField, DateField, EmailField, FieldList, FloatField, Form, FormField, HiddenField, IntegerField,
                     PasswordField, SelectChoice, SelectField, StringField, TextAreaField)
from wtforms.validators import DataRequired, Email, Length, NumberRange, Optional

from ..exports.tables import METHOD_LABELS
from ..services.workshops import DEFAULT_CRITERIA
from ..voting import SETTINGS
from ..voting.methods import MAX_WORDS_LIMIT, POLL_LABEL_MAX, POLL_OPTIONS_MAX, POLL_OPTIONS_MIN


class _Messages:
    """WTForms' own messages ("This field is required.") in the page's language. WTForms ships no
    Indonesian catalogue, so ours carries them (messages.po, after the app's own)."""

    def gettext(self, string):
        return get_translations().ugettext(string)

    def ngettext(self, singular, plural, n):
        return get_translations().ungettext(singular, plural, n)


MESSAGES = _Messages()


class SubForm(Form):
    """A WTForms form nested in a page's form (FormField), speaking the page's language."""

    class Meta:
        def get_translations(self, form):
            return MESSAGES


class PageForm(FlaskForm):
    """A page's form: Flask-WTF's (CSRF), speaking the page's language."""

    class Meta(FlaskForm.Meta):
        def get_translations(self, form):
            return MESSAGES


class LoginForm(PageForm):
    """Facilitator log-in."""

    email = EmailField(_l("E-mail"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=200)])


class SetupForm(PageForm):
    """The first facilitator account, from the one-time setup link."""

    name = StringField(_l("Name"), validators=[Optional(), Length(max=120)])
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Email(check_deliverability=False), Length(max=254)])
    password = PasswordField(_l("Password (at least 8 characters)"), validators=[DataRequired(), Length(min=8, max=200)])


class WorkshopForm(PageForm):
    """A new workshop."""

    title = StringField(_l("Title"), validators=[DataRequired(), Length(min=3, max=200)])
    venue = StringField(_l("Venue"), validators=[Optional(), Length(max=200)])
    date = DateField(_l("Date"), validators=[Optional()])


# Blank criterion rows offered after the defaults, so a facilitator can add some without scripts.
SPARE_CRITERIA = 2
MAX_CRITERIA = 10


class CriterionForm(SubForm):
    """One scoring criterion; a row left blank is ignored, a missing key is made from the label."""

    key = StringField(_l("Key"), validators=[Optional(), Length(max=40)])
    label = StringField(_l("Criterion"), validators=[Optional(), Length(max=80)])
    weight = FloatField(_l("Weight"), default=1.0, validators=[Optional(), NumberRange(max=100)])

    def is_blank(self) -> bool:
        """Nothing typed in key and label."""
        return not (self.key.data or "").strip() and not (self.label.data or "").strip()

    def value(self) -> dict:
        """The criterion as the API takes it (weight 1 when left empty)."""
        label = (self.label.data or "").strip()
        return {"key": (self.key.data or "").strip() or criterion_key(label), "label": label,
                "weight": self.weight.data if self.weight.data is not None else 1.0}


def default_criteria() -> list[dict]:
    """The server's default criteria, to fill a blank form (not a field default: a posted form keeps
    exactly what was posted)."""
    return [{"key": key, "label": label, "weight": weight} for key, label, weight in DEFAULT_CRITERIA]


def criterion_key(label: str) -> str:
    """A criterion key made from its label: "Efisiensi biaya" -> "efisiensi_biaya"."""
    return re.sub(r"[^a-z0-9]+", "_", label.lower()).strip("_")[:40]


class SessionForm(PageForm):
    """A new session of a workshop: its voting method and that method's settings."""

    title = StringField(_l("Session title"), validators=[DataRequired(), Length(max=200)])
    method = SelectField(_l("Voting method"), default="dots",
                         choices=[SelectChoice(key, label) for key, label in METHOD_LABELS.items()])
    dots_per_participant = IntegerField(_l("Dots per participant"), default=5,
                                        validators=[Optional(), NumberRange(1, 100)])
    max_dots_per_proposal = IntegerField(_l("Most dots on one proposal"), default=3,
                                         validators=[Optional(), NumberRange(1, 100)])
    points_budget = IntegerField(_l("Points per participant"), default=100,
                                 validators=[Optional(), NumberRange(1, 10000)])
    rank_size = IntegerField(_l("Proposals each participant ranks"), default=5,
                             validators=[Optional(), NumberRange(1, 50)])
    max_proposals_per_participant = IntegerField(_l("Proposals each participant may send"), default=10,
                                                 validators=[Optional(), NumberRange(1, 200)])
    criteria = FieldList(FormField(CriterionForm), min_entries=len(DEFAULT_CRITERIA) + SPARE_CRITERIA,
                         max_entries=MAX_CRITERIA)
    options = TextAreaField(_l("Answer options, one per line"),
                            validators=[Optional(), Length(max=POLL_OPTIONS_MAX * (POLL_LABEL_MAX + 2))])
    max_choices = IntegerField(_l("Answers each participant may choose"), default=1,
                               validators=[Optional(), NumberRange(1, POLL_OPTIONS_MAX)])
    max_words = IntegerField(_l("Words each participant may send"), default=3,
                             validators=[Optional(), NumberRange(1, MAX_WORDS_LIMIT)])
    # The table the session belongs to ("" for the plenary); the console sets the choices it allows.
    table_id = SelectField(_l("Table"), default="", choices=[SelectChoice("", "")], validate_choice=True)

    # Which settings each method needs (the voting rules' table); the others keep the server's defaults.
    METHOD_FIELDS = SETTINGS

    def validate(self, extra_validators=None) -> bool:
        """Field checks, then the chosen method's own settings and criteria."""
        ok = super().validate(extra_validators)
        for name in self.METHOD_FIELDS.get(self.method.data, ()):
            field = self[name]
            if field.data is None and not field.errors:
                field.errors.append(_l("required"))
                ok = False
        dots, cap = self.dots_per_participant.data, self.max_dots_per_proposal.data
        if self.method.data == "dots" and dots and cap and cap > dots:
            self.max_dots_per_proposal.errors.append(_l("at most the dots per participant (%(n)s)", n=dots))
            ok = False
        if self.method.data == "score":
            ok = self._validate_criteria() and ok
        if self.method.data == "poll":
            ok = self._validate_options() and ok
        return ok

    def option_labels(self) -> list[str]:
        """The poll's options as typed, one per non-blank line."""
        return [" ".join(line.split()) for line in (self.options.data or "").splitlines() if line.strip()]

    def _validate_options(self) -> bool:
        labels = self.option_labels()
        if not POLL_OPTIONS_MIN <= len(labels) <= POLL_OPTIONS_MAX:
            self.options.errors.append(_l("between %(min)s and %(max)s options, one per line",
                                          min=POLL_OPTIONS_MIN, max=POLL_OPTIONS_MAX))
            return False
        if any(len(label) > POLL_LABEL_MAX for label in labels):
            self.options.errors.append(_l("at most %(n)s characters per option", n=POLL_LABEL_MAX))
            return False
        if (self.max_choices.data or 1) > len(labels):
            self.max_choices.errors.append(_l("at most the number of options (%(n)s)", n=len(labels)))
            return False
        return True

    def _validate_criteria(self) -> bool:
        ok, keys = True, set()
        for row in self.criterion_rows():
            if row.is_blank():
                continue
            criterion = row.value()
            if not criterion["label"]:
                row.label.errors.append(_l("required"))
                ok = False
            if not re.fullmatch(r"[a-z0-9_]+", criterion["key"]) or criterion["key"] in keys:
                row.key.errors.append(_l("lower-case letters, digits and _, each key used once"))
                ok = False
            if criterion["weight"] <= 0:
                row.weight.errors.append(_l("must be more than 0"))
                ok = False
            keys.add(criterion["key"])
        return ok

    def criterion_rows(self) -> list[CriterionForm]:
        """The criterion sub-forms (a FormField's own `.label` would hide the row's label field)."""
        return [entry.form for entry in self.criteria]

    def settings(self) -> dict:
        """The session as `services.workshops.create_session` takes it."""
        data = {"title": self.title.data, "method": self.method.data}
        if self.max_proposals_per_participant.data is not None:
            data["max_proposals_per_participant"] = self.max_proposals_per_participant.data
        if self.table_id.data:
            data["table_id"] = int(self.table_id.data)
        for name in self.METHOD_FIELDS[self.method.data]:
            data[name] = self[name].data
        if self.method.data == "score":
            criteria = [row.value() for row in self.criterion_rows() if not row.is_blank()]
            if criteria:  # all rows blank: the server's default criteria
                data["criteria"] = criteria
        if self.method.data == "poll":
            data["options"] = [{"key": str(i), "label": label} for i, label in enumerate(self.option_labels(), 1)]
        return data


class PhaseForm(PageForm):
    """One click on a phase button."""

    phase = HiddenField(validators=[DataRequired()])


class WorkshopSettingsForm(PageForm):
    """Strict mode and the address phones use."""

    strict = BooleanField(_l("Strict mode: each person joins with a personal code from the attendance list"))
    public_base_url = StringField(_l("Address in the QR code"), validators=[Optional(), Length(max=200)])


class TicketsForm(PageForm):
    """Personal codes for strict mode: one per name, or a number of blank ones."""

    names = TextAreaField(_l("Names from the attendance list, one per line"), validators=[Optional(), Length(max=100_000)])
    count = IntegerField(_l("Or this many codes without names"), default=50, validators=[Optional(), NumberRange(1, 2000)])
