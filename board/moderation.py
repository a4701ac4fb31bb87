"""Moderation decisions: what status new and edited content gets, given the screener's verdict.

The moderation mode (review everything / review new members and flagged / publish at once) is
applied here, at the posting seam, so views never decide.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Container
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import and_, func, select, update
from sqlalchemy.orm import joinedload

from . import audit, permissions, ranking, safeguarding, screening_labels, settings
from .extensions import db
from .models import (
    IllegalTransition,
    NotificationKind,
    Post,
    PostKind,
    Reply,
    Report,
    ReportReason,
    Role,
    StaffNote,
    Status,
    User,
    Warning,
    WatchedWord,
    move,
    utcnow,
)
from .notifications import notify
from .screening import Reason, Verdict, WatchedRule

HELPER_WAIT = timedelta(hours=24)


def watched_rules() -> list[WatchedRule]:
    return [
        WatchedRule(pattern, action)
        for pattern, action in db.session.execute(select(WatchedWord.pattern, WatchedWord.action))
    ]


def is_new_member(author: User) -> bool:
    """Fewer than the configured number of published posts and replies so far, unless the
    account was made an established member."""
    if author.established_at is not None:
        return False
    limit = int(settings.get("new_member_posts"))
    published = db.session.scalar(
        select(func.count())
        .select_from(Post)
        .where(Post.author_id == author.id, Post.status == Status.PUBLISHED)
    ) + db.session.scalar(
        select(func.count())
        .select_from(Reply)
        .where(Reply.author_id == author.id, Reply.status == Status.PUBLISHED)
    )
    return published < limit


def held_as_new_member(item: Post | Reply) -> bool:
    """Waiting for staff only because its writer is new: under "new_members" with nothing
    flagged, nothing else holds a student's post (initial_status). The writer is told so."""
    if item.status != Status.PENDING or settings.get("moderation_mode") != "new_members":
        return False
    return json.loads(item.screening or "{}").get("category", "clean") == "clean"


def initial_status(author: User, verdict: Verdict, posted_anyway: bool = False) -> Status:
    """The status of new or edited content, from the verdict and the moderation mode.

    A crisis is never published to peers; "Post anyway" and a watched word on hold always
    wait for staff. Otherwise the admin's mode decides: review everything first; review new
    members' first posts and anything flagged (the default); or publish at once and review
    flagged content afterwards (it shows in the Flagged queue).
    """
    if verdict.category == "crisis" or posted_anyway:
        return Status.PENDING
    if verdict.category == "watched" and verdict.severity == "hold":
        return Status.PENDING
    if verdict.category == "language" and author.role == Role.STUDENT:
        return Status.PENDING  # not screened: a person reads it first, in every mode
    if author.role != Role.STUDENT:
        return Status.PUBLISHED
    mode = settings.get("moderation_mode")
    flagged = not verdict.clean
    if mode == "everything":
        return Status.PENDING
    if mode == "new_members" and (flagged or is_new_member(author)):
        return Status.PENDING
    return Status.PUBLISHED


def waiting_a_day(now: datetime):
    """SQL condition: published, unresolved help requests nobody has answered for HELPER_WAIT."""
    from .queries import open_requests, unanswered

    return and_(open_requests(), unanswered(), Post.created_at <= now - HELPER_WAIT)


def waiting_for_a_helper(now: datetime):
    """Those requests with their cards, the ones that most recently passed a day first."""
    from .queries import with_cards

    return with_cards(
        select(Post).where(waiting_a_day(now)).order_by(Post.created_at.desc(), Post.id.desc())
    )


WAITING_SHOWN = 50
WAITING_COUNTED = 1000


def waiting_list(now: datetime) -> tuple[list[Post], int]:
    """The staff's list: the WAITING_SHOWN requests that most recently passed a day without a
    helper (their askers are the likeliest to be still waiting), and how many there are in all,
    counted up to WAITING_COUNTED + 1 (a board gathers thousands over the years; counting them
    all took 25-50 ms at 100k posts)."""
    posts = db.session.scalars(waiting_for_a_helper(now).limit(WAITING_SHOWN)).unique().all()
    capped = select(Post.id).where(waiting_a_day(now)).limit(WAITING_COUNTED + 1).subquery()
    return posts, db.session.scalar(select(func.count()).select_from(capped))


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


# ---------------------------------------------------------------------------------------------
# Decisions about a post or reply. Each: change the status through the lifecycle, tell the
# author (kindly, with the reason), tell whoever reported it, record it in the audit log.

REJECT_REASONS = {
    "unkind": "it could hurt or upset someone",
    "private": "it shares private information",
    "not_for_board": "it isn't what the board is for",
    "spam": "it looks like spam",
    "other": "of something a member of staff will talk to you about",
}


def _post_of(item: Post | Reply) -> Post:
    return item if isinstance(item, Post) else db.session.get(Post, item.post_id)


def _describe(item: Post | Reply) -> str:
    return f"{type(item).__name__.lower()} #{item.id}"


def _decided(item: Post | Reply, reason: str | None, note: str | None) -> None:
    item.decision_reason = reason
    item.decision_note = (note or "").strip()[:500] or None
    item.decided_at = utcnow()


def _tell_author(item: Post | Reply, outcome: str) -> None:
    notify(
        item.author_id,
        NotificationKind.DECISION,
        post=_post_of(item),
        reply=item if isinstance(item, Reply) else None,
        detail=outcome,
    )


def _close_reports(item: Post | Reply, kept: bool) -> None:
    """Mark open reports about the item dealt with, and tell each reporter what staff did:
    took it down, or looked and kept it (detail "kept": the reporter is not told staff acted)."""

    condition = (
        (Report.reply_id == item.id)
        if isinstance(item, Reply)
        else ((Report.post_id == item.id) & Report.reply_id.is_(None))
    )
    reports = db.session.scalars(
        select(Report).where(condition, Report.resolved_at.is_(None))
    ).all()
    for report in reports:
        report.resolved_at = utcnow()
        notify(
            report.reporter_id,
            NotificationKind.REPORT_DONE,
            post=_post_of(item),
            detail="kept" if kept else None,
        )


def _refresh_counts(item: Post | Reply) -> None:
    from . import posting  # posting builds on moderation, so imported here

    post = _post_of(item)
    if isinstance(item, Reply):
        posting.recount({post.id})
    else:
        ranking.refresh(post)


def publish(item: Post | Reply) -> None:
    """Publish a post or reply that was waiting, and tell whoever should know; the caller
    records the decision and commits. Approving does this, and so does a pastoral reviewer's
    "Not a concern"."""
    from . import posting  # posting builds on moderation, so imported here

    move(item, Status.PUBLISHED)
    _decided(item, None, None)
    _refresh_counts(item)
    post = _post_of(item)
    if isinstance(item, Post) and post.kind == PostKind.SHOUTOUT:
        posting.announce_shoutout(post, db.session.get(User, post.author_id))
    _tell_author(item, "approved")
    _close_reports(item, kept=True)


def approve(actor: User, item: Post | Reply) -> None:
    """Publish a post or reply that was waiting for review (or clear a published one from the
    Reported and Flagged queues). An item held for safeguarding is not staff's to publish."""
    if safeguarding.held(item):
        raise safeguarding.HeldForSafeguarding()
    screening_labels.learn(actor, item, "approve")  # before publishing closes the reports
    publish(item)
    audit.record(actor, "approve", _describe(item))
    db.session.commit()


def reject(actor: User, item: Post | Reply, reason: str, note: str | None = None) -> None:
    if reason not in REJECT_REASONS:
        raise ValueError(reason)
    move(item, Status.REJECTED if item.status == Status.PENDING else Status.REMOVED)
    screening_labels.learn(actor, item, "reject")
    _decided(item, reason, note)
    _refresh_counts(item)
    _tell_author(item, "rejected")
    _close_reports(item, kept=False)
    audit.record(actor, "reject", _describe(item), f"{reason}: {note or ''}".strip(": "))
    db.session.commit()


def hide(actor: User | None, item: Post | Reply, note: str | None = None) -> None:
    """Take a published item out of every student's view until staff decide."""

    move(item, Status.HIDDEN)
    _refresh_counts(item)
    if actor is not None:
        screening_labels.learn(actor, item, "hide")
        _decided(item, None, note)
        _tell_author(item, "hidden")
    audit.record(actor, "hide", _describe(item), note)
    db.session.commit()


def restore(actor: User, item: Post | Reply) -> None:
    """Put a hidden item back: the reports about it were not upheld."""
    if safeguarding.held(item):
        raise safeguarding.HeldForSafeguarding()
    move(item, Status.PUBLISHED)
    screening_labels.learn(actor, item, "restore")
    _decided(item, None, None)
    _refresh_counts(item)
    _tell_author(item, "restored")
    _close_reports(item, kept=True)
    audit.record(actor, "restore", _describe(item))
    db.session.commit()


def remove(actor: User, item: Post | Reply, reason: str, note: str | None = None) -> None:
    if item.status == Status.PUBLISHED:
        move(item, Status.HIDDEN)
    move(item, Status.REMOVED)
    screening_labels.learn(actor, item, "remove")
    _decided(item, reason, note)
    _refresh_counts(item)
    _tell_author(item, "removed")
    _close_reports(item, kept=False)
    audit.record(actor, "remove", _describe(item), f"{reason}: {note or ''}".strip(": "))
    db.session.commit()


def warn(actor: User, student: User, reason: str, post: Post | None = None) -> None:

    reason = " ".join(reason.split())[:500]
    db.session.add(
        Warning(
            user_id=student.id, staff_id=actor.id, reason=reason, post_id=post.id if post else None
        )
    )
    notify(student.id, NotificationKind.WARNING, post=post, detail="warning")
    audit.record(actor, "warn", f"student {student.username}", reason)
    db.session.commit()


def add_note(actor: User, student: User, text: str) -> None:

    db.session.add(StaffNote(user_id=student.id, staff_id=actor.id, text=text.strip()[:2000]))
    audit.record(actor, "add_note", f"student {student.username}")
    db.session.commit()


def escalate(actor: User, item: Post | Reply, note: str | None = None) -> None:
    """Staff pass something to the safeguarding leads by hand."""

    verdict = Verdict(
        "crisis",
        "urgent",
        (Reason("staff", f"Escalated by {actor.display_name}", note or "", 0, 0),),
    )
    student = db.session.get(User, item.author_id)
    if isinstance(item, Reply):
        safeguarding.raise_alert(student, verdict, reply=item, raised_by="staff")
    else:
        safeguarding.raise_alert(student, verdict, post=item, raised_by="staff")
    audit.record(actor, "escalate", _describe(item), note)
    db.session.commit()


def set_thread(actor: User, post: Post, slow_minutes: int | None, closed: bool) -> None:
    """Slow a busy thread down (one reply per student per N minutes) or close it."""

    post.slow_mode_minutes = slow_minutes or None
    post.closed_at = (post.closed_at or utcnow()) if closed else None
    state = "closed" if closed else f"slow mode {slow_minutes} min" if slow_minutes else "open"
    audit.record(actor, "thread", f"post #{post.id}: {state}")
    db.session.commit()


# ---------------------------------------------------------------------------------------------
# Reports


class AlreadyReported(ValueError):
    pass


def report(
    reporter: User, post: Post, reply: Reply | None, reason: str, note: str | None = None
) -> None:
    """One report per person per item. "Someone may be at risk" goes to the urgent queue;
    enough different reporters hide a published item until staff review it."""

    exists = db.session.scalar(
        select(Report.id).where(
            Report.reporter_id == reporter.id,
            Report.post_id == post.id,
            (Report.reply_id == reply.id) if reply else Report.reply_id.is_(None),
        )
    )
    if exists:
        raise AlreadyReported()
    reason_kind = ReportReason(reason)
    db.session.add(
        Report(
            post_id=post.id,
            reply_id=reply.id if reply else None,
            reporter_id=reporter.id,
            reason=reason_kind,
            note=(note or "").strip()[:500] or None,
        )
    )
    db.session.flush()
    item: Post | Reply = reply or post
    if reason_kind == ReportReason.AT_RISK:
        verdict = Verdict(
            "crisis",
            "urgent",
            (Reason("report", "Reported: someone may be at risk", note or "", 0, 0),),
        )
        student = db.session.get(User, item.author_id)
        if reply:
            safeguarding.raise_alert(student, verdict, reply=reply, raised_by="report")
        else:
            safeguarding.raise_alert(student, verdict, post=post, raised_by="report")
    reporters = db.session.scalar(
        select(func.count(func.distinct(Report.reporter_id))).where(
            Report.post_id == post.id,
            (Report.reply_id == reply.id) if reply else Report.reply_id.is_(None),
            Report.resolved_at.is_(None),
        )
    )
    if item.status == Status.PUBLISHED and reporters >= int(settings.get("report_threshold")):
        hide(None, item, f"{reporters} reports")
    db.session.commit()


# ---------------------------------------------------------------------------------------------
# Queues (/mod): what waits for staff, with everything a moderator needs to decide.

QUEUES = {
    "awaiting": "Awaiting approval",
    "reported": "Reported",
    "flagged": "Flagged",
}
QUEUE_SIZE = 100
# Most urgent first: safeguarding alerts, then what students reported, then what waits to be
# published, then what was published with a flag.
BY_URGENCY = ("urgent", "pastoral", "reported", "awaiting", "flagged")


@dataclass
class QueueItem:
    item: Post | Reply
    post: Post
    author: User
    reasons: list[dict]
    reports: list[Report] = field(default_factory=list)

    @property
    def kind(self) -> str:
        return "reply" if isinstance(self.item, Reply) else "post"

    @property
    def since(self) -> datetime:
        return self.reports[0].created_at if self.reports else self.item.created_at


@dataclass
class History:
    warnings: int = 0
    rejected: int = 0
    notes: int = 0


def queue_filter(model, name: str):
    """Which posts or replies are in a queue. A crisis waits in the urgent queue or the
    pastoral review queue instead."""
    not_crisis = model.screening.is_(None) | ~model.screening.contains('"category": "crisis"')
    if name == "awaiting":
        return (model.status == Status.PENDING) & not_crisis
    if name == "flagged":
        return (
            (model.status == Status.PUBLISHED)
            & model.screening.is_not(None)
            & model.decided_at.is_(None)
            & not_crisis
        )
    open_reports = select(Report.id).where(Report.resolved_at.is_(None))
    if model is Post:
        open_reports = open_reports.where(Report.post_id == Post.id, Report.reply_id.is_(None))
    else:
        open_reports = open_reports.where(Report.reply_id == Reply.id)
    return open_reports.exists()


def queue(name: str) -> list[QueueItem]:
    posts = db.session.scalars(
        select(Post)
        .where(queue_filter(Post, name), Post.deleted_at.is_(None))
        .options(joinedload(Post.author))
        .order_by(Post.id)
        .limit(QUEUE_SIZE)
    ).all()
    replies = db.session.scalars(
        select(Reply)
        .where(queue_filter(Reply, name), Reply.deleted_at.is_(None))
        .options(joinedload(Reply.author), joinedload(Reply.post))
        .order_by(Reply.id)
        .limit(QUEUE_SIZE)
    ).all()
    reports: dict[tuple[str, int], list[Report]] = {}
    if name == "reported":
        open_reports = db.session.scalars(
            select(Report)
            .where(Report.resolved_at.is_(None))
            .options(joinedload(Report.reporter))
            .order_by(Report.id)
        ).all()
        for r in open_reports:
            key = ("reply", r.reply_id) if r.reply_id else ("post", r.post_id)
            reports.setdefault(key, []).append(r)
    items = [
        QueueItem(p, p, p.author, _reasons(p), reports.get(("post", p.id), [])) for p in posts
    ] + [
        QueueItem(r, r.post, r.author, _reasons(r), reports.get(("reply", r.id), []))
        for r in replies
    ]
    return sorted(items, key=lambda q: q.since)[:QUEUE_SIZE]


# What a moderator can do to many items of one queue at once, each item decided exactly as a
# single decision would (its own commit, notification and audit entry).
BULK_ACTIONS = {
    "awaiting": ("approve", "reject"),
    "reported": ("approve", "hide", "restore", "reject"),
    "flagged": ("approve", "hide", "reject"),
}
ACTS_ON = {
    "approve": {Status.PENDING, Status.PUBLISHED},
    "hide": {Status.PUBLISHED},
    "restore": {Status.HIDDEN},
    "reject": {Status.PENDING, Status.PUBLISHED, Status.HIDDEN},
}


@dataclass
class BulkResult:
    done: int = 0
    already_handled: int = 0  # no longer in the queue (someone decided since the page was shown)
    wrong_state: int = 0  # in the queue, but not in a state this action applies to
    held: int = 0  # held for safeguarding: only a lead or the pastoral team releases it
    not_allowed: int = 0  # permissions.can_decide said no


def decide_many(
    actor: User,
    name: str,
    action: str,
    selected: list[tuple[str, int]],
    reason: str | None = None,
    note: str | None = None,
) -> BulkResult:
    """Apply one decision to the selected ("post" or "reply", id) items of a queue. An item that
    has left the queue since the page was shown counts as already handled; one the actor may not
    decide about is skipped, never acted on."""
    if action not in BULK_ACTIONS[name]:
        raise ValueError(action)
    items: list[Post | Reply] = []
    for kind, model in (("post", Post), ("reply", Reply)):
        ids = {item_id for k, item_id in selected if k == kind}
        if ids:
            items += db.session.scalars(
                select(model)
                .where(model.id.in_(ids), queue_filter(model, name), model.deleted_at.is_(None))
                .options(joinedload(model.author))
                .order_by(model.id)
            ).all()
    result = BulkResult(already_handled=len(set(selected)) - len(items))
    for item in items:
        if not permissions.can_decide(actor, item):
            result.not_allowed += 1
            continue
        if item.status not in ACTS_ON[action]:
            result.wrong_state += 1
            continue
        try:
            if action == "reject":
                reject(actor, item, reason or "other", note)
            else:
                {"approve": approve, "hide": hide, "restore": restore}[action](actor, item)
        except IllegalTransition:
            db.session.rollback()
            result.already_handled += 1
        except safeguarding.HeldForSafeguarding:
            db.session.rollback()
            result.held += 1
        else:
            result.done += 1
    return result


def _reasons(item: Post | Reply) -> list[dict]:
    return json.loads(item.screening)["reasons"] if item.screening else []


def counts() -> dict[str, int]:
    """How many items wait in each queue, urgent alerts nobody has acknowledged and concerns
    nobody has reviewed, in one query."""
    from .models import SafeguardingAlert

    def both(name: str):
        return (
            select(func.count())
            .select_from(Post)
            .where(queue_filter(Post, name), Post.deleted_at.is_(None))
            .scalar_subquery()
            + select(func.count())
            .select_from(Reply)
            .where(queue_filter(Reply, name), Reply.deleted_at.is_(None))
            .scalar_subquery()
        )

    def alerts(tier: str):
        return (
            select(func.count())
            .select_from(SafeguardingAlert)
            .where(safeguarding.in_tier(tier), safeguarding.waiting())
            .scalar_subquery()
        )

    row = db.session.execute(
        select(
            alerts(safeguarding.URGENT),
            alerts(safeguarding.CONCERN),
            both("awaiting"),
            both("reported"),
            both("flagged"),
        )
    ).one()
    return dict(zip(["urgent", "pastoral", "awaiting", "reported", "flagged"], row, strict=True))


def histories(user_ids: set[int]) -> dict[int, History]:
    """Warnings, rejected or removed items, and private notes for each author."""
    result = {user_id: History() for user_id in user_ids}
    if not user_ids:
        return result
    for user_id, count in db.session.execute(
        select(Warning.user_id, func.count())
        .where(Warning.user_id.in_(user_ids))
        .group_by(Warning.user_id)
    ):
        result[user_id].warnings = count
    for user_id, count in db.session.execute(
        select(StaffNote.user_id, func.count())
        .where(StaffNote.user_id.in_(user_ids))
        .group_by(StaffNote.user_id)
    ):
        result[user_id].notes = count
    for model in (Post, Reply):
        for user_id, count in db.session.execute(
            select(model.author_id, func.count())
            .where(
                model.author_id.in_(user_ids), model.status.in_([Status.REJECTED, Status.REMOVED])
            )
            .group_by(model.author_id)
        ):
            result[user_id].rejected += count
    return result


# ---------------------------------------------------------------------------------------------
# Watched words


WATCHED_MAX = 100  # WatchedWord.pattern's column


def _watched_pattern(text: str) -> str:
    """A word or phrase as the list keeps it: lower case, single spaces."""
    return " ".join(text.lower().split())


def _watched_problem(pattern: str, action: str, existing: Container[str]) -> str | None:
    """Why this (kept-form) pattern can't join the list, or None. The length is checked on
    the lower-cased pattern: lower-casing can lengthen it ("İ" becomes two code points)."""
    if action not in ("block", "hold", "flag"):
        return "the action must be block, hold or flag."
    if not pattern.strip("*"):
        return "enter a word or phrase, not only *."
    if len(pattern) > WATCHED_MAX:
        return f"a word or phrase is at most {WATCHED_MAX} characters."
    if pattern in existing:
        return "already on the list."
    return None


def add_watched_word(actor: User, pattern: str, action: str) -> WatchedWord:
    pattern = _watched_pattern(pattern)
    taken = db.session.scalars(select(WatchedWord.pattern).where(WatchedWord.pattern == pattern))
    problem = _watched_problem(pattern, action, taken.all())
    if problem:
        raise ValueError(f"“{pattern[:WATCHED_MAX] or '(blank)'}”: {problem}")
    word = WatchedWord(pattern=pattern, action=action, created_by_id=actor.id)
    db.session.add(word)
    audit.record(actor, "add_watched_word", f"{pattern} ({action})")
    db.session.commit()
    return word


def delete_watched_word(actor: User, word: WatchedWord) -> None:
    audit.record(actor, "delete_watched_word", f"{word.pattern} ({word.action})")
    db.session.delete(word)
    db.session.commit()


def import_watched_words(actor: User, text: str) -> tuple[int, list[tuple[int, str]]]:
    """Rows `word or phrase, action`; all or nothing, with a message per bad row."""
    rows, errors = [], []
    existing = set(db.session.scalars(select(WatchedWord.pattern)))
    for line, row in enumerate(csv.reader(io.StringIO(text.lstrip("\ufeff"))), start=1):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != 2:
            errors.append((line, "Expected two columns: word or phrase, block|hold|flag."))
            continue
        pattern, action = _watched_pattern(row[0]), row[1].strip().lower()
        problem = _watched_problem(pattern, action, existing)
        if problem:
            errors.append((line, f"{pattern[:WATCHED_MAX] or '(blank)'}: {problem}"))
        else:
            existing.add(pattern)
            rows.append(WatchedWord(pattern=pattern, action=action, created_by_id=actor.id))
    if errors:
        return 0, errors
    db.session.add_all(rows)
    audit.record(actor, "import_watched_words", f"{len(rows)} entries")
    db.session.commit()
    return len(rows), []
