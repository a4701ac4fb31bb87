"""Forms: field definitions and simple shape checks. Forms never save themselves; the actions in
accounts.py do, and may add their own errors back onto a field."""

from __future__ import annotations

from datetime import UTC, datetime, time

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    IntegerField,
    PasswordField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    AnyOf,
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from .accounts import DISPLAY_NAME_MAX, GROUP_NAME_MAX, PASSWORD_MAX
from .models import row_id
from .moderation import WATCHED_MAX
from .posting import BODY_MAX, HELP_CATEGORIES, SHOUTOUT_CATEGORIES, TITLE_MAX, Submission
from .safeguarding import CONCERN_OUTCOMES

# accounts.check_display_name measures a name as it will be shown, without invisible characters
# and extra spaces; the form only bounds what is sent.
DISPLAY_NAME_SENT = Length(
    max=4 * DISPLAY_NAME_MAX, message=f"Display names are at most {DISPLAY_NAME_MAX} characters."
)


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
        validators=[DataRequired("Choose a display name."), DISPLAY_NAME_SENT],
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
        "Group",
        validators=[
            DataRequired("Name the group, for example “Year 9”."),
            Length(max=GROUP_NAME_MAX),
        ],
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
        validators=[DataRequired("Enter a display name."), DISPLAY_NAME_SENT],
        description="How students see them, for example “Ms Patel”.",
    )
    role = SelectField(
        "Role",
        choices=[SelectChoice("staff", "Staff"), SelectChoice("admin", "Admin")],
        default="staff",
    )
    safeguarding_lead = BooleanField("Safeguarding lead (receives urgent alerts)")
    submit = SubmitField("Create invite link")


TITLE_TOO_LONG = f"Titles are at most {TITLE_MAX} characters."
BODY_TOO_LONG = f"This can be at most {BODY_MAX:,} characters. Please shorten it a little."


def _choices(categories: dict[str, str]) -> list[SelectChoice]:
    return [SelectChoice("", "Choose a category")] + [
        SelectChoice(value, label) for value, label in categories.items()
    ]


class RethinkMixin:
    """After a "rethink before posting" nudge: which nudge, and whether they post anyway."""

    nudge_id = HiddenField("This form")
    post_anyway = SubmitField("Post anyway")

    def validate_nudge_id(self, field) -> None:
        # The page wrote it; anything no row can have was altered, and is refused before it
        # reaches the database (a 20-digit id is an error there, not a miss).
        if field.data:
            try:
                row_id(field.data)
            except ValueError:
                raise ValidationError("it was changed on the way. Please send it again.") from None

    def submission(self) -> Submission:
        return Submission(
            nudge_id=row_id(self.nudge_id.data) if self.nudge_id.data else None,
            post_anyway=bool(self.post_anyway.data),
        )


class HelpForm(RethinkMixin, FlaskForm):
    title = StringField(
        "Title",
        validators=[
            DataRequired("Please give your post a title."),
            Length(max=TITLE_MAX, message=TITLE_TOO_LONG),
        ],
        description="A short summary, such as “Stuck on fractions homework”.",
        render_kw={"maxlength": TITLE_MAX},
    )
    body = TextAreaField(
        "Details",
        validators=[
            DataRequired("Please write the details."),
            Length(max=BODY_MAX, message=BODY_TOO_LONG),
        ],
        description="What do you need help with? Leave out private details like phone numbers.",
        render_kw={"rows": 7, "maxlength": BODY_MAX},
    )
    category = SelectField("Category", choices=_choices(HELP_CATEGORIES), validate_choice=False)
    anonymous = BooleanField(
        "Post anonymously",
        description="Classmates won't see your name. Staff always can, to keep everyone safe.",
    )
    submit = SubmitField("Post")


class ShoutoutForm(RethinkMixin, FlaskForm):
    title = StringField(
        "Title",
        validators=[
            DataRequired("Please give your shout-out a title."),
            Length(max=TITLE_MAX, message=TITLE_TOO_LONG),
        ],
        description="For example “Amazing goal in the final!”.",
        render_kw={"maxlength": TITLE_MAX},
    )
    body = TextAreaField(
        "Message",
        validators=[
            DataRequired("Please write the message."),
            Length(max=BODY_MAX, message=BODY_TOO_LONG),
        ],
        description="What did they do, and why does it matter? Type @username to link a profile.",
        render_kw={"rows": 6, "maxlength": BODY_MAX},
    )
    category = SelectField("Category", choices=_choices(SHOUTOUT_CATEGORIES), validate_choice=False)
    recipients = StringField(
        "Recipients",
        validators=[DataRequired("Choose at least one classmate to celebrate.")],
        description="Usernames of 1 to 10 classmates, separated by commas, e.g. “ana7, ben.k”.",
        render_kw={
            "autocomplete": "off",
            "autocapitalize": "none",
            "spellcheck": "false",
            "data-suggest": "/people/suggest",
            "list": "recipient-suggestions",
        },
    )
    submit = SubmitField("Post")


class EditPostForm(RethinkMixin, FlaskForm):
    title = StringField(
        "Title",
        validators=[
            DataRequired("Please keep a title."),
            Length(max=TITLE_MAX, message=TITLE_TOO_LONG),
        ],
    )
    body = TextAreaField(
        "Text",
        validators=[
            DataRequired("Please keep some text."),
            Length(max=BODY_MAX, message=BODY_TOO_LONG),
        ],
        render_kw={"rows": 7},
    )
    category = SelectField("Category", validate_choice=False)
    submit = SubmitField("Save changes")


class ReplyForm(RethinkMixin, FlaskForm):
    body = TextAreaField(
        "Your reply",
        validators=[
            DataRequired("Please write your reply first."),
            Length(max=BODY_MAX, message=BODY_TOO_LONG),
        ],
        render_kw={"rows": 3, "maxlength": BODY_MAX},
    )


class HideShoutoutForm(FlaskForm):
    reason = StringField(
        "Why? (optional, only staff see this)", validators=[Optional(), Length(max=300)]
    )


class SettingsForm(FlaskForm):
    shoutouts_need_ok = SelectField(
        "Shout-outs about me",
        choices=[
            SelectChoice("now", "Appear at once"),
            SelectChoice("ask", "Wait for my OK"),
        ],
    )
    submit = SubmitField("Save settings")


class KioskLinkForm(FlaskForm):
    label = StringField(
        "Where is the screen?",
        validators=[DataRequired("Say where the screen is, e.g. “Main hall”."), Length(max=60)],
    )
    submit = SubmitField("Create wall link")


class DeleteAccountForm(FlaskForm):
    confirm = StringField(
        "Type the username to confirm", validators=[DataRequired("Type the username to confirm.")]
    )
    reason = TextAreaField(
        "Reason (kept in the audit log)",
        validators=[DataRequired("Give a reason for the record."), Length(max=500)],
        render_kw={"rows": 2},
    )
    submit = SubmitField("Delete account")


class ReportForm(FlaskForm):
    reason = RadioField(
        "What's wrong?",
        choices=[
            SelectChoice("unkind", "Unkind or bullying"),
            SelectChoice("at_risk", "Someone may be at risk"),
            SelectChoice("private", "Private information"),
            SelectChoice("spam", "Spam"),
            SelectChoice("other", "Other"),
        ],
        validators=[InputRequired("Choose what's wrong.")],
    )
    note = TextAreaField(
        "Anything else staff should know? (optional)",
        validators=[Optional(), Length(max=500)],
        render_kw={"rows": 3},
    )
    submit = SubmitField("Send report")


class RejectForm(FlaskForm):
    reason = SelectField(
        "Reason",
        choices=[
            SelectChoice("unkind", "It could hurt or upset someone"),
            SelectChoice("private", "It shares private information"),
            SelectChoice("not_for_board", "It isn't what the board is for"),
            SelectChoice("spam", "It looks like spam"),
            SelectChoice("other", "Another reason (staff will talk to them)"),
        ],
    )
    note = TextAreaField(
        "Note to the author (optional, kindly worded)",
        validators=[Optional(), Length(max=500)],
        render_kw={"rows": 2},
    )


class PastoralReviewForm(FlaskForm):
    """One form per concern; the button pressed (name="outcome") says what was decided."""

    outcome = HiddenField(validators=[AnyOf(list(CONCERN_OUTCOMES))])
    note = TextAreaField(
        "Note for the record (optional)",
        validators=[Optional(), Length(max=500)],
        description="How you followed up, for the other leads. The student never sees it.",
        render_kw={"rows": 2},
    )


class PastoralDutyForm(FlaskForm):
    duty = HiddenField(validators=[AnyOf(["on", "off"])])


class WarnForm(FlaskForm):
    reason = TextAreaField(
        "Warning",
        validators=[DataRequired("Say what the warning is for."), Length(max=500)],
        description="The student sees this. Keep it clear and kind.",
        render_kw={"rows": 2},
    )


class NoteForm(FlaskForm):
    text = TextAreaField(
        "Private note",
        validators=[DataRequired("Write the note."), Length(max=2000)],
        description="Only staff ever see notes.",
        render_kw={"rows": 2},
    )


class ThreadForm(FlaskForm):
    slow_mode_minutes = SelectField(
        "Replies per student",
        choices=[
            SelectChoice("0", "No limit"),
            SelectChoice("5", "One every 5 minutes"),
            SelectChoice("15", "One every 15 minutes"),
            SelectChoice("60", "One an hour"),
        ],
    )
    closed = BooleanField("Close the conversation to new replies")


class SiteSettingsForm(FlaskForm):
    moderation_mode = RadioField("Moderation", choices=[])
    new_member_posts = IntegerField(
        "New members' posts reviewed", validators=[NumberRange(0, 50, "Between 0 and 50.")]
    )
    report_threshold = IntegerField(
        "Reports from different students that hide an item",
        validators=[NumberRange(1, 50, "Between 1 and 50.")],
    )
    escalation_minutes = IntegerField(
        "Minutes before an unacknowledged urgent alert escalates",
        validators=[NumberRange(1, 240, "Between 1 and 240.")],
    )
    escalation_list = TextAreaField(
        "Escalation list",
        description=(
            "One per line, in order: the username (in-app alert) or email address of a "
            "safeguarding lead, who can acknowledge the alert."
        ),
        render_kw={"rows": 3},
    )
    safeguarding_emails = TextAreaField(
        "Also email every urgent alert to",
        description="One address per line (sent when SMTP is configured).",
        render_kw={"rows": 2},
    )
    support_contacts = TextAreaField(
        "Support contacts on the “Get support” page",
        description="One per line: who | how to reach them.",
        render_kw={"rows": 6},
    )
    reason = StringField(
        "Why the change (for the audit log)", validators=[Optional(), Length(max=300)]
    )
    submit = SubmitField("Save settings")


class WatchedWordForm(FlaskForm):
    pattern = StringField(
        "Word or phrase",
        validators=[
            DataRequired("Enter a word or phrase."),
            Length(
                max=WATCHED_MAX, message=f"A word or phrase is at most {WATCHED_MAX} characters."
            ),
        ],
        description="Use * as a wildcard, e.g. vape*.",
    )
    action = SelectField(
        "When it appears",
        choices=[
            SelectChoice("block", "Block: refuse the post with a message"),
            SelectChoice("hold", "Hold: staff approve it first"),
            SelectChoice("flag", "Flag: publish, and list it for staff"),
        ],
    )
    submit = SubmitField("Add")


class WatchedImportForm(FlaskForm):
    csv = TextAreaField(
        "Import CSV",
        validators=[DataRequired("Paste the rows.")],
        description="One per line: word or phrase, block|hold|flag",
        render_kw={"rows": 4},
    )
    submit = SubmitField("Import")


class TestPhraseForm(FlaskForm):
    phrase = TextAreaField(
        "Test a phrase", validators=[DataRequired("Type something to test.")], render_kw={"rows": 2}
    )
    submit = SubmitField("Test")


def show_error(form: FlaskForm, error, default: str) -> None:
    """Put an action's error (accounts.AccountError) on the field it names, else on `default`."""
    field = form._fields.get(error.field or "") or form._fields[default]
    field.errors.append(error.message)


def end_of_day(day) -> datetime:
    """A date picked in a form means "until the end of that day" (UTC)."""
    return datetime.combine(day, time.max, tzinfo=UTC)
