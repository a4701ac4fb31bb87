"""Posting actions: create, edit and delete posts and replies, react, mark "This helped",
answer a shout-out about you, restrict a classmate.

Every post, reply and edit goes through one seam, `_decide`: screen the text, then let
moderation decide the status. Each action changes rows, recomputes derived counts from their
source rows, queues notifications and commits once.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import bindparam, delete, func, select, update
from sqlalchemy.exc import IntegrityError

from . import moderation, permissions, ranking, safeguarding, school_model, screening, text
from .extensions import db
from .models import (
    NotificationKind,
    Nudge,
    Post,
    PostKind,
    Reaction,
    ReactionKind,
    Recipient,
    RecipientState,
    Reply,
    Restriction,
    Revision,
    Role,
    Status,
    User,
    move,
    utcnow,
)
from .notifications import notify

TITLE_MAX = 120
BODY_MAX = 4000
RECIPIENTS_MAX = 10
SHOUTOUTS_PER_DAY = 5

HELP_CATEGORIES = {
    "schoolwork": "Schoolwork",
    "friendships": "Friendships",
    "wellbeing": "Wellbeing",
    "clubs": "Clubs & activities",
    "other": "Other",
}
SHOUTOUT_CATEGORIES = {
    "academic": "Academic",
    "arts": "Arts",
    "sports": "Sports",
    "kindness": "Kindness",
    "community": "Community",
    "other": "Other",
}
CATEGORIES = {PostKind.HELP: HELP_CATEGORIES, PostKind.SHOUTOUT: SHOUTOUT_CATEGORIES}
# Positive only: there is no downvote, no dislike and no public score.
REACTIONS = [
    (ReactionKind.SUPPORT, "Support", "💛"),
    (ReactionKind.CELEBRATE, "Celebrate", "🎉"),
    (ReactionKind.ME_TOO, "Me too", "🙌"),
    (ReactionKind.INSPIRED, "Inspired", "✨"),
]


class PostingError(ValueError):
    """Something the writer can fix; `field` names the form field."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


@dataclass
class Draft:
    kind: PostKind
    title: str
    body: str
    category: str
    anonymous: bool = False
    recipients: list[str] = field(default_factory=list)


# ---------------------------------------------------------------------------------------------
# The seam


class NeedsRethink(Exception):  # noqa: N818 - it is a moment, not a failure
    """The screener found words that might hurt (or private details): the writer is asked to
    rethink. `spans` maps a form field to the character ranges to highlight in it."""

    def __init__(self, verdict: screening.Verdict, nudge_id: int, spans: dict[str, list]):
        super().__init__(verdict.category)
        self.verdict = verdict
        self.nudge_id = nudge_id
        self.spans = spans


@dataclass
class Submission:
    """How the writer sent it: first try, or after a nudge ("Edit my post" / "Post anyway")."""

    nudge_id: int | None = None
    post_anyway: bool = False


@dataclass
class Decision:
    status: Status
    verdict: screening.Verdict

    @property
    def crisis(self) -> bool:
        return self.verdict.category == "crisis"

    def screening_json(self) -> str | None:
        if self.verdict.clean:
            return None
        return json.dumps(
            {
                "category": self.verdict.category,
                "severity": self.verdict.severity,
                "reasons": [
                    {"detector": r.detector, "rule": r.rule, "matched": r.matched}
                    for r in self.verdict.reasons
                ],
            }
        )


def _decide(author: User, fields: dict[str, str], target: str, sent: Submission) -> Decision:
    """The seam every post, reply and edit passes: screen the text, maybe ask the writer to
    rethink, then let moderation decide the status. Call it before adding any rows."""
    names = list(fields)
    verdict = screening.screen(joined(fields), moderation.watched_rules(), school_model.current())
    if verdict.category == "watched" and verdict.severity == "block":
        words = ", ".join(
            sorted({f"“{r.matched}”" for r in verdict.reasons if r.detector == "watched"})
        )
        raise PostingError(
            f"Your post includes words our school doesn't allow on the board ({words}). "
            "Please change them.",
            names[-1],
        )
    # A crisis reading is never nudged: the writer is shown support instead (the screener puts
    # crisis before unkind and private details, and only these two categories nudge).
    nudging = verdict.category in ("unkind", "personal_info")
    if nudging and not sent.post_anyway:
        nudge = Nudge(user_id=author.id, target=target, category=verdict.category)
        db.session.add(nudge)
        db.session.commit()
        raise NeedsRethink(verdict, nudge.id, _spans_by_field(fields, verdict))
    if sent.nudge_id:
        outcome = "posted_anyway" if sent.post_anyway and nudging else "edited"
        db.session.execute(
            update(Nudge)
            .where(Nudge.id == sent.nudge_id, Nudge.user_id == author.id, Nudge.outcome.is_(None))
            .values(outcome=outcome, decided_at=utcnow())
        )
    return Decision(moderation.initial_status(author, verdict, sent.post_anyway), verdict)


def joined(fields: dict[str, str]) -> str:
    """The one text the screener reads for a post (title, then body) or a reply."""
    return "\n\n".join(fields.values())


def screened_fields(item: Post | Reply) -> dict[str, str]:
    """The fields of a saved post or reply, as `_decide` was given them."""
    if isinstance(item, Reply):
        return {"body": item.body}
    return {"title": item.title, "body": item.body}


def _spans_by_field(fields: dict[str, str], verdict: screening.Verdict) -> dict[str, list]:
    """Highlight ranges per field, from offsets into the joined text."""
    spans: dict[str, list] = {name: [] for name in fields}
    offset = 0
    for name, value in fields.items():
        for start, end in screening.highlight_spans(joined(fields), verdict):
            if offset <= start < offset + len(value):
                spans[name].append((start - offset, min(end, offset + len(value)) - offset))
        offset += len(value) + 2
    return spans


def crisis_tier(item: Post | Reply) -> str | None:
    """The tier of a crisis reading ("urgent" or "concern"), which decides the support page
    its writer is shown; None when the screener read no crisis."""
    if not item.screening:
        return None
    reading = json.loads(item.screening)
    if reading["category"] != "crisis":
        return None
    return safeguarding.tier(reading["severity"])


def _after_saving(decision: Decision, author: User, post: Post, reply: Reply | None = None) -> None:
    """A crisis goes to the safeguarding leads (urgent) or the pastoral review queue."""
    if decision.crisis:
        safeguarding.raise_alert(
            author, decision.verdict, post=None if reply else post, reply=reply
        )


def _render(body: str) -> str:
    mentioned = text.mentioned_usernames(body)
    known: set[str] = set()
    if mentioned:
        known = set(
            db.session.scalars(select(User.username_key).where(User.username_key.in_(mentioned)))
        )
    return str(text.render(body, known))


def _check_text(title: str, body: str, body_label: str) -> tuple[str, str]:
    title = text.plain(title)
    body = body.replace("\r\n", "\n").strip()
    if not title:
        raise PostingError("Please give your post a title.", "title")
    if len(title) > TITLE_MAX:
        raise PostingError(f"Titles are at most {TITLE_MAX} characters.", "title")
    if not body:
        raise PostingError(f"Please write the {body_label.lower()}.", "body")
    if len(body) > BODY_MAX:
        raise PostingError(
            f"{body_label} can be at most {BODY_MAX:,} characters (this has {len(body):,}).",
            "body",
        )
    return title, body


def parse_usernames(raw: str | list[str]) -> list[str]:
    """'@ana, ben  cal' or ['ana', 'ben'] -> ['ana', 'ben', 'cal'], without repeats."""
    items = raw if isinstance(raw, list) else [raw]
    names: list[str] = []
    for item in items:
        for name in re.split(r"[\s,;]+", item):
            name = name.strip().lstrip("@")
            if name and name.lower() not in {n.lower() for n in names}:
                names.append(name)
    return names


def _recipients(author: User, usernames: list[str]) -> list[User]:
    if not usernames:
        raise PostingError("Choose at least one classmate to celebrate.", "recipients")
    if len(usernames) > RECIPIENTS_MAX:
        raise PostingError(
            f"A shout-out can celebrate up to {RECIPIENTS_MAX} classmates.", "recipients"
        )
    keys = [name.lower() for name in usernames]
    found = {
        user.username_key: user
        for user in db.session.scalars(select(User).where(User.username_key.in_(keys)))
    }
    now = utcnow()
    people = []
    for name in usernames:
        user = found.get(name.lower())
        if user is None or not permissions.can_be_celebrated(user) or user.suspended_at(now):
            raise PostingError(
                f"We couldn't find a classmate called “{name}”. Check the username.",
                "recipients",
            )
        if user.id == author.id:
            raise PostingError(
                "Shout-outs are for celebrating others, so you can't name yourself.", "recipients"
            )
        people.append(user)
    return people


def shoutouts_today(author: User) -> int:
    return db.session.scalar(
        select(func.count())
        .select_from(Post)
        .where(
            Post.author_id == author.id,
            Post.kind == PostKind.SHOUTOUT,
            Post.created_at > utcnow() - timedelta(days=1),
        )
    )


# ---------------------------------------------------------------------------------------------
# Posts


def create_post(author: User, draft: Draft, sent: Submission | None = None) -> Post:
    categories = CATEGORIES[draft.kind]
    body_label = "Details" if draft.kind == PostKind.HELP else "Message"
    title, body = _check_text(draft.title, draft.body, body_label)
    if draft.category not in categories:
        raise PostingError("Please choose a category.", "category")
    people: list[User] = []
    if draft.kind == PostKind.SHOUTOUT:
        people = _recipients(author, draft.recipients)
        if permissions.limits_shoutouts(author) and shoutouts_today(author) >= SHOUTOUTS_PER_DAY:
            raise PostingError(
                f"You've already given {SHOUTOUTS_PER_DAY} shout-outs today. That's a lot of "
                "kindness! Please save this one for tomorrow.",
                "body",
            )
    decision = _decide(author, {"title": title, "body": body}, "post", sent or Submission())
    post = Post(
        kind=draft.kind,
        author_id=author.id,
        title=title,
        body=body,
        body_html=_render(body),
        category=draft.category,
        anonymous=draft.anonymous and draft.kind == PostKind.HELP,
        status=decision.status,
        screening=decision.screening_json(),
    )
    db.session.add(post)
    db.session.flush()
    ranking.refresh(post)
    _after_saving(decision, author, post)
    if people:
        restricted_by = set(
            db.session.scalars(
                select(Restriction.user_id).where(
                    Restriction.restricted_id == author.id,
                    Restriction.user_id.in_([p.id for p in people]),
                )
            )
        )
        for person in people:
            db.session.add(
                Recipient(
                    post_id=post.id, user_id=person.id, state=_first_state(person, restricted_by)
                )
            )
        db.session.flush()
        if post.status == Status.PUBLISHED:
            announce_shoutout(post, author)
    db.session.commit()
    return post


def _first_state(person: User, restricted_by: set[int]) -> RecipientState:
    if person.id in restricted_by:
        # They restricted the author: the shout-out quietly never appears to anyone else.
        return RecipientState.HIDDEN
    return RecipientState.WAITING if person.shoutouts_need_ok else RecipientState.APPROVED


def announce_shoutout(post: Post, author: User) -> None:
    """Tell recipients about a published shout-out: ask for an OK or say it is up."""
    for recipient in db.session.scalars(select(Recipient).where(Recipient.post_id == post.id)):
        if recipient.state == RecipientState.WAITING:
            notify(recipient.user_id, NotificationKind.SHOUTOUT_WAITING, post=post, actor=author)
        elif recipient.state == RecipientState.APPROVED:
            notify(recipient.user_id, NotificationKind.SHOUTOUT, post=post, actor=author)


def edit_post(
    post: Post, title: str, body: str, category: str, sent: Submission | None = None
) -> Post:
    body_label = "Details" if post.is_help else "Message"
    title, body = _check_text(title, body, body_label)
    if category not in CATEGORIES[post.kind]:
        raise PostingError("Please choose a category.", "category")
    if (title, body, category) == (post.title, post.body, post.category):
        return post
    author = db.session.get(User, post.author_id)
    decision = _decide(author, {"title": title, "body": body}, "edit", sent or Submission())
    db.session.add(
        Revision(post_id=post.id, title=post.title, body=post.body, category=post.category)
    )
    post.title, post.body, post.category = title, body, category
    post.body_html = _render(body)
    post.edited_at = utcnow()
    post.screening = decision.screening_json()
    if post.status in (Status.PUBLISHED, Status.PENDING):
        # An edit never lets a post out that safeguarding is holding.
        move(post, Status.PENDING if safeguarding.held(post) else decision.status)
    _after_saving(decision, author, post)
    db.session.commit()
    return post


def delete_post(post: Post) -> None:
    """Soft delete: gone for students, kept for staff."""
    post.deleted_at = utcnow()
    db.session.commit()


def resolve(post: Post) -> None:
    if post.resolved_at is None:
        post.resolved_at = utcnow()
        ranking.refresh(post)
        db.session.commit()


# ---------------------------------------------------------------------------------------------
# Reactions


def _lock(post_id: int) -> None:
    """Serialise changes to one post's counters (FOR UPDATE on PostgreSQL; SQLite serialises
    writers anyway), so that a recount sees every row committed before it."""
    db.session.execute(select(Post.id).where(Post.id == post_id).with_for_update())


def _recount_reactions(post_id: int) -> None:
    def count(kind: ReactionKind):
        return (
            select(func.count())
            .select_from(Reaction)
            .where(Reaction.post_id == post_id, Reaction.kind == kind)
            .scalar_subquery()
        )

    db.session.execute(
        update(Post)
        .where(Post.id == post_id)
        .values(
            support_count=count(ReactionKind.SUPPORT),
            celebrate_count=count(ReactionKind.CELEBRATE),
            me_too_count=count(ReactionKind.ME_TOO),
            inspired_count=count(ReactionKind.INSPIRED),
        )
        .execution_options(synchronize_session=False)
    )


def toggle_reaction(user: User, post: Post, kind: ReactionKind) -> bool:
    """Add the reaction, or take it back if it was there. Returns whether it is now on."""
    _lock(post.id)
    removed = db.session.execute(
        delete(Reaction).where(
            Reaction.post_id == post.id, Reaction.user_id == user.id, Reaction.kind == kind
        )
    ).rowcount
    if not removed:
        try:
            with db.session.begin_nested():
                db.session.add(Reaction(post_id=post.id, user_id=user.id, kind=kind))
        except IntegrityError:
            pass  # a double click landed twice; the unique constraint kept one row
        else:
            notify(
                post.author_id, NotificationKind.REACTION, post=post, actor=user, detail=kind.value
            )
    _recount_reactions(post.id)
    ranking.refresh(post)
    db.session.commit()
    return not removed


@functools.cache
def _reacted_select():
    """Built once: every list page runs it, and building it cost more than running it."""
    return select(Reaction.post_id, Reaction.kind).where(
        Reaction.user_id == bindparam("user_id"),
        Reaction.post_id.in_(bindparam("post_ids", expanding=True)),
    )


def reacted_kinds(user: User, post_ids: list[int]) -> dict[int, set[ReactionKind]]:
    """Which reactions `user` gave to each of these posts, in one query."""
    mine: dict[int, set[ReactionKind]] = {post_id: set() for post_id in post_ids}
    if post_ids:
        rows = db.session.execute(_reacted_select(), {"user_id": user.id, "post_ids": post_ids})
        for post_id, kind in rows:
            mine[post_id].add(kind)
    return mine


# ---------------------------------------------------------------------------------------------
# Replies


def _recount_replies(post: Post) -> None:
    """Reply count and the time of the first reply from someone other than the author, of the
    replies that count (ranking.replies_that_count)."""
    counted = ranking.counted_replies().where(
        Reply.post_id == post.id, ranking.replies_that_count()
    )
    post.reply_count = db.session.scalar(counted)
    post.first_reply_at = db.session.scalar(
        counted.with_only_columns(func.min(Reply.created_at)).where(
            Reply.author_id != post.author_id
        )
    )


def add_reply(author: User, post: Post, body: str, sent: Submission | None = None) -> Reply:
    body = body.replace("\r\n", "\n").strip()
    if not body:
        raise PostingError("Please write your reply first.", "body")
    _check_thread_open(author, post)
    if len(body) > BODY_MAX:
        raise PostingError(f"Replies can be at most {BODY_MAX:,} characters.", "body")
    decision = _decide(author, {"body": body}, "reply", sent or Submission())
    _lock(post.id)
    reply = Reply(
        post_id=post.id,
        author_id=author.id,
        body=body,
        body_html=_render(body),
        status=decision.status,
        screening=decision.screening_json(),
    )
    db.session.add(reply)
    db.session.flush()
    _after_saving(decision, author, post, reply)
    _recount_replies(post)
    ranking.refresh(post)
    if reply.status == Status.PUBLISHED and not _restricted(post.author_id, author.id):
        notify(post.author_id, NotificationKind.REPLY, post=post, reply=reply, actor=author)
    db.session.commit()
    return reply


def _check_thread_open(author: User, post: Post) -> None:
    """Staff can close a thread or slow it down when it gets heated; staff may still reply."""
    if author.role != Role.STUDENT:
        return
    if post.closed_at is not None:
        raise PostingError("This conversation is closed to new replies.", "body")
    if post.slow_mode_minutes:
        since = utcnow() - timedelta(minutes=post.slow_mode_minutes)
        recent = db.session.scalar(
            select(Reply.id).where(
                Reply.post_id == post.id, Reply.author_id == author.id, Reply.created_at > since
            )
        )
        if recent is not None:
            raise PostingError(
                f"This conversation is in slow mode: one reply every {post.slow_mode_minutes} "
                "minutes. Please wait a little, and take a breath.",
                "body",
            )


def _restricted(user_id: int, other_id: int) -> bool:
    return (
        db.session.scalar(
            select(Restriction.id).where(
                Restriction.user_id == user_id, Restriction.restricted_id == other_id
            )
        )
        is not None
    )


def recount(post_ids: set[int]) -> None:
    """Bring every derived count of these posts back in line with their rows. The posts are
    locked first, in id order (as every event takes its post's lock before reading), so that no
    recount reads counts from before a reaction that was committing meanwhile."""
    posts = db.session.scalars(
        select(Post).where(Post.id.in_(post_ids)).order_by(Post.id).with_for_update()
    )
    for post in posts.all():
        _recount_reactions(post.id)
        _recount_replies(post)
        ranking.refresh(post)


def delete_reply(reply: Reply, post: Post) -> None:
    reply.deleted_at = utcnow()
    _lock(post.id)
    _recount_replies(post)
    ranking.refresh(post)
    db.session.commit()


def mark_helped(post: Post, reply: Reply) -> None:
    """The asker says a reply helped: resolve the request, credit and tell the helper."""
    # Locked before anything is read, like every event that recomputes the score: otherwise
    # a reaction committed meanwhile is lost from it (or this reply from the reaction's).
    _lock(post.id)
    now = utcnow()
    reply.helped_at = now
    if post.resolved_at is None:
        post.resolved_at = now
    ranking.refresh(post)
    # The helper must not learn who asked an anonymous request from the notification.
    asker = None if post.anonymous else db.session.get(User, post.author_id)
    notify(reply.author_id, NotificationKind.HELPED, post=post, reply=reply, actor=asker)
    db.session.commit()


def classmates_helped(user_id: int) -> int:
    """How many different people this user helped (replies marked "This helped"), where each
    anonymous request counts as someone of its own: were its asker matched with the named ones,
    a count that did not grow would say the asker is someone this helper had helped before."""
    named, anonymous = db.session.execute(
        select(
            func.count(func.distinct(Post.author_id)).filter(Post.anonymous.is_(False)),
            func.count(func.distinct(Post.id)).filter(Post.anonymous.is_(True)),
        )
        .select_from(Reply)
        .join(Post, Post.id == Reply.post_id)
        .where(
            Reply.author_id == user_id,
            ranking.helpful(),
            Post.author_id != user_id,
        )
    ).one()
    return named + anonymous


# ---------------------------------------------------------------------------------------------
# Shout-outs about you, and restricting a classmate


def answer_shoutout(user: User, post: Post, approve: bool, reason: str = "") -> None:
    recipient = db.session.scalar(
        select(Recipient).where(Recipient.post_id == post.id, Recipient.user_id == user.id)
    )
    if recipient is None or recipient.state == RecipientState.HIDDEN:
        return
    if approve:
        if recipient.state == RecipientState.WAITING:
            recipient.state = RecipientState.APPROVED
    else:
        recipient.state = RecipientState.HIDDEN
        recipient.hidden_reason = (
            text.plain(reason)[:300] or "The recipient preferred not to be in it."
        )
    recipient.decided_at = utcnow()
    db.session.commit()


def restrict(user: User, other: User) -> None:
    if not _restricted(user.id, other.id):
        db.session.add(Restriction(user_id=user.id, restricted_id=other.id))
        _recount_threads(user, other)
        db.session.commit()


def unrestrict(user: User, other: User) -> None:
    db.session.execute(
        delete(Restriction).where(
            Restriction.user_id == user.id, Restriction.restricted_id == other.id
        )
    )
    _recount_threads(user, other)
    db.session.commit()


def _recount_threads(user: User, other: User) -> None:
    """`other`'s replies on `user`'s posts changed who can see them: recount those posts."""
    db.session.flush()
    recount(
        set(
            db.session.scalars(
                select(Post.id).where(
                    Post.author_id == user.id,
                    Post.id.in_(select(Reply.post_id).where(Reply.author_id == other.id)),
                )
            )
        )
    )


def uncounted_own_replies(user: User, restricted_by: set[int]) -> dict[int, int]:
    """`user`'s published replies on posts whose authors restricted them, by post: they are
    not counted (ranking.replies_that_count), but showing their writer a count without them
    would tell them they are restricted."""
    return dict(
        db.session.execute(
            select(Reply.post_id, func.count())
            .join(Post, Post.id == Reply.post_id)
            .where(
                Reply.author_id == user.id,
                Post.author_id.in_(restricted_by),
                Reply.status == Status.PUBLISHED,
                Reply.deleted_at.is_(None),
            )
            .group_by(Reply.post_id)
        ).all()
    )


def restricted_ids(user_id: int) -> set[int]:
    return set(
        db.session.scalars(select(Restriction.restricted_id).where(Restriction.user_id == user_id))
    )
