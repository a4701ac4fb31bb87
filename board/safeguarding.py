"""The crisis path: urgent alerts to safeguarding leads, acknowledgement, and escalation
along the admins' list when nobody acknowledges in time.

Nothing here is shown to peers: a crisis post or reply is held (never published) by the
posting seam, which calls `raise_alert` in the same transaction.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta

from flask import current_app, has_request_context, url_for
from sqlalchemy import select

from . import audit, mail, settings
from .extensions import db
from .models import NotificationKind, Post, Reply, Role, SafeguardingAlert, User, utcnow
from .notifications import notify
from .screening import Verdict


def leads() -> list[User]:
    return db.session.scalars(
        select(User).where(User.is_safeguarding_lead.is_(True), User.role != Role.STUDENT)
    ).all()


def raise_alert(
    student: User, verdict: Verdict, post: Post | None = None, reply: Reply | None = None
) -> SafeguardingAlert:
    """Record the alert and tell every safeguarding lead now (in-app and by email)."""
    alert = SafeguardingAlert(
        post_id=post.id if post else None,
        reply_id=reply.id if reply else None,
        student_id=student.id,
        severity=verdict.severity or "urgent",
        reasons=json.dumps([{"rule": r.rule, "matched": r.matched} for r in verdict.reasons]),
    )
    db.session.add(alert)
    db.session.flush()
    target = post or (db.session.get(Post, reply.post_id) if reply else None)
    for lead in leads():
        notify(lead.id, NotificationKind.URGENT, post=target, reply=reply)
    mail.send(
        settings.get("safeguarding_emails"),
        "URGENT: a student may be at risk",
        _email_body(alert, student),
    )
    return alert


def _urgent_link() -> str:
    """An absolute link for an email: from the request, or BASE_URL when run from cron."""
    if has_request_context():
        return url_for("mod.urgent", _external=True)
    return current_app.config.get("BASE_URL", "").rstrip("/") + "/mod/urgent"


def _email_body(alert: SafeguardingAlert, student: User) -> str:
    link = _urgent_link()
    return (
        f"The Empathy Board screener read a {'post' if alert.post_id else 'reply'} by "
        f"{student.username} as a possible crisis ({alert.severity}).\n\n"
        f"It was not shown to other students. Please look at it now and acknowledge it:\n{link}\n"
    )


def acknowledge(alert: SafeguardingAlert, lead: User, note: str | None = None) -> None:
    if alert.acknowledged_at is None:
        alert.acknowledged_at = utcnow()
        alert.acknowledged_by_id = lead.id
        audit.record(lead, "acknowledge_alert", f"alert #{alert.id}", note)
        db.session.commit()


def escalate_due(now: datetime) -> int:
    """Pass every alert that has waited too long to the next contact on the escalation list.
    Run every minute or so (`flask --app board escalate`); `now` is injected for tests."""
    wait = timedelta(minutes=int(settings.get("escalation_minutes")))
    contacts: list[str] = settings.get("escalation_list")
    escalated = 0
    pending = db.session.scalars(
        select(SafeguardingAlert)
        .where(SafeguardingAlert.acknowledged_at.is_(None))
        .order_by(SafeguardingAlert.id)
        .with_for_update(skip_locked=True)
    ).all()
    for alert in pending:
        since = alert.escalated_at or alert.created_at
        if since + wait > now or alert.escalation_step >= len(contacts):
            continue
        contact = contacts[alert.escalation_step]
        alert.escalation_step += 1
        alert.escalated_at = now
        _contact(contact, alert)
        escalated += 1
    db.session.commit()
    return escalated


def _contact(contact: str, alert: SafeguardingAlert) -> None:
    student = db.session.get(User, alert.student_id) if alert.student_id else None
    if "@" in contact:
        mail.send(
            [contact],
            "URGENT (not yet acknowledged): a student may be at risk",
            _email_body(alert, student) if student else "An urgent alert is waiting.",
        )
        return
    user = db.session.scalar(select(User).where(User.username_key == contact.lower()))
    if user is not None:
        target = db.session.get(Post, alert.post_id) if alert.post_id else None
        notify(user.id, NotificationKind.URGENT, post=target, detail="escalated")
