"""Logging in and out, joining with a code, accepting a staff invite, changing a password."""

from urllib.parse import urlsplit

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_required, login_user, logout_user

from .. import accounts, attempts, safeguarding
from ..extensions import limiter
from ..forms import ChangePasswordForm, EmptyForm, JoinForm, LoginForm, SetPasswordForm, show_error
from ..models import utcnow

bp = Blueprint("auth", __name__)

LOGIN_FAILED = "That username and password don't match. Please try again."


def limiter_config(key: str) -> str:
    return current_app.config[key]


def refused(response) -> bool:
    """Joining and accepting an invite count only failures (a wrong code or invite link, a taken
    username), so a whole class can join together from the school's one address."""
    return response.status_code >= 400


def safe_target(target: str | None) -> str | None:
    """The target if it is a path on this site (no scheme, no host, no "//" or backslash)."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc:
            return target
    return None


def safe_next(target: str | None) -> str:
    """Only ever redirect to a path on this site; anything else goes to the board."""
    return safe_target(target) or url_for("main.index")


def landing(user, target: str | None) -> str:
    """Where someone lands after logging in. A safeguarding lead with an urgent alert nobody
    has acknowledged lands on the urgent queue, even when the login was on its way elsewhere
    (`next`): a student may be at risk now, and the page they asked for can wait a minute (it
    is often an old link from a session that ran out). A concern for the pastoral team is for
    today, not this minute: an explicit `next` goes first, else they land on the pastoral
    queue. Either way the banner on every page says what waits. Everyone else: `next`, or the
    board."""
    waiting = [tier for tier, _ in safeguarding.duties(user)]
    target = safe_target(target)
    if waiting and (waiting[0] == safeguarding.URGENT or target is None):
        return url_for(safeguarding.QUEUE_ENDPOINTS[waiting[0]])
    return target or url_for("main.index")


def start_session(user) -> None:
    """Log in with a fresh session: nothing of the one before (nor its CSRF token) carries over
    to the logged-in one."""
    session.clear()
    login_user(user)


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    form = LoginForm(username=request.args.get("username", ""))
    suspended_user = None
    status, headers = 200, {}
    if form.validate_on_submit():
        counters = attempts.LoginCounters(form.username.data)
        wait = counters.wait()
        result = None if wait else accounts.authenticate(form.username.data, form.password.data)
        if result is None:
            status, headers = 429, {"Retry-After": str(wait)}
            form.password.errors.append(
                "There have been too many attempts to log in to this account from here. "
                f"Please try again {attempts.wait_text(wait)}."
            )
        elif result.user is not None and not result.suspended:
            counters.forget_failures()
            start_session(result.user)
            flash(f"Welcome back, {result.user.display_name}!", "success")
            if result.user.must_change_password:
                return redirect(url_for("auth.change_password"))
            return redirect(landing(result.user, request.args.get("next")))
        elif result.suspended:
            suspended_user = result.user
            status = 403
        else:
            counters.record_failure()
            form.password.errors.append(LOGIN_FAILED)
            status = 401
    page = render_template("auth/login.html", form=form, suspended_user=suspended_user)
    return page, status, headers


@bp.post("/logout")
def logout():
    """Logging out ends every session of the account, also a copy of this one's cookie: a
    session lives in a signed cookie, which only a new session key can end."""
    form = EmptyForm()
    if not form.validate_on_submit():
        abort(400)
    if current_user.is_authenticated:
        accounts.log_out_everywhere(current_user)
    logout_user()
    flash("You have logged out. See you soon!", "info")
    return redirect(url_for("auth.login"))


@bp.route("/join", methods=["GET", "POST"])
@limiter.limit(
    lambda: limiter_config("JOIN_LIMIT_PER_ADDRESS"),
    methods=["POST"],
    deduct_when=refused,
    scope="join",
)
def join():
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    form = JoinForm(code=request.args.get("code", ""))
    if form.validate_on_submit():
        try:
            user = accounts.join_with_code(
                form.code.data, form.username.data, form.display_name.data, form.password.data
            )
        except accounts.AccountError as error:
            show_error(form, error, "code")
        else:
            start_session(user)
            flash(f"Welcome to the board, {user.display_name}!", "success")
            return redirect(url_for("main.index"))
    return render_template("auth/join.html", form=form), 400 if form.errors else 200


@bp.route("/invite/<token>", methods=["GET", "POST"])
@limiter.limit(
    lambda: limiter_config("JOIN_LIMIT_PER_ADDRESS"),
    methods=["POST"],
    deduct_when=refused,
    scope="invite",
)
def accept_invite(token: str):
    invite = accounts.find_invite(token)
    if invite is None:
        return render_template("auth/invite_invalid.html"), 404
    if current_user.is_authenticated:
        logout_user()
    form = SetPasswordForm()
    if form.validate_on_submit():
        try:
            user = accounts.accept_invite(invite, form.password.data)
        except accounts.AccountError as error:
            show_error(form, error, "password")
        else:
            flash("Your password is set. Please log in.", "success")
            return redirect(url_for("auth.login", username=user.username))
    return render_template("auth/invite.html", form=form, invite=invite)


@bp.route("/me/password", methods=["GET", "POST"])
@login_required
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            accounts.change_password(current_user, form.current_password.data, form.password.data)
        except accounts.AccountError as error:
            show_error(form, error, "password")
        else:
            # Every other session of the account has ended; this one goes on, afresh.
            start_session(current_user._get_current_object())
            flash("Your new password is saved.", "success")
            return redirect(landing(current_user, None))
    return render_template("auth/change_password.html", form=form, now=utcnow())
