"""Admin tools under /admin: staff accounts and their invite links."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from .. import accounts, permissions
from ..extensions import db
from ..forms import DeleteAccountForm, InviteForm, show_error
from ..models import Role, User, utcnow
from .mod import no_store

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.before_request
def guard():
    if not permissions.may_enter(current_user, request.endpoint):
        abort(403)


def staff_page(form: InviteForm) -> str:
    members = db.session.scalars(
        select(User).where(User.role != Role.STUDENT).order_by(User.username_key)
    ).all()
    return render_template("admin/staff.html", members=members, form=form, now=utcnow())


@bp.get("/staff")
def staff():
    return staff_page(InviteForm())


@bp.post("/staff/invite")
def invite():
    form = InviteForm()
    if form.validate_on_submit():
        try:
            token = accounts.invite_staff(
                current_user,
                form.username.data,
                form.display_name.data,
                Role(form.role.data),
                form.safeguarding_lead.data,
            )
        except accounts.AccountError as error:
            show_error(form, error, "username")
        else:
            link = url_for("auth.accept_invite", token=token, _external=True)
            return no_store(
                render_template("admin/invite_done.html", link=link, username=form.username.data)
            )
    return staff_page(form), 400


@bp.route("/accounts/<int:user_id>/delete", methods=["GET", "POST"])
def delete_account(user_id: int):
    user = db.session.get(User, user_id) or abort(404)
    if not permissions.can_delete_account(current_user, user):
        abort(403)
    form = DeleteAccountForm()
    if form.validate_on_submit():
        if form.confirm.data.strip().lower() != user.username_key:
            form.confirm.errors.append(f"Type {user.username} exactly to confirm.")
        else:
            username = user.username
            accounts.delete_student(current_user, user, form.reason.data)
            flash(f"The account {username} and what they wrote are deleted.", "success")
            return redirect(url_for("mod.students"))
    status = 400 if form.errors else 200
    return render_template("admin/delete_account.html", user=user, form=form), status
