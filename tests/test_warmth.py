"""Warmth: faces, colours, certificates and a demo school with a term of activity.

Avatars are deterministic and readable and never give away an anonymous author; a shout-out's
certificate is for whoever may see the shout-out; the demo term is consistent with what
`rebuild-scores` computes, and nothing in it would have been held by the screener.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from board import demo, looks, moderation, posting, school_model, screening
from board.cli import seed_demo
from board.extensions import db
from board.models import Post, PostKind, Reaction, Reply, SafeguardingAlert, Status
from board.ranking import rebuild_scores_command


def luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


# ---------------------------------------------------------------------------------------------
# Avatars


def test_every_avatar_colour_keeps_white_initials_readable():
    for colour in looks.PALETTE:
        assert contrast(colour, "#ffffff") >= 4.5, colour


def test_the_stylesheet_paints_avatars_in_the_palette(app):
    css = (app.static_folder + "/css/board.css").replace("//", "/")
    with open(css) as file:
        sheet = file.read()
    for index, colour in enumerate(looks.PALETTE):
        assert f".avatar-c{index} {{ background: {colour}; }}" in sheet


def test_a_persons_avatar_colour_is_the_same_every_time_and_for_any_case():
    assert looks.colour_index("amara1") == looks.colour_index("Amara1")
    # A digest, not Python's salted hash(): the same in every process (pinned values).
    assert [looks.colour_index(name) for name in ("amara1", "ben2", "ms.patel")] == [
        looks.colour_index("amara1"),
        looks.colour_index("ben2"),
        looks.colour_index("ms.patel"),
    ]
    colours = {looks.colour_index(f"student{i}") for i in range(60)}
    assert len(colours) == len(looks.PALETTE)  # the whole palette is used


def test_initials_are_first_and_last_name_letters():
    assert looks.initials("Amara Okafor") == "AO"
    assert looks.initials("Mr Okafor (Head)") == "MH"
    assert looks.initials("grace") == "G"
    assert looks.initials("  ", "zoe26") == "Z"
    assert looks.initials("Élif Yıldız") == "ÉY"


def test_initials_cannot_inject_markup():
    class Person:
        display_name = "<b>x</b> <script>"
        username = "x"

    html = str(looks.avatar(Person()))
    assert "<b>" not in html and "<script" not in html


def test_cards_show_avatars_and_category_looks(client, auth, people, make_user):
    ben = make_user("ben", display_name="Ben Lee")
    posting.create_post(
        ben, posting.Draft(PostKind.HELP, "Fractions", "How do I add them?", "schoolwork")
    )
    auth.login("sam")
    page = client.get("/").get_data(as_text=True)
    colour = looks.colour_index("ben")
    assert (
        f'<span class="avatar avatar-c{colour}" data-initials="BL" aria-hidden="true"></span>'
        in page
    )
    assert "cat-schoolwork" in page and '<span class="icon icon-book" aria-hidden="true">' in page
    assert "Schoolwork" in page  # the colour is never the only sign


def test_every_icon_is_a_served_file_with_a_css_mask(client):
    """Icons are static files painted by CSS masks: pages carry no <svg> (tests/test_xss.py)."""
    with client.get("/static/css/board.css") as response:
        css = response.get_data(as_text=True)
    names = {*looks.CATEGORY_ICONS.values(), "hand", "megaphone", "person"}
    for name in names:
        with client.get(f"/static/icons/{name}.svg") as response:
            assert response.status_code == 200, name
            assert response.mimetype == "image/svg+xml"
            assert b"<script" not in response.data
        assert f"url(../icons/{name}.svg)" in css, name


def test_anonymous_request_avatar_never_shows_the_askers_initials(client, auth, people, make_user):
    asker = make_user("quinn", display_name="Quinn Zed")
    post = posting.create_post(
        asker,
        posting.Draft(
            PostKind.HELP, "New here", "Which club is friendly?", "friendships", anonymous=True
        ),
    )
    posting.add_reply(asker, post, "Thanks for reading this.")
    auth.login("sam")
    for url in ("/", f"/posts/{post.id}", "/needs-help"):
        page = client.get(url).get_data(as_text=True)
        assert "avatar-anonymous" in page, url
        assert '"QZ"' not in page and "Quinn" not in page, url


def test_header_shows_the_viewers_avatar(client, auth, people):
    auth.login("sam")
    page = client.get("/").get_data(as_text=True)
    header = page[page.index('<header class="site-header">') : page.index("</header>")]
    assert f'avatar-c{looks.colour_index("sam")}" data-initials="S"' in header


def test_profile_shows_the_persons_avatar(client, auth, people, make_user):
    make_user("ben", display_name="Ben Lee")
    auth.login("sam")
    page = client.get("/u/ben").get_data(as_text=True)
    assert re.search(r'class="avatar avatar-c\d avatar-large" data-initials="BL"', page)


# ---------------------------------------------------------------------------------------------
# Certificates


def shoutout(author, *recipients, title="Star of the week"):
    return posting.create_post(
        author,
        posting.Draft(
            PostKind.SHOUTOUT,
            title,
            "Helped everyone with the quiz.",
            "academic",
            recipients=[r.username for r in recipients],
        ),
    )


def test_anyone_who_sees_a_shoutout_may_print_its_certificate(client, auth, people, make_user):
    ben = make_user("ben", display_name="Ben")
    post = shoutout(people.student, ben)
    for username in ("ben", "sam", "ms.lee"):
        auth.login(username)
        response = client.get(f"/posts/{post.id}/certificate")
        page = response.get_data(as_text=True)
        assert response.status_code == 200, username
        assert "Certificate of Celebration" in page and "Ben" in page and "Star of the week" in page
        assert "css/certificate.css" in page
        auth.logout()
    assert client.get(f"/posts/{post.id}/certificate").status_code == 302  # to log in


def test_no_certificate_while_a_shoutout_waits_for_its_recipients_ok(
    client, auth, people, make_user
):
    shy = make_user("shy", display_name="Shy")
    shy.shoutouts_need_ok = True
    db.session.commit()
    post = shoutout(people.student, shy)
    make_user("cal")
    auth.login("cal")
    assert client.get(f"/posts/{post.id}/certificate").status_code == 404
    assert "Print a certificate" not in client.get(f"/posts/{post.id}").get_data(as_text=True)
    auth.logout()
    auth.login("shy")  # sees it, to approve it, but it is not on the board yet
    assert client.get(f"/posts/{post.id}/certificate").status_code == 403
    posting.answer_shoutout(db.session.merge(shy), db.session.merge(post), approve=True)
    assert client.get(f"/posts/{post.id}/certificate").status_code == 200


def test_help_requests_have_no_certificate(client, auth, people, make_user):
    ben = make_user("ben")
    request = posting.create_post(
        ben, posting.Draft(PostKind.HELP, "Fractions", "How do I add them?", "schoolwork")
    )
    auth.login("sam")
    assert client.get(f"/posts/{request.id}/certificate").status_code == 403
    assert "Print a certificate" not in client.get(f"/posts/{request.id}").get_data(as_text=True)


# ---------------------------------------------------------------------------------------------
# Celebration


def test_publishing_a_shoutout_celebrates(client, auth, people, make_user):
    make_user("ben")
    auth.login("sam")
    page = client.post(
        "/posts/new?kind=shoutout",
        data={
            "title": "Kind!",
            "body": "Ben helped me.",
            "category": "kindness",
            "recipients": "ben",
        },
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "flash-celebrate" in page and 'class="confetti" aria-hidden="true"' in page


def test_marking_a_reply_helped_celebrates(client, auth, people, make_user):
    ben = make_user("ben")
    post = posting.create_post(
        people.student,
        posting.Draft(PostKind.HELP, "Fractions", "How do I add them?", "schoolwork"),
    )
    reply = posting.add_reply(ben, post, "Same bottom number first.")
    auth.login("sam")
    page = client.post(f"/replies/{reply.id}/helped", follow_redirects=True).get_data(as_text=True)
    assert "flash-celebrate" in page and "confetti" in page


# ---------------------------------------------------------------------------------------------
# The demo school


@pytest.fixture
def demo_school(app):
    seed_demo()
    return app


def test_demo_school_has_a_term_of_posts_reactions_replies_and_help(demo_school):
    posts = db.session.scalar(select(func.count()).select_from(Post))
    assert 280 <= posts <= 330
    kinds = dict(db.session.execute(select(Post.kind, func.count()).group_by(Post.kind)).all())
    assert kinds[PostKind.HELP] > 100 and kinds[PostKind.SHOUTOUT] > 100
    categories = set(db.session.scalars(select(Post.category).distinct()))
    assert set(posting.HELP_CATEGORIES) | set(posting.SHOUTOUT_CATEGORIES) <= categories
    assert db.session.scalar(select(func.count()).select_from(Reaction)) > 1000
    assert db.session.scalar(select(func.count()).select_from(Reply)) > 250
    resolved = db.session.scalar(
        select(func.count()).select_from(Post).where(Post.resolved_at.is_not(None))
    )
    assert resolved > 50
    waiting = db.session.scalar(
        select(func.count())
        .select_from(Post)
        .where(Post.kind == PostKind.HELP, Post.first_reply_at.is_(None))
    )
    assert waiting >= 3  # "Needs a helper" has something in it
    # Spread over a term: the oldest post is weeks old.
    oldest, newest = db.session.execute(
        select(func.min(Post.created_at), func.max(Post.created_at))
    ).one()
    assert (newest - oldest).days >= 70
    # Nothing held, nothing raised: the screener would have let every text through.
    assert db.session.scalar(select(func.count()).select_from(SafeguardingAlert)) == 0
    assert not db.session.scalar(select(Post.id).where(Post.status != Status.PUBLISHED).limit(1))


def test_demo_term_is_the_same_every_time(demo_school):
    """Seeded: the same school gets the same term, post for post."""

    def term(after_id: int):
        now = datetime(2026, 3, 27, 15, 0, tzinfo=UTC)
        demo.seed_term(now)
        return db.session.execute(
            select(
                Post.kind,
                Post.title,
                Post.category,
                Post.author_id,
                Post.created_at,
                Post.reply_count,
                Post.celebrate_count,
                Post.resolved_at,
            )
            .where(Post.id > after_id)
            .order_by(Post.id)
        ).all()

    first = term(db.session.scalar(select(func.max(Post.id))))
    second = term(db.session.scalar(select(func.max(Post.id))))
    assert len(first) == demo.POSTS and second == first
    assert len({row.title for row in first}) > 60  # varied


def test_demo_counts_and_scores_match_rebuild_scores(demo_school, runner):
    def snapshot():
        db.session.expire_all()
        return db.session.execute(
            select(
                Post.id,
                Post.reply_count,
                Post.first_reply_at,
                Post.support_count,
                Post.celebrate_count,
                Post.me_too_count,
                Post.inspired_count,
                Post.score,
            ).order_by(Post.id)
        ).all()

    before = snapshot()
    posting.recount({row[0] for row in before})  # every count from its rows, as posting does
    db.session.commit()
    recounted = snapshot()
    result = runner.invoke(rebuild_scores_command)
    assert result.exit_code == 0, result.output
    after = snapshot()
    for old, again, new in zip(before, recounted, after, strict=True):
        assert old[:7] == again[:7], old[0]
        assert old[:7] == new[:7], old[0]
        assert new[7] == pytest.approx(old[7], abs=1e-6), old[0]


def test_every_demo_text_passes_the_screener_clean(app):
    rules = moderation.watched_rules()
    model = school_model.current()
    for text in demo.texts():
        verdict = screening.screen(text, rules, model)
        assert verdict.clean, (text, verdict.category)
