"""The SQL statement count of a page does not grow with what it shows.

A board of 3 posts and a board of 20 (with reactions, recipients and replies), a post with one
reply and with 30, one reaction and 40, a profile with a few shout-outs and with many, my page and
notifications: each page costs the same number of statements however much it shows, and no more
than a small fixed ceiling. Statements are counted on the engine around the measured request only
(the login before it is not counted).
"""

from __future__ import annotations

import itertools
import re
from contextlib import contextmanager

import pytest
from sqlalchemy import event
from werkzeug.exceptions import NotFound

from board import posting
from board.extensions import db
from board.models import PostKind, ReactionKind, Role

# The most statements each page may take, whatever it shows.
CEILINGS = {
    "board": 8,
    "feed": 8,
    "post": 9,
    "reactions": 6,
    "profile": 12,
    "me": 11,
    "notifications": 5,
}
KINDS = list(ReactionKind)


@contextmanager
def counting():
    statements: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        statements.append(" ".join(statement.split()))

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", record)


def statements_for(client, url: str) -> tuple[list[str], str]:
    db.session.commit()  # nothing of the test's own is left to flush inside the measurement
    with counting() as statements:
        response = client.get(url)
    assert response.status_code == 200, url
    return list(statements), response.get_data(as_text=True)


def assert_flat(page: str, *counts: list[str]) -> None:
    """Every measurement took as many statements as the first, and no more than the ceiling."""
    numbers = [len(c) for c in counts]
    print(f"\n{page}: {numbers} statements")  # shown with -s, for the record
    listing = "\n".join(f"  {s[:200]}" for s in counts[-1])
    assert len(set(numbers)) == 1, f"{page}: {numbers} statements as it grows:\n{listing}"
    assert numbers[0] <= CEILINGS[page], f"{page}: {numbers[0]} > {CEILINGS[page]}:\n{listing}"


def cards(page: str) -> int:
    return len(re.findall(r'<article class="post post-', page))


class Classroom:
    """A supply of students and staff, and ways to fill the board with varied posts."""

    def __init__(self, make_user):
        self.make_user = make_user
        self.students = [make_user(f"kid{i:02d}", display_name=f"Kid {i}") for i in range(12)]
        self.staff = [
            make_user(f"teacher{i}", role=Role.STAFF, display_name=f"Teacher {i}") for i in range(3)
        ]
        self.viewer = make_user("viewer", display_name="Vic Viewer")
        self.counter = itertools.count()

    def varied_post(self):
        """A help request or a shout-out with 1-3 recipients, some reactions (the viewer's among
        them) and a reply or two, each by a new author (so the feed holds none back and every
        card has an author of its own to load)."""
        n = next(self.counter)
        if n % 2:
            author = self.make_user(f"teacher{n:02d}a", role=Role.STAFF)
            names = [s.username for s in self.students[n % 5 : n % 5 + 1 + n % 3]]
            post = posting.create_post(
                author,
                posting.Draft(
                    PostKind.SHOUTOUT, f"Shout {n}", "Well done!", "kindness", recipients=names
                ),
            )
        else:
            author = self.make_user(f"asker{n:02d}")
            post = posting.create_post(
                author,
                posting.Draft(PostKind.HELP, f"Question {n}", "Can someone help?", "schoolwork"),
            )
        for i, person in enumerate(self.students[: n % 4 + 1]):
            posting.toggle_reaction(person, post, KINDS[(n + i) % 4])
        if n % 3 == 0:
            posting.toggle_reaction(self.viewer, post, KINDS[n % 4])
        for person in self.students[5 : 5 + n % 3]:
            posting.add_reply(person, post, f"Reply to {n}")
        return post


@pytest.fixture
def room(make_user):
    return Classroom(make_user)


def test_the_board_costs_the_same_for_3_posts_as_for_20(client, auth, room):
    for _ in range(3):
        room.varied_post()
    auth.login("viewer")
    few, page = statements_for(client, "/")
    assert cards(page) == 3
    for _ in range(17):
        room.varied_post()
    many, page = statements_for(client, "/")
    assert cards(page) == 20 and "Older posts" not in page
    for _ in range(25):
        room.varied_post()
    full, page = statements_for(client, "/")
    assert cards(page) == 20 and "Older posts" in page
    older = re.search(r'class="pager".*?href="([^"]+)"', page, re.S).group(1)
    second, page = statements_for(client, older.replace("&amp;", "&"))
    assert cards(page) == 20
    assert_flat("board", few, many, full)
    # Later pages skip page one's candidate ranking (ranking.spread_authors): one fewer.
    assert len(second) <= len(full), second


@pytest.mark.parametrize(
    "feed", ["/needs-help", "/celebrations", "/hall-of-fame?period=term", "/search?q=question"]
)
def test_the_other_feeds_cost_no_more_for_45_posts_than_for_3(app, client, auth, room, feed):
    """Needs a helper, Celebrations, Hall of fame and search: a full page costs no more than a
    nearly empty one (Needs a helper may skip its second query when the first fills the page)."""
    try:
        app.url_map.bind("localhost").match(feed.split("?")[0])
    except NotFound:
        pytest.skip(f"{feed} does not exist")
    for _ in range(3):
        room.varied_post()
    auth.login("viewer")
    few, page = statements_for(client, feed)
    assert cards(page) >= 1
    for _ in range(42):
        room.varied_post()
    many, page = statements_for(client, feed)
    assert cards(page) >= 15
    numbers = [len(few), len(many)]
    print(f"\n{feed}: {numbers} statements")
    listing = "\n".join(f"  {s[:200]}" for s in many)
    assert len(many) <= len(few), f"{feed}: {numbers} statements as it grows:\n{listing}"
    assert len(few) <= CEILINGS["feed"], f"{feed}: {len(few)} > {CEILINGS['feed']}"


def test_a_post_page_costs_the_same_with_1_or_30_replies_and_1_or_40_reactions(client, auth, room):
    asker = room.students[0]
    post = posting.create_post(
        asker, posting.Draft(PostKind.HELP, "Stuck on fractions", "Help?", "schoolwork")
    )
    first = posting.add_reply(room.students[1], post, "Draw them as pizza slices")
    posting.toggle_reaction(room.students[1], post, ReactionKind.SUPPORT)
    posting.restrict(asker, room.students[2])
    auth.login("viewer")
    few, page = statements_for(client, f"/posts/{post.id}")
    assert page.count('<article class="reply') == 1

    repliers = itertools.cycle(room.students + [room.viewer] + room.staff)
    for i in range(29):
        posting.add_reply(next(repliers), post, f"Another idea, number {i}")
    posting.mark_helped(post, first)
    replies, page = statements_for(client, f"/posts/{post.id}")
    # 30 replies, less the restricted classmate's, which the viewer does not see.
    assert 25 <= page.count('<article class="reply') <= 30

    for person in room.students[1:] + [room.viewer]:
        for kind in KINDS:
            if (person.id, kind) != (room.students[1].id, ReactionKind.SUPPORT):
                posting.toggle_reaction(person, post, kind)
    reactions, page = statements_for(client, f"/posts/{post.id}")
    assert post.support_count + post.celebrate_count + post.me_too_count + post.inspired_count >= 40
    assert_flat("post", few, replies, reactions)


def test_a_shoutout_page_costs_the_same_for_1_or_10_recipients(client, auth, room):
    one = posting.create_post(
        room.staff[0],
        posting.Draft(PostKind.SHOUTOUT, "Star", "Great job", "arts", recipients=["kid00"]),
    )
    ten = posting.create_post(
        room.staff[0],
        posting.Draft(
            PostKind.SHOUTOUT,
            "Stars",
            "Great job, all of you",
            "arts",
            recipients=[s.username for s in room.students[:10]],
        ),
    )
    auth.login("viewer")
    few, _ = statements_for(client, f"/posts/{one.id}")
    many, page = statements_for(client, f"/posts/{ten.id}")
    assert "Kid 9" in page
    assert_flat("post", few, many)


def test_who_reacted_costs_the_same_for_1_or_40_reactions(client, auth, room):
    post = posting.create_post(
        room.students[0], posting.Draft(PostKind.HELP, "Nervous", "Any tips?", "wellbeing")
    )
    posting.toggle_reaction(room.students[1], post, ReactionKind.SUPPORT)
    auth.login("viewer")
    few, _ = statements_for(client, f"/posts/{post.id}/reactions")
    for person in room.students[2:12]:
        for kind in KINDS:
            posting.toggle_reaction(person, post, kind)
    many, page = statements_for(client, f"/posts/{post.id}/reactions")
    assert page.count('<li><a href="/u/') == 41
    assert_flat("reactions", few, many)


def test_a_profile_costs_the_same_with_few_or_many_shoutouts(client, auth, room):
    person = room.students[3]

    def shout_and_ask(count: int):
        for _ in range(count):
            n = next(room.counter)
            others = [s.username for s in room.students[4 : 4 + n % 4]]
            post = posting.create_post(
                room.staff[n % 3],
                posting.Draft(
                    PostKind.SHOUTOUT,
                    f"Shout {n}",
                    "Brilliant!",
                    "kindness",
                    recipients=[person.username, *others],
                ),
            )
            posting.toggle_reaction(room.viewer, post, KINDS[n % 4])
            own = posting.create_post(
                person, posting.Draft(PostKind.HELP, f"Question {n}", "Help?", "schoolwork")
            )
            posting.toggle_reaction(room.students[n % 3], own, KINDS[n % 4])

    shout_and_ask(2)
    lost = posting.create_post(
        room.students[0], posting.Draft(PostKind.HELP, "Lost my way", "Where is room 9?", "other")
    )
    posting.mark_helped(lost, posting.add_reply(person, lost, "Here is how"))
    auth.login("viewer")
    few, page = statements_for(client, f"/u/{person.username}")
    assert cards(page) == 4
    shout_and_ask(23)
    many, page = statements_for(client, f"/u/{person.username}")
    assert cards(page) == 40 and "20+" in page
    assert_flat("profile", few, many)


def test_my_page_costs_the_same_with_few_or_many_posts(client, auth, room):
    viewer = room.viewer
    viewer.shoutouts_need_ok = True
    db.session.commit()

    def fill(count: int, start: int):
        for n in range(start, start + count):
            post = posting.create_post(
                viewer, posting.Draft(PostKind.HELP, f"My question {n}", "Help?", "schoolwork")
            )
            posting.toggle_reaction(room.students[n % 12], post, KINDS[n % 4])
            posting.create_post(
                room.staff[n % 3],
                posting.Draft(
                    PostKind.SHOUTOUT, f"For you {n}", "Well done", "arts", recipients=["viewer"]
                ),
            )
            posting.restrict(viewer, room.students[n % 12])

    fill(2, 0)
    auth.login("viewer")
    few, page = statements_for(client, "/me")
    assert "Shout-outs waiting for your OK" in page and cards(page) == 4
    fill(23, 2)
    many, page = statements_for(client, "/me")
    assert cards(page) == 25 + 20  # all 25 own posts; the waiting list shows a page of 20
    assert page.count("Stop restricting") == 12
    assert_flat("me", few, many)


def test_notifications_cost_the_same_for_2_or_25(client, auth, room):
    viewer = room.viewer

    def happen(count: int, start: int):
        """Reactions, replies, shout-outs and "This helped", by various people."""
        for n in range(start, start + count):
            other = room.students[n % 12]
            match n % 4:
                case 0:
                    mine = posting.create_post(
                        viewer, posting.Draft(PostKind.HELP, f"Q{n}", "Help?", "schoolwork")
                    )
                    posting.toggle_reaction(other, mine, KINDS[n % 4])
                case 1:
                    mine = posting.create_post(
                        viewer, posting.Draft(PostKind.HELP, f"Q{n}", "Help?", "schoolwork")
                    )
                    posting.add_reply(other, mine, "Try this")
                case 2:
                    posting.create_post(
                        room.staff[n % 3],
                        posting.Draft(
                            PostKind.SHOUTOUT, f"S{n}", "Yay", "arts", recipients=["viewer"]
                        ),
                    )
                case 3:
                    theirs = posting.create_post(
                        other,
                        posting.Draft(
                            PostKind.HELP, f"A{n}", "Help?", "schoolwork", anonymous=n % 8 == 3
                        ),
                    )
                    reply = posting.add_reply(viewer, theirs, "Here you go")
                    posting.mark_helped(theirs, reply)

    happen(2, 0)
    auth.login("viewer")
    few, page = statements_for(client, "/notifications")
    assert page.count('<li class="notification') == 2
    happen(23, 2)
    many, page = statements_for(client, "/notifications")
    assert page.count('<li class="notification') == 25
    assert "The person who asked said your reply helped" in page
    assert_flat("notifications", few, many)
