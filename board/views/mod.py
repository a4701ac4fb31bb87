"""Staff tools under /mod: student accounts, join codes and roster import.

The whole blueprint is guarded once in `guard` through permissions.py; views only add the
per-target rule (may this actor manage that account?).
"""

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

from .. import accounts, moderation, permissions, wall
from ..extensions import db
from ..forms import (
    EmptyForm,
    JoinCodeForm,
    KioskLinkForm,
    RosterForm,
    SuspendForm,
    end_of_day,
    show_error,
)
from ..models import Group, JoinCode, KioskLink, Role, User, utcnow

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
    return redirect(url_for("mod.students"))


@bp.get("/students")
def students():
    query = request.args.get("q", "").strip()
    group_id = request.args.get("group", type=int)
    page = max(request.args.get("page", 1, type=int), 1)
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
    groups = db.session.scalars(select(Group).order_by(Group.name)).all()
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
    tomorrow = (utcnow() + timedelta(days=1)).date()
    return render_template(
        "mod/account.html",
        user=user,
        suspend_form=SuspendForm(until=tomorrow),
        action_form=EmptyForm(),
        now=utcnow(),
    )


@bp.post("/accounts/<int:user_id>/reset-password")
def reset_password(user_id: int):
    user = get_account(user_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    one_time = accounts.reset_password(user)
    return no_store(render_template("mod/one_time_password.html", user=user, one_time=one_time))


@bp.post("/accounts/<int:user_id>/suspend")
def suspend(user_id: int):
    user = get_account(user_id)
    form = SuspendForm()
    if form.validate_on_submit():
        try:
            accounts.suspend(user, end_of_day(form.until.data), form.reason.data)
        except accounts.AccountError as error:
            show_error(form, error, "reason")
        else:
            flash(f"{user.username} is suspended until {form.until.data:%-d %B %Y}.", "success")
            return redirect(url_for("mod.account", user_id=user.id))
    html = render_template(
        "mod/account.html", user=user, suspend_form=form, action_form=EmptyForm(), now=utcnow()
    )
    return html, 400


@bp.post("/accounts/<int:user_id>/reinstate")
def reinstate(user_id: int):
    user = get_account(user_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    accounts.reinstate(user)
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
    accounts.revoke_join_code(join_code)
    flash(f"Join code {join_code.code} is revoked; nobody can join with it now.", "success")
    return redirect(url_for("mod.join_codes"))


@bp.route("/roster", methods=["GET", "POST"])
def roster():
    form = RosterForm()
    if form.validate_on_submit():
        result = accounts.import_roster(form.roster.data)
        if result.created:
            return no_store(render_template("mod/roster_done.html", result=result))
        return render_template("mod/roster.html", form=form, errors=result.errors), 400
    return render_template("mod/roster.html", form=form, errors=[]), 400 if form.errors else 200


@bp.get("/waiting")
def waiting():
    """Help requests that have waited a day or more without a helper: an adult can step in."""
    posts = db.session.scalars(moderation.waiting_for_a_helper(utcnow())).unique().all()
    return render_template("mod/waiting.html", posts=posts, now=utcnow())


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
