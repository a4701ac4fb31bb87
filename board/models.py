"""Database models: accounts, groups, join codes, staff invites, posts and what hangs off them.

Models hold data and small invariants only; the actions that change them live in accounts.py
and the rules about who may do what in permissions.py.
"""

from __future__ import annotations

import enum
import secrets
from datetime import UTC, datetime

from flask_login import UserMixin
from sqlalchemy import (
    Boolean,
    DateTime,
    Enum,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.dialects import sqlite
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates
from sqlalchemy.types import TypeDecorator

from .display_names import lookalike_key
from .extensions import db

# The largest id a row can have: primary keys are Integer, PostgreSQL's 32-bit integer. An id
# from a link is compared with them only within this range (a bigger one is a database error).
MAX_ID = 2**31 - 1


def row_id(text: str) -> int:
    """An id from a link or form, or ValueError for anything no row can have."""
    value = int(text)  # int() also refuses what str.isdigit() lets through ("²")
    if not 0 <= value <= MAX_ID:
        raise ValueError(text)
    return value


def utcnow() -> datetime:
    return datetime.now(UTC)


class _SQLiteUTCDateTime(sqlite.DATETIME):
    """SQLite keeps a datetime as text without its zone, which is UTC here (UTCDateTime)."""

    def result_processor(self, dialect, coltype):
        parse = datetime.fromisoformat

        def process(value):
            if value is None:
                return None
            # Parsed with the zone in one step: datetime.replace(tzinfo=UTC) took 1.3 us, seven
            # times as long, and a list page reads a hundred and fifty of them.
            try:
                return parse(value + "+00:00")
            except ValueError:  # written with a zone by something else
                return parse(value).astimezone(UTC)

        return process


class UTCDateTime(TypeDecorator):
    """Stores UTC; always hands back an aware datetime: PostgreSQL's timestamptz keeps the
    zone, and on SQLite, which drops it, _SQLiteUTCDateTime reads it back as UTC."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def load_dialect_impl(self, dialect):
        if dialect.name == "sqlite":
            return dialect.type_descriptor(_SQLiteUTCDateTime())
        return dialect.type_descriptor(self.impl)

    def process_bind_param(self, value, dialect):
        if value is not None and value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC) if value is not None else None


class Role(enum.StrEnum):
    STUDENT = "student"
    STAFF = "staff"
    ADMIN = "admin"


class Group(db.Model):
    """A group of students such as "Year 9"; join codes and roster rows name one."""

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(60), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class User(UserMixin, db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(30))
    # Lower-cased copy with the unique index: "Sam" and "sam" are the same person.
    username_key: Mapped[str] = mapped_column(String(30), unique=True)
    display_name: Mapped[str] = mapped_column(String(50))
    # display_names.lookalike_key of the name, kept with it: names that look alike have the
    # same key, so a new name is checked against everyone's in one indexed lookup.
    display_name_key: Mapped[str] = mapped_column(String(200), index=True, server_default="")
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[Role] = mapped_column(
        Enum(Role, native_enum=False, length=10, values_callable=lambda e: [m.value for m in e]),
        default=Role.STUDENT,
    )
    is_safeguarding_lead: Mapped[bool] = mapped_column(Boolean, default=False)
    # Staff who look at the pastoral review queue (concerns, not emergencies) with the leads.
    has_pastoral_duty: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    group_id: Mapped[int | None] = mapped_column(ForeignKey("group.id"), index=True)
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False)
    suspended_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    suspension_reason: Mapped[str | None] = mapped_column(String(300))
    # "Shout-outs about me: wait for my OK" (True) or "appear at once" (False).
    shoutouts_need_ok: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # Counted as an established member from then on, however few posts they have: the demo
    # school's students, so that trying the board is not a wait for review (moderation).
    established_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Every session cookie carries this beside the id (get_id); a new one ends every session of
    # the account at once (accounts.end_sessions). Random, not a counter: on SQLite a deleted
    # account's id can be given to the next new account, whose key differs all the same.
    session_key: Mapped[str] = mapped_column(
        String(32), default=lambda: secrets.token_hex(16), server_default=""
    )

    group: Mapped[Group | None] = relationship(lazy="joined")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        if self.username:
            self.username_key = self.username.lower()

    @validates("display_name")
    def _keep_display_name_key(self, _, display_name: str) -> str:
        self.display_name_key = lookalike_key(display_name)
        return display_name

    @property
    def is_staff(self) -> bool:
        return self.role in (Role.STAFF, Role.ADMIN)

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN

    def suspended_at(self, now: datetime) -> bool:
        return self.suspended_until is not None and self.suspended_until > now

    def get_id(self) -> str:
        """What Flask-Login keeps in the session cookie and hands to security.load_user."""
        return f"{self.id}:{self.session_key}"

    def __repr__(self) -> str:
        return f"<User {self.username} {self.role}>"


class JoinCode(db.Model):
    """A code staff hand to a group so students can create their own accounts at /join."""

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("group.id"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    max_uses: Mapped[int | None] = mapped_column(Integer)
    uses: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    group: Mapped[Group] = relationship(lazy="joined")

    def usable_at(self, now: datetime) -> bool:
        return (
            self.revoked_at is None
            and (self.expires_at is None or self.expires_at > now)
            and (self.max_uses is None or self.uses < self.max_uses)
        )

    def state_at(self, now: datetime) -> str:
        if self.revoked_at is not None:
            return "revoked"
        if self.expires_at is not None and self.expires_at <= now:
            return "expired"
        if self.max_uses is not None and self.uses >= self.max_uses:
            return "used up"
        return "active"


class StaffInvite(db.Model):
    """A one-time link an admin sends a new staff member, who sets a password through it.

    Only a hash of the token is stored, so a copy of the database cannot be used to accept it.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship(foreign_keys=[user_id], lazy="joined")

    def usable_at(self, now: datetime) -> bool:
        return self.used_at is None and self.expires_at > now


# ---------------------------------------------------------------------------------------------
# Posts: help requests and shout-outs, with their reactions, replies and recipients.


class PostKind(enum.StrEnum):
    HELP = "help"
    SHOUTOUT = "shoutout"


class Status(enum.StrEnum):
    """Where a post or reply is in its life. Only published items are ever shown to students."""

    PENDING = "pending"  # awaiting review
    PUBLISHED = "published"
    REJECTED = "rejected"
    HIDDEN = "hidden"  # by staff or by reports, until reviewed
    REMOVED = "removed"

    def can_move_to(self, new: Status) -> bool:
        return new in TRANSITIONS[self]


class IllegalTransition(ValueError):
    pass


# The lifecycle of §3: pending -> published or rejected; published -> hidden -> published again
# or removed. An edit sends a published item back to pending when screening wants a review.
TRANSITIONS: dict[Status, frozenset[Status]] = {
    Status.PENDING: frozenset({Status.PUBLISHED, Status.REJECTED}),
    Status.PUBLISHED: frozenset({Status.HIDDEN, Status.PENDING}),
    Status.HIDDEN: frozenset({Status.PUBLISHED, Status.REMOVED}),
    Status.REJECTED: frozenset(),
    Status.REMOVED: frozenset(),
}


def move(item: Post | Reply, new: Status) -> None:
    """Change the status of a post or reply, refusing moves the lifecycle does not allow."""
    if item.status != new and not item.status.can_move_to(new):
        raise IllegalTransition(f"{item.status} -> {new}")
    item.status = new


class ReactionKind(enum.StrEnum):
    SUPPORT = "support"
    CELEBRATE = "celebrate"
    ME_TOO = "me_too"
    INSPIRED = "inspired"


class RecipientState(enum.StrEnum):
    WAITING = "waiting"  # the recipient asked to OK shout-outs about them first
    APPROVED = "approved"
    HIDDEN = "hidden"  # "I'd rather not be in this", or the recipient restricted the author


def _enum(kind: type[enum.StrEnum], length: int = 12) -> Enum:
    return Enum(
        kind, native_enum=False, length=length, values_callable=lambda e: [m.value for m in e]
    )


class Post(db.Model):
    __table_args__ = (
        Index("ix_post_feed", "status", "score", "id"),
        Index("ix_post_kind_feed", "status", "kind", "score", "id"),
        # The same with a category filter: a rare category must not walk the whole feed. A
        # category belongs to one kind ("other" to both), so Celebrations use it too.
        Index("ix_post_category_feed", "status", "category", "score", "id"),
        # "Needs a helper": unresolved requests, unanswered ones first, longest waiting first.
        Index("ix_post_waiting", "kind", "resolved_at", "first_reply_at", "created_at", "id"),
        Index(
            "ix_post_category_waiting",
            "kind",
            "category",
            "resolved_at",
            "first_reply_at",
            "created_at",
            "id",
        ),
        Index("ix_post_kind_created", "kind", "created_at"),
        # Hall of fame: published shout-outs of a week, month or term, ranked by their reactions
        # from this index alone (queries.hall_of_fame), without reading the posts' text.
        Index(
            "ix_post_hall",
            "status",
            "kind",
            "created_at",
            "deleted_at",
            "category",
            "support_count",
            "celebrate_count",
            "me_too_count",
            "inspired_count",
        ),
        # The same shout-outs in hall-of-fame order, so its top twenty of a long period are the
        # first matches of a walk (queries._hall_twenty). An expression index: autogenerate
        # skips it, the migration creates it.
        Index(
            "ix_post_hall_rank",
            "status",
            "kind",
            text("(support_count + celebrate_count + me_too_count + inspired_count) DESC"),
            text("created_at DESC"),
            text("id DESC"),
            "deleted_at",
            "category",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[PostKind] = mapped_column(_enum(PostKind, 10))
    author_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(120))
    body: Mapped[str] = mapped_column(Text)
    # Rendered once when saved (text.py), so that showing a post never re-parses it.
    body_html: Mapped[str] = mapped_column(Text)
    category: Mapped[str] = mapped_column(String(20))
    anonymous: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[Status] = mapped_column(_enum(Status), default=Status.PUBLISHED, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    edited_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    first_reply_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # What the screener said, for staff: {"category", "severity", "reasons": [...]} as JSON.
    screening: Mapped[str | None] = mapped_column(Text)
    # The last moderation decision, shown to the author kindly worded.
    decision_reason: Mapped[str | None] = mapped_column(String(30))
    decision_note: Mapped[str | None] = mapped_column(String(500))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Thread controls: one reply per student per N minutes, or no more replies at all.
    slow_mode_minutes: Mapped[int | None] = mapped_column(Integer)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # When staff were told this request had waited a day without a helper (once only).
    staff_alerted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Counts kept equal to the rows they count: recomputed from them in the same transaction.
    support_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    celebrate_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    me_too_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    inspired_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    reply_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # Feed rank, see ranking.py: changes only on events, indexed for keyset paging.
    score: Mapped[float] = mapped_column(Float, default=0.0, server_default="0")

    author: Mapped[User] = relationship(lazy="raise")
    recipients: Mapped[list[Recipient]] = relationship(
        back_populates="post", lazy="raise", cascade="all, delete-orphan", passive_deletes=True
    )

    @property
    def is_help(self) -> bool:
        return self.kind == PostKind.HELP

    @property
    def is_resolved(self) -> bool:
        return self.resolved_at is not None

    def reaction_count(self, kind: ReactionKind) -> int:
        return getattr(self, f"{kind.value}_count")


class Reaction(db.Model):
    __table_args__ = (UniqueConstraint("post_id", "user_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("post.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    kind: Mapped[ReactionKind] = mapped_column(_enum(ReactionKind))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User] = relationship(lazy="raise")


class Reply(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("post.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    body: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    status: Mapped[Status] = mapped_column(_enum(Status), default=Status.PUBLISHED)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    helped_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    screening: Mapped[str | None] = mapped_column(Text)
    decision_reason: Mapped[str | None] = mapped_column(String(30))
    decision_note: Mapped[str | None] = mapped_column(String(500))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    author: Mapped[User] = relationship(lazy="raise")
    post: Mapped[Post] = relationship(lazy="raise")


class Recipient(db.Model):
    """Someone a shout-out celebrates. user_id becomes NULL if their account is deleted."""

    __table_args__ = (
        UniqueConstraint("post_id", "user_id"),
        # queries.public_posts asks of every post "has a recipient held it back?": answered
        # from this index without reading the recipient rows.
        Index("ix_recipient_post_state", "post_id", "state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("post.id", ondelete="CASCADE"))
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), index=True
    )
    state: Mapped[RecipientState] = mapped_column(
        _enum(RecipientState), default=RecipientState.APPROVED
    )
    # Why it was hidden, for staff: the recipient's own words, or "restricted".
    hidden_reason: Mapped[str | None] = mapped_column(String(300))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    post: Mapped[Post] = relationship(back_populates="recipients", lazy="raise")
    user: Mapped[User | None] = relationship(lazy="raise")


class Revision(db.Model):
    """The text of a post as it was before an edit; staff see the history."""

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("post.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(120))
    body: Mapped[str] = mapped_column(Text)
    category: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Restriction(db.Model):
    """`user` quietly restricted `restricted`: see permissions.reply_visible and posting."""

    __table_args__ = (UniqueConstraint("user_id", "restricted_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    restricted_id: Mapped[int] = mapped_column(
        ForeignKey("user.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    restricted: Mapped[User] = relationship(foreign_keys=[restricted_id], lazy="raise")


class NotificationKind(enum.StrEnum):
    REACTION = "reaction"
    REPLY = "reply"
    SHOUTOUT = "shoutout"  # a shout-out about you was published
    SHOUTOUT_WAITING = "shoutout_waiting"  # a shout-out about you waits for your OK
    HELPED = "helped"  # your reply was marked "This helped"
    WAITING = "waiting"  # staff: a help request has waited a day without a helper
    URGENT = "urgent"  # safeguarding: the screener read something as a crisis
    DECISION = "decision"  # staff decided about your post or reply (with the reason)
    REPORT_DONE = "report_done"  # staff acted on something you reported
    WARNING = "warning"  # a formal warning from staff


class Notification(db.Model):
    __table_args__ = (Index("ix_notification_user_id_read_at", "user_id", "read_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    kind: Mapped[NotificationKind] = mapped_column(_enum(NotificationKind, 20))
    post_id: Mapped[int | None] = mapped_column(
        ForeignKey("post.id", ondelete="CASCADE"), index=True
    )
    reply_id: Mapped[int | None] = mapped_column(
        ForeignKey("reply.id", ondelete="CASCADE"), index=True
    )
    # Who caused it; NULL when that must stay unknown to the reader (an anonymous asker).
    actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="CASCADE"), index=True
    )
    detail: Mapped[str | None] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    post: Mapped[Post | None] = relationship(lazy="raise")
    actor: Mapped[User | None] = relationship(foreign_keys=[actor_id], lazy="raise")


class AuditEntry(db.Model):
    """Append-only, tamper-evident record of moderation actions, account changes and setting
    changes. Each entry carries the hash of the one before it (audit.py)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    # Names are copied, not joined: the record must outlive the accounts it mentions.
    actor_name: Mapped[str] = mapped_column(String(30))
    action: Mapped[str] = mapped_column(String(40), index=True)
    subject: Mapped[str] = mapped_column(String(200))
    reason: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    prev_hash: Mapped[str] = mapped_column(String(64), default="", server_default="")
    hash: Mapped[str] = mapped_column(String(64), default="", server_default="")


class ReportReason(enum.StrEnum):
    UNKIND = "unkind"
    AT_RISK = "at_risk"
    PRIVATE = "private"
    SPAM = "spam"
    OTHER = "other"


class Report(db.Model):
    """A student (or staff member) reporting a post or a reply; one per person per item."""

    __table_args__ = (
        UniqueConstraint("reporter_id", "post_id", "reply_id", name="uq_report_reporter_item"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("post.id", ondelete="CASCADE"), index=True)
    # Set when the report is about a reply in that post's thread.
    reply_id: Mapped[int | None] = mapped_column(
        ForeignKey("reply.id", ondelete="CASCADE"), index=True
    )
    reporter_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    reason: Mapped[ReportReason] = mapped_column(_enum(ReportReason))
    note: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # When staff dealt with the item (and the reporter was told).
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)

    reporter: Mapped[User] = relationship(lazy="raise")


class Warning(db.Model):  # noqa: A001 - the product's word
    """A formal warning to a student; they accumulate into a history staff can see."""

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    reason: Mapped[str] = mapped_column(String(500))
    post_id: Mapped[int | None] = mapped_column(ForeignKey("post.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    staff: Mapped[User | None] = relationship(foreign_keys=[staff_id], lazy="raise")


class StaffNote(db.Model):
    """A private note staff keep on a student; never shown to students."""

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    staff: Mapped[User | None] = relationship(foreign_keys=[staff_id], lazy="raise")


class KioskLink(db.Model):
    """A link that opens the celebration wall on a hallway screen without logging in.

    It reaches the wall and nothing else; staff revoke it when the screen moves or leaks.
    Only a hash of the token is stored.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    label: Mapped[str] = mapped_column(String(60))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


# ---------------------------------------------------------------------------------------------
# Screening, nudges, safeguarding and site settings.


class Setting(db.Model):
    """One site setting (settings.py has the defaults and the meaning of each)."""

    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str] = mapped_column(Text)  # JSON
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class WatchedWord(db.Model):
    """A word or phrase staff want screened: block it, hold posts for review, or flag them."""

    id: Mapped[int] = mapped_column(primary_key=True)
    pattern: Mapped[str] = mapped_column(String(100), unique=True)
    action: Mapped[str] = mapped_column(String(10))  # "block" | "hold" | "flag"
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Nudge(db.Model):
    """A "rethink before posting" moment, and what the writer did next (for insights)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    target: Mapped[str] = mapped_column(String(12))  # "post" | "reply" | "edit"
    category: Mapped[str] = mapped_column(String(20))
    # None until they act; "edited" (and published), "posted_anyway". Never acted: withdrawn.
    outcome: Mapped[str | None] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class SafeguardingAlert(db.Model):
    """A post or reply that may mean a student is at risk, in one of two tiers (safeguarding.py).

    Urgent: tops the urgent queue until a safeguarding lead acknowledges it, and escalates along
    the list if nobody does. Concern: waits in the pastoral review queue for a lead or a member
    of staff with pastoral duty the same school day; nobody is paged. `acknowledged_*` is when
    and by whom either was dealt with, `outcome` how."""

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int | None] = mapped_column(
        ForeignKey("post.id", ondelete="SET NULL"), index=True
    )
    reply_id: Mapped[int | None] = mapped_column(
        ForeignKey("reply.id", ondelete="SET NULL"), index=True
    )
    # The person who may be at risk. Kept on account deletion: the record must survive.
    student_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), index=True
    )
    severity: Mapped[str] = mapped_column(String(10))  # the tier: "urgent" | "concern"
    # Who raised it: "screener", "report" (someone may be at risk), "staff" (escalated by
    # hand), "pastoral" (escalated from the pastoral review queue).
    raised_by: Mapped[str] = mapped_column(
        String(12), default="screener", server_default="screener"
    )
    reasons: Mapped[str] = mapped_column(Text)  # JSON list of screener reasons
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # 0: the safeguarding leads were alerted; n: the n-th contact on the escalation list too.
    escalation_step: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    escalated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    acknowledged_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL")
    )
    # Urgent: "acknowledged" | "not_a_crisis"; concern: "not_a_concern" | "kept_private" |
    # "escalated". NULL while it waits (and on alerts dealt with before outcomes were kept).
    outcome: Mapped[str | None] = mapped_column(String(20))
    note: Mapped[str | None] = mapped_column(String(500))  # what the reviewer did, for the record

    student: Mapped[User | None] = relationship(foreign_keys=[student_id], lazy="raise")
    acknowledged_by: Mapped[User | None] = relationship(
        foreign_keys=[acknowledged_by_id], lazy="raise"
    )
    post: Mapped[Post | None] = relationship(lazy="raise")
    reply: Mapped[Reply | None] = relationship(lazy="raise")


class ScreeningExample(db.Model):
    """What a staff decision about a screened post or reply says its text is: a labelled
    example for the school's own copy of the screener to learn from (screening_labels.py).

    One per item: a later decision updates it. The text is kept exactly as it was screened,
    so the example outlives the item (its link goes NULL); a deleted student's go with them."""

    id: Mapped[int] = mapped_column(primary_key=True)
    text: Mapped[str] = mapped_column(Text)
    label: Mapped[str] = mapped_column(String(10))  # "urgent" | "concern" | "unkind" | "clean"
    source: Mapped[str] = mapped_column(String(30))  # which decision, e.g. "nudge_fair"
    # A post's example names the post; a reply's names the reply only.
    post_id: Mapped[int | None] = mapped_column(
        ForeignKey("post.id", ondelete="SET NULL"), unique=True
    )
    reply_id: Mapped[int | None] = mapped_column(
        ForeignKey("reply.id", ondelete="SET NULL"), unique=True
    )
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    # Who wrote the text: screening_labels.forget_writer deletes by it, so their examples go
    # with their account even once the item is gone. (A plain column: on SQLite, adding a
    # foreign key would rebuild the table.)
    writer_id: Mapped[int | None] = mapped_column(Integer, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ScreeningModel(db.Model):
    """A school's own copy of the screening model, retrained from the shipped corpus and its
    staff's decisions (school_model.py). At most one is active; none means the shipped one."""

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[str] = mapped_column(String(40), unique=True)
    weights: Mapped[str] = mapped_column(Text)  # the whole model as JSON (screening.model)
    figures: Mapped[str] = mapped_column(Text)  # JSON: held-out figures when it was trained
    labels: Mapped[int] = mapped_column(Integer)  # staff decisions it learned from
    active: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
