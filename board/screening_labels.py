"""Learning from staff decisions: what each decision about a screened post or reply says its
text is, kept as a labelled example (ScreeningExample) in the school's own database for
`flask --app board screening retrain` to learn from. Nothing here judges text (that is
board/screening/), and nothing leaves the school.

`learn` is called at every decision point (moderation.py, safeguarding.py); `_label` is the one
table of what each decision teaches. One example per item: a later decision about the same
item updates it, so the last person's word stands.
"""

from __future__ import annotations

import json

from sqlalchemy import delete, func, or_, select
from sqlalchemy.exc import IntegrityError

from .extensions import db
from .models import Post, Reply, Report, ReportReason, ScreeningExample, User

LABELS = ("urgent", "concern", "unkind", "clean")
# Staff decisions about an item (moderation.py) ...
PUBLISHED = ("approve", "restore")
TAKEN_DOWN = ("reject", "hide", "remove")
# ... and about an alert (safeguarding.py), with who raised the alert.
ACKNOWLEDGED = {
    "screener": "urgent_confirmed",
    "report": "at_risk_report_confirmed",
    "staff": "escalation_confirmed",
    "pastoral": "concern_escalated",
}


def screened_text(item: Post | Reply) -> str:
    """The item's text exactly as the screener read it (posting._decide joins the fields)."""
    from .posting import joined, screened_fields  # posting imports what imports this module

    return joined(screened_fields(item))


def _reading(item: Post | Reply) -> str:
    """What the screener read the item as: "clean", "unkind", "crisis", "personal_info" ..."""
    return json.loads(item.screening)["category"] if item.screening else "clean"


def _reported_unkind(item: Post | Reply) -> bool:
    """Someone reported the item as unkind or bullying, and staff have not dealt with it yet."""
    about = (
        (Report.reply_id == item.id)
        if isinstance(item, Reply)
        else ((Report.post_id == item.id) & Report.reply_id.is_(None))
    )
    return (
        db.session.scalar(
            select(Report.id)
            .where(about, Report.reason == ReportReason.UNKIND, Report.resolved_at.is_(None))
            .limit(1)
        )
        is not None
    )


def _label(item: Post | Reply, decision: str, raised_by: str | None) -> tuple[str, str] | None:
    """(label, source) for a decision, or None when it says nothing sure about the text.

    Unkind readings: publishing it says the nudge was unfair, taking it down that it was fair.
    Clean readings reported as unkind: taking it down is harm the screener missed; publishing
    it (restore, approve from the Reported queue) says the report was not upheld.
    Urgent alerts: acknowledged means urgent. "Not a crisis" means clean when the screener
    raised it, still a concern when it came up from pastoral review; about an alert that a
    report or a member of staff raised it says nothing about the text (it may still be unkind).
    Concerns: each pastoral outcome is a label.
    """
    if decision in PUBLISHED or decision in TAKEN_DOWN:
        reading = _reading(item)
        if reading == "unkind":
            return ("clean", "nudge_unfair") if decision in PUBLISHED else ("unkind", "nudge_fair")
        if reading == "clean" and _reported_unkind(item):
            if decision in PUBLISHED:
                return "clean", "report_not_upheld"
            return "unkind", "missed_harm_report"
        return None
    if decision == "acknowledged":
        return "urgent", ACKNOWLEDGED.get(raised_by or "screener", "urgent_confirmed")
    if decision == "not_a_crisis":
        return {
            "screener": ("clean", "urgent_dismissed"),
            "pastoral": ("concern", "escalation_dismissed"),
        }.get(raised_by or "screener")
    return {
        "not_a_concern": ("clean", "concern_dismissed"),
        "kept_private": ("concern", "concern_confirmed"),
        "escalated": ("urgent", "concern_escalated"),
    }.get(decision)


def learn(
    staff: User, item: Post | Reply | None, decision: str, raised_by: str | None = None
) -> ScreeningExample | None:
    """Keep what `staff`'s decision about `item` says about its text, in the current
    transaction (the action that calls this commits). Call it before the decision closes the
    item's reports."""
    if item is None:
        return None
    found = _label(item, decision, raised_by)
    if found is None:
        return None
    label, source = found
    values = {
        "text": screened_text(item),
        "label": label,
        "source": source,
        "decided_by_id": staff.id,
        "writer_id": item.author_id,
    }
    example = _example_of(item)
    if example is None:
        key = {"reply_id": item.id} if isinstance(item, Reply) else {"post_id": item.id}
        try:
            with db.session.begin_nested():
                example = ScreeningExample(**key, **values)
                db.session.add(example)
            return example
        except IntegrityError:  # someone decided about the same item at the same moment
            example = _example_of(item)
    for name, value in values.items():
        setattr(example, name, value)
    return example


def _example_of(item: Post | Reply) -> ScreeningExample | None:
    column = ScreeningExample.reply_id if isinstance(item, Reply) else ScreeningExample.post_id
    return db.session.scalar(select(ScreeningExample).where(column == item.id))


def forget_writer(user_id: int) -> None:
    """Delete the examples of everything this person wrote (their account is being deleted),
    also those whose post or reply is already gone."""
    db.session.execute(
        delete(ScreeningExample)
        .where(
            or_(
                ScreeningExample.writer_id == user_id,
                ScreeningExample.post_id.in_(select(Post.id).where(Post.author_id == user_id)),
                ScreeningExample.reply_id.in_(select(Reply.id).where(Reply.author_id == user_id)),
            )
        )
        .execution_options(synchronize_session=False)
    )


# ---------------------------------------------------------------------------------------------
# For the retrain command


def labelled_examples() -> list[tuple[str, str]]:
    """Every example as (text, label), oldest first."""
    return [
        (text, label)
        for text, label in db.session.execute(
            select(ScreeningExample.text, ScreeningExample.label).order_by(ScreeningExample.id)
        )
    ]


def label_counts() -> dict[str, int]:
    """How many examples carry each label (every label listed, 0 when there are none)."""
    counts = dict(
        db.session.execute(
            select(ScreeningExample.label, func.count()).group_by(ScreeningExample.label)
        ).all()
    )
    return {label: counts.get(label, 0) for label in LABELS}
