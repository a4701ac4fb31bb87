"""In-app notifications: created by actions in posting.py, read on /notifications."""

from __future__ import annotations

from sqlalchemy import func, select, update
from sqlalchemy.orm import joinedload

from .extensions import db
from .models import Notification, NotificationKind, Post, Reply, User, utcnow

PAGE_SIZE = 30


def notify(
    user_id: int | None,
    kind: NotificationKind,
    *,
    post: Post | None = None,
    reply: Reply | None = None,
    actor: User | None = None,
    detail: str | None = None,
) -> None:
    """Queue a notification in the current transaction; the caller commits."""
    if user_id is None or (actor is not None and actor.id == user_id):
        return
    db.session.add(
        Notification(
            user_id=user_id,
            kind=kind,
            post_id=post.id if post else None,
            reply_id=reply.id if reply else None,
            actor_id=actor.id if actor else None,
            detail=detail,
        )
    )


def unread_count(user: User) -> int:
    return db.session.scalar(
        select(func.count())
        .select_from(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
    )


def unread_count_column():
    """The unread count of the User in the enclosing query, as a column (security.load_user
    reads it with the user, for the header)."""
    return (
        select(func.count())
        .select_from(Notification)
        .where(Notification.user_id == User.id, Notification.read_at.is_(None))
        .correlate(User)
        .scalar_subquery()
    )


def recent(user: User, limit: int = PAGE_SIZE) -> list[Notification]:
    """The newest notifications, with their posts' recipients: the page shows a post's title
    only where permissions.can_see_title lets the reader see it now."""
    return db.session.scalars(
        select(Notification)
        .where(Notification.user_id == user.id)
        .options(
            joinedload(Notification.post).selectinload(Post.recipients),
            joinedload(Notification.actor),
        )
        .order_by(Notification.id.desc())
        .limit(limit)
    ).all()


def mark_read(user: User, notification_id: int) -> Notification | None:
    notification = db.session.get(Notification, notification_id)
    if notification is None or notification.user_id != user.id:
        return None
    if notification.read_at is None:
        notification.read_at = utcnow()
        db.session.commit()
    return notification


def mark_all_read(user: User) -> None:
    db.session.execute(
        update(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
    )
    db.session.commit()
