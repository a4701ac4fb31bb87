"""Moderation decisions: what status new and edited content gets, given the screener's verdict.

The moderation mode (review everything / review new members and flagged / publish at once) is
applied here, at the posting seam, so views never decide.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select, update

from .extensions import db
from .models import NotificationKind, Post, PostKind, Role, Status, User
from .notifications import notify
from .screening import Verdict

HELPER_WAIT = timedelta(hours=24)


def initial_status(author: User, verdict: Verdict) -> Status:
    """Publish clean content at once; anything the screener flags waits for staff."""
    return Status.PUBLISHED if verdict.clean else Status.PENDING


def waiting_for_a_helper(now: datetime):
    """Published, unresolved help requests that nobody has answered for HELPER_WAIT."""
    from .queries import public_posts, with_cards

    return with_cards(
        select(Post)
        .where(
            public_posts(),
            Post.kind == PostKind.HELP,
            Post.resolved_at.is_(None),
            Post.first_reply_at.is_(None),
            Post.created_at <= now - HELPER_WAIT,
        )
        .order_by(Post.created_at)
    )


def alert_staff_about_waiting(now: datetime) -> int:
    """Tell every member of staff, once per request, that it has waited a day for a helper.
    Run from cron or a timer (`flask --app board alert-waiting`)."""
    posts = (
        db.session.scalars(waiting_for_a_helper(now).where(Post.staff_alerted_at.is_(None)))
        .unique()
        .all()
    )
    if not posts:
        return 0
    staff = db.session.scalars(select(User.id).where(User.role.in_([Role.STAFF, Role.ADMIN]))).all()
    for post in posts:
        # Claim the post first so two runs at once cannot both send the alert.
        claimed = db.session.execute(
            update(Post)
            .where(Post.id == post.id, Post.staff_alerted_at.is_(None))
            .values(staff_alerted_at=now)
        ).rowcount
        if claimed:
            for staff_id in staff:
                notify(staff_id, NotificationKind.WAITING, post=post)
    db.session.commit()
    return len(posts)
