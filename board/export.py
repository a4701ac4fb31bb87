"""A student's own data as JSON (/me/export): what they wrote, gave and received, and nothing
about anyone else that they could not already see (anonymous askers stay anonymous, and a
shout-out about them that staff hold or hid keeps its title)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from .extensions import db
from .models import Notification, Post, Reaction, Recipient, Reply, Restriction, User
from .permissions import can_see_title

NOT_SHOWN = "a shout-out (not shown)"


def _time(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def export_for(user: User) -> dict:
    posts = db.session.scalars(
        select(Post).where(Post.author_id == user.id).order_by(Post.id)
    ).all()
    replies = db.session.scalars(
        select(Reply).where(Reply.author_id == user.id).order_by(Reply.id)
    ).all()
    reactions = db.session.scalars(
        select(Reaction).where(Reaction.user_id == user.id).order_by(Reaction.id)
    ).all()
    received = db.session.execute(
        select(Post, Recipient.state)
        .join(Recipient, Recipient.post_id == Post.id)
        .where(Recipient.user_id == user.id)
        .options(selectinload(Post.recipients))
        .order_by(Post.id)
    ).all()
    restricted = db.session.scalars(
        select(Restriction)
        .where(Restriction.user_id == user.id)
        .options(joinedload(Restriction.restricted))
    ).all()
    notifications = db.session.scalars(
        select(Notification).where(Notification.user_id == user.id).order_by(Notification.id)
    ).all()
    return {
        "exported_at": _time(datetime.now().astimezone()),
        "account": {
            "username": user.username,
            "display_name": user.display_name,
            "role": user.role.value,
            "group": user.group.name if user.group else None,
            "joined_at": _time(user.created_at),
            "settings": {
                "shoutouts_about_me": "wait for my OK"
                if user.shoutouts_need_ok
                else "appear at once"
            },
        },
        "posts": [
            {
                "id": p.id,
                "kind": p.kind.value,
                "title": p.title,
                "text": p.body,
                "category": p.category,
                "anonymous": p.anonymous,
                "status": p.status.value,
                "created_at": _time(p.created_at),
                "edited_at": _time(p.edited_at),
                "deleted_at": _time(p.deleted_at),
                "resolved_at": _time(p.resolved_at),
            }
            for p in posts
        ],
        "replies": [
            {
                "id": r.id,
                "post_id": r.post_id,
                "text": r.body,
                "status": r.status.value,
                "created_at": _time(r.created_at),
                "deleted_at": _time(r.deleted_at),
                "marked_helpful_at": _time(r.helped_at),
            }
            for r in replies
        ],
        "reactions_given": [
            {"post_id": r.post_id, "reaction": r.kind.value, "at": _time(r.created_at)}
            for r in reactions
        ],
        "shoutouts_about_me": [
            {
                "post_id": post.id,
                # Not while staff hold or hid it (permissions.can_see_title).
                "title": post.title if can_see_title(user, post) else NOT_SHOWN,
                "my_choice": state.value,
            }
            for post, state in received
        ],
        "restricted_classmates": [r.restricted.username for r in restricted],
        "notifications": [
            {
                "kind": n.kind.value,
                "post_id": n.post_id,
                "at": _time(n.created_at),
                "read": n.read_at is not None,
            }
            for n in notifications
        ],
    }
