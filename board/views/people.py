"""People: profiles, my page and settings, logging out everywhere, my data export, restricting
a classmate, notifications."""

from __future__ import annotations

import json

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user, logout_user
from sqlalchemy import select

from .. import accounts, notifications, permissions, posting, queries
from ..export import export_for
from ..extensions import db
from ..forms import EmptyForm, SettingsForm
from ..models import NotificationKind, Restriction, User, Warning
from .posts import require_form

bp = Blueprint("people", __name__)


@bp.app_context_processor
def unread():
    """The unread count in the header, read with the user (security.load_user) or, right after
    logging in, by itself."""
    if current_user.is_authenticated and not current_user.must_change_password:
        count = g.get("unread_count")
        if count is None:
            count = notifications.unread_count(current_user)
        return {"unread_count": count}
    return {"unread_count": 0}


def get_person(username: str) -> User:
    user = db.session.scalar(select(User).where(User.username_key == username.lower()))
    if user is None:
        abort(404)
    return user


@bp.get("/u/<username>")
def profile(username: str):
    person = get_person(username)
    shoutouts = queries.shoutouts_about(person)
    posts = queries.public_posts_by(person)
    reacted = posting.reacted_kinds(current_user, [p.id for p in shoutouts + posts])
    restricted = (
        person.id in posting.restricted_ids(current_user.id)
        if permissions.can_restrict(current_user, person)
        else False
    )
    return render_template(
        "people/profile.html",
        person=person,
        shoutouts=shoutouts,
        posts=posts,
        reacted=reacted,
        helped=posting.classmates_helped(person.id),
        restricted=restricted,
    )


@bp.post("/u/<username>/restrict")
def restrict(username: str):
    person = get_person(username)
    if not permissions.can_restrict(current_user, person):
        abort(403)
    require_form()
    posting.restrict(current_user, person)
    flash(
        f"{person.display_name} is restricted. Their replies to your posts are now only shown "
        "to them and to staff, and they can't name you in a shout-out. They won't be told.",
        "success",
    )
    return redirect(url_for("people.profile", username=person.username))


@bp.post("/u/<username>/unrestrict")
def unrestrict(username: str):
    person = get_person(username)
    require_form()
    posting.unrestrict(current_user, person)
    flash(f"{person.display_name} is no longer restricted.", "info")
    return redirect(
        request.referrer
        if request.referrer and request.referrer.startswith(request.host_url)
        else url_for("people.me")
    )


@bp.get("/me")
def me():
    restricted = db.session.scalars(
        select(Restriction)
        .where(Restriction.user_id == current_user.id)
        .options(db.joinedload(Restriction.restricted))
    ).all()
    posts = queries.own_posts(current_user)
    waiting = queries.waiting_for_ok(current_user)
    settings = SettingsForm(shoutouts_need_ok="ask" if current_user.shoutouts_need_ok else "now")
    warnings = db.session.scalars(
        select(Warning).where(Warning.user_id == current_user.id).order_by(Warning.id.desc())
    ).all()
    return render_template(
        "people/me.html",
        posts=posts,
        waiting=waiting,
        restricted=restricted,
        settings=settings,
        warnings=warnings,
        reacted=posting.reacted_kinds(current_user, [p.id for p in posts + waiting]),
        helped=posting.classmates_helped(current_user.id),
    )


@bp.post("/me/settings")
def settings():
    form = SettingsForm()
    if not form.validate_on_submit():
        abort(400)
    current_user.shoutouts_need_ok = form.shoutouts_need_ok.data == "ask"
    db.session.commit()
    flash("Your settings are saved.", "success")
    return redirect(url_for("people.me"))


@bp.post("/me/log-out-everywhere")
def log_out_everywhere():
    """For a session left open on a shared computer or a lost phone: every one ends."""
    require_form()
    accounts.log_out_everywhere(current_user)
    logout_user()
    flash("You have logged out on every computer and phone. Please log in again.", "info")
    return redirect(url_for("auth.login"))


@bp.get("/me/export")
def export():
    body = json.dumps(export_for(current_user), indent=2, ensure_ascii=False)
    filename = f"empathy-board-{current_user.username}.json"
    return Response(
        body,
        mimetype="application/json",
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "no-store",
        },
    )


@bp.get("/notifications")
def notification_list():
    return render_template(
        "people/notifications.html", items=notifications.recent(current_user), form=EmptyForm()
    )


@bp.post("/notifications/<int:notification_id>/open")
def open_notification(notification_id: int):
    require_form()
    notification = notifications.mark_read(current_user, notification_id)
    if notification is None:
        abort(404)
    if notification.kind == NotificationKind.URGENT:
        return redirect(url_for("mod.urgent"))
    if notification.kind == NotificationKind.SHOUTOUT and notification.post_id:
        flash("A shout-out for you! Well done.", "celebrate")
    if notification.post_id:
        anchor = f"reply-{notification.reply_id}" if notification.reply_id else None
        return redirect(url_for("posts.show", post_id=notification.post_id, _anchor=anchor))
    return redirect(url_for("people.notification_list"))


@bp.post("/notifications/read-all")
def read_all():
    require_form()
    notifications.mark_all_read(current_user)
    flash("All caught up!", "info")
    return redirect(url_for("people.notification_list"))
