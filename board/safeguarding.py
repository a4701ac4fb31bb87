"""The crisis path, in two tiers.

* Urgent (clear intent, a plan, abuse happening; an "at risk" report; staff escalating by
  hand): safeguarding leads are alerted at once (in-app and by email), the alert tops the
  urgent queue until a lead acknowledges it, and escalates along the admins' list when nobody
  does in time.
* Concern (hopelessness, possible self-harm, ambiguous signals): no pager. The item waits in
  the pastoral review queue for a safeguarding lead or a member of staff with pastoral duty,
  who looks at it the same school day: not a concern (published as an approval would), keep
  private (followed up, stays held), or escalate to urgent.

Nothing here is shown to peers: a crisis post or reply is held (never published) by the
posting seam, which calls `raise_alert` in the same transaction.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta

from flask import current_app, has_request_context, url_for
from sqlalchemy import or_, select, update
from sqlalchemy.orm import joinedload

from . import audit, mail, permissions, screening_labels, settings
from .extensions import db
from .models import (
    NotificationKind,
    Post,
    Reply,
    Role,
    SafeguardingAlert,
    Status,
    User,
    utcnow,
)
from .notifications import notify
from .screening import Reason, Verdict

URGENT = "urgent"
CONCERN = "concern"
# A concern is looked at the same school day; one waiting longer shows as overdue.
PASTORAL_DAY = timedelta(hours=8)
# What a reviewer may decide about a concern, and what the audit log calls it.
CONCERN_OUTCOMES = {
    "not_a_concern": "pastoral_not_a_concern",
    "kept_private": "pastoral_keep_private",
    "escalated": "pastoral_escalate",
}
SHOWN = 100


def tier(severity: str | None) -> str:
    """The tier of a crisis reading. Anything but a concern is urgent: when in doubt, page."""
    return CONCERN if severity == CONCERN else URGENT


def in_tier(name: str):
    """SQL condition: the alerts of one tier (the same rule as `tier`)."""
    if name == CONCERN:
        return SafeguardingAlert.severity == CONCERN
    return SafeguardingAlert.severity != CONCERN


def waiting():
    """SQL condition: nobody has dealt with the alert yet."""
    return SafeguardingAlert.acknowledged_at.is_(None)


# Outcomes after which the item stays away from peers: it was a crisis or a concern.
HOLDING = ("acknowledged", "kept_private", "escalated")


class HeldForSafeguarding(ValueError):  # noqa: N818 - a state, not a failure
    """Only a safeguarding lead or the pastoral team may release this item."""


def held(item: Post | Reply) -> bool:
    """Whether an alert holds this post or reply away from peers: one still waiting for a lead
    or the pastoral team, or one they judged a crisis or a concern. Only the pastoral review's
    "Not a concern" releases an item; approving, restoring or editing it does not."""
    if isinstance(item, Reply):
        about = SafeguardingAlert.reply_id == item.id
    else:
        about = (SafeguardingAlert.post_id == item.id) & SafeguardingAlert.reply_id.is_(None)
    holding = or_(waiting(), SafeguardingAlert.outcome.in_(HOLDING))
    holder = db.session.scalar(select(SafeguardingAlert.id).where(about, holding).limit(1))
    return holder is not None


def leads() -> list[User]:
    """Everyone an urgent alert pages: the people who may acknowledge it."""
    found = db.session.scalars(
        select(User).where(User.is_safeguarding_lead.is_(True), User.role != Role.STUDENT)
    ).all()
    return [lead for lead in found if permissions.can_acknowledge_alert(lead)]


# The queue where each tier's items wait.
QUEUE_ENDPOINTS = {URGENT: "mod.urgent", CONCERN: "mod.pastoral"}


def duties(user: User | None, counts: dict[str, int] | None = None) -> list[tuple[str, int]]:
    """What waits for this person in the safeguarding queues, most pressing first, as
    (tier, how many): urgent alerts nobody has acknowledged, if they may acknowledge them;
    concerns nobody has reviewed, if they may review them. Someone with neither duty costs no
    query. `counts` is moderation.counts(), which every staff page reads already (the banner
    in base.html asks with it); without it, it is read here."""
    urgent, concern = permissions.can_acknowledge_alert(user), permissions.can_review_pastoral(user)
    if not (urgent or concern):
        return []
    if counts is None:
        from .moderation import counts as read_counts  # moderation imports this module

        counts = read_counts()
    found = []
    if urgent and counts.get("urgent"):
        found.append((URGENT, counts["urgent"]))
    if concern and counts.get("pastoral"):
        found.append((CONCERN, counts["pastoral"]))
    return found


def raise_alert(
    student: User,
    verdict: Verdict,
    post: Post | None = None,
    reply: Reply | None = None,
    raised_by: str = "screener",
) -> SafeguardingAlert:
    """Record the alert in its tier. An urgent one tells every safeguarding lead now (in-app
    and by email); a concern only joins the pastoral review queue."""
    alert = SafeguardingAlert(
        post_id=post.id if post else None,
        reply_id=reply.id if reply else None,
        student_id=student.id,
        severity=tier(verdict.severity),
        raised_by=raised_by,
        reasons=json.dumps([{"rule": r.rule, "matched": r.matched} for r in verdict.reasons]),
    )
    db.session.add(alert)
    db.session.flush()
    if alert.severity == CONCERN:
        return alert
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


def alerts(name: str) -> list[SafeguardingAlert]:
    """A tier's queue: the ones waiting first, oldest first, then the recently dealt with."""
    return db.session.scalars(
        select(SafeguardingAlert)
        .where(in_tier(name))
        .options(
            joinedload(SafeguardingAlert.student),
            joinedload(SafeguardingAlert.post),
            joinedload(SafeguardingAlert.reply),
            joinedload(SafeguardingAlert.acknowledged_by),
        )
        .order_by(SafeguardingAlert.acknowledged_at.is_not(None), SafeguardingAlert.created_at)
        .limit(SHOWN)
    ).all()


def _item(alert: SafeguardingAlert) -> Post | Reply | None:
    if alert.reply_id:
        return db.session.get(Reply, alert.reply_id)
    return db.session.get(Post, alert.post_id) if alert.post_id else None


def _claim(alert: SafeguardingAlert, staff: User, outcome: str, note: str | None) -> bool:
    """Mark the alert dealt with, unless someone else just did (two leads clicking at once:
    only one of them publishes, escalates or is recorded)."""
    claimed = db.session.execute(
        update(SafeguardingAlert)
        .where(SafeguardingAlert.id == alert.id, waiting())
        .values(
            acknowledged_at=utcnow(),
            acknowledged_by_id=staff.id,
            outcome=outcome,
            note=" ".join((note or "").split())[:500] or None,
        )
    ).rowcount
    return claimed == 1


# ---------------------------------------------------------------------------------------------
# Urgent


def acknowledge(
    alert: SafeguardingAlert, lead: User, note: str | None = None, not_a_crisis: bool = False
) -> bool:
    """A lead has seen the alert and is acting on it; or, with `not_a_crisis`, has looked and
    found nobody at risk. Either ends the escalation. False if it was already dealt with.

    A post the screener held that a lead finds is not a crisis is published, as an approval
    would, unless another alert still holds it: otherwise it would wait in no queue at all."""
    from . import moderation  # moderation raises alerts through this module

    outcome = "not_a_crisis" if not_a_crisis else "acknowledged"
    if not _claim(alert, lead, outcome, note):
        return False
    item = _item(alert)
    screening_labels.learn(lead, item, outcome, alert.raised_by)
    if (
        not_a_crisis
        and alert.raised_by == "screener"
        and item is not None
        and item.status == Status.PENDING
        and item.deleted_at is None
        and not held(item)
    ):
        moderation.publish(item)
    action = "alert_not_a_crisis" if not_a_crisis else "acknowledge_alert"
    audit.record(lead, action, f"alert #{alert.id}", note)
    db.session.commit()
    return True


def escalate_due(now: datetime) -> int:
    """Pass every urgent alert that has waited too long to the next contact on the escalation
    list. Run every minute or so (`flask --app board escalate`); `now` is injected for tests.

    A contact who could not acknowledge the alert (a username that is no lead, or no longer
    one, or is suspended) is passed over for the next one at once: the settings page refuses
    such a name, but a list saved earlier, or a lead who since lost the role, may hold one."""
    wait = timedelta(minutes=int(settings.get("escalation_minutes")))
    contacts: list[str] = settings.get("escalation_list")
    escalated = 0
    pending = db.session.scalars(
        select(SafeguardingAlert)
        .where(in_tier(URGENT), waiting())
        .order_by(SafeguardingAlert.id)
        .with_for_update(skip_locked=True)
    ).all()
    for alert in pending:
        since = alert.escalated_at or alert.created_at
        if since + wait > now:
            continue
        while alert.escalation_step < len(contacts):
            contact = contacts[alert.escalation_step]
            alert.escalation_step += 1
            if _contact(contact, alert, now):
                alert.escalated_at = now
                escalated += 1
                break
    db.session.commit()
    return escalated


def _contact(contact: str, alert: SafeguardingAlert, now: datetime) -> bool:
    """Tell one contact on the escalation list; False if they could not acknowledge it."""
    student = db.session.get(User, alert.student_id) if alert.student_id else None
    if "@" in contact:
        mail.send(
            [contact],
            "URGENT (not yet acknowledged): a student may be at risk",
            _email_body(alert, student) if student else "An urgent alert is waiting.",
        )
        return True
    user = settings.escalation_contact(contact)
    if user is None or not permissions.can_acknowledge_alert(user) or user.suspended_at(now):
        current_app.logger.warning(
            "Escalation passed over %r: they cannot acknowledge urgent alerts", contact
        )
        return False
    target = db.session.get(Post, alert.post_id) if alert.post_id else None
    notify(user.id, NotificationKind.URGENT, post=target, detail="escalated")
    return True


# ---------------------------------------------------------------------------------------------
# Concern: the pastoral review queue


def overdue(alert: SafeguardingAlert, now: datetime) -> bool:
    """A concern still waiting after the school day it was meant to be looked at in."""
    return alert.acknowledged_at is None and now - alert.created_at > PASTORAL_DAY


def review_concern(
    alert: SafeguardingAlert, reviewer: User, outcome: str, note: str | None = None
) -> bool:
    """A lead or pastoral member of staff decides about a concern (CONCERN_OUTCOMES):

    * not_a_concern: the item is published as an approval would publish it;
    * kept_private: they have followed it up; it stays held from other students;
    * escalated: it goes the urgent way now (leads alerted, urgent queue, escalation).

    False if somebody already dealt with it."""
    from . import moderation  # moderation raises alerts through this module

    if outcome not in CONCERN_OUTCOMES:
        raise ValueError(outcome)
    if alert.severity != CONCERN or not _claim(alert, reviewer, outcome, note):
        return False
    item = _item(alert)
    screening_labels.learn(reviewer, item, outcome)
    if outcome == "not_a_concern" and item is not None:
        if item.status == Status.PENDING and item.deleted_at is None:
            moderation.publish(item)
    elif outcome == "escalated":
        student = db.session.get(User, alert.student_id) if alert.student_id else None
        if student is not None:
            _escalate(alert, student, reviewer, item, note)
    audit.record(reviewer, CONCERN_OUTCOMES[outcome], f"alert #{alert.id}", note)
    db.session.commit()
    return True


def _escalate(
    alert: SafeguardingAlert, student: User, reviewer: User, item, note: str | None
) -> None:
    """Raise an urgent alert about a concern's item, keeping the screener's reasons."""
    escalated = f"Escalated from pastoral review by {reviewer.display_name}"
    reasons = [Reason("pastoral", escalated, note or "", 0, 0)] + [
        Reason("pastoral", r["rule"], r["matched"], 0, 0) for r in json.loads(alert.reasons)
    ]
    verdict = Verdict("crisis", URGENT, tuple(reasons))
    is_reply = isinstance(item, Reply)
    raise_alert(
        student,
        verdict,
        post=None if is_reply else item,
        reply=item if is_reply else None,
        raised_by="pastoral",
    )
