"""Reactions under load: eight people toggling at once leave every count equal to its rows.

Runs on the suite's real database (a SQLite file, or PostgreSQL with --db=postgres): each thread
has its own app context, so its own session and connection, as concurrent requests do.
"""

from __future__ import annotations

import random
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import event, func, insert, select
from sqlalchemy.exc import IntegrityError

from board import posting
from board.extensions import db
from board.models import (
    Notification,
    NotificationKind,
    Post,
    PostKind,
    Reaction,
    ReactionKind,
    User,
)

THREADS = 8
TOGGLES = 200
KINDS = list(ReactionKind)


@pytest.fixture
def post(make_user):
    author = make_user("author")
    return posting.create_post(
        author,
        posting.Draft(PostKind.HELP, "Big test tomorrow", "Any revision tips?", "schoolwork"),
    )


@pytest.fixture
def reactors(make_user):
    return [make_user(f"reactor{i}") for i in range(THREADS)]


def run_threads(app, work) -> list:
    """Run work(index) in THREADS threads, each in its own app context, all starting together.
    Returns their results; an exception in any thread fails the test."""
    start = threading.Barrier(THREADS)

    def thread(index: int):
        with app.app_context():
            start.wait(timeout=30)
            return work(index)

    db.session.commit()
    with ThreadPoolExecutor(THREADS) as pool:
        futures = [pool.submit(thread, index) for index in range(THREADS)]
        return [future.result() for future in futures]


def rows_by_kind(post_id: int) -> Counter:
    return Counter(
        dict(
            db.session.execute(
                select(Reaction.kind, func.count())
                .where(Reaction.post_id == post_id)
                .group_by(Reaction.kind)
            ).all()
        )
    )


def assert_counts_match_rows(post_id: int) -> Counter:
    db.session.expire_all()
    post = db.session.get(Post, post_id)
    rows = rows_by_kind(post_id)
    for kind in KINDS:
        assert post.reaction_count(kind) == rows[kind], f"{kind}: counter vs rows"
    doubles = db.session.execute(
        select(Reaction.user_id, Reaction.kind, func.count())
        .where(Reaction.post_id == post_id)
        .group_by(Reaction.user_id, Reaction.kind)
        .having(func.count() > 1)
    ).all()
    assert not doubles, f"more than one row for {doubles}"
    return rows


def toggle_many(user_id: int, post_id: int, kinds: list[ReactionKind]) -> dict:
    """Toggle each kind in turn, in this thread's own session; returns the last state seen for
    each kind and how many toggles turned a reaction on."""
    user = db.session.get(User, user_id)
    post = db.session.get(Post, post_id)
    last: dict[ReactionKind, bool] = {}
    ons = 0
    slowest = 0.0
    for kind in kinds:
        began = time.monotonic()
        on = posting.toggle_reaction(user, post, kind)
        slowest = max(slowest, time.monotonic() - began)
        last[kind] = on
        ons += on
    return {"user_id": user_id, "last": last, "ons": ons, "slowest": slowest}


def test_eight_people_toggling_reactions_at_once_keep_counts_equal_to_rows(app, post, reactors):
    post_id = post.id
    user_ids = [user.id for user in reactors]
    plans = [[random.Random(i).choice(KINDS) for _ in range(TOGGLES)] for i in range(THREADS)]

    began = time.monotonic()
    results = run_threads(app, lambda i: toggle_many(user_ids[i], post_id, plans[i]))
    slowest = max(result["slowest"] for result in results)
    print(  # shown with -s, for the record
        f"\n{THREADS}x{TOGGLES} toggles in {time.monotonic() - began:.1f}s, "
        f"the slowest took {slowest:.2f}s"
    )

    rows = assert_counts_match_rows(post_id)
    # Each person's rows are exactly the reactions their last toggle of each kind left on.
    for result in results:
        mine = set(
            db.session.scalars(
                select(Reaction.kind).where(
                    Reaction.post_id == post_id, Reaction.user_id == result["user_id"]
                )
            )
        )
        assert mine == {kind for kind, on in result["last"].items() if on}
    assert sum(rows.values()) == sum(on for result in results for on in result["last"].values())
    # The author was told once for every reaction that was added, and only then.
    told = db.session.scalar(
        select(func.count())
        .select_from(Notification)
        .where(Notification.post_id == post_id, Notification.kind == NotificationKind.REACTION)
    )
    assert told == sum(result["ons"] for result in results)


def test_a_double_click_from_eight_tabs_keeps_one_reaction_and_the_right_count(app, post, reactors):
    """All eight threads toggle the same person's same reaction: it ends where the number of
    toggles says, with never more than one row."""
    post_id, user_id = post.id, reactors[0].id
    plan = [ReactionKind.CELEBRATE] * (TOGGLES // 2)

    results = run_threads(app, lambda i: toggle_many(user_id, post_id, plan))

    rows = assert_counts_match_rows(post_id)
    ons = sum(result["ons"] for result in results)
    # Toggles are serialised per post, so exactly half of an even number turned it on.
    assert ons == THREADS * len(plan) // 2
    assert rows[ReactionKind.CELEBRATE] == 0


@pytest.fixture
def without_the_post_lock(monkeypatch):
    """toggle_reaction takes the post row FOR UPDATE, and that lock makes its unique-constraint
    fallback unreachable: a second writer's insert waits on it for its foreign-key check. These
    tests lift the lock to reach the fallback, as a writer that forgot the lock would. SQLite
    serialises every writer from its first write anyway, so there is nothing to reach there."""
    if db.engine.dialect.name == "sqlite":
        pytest.skip("SQLite holds the write lock from the DELETE on: nothing can land between")
    monkeypatch.setattr(posting, "_lock", lambda post_id: None)
    integrity_errors = []

    def count(context):
        if isinstance(context.sqlalchemy_exception, IntegrityError):
            integrity_errors.append(context.original_exception)

    event.listen(db.engine, "handle_error", count)
    yield integrity_errors
    event.remove(db.engine, "handle_error", count)


def test_a_reaction_that_lands_between_the_check_and_the_insert_is_kept_once(
    app, post, reactors, without_the_post_lock
):
    """Another connection adds the same reaction right after toggle_reaction found none: the
    insert fails quietly inside its savepoint, one row remains and the count says 1."""
    user = reactors[0]
    post_id, user_id = post.id, user.id
    landed = []

    def double_click(conn, cursor, statement, parameters, context, executemany):
        if landed or not statement.lstrip().upper().startswith("DELETE FROM REACTION"):
            return
        landed.append(True)
        with db.engine.connect() as other:
            other.exec_driver_sql("SET lock_timeout = '5s'")  # fail, never hang, if it waits
            other.execute(
                insert(Reaction).values(post_id=post_id, user_id=user_id, kind=ReactionKind.SUPPORT)
            )
            other.commit()

    db.session.commit()
    event.listen(db.engine, "after_cursor_execute", double_click)
    try:
        assert posting.toggle_reaction(user, db.session.get(Post, post_id), ReactionKind.SUPPORT)
    finally:
        event.remove(db.engine, "after_cursor_execute", double_click)
    assert landed and len(without_the_post_lock) == 1
    rows = assert_counts_match_rows(post_id)
    assert rows[ReactionKind.SUPPORT] == 1


def test_racing_double_clicks_never_make_two_rows_even_without_the_lock(
    app, post, reactors, without_the_post_lock
):
    post_id, user_id = post.id, reactors[0].id
    plan = [ReactionKind.SUPPORT] * (TOGGLES // 2)

    run_threads(app, lambda i: toggle_many(user_id, post_id, plan))

    print(f"\nunique-constraint fallbacks taken: {len(without_the_post_lock)}")
    assert rows_by_kind(post_id)[ReactionKind.SUPPORT] <= 1
    # Without the lock the counters may lag their rows; a recount brings them back in line.
    posting.recount({post_id})
    db.session.commit()
    assert_counts_match_rows(post_id)


def test_reacting_through_the_page_answers_json_or_goes_back_to_the_post(
    client, auth, post, reactors
):
    auth.login(reactors[0].username)
    json_accept = {"Accept": "application/json"}
    on = client.post(f"/posts/{post.id}/react/celebrate", headers=json_accept)
    assert on.status_code == 200
    assert on.get_json() == {"kind": "celebrate", "on": True, "count": 1}
    off = client.post(f"/posts/{post.id}/react/celebrate", headers=json_accept)
    assert off.get_json() == {"kind": "celebrate", "on": False, "count": 0}

    plain = client.post(f"/posts/{post.id}/react/celebrate")
    assert plain.status_code == 302
    assert plain.headers["Location"] == f"/posts/{post.id}#post-{post.id}"
    from_board = client.post(f"/posts/{post.id}/react/celebrate", data={"next": "/"})
    assert from_board.headers["Location"] == f"/#post-{post.id}"
    elsewhere = client.post(
        f"/posts/{post.id}/react/support", data={"next": "https://evil.example/"}
    )
    assert elsewhere.headers["Location"] == f"/#post-{post.id}"
    assert client.post(f"/posts/{post.id}/react/dislike").status_code == 404
    assert_counts_match_rows(post.id)
    assert rows_by_kind(post.id) == Counter({ReactionKind.SUPPORT: 1})
