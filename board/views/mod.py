"""Staff tools under /mod: student accounts, join codes and roster import.

The whole blueprint is guarded once in `guard` through permissions.py; views only add the
per-target rule (may this actor manage that account?).
"""

import json
from datetime import timedelta

from flask import (
    Blueprint,
    abort,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user
from sqlalchemy import func, or_, select
from sqlalchemy.orm import joinedload

from .. import accounts, moderation, permissions, safeguarding, school_model, screening, wall
from ..extensions import db
from ..forms import (
    EmptyForm,
    JoinCodeForm,
    KioskLinkForm,
    NoteForm,
    PastoralReviewForm,
    RejectForm,
    RosterForm,
    SuspendForm,
    TestPhraseForm,
    ThreadForm,
    WarnForm,
    WatchedImportForm,
    WatchedWordForm,
    end_of_day,
    show_error,
)
from ..models import (
    IllegalTransition,
    JoinCode,
    KioskLink,
    Post,
    Reply,
    Role,
    SafeguardingAlert,
    StaffNote,
    User,
    Warning,
    WatchedWord,
    row_id,
    utcnow,
)
from . import id_arg, page_number
from .auth import safe_next

bp = Blueprint("mod", __name__, url_prefix="/mod")

PAGE_SIZE = 50


@bp.before_request
def guard():
    if not permissions.may_enter(current_user, request.endpoint):
        abort(403)


def no_store(html: str):
    """Pages that show a one-time password must not be kept by the browser or a proxy."""
    response = make_response(html)
    response.headers["Cache-Control"] = "no-store"
    return response


def get_account(user_id: int) -> User:
    user = db.session.get(User, user_id) or abort(404)
    if not permissions.can_manage_account(current_user, user):
        abort(403)
    return user


@bp.get("/")
def index():
    """Where "Staff tools" opens: the safeguarding queue waiting for this person (urgent alerts
    for a lead, concerns for the pastoral team), else the first moderation queue with something
    in it, else Awaiting approval."""
    counts = moderation.counts()
    waiting = safeguarding.duties(current_user, counts)
    if waiting:
        return redirect(url_for(safeguarding.QUEUE_ENDPOINTS[waiting[0][0]]))
    name = next((name for name in moderation.QUEUES if counts[name]), "awaiting")
    return redirect(url_for("mod.queue", name=name))


@bp.get("/urgent")
def urgent():
    """Urgent safeguarding alerts: unacknowledged ones first and oldest first, then the rest."""
    return render_template(
        "mod/urgent.html",
        alerts=safeguarding.alerts(safeguarding.URGENT),
        now=utcnow(),
        loads=json.loads,
    )


def get_alert(alert_id: int, tier: str) -> SafeguardingAlert:
    alert = db.session.get(SafeguardingAlert, alert_id)
    if alert is None or safeguarding.tier(alert.severity) != tier:
        abort(404)
    return alert


@bp.post("/urgent/<int:alert_id>/acknowledge")
def acknowledge(alert_id: int):
    alert = get_alert(alert_id, safeguarding.URGENT)
    if not permissions.can_acknowledge_alert(current_user):
        abort(403)
    if not EmptyForm().validate_on_submit():
        abort(400)
    safeguarding.acknowledge(alert, current_user)
    flash("Acknowledged. Thank you for looking after this student.", "success")
    return redirect(url_for("mod.urgent"))


@bp.post("/urgent/<int:alert_id>/not-a-crisis")
def not_a_crisis(alert_id: int):
    alert = get_alert(alert_id, safeguarding.URGENT)
    if not permissions.can_acknowledge_alert(current_user):
        abort(403)
    if not EmptyForm().validate_on_submit():
        abort(400)
    safeguarding.acknowledge(alert, current_user, not_a_crisis=True)
    flash("Marked as not a crisis; a post the screener held is now published.", "success")
    return redirect(url_for("mod.urgent"))


@bp.get("/pastoral")
def pastoral():
    """Concerns (not emergencies) for the safeguarding leads and staff with pastoral duty, to
    look at the same school day: waiting ones first and oldest first, then the rest."""
    if not permissions.can_review_pastoral(current_user):
        abort(403)
    return render_template(
        "mod/pastoral.html",
        alerts=safeguarding.alerts(safeguarding.CONCERN),
        form=PastoralReviewForm(formdata=None),
        now=utcnow(),
        overdue=safeguarding.overdue,
        school_day=safeguarding.PASTORAL_DAY,
        loads=json.loads,
    )


PASTORAL_DONE = {
    "not_a_concern": "Marked as not a concern and published.",
    "kept_private": "Kept private. Thank you for checking in with this student.",
    "escalated": "Escalated: the safeguarding leads have an urgent alert now.",
}


@bp.post("/pastoral/<int:alert_id>")
def review_concern(alert_id: int):
    if not permissions.can_review_pastoral(current_user):
        abort(403)
    alert = get_alert(alert_id, safeguarding.CONCERN)
    form = PastoralReviewForm()
    if not form.validate_on_submit():
        abort(400)
    if safeguarding.review_concern(alert, current_user, form.outcome.data, form.note.data):
        flash(PASTORAL_DONE[form.outcome.data], "success")
    else:
        flash("Someone has already looked at this one.", "info")
    return redirect(url_for("mod.pastoral"))


@bp.get("/students")
def students():
    query = request.args.get("q", "").strip()
    group_id = id_arg("group")
    page = page_number()
    stmt = select(User).where(User.role == Role.STUDENT)
    if query:
        like = f"%{query.lower()}%"
        stmt = stmt.where(
            or_(User.username_key.like(like), func.lower(User.display_name).like(like))
        )
    if group_id:
        stmt = stmt.where(User.group_id == group_id)
    rows = db.session.scalars(
        stmt.order_by(User.username_key).limit(PAGE_SIZE + 1).offset((page - 1) * PAGE_SIZE)
    ).all()
    groups = accounts.groups_in_order()
    return render_template(
        "mod/students.html",
        students=rows[:PAGE_SIZE],
        has_more=len(rows) > PAGE_SIZE,
        page=page,
        query=query,
        group_id=group_id,
        groups=groups,
        now=utcnow(),
    )


@bp.get("/accounts/<int:user_id>")
def account(user_id: int):
    user = get_account(user_id)
    return account_page(user, SuspendForm(until=(utcnow() + timedelta(days=1)).date()))


def account_page(user: User, suspend_form: SuspendForm):
    warnings = db.session.scalars(
        select(Warning)
        .where(Warning.user_id == user.id)
        .options(joinedload(Warning.staff))
        .order_by(Warning.id.desc())
    ).all()
    notes = db.session.scalars(
        select(StaffNote)
        .where(StaffNote.user_id == user.id)
        .options(joinedload(StaffNote.staff))
        .order_by(StaffNote.id.desc())
    ).all()
    return render_template(
        "mod/account.html",
        user=user,
        suspend_form=suspend_form,
        action_form=EmptyForm(),
        warn_form=WarnForm(formdata=None),
        note_form=NoteForm(formdata=None),
        warnings=warnings,
        notes=notes,
        history=moderation.histories({user.id})[user.id],
        now=utcnow(),
    )


@bp.post("/accounts/<int:user_id>/reset-password")
def reset_password(user_id: int):
    user = get_account(user_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    one_time = accounts.reset_password(current_user, user)
    return no_store(render_template("mod/one_time_password.html", user=user, one_time=one_time))


@bp.post("/accounts/<int:user_id>/suspend")
def suspend(user_id: int):
    user = get_account(user_id)
    form = SuspendForm()
    if form.validate_on_submit():
        try:
            accounts.suspend(current_user, user, end_of_day(form.until.data), form.reason.data)
        except accounts.AccountError as error:
            show_error(form, error, "reason")
        else:
            flash(f"{user.username} is suspended until {form.until.data:%-d %B %Y}.", "success")
            return redirect(url_for("mod.account", user_id=user.id))
    return account_page(user, form), 400


@bp.post("/accounts/<int:user_id>/reinstate")
def reinstate(user_id: int):
    user = get_account(user_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    accounts.reinstate(current_user, user)
    flash(f"{user.username} is reinstated and can log in again.", "success")
    return redirect(url_for("mod.account", user_id=user.id))


@bp.route("/join-codes", methods=["GET", "POST"])
def join_codes():
    form = JoinCodeForm()
    status = 200
    if form.validate_on_submit():
        try:
            join_code = accounts.create_join_code(
                current_user,
                form.group.data,
                end_of_day(form.expires_on.data) if form.expires_on.data else None,
                form.max_uses.data,
            )
        except accounts.AccountError as error:
            show_error(form, error, "group")
        else:
            flash(f"Join code {join_code.code} created for {join_code.group.name}.", "success")
            return redirect(url_for("mod.join_codes"))
    if form.errors:
        status = 400
    codes = db.session.scalars(select(JoinCode).order_by(JoinCode.created_at.desc())).all()
    return (
        render_template(
            "mod/join_codes.html", form=form, codes=codes, action_form=EmptyForm(), now=utcnow()
        ),
        status,
    )


@bp.post("/join-codes/<int:code_id>/revoke")
def revoke_join_code(code_id: int):
    join_code = db.session.get(JoinCode, code_id) or abort(404)
    if not EmptyForm().validate_on_submit():
        abort(400)
    accounts.revoke_join_code(current_user, join_code)
    flash(f"Join code {join_code.code} is revoked; nobody can join with it now.", "success")
    return redirect(url_for("mod.join_codes"))


@bp.route("/roster", methods=["GET", "POST"])
def roster():
    form = RosterForm()
    if form.validate_on_submit():
        result = accounts.import_roster(current_user, form.roster.data)
        if result.created:
            return no_store(render_template("mod/roster_done.html", result=result))
        return render_template("mod/roster.html", form=form, errors=result.errors), 400
    return render_template("mod/roster.html", form=form, errors=[]), 400 if form.errors else 200


@bp.get("/waiting")
def waiting():
    """Help requests that have waited a day or more without a helper: an adult can step in."""
    now = utcnow()
    posts, total = moderation.waiting_list(now)
    return render_template(
        "mod/waiting.html",
        posts=posts,
        total=total,
        counted=moderation.WAITING_COUNTED,
        now=now,
    )


@bp.route("/kiosk-links", methods=["GET", "POST"])
def kiosk_links():
    form = KioskLinkForm()
    if form.validate_on_submit():
        token = wall.create_kiosk_link(current_user, form.label.data)
        link = url_for("wall.kiosk", token=token, _external=True)
        return no_store(render_template("mod/kiosk_link_done.html", link=link))
    links = db.session.scalars(select(KioskLink).order_by(KioskLink.id.desc())).all()
    html = render_template("mod/kiosk_links.html", form=form, links=links, action_form=EmptyForm())
    return html, 400 if form.errors else 200


@bp.post("/kiosk-links/<int:link_id>/revoke")
def revoke_kiosk_link(link_id: int):
    link = db.session.get(KioskLink, link_id) or abort(404)
    if not EmptyForm().validate_on_submit():
        abort(400)
    wall.revoke_kiosk_link(current_user, link)
    flash(f"The wall link “{link.label}” is turned off.", "success")
    return redirect(url_for("mod.kiosk_links"))


# ---------------------------------------------------------------------------------------------
# Queues and decisions


@bp.app_context_processor
def queue_counts():
    """Staff see how much waits for them in the header: one query, staff pages only."""
    if permissions.can_moderate(current_user):
        counts = moderation.counts()
        shown = [
            key
            for key in moderation.BY_URGENCY
            if key != "pastoral" or permissions.can_review_pastoral(current_user)
        ]
        # The overview at the top of every /mod page: queues with something waiting first.
        overview = sorted(((key, counts[key]) for key in shown), key=lambda kc: kc[1] == 0)
        return {"queue_counts": counts, "queue_overview": overview}
    return {}


def get_item(kind: str, item_id: int) -> Post | Reply:
    model = {"post": Post, "reply": Reply}.get(kind) or abort(404)
    return db.session.get(model, item_id, options=[joinedload(model.author)]) or abort(404)


@bp.get("/queue/<name>")
def queue(name: str):
    if name not in moderation.QUEUES:
        abort(404)
    items = moderation.queue(name)
    return render_template(
        "mod/queue.html",
        name=name,
        title=moderation.QUEUES[name],
        bulk_actions=moderation.BULK_ACTIONS[name],
        items=items,
        histories=moderation.histories({q.author.id for q in items}),
        reject_form=RejectForm(),
        action_form=EmptyForm(),
        now=utcnow(),
        loads=json.loads,
    )


@bp.post("/items/<kind>/<int:item_id>/<action>")
def decide(kind: str, item_id: int, action: str):
    item = get_item(kind, item_id)
    if action != "escalate" and not permissions.can_decide(current_user, item):
        abort(403)  # passing something to the safeguarding leads is always allowed
    back = request.form.get("next") or url_for("mod.queue", name="awaiting")
    try:
        if action == "reject":
            form = RejectForm()
            if not form.validate_on_submit():
                abort(400)
            moderation.reject(current_user, item, form.reason.data, form.note.data)
            message = "Rejected. The author has been told why."
        else:
            if not EmptyForm().validate_on_submit():
                abort(400)
            acts = {
                "approve": (moderation.approve, "Approved and published."),
                "hide": (moderation.hide, "Hidden from students until you decide."),
                "restore": (moderation.restore, "Restored for everyone to see."),
                "escalate": (moderation.escalate, "Passed to the safeguarding leads."),
            }
            if action not in acts:
                abort(404)
            act, message = acts[action]
            act(current_user, item)
    except IllegalTransition:
        db.session.rollback()
        flash("That item has already been dealt with.", "info")
        return redirect(safe_next(back))
    except safeguarding.HeldForSafeguarding:
        db.session.rollback()
        flash(
            "This is held for safeguarding: only a safeguarding lead or the pastoral team can "
            "release it, from Urgent or Pastoral review.",
            "error",
        )
        return redirect(safe_next(back))
    flash(message, "success")
    return redirect(safe_next(back))


@bp.post("/queue/<name>/bulk")
def bulk_decide(name: str):
    """One decision for the items ticked on a queue page, or for every item the page showed."""
    action = request.form.get("action", "")
    if name not in moderation.BULK_ACTIONS or action not in moderation.BULK_ACTIONS[name]:
        abort(404)
    form = RejectForm() if action == "reject" else EmptyForm()
    if not form.validate_on_submit():
        abort(400)
    tokens = request.form.getlist("shown" if request.form.get("all") else "item")
    selected = [item for item in map(parse_item, tokens) if item]
    if not selected:
        flash("Tick the items first, or “Select all on this page”.", "info")
        return redirect(url_for("mod.queue", name=name))
    result = moderation.decide_many(
        current_user,
        name,
        action,
        selected,
        form.reason.data if action == "reject" else None,
        form.note.data if action == "reject" else None,
    )
    flash(*bulk_message(action, result))
    return redirect(url_for("mod.queue", name=name))


def parse_item(token: str) -> tuple[str, int] | None:
    """ "post-12" or "reply-7" from a checkbox; anything else (a crafted value) is no item."""
    kind, _, item_id = token.partition("-")
    try:
        return (kind, row_id(item_id)) if kind in ("post", "reply") else None
    except ValueError:
        return None


BULK_DONE = {
    "approve": "Approved",
    "reject": "Rejected",
    "hide": "Hid",
    "restore": "Restored",
}


def bulk_message(action: str, result: moderation.BulkResult) -> tuple[str, str]:
    """ "Approved 5 items; 1 was already handled." and the flash category."""

    def items(n: int) -> str:
        return f"{n} {'item' if n == 1 else 'items'}"

    def was(n: int) -> str:
        return f"{n} {'was' if n == 1 else 'were'}"

    parts = [f"{BULK_DONE[action]} {items(result.done)}"]
    if result.already_handled:
        parts.append(f"{was(result.already_handled)} already handled")
    if result.wrong_state:
        parts.append(f"{was(result.wrong_state)} not in a state to {action}")
    if result.held:
        parts.append(
            f"{was(result.held)} skipped: held for safeguarding (a lead or the pastoral "
            "team releases it)"
        )
    if result.not_allowed:
        parts.append(f"{was(result.not_allowed)} skipped: not yours to decide")
    skipped = result.already_handled + result.wrong_state + result.held + result.not_allowed
    return "; ".join(parts) + ".", "success" if result.done and not skipped else "info"


@bp.post("/accounts/<int:user_id>/warn")
def warn(user_id: int):
    user = get_account(user_id)
    form = WarnForm()
    if not form.validate_on_submit():
        flash("Say what the warning is for.", "error")
        return redirect(url_for("mod.account", user_id=user.id))
    moderation.warn(current_user, user, form.reason.data)
    flash(f"{user.username} has been warned and can see why.", "success")
    return redirect(url_for("mod.account", user_id=user.id))


@bp.post("/accounts/<int:user_id>/notes")
def add_note(user_id: int):
    user = get_account(user_id)
    form = NoteForm()
    if form.validate_on_submit():
        moderation.add_note(current_user, user, form.text.data)
        flash("Note saved. Only staff can see it.", "success")
    return redirect(url_for("mod.account", user_id=user.id))


@bp.post("/posts/<int:post_id>/thread")
def thread_controls(post_id: int):
    post = db.session.get(Post, post_id) or abort(404)
    form = ThreadForm()
    if not form.validate_on_submit():
        abort(400)
    moderation.set_thread(current_user, post, int(form.slow_mode_minutes.data), form.closed.data)
    flash("Conversation settings saved.", "success")
    return redirect(url_for("posts.show", post_id=post.id))


# ---------------------------------------------------------------------------------------------
# Watched words


@bp.route("/watched-words", methods=["GET", "POST"])
def watched_words():
    form = WatchedWordForm()
    if form.validate_on_submit():
        try:
            moderation.add_watched_word(current_user, form.pattern.data, form.action.data)
        except ValueError as error:
            form.pattern.errors.append(str(error))
        else:
            flash("Added.", "success")
            return redirect(url_for("mod.watched_words"))
    return watched_words_page(form=form)


def watched_words_page(form=None, test_form=None, verdict=None, import_errors=()):
    words = db.session.scalars(select(WatchedWord).order_by(WatchedWord.pattern)).all()
    html = render_template(
        "mod/watched_words.html",
        words=words,
        form=form or WatchedWordForm(formdata=None),
        import_form=WatchedImportForm(formdata=None),
        test_form=test_form or TestPhraseForm(formdata=None),
        verdict=verdict,
        import_errors=import_errors,
        action_form=EmptyForm(),
    )
    status = 400 if (form and form.errors) or import_errors else 200
    return html, status


@bp.post("/watched-words/<int:word_id>/delete")
def delete_watched_word(word_id: int):
    word = db.session.get(WatchedWord, word_id) or abort(404)
    if not EmptyForm().validate_on_submit():
        abort(400)
    moderation.delete_watched_word(current_user, word)
    flash("Removed.", "success")
    return redirect(url_for("mod.watched_words"))


@bp.post("/watched-words/import")
def import_watched_words():
    form = WatchedImportForm()
    if not form.validate_on_submit():
        abort(400)
    added, errors = moderation.import_watched_words(current_user, form.csv.data)
    if errors:
        return watched_words_page(import_errors=errors)
    flash(f"Imported {added} {'entry' if added == 1 else 'entries'}.", "success")
    return redirect(url_for("mod.watched_words"))


@bp.post("/watched-words/test")
def test_phrase():
    form = TestPhraseForm()
    if not form.validate_on_submit():
        abort(400)
    verdict = screening.screen(form.phrase.data, moderation.watched_rules(), school_model.current())
    return watched_words_page(test_form=form, verdict=verdict)
