"""The only place that says how the feed is ordered (positivity first).

    score = created_at / TAU  +  log2(1 + reactions + HELPED_WEIGHT * helpful replies)  +  need

* Freshness: TAU is 12 hours, so a post 12 hours newer is worth one more point.
* Only positive signals raise a post: reactions and replies marked "This helped". Reports,
  reply counts and anything that smells of controversy never enter the score.
* Need: shout-outs and help requests that still need a helper (nobody has replied) get
  NEED_BOOST; open requests that have replies get nothing extra; resolved requests sink by
  RESOLVED_PENALTY. "This helped" resolves a request, and its lift, log2(1 + 3) = 2, gives back
  only half the penalty: a request resolved that way still sinks below an open one of the same
  age and reactions (up to four helpful replies), and above one resolved without help.
* A helpful reply counts while it is published and not deleted (staff hiding it takes its
  lift away); replies only their writer and staff can see never make a request "answered".

Why a stored number works: a score that decays on every read, E * 2^(-age/TAU), orders posts
exactly as its logarithm does, log2(E) - (now - created_at)/TAU, and `now/TAU` is the same for
every post at the moment of reading. Dropping it leaves log2(E) + created_at/TAU, which changes
only when an event changes E or the need term. So it is stored in `post.score`, indexed with
the id, and the feed pages with a keyset (score, id): the cost of any page does not depend on
how many posts exist. `refresh` runs in the transaction of every event that can change it
(reaction, first reply, "This helped", resolution, moderation, restriction);
`flask --app board rebuild-scores` recomputes them all.

A post's score moves only when something happens to it, so a reader paging through the feed
while a post gains a reaction may see it twice or not at all: the keyset keeps every other post
in place, which is what "Older" pages promise.

Page one also never shows more than two posts in a row by one author (`spread_authors`); an
anonymous request counts as nobody's, so where it lands gives no hint of who asked.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import datetime

import click
from flask import Flask
from sqlalchemy import and_, func, select

from .extensions import db
from .models import Post, PostKind, Reply, Restriction, Status

TAU_SECONDS = 12 * 60 * 60
HELPED_WEIGHT = 3
NEED_BOOST = 1.0
RESOLVED_PENALTY = 4.0
MAX_RUN = 2


def score(
    created_at: datetime,
    kind: PostKind,
    reactions: int,
    helpful_replies: int,
    has_replies: bool,
    resolved: bool,
) -> float:
    freshness = created_at.timestamp() / TAU_SECONDS
    engagement = math.log2(1 + reactions + HELPED_WEIGHT * helpful_replies)
    if kind == PostKind.SHOUTOUT:
        need = NEED_BOOST
    elif resolved:
        need = -RESOLVED_PENALTY
    elif not has_replies:
        need = NEED_BOOST
    else:
        need = 0.0
    return freshness + engagement + need


def score_of(post: Post, helpful_replies: int) -> float:
    return score(
        post.created_at,
        post.kind,
        post.support_count + post.celebrate_count + post.me_too_count + post.inspired_count,
        helpful_replies,
        post.first_reply_at is not None,
        post.resolved_at is not None,
    )


def replies_that_count():
    """SQL condition on a Reply joined with its Post: the replies everyone can see, which make
    a request answered (posting keeps reply_count and first_reply_at from them). Not those of
    someone the post's author restricted: only their writer and staff see them, and a
    restricted classmate must not make a request look answered."""
    restricted = (
        select(Restriction.id)
        .where(Restriction.user_id == Post.author_id, Restriction.restricted_id == Reply.author_id)
        .exists()
    )
    return and_(Reply.status == Status.PUBLISHED, Reply.deleted_at.is_(None), ~restricted)


def helpful():
    """SQL condition on a Reply joined with its Post: marked "This helped", and still counts."""
    return and_(Reply.helped_at.is_not(None), replies_that_count())


def counted_replies():
    """select(count) of replies joined with their posts, for the conditions above."""
    return select(func.count()).select_from(Reply).join(Post, Post.id == Reply.post_id)


def helpful_replies(post_id: int) -> int:
    return db.session.scalar(counted_replies().where(Reply.post_id == post_id, helpful()))


def refresh(post: Post) -> None:
    """Recompute one post's score from its (already recounted) columns and rows."""
    db.session.flush()
    db.session.refresh(post)
    post.score = score_of(post, helpful_replies(post.id))


def spread_authors(candidates: Sequence[Post], size: int) -> list[Post]:
    """Up to `size` posts in rank order, except that a post which would make a run of more than
    MAX_RUN by one author waits until it fits. Stops early rather than break the rule."""
    queue = list(candidates)
    chosen: list[Post] = []
    while queue and len(chosen) < size:
        run = {_shown_author(post) for post in chosen[-MAX_RUN:]}
        # The author of the last MAX_RUN posts, if that is one author: their next post waits.
        waits = run.pop() if len(chosen) >= MAX_RUN and len(run) == 1 else None
        index = next((i for i, post in enumerate(queue) if _shown_author(post) != waits), None)
        if index is None:
            break
        chosen.append(queue.pop(index))
    return chosen


def _shown_author(post: Post) -> object:
    """Whose run a post belongs to: an anonymous request is its own, or holding it back after
    two posts by its asker would point at them."""
    return ("anonymous", post.id) if post.anonymous else post.author_id


@click.command("rebuild-scores")
def rebuild_scores_command():
    """Recount every post's replies and recompute its feed score from the rows (run it after an
    upgrade that changes what counts)."""
    joined = Reply.__table__.join(Post.__table__, Post.id == Reply.post_id)
    counted = select(Reply.post_id).select_from(joined).where(replies_that_count())
    counts = dict(
        db.session.execute(counted.add_columns(func.count()).group_by(Reply.post_id)).all()
    )
    first = dict(
        db.session.execute(
            counted.add_columns(func.min(Reply.created_at))
            .where(Reply.author_id != Post.author_id)
            .group_by(Reply.post_id)
        ).all()
    )
    helped = dict(
        db.session.execute(
            select(Reply.post_id, func.count())
            .select_from(joined)
            .where(helpful())
            .group_by(Reply.post_id)
        ).all()
    )
    count = 0
    for post in db.session.scalars(select(Post).execution_options(yield_per=1000)):
        post.reply_count = counts.get(post.id, 0)
        post.first_reply_at = first.get(post.id)
        post.score = score_of(post, helped.get(post.id, 0))
        count += 1
        if count % 1000 == 0:
            db.session.flush()
    db.session.commit()
    click.echo(f"Rebuilt {count} scores.")


def init_app(app: Flask) -> None:
    app.cli.add_command(rebuild_scores_command)
