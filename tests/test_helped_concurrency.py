""" "This helped" racing a reaction: whichever commits first, the stored feed score ends equal to
the score recomputed from the final rows.

Each race is played out step by step rather than hoped for: one action runs in the test's own
session and is paused right after it has read what the score is computed from; the other
action then runs in a thread with its own app context (its own session and connection, as a
concurrent request has) until it has committed or is waiting for a lock; then the first goes on.
On PostgreSQL, without the post lock in both actions, the second commits in the pause and the
first then writes a score computed from what it read before. SQLite takes its one write lock at
an action's first write, before either reads, so there the same steps check that nothing else
changed.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from contextlib import contextmanager

import pytest
from sqlalchemy import event, text

from board import posting, ranking
from board.extensions import db
from board.models import Post, PostKind, ReactionKind, Reply, User

from .test_reactions_concurrency import assert_counts_match_rows

READS_HELPFUL_REPLIES = "helped_at IS NOT NULL"  # ranking.helpful_replies, which refresh() runs


@pytest.fixture
def resolved_request(make_user):
    """A request already resolved by one helpful reply, a second reply about to be marked
    helpful too, and a classmate about to react: marking it changes no column of the post
    before the score is recomputed, so nothing but a lock orders it against the reaction."""
    asker, first, second, reactor = (make_user(name) for name in ("asker", "ana", "ben", "cal"))
    post = posting.create_post(
        asker,
        posting.Draft(PostKind.HELP, "Stuck on fractions", "How do I add them?", "schoolwork"),
    )
    posting.mark_helped(post, posting.add_reply(first, post, "Same bottoms first"))
    reply = posting.add_reply(second, post, "Pizza slices!")
    return post.id, reply.id, reactor.id


def mark_helped(post_id: int, reply_id: int) -> None:
    posting.mark_helped(db.session.get(Post, post_id), db.session.get(Reply, reply_id))


def react(post_id: int, user_id: int) -> None:
    user, post = db.session.get(User, user_id), db.session.get(Post, post_id)
    posting.toggle_reaction(user, post, ReactionKind.SUPPORT)


@contextmanager
def interleaved(app, marker: str, other: Callable[[], None]):
    """Inside the block, when this thread runs a statement containing `marker`, run `other` in
    another thread until it has committed or waits for a lock that this thread's transaction
    holds; then let this thread go on. On leaving, wait for the other thread to finish."""
    engine, me = db.engine, threading.get_ident()
    state = {"pid": None, "writing": False, "done": False, "started": False}
    errors: list[BaseException] = []

    def run_other():
        try:
            with app.app_context():
                if engine.dialect.name == "postgresql":
                    state["pid"] = db.session.scalar(text("SELECT pg_backend_pid()"))
                other()
        except BaseException as error:  # noqa: BLE001 - reported by the test
            errors.append(error)
        finally:
            state["done"] = True

    def waits_for_a_lock() -> bool:
        if engine.dialect.name == "sqlite":
            # This thread holds SQLite's write lock: any write of the other's waits for it.
            return state["writing"]
        if state["pid"] is None:
            return False
        with engine.connect() as monitor:
            waiting = monitor.scalar(
                text("SELECT wait_event_type FROM pg_stat_activity WHERE pid = :pid"),
                {"pid": state["pid"]},
            )
        return waiting == "Lock"

    def note_writes(conn, cursor, statement, parameters, context, executemany):
        writes = statement.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
        if threading.get_ident() != me and writes:
            state["writing"] = True

    def pause(conn, cursor, statement, parameters, context, executemany):
        if threading.get_ident() != me or marker not in statement or state["started"]:
            return
        state["started"] = True
        thread.start()
        deadline = time.monotonic() + 20
        while not (state["done"] or waits_for_a_lock()):
            assert time.monotonic() < deadline, "the other action neither finished nor waited"
            time.sleep(0.01)

    thread = threading.Thread(target=run_other)
    db.session.commit()
    event.listen(engine, "before_cursor_execute", note_writes)
    event.listen(engine, "after_cursor_execute", pause)
    try:
        yield
    finally:
        if state["started"]:
            thread.join(timeout=60)
        event.remove(engine, "before_cursor_execute", note_writes)
        event.remove(engine, "after_cursor_execute", pause)
    assert state["started"], f"no statement with {marker!r} ran"
    assert not thread.is_alive()
    assert not errors, errors


def assert_score_follows_the_rows(post_id: int) -> None:
    rows = assert_counts_match_rows(post_id)
    post = db.session.get(Post, post_id)
    assert rows[ReactionKind.SUPPORT] == 1
    assert ranking.helpful_replies(post_id) == 2
    assert post.score == pytest.approx(ranking.score_of(post, 2), abs=1e-9)


def test_a_reaction_during_this_helped_leaves_the_score_of_the_final_rows(app, resolved_request):
    post_id, reply_id, reactor_id = resolved_request
    with interleaved(app, READS_HELPFUL_REPLIES, lambda: react(post_id, reactor_id)):
        mark_helped(post_id, reply_id)

    assert_score_follows_the_rows(post_id)


def test_this_helped_during_a_reaction_leaves_the_score_of_the_final_rows(app, resolved_request):
    post_id, reply_id, reactor_id = resolved_request
    with interleaved(app, READS_HELPFUL_REPLIES, lambda: mark_helped(post_id, reply_id)):
        react(post_id, reactor_id)

    assert_score_follows_the_rows(post_id)


def recount(post_id: int) -> None:
    posting.recount({post_id})
    db.session.commit()


def test_a_recount_during_a_reaction_counts_the_reaction(app, resolved_request):
    """Staff hiding or publishing a reply recounts the post (posting.recount). On PostgreSQL,
    a recount whose UPDATE waited for a reaction's lock counted the reactions as they were
    when the UPDATE began, and wrote that stale count over the reaction's."""
    post_id, _, reactor_id = resolved_request
    with interleaved(app, "INSERT INTO reaction", lambda: recount(post_id)):
        react(post_id, reactor_id)

    rows = assert_counts_match_rows(post_id)
    assert rows[ReactionKind.SUPPORT] == 1
    post = db.session.get(Post, post_id)
    assert post.score == pytest.approx(ranking.score_of(post, 1), abs=1e-9)
