"""Forms: field definitions and simple shape checks. Forms never save themselves; the actions in
accounts.py do, and may add their own errors back onto a field."""

from __future__ import annotations

from datetime import UTC, datetime, time

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    PasswordField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from .accounts import DISPLAY_NAME_MAX, PASSWORD_MAX


class EmptyForm(FlaskForm):
    """Carries only the CSRF token, for POST-only buttons such as Log out or Revoke."""


class LoginForm(FlaskForm):
    username = StringField(
        "Username",
        validators=[DataRequired("Enter your username.")],
        render_kw={"autocomplete": "username", "autocapitalize": "none", "spellcheck": "false"},
    )
    password = PasswordField(
        "Password",
        validators=[DataRequired("Enter your password.")],
        render_kw={"autocomplete": "current-password"},
    )
    submit = SubmitField("Log in")


class JoinForm(FlaskForm):
    code = StringField(
        "Join code",
        validators=[DataRequired("Enter the join code from your teacher.")],
        render_kw={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"},
    )
    username = StringField(
        "Username",
        validators=[DataRequired("Choose a username."), Length(max=30)],
        description="3–30 characters: letters, digits, dots, dashes or underscores. "
        "Classmates see it, so don't use your full name.",
        render_kw={"autocomplete": "username", "autocapitalize": "none", "spellcheck": "false"},
    )
    display_name = StringField(
        "Display name",
        validators=[DataRequired("Choose a display name."), Length(max=DISPLAY_NAME_MAX)],
        description="What classmates see next to your posts, such as your first name.",
        render_kw={"autocomplete": "nickname"},
    )
    password = PasswordField(
        "Password",
        validators=[DataRequired("Choose a password."), Length(max=PASSWORD_MAX)],
        description="At least 8 characters. A short sentence is easy to remember.",
        render_kw={"autocomplete": "new-password"},
    )
    submit = SubmitField("Join")


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(
        "Current password",
        validators=[DataRequired("Enter your current password.")],
        render_kw={"autocomplete": "current-password"},
    )
    password = PasswordField(
        "New password",
        validators=[DataRequired("Choose a new password."), Length(max=PASSWORD_MAX)],
        description="At least 8 characters.",
        render_kw={"autocomplete": "new-password"},
    )
    submit = SubmitField("Save password")


class SetPasswordForm(FlaskForm):
    password = PasswordField(
        "Password",
        validators=[DataRequired("Choose a password."), Length(max=PASSWORD_MAX)],
        description="At least 8 characters.",
        render_kw={"autocomplete": "new-password"},
    )
    submit = SubmitField("Set password")


class JoinCodeForm(FlaskForm):
    group = StringField(
        "Group", validators=[DataRequired("Name the group, for example “Year 9”."), Length(max=60)]
    )
    expires_on = DateField(
        "Expires on", validators=[Optional()], description="Optional. Leave empty for no expiry."
    )
    max_uses = IntegerField(
        "Use limit",
        validators=[Optional(), NumberRange(min=1, max=5000, message="Between 1 and 5000.")],
        description="Optional. How many students may join with this code.",
    )
    submit = SubmitField("Create join code")


class RosterForm(FlaskForm):
    roster = TextAreaField(
        "Roster CSV",
        validators=[DataRequired("Paste the roster rows.")],
        description="One student per line: username, display name, group. "
        "A header line “username,display name,group” is optional.",
        render_kw={"rows": 10, "spellcheck": "false"},
    )
    submit = SubmitField("Import students")


class SuspendForm(FlaskForm):
    until = DateField(
        "Suspended until", validators=[InputRequired("Choose the last day of the suspension.")]
    )
    reason = TextAreaField(
        "Reason",
        validators=[DataRequired("Give a reason; the student will see it."), Length(max=300)],
        description="Shown to the student when they try to log in. Keep it kind and clear.",
        render_kw={"rows": 3},
    )
    submit = SubmitField("Suspend")


class InviteForm(FlaskForm):
    username = StringField(
        "Username", validators=[DataRequired("Choose a username."), Length(max=30)]
    )
    display_name = StringField(
        "Display name",
        validators=[DataRequired("Enter a display name."), Length(max=DISPLAY_NAME_MAX)],
        description="How students see them, for example “Ms Patel”.",
    )
    role = SelectField(
        "Role",
        choices=[SelectChoice("staff", "Staff"), SelectChoice("admin", "Admin")],
        default="staff",
    )
    safeguarding_lead = BooleanField("Safeguarding lead (receives urgent alerts)")
    submit = SubmitField("Create invite link")


def show_error(form: FlaskForm, error, default: str) -> None:
    """Put an action's error (accounts.AccountError) on the field it names, else on `default`."""
    field = form._fields.get(error.field or "") or form._fields[default]
    field.errors.append(error.message)


def end_of_day(day) -> datetime:
    """A date picked in a form means "until the end of that day" (UTC)."""
    return datetime.combine(day, time.max, tzinfo=UTC)
