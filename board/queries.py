"""Read-side queries: each returns rows for one page, with everything the template shows
loaded up front (authors, recipients, the viewer's own reactions), so no template queries.

`public_posts()` is the SQL twin of permissions.is_public and the one filter every list of
posts goes through.
"""

from __future__ import annotations

import functools
import json
import math
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import NamedTuple

from flask import current_app
from sqlalchemy import Integer, Text, and_, bindparam, func, literal_column, select, tuple_
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import aliased, joinedload, selectinload
from sqlalchemy.sql.functions import FunctionElement

from . import permissions, ranking
from . import search as search_module
from .cards import Person
from .extensions import db
from .models import (
    Post,
    PostKind,
    Reaction,
    ReactionKind,
    Recipient,
    RecipientState,
    Reply,
    Revision,
    Role,
    Status,
    User,
    row_id,
    utcnow,
)
from .posting import reacted_kinds, restricted_ids

PAGE_SIZE = 20


@functools.cache
def public_posts():
    """SQL condition: published, not deleted, no recipient is still to give their OK, and a
    shout-out has someone left in it (permissions.is_public says the same of one post). Built
    once: an expression holds no values, and building it took a tenth of a feed page's time."""

    def a_recipient(state: RecipientState):
        held = aliased(Recipient)  # an alias, so queries that join Recipient themselves work
        return (
            select(held.id)
            .where(held.post_id == Post.id, held.state == state)
            .correlate(Post)
            .exists()
        )

    # Those who said "I'd rather not be in this" are off it; only when nobody is left does it go.
    nobody_left = and_(a_recipient(RecipientState.HIDDEN), ~a_recipient(RecipientState.APPROVED))
    return and_(
        Post.status == Status.PUBLISHED,
        Post.deleted_at.is_(None),
        ~a_recipient(RecipientState.WAITING),
        ~nobody_left,
    )


def open_requests():
    """SQL condition: help requests everyone can see that are not resolved yet."""
    return and_(public_posts(), Post.kind == PostKind.HELP, Post.resolved_at.is_(None))


def unanswered():
    """SQL condition, with open_requests(): nobody but the asker has replied where all can see
    (posting keeps first_reply_at), so the request still needs a helper."""
    return Post.first_reply_at.is_(None)


def with_cards(stmt):
    """Everything a post card shows, loaded in the same round trips for a whole page."""
    return stmt.options(
        joinedload(Post.author),
        selectinload(Post.recipients).joinedload(Recipient.user),
    )


# The columns a card in a list shows (macros/card.html via cards.card_for), read as plain rows:
# building ORM objects for twenty posts, their authors and recipients cost more than the queries.
CARD_COLUMNS = (
    Post.id,
    Post.kind,
    Post.author_id,
    Post.title,
    Post.body_html,
    Post.category,
    Post.anonymous,
    Post.status,
    Post.created_at,
    Post.deleted_at,
    Post.resolved_at,
    Post.first_reply_at,
    Post.support_count,
    Post.celebrate_count,
    Post.me_too_count,
    Post.inspired_count,
    Post.reply_count,
    Post.score,
)


class ListedRecipient(NamedTuple):
    state: RecipientState
    user: Person | None  # None: the account was deleted


class Listed(NamedTuple):
    """A post as a list shows it. Reads like a Post where cards and permissions look (no raw
    text, no screening or moderation notes), and is not an ORM object."""

    id: int
    kind: PostKind
    author_id: int
    title: str
    body_html: str
    category: str
    anonymous: bool
    status: Status
    created_at: datetime
    deleted_at: datetime | None
    resolved_at: datetime | None
    first_reply_at: datetime | None
    support_count: int
    celebrate_count: int
    me_too_count: int
    inspired_count: int
    reply_count: int
    score: float
    author: Person
    recipients: list[ListedRecipient]
    reacted: set[ReactionKind]  # the viewer's own reactions


class json_rows(FunctionElement):
    """Aggregate: the group's rows as the text of a JSON array of arrays; "[]" (SQLite) or
    None (PostgreSQL) for none. Text, parsed by the caller, who can skip the empty ones."""

    type = Text()
    inherit_cache = True
    name = "json_rows"


@compiles(json_rows)
def _json_rows_sqlite(element, compiler, **kw):
    return f"json_group_array(json_array({compiler.process(element.clauses, **kw)}))"


@compiles(json_rows, "postgresql")
def _json_rows_postgresql(element, compiler, **kw):
    return f"CAST(json_agg(json_build_array({compiler.process(element.clauses, **kw)})) AS TEXT)"


@functools.cache
def card_select():
    """select() of what a card shows: its columns, the author's name, the recipients and the
    viewer's own reactions to it (bindparam viewer_id), in one statement. Lists add their
    conditions and order to it; it is built once, as building it cost more than running it.

    The viewer's reactions are "support celebrate" or None: one correlated scalar subquery on
    the unique (post, user, kind) index (PostgreSQL turned four EXISTS into hashed subplans
    that read all of the viewer's reactions four times). The recipients are a JSON array of
    [id, state, display name, username, role] (a former student's are null): a second
    statement for them cost more in SQLAlchemy than in the database. The author's and the
    recipients' roles say whom the cards mark as staff."""
    mine = (
        select(func.aggregate_strings(Reaction.kind, " "))
        .where(Reaction.post_id == Post.id, Reaction.user_id == bindparam("viewer_id"))
        .scalar_subquery()
    )
    person = aliased(User)
    recipients = (
        select(
            json_rows(
                Recipient.id, Recipient.state, person.display_name, person.username, person.role
            )
        )
        .select_from(Recipient)
        .outerjoin(person, person.id == Recipient.user_id)
        .where(Recipient.post_id == Post.id)
        .scalar_subquery()
    )
    return select(
        *CARD_COLUMNS, User.display_name, User.username, User.role, recipients, mine
    ).join(User, User.id == Post.author_id)


def _cards(stmt, params: dict, viewer: User) -> list[Listed]:
    """A list page's posts in the order of `stmt` (from card_select(), limited), as plain rows
    on the session's connection, without the ORM's loading."""
    return [_listed(row) for row in _rows(stmt, params, viewer)]


def _rows(stmt, params: dict, viewer: User):
    return db.session.connection().execute(stmt, {**params, "viewer_id": viewer.id})


_COLUMNS = len(CARD_COLUMNS)


def _listed(row) -> Listed:
    """A row of card_select() (columns a list adds after its own are left out)."""
    name, username, role, recipients, mine = row[_COLUMNS : _COLUMNS + 5]
    return Listed(
        *row[:_COLUMNS],
        Person(name, username, role != Role.STUDENT),
        _recipients(recipients) if recipients not in (None, "[]") else [],
        {REACTION_KINDS[kind] for kind in mine.split()} if mine else set(),
    )


# Value -> member, a dictionary lookup: calling the enum took a microsecond a value.
REACTION_KINDS = {kind.value: kind for kind in ReactionKind}
RECIPIENT_STATES = {state.value: state for state in RecipientState}


def _recipients(rows: str) -> list[ListedRecipient]:
    """card_select()'s recipients column, in the order the author gave them."""
    return [
        ListedRecipient(
            RECIPIENT_STATES[state],
            Person(name, username, role != Role.STUDENT) if username else None,
        )
        for _, state, name, username, role in sorted(json.loads(rows))
    ]


@dataclass
class Page:
    posts: list[Listed]
    reacted: dict[int, set[ReactionKind]]
    older: dict | None  # query arguments for the next page, or None on the last page
    later: bool = False  # not the first page (it links back to the first)


class Cursor(NamedTuple):
    """Where an "Older posts" page starts: after (score, id), leaving out `seen`, the posts an
    earlier page showed ahead of their rank (page one keeps an author's run short)."""

    score: float
    id: int
    seen: frozenset[int] = frozenset()


def _cursor_args(last: Listed, seen: set[int]) -> dict:
    args = {"after": f"{last.score!r}_{last.id}"}
    if seen:
        args["seen"] = ",".join(map(str, sorted(seen)))
    return args


def parse_cursor(after: str | None, seen: str | None) -> Cursor | None:
    """`after=<score>_<id>` (and `seen=<ids>`); None (page one) for anything else."""
    if not after:
        return None
    try:
        score_text, id_text = after.rsplit("_", 1)
        skip = frozenset(row_id(x) for x in seen.split(",")[:PAGE_SIZE]) if seen else frozenset()
        return Cursor(_finite(score_text), row_id(id_text), skip)
    except ValueError:
        return None


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(text)
    return value


def feed_select(
    cursor: Cursor | None = None,
    kind: PostKind | None = None,
    category: str | None = None,
    limit: int = PAGE_SIZE,
):
    """The feed's query, in index order (ix_post_feed, ix_post_kind_feed, or with a category
    ix_post_category_feed), and its parameters (add viewer_id for card_select's own-reaction
    columns)."""
    stmt = _feed_statement(kind, bool(category), cursor is not None)
    params: dict = {"category": category} if category else {}
    if cursor is not None:
        params.update(score=cursor.score, last_id=cursor.id)
    return stmt, params | {"limit": limit}


@functools.cache
def _feed_statement(kind: PostKind | None, by_category: bool, after: bool):
    """Built once per shape, with the values as bind parameters: SQLAlchemy then computes its
    cache key once too (it walked the whole statement on every request before)."""
    stmt = card_select().where(public_posts())
    if kind is not None:
        stmt = stmt.where(Post.kind == kind)
    if by_category:
        stmt = stmt.where(Post.category == bindparam("category"))
    if after:
        last = tuple_(
            bindparam("score", type_=Post.score.type), bindparam("last_id", type_=Post.id.type)
        )
        stmt = stmt.where(tuple_(Post.score, Post.id) < last)
    return stmt.order_by(Post.score.desc(), Post.id.desc()).limit(bindparam("limit", type_=Integer))


def ranked(
    viewer: User,
    cursor: Cursor | None = None,
    kind: PostKind | None = None,
    category: str | None = None,
) -> Page:
    """The positivity-first feed (ranking.py), paged with a keyset on (score, id).

    Page one is picked with ranking.spread_authors from a few extra candidates; any it shows
    out of rank order are carried in the cursor as `seen`, so later pages neither repeat nor
    skip them.
    """
    if cursor is not None:
        # Read past the seen posts still ahead of the cursor, and leave them out here.
        limit = PAGE_SIZE + 1 + len(cursor.seen)
        rows = _cards(*feed_select(cursor, kind, category, limit), viewer)
        posts = [post for post in rows if post.id not in cursor.seen][: PAGE_SIZE + 1]
        older = None
        if len(posts) > PAGE_SIZE:
            last = posts[PAGE_SIZE - 1]
            # Seen posts ranked above the new cursor are behind the reader now.
            passed = {p.id for p in rows if (p.score, p.id) > (last.score, last.id)}
            older = _cursor_args(last, cursor.seen - passed)
        return _page(posts[:PAGE_SIZE], older, later=True)

    # Page one picks from half as many again as it shows: room for ten posts held back to
    # keep an author's run short before the page would come up short.
    want = PAGE_SIZE + PAGE_SIZE // 2
    candidates = _cards(*feed_select(None, kind, category, want), viewer)
    posts = ranking.spread_authors(candidates, PAGE_SIZE)
    shown = {p.id for p in posts}
    # The cursor sits after the longest run of candidates that were all shown; shown posts
    # ranked below it are left out of the next pages explicitly.
    prefix = 0
    while prefix < len(candidates) and candidates[prefix].id in shown:
        prefix += 1
    older = None
    if prefix and (prefix < len(candidates) or len(candidates) == want):
        last = candidates[prefix - 1]
        older = _cursor_args(last, {p.id for p in candidates[prefix:] if p.id in shown})
    return _page(posts, older)


def _page(posts: list[Listed], older: dict | None, later: bool = False) -> Page:
    return Page(posts, {post.id: post.reacted for post in posts}, older, later)


def needs_helper(viewer: User, cursor: str | None = None, category: str | None = None) -> Page:
    """Open help requests: nobody has replied yet (longest waiting first), then those with
    replies but not resolved (longest since the first reply first). Keyset on ix_post_waiting;
    the cursor is `<phase>_<first reply time>_<created time>_<id>`."""
    phase, after = _parse_waiting_cursor(cursor)
    later = after is not None
    params: dict = {"category": category} if category else {}
    posts: list[Listed] = []
    if phase == 0:
        stmt = _waiting_statement(False, bool(after), bool(category), PAGE_SIZE + 1)
        if after:
            params.update(created=after[1], last_id=after[2])
        posts = _cards(stmt, params, viewer)
        after = None
    if len(posts) <= PAGE_SIZE:
        limit = PAGE_SIZE + 1 - len(posts)
        stmt = _waiting_statement(True, bool(after), bool(category), limit)
        if after:
            params.update(replied=after[0], created=after[1], last_id=after[2])
        posts += _cards(stmt, params, viewer)
    older = None
    if len(posts) > PAGE_SIZE:
        posts = posts[:PAGE_SIZE]
        last = posts[-1]
        replied = last.first_reply_at.timestamp() if last.first_reply_at else 0.0
        older = {
            "after": f"{int(last.first_reply_at is not None)}_{replied!r}_"
            f"{last.created_at.timestamp()!r}_{last.id}"
        }
    return _page(posts, older, later)


@functools.cache
def _waiting_statement(answered: bool, after: bool, by_category: bool, limit: int):
    """One phase of "Needs a helper", built once per shape (see _feed_statement)."""
    stmt = card_select().where(open_requests())
    if by_category:
        stmt = stmt.where(Post.category == bindparam("category"))
    created = bindparam("created", type_=Post.created_at.type)
    last_id = bindparam("last_id", type_=Post.id.type)
    if answered:
        order = (Post.first_reply_at, Post.created_at, Post.id)
        stmt = stmt.where(Post.first_reply_at.is_not(None))
        if after:
            replied = bindparam("replied", type_=Post.first_reply_at.type)
            stmt = stmt.where(tuple_(*order) > tuple_(replied, created, last_id))
    else:
        order = (Post.created_at, Post.id)
        stmt = stmt.where(unanswered())
        if after:
            stmt = stmt.where(tuple_(*order) > tuple_(created, last_id))
    return stmt.order_by(*order).limit(limit)


def _parse_waiting_cursor(cursor: str | None) -> tuple[int, tuple | None]:
    if not cursor:
        return 0, None
    try:
        phase, replied, created, post_id = cursor.split("_")
        to_time = lambda stamp: datetime.fromtimestamp(_finite(stamp), UTC)  # noqa: E731
        return int(phase == "1"), (to_time(replied), to_time(created), row_id(post_id))
    except (ValueError, OverflowError, OSError):  # OverflowError, OSError: a date out of range
        return 0, None


HALL_OF_FAME_PERIODS = {"week": "This week", "month": "This month", "term": "This term"}


def period_start(period: str, now: datetime, term_starts: list[str]) -> datetime:
    if period == "week":
        return now - timedelta(days=7)
    if period == "month":
        return now - timedelta(days=30)
    # The latest configured term start ("MM-DD") on or before today.
    starts = []
    for year in (now.year, now.year - 1):
        for month_day in term_starts:
            month, day = (int(x) for x in month_day.split("-"))
            starts.append(datetime(year, month, day, tzinfo=UTC))
    return max(start for start in starts if start <= now)


def hall_of_fame(viewer: User, since: datetime, category: str | None = None) -> Page:
    """The most celebrated shout-outs since a date: posts, never people, are ranked.

    The twenty are picked from the indexes (_hall_twenty) and loaded in one statement."""
    params = {"since": since, "category": category} if category else {"since": since}
    posts = _cards(_hall_twenty(bool(category), params), params, viewer)
    return _page(posts, None)


# Below this many shout-outs in a period the hall of fame ranks them all; from it up, it walks
# ix_post_hall_rank. At 100k posts (42k shout-outs) on SQLite both cost ~0.5 ms there; the
# walk's share grows with the years of shout-outs, the other's does not.
HALL_WALK_FROM = 500
HALL_CHOICE_REMEMBERED = 600  # seconds


def _hall_twenty(by_category: bool, params: dict):
    """The cards of a hall of fame's twenty, in whichever of two forms is cheaper for the
    period; counting its shout-outs up to HALL_WALK_FROM on ix_post_hall decides (<0.1 ms;
    up to 1.2 ms with a category, read from the index's fifth column, for a month).

    Top-k with early termination: ix_post_hall_rank holds the shout-outs in rank order, so the
    walk stops at the period's twentieth (0.1-0.5 ms for a week, month or term at 100k posts),
    but reads every better-ranked post of other periods before it: for a period of few posts,
    most of the index (6 ms for 42k shout-outs, growing with the years). Ranking them all reads
    the period's posts from ix_post_hall and sorts them, in proportion to their number (0.6 ms
    for 500). PostgreSQL's planner makes this choice by itself; SQLite's always walks.

    The choice is remembered for the rest of its ten minutes (per process), so the pages it
    serves need no count: both forms rank right however many shout-outs the period has by now,
    so a choice made when it had more or fewer is at most slower."""
    count, walk, rank_all = _hall_statements(by_category, HALL_WALK_FROM)
    tick = int(utcnow().timestamp() // HALL_CHOICE_REMEMBERED)
    since = int(params["since"].timestamp() // HALL_CHOICE_REMEMBERED)
    key = (HALL_WALK_FROM, params.get("category"), since, tick)
    choices = current_app.extensions.setdefault("board.hall_choices", {})
    walks = choices.get(key)
    if walks is None:
        if len(choices) > 256:  # from earlier ten minutes: forget them all
            choices.clear()
        walks = choices[key] = db.session.scalar(count, params) >= HALL_WALK_FROM
    return walk if walks else rank_all


@functools.cache
def _hall_statements(by_category: bool, walk_from: int):
    """The count and the two forms, built once (see _feed_statement)."""
    total = Post.support_count + Post.celebrate_count + Post.me_too_count + Post.inspired_count
    period = [
        Post.kind == PostKind.SHOUTOUT,
        Post.created_at >= bindparam("since", type_=Post.created_at.type),
        total > 0,
    ]
    if by_category:
        period.append(Post.category == bindparam("category"))
    # Shout-outs held back by a recipient are counted too (that needs the recipients): the
    # count is never below what ranking them all finds.
    shown = select(Post.created_at).where(
        Post.status == Status.PUBLISHED, Post.deleted_at.is_(None), *period
    )
    count = select(func.count()).select_from(shown.limit(walk_from).subquery())
    order = (total.desc(), Post.created_at.desc(), Post.id.desc())
    walk = select(Post.id).where(public_posts(), *period).order_by(*order).limit(PAGE_SIZE)
    # Ordered by the total plus nothing: an expression no index holds, so neither database can
    # walk the rank index for it; they read the period from ix_post_hall and sort.
    unindexed = (total + literal_column("0")).desc()
    rank_all = (
        select(Post.id)
        .where(public_posts(), *period)
        .order_by(unindexed, *order[1:])
        .limit(PAGE_SIZE)
    )
    cards = card_select().order_by(*order)
    return count, cards.where(Post.id.in_(walk)), cards.where(Post.id.in_(rank_all))


class SearchCursor(NamedTuple):
    """Where a page of search results starts: `page` of the ranked window whose newest match
    is `upto` (None: page one, the window of now), or, past the window, the matches older than
    post `before`."""

    page: int = 1
    upto: int | None = None
    before: int | None = None


# Pages of the ranked window: it holds at most WINDOW posts; the page after them starts older.
SEARCH_PAGES = search_module.WINDOW // PAGE_SIZE + 1


def parse_search_cursor(page: str | None, upto: str | None, before: str | None) -> SearchCursor:
    """From a results link; anything unreadable is page one."""
    try:
        if before:
            return SearchCursor(before=row_id(before))
        if upto and 1 < int(page or 1) <= SEARCH_PAGES:
            return SearchCursor(int(page), row_id(upto))
    except ValueError:
        pass
    return SearchCursor()


def search(viewer: User, query: str, cursor: SearchCursor | None = None) -> Page:
    """Results, best first (search.best_first), and the link arguments of the next page."""
    terms = search_module.parse(query)
    if not terms:
        return Page([], {}, None)
    cursor = cursor or SearchCursor()
    if cursor.before is not None:
        stmt, params = search_module.older_than(
            card_select(), public_posts(), terms, cursor.before, PAGE_SIZE + 1
        )
        posts = _cards(stmt, params, viewer)
        older = {"q": query, "before": posts[PAGE_SIZE - 1].id} if len(posts) > PAGE_SIZE else None
        return _page(posts[:PAGE_SIZE], older, later=True)

    offset = (cursor.page - 1) * PAGE_SIZE
    stmt, params = search_module.best_first(
        card_select(), public_posts(), terms, cursor.upto, offset, PAGE_SIZE + 1
    )
    rows = _rows(stmt, params, viewer).all()
    older = None
    if len(rows) > PAGE_SIZE:
        *_, part, newest_visible = rows[PAGE_SIZE - 1]
        if part:  # the page ends past the window: a keyset from here on
            older = {"q": query, "before": rows[PAGE_SIZE - 1].id}
        else:
            upto = newest_visible if cursor.upto is None else cursor.upto
            older = {"q": query, "upto": upto, "page": cursor.page + 1}
    return _page([_listed(row) for row in rows[:PAGE_SIZE]], older, cursor.page > 1)


def post_for_page(post_id: int) -> Post | None:
    return db.session.scalar(with_cards(select(Post).where(Post.id == post_id)))


@dataclass
class Thread:
    replies: list[Reply]
    restricted: set[int]  # people the post's author restricted (their replies are shown to few)
    reacted: set[ReactionKind]
    answered: bool  # for this viewer: someone answered, or they did (even if only they see it)


def thread(viewer: User, post: Post) -> Thread:
    restricted = restricted_ids(post.author_id)
    replies = db.session.scalars(
        select(Reply)
        .where(Reply.post_id == post.id)
        .options(joinedload(Reply.author))
        .order_by(Reply.id)
    ).all()
    shown = [r for r in replies if permissions.reply_visible(viewer, r, restricted)]
    # A restricted classmate's reply doesn't answer the request for others, but telling its
    # writer it still needs a helper would tell them they are restricted.
    answered = post.first_reply_at is not None or any(
        r.author_id == viewer.id != post.author_id for r in shown
    )
    return Thread(
        replies=shown,
        restricted=restricted,
        reacted=reacted_kinds(viewer, [post.id])[post.id],
        answered=answered,
    )


def reactions_by_kind(post: Post) -> dict[ReactionKind, list[User]]:
    rows = db.session.scalars(
        select(Reaction)
        .where(Reaction.post_id == post.id)
        .options(joinedload(Reaction.user))
        .order_by(Reaction.id)
    ).all()
    grouped: dict[ReactionKind, list[User]] = {kind: [] for kind in ReactionKind}
    for reaction in rows:
        grouped[reaction.kind].append(reaction.user)
    return grouped


def revisions(post: Post) -> list[Revision]:
    return db.session.scalars(
        select(Revision).where(Revision.post_id == post.id).order_by(Revision.id.desc())
    ).all()


def shoutouts_about(user: User, limit: int = PAGE_SIZE) -> list[Post]:
    stmt = (
        select(Post)
        .join(Recipient, Recipient.post_id == Post.id)
        .where(
            Recipient.user_id == user.id,
            Recipient.state != RecipientState.HIDDEN,
            public_posts(),
        )
        .order_by(Post.id.desc())
        .limit(limit)
    )
    return db.session.scalars(with_cards(stmt)).unique().all()


def public_posts_by(user: User, limit: int = PAGE_SIZE) -> list[Post]:
    """A profile's posts: public and not anonymous (anonymous ones never point at the author)."""
    stmt = (
        select(Post)
        .where(Post.author_id == user.id, Post.anonymous.is_(False), public_posts())
        .order_by(Post.id.desc())
        .limit(limit)
    )
    return db.session.scalars(with_cards(stmt)).unique().all()


def own_posts(user: User, limit: int = 50) -> list[Post]:
    stmt = (
        select(Post)
        .where(Post.author_id == user.id, Post.deleted_at.is_(None))
        .order_by(Post.id.desc())
        .limit(limit)
    )
    return db.session.scalars(with_cards(stmt)).unique().all()


def waiting_for_ok(user: User) -> list[Post]:
    stmt = (
        select(Post)
        .join(Recipient, Recipient.post_id == Post.id)
        .where(
            Recipient.user_id == user.id,
            Recipient.state == RecipientState.WAITING,
            Post.status == Status.PUBLISHED,
            Post.deleted_at.is_(None),
        )
        .order_by(Post.id.desc())
        .limit(PAGE_SIZE)
    )
    return db.session.scalars(with_cards(stmt)).unique().all()


def suggest_classmates(prefix: str, limit: int = 8) -> list[User]:
    prefix = prefix.strip().lstrip("@").lower()
    if not prefix:
        return []
    like = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    return db.session.scalars(
        select(User)
        .where(User.role == Role.STUDENT, User.username_key.like(like, escape="\\"))
        .order_by(User.username_key)
        .limit(limit)
    ).all()
