"""The hall of fame picks its twenty in one of two forms (queries._hall_twenty): both give the
plain ranking of the period's public shout-outs, and each reads the index it was made for."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from board import queries
from board.extensions import db
from board.models import Post, PostKind, Recipient, RecipientState, Status, utcnow

from .test_feed_scale import bulk_posts, plan_of

WALK_FROM = 10  # small, so that a board of a few dozen posts needs both forms


def total(post: Post) -> int:
    return post.support_count + post.celebrate_count + post.me_too_count + post.inspired_count


def plain_ranking(since, category=None) -> list[int]:
    """The hall of fame as its rules say it, in Python over every post."""
    held = set(
        db.session.scalars(
            select(Recipient.post_id).where(Recipient.state != RecipientState.APPROVED)
        )
    )
    shown = [
        post
        for post in db.session.scalars(select(Post))
        if post.kind == PostKind.SHOUTOUT
        and post.status == Status.PUBLISHED
        and post.deleted_at is None
        and post.id not in held
        and post.created_at >= since
        and total(post) > 0
        and category in (None, post.category)
    ]
    shown.sort(key=lambda post: (total(post), post.created_at, post.id), reverse=True)
    return [post.id for post in shown[: queries.PAGE_SIZE]]


@pytest.fixture
def board(people, make_user):
    """Shout-outs over a month: a few in the last two days, more before; ties on reactions and
    on time; and, in both, posts that would top the ranking if a rule were forgotten."""
    now = utcnow().replace(microsecond=0)
    ana, ben = make_user("ana"), make_user("ben")

    def post(days, counts, kind=PostKind.SHOUTOUT, category="kindness", **fields):
        created = now - timedelta(days=days)
        support, celebrate, me_too, inspired = counts
        row = Post(
            kind=kind,
            author_id=ana.id,
            title="Well done",
            body="Well done",
            body_html="<p>Well done</p>",
            category=category,
            created_at=created,
            support_count=support,
            celebrate_count=celebrate,
            me_too_count=me_too,
            inspired_count=inspired,
            **fields,
        )
        db.session.add(row)
        db.session.flush()
        return row

    for days in (1, 20):  # the same traps in the short period and in the long one
        for state in (RecipientState.WAITING, RecipientState.HIDDEN):
            held = post(days, (30, 0, 0, 0))
            db.session.add(Recipient(post_id=held.id, user_id=ben.id, state=state))
        approved = post(days, (0, 0, 0, 2))  # an approved recipient holds nothing back
        db.session.add(Recipient(post_id=approved.id, user_id=ben.id))
        post(days, (29, 0, 0, 0), deleted_at=now)
        post(days, (28, 0, 0, 0), status=Status.HIDDEN)
        post(days, (27, 0, 0, 0), status=Status.PENDING)
        post(days, (26, 0, 0, 0), kind=PostKind.HELP)
        for _ in range(4):
            post(days, (0, 0, 0, 0))  # no reactions: never in the hall
    # The last two days: fewer than WALK_FROM, with ties on reactions and on time.
    for counts in [(1, 0, 0, 0), (0, 1, 0, 0), (0, 0, 2, 1), (1, 1, 1, 0), (0, 0, 0, 1)]:
        post(1.5, counts)
    post(0.5, (0, 2, 0, 0), category="sports")
    post(3.0, (25, 0, 0, 0))  # just before the short period
    # The month before: many more, in two categories.
    for n in range(40):
        post(3 + n * 0.5, (n % 4, n % 3, 0, n % 2), category=("kindness", "sports")[n % 3 == 0])
    post(45, (24, 0, 0, 0))  # before the month
    db.session.commit()
    return now


def forms_used(monkeypatch) -> list[str]:
    monkeypatch.setattr(queries, "HALL_WALK_FROM", WALK_FROM)
    used = []
    choose = queries._hall_twenty

    def recording(by_category, params):
        stmt = choose(by_category, params)
        _, walk, rank_all = queries._hall_statements(by_category, queries.HALL_WALK_FROM)
        used.append({id(walk): "walk", id(rank_all): "rank all"}[id(stmt)])
        return stmt

    monkeypatch.setattr(queries, "_hall_twenty", recording)
    return used


@pytest.mark.parametrize(
    "days, category, form",
    [
        (2, None, "rank all"),
        (2, "kindness", "rank all"),
        (2, "sports", "rank all"),
        (30, None, "walk"),
        (30, "kindness", "walk"),
        (30, "sports", "walk"),
    ],
)
def test_the_hall_of_fame_is_the_plain_ranking_in_either_form(
    monkeypatch, people, board, days, category, form
):
    used = forms_used(monkeypatch)
    since = board - timedelta(days=days)
    page = queries.hall_of_fame(people.student, since, category)
    assert used == [form]
    expected = plain_ranking(since, category)
    assert [post.id for post in page.posts] == expected
    assert expected


def test_the_hall_of_fame_walks_from_exactly_that_many_shoutouts(monkeypatch, people, board):
    """Held-back shout-outs count towards the switch (the count does not read recipients)."""
    used = forms_used(monkeypatch)
    since = board - timedelta(days=2)
    counted = db.session.scalar(
        select(db.func.count()).where(
            Post.kind == PostKind.SHOUTOUT,
            Post.status == Status.PUBLISHED,
            Post.deleted_at.is_(None),
            Post.created_at >= since,
            Post.support_count + Post.celebrate_count + Post.me_too_count + Post.inspired_count > 0,
        )
    )
    for walk_from in (counted, counted + 1):
        monkeypatch.setattr(queries, "HALL_WALK_FROM", walk_from)
        page = queries.hall_of_fame(people.student, since)
        assert [post.id for post in page.posts] == plain_ranking(since)
    assert used == ["walk", "rank all"]


@pytest.mark.parametrize("form, index", [(1, "ix_post_hall_rank"), (2, "ix_post_hall")])
def test_the_hall_of_fame_forms_read_their_indexes(app, make_user, form, index):
    bulk_posts([make_user(f"writer{n}") for n in range(12)], 3000)
    stmt = queries._hall_statements(False, queries.HALL_WALK_FROM)[form]
    since = utcnow() - timedelta(days=400 if form == 1 else 2)
    plan = plan_of(stmt.params(since=since, viewer_id=1))
    if db.engine.dialect.name == "sqlite":
        assert f"USING INDEX {index} " in plan or f"COVERING INDEX {index} " in plan, plan
    else:
        assert f"Index Scan using {index} " in plan or f"Only Scan using {index} " in plan, plan
    if form == 2:
        assert "ix_post_hall_rank" not in plan, plan  # ranked by sorting the period's posts


def test_the_choice_is_remembered_for_ten_minutes_and_a_stale_one_still_ranks_right(
    monkeypatch, people, board
):
    from .test_query_counts import counting

    used = forms_used(monkeypatch)
    month, two_days = board - timedelta(days=30), board - timedelta(days=2)
    counts = []
    for since in (month, month, two_days, two_days):
        with counting() as statements:
            page = queries.hall_of_fame(people.student, since)
        counts.append(len(statements))  # the first also reloads the student after commit
        assert [post.id for post in page.posts] == plain_ranking(since)
    assert used == ["walk", "walk", "rank all", "rank all"]
    assert counts[1:] == [1, 2, 1]  # the cards, after a count when not remembered

    # Many more shout-outs in the last two days: still ranked all (remembered), and right.
    author = db.session.scalar(select(Post.author_id))
    for hours in range(WALK_FROM * 2):
        db.session.add(
            Post(
                kind=PostKind.SHOUTOUT,
                author_id=author,
                title="Again",
                body="Again",
                body_html="<p>Again</p>",
                category="kindness",
                created_at=board - timedelta(minutes=hours),
                celebrate_count=1 + hours % 7,
            )
        )
    db.session.commit()
    page = queries.hall_of_fame(people.student, two_days)
    assert used[-1] == "rank all"
    assert [post.id for post in page.posts] == plain_ranking(two_days)

    # Ten minutes on, with the older shout-outs gone: counted again.
    db.session.execute(db.update(Post).where(Post.created_at < two_days).values(deleted_at=board))
    db.session.commit()
    monkeypatch.setattr(queries, "utcnow", lambda: board + timedelta(minutes=11))
    page = queries.hall_of_fame(people.student, month)
    assert used[-1] == "walk"  # 2 x WALK_FROM in the period now
    assert [post.id for post in page.posts] == plain_ranking(month)
