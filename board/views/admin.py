"""Admin tools under /admin: staff accounts and their invite links."""

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from .. import accounts, audit, permissions, settings
from ..extensions import db
from ..forms import (
    DeleteAccountForm,
    InviteForm,
    PastoralDutyForm,
    SiteSettingsForm,
    show_error,
)
from ..models import AuditEntry, Role, User, utcnow
from . import page_number
from .mod import no_store

bp = Blueprint("admin", __name__, url_prefix="/admin")

AUDIT_PAGE = 100


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


@bp.post("/staff/<int:user_id>/pastoral-duty")
def pastoral_duty(user_id: int):
    member = db.session.get(User, user_id)
    if member is None or member.role == Role.STUDENT:
        abort(404)  # this page is about staff accounts
    if not permissions.can_assign_pastoral_duty(current_user, member):
        abort(403)
    form = PastoralDutyForm()
    if not form.validate_on_submit():
        abort(400)
    on = form.duty.data == "on"
    accounts.set_pastoral_duty(current_user, member, on)
    if on:
        flash(
            f"{member.display_name} has pastoral duty: they see the pastoral review queue.",
            "success",
        )
    else:
        flash(f"{member.display_name} no longer has pastoral duty.", "success")
    return redirect(url_for("admin.staff"))


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


@bp.route("/settings", methods=["GET", "POST"])
def site_settings():
    form = SiteSettingsForm()
    form.moderation_mode.choices = [
        SelectChoice(key, label) for key, label in settings.MODERATION_MODES.items()
    ]
    if request.method == "GET":
        form.moderation_mode.data = settings.get("moderation_mode")
        for key in ("new_member_posts", "report_threshold", "escalation_minutes"):
            form[key].data = settings.get(key)
        form.escalation_list.data = "\n".join(settings.get("escalation_list"))
        form.safeguarding_emails.data = "\n".join(settings.get("safeguarding_emails"))
        form.support_contacts.data = "\n".join(
            f"{c['name']} | {c['detail']}" if c.get("detail") else c["name"]
            for c in settings.get("support_contacts")
        )
    if form.validate_on_submit():
        try:
            changes = settings.parse_form(form.data)
        except settings.SettingsError as error:
            form[error.field].errors.append(error.message)
        else:
            changed = settings.update(current_user, changes, form.reason.data)
            flash(f"Saved ({len(changed)} changed)." if changed else "Nothing changed.", "success")
            return redirect(url_for("admin.site_settings"))
    status = 400 if form.errors else 200
    warnings = settings.escalation_warnings() if request.method == "GET" else []
    return render_template("admin/settings.html", form=form, warnings=warnings), status


@bp.get("/audit")
def audit_log():
    action = request.args.get("action") or None
    actor = request.args.get("actor", "").strip() or None
    text = request.args.get("q", "").strip() or None
    page = page_number()
    stmt = audit.entries(action, actor, text)
    rows = db.session.scalars(stmt.limit(AUDIT_PAGE + 1).offset((page - 1) * AUDIT_PAGE)).all()
    actions = db.session.scalars(
        select(AuditEntry.action).distinct().order_by(AuditEntry.action)
    ).all()
    return render_template(
        "admin/audit.html",
        rows=rows[:AUDIT_PAGE],
        has_more=len(rows) > AUDIT_PAGE,
        page=page,
        action=action,
        actor=actor,
        q=text,
        actions=actions,
        # Walking the whole chain costs a read of every entry, so it runs when asked.
        checked=request.args.get("verify") == "1",
        problem=audit.verify() if request.args.get("verify") == "1" else None,
    )


@bp.get("/audit.csv")
def audit_csv():
    stmt = audit.entries(
        request.args.get("action") or None,
        request.args.get("actor", "").strip() or None,
        request.args.get("q", "").strip() or None,
    )
    rows = db.session.scalars(stmt.execution_options(yield_per=1000))
    return Response(
        audit.to_csv(rows),
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="audit-log.csv"'},
    )
